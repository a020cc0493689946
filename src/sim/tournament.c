/*
 * tournament.c: entrants (strategies and outside negotiators) x scenarios x protocols x seeds,
 * every assignment of entrants to each scenario's parties, run in parallel (OpenMP) on streams
 * (seed, session index); ANAC-style scores and a ranking with 95% confidence intervals; an
 * append-only journal that a killed run resumes from; CSV and JSON output written atomically.
 */
#include "sim_internal.h"

#include <parley/pl_analysis.h>
#include <parley/pl_io.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ROLES 8
#define JOURNAL_MAGIC "# parley tournament journal v1"

void pl_tournament_options_init(pl_tournament_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->nseeds = 1;
    o->seed = 1;
    o->self_play = true;
}

/* ---------------------------------------------------------------- the design */

/* Assignments of entrants to k roles: n^k ordered tuples (without self-play, those with no
 * entrant twice), in lexicographic order; tuple t's entrants into e (NULL: count only). */
static size_t tuples(size_t n, size_t k, bool self_play, size_t t, size_t *e)
{
    size_t total = 1;
    for (size_t r = 0; r < k; r++) {
        if (total > SIZE_MAX / (n ? n : 1)) return 0;
        total *= n;
    }
    size_t count = 0;
    size_t cur[MAX_ROLES];
    for (size_t x = 0; x < total; x++) {
        size_t y = x;
        for (size_t r = k; r-- > 0;) {
            cur[r] = y % n;
            y /= n;
        }
        bool ok = true;
        for (size_t a = 0; a < k && ok && !self_play; a++)
            for (size_t b = a + 1; b < k && ok; b++) ok = cur[a] != cur[b];
        if (!ok) continue;
        if (e && count == t) {
            memcpy(e, cur, k * sizeof *e);
            return count + 1;
        }
        count++;
    }
    return count;
}

static size_t model_roles(const pl_model_t *m) { return pl_model_nparties(m); }

/* Sessions of model mi (all protocols, tuples and seeds). */
static size_t model_sessions(const pl_tournament_options_t *o, size_t mi)
{
    size_t k = model_roles(o->models[mi]);
    if (k == 0 || k > MAX_ROLES) return 0;
    return tuples(o->nentrants, k, o->self_play, 0, NULL) * o->nprotocols * o->nseeds;
}

size_t pl_tournament_size(const pl_tournament_options_t *o)
{
    size_t n = 0;
    for (size_t mi = 0; mi < o->nmodels; mi++) {
        size_t k = model_roles(o->models[mi]);
        if (k == 0 || k > MAX_ROLES) return 0;
        n += model_sessions(o, mi);
    }
    return n;
}

/* Session idx's model, protocol, seed and entrants (index order: model, protocol, tuple, seed). */
static void locate(const pl_tournament_options_t *o, size_t idx, pl_tournament_session_t *ts)
{
    size_t mi = 0;
    while (idx >= model_sessions(o, mi)) idx -= model_sessions(o, mi++);
    size_t k = model_roles(o->models[mi]);
    size_t ntup = model_sessions(o, mi) / (o->nprotocols * o->nseeds);
    ts->model = mi;
    ts->seed = idx % o->nseeds;
    idx /= o->nseeds;
    size_t t = idx % ntup;
    ts->protocol = idx / ntup;
    ts->nroles = k;
    tuples(o->nentrants, k, o->self_play, t, ts->entrant);
}

static pl_status check_design(const pl_tournament_options_t *o, pl_error_t *err)
{
    if (!o->nentrants || !o->nmodels || !o->nprotocols || !o->nseeds)
        return pl_error_set(err, PL_EINVAL, "tournament: needs at least one entrant, scenario, "
                            "protocol and seed");
    for (size_t e = 0; e < o->nentrants; e++) {
        const pl_tournament_entrant_t *en = &o->entrants[e];
        if (!en->name || (!en->type && !en->external))
            return pl_error_set(err, PL_EINVAL, "tournament: entrant %zu has no name or strategy",
                                e + 1);
        for (size_t f = 0; f < e; f++)
            if (strcmp(o->entrants[f].name, en->name) == 0)
                return pl_error_set(err, PL_EINVAL, "tournament: entrant '%s' given twice",
                                    en->name);
    }
    for (size_t mi = 0; mi < o->nmodels; mi++) {
        size_t k = model_roles(o->models[mi]);
        const char *name = o->model_names ? o->model_names[mi] : "?";
        if (k == 0 || k > MAX_ROLES)
            return pl_error_set(err, PL_EINVAL, "tournament: scenario '%s' has %zu parties (1 to "
                                "%d supported)", name, k, MAX_ROLES);
        if (!o->self_play && k > o->nentrants)
            return pl_error_set(err, PL_EINVAL, "tournament: scenario '%s' has %zu parties but "
                                "only %zu entrants play without self-play", name, k, o->nentrants);
    }
    return PL_OK;
}

