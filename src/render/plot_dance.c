/*
 * plot_dance.c: a negotiation's "dance": each party's offers (and the mediators' texts) as
 * paths in the utility space of the first two parties, every party's utility of its own
 * offers over rounds, votes and ratifications as marks, the agreement or breakdown marked.
 */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAXP 8 /* parties drawn over rounds */

/* The series an event belongs to: the party index (a delegation counts for its party), the
 * mediators' series (np), or PL_UNSET. */
static size_t series_of(const pl_model_t *m, size_t actor, size_t np)
{
    if (actor == PL_UNSET) return PL_UNSET;
    size_t a = pl_model_role(m, actor) == PL_ROLE_DELEGATION ? pl_model_party_of(m, actor) : actor;
    for (size_t k = 0; k < np; k++)
        if (pl_model_party(m, k) == a) return k;
    return pl_model_role(m, actor) == PL_ROLE_MEDIATOR ? np : PL_UNSET;
}

static bool is_offer(pl_event_kind k)
{
    return k == PL_EV_OFFER || k == PL_EV_PROPOSE || k == PL_EV_REWORD;
}

static pl_i_style_t series_style(size_t s, size_t np, bool line)
{
    uint32_t col = s == np ? PL_I_GREY : pl_i_series_color(s);
    pl_i_style_t st = {.stroke = col, .fill = line ? PL_I_NONE : col, .width = line ? 1.4 : 0.6,
                       .dash = s == np ? 2 : (int)(s % 2)};
    if (!line) st.stroke = PL_I_BLACK, st.dash = 0;
    return st;
}

static pl_i_shape series_shape(size_t s, size_t np)
{
    return s == np ? PL_I_SQUARE : (pl_i_shape)((s + 1) % PL_I_STAR);
}

/* Left panel: offers of each series as a path in (u_0, u_1). */
static void space_panel(pl_i_canvas_t *c, const pl_model_t *m, const pl_render_dance_t *d,
                        size_t np, const pl_i_axes_t *a)
{
    size_t p0 = pl_model_party(m, 0), p1 = pl_model_party(m, 1);
    double xy[2 * 512];
    for (size_t s = 0; s <= np; s++) {
        size_t n = 0;
        pl_i_group(c, "offers");
        for (size_t e = 0; e < d->nevents; e++) {
            const pl_render_event_t *ev = &d->events[e];
            if (!is_offer(ev->kind) || !ev->outcome || series_of(m, ev->actor, np) != s) continue;
            double x = pl_i_ax_x(a, pl_model_utility(m, p0, ev->outcome));
            double y = pl_i_ax_y(a, pl_model_utility(m, p1, ev->outcome));
            pl_i_style_t mk = series_style(s, np, false);
            pl_i_marker(c, series_shape(s, np), x, y, 3.2, &mk, "offer", NULL);
            if (n < 512) xy[2 * n] = x, xy[2 * n + 1] = y, n++;
        }
        pl_i_style_t ln = series_style(s, np, true);
        pl_i_path(c, xy, n, false, &ln, "offer-path");
        pl_i_group_end(c);
    }
    const pl_i_style_t thr = {.stroke = 0x555555, .fill = PL_I_NONE, .width = 1, .dash = 1};
    double t0 = pl_model_threshold(m, p0), t1 = pl_model_threshold(m, p1);
    pl_i_line(c, pl_i_ax_x(a, t0), a->y, pl_i_ax_x(a, t0), a->y + a->h, &thr, "threshold");
    pl_i_line(c, a->x, pl_i_ax_y(a, t1), a->x + a->w, pl_i_ax_y(a, t1), &thr, "threshold");
    if (d->agreement) {
        const pl_i_style_t st = {.stroke = PL_I_BLACK, .fill = PL_I_YELLOW, .width = 1};
        pl_i_marker(c, PL_I_STAR, pl_i_ax_x(a, pl_model_utility(m, p0, d->agreement)),
                    pl_i_ax_y(a, pl_model_utility(m, p1, d->agreement)), 9, &st, "agreement",
                    "agreement");
    }
}

