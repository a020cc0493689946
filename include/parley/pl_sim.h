/*
 * pl_sim.h: negotiation sessions. A protocol (stacked alternating offers, alternating
 * multiple offers, mediated single text, feedback mediator, shuttle through channels) is a
 * type descriptor driven through one interface: pl_session_alloc, pl_session_step until it
 * stops returning PL_CONTINUE (PL_OK: ended; positive: failed), pl_session_result,
 * pl_session_free. Negotiators follow
 * strategies (also descriptors) and see only a view: their own utility, their own reservation,
 * and the offers they receive; never another actor's utility. Every event goes into an
 * in-memory trace (pl_session_event) that callers render or write as JSON Lines.
 * docs/simulation.md documents the rules, the strategies and the trace schema.
 */
#ifndef PL_SIM_H
#define PL_SIM_H

#include "pl_model.h"
#include "pl_rng.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_session pl_session_t;
/** What one negotiator sees (opaque; read it with the pl_view_* accessors). */
typedef struct pl_sim_view pl_sim_view_t;
/** Per-actor outcomes sorted by own utility, shareable read-only across sessions and threads. */
typedef struct pl_sim_cache pl_sim_cache_t;
/** An outside negotiator's callbacks (defined below). */
typedef struct pl_external pl_external_t;

/* ---------------------------------------------------------------- strategies */

/**
 * A negotiation strategy. `target` gives the utility the negotiator aims at for its next
 * offer (NaN: walk out); the session turns it into an offer near that utility, preferring
 * outcomes the opponents' offers suggest they like. `propose` (optional) chooses the offer
 * itself; `accept` (optional) replaces the session's acceptance rule. Individual rationality,
 * mandates and requirements are enforced by the session whatever the strategy says.
 */
typedef struct pl_strategy_type {
    const char *name;
    const char *summary;
    size_t size;          /* bytes of per-negotiator state */
    double param;         /* default parameter (exponent e, step, ...) */
    void (*init)(void *state, const pl_sim_view_t *v, double param);
    double (*target)(void *state, const pl_sim_view_t *v);
    bool (*propose)(void *state, const pl_sim_view_t *v, size_t *offer);
    bool (*accept)(void *state, const pl_sim_view_t *v, const size_t *offer, double u);
} pl_strategy_type;

PL_API extern const pl_strategy_type *const pl_strategy_boulware;   /* e = 0.2 */
PL_API extern const pl_strategy_type *const pl_strategy_linear;     /* e = 1 */
PL_API extern const pl_strategy_type *const pl_strategy_conceder;   /* e = 2 */
PL_API extern const pl_strategy_type *const pl_strategy_hardliner;
PL_API extern const pl_strategy_type *const pl_strategy_titfortat;
PL_API extern const pl_strategy_type *const pl_strategy_random;
PL_API extern const pl_strategy_type *const pl_strategy_aspiration;

/** Number of built-in strategies and the i-th one (name order; NULL past the end). The table
 *  is constant: safe to read from any thread. */
PL_API size_t pl_strategy_count(void);
PL_API const pl_strategy_type *pl_strategy_at(size_t i);
/** Find by name (or the aliases "tit-for-tat", "tft", "time" = linear); NULL when unknown. */
PL_API const pl_strategy_type *pl_strategy_find(const char *name);
/**
 * Parse "name" or "name:param" (e.g. "boulware:0.1"). Sets *type and *param (NaN = default).
 * Fails with PL_ENOTFOUND (message lists the known names) or PL_EINVAL.
 */
PL_API pl_status pl_strategy_parse(const char *spec, const pl_strategy_type **type, double *param,
                                   pl_error_t *err);

/* View accessors for strategies: only the negotiator's own information. */
PL_API double pl_view_utility(const pl_sim_view_t *v, const size_t *outcome);
PL_API double pl_view_reservation(const pl_sim_view_t *v);  /* own linkage-adjusted threshold */
PL_API double pl_view_best(const pl_sim_view_t *v);         /* best utility it may offer */
PL_API double pl_view_time(const pl_sim_view_t *v);         /* round / own deadline, in [0,1] */
PL_API size_t pl_view_round(const pl_sim_view_t *v);        /* 0-based */
PL_API size_t pl_view_received(const pl_sim_view_t *v);     /* offers received so far */
PL_API double pl_view_last_received(const pl_sim_view_t *v);/* own utility of it, NaN if none */
PL_API double pl_view_prev_received(const pl_sim_view_t *v);/* the one before, NaN if none */
PL_API double pl_view_best_received(const pl_sim_view_t *v);/* NaN if none */
PL_API double pl_view_last_offered(const pl_sim_view_t *v); /* own utility of own last offer */
PL_API pl_rng_t *pl_view_rng(const pl_sim_view_t *v);
/** Who the negotiator is: the actor that acts (the party, or the delegation acting for it), and
 *  the party it acts for (equal when the party negotiates itself). Scenario actor indices, fixed
 *  for the session: use them to tell negotiators apart or to index per-actor data. */
