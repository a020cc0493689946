/*
 * pl_uncertain.h: uncertain scenario values (docs/uncertainty.md). A number in a scenario may be
 * a distribution; the loader keeps each one with the scenario value it drives (a target), and
 * deterministic commands use its point (the mode, else the mean). Our own samplers (gamma,
 * beta, truncated normal, Dirichlet) draw from the pl_rng family, one stream per world.
 */
#ifndef PL_UNCERTAIN_H
#define PL_UNCERTAIN_H

#include "pl_rng.h"
#include "pl_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pl_dist_kind {
    PL_DIST_UNIFORM = 0,  /* {uniform: [lo, hi]} */
    PL_DIST_TRIANGULAR,   /* {triangular: [lo, mode, hi]} */
    PL_DIST_NORMAL,       /* {normal: {mean, sd}}, truncated to the value's legal range */
    PL_DIST_BETA,         /* {beta: [a, b], range: [lo, hi]} (range defaults to [0, 1]) */
    PL_DIST_ONE_OF,       /* {one_of: [x1, ..], weights: [w1, ..]} (weights default to equal) */
    PL_DIST_DIRICHLET     /* an actor's `salience: {dirichlet: c}`: the written saliences drawn
                             from Dirichlet(c * s / sum s), scaled back to their sum */
} pl_dist_kind;

/** A distribution. `lo`/`hi` bound what it draws (the support, within the legal range). */
typedef struct pl_dist {
    pl_dist_kind kind;
    double a, b, c;       /* uniform: lo, hi; triangular: lo, mode, hi; normal: mean, sd;
                             beta: a, b; dirichlet: the concentration c in `a` */
    double lo, hi;        /* support: normal's truncation, beta's range, the others' bounds */
    size_t n;             /* one_of: values; dirichlet: components */
    double *values;       /* one_of: the values; dirichlet: the written (centre) values */
    double *weights;      /* one_of: the weights (normalised to sum 1) */
} pl_dist_t;

/** Which scenario number an uncertain value drives: a field and the indices that locate it. */
typedef enum pl_target_field {
    PL_TARGET_RESERVATION = 0, /* actors[i].reservation */
    PL_TARGET_PARTICIPATION,   /* actors[i].participation */
    PL_TARGET_CLOUT,           /* actors[i].clout */
    PL_TARGET_SEATS,           /* actors[i].seats */
    PL_TARGET_DEFECTION_COST,  /* actors[i].defection_cost */
    PL_TARGET_DISCOUNT,        /* actors[i].discount */
    PL_TARGET_DEADLINE,        /* actors[i].deadline (rounds) */
    PL_TARGET_SALIENCE,        /* actors[i].stances[j].salience */
    PL_TARGET_POSITION,        /* actors[i].stances[j].position (numeric issues) */
    PL_TARGET_WEIGHT,          /* actors[i].stances[j].weight (utility tables) */
    PL_TARGET_INSTRUMENT_MAX,  /* actors[i].instruments[j].max */
    PL_TARGET_QUOTA,           /* ratifications[i].quota */
    PL_TARGET_P_DEAL,          /* linkages[i].p_deal */
    PL_TARGET_P_NO_DEAL,       /* linkages[i].p_no_deal */
    PL_TARGET_EFFECT           /* linkages[i].effect[j] */
} pl_target_field;

typedef struct pl_target {
    pl_target_field field;
    size_t i, j;
} pl_target_t;

/** One uncertain value of a scenario. */
typedef struct pl_uncertain {
    char *path;            /* as written: "actors.Far-right partners.reservation" */
    pl_dist_t dist;
    double point;          /* the value deterministic commands use (pl_dist_point) */
    size_t ntargets;       /* 1, or the components of a Dirichlet */
    pl_target_t *targets;
    pl_srcpos_t pos;
} pl_uncertain_t;

/** The point of a distribution: the mode where it has one (triangular, normal clamped to its
 *  support, beta with a, b > 1 scaled, one_of's most weighted value, the first on ties), else
 *  the mean (uniform, beta otherwise). Dirichlet: NaN (its point is the written vector). */
PL_API double pl_dist_point(const pl_dist_t *d);
/** "mode" or "mean": which one pl_dist_point gives. */
PL_API const char *pl_dist_point_kind(const pl_dist_t *d);
/** The mean (of the truncated normal: computed exactly). Dirichlet: NaN. */
PL_API double pl_dist_mean(const pl_dist_t *d);
/** A draw. Dirichlet: out[n] (may be NULL for scalars); returns the scalar draw (NaN for
 *  Dirichlet). Uses a bounded number of rng draws per call except for gamma's rejection loop
 *  (expected < 1.1 iterations). */
PL_API double pl_dist_sample(const pl_dist_t *d, pl_rng_t *r, double *out);
/** The distribution's name ("uniform", ...) and a one-line description into buf. */
PL_API const char *pl_dist_name(pl_dist_kind k);
PL_API void pl_dist_describe(const pl_dist_t *d, char *buf, size_t size);
/** Release what d owns. */
PL_API void pl_dist_destroy(pl_dist_t *d);

/* ---- our own samplers (no GPL code): Marsaglia-Tsang gamma, beta from two gammas,
 * truncated normal by the inverse CDF ---- */
PL_API double pl_rng_gamma(pl_rng_t *r, double shape);
PL_API double pl_rng_beta(pl_rng_t *r, double a, double b);
PL_API double pl_rng_truncnormal(pl_rng_t *r, double mean, double sd, double lo, double hi);
/** Standard normal CDF and its inverse (Acklam's rational approximation refined by one Halley
 *  step: relative error below 1e-15 on (0, 1)). */
PL_API double pl_normal_cdf(double x);
PL_API double pl_normal_quantile(double p);

/** The scenario number a target drives, or NULL when its indices are out of range. */
PL_API double *pl_scenario_target(pl_scenario_t *sc, const pl_target_t *t);
/** The legal range of a target field (reservations any real, probabilities [0, 1], ...). */
PL_API void pl_target_range(pl_target_field f, double *lo, double *hi);
/** Release an uncertain value's storage. */
PL_API void pl_uncertain_destroy(pl_uncertain_t *u);

#ifdef __cplusplus
}
#endif
#endif
