/*
 * sim_internal.h: the session, view and index structs shared by the files of src/sim (driver,
 * registry, views, offers, protocols, strategies), the helpers they use (pl_i_*) and the lists
 * of built-in protocols and strategies. Not part of the public API.
 */
#ifndef PL_SIM_INTERNAL_H
#define PL_SIM_INTERNAL_H

#include <parley/pl_sim.h>
#include "core/model_internal.h"
#include "core/core_internal.h"

#include <math.h>

/* ---- the built-in protocols and strategies. Each X(name) names a descriptor object
 * `pl_i_protocol_<name>` / `pl_i_strategy_<name>` defined in its own file; registry.c builds
 * its tables from these lists (in this order, which is name order), so adding a protocol or a
 * strategy is its file plus one entry here. */
#define PL_I_PROTOCOLS(X) X(amop) X(feedback) X(sao) X(shuttle) X(single_text)
#define PL_I_STRATEGIES(X)                                                                         \
    X(aspiration) X(boulware) X(conceder) X(hardliner) X(linear) X(random) X(titfortat)

#define PL_I_DECLARE_PROTOCOL(n) extern const pl_protocol_type pl_i_protocol_##n;
#define PL_I_DECLARE_STRATEGY(n) extern const pl_strategy_type pl_i_strategy_##n;
PL_I_PROTOCOLS(PL_I_DECLARE_PROTOCOL)
PL_I_STRATEGIES(PL_I_DECLARE_STRATEGY)

/* Outcomes one negotiator may offer (rational for it and its party, within its mandate),
 * sorted by its own utility, ascending: choosing an offer is a binary search. Above
 * pl_i_index_max outcomes the index is searched instead (search.c): `search` is set, u and idx
 * are NULL and n is 1 when the negotiator has something to offer, else 0. */
typedef struct pl_i_search pl_i_search;
typedef struct pl_i_index {
    size_t n;
    double *u;        /* ascending */
    uint32_t *idx;    /* outcome index (mixed radix) */
    double umax, umin;
    pl_i_search *search;
} pl_i_index;

struct pl_sim_cache {
    const pl_model_t *m;
    size_t nactors;
    pl_i_index *ix;   /* per actor (n == 0 for non-negotiators) */
    bool *built;
};

struct pl_sim_view {
    pl_session_t *s;
    size_t slot;           /* negotiator slot in the session */
    size_t actor;          /* who acts (party or its delegation) */
    size_t party;          /* the party it acts for */
    size_t uactor;         /* whose utility it uses */
    bool additive;         /* uactor's utility is its table sum (the fast path) */
    const pl_i_index *ix;
    double reservation;
    double deadline;       /* effective deadline in rounds (>= 1) */
    double discount;
    bool at_table;
    double participation;  /* NaN = none */
    bool joined;
    bool ratify_aware;     /* after a failed ratification: only offers/accepts ratifiable deals */
    bool walked;
    /* frequency model of received offers: count per (issue, value) */
    uint32_t *freq;
    size_t nreceived;
    double u_last_received, u_prev_received, u_best_received, u_last_offered;
    size_t *last_received; /* the outcome received last (valid when nreceived > 0) */
    size_t *last_offer;
    bool has_offered;
    const pl_strategy_type *st;
    void *state;
    double param;
    pl_rng_t rng;
};

