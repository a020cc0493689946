/*
 * pl_mediate.h: the mediator's toolkit. Exact answers, from a compiled model, to the
 * questions a mediator asks: which packages pass every party and ratification rule
 * (bridging), what change or pressure makes a named proposal pass (what it takes),
 * the least use of a mediator's instruments (leverage) and what a linkage adds, who is
 * to blame when talks fail, the power of every ratification body (Shapley-Shubik,
 * Banzhaf) and fair division of issues (Adjusted Winner, max-min share).
 * Definitions: docs/mediation.md.
 *
 * Every name here starts with pl_mediate_. Results live in caller storage, one lifecycle for
 * all of them: initialise a result once with its _init before the first call that fills it;
 * each call first releases whatever the storage holds (so one variable can serve many calls)
 * and then fills it; after any call, success or failure, release it with its _destroy (NULL
 * is accepted; the storage is left as after _init). Arrays inside a result are owned by it.
 * Every options struct has an _options_init that sets the defaults; NULL options mean those.
 */
#ifndef PL_MEDIATE_H
#define PL_MEDIATE_H

#include "pl_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== power */

/** Power indices of a simple game with n members (pl_mediate_power_weighted/_simple). */
typedef struct pl_mediate_game_power {
    size_t n;
    double *shapley;      /* Shapley-Shubik index per member */
    double *banzhaf;      /* normalised Banzhaf: swings_i / sum_j swings_j (0 when no swings) */
    double *banzhaf_raw;  /* swings_i / 2^(n-1) */
    double *shapley_se;   /* standard error per member: 0 when exact */
    double *banzhaf_se;   /* standard error of the raw Banzhaf index: 0 when exact */
    bool exact;           /* false: estimated from `samples` random draws */
    size_t samples;
} pl_mediate_game_power_t;

typedef struct pl_mediate_power_options {
    size_t max_exact;     /* largest game solved exactly (0 = as large as exact counts allow) */
    size_t samples;       /* random draws when sampling (0 = 200000) */
    uint64_t seed;        /* sampling seed */
} pl_mediate_power_options_t;

/** Defaults: exact whenever counts allow, 200000 samples otherwise, seed 0. */
PL_API void pl_mediate_power_options_init(pl_mediate_power_options_t *o);
PL_API void pl_mediate_game_power_init(pl_mediate_game_power_t *p);
PL_API void pl_mediate_game_power_destroy(pl_mediate_game_power_t *p);

/**
 * Power indices of the weighted game [quota; w_1..w_n]: a coalition wins when its weight is
 * at least `quota`. Exact by dynamic programming over (coalition size, weight) counts in
 * wrap-around 64-bit arithmetic (exact for n <= 68) when the weights are integers after
 * scaling by a small factor and (n+1)*quota fits in memory; otherwise by sampling
 * (permutations for Shapley-Shubik, coalitions for Banzhaf) with standard errors.
 * Complexity exact: O(n^2 q) counting + O(n q) per distinct weight. `opt` may be NULL.
 * `out`: initialised caller storage (see the lifecycle above).
 */
PL_API pl_status pl_mediate_power_weighted(const double *weights, size_t n, double quota,
                                           const pl_mediate_power_options_t *opt,
                                           pl_mediate_game_power_t *out, pl_error_t *err);

/** A simple game given by its winning test on a coalition bitmask (bit i = member i). */
typedef bool (*pl_mediate_wins_fn)(const void *ctx, uint64_t coalition);

/** Exact power indices of any simple game with n <= 24 members, by enumerating 2^n coalitions
 *  (O(2^n n) time, 2^n bytes). `out`: initialised caller storage. */
PL_API pl_status pl_mediate_power_simple(size_t n, pl_mediate_wins_fn wins, const void *ctx,
                                         pl_mediate_game_power_t *out, pl_error_t *err);

/* ================================================================ fair division */

/** Adjusted Winner (Brams and Taylor) for two sides A and B over n issues. */
typedef struct pl_mediate_adjusted_winner {
    size_t n;
    double *share_a;      /* fraction of issue i that goes to A (1 - share_a to B) */
    double points_a;      /* points A receives, on A's own scale normalised to 100 */
    double points_b;
    size_t split;         /* the one issue that is split, or PL_UNSET */
} pl_mediate_adjusted_winner_t;

PL_API void pl_mediate_adjusted_winner_init(pl_mediate_adjusted_winner_t *aw);
PL_API void pl_mediate_adjusted_winner_destroy(pl_mediate_adjusted_winner_t *aw);

/**
 * Adjusted Winner: points a[i], b[i] >= 0 (each side's points are rescaled to sum 100).
 * (1) every issue goes to the side giving it more points (ties to A); (2) issues move from the
 * richer side in increasing order of (richer's points / poorer's points), whole while the
 * richer side stays ahead, and the next one is split to equalise. O(n log n).
 * `out`: initialised caller storage (see the lifecycle above).
 */
