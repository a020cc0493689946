/*
 * report.c: the analyst's briefing: scenario and actors, the zone of agreement and who says no,
 * the proposals, the mediator's options, a simulated story, forecasts, uncertainty, terms and
 * sources, written once for HTML (inline CSS and SVG, no script) and Markdown.
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char css[] =
    "<style>\n"
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
    "color:#111;line-height:1.45;font-size:15px}\n"
    "h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.15em;"
    "margin-top:2em}h3{margin-bottom:.3em}\n"
    "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}caption{text-align:left;"
    "color:#444;font-size:.92em;padding:.2em 0}\n"
    "th,td{border:1px solid #ccc;padding:.25em .55em;text-align:left;vertical-align:top}"
    "th{background:#eef4fa}\n"
    "td:not(:first-child){font-variant-numeric:tabular-nums}\n"
    "figure{margin:1em 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto;"
    "border:1px solid #ddd}figcaption{color:#333;font-size:.9em;margin-top:.3em}\n"
    "a.src{color:#0b5394;text-decoration:none}a.src sup{font-size:.7em;margin-left:1px}\n"
    ".lead{color:#333;font-size:1.05em}.note{color:#555}nav ol{columns:2}\n"
    "dl dt{font-weight:bold;margin-top:.5em}dl dd{margin-left:1.2em}\n"
    "@media print{body{max-width:none;margin:0;font-size:11pt}h2{page-break-after:avoid}"
    "nav{display:none}a{color:inherit}}\n"
    "</style>\n";

typedef struct rep {
    pl_i_doc_t d;
    const pl_render_report_t *r;
    const pl_model_t *m;
    const pl_scenario_t *sc;
} rep_t;

static const char *actor_note(const rep_t *R, size_t a, const char *field)
{
    char path[512];
    snprintf(path, sizeof path, "actors.%s.%s", pl_model_actor_name(R->m, a), field);
    const char *s = pl_scenario_source(R->sc, path);
    return s ? s : (field[0] == '\0' ? NULL : NULL);
}

static pl_status figure_svg(const rep_t *R, int kind, pl_render_buf_t *svg, pl_error_t *err)
{
    pl_render_options_t o;
    pl_render_options_init(&o);
    o.inline_svg = true;
    const pl_render_report_t *r = R->r;
    switch (kind) {
    case 0: return r->analysis ? pl_render_space(R->m, r->analysis, &o, svg, err) : PL_OK;
    case 1: return (r->blame || r->power) ? pl_render_blocking(R->m, r->blame, r->power, &o, svg, err) : PL_OK;
    case 2: return r->story ? pl_render_dance(R->m, r->story, &o, svg, err) : PL_OK;
    case 3:
        for (size_t i = 0; i < r->nforecasts; i++)
            if (r->forecasts[i].res && r->forecasts[i].res->trajectory)
                return pl_render_forecast(r->forecast_in, r->forecasts[i].res, r->forecasts[i].model, &o, svg, err);
        return r->nforecasts ? pl_render_forecast(r->forecast_in, r->forecasts[0].res, r->forecasts[0].model, &o, svg, err) : PL_OK;
    case 4: return r->explore ? pl_render_explore(r->explore, &o, svg, err) : PL_OK;
    default: return PL_OK;
    }
}

static pl_status figure(rep_t *R, int kind, const char *id, const char *caption, const char *how,
                        pl_error_t *err)
{
    pl_render_buf_t svg;
    pl_render_buf_init(&svg);
    pl_status st = R->d.fmt == PL_REPORT_HTML ? figure_svg(R, kind, &svg, err) : PL_OK;
    if (st == PL_OK) pl_i_doc_figure(&R->d, id, &svg, caption, how);
    pl_render_buf_destroy(&svg);
    return st;
}

/* ---------------------------------------------------------------- sections */