struct pl_session {
    const pl_model_t *m;
    const pl_protocol_type *proto;
    void *pstate;
    pl_sim_options_t opt;
    pl_rng_t rng;
    size_t ni;             /* issues (pl_model_nissues), read on every event and offer */
    size_t round;
    size_t R;              /* round limit */
    bool done;
    pl_status failed;      /* a step failed (PL_OK while none has): later steps return it */
    pl_error_t *err;       /* error record of the call in progress (alloc, step), may be NULL:
                            * the helpers below put their messages there */
    size_t nneg;
    pl_sim_view_t *neg;
    size_t *voff;          /* offset of issue i's values in flattened (issue, value) arrays;
                            * voff[i + 1] - voff[i] is the value count of issue i */
    size_t nflat;
    pl_sim_cache_t *own_cache;
    const pl_sim_cache_t *cache;
    size_t *tmp, *tmp2;    /* scratch outcomes */
    /* trace */
    pl_event_t *ev;        /* the kept events: event ev0 + i is ev[i] */
    size_t nev, capev;
    size_t ev0;            /* events dropped from the front (opt.keep_rounds) */
    pl_i_buf_t tline;      /* the trace line being streamed (opt.trace_line) */
    bool result_traced;    /* the "result" line has been streamed */
    size_t *pool;
    size_t npool, cappool;
    bool oom;              /* an event could not be recorded: the trace is incomplete (the step
                            * that hit it returned PL_ENOMEM) */
    pl_status ext_failed;  /* an outside negotiator's callback failed (strat_external.c): the
                            * step that called it returns this */
    bool *acc;             /* per actor: the acceptances of the last pl_i_table_agrees */
    bool *votes;           /* per negotiator slot: scratch for the protocols' votes */
    bool viable_checked;   /* the first step has asked whether an agreement is possible at all */
    pl_sim_result_t res;
};

/* Value count of issue i (from the session's flattened offsets). */
static inline size_t pl_i_nvalues(const pl_session_t *s, size_t i)
{
    return s->voff[i + 1] - s->voff[i];
}

/* ---- the driver (session.c): events and the ways a session ends. Every helper that records
 * events can fail (out of memory): it returns the status, with a message in s->err. */
/* Record an event; outcome may be NULL. PL_OK when not recording (options.record false). */
pl_status pl_i_event(pl_session_t *s, pl_event_kind k, size_t actor, size_t other,
                     const size_t *o, double u, int value);
/* Stream the trace's start line, an event's line, the result line to opt.trace_line (PL_OK
 * without one; PL_ENOMEM with a message in s->err). trace.c */
pl_status pl_i_trace_start(pl_session_t *s);
pl_status pl_i_trace_event(pl_session_t *s, const pl_event_t *e, const size_t *o);
pl_status pl_i_trace_result(pl_session_t *s);
/* The one agreement test at the table (docs/simulation.md, "The decision rule"): the model's
 * acceptances of o, each party's replaced by its negotiator's vote yes[slot] (false for a
 * negotiator that walked out) and its own acceptance (what it needs to engage included), put to
 * pl_model_decides_at_table. Keeps the acceptances in s->acc for pl_i_agree. O(actors). */
bool pl_i_table_agrees(pl_session_t *s, const size_t *o, const bool *yes);
/* Could the rule still pass if every negotiator that has not walked out consented? */
bool pl_i_viable(const pl_session_t *s);
/* Agreement on o (after pl_i_table_agrees said yes for o): the ratification votes, then the
 * decision rule with them (pl_model_decides_by); record events, finish, or go on when it fails
 * and the options say so. The session has ended when s->done is set afterwards. */
pl_status pl_i_agree(pl_session_t *s, const size_t *o);
/* A negotiator's (or the round limit's, actor PL_UNSET) deadline ended the talks at the close
 * of the previous round. */
pl_status pl_i_deadline_end(pl_session_t *s, size_t actor);
/* The first negotiator whose own deadline (its actor's, else its party's; not the round limit)
 * has passed at 0-based round `round`, or PL_UNSET: whose deadline a late end is. */
size_t pl_i_deadline_owner(const pl_session_t *s, size_t round);
/* End without agreement. */
pl_status pl_i_end(pl_session_t *s, pl_end_reason r, size_t by);
/* Negotiator v walks out: a walkout event, then the end (breakdown) under unanimity or when the
 * rule can no longer pass without it; else the talks go on without it. */
pl_status pl_i_walkout(pl_session_t *s, const pl_sim_view_t *v);

