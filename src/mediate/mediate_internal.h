/*
 * mediate_internal.h: the acceptance evaluator shared by the mediation methods. It mirrors
 * pl_model_accepts / pl_model_ratified but lets a method pay an actor (lower its threshold)
 * or force its acceptance, and drop the linkage shifts, without touching the model. The
 * methods read the model only through its accessors (pl_model.h); the evaluator caches the
 * per-actor attributes its inner loop needs.
 */
#ifndef PL_MEDIATE_INTERNAL_H
#define PL_MEDIATE_INTERNAL_H

#include <parley/pl_mediate.h>
#include "core/model_internal.h"

#define PL_I_MAX_PLAYERS 20

typedef struct pl_i_eval {
    const pl_model_t *m;
    size_t na, ni;
    double *thr;          /* per actor: threshold used (model's, or reservation without linkages) */
    double *need;         /* per actor: max(thr, participation) for parties, thr otherwise */
    double *pay;          /* per actor: threshold lowered by this much (side payment, penalty) */
    bool *forced;         /* per actor: accepts whenever its requirements hold */
    bool *has_pref;       /* per actor: states preferences */
    pl_ratify_rule *rule; /* per actor (parties): ratification rule, PL_RATIFY_NONE when none */
    pl_role *role;        /* per actor: role (cached from the model) */
    size_t *party;        /* per actor: the party of a delegation or faction, else PL_UNSET */
    double *defection;    /* per actor: a faction's defection cost */
    size_t nparties;
    size_t *parties;      /* actor indices of the parties, scenario order */
    /* veto players of the acceptance game */
    size_t nplayers;
    size_t *players;      /* actor indices: parties, delegations with a mandate, factions of
                           * parties with a ratification rule */
    size_t *player_of;    /* per actor: player index or PL_UNSET */
    /* results of the last pl_i_eval_run */
    double *u;            /* utility per actor (party: with the defection costs of rejecting factions) */
    bool *req;            /* requirements met */
    bool *acc;            /* accepts (delegation: within mandate; others without rules: true) */
    bool *voter;          /* per actor: votes in some party's ratification (pl_model_votes) */
    bool passes;
    size_t blocker;       /* first failing actor (party, delegation, or a faction blocking) */
    bool hard_fail;       /* a requirement or mandate fails: no payment can help */
} pl_i_eval_t;

pl_status pl_i_eval_init(pl_i_eval_t *ev, const pl_model_t *m, bool without_linkages,
                         pl_error_t *err);
void pl_i_eval_destroy(pl_i_eval_t *ev);
/** Evaluate outcome o under the current pay/forced settings. Returns ev->passes. */
bool pl_i_eval_run(pl_i_eval_t *ev, const size_t *o);
/** Ratification of party p on the last run's acceptances; *blocker: a rejecting faction. */
bool pl_i_ratified(const pl_i_eval_t *ev, size_t p, size_t *blocker);
/** Is player mask (bit k = players[k] accepts) winning in the acceptance game? */
bool pl_i_game_wins(const pl_i_eval_t *ev, uint64_t mask);
/** Accepting mask of the last run. */
uint64_t pl_i_accept_mask(const pl_i_eval_t *ev);
/** Slack of actor a in the last run: u + pay - need (NaN without preferences). */
double pl_i_slack(const pl_i_eval_t *ev, size_t a);

/** Smallest slack among the veto players of the last run (NaN: none); *nearest: who. */
double pl_i_robustness(pl_i_eval_t *ev, size_t *nearest);

/**
 * Least total payment to actors in `payable` (bitmask over players) that makes o pass, each
 * paid at most cap[a] (NULL: no cap). pays[na] (may be NULL) receives the payments.
 * Returns INFINITY when no such payment exists. Leaves pay/forced cleared.
 */
double pl_i_cost_to_pass(pl_i_eval_t *ev, const size_t *o, uint64_t payable, const double *cap,
                         double *pays);

/** Fill pkg (already initialised or sized) from a run on o; ideal (NULL ok) for KS gains. */
pl_status pl_i_package_fill(pl_i_eval_t *ev, const size_t *o, const double *ideal,
                            pl_mediate_package_t *pkg, pl_error_t *err);
pl_status pl_i_package_copy(const pl_model_t *m, const pl_mediate_package_t *src, pl_mediate_package_t *dst,
                            pl_error_t *err);

/** Size of the outcome space, or an error when it exceeds opt->max_outcomes. */
/** Power indices of a monotone simple game of n <= 64 members estimated from `samples`
 *  random orderings (Shapley-Shubik, by bisecting each ordering for its pivot) and, when
 *  `banzhaf`, as many random coalitions; standard errors in out (initialised storage). */
pl_status pl_i_power_sampled_simple(size_t n, pl_mediate_wins_fn wins, const void *ctx, size_t samples,
                                    uint64_t seed, bool banzhaf, pl_mediate_game_power_t *out,
                                    pl_error_t *err);

pl_status pl_i_space(const pl_model_t *m, const pl_mediate_options_t *opt, uint64_t *n,
                     pl_error_t *err);
/** Sum of the parties' utilities in the last run (tie-breaks). */
double pl_i_party_sum(const pl_i_eval_t *ev);
/** Nash product over the parties of (utility - threshold) in the last run, 0 if any is < 0. */
double pl_i_nash(const pl_i_eval_t *ev);

/** Does actor a have per-issue utility tables (the additive part that fair division and
 *  concessions read)? */
static inline bool pl_i_has_table(const pl_model_t *m, size_t a)
{
    return pl_model_nissues(m) > 0 && pl_model_value_utilities(m, a, 0) != NULL;
}

#endif
