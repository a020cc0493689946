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

typedef struct pl_model {
    const pl_scenario_t *sc;   /* borrowed: must outlive the model */
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
} pl_model_t;

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
/** Actor a accepts: requirements met and utility >= threshold (tolerance 1e-12). */
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

/** Size of the outcome space; false when it overflows uint64 (then *n is UINT64_MAX). */
PL_API bool pl_model_space_size(const pl_model_t *m, uint64_t *n);
/** Exact size of the outcome space in decimal, whatever its size. Returns buf. */
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