/* FNV-1a over everything that decides the sessions' results: a journal of another design is
 * not mixed in. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 1099511628211ULL;
    return h;
}

static uint64_t design_hash(const pl_tournament_options_t *o)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t e = 0; e < o->nentrants; e++) {
        const pl_tournament_entrant_t *en = &o->entrants[e];
        h = fnv(h, en->name, strlen(en->name) + 1);
        const char *t = en->type ? en->type->name : "external";
        h = fnv(h, t, strlen(t) + 1);
        h = fnv(h, &en->param, sizeof en->param);
    }
    for (size_t mi = 0; mi < o->nmodels; mi++) {
        const char *n = o->model_names ? o->model_names[mi] : "";
        h = fnv(h, n, strlen(n) + 1);
        char buf[96];
        pl_model_space_size_str(o->models[mi], buf, sizeof buf);
        h = fnv(h, buf, strlen(buf) + 1);
    }
    for (size_t p = 0; p < o->nprotocols; p++)
        h = fnv(h, o->protocols[p]->name, strlen(o->protocols[p]->name) + 1);
    uint64_t v[4] = {o->nseeds, o->seed, o->rounds, o->self_play};
    return fnv(h, v, sizeof v);
}

/* ---------------------------------------------------------------- the journal */

/* Parse one journal line into ts (which `locate` filled); false when it is malformed. */
static bool parse_line(const char *line, size_t nsessions, size_t *idx, pl_tournament_session_t *ts)
{
    char *end;
    errno = 0;
    unsigned long long i = strtoull(line, &end, 10);
    if (errno || end == line || *end != '\t' || i >= nsessions) return false;
    *idx = (size_t)i;
    const char *p = end + 1;
    long agr = strtol(p, &end, 10);
    if (end == p || *end != '\t') return false;
    p = end + 1;
    unsigned long long rounds = strtoull(p, &end, 10);
    if (end == p || *end != '\t') return false;
    ts->agreement = agr != 0;
    ts->rounds = (size_t)rounds;
    double x[MAX_ROLES + 3];
    size_t nx = 0;
    p = end + 1;
    while (strcmp(p, ".") != 0) { /* numbers, then the line's end marker "." */
        if (nx == MAX_ROLES + 3) return false;
        x[nx++] = strtod(p, &end);
        if (end == p || *end != '\t') return false;
        p = end + 1;
    }
    if (nx < 3) return false;
    ts->nroles = nx - 3;
    for (size_t r = 0; r < ts->nroles; r++) ts->utility[r] = x[r];
    ts->welfare = x[nx - 3];
    ts->pareto_distance = x[nx - 2];
    ts->nash_distance = x[nx - 1];
    return true;
}

/* What reading a journal back fills: the sessions it holds, marked done. */
typedef struct {
    pl_tournament_t *t;
    bool *done;
} journal_read_t;

static bool journal_line(char *line, void *ctx)
{
    journal_read_t *jr = ctx;
    pl_tournament_t *t = jr->t;
    size_t idx;
    pl_tournament_session_t ts;
    memset(&ts, 0, sizeof ts);
    if (!parse_line(line, t->nsessions, &idx, &ts)) return false;
    pl_tournament_session_t *dst = &t->sessions[idx];
    if (ts.nroles != dst->nroles) return false;
    dst->agreement = ts.agreement;
    dst->rounds = ts.rounds;
    memcpy(dst->utility, ts.utility, sizeof ts.utility);
    dst->welfare = ts.welfare;
    dst->pareto_distance = ts.pareto_distance;
    dst->nash_distance = ts.nash_distance;
    if (!jr->done[idx]) t->resumed++;
    jr->done[idx] = true;
    return true;
}

