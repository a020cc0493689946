/*
 * rule.c: a procedural model of EU legislation with the actual decision rule (in the line of
 * Steunenberg, Crombez, and Tsebelis and Garrett): the Commission proposes the point it likes
 * best among those that beat the reference point under the Council's rule (QMV with Nice votes,
 * or unanimity) and, under co-decision, that the Parliament also prefers to it; when no point
 * does, the reference point stays. docs/models.md lists the choices the literature leaves open.
 */
#include "forecast_internal.h"

#include <stdlib.h>

/* Nice Treaty QMV threshold for EU-27: 255 of 345 votes */
#define RULE_QMV_SHARE (255.0 / 345.0)

typedef struct member {
    double x, w;
} member_t;

static int by_x(const void *a, const void *b)
{
    double x = ((const member_t *)a)->x, y = ((const member_t *)b)->x;
    return (x > y) - (x < y);
}

double pl_i_rule_forecast(const pl_forecast_input_t *in, size_t d, void *scratch)
{
    size_t n = in->nactors, D = in->ndims, m = 0;
    double q = in->reference[d], fallback = pl_i_fc_compromise(in, d);
    if (!isfinite(fallback)) return NAN;
    if (!isfinite(q)) return fallback; /* no reference point: the compromise */
    member_t *mem = scratch;
    /* Council votes when the input has them (DEU), else capabilities stand in for them */
    bool have_votes = false;
    for (size_t a = 0; a < n && in->votes; a++)
        if (isfinite(in->votes[a]) && in->votes[a] > 0) have_votes = true;
    double total = 0;
    for (size_t a = 0; a < n; a++) {
        double x = in->position[a * D + d];
        double v = have_votes ? in->votes[a] : in->capability[a];
        if (a == in->commission || a == in->parliament || !isfinite(x)) continue;
        if (!isfinite(v) || !(v > 0)) continue;
        mem[m].x = x;
        mem[m].w = v;
        total += v;
        m++;
    }
    double f = q;
    if (m > 0) {
        qsort(mem, m, sizeof *mem, by_x);
        double need = in->rule == PL_RULE_UNAN ? total : RULE_QMV_SHARE * total;
        /* the pivots: the member at which the votes for a move, counted from the end of the
         * scale toward the reference, first reach the threshold */
        double pl = NAN, pr = NAN, cum = 0;
        for (size_t k = m; k-- > 0;) {
            cum += mem[k].w;
            if (cum >= need * (1 - PL_TOL)) {
                pr = mem[k].x;
                break;
            }
        }
        cum = 0;
        for (size_t k = 0; k < m; k++) {
            cum += mem[k].w;
            if (cum >= need * (1 - PL_TOL)) {
                pl = mem[k].x;
                break;
            }
        }
        /* the Council's winset: (q, 2 pr - q) to the right when pr > q, (2 pl - q, q) to the left */
        double hiR = pr > q ? 2 * pr - q : q, loL = pl < q ? 2 * pl - q : q;
        if (in->proc == PL_PROC_COD && in->parliament != PL_UNSET &&
            isfinite(in->position[in->parliament * D + d])) {
            double e = in->position[in->parliament * D + d];
            double eR = e > q ? 2 * e - q : q, eL = e < q ? 2 * e - q : q;
            hiR = fmin(hiR, eR);
            loL = fmax(loL, eL);
        }
        double c = in->commission != PL_UNSET && isfinite(in->position[in->commission * D + d])
                       ? in->position[in->commission * D + d]
                       : fallback;
        if (c > q) f = fmin(c, hiR);
        else if (c < q) f = fmax(c, loL);
    }
    if (f < in->lo[d]) f = in->lo[d];
    if (f > in->hi[d]) f = in->hi[d];
    return f;
}

static pl_status rule_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                          pl_forecast_result_t *res, pl_error_t *err)
{
    (void)opt;
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    void *scratch = pl_malloc((in->nactors ? in->nactors : 1) * sizeof(member_t));
    if (!scratch) return pl_i_fc_oom(err);
    for (size_t d = 0; d < in->ndims; d++) res->forecast[d] = pl_i_rule_forecast(in, d, scratch);
    pl_free(scratch);
    return PL_OK;
}

const pl_forecast_model_type pl_i_fc_rule_type = {
    "rule",
    "EU decision rule: the Commission's best point among those that beat the reference point "
    "under the Council's rule (QMV Nice votes or unanimity) and, under co-decision, in the "
    "Parliament's eyes; the reference point when none does",
    false, 0, NULL, rule_run, NULL, false};
