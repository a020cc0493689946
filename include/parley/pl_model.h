/*
 * pl_model.h: a scenario compiled for computation. Issues become value counts,
 * an outcome is an array of value indices (issue order), and each actor's
 * utility is a dense per-issue table where it is additive (the fast path used by
 * every engine) plus optional non-additive parts. Engines read only the model.
 *
 * Utility of actor a for outcome o (exact semantics, docs/scenario-format.md):
 *   u_a(o) = sum_i table[a][i][o_i]                      (additive part)
 *          + hyper-rectangle part (GENIUS nonlinear)     (if nonadditive)
 *          - sum of defection costs of a's factions that reject o
 * A deal also carries the linkages' expected effects: an actor accepts o when
 *   u_a(o) + sum_l p_deal_l * effect_la >= reservation_a + sum_l p_no_deal_l * effect_la
 * The engines compare u_a(o) with `threshold[a]`, which folds both linkage terms into the
 * reservation: threshold = reservation + sum_l (p_no_deal - p_deal) * effect.
 */
#ifndef PL_MODEL_H
#define PL_MODEL_H

#include "pl_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque: read a model through the accessors below (its layout is private to libparley and
 * may change between versions; engines inside the library see it in src/core/model_internal.h). */
typedef struct pl_model pl_model_t;

/**
 * Compile `sc` (not copied: keep it alive) into a new model. Fails with PL_EINVAL and a
 * message when the scenario is inconsistent in a way the loader could not see.
 * Complexity O(actors * total values). Free with pl_model_free.
 */
PL_API pl_status pl_model_compile(const pl_scenario_t *sc, pl_model_t **out, pl_error_t *err);
PL_API void pl_model_free(pl_model_t *m);

/** Utility of actor a for the outcome (value index per issue). 0 for actors without preferences. */
PL_API double pl_model_utility(const pl_model_t *m, size_t a, const size_t *outcome);
/** Additive part only (table sum), the quantity fast paths work on. */
PL_API double pl_model_utility_additive(const pl_model_t *m, size_t a, const size_t *outcome);
/** Does actor a's hard constraints (`requires`) allow the outcome? */
PL_API bool pl_model_requirements_met(const pl_model_t *m, size_t a, const size_t *outcome);
/** Actor a accepts: the outcome respects the constraints, a's requirements are met and its
 *  utility >= threshold (tolerance PL_TOL). */
PL_API bool pl_model_accepts(const pl_model_t *m, size_t a, const size_t *outcome);
/** Is the outcome inside delegation d's mandate (true for actors without one)? */
PL_API bool pl_model_within_mandate(const pl_model_t *m, size_t d, const size_t *outcome);
/**
 * Does the party's ratification rule pass for the outcome? Sets *blocker to the first
 * faction that rejects it (veto), or to PL_UNSET. Parties without a rule always pass.
 */
PL_API bool pl_model_ratified(const pl_model_t *m, size_t party, const size_t *outcome,
                              size_t *blocker);
/**
 * The party's ratification rule applied to given acceptances: `accepts[a]` says whether actor a
 * accepts (only the party and its factions are read). This is the one definition of the veto and
 * quota rules; pl_model_ratified feeds it the model's own acceptances, mediation feeds it
 * acceptances after side-payments. *blocker as in pl_model_ratified. O(actors).
 */
PL_API bool pl_model_ratified_by(const pl_model_t *m, size_t party, const bool *accepts,
                                 size_t *blocker);

/* ---- The one acceptance rule (docs/analysis.md, "Feasible packages"). Every command decides
 * with these: analyze's zone and points, mediation's evaluator (which adds payments to the same
 * acceptances), simulation's agreements and ratification votes. ---- */

/** Does the outcome respect every cross-issue constraint (`constraints:`)? O(constraints). An
 *  outcome that violates one is not a possible package: pl_model_accepts is false for it. */
PL_API bool pl_model_allowed(const pl_model_t *m, const size_t *outcome);
PL_API size_t pl_model_nconstraints(const pl_model_t *m);
/** Index of the first constraint the outcome violates, or PL_UNSET. */
PL_API size_t pl_model_violated(const pl_model_t *m, const size_t *outcome);

/** Why an outcome is not feasible: the first reason found (docs/analysis.md). */
typedef enum pl_why_kind {
    PL_WHY_NONE = 0,       /* feasible */
    PL_WHY_CONSTRAINT,     /* violates constraint `constraint` */
    PL_WHY_REJECTS,        /* party `actor` rejects it (requirements, or utility below threshold) */
    PL_WHY_PARTICIPATION,  /* absent party `actor` accepts but is not offered enough to engage */
    PL_WHY_WALKED_OUT,     /* party `actor` has left the talks */
    PL_WHY_MANDATE,        /* delegation `actor` (of `party`) may not agree to it */
    PL_WHY_RATIFICATION,   /* `party`'s ratification fails; `actor` is a blocking voter or the party */
    PL_WHY_DECISION        /* consensus/majority: the consenting parties fall short of the rule;
                              `actor` is a required party that does not consent, else PL_UNSET */
} pl_why_kind;

