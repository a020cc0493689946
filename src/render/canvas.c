/*
 * canvas.c: one drawing interface, two back ends. SVG is written by hand (text stays text, each
 * mark carries a class that tests and stylesheets can count, and it embeds in HTML); PNG and
 * PDF go through cairo. Text is measured with cairo (DejaVu Sans) in both, so layouts agree.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef PL_HAVE_CAIRO
#include <cairo-pdf.h>
#include <cairo.h>
#endif
#if defined(PL_HAVE_CAIRO) && defined(PL_HAVE_FREETYPE)
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#endif

#define FONT "DejaVu Sans"

struct pl_i_canvas {
    pl_render_format fmt;
    double w, h;
    pl_i_buf_t svg;          /* SVG text; PNG/PDF: the encoded bytes */
    bool failed;
#ifdef PL_HAVE_CAIRO
    cairo_surface_t *surface;
    cairo_t *cr;             /* PNG/PDF drawing context */
    cairo_surface_t *msurface;
    cairo_t *measure;        /* text measurement (the drawing context, or a 1x1 scratch) */
#endif
};

bool pl_render_available(void)
{
#ifdef PL_HAVE_CAIRO
    return true;
#else
    return false;
#endif
}

void pl_render_buf_init(pl_render_buf_t *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void pl_render_buf_destroy(pl_render_buf_t *b)
{
    if (!b) return;
    pl_free(b->data);
    pl_render_buf_init(b);
}

bool pl_i_buf_set(pl_render_buf_t *out, const char *data, size_t len)
{
    char *p = pl_malloc(len + 1);
    if (!p) return false;
    if (len) memcpy(p, data, len);
    p[len] = '\0';
    pl_free(out->data);
    out->data = p;
    out->len = len;
    out->cap = len + 1;
    return true;
}

void pl_render_options_init(pl_render_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->format = PL_RENDER_SVG;
    o->scale = 1.5;
    o->max_points = 20000;
    o->max_enumerate = 2000000;
}

bool pl_render_format_from_path(const char *path, pl_render_format *fmt)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot) return false;
    static const char *const ext[] = {".svg", ".png", ".pdf"};
    for (size_t i = 0; i < 3; i++) {
        size_t k = 0;
        while (ext[i][k] && dot[k] && (dot[k] | 0x20) == ext[i][k]) k++;
        if (!ext[i][k] && !dot[k]) {
            *fmt = (pl_render_format)i;
            return true;
        }
    }
    return false;
}

uint32_t pl_i_series_color(size_t i)
{
    static const uint32_t c[] = {PL_I_BLUE, PL_I_VERMILION, PL_I_GREEN, PL_I_PURPLE,
                                 PL_I_ORANGE, PL_I_SKY, PL_I_BLACK};
    return c[i % (sizeof c / sizeof c[0])];
}

/* ---------------------------------------------------------------- SVG helpers */

/* "%.2f" without printf: a large plot's SVG is mostly coordinates, and vsnprintf was half the
 * time of drawing 6,480 outcomes. Rounding a*100 to the nearest integer is what printf does
 * except at a tie, where the exact binary value decides; the error of a*100 below 1e6 is under
 * 2e-8, so anything within 1e-6 of a tie goes to printf (and anything large or not finite),
 * unless a*100 is exact (fma says so) and exactly a tie: printf then rounds half to even
 * (grid coordinates such as 70.125 are). The sign is kept as printf keeps it ("-0.00"). */
void pl_i_svg_num(pl_i_buf_t *b, double v)
{
    double a = fabs(v), r = a * 100, fl = floor(r), fr = r - fl;
    uint64_t n;
    if (a < 1e6 && fabs(fr - 0.5) >= 1e-6) {
        n = (uint64_t)fl + (fr > 0.5);
    } else if (a < 1e6 && fr == 0.5 && fma(a, 100, -r) == 0) {
        n = (uint64_t)fl;
        n += n & 1;
    } else {
        pl_i_buf_printf(b, "%.2f", v);
        return;
    }
    char t[24];
    size_t k = sizeof t;
    t[--k] = (char)('0' + n % 10), n /= 10;
    t[--k] = (char)('0' + n % 10), n /= 10;
    t[--k] = '.';
    do t[--k] = (char)('0' + n % 10), n /= 10; while (n);
    if (signbit(v)) t[--k] = '-';
    pl_i_buf_put(b, t + k, sizeof t - k);
}

