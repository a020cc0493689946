/*
 * session.c: the driver every protocol runs under: options, pl_session_alloc / step / run /
 * free, the negotiators' setup (who negotiates, by which strategy, until when), the event
 * record, and the ways a session ends (agreement and ratification, deadline, breakdown).
 */
#include "sim_internal.h"

#include <string.h>

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

/* A parameter goes with the strategy given for the same actor; one without it used to be
 * dropped silently (and a benchmark ran at the default exponent), so it is refused. */
static double actor_deadline(const pl_model_t *m, size_t actor, size_t party);

static pl_status check_options(const pl_model_t *m, const pl_sim_options_t *o, pl_error_t *err)
{
    /* the round limit is checked before the work (docs/limits.md); a model built through the
     * API may carry a deadline the loader would have refused */
    if (o->rounds > PL_MAX_ROUNDS)
        return pl_error_set(err, PL_EINVAL, "round limit %zu is over the limit of %d rounds",
                            o->rounds, PL_MAX_ROUNDS);
    for (size_t k = 0; !o->rounds && k < pl_model_nparties(m); k++) {
        size_t p = pl_model_party(m, k), a, ua;
        pl_i_negotiator_of(m, p, &a, &ua);
        double d = actor_deadline(m, a, p);
        if (isfinite(d) && d > PL_MAX_ROUNDS)
            return pl_error_set(err, PL_EINVAL, "deadline of '%s' (%g rounds) is over the limit of "
                                "%d rounds", pl_model_actor_name(m, a), d, PL_MAX_ROUNDS);
    }
    if (!o->param) return PL_OK;
    for (size_t a = 0; a < pl_model_nactors(m); a++)
        if (!isnan(o->param[a]) && !(o->strategy && o->strategy[a]))
            return pl_error_set(err, PL_EINVAL,
                                "simulation options: actor '%s' has a strategy parameter (%g) but "
                                "no strategy: param[a] applies to strategy[a] only, set both",
                                pl_model_actor_name(m, a), o->param[a]);
    return PL_OK;
}

/* ---------------------------------------------------------------- events */

/* Grow the outcome pool to hold n more values; false when out of memory. */
static bool pool_reserve(pl_session_t *s, size_t n)
{
    if (s->npool + n <= s->cappool) return true;
    size_t nc = s->cappool ? 2 * s->cappool : 64 * n;
    while (nc < s->npool + n) nc *= 2;
    size_t *p = pl_realloc(s->pool, nc * sizeof *p);
    if (!p) return false;
    s->pool = p;
    s->cappool = nc;
    return true;
}

/* Drop the events of rounds older than the last opt.keep_rounds (and the outcomes only they
 * referred to), when the event array is full: amortised O(1) an event, and memory bounded by
 * the events of keep_rounds rounds. */
static void drop_old_events(pl_session_t *s)
{
    size_t keep = s->opt.keep_rounds;
    if (!keep || s->nev == 0 || s->round + 1 <= keep) return;
    size_t from = s->round + 1 - keep, d = 0; /* the oldest round kept */
    while (d < s->nev && s->ev[d].round < from) d++;
    if (d == 0) return;
    size_t lo = s->npool; /* the lowest outcome offset still referred to */
    for (size_t i = d; i < s->nev; i++)
        if (s->ev[i].outcome != PL_UNSET && s->ev[i].outcome < lo) lo = s->ev[i].outcome;
    /* the last two outcomes stay: pl_i_event shares them with the next events */
    size_t ni = s->ni, tail = s->npool >= 2 * ni ? s->npool - 2 * ni : 0;
    if (tail < lo) lo = tail;
    memmove(s->ev, s->ev + d, (s->nev - d) * sizeof *s->ev);
    s->nev -= d;
    s->ev0 += d;
    if (lo > 0) {
        memmove(s->pool, s->pool + lo, (s->npool - lo) * sizeof *s->pool);
        s->npool -= lo;
        for (size_t i = 0; i < s->nev; i++)
            if (s->ev[i].outcome != PL_UNSET) s->ev[i].outcome -= lo;
    }
}

