/*
 * backtest.c: run forecasting models on every DEU issue with a known outcome and score them:
 * mean absolute error (0-100 scale), its standard deviation, and breakdowns by decision rule
 * and procedure. Models with tunable parameters are fitted leave-one-proposal-out when asked
 * (every issue of the held-out proposal is forecast with parameters fitted on the others), or
 * run with parameters fitted elsewhere (pl_deu_fit, here too). Joint models see one input per
 * proposal (its issues as dimensions), the others one per issue.
 */
#include "forecast_internal.h"

#include <string.h>

void pl_backtest_result_init(pl_backtest_result_t *r)
{
    memset(r, 0, sizeof *r);
}

void pl_backtest_result_destroy(pl_backtest_result_t *r)
{
    if (!r) return;
    pl_free(r->models);
    pl_free(r->issue);
    pl_free(r->forecast);
    pl_free(r->mae);
    pl_free(r->sd);
    pl_free(r->group_mae);
    pl_backtest_result_init(r);
}

static int group_of(const pl_deu_issue_t *is, int g)
{
    switch (g) {
    case 0: return is->rule == PL_RULE_QMV;
    case 1: return is->rule == PL_RULE_UNAN;
    case 2: return is->proc == PL_PROC_COD;
    default: return is->proc == PL_PROC_CNS;
    }
}

/* The problems a model sees: one input per scored issue, or (joint models) one per proposal
 * with all its issues that have a position (an issue without an outcome still shapes the
 * others). A proposal whose issues differ in rule or procedure (one in DEU III) is split by
 * them, as an input has one rule and one procedure. */
typedef struct units {
    size_t n;
    pl_forecast_input_t *in;
    double **outcome;       /* per unit, in->ndims outcomes (NaN where none) */
    size_t *first;          /* per unit, the data index of its first issue (proposal, rule) */
    size_t **q;             /* per unit and dimension, the scored-issue index or PL_UNSET */
} units_t;

static void units_free(units_t *u)
{
    for (size_t k = 0; k < u->n; k++) {
        pl_forecast_input_destroy(&u->in[k]);
        pl_free(u->outcome[k]);
        pl_free(u->q[k]);
    }
    pl_free(u->in);
    pl_free(u->outcome);
    pl_free(u->first);
    pl_free(u->q);
    memset(u, 0, sizeof *u);
}

static bool has_position(const pl_deu_t *d, size_t k)
{
    for (size_t a = 0; a < d->nactors; a++)
        if (isfinite(d->issues[k].position[a])) return true;
    return false;
}

static bool same_unit(const pl_deu_issue_t *a, const pl_deu_issue_t *b)
{
    return strcmp(a->proposal, b->proposal) == 0 && a->rule == b->rule && a->proc == b->proc;
}

/* scored[0..nscored): the data indices of the scored issues */
static pl_status units_build(const pl_deu_t *d, pl_capability cap, bool joint, const size_t *scored,
                             size_t nscored, units_t *u, pl_error_t *err)
{
    memset(u, 0, sizeof *u);
    size_t cap_n = d->nissues ? d->nissues : 1;
    u->in = pl_calloc(cap_n, sizeof *u->in);
    u->outcome = pl_calloc(cap_n, sizeof *u->outcome);
    u->first = pl_calloc(cap_n, sizeof *u->first);
    u->q = pl_calloc(cap_n, sizeof *u->q);
    size_t *members = pl_malloc(cap_n * sizeof *members);
    bool *done = pl_calloc(cap_n, sizeof *done);
    pl_status st = PL_OK;
    if (!u->in || !u->outcome || !u->first || !u->q || !members || !done) {
        st = pl_i_fc_oom(err);
        goto out;
    }
    for (size_t s = 0; s < nscored; s++) {
        size_t k0 = scored[s], nm = 0;
        if (done[k0]) continue;
        if (joint) {
            for (size_t k = 0; k < d->nissues; k++)
                if (same_unit(&d->issues[k], &d->issues[k0]) && has_position(d, k)) members[nm++] = k;
        } else {
            members[nm++] = k0;
        }
        size_t un = u->n;
        pl_forecast_input_init(&u->in[un]);
        u->n++; /* counted before it is filled, so that units_free releases a partial one */
        if ((st = pl_deu_proposal_input(d, members, nm, cap, &u->in[un], err)) != PL_OK) goto out;
        u->outcome[un] = pl_malloc(nm * sizeof(double));
        u->q[un] = pl_malloc(nm * sizeof(size_t));
        if (!u->outcome[un] || !u->q[un]) {
            st = pl_i_fc_oom(err);
            goto out;
        }
        u->first[un] = members[0];
        for (size_t j = 0; j < nm; j++) {
            u->outcome[un][j] = NAN;
            u->q[un][j] = PL_UNSET;
            for (size_t t = 0; t < nscored; t++)
                if (scored[t] == members[j]) {
                    u->outcome[un][j] = d->issues[members[j]].outcome;
                    u->q[un][j] = t;
                    done[members[j]] = true;
                }
        }
    }
out:
    pl_free(members);
    pl_free(done);
    if (st != PL_OK) units_free(u);
    return st;
}

