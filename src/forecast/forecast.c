/*
 * forecast.c: the forecasting interface: inputs and results (lifecycle), the model table,
 * pl_forecast_run, and the helpers the models share (medians, the weighted mean, recording).
 */
#include "forecast_internal.h"

#include <stdlib.h>
#include <string.h>

void pl_forecast_input_init(pl_forecast_input_t *in)
{
    memset(in, 0, sizeof *in);
    in->commission = PL_UNSET;
    in->parliament = PL_UNSET;
}

void pl_forecast_input_destroy(pl_forecast_input_t *in)
{
    if (!in) return;
    if (in->actor)
        for (size_t a = 0; a < in->nactors; a++) pl_free(in->actor[a]);
    if (in->dim)
        for (size_t d = 0; d < in->ndims; d++) pl_free(in->dim[d]);
    pl_free(in->actor);
    pl_free(in->dim);
    pl_free(in->position);
    pl_free(in->salience);
    pl_free(in->capability);
    pl_free(in->lo);
    pl_free(in->hi);
    pl_free(in->reference);
    pl_free(in->votes);
    pl_forecast_input_init(in);
}

pl_status pl_forecast_input_setup(pl_forecast_input_t *in, size_t nactors, size_t ndims)
{
    pl_forecast_input_destroy(in);
    size_t n = nactors * ndims;
    in->nactors = nactors;
    in->ndims = ndims;
    in->actor = pl_calloc(nactors ? nactors : 1, sizeof *in->actor);
    in->dim = pl_calloc(ndims ? ndims : 1, sizeof *in->dim);
    in->position = pl_malloc((n ? n : 1) * sizeof(double));
    in->salience = pl_calloc(n ? n : 1, sizeof(double));
    in->capability = pl_malloc((nactors ? nactors : 1) * sizeof(double));
    in->lo = pl_malloc((ndims ? ndims : 1) * sizeof(double));
    in->hi = pl_malloc((ndims ? ndims : 1) * sizeof(double));
    in->reference = pl_malloc((ndims ? ndims : 1) * sizeof(double));
    in->votes = pl_malloc((nactors ? nactors : 1) * sizeof(double));
    if (!in->actor || !in->dim || !in->position || !in->salience || !in->capability || !in->lo ||
        !in->hi || !in->reference || !in->votes) {
        pl_forecast_input_destroy(in);
        return PL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) in->position[i] = NAN;
    for (size_t a = 0; a < nactors; a++) {
        in->capability[a] = 1.0;
        in->votes[a] = NAN;
    }
    for (size_t d = 0; d < ndims; d++) {
        in->lo[d] = 0;
        in->hi[d] = 100;
        in->reference[d] = NAN;
    }
    return PL_OK;
}

void pl_forecast_result_init(pl_forecast_result_t *res)
{
    memset(res, 0, sizeof *res);
}

void pl_forecast_result_destroy(pl_forecast_result_t *res)
{
    if (!res) return;
    pl_free(res->forecast);
    pl_free(res->trajectory);
    pl_free(res->moves);
    pl_forecast_result_init(res);
}

void pl_forecast_options_init(pl_forecast_options_t *opt)
{
    memset(opt, 0, sizeof *opt);
}

pl_status pl_i_fc_oom(pl_error_t *err)
{
    return pl_error_set(err, PL_ENOMEM, "out of memory");
}

pl_status pl_i_fc_result_setup(pl_forecast_result_t *res, const pl_forecast_input_t *in,
                               bool dynamic, unsigned maxrounds, bool trajectory, pl_error_t *err)
{
    pl_forecast_result_destroy(res);
    res->nactors = in->nactors;
    res->ndims = in->ndims;
    res->forecast = pl_malloc((in->ndims ? in->ndims : 1) * sizeof(double));
    if (!res->forecast) return pl_i_fc_oom(err);
    for (size_t d = 0; d < in->ndims; d++) res->forecast[d] = NAN;
    if (dynamic && trajectory) {
        size_t n = (size_t)(maxrounds + 1) * in->nactors * in->ndims;
        res->trajectory = pl_malloc((n ? n : 1) * sizeof(double));
        if (!res->trajectory) return pl_i_fc_oom(err);
        for (size_t i = 0; i < n; i++) res->trajectory[i] = NAN;
    }
    return PL_OK;
}

