/*
 * plot_space.c: the utility space of the chosen actors: every outcome (or occupied cells, or
 * none for spaces too large to enumerate), the rational and feasible sets shaded, the exact
 * Pareto frontier, thresholds, the four bargaining points and the proposals.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAXK 5
#define HULL_BINS 400 /* columns for the shaded hulls: extremes per column, then a hull */
#define CELLS 160     /* binning grid per panel past max_points */

enum { CLS_OTHER = 0, CLS_RATIONAL = 1, CLS_FEASIBLE = 2 };

typedef struct space {
    const pl_model_t *m;
    const pl_analysis_t *an;
    const pl_render_options_t *opt;
    size_t kk, act[MAXK];      /* actors drawn (indices into the model) */
    bool additive[MAXK];       /* pl_model_is_additive of each */
    bool enumerated;           /* every outcome's utilities are known */
    uint64_t n;                /* outcomes (when enumerated) */
    double *u;                 /* n * kk */
    unsigned char *cls;        /* per outcome */
    uint64_t nrat, nfeas;
    double lo[MAXK], hi[MAXK]; /* axis ranges per actor */
} space_t;

/* Feasible: the model's one rule (pl_model_feasible: constraints, the decision rule over each
 * party's consent, mandates, participation and ratification), as analyze and mediate count it. */
static bool feasible(const pl_model_t *m, const size_t *o)
{
    return pl_model_feasible(m, o, NULL);
}

/* Advance the odometer as pl_model_outcome_next does (last issue fastest); returns the first
 * issue whose value changed, or ni when it wrapped around. */
static size_t odometer_next(const pl_model_t *m, size_t ni, size_t *o)
{
    for (size_t i = ni; i-- > 0;) {
        if (++o[i] < pl_model_nvalues(m, i)) return i;
        o[i] = 0;
    }
    return ni;
}

/* The chosen actors' utilities at o. An additive actor's utility is its value utilities summed
 * in issue order (pl_model_utility_additive): prefix sums over the issues below `from` (the
 * first that changed) are kept from the previous outcome, and the same additions in the same
 * order give the same doubles. Others go through pl_model_utility. */
static void utilities_at(const space_t *s, const double *const *tab, double *pre, size_t ni,
                         size_t from, const size_t *o, double *u)
{
    for (size_t j = 0; j < s->kk; j++) {
        const double *const *t = tab + j * ni;
        if (!s->additive[j]) {
            u[j] = pl_model_utility(s->m, s->act[j], o);
            continue;
        }
        double *p = pre + j * (ni + 1);
        for (size_t i = from; i < ni; i++) p[i + 1] = p[i] + t[i][o[i]];
        u[j] = p[ni];
    }
}

/* Every outcome's utilities and class. The analysis's exact findings spare work per outcome:
 * when every outcome is rational (rational_all) no acceptance is asked, and when the feasible
 * set is the chosen actors' rational set (feasible_from_frontier) the decision is not taken
 * again; both hold only when the plot draws the analysis's own actors. A utility below the
 * threshold rejects without asking pl_model_accepts (which compares that same utility). */
