/*
 * analysis.c: the zone of possible agreement under mandates and ratification, proposals'
 * standing, and the driver pl_analysis_run that puts them together with the frontier and the
 * bargaining points (points.c).
 */
#include "analysis_internal.h"
#include "rects_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>


/* ---- first rational outcome in enumeration order (depth-first, bounds for additive actors) */

typedef struct dfs_ctx {
    const pl_model_t *m;
    const size_t *act;
    size_t k;
    bool *add;
    double *maxrest;  /* (n + 1) * k */
    double *ps;       /* (n + 1) * k partial sums */
    size_t *o;
    uint64_t nodes, max_nodes;
} dfs_ctx;

static int dfs(dfs_ctx *c, size_t i)
{
    const pl_model_t *m = c->m;
    size_t k = c->k;
    if (i == m->nissues) {
        for (size_t j = 0; j < k; j++) {
            if (!pl_model_accepts(m, c->act[j], c->o)) return 0;
        }
        return 1;
    }
    for (size_t v = 0; v < m->nvalues[i]; v++) {
        if (++c->nodes > c->max_nodes) return -1;
        c->o[i] = v;
        bool ok = true;
        for (size_t j = 0; j < k && ok; j++) {
            const pl_i_actor_t *ac = &m->actor[c->act[j]];
            for (size_t r = 0; r < ac->nrequire && ok; r++)
                if (ac->require[r].issue == i && !ac->require[r].allowed[v]) ok = false;
            if (!c->add[j]) continue;
            double x = c->ps[i * k + j] + m->table[c->act[j]][i][v];
            c->ps[(i + 1) * k + j] = x;
            if (x + c->maxrest[(i + 1) * k + j] < m->threshold[c->act[j]] - PL_TOL - 1e-9) ok = false;
        }
        if (!ok) continue;
        int r = dfs(c, i + 1);
        if (r) return r;
    }
    return 0;
}

pl_status pl_i_first_rational(const pl_model_t *m, const size_t *act, size_t k,
                              uint64_t max_nodes, size_t *outcome, bool *found, pl_error_t *err)
{
    size_t n = m->nissues;
    dfs_ctx c = {.m = m, .act = act, .k = k, .max_nodes = max_nodes};
    c.add = pl_calloc(k, sizeof *c.add);
    c.maxrest = pl_calloc((n + 1) * k, sizeof *c.maxrest);
    c.ps = pl_calloc((n + 1) * k, sizeof *c.ps);
    c.o = outcome;
    *found = false;
    pl_status s = PL_OK;
    if (!c.add || !c.maxrest || !c.ps) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < k; j++) c.add[j] = pl_i_is_additive(m, act[j]);
    for (size_t i = n; i-- > 0;)
        for (size_t j = 0; j < k; j++) {
            double best = 0;
            if (c.add[j]) {
                best = -INFINITY;
                for (size_t v = 0; v < m->nvalues[i]; v++)
                    if (m->table[act[j]][i][v] > best) best = m->table[act[j]][i][v];
            }
            c.maxrest[i * k + j] = c.maxrest[(i + 1) * k + j] + best;
        }
    int r = dfs(&c, 0);
    if (r < 0)
        s = pl_error_set(err, PL_ETOOBIG,
                         "searching for the first rational outcome took more than %llu steps",
                         (unsigned long long)max_nodes);
    else
        *found = r == 1;
done:
    pl_free(c.add);
    pl_free(c.maxrest);
    pl_free(c.ps);
    return s;
}

/* ---- zone of possible agreement ---- */

static bool has_prefs(const pl_model_t *m, size_t a)
{
    return m->table[a] || m->actor[a].hyper;
}

/* Classify o with the one acceptance rule (pl_model_feasible): 0 the table would not agree
 * even with every mandate and ratification granted, 1 it would but a mandate or ratification
 * blocks it, 2 feasible. *mand / *rat tell what blocked it; blocks[] counts who. acc is scratch
 * (nactors). */
