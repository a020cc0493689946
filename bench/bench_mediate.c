/*
 * bench_mediate.c: the mediator's toolkit timed. (1) all six answers on the Doha example;
 * (2) exact power indices of a 60-member weighted body; (3) bridging on the shared ANAC
 * domains (GENIUS folders under PL_SHARED_DATA) with a veto faction added to the first party,
 * next to the core analysis's frontier by enumeration on the same domain. Medians of runs,
 * in thread CPU time (single-threaded code; wall time suffers on a shared machine).
 * usage: bench_mediate [runs]   (PL_SOURCE_DIR, PL_SHARED_DATA from the environment)
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley/parley.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define NSTEPS 7
static const char *step_name[NSTEPS] = {"bridging", "what it takes", "leverage", "blame",
                                        "power", "fair division", "all six"};

static void bench_doha(const char *src, int runs)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/doha-2024.yaml", src);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_scenario_load_yaml(path, NULL, &sc, &err) != PL_OK || pl_model_compile(sc, &m, &err) != PL_OK) {
        printf("doha: %s\n", err.message);
        pl_error_destroy(&err);
        pl_scenario_free(sc);
        return;
    }
    double *t[NSTEPS];
    for (int s = 0; s < NSTEPS; s++) t[s] = calloc((size_t)runs, sizeof(double));
    size_t may = pl_scenario_find_proposal(sc, "May proposal");
    if (may == PL_UNSET) may = 0;
    size_t ni = pl_model_nissues(m);
    double *pa = calloc(ni, sizeof(double)), *pb = calloc(ni, sizeof(double));
    double *pts = calloc(2 * ni, sizeof(double)), share[2];
    size_t *owner = calloc(ni, sizeof(size_t));
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms(), t1;
        pl_mediate_bridging_t b;
        pl_mediate_bridging_init(&b);
        pl_mediate_bridging(m, NULL, &b, NULL);
        pl_mediate_bridging_destroy(&b);
        t1 = now_ms();
        t[0][r] = t1 - t0;
        pl_mediate_what_it_takes_t w;
        pl_mediate_what_it_takes_init(&w);
        if (sc->nproposals) pl_mediate_what_it_takes(m, NULL, may, &w, NULL);
        pl_mediate_what_it_takes_destroy(&w);
        t[1][r] = now_ms() - t1;
        t1 = now_ms();
        pl_mediate_leverage_t l;
        pl_mediate_leverage_init(&l);
        pl_mediate_leverage(m, NULL, NULL, 0, &l, NULL);
        pl_mediate_leverage_destroy(&l);
        t[2][r] = now_ms() - t1;
        t1 = now_ms();
        pl_mediate_blame_t bl;
        pl_mediate_blame_init(&bl);
        pl_mediate_blame(m, NULL, PL_UNSET, &bl, NULL);
        pl_mediate_blame_destroy(&bl);
        t[3][r] = now_ms() - t1;
        t1 = now_ms();
        pl_mediate_power_t pw;
        pl_mediate_power_init(&pw);
        pl_mediate_power(m, NULL, &pw, NULL);
        pl_mediate_power_destroy(&pw);
        t[4][r] = now_ms() - t1;
        t1 = now_ms();
        if (pl_model_nparties(m) >= 2) {
            pl_mediate_adjusted_winner_t aw;
            pl_mediate_adjusted_winner_init(&aw);
            pl_mediate_issue_points(m, pl_model_party(m, 0), pa, NULL);
            pl_mediate_issue_points(m, pl_model_party(m, 1), pb, NULL);
            pl_mediate_adjusted_winner(pa, pb, ni, &aw, NULL);
            pl_mediate_adjusted_winner_destroy(&aw);
            memcpy(pts, pa, ni * sizeof(double));
            memcpy(pts + ni, pb, ni * sizeof(double));
            pl_mediate_maxmin_share(pts, 2, ni, owner, share, NULL);
        }
        t[5][r] = now_ms() - t1;
        t[6][r] = now_ms() - t0;
    }
    char buf[64];
    printf("Doha example (%s outcomes), %d runs, median ms:\n", pl_model_space_size_str(m, buf, sizeof buf), runs);
    printf("  %-16s %10s\n", "answer", "median ms");
    for (int s = 0; s < NSTEPS; s++) printf("  %-16s %10.3f\n", step_name[s], median(t[s], runs));
    for (int s = 0; s < NSTEPS; s++) free(t[s]);
    free(pa);
    free(pb);
    free(pts);
    free(owner);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void bench_power(int runs)
{
    double w[60], total = 0;
    uint64_t s = 12345;
    for (int i = 0; i < 60; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        w[i] = (double)(1 + (s >> 33) % 100);
        total += w[i];
    }
    double q = floor(total / 2) + 1;
    double *t = calloc((size_t)runs, sizeof(double));
    pl_mediate_game_power_t p;
    pl_mediate_game_power_init(&p);
    bool exact = false;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms();
        pl_mediate_power_weighted(w, 60, q, NULL, &p, NULL);
        t[r] = now_ms() - t0;
        exact = p.exact;
    }
    printf("\nPower indices, 60-member weighted body (weights 1..100, total %.0f, quota %.0f), %s:\n",
           total, q, exact ? "exact" : "sampled");
    printf("  median %.3f ms (Shapley-Shubik and Banzhaf for all members)\n", median(t, runs));
    pl_mediate_game_power_destroy(&p);
    free(t);
}

/* add a veto faction to party 0: its preferences, reservation 0.6 */
static int add_faction(pl_scenario_t *sc)
{
    if (sc->nactors < 2 || sc->actors[0].utility != PL_UTILITY_TABLE) return -1;
    pl_actor_t *na = pl_realloc(sc->actors, (sc->nactors + 1) * sizeof *na);
    if (!na) return -1;
    sc->actors = na;
    pl_actor_t *f = &sc->actors[sc->nactors];
    const pl_actor_t *p = &sc->actors[0];
    memset(f, 0, sizeof *f);
    f->name = pl_strdup("hardliners");
    f->role = PL_ROLE_FACTION;
    f->party = 0;
    f->clout = 1;
    f->reservation = 0.6;
    f->utility = PL_UTILITY_TABLE;
    f->at_table = true;
    f->participation = NAN;
    f->deadline = NAN;
    f->discount = 1;
    f->seats = NAN;
    f->stances = pl_calloc(sc->nissues, sizeof(pl_stance_t));
    for (size_t i = 0; i < sc->nissues; i++) {
        f->stances[i] = p->stances[i];
        f->stances[i].source = NULL;
        f->stances[i].eval = NULL;
        if (p->stances[i].eval) {
            f->stances[i].eval = pl_calloc(sc->issues[i].nvalues, sizeof(double));
            memcpy(f->stances[i].eval, p->stances[i].eval, sc->issues[i].nvalues * sizeof(double));
        }
    }
    sc->nactors++;
    pl_ratification_t *nr = pl_realloc(sc->ratifications, (sc->nratifications + 1) * sizeof *nr);
    if (!nr) return -1;
    sc->ratifications = nr;
    memset(&nr[sc->nratifications], 0, sizeof *nr);
    nr[sc->nratifications].party = 0;
    nr[sc->nratifications].rule = PL_RATIFY_VETO;
    nr[sc->nratifications].total = NAN;
    sc->nratifications++;
    return 0;
}

