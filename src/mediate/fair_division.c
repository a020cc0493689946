/*
 * fair_division.c: Brams and Taylor's Adjusted Winner for two sides (envy-free, equitable,
 * efficient, at most one split issue), the max-min share allocation of indivisible
 * issues among any number of parties (exact branch and bound), and both turned into
 * packages of a scenario (pl_mediate_fair_division).
 */
#include <parley/pl_mediate.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mediate_internal.h"

void pl_mediate_adjusted_winner_init(pl_mediate_adjusted_winner_t *aw)
{
    memset(aw, 0, sizeof *aw);
    aw->split = PL_UNSET;
}

void pl_mediate_adjusted_winner_destroy(pl_mediate_adjusted_winner_t *aw)
{
    if (!aw) return;
    pl_free(aw->share_a);
    pl_mediate_adjusted_winner_init(aw);
}

typedef struct aw_item {
    size_t i;
    double ratio; /* richer side's points / poorer side's points */
} aw_item;

static int cmp_ratio(const void *x, const void *y)
{
    const aw_item *a = x, *b = y;
    if (a->ratio < b->ratio) return -1;
    if (a->ratio > b->ratio) return 1;
    return (a->i > b->i) - (a->i < b->i);
}

pl_status pl_mediate_adjusted_winner(const double *a, const double *b, size_t n, pl_mediate_adjusted_winner_t *out,
                             pl_error_t *err)
{
    pl_mediate_adjusted_winner_destroy(out);
    double sa = 0, sb = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(a[i] >= 0) || !(b[i] >= 0) || isinf(a[i]) || isinf(b[i]))
            return pl_error_set(err, PL_EINVAL, "points of issue %zu must be finite and >= 0",
                                i + 1);
        sa += a[i];
        sb += b[i];
    }
    if (!(sa > 0) || !(sb > 0))
        return pl_error_set(err, PL_EINVAL, "each side must give some issue a positive number of points");
    out->n = n;
    out->share_a = pl_calloc(n ? n : 1, sizeof(double));
    aw_item *items = pl_calloc(n ? n : 1, sizeof *items);
    double *pa = pl_calloc(n ? n : 1, sizeof(double)), *pb = pl_calloc(n ? n : 1, sizeof(double));
    if (!out->share_a || !items || !pa || !pb) {
        pl_free(items);
        pl_free(pa);
        pl_free(pb);
        pl_mediate_adjusted_winner_destroy(out);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        pa[i] = 100.0 * a[i] / sa;
        pb[i] = 100.0 * b[i] / sb;
    }
    /* (1) each issue to the side that values it more; ties to A */
    double ta = 0, tb = 0;
    for (size_t i = 0; i < n; i++) {
        if (pa[i] >= pb[i]) {
            out->share_a[i] = 1;
            ta += pa[i];
        } else {
            tb += pb[i];
        }
    }
    /* (2) transfer from the richer side */
    bool a_richer = ta > tb;
    const double *pr = a_richer ? pa : pb, *pp = a_richer ? pb : pa;
    double tr = a_richer ? ta : tb, tp = a_richer ? tb : ta;
    size_t m = 0;
    if (fabs(ta - tb) > PL_TOL) {
        for (size_t i = 0; i < n; i++) {
            bool held = a_richer ? out->share_a[i] == 1 : out->share_a[i] == 0;
            if (!held) continue;
            items[m].i = i;
            items[m].ratio = pp[i] > 0 ? pr[i] / pp[i] : INFINITY;
            m++;
        }
        qsort(items, m, sizeof *items, cmp_ratio);
        for (size_t k = 0; k < m && tr - tp > PL_TOL; k++) {
            size_t i = items[k].i;
            if (tr - pr[i] >= tp + pp[i] - PL_TOL) {
                /* move it whole: the richer side is still (weakly) ahead */
                tr -= pr[i];
                tp += pp[i];
                out->share_a[i] = a_richer ? 0 : 1;
            } else {
                /* split: the richer side keeps fraction f with tr - (1-f) r = tp + (1-f) p */
                double moved = (tr - tp) / (pr[i] + pp[i]);
                double keep = 1 - moved;
                tr -= moved * pr[i];
                tp += moved * pp[i];
                out->share_a[i] = a_richer ? keep : moved;
                out->split = i;
                break;
            }
        }
    }
    out->points_a = a_richer ? tr : tp;
    out->points_b = a_richer ? tp : tr;
    pl_free(items);
    pl_free(pa);
    pl_free(pb);
    return PL_OK;
}

/* ---- max-min share by branch and bound ---- */
typedef struct mm_state {
    size_t np, ni;
    const double *pts;      /* normalised, np x ni */
    size_t *order;          /* items, most valued first */
    double *rest;           /* rest[k*np + p]: party p's points on items order[k..] */
    size_t *cur, *best;
    double *share;
    double best_min, best_sum;
    bool found;
} mm_state;

