/*
 * power.c: Shapley-Shubik and Banzhaf indices. Weighted games are counted exactly by
 * dynamic programming over (coalition size, weight); one count table serves every member,
 * which is "removed" from it by inverting the recurrence. Counts are kept modulo 2^64: the
 * true counts of coalitions of the other members fit (they are at most C(n-1, k) < 2^64 for
 * n <= 68), so the wrap-around of intermediate sums cancels out exactly.
 */
#include <parley/pl_mediate.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mediate_internal.h"

#include <parley/pl_rng.h>

#define PL_POWER_EXACT_MAX 68
#define PL_POWER_CELLS_MAX 8000000u /* (n+1) * quota count cells (64 MB) */

void pl_mediate_game_power_init(pl_mediate_game_power_t *p) { memset(p, 0, sizeof *p); }

void pl_mediate_power_options_init(pl_mediate_power_options_t *o) { memset(o, 0, sizeof *o); }

void pl_mediate_game_power_destroy(pl_mediate_game_power_t *p)
{
    if (!p) return;
    pl_free(p->shapley);
    pl_free(p->banzhaf);
    pl_free(p->banzhaf_raw);
    pl_free(p->shapley_se);
    pl_free(p->banzhaf_se);
    memset(p, 0, sizeof *p);
}

static pl_status power_alloc(pl_mediate_game_power_t *p, size_t n, pl_error_t *err)
{
    pl_mediate_game_power_destroy(p);
    size_t k = n ? n : 1;
    p->n = n;
    p->shapley = pl_calloc(k, sizeof(double));
    p->banzhaf = pl_calloc(k, sizeof(double));
    p->banzhaf_raw = pl_calloc(k, sizeof(double));
    p->shapley_se = pl_calloc(k, sizeof(double));
    p->banzhaf_se = pl_calloc(k, sizeof(double));
    if (!p->shapley || !p->banzhaf || !p->banzhaf_raw || !p->shapley_se || !p->banzhaf_se) {
        pl_mediate_game_power_destroy(p);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    p->exact = true;
    return PL_OK;
}

static void normalise_banzhaf(pl_mediate_game_power_t *p)
{
    double sum = 0;
    for (size_t i = 0; i < p->n; i++) sum += p->banzhaf_raw[i];
    for (size_t i = 0; i < p->n; i++) p->banzhaf[i] = sum > 0 ? p->banzhaf_raw[i] / sum : 0;
}

static bool integer_weights(const double *w, size_t n, double quota, uint64_t *iw, uint64_t *iq)
{
    static const double scales[] = {1, 2, 4, 5, 8, 10, 20, 25, 50, 100, 1000};
    for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++) {
        double f = scales[s];
        bool ok = true;
        for (size_t i = 0; i < n && ok; i++) {
            double x = w[i] * f;
            if (x > 1e15 || fabs(x - nearbyint(x)) > 1e-9 * (1 + fabs(x))) ok = false;
            else iw[i] = (uint64_t)nearbyint(x);
        }
        if (!ok) continue;
        double q = quota * f;
        if (q > 1e15) return false;
        double qi = nearbyint(q);
        /* a coalition of integer weight W wins when W >= q, i.e. W >= ceil(q) */
        *iq = (uint64_t)(fabs(q - qi) <= 1e-9 * (1 + fabs(q)) ? qi : ceil(q));
        /* divide by the gcd of the weights: the game is the same */
        uint64_t g = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t a = g, b = iw[i];
            while (b) {
                uint64_t t = a % b;
                a = b;
                b = t;
            }
            g = a;
        }
        if (g > 1) {
            for (size_t i = 0; i < n; i++) iw[i] /= g;
            *iq = (*iq + g - 1) / g;
        }
        return true;
    }
    return false;
}