typedef struct pl_why {
    pl_why_kind kind;
    size_t actor;
    size_t party;
    size_t constraint;
} pl_why_t;

/** What a party must be offered to agree: its threshold, or its participation level when that
 *  is larger (an absent party engages only then); other actors: the threshold. */
PL_API double pl_model_need(const pl_model_t *m, size_t a);
/**
 * Per-actor acceptances as the model sees them, into acc[nactors]: parties: requirements met and
 * (without preferences: nothing more) utility >= need; delegations: inside their mandate; every
 * other actor: pl_model_accepts. Constraints are not folded in (pl_model_feasible asks them).
 */
PL_API void pl_model_acceptances(const pl_model_t *m, const size_t *outcome, bool *acc);
/**
 * The decision at the table from given acceptances (acc as pl_model_acceptances fills it, or
 * after side payments): each party consents when it accepts, has not walked out, its
 * delegations stay in their mandates and its ratification passes; then the decision rule
 * (unanimity, consensus, majority) over the consents. The one definition: pl_model_feasible and
 * the mediation evaluator call it. *why (may be NULL) gets the first reason it fails.
 */
PL_API bool pl_model_decides_by(const pl_model_t *m, const bool *acc, pl_why_t *why);
/** The same rule without the ratifications: do the consents at the table (acceptance, no
 *  walkout, mandates) meet the decision rule? Simulation agrees at the table with this, then
 *  holds the ratification votes and keeps the deal when pl_model_decides_by passes. */
PL_API bool pl_model_decides_at_table(const pl_model_t *m, const bool *acc, pl_why_t *why);
/** Is the outcome feasible: allowed by the constraints and agreed under the decision rule?
 *  O(actors + constraints) plus the utilities. *why (may be NULL) as above. */
PL_API bool pl_model_feasible(const pl_model_t *m, const size_t *outcome, pl_why_t *why);
/** Does party p consent to the outcome (the party's part of pl_model_feasible)? */
PL_API bool pl_model_consents(const pl_model_t *m, size_t party, const size_t *outcome,
                              pl_why_t *why);
/** The decision rule at the table, a party's decision weight, whether its consent is required,
 *  whether it has walked out. */
PL_API pl_decision_rule pl_model_decision_rule(const pl_model_t *m);
PL_API double pl_model_decision_weight(const pl_model_t *m, size_t a);
PL_API bool pl_model_required(const pl_model_t *m, size_t a);
PL_API bool pl_model_walked_out(const pl_model_t *m, size_t a);
/** Does the party have a ratification rule? Does actor a vote in some party's rule? */
PL_API bool pl_model_has_ratification(const pl_model_t *m, size_t party);
PL_API bool pl_model_votes(const pl_model_t *m, size_t a);

/** One vote or combination of a party's ratification, as pl_model_ratify_explain reports it. */
typedef struct pl_route_report {
    const char *name;      /* the route's name, NULL for the party's top rule (borrowed) */
    pl_ratify_rule rule;
    int depth;             /* 0 for the top rule, 1 for its routes, ... */
    bool tried;            /* false for sequence routes after one that passed */
    bool passes;
    double yes, no;        /* QUOTA: seats; REFERENDUM: percent of votes cast; VETO: members */
    double needed;         /* QUOTA: the quota; REFERENDUM: majority in percent; VETO: all */
    double margin;         /* yes - needed (QUOTA), yes - no (REFERENDUM); 0 otherwise */
    double yes_electorate; /* REFERENDUM: yes votes as percent of the electorate; NaN */
    double floor;          /* REFERENDUM: the floor in percent of the electorate; NaN = none */
    size_t npivotal;       /* voters whose change of vote alone flips it (passing), or the fewest
                              largest rejecting voters that would make it pass (failing) */
    size_t pivotal[8];
} pl_route_report_t;

/**
 * Explain party p's ratification of the outcome: every vote and combination in pre-order, at
 * most max of them into out; returns how many there are. 0 when p has no rule. O(voters log).
 */
PL_API size_t pl_model_ratify_explain(const pl_model_t *m, size_t party, const size_t *outcome,
                                      pl_route_report_t *out, size_t max);

/* ---- Accessors. Callers outside the library (the CLI, bindings) read the model only through
 * these: the struct layout is private and may change. All are O(1) unless noted; actor, issue
 * and party indices must be in range (checked only by assertions). */

/** The scenario the model was compiled from (borrowed): names, labels and sources, for
 *  rendering results. Engines read the compiled fields below, never the scenario. */
