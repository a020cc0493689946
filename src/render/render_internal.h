/*
 * render_internal.h: the drawing canvas the plots share (one interface, two back ends: parley's
 * own SVG writer and cairo for PNG and PDF), the colour-blind-safe palette, and the chart
 * helpers (axes, legends, captions) built on it.
 */
#ifndef PL_RENDER_INTERNAL_H
#define PL_RENDER_INTERNAL_H

#include <parley/pl_render.h>

#include "../core/core_internal.h"

/* Okabe-Ito: distinguishable with every common colour-vision deficiency; series also differ
 * by marker shape and dash so that a greyscale print still tells them apart. */
#define PL_I_BLACK 0x000000u
#define PL_I_ORANGE 0xE69F00u
#define PL_I_SKY 0x56B4E9u
#define PL_I_GREEN 0x009E73u
#define PL_I_YELLOW 0xF0E442u
#define PL_I_BLUE 0x0072B2u
#define PL_I_VERMILION 0xD55E00u
#define PL_I_PURPLE 0xCC79A7u
#define PL_I_GREY 0x999999u
#define PL_I_LIGHT 0xDDDDDDu
#define PL_I_NONE 0xFFFFFFFFu /* no fill / no stroke */
#define PL_I_PI 3.14159265358979323846

/** Series colour i (cycles through seven Okabe-Ito colours, black last). */
uint32_t pl_i_series_color(size_t i);

typedef enum pl_i_shape {
    PL_I_CIRCLE = 0, PL_I_SQUARE, PL_I_TRIANGLE, PL_I_DIAMOND, PL_I_DOWN, PL_I_CROSS, PL_I_PLUS,
    PL_I_STAR, PL_I_NSHAPES
} pl_i_shape;

typedef struct pl_i_style {
    uint32_t stroke;   /* PL_I_NONE: none */
    uint32_t fill;     /* PL_I_NONE: none */
    double width;      /* stroke width in points */
    double opacity;    /* fill opacity (0 = 1) */
    int dash;          /* 0 solid, 1 dashed, 2 dotted */
} pl_i_style_t;

typedef enum pl_i_anchor { PL_I_START = 0, PL_I_MIDDLE, PL_I_END } pl_i_anchor;

typedef struct pl_i_canvas pl_i_canvas_t;

/** A canvas of w x h points; `title` becomes the SVG <title> (may be NULL). */
pl_status pl_i_canvas_open(const pl_render_options_t *opt, double w, double h, const char *title,
                           pl_i_canvas_t **out, pl_error_t *err);
/** Write the finished drawing into out (replacing its content) and free the canvas. */
pl_status pl_i_canvas_close(pl_i_canvas_t *c, pl_render_buf_t *out, pl_error_t *err);
/** Free without writing (after a failure); NULL is fine. */
void pl_i_canvas_free(pl_i_canvas_t *c);

/** SVG group with a class (<g class="...">); cairo ignores groups. */
void pl_i_group(pl_i_canvas_t *c, const char *cls);
void pl_i_group_end(pl_i_canvas_t *c);
/** A polyline (closed: a polygon) through n points xy[2n]. */
void pl_i_path(pl_i_canvas_t *c, const double *xy, size_t n, bool closed, const pl_i_style_t *s,
               const char *cls);
void pl_i_line(pl_i_canvas_t *c, double x0, double y0, double x1, double y1, const pl_i_style_t *s,
               const char *cls);
void pl_i_rect(pl_i_canvas_t *c, double x, double y, double w, double h, const pl_i_style_t *s,
               const char *cls);
/** A marker of radius r centred at (x, y); `tip` becomes an SVG tooltip (may be NULL). */
void pl_i_marker(pl_i_canvas_t *c, pl_i_shape shape, double x, double y, double r,
                 const pl_i_style_t *s, const char *cls, const char *tip);
/** Text with its baseline at y; `angle` 0 or -90 (reading upwards). */
void pl_i_text(pl_i_canvas_t *c, double x, double y, const char *text, double size,
               pl_i_anchor anchor, double angle, uint32_t color, bool bold, const char *cls);
/** Width of text in points (measured with cairo's toy font API, DejaVu Sans). */
double pl_i_text_width(pl_i_canvas_t *c, const char *text, double size, bool bold);
/** Out of memory or a cairo failure so far? */
bool pl_i_canvas_failed(const pl_i_canvas_t *c);

/* ---- charts ---- */

/** A plot area in canvas points and the data range it shows. */
typedef struct pl_i_axes {
    double x, y, w, h;          /* plot area (top-left corner, size) */
    double x0, x1, y0, y1;      /* data range */
} pl_i_axes_t;

static inline double pl_i_ax_x(const pl_i_axes_t *a, double v)
{
    return a->x + (v - a->x0) / (a->x1 - a->x0) * a->w;
}
static inline double pl_i_ax_y(const pl_i_axes_t *a, double v)
{
    return a->y + a->h - (v - a->y0) / (a->y1 - a->y0) * a->h;
}

/** Round [lo, hi] out to a range with nice ticks (a width of at least 1e-9). */
void pl_i_nice_range(double *lo, double *hi);
/** Frame, grid, ticks with labels and the axis labels (NULL: none). */
void pl_i_draw_axes(pl_i_canvas_t *c, const pl_i_axes_t *a, const char *xlabel,
                    const char *ylabel);
/** Panel title above the plot area. */
void pl_i_draw_panel_title(pl_i_canvas_t *c, const pl_i_axes_t *a, const char *title);

typedef struct pl_i_legend_item {
    const char *label;
    pl_i_shape shape;      /* PL_I_NSHAPES: a line sample instead of a marker */
    pl_i_style_t style;
} pl_i_legend_item_t;

/** A framed legend with its top-left at (x, y), one item per row; returns its height. */
double pl_i_draw_legend(pl_i_canvas_t *c, double x, double y, const pl_i_legend_item_t *items,
                        size_t n);
/** Width the legend needs. */
double pl_i_legend_width(pl_i_canvas_t *c, const pl_i_legend_item_t *items, size_t n);
/** Shorten `s` into buf (at most `max` characters, an ellipsis when cut). Returns buf. */
const char *pl_i_abbrev(const char *s, size_t max, char *buf, size_t size);

/** Append v as printf's "%.2f" would (byte for byte), without printf in the common case. */
void pl_i_svg_num(pl_i_buf_t *b, double v);

/** Set the whole output buffer to a copy of the data (for the canvas' close). */
bool pl_i_buf_set(pl_render_buf_t *out, const char *data, size_t len);

#endif