static pl_status power_exact_weighted(const uint64_t *iw, size_t n, uint64_t q, pl_mediate_game_power_t *out,
                                      pl_error_t *err)
{
    size_t Q = (size_t)q; /* counts for weights 0..Q-1 (losing coalitions) only */
    uint64_t *c = pl_calloc((n + 1) * Q, sizeof(uint64_t));
    uint64_t *d = pl_calloc((n + 1) * Q, sizeof(uint64_t));
    long double *coef = pl_calloc(n, sizeof(long double));
    if (!c || !d || !coef) {
        pl_free(c);
        pl_free(d);
        pl_free(coef);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    /* c[k][w]: coalitions of k members (of all n) with weight w < Q, modulo 2^64 */
    c[0] = 1;
    for (size_t j = 0; j < n; j++) {
        uint64_t wj = iw[j];
        for (size_t k = j + 1; k >= 1; k--) {
            uint64_t *row = c + k * Q, *prev = c + (k - 1) * Q;
            for (size_t w = Q; w-- > wj;) row[w] += prev[w - wj];
        }
    }
    /* Shapley-Shubik weight of a swing at size k: k! (n-1-k)! / n! = 1 / (n C(n-1, k)) */
    long double binom = 1;
    for (size_t k = 0; k < n; k++) {
        coef[k] = 1.0L / ((long double)n * binom);
        binom = binom * (long double)(n - 1 - k) / (long double)(k + 1);
    }
    long double half_pow = powl(0.5L, (long double)(n - 1));
    for (size_t i = 0; i < n; i++) {
        size_t same = i;
        for (size_t j = 0; j < i; j++)
            if (iw[j] == iw[i]) {
                same = j;
                break;
            }
        if (same != i) {
            out->shapley[i] = out->shapley[same];
            out->banzhaf_raw[i] = out->banzhaf_raw[same];
            continue;
        }
        uint64_t wi = iw[i];
        /* d[k][w]: coalitions of the others: d[k][w] = c[k][w] - d[k-1][w - wi] */
        memcpy(d, c, Q * sizeof *d);
        size_t split = wi < Q ? (size_t)wi : Q;
        for (size_t k = 1; k < n; k++) {
            uint64_t *restrict row = d + k * Q;
            const uint64_t *restrict crow = c + k * Q;
            const uint64_t *restrict prev = d + (k - 1) * Q;
            memcpy(row, crow, split * sizeof *row);
            for (size_t w = split; w < Q; w++) row[w] = crow[w] - prev[w - split];
        }
        long double ss = 0, bz = 0;
        size_t lo = wi >= Q ? 0 : (size_t)(Q - wi);
        for (size_t k = 0; k + 1 <= n; k++) {
            const uint64_t *row = d + k * Q;
            /* exact: at most C(n-1, k) < 2^64 coalitions (n <= 68), so no wrap survives */
            uint64_t cnt = 0;
            for (size_t w = lo; w < Q; w++) cnt += row[w];
            long double s = (long double)cnt;
            ss += s * coef[k];
            bz += s;
        }
        out->shapley[i] = (double)ss;
        out->banzhaf_raw[i] = (double)(bz * half_pow);
    }
    normalise_banzhaf(out);
    pl_free(c);
    pl_free(d);
    pl_free(coef);
    return PL_OK;
}

static pl_status power_sampled(const double *w, size_t n, double quota, size_t samples,
                               uint64_t seed, pl_mediate_game_power_t *out, pl_error_t *err)
{
    size_t *perm = pl_calloc(n, sizeof *perm);
    double *ss = pl_calloc(n, sizeof(double)), *bz = pl_calloc(n, sizeof(double));
    unsigned char *in = pl_calloc(n, 1);
    if (!perm || !ss || !bz || !in) {
        pl_free(perm);
        pl_free(ss);
        pl_free(bz);
        pl_free(in);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_rng_t rng; /* the library's one generator family (pl_rng.h) */
    pl_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t s = 0; s < samples; s++) {
        /* Shapley-Shubik: a random order, credit the member that turns it winning */
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)pl_rng_below(&rng, i);
            size_t t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        double acc = 0;
        for (size_t k = 0; k < n; k++) {
            acc += w[perm[k]];
            if (acc >= quota - PL_TOL) {
                if (acc - w[perm[k]] < quota - PL_TOL) ss[perm[k]] += 1;
                break;
            }
        }
        /* Banzhaf: a uniform random coalition S of everyone; S \ {i} is uniform over the
         * coalitions of the others, so each member gets an unbiased swing indicator */
        double tot = 0;
        for (size_t i = 0; i < n; i++) {
            in[i] = (unsigned char)(pl_rng_uniform(&rng) < 0.5);
            if (in[i]) tot += w[i];
        }
        for (size_t i = 0; i < n; i++) {
            double without = in[i] ? tot - w[i] : tot;
            if (without < quota - PL_TOL && without + w[i] >= quota - PL_TOL) bz[i] += 1;
        }
    }
    out->exact = false;
    out->samples = samples;
    for (size_t i = 0; i < n; i++) {
        double p = ss[i] / (double)samples, b = bz[i] / (double)samples;
        out->shapley[i] = p;
        out->shapley_se[i] = sqrt(p * (1 - p) / (double)samples);
        out->banzhaf_raw[i] = b;
        out->banzhaf_se[i] = sqrt(b * (1 - b) / (double)samples);
    }
    normalise_banzhaf(out);
    pl_free(perm);
    pl_free(ss);
    pl_free(bz);
    pl_free(in);
    return PL_OK;
}