static pl_status enumerate(space_t *s, pl_error_t *err)
{
    uint64_t n;
    if (!pl_model_space_size(s->m, &n) || n > s->opt->max_enumerate) return PL_OK;
    size_t ni = pl_model_nissues(s->m);
    s->u = pl_malloc((size_t)n * s->kk * sizeof *s->u);
    s->cls = pl_malloc((size_t)n);
    size_t *o = pl_calloc(ni + 1, sizeof *o);
    const double **tab = pl_calloc(s->kk * ni + 1, sizeof *tab);
    double *pre = pl_calloc(s->kk * (ni + 1), sizeof *pre);
    if (!s->u || !s->cls || !o || !tab || !pre) {
        pl_free(o), pl_free(tab), pl_free(pre);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < s->kk; j++) {
        s->additive[j] = pl_model_is_additive(s->m, s->act[j]);
        for (size_t i = 0; i < ni && s->additive[j]; i++)
            tab[j * ni + i] = pl_model_value_utilities(s->m, s->act[j], i);
    }
    bool same = s->kk == s->an->k;
    bool all_rational = same && s->an->rational_known && s->an->rational_all;
    bool feasible_is_rational = same && s->an->feasible_from_frontier;
    uint64_t i = 0;
    size_t from = 0;
    do {
        double *u = s->u + i * s->kk;
        utilities_at(s, tab, pre, ni, from, o, u);
        bool rat = true;
        for (size_t j = 0; j < s->kk && rat && !all_rational; j++)
            rat = u[j] >= pl_model_threshold(s->m, s->act[j]) - PL_TOL &&
                  pl_model_accepts(s->m, s->act[j], o);
        unsigned char c = rat ? CLS_RATIONAL : CLS_OTHER;
        if (feasible_is_rational ? rat : feasible(s->m, o)) c = CLS_FEASIBLE;
        s->nrat += rat;
        s->nfeas += c == CLS_FEASIBLE;
        s->cls[i++] = c;
        from = odometer_next(s->m, ni, o);
    } while (from < ni && i < n);
    pl_free(o), pl_free(tab), pl_free(pre);
    s->n = n;
    s->enumerated = true;
    return PL_OK;
}

static void widen(space_t *s, size_t j, double v)
{
    if (!isfinite(v)) return;
    if (v < s->lo[j]) s->lo[j] = v;
    if (v > s->hi[j]) s->hi[j] = v;
}

static void ranges(space_t *s)
{
    for (size_t j = 0; j < s->kk; j++) {
        s->lo[j] = 0;
        s->hi[j] = 1;
        widen(s, j, pl_model_threshold(s->m, s->act[j]));
        for (uint64_t i = 0; s->enumerated && i < s->n; i++) widen(s, j, s->u[i * s->kk + j]);
        pl_i_nice_range(&s->lo[j], &s->hi[j]);
    }
}

/* ---------------------------------------------------------------- outcomes and sets */

static double cross(const double *o, const double *a, const double *b)
{
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/* Convex hull (Andrew's monotone chain) of pts sorted by x then y; writes it into hull,
 * returns its size. pts are at most 2 * HULL_BINS points, already in x order. */
static size_t hull(const double *pts, size_t n, double *h)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        while (k >= 2 && cross(&h[2 * (k - 2)], &h[2 * (k - 1)], &pts[2 * i]) <= 0) k--;
        h[2 * k] = pts[2 * i], h[2 * k + 1] = pts[2 * i + 1], k++;
    }
    for (size_t i = n - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(&h[2 * (k - 2)], &h[2 * (k - 1)], &pts[2 * i]) <= 0) k--;
        h[2 * k] = pts[2 * i], h[2 * k + 1] = pts[2 * i + 1], k++;
    }
    return k > 1 ? k - 1 : k;
}

/* The extremes per x column of the outcomes of class >= CLS_RATIONAL (set 0) and of class
 * CLS_FEASIBLE (set 1), in one pass over the outcomes: enough to find the convex hulls, which
 * keeps shading O(outcomes). */
typedef struct columns {
    double ymin[2][HULL_BINS], ymax[2][HULL_BINS], xs[2][HULL_BINS];
    bool seen[2][HULL_BINS];
} columns_t;

static void column_extremes(const space_t *s, size_t i, size_t j, columns_t *col)
{
    memset(col->seen, 0, sizeof col->seen);
    for (uint64_t o = 0; o < s->n; o++) {
        if (s->cls[o] < CLS_RATIONAL) continue;
        double x = s->u[o * s->kk + i], y = s->u[o * s->kk + j];
        int b = (int)((x - s->lo[i]) / (s->hi[i] - s->lo[i]) * (HULL_BINS - 1) + 0.5);
        if (b < 0) b = 0;
        if (b >= HULL_BINS) b = HULL_BINS - 1;
        for (int k = 0; k < (s->cls[o] == CLS_FEASIBLE ? 2 : 1); k++) {
            bool seen = col->seen[k][b];
            if (!seen || y < col->ymin[k][b]) col->ymin[k][b] = y;
            if (!seen || y > col->ymax[k][b]) col->ymax[k][b] = y;
            if (!seen) col->xs[k][b] = x;
            col->seen[k][b] = true;
        }
    }
}

