/*
 * pl_analysis.h: exact analysis of a compiled model: outcome-space size, rational outcomes,
 * the exact Pareto frontier (enumeration with a skyline, or an additive per-issue merge that
 * never enumerates the space), the Nash / Kalai-Smorodinsky / egalitarian / utilitarian points,
 * the zone of possible agreement under mandates and ratification, and the standing of every
 * proposal. Definitions and proofs: docs/analysis.md. The library never prints.
 *
 * Lifecycles: the frontier and the whole analysis are heap objects the library allocates
 * (`*out`), released with pl_frontier_free / pl_analysis_free (NULL is fine). The points are
 * caller storage: pl_points_init once (or zero it), then each pl_points_compute releases what the
 * storage holds and fills it again; pl_points_destroy after the last call. Options structs are
 * set with their _options_init and then changed field by field.
 */
#ifndef PL_ANALYSIS_H
#define PL_ANALYSIS_H

#include "pl_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default largest outcome space enumerated outcome by outcome. */
#define PL_ANALYSIS_MAX_ENUMERATE 500000000ULL
/** Default largest work of one partial proposal's report: completions x actors with
 *  preferences (each completion needs each one's utility); about 2 s. */
#define PL_ANALYSIS_MAX_PROPOSAL_WORK 100000000ULL
/** Default largest work of the zone's enumeration: outcomes x parties and factions with
 *  preferences (each outcome may need each one's utility); about 15 s. */
#define PL_ANALYSIS_MAX_ZONE_WORK 1000000000ULL
/** Seconds the rectangle search runs when no time limit is given: it then stops with the points
 *  found and a certified gap (pl_frontier_t.exact, .gap) instead of running for hours. */
#define PL_ANALYSIS_RECTS_TIME_LIMIT 60.0

typedef enum pl_frontier_method {
    PL_FRONTIER_AUTO = 0,   /* additive merge when every actor is additive, else enumeration */
    PL_FRONTIER_ENUMERATE,  /* enumerate every outcome (chunked skyline); PL_ETOOBIG past the cap */
    PL_FRONTIER_ADDITIVE,   /* per-issue merge; PL_EUNSUPPORTED when an actor is not additive */
    PL_FRONTIER_RECTANGLES  /* branch and bound for integer hyper-rectangle utilities (GENIUS
                               2014); AUTO picks it when the space is too large to enumerate;
                               PL_EUNSUPPORTED when an actor's utility is not of that form */
} pl_frontier_method;

/**
 * The exact Pareto frontier over rational outcomes of `k` chosen actors. Outcomes with bitwise
 * equal utility vectors are grouped into one point that carries how many outcomes it stands for
 * and the first of them in enumeration order. Points are sorted by that first outcome.
 */
typedef struct pl_frontier {
    size_t k;              /* number of actors */
    size_t *actors;        /* their indices in the model (k) */
    size_t nissues;
    size_t npoints;        /* distinct utility vectors */
    double *u;             /* npoints * k utilities, point-major */
    uint64_t *count;       /* outcomes per point */
    size_t *outcome;       /* npoints * nissues: first outcome (value indices) of each point */
    uint64_t total;        /* frontier size counted in outcomes (saturates at UINT64_MAX) */
    bool saturated;        /* total overflowed 64 bits */
    const char *method;    /* "enumeration", "additive merge" or "rectangle search" (static) */
    bool exact;            /* the search was exhausted (false only when a time limit stopped it) */
    double gap;            /* !exact: every rational outcome missing from the result is within
                              gap (utility units, per actor) of being weakly dominated by a
                              point found (up to PL_TOL); INFINITY when none was found; 0 if exact */
    uint64_t nodes;        /* search nodes visited (rectangle search; 0 otherwise) */
    uint64_t examined;     /* enumeration: outcomes enumerated, the space size unless the time
                              limit stopped it (then exact = false, gap = INFINITY and the points
                              are the frontier of the first `examined` outcomes in enumeration
                              order); 0 for the other methods */
} pl_frontier_t;

/**
 * Compute the frontier of actors[0..k) (each must have preferences). Rational means
 * pl_model_accepts for every chosen actor (requirements and the linkage-adjusted threshold).
 * `max_enumerate` caps enumeration (0 = PL_ANALYSIS_MAX_ENUMERATE). Fails with PL_ETOOBIG and
 * a message giving the size when no exact method applies. Free with pl_frontier_free.
 */
PL_API pl_status pl_frontier_compute(const pl_model_t *m, const size_t *actors, size_t k,
                                     pl_frontier_method method, uint64_t max_enumerate,
                                     pl_frontier_t **out, pl_error_t *err);