pl_status pl_i_event(pl_session_t *s, pl_event_kind k, size_t actor, size_t other,
                     const size_t *o, double u, int value)
{
    if (!s->opt.record) {
        if (!s->opt.trace_line) return PL_OK;
        pl_event_t e = {k, s->round, actor, other, o ? 0 : PL_UNSET, u, value};
        return pl_i_trace_event(s, &e, o);
    }
    size_t ni = s->ni;
    if (s->nev == s->capev) drop_old_events(s);
    if (s->nev == s->capev) {
        size_t nc = s->capev ? 2 * s->capev : 64;
        pl_event_t *e = pl_realloc(s->ev, nc * sizeof *e);
        if (!e) goto oom;
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
        if (!pool_reserve(s, ni)) goto oom;
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
    return pl_i_trace_event(s, e, o);
oom:
    s->oom = true;
    return pl_error_set(s->err, PL_ENOMEM, "out of memory while recording the trace (event %zu)",
                        s->ev0 + s->nev + 1);
}

/* ---------------------------------------------------------------- endings */

static pl_status finish(pl_session_t *s, pl_end_reason r, size_t by, const size_t *o)
{
    const pl_model_t *m = s->m;
    pl_sim_result_t *res = &s->res;
    res->end = r;
    res->agreement = (r == PL_END_AGREEMENT);
    res->round = s->round;
    res->rounds = s->round + 1;
    res->ended_by = by;
    if (o) memcpy(res->outcome, o, s->ni * sizeof *o);
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        if (res->agreement) {
            double u = pl_model_utility(m, a, o);
            double d = pl_model_discount(m, a);
            res->utility[a] = u;
            res->discounted[a] = u * pow(d > 0 ? d : 1, (double)s->round);
            res->expected[a] = res->discounted[a] + pl_model_deal_bonus(m, a);
        } else {
            res->utility[a] = pl_model_reservation(m, a);
            res->discounted[a] = pl_model_reservation(m, a);
            res->expected[a] = pl_model_expected_no_deal(m, a);
        }
    }
    s->done = true;
    for (size_t l = 0; l < pl_model_nlinkages(m); l++) {
        double p = res->agreement ? pl_model_linkage_p_deal(m, l)
                                  : pl_model_linkage_p_no_deal(m, l);
        PL_CHECK(pl_i_event(s, PL_EV_LINKAGE, pl_model_linkage_actor(m, l), l, NULL, p,
                            res->agreement));
    }
    return pl_i_event(s, PL_EV_END, by, PL_UNSET, res->agreement ? o : NULL, NAN, (int)r);
}

pl_status pl_i_end(pl_session_t *s, pl_end_reason r, size_t by) { return finish(s, r, by, NULL); }

pl_status pl_i_walkout(pl_session_t *s, const pl_sim_view_t *v)
{
    PL_CHECK(pl_i_event(s, PL_EV_WALKOUT, v->actor, PL_UNSET, NULL, NAN, 0));
    s->neg[v->slot].walked = true;
    /* under consensus or majority a party that leaves no longer vetoes: the others go on */
    if (pl_model_decision_rule(s->m) != PL_DECIDE_UNANIMITY && pl_i_viable(s)) return PL_OK;
    return pl_i_end(s, PL_END_BREAKDOWN, v->actor);
}

bool pl_i_table_agrees(pl_session_t *s, const size_t *o, const bool *yes)
{
    const pl_model_t *m = s->m;
    pl_model_acceptances(m, o, s->acc);
    for (size_t k = 0; k < s->nneg; k++) {
        size_t p = s->neg[k].party;
        s->acc[p] = s->acc[p] && yes[k] && !s->neg[k].walked;
    }
    return pl_model_decides_at_table(m, s->acc, NULL);
}

bool pl_i_viable(const pl_session_t *s)
{
    const pl_model_t *m = s->m;
    for (size_t a = 0; a < pl_model_nactors(m); a++) s->acc[a] = true;
    for (size_t k = 0; k < s->nneg; k++) s->acc[s->neg[k].party] = !s->neg[k].walked;
    return pl_model_decides_at_table(m, s->acc, NULL);
}

static double actor_deadline(const pl_model_t *m, size_t actor, size_t party);

size_t pl_i_deadline_owner(const pl_session_t *s, size_t round)
{
    for (size_t k = 0; k < s->nneg; k++) {
        double d = actor_deadline(s->m, s->neg[k].actor, s->neg[k].party);
        if (isfinite(d) && d > 0 && (double)round >= d) return s->neg[k].actor;
    }
    return PL_UNSET;
}