static int zone_classify(const pl_model_t *m, const size_t *o, uint64_t *blocks, bool *mand,
                         bool *rat, bool *acc)
{
    *mand = *rat = false;
    if (!pl_i_allowed(m, o)) return 0;
    if (m->acc.rule == PL_DECIDE_UNANIMITY)
        /* fast exit, the same verdict: under unanimity a party that rejects (or walked out)
         * fails the table whatever the mandates and ratification say */
        for (size_t k = 0; k < m->nparties; k++) {
            size_t p = m->parties[k];
            if (m->acc.walked[p] || !pl_model_requirements_met(m, p, o) ||
                (m->acc.prefs[p] && pl_model_utility(m, p, o) < m->acc.need[p] - PL_TOL))
                return 0;
        }
    pl_model_acceptances(m, o, acc);
    if (pl_model_decides_by(m, acc, NULL)) return 2;
    /* the table's own decision: mandates granted, every ratification voter saying yes */
    bool stack[256];
    bool *t = m->nactors <= 256 ? stack : pl_malloc(m->nactors * sizeof *t);
    if (!t) return 0;
    for (size_t a = 0; a < m->nactors; a++)
        t[a] = m->actor[a].role == PL_ROLE_PARTY ? acc[a] : true;
    bool table = pl_model_decides_by(m, t, NULL);
    if (t != stack) pl_free(t);
    if (!table) return 0;
    for (size_t d = 0; d < m->nactors; d++)
        if (m->actor[d].role == PL_ROLE_DELEGATION && !acc[d]) {
            *mand = true;
            if (blocks) blocks[d]++;
        }
    for (size_t p = 0; p < m->nparties; p++) {
        size_t b = PL_UNSET;
        if (!pl_model_ratified_by(m, m->parties[p], acc, &b)) {
            *rat = true;
            if (blocks) blocks[b != PL_UNSET ? b : m->parties[p]]++;
        }
    }
    return 1;
}

/* Does the zone reduce to counting what the parties with preferences accept? No constraint,
 * unanimity with nobody walked out, no participation level above a threshold, no delegation
 * (mandate), no ratification, every party and faction with preferences additive. Then feasible =
 * accepted = rational for those parties, nothing is blocked, and the zone can be counted without
 * enumerating (meet in the middle). Fills act[0..*k) (room for the parties) with those parties. */
static bool zone_is_rational_set(const pl_model_t *m, size_t *act, size_t *k)
{
    *k = 0;
    if (m->acc.nconstraints || m->acc.rule != PL_DECIDE_UNANIMITY) return false;
    for (size_t a = 0; a < m->nactors; a++) {
        pl_role r = m->actor[a].role;
        if (r == PL_ROLE_DELEGATION) return false;
        if ((r == PL_ROLE_PARTY || r == PL_ROLE_FACTION) && has_prefs(m, a) && !pl_i_is_additive(m, a))
            return false;
    }
    for (size_t p = 0; p < m->nparties; p++) {
        size_t a = m->parties[p];
        if (m->acc.walked[a] || m->acc.need[a] != m->threshold[a]) return false;
        if (pl_model_has_ratification(m, a)) return false;
        if (!has_prefs(m, a)) continue;
        act[(*k)++] = a;
    }
    return true;
}

/* The zone without enumeration when zone_is_rational_set holds (act[0..k) its parties; counted,
 * when given, is their exact rational count); false
 * when it does not apply, a count is not exact within its work budget, or memory fails (the
 * caller then enumerates or leaves the zone unknown). */