/* Right panel: each party's utility of its own offers over rounds; votes along the bottom. */
static void rounds_panel(pl_i_canvas_t *c, const pl_model_t *m, const pl_render_dance_t *d,
                         size_t np, const pl_i_axes_t *a)
{
    double xy[2 * 512];
    for (size_t s = 0; s <= np; s++) {
        size_t n = 0;
        size_t who = s < np ? pl_model_party(m, s) : PL_UNSET;
        pl_i_group(c, "utility-over-rounds");
        for (size_t e = 0; e < d->nevents; e++) {
            const pl_render_event_t *ev = &d->events[e];
            if (!is_offer(ev->kind) || !ev->outcome || series_of(m, ev->actor, np) != s) continue;
            /* a mediator's text: shown at the first party's utility, as a reference */
            double u = pl_model_utility(m, who != PL_UNSET ? who : pl_model_party(m, 0), ev->outcome);
            double x = pl_i_ax_x(a, (double)ev->round + 1), y = pl_i_ax_y(a, u);
            pl_i_style_t mk = series_style(s, np, false);
            pl_i_marker(c, series_shape(s, np), x, y, 2.8, &mk, "offer-u", NULL);
            if (n < 512) xy[2 * n] = x, xy[2 * n + 1] = y, n++;
        }
        pl_i_style_t ln = series_style(s, np, true);
        pl_i_path(c, xy, n, false, &ln, "utility-path");
        pl_i_group_end(c);
    }
    pl_i_group(c, "votes");
    for (size_t e = 0; e < d->nevents; e++) {
        const pl_render_event_t *ev = &d->events[e];
        if (ev->kind != PL_EV_VOTE && ev->kind != PL_EV_RATIFY) continue;
        bool yes = ev->value != 0;
        const pl_i_style_t st = {.stroke = yes ? PL_I_GREEN : PL_I_VERMILION,
                                 .fill = yes ? PL_I_GREEN : PL_I_NONE, .width = 1.2};
        double y = a->y + a->h - (ev->kind == PL_EV_RATIFY ? 16 : 7);
        char tip[160];
        snprintf(tip, sizeof tip, "%s %s: %s", ev->kind == PL_EV_RATIFY ? "ratification by" : "vote of",
                 ev->actor != PL_UNSET ? pl_model_actor_name(m, ev->actor) : "?", yes ? "yes" : "no");
        pl_i_marker(c, yes ? PL_I_TRIANGLE : PL_I_DOWN, pl_i_ax_x(a, (double)ev->round + 1), y, 3.5,
                    &st, "vote", tip);
    }
    pl_i_group_end(c);
    const pl_i_style_t end = {.stroke = PL_I_BLACK, .fill = PL_I_NONE, .width = 1.2, .dash = 1};
    double xe = pl_i_ax_x(a, (double)d->end_round + 1);
    pl_i_line(c, xe, a->y, xe, a->y + a->h, &end, "end");
    char lab[96];
    snprintf(lab, sizeof lab, "%s, round %zu", d->agreement ? "agreement" : pl_end_reason_name(d->end),
             d->end_round + 1);
    pl_i_text(c, xe - 4, a->y + 12, lab, 9.5, PL_I_END, 0, PL_I_BLACK, true, "end-label");
}