/* Shade the convex hull of one set's column extremes. */
static void shade(pl_i_canvas_t *c, const columns_t *col, int set, const pl_i_axes_t *a,
                  uint32_t color, const char *cls)
{
    const double *ymin = col->ymin[set], *ymax = col->ymax[set], *xs = col->xs[set];
    double pts[4 * HULL_BINS], h[8 * HULL_BINS + 4];
    size_t np = 0;
    for (int b = 0; b < HULL_BINS; b++) {
        if (!col->seen[set][b]) continue;
        pts[2 * np] = pl_i_ax_x(a, xs[b]), pts[2 * np + 1] = pl_i_ax_y(a, ymin[b]), np++;
        if (ymax[b] != ymin[b])
            pts[2 * np] = pl_i_ax_x(a, xs[b]), pts[2 * np + 1] = pl_i_ax_y(a, ymax[b]), np++;
    }
    if (np == 0) return;
    /* screen y grows downwards, so each column's points are sorted by screen y descending;
     * the chain only needs x order with ties in a fixed direction: swap to ascending */
    for (size_t p = 0; p + 1 < np; p++)
        if (pts[2 * p] == pts[2 * p + 2] && pts[2 * p + 1] > pts[2 * p + 3]) {
            double t = pts[2 * p + 1];
            pts[2 * p + 1] = pts[2 * p + 3], pts[2 * p + 3] = t;
        }
    size_t nh = np < 3 ? np : hull(pts, np, h);
    const pl_i_style_t st = {.fill = color, .opacity = 0.22, .stroke = color, .width = 0.8};
    pl_i_path(c, np < 3 ? pts : h, nh, true, &st, cls);
}

static const pl_i_style_t st_other = {.stroke = 0xAAAAAA, .fill = PL_I_NONE, .width = 0.6};
static const pl_i_style_t st_rational = {.stroke = PL_I_NONE, .fill = PL_I_SKY};
static const pl_i_style_t st_feasible = {.stroke = PL_I_NONE, .fill = PL_I_GREEN};

static void draw_outcomes(pl_i_canvas_t *c, const space_t *s, size_t i, size_t j,
                          const pl_i_axes_t *a)
{
    pl_i_group(c, "outcomes");
    if (s->n <= s->opt->max_points) {
        /* classes in drawing order, so the feasible outcomes stay on top */
        for (int k = CLS_OTHER; k <= CLS_FEASIBLE; k++)
            for (uint64_t o = 0; o < s->n; o++) {
                if (s->cls[o] != k) continue;
                double x = pl_i_ax_x(a, s->u[o * s->kk + i]), y = pl_i_ax_y(a, s->u[o * s->kk + j]);
                if (k == CLS_OTHER) pl_i_marker(c, PL_I_CIRCLE, x, y, 2.4, &st_other, "outcome", NULL);
                else if (k == CLS_RATIONAL) pl_i_marker(c, PL_I_CIRCLE, x, y, 2.6, &st_rational, "outcome", NULL);
                else pl_i_marker(c, PL_I_SQUARE, x, y, 2.6, &st_feasible, "outcome", NULL);
            }
        pl_i_group_end(c);
        return;
    }
    unsigned char *grid = pl_calloc(CELLS * CELLS, 1); /* class + 1 per cell, 0 = empty */
    if (!grid) {
        pl_i_group_end(c);
        return;
    }
    for (uint64_t o = 0; o < s->n; o++) {
        int gx = (int)((s->u[o * s->kk + i] - s->lo[i]) / (s->hi[i] - s->lo[i]) * CELLS);
        int gy = (int)((s->u[o * s->kk + j] - s->lo[j]) / (s->hi[j] - s->lo[j]) * CELLS);
        gx = gx < 0 ? 0 : gx >= CELLS ? CELLS - 1 : gx;
        gy = gy < 0 ? 0 : gy >= CELLS ? CELLS - 1 : gy;
        unsigned char v = (unsigned char)(s->cls[o] + 1);
        if (v > grid[gy * CELLS + gx]) grid[gy * CELLS + gx] = v;
    }
    double cw = a->w / CELLS, ch = a->h / CELLS;
    for (int gy = 0; gy < CELLS; gy++)
        for (int gx = 0; gx < CELLS; gx++) {
            unsigned char v = grid[gy * CELLS + gx];
            if (!v) continue;
            pl_i_style_t st = {.stroke = PL_I_NONE,
                               .fill = v == 1 ? 0xBBBBBB : v == 2 ? PL_I_SKY : PL_I_GREEN};
            pl_i_rect(c, a->x + gx * cw, a->y + a->h - (gy + 1) * ch, cw, ch, &st, "outcome-cell");
        }
    pl_free(grid);
    pl_i_group_end(c);
}

