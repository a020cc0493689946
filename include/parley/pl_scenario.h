/*
 * pl_scenario.h: a negotiation as the user wrote it (names, roles, sources,
 * proposals, variants), in the order written, each part with its file position.
 * Loaders (pl_io.h) produce it; pl_model_compile turns it into dense arrays.
 * The structs are plain and readable by callers; build or change them only
 * through the loaders or the pl_scenario_* helpers so that the invariants hold.
 */
#ifndef PL_SCENARIO_H
#define PL_SCENARIO_H

#include "pl_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Where something was written (1-based; 0 when it did not come from a file). */
typedef struct pl_srcpos {
    int line;
    int col;
} pl_srcpos_t;

typedef enum pl_issue_kind {
    PL_ISSUE_CATEGORICAL = 0, /* named options, ordered or not */
    PL_ISSUE_INTEGER,         /* integers lo..hi */
    PL_ISSUE_REAL             /* reals lo..hi enumerated with a step */
} pl_issue_kind;

/**
 * An issue. Every issue is enumerated: `nvalues` values with labels (the option names,
 * or the numbers printed with %g) and, for numeric issues, their numeric values.
 * For an ordered categorical issue `numeric[v]` is the rank v; unordered: also v (not used
 * for distances).
 */
typedef struct pl_issue {
    char *name;
    char *description;  /* may be NULL */
    char *source;       /* `source` note, may be NULL */
    pl_issue_kind kind;
    bool ordered;       /* categorical: are options ordered (first to last)? numeric: true */
    double lo, hi, step;/* numeric issues: range and step (integer: step 1) */
    size_t nvalues;
    char **values;      /* labels, nvalues of them */
    double *numeric;    /* numeric value per label, nvalues of them */
    double reference;   /* status quo / reference point (forecast models); NaN when absent */
    pl_srcpos_t pos;
} pl_issue_t;

typedef enum pl_role {
    PL_ROLE_PARTY = 0,
    PL_ROLE_MEDIATOR,
    PL_ROLE_DELEGATION,
    PL_ROLE_FACTION,
    PL_ROLE_EXTERNAL
} pl_role;

/** How one actor values one issue. Which fields apply depends on the actor's utility kind. */
typedef struct pl_stance {
    /* position form */
    bool has_position;
    double position;      /* numeric issues: the value; categorical: the option index */
    double salience;      /* >= 0; in position form the per-issue weight */
    /* table form (GENIUS linear additive) */
    double weight;        /* raw weight (normalised to sum 1 at compile time) */
    double *eval;         /* raw evaluation per value (nvalues), NULL when absent */
    bool has_linear;      /* numeric issue evaluated as clamp(slope*(v-lo)+offset, 0, 1) */
    double slope, offset;
    char *source;
    pl_srcpos_t pos;
} pl_stance_t;

typedef enum pl_utility_kind {
    PL_UTILITY_NONE = 0,  /* the actor states no preferences */
    PL_UTILITY_POSITION,  /* stance positions + salience (documented distance form) */
    PL_UTILITY_TABLE,     /* GENIUS-style linear additive tables */
    PL_UTILITY_HYPER      /* GENIUS nonlinear: sum of hyper-rectangle utilities */
} pl_utility_kind;

/** One GENIUS hyper-rectangle: value-index bounds per issue it constrains. */
typedef struct pl_hyperrect {
    double utility;       /* utility * weight as GENIUS applies it */
    size_t nbounds;
    size_t *issue;        /* issue index per bound */
    size_t *min, *max;    /* inclusive value-index bounds */
} pl_hyperrect_t;

/** A hard constraint: no deal unless issue's value is in the allowed set. */
typedef struct pl_requirement {
    size_t issue;
    bool *allowed;        /* per value of the issue */
    char *text;           /* how it was written, for messages */
    char *source;
    pl_srcpos_t pos;
} pl_requirement_t;

/** What an actor (a mediator, a party) can use to move another actor's threshold (docs/mediation.md, Leverage). */
typedef enum pl_instrument_kind {
    PL_INSTRUMENT_SIDE_PAYMENT = 0,  /* raises the actor's utility of a deal */
    PL_INSTRUMENT_PENALTY            /* lowers the actor's no-deal utility */
} pl_instrument_kind;

/**
 * An actor's instrument: written under an actor's `instruments` in the scenario (a mediator's
 * pressure, a party's side letter; its source note is at "actors.<holder>.instruments.<k>"),
 * or built by callers of
 * pl_mediate_leverage. Plain value: no owned memory.
 */
