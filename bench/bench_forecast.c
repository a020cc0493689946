/*
 * bench_forecast.c: time every forecasting model on KTAB's dummy inputs (40, 80, 160 actors
 * x 1 dimension) and the whole DEU III backtest (all models), median of several runs.
 * Usage: bench_forecast [DATA_DIR] (default $PL_SHARED_DATA, then ../shared/data).
 */
#include <parley/parley.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define RUNS 5

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("PL_SHARED_DATA");
    if (!dir) dir = "../shared/data";
    static const char *const inputs[] = {"dummyData-a040.csv", "dummyData-a080.csv", "dummyData-a160.csv"};
    const pl_forecast_model_type *const *models = pl_forecast_models();
    pl_error_t err;
    pl_error_init(&err);
    printf("%-22s %-12s %12s %8s\n", "input", "model", "median ms", "rounds");
    for (size_t f = 0; f < 3; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/ktab/%s", dir, inputs[f]);
        pl_forecast_input_t in;
        pl_forecast_input_init(&in);
        if (pl_io_load_ktab(path, &in, &err) != PL_OK) {
            fprintf(stderr, "skipping %s: %s\n", path, err.message);
            pl_error_clear(&err);
            continue;
        }
        for (size_t m = 0; models[m]; m++) {
            double t[RUNS];
            unsigned rounds = 0;
            for (int r = 0; r < RUNS; r++) {
                pl_forecast_result_t res;
                pl_forecast_result_init(&res);
                double t0 = now();
                if (pl_forecast_run(models[m], &in, NULL, &res, &err) != PL_OK) {
                    fprintf(stderr, "%s failed: %s\n", models[m]->name, err.message);
                    return 1;
                }
                t[r] = now() - t0;
                rounds = res.nrounds;
                pl_forecast_result_destroy(&res);
            }
            qsort(t, RUNS, sizeof *t, cmp);
            printf("%-22s %-12s %12.3f %8u\n", inputs[f], models[m]->name, 1e3 * t[RUNS / 2], rounds);
        }
        pl_forecast_input_destroy(&in);
    }
    char ip[4096], ap[4096];
    snprintf(ip, sizeof ip, "%s/deu3/issues.tsv", dir);
    snprintf(ap, sizeof ap, "%s/deu3/actors.tsv", dir);
    pl_deu_t *d = NULL;
    if (pl_io_load_deu(ip, ap, &d, &err) == PL_OK) {
        for (int cv = 0; cv < 2; cv++) {
            double t[RUNS];
            for (int r = 0; r < RUNS; r++) {
                pl_backtest_result_t br;
                pl_backtest_result_init(&br);
                pl_backtest_options_t o;
                pl_backtest_options_init(&o);
                o.cv = cv != 0;
                double t0 = now();
                if (pl_backtest_run(d, &o, &br, &err) != PL_OK) return 1;
                t[r] = now() - t0;
                pl_backtest_result_destroy(&br);
            }
            qsort(t, RUNS, sizeof *t, cmp);
            printf("%-22s %-12s %12.3f %8s\n", cv ? "DEU backtest --cv" : "DEU backtest", "all models",
                   1e3 * t[RUNS / 2], "-");
        }
        pl_deu_free(d);
    } else {
        fprintf(stderr, "skipping DEU: %s\n", err.message);
    }
    pl_error_destroy(&err);
    return 0;
}
