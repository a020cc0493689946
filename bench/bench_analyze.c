/*
 * bench_analyze.c: times load + frontier + the four points on every GENIUS domain under
 * $PL_SHARED_DATA/genius (or argv[1], a folder holding y<year>/<domain> folders) and on generated
 * additive domains (2 to 5 parties, up to 10^20 outcomes, fixed seeds). Prints medians of
 * several runs next to NegMAS pareto_frontier + nash_points (docs/anchors.md) and the speed-up.
 * The whole analysis (pl_analysis_run: counts, zone, frontier, points) is timed too, and so is
 * the whole command (`parley analyze DOMAIN > /dev/null`, the parley built next to this binary:
 * process start, loading, analysis and printing).
 * Build in Release for meaningful figures: cmake -DCMAKE_BUILD_TYPE=Release.
 * Profiling: `bench_analyze --loop DOMAIN_DIR N` loads one domain and runs frontier + points N
 * times, nothing else (for valgrind --tool=callgrind, whose counts are repeatable on a noisy box);
 * `--loop-gen K ISSUES VALUES SEED RES N` does the same on a generated domain.
 */
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley/parley.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
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

/* NegMAS on this machine (anchors.md): pareto_frontier + nash_points, ms */
static const struct {
    const char *domain;
    double ms;
} negmas[] = {
    {"y2010/ItexvsCypress", 0.50 + 0.04}, {"y2010/EnglandZimbabwe", 1.38 + 0.03},
    {"y2010/Travel", 1396 + 0.03},        {"y2011/Laptop", 0.14 + 0.03},
    {"y2011/Energy", 2747 + 0.15},        {"y2011/Grocery", 5.73 + 0.03},
    {"y2011/Camera", 17.2 + 0.04},
};

static double negmas_ms(const char *dom)
{
    for (size_t i = 0; i < sizeof negmas / sizeof negmas[0]; i++)
        if (strcmp(negmas[i].domain, dom) == 0) return negmas[i].ms;
    return NAN;
}

/* frontier + points on a compiled model; returns ms, or < 0 with info set */
static double analyse_once(const pl_model_t *m, char *info, size_t infosz)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_frontier_t *f = NULL;
    pl_points_t pts = {0};
    double t0 = now_ms(), r = -1;
    /* the rectangle search (2014 nonlinear domains) gets 60 s, the issue's target */
    pl_status s = pl_frontier_compute_timed(m, NULL, 0, PL_FRONTIER_AUTO, 0, 60.0, &f, &err);
    if (s != PL_OK) {
        snprintf(info, infosz, "%.400s",
                 s == PL_ETOOBIG ? "too big to enumerate (non-additive)" : err.message);
    } else if (pl_points_compute(m, f, &pts, &err) == PL_OK) {
        r = now_ms() - t0;
        char sz[96];
        snprintf(info, infosz, "%s|%llu|%zu|%s%s", pl_model_space_size_str(m, sz, sizeof sz),
                 (unsigned long long)f->total, f->k, f->method,
                 f->nodes ? (f->exact ? " (exact)" : " (stopped at 60 s)") : "");
    }
    pl_points_destroy(&pts);
    pl_frontier_free(f);
    pl_error_destroy(&err);
    return r;
}

/* median per-call time of frontier + points: each sample repeats the call for >= 2 ms */
static double time_analysis(const pl_model_t *m, char *info, size_t infosz)
{
    double first = analyse_once(m, info, infosz);
    if (first < 0 || first > 5000) return first;
    int reps = first >= 2.0 ? 1 : (int)(2.0 / (first > 1e-4 ? first : 1e-4)) + 1;
    int samples = first > 500 ? 3 : 7;
    double v[7];
    for (int s = 0; s < samples; s++) {
        double t0 = now_ms();
        for (int r = 0; r < reps; r++) analyse_once(m, info, infosz);
        v[s] = (now_ms() - t0) / reps;
    }
    return median(v, samples);
}

/* median of pl_analysis_run (everything `parley analyze` computes: counts, zone, frontier,
 * points, proposals), ms; NaN when it fails */
static double time_whole(const pl_model_t *m)
{
    double v[5];
    pl_analysis_options_t o;
    pl_analysis_options_init(&o);
    o.time_limit = 60.0;
    for (int r = 0; r < 5; r++) {
        pl_analysis_t *an = NULL;
        double t0 = now_ms();
        if (pl_analysis_run(m, &o, &an, NULL) != PL_OK) return NAN;
        v[r] = now_ms() - t0;
        pl_analysis_free(an);
        if (v[r] > 5000) return v[r];
    }
    return median(v, 5);
}

/* the parley binary next to this one ("" when absent) */
static char parley_bin[4096];
extern char **environ;