/* " name=\"" value "\"" for a coordinate */
static void svg_attr(pl_i_buf_t *b, const char *name, double v)
{
    pl_i_buf_puts(b, name);
    pl_i_svg_num(b, v);
    pl_i_buf_put(b, "\"", 1);
}

static void svg_color(pl_i_buf_t *b, const char *attr, uint32_t c)
{
    pl_i_buf_put(b, " ", 1);
    pl_i_buf_puts(b, attr);
    if (c == PL_I_NONE) {
        pl_i_buf_puts(b, "=\"none\"");
        return;
    }
    static const char hex[] = "0123456789ABCDEF";
    char t[11] = {'=', '"', '#'};
    for (int k = 0; k < 6; k++) t[3 + k] = hex[(c >> (20 - 4 * k)) & 15];
    t[9] = '"';
    pl_i_buf_put(b, t, 10);
}

static void svg_style(pl_i_buf_t *b, const pl_i_style_t *s, const char *cls)
{
    if (cls) {
        pl_i_buf_puts(b, " class=\"");
        pl_i_buf_puts(b, cls);
        pl_i_buf_put(b, "\"", 1);
    }
    svg_color(b, "fill", s->fill);
    if (s->fill != PL_I_NONE && s->opacity > 0 && s->opacity < 1)
        svg_attr(b, " fill-opacity=\"", s->opacity);
    svg_color(b, "stroke", s->stroke);
    if (s->stroke != PL_I_NONE) {
        svg_attr(b, " stroke-width=\"", s->width > 0 ? s->width : 1);
        if (s->dash == 1) pl_i_buf_puts(b, " stroke-dasharray=\"6 4\"");
        if (s->dash == 2) pl_i_buf_puts(b, " stroke-dasharray=\"1.5 3\"");
    }
}

/* "x,y" pairs separated by spaces */
static void svg_points(pl_i_buf_t *b, const double *xy, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) pl_i_buf_put(b, " ", 1);
        pl_i_svg_num(b, xy[2 * i]);
        pl_i_buf_put(b, ",", 1);
        pl_i_svg_num(b, xy[2 * i + 1]);
    }
}

static void xml_escape(pl_i_buf_t *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': pl_i_buf_puts(b, "&lt;"); break;
        case '>': pl_i_buf_puts(b, "&gt;"); break;
        case '&': pl_i_buf_puts(b, "&amp;"); break;
        case '"': pl_i_buf_puts(b, "&quot;"); break;
        default: pl_i_buf_put(b, s, 1);
        }
    }
}

/* ---------------------------------------------------------------- cairo helpers */

#ifdef PL_HAVE_CAIRO
static cairo_status_t stream_write(void *closure, const unsigned char *data, unsigned int len)
{
    pl_i_buf_t *b = closure;
    pl_i_buf_put(b, (const char *)data, len);
    return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* Unhinted outlines and metrics: the same text measures and draws alike on every machine,
 * which the golden-image test relies on. */
static void font_setup(cairo_t *cr)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

#ifdef PL_HAVE_FREETYPE
/* DejaVu Sans read from its files where Debian, Fedora and Arch install them: the same file
 * that fontconfig matches for the toy API, which measures to the same bits and draws the same
 * pixels, without fontconfig parsing its configuration first (24M instructions, a third of a
 * small plot). Loaded once per process and kept (cairo locks the faces when it uses them);
 * without the files, the toy API. */
static cairo_font_face_t *ft_face[2]; /* regular, bold */
static pthread_once_t ft_once = PTHREAD_ONCE_INIT;

static void ft_load(void)
{
    static const char *const dirs[] = {"/usr/share/fonts/truetype/dejavu/",
                                       "/usr/share/fonts/dejavu/", "/usr/share/fonts/TTF/"};
    static const char *const files[2] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    FT_Library lib;
    if (FT_Init_FreeType(&lib)) return;
    FT_Face f[2] = {NULL, NULL};
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0] && !f[0]; d++) {
        for (int k = 0; k < 2; k++) {
            char path[128];
            snprintf(path, sizeof path, "%s%s", dirs[d], files[k]);
            if (FT_New_Face(lib, path, 0, &f[k])) f[k] = NULL;
        }
        if (!f[0] || !f[1]) {
            if (f[0]) FT_Done_Face(f[0]);
            if (f[1]) FT_Done_Face(f[1]);
            f[0] = f[1] = NULL;
        }
    }
    if (!f[0]) {
        FT_Done_FreeType(lib);
        return;
    }
    for (int k = 0; k < 2; k++) {
        ft_face[k] = cairo_ft_font_face_create_for_ft_face(f[k], 0);
        if (cairo_font_face_status(ft_face[k]) != CAIRO_STATUS_SUCCESS) ft_face[k] = NULL;
    }
    if (!ft_face[0] || !ft_face[1]) ft_face[0] = ft_face[1] = NULL; /* the toy API then */
}
#endif