PL_API size_t pl_view_actor(const pl_sim_view_t *v);
PL_API size_t pl_view_party(const pl_sim_view_t *v);
/** Number of issues: the length of every outcome a strategy reads or writes. */
PL_API size_t pl_view_nissues(const pl_sim_view_t *v);
/** The outcome received last (pl_view_nissues value indices; its utility is
 *  pl_view_last_received), or NULL before the first. Borrowed from the session: valid until the
 *  negotiator receives its next offer (copy it to keep it). An offer counts as received after
 *  the negotiator has answered it, so inside `accept` this is the offer before the one judged. */
PL_API const size_t *pl_view_last_received_outcome(const pl_sim_view_t *v);
/** The caller's pointer from pl_sim_options_t.context (NULL when none). */
PL_API void *pl_view_context(const pl_sim_view_t *v);
/** A random outcome the negotiator may offer (rational for it, within mandate). */
PL_API bool pl_view_random_offer(const pl_sim_view_t *v, size_t *offer);

/* ---------------------------------------------------------------- protocols */

/**
 * A protocol. `alloc` sets up its state (`size` bytes, zeroed, owned by the session); `step`
 * plays one round and returns PL_CONTINUE while the talks go on, PL_OK once it has ended the
 * session, or a failure (PL_ENOMEM when an event cannot be recorded, ...) with its message in
 * `err` (which may be NULL); `free` releases what alloc allocated (also after a failed alloc).
 * Protocols end sessions through the session's internal helpers, so they live in src/sim.
 */
typedef struct pl_protocol_type {
    const char *name;
    const char *summary;
    size_t size;                                          /* bytes of protocol state */
    pl_status (*alloc)(pl_session_t *s, void *state, pl_error_t *err);
    pl_status (*step)(pl_session_t *s, void *state, pl_error_t *err);
    void (*free)(pl_session_t *s, void *state);
} pl_protocol_type;

PL_API extern const pl_protocol_type *const pl_protocol_sao;         /* "sao" */
PL_API extern const pl_protocol_type *const pl_protocol_amop;        /* "amop" */
PL_API extern const pl_protocol_type *const pl_protocol_single_text; /* "single-text" */
PL_API extern const pl_protocol_type *const pl_protocol_feedback;    /* "feedback" */
PL_API extern const pl_protocol_type *const pl_protocol_shuttle;     /* "shuttle" */

/** Number of built-in protocols and the i-th one (name order; NULL past the end). The table
 *  is constant: safe to read from any thread. */
PL_API size_t pl_protocol_count(void);
PL_API const pl_protocol_type *pl_protocol_at(size_t i);
/** Find by name (or the aliases "saop", "alternating", "st", "single_text"); NULL when unknown. */
PL_API const pl_protocol_type *pl_protocol_find(const char *name);

/* ---------------------------------------------------------------- options */

/** Acceptance conditions (bit set; a negotiator accepts when any chosen one holds). */
enum {
    PL_AC_NEXT = 1,  /* the offer is worth at least my own next offer */
    PL_AC_CONST = 2, /* the offer is worth at least accept_const */
    PL_AC_BEST = 4   /* in the last accept_window of my time, at least the best offer seen */
};

typedef enum pl_vote_rule { PL_VOTE_VETO = 0, PL_VOTE_MAJORITY, PL_VOTE_QUOTA } pl_vote_rule;
typedef enum pl_voter_kind { PL_VOTER_HILL = 0, PL_VOTER_ANNEAL } pl_voter_kind;
typedef enum pl_mediator_move {
    PL_MOVE_RANDOM = 0,    /* flip one issue at random */
    PL_MOVE_BEST_RESPONSE, /* the flip the votes so far say is likeliest to pass */
    PL_MOVE_BRIDGE         /* one step toward the Nash point of the learned utilities */
} pl_mediator_move;

