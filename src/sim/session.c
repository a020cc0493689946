/*
 * session.c: the one interface every protocol is driven through (alloc, step, result, free),
 * the negotiators' views, the offer and acceptance machinery strategies share, the trace,
 * and the tables of protocols and strategies.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFER_WINDOW 0.02 /* offers within this much utility above the target count as near */
#define OFFER_CANDIDATES 48

/* The registries. The descriptors live in their own files as `const T *const` objects, which C
 * does not accept in a static initializer, so each table is a switch: nothing shared is written,
 * which matters because sessions of a parallel batch look strategies up concurrently. Adding a
 * protocol or strategy is one more case here. */
#define NPROTOCOLS 5
#define NSTRATEGIES 7

size_t pl_protocol_count(void) { return NPROTOCOLS; }

const pl_protocol_type *pl_protocol_at(size_t i)
{
    switch (i) {
    case 0: return pl_protocol_amop;
    case 1: return pl_protocol_feedback;
    case 2: return pl_protocol_sao;
    case 3: return pl_protocol_shuttle;
    case 4: return pl_protocol_single_text;
    default: return NULL;
    }
}

const pl_protocol_type *pl_protocol_find(const char *name)
{
    for (size_t i = 0; i < NPROTOCOLS; i++)
        if (strcmp(pl_protocol_at(i)->name, name) == 0) return pl_protocol_at(i);
    if (strcmp(name, "saop") == 0 || strcmp(name, "alternating") == 0) return pl_protocol_sao;
    if (strcmp(name, "st") == 0 || strcmp(name, "single_text") == 0) return pl_protocol_single_text;
    return NULL;
}

size_t pl_strategy_count(void) { return NSTRATEGIES; }

const pl_strategy_type *pl_strategy_at(size_t i)
{
    switch (i) {
    case 0: return pl_strategy_aspiration;
    case 1: return pl_strategy_boulware;
    case 2: return pl_strategy_conceder;
    case 3: return pl_strategy_hardliner;
    case 4: return pl_strategy_linear;
    case 5: return pl_strategy_random;
    case 6: return pl_strategy_titfortat;
    default: return NULL;
    }
}

pl_status pl_strategy_parse(const char *spec, const pl_strategy_type **type, double *param,
                            pl_error_t *err)
{
    *type = NULL;
    *param = NAN;
    char name[64];
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    if (len == 0 || len >= sizeof name) return pl_error_set(err, PL_EINVAL, "bad strategy '%s'", spec);
    memcpy(name, spec, len);
    name[len] = '\0';
    if (strcmp(name, "tit-for-tat") == 0 || strcmp(name, "tft") == 0) strcpy(name, "titfortat");
    if (strcmp(name, "time") == 0) strcpy(name, "linear"); /* time:e is the general form */
    for (size_t i = 0; i < NSTRATEGIES; i++)
        if (strcmp(pl_strategy_at(i)->name, name) == 0) *type = pl_strategy_at(i);
    if (!*type) {
        char known[256] = "";
        for (size_t i = 0; i < NSTRATEGIES; i++) {
            strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
            strncat(known, pl_strategy_at(i)->name, sizeof known - strlen(known) - 1);
        }
        return pl_error_set(err, PL_ENOTFOUND, "unknown strategy '%s' (known: %s)", name, known);
    }
    if (colon) {
        char *end;
        double x = strtod(colon + 1, &end);
        if (end == colon + 1 || *end != '\0' || !isfinite(x) || x <= 0)
            return pl_error_set(err, PL_EINVAL,
                                "strategy parameter in '%s' must be a positive number", spec);
        *param = x;
    }
    return PL_OK;
}

void pl_sim_options_init(pl_sim_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->accept = PL_AC_NEXT | PL_AC_BEST;
    o->accept_const = 0.9;
    o->accept_window = 0.1;
    o->vote = PL_VOTE_VETO;
    o->quota = 2.0 / 3.0;
    o->voter = PL_VOTER_HILL;
    o->temperature = 0.1;
    o->move = PL_MOVE_RANDOM;
    o->relay_cost = 1;
    o->ratify_continue = true;
    o->record = true;
}