pl_status pl_mediate_power_weighted(const double *weights, size_t n, double quota,
                                    const pl_mediate_power_options_t *opt,
                                    pl_mediate_game_power_t *out, pl_error_t *err)
{
    pl_mediate_game_power_destroy(out);
    for (size_t i = 0; i < n; i++)
        if (!(weights[i] >= 0) || isinf(weights[i]))
            return pl_error_set(err, PL_EINVAL, "weight %zu must be finite and >= 0 (got %g)",
                                i + 1, weights[i]);
    if (isnan(quota)) return pl_error_set(err, PL_EINVAL, "quota is not a number");
    PL_CHECK(power_alloc(out, n, err));
    if (n == 0) return PL_OK;
    double total = 0;
    for (size_t i = 0; i < n; i++) total += weights[i];
    /* degenerate games: everyone (even the empty coalition) wins, or nobody can */
    if (quota <= 0 || quota > total + PL_TOL) return PL_OK;
    size_t max_exact = opt && opt->max_exact ? opt->max_exact : PL_POWER_EXACT_MAX;
    if (max_exact > PL_POWER_EXACT_MAX) max_exact = PL_POWER_EXACT_MAX;
    pl_status s = PL_OK;
    if (n <= max_exact) {
        uint64_t *iw = pl_calloc(n, sizeof *iw);
        if (!iw) return pl_error_set(err, PL_ENOMEM, "out of memory");
        uint64_t iq = 0;
        if (integer_weights(weights, n, quota, iw, &iq) && iq >= 1 &&
            iq <= PL_POWER_CELLS_MAX / (n + 1)) {
            s = power_exact_weighted(iw, n, iq, out, err);
            pl_free(iw);
            return s;
        }
        pl_free(iw);
    }
    /* too large for exact counts, or weights that do not scale to integers: sample */
    size_t samples = opt && opt->samples ? opt->samples : 200000;
    return power_sampled(weights, n, quota, samples, opt ? opt->seed : 0, out, err);
}