/**
 * Session options: set up with pl_sim_options_init, then change fields. Arrays are borrowed
 * (read during pl_session_alloc / pl_sim_batch_run only).
 *
 * Strategies. A negotiator (a party, or the delegation acting for it) follows, first found:
 * strategy[delegation], strategy[party], the scenario's `strategy:` of the delegation, of the
 * party, then default_strategy, then boulware. `param[a]` is the parameter of `strategy[a]`
 * and of nothing else (NaN: the strategy's default): a finite param[a] with strategy[a] NULL
 * (or no strategy array) fails with PL_EINVAL, rather than being ignored. To change the
 * parameter of the scenario's strategy, give the strategy here too (e.g. parse "boulware:0.1"
 * with pl_strategy_parse).
 */
typedef struct pl_sim_options {
    uint64_t seed;
    uint64_t stream;         /* unit index of this session in a batch (stream of (seed, stream)) */
    size_t rounds;           /* round limit; 0 = the largest deadline of the negotiators, or 100 */
    /* per actor (nactors entries each, NULL = none): strategy override, and its parameter
     * (NaN = the strategy's default; only with strategy[a] set, see above) */
    const pl_strategy_type **strategy;
    const double *param;
    const pl_strategy_type *default_strategy; /* actors naming none; NULL = boulware */
    unsigned accept;         /* PL_AC_* bits; default PL_AC_NEXT | PL_AC_BEST */
    double accept_const;     /* PL_AC_CONST level (default 0.9) */
    double accept_window;    /* PL_AC_BEST: last fraction of time (default 0.1) */
    pl_vote_rule vote;       /* single text / feedback: veto by default */
    double quota;            /* PL_VOTE_QUOTA: fraction of voters (default 2/3) */
    pl_voter_kind voter;     /* single text voters */
    double temperature;      /* annealer's starting temperature (default 0.1) */
    pl_mediator_move move;   /* single text mediator */
    size_t relay_cost;       /* shuttle: rounds a relay through a mediator takes (default 1) */
    bool ratify_continue;    /* after a failed ratification, talks go on (default) or end */
    bool record;             /* keep the event trace (default true) */
    const pl_sim_cache_t *cache; /* shared sorted outcomes (NULL: the session builds its own) */
    /* caller's context for custom strategies (pl_view_context; default NULL). Borrowed: the
     * library never reads, writes or frees it; the caller keeps it alive while the session (or
     * batch) runs. pl_sim_batch_run gives the same pointer to every session, possibly in
     * several threads at once: what it points to must then be safe to use concurrently. */
    void *context;
    /* per actor (nactors entries, NULL = none): outside negotiators (see pl_external_t); one
     * set for an actor or its party replaces the strategy */
    const pl_external_t *const *external;
    /* the trace streamed as the session runs (NULL: none): each line of pl_session_trace_jsonl
     * (the start line, one per event, the "result" line), ending in '\n', is passed to
     * trace_line(line, len, trace_ctx) when it is produced; `line` is valid during the call
     * only. The library does no I/O: the caller writes the lines (and notes its own write
     * errors in trace_ctx). The lines are those of pl_session_trace_jsonl, byte for byte. */
    void (*trace_line)(const char *line, size_t len, void *trace_ctx);
    void *trace_ctx;
    /* events kept in the session: 0 = all (default); n = those of the last n rounds only, so
     * that a session's memory does not grow with its rounds (with trace_line for the full
     * trace). pl_session_nevents still counts every event; pl_session_event returns NULL for
     * the dropped ones (below pl_session_first_event), pl_session_trace_jsonl fails. */
    size_t keep_rounds;
} pl_sim_options_t;

/** The defaults written next to each field (seed 1, accept NEXT | BEST, veto, ...). */
PL_API void pl_sim_options_init(pl_sim_options_t *o);

/* ---------------------------------------------------------------- events and results */