const char *pl_end_reason_name(pl_end_reason r)
{
    switch (r) {
    case PL_END_RUNNING: return "running";
    case PL_END_AGREEMENT: return "agreement";
    case PL_END_BREAKDOWN: return "breakdown";
    case PL_END_DEADLINE: return "deadline";
    case PL_END_RATIFICATION: return "ratification failed";
    }
    return "?";
}

const char *pl_event_kind_name(pl_event_kind k)
{
    static const char *names[] = {"offer",  "accept", "reject",  "walkout", "propose",
                                  "vote",   "feedback", "move",  "stay",    "relay",
                                  "reword", "hold",   "join",    "decline", "leave",
                                  "agreement", "ratify", "end",  "linkage"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* ---------------------------------------------------------------- negotiators */

/* The actor who negotiates for party p (its delegation if any) and whose utility it uses. */
static void negotiator_of(const pl_model_t *m, size_t p, size_t *actor, size_t *uactor)
{
    const pl_scenario_t *sc = m->sc;
    *actor = p;
    *uactor = p;
    for (size_t a = 0; a < sc->nactors; a++)
        if (sc->actors[a].role == PL_ROLE_DELEGATION && sc->actors[a].party == p) {
            *actor = a;
            if (m->table[a]) *uactor = a;
            break;
        }
}

pl_status pl_sim_cache_alloc(const pl_model_t *m, pl_sim_cache_t **out, pl_error_t *err)
{
    *out = NULL;
    pl_sim_cache_t *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->m = m;
    c->nactors = m->nactors;
    c->ix = pl_calloc(m->nactors ? m->nactors : 1, sizeof *c->ix);
    c->built = pl_calloc(m->nactors ? m->nactors : 1, sizeof *c->built);
    if (!c->ix || !c->built) {
        pl_sim_cache_free(c);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < m->nparties; k++) {
        size_t p = m->parties[k], a, ua;
        negotiator_of(m, p, &a, &ua);
        pl_status st = pl_i_index_build(m, a, ua, p, &c->ix[a], err);
        if (st != PL_OK) {
            pl_sim_cache_free(c);
            return st;
        }
        c->built[a] = true;
    }
    *out = c;
    return PL_OK;
}

void pl_sim_cache_free(pl_sim_cache_t *c)
{
    if (!c) return;
    if (c->ix)
        for (size_t a = 0; a < c->nactors; a++) pl_i_index_destroy(&c->ix[a]);
    pl_free(c->ix);
    pl_free(c->built);
    pl_free(c);
}

/* ---------------------------------------------------------------- views */

double pl_i_util(const pl_sim_view_t *v, const size_t *o)
{
    const pl_model_t *m = v->s->m;
    return m->additive[v->uactor] ? pl_model_utility_additive(m, v->uactor, o)
                                  : pl_model_utility(m, v->uactor, o);
}

double pl_view_utility(const pl_sim_view_t *v, const size_t *o) { return pl_i_util(v, o); }
double pl_view_reservation(const pl_sim_view_t *v) { return v->reservation; }
double pl_view_best(const pl_sim_view_t *v) { return v->ix->n ? v->ix->umax : v->reservation; }
size_t pl_view_round(const pl_sim_view_t *v) { return v->s->round; }
size_t pl_view_received(const pl_sim_view_t *v) { return v->nreceived; }
double pl_view_last_received(const pl_sim_view_t *v) { return v->u_last_received; }
double pl_view_prev_received(const pl_sim_view_t *v) { return v->u_prev_received; }
double pl_view_best_received(const pl_sim_view_t *v) { return v->u_best_received; }
double pl_view_last_offered(const pl_sim_view_t *v) { return v->u_last_offered; }
pl_rng_t *pl_view_rng(const pl_sim_view_t *v) { return (pl_rng_t *)&v->rng; }

double pl_view_time(const pl_sim_view_t *v)
{
    double T = v->deadline;
    if (T <= 1) return 1;
    double t = (double)v->s->round / (T - 1);
    return t > 1 ? 1 : t;
}

bool pl_view_random_offer(const pl_sim_view_t *v, size_t *offer)
{
    if (!v->ix->n) return false;
    size_t k = (size_t)pl_rng_below((pl_rng_t *)&v->rng, v->ix->n);
    pl_model_outcome_from_index(v->s->m, v->ix->idx[k], offer);
    return true;
}

bool pl_i_past_deadline(const pl_sim_view_t *v) { return (double)v->s->round >= v->deadline; }

bool pl_i_admissible(const pl_sim_view_t *v, const size_t *o)
{
    const pl_model_t *m = v->s->m;
    if (!pl_model_accepts(m, v->uactor, o)) return false;
    if (v->party != v->uactor && !pl_model_accepts(m, v->party, o)) return false;
    if (!pl_model_within_mandate(m, v->actor, o)) return false;
    if (v->ratify_aware && !pl_model_ratified(m, v->party, o, NULL)) return false;
    return true;
}

void pl_i_receive(pl_sim_view_t *v, const size_t *o)
{
    const pl_session_t *s = v->s;
    for (size_t i = 0; i < s->m->nissues; i++) v->freq[s->voff[i] + o[i]]++;
    v->nreceived++;
    double u = pl_i_util(v, o);
    v->u_prev_received = v->u_last_received;
    v->u_last_received = u;
    if (isnan(v->u_best_received) || u > v->u_best_received) v->u_best_received = u;
}

bool pl_i_offer_near(pl_sim_view_t *v, double target, size_t *out, double *u)
{
    const pl_i_index *ix = v->ix;
    const pl_model_t *m = v->s->m;
    size_t n = ix->n;
    if (n == 0) return false;
    /* lower bound: first outcome with utility >= target */
    size_t lo = 0, hi = n;
    double tg = target - 1e-12;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->u[mid] < tg) lo = mid + 1;
        else hi = mid;
    }
    if (lo == n) lo = n - 1;
    if (v->nreceived == 0 && !v->ratify_aware) {
        pl_model_outcome_from_index(m, ix->idx[lo], out);
        *u = ix->u[lo];
        return true;
    }
    double limit = ix->u[lo] + OFFER_WINDOW;
    size_t best = SIZE_MAX;
    uint64_t best_score = 0;
    size_t count = 0;
    size_t *cand = v->s->tmp2;
    for (size_t k = lo; k < n; k++) {
        if (best != SIZE_MAX && (ix->u[k] > limit || count >= OFFER_CANDIDATES)) break;
        pl_model_outcome_from_index(m, ix->idx[k], cand);
        if (v->ratify_aware && !pl_model_ratified(m, v->party, cand, NULL)) continue;
        uint64_t score = 0;
        for (size_t i = 0; i < m->nissues; i++) score += v->freq[v->s->voff[i] + cand[i]];
        count++;
        if (best == SIZE_MAX || score > best_score) {
            best = k;
            best_score = score;
            memcpy(out, cand, m->nissues * sizeof *out);
        }
    }
    if (best == SIZE_MAX) return false;
    *u = ix->u[best];
    return true;
}

