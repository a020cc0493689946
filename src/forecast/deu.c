/*
 * deu.c: DEU III data (shared/data/deu3/README.md) once loaded (pl_io_load_deu reads the
 * files): releasing it, and the per-issue forecasting input built from it.
 */
#include "forecast_internal.h"

#include <string.h>

void pl_deu_free(pl_deu_t *d)
{
    if (!d) return;
    for (size_t a = 0; a < d->nactors; a++) pl_free(d->actor[a]);
    pl_free(d->actor);
    pl_free(d->gdp);
    pl_free(d->votes);
    for (size_t k = 0; k < d->nissues; k++) {
        pl_deu_issue_t *is = &d->issues[k];
        pl_free(is->proposal);
        pl_free(is->issue);
        pl_free(is->area);
        pl_free(is->position);
        pl_free(is->salience);
    }
    pl_free(d->issues);
    pl_free(d);
}

pl_status pl_deu_issue_input(const pl_deu_t *d, size_t k, pl_capability cap,
                             pl_forecast_input_t *in, pl_error_t *err)
{
    if (k >= d->nissues) return pl_error_set(err, PL_EINVAL, "issue %zu out of range", k);
    return pl_deu_proposal_input(d, &k, 1, cap, in, err);
}

static bool has_position(const pl_deu_t *d, const size_t *issue, size_t n, size_t a)
{
    for (size_t q = 0; q < n; q++)
        if (isfinite(d->issues[issue[q]].position[a])) return true;
    return false;
}

pl_status pl_deu_proposal_input(const pl_deu_t *d, const size_t *issue, size_t n,
                                pl_capability cap, pl_forecast_input_t *in, pl_error_t *err)
{
    if (n == 0) return pl_error_set(err, PL_EINVAL, "no issue given");
    for (size_t q = 0; q < n; q++)
        if (issue[q] >= d->nissues) return pl_error_set(err, PL_EINVAL, "issue %zu out of range", issue[q]);
    size_t na = 0;
    double maxvotes = 0;
    for (size_t a = 0; a < d->nactors; a++) {
        if (has_position(d, issue, n, a)) na++;
        if (isfinite(d->votes[a]) && d->votes[a] > maxvotes) maxvotes = d->votes[a];
    }
    if (pl_forecast_input_setup(in, na, n) != PL_OK) return pl_i_fc_oom(err);
    size_t j = 0;
    for (size_t a = 0; a < d->nactors; a++) {
        if (!has_position(d, issue, n, a)) continue;
        in->actor[j] = pl_strdup(d->actor[a]);
        if (!in->actor[j]) {
            pl_forecast_input_destroy(in);
            return pl_i_fc_oom(err);
        }
        for (size_t q = 0; q < n; q++) {
            const pl_deu_issue_t *is = &d->issues[issue[q]];
            in->position[j * n + q] = is->position[a];
            in->salience[j * n + q] = isfinite(is->salience[a]) ? is->salience[a] / 100.0 : 0.5;
        }
        double c = cap == PL_CAP_VOTES ? d->votes[a] : d->gdp[a];
        if (!isfinite(c)) c = cap == PL_CAP_VOTES ? maxvotes : 0;
        in->capability[j] = c;
        in->votes[j] = d->votes[a]; /* NaN for the Commission and the Parliament */
        if (strcmp(d->actor[a], "com") == 0) in->commission = j;
        if (strcmp(d->actor[a], "ep") == 0) in->parliament = j;
        j++;
    }
    for (size_t q = 0; q < n; q++) {
        const pl_deu_issue_t *is = &d->issues[issue[q]];
        in->dim[q] = pl_strdup(is->issue);
        if (!in->dim[q]) {
            pl_forecast_input_destroy(in);
            return pl_i_fc_oom(err);
        }
        in->reference[q] = is->reference;
    }
    in->rule = d->issues[issue[0]].rule;
    in->proc = d->issues[issue[0]].proc;
    return PL_OK;
}