/* Read back a journal of this design (done[i] set for the sessions in it, a torn last line
 * cut: src/io/journal.c) and keep it open for appending. A missing journal is started. */
static pl_status journal_open(const pl_tournament_options_t *o, pl_tournament_t *t, bool *done,
                              pl_io_journal_t **j, pl_error_t *err)
{
    char header[128];
    snprintf(header, sizeof header, JOURNAL_MAGIC " design=%016llx sessions=%zu\n",
             (unsigned long long)design_hash(o), t->nsessions);
    journal_read_t jr = {t, done};
    pl_error_t e;
    pl_error_init(&e);
    pl_status s = pl_io_journal_open(o->journal, header, journal_line, &jr, j, &e);
    if (s == PL_EINVAL)
        s = pl_error_set(err, PL_EINVAL, "%s: a journal of another tournament design (other "
                         "entrants, scenarios, protocols, seeds or rounds): remove it or choose "
                         "another output", o->journal);
    else if (s != PL_OK)
        s = pl_error_set(err, s, "%s", e.message);
    pl_error_destroy(&e);
    return s;
}

static bool journal_append(pl_io_journal_t *j, size_t idx, const pl_tournament_session_t *ts)
{
    char line[1024];
    int n = snprintf(line, sizeof line, "%zu\t%d\t%zu", idx, ts->agreement ? 1 : 0, ts->rounds);
    for (size_t r = 0; r < ts->nroles; r++)
        n += snprintf(line + n, sizeof line - (size_t)n, "\t%.17g", ts->utility[r]);
    n += snprintf(line + n, sizeof line - (size_t)n, "\t%.17g\t%.17g\t%.17g\t.\n", ts->welfare,
                  ts->pareto_distance, ts->nash_distance);
    return pl_io_journal_append(j, line);
}

/* ---------------------------------------------------------------- sessions */

/* What the distances are measured against, per model: the parties' frontier and Nash point. */
typedef struct {
    pl_frontier_t *f;
    pl_points_t pts;
    bool ok;
} measure_t;

static void measure(const pl_model_t *m, const measure_t *mz, const pl_sim_result_t *r,
                    pl_tournament_session_t *ts)
{
    size_t k = ts->nroles;
    double x[MAX_ROLES];
    ts->welfare = 0;
    for (size_t j = 0; j < k; j++) {
        size_t p = pl_model_party(m, j);
        ts->utility[j] = r->utility[p];
        ts->welfare += r->utility[p];
        /* as pl_sim_measure: the no-deal point is every party at its threshold */
        x[j] = r->agreement ? r->utility[p] : pl_model_threshold(m, p);
    }
    ts->pareto_distance = ts->nash_distance = NAN;
    if (!mz->ok) return;
    double best = INFINITY;
    for (size_t q = 0; q < mz->f->npoints; q++) {
        double d = 0;
        for (size_t j = 0; j < k; j++) d += pow(mz->f->u[q * k + j] - x[j], 2);
        if (d < best) best = d;
    }
    if (mz->f->npoints) ts->pareto_distance = sqrt(best);
    if (mz->pts.nash.found) {
        double d = 0;
        for (size_t j = 0; j < k; j++) d += pow(mz->pts.nash.u[j] - x[j], 2);
        ts->nash_distance = sqrt(d);
    }
}