static void select_font(cairo_t *cr, bool bold)
{
#ifdef PL_HAVE_FREETYPE
    pthread_once(&ft_once, ft_load);
    if (ft_face[bold]) {
        cairo_set_font_face(cr, ft_face[bold]);
        return;
    }
#endif
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
}

static void set_rgb(cairo_t *cr, uint32_t c, double alpha)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                          (c & 255) / 255.0, alpha);
}

static void cairo_paint_style(pl_i_canvas_t *c, const pl_i_style_t *s)
{
    cairo_t *cr = c->cr;
    if (s->fill != PL_I_NONE) {
        set_rgb(cr, s->fill, s->opacity > 0 && s->opacity < 1 ? s->opacity : 1);
        if (s->stroke != PL_I_NONE) cairo_fill_preserve(cr);
        else cairo_fill(cr);
    }
    if (s->stroke != PL_I_NONE) {
        set_rgb(cr, s->stroke, 1);
        cairo_set_line_width(cr, s->width > 0 ? s->width : 1);
        static const double dashed[] = {6, 4}, dotted[] = {1.5, 3};
        if (s->dash == 1) cairo_set_dash(cr, dashed, 2, 0);
        else if (s->dash == 2) cairo_set_dash(cr, dotted, 2, 0);
        else cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}
#endif

/* ---------------------------------------------------------------- open / close */

pl_status pl_i_canvas_open(const pl_render_options_t *opt, double w, double h, const char *title,
                           pl_i_canvas_t **out, pl_error_t *err)
{
    *out = NULL;
#ifndef PL_HAVE_CAIRO
    (void)opt; (void)w; (void)h; (void)title;
    return pl_error_set(err, PL_EUNSUPPORTED,
                        "parley was built without cairo (PL_RENDER=OFF): no plots or reports");
#else
    pl_i_canvas_t *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->fmt = opt->format;
    c->w = w;
    c->h = h;
    if (c->fmt == PL_RENDER_SVG) {
        c->msurface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
        c->measure = cairo_create(c->msurface);
        if (!opt->inline_svg) pl_i_buf_puts(&c->svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        pl_i_buf_printf(&c->svg,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                        "viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                        "font-family=\"DejaVu Sans, Verdana, sans-serif\">\n<title>",
                        w, h, w, h);
        xml_escape(&c->svg, title ? title : "parley plot");
        pl_i_buf_printf(&c->svg, "</title>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#FFFFFF\"/>\n",
                        w, h);
    } else {
        double sc = opt->scale > 0 ? opt->scale : 1.5;
        if (c->fmt == PL_RENDER_PNG)
            c->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * sc),
                                                    (int)ceil(h * sc));
        else
            c->surface = cairo_pdf_surface_create_for_stream(stream_write, &c->svg, w, h);
        c->cr = cairo_create(c->surface);
        if (c->fmt == PL_RENDER_PNG) cairo_scale(c->cr, sc, sc);
        set_rgb(c->cr, 0xFFFFFF, 1);
        cairo_paint(c->cr);
        c->measure = c->cr;
    }
    font_setup(c->measure);
    if (cairo_status(c->measure) != CAIRO_STATUS_SUCCESS) {
        pl_i_canvas_free(c);
        return pl_error_set(err, PL_ENOMEM, "cannot set up the drawing surface");
    }
    *out = c;
    return PL_OK;
#endif
}

void pl_i_canvas_free(pl_i_canvas_t *c)
{
    if (!c) return;
#ifdef PL_HAVE_CAIRO
    if (c->cr) cairo_destroy(c->cr);
    if (c->surface) cairo_surface_destroy(c->surface);
    if (c->measure && c->measure != c->cr) cairo_destroy(c->measure);
    if (c->msurface) cairo_surface_destroy(c->msurface);
#endif
    pl_free(c->svg.p);
    pl_free(c);
}

bool pl_i_canvas_failed(const pl_i_canvas_t *c)
{
    return c->failed || c->svg.oom;
}

