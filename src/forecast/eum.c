/*
 * eum.c: Bueno de Mesquita's expected-utility model as specified by Scholz, Calbert & Smith
 * (2011), one dimension at a time. Per round: votes and probabilities of success for every
 * ordered pair, risk exponents from the exposure S_i, expected utilities of challenges, then
 * offers (conflict, compromise, capitulation); every actor accepts the offer needing the
 * least movement. Stops when nobody moves or after max_rounds (default 10). The forecast is the
 * capability x salience weighted mean of the final positions. docs/models.md has the details.
 */
#include "forecast_internal.h"

#include <stdio.h>
#include <string.h>

#define EUM_DEFAULT_ROUNDS 10

double pl_i_eum_vote(const double *x, const double *c, const double *s, double delta, size_t k,
                     size_t i, size_t j)
{
    return c[k] * s[k] * (fabs(x[k] - x[j]) - fabs(x[k] - x[i])) / delta;
}

void pl_i_eum_pairs(size_t n, const double *x, const double *c, const double *s, double delta,
                    const double *r, bool have_p, double *P, double *EU)
{
    for (size_t i = 0; i < n; i++) {
        double ri = r ? r[i] : 1.0;
        double usq = 2 - 4 * pow(0.5, ri);
        for (size_t j = 0; j < n; j++) {
            if (i == j) {
                P[i * n + j] = 0.5;
                EU[i * n + j] = 0;
                continue;
            }
            if (!have_p) {
                double pos = 0, tot = 0;
                for (size_t k = 0; k < n; k++) {
                    double v = pl_i_eum_vote(x, c, s, delta, k, i, j);
                    if (v > 0) pos += v;
                    tot += fabs(v);
                }
                P[i * n + j] = tot > 0 ? pos / tot : 0.5;
            }
            double p = P[i * n + j];
            double dd = fabs(x[i] - x[j]) / delta;
            double us = 2 - 4 * pow(0.5 - 0.5 * dd, ri);
            double uf = 2 - 4 * pow(0.5 + 0.5 * dd, ri);
            EU[i * n + j] = s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - usq;
        }
    }
}

void pl_i_eum_risk(size_t n, const double *EU1, double *r)
{
    double mx = -INFINITY, mn = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double S = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i) S += EU1[j * n + i];
        r[i] = S; /* temporarily */
        if (S > mx) mx = S;
        if (S < mn) mn = S;
    }
    for (size_t i = 0; i < n; i++) {
        double R = mx > mn ? (2 * r[i] - mx - mn) / (mx - mn) : 0;
        r[i] = (1 - R / 3) / (1 + R / 3);
    }
}

