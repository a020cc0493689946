/*
 * bench_simulate.c: sessions and rounds per second for stacked alternating offers with two
 * boulware negotiators on the shared ANAC domains (Laptop, ItexvsCypress, Travel, Energy;
 * 100 and 1000 rounds) and for the veto single-text protocol, medians of 5 runs, next to
 * NegMAS's figures (shared/docs/anchors.md) and the ratio. Two figures per row: sessions that
 * share a per-actor sorted outcome index built once per domain, and sessions that each build
 * their own (the conservative figure). The ratio uses the shared-index figure. Traces are
 * recorded as by default. Rows past 2^26 outcomes (the 2014 nonlinear domains, a generated
 * 20-issue additive domain of 10^20 outcomes) search for offers instead of indexing
 * (src/sim/search.c); their per-session figure is left out (each session would redo the
 * frontier seeding).
 * Build in Release: cmake -DCMAKE_BUILD_TYPE=Release. Usage: bench_simulate [genius-folder]
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

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define RUNS 5

typedef struct {
    double sessions_per_s, rounds_per_s;
} rate_t;

/* Run sessions for about `budget` seconds; return rates. */
static rate_t measure(const pl_model_t *m, const pl_protocol_type *p, size_t rounds,
                      const pl_sim_cache_t *cache, double budget, unsigned *seed)
{
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.rounds = rounds;
    o.cache = cache;
    o.default_strategy = pl_strategy_boulware;
    size_t sessions = 0, total = 0;
    double t0 = now_s(), t;
    do {
        o.seed = (*seed)++;
        pl_session_t *s = NULL;
        if (pl_session_alloc(m, p, &o, &s, NULL) != PL_OK) {
            fprintf(stderr, "session failed\n");
            exit(1);
        }
        pl_session_run(s, NULL);
        total += pl_session_result(s)->rounds;
        sessions++;
        pl_session_free(s);
        t = now_s() - t0;
    } while (t < budget || sessions < 2);
    rate_t r = {(double)sessions / t, (double)total / t};
    return r;
}

static rate_t median_rate(const pl_model_t *m, const pl_protocol_type *p, size_t rounds,
                          const pl_sim_cache_t *cache, double budget)
{
    double s[RUNS], r[RUNS];
    unsigned seed = 1;
    for (int i = 0; i < RUNS; i++) {
        rate_t x = measure(m, p, rounds, cache, budget, &seed);
        s[i] = x.sessions_per_s;
        r[i] = x.rounds_per_s;
    }
    qsort(s, RUNS, sizeof *s, cmp_d);
    qsort(r, RUNS, sizeof *r, cmp_d);
    rate_t out = {s[RUNS / 2], r[RUNS / 2]};
    return out;
}

/* A two-party additive domain of ni issues with nv values each, parties mostly opposed (the
 * generator of bench_analyze.c, fixed seed). */
static uint64_t rs;
static uint32_t rnd(void)
{
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rs >> 33);
}

static pl_scenario_t *generate(size_t ni, size_t nv, uint64_t seed)
{
    rs = seed;
    pl_scenario_t *sc = pl_scenario_alloc();
    sc->name = pl_strdup("generated");
    sc->nissues = ni;
    sc->issues = pl_calloc(ni, sizeof *sc->issues);
    for (size_t i = 0; i < ni; i++) {
        pl_issue_t *is = &sc->issues[i];
        char b[32];
        snprintf(b, sizeof b, "i%zu", i);
        is->name = pl_strdup(b);
        is->nvalues = nv;
        is->values = pl_calloc(nv, sizeof(char *));
        is->numeric = pl_calloc(nv, sizeof(double));
        for (size_t v = 0; v < nv; v++) {
            snprintf(b, sizeof b, "v%zu", v);
            is->values[v] = pl_strdup(b);
            is->numeric[v] = (double)v;
        }
        is->reference = NAN;
    }
    sc->nactors = 2;
    sc->actors = pl_calloc(2, sizeof *sc->actors);
    for (size_t a = 0; a < 2; a++) {
        pl_actor_t *ac = &sc->actors[a];
        ac->name = pl_strdup(a ? "P1" : "P0");
        ac->role = PL_ROLE_PARTY;
        ac->party = PL_UNSET;
        ac->seats = NAN;
        ac->clout = 1;
        ac->discount = 1;
        ac->participation = NAN;
        ac->deadline = NAN;
        ac->at_table = true;
        ac->reservation = 0.3;
        ac->utility = PL_UTILITY_TABLE;
        ac->stances = pl_calloc(ni, sizeof(pl_stance_t));
        for (size_t i = 0; i < ni; i++) {
            ac->stances[i].weight = 1 + rnd() % 9;
            ac->stances[i].eval = pl_calloc(nv, sizeof(double));
            for (size_t v = 0; v < nv; v++)
                ac->stances[i].eval[v] = (a % 2 ? (double)v : (double)(nv - 1 - v)) * 10 + rnd() % 10;
        }
    }
    return sc;
}