bool pl_i_next_offer(pl_sim_view_t *v, size_t *out, double *u)
{
    if (v->st->propose && v->st->propose(v->state, v, out)) {
        *u = pl_i_util(v, out);
        return true;
    }
    double target = v->st->target(v->state, v);
    if (isnan(target)) return false;
    return pl_i_offer_near(v, target, out, u);
}

bool pl_i_accepts(pl_sim_view_t *v, const size_t *o, double u, double u_next)
{
    if (!pl_i_admissible(v, o)) return false;
    if (v->st->accept) return v->st->accept(v->state, v, o, u);
    const pl_sim_options_t *op = &v->s->opt;
    if ((op->accept & PL_AC_NEXT) && !isnan(u_next) && u >= u_next - 1e-12) return true;
    if ((op->accept & PL_AC_CONST) && u >= op->accept_const) return true;
    if ((op->accept & PL_AC_BEST) && pl_view_time(v) >= 1 - op->accept_window &&
        !isnan(v->u_best_received) && u >= v->u_best_received - 1e-12)
        return true;
    /* nothing left to offer: take any admissible offer rather than walk out */
    if (isnan(u_next)) return true;
    return false;
}

/* ---------------------------------------------------------------- trace */

void pl_i_event(pl_session_t *s, pl_event_kind k, size_t actor, size_t other, const size_t *o,
                double u, int value)
{
    if (!s->opt.record || s->oom) return;
    size_t ni = s->m->nissues;
    if (s->nev == s->capev) {
        size_t nc = s->capev ? 2 * s->capev : 64;
        pl_event_t *e = pl_realloc(s->ev, nc * sizeof *e);
        if (!e) {
            s->oom = true;
            return;
        }
        s->ev = e;
        s->capev = nc;
    }
    size_t off = PL_UNSET;
    /* events often repeat one of the last two outcomes (an offer, its rejection, a repeated
     * offer): share the stored copy */
    if (o && s->npool >= ni && memcmp(s->pool + s->npool - ni, o, ni * sizeof *o) == 0)
        off = s->npool - ni;
    else if (o && s->npool >= 2 * ni && memcmp(s->pool + s->npool - 2 * ni, o, ni * sizeof *o) == 0)
        off = s->npool - 2 * ni;
    else if (o) {
        if (s->npool + ni > s->cappool) {
            size_t nc = s->cappool ? 2 * s->cappool : 64 * ni;
            while (nc < s->npool + ni) nc *= 2;
            size_t *p = pl_realloc(s->pool, nc * sizeof *p);
            if (!p) {
                s->oom = true;
                return;
            }
            s->pool = p;
            s->cappool = nc;
        }
        off = s->npool;
        memcpy(s->pool + off, o, ni * sizeof *o);
        s->npool += ni;
    }
    pl_event_t *e = &s->ev[s->nev++];
    e->kind = k;
    e->round = s->round;
    e->actor = actor;
    e->other = other;
    e->outcome = off;
    e->utility = u;
    e->value = value;
}