PL_API pl_status pl_mediate_adjusted_winner(const double *a, const double *b, size_t n,
                                            pl_mediate_adjusted_winner_t *out, pl_error_t *err);

/**
 * Max-min share: give each of `nitems` indivisible issues to one of `nparties` parties so
 * that the smallest share (each party's points rescaled to sum 100) is as large as possible;
 * ties go to the larger sum of shares. points is row-major nparties x nitems.
 * Exact by branch and bound (at worst O(nparties^nitems)); PL_ETOOBIG when
 * nparties^nitems > 2^40. owner[nitems] and share[nparties] are caller storage, written only
 * on success.
 */
PL_API pl_status pl_mediate_maxmin_share(const double *points, size_t nparties, size_t nitems,
                                         size_t *owner, double *share, pl_error_t *err);

/* ================================================================= mediation */

typedef struct pl_mediate_options {
    size_t top_k;             /* packages per bridging criterion (default 3) */
    uint64_t max_outcomes;    /* refuse larger outcome spaces with PL_ETOOBIG (default 2e7) */
    bool without_linkages;    /* judge acceptance against reservations without linkage shifts */
} pl_mediate_options_t;

/** Defaults: top 3, at most 2e7 outcomes, with linkages. */
PL_API void pl_mediate_options_init(pl_mediate_options_t *o);

/**
 * What a package gives every actor, and how close each veto player is to rejecting it.
 * Packages inside other results are owned by them; a package of your own follows the
 * lifecycle above (pl_mediate_package_init, pl_mediate_evaluate, pl_mediate_package_destroy).
 */
typedef struct pl_mediate_package {
    size_t *outcome;          /* value index per issue */
    double *utility;          /* per actor (NaN for actors without preferences) */
    double *threshold;        /* per actor: the utility it must reach to accept: its threshold
                               * (reservation + linkage shift; the reservation alone when judged
                               * without linkages), raised to its participation level for a
                               * party that has one. Payments (leverage) are not deducted. */
    double *slack;            /* per actor: utility - threshold (NaN when it has no preferences
                               * or is neither party nor faction) */
    bool passes;              /* every party, mandate, participation and ratification rule */
    size_t blocker;           /* first actor whose rule fails, or PL_UNSET */
    double nash;              /* product over parties of (utility - threshold), 0 if any < 0 */
    double ks;                /* smallest normalised gain over parties (see docs) */
    double robustness;        /* smallest slack over veto players */
    size_t nearest;           /* veto player with the smallest slack */
    double cost;              /* least total threshold move that makes it pass (INFINITY: none) */
} pl_mediate_package_t;

PL_API void pl_mediate_package_init(pl_mediate_package_t *p);
PL_API void pl_mediate_package_destroy(pl_mediate_package_t *p);
/** Evaluate one outcome into pkg (initialised caller storage). O(2^players * actors * issues)
 *  for the cost to pass; PL_EINVAL when a value index is out of range. `opt` may be NULL. */
PL_API pl_status pl_mediate_evaluate(const pl_model_t *m, const pl_mediate_options_t *opt,
                                     const size_t *outcome, pl_mediate_package_t *pkg,
                                     pl_error_t *err);

/**
 * What actor a gives up on issue i at value v against its best value of that issue, in
 * utility (additive part; 0 for an actor without per-issue tables). *ideal (may be NULL)
 * receives that best value index (PL_UNSET without tables). O(values of the issue).
 */
PL_API double pl_mediate_concession(const pl_model_t *m, size_t a, size_t issue, size_t value,
                                    size_t *ideal);

/* Veto players of the acceptance game: parties, delegations with a mandate, and the
 * factions of parties that have a ratification rule. */
typedef enum pl_mediate_criterion {
    PL_MEDIATE_NASH = 0,      /* Nash product over thresholds */
    PL_MEDIATE_KS,            /* largest smallest normalised gain (Kalai-Smorodinsky) */
    PL_MEDIATE_ROBUST,        /* largest smallest slack among veto players */
    PL_MEDIATE_NCRITERIA
} pl_mediate_criterion;

/** Result of pl_mediate_bridging. */
typedef struct pl_mediate_bridging {
    uint64_t space;           /* outcomes examined */
    uint64_t npassing;        /* outcomes that pass every rule */
    size_t nrank[PL_MEDIATE_NCRITERIA];
    pl_mediate_package_t *rank[PL_MEDIATE_NCRITERIA];   /* best first */
    bool has_closest;
    pl_mediate_package_t closest; /* when nothing passes: least total threshold move */
    double *ideal;            /* per actor: best utility over passing packages (NaN if none) */
} pl_mediate_bridging_t;