static void sec_scenario(rep_t *R)
{
    pl_i_doc_t *d = &R->d;
    char sz[96], c1[512], c2[512], c3[512], c4[256];
    pl_i_doc_heading(d, 2, "scenario", "1. The scenario");
    if (R->sc->description) pl_i_doc_para(d, "%s", R->sc->description);
    pl_i_doc_para(d, "%zu issues, %zu actors (%zu parties); %s possible packages (one value per issue).",
                  pl_model_nissues(R->m), pl_model_nactors(R->m), pl_model_nparties(R->m),
                  pl_model_space_size_str(R->m, sz, sizeof sz));
    pl_i_doc_table_begin(d, 4);
    pl_i_doc_table_row(d, (const char *[]){"issue", "options", "reference (status quo)", "source"});
    for (size_t i = 0; i < pl_model_nissues(R->m); i++) {
        const pl_issue_t *is = &R->sc->issues[i];
        size_t o = 0;
        c2[0] = '\0';
        for (size_t v = 0; v < is->nvalues && o + 40 < sizeof c2; v++) {
            if (v == 6 && is->nvalues > 8) {
                o += (size_t)snprintf(c2 + o, sizeof c2 - o, ", ... %s", is->values[is->nvalues - 1]);
                break;
            }
            o += (size_t)snprintf(c2 + o, sizeof c2 - o, "%s%s", v ? ", " : "", is->values[v]);
        }
        double ref = pl_model_issue_reference(R->m, i);
        size_t k = pl_i_doc_cite(d, is->source);
        snprintf(c4, sizeof c4, k ? (d->fmt == PL_REPORT_MD ? "[%zu]" : "<a class=\"src\" href=\"#src-%zu\">[%zu]</a>") : "-", k, k);
        char cc2[600];
        pl_i_doc_table_row(d, (const char *[]){pl_i_doc_cell(d, is->name, c1, sizeof c1), pl_i_doc_cell(d, c2, cc2, sizeof cc2),
                                               isfinite(ref) && (size_t)ref < is->nvalues && is->kind == PL_ISSUE_CATEGORICAL
                                                   ? pl_i_doc_cell(d, is->values[(size_t)ref], c3, sizeof c3)
                                                   : isfinite(ref) ? (snprintf(c3, sizeof c3, "%g", ref), c3) : "-",
                                               c4});
    }
    pl_i_doc_table_end(d, "The issues and their options, in the order written.");
}

static void sec_actors(rep_t *R)
{
    pl_i_doc_t *d = &R->d;
    pl_i_doc_heading(d, 2, "actors", "2. Actors, roles and sources");
    pl_i_doc_para(d, "Each actor's threshold is the utility it must get to accept a deal: its reservation "
                     "(the value of no deal) moved by the linkages' expected effects. Utilities are on "
                     "each actor's own scale from 0 to 1.");
    pl_i_doc_table_begin(d, 6);
    pl_i_doc_table_row(d, (const char *[]){"actor", "role", "of", "reservation", "threshold", "clout"});
    for (size_t a = 0; a < pl_model_nactors(R->m); a++) {
        char n[256], role[64], of[256], res[512], thr[512], cl[512];
        size_t p = pl_model_party_of(R->m, a);
        snprintf(role, sizeof role, "%s%s", pl_role_name(pl_model_role(R->m, a)), pl_model_is_host(R->m, a) ? " (host)" : "");
        pl_i_doc_cell(d, p != PL_UNSET ? pl_model_actor_name(R->m, p) : "", of, sizeof of);
        bool pref = pl_model_has_preferences(R->m, a);
        const char *note = actor_note(R, a, "reservation");
        if (!note) note = R->sc->actors[a].source;
        pl_i_doc_table_row(d, (const char *[]){
                                  pl_i_doc_cell(d, pl_model_actor_name(R->m, a), n, sizeof n), role, of,
                                  pref ? pl_i_doc_num(d, pl_model_reservation(R->m, a), 3, note, res, sizeof res) : "-",
                                  pref ? pl_i_doc_num(d, pl_model_threshold(R->m, a), 3, NULL, thr, sizeof thr) : "-",
                                  pl_i_doc_num(d, pl_model_clout(R->m, a), 2, actor_note(R, a, "clout"), cl, sizeof cl)});
    }
    pl_i_doc_table_end(d, "Superscripts link to the source note behind a number (see Sources).");
}