/* ---------------------------------------------------------------- frontier and points */

static int cmp_x(const void *pa, const void *pb, void *ctx)
{
    const double *u = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double d = u[2 * a] - u[2 * b];
    if (d != 0) return d < 0 ? -1 : 1;
    d = u[2 * b + 1] - u[2 * a + 1];
    return d < 0 ? -1 : d > 0;
}

static pl_status draw_frontier(pl_i_canvas_t *c, const space_t *s, size_t i, size_t j,
                               const pl_i_axes_t *a, pl_error_t *err)
{
    pl_frontier_t *f = NULL;
    const pl_frontier_t *use = NULL;
    size_t fi = i, fj = j;
    if (s->kk == 2 && s->an->frontier) {
        use = s->an->frontier;
    } else {
        size_t pair[2] = {s->act[i], s->act[j]};
        pl_error_t e2;
        pl_error_init(&e2);
        pl_status st = pl_frontier_compute(s->m, pair, 2, PL_FRONTIER_AUTO, 0, &f, &e2);
        pl_error_destroy(&e2);
        if (st == PL_ENOMEM) return pl_error_set(err, PL_ENOMEM, "out of memory");
        use = f;
        fi = 0, fj = 1;
    }
    if (!use || use->npoints == 0) {
        pl_frontier_free(f);
        return PL_OK;
    }
    size_t n = use->npoints, k = use->k;
    double *uv = pl_malloc(2 * n * sizeof *uv), *xy = pl_malloc(2 * n * sizeof *xy);
    size_t *ord = pl_malloc(n * sizeof *ord);
    if (!uv || !xy || !ord) {
        pl_free(uv), pl_free(xy), pl_free(ord), pl_frontier_free(f);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t p = 0; p < n; p++) {
        uv[2 * p] = use->u[p * k + fi], uv[2 * p + 1] = use->u[p * k + fj];
        ord[p] = p;
    }
    pl_i_sort(ord, n, sizeof *ord, cmp_x, uv);
    for (size_t p = 0; p < n; p++) {
        xy[2 * p] = pl_i_ax_x(a, uv[2 * ord[p]]);
        xy[2 * p + 1] = pl_i_ax_y(a, uv[2 * ord[p] + 1]);
    }
    const pl_i_style_t line = {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.6};
    const pl_i_style_t mk = {.stroke = PL_I_BLACK, .fill = PL_I_BLACK};
    pl_i_group(c, "frontier-line");
    if (k == 2) pl_i_path(c, xy, n, false, &line, "frontier-line");
    pl_i_group_end(c);
    if (n <= 400) {
        pl_i_group(c, "frontier-points");
        for (size_t p = 0; p < n; p++) pl_i_marker(c, PL_I_CIRCLE, xy[2 * p], xy[2 * p + 1], 2.2, &mk, "frontier", NULL);
        pl_i_group_end(c);
    }
    pl_free(uv), pl_free(xy), pl_free(ord), pl_frontier_free(f);
    return PL_OK;
}

static const struct {
    const char *name;
    pl_i_shape shape;
    uint32_t color;
} point_kind[4] = {{"Nash", PL_I_STAR, PL_I_VERMILION},
                   {"Kalai-Smorodinsky", PL_I_TRIANGLE, PL_I_ORANGE},
                   {"egalitarian", PL_I_DIAMOND, PL_I_PURPLE},
                   {"utilitarian", PL_I_DOWN, PL_I_BLUE}};