static pl_status eum_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                         pl_forecast_result_t *res, pl_error_t *err)
{
    unsigned maxr = opt->max_rounds ? opt->max_rounds : EUM_DEFAULT_ROUNDS;
    PL_CHECK(pl_i_fc_result_setup(res, in, true, maxr, opt->trajectory, err));
    size_t na = in->nactors, nd = in->ndims;
    size_t n2 = na * na;
    double *mem = pl_malloc(((na ? na : 1) * 8 + (n2 ? n2 : 1) * 3 + na * nd + 1) * sizeof(double));
    size_t *idx = pl_malloc((na ? na : 1) * sizeof *idx);
    size_t *by = pl_malloc((na ? na : 1) * sizeof *by);
    int *kind = pl_malloc((na ? na : 1) * sizeof *kind);
    pl_status st = PL_OK;
    if (!mem || !idx || !by || !kind) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    double *x = mem, *c = x + na, *s = c + na, *r = s + na, *nx = r + na, *wbuf = nx + na,
           *xbuf = wbuf + na, *best = xbuf + na;
    double *P = best + na, *EU = P + n2, *EU1 = EU + n2;
    double *cur = EU1 + n2; /* na*nd current positions for the trajectory */
    memcpy(cur, in->position, na * nd * sizeof(double));
    pl_i_fc_record(res, 0, cur);
    unsigned rounds_done = 0;
    bool all_converged = true;
    for (size_t d = 0; d < nd; d++) {
        size_t n = pl_i_fc_active(in, d, idx);
        if (n == 0) continue;
        double delta = in->hi[d] - in->lo[d];
        for (size_t k = 0; k < n; k++) {
            x[k] = in->position[idx[k] * nd + d];
            c[k] = in->capability[idx[k]];
            s[k] = in->salience[idx[k] * nd + d];
        }
        bool moved = true;
        unsigned t;
        for (t = 1; t <= maxr && moved; t++) {
            pl_i_eum_pairs(n, x, c, s, delta, NULL, false, P, EU1);
            pl_i_eum_risk(n, EU1, r);
            pl_i_eum_pairs(n, x, c, s, delta, r, true, P, EU);
            for (size_t j = 0; j < n; j++) {
                best[j] = INFINITY;
                nx[j] = x[j];
                by[j] = PL_UNSET;
            }
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) {
                    if (i == j || !(EU[i * n + j] > 0)) continue;
                    double eij = EU[i * n + j], eji = EU[j * n + i], to;
                    int kd;
                    if (eji > 0) {
                        if (!(P[i * n + j] > 0.5)) continue; /* j is not expected to lose */
                        to = x[i];
                        kd = PL_FORECAST_MOVE_CONFLICT;
                    } else if (fabs(eji) < eij) {
                        to = x[j] + (x[i] - x[j]) * fabs(eji / eij);
                        kd = PL_FORECAST_MOVE_COMPROMISE;
                    } else {
                        to = x[i];
                        kd = PL_FORECAST_MOVE_CAPITULATE;
                    }
                    double mv = fabs(to - x[j]);
                    if (!(mv > 0)) continue;
                    if (mv < best[j]) {
                        best[j] = mv;
                        nx[j] = to;
                        by[j] = i;
                        kind[j] = kd;
                    }
                }
            moved = false;
            for (size_t j = 0; j < n; j++) {
                if (by[j] == PL_UNSET) continue;
                moved = true;
                if (res->trajectory) {
                    pl_forecast_move_t mv = {t, idx[j], idx[by[j]], d, (pl_forecast_move_kind)kind[j],
                                             x[j], nx[j]};
                    if ((st = pl_i_fc_add_move(res, &mv, err)) != PL_OK) goto done;
                }
            }
            memcpy(x, nx, n * sizeof(double));
            for (size_t k = 0; k < n; k++) cur[idx[k] * nd + d] = x[k];
            if (opt->progress) opt->progress((uint64_t)d * maxr + t, (uint64_t)nd * maxr, opt->progress_ctx);
            if (res->trajectory) {
                /* each dimension runs on its own; a dimension that stopped keeps its positions */
                for (unsigned u = t; u <= maxr; u++)
                    for (size_t k = 0; k < n; k++)
                        res->trajectory[((size_t)u * na + idx[k]) * nd + d] = x[k];
            }
        }
        if (moved) all_converged = false;
        if (t - 1 > rounds_done) rounds_done = t - 1;
        /* forecast: c x s weighted mean of the final positions */
        double sw = 0, swx = 0, sx = 0;
        for (size_t k = 0; k < n; k++) {
            sw += c[k] * s[k];
            swx += c[k] * s[k] * x[k];
            sx += x[k];
        }
        res->forecast[d] = sw > 0 ? swx / sw : sx / (double)n;
        (void)wbuf;
        (void)xbuf;
    }
    res->nrounds = rounds_done;
    res->converged = all_converged;
    if (opt->progress) opt->progress((uint64_t)nd * maxr, (uint64_t)nd * maxr, opt->progress_ctx);
    if (res->trajectory) {
        /* dimensions with no position stay NaN; fill rounds of the initial state */
        for (size_t i = 0; i < na * nd; i++)
            if (!isfinite(res->trajectory[i])) res->trajectory[i] = in->position[i];
    }
done:
    pl_free(mem);
    pl_free(idx);
    pl_free(by);
    pl_free(kind);
    return st;
}

const pl_forecast_model_type pl_i_fc_eum_type = {
    "eum", "Bueno de Mesquita's expected-utility model (Scholz, Calbert & Smith 2011)", true, 0,
    NULL, eum_run, NULL, false};