static void sec_zone(rep_t *R, pl_error_t *err, pl_status *st)
{
    pl_i_doc_t *d = &R->d;
    const pl_analysis_t *an = R->r->analysis;
    pl_i_doc_heading(d, 2, "zone", "3. The zone of agreement and who says no");
    if (!an) {
        pl_i_doc_para(d, "The analysis was not run.");
        return;
    }
    const pl_zone_t *z = &an->zone;
    if (z->known) {
        pl_i_doc_para(d, "Of %s packages, %llu are accepted by every party; %llu of those are also feasible "
                         "(inside every delegation's mandate and ratified). %s",
                      an->outcomes_str, (unsigned long long)z->accepted, (unsigned long long)z->feasible,
                      z->feasible ? "A deal exists as things stand." : "No deal can be signed and ratified as things stand.");
        pl_i_doc_table_begin(d, 4);
        pl_i_doc_table_row(d, (const char *[]){"actor", "role", "rejects (whole space)", "blocks (accepted by every party)"});
        for (size_t a = 0; a < pl_model_nactors(R->m); a++) {
            if (!z->rejects || (!z->rejects[a] && !(z->blocks && z->blocks[a]))) continue;
            char n[256], r1[32], r2[32];
            snprintf(r1, sizeof r1, "%llu", (unsigned long long)z->rejects[a]);
            snprintf(r2, sizeof r2, "%llu", (unsigned long long)(z->blocks ? z->blocks[a] : 0));
            pl_i_doc_table_row(d, (const char *[]){pl_i_doc_cell(d, pl_model_actor_name(R->m, a), n, sizeof n),
                                                   pl_role_name(pl_model_role(R->m, a)), r1, r2});
        }
        pl_i_doc_table_end(d, "Who says no: packages each actor rejects, and accepted packages it blocks "
                              "through a mandate or ratification.");
    } else {
        pl_i_doc_para(d, "The space of %s packages is too large to count the zone exactly.", an->outcomes_str);
    }
    if (an->frontier)
        pl_i_doc_para(d, "The Pareto frontier of the parties has %zu distinct points (%s). The figure "
                         "shows every package by its utility to the parties.",
                      an->frontier->npoints, an->frontier->method);
    *st = figure(R, 0, "fig-space", "Utility space: every package, the rational and feasible sets, the "
                 "Pareto frontier, thresholds (dashed), the four bargaining points and the proposals.",
                 "parley plot space FILE -o space.svg", err);
}

