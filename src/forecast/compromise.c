/*
 * compromise.c: the compromise model: the capability x salience weighted mean of the
 * positions, per dimension (plain mean when every weight is zero).
 */
#include "forecast_internal.h"

static pl_status compromise_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                                pl_forecast_result_t *res, pl_error_t *err)
{
    (void)opt;
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    for (size_t d = 0; d < in->ndims; d++) res->forecast[d] = pl_i_fc_compromise(in, d);
    return PL_OK;
}

const pl_forecast_model_type pl_i_fc_compromise_type = {
    "compromise", "capability x salience weighted mean position", false, 0, NULL, compromise_run,
    NULL, false};