pl_status pl_render_dance(const pl_model_t *m, const pl_render_dance_t *d,
                          const pl_render_options_t *opt, pl_render_buf_t *out, pl_error_t *err)
{
    pl_render_options_t defaults;
    if (!opt) pl_render_options_init(&defaults), opt = &defaults;
    if (!m || !d || pl_model_nparties(m) < 2)
        return pl_error_set(err, PL_EINVAL, "the dance plot needs a scenario with two parties or more");
    size_t np = pl_model_nparties(m);
    if (np > MAXP) np = MAXP;
    double W = opt->width > 0 ? opt->width : 1000, H = opt->height > 0 ? opt->height : 470;
    const pl_scenario_t *sc = pl_model_scenario(m);
    char title[256];
    snprintf(title, sizeof title, "%s", opt->title ? opt->title : "Negotiation dance");
    if (!opt->title && sc && sc->name)
        snprintf(title, sizeof title, "Negotiation dance: %s%s%s", sc->name, d->protocol ? ", " : "",
                 d->protocol ? d->protocol : "");
    pl_i_canvas_t *c;
    PL_CHECK(pl_i_canvas_open(opt, W, H, title, &c, err));
    pl_i_text(c, 20, 24, title, 14, PL_I_START, 0, PL_I_BLACK, true, "title");
    double lo = 0, hi = 1;
    size_t last = d->end_round + 1;
    for (size_t e = 0; e < d->nevents; e++) {
        if (d->events[e].round + 1 > last) last = d->events[e].round + 1;
        if (!d->events[e].outcome) continue;
        for (size_t k = 0; k < np; k++) {
            double u = pl_model_utility(m, pl_model_party(m, k), d->events[e].outcome);
            if (u < lo) lo = u;
            if (u > hi) hi = u;
        }
    }
    pl_i_nice_range(&lo, &hi);
    double pw = (W - 330) / 2;
    char xl[96], yl[96], b1[64], b2[64];
    snprintf(xl, sizeof xl, "utility of %s", pl_i_abbrev(pl_model_actor_name(m, pl_model_party(m, 0)), 36, b1, sizeof b1));
    snprintf(yl, sizeof yl, "utility of %s", pl_i_abbrev(pl_model_actor_name(m, pl_model_party(m, 1)), 36, b2, sizeof b2));
    pl_i_axes_t left = {70, 62, pw, H - 120, lo, hi, lo, hi};
    pl_i_draw_axes(c, &left, xl, yl);
    pl_i_draw_panel_title(c, &left, "Offers in the utility space");
    space_panel(c, m, d, np, &left);
    double r1 = (double)last + 1;
    pl_i_nice_range(&(double){0}, &r1);
    pl_i_axes_t right = {left.x + pw + 70, 62, pw, H - 120, 0, r1, lo, hi};
    pl_i_draw_axes(c, &right, "round", "utility of the offer to its author");
    pl_i_draw_panel_title(c, &right, "Utility over rounds");
    rounds_panel(c, m, d, np, &right);
    pl_i_legend_item_t it[MAXP + 6];
    char names[MAXP][64];
    size_t n = 0;
    for (size_t k = 0; k < np; k++)
        it[n++] = (pl_i_legend_item_t){pl_i_abbrev(pl_model_actor_name(m, pl_model_party(m, k)), 26, names[k], 64),
                                       series_shape(k, np), series_style(k, np, false)};
    it[n++] = (pl_i_legend_item_t){"mediators' texts", series_shape(np, np), series_style(np, np, false)};
    it[n++] = (pl_i_legend_item_t){"threshold", PL_I_NSHAPES, {.stroke = 0x555555, .fill = PL_I_NONE, .width = 1, .dash = 1}};
    it[n++] = (pl_i_legend_item_t){"agreement", PL_I_STAR, {.stroke = PL_I_BLACK, .fill = PL_I_YELLOW, .width = 1}};
    it[n++] = (pl_i_legend_item_t){"vote / ratification: yes", PL_I_TRIANGLE, {.stroke = PL_I_GREEN, .fill = PL_I_GREEN, .width = 1.2}};
    it[n++] = (pl_i_legend_item_t){"vote / ratification: no", PL_I_DOWN, {.stroke = PL_I_VERMILION, .fill = PL_I_NONE, .width = 1.2}};
    pl_i_draw_legend(c, right.x + pw + 12, 62, it, n);
    char cap[160];
    snprintf(cap, sizeof cap, "%zu events; %s in round %zu", d->nevents,
             d->agreement ? "agreement" : pl_end_reason_name(d->end), d->end_round + 1);
    pl_i_text(c, 20, 42, cap, 10, PL_I_START, 0, 0x333333, false, "caption");
    return pl_i_canvas_close(c, out, err);
}
