/*
 * median.c: Black's median voter: the plain median of the positions, and the median
 * weighted by capability x salience (the first sorted position where the cumulative weight
 * reaches half of the total). One dimension at a time.
 */
#include "forecast_internal.h"

static pl_status run_median(const pl_forecast_input_t *in, bool weighted, pl_forecast_result_t *res,
                            pl_error_t *err)
{
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    size_t n = in->nactors;
    double *x = pl_malloc((n ? n : 1) * 2 * sizeof(double)); /* wmedian: positions, weights */
    if (!x) return pl_i_fc_oom(err);
    for (size_t d = 0; d < in->ndims; d++) {
        if (weighted) {
            res->forecast[d] = pl_i_fc_wmedian_dim(in, d, x);
            continue;
        }
        size_t k = 0;
        for (size_t a = 0; a < n; a++) {
            double p = in->position[a * in->ndims + d];
            if (isfinite(p)) x[k++] = p;
        }
        res->forecast[d] = k ? pl_i_fc_median(x, k) : NAN;
    }
    pl_free(x);
    return PL_OK;
}

static pl_status median_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                            pl_forecast_result_t *res, pl_error_t *err)
{
    (void)opt;
    return run_median(in, false, res, err);
}

static pl_status wmedian_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                             pl_forecast_result_t *res, pl_error_t *err)
{
    (void)opt;
    return run_median(in, true, res, err);
}

const pl_forecast_model_type pl_i_fc_median_type = {
    "median", "median position (unweighted; mean of the two middle ones when even)", false, 0,
    NULL, median_run, NULL, false};

const pl_forecast_model_type pl_i_fc_wmedian_type = {
    "wmedian", "capability x salience weighted median position", false, 0, NULL, wmedian_run, NULL, false};