static void finish(pl_session_t *s, pl_end_reason r, size_t by, const size_t *o)
{
    const pl_model_t *m = s->m;
    pl_sim_result_t *res = &s->res;
    res->end = r;
    res->agreement = (r == PL_END_AGREEMENT);
    res->round = s->round;
    res->rounds = s->round + 1;
    res->ended_by = by;
    if (o) memcpy(res->outcome, o, m->nissues * sizeof *o);
    for (size_t a = 0; a < m->nactors; a++) {
        if (res->agreement) {
            double u = pl_model_utility(m, a, o);
            double d = m->sc->actors[a].discount;
            res->utility[a] = u;
            res->discounted[a] = u * pow(d > 0 ? d : 1, (double)s->round);
            res->expected[a] = res->discounted[a] + m->deal_bonus[a];
        } else {
            res->utility[a] = m->reservation[a];
            res->discounted[a] = m->reservation[a];
            res->expected[a] = m->expected_no_deal[a];
        }
    }
    for (size_t l = 0; l < m->sc->nlinkages; l++) {
        const pl_linkage_t *lk = &m->sc->linkages[l];
        pl_i_event(s, PL_EV_LINKAGE, lk->actor, l, NULL, res->agreement ? lk->p_deal : lk->p_no_deal,
                   res->agreement);
    }
    pl_i_event(s, PL_EV_END, by, PL_UNSET, res->agreement ? o : NULL, NAN, (int)r);
    s->done = true;
}