static void mm_search(mm_state *s, size_t k)
{
    size_t np = s->np;
    if (k == s->ni) {
        double mn = INFINITY, sum = 0;
        for (size_t p = 0; p < np; p++) {
            if (s->share[p] < mn) mn = s->share[p];
            sum += s->share[p];
        }
        if (!s->found || mn > s->best_min + PL_TOL ||
            (mn > s->best_min - PL_TOL && sum > s->best_sum + PL_TOL)) {
            s->found = true;
            s->best_min = mn;
            s->best_sum = sum;
            memcpy(s->best, s->cur, s->ni * sizeof *s->cur);
        }
        return;
    }
    /* bound: no party can end above its share plus all remaining items */
    if (s->found) {
        double bound = INFINITY;
        for (size_t p = 0; p < np; p++) {
            double b = s->share[p] + s->rest[k * np + p];
            if (b < bound) bound = b;
        }
        if (bound < s->best_min - PL_TOL) return;
    }
    size_t item = s->order[k];
    /* try the parties that value the item most first */
    size_t tried = 0;
    bool *done = NULL;
    bool local[64] = {false};
    done = np <= 64 ? local : pl_calloc(np, sizeof(bool));
    if (!done) return;
    while (tried < np) {
        size_t bp = PL_UNSET;
        for (size_t p = 0; p < np; p++)
            if (!done[p] && (bp == PL_UNSET || s->pts[p * s->ni + item] > s->pts[bp * s->ni + item]))
                bp = p;
        done[bp] = true;
        tried++;
        s->cur[item] = bp;
        s->share[bp] += s->pts[bp * s->ni + item];
        mm_search(s, k + 1);
        s->share[bp] -= s->pts[bp * s->ni + item];
    }
    if (done != local) pl_free(done);
}

pl_status pl_mediate_maxmin_share(const double *points, size_t nparties, size_t nitems, size_t *owner,
                          double *share, pl_error_t *err)
{
    if (nparties == 0) return pl_error_set(err, PL_EINVAL, "max-min share needs at least one party");
    double space = pow((double)nparties, (double)nitems);
    if (space > ldexp(1.0, 40))
        return pl_error_set(err, PL_ETOOBIG,
                            "max-min share over %zu issues and %zu parties is too large to solve "
                            "exactly (%zu^%zu allocations)",
                            nitems, nparties, nparties, nitems);
    mm_state s;
    memset(&s, 0, sizeof s);
    s.np = nparties;
    s.ni = nitems;
    double *pts = pl_calloc(nparties * (nitems ? nitems : 1), sizeof(double));
    s.order = pl_calloc(nitems ? nitems : 1, sizeof(size_t));
    s.rest = pl_calloc((nitems + 1) * nparties, sizeof(double));
    s.cur = pl_calloc(nitems ? nitems : 1, sizeof(size_t));
    s.best = pl_calloc(nitems ? nitems : 1, sizeof(size_t));
    s.share = pl_calloc(nparties, sizeof(double));
    pl_status st = PL_OK;
    if (!pts || !s.order || !s.rest || !s.cur || !s.best || !s.share) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t p = 0; p < nparties; p++) {
        double sum = 0;
        for (size_t i = 0; i < nitems; i++) {
            double v = points[p * nitems + i];
            if (!(v >= 0) || isinf(v)) {
                st = pl_error_set(err, PL_EINVAL, "points of party %zu on issue %zu must be finite and >= 0",
                                  p + 1, i + 1);
                goto done;
            }
            sum += v;
        }
        for (size_t i = 0; i < nitems; i++)
            pts[p * nitems + i] = sum > 0 ? 100.0 * points[p * nitems + i] / sum : 0;
    }
    s.pts = pts;
    /* most contested (largest total) items first: tighter bounds early */
    for (size_t i = 0; i < nitems; i++) s.order[i] = i;
    for (size_t i = 1; i < nitems; i++)
        for (size_t j = i; j > 0; j--) {
            double x = 0, y = 0;
            for (size_t p = 0; p < nparties; p++) {
                x += pts[p * nitems + s.order[j]];
                y += pts[p * nitems + s.order[j - 1]];
            }
            if (x <= y) break;
            size_t t = s.order[j];
            s.order[j] = s.order[j - 1];
            s.order[j - 1] = t;
        }
    for (size_t k = nitems; k-- > 0;)
        for (size_t p = 0; p < nparties; p++)
            s.rest[k * nparties + p] = s.rest[(k + 1) * nparties + p] + pts[p * nitems + s.order[k]];
    mm_search(&s, 0);
    for (size_t i = 0; i < nitems; i++) owner[i] = s.best[i];
    for (size_t p = 0; p < nparties; p++) share[p] = 0;
    for (size_t i = 0; i < nitems; i++) share[owner[i]] += pts[owner[i] * nitems + i];
done:
    pl_free(pts);
    pl_free(s.order);
    pl_free(s.rest);
    pl_free(s.cur);
    pl_free(s.best);
    pl_free(s.share);
    return st;
}

/* ---- fair division of a scenario's issues ---- */

void pl_mediate_fair_division_init(pl_mediate_fair_division_t *fd)
{
    memset(fd, 0, sizeof *fd);
    fd->a = fd->b = PL_UNSET;
    pl_mediate_adjusted_winner_init(&fd->aw);
    pl_mediate_package_init(&fd->package);
    pl_mediate_package_init(&fd->maxmin_package);
}