static void sec_proposals(rep_t *R)
{
    pl_i_doc_t *d = &R->d;
    const pl_analysis_t *an = R->r->analysis;
    pl_i_doc_heading(d, 2, "proposals", "4. The proposals");
    if (!an || an->nproposals == 0) {
        pl_i_doc_para(d, "The scenario has no proposals.");
        return;
    }
    pl_i_doc_para(d, "Each proposal's utility to every party (yes/no: whether it accepts), whether every "
                     "party's ratification passes, and its distance to the Nash point (utility units).");
    size_t np = pl_model_nparties(R->m), nc = np + 4 > 12 ? 12 : np + 4;
    pl_i_doc_table_begin(d, nc);
    const char *head[12] = {"proposal"};
    char hb[12][128];
    for (size_t k = 0; k + 4 < nc; k++)
        head[k + 1] = pl_i_doc_cell(d, pl_model_actor_name(R->m, pl_model_party(R->m, k)), hb[k], sizeof hb[k]);
    head[nc - 3] = "ratified", head[nc - 2] = "Pareto", head[nc - 1] = "to Nash";
    pl_i_doc_table_row(d, head);
    for (size_t p = 0; p < an->nproposals; p++) {
        const pl_proposal_report_t *pr = &an->proposals[p];
        const char *row[12];
        char cb[12][600];
        char tmp[200];
        pl_i_doc_cell(d, pl_model_proposal_name(R->m, pr->proposal), tmp, sizeof tmp);
        size_t k2 = pl_i_doc_cite(d, R->sc->proposals[pr->proposal].source);
        if (!k2) snprintf(cb[0], sizeof cb[0], "%s", tmp);
        else if (d->fmt == PL_REPORT_MD) snprintf(cb[0], sizeof cb[0], "%s [%zu]", tmp, k2);
        else snprintf(cb[0], sizeof cb[0], "%s <a class=\"src\" href=\"#src-%zu\">[%zu]</a>", tmp, k2, k2);
        row[0] = cb[0];
        for (size_t k = 0; k + 4 < nc; k++) {
            size_t a = pl_model_party(R->m, k);
            if (pr->partial)
                snprintf(cb[k + 1], sizeof cb[k + 1], "%.3f-%.3f %s", pr->u_min[a], pr->u_max[a], pr->accepts[a] ? "yes" : "no");
            else
                snprintf(cb[k + 1], sizeof cb[k + 1], "%.3f %s", pr->u_min[a], pr->accepts[a] ? "yes" : "no");
            row[k + 1] = cb[k + 1];
        }
        row[nc - 3] = pr->ratified ? "yes" : "no";
        row[nc - 2] = pr->dominated ? "dominated" : "optimal";
        snprintf(cb[11], 32, isfinite(pr->nash_distance) ? "%.3f" : "-", pr->nash_distance);
        row[nc - 1] = cb[11];
        pl_i_doc_table_row(d, row);
    }
    pl_i_doc_table_end(d, "Dominated: some rational package is better for every party.");
}

static void package_table(rep_t *R, const pl_mediate_package_t *pk, const char *caption)
{
    pl_i_doc_t *d = &R->d;
    pl_i_doc_table_begin(d, 2);
    pl_i_doc_table_row(d, (const char *[]){"issue", "value"});
    for (size_t i = 0; i < pl_model_nissues(R->m); i++) {
        char a[256], b[256];
        pl_i_doc_table_row(d, (const char *[]){pl_i_doc_cell(d, pl_model_issue_name(R->m, i), a, sizeof a),
                                               pl_i_doc_cell(d, pl_model_value_label(R->m, i, pk->outcome[i]), b, sizeof b)});
    }
    pl_i_doc_table_end(d, caption);
}

