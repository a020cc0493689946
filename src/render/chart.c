/*
 * chart.c: what every plot shares on top of the canvas: nice axis ranges and ticks, the frame
 * with its grid and labels, panel titles, legends, and abbreviated names.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A tick step of 1, 2 or 5 times a power of ten giving about five intervals. */
static double tick_step(double span)
{
    double raw = span / 5, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

void pl_i_nice_range(double *lo, double *hi)
{
    if (!isfinite(*lo) || !isfinite(*hi)) *lo = 0, *hi = 1;
    if (*hi - *lo < 1e-9) {
        double m = fabs(*lo) > 1 ? fabs(*lo) * 0.1 : 0.5;
        *lo -= m;
        *hi += m;
    }
    double st = tick_step(*hi - *lo);
    *lo = floor(*lo / st + 1e-9) * st;
    *hi = ceil(*hi / st - 1e-9) * st;
}

static void tick_label(double v, double step, char *buf, size_t size)
{
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-6) v = 0;
    snprintf(buf, size, "%.*f", dec > 6 ? 6 : dec, v);
}

void pl_i_draw_axes(pl_i_canvas_t *c, const pl_i_axes_t *a, const char *xlabel,
                    const char *ylabel)
{
    const pl_i_style_t grid = {.stroke = 0xE5E5E5, .fill = PL_I_NONE, .width = 0.6};
    const pl_i_style_t frame = {.stroke = 0x444444, .fill = PL_I_NONE, .width = 0.8};
    char buf[32];
    pl_i_group(c, "axes");
    double sx = tick_step(a->x1 - a->x0), sy = tick_step(a->y1 - a->y0);
    for (double v = ceil(a->x0 / sx - 1e-9) * sx; v <= a->x1 + sx * 1e-6; v += sx) {
        double x = pl_i_ax_x(a, v);
        pl_i_line(c, x, a->y, x, a->y + a->h, &grid, NULL);
        pl_i_line(c, x, a->y + a->h, x, a->y + a->h + 4, &frame, NULL);
        tick_label(v, sx, buf, sizeof buf);
        pl_i_text(c, x, a->y + a->h + 14, buf, 9, PL_I_MIDDLE, 0, 0x333333, false, NULL);
    }
    for (double v = ceil(a->y0 / sy - 1e-9) * sy; v <= a->y1 + sy * 1e-6; v += sy) {
        double y = pl_i_ax_y(a, v);
        pl_i_line(c, a->x, y, a->x + a->w, y, &grid, NULL);
        pl_i_line(c, a->x - 4, y, a->x, y, &frame, NULL);
        tick_label(v, sy, buf, sizeof buf);
        pl_i_text(c, a->x - 6, y + 3, buf, 9, PL_I_END, 0, 0x333333, false, NULL);
    }
    pl_i_rect(c, a->x, a->y, a->w, a->h, &frame, NULL);
    if (xlabel)
        pl_i_text(c, a->x + a->w / 2, a->y + a->h + 30, xlabel, 10.5, PL_I_MIDDLE, 0,
                  PL_I_BLACK, false, "xlabel");
    if (ylabel)
        pl_i_text(c, a->x - 34, a->y + a->h / 2, ylabel, 10.5, PL_I_MIDDLE, -90, PL_I_BLACK,
                  false, "ylabel");
    pl_i_group_end(c);
}

void pl_i_draw_panel_title(pl_i_canvas_t *c, const pl_i_axes_t *a, const char *title)
{
    pl_i_text(c, a->x, a->y - 8, title, 11, PL_I_START, 0, PL_I_BLACK, true, "panel-title");
}

static void legend_sample(pl_i_canvas_t *c, const pl_i_legend_item_t *it, double x, double y)
{
    if (it->shape == PL_I_NSHAPES)
        pl_i_line(c, x - 9, y, x + 9, y, &it->style, NULL);
    else if (it->style.stroke == PL_I_NONE && it->style.fill != PL_I_NONE && it->style.opacity > 0 &&
             it->style.opacity < 1)
        pl_i_rect(c, x - 8, y - 5, 16, 10, &it->style, NULL); /* a shaded area */
    else
        pl_i_marker(c, it->shape, x, y, 4.5, &it->style, NULL, NULL);
}

double pl_i_legend_width(pl_i_canvas_t *c, const pl_i_legend_item_t *items, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        double t = pl_i_text_width(c, items[i].label, 9.5, false);
        if (t > w) w = t;
    }
    return w + 40;
}

double pl_i_draw_legend(pl_i_canvas_t *c, double x, double y, const pl_i_legend_item_t *items,
                        size_t n)
{
    const double row = 15;
    double w = pl_i_legend_width(c, items, n), h = row * (double)n + 8;
    const pl_i_style_t box = {.stroke = 0xBBBBBB, .fill = 0xFFFFFF, .width = 0.6};
    pl_i_group(c, "legend");
    pl_i_rect(c, x, y, w, h, &box, NULL);
    for (size_t i = 0; i < n; i++) {
        double cy = y + 4 + row * (double)i + row / 2;
        legend_sample(c, &items[i], x + 14, cy);
        pl_i_text(c, x + 28, cy + 3.5, items[i].label, 9.5, PL_I_START, 0, PL_I_BLACK, false,
                  NULL);
    }
    pl_i_group_end(c);
    return h;
}

const char *pl_i_abbrev(const char *s, size_t max, char *buf, size_t size)
{
    if (!s) s = "";
    size_t n = strlen(s);
    if (n <= max || max < 4) {
        snprintf(buf, size, "%s", s);
        return buf;
    }
    /* cut at a UTF-8 character boundary, then add "..." */
    size_t cut = max - 3;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    snprintf(buf, size, "%.*s...", (int)cut, s);
    return buf;
}