/**
 * pl_frontier_compute with a time limit in seconds for the rectangle search (0 =
 * PL_ANALYSIS_RECTS_TIME_LIMIT; the other methods ignore it). When the limit stops the search the result holds the points found
 * so far, exact = false and the certified gap. Complexity: exponential in the worst case.
 */
PL_API pl_status pl_frontier_compute_timed(const pl_model_t *m, const size_t *actors, size_t k,
                                           pl_frontier_method method, uint64_t max_enumerate,
                                           double time_limit, pl_frontier_t **out,
                                           pl_error_t *err);
PL_API void pl_frontier_free(pl_frontier_t *f);

/** One bargaining solution: an outcome and the chosen actors' utilities there. */
typedef struct pl_solution {
    bool found;            /* false when no outcome is rational */
    size_t *outcome;       /* nissues value indices (owned) */
    double *u;             /* k utilities (owned) */
} pl_solution_t;

typedef struct pl_points {
    pl_solution_t nash, ks, egalitarian, utilitarian;
} pl_points_t;

/**
 * The four points of the GENIUS README definitions (ties: KS and egalitarian prefer the larger
 * sum of utilities; remaining ties the first outcome in enumeration order), computed from the
 * frontier; r_i is the chosen actor's threshold. When the best Nash product is 0 every rational
 * outcome ties and the Nash point is the first rational outcome, found by a bounded search.
 * `out` must be initialised (pl_points_init, or zeroed); a result it holds is released first.
 */
PL_API pl_status pl_points_compute(const pl_model_t *m, const pl_frontier_t *f, pl_points_t *out,
                                   pl_error_t *err);
/** Make `p` empty (no solution found, nothing owned). */
PL_API void pl_points_init(pl_points_t *p);
/** Release what `p` owns and leave it empty; NULL is fine. */
PL_API void pl_points_destroy(pl_points_t *p);

/**
 * Count the outcomes every chosen actor accepts. Exact: without enumeration when every threshold
 * is below every outcome's utility and no chosen actor has requirements (then *all is set: every
 * outcome is rational, *n is the space size or UINT64_MAX when that overflows), by meet in the
 * middle for additive actors without constraints when that is exact within its work budget
 * (docs/analysis.md), or by enumeration within the cap. Sets *known = false (and *n = 0) when
 * none applies.
 */
PL_API pl_status pl_analysis_count_rational(const pl_model_t *m, const size_t *actors, size_t k,
                                            uint64_t max_enumerate, uint64_t *n, bool *known,
                                            bool *all, pl_error_t *err);

/** Zone of possible agreement among the model's parties (enumeration; see docs/analysis.md). */
typedef struct pl_zone {
    bool known;            /* false when the space is too large to enumerate */
    uint64_t allowed;      /* outcomes the constraints allow (the whole space without any) */
    uint64_t accepted;     /* allowed outcomes the table agrees to under its decision rule when
                              every mandate and ratification is granted (unanimity: every party
                              accepts, participation included) */
    uint64_t feasible;     /* of those, feasible: pl_model_feasible (mandates and ratification) */
    uint64_t out_of_mandate;  /* accepted outcomes some delegation may not agree to */
    uint64_t not_ratified;    /* accepted outcomes some party's ratification rule fails */
    uint64_t *blocks;      /* per actor: accepted outcomes it blocks (mandate or ratification) */
    uint64_t *rejects;     /* per actor: allowed outcomes it rejects (parties, factions) */
    bool partial;          /* the time limit stopped the enumeration: the counts above are over
                              the first `examined` outcomes in enumeration order, except the
                              rejections of additive actors when there is no constraint (counted
                              over the whole space without enumerating) */
    uint64_t examined;     /* outcomes enumerated (the space size unless partial; 0 when the
                              zone was counted without enumerating) */
    bool over_limit;       /* not enumerated (known = false): `work` exceeds max_zone_work */
    uint64_t work;         /* the enumeration's estimated work: outcomes x parties and factions
                              with preferences (saturates at UINT64_MAX) */
} pl_zone_t;