void pl_i_end(pl_session_t *s, pl_end_reason r, size_t by) { finish(s, r, by, NULL); }

void pl_i_deadline_end(pl_session_t *s, size_t actor)
{
    /* the deadline passed at the close of the previous round: the talks ended there */
    if (s->round > 0) s->round--;
    if (actor != PL_UNSET) pl_i_event(s, PL_EV_WALKOUT, actor, PL_UNSET, NULL, NAN, 1);
    finish(s, PL_END_DEADLINE, actor, NULL);
}

bool pl_i_agree(pl_session_t *s, const size_t *o)
{
    const pl_model_t *m = s->m;
    pl_i_event(s, PL_EV_AGREEMENT, PL_UNSET, PL_UNSET, o, NAN, 1);
    bool ok = true;
    size_t blocker = PL_UNSET, failed = PL_UNSET;
    for (size_t r = 0; r < m->sc->nratifications; r++) {
        size_t p = m->sc->ratifications[r].party;
        if (m->sc->ratifications[r].rule == PL_RATIFY_NONE) continue;
        size_t b;
        bool pass = pl_model_ratified(m, p, o, &b);
        pl_i_event(s, PL_EV_RATIFY, p, b, o, pl_model_utility(m, p, o), pass);
        if (!pass && ok) {
            ok = false;
            blocker = b;
            failed = p;
        }
    }
    if (ok) {
        s->res.ratified = true;
        finish(s, PL_END_AGREEMENT, PL_UNSET, o);
        return true;
    }
    s->res.ratified = false;
    if (s->opt.ratify_continue) {
        for (size_t k = 0; k < s->nneg; k++)
            if (s->neg[k].party == failed) s->neg[k].ratify_aware = true;
        return false;
    }
    finish(s, PL_END_RATIFICATION, blocker != PL_UNSET ? blocker : failed, NULL);
    return true;
}

bool pl_i_start_text(const pl_session_t *s, size_t *out)
{
    const pl_scenario_t *sc = s->m->sc;
    for (size_t p = 0; p < sc->nproposals; p++) {
        bool full = true;
        for (size_t i = 0; i < sc->nissues && full; i++)
            if (sc->proposals[p].value[i] == PL_UNSET) full = false;
        if (full) {
            memcpy(out, sc->proposals[p].value, sc->nissues * sizeof *out);
            return true;
        }
    }
    return false;
}

size_t pl_i_lead_mediator(const pl_session_t *s)
{
    const pl_scenario_t *sc = s->m->sc;
    size_t first = PL_UNSET;
    for (size_t a = 0; a < sc->nactors; a++) {
        if (sc->actors[a].role != PL_ROLE_MEDIATOR) continue;
        if (sc->actors[a].host) return a;
        if (first == PL_UNSET) first = a;
    }
    return first;
}

/* ---------------------------------------------------------------- lifecycle */

void pl_session_free(pl_session_t *s)
{
    if (!s) return;
    if (s->proto && s->pstate && s->proto->free) s->proto->free(s, s->pstate);
    pl_free(s->pstate);
    if (s->neg) {
        for (size_t k = 0; k < s->nneg; k++) {
            pl_free(s->neg[k].freq);
            pl_free(s->neg[k].last_offer);
            pl_free(s->neg[k].state);
        }
        pl_free(s->neg);
    }
    pl_sim_cache_free(s->own_cache);
    pl_free(s->voff);
    pl_free(s->tmp);
    pl_free(s->tmp2);
    pl_free(s->ev);
    pl_free(s->pool);
    pl_free(s->res.outcome);
    pl_free(s->res.utility);
    pl_free(s->res.discounted);
    pl_free(s->res.expected);
    pl_free(s);
}

static double actor_deadline(const pl_scenario_t *sc, size_t actor, size_t party)
{
    double d = sc->actors[actor].deadline;
    if (isnan(d) || d <= 0) d = sc->actors[party].deadline;
    return d;
}

