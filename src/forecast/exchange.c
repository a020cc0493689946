/*
 * exchange.c: the exchange model of collective decision making (Stokman and van Oosten 1994;
 * applied to EU legislation by Arregui, Stokman and Thomson 2006) with the equal-gain rate, as
 * Stokman's group implements it (the Decide EqualGain model): actors trade shifts of their voting
 * positions across two issues, each moving on the issue it cares less about; one round.
 * docs/models.md gives every equation and the choices the sources leave open.
 */
#include "forecast_internal.h"

#include <string.h>

#define EX_MIN_GAIN 1e-9    /* an exchange must bring each side more than this (0-100 x salience) */
#define EX_MAX_STEPS 10000  /* exchanges realised per round at most (a guard; never reached on DEU) */

enum { ROLE_NONE = 0, ROLE_DEMAND, ROLE_SUPPLY_UP, ROLE_SUPPLY_DOWN };

typedef struct exch {
    const pl_forecast_input_t *in;
    size_t n, D;
    double *v;     /* voting positions n*D */
    double *O;     /* expected outcome per dimension */
    double *W;     /* sum of c*s per dimension */
    unsigned char *role; /* n*D */
} exch_t;

/* O_d = sum c s v / sum c s over actors with a position (the plain mean when all weights are 0) */
static void outcome(exch_t *e, size_t d)
{
    const pl_forecast_input_t *in = e->in;
    double sw = 0, swx = 0, sx = 0;
    size_t cnt = 0;
    for (size_t a = 0; a < e->n; a++) {
        if (!isfinite(in->position[a * e->D + d])) continue;
        double w = in->capability[a] * in->salience[a * e->D + d];
        sw += w;
        swx += w * e->v[a * e->D + d];
        sx += e->v[a * e->D + d];
        cnt++;
    }
    e->W[d] = sw;
    e->O[d] = cnt == 0 ? NAN : sw > 0 ? swx / sw : sx / (double)cnt;
}

typedef struct trade {
    size_t A, B, P, Q;  /* A demands P (B moves there toward A), B demands Q (A moves there) */
    double dA, dB;      /* signed moves of A's vote on Q and B's vote on P */
    double gain;
} trade_t;

/* the equal-gain exchange in which A demands P and B demands Q; false when there is none */
static bool size_trade(const exch_t *e, size_t A, size_t B, size_t P, size_t Q, trade_t *t)
{
    const pl_forecast_input_t *in = e->in;
    size_t D = e->D;
    double sAP = in->salience[A * D + P], sAQ = in->salience[A * D + Q];
    double sBP = in->salience[B * D + P], sBQ = in->salience[B * D + Q];
    double cA = in->capability[A], cB = in->capability[B];
    double xAP = in->position[A * D + P], xBQ = in->position[B * D + Q];
    /* a demander's vote on its demanded issue never moved (roles never switch), so v = x */
    unsigned char rAP = e->role[A * D + P], rAQ = e->role[A * D + Q];
    unsigned char rBP = e->role[B * D + P], rBQ = e->role[B * D + Q];
    double dirB = xAP > e->v[B * D + P] ? 1 : -1, dirA = xBQ > e->v[A * D + Q] ? 1 : -1;
    unsigned char supB = dirB > 0 ? ROLE_SUPPLY_UP : ROLE_SUPPLY_DOWN;
    unsigned char supA = dirA > 0 ? ROLE_SUPPLY_UP : ROLE_SUPPLY_DOWN;
    if ((rAP != ROLE_NONE && rAP != ROLE_DEMAND) || (rBQ != ROLE_NONE && rBQ != ROLE_DEMAND) ||
        (rBP != ROLE_NONE && rBP != supB) || (rAQ != ROLE_NONE && rAQ != supA))
        return false;
    double maxB = fabs(xAP - e->v[B * D + P]), maxA = fabs(xBQ - e->v[A * D + Q]);
    if (!(maxA > 0) || !(maxB > 0)) return false;
    double WP = e->W[P], WQ = e->W[Q];
    double rate = (sAP + sBP) / (sAQ + sBQ); /* equal gain: dO_Q = rate * dO_P */
    /* as large as possible: B all the way to x_AP, or else A all the way to x_BQ */
    double dP = cB * sBP * maxB / WP, dQ = rate * dP;
    if (dQ * WQ / (cA * sAQ) > maxA) {
        dQ = cA * sAQ * maxA / WQ;
        dP = dQ / rate;
    }
    /* the outcome of an issue is not carried beyond its demander's position */
    double capP = fabs(xAP - e->O[P]), capQ = fabs(xBQ - e->O[Q]);
    if (dP > capP) {
        dP = capP;
        dQ = rate * dP;
    }
    if (dQ > capQ) {
        dQ = capQ;
        dP = dQ / rate;
    }
    double gain = sAP * dP - sAQ * dQ;
    if (!(gain > EX_MIN_GAIN)) return false;
    t->A = A;
    t->B = B;
    t->P = P;
    t->Q = Q;
    t->dB = dirB * dP * WP / (cB * sBP);
    t->dA = dirA * dQ * WQ / (cA * sAQ);
    t->gain = gain;
    return true;
}