/** A proposal's standing (full proposals; partial ones are analysed over their completions). */
typedef struct pl_proposal_report {
    size_t proposal;       /* index in sc->proposals */
    bool partial;          /* some issues unset */
    uint64_t completions;  /* 1 for full proposals */
    double *u_min, *u_max; /* per actor (nactors; equal for full proposals) */
    bool *accepts;         /* per actor: accepts (partial: accepts at least one completion) */
    bool *has_utility;     /* per actor: has preferences */
    uint64_t in_zone;      /* completions every party accepts, within mandates and ratified */
    bool ratified;         /* full: every party's ratification passes */
    size_t *blocker;       /* per party (model order): blocking actor or PL_UNSET */
    bool within_mandates;
    size_t mandate_blocker;/* first delegation whose mandate excludes it, or PL_UNSET */
    bool dominated;        /* full: a rational outcome is better for every chosen actor */
    size_t dominated_by;   /* frontier point index (largest sum of gains), or PL_UNSET */
    double nash_distance;  /* full: Euclidean distance to the Nash point (chosen actors); NaN */
    bool feasible_dominated;       /* full: a feasible outcome is better for every chosen actor */
    size_t *feasible_dominator;    /* that outcome (largest sum of gains; owned), or NULL */
    double *feasible_dominator_u;  /* the chosen actors' utilities there (owned), or NULL */
    uint64_t work;         /* partial: completions x actors with preferences (saturates) */
    bool over_limit;       /* partial: work over max_proposal_work and no time limit: the
                              completions were not gone through (nothing per completion) */
    bool stopped;          /* partial: the time limit stopped it: u_min, u_max, accepts and
                              in_zone cover the first `examined` completions only */
    uint64_t examined;     /* completions gone through (completions unless stopped; 0 when
                              over_limit or past 2^64) */
} pl_proposal_report_t;

typedef struct pl_analysis_options {
    const size_t *actors;  /* chosen actors; NULL = the parties */
    size_t nactors;
    uint64_t max_enumerate;/* 0 = PL_ANALYSIS_MAX_ENUMERATE */
    pl_frontier_method method;
    double time_limit;     /* seconds, each separately: the rational count's enumeration, the
                              frontier (rectangle search or enumeration), the zone's enumeration
                              and each partial proposal over max_proposal_work (0 = none, but
                              the rectangle search stops at PL_ANALYSIS_RECTS_TIME_LIMIT; what a
                              stop leaves is flagged: rational_stopped, frontier exact = false,
                              zone partial, proposal stopped) */
    pl_progress_fn progress; /* each enumeration reports outcomes done of its total (the space's
                                size, or a proposal's completions; calling thread only; NULL =
                                none) */
    void *progress_ctx;
    uint64_t max_zone_work;/* the zone is not enumerated when its work (pl_zone_t.work) exceeds
                              this, unless time_limit is set (0 = PL_ANALYSIS_MAX_ZONE_WORK) */
    uint64_t max_proposal_work; /* a partial proposal whose work (completions x actors with
                              preferences) exceeds this is not gone through (over_limit), unless
                              time_limit is set (0 = PL_ANALYSIS_MAX_PROPOSAL_WORK) */
} pl_analysis_options_t;

/** The defaults: the parties, the default enumeration cap, PL_FRONTIER_AUTO. */
PL_API void pl_analysis_options_init(pl_analysis_options_t *o);

typedef struct pl_analysis {
    size_t k;
    size_t *actors;
    char outcomes_str[96];     /* exact size of the outcome space in decimal */
    uint64_t outcomes;         /* UINT64_MAX when it overflows */
    bool outcomes_fit;
    bool rational_known;
    bool rational_all;         /* every outcome is rational (rational = outcomes_str) */
    uint64_t rational;         /* UINT64_MAX when rational_all and the space overflows */
    pl_frontier_t *frontier;   /* NULL when too big (frontier_status says why) */
    pl_status frontier_status;
    char frontier_message[1024];
    pl_points_t points;        /* over the rational set (from the frontier) */
    pl_zone_t zone;
    bool feasible_kept;        /* the feasible set was small enough to keep (feasible_points and
                                  proposals' feasible dominance computed) */
    pl_points_t feasible_points; /* the four points over the feasible set (found = false when it
                                    is empty or not kept) */
    size_t nproposals;
    pl_proposal_report_t *proposals;
    /* !rational_known but bounded: rational_min <= rational count <= rational_max */
    bool rational_bounded;
    uint64_t rational_min, rational_max;
    const char *zone_method;   /* "enumeration", "meet in the middle" or NULL (zone unknown) */
    bool feasible_from_frontier; /* the feasible set is the chosen actors' rational set (no
                                    constraint, mandate, ratification, walkout or participation
                                    level; unanimity): feasible points and dominance come from
                                    the frontier, and the zone was counted without enumerating */
    bool rational_stopped;     /* the time limit stopped the count's enumeration: rational_bounded
                                  with rational_min counted over the first rational_examined
                                  outcomes and rational_max adding every outcome not examined */
    uint64_t rational_examined;
} pl_analysis_t;

/**
 * Run the whole analysis. A frontier that is too large to compute is not a failure: the
 * analysis records PL_ETOOBIG and its message in frontier_status / frontier_message and fills
 * the rest. Fails only on bad arguments (unknown actor, actor without preferences) or memory.
 */
PL_API pl_status pl_analysis_run(const pl_model_t *m, const pl_analysis_options_t *opt,
                                 pl_analysis_t **out, pl_error_t *err);
PL_API void pl_analysis_free(pl_analysis_t *a);

#ifdef __cplusplus
}
#endif
#endif