/* median wall time of `parley analyze dir > /dev/null`, ms; NaN when it cannot run */
static double time_command(const char *dir)
{
    if (!parley_bin[0]) return NAN;
    double v[5];
    for (int r = 0; r < 5; r++) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        char *argv[] = {parley_bin, "analyze", (char *)dir, NULL};
        pid_t pid;
        double t0 = now_ms();
        int rc = posix_spawn(&pid, parley_bin, &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        int st = 0;
        if (rc != 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            return NAN;
        v[r] = now_ms() - t0;
        if (v[r] > 5000) return v[r];
    }
    return median(v, 5);
}

static void print_row(const char *name, double load, double fp, const char *info, double ng,
                      double whole, double cmd)
{
    char size[96] = "", method[64] = "";
    unsigned long long par = 0;
    size_t k = 0;
    sscanf(info, "%95[^|]|%llu|%zu|%63[^\n]", size, &par, &k, method);
    char ngs[32] = "", sp[32] = "", lds[32] = "-";
    if (!isnan(ng)) {
        snprintf(ngs, sizeof ngs, "%.2f", ng);
        snprintf(sp, sizeof sp, "%.0fx", ng / fp);
    }
    char cms[32] = "-";
    if (!isnan(load)) snprintf(lds, sizeof lds, "%.3f", load);
    if (!isnan(cmd)) snprintf(cms, sizeof cms, "%.2f", cmd);
    printf("| %-26s | %zu | %s | %llu | %s | %s | %.4f | %.3f | %.3f | %s | %s | %s |\n", name, k,
           size, par, method, lds, fp, (isnan(load) ? 0 : load) + fp,
           (isnan(load) ? 0 : load) + whole, cms, ngs, sp);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bench_domain(const char *root, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    char info[512] = "";
    double lt[5];
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    for (int r = 0; r < 5; r++) {
        pl_scenario_free(sc);
        pl_model_free(m);
        sc = NULL;
        m = NULL;
        double t0 = now_ms();
        if (pl_genius_load_dir(path, &sc, &err) != PL_OK || pl_model_compile(sc, &m, &err) != PL_OK) {
            printf("| %-26s | load failed: %s |\n", rel, err.message);
            goto done;
        }
        lt[r] = now_ms() - t0;
    }
    double load = median(lt, 5);
    double fp = time_analysis(m, info, sizeof info);
    if (fp < 0) printf("| %-26s | %s (load %.3f ms) |\n", rel, info, load);
    else print_row(rel, load, fp, info, negmas_ms(rel), time_whole(m), time_command(path));
done:
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* ---- generated additive domains ---- */
static uint64_t rs;
static uint32_t rnd(void)
{
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rs >> 33);
}

static pl_scenario_t *generate(size_t k, size_t ni, size_t nv, uint64_t seed, double res)
{
    rs = seed;
    pl_scenario_t *sc = pl_scenario_alloc();
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
    sc->nactors = k;
    sc->actors = pl_calloc(k, sizeof *sc->actors);
    for (size_t a = 0; a < k; a++) {
        pl_actor_t *ac = &sc->actors[a];
        char b[32];
        snprintf(b, sizeof b, "P%zu", a);
        ac->name = pl_strdup(b);
        ac->role = PL_ROLE_PARTY;
        ac->party = PL_UNSET;
        ac->seats = NAN;
        ac->clout = 1;
        ac->discount = 1;
        ac->participation = NAN;
        ac->deadline = NAN;
        ac->at_table = true;
        ac->utility = PL_UTILITY_TABLE;
        ac->reservation = res;
        ac->stances = pl_calloc(ni, sizeof(pl_stance_t));
        for (size_t i = 0; i < ni; i++) {
            ac->stances[i].weight = 1 + rnd() % 9;
            ac->stances[i].eval = pl_calloc(nv, sizeof(double));
            /* parties mostly opposed on each issue (a realistic, non-trivial frontier) */
            for (size_t v = 0; v < nv; v++)
                ac->stances[i].eval[v] = (a % 2 ? (double)v : (double)(nv - 1 - v)) * 10 + rnd() % 10;
        }
    }
    return sc;
}

/* res: every party's reservation (0: every outcome rational; above: the counts are work) */
static void bench_generated(size_t k, size_t ni, size_t nv, uint64_t seed, double res)
{
    pl_scenario_t *sc = generate(k, ni, nv, seed, res);
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    char name[64], info[512] = "";
    snprintf(name, sizeof name, "gen k=%zu %zux%zu seed %llu", k, ni, nv, (unsigned long long)seed);
    if (res > 0) snprintf(name + strlen(name), sizeof name - strlen(name), " r %.2f", res);
    if (pl_model_compile(sc, &m, &err) == PL_OK) {
        double fp = time_analysis(m, info, sizeof info);
        if (fp < 0) printf("| %-26s | %s |\n", name, info);
        else print_row(name, NAN, fp, info, NAN, time_whole(m), NAN);
    }
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* generated domain (k ni nv seed res), then frontier + points n times (callgrind) */
static int profile_gen(char **a)
{
    pl_scenario_t *sc = generate((size_t)atol(a[0]), (size_t)atol(a[1]), (size_t)atol(a[2]),
                                 (uint64_t)atoll(a[3]), atof(a[4]));
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    char info[512] = "";
    int rc = 1;
    if (pl_model_compile(sc, &m, &err) != PL_OK) goto done;
    for (long i = 0; i < atol(a[5]); i++)
        if (analyse_once(m, info, sizeof info) < 0) goto done;
    printf("gen: %s\n", info);
    rc = 0;
done:
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}

/* load one domain, then frontier + points n times: a steady loop for callgrind */
static int profile_loop(const char *dir, long n)
{
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    int rc = 1;
    if (pl_genius_load_dir(dir, &sc, &err) != PL_OK || pl_model_compile(sc, &m, &err) != PL_OK) {
        fprintf(stderr, "%s: %s\n", dir, err.message);
        goto done;
    }
    char info[512] = "";
    for (long i = 0; i < n; i++)
        if (analyse_once(m, info, sizeof info) < 0) {
            fprintf(stderr, "%s: %s\n", dir, info);
            goto done;
        }
    printf("%s: %ld runs (%s)\n", dir, n, info);
    rc = 0;
done:
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--loop") == 0) return profile_loop(argv[2], atol(argv[3]));
    if (argc == 8 && strcmp(argv[1], "--loop-gen") == 0) return profile_gen(argv + 2);
    const char *slash = strrchr(argv[0], '/');
    if (slash)
        snprintf(parley_bin, sizeof parley_bin, "%.*s/parley", (int)(slash - argv[0]), argv[0]);
    else
        snprintf(parley_bin, sizeof parley_bin, "./parley");
    if (access(parley_bin, X_OK) != 0) parley_bin[0] = '\0';
    const char *shared = getenv("PL_SHARED_DATA");
    char root[4096];
    if (argc > 1) snprintf(root, sizeof root, "%s", argv[1]);
    else if (shared) snprintf(root, sizeof root, "%s/genius", shared);
    else snprintf(root, sizeof root, "../shared/data/genius");
    printf("| domain | parties | outcomes | pareto | method | load ms | frontier+points ms | "
           "load+frontier+points ms | load+whole analysis ms | parley analyze ms | "
           "NegMAS pareto+nash ms | speed-up |\n");
    printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    DIR *d = opendir(root);
    if (d) {
        char *years[64];
        size_t ny = 0;
        struct dirent *e;
        while ((e = readdir(d)) && ny < 64)
            if (e->d_name[0] == 'y') years[ny++] = strdup(e->d_name);
        closedir(d);
        qsort(years, ny, sizeof *years, cmp_str);
        for (size_t y = 0; y < ny; y++) {
            char yp[4200];
            snprintf(yp, sizeof yp, "%s/%s", root, years[y]);
            DIR *yd = opendir(yp);
            char *doms[128];
            size_t nd = 0;
            while (yd && (e = readdir(yd)) && nd < 128)
                if (e->d_name[0] != '.') doms[nd++] = strdup(e->d_name);
            if (yd) closedir(yd);
            qsort(doms, nd, sizeof *doms, cmp_str);
            for (size_t i = 0; i < nd; i++) {
                char rel[512];
                snprintf(rel, sizeof rel, "%s/%s", years[y], doms[i]);
                bench_domain(root, rel);
                free(doms[i]);
            }
            free(years[y]);
        }
    } else {
        fprintf(stderr, "no GENIUS folder at %s: generated domains only\n", root);
    }
    bench_generated(2, 8, 5, 1, 0);
    bench_generated(2, 12, 10, 2, 0);
    bench_generated(2, 20, 10, 3, 0);
    bench_generated(3, 8, 5, 4, 0);
    bench_generated(3, 12, 6, 5, 0);
    bench_generated(4, 8, 4, 6, 0);
    bench_generated(5, 6, 4, 7, 0);
    /* reservations: the rational count and the zone are counted (meet in the middle) */
    bench_generated(3, 8, 5, 4, 0.5);
    bench_generated(3, 12, 6, 5, 0.5);
    bench_generated(4, 10, 5, 6, 0.45);
    bench_generated(5, 8, 5, 7, 0.4);
    return 0;
}