pl_status pl_mediate_power_simple(size_t n, pl_mediate_wins_fn wins, const void *ctx,
                                  pl_mediate_game_power_t *out, pl_error_t *err)
{
    pl_mediate_game_power_destroy(out);
    if (n > 24)
        return pl_error_set(err, PL_ETOOBIG,
                            "exact power of a game of %zu members needs 2^%zu coalitions "
                            "(at most 24 members)",
                            n, n);
    PL_CHECK(power_alloc(out, n, err));
    if (n == 0) return PL_OK;
    uint64_t ncoal = (uint64_t)1 << n;
    unsigned char *w = pl_malloc((size_t)ncoal);
    double *coef = pl_calloc(n + 1, sizeof(double));
    if (!w || !coef) {
        pl_free(w);
        pl_free(coef);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (uint64_t s = 0; s < ncoal; s++) w[s] = wins(ctx, s) ? 1 : 0;
    /* a pivot into a coalition of final size k: (k-1)! (n-k)! / n! = 1 / (n C(n-1, k-1)) */
    double binom = 1;
    for (size_t k = 1; k <= n; k++) {
        coef[k] = 1.0 / ((double)n * binom);
        binom = binom * (double)(n - k) / (double)k;
    }
    uint64_t *swings = pl_calloc(n, sizeof *swings);
    if (!swings) {
        pl_free(w);
        pl_free(coef);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (uint64_t s = 0; s < ncoal; s++) {
        if (!w[s]) continue;
        size_t k = (size_t)__builtin_popcountll(s);
        for (size_t i = 0; i < n; i++) {
            uint64_t b = (uint64_t)1 << i;
            if ((s & b) && !w[s ^ b]) {
                out->shapley[i] += coef[k];
                swings[i]++;
            }
        }
    }
    double half = ldexp(1.0, -(int)(n - 1));
    for (size_t i = 0; i < n; i++) out->banzhaf_raw[i] = (double)swings[i] * half;
    normalise_banzhaf(out);
    pl_free(swings);
    pl_free(w);
    pl_free(coef);
    return PL_OK;
}

pl_status pl_i_power_sampled_simple(size_t n, pl_mediate_wins_fn wins, const void *ctx, size_t samples,
                                    uint64_t seed, bool banzhaf, pl_mediate_game_power_t *out,
                                    pl_error_t *err)
{
    if (n > 64) return pl_error_set(err, PL_ETOOBIG, "a game of %zu members (at most 64)", n);
    PL_CHECK(power_alloc(out, n, err));
    if (n == 0 || samples == 0) return PL_OK;
    size_t *perm = pl_calloc(n, sizeof *perm);
    double *ss = pl_calloc(n, sizeof(double)), *bz = pl_calloc(n, sizeof(double));
    if (!perm || !ss || !bz) {
        pl_free(perm);
        pl_free(ss);
        pl_free(bz);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    uint64_t all = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    bool any = wins(ctx, all) && !wins(ctx, 0); /* else nobody is ever pivotal */
    pl_rng_t rng;
    pl_rng_stream(&rng, seed, 0x706f776572ULL); /* "power": its own stream of the seed */
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t s = 0; any && s < samples; s++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)pl_rng_below(&rng, i);
            size_t t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        /* the game is monotone: bisect for the shortest winning prefix; its last member
         * is the pivot (lo: a losing prefix length, hi: a winning one) */
        size_t lo = 0, hi = n;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            uint64_t c = 0;
            for (size_t k = 0; k < mid; k++) c |= (uint64_t)1 << perm[k];
            if (wins(ctx, c)) hi = mid;
            else lo = mid;
        }
        ss[perm[hi - 1]] += 1;
        if (!banzhaf) continue;
        uint64_t c = pl_rng_next(&rng) & all;
        for (size_t i = 0; i < n; i++) {
            uint64_t b = (uint64_t)1 << i;
            if (wins(ctx, c | b) && !wins(ctx, c & ~b)) bz[i] += 1;
        }
    }
    out->exact = false;
    out->samples = samples;
    for (size_t i = 0; i < n; i++) {
        double p = ss[i] / (double)samples, b = bz[i] / (double)samples;
        out->shapley[i] = p;
        out->shapley_se[i] = sqrt(p * (1 - p) / (double)samples);
        out->banzhaf_raw[i] = b;
        out->banzhaf_se[i] = sqrt(b * (1 - b) / (double)samples);
    }
    normalise_banzhaf(out);
    pl_free(perm);
    pl_free(ss);
    pl_free(bz);
    return PL_OK;
}