/* the data indices of the issues a backtest scores: an outcome and at least one position */
static size_t scored_issues(const pl_deu_t *d, size_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < d->nissues; k++)
        if (isfinite(d->issues[k].outcome) && has_position(d, k)) out[n++] = k;
    return n;
}

/* Fit M on every unit whose proposal is not `skip` (NULL: on all) into params */
static pl_status fit_units(const pl_forecast_model_type *M, const pl_deu_t *d, const units_t *u,
                           const char *skip, double *params, pl_error_t *err)
{
    const pl_forecast_input_t **train = pl_malloc((u->n ? u->n : 1) * sizeof *train);
    const double **tout = pl_malloc((u->n ? u->n : 1) * sizeof *tout);
    if (!train || !tout) {
        pl_free(train);
        pl_free(tout);
        return pl_i_fc_oom(err);
    }
    size_t nt = 0;
    for (size_t k = 0; k < u->n; k++) {
        if (skip && strcmp(d->issues[u->first[k]].proposal, skip) == 0) continue;
        train[nt] = &u->in[k];
        tout[nt] = u->outcome[k];
        nt++;
    }
    pl_status st = M->fit(train, tout, nt, params, err);
    pl_free(train);
    pl_free(tout);
    return st;
}

/* model m's forecast of every scored issue into r->forecast[q * nm + m] */
static pl_status run_model(const pl_deu_t *d, const units_t *u, const pl_forecast_model_type *M,
                           bool cv, const pl_forecast_params_t *given, size_t m, size_t nm,
                           pl_backtest_result_t *r, pl_error_t *err)
{
    double params[PL_FORECAST_MAX_PARAMS];
    const double *fixed = pl_forecast_params_find(given, M);
    bool fit = !fixed && cv && M->nparams > 0 && M->fit && M->nparams <= PL_FORECAST_MAX_PARAMS;
    const char *fitted_for = NULL;
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.params = fixed;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    pl_status st = PL_OK;
    for (size_t k = 0; k < u->n && st == PL_OK; k++) {
        if (fit) {
            /* parameters are fitted once per held-out proposal, on all the others */
            const char *prop = d->issues[u->first[k]].proposal;
            if (!fitted_for || strcmp(fitted_for, prop) != 0) {
                if ((st = fit_units(M, d, u, prop, params, err)) != PL_OK) break;
                fitted_for = prop;
            }
            o.params = params;
        }
        if ((st = pl_forecast_run(M, &u->in[k], &o, &res, err)) != PL_OK) break;
        for (size_t j = 0; j < u->in[k].ndims; j++)
            if (u->q[k][j] != PL_UNSET) r->forecast[u->q[k][j] * nm + m] = res.forecast[j];
    }
    pl_forecast_result_destroy(&res);
    return st;
}

static void score(const pl_deu_t *d, pl_backtest_result_t *r, size_t m, size_t nm)
{
    size_t ni = r->nissues;
    double sum = 0, sum2 = 0;
    double gs[PL_BACKTEST_NGROUPS] = {0};
    size_t gn[PL_BACKTEST_NGROUPS] = {0};
    for (size_t q = 0; q < ni; q++) {
        const pl_deu_issue_t *is = &d->issues[r->issue[q]];
        double e = fabs(r->forecast[q * nm + m] - is->outcome);
        sum += e;
        sum2 += e * e;
        for (int g = 0; g < PL_BACKTEST_NGROUPS; g++)
            if (group_of(is, g)) {
                gs[g] += e;
                gn[g]++;
            }
    }
    double mean = ni ? sum / (double)ni : NAN;
    r->mae[m] = mean;
    r->sd[m] = ni > 1 ? sqrt(fmax(0, (sum2 - (double)ni * mean * mean) / (double)(ni - 1))) : NAN;
    for (int g = 0; g < PL_BACKTEST_NGROUPS; g++) {
        r->group_mae[m * PL_BACKTEST_NGROUPS + (size_t)g] = gn[g] ? gs[g] / (double)gn[g] : NAN;
        r->group_n[g] = gn[g];
    }
}