PL_API void pl_mediate_bridging_init(pl_mediate_bridging_t *b);
PL_API void pl_mediate_bridging_destroy(pl_mediate_bridging_t *b);
/** Bridging proposals: enumerate the outcome space once (twice when nothing passes).
 *  O(space * actors * issues). `out`: initialised caller storage. */
PL_API pl_status pl_mediate_bridging(const pl_model_t *m, const pl_mediate_options_t *opt,
                                     pl_mediate_bridging_t *out, pl_error_t *err);

/** Result of pl_mediate_what_it_takes. */
typedef struct pl_mediate_what_it_takes {
    size_t proposal;
    pl_mediate_package_t original;  /* the proposal (partial: its best completion) */
    bool passes;              /* passes as it stands */
    bool found;               /* a change exists that passes */
    size_t nchanged;          /* issues changed (of those the proposal sets) */
    pl_mediate_package_t changed;   /* the smallest change */
    double taken;             /* utility taken from the parties that accepted the original */
    double *move;             /* per actor: threshold move needed (0 accepts, INFINITY cannot) */
    double move_total;        /* least total move over the actors (INFINITY: a hard rule fails) */
    /* both together: fewest issues changed so that some threshold move makes it pass, then
     * the least total move (useful when no package passes unaided) */
    bool found_reach;
    size_t nchanged_reach;
    pl_mediate_package_t reach;     /* reach.cost is the total move it still needs */
} pl_mediate_what_it_takes_t;

PL_API void pl_mediate_what_it_takes_init(pl_mediate_what_it_takes_t *w);
PL_API void pl_mediate_what_it_takes_destroy(pl_mediate_what_it_takes_t *w);
/** Smallest change and threshold moves that make proposal `proposal` pass. Three passes over
 *  the outcome space. `out`: initialised caller storage. */
PL_API pl_status pl_mediate_what_it_takes(const pl_model_t *m, const pl_mediate_options_t *opt,
                                          size_t proposal, pl_mediate_what_it_takes_t *out,
                                          pl_error_t *err);

/* pl_instrument_kind and pl_instrument_t are defined in pl_scenario.h (a mediator's
 * `instruments` in the scenario language). */
/** "side-payment" or "penalty" (static string). */
PL_API const char *pl_mediate_instrument_kind_name(pl_instrument_kind k);

/** Result of pl_mediate_leverage. */
typedef struct pl_mediate_leverage {
    size_t n;
    pl_instrument_t *instruments;
    double *amount;           /* least use of each alone that makes some package pass (INFINITY) */
    pl_mediate_package_t *package;  /* the package it makes pass (best Nash among the cheapest) */
    double combined;          /* least total use of all instruments together (INFINITY) */
    double *combined_use;     /* per instrument */
    pl_mediate_package_t combined_package;
    /* the linkage: with (as scored) and without the outside actor's threat */
    uint64_t npassing_with, npassing_without;
    double cost_with, cost_without;   /* least total threshold move with / without linkages */
    pl_mediate_package_t best_with, best_without; /* best Nash package passing, else cheapest */
    uint64_t *accepts_with, *accepts_without; /* per actor: packages it accepts with / without */
} pl_mediate_leverage_t;

PL_API void pl_mediate_leverage_init(pl_mediate_leverage_t *l);
PL_API void pl_mediate_leverage_destroy(pl_mediate_leverage_t *l);
/**
 * Leverage of the instruments (NULL/0: a side payment to every veto player). An instrument
 * lowers its target's threshold by the amount used; an amount above `max` is reported
 * with `amount` > max (the caller says it is out of reach). `ins` is copied.
 * One pass over the outcome space. `out`: initialised caller storage.
 */
PL_API pl_status pl_mediate_leverage(const pl_model_t *m, const pl_mediate_options_t *opt,
                                     const pl_instrument_t *ins, size_t n,
                                     pl_mediate_leverage_t *out, pl_error_t *err);

/** Result of pl_mediate_blame. */
typedef struct pl_mediate_blame {
    size_t nplayers;
    size_t *players;          /* actor indices of the veto players */
    bool failed;              /* nothing passes (or the named proposal fails) */
    uint64_t *pivotal;        /* per player: failing packages its acceptance alone would carry */
    double *share;            /* Shapley value of the blocking game (sums to 1 when failed) */
    size_t ncoalitions;
    uint64_t *coalition;      /* minimal blocking coalitions (bitmasks over players) */
    uint64_t *coalition_count;/* packages for which each is a minimal set of missing acceptances */
    /* more than 16 veto players: the shares are estimated from `samples` random orderings
     * (share_se: their standard errors, 0 when exact) and only the minimal blocking
     * coalitions of at most `coalition_max` members are listed (0: all of them) */
    bool exact;
    size_t samples;
    double *share_se;
    size_t coalition_max;
} pl_mediate_blame_t;