pl_status pl_i_canvas_close(pl_i_canvas_t *c, pl_render_buf_t *out, pl_error_t *err)
{
#ifdef PL_HAVE_CAIRO
    if (c->fmt == PL_RENDER_SVG) {
        pl_i_buf_puts(&c->svg, "</svg>\n");
    } else {
        if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) c->failed = true;
        cairo_destroy(c->cr);
        c->cr = NULL;
        c->measure = NULL;
        cairo_surface_flush(c->surface);
        if (c->fmt == PL_RENDER_PNG &&
            cairo_surface_write_to_png_stream(c->surface, stream_write, &c->svg) != CAIRO_STATUS_SUCCESS)
            c->failed = true;
        cairo_surface_finish(c->surface);
        if (cairo_surface_status(c->surface) != CAIRO_STATUS_SUCCESS) c->failed = true;
    }
#endif
    pl_status st = PL_OK;
    if (pl_i_canvas_failed(c) || !pl_i_buf_set(out, c->svg.p ? c->svg.p : "", c->svg.n))
        st = pl_error_set(err, PL_ENOMEM, "out of memory while drawing");
    pl_i_canvas_free(c);
    return st;
}

/* ---------------------------------------------------------------- marks */

void pl_i_group(pl_i_canvas_t *c, const char *cls)
{
    if (c->fmt == PL_RENDER_SVG) pl_i_buf_printf(&c->svg, "<g class=\"%s\">\n", cls);
}

void pl_i_group_end(pl_i_canvas_t *c)
{
    if (c->fmt == PL_RENDER_SVG) pl_i_buf_puts(&c->svg, "</g>\n");
}

void pl_i_path(pl_i_canvas_t *c, const double *xy, size_t n, bool closed, const pl_i_style_t *s,
               const char *cls)
{
    if (n == 0) return;
    if (c->fmt == PL_RENDER_SVG) {
        pl_i_buf_puts(&c->svg, closed ? "<polygon points=\"" : "<polyline points=\"");
        svg_points(&c->svg, xy, n);
        pl_i_buf_puts(&c->svg, "\"");
        svg_style(&c->svg, s, cls);
        pl_i_buf_puts(&c->svg, "/>\n");
        return;
    }
#ifdef PL_HAVE_CAIRO
    cairo_move_to(c->cr, xy[0], xy[1]);
    for (size_t i = 1; i < n; i++) cairo_line_to(c->cr, xy[2 * i], xy[2 * i + 1]);
    if (closed) cairo_close_path(c->cr);
    cairo_paint_style(c, s);
#endif
}

void pl_i_line(pl_i_canvas_t *c, double x0, double y0, double x1, double y1, const pl_i_style_t *s,
               const char *cls)
{
    if (c->fmt == PL_RENDER_SVG) {
        svg_attr(&c->svg, "<line x1=\"", x0);
        svg_attr(&c->svg, " y1=\"", y0);
        svg_attr(&c->svg, " x2=\"", x1);
        svg_attr(&c->svg, " y2=\"", y1);
        svg_style(&c->svg, s, cls);
        pl_i_buf_puts(&c->svg, "/>\n");
        return;
    }
    double xy[4] = {x0, y0, x1, y1};
    pl_i_path(c, xy, 2, false, s, cls);
}

void pl_i_rect(pl_i_canvas_t *c, double x, double y, double w, double h, const pl_i_style_t *s,
               const char *cls)
{
    if (c->fmt == PL_RENDER_SVG) {
        svg_attr(&c->svg, "<rect x=\"", x);
        svg_attr(&c->svg, " y=\"", y);
        svg_attr(&c->svg, " width=\"", w);
        svg_attr(&c->svg, " height=\"", h);
        svg_style(&c->svg, s, cls);
        pl_i_buf_puts(&c->svg, "/>\n");
        return;
    }
#ifdef PL_HAVE_CAIRO
    cairo_rectangle(c->cr, x, y, w, h);
    cairo_paint_style(c, s);
#endif
}