static void draw_points(pl_i_canvas_t *c, const space_t *s, size_t i, size_t j, const pl_i_axes_t *a)
{
    const pl_solution_t *sol[4] = {&s->an->points.nash, &s->an->points.ks,
                                   &s->an->points.egalitarian, &s->an->points.utilitarian};
    pl_i_group(c, "points");
    for (size_t k = 0; k < 4; k++) {
        if (!sol[k]->found || !sol[k]->u) continue;
        const pl_i_style_t st = {.stroke = PL_I_BLACK, .fill = point_kind[k].color, .width = 0.7};
        pl_i_marker(c, point_kind[k].shape, pl_i_ax_x(a, sol[k]->u[i]), pl_i_ax_y(a, sol[k]->u[j]),
                    k == 0 ? 7 : 5.5, &st, "point", point_kind[k].name);
    }
    pl_i_group_end(c);
}

static void thresholds(pl_i_canvas_t *c, const space_t *s, size_t i, size_t j, const pl_i_axes_t *a)
{
    const pl_i_style_t st = {.stroke = 0x555555, .fill = PL_I_NONE, .width = 1, .dash = 1};
    double tx = pl_model_threshold(s->m, s->act[i]), ty = pl_model_threshold(s->m, s->act[j]);
    pl_i_group(c, "threshold");
    if (isfinite(tx)) pl_i_line(c, pl_i_ax_x(a, tx), a->y, pl_i_ax_x(a, tx), a->y + a->h, &st, "threshold");
    if (isfinite(ty)) pl_i_line(c, a->x, pl_i_ax_y(a, ty), a->x + a->w, pl_i_ax_y(a, ty), &st, "threshold");
    pl_i_group_end(c);
}

/* A proposal's utility for actor j: exact for a full proposal, the middle of its completions'
 * range for a partial one (from the analysis). */
static double prop_u(const space_t *s, size_t p, size_t j)
{
    const size_t *o = pl_model_proposal(s->m, p);
    for (size_t i = 0; i < pl_model_nissues(s->m); i++)
        if (o[i] == PL_UNSET) {
            const pl_proposal_report_t *r = p < s->an->nproposals ? &s->an->proposals[p] : NULL;
            return r && r->u_min ? (r->u_min[s->act[j]] + r->u_max[s->act[j]]) / 2 : NAN;
        }
    return pl_model_utility(s->m, s->act[j], o);
}

static void draw_proposals(pl_i_canvas_t *c, const space_t *s, size_t i, size_t j,
                           const pl_i_axes_t *a, bool labels)
{
    const pl_scenario_t *sc = pl_model_scenario(s->m);
    const pl_i_style_t mk = {.stroke = PL_I_BLACK, .fill = PL_I_YELLOW, .width = 1.2};
    const pl_i_style_t arrow = {.stroke = 0x333333, .fill = PL_I_NONE, .width = 1, .dash = 2};
    const pl_i_style_t head = {.stroke = PL_I_NONE, .fill = 0x333333};
    size_t np = pl_model_nproposals(s->m);
    pl_i_group(c, "proposals");
    for (size_t p = 0; p < np; p++) {
        size_t par = sc && p < sc->nproposals ? sc->proposals[p].amends : PL_UNSET;
        if (par == PL_UNSET || par >= np) continue;
        double x0 = pl_i_ax_x(a, prop_u(s, par, i)), y0 = pl_i_ax_y(a, prop_u(s, par, j));
        double x1 = pl_i_ax_x(a, prop_u(s, p, i)), y1 = pl_i_ax_y(a, prop_u(s, p, j));
        double d = hypot(x1 - x0, y1 - y0);
        if (!isfinite(d) || d < 12) continue;
        double ux = (x1 - x0) / d, uy = (y1 - y0) / d, ex = x1 - ux * 6, ey = y1 - uy * 6;
        pl_i_line(c, x0 + ux * 5, y0 + uy * 5, ex, ey, &arrow, "amendment");
        double tri[6] = {ex + ux * 1, ey + uy * 1, ex - ux * 6 - uy * 3.5, ey - uy * 6 + ux * 3.5,
                         ex - ux * 6 + uy * 3.5, ey - uy * 6 - ux * 3.5};
        pl_i_path(c, tri, 3, true, &head, NULL);
    }
    for (size_t p = 0; p < np; p++) {
        double x = pl_i_ax_x(a, prop_u(s, p, i)), y = pl_i_ax_y(a, prop_u(s, p, j));
        if (!isfinite(x) || !isfinite(y)) continue;
        const char *name = pl_model_proposal_name(s->m, p);
        pl_i_marker(c, PL_I_CIRCLE, x, y, 4.5, &mk, "proposal", name);
        if (!labels) continue;
        char buf[64], lab[80];
        snprintf(lab, sizeof lab, "%zu %s", p + 1, pl_i_abbrev(name, 28, buf, sizeof buf));
        pl_i_text(c, x + 7, y - 6, lab, 9, PL_I_START, 0, 0x222222, false, "proposal-label");
    }
    pl_i_group_end(c);
}