static void bench_anac(const char *data, int runs)
{
    printf("\nBridging on ANAC domains (veto faction added to the first party), median ms:\n");
    printf("  %-28s %10s %8s %12s %12s\n", "domain", "outcomes", "passing", "bridging", "frontier");
    const char *years[] = {"y2010", "y2011", "y2013", "y2015"};
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/genius/%s", data, years[y]);
        DIR *d = opendir(dir);
        if (!d) continue;
        char *names[256];
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d)) && n < 256)
            if (e->d_name[0] != '.' && !strchr(e->d_name, '.')) names[n++] = strdup(e->d_name);
        closedir(d);
        for (size_t k = 0; k < n; k++) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", dir, names[k]);
            pl_scenario_t *sc = NULL;
            pl_model_t *m = NULL;
            uint64_t space = 0;
            if (pl_genius_load_dir(path, &sc, NULL) != PL_OK || add_faction(sc) != 0 ||
                pl_model_compile(sc, &m, NULL) != PL_OK || !pl_model_space_size(m, &space) ||
                space > 400000) {
                pl_model_free(m);
                pl_scenario_free(sc);
                free(names[k]);
                continue;
            }
            double *tb = calloc((size_t)runs, sizeof(double)), *tf = calloc((size_t)runs, sizeof(double));
            uint64_t npass = 0;
            size_t np = pl_model_nparties(m), parties[64];
            if (np > 64) np = 64;
            for (size_t j = 0; j < np; j++) parties[j] = pl_model_party(m, j);
            for (int r = 0; r < runs; r++) {
                double t0 = now_ms();
                pl_mediate_bridging_t b;
                pl_mediate_bridging_init(&b);
                pl_mediate_bridging(m, NULL, &b, NULL);
                npass = b.npassing;
                pl_mediate_bridging_destroy(&b);
                double t1 = now_ms();
                pl_frontier_t *fr = NULL;
                pl_frontier_compute(m, parties, np, PL_FRONTIER_ENUMERATE, 0, &fr, NULL);
                pl_frontier_free(fr);
                tb[r] = t1 - t0;
                tf[r] = now_ms() - t1;
            }
            char label[600];
            snprintf(label, sizeof label, "%s/%s", years[y], names[k]);
            printf("  %-28s %10llu %8llu %12.3f %12.3f\n", label, (unsigned long long)space,
                   (unsigned long long)npass, median(tb, runs), median(tf, runs));
            free(tb);
            free(tf);
            pl_model_free(m);
            pl_scenario_free(sc);
            free(names[k]);
        }
    }
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 11;
    if (runs < 1) runs = 1;
    const char *src = getenv("PL_SOURCE_DIR");
    bench_doha(src ? src : ".", runs);
    bench_power(runs * 5);
    const char *data = getenv("PL_SHARED_DATA");
    if (data) bench_anac(data, runs > 5 ? 5 : runs);
    else printf("\n(PL_SHARED_DATA not set: ANAC domains skipped)\n");
    return 0;
}