pl_status pl_i_deadline_end(pl_session_t *s, size_t actor)
{
    /* the round limit that is some negotiator's own deadline: name that negotiator */
    if (actor == PL_UNSET) actor = pl_i_deadline_owner(s, s->round);
    /* the deadline passed at the close of the previous round: the talks ended there */
    if (s->round > 0) s->round--;
    if (actor != PL_UNSET) PL_CHECK(pl_i_event(s, PL_EV_WALKOUT, actor, PL_UNSET, NULL, NAN, 1));
    return finish(s, PL_END_DEADLINE, actor, NULL);
}

pl_status pl_i_agree(pl_session_t *s, const size_t *o)
{
    const pl_model_t *m = s->m;
    PL_CHECK(pl_i_event(s, PL_EV_AGREEMENT, PL_UNSET, PL_UNSET, o, NAN, 1));
    bool ok = true;
    size_t blocker = PL_UNSET, failed = PL_UNSET;
    /* every party with a ratification rule votes (actor order), on the acceptances of the table */
    for (size_t p = 0; p < pl_model_nactors(m); p++) {
        if (!pl_model_has_ratification(m, p)) continue;
        size_t b;
        bool pass = pl_model_ratified_by(m, p, s->acc, &b);
        PL_CHECK(pl_i_event(s, PL_EV_RATIFY, p, b, o, pl_model_utility(m, p, o), pass));
        if (!pass && ok) {
            ok = false;
            blocker = b;
            failed = p;
        }
    }
    /* under consensus or majority a failed ratification costs that party's consent only: the
     * deal stands when the rule still passes (under unanimity it never does) */
    if (!ok && pl_model_decides_by(m, s->acc, NULL)) ok = true;
    s->res.ratified = ok;
    if (ok) return finish(s, PL_END_AGREEMENT, PL_UNSET, o);
    if (s->opt.ratify_continue) {
        for (size_t k = 0; k < s->nneg; k++)
            if (s->neg[k].party == failed) s->neg[k].ratify_aware = true;
        return PL_OK;
    }
    return finish(s, PL_END_RATIFICATION, blocker != PL_UNSET ? blocker : failed, NULL);
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
            pl_free(s->neg[k].last_received);
            if (s->neg[k].st && pl_i_is_external(&s->neg[k])) pl_i_external_close(&s->neg[k]);
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
    pl_free(s->tline.p);
    pl_free(s->acc);
    pl_free(s->votes);
    pl_free(s->res.outcome);
    pl_free(s->res.utility);
    pl_free(s->res.discounted);
    pl_free(s->res.expected);
    pl_free(s);
}

/* The negotiator's own deadline, else its party's (NaN or <= 0: none). */
static double actor_deadline(const pl_model_t *m, size_t actor, size_t party)
{
    double d = pl_model_deadline(m, actor);
    if (isnan(d) || d <= 0) d = pl_model_deadline(m, party);
    return d;
}

/* The round limit: the option, else the largest negotiator deadline, else 100. */
static size_t round_limit(const pl_session_t *s)
{
    if (s->opt.rounds) return s->opt.rounds;
    const pl_model_t *m = s->m;
    double mx = 0;
    for (size_t k = 0; k < pl_model_nparties(m); k++) {
        size_t p = pl_model_party(m, k), a, ua;
        pl_i_negotiator_of(m, p, &a, &ua);
        double d = actor_deadline(m, a, p);
        if (isfinite(d) && d > mx) mx = d;
    }
    return mx > 0 ? (size_t)ceil(mx) : 100;
}

/* Negotiator v's strategy: the option for it or its party, else the scenario's for it or its
 * party, else the default. Unknown names in the scenario fail with their position. */