int main(int argc, char **argv)
{
    char root[1024];
    const char *env = getenv("PL_SHARED_DATA");
    if (argc > 1) snprintf(root, sizeof root, "%s", argv[1]);
    else if (env) snprintf(root, sizeof root, "%s/genius", env);
    else snprintf(root, sizeof root, "../shared/data/genius");
    static const struct {
        const char *dir, *label;
        const char *proto;
        size_t rounds;
        double negmas; /* rounds per second, NaN = no figure */
        bool searched; /* too large to index: no per-session figure */
    } rows[] = {
        {"y2011/Laptop", "Laptop", "sao", 100, 3408, false},
        {"y2011/Laptop", "Laptop", "sao", 1000, 4202, false},
        {"y2010/ItexvsCypress", "ItexvsCypress", "sao", 100, NAN, false},
        {"y2010/ItexvsCypress", "ItexvsCypress", "sao", 1000, NAN, false},
        {"y2010/Travel", "Travel", "sao", 100, NAN, false},
        {"y2010/Travel", "Travel", "sao", 1000, NAN, false},
        {"y2011/Energy", "Energy", "sao", 100, 9.4, false},
        {"y2011/Energy", "Energy", "sao", 1000, 9.3, false},
        {"y2011/Laptop", "Laptop", "single-text", 100, 3200, false},
        {NULL, "additive 10^20", "sao", 100, NAN, true},
        {NULL, "additive 10^20", "sao", 1000, NAN, true},
        {"y2014/10issues", "10issues", "sao", 100, NAN, true},
        {"y2014/10issues", "10issues", "sao", 1000, NAN, true},
        {"y2014/30issues", "30issues", "sao", 100, NAN, true},
    };
    printf("%-14s %-12s %6s %12s %14s %16s %10s %9s\n", "domain", "protocol", "rounds",
           "sessions/s", "rounds/s", "rounds/s (own", "NegMAS", "ratio");
    printf("%-14s %-12s %6s %12s %14s %16s %10s %9s\n", "", "", "", "(shared ix)", "(shared ix)",
           "index/session)", "rounds/s", "");
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", root, rows[r].dir ? rows[r].dir : "");
        pl_scenario_t *sc = NULL;
        pl_model_t *m = NULL;
        pl_sim_cache_t *cache = NULL;
        pl_error_t err;
        pl_error_init(&err);
        pl_status ls = rows[r].dir ? pl_genius_load_dir(path, &sc, &err) : PL_OK;
        if (!rows[r].dir) sc = generate(20, 10, 3);
        if (ls != PL_OK || pl_model_compile(sc, &m, &err) != PL_OK) {
            printf("%-14s skipped: %s\n", rows[r].label, err.message);
            pl_error_destroy(&err);
            pl_scenario_free(sc);
            continue;
        }
        double t0 = now_s();
        if (pl_sim_cache_alloc(m, &cache, &err) != PL_OK) {
            printf("%-14s skipped: %s\n", rows[r].label, err.message);
            pl_model_free(m);
            pl_scenario_free(sc);
            pl_error_destroy(&err);
            continue;
        }
        double tix = now_s() - t0;
        const pl_protocol_type *p = pl_protocol_find(rows[r].proto);
        rate_t shared = median_rate(m, p, rows[r].rounds, cache, 0.2);
        rate_t own = {NAN, NAN};
        if (!rows[r].searched) own = median_rate(m, p, rows[r].rounds, NULL, 0.2);
        char nm[32] = "n/a", ratio[32] = "n/a";
        if (!isnan(rows[r].negmas)) {
            snprintf(nm, sizeof nm, "%.1f", rows[r].negmas);
            snprintf(ratio, sizeof ratio, "%.0fx", shared.rounds_per_s / rows[r].negmas);
        }
        printf("%-14s %-12s %6zu %12.0f %14.0f %16.0f %10s %9s   (%s %.1f ms)\n",
               rows[r].label, rows[r].proto, rows[r].rounds, shared.sessions_per_s,
               shared.rounds_per_s, own.rounds_per_s, nm, ratio,
               rows[r].searched ? "search setup" : "index build", tix * 1e3);
        fflush(stdout);
        pl_sim_cache_free(cache);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    return 0;
}
