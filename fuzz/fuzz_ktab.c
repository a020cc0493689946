/*
 * fuzz_ktab.c: libFuzzer target for the KTAB CSV reader (pl_io_load_ktab): the input is the file.
 * A loaded input must also run through a forecasting model. Everything is freed.
 */
#include <stdint.h>

#include <parley/parley.h>

#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "in.csv", (const char *)data, size);
    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_t in;
    memset(&in, 0, sizeof in);
    if (pl_io_load_ktab(path, &in, &err) == PL_OK) {
        pl_forecast_result_t res;
        memset(&res, 0, sizeof res);
        const pl_forecast_model_type *m = pl_forecast_model_find("compromise");
        if (m && pl_forecast_run(m, &in, NULL, &res, &err) == PL_OK) pl_forecast_result_destroy(&res);
        pl_forecast_input_destroy(&in);
    }
    pl_error_destroy(&err);
    return 0;
}