/* Run session idx (already located in ts). */
static pl_status run_one(const pl_tournament_options_t *o, size_t idx, const pl_sim_cache_t *cache,
                         const measure_t *mz, pl_tournament_session_t *ts, pl_error_t *err)
{
    const pl_model_t *m = o->models[ts->model];
    size_t na = pl_model_nactors(m);
    const pl_strategy_type **strat = pl_calloc(na, sizeof *strat);
    double *param = pl_malloc(na * sizeof *param);
    const pl_external_t **ext = pl_calloc(na, sizeof *ext);
    if (!strat || !param || !ext) {
        pl_free(strat);
        pl_free(param);
        pl_free(ext);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t a = 0; a < na; a++) param[a] = NAN;
    for (size_t j = 0; j < ts->nroles; j++) {
        const pl_tournament_entrant_t *en = &o->entrants[ts->entrant[j]];
        size_t p = pl_model_party(m, j);
        if (en->external) ext[p] = en->external;
        else {
            strat[p] = en->type;
            param[p] = en->param;
        }
    }
    pl_sim_options_t so;
    pl_sim_options_init(&so);
    so.seed = o->seed;
    so.stream = idx;
    so.rounds = o->rounds;
    so.record = false;
    so.cache = cache;
    so.strategy = strat;
    so.param = param;
    so.external = (const pl_external_t *const *)ext;
    pl_session_t *s = NULL;
    pl_status st = pl_session_alloc(m, o->protocols[ts->protocol], &so, &s, err);
    if (st == PL_OK) st = pl_session_run(s, err);
    if (st == PL_OK) {
        const pl_sim_result_t *r = pl_session_result(s);
        ts->agreement = r->agreement;
        ts->rounds = r->rounds;
        measure(m, mz, r, ts);
    }
    pl_session_free(s);
    pl_free(strat);
    pl_free(param);
    pl_free(ext);
    return st;
}

/* ---------------------------------------------------------------- scores */

static int by_utility(const void *a, const void *b)
{
    const pl_tournament_score_t *x = a, *y = b;
    if (x->utility != y->utility) return x->utility > y->utility ? -1 : 1;
    return x->entrant < y->entrant ? -1 : x->entrant > y->entrant;
}

static void score(pl_tournament_t *t)
{
    size_t n = t->nentrants;
    double *sq = pl_calloc(n, sizeof *sq);
    size_t *np = pl_calloc(n, sizeof *np), *nn = pl_calloc(n, sizeof *nn);
    pl_tournament_score_t *sc = t->ranking;
    for (size_t e = 0; e < n; e++) sc[e].entrant = e;
    for (size_t i = 0; i < t->nsessions; i++) {
        const pl_tournament_session_t *ts = &t->sessions[i];
        for (size_t j = 0; j < ts->nroles; j++) {
            pl_tournament_score_t *s = &sc[ts->entrant[j]];
            s->n++;
            s->utility += ts->utility[j];
            if (sq) sq[ts->entrant[j]] += ts->utility[j] * ts->utility[j];
            s->welfare += ts->welfare;
            s->agreement_rate += ts->agreement;
            if (np && !isnan(ts->pareto_distance)) {
                s->pareto_distance += ts->pareto_distance;
                np[ts->entrant[j]]++;
            }
            if (nn && !isnan(ts->nash_distance)) {
                s->nash_distance += ts->nash_distance;
                nn[ts->entrant[j]]++;
            }
        }
    }
    for (size_t e = 0; e < n; e++) {
        pl_tournament_score_t *s = &sc[e];
        double c = (double)s->n;
        if (s->n) {
            s->utility /= c;
            s->welfare /= c;
            s->agreement_rate /= c;
        }
        /* 95% normal-approximation interval of the mean: 1.96 sample sd / sqrt(n) */
        double var = s->n > 1 && sq ? (sq[e] - c * s->utility * s->utility) / (c - 1) : NAN;
        s->utility_ci = s->n > 1 ? 1.96 * sqrt(var > 0 ? var : 0) / sqrt(c) : NAN;
        s->pareto_distance = np && np[e] ? s->pareto_distance / (double)np[e] : NAN;
        s->nash_distance = nn && nn[e] ? s->nash_distance / (double)nn[e] : NAN;
        if (!s->n) s->utility = s->welfare = s->agreement_rate = NAN;
    }
    qsort(sc, n, sizeof *sc, by_utility);
    pl_free(sq);
    pl_free(np);
    pl_free(nn);
}

/* ---------------------------------------------------------------- run */

void pl_tournament_free(pl_tournament_t *t)
{
    if (!t) return;
    pl_free(t->sessions);
    pl_free(t->ranking);
    pl_free(t);
}

