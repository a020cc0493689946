/*
 * bench_explore.c: exploration timed on the Doha example (examples/doha-2024.yaml declares no
 * distributions, so the inputs are declared here with --set, at bench time):
 * (1) acceptance worlds per second (sample, compile, judge all 6,480 packages) with the far-right
 *     partners' reservation uniform on [0.5, 0.95], on 1 and 2 threads (wall time; the scaling);
 * (2) the same with the 20 inputs below, which move utilities (saliences) as well as thresholds;
 * (3) Sobol indices for those 20 inputs (five reservations, Hamas's participation, Israel's and
 *     Hamas's saliences, each uniform over +-0.1) with N base samples (N (20 + 2) worlds).
 * Every time is the median of `reps` runs (the box may be shared: medians, not means); "cpu" is
 * the process's CPU time (all threads), which a busy box distorts less than the wall clock:
 * worlds per CPU second is the one-core rate however many threads ran.
 * usage: bench_explore [worlds [sobol_N [reps [max_threads]]]]   (PL_SOURCE_DIR from the
 * environment; sobol_N 0 skips the Sobol step; under callgrind run reps 1, max_threads 1 and
 * read the inclusive cost of bench_one_input / bench_twenty_inputs per world)
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

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* One exploration of `worlds` worlds on `threads` threads; its wall time (CPU time in *cpu). The
 * tallies' checksum goes to *sum, so that a faster build can be seen to count the same. */
static double explore_once(const pl_scenario_t *sc, uint64_t worlds, int threads, uint64_t *sum,
                           double *cpu)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_explore_opts_t o = {.worlds = worlds, .seed = 1, .threads = threads};
    pl_explore_result_t *r = NULL;
    const pl_scenario_t *s1[] = {sc};
    double t0 = wall_s(), c0 = cpu_s();
    if (pl_explore_run(s1, NULL, 1, &o, &r, &err) != PL_OK) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    double t = wall_s() - t0;
    *cpu = cpu_s() - c0;
    uint64_t s = r->any_feasible * 1000003u + r->feasible_sum;
    for (size_t p = 0; p < r->nproposals; p++) s = s * 31 + r->proposal_pass[p];
    for (size_t a = 0; a < r->nactors; a++) s = s * 31 + r->blocks[a] * 7 + r->pivotal[a];
    for (uint64_t k = 0; r->enumerated && k < r->space; k++)
        s = s * 31 + r->package_pass[k] * 3 + r->nash[k];
    *sum = s;
    pl_explore_free(r);
    pl_error_destroy(&err);
    return t;
}

static void bench_worlds(const char *label, const pl_scenario_t *sc, uint64_t worlds, int reps,
                         int max_threads)
{
    double t1 = 0;
    for (int threads = 1; threads <= max_threads; threads++) {
        double t[64], c[64];
        uint64_t sum = 0;
        for (int k = 0; k < reps; k++) t[k] = explore_once(sc, worlds, threads, &sum, &c[k]);
        double tm = median(t, reps), cm = median(c, reps);
        if (threads == 1) t1 = tm;
        char name[80];
        snprintf(name, sizeof name, "%s, %d thread%s", label, threads, threads > 1 ? "s" : "");
        printf("%-44s %12.3f %12.0f %10.3f %12.0f   tallies %016llx\n", name, tm, (double)worlds / tm,
               cm, (double)worlds / cm, (unsigned long long)sum);
        if (threads > 1) printf("%-44s %12.2fx\n", "  scaling", t1 / tm);
    }
}

/* Separate functions so that callgrind's inclusive costs tell the two workloads apart. */
__attribute__((noinline)) static void bench_one_input(const pl_scenario_t *sc, uint64_t worlds,
                                                      int reps, int max_threads)
{
    bench_worlds("Doha acceptance worlds", sc, worlds, reps, max_threads);
}

__attribute__((noinline)) static void bench_twenty_inputs(const pl_scenario_t *sc, uint64_t worlds,
                                                          int reps, int max_threads)
{
    bench_worlds("Doha worlds, 20 inputs", sc, worlds, reps, max_threads);
}

int main(int argc, char **argv)
{
    uint64_t worlds = argc > 1 ? strtoull(argv[1], NULL, 10) : 2000;
    size_t sobol_n = argc > 2 ? strtoul(argv[2], NULL, 10) : 200;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    int max_threads = argc > 4 ? atoi(argv[4]) : 2;
    if (reps < 1) reps = 1;
    if (reps > 64) reps = 64;
    const char *dir = getenv("PL_SOURCE_DIR");
    char file[1024];
    snprintf(file, sizeof file, "%s/examples/doha-2024.yaml", dir ? dir : ".");
    static const char *const one[] = {
        "actors.Far-right partners.reservation={uniform: [0.5, 0.95]}"};
    pl_scenario_t *sc = load(file, one, 1);
    pl_error_t err;
    pl_error_init(&err);
    printf("%-44s %12s %12s %10s %12s   (median of %d)\n", "step", "seconds", "worlds/s", "cpu s",
           "per cpu s", reps);
    bench_one_input(sc, worlds, reps, max_threads);
    pl_scenario_free(sc);
    /* the 20 inputs: Doha declares none, so they are declared here */
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
    bench_twenty_inputs(sc, worlds, reps, max_threads);
    size_t nout = (1 + sc->nproposals) * sc->nuncertain;
    pl_sobol_index_t *s = calloc(nout, sizeof *s);
    for (int threads = 1; threads <= max_threads && s && sobol_n; threads++) {
        double t[64], c[64];
        for (int k = 0; k < reps; k++) {
            double t0 = wall_s(), c0 = cpu_s();
            if (pl_explore_sobol(sc, sobol_n, 1, 200, threads, s, &err) != PL_OK)
                return fprintf(stderr, "%s\n", err.message), 1;
            t[k] = wall_s() - t0;
            c[k] = cpu_s() - c0;
        }
        double tm = median(t, reps), cm = median(c, reps);
        char name[80];
        snprintf(name, sizeof name, "Sobol, 20 inputs x %zu, %d thread%s", sobol_n, threads,
                 threads > 1 ? "s" : "");
        printf("%-44s %12.3f %12.0f %10.3f %12.0f   S1(feasible, in 0) %.6f\n", name, tm,
               (double)(sobol_n * 22) / tm, cm, (double)(sobol_n * 22) / cm, s[0].first);
    }
    free(s);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return 0;
}