static pl_status choose_strategy(pl_session_t *s, pl_sim_view_t *v, pl_error_t *err)
{
    const pl_model_t *m = s->m;
    const pl_sim_options_t *o = &s->opt;
    const pl_strategy_type *type = NULL;
    double param = NAN;
    size_t p = v->party;
    if (o->external && (o->external[v->actor] || o->external[p])) { /* an outside negotiator */
        v->st = &pl_i_strategy_external;
        v->param = NAN;
        v->state = pl_calloc(1, v->st->size);
        if (!v->state) return pl_error_set(err, PL_ENOMEM, "out of memory");
        return pl_i_external_setup(v, o->external[v->actor] ? o->external[v->actor]
                                                            : o->external[p], err);
    }
    if (o->strategy) {
        size_t who = o->strategy[v->actor] ? v->actor : p;
        type = o->strategy[who];
        if (type && o->param) param = o->param[who];
    }
    if (!type) {
        size_t who = pl_model_strategy(m, v->actor) ? v->actor : p;
        const char *name = pl_model_strategy(m, who);
        if (name) {
            pl_error_t e2;
            pl_error_init(&e2);
            pl_status st = pl_strategy_parse(name, &type, &param, &e2);
            if (st != PL_OK) {
                pl_srcpos_t pos = pl_model_actor_pos(m, who);
                st = pl_error_at(err, st, pl_model_source_file(m), pos.line, pos.col,
                                 "actor '%s': %s", pl_model_actor_name(m, who), e2.message);
            }
            pl_error_destroy(&e2);
            if (st != PL_OK) return st;
        }
    }
    if (!type) type = o->default_strategy ? o->default_strategy : pl_strategy_boulware;
    v->st = type;
    v->param = isnan(param) ? type->param : param;
    v->state = pl_calloc(1, type->size ? type->size : 1);
    if (!v->state) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

/* Set up negotiator slot k (party k of the model). */
static pl_status init_negotiator(pl_session_t *s, size_t k, pl_error_t *err)
{
    const pl_model_t *m = s->m;
    pl_sim_view_t *v = &s->neg[k];
    size_t p = pl_model_party(m, k);
    v->s = s;
    v->slot = k;
    v->party = p;
    pl_i_negotiator_of(m, p, &v->actor, &v->uactor);
    v->additive = pl_model_is_additive(m, v->uactor);
    v->ix = &s->cache->ix[v->actor];
    v->reservation = pl_model_threshold(m, v->uactor);
    double d = actor_deadline(m, v->actor, p);
    v->deadline = (isfinite(d) && d > 0 && d < (double)s->R) ? d : (double)s->R;
    v->discount = pl_model_discount(m, p);
    v->at_table = pl_model_at_table(m, v->actor) && (v->actor != p || pl_model_at_table(m, p));
    v->participation = pl_model_participation(m, p);
    v->joined = isnan(v->participation);
    v->walked = pl_model_walked_out(m, p); /* left the talks before they start (`walked_out`) */
    v->u_last_received = v->u_prev_received = v->u_best_received = v->u_last_offered = NAN;
    v->freq = pl_calloc(s->nflat ? s->nflat : 1, sizeof *v->freq);
    v->last_offer = pl_calloc(s->ni ? s->ni : 1, sizeof *v->last_offer);
    v->last_received = pl_calloc(s->ni ? s->ni : 1, sizeof *v->last_received);
    if (!v->freq || !v->last_offer || !v->last_received)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    PL_CHECK(choose_strategy(s, v, err));
    pl_rng_seed(&v->rng, pl_rng_next(&s->rng));
    return PL_OK;
}

/* The session's own arrays: offsets, scratch, result. */
static pl_status alloc_arrays(pl_session_t *s, pl_error_t *err)
{
    const pl_model_t *m = s->m;
    size_t ni = s->ni, na = pl_model_nactors(m);
    s->voff = pl_calloc(ni + 1, sizeof *s->voff);
    s->tmp = pl_calloc(ni ? ni : 1, sizeof *s->tmp);
    s->tmp2 = pl_calloc(ni ? ni : 1, sizeof *s->tmp2);
    s->res.outcome = pl_calloc(ni ? ni : 1, sizeof(size_t));
    s->res.utility = pl_calloc(na ? na : 1, sizeof(double));
    s->res.discounted = pl_calloc(na ? na : 1, sizeof(double));
    s->res.expected = pl_calloc(na ? na : 1, sizeof(double));
    s->neg = pl_calloc(pl_model_nparties(m), sizeof *s->neg);
    s->acc = pl_calloc(na ? na : 1, sizeof *s->acc);
    s->votes = pl_calloc(pl_model_nparties(m) + 1, sizeof *s->votes);
    if (!s->voff || !s->tmp || !s->tmp2 || !s->res.outcome || !s->res.utility ||
        !s->res.discounted || !s->res.expected || !s->neg || !s->acc || !s->votes)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < ni; i++) s->voff[i + 1] = s->voff[i] + pl_model_nvalues(m, i);
    s->nflat = s->voff[ni];
    return PL_OK;
}

