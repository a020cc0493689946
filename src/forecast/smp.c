/*
 * smp.c: KTAB's Spatial Model of Politics (KAPSARC Toolkit for Behavioral Analysis, MIT) with
 * KTAB's default parameters: linear victory probabilities, proportional voting, conditional
 * PCE, deterministic state transitions, BigRRange Mid, BigRAdjust OneThird, semi-committed
 * third parties, S2P2 interpolated bargains formed from the initiator's view only
 * (InitOnlyInterp), identity accommodation. Positions are worked on [0, 1] per dimension.
 * docs/models.md lists every equation and where it was checked against KTAB's logs.
 */
#include "forecast_internal.h"

#include <stdio.h>
#include <string.h>

#define SMP_MAX_TURNS 100
#define SMP_STOP_FRACTION 0.02
#define SMP_GRID 1e4 /* bargain positions are rounded to 1/SMP_GRID of the scale */
#define SMP_OWN_WEIGHT 1e-6 /* added to an actor's own weight in the bargain it adopts */

typedef struct smp {
    size_t n, D;
    const double *c;   /* capability */
    double *s;         /* salience n*D */
    double *ssum;      /* sum of saliences per actor */
    double *ss2;       /* sum of squared saliences per actor */
    double *X;         /* positions n*D (0-1) */
    double *I;         /* ideals n*D */
    double *d;         /* d[i*n+j]: distance of actor i's ideal to position j */
    double *R;         /* risk attitude per actor */
    double *u;         /* objective risk-aware utility u[i*n+j] */
    double *tmp;       /* scratch */
} smp_t;

static double sdist(const smp_t *m, size_t i, const double *pos)
{
    if (!(m->ss2[i] > 0)) return 0;
    double a = 0;
    for (size_t k = 0; k < m->D; k++) {
        double v = m->s[i * m->D + k] * (m->I[i * m->D + k] - pos[k]);
        a += v * v;
    }
    double r = sqrt(a / m->ss2[i]);
    return r > 1 ? 1 : r;
}

static double bsutil(double dd, double R)
{
    return (1 - dd) * (1 + dd * R);
}

/* probability that option a beats option b given coalition strengths */
static double vprob(double cab, double cba)
{
    double t = cab + cba;
    return t > 0 ? cab / t : 0.5;
}

/* KTAB's Model::coalitions starts every coalition strength (the diagonal included) at this
 * minimum: two options whose values differ only by rounding then contest at 0.5, not at
 * whatever ratio the rounding noise gives */
#define SMP_MIN_COALITION 1e-8

/* conditional PCE over nopt options, votes by capability-weighted utility differences:
 * U[k*nopt + a] is voter k's utility of option a; writes p[nopt]. C is nopt*nopt scratch. */
static void scalar_pce(size_t nvot, size_t nopt, const double *w, const double *U, double *C,
                       double *p)
{
    for (size_t a = 0; a < nopt; a++)
        for (size_t b = 0; b < nopt; b++) C[a * nopt + b] = SMP_MIN_COALITION;
    for (size_t k = 0; k < nvot; k++) {
        const double *uk = U + k * nopt;
        for (size_t a = 0; a < nopt; a++)
            for (size_t b = a + 1; b < nopt; b++) {
                double v = w[k] * (uk[a] - uk[b]);
                if (v > 0)
                    C[a * nopt + b] += v;
                else
                    C[b * nopt + a] -= v;
            }
    }
    /* products of many probabilities underflow for large nopt: work with logs */
    double mx = -INFINITY;
    for (size_t a = 0; a < nopt; a++) {
        double lp = 0;
        for (size_t b = 0; b < nopt; b++) {
            double q = a == b ? 0.5 : vprob(C[a * nopt + b], C[b * nopt + a]);
            lp += q > 0 ? log(q) : -1e300;
        }
        p[a] = lp;
        if (lp > mx) mx = lp;
    }
    double tot = 0;
    for (size_t a = 0; a < nopt; a++) {
        p[a] = exp(p[a] - mx);
        tot += p[a];
    }
    for (size_t a = 0; a < nopt; a++) p[a] /= tot;
}