/* Caches and measures per model (built once, read by every session). */
static pl_status prepare(const pl_tournament_options_t *o, pl_sim_cache_t **caches, measure_t *mz,
                         pl_error_t *err)
{
    for (size_t mi = 0; mi < o->nmodels; mi++) {
        const pl_model_t *m = o->models[mi];
        PL_CHECK(pl_sim_cache_alloc(m, &caches[mi], err));
        size_t k = pl_model_nparties(m), parties[MAX_ROLES];
        for (size_t j = 0; j < k; j++) parties[j] = pl_model_party(m, j);
        pl_points_init(&mz[mi].pts);
        /* too large to measure: the distances are left out (NaN), as in parley simulate */
        if (pl_frontier_compute(m, parties, k, PL_FRONTIER_AUTO, 0, &mz[mi].f, NULL) == PL_OK &&
            pl_points_compute(m, mz[mi].f, &mz[mi].pts, NULL) == PL_OK)
            mz[mi].ok = true;
    }
    return PL_OK;
}

/* The sessions not in the journal, in parallel; the first failure (by index) is reported. */
static pl_status run_pending(const pl_tournament_options_t *o, pl_tournament_t *t, bool *done,
                             pl_sim_cache_t *const *caches, const measure_t *mz, pl_io_journal_t *journal,
                             pl_error_t *err)
{
    size_t first_fail = SIZE_MAX;
    pl_status fail_st = PL_OK;
    bool journal_ok = true;
    long n = (long)t->nsessions;
#pragma omp parallel for schedule(dynamic, 1)
    for (long i = 0; i < n; i++) {
        if (done[i]) continue;
        pl_tournament_session_t *ts = &t->sessions[i];
        pl_error_t e;
        pl_error_init(&e);
        pl_status st = run_one(o, (size_t)i, caches[ts->model], &mz[ts->model], ts, &e);
#pragma omp critical(pl_tournament)
        {
            if (st != PL_OK) {
                if ((size_t)i < first_fail) {
                    first_fail = (size_t)i;
                    fail_st = st;
                    pl_error_clear(err);
                    pl_error_set(err, st, "tournament session %ld (%s, %s, seed %zu): %s", i + 1,
                                 o->model_names ? o->model_names[ts->model] : "?",
                                 o->protocols[ts->protocol]->name, ts->seed + 1,
                                 e.ndiags ? e.message : pl_strerror(st));
                }
            } else {
                done[i] = true;
                if (journal && !journal_append(journal, (size_t)i, ts)) journal_ok = false;
            }
        }
        pl_error_destroy(&e);
    }
    if (fail_st != PL_OK) return fail_st;
    if (!journal_ok) return pl_error_set(err, PL_EIO, "%s: cannot write", o->journal);
    return PL_OK;
}

pl_status pl_tournament_run(const pl_tournament_options_t *o, pl_tournament_t **out,
                            pl_error_t *err)
{
    *out = NULL;
    PL_CHECK(check_design(o, err));
    pl_tournament_t *t = pl_calloc(1, sizeof *t);
    if (!t) return pl_error_set(err, PL_ENOMEM, "out of memory");
    t->nsessions = pl_tournament_size(o);
    t->nentrants = o->nentrants;
    t->sessions = pl_calloc(t->nsessions ? t->nsessions : 1, sizeof *t->sessions);
    t->ranking = pl_calloc(o->nentrants, sizeof *t->ranking);
    bool *done = pl_calloc(t->nsessions ? t->nsessions : 1, sizeof *done);
    pl_sim_cache_t **caches = pl_calloc(o->nmodels, sizeof *caches);
    measure_t *mz = pl_calloc(o->nmodels, sizeof *mz);
    pl_io_journal_t *journal = NULL;
    pl_status st = PL_OK;
    if (!t->sessions || !t->ranking || !done || !caches || !mz) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < t->nsessions; i++) locate(o, i, &t->sessions[i]);
    if (o->journal && (st = journal_open(o, t, done, &journal, err)) != PL_OK) goto out;
    if ((st = prepare(o, caches, mz, err)) != PL_OK) goto out;
    st = run_pending(o, t, done, caches, mz, journal, err);
    if (st == PL_OK) score(t);
out:
    pl_io_journal_close(journal);
    if (caches)
        for (size_t mi = 0; mi < o->nmodels; mi++) pl_sim_cache_free(caches[mi]);
    if (mz)
        for (size_t mi = 0; mi < o->nmodels; mi++) {
            pl_frontier_free(mz[mi].f);
            pl_points_destroy(&mz[mi].pts);
        }
    pl_free(caches);
    pl_free(mz);
    pl_free(done);
    if (st != PL_OK) {
        pl_tournament_free(t);
        return st;
    }
    *out = t;
    return PL_OK;
}