PL_API void pl_mediate_blame_init(pl_mediate_blame_t *b);
PL_API void pl_mediate_blame_destroy(pl_mediate_blame_t *b);
/** Blame over all packages (proposal == PL_UNSET) or for one proposal's failure. Exact for
 *  at most 16 veto players, O(space * actors + 4^players); for up to 64, pivotal counts stay
 *  exact while the shares are estimated by sampling orderings (a fixed seed: the same answer
 *  every run, with standard errors) and the minimal blocking coalitions listed are the small
 *  ones (see `exact`). `out`: initialised caller storage. */
PL_API pl_status pl_mediate_blame(const pl_model_t *m, const pl_mediate_options_t *opt,
                                  size_t proposal, pl_mediate_blame_t *out, pl_error_t *err);

/** A ratification body or the acceptance game, with its members' power. */
typedef struct pl_mediate_body {
    size_t party;             /* the party whose body it is, PL_UNSET for the acceptance game */
    size_t nmembers;
    size_t *members;          /* actor indices */
    double *weight;           /* seats (1 each for a veto body; NaN in the acceptance game) */
    double quota;             /* NaN for the acceptance game */
    pl_mediate_game_power_t power;
} pl_mediate_body_t;

/** Result of pl_mediate_power. */
typedef struct pl_mediate_power {
    size_t nbodies;
    pl_mediate_body_t *bodies; /* every party's ratification body (party order), then the
                                * acceptance game */
} pl_mediate_power_t;

PL_API void pl_mediate_power_init(pl_mediate_power_t *p);
PL_API void pl_mediate_power_destroy(pl_mediate_power_t *p);
/** Power of every ratification body (the model's weighted games) and of the acceptance game
 *  (exact for at most 24 veto players, else estimated by sampling with opt's samples and
 *  seed, up to 64). `opt` may be NULL. `out`: initialised caller storage. */
PL_API pl_status pl_mediate_power(const pl_model_t *m, const pl_mediate_power_options_t *opt,
                                  pl_mediate_power_t *out, pl_error_t *err);

/**
 * Each actor's points per issue for fair division: 100 * (best - worst table entry) of the
 * issue over the actor's sum of those ranges. points has nissues entries (caller storage).
 * PL_EINVAL for an actor without per-issue tables or indifferent on every issue.
 */
PL_API pl_status pl_mediate_issue_points(const pl_model_t *m, size_t actor, double *points,
                                         pl_error_t *err);

/** Result of pl_mediate_fair_division: the packages `parley mediate` reports. */
typedef struct pl_mediate_fair_division {
    bool divided;             /* false: fewer than two parties have per-issue tables (then
                               * nparties/parties are set and everything else is empty) */
    size_t nparties;          /* parties with per-issue utility tables, scenario order */
    size_t *parties;          /* their actor indices */
    size_t a, b;              /* the Adjusted Winner sides: parties[0] and parties[1] */
    double *points_a, *points_b;   /* per issue: each side's points out of 100 */
    pl_mediate_adjusted_winner_t aw;
    pl_mediate_package_t package;  /* each issue at its winner's best value; the split issue
                                    * at the value nearest A's share (docs/mediation.md) */
    bool has_maxmin;          /* false when max-min share is too large to solve exactly */
    size_t *maxmin_owner;     /* per issue: the actor index of the party it goes to */
    double *maxmin_share;     /* per parties[k]: its points (out of 100) */
    pl_mediate_package_t maxmin_package; /* each issue at its owner's best value */
} pl_mediate_fair_division_t;

PL_API void pl_mediate_fair_division_init(pl_mediate_fair_division_t *fd);
PL_API void pl_mediate_fair_division_destroy(pl_mediate_fair_division_t *fd);
/**
 * Fair division between the parties with per-issue tables: Adjusted Winner between the first
 * two (points from pl_mediate_issue_points) turned into a package, and the max-min share of
 * whole issues over all of them (skipped, has_maxmin false, when PL_ETOOBIG), both packages
 * evaluated with pl_mediate_evaluate. Complexity: O(parties * total values) for the points,
 * O(issues log issues) for Adjusted Winner, branch and bound for max-min share (at most 2^40
 * allocations), plus two evaluations. `opt` may be NULL. `out`: initialised caller storage.
 * PL_EINVAL when one of those parties is indifferent on every issue.
 */
PL_API pl_status pl_mediate_fair_division(const pl_model_t *m, const pl_mediate_options_t *opt,
                                          pl_mediate_fair_division_t *out, pl_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