static pl_status draw_panel(pl_i_canvas_t *c, const space_t *s, size_t i, size_t j,
                            const pl_i_axes_t *a, bool labels, pl_error_t *err)
{
    char xl[96], yl[96], b1[64], b2[64];
    snprintf(xl, sizeof xl, "utility of %s", pl_i_abbrev(pl_model_actor_name(s->m, s->act[i]), 40, b1, sizeof b1));
    snprintf(yl, sizeof yl, "utility of %s", pl_i_abbrev(pl_model_actor_name(s->m, s->act[j]), 40, b2, sizeof b2));
    pl_i_draw_axes(c, a, xl, yl);
    if (s->enumerated) {
        columns_t *col = pl_malloc(sizeof *col);
        if (!col) return pl_error_set(err, PL_ENOMEM, "out of memory");
        column_extremes(s, i, j, col);
        shade(c, col, 0, a, PL_I_SKY, "rational-set");
        shade(c, col, 1, a, PL_I_GREEN, "feasible-set");
        pl_free(col);
        draw_outcomes(c, s, i, j, a);
    }
    thresholds(c, s, i, j, a);
    PL_CHECK(draw_frontier(c, s, i, j, a, err));
    draw_points(c, s, i, j, a);
    draw_proposals(c, s, i, j, a, labels);
    return PL_OK;
}

static size_t legend_items(const space_t *s, pl_i_legend_item_t *it)
{
    size_t n = 0;
    if (s->enumerated) {
        it[n++] = (pl_i_legend_item_t){"outcome (not rational)", PL_I_CIRCLE, st_other};
        it[n++] = (pl_i_legend_item_t){"rational outcome", PL_I_CIRCLE, st_rational};
        it[n++] = (pl_i_legend_item_t){"feasible outcome", PL_I_SQUARE, st_feasible};
        it[n++] = (pl_i_legend_item_t){"rational set", PL_I_SQUARE, {.stroke = PL_I_NONE, .fill = PL_I_SKY, .opacity = 0.22}};
        it[n++] = (pl_i_legend_item_t){"feasible set", PL_I_SQUARE, {.stroke = PL_I_NONE, .fill = PL_I_GREEN, .opacity = 0.22}};
    }
    it[n++] = (pl_i_legend_item_t){"Pareto frontier", PL_I_NSHAPES, {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.6}};
    it[n++] = (pl_i_legend_item_t){"threshold", PL_I_NSHAPES, {.stroke = 0x555555, .fill = PL_I_NONE, .width = 1, .dash = 1}};
    for (size_t k = 0; k < 4; k++)
        it[n++] = (pl_i_legend_item_t){point_kind[k].name, point_kind[k].shape,
                                       {.stroke = PL_I_BLACK, .fill = point_kind[k].color, .width = 0.7}};
    if (pl_model_nproposals(s->m)) {
        it[n++] = (pl_i_legend_item_t){"proposal", PL_I_CIRCLE, {.stroke = PL_I_BLACK, .fill = PL_I_YELLOW, .width = 1.2}};
        it[n++] = (pl_i_legend_item_t){"amendment (from what it amends)", PL_I_NSHAPES, {.stroke = 0x333333, .fill = PL_I_NONE, .width = 1, .dash = 2}};
    }
    return n;
}