void pl_backtest_options_init(pl_backtest_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->capability = PL_CAP_GDP;
}

pl_status pl_backtest_run(const pl_deu_t *d, const pl_backtest_options_t *opt,
                          pl_backtest_result_t *r, pl_error_t *err)
{
    pl_backtest_result_destroy(r);
    const pl_forecast_model_type *const *models = opt && opt->models ? opt->models : pl_forecast_models();
    size_t nm = 0;
    if (opt && opt->models)
        nm = opt->nmodels;
    else
        while (models[nm]) nm++;
    pl_capability cap = opt ? opt->capability : PL_CAP_GDP;
    bool cv = opt && opt->cv;
    const pl_forecast_params_t *given = opt ? opt->params : NULL;
    pl_status st = PL_OK;
    units_t u[2]; /* per issue, per proposal (built when a model needs them) */
    bool built[2] = {false, false};
    memset(u, 0, sizeof u);

    r->nmodels = nm;
    r->models = pl_malloc((nm ? nm : 1) * sizeof *r->models);
    r->issue = pl_malloc((d->nissues ? d->nissues : 1) * sizeof *r->issue);
    if (!r->models || !r->issue) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    for (size_t m = 0; m < nm; m++) r->models[m] = models[m];
    size_t ni = r->nissues = scored_issues(d, r->issue);
    r->forecast = pl_malloc((ni * nm > 0 ? ni * nm : 1) * sizeof(double));
    r->mae = pl_malloc((nm ? nm : 1) * sizeof(double));
    r->sd = pl_malloc((nm ? nm : 1) * sizeof(double));
    r->group_mae = pl_malloc((nm ? nm : 1) * PL_BACKTEST_NGROUPS * sizeof(double));
    if (!r->forecast || !r->mae || !r->sd || !r->group_mae) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    for (size_t m = 0; m < nm; m++) {
        int j = models[m]->joint ? 1 : 0;
        if (!built[j]) {
            if ((st = units_build(d, cap, j, r->issue, ni, &u[j], err)) != PL_OK) goto done;
            built[j] = true;
        }
        if ((st = run_model(d, &u[j], models[m], cv, given, m, nm, r, err)) != PL_OK) goto done;
        score(d, r, m, nm);
    }
done:
    units_free(&u[0]);
    units_free(&u[1]);
    if (st != PL_OK) pl_backtest_result_destroy(r);
    return st;
}

pl_status pl_deu_fit(const pl_deu_t *d, pl_capability cap, const pl_forecast_model_type *const *models,
                     size_t nmodels, pl_forecast_params_t *out, pl_error_t *err)
{
    pl_forecast_params_destroy(out);
    out->capability = cap;
    if (!models) {
        models = pl_forecast_models();
        for (nmodels = 0; models[nmodels]; nmodels++) {}
    }
    size_t *scored = pl_malloc((d->nissues ? d->nissues : 1) * sizeof *scored);
    if (!scored) return pl_i_fc_oom(err);
    size_t ns = scored_issues(d, scored);
    out->nissues = ns;
    for (size_t s = 0; s < ns; s++) {
        bool seen = false;
        for (size_t t = 0; t < s && !seen; t++)
            seen = strcmp(d->issues[scored[t]].proposal, d->issues[scored[s]].proposal) == 0;
        if (!seen) out->nproposals++;
    }
    units_t u[2];
    bool built[2] = {false, false};
    memset(u, 0, sizeof u);
    pl_status st = PL_OK;
    double params[PL_FORECAST_MAX_PARAMS];
    for (size_t m = 0; m < nmodels && st == PL_OK; m++) {
        const pl_forecast_model_type *M = models[m];
        if (M->nparams == 0 || !M->fit || M->nparams > PL_FORECAST_MAX_PARAMS) continue;
        int j = M->joint ? 1 : 0;
        if (!built[j]) {
            if ((st = units_build(d, cap, j, scored, ns, &u[j], err)) != PL_OK) break;
            built[j] = true;
        }
        if ((st = fit_units(M, d, &u[j], NULL, params, err)) == PL_OK)
            st = pl_forecast_params_set(out, M, params, err);
    }
    units_free(&u[0]);
    units_free(&u[1]);
    pl_free(scored);
    if (st != PL_OK) pl_forecast_params_destroy(out);
    return st;
}