/* ---- views (view.c): what a negotiator knows */
double pl_i_util(const pl_sim_view_t *v, const size_t *o);
/* May negotiator v agree to o at all (rational, mandate, ratifiable if aware)? */
bool pl_i_admissible(const pl_sim_view_t *v, const size_t *o);
/* Update v's opponent model and received-offer memory with o. */
void pl_i_receive(pl_sim_view_t *v, const size_t *o);
/* Is negotiator v past its deadline at the current round? */
bool pl_i_past_deadline(const pl_sim_view_t *v);

/* ---- offers and acceptance (offers.c) */
/* Strategy's next offer into `out` (own utility in *u). False: the negotiator walks out. */
bool pl_i_next_offer(pl_sim_view_t *v, size_t *out, double *u);
/* The negotiator's acceptance of `o` (own utility u) given its would-be next offer utility
 * u_next (NaN if none): strategy rule + individual rationality + mandate + ratification. */
bool pl_i_accepts(pl_sim_view_t *v, const size_t *o, double u, double u_next);
/* Offer near a target utility (frequency-model tie-break); false when v can offer nothing. */
bool pl_i_offer_near(pl_sim_view_t *v, double target, size_t *out, double *u);

/* ---- mediated texts (text.c), shared by single-text, feedback and shuttle */
/* The first complete proposal of the scenario, else false. */
bool pl_i_start_text(const pl_session_t *s, size_t *out);
/* Index of the actor mediating (the host, else the first mediator) or PL_UNSET. */
size_t pl_i_lead_mediator(const pl_session_t *s);
/* Adopt the candidate as the text (a move event) when `move`, else record that the text stays;
 * `n` is the supporting count shown in the event. */
pl_status pl_i_text_decide(pl_session_t *s, size_t mediator, size_t *text, const size_t *cand,
                           bool move, size_t n);
/* Final vote on the text against no deal; ends the session. `late`: the vote is held because
 * a deadline passed (s->round already moved back to the last round played): a failed vote then
 * names the deadline's owner (PL_UNSET: the round limit), else the first party that voted no. */
pl_status pl_i_final_vote(pl_session_t *s, const size_t *text, size_t mediator, bool late);

/* ---- outside negotiators (strat_external.c) */
extern const pl_strategy_type pl_i_strategy_external;
static inline bool pl_i_is_external(const pl_sim_view_t *v)
{
    return v->st == &pl_i_strategy_external;
}
/* Make v an outside negotiator driven by ext (its strategy state is allocated): calls open. */
pl_status pl_i_external_setup(pl_sim_view_t *v, const pl_external_t *ext, pl_error_t *err);
/* Called by pl_session_free: close, and the negotiator's own memory. */
void pl_i_external_close(pl_sim_view_t *v);
/* Ask v's respond callback about o (a vote on a text or package); false after a failure. */
bool pl_i_external_respond(pl_sim_view_t *v, const size_t *o);
/* Record o in v's history (pl_i_receive calls it for outside negotiators). */
void pl_i_external_receive(pl_sim_view_t *v, const size_t *o);

/* ---- index (index.c) */
pl_status pl_i_index_build(const pl_model_t *m, size_t actor, size_t uactor, size_t party,
                           pl_i_index *ix, pl_error_t *err);
void pl_i_index_destroy(pl_i_index *ix);
/* Largest space indexed by enumeration (2^26); tests lower it to exercise the search. */
extern uint64_t pl_i_index_max;

/* ---- offers without enumeration (search.c) */
pl_status pl_i_search_build(const pl_model_t *m, size_t actor, size_t uactor, size_t party,
                            pl_i_index *ix, pl_error_t *err);
void pl_i_search_free(pl_i_search *S);
/* pl_i_offer_near and pl_view_random_offer for a searched index. */
bool pl_i_search_offer(const pl_sim_view_t *v, double target, size_t *out, double *u);
bool pl_i_search_random(const pl_sim_view_t *v, size_t *out);
/* The actor who negotiates for party p (its delegation if any) and whose utility it uses. */
void pl_i_negotiator_of(const pl_model_t *m, size_t p, size_t *actor, size_t *uactor);

#endif