/* distances, risk attitudes, objective utilities of the current state */
static void set_utils(smp_t *m, double *C, double *p)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) m->d[i * n + j] = sdist(m, i, m->X + j * m->D);
    /* risk-neutral utilities -> PCE -> risk attitudes (BigRRange Mid) */
    for (size_t i = 0; i < n * n; i++) m->u[i] = 1 - m->d[i];
    scalar_pce(n, n, m->c, m->u, C, p);
    double pmin = INFINITY, pmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < pmin) pmin = p[i];
        if (p[i] > pmax) pmax = p[i];
    }
    for (size_t i = 0; i < n; i++)
        m->R[i] = pmax > pmin ? (3 * p[i] - (pmax + 2 * pmin)) / (2 * (pmax - pmin)) : 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) m->u[i * n + j] = bsutil(m->d[i * n + j], m->R[i]);
}

/* h's estimate of actor a's utility for actor b's position (BigRAdjust OneThird) */
static inline double hutil(const smp_t *m, size_t h, size_t a, size_t b)
{
    double r = a == h ? m->R[h] : (2 * m->R[h] + m->R[a]) / 3;
    return bsutil(m->d[a * m->n + b], r);
}

/* h's estimate of the probability that i beats j and of k's expected gain from i challenging j.
 * Weights are w = capability x sum of saliences. The principals contribute their stakes,
 * w_i(u_ii - u_ij) and w_j(u_jj - u_ji). Each third party n first gets p_n, the probability
 * that i wins the "little" contest of the two principals plus n voting its preference; n then
 * adds w_n[p_n(u_nn - u_ni) + (1 - p_n)(u_nj - u_nn)] to i's side (to j's when negative).
 * All utilities are h's estimates. Reproduces all 816 probabilities of KTAB's reference logs
 * to their 4 printed decimals (docs/models.md). */
static void prob_edu_chlg(const smp_t *m, size_t h, size_t k, size_t i, size_t j, double *pij,
                          double *gain)
{
    size_t n = m->n;
    const double min_cltn = 1e-10;
    double wi = m->ssum[i] * m->c[i], wj = m->ssum[j] * m->c[j];
    double bij = min_cltn + wi * (hutil(m, h, i, i) - hutil(m, h, i, j));
    double bji = min_cltn + wj * (hutil(m, h, j, j) - hutil(m, h, j, i));
    double cij = bij, cji = bji;
    for (size_t a = 0; a < n; a++) {
        if (a == i || a == j) continue;
        double w = m->ssum[a] * m->c[a];
        double uai = hutil(m, h, a, i), uaj = hutil(m, h, a, j), uaa = hutil(m, h, a, a);
        double pref = w * (uai - uaj);
        double pin = vprob(bij + (pref > 0 ? pref : 0), bji + (pref < 0 ? -pref : 0));
        double v = w * (pin * (uaa - uai) + (1 - pin) * (uaj - uaa));
        if (v > 0)
            cij += v;
        else
            cji -= v;
    }
    double p = vprob(cij, cji);
    double uki = hutil(m, h, k, i), ukj = hutil(m, h, k, j);
    double sj = m->ssum[j];
    double chlg = (1 - sj) * 2 * uki + sj * (p * 2 * uki + (1 - p) * 2 * ukj);
    *pij = p;
    *gain = chlg - (uki + ukj);
}

typedef struct bargain {
    size_t init, rcvr;
    double *pos;       /* 2*D coordinates: what the initiator adopts, then the receiver */
} bargain_t;

/* Voter k's value of the state after bargain b (NULL: the status quo): the mean of k's
 * utilities for every actor's position in that state, summed in KTAB's order (the initiator,
 * the receiver, then the others by index) so that two bargains leading to the same state get
 * bit-identical values (a sum formed by subtracting and adding back differs by rounding) */