void pl_mediate_fair_division_destroy(pl_mediate_fair_division_t *fd)
{
    if (!fd) return;
    pl_free(fd->parties);
    pl_free(fd->points_a);
    pl_free(fd->points_b);
    pl_mediate_adjusted_winner_destroy(&fd->aw);
    pl_mediate_package_destroy(&fd->package);
    pl_free(fd->maxmin_owner);
    pl_free(fd->maxmin_share);
    pl_mediate_package_destroy(&fd->maxmin_package);
    pl_mediate_fair_division_init(fd);
}

/* the value of issue i that gives party a the fraction f of the way from b's ideal to a's */
static size_t split_value(const pl_model_t *m, size_t a, size_t i, size_t va, size_t vb, double f)
{
    const double *t = pl_model_value_utilities(m, a, i);
    double span = t[va] - t[vb];
    size_t best = va;
    double bd = INFINITY;
    for (size_t v = 0; v < pl_model_nvalues(m, i); v++) {
        double x = span != 0 ? (t[v] - t[vb]) / span : 1;
        if (x < -1e-9 || x > 1 + 1e-9) continue;
        if (fabs(x - f) < bd) {
            bd = fabs(x - f);
            best = v;
        }
    }
    return best;
}

/* max-min share of whole issues over out->parties; o (nissues) is scratch */
static pl_status fair_maxmin(const pl_model_t *m, const pl_mediate_options_t *opt,
                             pl_mediate_fair_division_t *out, size_t *o, pl_error_t *err)
{
    size_t nt = out->nparties, ni = pl_model_nissues(m);
    double *pts = pl_calloc(nt * ni > 0 ? nt * ni : 1, sizeof(double));
    out->maxmin_owner = pl_calloc(ni ? ni : 1, sizeof(size_t));
    out->maxmin_share = pl_calloc(nt, sizeof(double));
    if (!pts || !out->maxmin_owner || !out->maxmin_share) {
        pl_free(pts);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_status s = PL_OK;
    for (size_t k = 0; k < nt && s == PL_OK; k++)
        s = pl_mediate_issue_points(m, out->parties[k], pts + k * ni, err);
    if (s == PL_OK) {
        /* too many allocations to search exactly: no max-min package, not an error */
        pl_status mm = pl_mediate_maxmin_share(pts, nt, ni, out->maxmin_owner, out->maxmin_share,
                                               NULL);
        if (mm == PL_ENOMEM) s = pl_error_set(err, PL_ENOMEM, "out of memory");
        else if (mm == PL_OK) {
            for (size_t i = 0; i < ni; i++) {
                out->maxmin_owner[i] = out->parties[out->maxmin_owner[i]];
                pl_mediate_concession(m, out->maxmin_owner[i], i, 0, &o[i]);
            }
            out->has_maxmin = true;
            s = pl_mediate_evaluate(m, opt, o, &out->maxmin_package, err);
        }
    }
    pl_free(pts);
    return s;
}

pl_status pl_mediate_fair_division(const pl_model_t *m, const pl_mediate_options_t *opt,
                                   pl_mediate_fair_division_t *out, pl_error_t *err)
{
    pl_mediate_fair_division_destroy(out);
    size_t np = pl_model_nparties(m), ni = pl_model_nissues(m);
    out->parties = pl_calloc(np ? np : 1, sizeof(size_t));
    if (!out->parties) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < np; k++)
        if (pl_i_has_table(m, pl_model_party(m, k))) out->parties[out->nparties++] = pl_model_party(m, k);
    if (out->nparties < 2) return PL_OK;
    out->a = out->parties[0];
    out->b = out->parties[1];
    out->points_a = pl_calloc(ni ? ni : 1, sizeof(double));
    out->points_b = pl_calloc(ni ? ni : 1, sizeof(double));
    size_t *o = pl_calloc(ni ? ni : 1, sizeof(size_t));
    pl_status s = PL_OK;
    if (!out->points_a || !out->points_b || !o) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    s = pl_mediate_issue_points(m, out->a, out->points_a, err);
    if (s == PL_OK) s = pl_mediate_issue_points(m, out->b, out->points_b, err);
    if (s == PL_OK) s = pl_mediate_adjusted_winner(out->points_a, out->points_b, ni, &out->aw, err);
    if (s != PL_OK) goto done;
    /* whole issues at the winner's best value; the split one part of the way between */
    for (size_t i = 0; i < ni; i++) {
        size_t va, vb;
        pl_mediate_concession(m, out->a, i, 0, &va);
        pl_mediate_concession(m, out->b, i, 0, &vb);
        double f = out->aw.share_a[i];
        o[i] = f > 1 - 1e-9 ? va : f < 1e-9 ? vb : split_value(m, out->a, i, va, vb, f);
    }
    out->divided = true;
    s = pl_mediate_evaluate(m, opt, o, &out->package, err);
    if (s == PL_OK) s = fair_maxmin(m, opt, out, o, err);
done:
    pl_free(o);
    if (s != PL_OK) pl_mediate_fair_division_destroy(out);
    return s;
}