/* the admissible exchange of i and j on {p, q} (sides and salience ratios decide who demands
 * what); false when there is none */
static bool candidate(const exch_t *e, size_t i, size_t j, size_t p, size_t q, trade_t *t)
{
    const pl_forecast_input_t *in = e->in;
    size_t D = e->D;
    if (!isfinite(in->position[i * D + p]) || !isfinite(in->position[i * D + q]) ||
        !isfinite(in->position[j * D + p]) || !isfinite(in->position[j * D + q]))
        return false;
    double sip = in->salience[i * D + p], siq = in->salience[i * D + q];
    double sjp = in->salience[j * D + p], sjq = in->salience[j * D + q];
    if (!(sip > 0 && siq > 0 && sjp > 0 && sjq > 0)) return false;
    if (!(in->capability[i] > 0 && in->capability[j] > 0)) return false;
    /* opposite sides of the expected outcome on both issues (ties count as left) */
    bool lip = e->v[i * D + p] <= e->O[p], ljp = e->v[j * D + p] <= e->O[p];
    bool liq = e->v[i * D + q] <= e->O[q], ljq = e->v[j * D + q] <= e->O[q];
    if (lip == ljp || liq == ljq) return false;
    double ri = sip / siq, rj = sjp / sjq;
    if (ri > rj) return size_trade(e, i, j, p, q, t);
    if (rj > ri) return size_trade(e, j, i, p, q, t);
    return false;
}

pl_status pl_i_exchange_forecast(const pl_forecast_input_t *in, double *out, pl_error_t *err)
{
    size_t n = in->nactors, D = in->ndims;
    exch_t e = {in, n, D, NULL, NULL, NULL, NULL};
    e.v = pl_malloc((n * D > 0 ? n * D : 1) * sizeof(double));
    e.O = pl_malloc((D ? D : 1) * sizeof(double));
    e.W = pl_malloc((D ? D : 1) * sizeof(double));
    e.role = pl_calloc(n * D > 0 ? n * D : 1, 1);
    if (!e.v || !e.O || !e.W || !e.role) {
        pl_free(e.v);
        pl_free(e.O);
        pl_free(e.W);
        pl_free(e.role);
        return pl_i_fc_oom(err);
    }
    memcpy(e.v, in->position, n * D * sizeof(double));
    for (size_t d = 0; d < D; d++) outcome(&e, d);
    /* realise the exchange with the highest gain (the first found among exact ties), update,
     * and search again until none is left: one round */
    for (size_t step = 0; step < EX_MAX_STEPS; step++) {
        trade_t best = {0}, t;
        bool any = false;
        for (size_t p = 0; p < D; p++)
            for (size_t q = p + 1; q < D; q++)
                for (size_t i = 0; i < n; i++)
                    for (size_t j = i + 1; j < n; j++)
                        if (candidate(&e, i, j, p, q, &t) && (!any || t.gain > best.gain)) {
                            best = t;
                            any = true;
                        }
        if (!any) break;
        e.v[best.B * D + best.P] += best.dB;
        e.v[best.A * D + best.Q] += best.dA;
        e.role[best.A * D + best.P] = e.role[best.B * D + best.Q] = ROLE_DEMAND;
        e.role[best.B * D + best.P] = best.dB > 0 ? ROLE_SUPPLY_UP : ROLE_SUPPLY_DOWN;
        e.role[best.A * D + best.Q] = best.dA > 0 ? ROLE_SUPPLY_UP : ROLE_SUPPLY_DOWN;
        outcome(&e, best.P);
        outcome(&e, best.Q);
    }
    for (size_t d = 0; d < D; d++) out[d] = e.O[d];
    pl_free(e.v);
    pl_free(e.O);
    pl_free(e.W);
    pl_free(e.role);
    return PL_OK;
}

static pl_status exchange_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                              pl_forecast_result_t *res, pl_error_t *err)
{
    (void)opt;
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    return pl_i_exchange_forecast(in, res->forecast, err);
}

const pl_forecast_model_type pl_i_fc_exchange_type = {
    "exchange",
    "Stokman and van Oosten's exchange model: equal-gain trades of voting positions across the "
    "issues of one proposal (one round), then the capability x salience weighted mean",
    false, 0, NULL, exchange_run, NULL, true};
