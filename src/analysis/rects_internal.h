/*
 * rects_internal.h: the rectangle search of rects.c (frontier and rational count for GENIUS
 * hyper-rectangle utilities without enumeration), shared with frontier.c and the unit tests.
 */
#ifndef PL_RECTS_INTERNAL_H
#define PL_RECTS_INTERNAL_H

#include "analysis_internal.h"

/* Distinct rational utility vectors found so far, each with its first outcome (the smallest in
 * enumeration order);
 * live = not robustly dominated by another found vector. */
typedef struct pl_i_rs_found {
    size_t n, cap, nlive, reduce_at;
    double *u;          /* n * k */
    uint64_t *count;    /* outcomes per vector (saturating) */
    size_t *outcome;    /* n * nissues: first outcome */
    bool *live;
} pl_i_rs_found;

/* Search state. Rectangles of all chosen actors are numbered r = 0..R-1 (actor by actor); sets
 * of rectangles are bit masks of W words. Per depth d (the issues perm[0..d-1] assigned): alive[d] holds
 * the rectangles not yet violated nor closed, sums[d] = closed sum, the positive and the
 * negative utility of the alive ones, per actor (3 k). */
typedef struct pl_i_rs {
    const pl_model_t *m;
    const size_t *act;
    size_t k, n, R, W;
    size_t *r_actor;
    double *r_w;
    size_t *perm;             /* per depth: the issue assigned there (the search order) */
    size_t *ncls, *cls_off;   /* per depth: value classes, offset into the class arrays */
    size_t *cls_val;          /* smallest value of each class */
    uint64_t *cls_cnt;        /* values in each class */
    uint64_t *in;             /* per class: rectangles bounding its issue that contain it */
    uint64_t *has, *closes;   /* per depth: rectangles bounding its issue; those it closes */
    uint64_t *pos;            /* rectangles of positive utility */
    size_t *r_first;          /* (n + 1) per rectangle: its first bounded depth >= d */
    size_t *r_last;           /* per rectangle: its last bounded depth (the one closing it) */
    double *acc;              /* k * classes: scratch of the per-issue bound */
    double *D, *thr;          /* per actor: GENIUS divisor, threshold */
    uint64_t *alive;
    double *sums;
    size_t *o;                /* current outcome by issue (class representatives) */
    uint64_t *mult;           /* per depth: outcomes the current prefix stands for */
    uint64_t *restcnt;        /* per depth: allowed outcomes of the remaining issues */
    bool empty;               /* some issue has no allowed value */
    pl_i_rs_found found;
    pl_i_rs_found seeds;      /* rational outcomes found by local search: prune only */
    bool saturated;           /* a count overflowed */
    uint64_t nodes, max_nodes;
    double deadline;          /* CLOCK_MONOTONIC seconds; 0 = none */
    bool stopped;             /* the deadline stopped the search */
    double gap;               /* certified: a missing point is within gap of a found one */
    uint64_t count_lo, count_open; /* rational count: counted, and left unexplored */
    double stair[256][2];     /* two actors: staircase of found points and seeds (rects_lagr.c) */
    size_t nstair, stair_key[4]; /* its size; the set sizes it was built from (n and nlive) */
    bool stair_ok;            /* built, and it fitted */
    bool allowed_all;         /* no requirement excludes a value */
    bool count_all;           /* every outcome is rational */
} pl_i_rs;

/** Do the chosen actors' utilities suit the search (pure integer-valued rectangles)? */
bool pl_i_rects_applicable(const pl_model_t *m, const size_t *act, size_t k);
/** Set up the search (act must outlive it). PL_ENOMEM on failure (then nothing to free). */
pl_status pl_i_rs_init(pl_i_rs *s, const pl_model_t *m, const size_t *act, size_t k,
                       pl_error_t *err);
void pl_i_rs_free(pl_i_rs *s);
/** Branch and bound for the frontier; time_limit in seconds (0 = none). Fills s->found. */
pl_status pl_i_rs_frontier(pl_i_rs *s, double time_limit, pl_error_t *err);
/** Two actors: can no outcome of the state at depth d (per-actor bounds ub) escape robust
 * dominance by the found points and seeds? A weighted bound per staircase corner (rects_lagr.c);
 * uses s->acc as scratch; O(corners * alive rectangles * classes). */
bool pl_i_rs_corners_prune(pl_i_rs *s, size_t d, const double *ub);
/** Count rational outcomes, visiting at most max_nodes nodes: exact when count_open == 0,
 * else the count lies in [count_lo, count_lo + count_open]. */
void pl_i_rs_count(pl_i_rs *s, uint64_t max_nodes);

#endif