typedef struct pl_instrument {
    pl_instrument_kind kind;
    size_t actor;             /* on whom (the penalty's `on`, the side payment's `to`) */
    double max;               /* largest usable amount in utility units, INFINITY when unbounded */
    pl_srcpos_t pos;          /* where it was written (0 when built by a caller) */
} pl_instrument_t;

/** A guarantor's or verifier's commitment (docs/scenario-format.md, Guarantees): it moves
 *  one actor's acceptance threshold, or one linkage's probabilities. Plain value. */
typedef enum pl_guarantee_kind {
    PL_GUARANTEE = 0,          /* `kind: guarantee` (default): the holder stands behind a deal */
    PL_VERIFICATION            /* `kind: verification`: the holder checks compliance */
} pl_guarantee_kind;

typedef struct pl_guarantee {
    pl_guarantee_kind kind;
    size_t actor;              /* `to`: whose threshold it moves, or PL_UNSET */
    double threshold;          /* added to that actor's threshold (negative: accepts more) */
    size_t linkage;            /* `linkage`: whose probabilities it sets, or PL_UNSET */
    double p_deal, p_no_deal;  /* the linkage's probabilities under the guarantee; NaN: unchanged */
    pl_srcpos_t pos;
} pl_guarantee_t;

typedef struct pl_actor {
    char *name;
    char *description;
    char *source;
    pl_role role;
    bool host;                 /* mediator hosting the talks */
    double clout;              /* capability >= 0 (default 1) */
    double reservation;        /* utility of no deal before linkages (default 0) */
    pl_utility_kind utility;
    pl_stance_t *stances;      /* one per issue (scenario order) when utility is POSITION/TABLE */
    pl_hyperrect_t *rects;     /* HYPER: the rectangles */
    size_t nrects;
    double rect_max;           /* HYPER: GENIUS maxutility divisor (0 = none) */
    size_t party;              /* delegation/faction: index of the party it belongs to; else SIZE_MAX */
    /* delegation: allowed values per issue; NULL = no mandate on that issue (or no mandate) */
    bool **mandate;
    bool at_table;             /* default true */
    size_t *via;               /* mediators that reach an absent party (actor indices) */
    size_t nvia;
    double participation;      /* utility an offer must give before it joins; NaN = none */
    pl_requirement_t *requires;
    size_t nrequires;
    double deadline;           /* rounds; NaN = none (from days: deadline_days / round days) */
    double deadline_days;      /* the deadline as given in calendar days (> 0), or NaN (or 0 in
                                  zeroed structs) when it was given in rounds or not at all */
    char *deadline_date;       /* the deadline as a calendar date (YYYY-MM-DD) when it was given
                                  as one (deadline_days then counts from the scenario's start,
                                  that day included), else NULL */
    double discount;           /* per round factor in (0,1]; 1 = none */
    char *strategy;            /* simulation strategy name, may be NULL */
    double seats;              /* faction/party seats for quota ratification; NaN = none */
    double defection_cost;     /* faction: cost to its party when it rejects a deal (leaves) */
    pl_instrument_t *instruments; /* its instruments (any role), in the order written */
    size_t ninstruments;
    pl_guarantee_t *guarantees;   /* its guarantees and verifications (any role) */
    size_t nguarantees;
    bool mediates;             /* a party (or external actor) that is also a mediator or
                                  co-sponsor (`mediates: true`): it may be named in `via`, and
                                  it mediates in simulation as a mediator does */
    pl_srcpos_t pos;
} pl_actor_t;

typedef enum pl_ratify_rule {
    PL_RATIFY_NONE = 0,   /* the party alone decides */
    PL_RATIFY_VETO,       /* every faction (or every listed member) must accept */
    PL_RATIFY_QUOTA,      /* accepting seats (party's own + factions', or the listed members')
                             must reach the quota */
    PL_RATIFY_REFERENDUM, /* an electorate of blocs votes: the yes share of the votes cast must
                             exceed `majority` (and the yes votes reach the `floor`) */
    PL_RATIFY_ALL,        /* every route in `routes` must pass */
    PL_RATIFY_ANY,        /* at least one route must pass */
    PL_RATIFY_SEQUENCE    /* routes tried in order until one passes (passes when any does) */
} pl_ratify_rule;

/**
 * A party's ratification rule, or one route of a combined rule (`routes`). Members without
 * stated preferences neither accept nor block (docs/scenario-format.md, Ratification).
 */
