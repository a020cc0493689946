/*
 * points.c: the four bargaining points (Nash, Kalai-Smorodinsky, egalitarian, utilitarian) read
 * off a frontier with the GENIUS README's tie rules, over the rational set or, for
 * pl_analysis_run, over the feasible set.
 */
#include "analysis_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the four points ---- */

static void solution_destroy(pl_solution_t *s)
{
    pl_free(s->u); /* one block with the outcome (solution_alloc) */
    memset(s, 0, sizeof *s);
}

_Static_assert(sizeof(size_t) <= sizeof(double), "solution_alloc packs size_t after doubles");

/* u and outcome in one zeroed block (u first: doubles need the stronger alignment) */
static bool solution_alloc(pl_solution_t *s, size_t nissues, size_t k)
{
    double *b = pl_calloc(k + nissues + 1, sizeof(double));
    if (!b) return false;
    s->u = b;
    s->outcome = (size_t *)(b + k);
    return true;
}

void pl_points_init(pl_points_t *p)
{
    memset(p, 0, sizeof *p);
}

void pl_points_destroy(pl_points_t *p)
{
    if (!p) return;
    solution_destroy(&p->nash);
    solution_destroy(&p->ks);
    solution_destroy(&p->egalitarian);
    solution_destroy(&p->utilitarian);
}

static pl_status solution_set(pl_solution_t *s, const pl_frontier_t *f, size_t p)
{
    if (!solution_alloc(s, f->nissues, f->k)) return PL_ENOMEM;
    memcpy(s->outcome, f->outcome + p * f->nissues, f->nissues * sizeof *s->outcome);
    memcpy(s->u, f->u + p * f->k, f->k * sizeof *s->u);
    s->found = true;
    return PL_OK;
}

/* The four points over f's points. `first_fallback`: when every Nash product is 0, the Nash
 * point is f's first point (f holds every outcome of a set in enumeration order: the feasible
 * set), instead of the first rational outcome found by search. */
pl_status pl_i_points_from(const pl_model_t *m, const pl_frontier_t *f, pl_points_t *out,
                           bool first_fallback, pl_error_t *err)
{
    pl_points_destroy(out); /* initialised storage: release a previous result, then fill */
    pl_points_init(out);
    if (f->npoints == 0) return PL_OK;
    size_t k = f->k;
    double r[64], M[64];
    if (k > 64) return pl_error_set(err, PL_EUNSUPPORTED, "more than 64 actors");
    for (size_t j = 0; j < k; j++) {
        r[j] = m->threshold[f->actors[j]];
        M[j] = -INFINITY;
        for (size_t p = 0; p < f->npoints; p++)
            if (f->u[p * k + j] > M[j]) M[j] = f->u[p * k + j];
    }
    size_t bn = 0, bk = 0, be = 0, bu = 0;
    double vn = -INFINITY, vk = -INFINITY, ve = -INFINITY, vu = -INFINITY;
    double sk = -INFINITY, se = -INFINITY;
    /* points are in enumeration order of their first outcome: a strict improvement is needed
     * to replace the incumbent, so remaining ties go to the first outcome */
    for (size_t p = 0; p < f->npoints; p++) {
        const double *u = f->u + p * k;
        double sum = 0, prod = 1, kmin = INFINITY, emin = INFINITY;
        for (size_t j = 0; j < k; j++) {
            double g = u[j] - r[j];
            sum += u[j];
            prod *= g;
            double rel = M[j] - r[j] > 0 ? g / (M[j] - r[j]) : 1.0;
            if (rel < kmin) kmin = rel;
            if (g < emin) emin = g;
        }
        if (sum > vu + PL_TOL) {
            vu = sum;
            bu = p;
        }
        if (prod > vn + PL_TOL) {
            vn = prod;
            bn = p;
        }
        if (kmin > vk + PL_TOL || (fabs(kmin - vk) <= PL_TOL && sum > sk + PL_TOL)) {
            vk = kmin;
            sk = sum;
            bk = p;
        }
        if (emin > ve + PL_TOL || (fabs(emin - ve) <= PL_TOL && sum > se + PL_TOL)) {
            ve = emin;
            se = sum;
            be = p;
        }
    }
    pl_status s = PL_OK;
    if (solution_set(&out->utilitarian, f, bu) || solution_set(&out->ks, f, bk) ||
        solution_set(&out->egalitarian, f, be)) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto fail;
    }
    if (vn > PL_TOL || first_fallback) {
        if (solution_set(&out->nash, f, vn > PL_TOL ? bn : 0)) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
    } else {
        /* every rational outcome has product 0: all tie, the first rational outcome wins, and
         * it need not be on the frontier */
        pl_solution_t *ns = &out->nash;
        if (!solution_alloc(ns, f->nissues, k)) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        bool found = false;
        s = pl_i_first_rational(m, f->actors, k, 100000000ULL, ns->outcome, &found, err);
        if (s != PL_OK) goto fail;
        if (!found) {
            s = pl_error_set(err, PL_EINTERNAL, "no rational outcome although the frontier has one");
            goto fail;
        }
        for (size_t j = 0; j < k; j++) ns->u[j] = pl_model_utility(m, f->actors[j], ns->outcome);
        ns->found = true;
    }
    return PL_OK;
fail:
    pl_points_destroy(out);
    return s;
}

pl_status pl_points_compute(const pl_model_t *m, const pl_frontier_t *f, pl_points_t *out,
                            pl_error_t *err)
{
    return pl_i_points_from(m, f, out, false, err);
}