static void sec_mediator(rep_t *R, pl_error_t *err, pl_status *st)
{
    pl_i_doc_t *d = &R->d;
    const pl_render_report_t *r = R->r;
    pl_i_doc_heading(d, 2, "mediator", "5. The mediator's options");
    if (r->mediate_note) pl_i_doc_para(d, "%s", r->mediate_note);
    pl_i_doc_heading(d, 3, "bridging", "Bridging");
    if (r->bridging) {
        const pl_mediate_bridging_t *b = r->bridging;
        pl_i_doc_para(d, "%llu of %llu packages pass every party, mandate, participation and ratification rule.",
                      (unsigned long long)b->npassing, (unsigned long long)b->space);
        if (b->nrank[PL_MEDIATE_NASH] > 0)
            package_table(R, &b->rank[PL_MEDIATE_NASH][0], "The passing package with the largest Nash product.");
        else if (b->has_closest) {
            pl_i_doc_para(d, "None passes. The closest needs a total threshold move of %.3f (utility units of "
                             "pressure or side payments); %s blocks it without that.",
                          b->closest.cost, b->closest.blocker != PL_UNSET ? pl_model_actor_name(R->m, b->closest.blocker) : "no one");
            package_table(R, &b->closest, "The closest package.");
        }
    }
    pl_i_doc_heading(d, 3, "what-it-takes", "What it takes");
    for (size_t k = 0; k < r->nwit; k++) {
        const pl_mediate_what_it_takes_t *w = &r->wit[k];
        const char *name = pl_model_proposal_name(R->m, w->proposal);
        if (w->passes) pl_i_doc_para(d, "\"%s\" passes as it stands.", name);
        else if (w->found)
            pl_i_doc_para(d, "\"%s\" fails; changing %zu issue(s) makes it pass, taking %.3f utility from the "
                             "parties that accepted it.", name, w->nchanged, w->taken);
        else if (w->found_reach)
            pl_i_doc_para(d, "\"%s\" fails and no change alone makes it pass; changing %zu issue(s) and moving "
                             "thresholds by %.3f in total does.", name, w->nchanged_reach, w->reach.cost);
        else
            pl_i_doc_para(d, "\"%s\" fails%s.", name, isfinite(w->move_total) ? "" : ": a hard requirement or mandate fails whatever the pressure");
        if (!w->passes && isfinite(w->move_total))
            pl_i_doc_para(d, "Unchanged, it passes with threshold moves totalling %.3f.", w->move_total);
    }
    pl_i_doc_heading(d, 3, "leverage", "Leverage");
    if (r->leverage && r->leverage->n) {
        const pl_mediate_leverage_t *l = r->leverage;
        pl_i_doc_table_begin(d, 4);
        pl_i_doc_table_row(d, (const char *[]){"instrument", "least use alone", "largest usable", "within reach"});
        for (size_t i = 0; i < l->n; i++) {
            char a[256], b[32], c[32], nm[200];
            snprintf(nm, sizeof nm, "%s %s %s", pl_mediate_instrument_kind_name(l->instruments[i].kind),
                     l->instruments[i].kind == PL_INSTRUMENT_PENALTY ? "on" : "to", pl_model_actor_name(R->m, l->instruments[i].actor));
            snprintf(b, sizeof b, isfinite(l->amount[i]) ? "%.3f" : "cannot", l->amount[i]);
            snprintf(c, sizeof c, isfinite(l->instruments[i].max) ? "%.3f" : "unbounded", l->instruments[i].max);
            pl_i_doc_table_row(d, (const char *[]){pl_i_doc_cell(d, nm, a, sizeof a), b, c,
                                                   isfinite(l->amount[i]) && l->amount[i] <= l->instruments[i].max + PL_TOL ? "yes" : "no"});
        }
        pl_i_doc_table_end(d, "Least use of each instrument alone that makes some package pass (utility units).");
        if (isfinite(l->combined)) pl_i_doc_para(d, "All instruments together: a least total use of %.3f.", l->combined);
    } else {
        pl_i_doc_para(d, "No instruments were given.");
    }
    pl_i_doc_heading(d, 3, "blocking", "Who blocks, and voting power");
    if (r->blame && r->blame->nplayers) {
        size_t top = 0;
        for (size_t i = 1; i < r->blame->nplayers; i++) top = r->blame->share[i] > r->blame->share[top] ? i : top;
        pl_i_doc_para(d, "Responsibility for the impasse (the Shapley value of the blocking game) is largest for %s "
                         "(share %.2f); pivotal counts are the packages one player's acceptance alone would carry.",
                      pl_model_actor_name(R->m, r->blame->players[top]), r->blame->share[top]);
    }
    *st = figure(R, 1, "fig-blocking", "Minimal blocking sets, pivotal packages per veto player, and the "
                 "Shapley-Shubik and Banzhaf indices of each voting body.", "parley plot blocking FILE -o blocking.svg", err);
}