typedef struct pl_ratification {
    size_t party;
    pl_ratify_rule rule;
    double quota;         /* QUOTA: seats needed */
    double total;         /* QUOTA: seats in the body (for messages), NaN when not given */
    char *source;
    pl_srcpos_t pos;
    char *name;           /* a route's name ("plebiscite"); NULL for a party's top rule */
    size_t nvoters;       /* VETO/QUOTA with `members`, REFERENDUM's `electorate`: any actors;
                             0 for VETO/QUOTA: the party and its factions (their `seats`) */
    size_t *voters;       /* actor indices (nvoters) */
    double *weight;       /* per voter: seats (QUOTA; 1 under VETO) or vote share (REFERENDUM) */
    double majority;      /* REFERENDUM: the yes share of votes cast must exceed it (0.5) */
    double turnout;       /* REFERENDUM: share of the electorate that votes; NaN = not given */
    double floor;         /* REFERENDUM: yes votes needed as a share of the whole electorate
                             (turnout * yes share); NaN = none */
    size_t nroutes;       /* ALL/ANY/SEQUENCE: the parts, in the order written */
    struct pl_ratification *routes;
} pl_ratification_t;

/** How the parties at the table decide (docs/scenario-format.md, Decision rule). */
typedef enum pl_decision_rule {
    PL_DECIDE_UNANIMITY = 0, /* every party must consent (the default) */
    PL_DECIDE_CONSENSUS,     /* sufficient consensus: consenting weight >= quota share, the
                                required parties and every group's own quota share */
    PL_DECIDE_MAJORITY       /* consenting weight > half (and the required parties) */
} pl_decision_rule;

typedef enum pl_decision_weight {
    PL_WEIGHT_COUNT = 0,     /* one per party */
    PL_WEIGHT_CLOUT,         /* the parties' clout */
    PL_WEIGHT_SEATS          /* the parties' seats */
} pl_decision_weight;

/** A group of parties whose own consenting weight must reach the quota (parallel consent). */
typedef struct pl_consent_group {
    char *name;
    size_t nmembers;
    size_t *members;         /* party indices */
    pl_srcpos_t pos;
} pl_consent_group_t;

typedef struct pl_decision {
    pl_decision_rule rule;
    pl_decision_weight weight;
    double quota;            /* CONSENSUS: share of the total weight in (0, 1]; MAJORITY: 0.5 */
    size_t nrequired;
    size_t *required;        /* parties whose consent is required whatever the weights */
    size_t ngroups;
    pl_consent_group_t *groups;
    size_t nwalked_out;
    size_t *walked_out;      /* parties that left the talks: they consent to nothing */
    char *source;
    pl_srcpos_t pos;         /* where `decision` was written (0 when absent) */
} pl_decision_t;

/** One condition of a constraint: the issue's value is one of `allowed`. */
typedef struct pl_condition {
    size_t issue;
    bool *allowed;           /* per value of the issue */
} pl_condition_t;

/**
 * A cross-issue constraint: an outcome violates it when every `when` condition holds and
 * (nthen == 0: `forbid`) or some `then` condition fails. Outcomes that violate a constraint
 * are not possible packages: nobody accepts them and no engine offers them.
 */
typedef struct pl_constraint {
    char *name;
    size_t nwhen;
    pl_condition_t *when;    /* `if` (or `forbid`): all hold */
    size_t nthen;
    pl_condition_t *then;    /* `then`: all must hold; none = the combination is forbidden */
    char *source;
    pl_srcpos_t pos;
} pl_constraint_t;

/** An outside actor's action tied to the outcome of the talks. */
typedef struct pl_linkage {
    char *name;
    size_t actor;         /* the outside actor */
    char *action;         /* text, e.g. "retaliatory strike" */
    double p_deal;        /* probability of the action if there is a deal */
    double p_no_deal;     /* ... if there is none */
    char *within;         /* free text ("48 hours"), may be NULL */
    double *effect;       /* per actor utility change if the action happens (nactors) */
    char *source;
    pl_srcpos_t pos;
} pl_linkage_t;

/** The largest deadline (in rounds) a scenario may give and the largest round limit a
 *  simulation runs (docs/limits.md): a deadline of 1e9 rounds would run for hours and hold its
 *  trace in memory. The loader refuses larger deadlines, pl_session_alloc larger limits. */
#define PL_MAX_ROUNDS 100000

/** A named package. value[i] is a value index or PL_UNSET (partial proposal). */
#define PL_UNSET SIZE_MAX
typedef struct pl_proposal {
    char *name;
    char *description;
    char *source;
    size_t amends;        /* index of the proposal it amends, or PL_UNSET */
    size_t *value;        /* resolved (amendments applied), nissues entries */
    bool *changed;        /* amendments: which issues this one changed */
    pl_srcpos_t pos;
} pl_proposal_t;

typedef struct pl_variant {
    char *name;
    char *description;
    char *source;
    /* the overlay (its name, issues, actors, ratification, linkages and proposals sections) as
     * scenario-language text, a block mapping at indentation 0 re-emitted from the file; NULL
     * when the variant overlays nothing. The writer emits it, so variants survive conversion. */
    char *overlay;
    pl_srcpos_t pos;
    double weight;           /* `weight`: the analyst's trust in this report (> 0); worlds draw a
                                weighted variant by weight (docs/uncertainty.md); NaN when none */
} pl_variant_t;