pl_status pl_session_alloc(const pl_model_t *m, const pl_protocol_type *protocol,
                           const pl_sim_options_t *opt, pl_session_t **out, pl_error_t *err)
{
    *out = NULL;
    if (!m || !protocol) return pl_error_set(err, PL_EINVAL, "no model or protocol");
    const pl_scenario_t *sc = m->sc;
    if (m->nparties == 0)
        return pl_error_set(err, PL_EINVAL, "no actor with role party: nobody to negotiate");
    pl_session_t *s = pl_calloc(1, sizeof *s);
    if (!s) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    s->m = m;
    s->proto = protocol;
    if (opt) s->opt = *opt;
    else pl_sim_options_init(&s->opt);
    if (s->opt.relay_cost == 0) s->opt.relay_cost = 0; /* direct relays allowed */
    pl_rng_stream(&s->rng, s->opt.seed, s->opt.stream);
    size_t ni = m->nissues, na = m->nactors;
    s->voff = pl_calloc(ni + 1, sizeof *s->voff);
    s->tmp = pl_calloc(ni, sizeof *s->tmp);
    s->tmp2 = pl_calloc(ni, sizeof *s->tmp2);
    s->res.outcome = pl_calloc(ni, sizeof(size_t));
    s->res.utility = pl_calloc(na, sizeof(double));
    s->res.discounted = pl_calloc(na, sizeof(double));
    s->res.expected = pl_calloc(na, sizeof(double));
    s->neg = pl_calloc(m->nparties, sizeof *s->neg);
    if (!s->voff || !s->tmp || !s->tmp2 || !s->res.outcome || !s->res.utility ||
        !s->res.discounted || !s->res.expected || !s->neg) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < ni; i++) s->voff[i + 1] = s->voff[i] + m->nvalues[i];
    s->nflat = s->voff[ni];
    s->res.ended_by = PL_UNSET;
    /* the round limit: the option, else the largest negotiator deadline, else 100 */
    s->R = s->opt.rounds;
    if (s->R == 0) {
        double mx = 0;
        for (size_t k = 0; k < m->nparties; k++) {
            size_t a, ua;
            negotiator_of(m, m->parties[k], &a, &ua);
            double d = actor_deadline(sc, a, m->parties[k]);
            if (isfinite(d) && d > mx) mx = d;
        }
        s->R = mx > 0 ? (size_t)ceil(mx) : 100;
    }
    if (s->opt.cache) {
        s->cache = s->opt.cache;
    } else {
        st = pl_sim_cache_alloc(m, &s->own_cache, err);
        if (st != PL_OK) goto fail;
        s->cache = s->own_cache;
    }
    s->nneg = m->nparties;
    for (size_t k = 0; k < m->nparties; k++) {
        pl_sim_view_t *v = &s->neg[k];
        size_t p = m->parties[k];
        v->s = s;
        v->slot = k;
        v->party = p;
        negotiator_of(m, p, &v->actor, &v->uactor);
        v->ix = &s->cache->ix[v->actor];
        v->reservation = m->threshold[v->uactor];
        double d = actor_deadline(sc, v->actor, p);
        v->deadline = (isfinite(d) && d > 0 && d < (double)s->R) ? d : (double)s->R;
        v->discount = sc->actors[p].discount;
        v->at_table = sc->actors[v->actor].at_table && (v->actor != p || sc->actors[p].at_table);
        v->participation = sc->actors[p].participation;
        v->joined = isnan(v->participation);
        v->u_last_received = v->u_prev_received = v->u_best_received = v->u_last_offered = NAN;
        v->freq = pl_calloc(s->nflat ? s->nflat : 1, sizeof *v->freq);
        v->last_offer = pl_calloc(ni, sizeof *v->last_offer);
        if (!v->freq || !v->last_offer) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        /* strategy: option for the negotiator or its party, else the scenario's, else default */
        const pl_strategy_type *type = NULL;
        double param = NAN;
        if (s->opt.strategy) {
            if (s->opt.strategy[v->actor]) {
                type = s->opt.strategy[v->actor];
                if (s->opt.param) param = s->opt.param[v->actor];
            } else if (s->opt.strategy[p]) {
                type = s->opt.strategy[p];
                if (s->opt.param) param = s->opt.param[p];
            }
        }
        if (!type) {
            const char *name = sc->actors[v->actor].strategy;
            size_t who = v->actor;
            if (!name) {
                name = sc->actors[p].strategy;
                who = p;
            }
            if (name) {
                st = pl_strategy_parse(name, &type, &param, NULL);
                if (st != PL_OK) {
                    pl_error_t e2;
                    pl_error_init(&e2);
                    pl_strategy_parse(name, &type, &param, &e2);
                    st = pl_error_at(err, st, sc->file, sc->actors[who].pos.line,
                                     sc->actors[who].pos.col, "actor '%s': %s",
                                     sc->actors[who].name, e2.message);
                    pl_error_destroy(&e2);
                    goto fail;
                }
            }
        }
        if (!type) type = s->opt.default_strategy ? s->opt.default_strategy : pl_strategy_boulware;
        v->st = type;
        v->param = isnan(param) ? type->param : param;
        v->state = pl_calloc(1, type->size ? type->size : 1);
        if (!v->state) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        pl_rng_seed(&v->rng, pl_rng_next(&s->rng));
    }
    for (size_t k = 0; k < s->nneg; k++)
        if (s->neg[k].st->init) s->neg[k].st->init(s->neg[k].state, &s->neg[k], s->neg[k].param);
    s->pstate = pl_calloc(1, protocol->size ? protocol->size : 1);
    if (!s->pstate) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto fail;
    }
    if (protocol->alloc) {
        st = protocol->alloc(s, s->pstate, err);
        if (st != PL_OK) goto fail;
    }
    *out = s;
    return PL_OK;