static double state_value(const smp_t *m, size_t k, const bargain_t *b)
{
    size_t n = m->n;
    double v = 0;
    if (!b) {
        for (size_t j = 0; j < n; j++) v += m->u[k * n + j];
        return v / (double)n;
    }
    v += bsutil(sdist(m, k, b->pos), m->R[k]);
    v += bsutil(sdist(m, k, b->pos + m->D), m->R[k]);
    for (size_t j = 0; j < n; j++)
        if (j != b->init && j != b->rcvr) v += m->u[k * n + j];
    return v / (double)n;
}

/* The first turn's risk attitudes into R; with P, also the queue contest of bargain A (i
 * initiates with j; i adopts pi, j adopts pj, on [0, 1]) against bargain B (j initiates with i,
 * same positions): *P = probability that A wins */
static pl_status first_turn(const pl_forecast_input_t *in, double *R, size_t i, size_t j,
                            const double *pi, const double *pj, double *P, pl_error_t *err)
{
    size_t n = in->nactors, D = in->ndims;
    if (n == 0 || D == 0) return PL_OK;
    smp_t m = {0};
    m.n = n;
    m.D = D;
    m.c = in->capability;
    double *mem = pl_malloc((5 * n * D + 3 * n * n + 6 * n + (n + 1) * (n + 1) + 2) * sizeof(double));
    if (!mem) return pl_i_fc_oom(err);
    double *q = mem;
    m.s = q; q += n * D;
    m.X = q; q += n * D;
    m.I = q; q += n * D;
    m.d = q; q += n * n;
    m.u = q; q += n * n;
    m.ssum = q; q += n;
    m.ss2 = q; q += n;
    q += n;
    double *p = q; q += n + 1;
    double *C = q;
    m.R = R;
    for (size_t a = 0; a < n; a++) {
        m.ss2[a] = 0;
        for (size_t k = 0; k < D; k++) {
            double x = in->position[a * D + k], sal = in->salience[a * D + k];
            if (!isfinite(x)) {
                x = 0.5 * (in->lo[k] + in->hi[k]);
                sal = 0;
            }
            m.X[a * D + k] = m.I[a * D + k] = (x - in->lo[k]) / (in->hi[k] - in->lo[k]);
            m.s[a * D + k] = sal;
            m.ss2[a] += sal * sal;
        }
    }
    set_utils(&m, C, p);
    pl_status st = PL_OK;
    if (P) {
        double *bp = pl_malloc((4 * D + 2 * n) * sizeof(double));
        if (!bp) {
            pl_free(mem);
            return pl_i_fc_oom(err);
        }
        double *U = bp + 4 * D;
        memcpy(bp, pi, D * sizeof(double));
        memcpy(bp + D, pj, D * sizeof(double));
        memcpy(bp + 2 * D, pj, D * sizeof(double));
        memcpy(bp + 3 * D, pi, D * sizeof(double));
        bargain_t a = {i, j, bp}, b = {j, i, bp + 2 * D};
        for (size_t k = 0; k < n; k++) {
            U[2 * k] = state_value(&m, k, &a);
            U[2 * k + 1] = state_value(&m, k, &b);
        }
        scalar_pce(n, 2, m.c, U, C, p);
        *P = p[0];
        pl_free(bp);
    }
    pl_free(mem);
    return st;
}

pl_status pl_i_smp_first_risk(const pl_forecast_input_t *in, double *R, pl_error_t *err)
{
    return first_turn(in, R, 0, 0, NULL, NULL, NULL, err);
}

pl_status pl_i_smp_swap_contest(const pl_forecast_input_t *in, size_t i, size_t j, const double *pi,
                                const double *pj, double *P, pl_error_t *err)
{
    double *R = pl_malloc((in->nactors ? in->nactors : 1) * sizeof(double));
    if (!R) return pl_i_fc_oom(err);
    pl_status st = first_turn(in, R, i, j, pi, pj, P, err);
    pl_free(R);
    return st;
}

