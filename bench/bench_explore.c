/*
 * bench_explore.c: exploration timed on the Doha example. (1) acceptance worlds per second on
 * one thread (sample, compile, judge all 6,480 packages); (2) the same on 2 threads (wall time,
 * the scaling); (3) Sobol indices for 20 uncertain inputs (reservations, Hamas's participation,
 * Israel's and Hamas's saliences, each uniform +-0.1) with N base samples (N (20 + 2) worlds).
 * usage: bench_explore [worlds [sobol_N]]   (PL_SOURCE_DIR from the environment)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley/parley.h>

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static pl_scenario_t *load(const char *file, const char *const *sets, size_t n)
{
    pl_load_opts_t o = {.sets = sets, .nsets = n};
    pl_scenario_t *sc = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_scenario_load_yaml_opts(file, &o, &sc, &err) != PL_OK) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    pl_error_destroy(&err);
    return sc;
}

int main(int argc, char **argv)
{
    uint64_t worlds = argc > 1 ? strtoull(argv[1], NULL, 10) : 2000;
    size_t sobol_n = argc > 2 ? strtoul(argv[2], NULL, 10) : 200;
    const char *dir = getenv("PL_SOURCE_DIR");
    char file[1024];
    snprintf(file, sizeof file, "%s/examples/doha-2024.yaml", dir ? dir : ".");
    static const char *const one[] = {
        "actors.Far-right partners.reservation={uniform: [0.5, 0.95]}"};
    pl_scenario_t *sc = load(file, one, 1);
    pl_error_t err;
    pl_error_init(&err);
    printf("%-44s %12s %12s\n", "step", "seconds", "worlds/s");
    double t1 = 0;
    for (int threads = 1; threads <= 2; threads++) {
        pl_explore_opts_t o = {.worlds = worlds, .seed = 1, .threads = threads};
        pl_explore_result_t *r = NULL;
        const pl_scenario_t *s1[] = {sc};
        double t0 = wall_s();
        if (pl_explore_run(s1, NULL, 1, &o, &r, &err) != PL_OK) return fprintf(stderr, "%s\n", err.message), 1;
        double t = wall_s() - t0;
        if (threads == 1) t1 = t;
        char name[80];
        snprintf(name, sizeof name, "Doha acceptance worlds, %d thread%s", threads, threads > 1 ? "s" : "");
        printf("%-44s %12.3f %12.0f%s\n", name, t, (double)worlds / t, threads > 1 ? "" : "");
        if (threads > 1) printf("%-44s %12.2fx\n", "  scaling", t1 / t);
        pl_explore_free(r);
    }
    pl_scenario_free(sc);
    /* 20 inputs for Sobol */
    static const char *const twenty[] = {
        "actors.Israel.reservation={uniform: [0.4, 0.6]}",
        "actors.Far-right partners.reservation={uniform: [0.55, 0.95]}",
        "actors.Security establishment.reservation={uniform: [0.3, 0.5]}",
        "actors.Hamas.reservation={uniform: [0.3, 0.5]}",
        "actors.United States.reservation={uniform: [0.2, 0.4]}",
        "actors.Hamas.participation={uniform: [0.35, 0.55]}",
        "actors.Israel.stance.ceasefire.salience={uniform: [0.8, 1.0]}",
        "actors.Israel.stance.withdrawal.salience={uniform: [0.5, 0.7]}",
        "actors.Israel.stance.Philadelphi corridor.salience={uniform: [0.7, 0.9]}",
        "actors.Israel.stance.return north.salience={uniform: [0.4, 0.6]}",
        "actors.Israel.stance.captive release.salience={uniform: [0.8, 1.0]}",
        "actors.Israel.stance.prisoner ratio.salience={uniform: [0.2, 0.4]}",
        "actors.Israel.stance.reconstruction.salience={uniform: [0.0, 0.2]}",
        "actors.Hamas.stance.ceasefire.salience={uniform: [0.8, 1.0]}",
        "actors.Hamas.stance.withdrawal.salience={uniform: [0.8, 1.0]}",
        "actors.Hamas.stance.Philadelphi corridor.salience={uniform: [0.5, 0.7]}",
        "actors.Hamas.stance.return north.salience={uniform: [0.6, 0.8]}",
        "actors.Hamas.stance.captive release.salience={uniform: [0.5, 0.7]}",
        "actors.Hamas.stance.prisoner ratio.salience={uniform: [0.4, 0.6]}",
        "actors.Hamas.stance.reconstruction.salience={uniform: [0.4, 0.6]}"};
    sc = load(file, twenty, 20);
    size_t nout = (1 + sc->nproposals) * sc->nuncertain;
    pl_sobol_index_t *s = calloc(nout, sizeof *s);
    for (int threads = 1; threads <= 2 && s; threads++) {
        double t0 = wall_s();
        if (pl_explore_sobol(sc, sobol_n, 1, 200, threads, s, &err) != PL_OK)
            return fprintf(stderr, "%s\n", err.message), 1;
        double t = wall_s() - t0;
        char name[80];
        snprintf(name, sizeof name, "Sobol, 20 inputs x %zu, %d thread%s", sobol_n, threads,
                 threads > 1 ? "s" : "");
        printf("%-44s %12.3f %12.0f\n", name, t, (double)(sobol_n * 22) / t);
    }
    free(s);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return 0;
}