/* The outline of a marker as points around (x, y); returns how many (0: a circle). */
static size_t shape_points(pl_i_shape shape, double x, double y, double r, double *xy)
{
    size_t n = 0;
#define P(px, py) (xy[2 * n] = x + (px) * r, xy[2 * n + 1] = y + (py) * r, n++)
    switch (shape) {
    case PL_I_SQUARE: P(-0.85, -0.85); P(0.85, -0.85); P(0.85, 0.85); P(-0.85, 0.85); break;
    case PL_I_TRIANGLE: P(0, -1.15); P(1.05, 0.75); P(-1.05, 0.75); break;
    case PL_I_DOWN: P(0, 1.15); P(1.05, -0.75); P(-1.05, -0.75); break;
    case PL_I_DIAMOND: P(0, -1.2); P(1.2, 0); P(0, 1.2); P(-1.2, 0); break;
    case PL_I_CROSS:
        P(-1, -0.6); P(-0.6, -1); P(0, -0.4); P(0.6, -1); P(1, -0.6); P(0.4, 0);
        P(1, 0.6); P(0.6, 1); P(0, 0.4); P(-0.6, 1); P(-1, 0.6); P(-0.4, 0); break;
    case PL_I_PLUS:
        P(-0.3, -1); P(0.3, -1); P(0.3, -0.3); P(1, -0.3); P(1, 0.3); P(0.3, 0.3);
        P(0.3, 1); P(-0.3, 1); P(-0.3, 0.3); P(-1, 0.3); P(-1, -0.3); P(-0.3, -0.3); break;
    case PL_I_STAR:
        for (int k = 0; k < 10; k++) {
            double a = -PL_I_PI / 2 + k * PL_I_PI / 5, rr = (k % 2) ? 0.55 : 1.35;
            P(rr * cos(a), rr * sin(a));
        }
        break;
    default: break;
    }
#undef P
    return n;
}

void pl_i_marker(pl_i_canvas_t *c, pl_i_shape shape, double x, double y, double r,
                 const pl_i_style_t *s, const char *cls, const char *tip)
{
    double xy[40];
    size_t n = shape_points(shape, x, y, r, xy);
    if (c->fmt == PL_RENDER_SVG) {
        pl_i_buf_t *b = &c->svg;
        if (n == 0) {
            svg_attr(b, "<circle cx=\"", x);
            svg_attr(b, " cy=\"", y);
            svg_attr(b, " r=\"", r);
        } else {
            pl_i_buf_puts(b, "<polygon points=\"");
            svg_points(b, xy, n);
            pl_i_buf_puts(b, "\"");
        }
        svg_style(b, s, cls);
        if (tip) {
            pl_i_buf_puts(b, "><title>");
            xml_escape(b, tip);
            pl_i_buf_puts(b, n ? "</title></polygon>\n" : "</title></circle>\n");
        } else {
            pl_i_buf_puts(b, "/>\n");
        }
        return;
    }
#ifdef PL_HAVE_CAIRO
    if (n == 0) {
        cairo_new_sub_path(c->cr);
        cairo_arc(c->cr, x, y, r, 0, 2 * PL_I_PI);
        cairo_paint_style(c, s);
    } else {
        pl_i_path(c, xy, n, true, s, cls);
    }
#endif
}

void pl_i_text(pl_i_canvas_t *c, double x, double y, const char *text, double size,
               pl_i_anchor anchor, double angle, uint32_t color, bool bold, const char *cls)
{
    if (!text || !*text) return;
    if (c->fmt == PL_RENDER_SVG) {
        static const char *const anch[] = {"start", "middle", "end"};
        pl_i_buf_t *b = &c->svg;
        pl_i_buf_printf(b, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\"", x, y, size);
        if (anchor != PL_I_START) pl_i_buf_printf(b, " text-anchor=\"%s\"", anch[anchor]);
        if (bold) pl_i_buf_puts(b, " font-weight=\"bold\"");
        if (color != PL_I_BLACK) svg_color(b, "fill", color);
        if (angle != 0) pl_i_buf_printf(b, " transform=\"rotate(%.0f %.2f %.2f)\"", angle, x, y);
        if (cls) pl_i_buf_printf(b, " class=\"%s\"", cls);
        pl_i_buf_puts(b, ">");
        xml_escape(b, text);
        pl_i_buf_puts(b, "</text>\n");
        return;
    }
#ifdef PL_HAVE_CAIRO
    double wd = pl_i_text_width(c, text, size, bold);
    double shift = anchor == PL_I_MIDDLE ? wd / 2 : anchor == PL_I_END ? wd : 0;
    cairo_save(c->cr);
    cairo_translate(c->cr, x, y);
    if (angle != 0) cairo_rotate(c->cr, angle * PL_I_PI / 180);
    cairo_move_to(c->cr, -shift, 0);
    set_rgb(c->cr, color, 1);
    cairo_show_text(c->cr, text);
    cairo_restore(c->cr);
#endif
}

double pl_i_text_width(pl_i_canvas_t *c, const char *text, double size, bool bold)
{
#ifdef PL_HAVE_CAIRO
    select_font(c->measure, bold);
    cairo_set_font_size(c->measure, size);
    cairo_text_extents_t e;
    cairo_text_extents(c->measure, text ? text : "", &e);
    return e.x_advance;
#else
    (void)c; (void)bold;
    return 0.55 * size * (double)(text ? strlen(text) : 0);
#endif
}