static bool zone_mitm(const pl_model_t *m, uint64_t total, const size_t *act, size_t k,
                      const uint64_t *counted, pl_zone_t *z)
{
    uint64_t acc = total;
    if (counted) acc = *counted; /* the same actors' rational count, already exact */
    else if (k && !pl_i_count_accepting(m, act, k, &acc)) return false;
    uint64_t *rej = pl_calloc(m->nactors ? m->nactors : 1, sizeof *rej);
    if (!rej) return false;
    for (size_t a = 0; a < m->nactors; a++) {
        pl_role r = m->actor[a].role;
        if ((r != PL_ROLE_PARTY && r != PL_ROLE_FACTION) || !has_prefs(m, a)) continue;
        uint64_t c;
        if (!pl_i_count_accepting(m, &a, 1, &c)) {
            pl_free(rej);
            return false;
        }
        rej[a] = total - c;
    }
    memcpy(z->rejects, rej, m->nactors * sizeof *rej);
    pl_free(rej);
    z->accepted = z->feasible = z->allowed = acc;
    z->allowed = total;
    z->known = true;
    return true;
}

/* ---- progress and the time limit of the zone's enumeration ---- */

typedef struct zone_clock {
    pl_progress_fn fn;
    void *ctx;
    double deadline;   /* CLOCK_MONOTONIC seconds; 0 = none */
} zone_clock;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

pl_i_clock pl_i_clock_start(double limit, pl_progress_fn fn, void *ctx)
{
    return (pl_i_clock){fn, ctx, limit > 0 ? limit : 0, limit > 0 ? now_s() + limit : 0};
}

bool pl_i_clock_tick(const pl_i_clock *c, uint64_t done, uint64_t total)
{
    if (c->fn) c->fn(done, total, c->ctx);
    return c->deadline > 0 && now_s() >= c->deadline;
}

pl_status pl_frontier_compute_timed(const pl_model_t *m, const size_t *actors, size_t k,
                                    pl_frontier_method method, uint64_t max_enumerate,
                                    double time_limit, pl_frontier_t **out, pl_error_t *err)
{
    pl_i_clock clk = pl_i_clock_start(time_limit, NULL, NULL);
    return pl_i_frontier_compute(m, actors, k, method, max_enumerate, &clk, out, err);
}

pl_status pl_analysis_count_rational(const pl_model_t *m, const size_t *actors, size_t k,
                                     uint64_t max_enumerate, uint64_t *n, bool *known,
                                     bool *all, pl_error_t *err)
{
    uint64_t examined;
    return pl_i_count_rational(m, actors, k, max_enumerate, NULL, n, known, all, &examined, err);
}

/* report `done` of `total`; true when the time limit has passed */
static bool progress_stop(const zone_clock *c, uint64_t done, uint64_t total)
{
    if (c->fn) c->fn(done, total, c->ctx);
    return c->deadline > 0 && now_s() >= c->deadline;
}

/* The feasible outcomes kept for the points and dominance over the feasible set (at most this
 * many; beyond, those are not computed and the analysis says so). */
#define MAX_FEASIBLE_KEPT 4000000ULL

static bool keep_feasible(const pl_model_t *m, const pl_analysis_t *an, pl_frontier_t *f,
                          const size_t *o)
{
    if (f->npoints % 1024 == 0) {
        size_t cap = f->npoints + 1024;
        double *u = pl_realloc(f->u, cap * f->k * sizeof *u);
        if (u) f->u = u;
        size_t *oc = pl_realloc(f->outcome, cap * f->nissues * sizeof *oc);
        if (oc) f->outcome = oc;
        if (!u || !oc) return false;
    }
    for (size_t j = 0; j < f->k; j++) f->u[f->npoints * f->k + j] = pl_model_utility(m, an->actors[j], o);
    memcpy(f->outcome + f->npoints * f->nissues, o, f->nissues * sizeof *o);
    f->npoints++;
    return true;
}