/* ---- the scenario's ratification bodies and acceptance game ---- */

void pl_mediate_power_init(pl_mediate_power_t *p) { memset(p, 0, sizeof *p); }

void pl_mediate_power_destroy(pl_mediate_power_t *p)
{
    if (!p) return;
    for (size_t b = 0; b < p->nbodies; b++) {
        pl_free(p->bodies[b].members);
        pl_free(p->bodies[b].weight);
        pl_mediate_game_power_destroy(&p->bodies[b].power);
    }
    pl_free(p->bodies);
    memset(p, 0, sizeof *p);
}

static bool game_wins(const void *ctx, uint64_t mask) { return pl_i_game_wins(ctx, mask); }

pl_status pl_mediate_power(const pl_model_t *m, const pl_mediate_power_options_t *opt,
                           pl_mediate_power_t *out, pl_error_t *err)
{
    pl_mediate_power_destroy(out);
    size_t np = pl_model_nparties(m);
    out->bodies = pl_calloc(np + 1, sizeof *out->bodies);
    if (!out->bodies) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status s = PL_OK;
    /* every party's ratification body, as the model compiled it into a weighted game */
    for (size_t k = 0; k < np; k++) {
        pl_model_game_t g;
        size_t party = pl_model_party(m, k);
        if (!pl_model_ratification(m, party, &g)) continue;
        pl_mediate_body_t *b = &out->bodies[out->nbodies++];
        pl_mediate_game_power_init(&b->power);
        b->party = party;
        b->members = pl_calloc(g.nmembers ? g.nmembers : 1, sizeof(size_t));
        b->weight = pl_calloc(g.nmembers ? g.nmembers : 1, sizeof(double));
        if (!b->members || !b->weight) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        b->nmembers = g.nmembers;
        memcpy(b->members, g.members, g.nmembers * sizeof(size_t));
        memcpy(b->weight, g.weight, g.nmembers * sizeof(double));
        b->quota = g.quota;
        s = pl_mediate_power_weighted(b->weight, b->nmembers, b->quota, opt, &b->power, err);
        if (s != PL_OK) goto fail;
    }
    {
        pl_i_eval_t ev;
        s = pl_i_eval_init(&ev, m, false, err);
        if (s != PL_OK) goto fail;
        pl_mediate_body_t *b = &out->bodies[out->nbodies++];
        pl_mediate_game_power_init(&b->power);
        b->party = PL_UNSET;
        b->members = pl_calloc(ev.nplayers ? ev.nplayers : 1, sizeof(size_t));
        b->weight = pl_calloc(ev.nplayers ? ev.nplayers : 1, sizeof(double));
        if (!b->members || !b->weight) {
            pl_i_eval_destroy(&ev);
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        b->nmembers = ev.nplayers;
        memcpy(b->members, ev.players, ev.nplayers * sizeof(size_t));
        for (size_t k = 0; k < ev.nplayers; k++) b->weight[k] = NAN;
        b->quota = NAN;
        if (ev.nplayers <= 24)
            s = pl_mediate_power_simple(ev.nplayers, game_wins, &ev, &b->power, err);
        else /* 2^n coalitions are too many: estimate */
            s = pl_i_power_sampled_simple(ev.nplayers, game_wins, &ev,
                                          opt && opt->samples ? opt->samples : 20000,
                                          opt ? opt->seed : 0, true, &b->power, err);
        pl_i_eval_destroy(&ev);
        if (s != PL_OK) goto fail;
    }
    return PL_OK;
fail:
    pl_mediate_power_destroy(out);
    return s;
}
