/*
 * plot_blocking.c: who blocks what: the minimal blocking sets as a membership matrix with the
 * number of packages each blocks, every veto player's pivotal count, and the Shapley-Shubik
 * and Banzhaf indices of each voting body as bars.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAXSETS 12
#define MAXBARS 24

static void note(pl_i_canvas_t *c, double x, double y, const char *text)
{
    pl_i_text(c, x, y, text, 10, PL_I_START, 0, 0x555555, false, "note");
}

/* Horizontal bars: labels on the left, values from 0 to vmax. */
static void hbars(pl_i_canvas_t *c, double x, double y, double w, double row, const char *const *labels,
                  const double *v, size_t n, double vmax, uint32_t color, const char *cls, bool ints)
{
    const pl_i_style_t bar = {.stroke = PL_I_BLACK, .fill = color, .width = 0.5};
    for (size_t i = 0; i < n; i++) {
        double cy = y + row * (double)i;
        pl_i_text(c, x - 6, cy + row / 2 + 3.5, labels[i], 9.5, PL_I_END, 0, PL_I_BLACK, false, NULL);
        double bw = vmax > 0 && isfinite(v[i]) ? v[i] / vmax * w : 0;
        pl_i_rect(c, x, cy + 2, bw, row - 4, &bar, cls);
        char buf[32];
        snprintf(buf, sizeof buf, ints ? "%.0f" : "%.3f", v[i]);
        pl_i_text(c, x + bw + 4, cy + row / 2 + 3.5, buf, 9, PL_I_START, 0, 0x333333, false, NULL);
    }
}

static void blocking_sets(pl_i_canvas_t *c, const pl_model_t *m, const pl_mediate_blame_t *b,
                          double x, double y, double w)
{
    pl_i_text(c, x, y - 8, "Minimal blocking sets", 11, PL_I_START, 0, PL_I_BLACK, true, "panel-title");
    if (!b) {
        note(c, x, y + 14, "not computed (more than 16 veto players, or the space is too large)");
        return;
    }
    if (b->ncoalitions == 0) {
        note(c, x, y + 14, "none: some package passes every rule");
        return;
    }
    size_t np = b->nplayers, ns = b->ncoalitions < MAXSETS ? b->ncoalitions : MAXSETS;
    double colw = np ? (w - 90) / (double)np : 0, row = 16;
    if (colw > 60) colw = 60;
    char buf[64];
    for (size_t p = 0; p < np; p++) /* player names as column heads, written upwards */
        pl_i_text(c, x + colw * ((double)p + 0.5) + 3, y + 62, pl_i_abbrev(pl_model_actor_name(m, b->players[p]), 16, buf, sizeof buf),
                  9, PL_I_START, -90, PL_I_BLACK, false, NULL);
    double y0 = y + 70;
    uint64_t maxc = 1;
    for (size_t s = 0; s < ns; s++)
        if (b->coalition_count[s] > maxc) maxc = b->coalition_count[s];
    const pl_i_style_t in = {.stroke = PL_I_BLACK, .fill = PL_I_VERMILION, .width = 0.5};
    const pl_i_style_t out = {.stroke = 0xBBBBBB, .fill = PL_I_NONE, .width = 0.5};
    const pl_i_style_t bar = {.stroke = PL_I_BLACK, .fill = PL_I_GREY, .width = 0.5};
    for (size_t s = 0; s < ns; s++) {
        double cy = y0 + row * (double)s;
        pl_i_group(c, "blocking-set");
        for (size_t p = 0; p < np; p++) {
            bool mem = (b->coalition[s] >> p) & 1u;
            pl_i_marker(c, mem ? PL_I_SQUARE : PL_I_CIRCLE, x + colw * ((double)p + 0.5), cy + row / 2,
                        mem ? 5 : 2.5, mem ? &in : &out, mem ? "member" : NULL, NULL);
        }
        double bx = x + colw * (double)np + 8, bw = (double)b->coalition_count[s] / (double)maxc * 60;
        pl_i_rect(c, bx, cy + 3, bw, row - 6, &bar, "blocking-count");
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)b->coalition_count[s]);
        pl_i_text(c, bx + bw + 4, cy + row / 2 + 3.5, buf, 9, PL_I_START, 0, 0x333333, false, NULL);
        pl_i_group_end(c);
    }
    if (b->ncoalitions > ns) {
        snprintf(buf, sizeof buf, "... and %zu more sets", b->ncoalitions - ns);
        note(c, x, y0 + row * (double)ns + 12, buf);
    }
    note(c, x, y0 + row * (double)(ns + (b->ncoalitions > ns)) + 14, "filled: member; bar: packages it blocks");
}

static void pivotal(pl_i_canvas_t *c, const pl_model_t *m, const pl_mediate_blame_t *b, double x,
                    double y, double w)
{
    pl_i_text(c, x - 110, y - 8, "Pivotal packages per veto player", 11, PL_I_START, 0, PL_I_BLACK, true,
              "panel-title");
    if (!b) {
        note(c, x - 110, y + 14, "not computed");
        return;
    }
    size_t n = b->nplayers < MAXBARS ? b->nplayers : MAXBARS;
    const char *labels[MAXBARS];
    char names[MAXBARS][48];
    double v[MAXBARS], vmax = 0;
    for (size_t i = 0; i < n; i++) {
        labels[i] = pl_i_abbrev(pl_model_actor_name(m, b->players[i]), 18, names[i], 48);
        v[i] = (double)b->pivotal[i];
        if (v[i] > vmax) vmax = v[i];
    }
    hbars(c, x, y, w, 17, labels, v, n, vmax, PL_I_ORANGE, "pivotal", true);
}