static pl_status zone_compute(const pl_model_t *m, const pl_analysis_options_t *opt,
                              uint64_t max_enumerate, pl_analysis_t *an, pl_frontier_t *feas,
                              pl_error_t *err)
{
    zone_clock pr = {opt->progress, opt->progress_ctx,
                     opt->time_limit > 0 ? now_s() + opt->time_limit : 0};
    pl_zone_t *z = &an->zone;
    size_t na = m->nactors ? m->nactors : 1;
    z->blocks = pl_calloc(na, sizeof *z->blocks);
    z->rejects = pl_calloc(na, sizeof *z->rejects);
    size_t *o = pl_calloc(m->nissues ? m->nissues : 1, sizeof *o);
    bool *acc = pl_calloc(na, sizeof *acc);
    if (!z->blocks || !z->rejects || !o || !acc) {
        pl_free(o);
        pl_free(acc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    bool keep = true;
    uint64_t total;
    an->zone_method = NULL;
    if (!pl_model_space_size(m, &total)) {
        pl_free(o);
        pl_free(acc);
        return PL_OK;
    }
    /* Counting without enumeration loses the feasible outcomes themselves; that is fine when the
     * feasible set is the rational set of the chosen actors (the frontier and its points then
     * serve for it) or when the space is too large to enumerate anyway. */
    size_t *act = pl_malloc((m->nparties ? m->nparties : 1) * sizeof *act), k = 0;
    if (!act) {
        pl_free(o);
        pl_free(acc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    bool rset = zone_is_rational_set(m, act, &k);
    bool same = rset && k == an->k && memcmp(act, an->actors, k * sizeof *act) == 0;
    const uint64_t *counted = same && an->rational_known ? &an->rational : NULL;
    bool mitm = rset && (same || total > max_enumerate) && zone_mitm(m, total, act, k, counted, z);
    pl_free(act);
    if (mitm) {
        an->zone_method = "meet in the middle";
        an->feasible_from_frontier = same;
        pl_free(o);
        pl_free(acc);
        return PL_OK;
    }
    if (total > max_enumerate) {
        pl_free(o);
        pl_free(acc);
        return PL_OK;
    }
    /* the estimate before the work: each outcome may need each preference holder's utility */
    uint64_t holders = 0;
    for (size_t a = 0; a < m->nactors; a++) {
        pl_role r = m->actor[a].role;
        holders += (r == PL_ROLE_PARTY || r == PL_ROLE_FACTION) && has_prefs(m, a);
    }
    if (!holders) holders = 1;
    z->work = total > UINT64_MAX / holders ? UINT64_MAX : total * holders;
    uint64_t max_work = opt->max_zone_work ? opt->max_zone_work : PL_ANALYSIS_MAX_ZONE_WORK;
    if (z->work > max_work && !(opt->time_limit > 0)) {
        z->over_limit = true;
        pl_free(o);
        pl_free(acc);
        return PL_OK;
    }
    an->zone_method = "enumeration";
    /* who rejects: without constraints every outcome is allowed, and an additive actor's
     * rejections are counted by meet in the middle instead of a utility per outcome and actor
     * (200 actors over 10^7 outcomes: minutes); `count` marks those left to the enumeration */
    bool *count = pl_calloc(na, sizeof *count);
    if (!count) {
        pl_free(o);
        pl_free(acc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t ncount = 0;
    for (size_t a = 0; a < m->nactors; a++) {
        pl_role r = m->actor[a].role;
        if ((r != PL_ROLE_PARTY && r != PL_ROLE_FACTION) || !has_prefs(m, a)) continue;
        uint64_t c;
        if (!m->acc.nconstraints && pl_i_count_accepting(m, &a, 1, &c)) z->rejects[a] = total - c;
        else count[a] = true, ncount++;
    }
    /* progress and the clock every 1,024 outcomes at most: a stop comes soon after the limit */
    uint64_t step = total / 1000 + 1 < 1024 ? total / 1000 + 1 : 1024, next = step, idx;
    for (idx = 0; idx < total; idx++) {
        if (idx == next) {
            next += step;
            if (progress_stop(&pr, idx, total)) {
                z->partial = true;
                break;
            }
        }
        if (!pl_i_allowed(m, o)) {
            pl_model_outcome_next(m, o);
            continue;
        }
        z->allowed++;
        for (size_t a = 0; ncount && a < m->nactors; a++)
            if (count[a] && !pl_model_accepts(m, a, o)) z->rejects[a]++;
        bool mand, rat;
        int c = zone_classify(m, o, z->blocks, &mand, &rat, acc);
        if (c >= 1) z->accepted++;
        if (c == 2) {
            z->feasible++;
            if (keep && feas && (z->feasible > MAX_FEASIBLE_KEPT || !keep_feasible(m, an, feas, o)))
                keep = false;
        }
        if (mand) z->out_of_mandate++;
        if (rat) z->not_ratified++;
        pl_model_outcome_next(m, o);
    }
    z->examined = idx;
    if (!z->partial && pr.fn) pr.fn(total, total, pr.ctx);
    z->known = true;
    /* a partial feasible set would give points that are not the feasible set's */
    an->feasible_kept = keep && !z->partial;
    pl_free(count);
    pl_free(o);
    pl_free(acc);
    return PL_OK;
}

/* ---- proposals ---- */

static void proposal_destroy(pl_proposal_report_t *r)
{
    pl_free(r->u_min);
    pl_free(r->u_max);
    pl_free(r->accepts);
    pl_free(r->has_utility);
    pl_free(r->blocker);
    pl_free(r->feasible_dominator);
    pl_free(r->feasible_dominator_u);
}

#define MAX_COMPLETIONS 10000000ULL

/* Dominance within the feasible set: the feasible outcome better for every chosen actor with
 * the largest sum of gains (the first in enumeration order among equals). */
static pl_status dominate_feasible(const pl_model_t *m, const pl_analysis_t *an,
                                   const pl_frontier_t *feas, const double *x,
                                   pl_proposal_report_t *r, pl_error_t *err)
{
    size_t k = feas->k;
    double best = -INFINITY;
    size_t by = PL_UNSET;
    for (size_t p = 0; p < feas->npoints; p++) {
        const double *u = feas->u + p * k;
        if (!pl_i_dominates(u, x, k, PL_TOL, PL_TOL)) continue;
        double gain = 0;
        for (size_t j = 0; j < k; j++) gain += u[j] - x[j];
        if (gain > best + PL_TOL) {
            best = gain;
            by = p;
        }
    }
    (void)an;
    r->feasible_dominated = by != PL_UNSET;
    if (by == PL_UNSET) return PL_OK;
    r->feasible_dominator = pl_malloc((m->nissues + 1) * sizeof(size_t));
    r->feasible_dominator_u = pl_malloc((k + 1) * sizeof(double));
    if (!r->feasible_dominator || !r->feasible_dominator_u)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    memcpy(r->feasible_dominator, feas->outcome + by * m->nissues, m->nissues * sizeof(size_t));
    memcpy(r->feasible_dominator_u, feas->u + by * k, k * sizeof(double));
    return PL_OK;
}

/* Go through a partial proposal's completions (o holds the set values, the unset ones at 0)
 * for the range of utilities, acceptance and the zone; clk (NULL = none) may stop it. */
static void proposal_completions(const pl_model_t *m, const size_t *pv, size_t *o, bool *acc,
                                 const pl_i_clock *clk, pl_proposal_report_t *r)
{
    size_t n = m->nissues;
    r->examined = r->completions;
    for (uint64_t c = 0; c < r->completions; c++) {
        if (clk && c && !(c & 4095) && pl_i_clock_tick(clk, c, r->completions)) {
            r->stopped = true;
            r->examined = c;
            return;
        }
        for (size_t a = 0; a < m->nactors; a++) {
            if (!r->has_utility[a]) continue;
            double u = pl_model_utility(m, a, o);
            if (u < r->u_min[a]) r->u_min[a] = u;
            if (u > r->u_max[a]) r->u_max[a] = u;
            if (pl_model_accepts(m, a, o)) r->accepts[a] = true;
        }
        bool mand, rat;
        if (zone_classify(m, o, NULL, &mand, &rat, acc) == 2) r->in_zone++;
        for (size_t l = n; l-- > 0;) {
            if (pv[l] != PL_UNSET) continue;
            if (++o[l] < m->nvalues[l]) break;
            o[l] = 0;
        }
    }
    if (clk && clk->fn) clk->fn(r->completions, r->completions, clk->ctx);
}

static pl_status proposal_analyse(const pl_model_t *m, const pl_analysis_t *an,
                                  const pl_frontier_t *feas, size_t pi,
                                  const pl_analysis_options_t *opt, pl_proposal_report_t *r,
                                  pl_error_t *err)
{
    const size_t *pv = m->proposal + pi * m->nissues;
    size_t n = m->nissues, na = m->nactors ? m->nactors : 1;
    r->proposal = pi;
    r->u_min = pl_malloc(na * sizeof(double));
    r->u_max = pl_malloc(na * sizeof(double));
    r->accepts = pl_calloc(na, sizeof(bool));
    r->has_utility = pl_calloc(na, sizeof(bool));
    r->blocker = pl_calloc(m->nparties ? m->nparties : 1, sizeof(size_t));
    size_t *o = pl_calloc(n ? n : 1, sizeof *o);
    bool *acc = pl_calloc(na, sizeof *acc);
    if (!r->u_min || !r->u_max || !r->accepts || !r->has_utility || !r->blocker || !o || !acc) {
        pl_free(o);
        pl_free(acc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    r->completions = 1;
    for (size_t i = 0; i < n; i++) {
        if (pv[i] == PL_UNSET) {
            r->partial = true;
            if (r->completions > MAX_COMPLETIONS / m->nvalues[i]) r->completions = UINT64_MAX;
            else r->completions *= m->nvalues[i];
        }
        o[i] = pv[i] == PL_UNSET ? 0 : pv[i];
    }
    size_t nprefs = 0;
    for (size_t a = 0; a < m->nactors; a++) {
        r->has_utility[a] = has_prefs(m, a);
        nprefs += r->has_utility[a];
        r->u_min[a] = INFINITY;
        r->u_max[a] = -INFINITY;
    }
    r->nash_distance = NAN;
    r->dominated_by = PL_UNSET;
    r->mandate_blocker = PL_UNSET;
    for (size_t p = 0; p < m->nparties; p++) r->blocker[p] = PL_UNSET;
    if (r->completions == UINT64_MAX) {
        /* too many completions to go through: report nothing per completion */
        pl_free(o);
        pl_free(acc);
        return PL_OK;
    }
    /* the work estimate: every completion needs every utility (at least 1 per completion) */
    uint64_t per = nprefs ? nprefs : 1;
    r->work = r->completions > UINT64_MAX / per ? UINT64_MAX : r->completions * per;
    uint64_t max_work = opt->max_proposal_work ? opt->max_proposal_work
                                               : PL_ANALYSIS_MAX_PROPOSAL_WORK;
    if (r->partial && r->work > max_work) {
        if (!(opt->time_limit > 0)) {
            /* refused before the work: the report says so and how to raise the limit */
            r->over_limit = true;
            pl_free(o);
            pl_free(acc);
            return PL_OK;
        }
        pl_i_clock clk = pl_i_clock_start(opt->time_limit, opt->progress, opt->progress_ctx);
        proposal_completions(m, pv, o, acc, &clk, r);
    } else {
        proposal_completions(m, pv, o, acc, NULL, r);
    }
    if (!r->partial) {
        r->ratified = true;
        for (size_t p = 0; p < m->nparties; p++)
            if (!pl_model_ratified(m, m->parties[p], o, &r->blocker[p])) {
                r->ratified = false;
                if (r->blocker[p] == PL_UNSET) r->blocker[p] = m->parties[p];
            }
        r->within_mandates = true;
        for (size_t d = 0; d < m->nactors; d++)
            if (m->actor[d].role == PL_ROLE_DELEGATION && !pl_model_within_mandate(m, d, o)) {
                r->within_mandates = false;
                if (r->mandate_blocker == PL_UNSET) r->mandate_blocker = d;
            }
        const pl_frontier_t *f = an->frontier;
        if (f) {
            double x[64];
            size_t k = f->k < 64 ? f->k : 64;
            for (size_t j = 0; j < k; j++) x[j] = pl_model_utility(m, f->actors[j], o);
            double best = -INFINITY;
            for (size_t p = 0; p < f->npoints; p++) {
                const double *u = f->u + p * f->k;
                if (!pl_i_dominates(u, x, k, PL_TOL, PL_TOL)) continue;
                double gain = 0;
                for (size_t j = 0; j < k; j++) gain += u[j] - x[j];
                if (gain > best + PL_TOL) {
                    best = gain;
                    r->dominated_by = p;
                }
            }
            r->dominated = r->dominated_by != PL_UNSET;
            if (an->points.nash.found) {
                double d2 = 0;
                for (size_t j = 0; j < k; j++) {
                    double d = x[j] - an->points.nash.u[j];
                    d2 += d * d;
                }
                r->nash_distance = sqrt(d2);
            }
        }
        if (feas && an->feasible_kept) {
            double x[64];
            size_t k = feas->k < 64 ? feas->k : 64;
            for (size_t j = 0; j < k; j++) x[j] = pl_model_utility(m, feas->actors[j], o);
            pl_status s = dominate_feasible(m, an, feas, x, r, err);
            if (s != PL_OK) {
                pl_free(o);
                pl_free(acc);
                return s;
            }
        }
    }
    pl_free(o);
    pl_free(acc);
    return PL_OK;
}

/* ---- driver ---- */

/* The rational count of rectangle utilities too large to enumerate: exact when the search
 * finishes within its node budget, else bounded. */
#define RECTS_COUNT_NODES 2000000ULL

static pl_status count_rational_rects(const pl_model_t *m, pl_analysis_t *a)
{
    if (!pl_i_rects_applicable(m, a->actors, a->k)) return PL_OK;
    pl_i_rs rs;
    pl_status s = pl_i_rs_init(&rs, m, a->actors, a->k, NULL);
    if (s != PL_OK) return s;
    pl_i_rs_count(&rs, RECTS_COUNT_NODES);
    bool sat = rs.count_lo == UINT64_MAX || rs.count_open == UINT64_MAX;
    if (rs.count_all) {
        a->rational_known = a->rational_all = true;
        a->rational = a->outcomes_fit ? a->outcomes : UINT64_MAX;
    } else if (rs.count_open == 0 && !sat) {
        a->rational_known = true;
        a->rational = rs.count_lo;
    } else {
        a->rational_bounded = true;
        a->rational_min = rs.count_lo;
        a->rational_max = rs.count_lo > UINT64_MAX - rs.count_open ? UINT64_MAX
                                                                    : rs.count_lo + rs.count_open;
    }
    pl_i_rs_free(&rs);
    return PL_OK;
}

void pl_analysis_free(pl_analysis_t *a)
{
    if (!a) return;
    pl_free(a->actors);
    pl_frontier_free(a->frontier);
    pl_points_destroy(&a->points);
    pl_points_destroy(&a->feasible_points);
    pl_free(a->zone.blocks);
    pl_free(a->zone.rejects);
    for (size_t p = 0; p < a->nproposals; p++) proposal_destroy(&a->proposals[p]);
    pl_free(a->proposals);
    pl_free(a);
}

void pl_analysis_options_init(pl_analysis_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->method = PL_FRONTIER_AUTO;
}

pl_status pl_analysis_run(const pl_model_t *m, const pl_analysis_options_t *opt,
                          pl_analysis_t **out, pl_error_t *err)
{
    *out = NULL;
    pl_analysis_options_t dflt;
    pl_analysis_options_init(&dflt);
    if (!opt) opt = &dflt;
    uint64_t cap = opt->max_enumerate ? opt->max_enumerate : PL_ANALYSIS_MAX_ENUMERATE;
    pl_analysis_t *a = pl_calloc(1, sizeof *a);
    if (!a) return pl_error_set(err, PL_ENOMEM, "out of memory");
    /* the feasible outcomes, in enumeration order, as a frontier-shaped list of points */
    pl_frontier_t feas = {0};
    pl_status s = pl_i_choose_actors(m, opt->actors, opt->nactors, &a->actors, &a->k, err);
    if (s != PL_OK) goto fail;
    pl_model_space_size_str(m, a->outcomes_str, sizeof a->outcomes_str);
    a->outcomes_fit = pl_model_space_size(m, &a->outcomes);
    pl_i_clock cclk = pl_i_clock_start(opt->time_limit, opt->progress, opt->progress_ctx);
    s = pl_i_count_rational(m, a->actors, a->k, cap, &cclk, &a->rational, &a->rational_known,
                            &a->rational_all, &a->rational_examined, err);
    if (s != PL_OK) goto fail;
    uint64_t clo, chi;
    if (!a->rational_known && a->rational_examined) {
        /* the time limit stopped the enumeration: what it counted, up to every outcome left */
        a->rational_stopped = a->rational_bounded = true;
        a->rational_min = a->rational;
        a->rational_max = a->rational + (a->outcomes - a->rational_examined);
        a->rational = 0;
    } else if (!a->rational_known && m->acc.nconstraints == 0 &&
        pl_i_count_accepting_bounded(m, a->actors, a->k, PL_I_COUNT_WORK, &clo, &chi)) {
        /* additive beyond the enumeration cap and past the exact count's budget (or within
         * rounding of a threshold): meet in the middle still bounds it */
        a->rational_known = clo == chi;
        a->rational_bounded = clo != chi;
        a->rational = clo == chi ? clo : 0;
        a->rational_min = clo;
        a->rational_max = chi;
    } else if (!a->rational_known) {
        s = count_rational_rects(m, a);
        if (s != PL_OK) {
            s = pl_error_set(err, s, "out of memory");
            goto fail;
        }
    }
    /* a frontier too large to compute is a finding, not a failure */
    pl_error_t ferr;
    pl_error_init(&ferr);
    pl_i_clock fclk = pl_i_clock_start(opt->time_limit, opt->progress, opt->progress_ctx);
    a->frontier_status = pl_i_frontier_compute(m, a->actors, a->k, opt->method, cap, &fclk,
                                               &a->frontier, &ferr);
    if (a->frontier_status != PL_OK) {
        snprintf(a->frontier_message, sizeof a->frontier_message, "%s", ferr.message);
        if (a->frontier_status != PL_ETOOBIG && a->frontier_status != PL_EUNSUPPORTED) {
            s = pl_error_set(err, a->frontier_status, "%s", ferr.message);
            pl_error_destroy(&ferr);
            goto fail;
        }
    }
    pl_error_destroy(&ferr);
    if (a->frontier) {
        s = pl_points_compute(m, a->frontier, &a->points, err);
        if (s != PL_OK) goto fail;
    }
    feas.k = a->k;
    feas.actors = a->actors;
    feas.nissues = m->nissues;
    s = zone_compute(m, opt, cap, a, &feas, err);
    if (s != PL_OK) goto fail;
    /* the feasible set is the chosen actors' rational set: its frontier stands for it */
    const pl_frontier_t *fs = &feas;
    if (a->feasible_from_frontier) {
        a->feasible_kept = a->frontier != NULL;
        if (a->frontier) fs = a->frontier;
    }
    if (a->zone.known && a->feasible_kept && fs->npoints) {
        s = pl_i_points_from(m, fs, &a->feasible_points, true, err);
        if (s != PL_OK) goto fail;
    }
    if (m->nproposals) {
        a->proposals = pl_calloc(m->nproposals, sizeof *a->proposals);
        if (!a->proposals) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        a->nproposals = m->nproposals;
        for (size_t p = 0; p < m->nproposals; p++) {
            s = proposal_analyse(m, a, fs, p, opt, &a->proposals[p], err);
            if (s != PL_OK) goto fail;
        }
    }
    pl_free(feas.u);
    pl_free(feas.outcome);
    *out = a;
    return PL_OK;
fail:
    pl_free(feas.u);
    pl_free(feas.outcome);
    pl_analysis_free(a);
    return s;
}
