/*
 * forecast_internal.h: helpers shared by the forecasting models (weighted medians, result
 * recording, the out-of-memory message). File readers live in src/io.
 */
#ifndef PL_FORECAST_INTERNAL_H
#define PL_FORECAST_INTERNAL_H

#include <parley/pl_forecast.h>

#include <math.h>

/* Active actors of dimension d: those with a finite position. Fills idx (nactors slots),
 * returns their count. */
size_t pl_i_fc_active(const pl_forecast_input_t *in, size_t d, size_t *idx);
/* Plain median of x[0..n) (n > 0), mean of the two middle values for even n; x is sorted. */
double pl_i_fc_median(double *x, size_t n);
/* Weighted median: first sorted position where the cumulative weight reaches half of the
 * total (plain median when all weights are zero). x and w are reordered. */
double pl_i_fc_wmedian(double *x, double *w, size_t n);
/* c_i * s_i weighted mean of dimension d over active actors (plain mean when the weights are
 * all zero); NaN when nobody is active. */
double pl_i_fc_compromise(const pl_forecast_input_t *in, size_t d);
/* c_i * s_i weighted median of dimension d over active actors, NaN when nobody is active.
 * scratch: room for 2 * nactors doubles (the caller allocates it, and reports a failure). */
double pl_i_fc_wmedian_dim(const pl_forecast_input_t *in, size_t d, double *scratch);

/* Record "out of memory" in err (may be NULL) and return PL_ENOMEM: no failure goes back
 * without a message (the tool would print a bare "failed"). */
pl_status pl_i_fc_oom(pl_error_t *err);
/* Prepare res for `in`: allocate forecast (NaN); for dynamic models with opt->trajectory,
 * room for `maxrounds` rounds of trajectory. */
pl_status pl_i_fc_result_setup(pl_forecast_result_t *res, const pl_forecast_input_t *in,
                               bool dynamic, unsigned maxrounds, bool trajectory, pl_error_t *err);
/* Store positions pos (nactors*ndims) as round t of the trajectory (no-op when not recording). */
void pl_i_fc_record(pl_forecast_result_t *res, unsigned t, const double *pos);
pl_status pl_i_fc_add_move(pl_forecast_result_t *res, const pl_forecast_move_t *mv,
                           pl_error_t *err);

/* ---- EUM kernels (exposed for tests) ----
 * One dimension, n actors at x with capability c, salience s (0-1), scale width delta.
 * vote: c_k s_k (|x_k - x_j| - |x_k - x_i|) / delta.
 * pairs: P[i*n+j] = sum_k max(0, v_k(i,j)) / sum_k |v_k(i,j)| (0.5 when all votes are 0) and
 * EU[i*n+j] with risk exponents r (NULL = all 1), Q = T = 1; have_p: P is already filled.
 * risk: S_i = sum_j EU1[j*n+i], R_i = (2 S_i - max - min) / (max - min), r_i = (1 - R_i/3)/(1 + R_i/3). */
double pl_i_eum_vote(const double *x, const double *c, const double *s, double delta, size_t k,
                     size_t i, size_t j);
void pl_i_eum_pairs(size_t n, const double *x, const double *c, const double *s, double delta,
                    const double *r, bool have_p, double *P, double *EU);
void pl_i_eum_risk(size_t n, const double *EU1, double *r);

/* SMP: the contest SMP settles queues and risk attitudes with (KTAB's Model::coalitions with its
 * 1e-8 floor on every coalition strength, then the conditional PCE): U[k*nopt + a] is voter k's
 * value of option a, w the voters' weights; writes p[nopt]. PL_ENOMEM only (for tests). */
pl_status pl_i_smp_contest(size_t nvot, size_t nopt, const double *w, const double *U, double *p);
/* SMP, first turn: the queue contest between bargain A (i initiates with j; i adopts pi, j pj,
 * both on [0, 1]) and bargain B (j initiates with i, leading to the same state); *P = the
 * probability that A wins, exactly 0.5 by KTAB's floor and summation order (for tests). */
pl_status pl_i_smp_swap_contest(const pl_forecast_input_t *in, size_t i, size_t j, const double *pi,
                                const double *pj, double *P, pl_error_t *err);
/* SMP: the risk attitudes R_i KTAB infers in the first turn (for tests). */
pl_status pl_i_smp_first_risk(const pl_forecast_input_t *in, double *R, pl_error_t *err);

/* The built-in models, in the order `parley forecast` reports them: one list drives the
 * declarations and the const table in forecast.c (its count follows from the table's size), as
 * the protocol and strategy lists do in src/sim/sim_internal.h. A new model is one file and
 * one X(name) here. */
#define PL_I_FORECAST_MODELS(X)                                                                    \
    X(median) X(wmedian) X(compromise) X(nash) X(eum) X(smp) X(procedural) X(stack) X(exchange)     \
    X(rule) X(combo) X(select)
#define PL_I_DECLARE_FORECAST_MODEL(n) extern const pl_forecast_model_type pl_i_fc_##n##_type;
PL_I_FORECAST_MODELS(PL_I_DECLARE_FORECAST_MODEL)

/* exchange: the forecast of every dimension after one round of Stokman and van Oosten's
 * equal-gain exchanges (out[ndims]; a dimension nobody holds a position on is NaN) */
pl_status pl_i_exchange_forecast(const pl_forecast_input_t *in, double *out, pl_error_t *err);
/* rule: the decision-rule forecast of dimension d (NaN when nobody has a position there);
 * scratch: room for nactors * 2 doubles (the caller allocates it) */
double pl_i_rule_forecast(const pl_forecast_input_t *in, size_t d, void *scratch);

/* stack: least absolute deviation over the simplex, min sum_k |y_k - X_k w| with w >= 0,
 * sum w = 1 (X row-major n x K), solved exactly as a linear programme. */
pl_status pl_i_stack_lad(const double *X, const double *y, size_t n, size_t K, double *w);

#endif