pl_status pl_i_smp_contest(size_t nvot, size_t nopt, const double *w, const double *U, double *p)
{
    double *C = pl_malloc((nopt ? nopt * nopt : 1) * sizeof(double));
    if (!C) return PL_ENOMEM;
    scalar_pce(nvot, nopt, w, U, C, p);
    pl_free(C);
    return PL_OK;
}

/* The inputs on [0, 1] in m (positions X and I, saliences s and their sums); a missing
 * position is put at the middle with zero salience. Notes in res when every position sits at an
 * end of the scale. */
static void smp_inputs(const smp_t *mp, const pl_forecast_input_t *in, pl_forecast_result_t *res)
{
    const smp_t m = *mp; /* the arrays are written through its pointers */
    size_t n = m.n, D = m.D;
    bool ends = true;
    for (size_t a = 0; a < n; a++) {
        m.ssum[a] = m.ss2[a] = 0;
        for (size_t k = 0; k < D; k++) {
            double x = in->position[a * D + k];
            double sal = in->salience[a * D + k];
            if (!isfinite(x)) {
                x = 0.5 * (in->lo[k] + in->hi[k]);
                sal = 0;
            }
            double y = (x - in->lo[k]) / (in->hi[k] - in->lo[k]);
            if (y > PL_TOL && y < 1 - PL_TOL) ends = false;
            m.X[a * D + k] = m.I[a * D + k] = y;
            m.s[a * D + k] = sal;
            m.ssum[a] += sal;
            m.ss2[a] += sal * sal;
        }
    }
    if (n > 0 && ends)
        snprintf(res->note, sizeof res->note,
                 "every position sits at an end of the scale: KTAB's smpc refuses such inputs "
                 "(utility values not in valid range); parley runs them unchanged");
}

/* Challenges and bargains of one turn: each actor proposes a bargain to the actor whose
 * challenge promises it the most (if anything); bargain b's two positions go to bpos + 2 b D.
 * Returns how many were made. */
static size_t smp_bargains(const smp_t *mp, bargain_t *bar, double *bpos)
{
    const smp_t m = *mp;
    size_t n = m.n, D = m.D;
    size_t nb = 0;
    for (size_t i = 0; i < n; i++) {
        double best = 0, bp = 0;
        size_t bj = PL_UNSET;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            double pij, g;
            prob_edu_chlg(&m, i, i, i, j, &pij, &g);
            if (g > best) {
                best = g;
                bj = j;
                bp = pij;
            }
        }
        if (bj == PL_UNSET || !(best > 1e-5)) continue;
        bargain_t *b = &bar[nb];
        b->init = i;
        b->rcvr = bj;
        b->pos = bpos + 2 * nb * D;
        for (size_t k = 0; k < D; k++) {
            double si = m.s[i * D + k], sj = m.s[bj * D + k];
            double wi = si * si * bp * bp, wj = sj * sj * (1 - bp) * (1 - bp);
            double xi = m.X[i * D + k], xj = m.X[bj * D + k];
            /* each side's own weight gets SMP_OWN_WEIGHT more; KTAB keeps bargain
             * positions to 0.01 on its 0-100 scale */
            double bi = ((wi + SMP_OWN_WEIGHT) * xi + wj * xj) / (wi + wj + SMP_OWN_WEIGHT);
            double bjk = (wi * xi + (wj + SMP_OWN_WEIGHT) * xj) / (wi + wj + SMP_OWN_WEIGHT);
            b->pos[k] = round(bi * SMP_GRID) / SMP_GRID;
            b->pos[D + k] = round(bjk * SMP_GRID) / SMP_GRID;
        }
        nb++;
    }
    return nb;
}

/* Each actor's queue (status quo first, then the bargains it is in, in the order made) is
 * settled by a capability-weighted vote over the utility of the resulting states; choice[a] is
 * the bargain it takes or PL_UNSET. Uq, C and p are scratch. */