static void story_line(rep_t *R, const pl_render_event_t *e, char *buf, size_t size)
{
    const char *who = e->actor != PL_UNSET ? pl_model_actor_name(R->m, e->actor) : "someone";
    char pk[96] = "";
    if (e->outcome && pl_model_nparties(R->m) >= 2) {
        size_t o = 0;
        for (size_t k = 0; k < pl_model_nparties(R->m) && k < 3 && o + 30 < sizeof pk; k++)
            o += (size_t)snprintf(pk + o, sizeof pk - o, "%s%s %.2f", k ? ", " : " (", pl_model_actor_name(R->m, pl_model_party(R->m, k)),
                                  pl_model_utility(R->m, pl_model_party(R->m, k), e->outcome));
        snprintf(pk + o, sizeof pk - o, ")");
    }
    switch (e->kind) {
    case PL_EV_OFFER: snprintf(buf, size, "%s offers a package%s", who, pk); break;
    case PL_EV_PROPOSE: snprintf(buf, size, "%s puts a text on the table%s", who, pk); break;
    case PL_EV_REWORD: snprintf(buf, size, "%s rewords an offer%s", who, pk); break;
    case PL_EV_ACCEPT: snprintf(buf, size, "%s accepts", who); break;
    case PL_EV_VOTE: snprintf(buf, size, "%s votes %s", who, e->value ? "yes" : "no"); break;
    case PL_EV_RATIFY: snprintf(buf, size, "%s's ratification %s", who, e->value ? "passes" : "fails"); break;
    case PL_EV_JOIN: snprintf(buf, size, "%s joins the talks", who); break;
    case PL_EV_WALKOUT: snprintf(buf, size, "%s walks out", who); break;
    case PL_EV_LEAVE: snprintf(buf, size, "%s leaves the talks", who); break;
    case PL_EV_AGREEMENT: snprintf(buf, size, "agreement%s", pk); break;
    default: buf[0] = '\0';
    }
}

static void sec_story(rep_t *R, pl_error_t *err, pl_status *st)
{
    pl_i_doc_t *d = &R->d;
    const pl_render_dance_t *s = R->r->story;
    pl_i_doc_heading(d, 2, "story", "6. A simulated story");
    if (!s) {
        pl_i_doc_para(d, "No simulation was run (parley report --no-simulate, or the scenario cannot be simulated).");
        return;
    }
    pl_i_doc_para(d, "One seeded run (seed %llu%s%s): a story of how the talks could go, not a forecast. It ended "
                     "in round %zu with %s.", (unsigned long long)R->r->story_seed, s->protocol ? ", protocol " : "",
                  s->protocol ? s->protocol : "", s->end_round + 1, s->agreement ? "an agreement" : pl_end_reason_name(s->end));
    if (d->fmt == PL_REPORT_HTML) pl_i_doc_html(d, "<ol class=\"story\">\n");
    size_t shown = 0;
    for (size_t i = 0; i < s->nevents && shown < 30; i++) {
        char line[400];
        story_line(R, &s->events[i], line, sizeof line);
        if (!line[0]) continue;
        shown++;
        if (d->fmt == PL_REPORT_HTML) {
            pl_i_doc_html(d, "<li>");
            pl_i_doc_printf(d, "Round %zu: %s", s->events[i].round + 1, line);
            pl_i_doc_html(d, "</li>\n");
        } else {
            pl_i_doc_para(d, "- Round %zu: %s", s->events[i].round + 1, line);
        }
    }
    pl_i_doc_html(d, "</ol>\n");
    *st = figure(R, 2, "fig-dance", "The negotiation dance: offers as paths in the parties' utility space, "
                 "and each party's utility of its own offers over rounds; votes along the bottom.",
                 "parley plot dance FILE --seed S -o dance.svg", err);
}