PL_API const pl_scenario_t *pl_model_scenario(const pl_model_t *m);
PL_API size_t pl_model_nissues(const pl_model_t *m);
/** Number of values of issue i. */
PL_API size_t pl_model_nvalues(const pl_model_t *m, size_t i);
PL_API size_t pl_model_nactors(const pl_model_t *m);
/** Number of actors with role party, and the k-th of them (scenario order). */
PL_API size_t pl_model_nparties(const pl_model_t *m);
PL_API size_t pl_model_party(const pl_model_t *m, size_t k);
/** Names for messages and rendering (borrowed from the scenario). */
PL_API const char *pl_model_actor_name(const pl_model_t *m, size_t a);
PL_API const char *pl_model_issue_name(const pl_model_t *m, size_t i);
PL_API const char *pl_model_value_label(const pl_model_t *m, size_t i, size_t v);
/** Where actor a is written in the source (line and column, 1-based; 0 when it did not come
 *  from a file), and the file the scenario was read from (borrowed, NULL when none): for
 *  messages about the actor. */
PL_API pl_srcpos_t pl_model_actor_pos(const pl_model_t *m, size_t a);
PL_API const char *pl_model_source_file(const pl_model_t *m);

/** Actor a's role, and the party a delegation or faction belongs to (PL_UNSET for others). */
PL_API pl_role pl_model_role(const pl_model_t *m, size_t a);
PL_API size_t pl_model_party_of(const pl_model_t *m, size_t a);
/** Does actor a state preferences (a utility table or hyper-rectangles)? */
PL_API bool pl_model_has_preferences(const pl_model_t *m, size_t a);
/** Is actor a's utility exactly the sum of its per-issue tables? */
PL_API bool pl_model_is_additive(const pl_model_t *m, size_t a);
/** Actor a's additive table for issue i: nvalues(i) utilities (weight * evaluation), or NULL
 *  when the actor has no table. Borrowed; valid while the model lives. */
PL_API const double *pl_model_value_utilities(const pl_model_t *m, size_t a, size_t i);
/** Reservation as written; linkage shift sum_l (p_no_deal - p_deal) * effect; the threshold
 *  (their sum) that utilities are compared with; the expected no-deal utility; the expected
 *  linkage effect of any deal. All in utility units. */
PL_API double pl_model_reservation(const pl_model_t *m, size_t a);
PL_API double pl_model_linkage_shift(const pl_model_t *m, size_t a);
PL_API double pl_model_threshold(const pl_model_t *m, size_t a);
PL_API double pl_model_expected_no_deal(const pl_model_t *m, size_t a);
PL_API double pl_model_deal_bonus(const pl_model_t *m, size_t a);
/** Utility an offer must give an absent party before it joins; NaN when none. */
PL_API double pl_model_participation(const pl_model_t *m, size_t a);
/** Per-round discount factor in (0,1] (1 = none); deadline in rounds (NaN = none). */
PL_API double pl_model_discount(const pl_model_t *m, size_t a);
PL_API double pl_model_deadline(const pl_model_t *m, size_t a);
/** Is the actor at the table (false for a party reached only through mediators)? Is it the
 *  host mediator? */
PL_API bool pl_model_at_table(const pl_model_t *m, size_t a);
PL_API bool pl_model_is_host(const pl_model_t *m, size_t a);
/** Does actor a mediate: role mediator, or a dual role (a party with `mediates: true`)? */
PL_API bool pl_model_mediates(const pl_model_t *m, size_t a);
/** Simulation strategy named in the scenario for the actor, or NULL. */
PL_API const char *pl_model_strategy(const pl_model_t *m, size_t a);
/** Capability (clout), seats (NaN = none), a faction's defection cost. */
PL_API double pl_model_clout(const pl_model_t *m, size_t a);
PL_API double pl_model_seats(const pl_model_t *m, size_t a);
PL_API double pl_model_defection_cost(const pl_model_t *m, size_t a);
/** Does delegation a have a mandate on any issue? Does actor a have hard requirements? */
PL_API bool pl_model_has_mandate(const pl_model_t *m, size_t a);
PL_API bool pl_model_has_requirements(const pl_model_t *m, size_t a);
/** Delegation a's mandate on issue i: nvalues(i) flags (true = allowed), or NULL when the mandate
 *  does not constrain issue i (or a has none). Borrowed. O(issues a's mandate constrains). */
PL_API const bool *pl_model_mandate(const pl_model_t *m, size_t a, size_t i);
/** The values of issue i that actor a's hard requirements allow (all of a's requirements on i
 *  combined): nvalues(i) flags, or NULL when none constrains issue i. Borrowed. O(issues a's
 *  requirements constrain). */