static void smp_settle(const smp_t *mp, const bargain_t *bar, size_t nb, size_t *qlen,
                       size_t *queue, size_t *choice, double *Uq, double *C, double *p)
{
    const smp_t m = *mp;
    size_t n = m.n;
    /* queues: status quo first, then bargains in the order they were made */
    for (size_t a = 0; a < n; a++) qlen[a] = 0;
    for (size_t a = 0; a < n; a++) queue[a * (n + 1) + qlen[a]++] = PL_UNSET;
    for (size_t b = 0; b < nb; b++) {
        size_t i = bar[b].init, j = bar[b].rcvr;
        queue[i * (n + 1) + qlen[i]++] = b;
        queue[j * (n + 1) + qlen[j]++] = b;
    }
    /* resolution: each actor's queue is settled by a capability-weighted vote over the
     * utility of the resulting states (mean utility over all positions) */
    for (size_t a = 0; a < n; a++) {
        size_t no = qlen[a];
        choice[a] = PL_UNSET;
        if (no == 1) continue;
        for (size_t k = 0; k < n; k++)
            for (size_t o = 0; o < no; o++) {
                size_t b = queue[a * (n + 1) + o];
                Uq[k * no + o] = state_value(&m, k, b == PL_UNSET ? NULL : &bar[b]);
            }
        scalar_pce(n, no, m.c, Uq, C, p);
        size_t bo = 0;
        for (size_t o = 1; o < no; o++)
            if (p[o] > p[bo]) bo = o;
        choice[a] = queue[a * (n + 1) + bo];
    }
}

/* The forecast per dimension: capability x salience weighted mean of the final positions on
 * the input scale (plain mean when every weight is 0). */
static void smp_forecast(const smp_t *mp, const pl_forecast_input_t *in, pl_forecast_result_t *res)
{
    const smp_t m = *mp;
    size_t n = m.n, D = m.D;
    for (size_t k = 0; k < D; k++) {
        double sw = 0, swx = 0, sx = 0;
        size_t cnt = 0;
        for (size_t a = 0; a < n; a++) {
            if (!isfinite(in->position[a * D + k])) continue;
            double x = in->lo[k] + m.X[a * D + k] * (in->hi[k] - in->lo[k]);
            double w = in->capability[a] * in->salience[a * D + k];
            sw += w;
            swx += w * x;
            sx += x;
            cnt++;
        }
        res->forecast[k] = cnt ? (sw > 0 ? swx / sw : sx / (double)cnt) : NAN;
    }
}