static void sec_forecast(rep_t *R, pl_error_t *err, pl_status *st)
{
    pl_i_doc_t *d = &R->d;
    const pl_render_report_t *r = R->r;
    pl_i_doc_heading(d, 2, "forecasts", "7. Forecasts");
    if (!r->forecast_in || r->nforecasts == 0) {
        pl_i_doc_para(d, "%s", r->forecast_note ? r->forecast_note : "No forecast was run.");
        return;
    }
    const pl_forecast_input_t *in = r->forecast_in;
    pl_i_doc_para(d, "Spatial models predict where each ordered or numeric issue lands, from the actors' positions, "
                     "saliences and clout (docs/models.md). Positions are option ranks (0 = first option).");
    size_t nc = r->nforecasts + 1 > 8 ? 8 : r->nforecasts + 1;
    pl_i_doc_table_begin(d, nc);
    const char *head[8] = {"issue"};
    for (size_t k = 1; k < nc; k++) head[k] = r->forecasts[k - 1].model;
    pl_i_doc_table_row(d, head);
    for (size_t di = 0; di < in->ndims; di++) {
        const char *row[8];
        char cb[8][256];
        row[0] = pl_i_doc_cell(d, in->dim && in->dim[di] ? in->dim[di] : "?", cb[0], sizeof cb[0]);
        for (size_t k = 1; k < nc; k++) {
            const pl_forecast_result_t *res = r->forecasts[k - 1].res;
            snprintf(cb[k], sizeof cb[k], res && isfinite(res->forecast[di]) ? "%.2f" : "-", res ? res->forecast[di] : 0.0);
            row[k] = cb[k];
        }
        pl_i_doc_table_row(d, row);
    }
    pl_i_doc_table_end(d, "Forecast position per issue and model.");
    *st = figure(R, 3, "fig-forecast", "Each actor's position over rounds on every issue (a dynamic model), the "
                 "forecast dashed.", "parley plot forecast FILE --model eum -o forecast.svg", err);
}

static void sec_uncertainty(rep_t *R, pl_error_t *err, pl_status *st)
{
    pl_i_doc_t *d = &R->d;
    pl_i_doc_heading(d, 2, "uncertainty", "8. Uncertainty");
    if (!R->r->explore) {
        pl_i_doc_para(d, "Not available: this section needs the result of 'parley explore' (how sure the verdicts are, "
                         "and which input flips them), which this version does not have yet.");
        return;
    }
    *st = figure(R, 4, "fig-explore", "How sure, and what flips it: pass probabilities, each input's swing, and "
                 "its breakpoints.", "parley plot explore RESULT.json -o explore.svg", err);
}

static void sec_terms(rep_t *R)
{
    pl_i_doc_t *d = &R->d;
    pl_i_doc_heading(d, 2, "terms", "9. Terms");
    pl_i_doc_html(d, "<dl>\n");
    for (size_t i = 0; i < pl_render_term_count(); i++) {
        const pl_render_term_t *t = pl_render_term_at(i);
        if (d->fmt == PL_REPORT_MD) {
            char buf[1024];
            snprintf(buf, sizeof buf, "**%s**: %s", t->term, t->meaning);
            pl_i_doc_para(d, "%s", buf);
            continue;
        }
        pl_i_doc_html(d, "<dt>");
        pl_i_doc_text(d, t->term);
        pl_i_doc_html(d, "</dt><dd>");
        pl_i_doc_text(d, t->meaning);
        pl_i_doc_html(d, "</dd>\n");
    }
    pl_i_doc_html(d, "</dl>\n");
}

static void sec_sources(rep_t *R)
{
    pl_i_doc_t *d = &R->d;
    pl_i_doc_heading(d, 2, "sources", "10. Sources");
    if (R->sc->source) pl_i_doc_para(d, "Scenario: %s", R->sc->source);
    if (d->nnotes == 0) {
        pl_i_doc_para(d, "No number in this report carries a source note.");
        return;
    }
    pl_i_doc_html(d, "<ol class=\"sources\">\n");
    for (size_t i = 0; i < d->nnotes; i++) {
        if (d->fmt == PL_REPORT_MD) {
            char buf[2048];
            snprintf(buf, sizeof buf, "[%zu] %s", i + 1, d->notes[i]);
            pl_i_doc_para(d, "%s", buf);
            continue;
        }
        pl_i_buf_printf(&d->b, "<li id=\"src-%zu\">", i + 1);
        pl_i_doc_text(d, d->notes[i]);
        pl_i_doc_html(d, "</li>\n");
    }
    pl_i_doc_html(d, "</ol>\n");
}