typedef enum pl_event_kind {
    PL_EV_OFFER = 0,    /* actor offers outcome to the others (other: recipient or PL_UNSET) */
    PL_EV_ACCEPT,       /* actor accepts the outcome on the table */
    PL_EV_REJECT,       /* actor rejects it */
    PL_EV_WALKOUT,      /* actor ends the negotiation (value 1: its deadline passed) */
    PL_EV_PROPOSE,      /* a mediator puts a text (single text, feedback, bridging) */
    PL_EV_VOTE,         /* actor votes on the mediator's text: value 1 yes, 0 no */
    PL_EV_FEEDBACK,     /* actor says better (1) / same (0) / worse (-1) */
    PL_EV_MOVE,         /* the text moves to the outcome */
    PL_EV_STAY,         /* the text stays */
    PL_EV_RELAY,        /* mediator (actor) carries an offer to other */
    PL_EV_REWORD,       /* mediator replaces an offer by a package of its own */
    PL_EV_HOLD,         /* mediator holds an offer back (no movement) */
    PL_EV_JOIN,         /* an absent party joins: the offer met its participation threshold */
    PL_EV_DECLINE,      /* an absent party declines to engage with the offer */
    PL_EV_LEAVE,        /* a mediator leaves (its deadline) */
    PL_EV_AGREEMENT,    /* all parties accepted the outcome */
    PL_EV_RATIFY,       /* party ratifies (value 1) or fails to (0; other: the blocking faction) */
    PL_EV_END,          /* the session ends (value: pl_end_reason; actor: who ended it) */
    PL_EV_LINKAGE       /* linkage `other` (index) fires with probability `utility` */
} pl_event_kind;

typedef struct pl_event {
    pl_event_kind kind;
    size_t round;       /* 0-based */
    size_t actor;       /* scenario actor index or PL_UNSET */
    size_t other;       /* recipient, mediator, blocker, linkage index, or PL_UNSET */
    size_t outcome;     /* offset of the outcome in the trace (pl_session_event_outcome) or PL_UNSET */
    double utility;     /* the actor's own utility for the outcome (NaN when none) */
    int value;          /* vote, feedback, end reason, ... */
} pl_event_t;

typedef enum pl_end_reason {
    PL_END_RUNNING = 0,
    PL_END_AGREEMENT,     /* agreement reached and ratified */
    PL_END_BREAKDOWN,     /* a negotiator walked out or no channel is left */
    PL_END_DEADLINE,      /* a deadline or the round limit ended the talks */
    PL_END_RATIFICATION   /* an agreement failed ratification and the talks ended */
} pl_end_reason;

PL_API const char *pl_end_reason_name(pl_end_reason r);
PL_API const char *pl_event_kind_name(pl_event_kind k);

/** A session's result: owned by the session (pl_session_result), valid until pl_session_free;
 *  the arrays are the session's too. */
typedef struct pl_sim_result {
    pl_end_reason end;
    bool agreement;        /* an outcome was agreed (and ratified) */
    bool ratified;         /* every ratification passed (true when none was needed) */
    size_t round;          /* 0-based round the session ended in */
    size_t rounds;         /* rounds played */
    size_t ended_by;       /* actor who walked out, blocked, or whose deadline ended it */
    size_t *outcome;       /* nissues values: the agreement (valid when agreement) */
    double *utility;       /* per actor: u(agreement), or reservation when none */
    double *discounted;    /* per actor: u * discount^round, or reservation */
    double *expected;      /* per actor: with linkages' expected effects (deal or no deal) */
} pl_sim_result_t;

/* ---------------------------------------------------------------- sessions */

/**
 * Build the sorted per-actor outcome index once: for each negotiating actor, every one of the
 * N outcomes is evaluated (O(N * issues)) and the rational ones are sorted by utility with an
 * LSD radix sort (four 16-bit passes: O(N); qsort, O(N log N), below 2,048 outcomes or when
 * the radix buffers cannot be allocated). Fails with PL_ETOOBIG above 2^26 outcomes. The cache
 * is a heap object: free it with pl_sim_cache_free, after every session that borrows it;
 * read-only once built, so sessions in several threads may share it.
 */
PL_API pl_status pl_sim_cache_alloc(const pl_model_t *m, pl_sim_cache_t **out, pl_error_t *err);
PL_API void pl_sim_cache_free(pl_sim_cache_t *c);

/**
 * A new session of `protocol` on the model (borrowed: keep it alive, and opt->cache if given).
 * Strategy names given in the scenario are resolved here (unknown ones fail with
 * PL_ENOTFOUND); options are checked (PL_EINVAL). `opt` NULL: the defaults. The session is a
 * heap object (*out): free it with pl_session_free, which also frees its result and trace.
 */