static void caption(pl_i_canvas_t *c, const space_t *s, double x, double y)
{
    char buf[256], sz[96];
    pl_model_space_size_str(s->m, sz, sizeof sz);
    if (s->enumerated)
        snprintf(buf, sizeof buf, "%s outcomes: %llu rational, %llu feasible%s", sz,
                 (unsigned long long)s->nrat, (unsigned long long)s->nfeas,
                 s->n > s->opt->max_points ? " (drawn as occupied cells)" : "");
    else
        snprintf(buf, sizeof buf, "%s outcomes: too many to draw each one; the exact Pareto frontier alone", sz);
    pl_i_text(c, x, y, buf, 10, PL_I_START, 0, 0x333333, false, "caption");
}

static pl_status layout(pl_i_canvas_t *c, const space_t *s, size_t cols, double pw, double ph,
                        pl_error_t *err)
{
    size_t panel = 0;
    for (size_t i = 0; i < s->kk; i++)
        for (size_t j = i + 1; j < s->kk; j++, panel++) {
            pl_i_axes_t a = {.x = 70 + (double)(panel % cols) * (pw + 70),
                             .y = 62 + (double)(panel / cols) * (ph + 80), .w = pw, .h = ph,
                             .x0 = s->lo[i], .x1 = s->hi[i], .y0 = s->lo[j], .y1 = s->hi[j]};
            pl_i_group(c, "panel");
            pl_status st = draw_panel(c, s, i, j, &a, s->kk == 2, err);
            pl_i_group_end(c);
            if (st != PL_OK) return st;
        }
    return PL_OK;
}

pl_status pl_render_space(const pl_model_t *m, const pl_analysis_t *an,
                          const pl_render_options_t *opt, pl_render_buf_t *out, pl_error_t *err)
{
    pl_render_options_t defaults;
    if (!opt) pl_render_options_init(&defaults), opt = &defaults;
    if (!m || !an || an->k < 2)
        return pl_error_set(err, PL_EINVAL, "the space plot needs an analysis of at least two actors");
    space_t s = {.m = m, .an = an, .opt = opt, .kk = an->k > MAXK ? MAXK : an->k};
    memcpy(s.act, an->actors, s.kk * sizeof *s.act);
    pl_status st = enumerate(&s, err);
    if (st != PL_OK) goto done;
    ranges(&s);
    size_t npairs = s.kk * (s.kk - 1) / 2, cols = npairs <= 3 ? npairs : npairs <= 6 ? 3 : 5;
    size_t rows = (npairs + cols - 1) / cols;
    double pw = s.kk == 2 ? 470 : 230, ph = s.kk == 2 ? 430 : 200;
    pl_i_legend_item_t items[16];
    size_t nit = legend_items(&s, items);
    pl_i_canvas_t *c = NULL;
    /* measure the legend on a throwaway canvas first: the width depends on the font */
    double lw = 190, W, H;
    W = 70 + (double)cols * (pw + 70) + lw;
    H = 62 + (double)rows * (ph + 80) + 10;
    if (H < 62 + 15 * (double)nit + 60) H = 62 + 15 * (double)nit + 60;
    if (opt->width > 0) W = opt->width;
    if (opt->height > 0) H = opt->height;
    const pl_scenario_t *sc = pl_model_scenario(m);
    char title[256];
    snprintf(title, sizeof title, "%s", opt->title ? opt->title : "Utility space");
    if (!opt->title && sc && sc->name) snprintf(title, sizeof title, "Utility space: %s", sc->name);
    if ((st = pl_i_canvas_open(opt, W, H, title, &c, err)) != PL_OK) goto done;
    pl_i_text(c, 20, 24, title, 14, PL_I_START, 0, PL_I_BLACK, true, "title");
    caption(c, &s, 20, 42);
    if ((st = layout(c, &s, cols, pw, ph, err)) != PL_OK) {
        pl_i_canvas_free(c);
        goto done;
    }
    double lx = 70 + (double)cols * (pw + 70) - 40;
    if (lx + pl_i_legend_width(c, items, nit) > W) lx = W - pl_i_legend_width(c, items, nit) - 4;
    pl_i_draw_legend(c, lx, 62, items, nit);
    st = pl_i_canvas_close(c, out, err);
done:
    pl_free(s.u);
    pl_free(s.cls);
    return st;
}