PL_API const bool *pl_model_requirement(const pl_model_t *m, size_t a, size_t i);
/** A party's factions (role faction, belonging to it): how many, and the k-th (scenario
 *  order). 0 for actors without factions. */
PL_API size_t pl_model_nfactions(const pl_model_t *m, size_t party);
PL_API size_t pl_model_faction(const pl_model_t *m, size_t party, size_t k);
/** The mediators that reach actor a (its `via` list, in the order written): how many, and the
 *  j-th (an actor index). 0 for actors without one. */
PL_API size_t pl_model_nvia(const pl_model_t *m, size_t a);
PL_API size_t pl_model_via(const pl_model_t *m, size_t a, size_t j);

/** Issue i's kind; is it ordered (numeric, or categorical with ordered options)? Its numeric
 *  range as written (categorical issues: as the loader left it); its reference point (status
 *  quo for forecasting, NaN when absent). */
PL_API pl_issue_kind pl_model_issue_kind(const pl_model_t *m, size_t i);
PL_API bool pl_model_issue_ordered(const pl_model_t *m, size_t i);
PL_API void pl_model_issue_range(const pl_model_t *m, size_t i, double *lo, double *hi);
PL_API double pl_model_issue_reference(const pl_model_t *m, size_t i);
/** Value v of issue i as a number: integer and continuous issues, the value itself; NaN for
 *  categorical issues (whose values are labels: pl_model_value_label). */
PL_API double pl_model_value_number(const pl_model_t *m, size_t i, size_t v);
/** Position form: actor a's stance position on issue i (numeric: the value; categorical: the
 *  option index) and its salience as written (not normalised); both NaN when a states no
 *  position there or is not in position form. */
PL_API double pl_model_position(const pl_model_t *m, size_t a, size_t i);
PL_API double pl_model_salience(const pl_model_t *m, size_t a, size_t i);

/**
 * A party's ratification rule as a weighted game: the members (actor indices: the party
 * itself first when it votes, then its factions in scenario order), their weights (seats; 1
 * each under a veto rule), and the weight needed to pass (the quota; under a veto rule every
 * member). Arrays are borrowed from the model. Under a veto rule pl_model_ratified_by reads
 * only the factions' votes: the party's own yes is its acceptance, which callers ask anyway.
 */
typedef struct pl_model_game {
    pl_ratify_rule rule;      /* PL_RATIFY_NONE: the party alone decides (no members) */
    size_t nmembers;
    const size_t *members;
    const double *weight;
    double quota;
    double total;             /* seats in the whole body as written (messages), NaN if not given */
} pl_model_game_t;
/** Fill *g with the party's ratification game; false (and rule NONE) when it has none. */
PL_API bool pl_model_ratification(const pl_model_t *m, size_t party, pl_model_game_t *g);

/** Proposals: how many, and proposal p's value index per issue (PL_UNSET where partial). */
PL_API size_t pl_model_nproposals(const pl_model_t *m);
PL_API const size_t *pl_model_proposal(const pl_model_t *m, size_t p);
PL_API const char *pl_model_proposal_name(const pl_model_t *m, size_t p);
/** Linkages: how many; probabilities of the action with and without a deal; its effect on
 *  actor a (0 when none given). */
PL_API size_t pl_model_nlinkages(const pl_model_t *m);
PL_API double pl_model_linkage_p_deal(const pl_model_t *m, size_t l);
PL_API double pl_model_linkage_p_no_deal(const pl_model_t *m, size_t l);
PL_API double pl_model_linkage_effect(const pl_model_t *m, size_t l, size_t a);
/** Linkage l's outside actor (who takes the action), and its name (borrowed from the scenario). */
PL_API size_t pl_model_linkage_actor(const pl_model_t *m, size_t l);
PL_API const char *pl_model_linkage_name(const pl_model_t *m, size_t l);

/** Size of the outcome space; false when it overflows uint64 (then *n is UINT64_MAX). */
PL_API bool pl_model_space_size(const pl_model_t *m, uint64_t *n);
/** Exact size of the outcome space in decimal, whatever its size, when it fits in `size`
 *  bytes (with the NUL; a product has at most the sum of its factors' digits); otherwise an
 *  approximation "about 1.15e+78", never a number cut short. Returns buf. */
PL_API const char *pl_model_space_size_str(const pl_model_t *m, char *buf, size_t size);
/** Mixed-radix index <-> outcome (first issue varies slowest, as GENIUS enumerates). */
PL_API uint64_t pl_model_outcome_index(const pl_model_t *m, const size_t *outcome);
PL_API void pl_model_outcome_from_index(const pl_model_t *m, uint64_t index, size_t *outcome);
/** Step `outcome` to the next one in that order; false (and all zeros) after the last. */
PL_API bool pl_model_outcome_next(const pl_model_t *m, size_t *outcome);

#ifdef __cplusplus
}
#endif
#endif