PL_API pl_status pl_session_alloc(const pl_model_t *m, const pl_protocol_type *protocol,
                                  const pl_sim_options_t *opt, pl_session_t **out,
                                  pl_error_t *err);
/**
 * Play one round. PL_CONTINUE (negative: not an error) while the session goes on, PL_OK when
 * it has ended (and on every later call), or a failure (PL_ENOMEM: an event could not be
 * recorded) with its message in `err` (may be NULL). After a failure the session stops: later
 * steps return the same code; only pl_session_free (and reading what was recorded) remain.
 */
PL_API pl_status pl_session_step(pl_session_t *s, pl_error_t *err);
/** Step until the end: PL_OK, or the failure of the step that failed. */
PL_API pl_status pl_session_run(pl_session_t *s, pl_error_t *err);
/** The result (see pl_sim_result_t): `end` is PL_END_RUNNING until the session has ended. */
PL_API const pl_sim_result_t *pl_session_result(const pl_session_t *s);
PL_API void pl_session_free(pl_session_t *s);

/* The trace: events and outcomes are owned by the session (valid until pl_session_free, or
 * until the event is dropped under pl_sim_options_t.keep_rounds). */
PL_API size_t pl_session_nevents(const pl_session_t *s);
/** The index of the oldest event still kept (0 unless keep_rounds dropped older ones). */
PL_API size_t pl_session_first_event(const pl_session_t *s);
PL_API const pl_event_t *pl_session_event(const pl_session_t *s, size_t i);
/** The outcome an event refers to (nissues values) or NULL. */
PL_API const size_t *pl_session_event_outcome(const pl_session_t *s, const pl_event_t *e);
/** Negotiating actors (party or its delegation) in turn order, and their count. */
PL_API size_t pl_session_nnegotiators(const pl_session_t *s);
PL_API size_t pl_session_negotiator(const pl_session_t *s, size_t i);
/** The strategy negotiator i follows (its name is in the descriptor). */
PL_API const pl_strategy_type *pl_session_strategy(const pl_session_t *s, size_t i);
PL_API const pl_protocol_type *pl_session_protocol(const pl_session_t *s);

/**
 * The trace as JSON Lines (one event object per line, schema in docs/simulation.md), ending
 * with a "result" line. *text is allocated for the caller (free with pl_free). PL_ENOMEM when
 * the trace is incomplete (an event could not be recorded).
 */
PL_API pl_status pl_session_trace_jsonl(const pl_session_t *s, char **text, size_t *len,
                                        pl_error_t *err);

/* ---------------------------------------------------------------- batches and measures */

/** Summary of a batch, in caller storage: pl_sim_batch_run fills it (allocating the arrays),
 *  pl_sim_batch_destroy frees the arrays (safe on a zeroed or destroyed record). */
typedef struct pl_sim_batch {
    size_t nsessions;
    size_t agreements;
    size_t total_rounds;
    double *mean_utility;  /* per actor, over sessions (reservation when no deal) */
    uint64_t *outcome;     /* per session: outcome index of the agreement or UINT64_MAX */
    size_t *rounds;        /* per session */
} pl_sim_batch_t;

/**
 * Run n sessions with streams (opt->seed, opt->stream + 0..n-1), in parallel when OpenMP is on;
 * the results are identical whatever the thread count. On success free *out with
 * pl_sim_batch_destroy; on failure there is nothing to free.
 */
PL_API pl_status pl_sim_batch_run(const pl_model_t *m, const pl_protocol_type *protocol,
                                  const pl_sim_options_t *opt, size_t n, pl_sim_batch_t *out,
                                  pl_error_t *err);
PL_API void pl_sim_batch_destroy(pl_sim_batch_t *b);

/** Distances of one outcome, in caller storage (no heap parts: nothing to free). */
typedef struct pl_sim_measure {
    size_t nparties;
    double pareto_distance;   /* Euclidean, in the parties' utility space, to the nearest
                                 Pareto-optimal rational outcome (0 on the frontier) */
    double nash_distance;     /* to the Nash point (max prod (u - threshold)) */
    uint64_t nash;            /* outcome index of the Nash point, UINT64_MAX if none */
    size_t frontier_size;     /* Pareto-optimal rational outcomes */
} pl_sim_measure_t;