static pl_status session_init(pl_session_t *s, pl_error_t *err)
{
    const pl_model_t *m = s->m;
    PL_CHECK(check_options(m, &s->opt, err));
    pl_rng_stream(&s->rng, s->opt.seed, s->opt.stream);
    PL_CHECK(alloc_arrays(s, err));
    s->res.ended_by = PL_UNSET;
    s->R = round_limit(s);
    if (s->opt.cache) {
        s->cache = s->opt.cache;
    } else {
        PL_CHECK(pl_sim_cache_alloc(m, &s->own_cache, err));
        s->cache = s->own_cache;
    }
    s->nneg = pl_model_nparties(m);
    for (size_t k = 0; k < s->nneg; k++) PL_CHECK(init_negotiator(s, k, err));
    for (size_t k = 0; k < s->nneg; k++)
        if (s->neg[k].st->init) s->neg[k].st->init(s->neg[k].state, &s->neg[k], s->neg[k].param);
    s->pstate = pl_calloc(1, s->proto->size ? s->proto->size : 1);
    if (!s->pstate) return pl_error_set(err, PL_ENOMEM, "out of memory");
    s->err = err;
    pl_status ts = pl_i_trace_start(s); /* before the protocol's opening events */
    s->err = NULL;
    PL_CHECK(ts);
    if (s->proto->alloc) {
        s->err = err; /* the protocol may record its opening events */
        pl_status st = s->proto->alloc(s, s->pstate, err);
        s->err = NULL;
        PL_CHECK(st);
    }
    return PL_OK;
}

pl_status pl_session_alloc(const pl_model_t *m, const pl_protocol_type *protocol,
                           const pl_sim_options_t *opt, pl_session_t **out, pl_error_t *err)
{
    *out = NULL;
    if (!m || !protocol) return pl_error_set(err, PL_EINVAL, "no model or protocol");
    if (pl_model_nparties(m) == 0)
        return pl_error_set(err, PL_EINVAL, "no actor with role party: nobody to negotiate");
    pl_session_t *s = pl_calloc(1, sizeof *s);
    if (!s) return pl_error_set(err, PL_ENOMEM, "out of memory");
    s->m = m;
    s->proto = protocol;
    s->ni = pl_model_nissues(m);
    if (opt) s->opt = *opt;
    else pl_sim_options_init(&s->opt);
    pl_status st = session_init(s, err);
    if (st != PL_OK) {
        pl_session_free(s);
        return st;
    }
    *out = s;
    return PL_OK;
}

pl_status pl_session_step(pl_session_t *s, pl_error_t *err)
{
    if (s->failed != PL_OK)
        return pl_error_set(err, s->failed, "the session stopped at an earlier failure (%s)",
                            pl_strerror(s->failed));
    if (s->done) return PL_OK;
    size_t ndiags = err ? err->ndiags : 0;
    s->err = err;
    pl_status st = PL_OK;
    if (!s->viable_checked) {
        /* parties that left before the talks (`walked_out`) may leave the rule no way to pass:
         * the talks break down at once, ended by the first of them */
        s->viable_checked = true;
        if (!pl_i_viable(s)) {
            size_t by = PL_UNSET;
            for (size_t k = s->nneg; k-- > 0;)
                if (s->neg[k].walked) by = s->neg[k].actor;
            st = pl_i_end(s, PL_END_BREAKDOWN, by);
        }
    }
    if (st == PL_OK && !s->done) st = s->proto->step(s, s->pstate, err);
    if (st == PL_OK && s->done && !s->result_traced) {
        s->result_traced = true;
        st = pl_i_trace_result(s);
    }
    s->err = NULL;
    if (st <= PL_OK && s->ext_failed != PL_OK) st = s->ext_failed; /* its message is in err */
    if (st > PL_OK) {
        s->failed = st;
        if (err && err->ndiags == ndiags) /* the protocol gave no reason: say where it failed */
            pl_error_set(err, st, "protocol %s: round %zu failed: %s", s->proto->name,
                         s->round + 1, pl_strerror(st));
        return st;
    }
    if (s->done) return PL_OK;
    s->round++;
    return PL_CONTINUE;
}

pl_status pl_session_run(pl_session_t *s, pl_error_t *err)
{
    pl_status st;
    while ((st = pl_session_step(s, err)) == PL_CONTINUE) {
    }
    return st;
}

const pl_sim_result_t *pl_session_result(const pl_session_t *s) { return &s->res; }
size_t pl_session_nevents(const pl_session_t *s) { return s->ev0 + s->nev; }
size_t pl_session_first_event(const pl_session_t *s) { return s->ev0; }
const pl_event_t *pl_session_event(const pl_session_t *s, size_t i)
{
    return i >= s->ev0 && i - s->ev0 < s->nev ? &s->ev[i - s->ev0] : NULL;
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