fail:
    pl_session_free(s);
    return st;
}

pl_status pl_session_step(pl_session_t *s)
{
    if (s->done) return PL_OK;
    pl_status st = s->proto->step(s, s->pstate);
    if (st != PL_CONTINUE && st != PL_OK) return st;
    if (s->done) return PL_OK;
    s->round++;
    return PL_CONTINUE;
}

pl_status pl_session_run(pl_session_t *s)
{
    pl_status st;
    while ((st = pl_session_step(s)) == PL_CONTINUE) {
    }
    return st;
}

const pl_sim_result_t *pl_session_result(const pl_session_t *s) { return &s->res; }
size_t pl_session_nevents(const pl_session_t *s) { return s->nev; }
const pl_event_t *pl_session_event(const pl_session_t *s, size_t i)
{
    return i < s->nev ? &s->ev[i] : NULL;
}
const size_t *pl_session_event_outcome(const pl_session_t *s, const pl_event_t *e)
{
    return e->outcome == PL_UNSET ? NULL : s->pool + e->outcome;
}
size_t pl_session_nnegotiators(const pl_session_t *s) { return s->nneg; }
size_t pl_session_negotiator(const pl_session_t *s, size_t i)
{
    return i < s->nneg ? s->neg[i].actor : PL_UNSET;
}
const pl_strategy_type *pl_session_strategy(const pl_session_t *s, size_t i)
{
    return i < s->nneg ? s->neg[i].st : NULL;
}
const pl_protocol_type *pl_session_protocol(const pl_session_t *s) { return s->proto; }

void pl_i_text_decide(pl_session_t *s, size_t mediator, size_t *text, const size_t *cand,
                      bool move, size_t n)
{
    if (move) memcpy(text, cand, s->m->nissues * sizeof *text);
    pl_i_event(s, move ? PL_EV_MOVE : PL_EV_STAY, mediator, PL_UNSET, text, NAN, (int)n);
}
