/*
 * plot_forecast.c: a forecast's story: each actor's position over rounds on every dimension
 * (one panel per dimension), with the forecast as a dashed line; static models show the
 * initial positions and the forecast alone.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAXDIMS 6
#define MAXACTORS 24

static double pos_at(const pl_forecast_input_t *in, const pl_forecast_result_t *r, size_t t, size_t a,
                     size_t d)
{
    if (r->trajectory) return r->trajectory[(t * in->nactors + a) * in->ndims + d];
    return in->position[a * in->ndims + d];
}

static void panel(pl_i_canvas_t *c, const pl_forecast_input_t *in, const pl_forecast_result_t *r,
                  size_t d, const pl_i_axes_t *a)
{
    size_t T = r->trajectory ? r->nrounds : 0, na = in->nactors < MAXACTORS ? in->nactors : MAXACTORS;
    double *xy = pl_malloc(2 * (T + 1) * sizeof *xy);
    if (!xy) return;
    for (size_t i = 0; i < na; i++) {
        size_t n = 0;
        for (size_t t = 0; t <= T; t++) {
            double v = pos_at(in, r, t, i, d);
            if (!isfinite(v)) continue;
            xy[2 * n] = pl_i_ax_x(a, (double)t), xy[2 * n + 1] = pl_i_ax_y(a, v), n++;
        }
        if (n == 0) continue;
        uint32_t col = pl_i_series_color(i);
        const pl_i_style_t ln = {.stroke = col, .fill = PL_I_NONE, .width = 1.4, .dash = (int)((i / 7) % 3)};
        const pl_i_style_t mk = {.stroke = PL_I_BLACK, .fill = col, .width = 0.5};
        pl_i_group(c, "trajectory");
        pl_i_path(c, xy, n, false, &ln, NULL);
        pl_i_marker(c, (pl_i_shape)(i % PL_I_NSHAPES), xy[0], xy[1], 3.2, &mk, NULL, NULL);
        pl_i_marker(c, (pl_i_shape)(i % PL_I_NSHAPES), xy[2 * (n - 1)], xy[2 * n - 1], 3.2, &mk, NULL, NULL);
        pl_i_group_end(c);
    }
    pl_free(xy);
    double f = r->forecast ? r->forecast[d] : NAN;
    if (isfinite(f)) {
        const pl_i_style_t st = {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.6, .dash = 1};
        pl_i_line(c, a->x, pl_i_ax_y(a, f), a->x + a->w, pl_i_ax_y(a, f), &st, "forecast");
        char buf[48];
        snprintf(buf, sizeof buf, "forecast %.4g", f);
        pl_i_text(c, a->x + a->w - 4, pl_i_ax_y(a, f) - 4, buf, 9, PL_I_END, 0, PL_I_BLACK, true, NULL);
    }
}

pl_status pl_render_forecast(const pl_forecast_input_t *in, const pl_forecast_result_t *res,
                             const char *model_name, const pl_render_options_t *opt,
                             pl_render_buf_t *out, pl_error_t *err)
{
    pl_render_options_t defaults;
    if (!opt) pl_render_options_init(&defaults), opt = &defaults;
    if (!in || !res || in->ndims == 0 || in->nactors == 0 || res->ndims != in->ndims)
        return pl_error_set(err, PL_EINVAL, "the forecast plot needs a forecast of its own input");
    size_t nd = in->ndims < MAXDIMS ? in->ndims : MAXDIMS, cols = nd < 2 ? nd : 2;
    size_t rows = (nd + cols - 1) / cols, na = in->nactors < MAXACTORS ? in->nactors : MAXACTORS;
    double pw = 380, ph = 240, lw = 190;
    double W = opt->width > 0 ? opt->width : 70 + (double)cols * (pw + 60) + lw;
    double H = opt->height > 0 ? opt->height : 60 + (double)rows * (ph + 80);
    if (H < 80 + 15 * (double)(na + 1)) H = 80 + 15 * (double)(na + 1);
    char title[256];
    snprintf(title, sizeof title, "%s", opt->title ? opt->title : "Forecast");
    if (!opt->title && model_name) snprintf(title, sizeof title, "Forecast: positions over rounds (%s)", model_name);
    pl_i_canvas_t *c;
    PL_CHECK(pl_i_canvas_open(opt, W, H, title, &c, err));
    pl_i_text(c, 20, 24, title, 14, PL_I_START, 0, PL_I_BLACK, true, "title");
    char cap[400];
    snprintf(cap, sizeof cap, "%zu actors, %zu dimensions; %u rounds%s%s%s", in->nactors, in->ndims,
             res->trajectory ? res->nrounds : 0, res->trajectory ? (res->converged ? ", converged" : ", stopped by the cap") : " (static model)",
             res->note[0] ? "; " : "", res->note);
    pl_i_text(c, 20, 42, cap, 10, PL_I_START, 0, 0x333333, false, "caption");
    for (size_t d = 0; d < nd; d++) {
        double lo = in->lo ? in->lo[d] : 0, hi = in->hi ? in->hi[d] : 100;
        pl_i_nice_range(&lo, &hi);
        double t1 = res->trajectory && res->nrounds > 0 ? res->nrounds : 1;
        pl_i_axes_t a = {70 + (double)(d % cols) * (pw + 60), 70 + (double)(d / cols) * (ph + 80), pw, ph,
                         0, t1, lo, hi};
        char dn[80], buf[64];
        snprintf(dn, sizeof dn, "%s", in->dim && in->dim[d] ? pl_i_abbrev(in->dim[d], 50, buf, sizeof buf) : "dimension");
        pl_i_draw_axes(c, &a, "round", "position");
        pl_i_draw_panel_title(c, &a, dn);
        panel(c, in, res, d, &a);
    }
    pl_i_legend_item_t it[MAXACTORS + 1];
    char names[MAXACTORS][40];
    for (size_t i = 0; i < na; i++)
        it[i] = (pl_i_legend_item_t){in->actor && in->actor[i] ? pl_i_abbrev(in->actor[i], 24, names[i], 40) : "?",
                                     (pl_i_shape)(i % PL_I_NSHAPES),
                                     {.stroke = PL_I_BLACK, .fill = pl_i_series_color(i), .width = 0.5}};
    it[na] = (pl_i_legend_item_t){"forecast", PL_I_NSHAPES, {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.6, .dash = 1}};
    pl_i_draw_legend(c, 70 + (double)cols * (pw + 60) - 30, 70, it, na + 1);
    return pl_i_canvas_close(c, out, err);
}