/* Each body: its members' Shapley-Shubik (solid) and normalised Banzhaf (hatched look: light)
 * indices side by side. */
static void power(pl_i_canvas_t *c, const pl_model_t *m, const pl_mediate_power_t *pw, double x,
                  double y, double w)
{
    pl_i_text(c, x - 150, y - 8, "Power indices (Shapley-Shubik, Banzhaf)", 11, PL_I_START, 0, PL_I_BLACK,
              true, "panel-title");
    if (!pw || pw->nbodies == 0) {
        note(c, x - 150, y + 14, pw ? "no voting body" : "not computed");
        return;
    }
    const pl_i_style_t ss = {.stroke = PL_I_BLACK, .fill = PL_I_BLUE, .width = 0.5};
    const pl_i_style_t bz = {.stroke = PL_I_BLACK, .fill = PL_I_SKY, .width = 0.5};
    double cy = y, row = 20;
    size_t shown = 0;
    char buf[96], nb[48];
    for (size_t k = 0; k < pw->nbodies && shown < MAXBARS; k++) {
        const pl_mediate_body_t *bd = &pw->bodies[k];
        snprintf(buf, sizeof buf, "%s", bd->party == PL_UNSET ? "acceptance game (veto players)" : "");
        if (bd->party != PL_UNSET)
            snprintf(buf, sizeof buf, "ratification of %s", pl_i_abbrev(pl_model_actor_name(m, bd->party), 30, nb, sizeof nb));
        pl_i_text(c, x - 150, cy + 10, buf, 9.5, PL_I_START, 0, PL_I_BLACK, true, "body");
        cy += 14;
        for (size_t i = 0; i < bd->nmembers && shown < MAXBARS; i++, shown++) {
            pl_i_text(c, x - 6, cy + row / 2 + 3.5, pl_i_abbrev(pl_model_actor_name(m, bd->members[i]), 22, nb, sizeof nb),
                      9.5, PL_I_END, 0, PL_I_BLACK, false, NULL);
            double s1 = bd->power.shapley ? bd->power.shapley[i] : 0, s2 = bd->power.banzhaf ? bd->power.banzhaf[i] : 0;
            pl_i_rect(c, x, cy + 1, s1 * w, row / 2 - 1, &ss, "power");
            pl_i_rect(c, x, cy + row / 2, s2 * w, row / 2 - 1, &bz, "power");
            snprintf(buf, sizeof buf, "%.3f / %.3f", s1, s2);
            pl_i_text(c, x + (s1 > s2 ? s1 : s2) * w + 4, cy + row / 2 + 3.5, buf, 9, PL_I_START, 0, 0x333333, false, NULL);
            cy += row;
        }
        cy += 6;
    }
    pl_i_legend_item_t it[2] = {{"Shapley-Shubik", PL_I_SQUARE, ss}, {"Banzhaf (normalised)", PL_I_SQUARE, bz}};
    pl_i_draw_legend(c, x + w + 30, y, it, 2);
}

static double power_height(const pl_mediate_power_t *pw)
{
    double h = 40;
    size_t shown = 0;
    for (size_t k = 0; pw && k < pw->nbodies && shown < MAXBARS; k++) {
        h += 20;
        for (size_t i = 0; i < pw->bodies[k].nmembers && shown < MAXBARS; i++, shown++) h += 20;
    }
    return h + 40;
}

pl_status pl_render_blocking(const pl_model_t *m, const pl_mediate_blame_t *blame,
                             const pl_mediate_power_t *power_res, const pl_render_options_t *opt,
                             pl_render_buf_t *out, pl_error_t *err)
{
    pl_render_options_t defaults;
    if (!opt) pl_render_options_init(&defaults), opt = &defaults;
    if (!m) return pl_error_set(err, PL_EINVAL, "the blocking plot needs a model");
    double top = 250, ph = power_height(power_res);
    if (blame) {
        size_t ns = blame->ncoalitions < MAXSETS ? blame->ncoalitions : MAXSETS;
        double h1 = 70 + 16 * (double)ns + 40, h2 = 17 * (double)blame->nplayers + 20;
        top = h1 > h2 ? h1 : h2;
    }
    double W = opt->width > 0 ? opt->width : 900, H = opt->height > 0 ? opt->height : 60 + top + ph;
    const pl_scenario_t *sc = pl_model_scenario(m);
    char title[256];
    snprintf(title, sizeof title, "%s", opt->title ? opt->title : "Who blocks what");
    if (!opt->title && sc && sc->name) snprintf(title, sizeof title, "Who blocks what: %s", sc->name);
    pl_i_canvas_t *c;
    PL_CHECK(pl_i_canvas_open(opt, W, H, title, &c, err));
    pl_i_text(c, 20, 24, title, 14, PL_I_START, 0, PL_I_BLACK, true, "title");
    if (blame) {
        char cap[160];
        snprintf(cap, sizeof cap, "%zu veto players; %s", blame->nplayers,
                 blame->failed ? "no package passes every rule" : "some package passes every rule");
        pl_i_text(c, 20, 42, cap, 10, PL_I_START, 0, 0x333333, false, "caption");
    }
    blocking_sets(c, m, blame, 30, 74, W / 2 - 40);
    pivotal(c, m, blame, W / 2 + 130, 74, W / 2 - 230);
    power(c, m, power_res, 210, 74 + top, W - 420);
    return pl_i_canvas_close(c, out, err);
}