/**
 * Distances of an outcome (NULL: the no-deal point, everyone at its threshold) to the Pareto
 * frontier and the Nash point of the parties' utilities, from the analysis engine
 * (pl_frontier_compute, pl_points_compute: PL_ETOOBIG when no exact method applies).
 */
PL_API pl_status pl_sim_measure(const pl_model_t *m, const size_t *outcome, pl_sim_measure_t *out,
                                pl_error_t *err);

/* ---------------------------------------------------------------- outside negotiators */

/**
 * A negotiator whose decisions come from outside the library (a person, a Python object, a
 * language model): set pl_sim_options_t.external[a] for the actor (or its party) and the session
 * asks its callbacks instead of a strategy. The protocol's rules stay parley's: turns,
 * deadlines, the round limit, mandates, requirements, individual rationality, ratification and
 * channels are enforced whatever the callbacks say (docs/python.md, "Outside negotiators").
 *
 * - `open` (optional) is called once per negotiator when its session starts and returns the
 *   pointer handed to the other callbacks (`neg`); NULL from open fails the session's alloc
 *   with the message put in `err`. Without open, `neg` is `ctx`. `close` (optional) is called
 *   with that pointer by pl_session_free (also after a failure).
 * - `propose` writes an offer (pl_view_nissues value indices) into `offer` and returns PL_OK,
 *   or returns PL_EXTERNAL_WALKOUT to end the talks (a walkout). An offer the rules refuse
 *   (a value out of range, below its reservation, a requirement unmet, outside its mandate,
 *   not ratifiable once a ratification failed) is not made: pl_view_refusal tells the reason
 *   and propose is asked again, at most `max_refusals` times in a row (0: 3); after that the
 *   negotiator walks out.
 * - `respond` sets *accept for an offer, a mediator's text or a package put to it. Offers the
 *   rules forbid it to accept are rejected for it without asking. In `feedback`, accept means
 *   "better" and reject "worse". In alternating offers the session asks for the next offer
 *   first (the would-be counter-offer, pl_view_last_offered after it) and then for the response.
 * - Any other status from a callback fails the session: pl_session_step returns it, with
 *   "negotiator 'NAME': " and the message the callback put in `err` (the callback's own
 *   record, empty on entry) in the session's error. No callback is called after that.
 * Callbacks run in the thread that steps the session; a tournament or batch may step sessions
 * of the same external in several threads at once (use `open` for per-session state).
 */
#define PL_EXTERNAL_WALKOUT ((pl_status)1)
struct pl_external {
    const char *name;                    /* shown as the strategy's name ("external" if NULL) */
    void *ctx;                           /* the caller's; never read or freed by the library */
    void *(*open)(void *ctx, const pl_sim_view_t *v, pl_error_t *err);
    void (*close)(void *ctx, void *neg);
    pl_status (*propose)(void *neg, const pl_sim_view_t *v, size_t *offer, pl_error_t *err);
    pl_status (*respond)(void *neg, const pl_sim_view_t *v, const size_t *offer, bool *accept,
                         pl_error_t *err);
    size_t max_refusals;                 /* refused offers in a row before a walkout (0: 3) */
};

/** The strategy descriptor outside negotiators follow (name "external"): the session sets it
 *  for every actor with pl_sim_options_t.external[a]; it cannot be chosen by name. */
PL_API extern const pl_strategy_type *const pl_strategy_external;

/** Why the negotiator's last offer was refused (NULL when it was not; outside negotiators only).
 *  Borrowed: valid until the negotiator's next callback returns. */
PL_API const char *pl_view_refusal(const pl_sim_view_t *v);
/** Refused offers in a row so far (0 after an accepted offer). */
PL_API size_t pl_view_refusals(const pl_sim_view_t *v);
/** The negotiator's deadline in rounds (its own, else its party's, capped by the round limit):
 *  rounds left = pl_view_deadline - pl_view_round. */
PL_API double pl_view_deadline(const pl_sim_view_t *v);
/** Offers, texts and packages received so far (outside negotiators only: 0 for strategies), the
 *  k-th (0 = first) as pl_view_nissues value indices, and the 0-based round it came in. */
