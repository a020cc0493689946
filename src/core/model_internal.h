/*
 * model_internal.h: the layout of a compiled model. Private to libparley: engines inside src/
 * may read these fields in their hot loops; code outside the library uses the accessors of
 * pl_model.h. Everything an evaluation reads is compiled here once (pl_model_compile), so
 * that no engine walks the scenario per outcome.
 */
#ifndef PL_MODEL_INTERNAL_H
#define PL_MODEL_INTERNAL_H

#include <parley/pl_model.h>

/* One per-issue value set: an outcome o passes when allowed[o[issue]]. An actor's hard
 * requirements on the same issue are merged (AND) into one entry at compile time, so a
 * conjunction over the entries is the conjunction of everything written. */
typedef struct pl_i_allow {
    size_t issue;
    bool *allowed;             /* nvalues[issue] entries, owned */
} pl_i_allow_t;

/* A GENIUS hyper-rectangle, copied from the scenario (owned). */
typedef struct pl_i_rect {
    double utility;
    size_t nbounds;
    size_t *issue, *min, *max; /* one block: issue, then min, then max (nbounds each) */
} pl_i_rect_t;

/* What the engines need of an issue beyond its value count. */
typedef struct pl_i_issue {
    pl_issue_kind kind;
    bool ordered;              /* numeric, or categorical with ordered options */
    double lo, hi;             /* numeric range as written (categorical: 0 and 0) */
    double reference;          /* status quo for forecasting; NaN when absent */
    double *numeric;           /* integer/continuous: each value as a number (owned); NULL for
                                * categorical issues */
} pl_i_issue_t;

/* Everything about one actor that decisions read, besides the utility tables. */
typedef struct pl_i_actor {
    pl_role role;
    size_t party;              /* delegation/faction: its party; PL_UNSET for the others */
    bool host, at_table;
    bool mediates;             /* role mediator, or a dual role (`mediates: true`) */
    bool hyper;                /* utility is GENIUS hyper-rectangles (plus the table, if any) */
    bool has_mandate;          /* a mandate was written (possibly constraining no issue) */
    double clout, seats, defection_cost, participation, discount, deadline;
    const char *strategy;      /* borrowed from the scenario, may be NULL */
    size_t nrequire;           /* hard requirements, one entry per constrained issue */
    pl_i_allow_t *require;
    size_t nmandate;           /* mandate, one entry per constrained issue (issue order) */
    pl_i_allow_t *mandate;
    size_t nfactions;          /* party: its factions (role faction, party == this), scenario order */
    size_t *factions;
    size_t ndefectors;         /* party: those factions with a nonzero defection cost */
    size_t *defectors;
    size_t nvia;               /* the mediators that reach it (its `via` list, in order) */
    size_t *via;
    size_t nrects;             /* hyper: the rectangles and GENIUS maxutility divisor (0 = none) */
    pl_i_rect_t *rects;
    double rect_max;
    /* position form only (NULL otherwise): per issue the stance position (NaN = none) and the
     * salience as written (not normalised): forecasting reads them */
    double *position;
    double *salience;
} pl_i_actor_t;

/* A party's ratification rule (or one route of it), compiled: who votes with what weight.
 * Voters without preferences are left out here: they neither accept nor block. */
typedef struct pl_i_route {
    pl_ratify_rule rule;
    const char *name;          /* borrowed from the scenario; NULL for a party's top rule */
    size_t n;                  /* voters */
    size_t *voter;             /* actor indices (owned) */
    double *weight;            /* seats, 1 (veto) or vote shares (owned) */
    bool skip_party;           /* veto over the party's factions: the party's own yes is asked apart */
    double quota, total, majority, turnout, floor;
    size_t nroutes;
    struct pl_i_route *routes; /* owned */
} pl_i_route_t;

/* A cross-issue constraint: violated when every `when` entry passes and some `then` entry
 * fails (nthen == 0: always, a forbidden combination). */
typedef struct pl_i_constraint {
    size_t nwhen, nthen;
    pl_i_allow_t *when, *then;
} pl_i_constraint_t;

