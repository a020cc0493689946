/*
 * plot_explore.c: "how sure, and what flips it" from an exploration's plain result: pass
 * probabilities with error bars (two standard errors), a tornado chart of each input's swing,
 * and each input's range with the values where the verdict flips.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXROWS 16

static int by_swing(const void *pa, const void *pb, void *ctx)
{
    const pl_render_explore_input_t *in = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double sa = fabs(in[a].at_hi - in[a].at_lo), sb = fabs(in[b].at_hi - in[b].at_lo);
    return sa > sb ? -1 : sa < sb ? 1 : (a > b) - (a < b);
}

static void probabilities(pl_i_canvas_t *c, const pl_render_explore_t *x, const pl_i_axes_t *a)
{
    const pl_i_style_t bar = {.stroke = PL_I_BLACK, .fill = PL_I_BLUE, .width = 0.5};
    const pl_i_style_t eb = {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.2};
    size_t n = x->nitems < MAXROWS ? x->nitems : MAXROWS;
    double row = a->h / (double)(n ? n : 1);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        double y = a->y + row * (double)i, p = x->p[i];
        pl_i_text(c, a->x - 6, y + row / 2 + 3.5, pl_i_abbrev(x->item[i], 22, buf, sizeof buf), 9.5, PL_I_END, 0,
                  PL_I_BLACK, false, NULL);
        pl_i_rect(c, a->x, y + row * 0.2, pl_i_ax_x(a, p) - a->x, row * 0.6, &bar, "probability");
        if (x->se && isfinite(x->se[i]) && x->se[i] > 0) {
            double lo = fmax(0, p - 2 * x->se[i]), hi = fmin(1, p + 2 * x->se[i]), cy = y + row / 2;
            pl_i_line(c, pl_i_ax_x(a, lo), cy, pl_i_ax_x(a, hi), cy, &eb, "error-bar");
            pl_i_line(c, pl_i_ax_x(a, lo), cy - 4, pl_i_ax_x(a, lo), cy + 4, &eb, NULL);
            pl_i_line(c, pl_i_ax_x(a, hi), cy - 4, pl_i_ax_x(a, hi), cy + 4, &eb, NULL);
        }
    }
}

static void tornado(pl_i_canvas_t *c, const pl_render_explore_t *x, const size_t *ord, size_t n,
                    const pl_i_axes_t *a)
{
    const pl_i_style_t low = {.stroke = PL_I_BLACK, .fill = PL_I_SKY, .width = 0.5};
    const pl_i_style_t high = {.stroke = PL_I_BLACK, .fill = PL_I_VERMILION, .width = 0.5};
    const pl_i_style_t base = {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.2, .dash = 1};
    double row = a->h / (double)(n ? n : 1), xb = pl_i_ax_x(a, x->base);
    char buf[64];
    for (size_t k = 0; k < n; k++) {
        const pl_render_explore_input_t *in = &x->inputs[ord[k]];
        double y = a->y + row * (double)k;
        pl_i_text(c, a->x - 6, y + row / 2 + 3.5, pl_i_abbrev(in->name, 22, buf, sizeof buf), 9.5, PL_I_END, 0,
                  PL_I_BLACK, false, NULL);
        double xl = pl_i_ax_x(a, in->at_lo), xh = pl_i_ax_x(a, in->at_hi);
        pl_i_rect(c, fmin(xb, xl), y + row * 0.15, fabs(xl - xb), row * 0.35, &low, "swing");
        pl_i_rect(c, fmin(xb, xh), y + row * 0.5, fabs(xh - xb), row * 0.35, &high, "swing");
    }
    pl_i_line(c, xb, a->y, xb, a->y + a->h, &base, "base");
}

static void breakpoints(pl_i_canvas_t *c, const pl_render_explore_t *x, const size_t *ord, size_t n,
                        double x0, double y0, double w, double h)
{
    const pl_i_style_t rng = {.stroke = 0x666666, .fill = PL_I_NONE, .width = 2};
    const pl_i_style_t bp = {.stroke = PL_I_BLACK, .fill = PL_I_ORANGE, .width = 0.7};
    double row = h / (double)(n ? n : 1);
    char buf[64];
    for (size_t k = 0; k < n; k++) {
        const pl_render_explore_input_t *in = &x->inputs[ord[k]];
        double y = y0 + row * (double)k + row / 2, span = in->hi - in->lo;
        pl_i_text(c, x0 - 6, y + 3.5, pl_i_abbrev(in->name, 22, buf, sizeof buf), 9.5, PL_I_END, 0, PL_I_BLACK, false, NULL);
        pl_i_line(c, x0, y, x0 + w, y, &rng, NULL);
        snprintf(buf, sizeof buf, "%.3g", in->lo);
        pl_i_text(c, x0, y + 12, buf, 8.5, PL_I_START, 0, 0x555555, false, NULL);
        snprintf(buf, sizeof buf, "%.3g", in->hi);
        pl_i_text(c, x0 + w, y + 12, buf, 8.5, PL_I_END, 0, 0x555555, false, NULL);
        for (size_t b = 0; b < in->nbreaks; b++) {
            double t = span > 0 ? (in->breaks[b] - in->lo) / span : 0.5;
            if (!(t >= 0 && t <= 1)) continue;
            snprintf(buf, sizeof buf, "flips at %.4g", in->breaks[b]);
            pl_i_marker(c, PL_I_DIAMOND, x0 + t * w, y, 5, &bp, "breakpoint", buf);
            snprintf(buf, sizeof buf, "%.3g", in->breaks[b]);
            pl_i_text(c, x0 + t * w, y - 8, buf, 8.5, PL_I_MIDDLE, 0, PL_I_BLACK, false, NULL);
        }
    }
}

pl_status pl_render_explore(const pl_render_explore_t *x, const pl_render_options_t *opt,
                            pl_render_buf_t *out, pl_error_t *err)
{
    pl_render_options_t defaults;
    if (!opt) pl_render_options_init(&defaults), opt = &defaults;
    if (!x || (x->nitems && (!x->item || !x->p)) || (x->ninputs && !x->inputs))
        return pl_error_set(err, PL_EINVAL, "the explore plot needs an exploration result");
    size_t ni = x->ninputs < MAXROWS ? x->ninputs : MAXROWS, np = x->nitems < MAXROWS ? x->nitems : MAXROWS;
    size_t ord[MAXROWS], all = x->ninputs;
    size_t *tmp = pl_malloc((all ? all : 1) * sizeof *tmp);
    if (!tmp) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < all; i++) tmp[i] = i;
    pl_i_sort(tmp, all, sizeof *tmp, by_swing, (void *)x->inputs);
    memcpy(ord, tmp, ni * sizeof *ord);
    pl_free(tmp);
    double rowh = 26, hp = rowh * (double)(np ? np : 1), ht = rowh * (double)(ni ? ni : 1);
    double W = opt->width > 0 ? opt->width : 960, H = opt->height > 0 ? opt->height : 130 + hp + 90 + ht;
    const char *title = opt->title ? opt->title : "How sure, and what flips it";
    pl_i_canvas_t *c;
    PL_CHECK(pl_i_canvas_open(opt, W, H, title, &c, err));
    pl_i_text(c, 20, 24, title, 14, PL_I_START, 0, PL_I_BLACK, true, "title");
    char cap[160];
    snprintf(cap, sizeof cap, "%zu sampled worlds; error bars: two standard errors", x->worlds);
    pl_i_text(c, 20, 42, cap, 10, PL_I_START, 0, 0x333333, false, "caption");
    pl_i_axes_t pa = {170, 80, W - 230, hp, 0, 1, 0, 1};
    pl_i_draw_panel_title(c, &pa, "Probability of passing");
    pl_i_draw_axes(c, &pa, "probability", NULL);
    probabilities(c, x, &pa);
    double lo = x->base, hi = x->base;
    for (size_t k = 0; k < ni; k++) {
        const pl_render_explore_input_t *in = &x->inputs[ord[k]];
        lo = fmin(lo, fmin(in->at_lo, in->at_hi));
        hi = fmax(hi, fmax(in->at_lo, in->at_hi));
    }
    pl_i_nice_range(&lo, &hi);
    double half = (W - 230) / 2 - 100;
    pl_i_axes_t ta = {170, 80 + hp + 80, half, ht, lo, hi, 0, 1};
    pl_i_draw_panel_title(c, &ta, x->output ? x->output : "Tornado: output at each input's low / high");
    pl_i_draw_axes(c, &ta, "light: input at its low end; dark: at its high end", NULL);
    tornado(c, x, ord, ni, &ta);
    double bx = 170 + half + 200;
    pl_i_text(c, bx - 150, ta.y - 8, "Breakpoints on each input's range", 11, PL_I_START, 0, PL_I_BLACK, true,
              "panel-title");
    breakpoints(c, x, ord, ni, bx, ta.y, W - bx - 40, ht);
    return pl_i_canvas_close(c, out, err);
}