static void head(rep_t *R)
{
    pl_i_doc_t *d = &R->d;
    const char *name = R->sc->name ? R->sc->name : "Scenario";
    if (d->fmt == PL_REPORT_MD) {
        pl_i_buf_printf(&d->b, "# Briefing: %s\n\n", name);
        pl_i_doc_para(d, "Written by parley %s from %s. Numbers followed by [n] come from source note n "
                         "(Sources, at the end); utilities are on each actor's own 0-1 scale.",
                      pl_version(), R->sc->file ? R->sc->file : "a scenario");
        return;
    }
    pl_i_doc_html(d, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Briefing: ");
    pl_i_doc_text(d, name);
    pl_i_doc_html(d, "</title>\n");
    pl_i_doc_html(d, css);
    pl_i_doc_html(d, "</head>\n<body>\n<header>\n<h1>Briefing: ");
    pl_i_doc_text(d, name);
    pl_i_doc_html(d, "</h1>\n<p class=\"lead\">");
    pl_i_doc_printf(d, "Written by parley %s from %s. Linked superscripts lead to the source note behind a number; "
                       "utilities are on each actor's own 0-1 scale.", pl_version(), R->sc->file ? R->sc->file : "a scenario");
    pl_i_doc_html(d, "</p>\n</header>\n<nav><ol>"
                     "<li><a href=\"#scenario\">The scenario</a></li><li><a href=\"#actors\">Actors</a></li>"
                     "<li><a href=\"#zone\">Zone of agreement</a></li><li><a href=\"#proposals\">Proposals</a></li>"
                     "<li><a href=\"#mediator\">Mediator's options</a></li><li><a href=\"#story\">A simulated story</a></li>"
                     "<li><a href=\"#forecasts\">Forecasts</a></li><li><a href=\"#uncertainty\">Uncertainty</a></li>"
                     "<li><a href=\"#terms\">Terms</a></li><li><a href=\"#sources\">Sources</a></li></ol></nav>\n<main>\n");
}

pl_status pl_render_report_write(const pl_render_report_t *r, pl_report_format fmt,
                                 pl_render_buf_t *out, pl_error_t *err)
{
    if (!r || !r->model || !pl_model_scenario(r->model))
        return pl_error_set(err, PL_EINVAL, "the report needs a compiled model");
    rep_t R = {.d = {.fmt = fmt, .width = r->width > 20 ? r->width : 100}, .r = r, .m = r->model,
               .sc = pl_model_scenario(r->model)};
    pl_status st = PL_OK;
    head(&R);
    sec_scenario(&R);
    sec_actors(&R);
    sec_zone(&R, err, &st);
    if (st == PL_OK) sec_proposals(&R);
    if (st == PL_OK) sec_mediator(&R, err, &st);
    if (st == PL_OK) sec_story(&R, err, &st);
    if (st == PL_OK) sec_forecast(&R, err, &st);
    if (st == PL_OK) sec_uncertainty(&R, err, &st);
    if (st == PL_OK) {
        sec_terms(&R);
        sec_sources(&R);
        pl_i_doc_html(&R.d, "</main>\n</body>\n</html>\n");
    }
    if (st == PL_OK && (R.d.b.oom || R.d.failed)) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (st == PL_OK && !pl_i_buf_set(out, R.d.b.p ? R.d.b.p : "", R.d.b.n))
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(R.d.b.p);
    pl_free(R.d.cells);
    return st;
}