/* The decision rule at the table and what the one acceptance rule reads (model_accept.c). */
typedef struct pl_i_accept {
    pl_decision_rule rule;
    double quota;              /* consensus share; majority: 0.5 (strict) */
    double *weight;            /* per actor (parties): decision weight */
    bool *required, *walked;   /* per actor */
    size_t ngroups;
    size_t *group_n;           /* per group: member count; members in group_member[g] */
    size_t **group_member;
    double *need;              /* per actor: threshold, or max(threshold, participation) (parties) */
    bool *prefs;               /* per actor: states preferences */
    pl_i_route_t **route;      /* per actor: its ratification rule, NULL when none */
    size_t ndelegations;
    size_t *delegation;        /* delegations with a mandate (actor order) */
    size_t nconstraints;
    pl_i_constraint_t *constraint;
    size_t nvoters;            /* every actor that votes in some party's rule (scenario order) */
    bool *voter;               /* per actor */
} pl_i_accept_t;

struct pl_model {
    const pl_scenario_t *sc;   /* borrowed: must outlive the model (names, labels, sources) */
    size_t nissues;
    size_t *nvalues;           /* per issue */
    size_t nactors;            /* == sc->nactors; actor indices are the scenario's */
    /* table[a] is NULL for actors without preferences, else table[a][i] has nvalues[i]
     * entries: weight_i * evaluation_i(v), so that the additive part is their sum. */
    double ***table;
    bool *additive;            /* per actor: utility is exactly the table sum */
    double *reservation;       /* per actor, as written */
    double *linkage_shift;     /* per actor: sum_l (p_no_deal - p_deal) * effect */
    double *threshold;         /* reservation + linkage_shift */
    double *expected_no_deal;  /* reservation + sum_l p_no_deal * effect (linkage-adjusted) */
    double *deal_bonus;        /* sum_l p_deal * effect: expected linkage effect of any deal */
    size_t nparties;
    size_t *parties;           /* actor indices with role party, scenario order */
    struct pl_model_game *game;/* per actor: its ratification game (rule NONE when none) */
    pl_i_actor_t *actor;       /* per actor: role, attributes, rules */
    pl_i_issue_t *issue;       /* per issue */
    size_t nproposals;
    size_t *proposal;          /* nproposals * nissues value indices (PL_UNSET where partial) */
    size_t nlinkages;
    double *p_deal, *p_no_deal;/* per linkage */
    size_t *linkage_actor;     /* per linkage: the actor who takes the action */
    double *effect;            /* nlinkages * nactors: effect on each actor (0 when none) */
    pl_i_accept_t acc;         /* the acceptance rule (model_accept.c) */
};

/* Compile the decision rule, ratification routes and constraints (needs the thresholds and
 * the parties); free them (NULL-safe on a partly compiled model). model_accept.c. */
pl_status pl_i_model_compile_accept(pl_model_t *m, pl_error_t *err);
void pl_i_model_free_accept(pl_model_t *m);

/* Does the outcome violate no constraint? Inline: the hot loops ask it per outcome. */
static inline bool pl_i_allowed(const pl_model_t *m, const size_t *o);

/* Compile every actor's attributes and rules, the issues' kinds, proposals and linkages
 * (m->actor, m->issue, m->proposal, the linkage arrays), then every party's ratification
 * game (m->game). Needs m->sc, m->nissues, m->nvalues and m->nactors set. */
pl_status pl_i_model_compile_rules(pl_model_t *m, pl_error_t *err);
/* Apply the actors' guarantees (model_guarantees.c): a linkage's guaranteed probabilities
 * replace its own, the linkage terms are recomputed from them, and threshold shifts are added.
 * Needs the linkage arrays and thresholds compiled; nothing changes without guarantees. */
void pl_i_model_apply_guarantees(pl_model_t *m);
/* Free what pl_i_model_compile_rules allocated; NULL-safe on a partly compiled model. */
void pl_i_model_free_rules(pl_model_t *m);

/* Does the outcome pass every entry (n of them)? */
static inline bool pl_i_allow_all(const pl_i_allow_t *al, size_t n, const size_t *o)
{
    for (size_t r = 0; r < n; r++)
        if (!al[r].allowed[o[al[r].issue]]) return false;
    return true;
}

static inline bool pl_i_allowed(const pl_model_t *m, const size_t *o)
{
    for (size_t c = 0; c < m->acc.nconstraints; c++) {
        const pl_i_constraint_t *k = &m->acc.constraint[c];
        if (pl_i_allow_all(k->when, k->nwhen, o) &&
            (k->nthen == 0 || !pl_i_allow_all(k->then, k->nthen, o)))
            return false;
    }
    return true;
}

#endif