void pl_i_fc_record(pl_forecast_result_t *res, unsigned t, const double *pos)
{
    if (!res->trajectory) return;
    size_t n = res->nactors * res->ndims;
    memcpy(res->trajectory + (size_t)t * n, pos, n * sizeof(double));
}

pl_status pl_i_fc_add_move(pl_forecast_result_t *res, const pl_forecast_move_t *mv,
                           pl_error_t *err)
{
    if (res->nmoves == res->capmoves) {
        size_t cap = res->capmoves ? 2 * res->capmoves : 64;
        pl_forecast_move_t *m = pl_realloc(res->moves, cap * sizeof *m);
        if (!m) return pl_i_fc_oom(err);
        res->moves = m;
        res->capmoves = cap;
    }
    res->moves[res->nmoves++] = *mv;
    return PL_OK;
}

size_t pl_i_fc_active(const pl_forecast_input_t *in, size_t d, size_t *idx)
{
    size_t n = 0;
    for (size_t a = 0; a < in->nactors; a++)
        if (isfinite(in->position[a * in->ndims + d])) idx[n++] = a;
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double pl_i_fc_median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

double pl_i_fc_wmedian(double *x, double *w, size_t n)
{
    /* insertion sort by position, weights follow (n is small) */
    for (size_t i = 1; i < n; i++) {
        double xi = x[i], wi = w[i];
        size_t j = i;
        while (j > 0 && x[j - 1] > xi) {
            x[j] = x[j - 1];
            w[j] = w[j - 1];
            j--;
        }
        x[j] = xi;
        w[j] = wi;
    }
    double tot = 0;
    for (size_t i = 0; i < n; i++) tot += w[i];
    if (!(tot > 0)) return pl_i_fc_median(x, n);
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += w[i];
        if (cum >= 0.5 * tot - PL_TOL * tot) return x[i];
    }
    return x[n - 1];
}

double pl_i_fc_compromise(const pl_forecast_input_t *in, size_t d)
{
    double sw = 0, swx = 0, sx = 0;
    size_t n = 0;
    for (size_t a = 0; a < in->nactors; a++) {
        double x = in->position[a * in->ndims + d];
        if (!isfinite(x)) continue;
        double w = in->capability[a] * in->salience[a * in->ndims + d];
        sw += w;
        swx += w * x;
        sx += x;
        n++;
    }
    if (n == 0) return NAN;
    return sw > 0 ? swx / sw : sx / (double)n;
}

double pl_i_fc_wmedian_dim(const pl_forecast_input_t *in, size_t d, double *scratch)
{
    size_t n = in->nactors;
    double *x = scratch, *w = x + n;
    size_t k = 0;
    for (size_t a = 0; a < n; a++) {
        double p = in->position[a * in->ndims + d];
        if (!isfinite(p)) continue;
        x[k] = p;
        w[k] = in->capability[a] * in->salience[a * in->ndims + d];
        k++;
    }
    return k ? pl_i_fc_wmedian(x, w, k) : NAN;
}

/* ---- the model table ---- */