static pl_status smp_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                         pl_forecast_result_t *res, pl_error_t *err)
{
    unsigned maxt = opt->max_rounds ? opt->max_rounds : SMP_MAX_TURNS;
    PL_CHECK(pl_i_fc_result_setup(res, in, true, maxt, opt->trajectory, err));
    size_t n = in->nactors, D = in->ndims;
    pl_status st = PL_OK;
    smp_t m = {0};
    m.n = n;
    m.D = D;
    m.c = in->capability;
    size_t nn = n > 0 ? n * n : 1, nd = n > 0 && D > 0 ? n * D : 1, n1 = n ? n : 1;
    double *mem = pl_malloc((size_t)(3 * nd + 2 * nn + 8 * n1 + (n1 + 1) * (n1 + 1) + 2 * nd + 2 * n1 * D + D + 4) * sizeof(double));
    bargain_t *bar = pl_malloc(n1 * sizeof *bar);
    size_t *choice = pl_malloc(n1 * sizeof *choice);
    size_t *qlen = pl_malloc(n1 * sizeof *qlen);
    size_t *queue = pl_malloc(n1 * (n1 + 1) * sizeof *queue);
    if (!mem || !bar || !choice || !qlen || !queue) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    double *q = mem;
    m.s = q; q += nd;
    m.X = q; q += nd;
    m.I = q; q += nd;
    m.d = q; q += nn;
    m.u = q; q += nn;
    m.R = q; q += n1;
    m.ssum = q; q += n1;
    m.ss2 = q; q += n1;
    double *p = q; q += n1 + 1;
    double *prevX = q; q += nd;
    double *out = q; q += nd;
    double *bpos = q; q += 2 * n1 * D;
    double *C = q; q += (n1 + 1) * (n1 + 1);
    q += n1;
    double *U = q; q += n1 * 4; /* not used for large queues; see below */
    (void)U;
    smp_inputs(&m, in, res);
    /* the utility-of-state matrix for queues: up to n+1 options per queue, n voters */
    double *Uq = pl_malloc(n1 * (n1 + 1) * sizeof(double));
    if (!Uq) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    for (size_t i = 0; i < n * D; i++) out[i] = m.X[i] * 1;
    /* trajectory on the input scale */
#define RECORD(t)                                                                                  \
    do {                                                                                           \
        for (size_t a_ = 0; a_ < n; a_++)                                                          \
            for (size_t k_ = 0; k_ < D; k_++)                                                      \
                out[a_ * D + k_] = isfinite(in->position[a_ * D + k_])                             \
                                       ? in->lo[k_] + m.X[a_ * D + k_] * (in->hi[k_] - in->lo[k_]) \
                                       : NAN;                                                      \
        pl_i_fc_record(res, (t), out);                                                             \
    } while (0)
    RECORD(0);
    double first = 0;
    unsigned t;
    bool stopped = false;
    for (t = 1; t <= maxt && n > 1; t++) {
        set_utils(&m, C, p);
        size_t nb = smp_bargains(&m, bar, bpos);
        smp_settle(&m, bar, nb, qlen, queue, choice, Uq, C, p);
        memcpy(prevX, m.X, n * D * sizeof(double));
        for (size_t a = 0; a < n; a++) {
            if (choice[a] == PL_UNSET) continue;
            const bargain_t *b = &bar[choice[a]];
            const double *np = b->init == a ? b->pos : b->pos + D;
            memcpy(m.X + a * D, np, D * sizeof(double));
            if (res->trajectory) {
                size_t other = b->init == a ? b->rcvr : b->init;
                double lo = in->lo[0], w = in->hi[0] - in->lo[0];
                pl_forecast_move_t mv = {t, a, other, PL_UNSET, PL_FORECAST_MOVE_BARGAIN,
                                         lo + prevX[a * D] * w, lo + np[0] * w};
                if (fabs(mv.to - mv.from) > 0 || D > 1)
                    if ((st = pl_i_fc_add_move(res, &mv, err)) != PL_OK) goto done2;
            }
        }
        memcpy(m.I, m.X, n * D * sizeof(double)); /* identity accommodation */
        RECORD(t);
        double change = 0;
        for (size_t a = 0; a < n; a++) {
            double e = 0;
            for (size_t k = 0; k < D; k++) {
                double v = m.X[a * D + k] - prevX[a * D + k];
                e += v * v;
            }
            change += sqrt(e);
        }
        if (t == 1) first = change;
        if (opt->progress) opt->progress(t, maxt, opt->progress_ctx);
        if (t >= 2 && change / (first + 1e-4) < SMP_STOP_FRACTION) {
            stopped = true;
            break;
        }
    }
    res->nrounds = t > maxt ? maxt : t;
    if (n <= 1) res->nrounds = 0;
    res->converged = stopped || n <= 1;
    if (opt->progress) opt->progress(maxt, maxt, opt->progress_ctx);
    smp_forecast(&m, in, res);
done2:
    pl_free(Uq);
done:
    pl_free(mem);
    pl_free(bar);
    pl_free(choice);
    pl_free(qlen);
    pl_free(queue);
    return st;
}

const pl_forecast_model_type pl_i_fc_smp_type = {
    "smp", "KTAB Spatial Model of Politics (default parameters, deterministic)", true, 0, NULL,
    smp_run, NULL, false};
