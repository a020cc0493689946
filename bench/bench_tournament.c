/*
 * bench_tournament.c: the tournament of issue 14: the 7 built-in strategies on the 7 shared ANAC
 * domains (shared/docs/anchors.md), every ordered pair (self-play included), 10 seeds, 1000
 * rounds, stacked alternating offers; wall time, sessions/s, and the ratio against NegMAS.
 * NegMAS is not installed: its time is computed from its measured per-session figures
 * (anchors.md: 0.165 s per 1000-step Laptop session, 82.2 s per 1000-step Energy session), as
 * seconds per step, linear in the outcome count through those two points, times the rounds each
 * parley session actually played; a second, conservative ratio charges every step at Laptop's
 * (the cheapest measured) cost. Both leave out NegMAS's tournament-runner overhead.
 * Build in Release. Usage: bench_tournament [genius-folder] [seeds] [rounds]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley/parley.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* NegMAS seconds per SAO step (two AspirationNegotiators) against the outcome count. */
#define NEGMAS_LAPTOP_STEP (0.165 / 1000)
#define NEGMAS_ENERGY_STEP (82.2 / 1000)
#define LAPTOP_N 27.0
#define ENERGY_N 390625.0
static double negmas_step(double n)
{
    double b = (NEGMAS_ENERGY_STEP - NEGMAS_LAPTOP_STEP) / (ENERGY_N - LAPTOP_N);
    return NEGMAS_LAPTOP_STEP + b * (n - LAPTOP_N);
}

static const char *const domains[] = {"y2010/ItexvsCypress", "y2010/EnglandZimbabwe",
                                      "y2010/Travel",        "y2011/Laptop",
                                      "y2011/Energy",        "y2011/Grocery",
                                      "y2011/Camera"};
#define ND (sizeof domains / sizeof domains[0])

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "../shared/data/genius";
    size_t seeds = argc > 2 ? (size_t)atol(argv[2]) : 10;
    size_t rounds = argc > 3 ? (size_t)atol(argv[3]) : 1000;
    pl_scenario_t *sc[ND];
    pl_model_t *m[ND];
    const char *names[ND];
    double outcomes[ND];
    pl_error_t err;
    pl_error_init(&err);
    for (size_t d = 0; d < ND; d++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", root, domains[d]);
        if (pl_genius_load_dir(path, &sc[d], &err) != PL_OK ||
            pl_model_compile(sc[d], &m[d], &err) != PL_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        names[d] = strchr(domains[d], '/') + 1;
        uint64_t n = 0;
        pl_model_space_size(m[d], &n);
        outcomes[d] = (double)n;
    }
    pl_tournament_entrant_t ent[16];
    size_t ne = pl_strategy_count();
    for (size_t e = 0; e < ne; e++) {
        ent[e].type = pl_strategy_at(e);
        ent[e].name = ent[e].type->name;
        ent[e].param = NAN;
        ent[e].external = NULL;
    }
    const pl_protocol_type *proto[1] = {pl_protocol_sao};
    pl_tournament_options_t o;
    pl_tournament_options_init(&o);
    o.entrants = ent;
    o.nentrants = ne;
    o.models = (const pl_model_t *const *)m;
    o.model_names = names;
    o.nmodels = ND;
    o.protocols = proto;
    o.nprotocols = 1;
    o.nseeds = seeds;
    o.rounds = rounds;
    pl_tournament_t *t = NULL;
    double t0 = now_s();
    if (pl_tournament_run(&o, &t, &err) != PL_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double wall = now_s() - t0;
    double steps[ND] = {0}, cnt[ND] = {0};
    for (size_t i = 0; i < t->nsessions; i++) {
        steps[t->sessions[i].model] += (double)t->sessions[i].rounds;
        cnt[t->sessions[i].model] += 1;
    }
    printf("tournament: %zu strategies x %zu domains, every ordered pair, %zu seeds, %zu rounds, "
           "sao\n", ne, ND, seeds, rounds);
    printf("%zu sessions in %.2f s wall (setup, indexes and frontiers included): %.0f sessions/s\n\n",
           t->nsessions, wall, (double)t->nsessions / wall);
    printf("%-16s %9s %9s %12s %16s\n", "domain", "outcomes", "sessions", "mean rounds",
           "NegMAS est. s");
    double neg = 0, cons = 0;
    for (size_t d = 0; d < ND; d++) {
        double s = steps[d] * negmas_step(outcomes[d]);
        neg += s;
        cons += steps[d] * NEGMAS_LAPTOP_STEP;
        printf("%-16s %9.0f %9.0f %12.1f %16.1f\n", names[d], outcomes[d], cnt[d],
               steps[d] / cnt[d], s);
    }
    printf("\nNegMAS (not installed; computed from anchors.md's per-session figures): %.0f s\n", neg);
    printf("ratio NegMAS / parley: %.0fx (conservative, every step at Laptop's cost: %.0fx)\n",
           neg / wall, cons / wall);
    pl_tournament_free(t);
    for (size_t d = 0; d < ND; d++) {
        pl_model_free(m[d]);
        pl_scenario_free(sc[d]);
    }
    pl_error_destroy(&err);
    return 0;
}