/** A `source` note attached to any value, keyed by its path ("actors.Israel.reservation"). */
typedef struct pl_note {
    char *path;
    char *source;
} pl_note_t;

typedef struct pl_scenario {
    char *name;
    char *description;
    char *source;
    char *file;              /* path it was loaded from, may be NULL */
    char *variant;           /* the variant applied, NULL for the base */
    size_t nissues;
    pl_issue_t *issues;
    size_t nactors;
    pl_actor_t *actors;
    size_t nratifications;
    pl_ratification_t *ratifications;
    size_t nlinkages;
    pl_linkage_t *linkages;
    size_t nproposals;
    pl_proposal_t *proposals;
    size_t nvariants;
    pl_variant_t *variants;  /* all variants the file defines (whichever is applied) */
    size_t nnotes;
    pl_note_t *notes;        /* every `source` note, including those of plain values */
    double round_days;       /* calendar days one round of talks stands for, as the top-level
                                `round` gave it (> 0); NaN (or 0 in zeroed structs) when the
                                file says nothing: then a round is one day */
    char *start;             /* the calendar date of day 1 (YYYY-MM-DD, top-level `start`), or
                                NULL when the file gives none */
    pl_decision_t decision;  /* how the table decides (zeroed: unanimity) */
    size_t nconstraints;
    pl_constraint_t *constraints;
    size_t nuncertain;       /* values written as distributions (pl_uncertain.h); the numbers
                                they drive hold their points */
    struct pl_uncertain *uncertain;
} pl_scenario_t;

/** Allocate an empty scenario (all counts 0). Returns NULL when out of memory. */
PL_API pl_scenario_t *pl_scenario_alloc(void);
/** Free a scenario and everything it owns; NULL is fine. */
PL_API void pl_scenario_free(pl_scenario_t *sc);

/** Index of the issue / actor / proposal named `name`, or PL_UNSET. O(n). */
PL_API size_t pl_scenario_find_issue(const pl_scenario_t *sc, const char *name);
PL_API size_t pl_scenario_find_actor(const pl_scenario_t *sc, const char *name);
PL_API size_t pl_scenario_find_proposal(const pl_scenario_t *sc, const char *name);
/** Index of value `label` in issue i, or PL_UNSET. */
PL_API size_t pl_issue_find_value(const pl_issue_t *is, const char *label);

PL_API const char *pl_role_name(pl_role r);
/** The instrument kind named by the first `len` bytes of `s`: `side_payment` (also
 *  `side-payment`, `payment`, `side_letter`, `side-letter`) or `penalty` (also `pressure`),
 *  the names both the scenario language and `parley mediate --instrument` accept. False (and
 *  *out untouched) for any other name. */
PL_API bool pl_instrument_kind_parse(const char *s, size_t len, pl_instrument_kind *out);

/** Calendar days one round stands for: sc->round_days when set (> 0 and finite), else 1. */
PL_API double pl_scenario_round_days(const pl_scenario_t *sc);
/** Does the scenario speak of calendar time (a `round` length, or a deadline given in days)?
 *  Output then shows each round with its day. */
PL_API bool pl_scenario_has_days(const pl_scenario_t *sc);
/** The calendar day (1-based) on which round `round` (0-based) starts:
 *  floor(round * round days) + 1. With one round a day, round index 6 is day 7; with
 *  rounds of 12 hours, round indices 4 and 5 are day 3. */
PL_API size_t pl_scenario_round_day(const pl_scenario_t *sc, size_t round);

/** Days since 1970-01-01 of a date written YYYY-MM-DD (a real date of the Gregorian
 *  calendar, years 1 to 9999): true and *days set, else false. O(1). */
PL_API bool pl_date_parse(const char *s, long *days);
/** Write the date `days` after 1970-01-01 as YYYY-MM-DD into buf (at least 11 bytes). */
PL_API void pl_date_format(long days, char *buf, size_t size);
/** The calendar date of day `day` (1-based) of the talks, when the scenario has a `start`
 *  date: true and buf set (YYYY-MM-DD); false (buf untouched) without a start. */
PL_API bool pl_scenario_day_date(const pl_scenario_t *sc, size_t day, char *buf, size_t size);

/** The source note recorded for `path` (e.g. "actors.Israel.clout"), or NULL. */
PL_API const char *pl_scenario_source(const pl_scenario_t *sc, const char *path);

#ifdef __cplusplus
}
#endif
#endif
