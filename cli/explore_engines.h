/*
 * explore_engines.h: `parley explore --engine simulate|forecast` (explore_engines.c), called by
 * cmd_explore.c once it has parsed the options and loaded the scenarios.
 */
#ifndef CLI_EXPLORE_ENGINES_H
#define CLI_EXPLORE_ENGINES_H

#include "cli.h"
#include "explore_mpi.h"

enum { CLI_ENGINE_ACCEPTANCE = 0, CLI_ENGINE_SIMULATE, CLI_ENGINE_FORECAST };

typedef struct cli_explore_engine_args {
    const char *file;
    int engine;                       /* CLI_ENGINE_* */
    uint64_t worlds, seed;
    int threads, json;
    long top, rounds, sobol;
    const char *variant;
    const char *strategies, *protocols, *models;   /* comma-separated lists, or NULL */
    double noise;
    void (*progress)(uint64_t done, uint64_t total, void *ctx);
    void *progress_ctx;
    cli_mpi_t *mpi;                   /* MPI ranks (explore_mpi.h); NULL: one process */
} cli_explore_engine_args;

/* Check the engine options before anything is loaded (0: fine, else the exit code). */
int cli_explore_engine_check(const cli_explore_engine_args *a);
/* A forecasting input that is not a scenario (KTAB or BdM CSV): true when `file` is one. */
bool cli_explore_is_forecast_file(const cli_explore_engine_args *a);
/* Run the engine on the loaded scenarios (weighted variants; spread NaN when --spread was not
 * used) or, with nsc 0, on the forecasting file, and print the result. */
int cli_explore_engine(const cli_explore_engine_args *a, pl_scenario_t *const *sc,
                       const double *weights, size_t nsc, double spread);

#endif