const pl_forecast_model_type *const pl_forecast_median = &pl_i_fc_median_type;
const pl_forecast_model_type *const pl_forecast_wmedian = &pl_i_fc_wmedian_type;
const pl_forecast_model_type *const pl_forecast_compromise = &pl_i_fc_compromise_type;
const pl_forecast_model_type *const pl_forecast_nash = &pl_i_fc_nash_type;
const pl_forecast_model_type *const pl_forecast_eum = &pl_i_fc_eum_type;
const pl_forecast_model_type *const pl_forecast_smp = &pl_i_fc_smp_type;
const pl_forecast_model_type *const pl_forecast_procedural = &pl_i_fc_procedural_type;
const pl_forecast_model_type *const pl_forecast_stack = &pl_i_fc_stack_type;
const pl_forecast_model_type *const pl_forecast_exchange = &pl_i_fc_exchange_type;
const pl_forecast_model_type *const pl_forecast_rule_model = &pl_i_fc_rule_type;
const pl_forecast_model_type *const pl_forecast_combo = &pl_i_fc_combo_type;
const pl_forecast_model_type *const pl_forecast_select = &pl_i_fc_select_type;

#define MODEL_ENTRY(n) &pl_i_fc_##n##_type,
/* NULL-terminated for pl_forecast_models(); const data, so threads share it safely */
static const pl_forecast_model_type *const model_table[] = {PL_I_FORECAST_MODELS(MODEL_ENTRY) NULL};
#define NMODELS (sizeof model_table / sizeof model_table[0] - 1)

const pl_forecast_model_type *const *pl_forecast_models(void)
{
    return model_table;
}

size_t pl_forecast_model_count(void) { return NMODELS; }

const pl_forecast_model_type *pl_forecast_model_at(size_t i) { return i < NMODELS ? model_table[i] : NULL; }

const pl_forecast_model_type *pl_forecast_model_find(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < NMODELS; i++)
        if (strcmp(model_table[i]->name, name) == 0) return model_table[i];
    return NULL;
}

pl_status pl_forecast_run(const pl_forecast_model_type *model, const pl_forecast_input_t *in,
                          const pl_forecast_options_t *opt, pl_forecast_result_t *res,
                          pl_error_t *err)
{
    if (!model || !in || !res) return pl_error_set(err, PL_EINVAL, "forecast: missing argument");
    if (in->ndims == 0) return pl_error_set(err, PL_EINVAL, "forecast input has no dimension");
    for (size_t d = 0; d < in->ndims; d++)
        if (!(in->hi[d] > in->lo[d]))
            return pl_error_set(err, PL_EINVAL, "dimension %zu has an empty scale [%g, %g]", d,
                                in->lo[d], in->hi[d]);
    for (size_t a = 0; a < in->nactors; a++)
        if (!(in->capability[a] >= 0))
            return pl_error_set(err, PL_EINVAL, "actor %zu has a negative capability", a);
    pl_forecast_options_t def;
    if (!opt) {
        pl_forecast_options_init(&def);
        opt = &def;
    }
    pl_status st = model->run(in, opt, res, err);
    if (st != PL_OK && err && err->ndiags == 0) pl_error_set(err, st, "%s: %s", model->name, pl_strerror(st));
    /* inputs near the limits of double (capability or salience 1e308) overflow inside the
     * models: say so instead of handing back inf or nan as a forecast */
    for (size_t d = 0; st == PL_OK && res->forecast && d < in->ndims; d++)
        if (!isfinite(res->forecast[d])) {
            /* point to the input that overflows: the largest capability x salience there */
            size_t worst = 0;
            double wv = -1;
            for (size_t a = 0; a < in->nactors; a++) {
                double v = in->capability[a] * in->salience[a * in->ndims + d];
                if (!(v <= wv)) worst = a, wv = v;
            }
            st = pl_error_set(err, PL_EINVAL,
                              "%s: the forecast on dimension '%s' is not a finite number: actor "
                              "'%s' weighs in with capability %g and salience %g (products beyond "
                              "about 1e150 overflow; docs/limits.md)",
                              model->name, in->dim && in->dim[d] ? in->dim[d] : "?",
                              in->actor && in->actor[worst] ? in->actor[worst] : "?",
                              in->capability[worst], in->salience[worst * in->ndims + d]);
        }
    return st;
}