PL_API size_t pl_view_history(const pl_sim_view_t *v);
PL_API const size_t *pl_view_history_outcome(const pl_sim_view_t *v, size_t k);
PL_API size_t pl_view_history_round(const pl_sim_view_t *v, size_t k);
/** The model the session runs on, for the names of issues, values and actors
 *  (pl_model_issue_name, ...) and the channels (pl_model_at_table, pl_model_via). Outside
 *  negotiators get it to describe the talks; strategies should keep to their view. */
PL_API const pl_model_t *pl_view_model(const pl_sim_view_t *v);

/* ---------------------------------------------------------------- tournaments */

/** One entrant: a strategy (with its parameter, NaN: default) or an outside negotiator. */
typedef struct pl_tournament_entrant {
    const char *name;                    /* unique; shown in results */
    const pl_strategy_type *type;        /* NULL when external is set */
    double param;
    const pl_external_t *external;
} pl_tournament_entrant_t;

/** A tournament's design: set up with pl_tournament_options_init, then fill the arrays
 *  (borrowed: read during pl_tournament_run). */
typedef struct pl_tournament_options {
    const pl_tournament_entrant_t *entrants;
    size_t nentrants;
    const pl_model_t *const *models;     /* the scenarios, compiled */
    const char *const *model_names;      /* their names in results */
    size_t nmodels;
    const pl_protocol_type *const *protocols;
    size_t nprotocols;
    size_t nseeds;                       /* repetitions of each pairing (default 1) */
    uint64_t seed;                       /* session i runs on stream (seed, i) (default 1) */
    size_t rounds;                       /* 0: the scenario's deadlines, else 100 */
    bool self_play;                      /* an entrant may meet itself (default true) */
    const char *journal;                 /* append-only results file to resume from, or NULL */
} pl_tournament_options_t;

PL_API void pl_tournament_options_init(pl_tournament_options_t *o);

/** One session's result. Roles are the model's parties in order (pl_model_party). */
typedef struct pl_tournament_session {
    size_t model, protocol, seed;        /* indices into the options' arrays; seed 0..nseeds-1 */
    size_t entrant[8];                   /* entrant index per role (nroles of them) */
    size_t nroles;
    bool agreement;
    size_t rounds;                       /* rounds played */
    double utility[8];                   /* per role: its party's utility (reservation if none) */
    double welfare;                      /* sum of the roles' utilities */
    double pareto_distance, nash_distance; /* as pl_sim_measure (NaN: not measured) */
} pl_tournament_session_t;

/** An entrant's scores over every session it played (each role counts once). */
typedef struct pl_tournament_score {
    size_t entrant;
    size_t n;                            /* roles played */
    double utility, utility_ci;          /* mean individual utility, 95% half-width */
    double welfare, pareto_distance, nash_distance; /* means (distances over measured ones) */
    double agreement_rate;
} pl_tournament_score_t;

typedef struct pl_tournament {
    size_t nsessions;
    pl_tournament_session_t *sessions;   /* in session-index order */
    size_t resumed;                      /* sessions read back from the journal */
    size_t nentrants;
    pl_tournament_score_t *ranking;      /* best mean utility first */
} pl_tournament_t;

/**
 * Run every session: for each model, protocol, assignment of entrants to the model's parties
 * (every ordered tuple; without self_play no entrant twice) and seed. Sessions run in parallel
 * (OpenMP); session i runs on stream (seed, i), so results are the same whatever the thread
 * count. With a journal, each finished session is appended to it as one line (flushed) and a
 * run that finds the journal of the same design reads those back and runs only the rest: a
 * killed run loses nothing it finished (a torn last line is run again). A journal of another
 * design fails with PL_EINVAL. At most 8 parties per model. Free *out with pl_tournament_free.
 */
PL_API pl_status pl_tournament_run(const pl_tournament_options_t *o, pl_tournament_t **out,
                                   pl_error_t *err);
PL_API void pl_tournament_free(pl_tournament_t *t);
/** Number of sessions the design has (0 if a model has no party or more than 8). */
PL_API size_t pl_tournament_size(const pl_tournament_options_t *o);
/** Results as CSV (one row per session) and JSON (design, ranking, sessions), written to the
 *  path atomically (temporary file and rename). */
PL_API pl_status pl_tournament_write_csv(const pl_tournament_t *t,
                                         const pl_tournament_options_t *o, const char *path,
                                         pl_error_t *err);
PL_API pl_status pl_tournament_write_json(const pl_tournament_t *t,
                                          const pl_tournament_options_t *o, const char *path,
                                          pl_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
