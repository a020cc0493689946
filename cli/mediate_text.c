/*
 * mediate_text.c: `parley mediate` as a text briefing: the six sections with their tables,
 * source notes numbered by first use, and the table comparing the variants. Reads the model
 * through its accessors and the scenario for names and notes; computes nothing.
 */
#include "mediate.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


/* "[n]" for the note at `path`, or "" when it has none */
static const char *cite(mediate_cites *c, char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static const char *cite(mediate_cites *c, char *buf, size_t size, const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    buf[0] = '\0';
    const char *note = pl_scenario_source(c->sc, path);
    if (!note) return buf;
    for (size_t k = 0; k < c->n; k++)
        if (c->text[k] == note || strcmp(c->path[k], path) == 0) {
            snprintf(buf, size, "[%zu]", k + 1);
            return buf;
        }
    if (c->n == 128) return buf;
    for (size_t k = 0; k < c->sc->nnotes; k++)
        if (strcmp(c->sc->notes[k].path, path) == 0) c->path[c->n] = c->sc->notes[k].path;
    c->text[c->n] = note;
    c->n++;
    snprintf(buf, size, "[%zu]", c->n);
    return buf;
}


/* the notes behind an actor's threshold: reservation, participation, linkages */
static void threshold_cites(mediate_cites *c, const pl_model_t *m, size_t a, char *out, size_t size)
{
    const pl_scenario_t *sc = pl_model_scenario(m); /* linkage names */
    const char *name = pl_model_actor_name(m, a);
    char b[32];
    out[0] = '\0';
    size_t n = 0;
#define ADD(s)                                                                                     \
    do {                                                                                           \
        const char *s_ = (s);                                                                      \
        if (s_[0] && n + strlen(s_) + 1 < size) {                                                  \
            strcat(out, s_);                                                                       \
            n += strlen(s_);                                                                       \
        }                                                                                          \
    } while (0)
    ADD(cite(c, b, sizeof b, "actors.%s.reservation", name));
    ADD(cite(c, b, sizeof b, "actors.%s.participation", name));
    for (size_t l = 0; l < pl_model_nlinkages(m); l++) {
        if (pl_model_linkage_effect(m, l, a) == 0) continue;
        ADD(cite(c, b, sizeof b, "linkages.%s.p_no_deal", sc->linkages[l].name));
        ADD(cite(c, b, sizeof b, "linkages.%s.effects.%s", sc->linkages[l].name, name));
    }
#undef ADD
}

static const char *num(char *buf, size_t size, double x)
{
    if (isnan(x)) snprintf(buf, size, "-");
    else if (isinf(x)) snprintf(buf, size, "%s", x > 0 ? "none" : "-inf");
    else snprintf(buf, size, "%.3f", fabs(x) < 5e-4 ? 0.0 : x);
    return buf;
}

static void print_packages(const pl_model_t *m, const pl_mediate_package_t *const *pk, const char *const *title,
                           size_t n, FILE *f)
{
    cli_table_t t;
    cli_table_init(&t, n + 1);
    const char *row[16] = {"issue"};
    for (size_t k = 0; k < n; k++) row[k + 1] = title[k];
    cli_table_add(&t, row);
    for (size_t i = 0; i < pl_model_nissues(m); i++) {
        row[0] = pl_model_issue_name(m, i);
        for (size_t k = 0; k < n; k++) row[k + 1] = mediate_value_label(m, i, pk[k]->outcome[i]);
        cli_table_add(&t, row);
    }
    char cells[16][4][48];
    const char *labels[] = {"Nash product", "worst normalised gain", "smallest slack", "nearest to rejecting"};
    for (int r = 0; r < 4; r++) {
        row[0] = labels[r];
        for (size_t k = 0; k < n; k++) {
            if (r == 0) num(cells[k][r], 48, pk[k]->nash);
            if (r == 1) num(cells[k][r], 48, pk[k]->ks);
            if (r == 2) num(cells[k][r], 48, pk[k]->robustness);
            if (r == 3) snprintf(cells[k][r], 48, "%s", mediate_actor_name(m, pk[k]->nearest));
            row[k + 1] = cells[k][r];
        }
        cli_table_add(&t, row);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
}

static void print_acceptance(const pl_model_t *m, const pl_mediate_package_t *p, mediate_cites *c, FILE *f)
{
    cli_table_t t;
    cli_table_init(&t, 6);
    for (size_t k = 1; k <= 4; k++) cli_table_align_right(&t, k);
    cli_table_addf(&t, "actor\tutility\tthreshold\tslack\taccepts\tsources");
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        pl_role r = pl_model_role(m, a);
        if (r != PL_ROLE_PARTY && r != PL_ROLE_FACTION) continue;
        char u[32], th[32], sl[32], refs[256];
        threshold_cites(c, m, a, refs, sizeof refs);
        bool ok = pl_model_requirements_met(m, a, p->outcome) && !(p->slack[a] < -PL_TOL);
        const char *why = ok ? "yes" : pl_model_requirements_met(m, a, p->outcome) ? "no" : "no (requires)";
        cli_table_addf(&t, "%s%s\t%s\t%s\t%s\t%s\t%s", pl_model_actor_name(m, a),
                       r == PL_ROLE_FACTION ? " (faction)" : "", num(u, sizeof u, p->utility[a]),
                       num(th, sizeof th, p->threshold[a]), num(sl, sizeof sl, p->slack[a]), why, refs);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
}

/* per issue, what each party with per-issue tables gives up against its ideal */
static void print_concessions(const mediate_report *r, const pl_mediate_package_t *p, mediate_cites *c,
                              FILE *f)
{
    const pl_model_t *m = r->m;
    const size_t *tabled = r->fd.parties, nt = r->fd.nparties;
    /* one column per party with preferences, however many (the table splits to fit the width) */
    const char **row = calloc(nt + 1, sizeof *row);
    char (*cells)[160] = calloc(nt + 1, sizeof *cells);
    if (!row || !cells) {
        free(row);
        free(cells);
        fprintf(f, "    (out of memory)\n");
        return;
    }
    cli_table_t t;
    cli_table_init(&t, 1 + nt);
    row[0] = "issue";
    for (size_t k = 0; k < nt; k++) {
        snprintf(cells[k + 1], sizeof cells[k + 1], "%s gives up", pl_model_actor_name(m, tabled[k]));
        row[k + 1] = cells[k + 1];
    }
    cli_table_add(&t, row);
    for (size_t i = 0; i < pl_model_nissues(m); i++) {
        row[0] = pl_model_issue_name(m, i);
        for (size_t k = 0; k < nt; k++) {
            size_t a = tabled[k];
            size_t ideal;
            double g = pl_mediate_concession(m, a, i, p->outcome[i], &ideal);
            char b[32];
            if (g < 5e-4) snprintf(cells[k + 1], sizeof cells[k + 1], "-");
            else
                snprintf(cells[k + 1], sizeof cells[k + 1], "%.3f (wants %s)%s", g, mediate_value_label(m, i, ideal),
                         cite(c, b, sizeof b, "actors.%s.stance.%s", pl_model_actor_name(m, a), pl_model_issue_name(m, i)));
            row[k + 1] = cells[k + 1];
        }
        cli_table_add(&t, row);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
    free(row);
    free(cells);
}

static void print_bridging(const mediate_report *r, mediate_cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_mediate_bridging_t *b = &r->br;
    fprintf(f, "   %llu of %llu packages pass every party, mandate, participation and ratification rule.\n",
            (unsigned long long)b->npassing, (unsigned long long)b->space);
    cli_define(f, "   ", "Nash product");
    cli_define(f, "   ", "normalised gain");
    cli_define(f, "   ", "slack");
    if (b->npassing == 0) {
        fprintf(f, "   No package is ratifiable as things stand.\n");
        if (b->has_closest) {
            char x[32];
            fprintf(f, "   The closest needs a total threshold move of %s (pressure or side-payments);\n"
                       "   it is blocked by %s.\n\n",
                    num(x, sizeof x, b->closest.cost), mediate_actor_name(m, b->closest.blocker));
            const pl_mediate_package_t *pk[] = {&b->closest};
            const char *title[] = {"closest"};
            print_packages(m, pk, title, 1, f);
            fprintf(f, "\n    Acceptance of the closest package:\n");
            print_acceptance(m, &b->closest, c, f);
        } else {
            fprintf(f, "   No payment can make one pass: a hard requirement or a mandate rules every package out.\n");
        }
        fprintf(f, "\n");
        return;
    }
    const char *crit[] = {"Nash product over thresholds", "worst normalised gain (Kalai-Smorodinsky)",
                          "robustness (largest smallest slack)"};
    for (int k = 0; k < PL_MEDIATE_NCRITERIA; k++) {
        fprintf(f, "\n   Top %zu by %s:\n", b->nrank[k], crit[k]);
        const pl_mediate_package_t *pk[16];
        const char *title[16];
        char tb[16][16];
        size_t n = b->nrank[k] < 15 ? b->nrank[k] : 15;
        for (size_t j = 0; j < n; j++) {
            pk[j] = &b->rank[k][j];
            snprintf(tb[j], sizeof tb[j], "#%zu", j + 1);
            title[j] = tb[j];
        }
        print_packages(m, pk, title, n, f);
    }
    const pl_mediate_package_t *best = &b->rank[PL_MEDIATE_NASH][0];
    char x[32];
    fprintf(f, "\n   The best package by Nash product leaves %s nearest to rejecting (slack %s).\n",
            mediate_actor_name(m, best->nearest), num(x, sizeof x, best->robustness));
    print_acceptance(m, best, c, f);
    fprintf(f, "\n   What each party gives up against its ideal, issue by issue (utility):\n");
    print_concessions(r, best, c, f);
    fprintf(f, "\n");
}

static void print_changes(const pl_model_t *m, const size_t *from, const size_t *to, FILE *f)
{
    cli_table_t t;
    cli_table_init(&t, 3);
    cli_table_addf(&t, "issue\tproposal\tchange to");
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        if (from[i] != to[i])
            cli_table_addf(&t, "%s\t%s\t%s", pl_model_issue_name(m, i), mediate_value_label(m, i, from[i]),
                           mediate_value_label(m, i, to[i]));
    cli_table_print(&t, f, 6, 1);
    cli_table_destroy(&t);
}

/* Are players j and k tied? Exact shares: equal; estimated ones: within two standard errors
 * of their difference. */
static bool tied(const pl_mediate_blame_t *b, size_t j, size_t k)
{
    double se = b->share_se ? sqrt(b->share_se[j] * b->share_se[j] + b->share_se[k] * b->share_se[k]) : 0;
    return fabs(b->share[j] - b->share[k]) <= 1e-9 + 2 * se;
}

/* The players with the largest share of the responsibility, all those tied at the top: "A",
 * "A and B", "A, B and C" into buf; returns how many, and the top one in *top. */
static size_t most_responsible(const pl_model_t *m, const pl_mediate_blame_t *b, char *buf, size_t size,
                               size_t *top)
{
    buf[0] = '\0';
    *top = 0;
    if (!b->share || !b->nplayers) return 0;
    for (size_t k = 1; k < b->nplayers; k++)
        if (b->share[k] > b->share[*top]) *top = k;
    size_t n = 0, ntied = 0;
    for (size_t k = 0; k < b->nplayers; k++) ntied += tied(b, k, *top);
    for (size_t k = 0; k < b->nplayers; k++) {
        if (!tied(b, k, *top)) continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", n == 0 ? "" : n + 1 == ntied ? " and " : ", ",
                 mediate_actor_name(m, b->players[k]));
        n++;
    }
    return n;
}

static void print_blame_line(const mediate_report *r, const pl_mediate_blame_t *b, FILE *f, const char *indent)
{
    const pl_model_t *m = r->m;
    if (!b->failed || !b->nplayers) return;
    char who[1024];
    size_t top, n = most_responsible(m, b, who, sizeof who, &top), positive = 0;
    for (size_t k = 0; k < b->nplayers; k++) positive += b->share[k] > 5e-3;
    const char *about = b->exact ? "" : "about ";
    if (n == 1)
        fprintf(f, "%sResponsibility for the impasse lies mostly with %s (share %s%.2f).\n", indent, who,
                about, b->share[top]);
    else if (n == positive)
        fprintf(f, "%sResponsibility for the impasse is shared equally by %s (%s%.2f each).\n", indent, who,
                about, b->share[top]);
    else
        fprintf(f, "%sResponsibility for the impasse lies mostly with %s, equally (%s%.2f each).\n", indent,
                who, about, b->share[top]);
}

static void print_what_it_takes(const mediate_report *r, mediate_cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    fprintf(f, "   For each proposal: who blocks it, the smallest change of its terms that passes, and the\n"
               "   threshold moves that would carry it unchanged.\n");
    cli_define(f, "   ", "threshold move");
    if (r->nwit == 0) fprintf(f, "   The scenario names no proposal.\n");
    for (size_t k = 0; k < r->nwit; k++) {
        const pl_mediate_what_it_takes_t *w = &r->wit[k];
        char b[32], x[32];
        fprintf(f, "\n   \"%s\"%s: ", pl_model_proposal_name(m, w->proposal),
                cite(c, b, sizeof b, "proposals.%s", pl_model_proposal_name(m, w->proposal)));
        if (w->passes) {
            fprintf(f, "passes as it stands (smallest slack %s, %s).\n",
                    num(x, sizeof x, w->original.robustness), mediate_actor_name(m, w->original.nearest));
            continue;
        }
        fprintf(f, "fails; %s blocks it.\n", mediate_actor_name(m, w->original.blocker));
        print_acceptance(m, &w->original, c, f);
        if (w->found) {
            fprintf(f, "    Smallest change that passes: %zu issue%s, taking %s utility in total from the\n"
                       "    parties that accepted the proposal:\n",
                    w->nchanged, w->nchanged == 1 ? "" : "s", num(x, sizeof x, w->taken));
            print_changes(m, w->original.outcome, w->changed.outcome, f);
        } else {
            fprintf(f, "    No change of the proposal alone makes it pass (no package passes unaided).\n");
        }
        if (!w->found && w->found_reach && w->nchanged_reach > 0) {
            fprintf(f, "    Fewest changes that pressure can then carry: %zu issue%s, plus a total threshold\n"
                       "    move of %s (blocked without it by %s):\n",
                    w->nchanged_reach, w->nchanged_reach == 1 ? "" : "s", num(x, sizeof x, w->reach.cost),
                    mediate_actor_name(m, w->reach.blocker));
            print_changes(m, w->original.outcome, w->reach.outcome, f);
        }
        if (isinf(w->move_total)) {
            fprintf(f, "    Unchanged, no threshold move makes it pass: a hard requirement or a mandate fails:\n");
            for (size_t a = 0; a < pl_model_nactors(m); a++)
                if (w->move[a] > 0)
                    fprintf(f, "      %s: %s\n", pl_model_actor_name(m, a),
                            isinf(w->move[a]) ? "a requirement or mandate fails" : num(x, sizeof x, w->move[a]));
        } else {
            fprintf(f, "    Or unchanged, with pressure or side-payments totalling %s:\n",
                    num(x, sizeof x, w->move_total));
            for (size_t a = 0; a < pl_model_nactors(m); a++)
                if (w->move[a] > 0) {
                    char refs[256], pos[300];
                    threshold_cites(c, m, a, refs, sizeof refs);
                    fprintf(f, "      %s threshold down by %s%s%s\n", cli_possessive(pl_model_actor_name(m, a), pos, sizeof pos),
                            num(x, sizeof x, w->move[a]), refs[0] ? " " : "", refs);
                }
        }
        print_blame_line(r, &r->pblame[k], f, "    ");
    }
    fprintf(f, "\n");
}

/* the linkage: probabilities, threshold shifts, and what the threat changes */
static void print_linkage(const mediate_report *r, mediate_cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_scenario_t *sc = pl_model_scenario(m); /* linkage names and actions */
    const pl_mediate_leverage_t *l = &r->lev;
    char x[32], y[32];
    if (!sc->nlinkages) return;
    fprintf(f, "\n   The linkage:");
    for (size_t k = 0; k < sc->nlinkages; k++) {
        const pl_linkage_t *lk = &sc->linkages[k];
        char b1[32], b2[32];
        fprintf(f, "%s %s (%s) happens with probability %.2f after a deal%s and %.2f without one%s",
                k ? ";" : "", pl_model_actor_name(m, lk->actor), lk->action ? lk->action : lk->name,
                lk->p_deal, cite(c, b1, sizeof b1, "linkages.%s.p_deal", lk->name), lk->p_no_deal,
                cite(c, b2, sizeof b2, "linkages.%s.p_no_deal", lk->name));
    }
    fprintf(f, ".\n   It moves the thresholds by:");
    bool any = false;
    for (size_t a = 0; a < pl_model_nactors(m); a++)
        if (pl_model_linkage_shift(m, a) != 0) {
            fprintf(f, "%s %s %+.3f", any ? "," : "", pl_model_actor_name(m, a), pl_model_linkage_shift(m, a));
            any = true;
        }
    fprintf(f, "%s.\n", any ? "" : " nothing");
    cli_table_t u;
    cli_table_init(&u, 3);
    cli_table_align_right(&u, 1);
    cli_table_align_right(&u, 2);
    cli_table_addf(&u, "\twith the linkage\twithout it");
    cli_table_addf(&u, "packages that pass\t%llu\t%llu", (unsigned long long)l->npassing_with,
                   (unsigned long long)l->npassing_without);
    cli_table_addf(&u, "least total threshold move\t%s\t%s", num(x, sizeof x, l->cost_with),
                   num(y, sizeof y, l->cost_without));
    for (size_t k = 0; k < pl_model_nparties(m); k++) {
        size_t a = pl_model_party(m, k);
        cli_table_addf(&u, "packages %s accepts\t%llu\t%llu", pl_model_actor_name(m, a),
                       (unsigned long long)l->accepts_with[a], (unsigned long long)l->accepts_without[a]);
    }
    cli_table_print(&u, f, 4, 1);
    cli_table_destroy(&u);
    if (l->npassing_with > l->npassing_without)
        fprintf(f, "   The outside threat makes %llu more package%s acceptable: it works for the mediators.\n",
                (unsigned long long)(l->npassing_with - l->npassing_without),
                l->npassing_with - l->npassing_without == 1 ? "" : "s");
    else if (l->cost_with < l->cost_without - 1e-9)
        fprintf(f, "   The outside threat lowers the pressure needed by %s.\n",
                num(x, sizeof x, l->cost_without - l->cost_with));
    else if (l->npassing_with < l->npassing_without)
        fprintf(f, "   The linkage makes agreement harder.\n");
    else
        fprintf(f, "   The linkage widens or narrows what single parties accept, but not which packages pass.\n");
}

static void print_leverage(const mediate_report *r, mediate_cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_mediate_leverage_t *l = &r->lev;
    char x[32], y[32];
    cli_define(f, "   ", "leverage");
    if (r->ins_default)
        fprintf(f, "   The scenario gives no mediator instruments: a side-payment to every veto player is\n"
                   "   tried instead (add `instruments` to a mediator, or use --instrument).\n");
    else
        fprintf(f, "   The mediators' instruments (from the scenario, and --instrument), and the least use of\n"
                   "   each alone that makes some package pass (utility units):\n");
    cli_table_t t;
    cli_table_init(&t, 6);
    cli_table_align_right(&t, 2);
    cli_table_align_right(&t, 3);
    cli_table_addf(&t, "instrument\tby\tleast use\tmax\twithin reach\tsources");
    for (size_t j = 0; j < l->n; j++) {
        const pl_instrument_t *in = &l->instruments[j];
        bool reach = !isinf(l->amount[j]) && !(l->amount[j] > in->max + PL_TOL);
        char refs[160] = "", b1[64], b2[64];
        if (!r->ins_default && r->ins_path[j][0]) {
            cite(c, b1, sizeof b1, "%s", r->ins_path[j]); /* numbered in this order */
            cite(c, b2, sizeof b2, "%s.max", r->ins_path[j]);
            snprintf(refs, sizeof refs, "%s%s", b1, b2);
        }
        char by[160];
        if (r->ins_default) snprintf(by, sizeof by, "(default)");
        else if (r->ins_by[j] == PL_UNSET) snprintf(by, sizeof by, "--instrument");
        else snprintf(by, sizeof by, "%s%s", pl_model_actor_name(m, r->ins_by[j]),
                      r->ins_overridden[j] ? " (max from --instrument)" : "");
        const char *why = reach ? "yes"
                          : isinf(l->amount[j]) ? "no: cannot alone"
                          : (snprintf(b1, sizeof b1, "no: %s short", num(x, sizeof x, l->amount[j] - in->max)), b1);
        cli_table_addf(&t, "%s %s %s\t%s\t%s\t%s\t%s\t%s", pl_mediate_instrument_kind_name(in->kind),
                       in->kind == PL_INSTRUMENT_PENALTY ? "on" : "to", pl_model_actor_name(m, in->actor), by,
                       isinf(l->amount[j]) ? "cannot" : num(y, sizeof y, l->amount[j]),
                       isinf(in->max) ? "-" : num(x, sizeof x, in->max), why, refs);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
    bool any_cannot = false;
    for (size_t j = 0; j < l->n; j++) any_cannot = any_cannot || isinf(l->amount[j]);
    if (any_cannot)
        fprintf(f, "   \"cannot alone\": whatever the amount, every package also fails another veto player,\n"
                   "   a requirement or a mandate.\n");
    for (size_t k = 0; k < r->ndropped && k < 4; k++)
        fprintf(f, "   Left out: %s: the actor has no say in ratification.\n", r->dropped[k]);
    if (isinf(l->combined)) {
        fprintf(f, "   Together, within their limits, the instruments cannot make any package pass.\n");
    } else {
        fprintf(f, "   Together: a total of %s", num(x, sizeof x, l->combined));
        bool first = true;
        for (size_t j = 0; j < l->n; j++)
            if (l->combined_use[j] > 5e-4) {
                fprintf(f, "%s%s %s %s", first ? " (" : ", ", num(x, sizeof x, l->combined_use[j]),
                        l->instruments[j].kind == PL_INSTRUMENT_PENALTY ? "penalty on" : "to",
                        pl_model_actor_name(m, l->instruments[j].actor));
                first = false;
            }
        fprintf(f, "%s.\n", first ? "" : ")");
    }
    /* what they can and cannot achieve, in words */
    if (r->br.npassing > 0) {
        fprintf(f, "   Some package passes without any instrument; they can only widen the choice.\n");
    } else if (!isinf(l->combined)) {
        fprintf(f, "   The instruments can carry a package that no party and rule accepts unaided:\n");
        const pl_mediate_package_t *pk[] = {&l->combined_package};
        const char *title[] = {"package they carry"};
        print_packages(m, pk, title, 1, f);
    } else if (r->br.has_closest) {
        const pl_mediate_package_t *cl = &r->br.closest;
        fprintf(f, "   They cannot carry any package. The closest package needs a total threshold move of\n"
                   "   %s; the gaps, and what the instruments can do about each:\n", num(x, sizeof x, cl->cost));
        for (size_t a = 0; a < pl_model_nactors(m); a++) {
            if (!(cl->slack[a] < -PL_TOL)) continue;
            pl_role ro = pl_model_role(m, a);
            if (ro != PL_ROLE_PARTY && ro != PL_ROLE_FACTION) continue;
            double cap = 0;
            bool any = false;
            for (size_t j = 0; j < l->n; j++)
                if (l->instruments[j].actor == a) {
                    cap += l->instruments[j].max;
                    any = true;
                }
            if (!any)
                fprintf(f, "     %s: %s below its threshold; no instrument reaches it\n", pl_model_actor_name(m, a),
                        num(x, sizeof x, -cl->slack[a]));
            else if (cap + PL_TOL >= -cl->slack[a])
                fprintf(f, "     %s: %s below its threshold; the instruments on it cover this (max %s)\n",
                        pl_model_actor_name(m, a), num(x, sizeof x, -cl->slack[a]), num(y, sizeof y, cap));
            else
                fprintf(f, "     %s: %s below its threshold; the instruments on it reach only %s\n",
                        pl_model_actor_name(m, a), num(x, sizeof x, -cl->slack[a]), num(y, sizeof y, cap));
        }
    } else {
        fprintf(f, "   No amount helps: a hard requirement or a mandate rules every package out.\n");
    }
    print_linkage(r, c, f);
    fprintf(f, "\n");
}

static void print_blame(const mediate_report *r, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_mediate_blame_t *b = &r->blame;
    if (!b->failed) {
        fprintf(f, "   Talks need not fail: some package passes every rule; no veto player stands in the way"
                   " of every package.\n\n");
        return;
    }
    fprintf(f, "   No package passes. For each veto player: the failing packages for which it is pivotal,\n"
               "   and its share of the responsibility for the impasse (the Shapley value of the blocking\n"
               "   game; the shares sum to 1).\n");
    cli_define(f, "   ", "pivotal");
    if (!b->exact)
        fprintf(f, "   With %zu veto players the shares are estimated from %zu random orderings (a fixed seed;\n"
                   "   +- one standard error); the pivotal counts are exact.\n",
                b->nplayers, b->samples);
    cli_table_t t;
    cli_table_init(&t, 3);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    cli_table_addf(&t, "veto player\tpivotal for\tshare of responsibility");
    for (size_t k = 0; k < b->nplayers; k++) {
        if (b->exact)
            cli_table_addf(&t, "%s\t%llu\t%.3f", mediate_actor_name(m, b->players[k]),
                           (unsigned long long)b->pivotal[k], b->share[k]);
        else
            cli_table_addf(&t, "%s\t%llu\t%.3f +- %.3f", mediate_actor_name(m, b->players[k]),
                           (unsigned long long)b->pivotal[k], b->share[k], b->share_se ? b->share_se[k] : 0.0);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
    if (b->coalition_max)
        fprintf(f, "   Minimal blocking coalitions of at most %zu members (sets whose acceptance alone is\n"
                   "   missing; larger ones are not searched with this many players):\n", b->coalition_max);
    else
        fprintf(f, "   Minimal blocking coalitions (sets whose acceptance alone is missing):\n");
    for (size_t k = 0; k < b->ncoalitions && k < 6; k++) {
        fprintf(f, "     {");
        bool first = true;
        for (size_t i = 0; i < b->nplayers; i++)
            if ((b->coalition[k] >> i) & 1) {
                fprintf(f, "%s%s", first ? "" : ", ", mediate_actor_name(m, b->players[i]));
                first = false;
            }
        fprintf(f, "} for %llu package%s\n", (unsigned long long)b->coalition_count[k],
                b->coalition_count[k] == 1 ? "" : "s");
    }
    if (!b->ncoalitions) fprintf(f, "     none found\n");
    print_blame_line(r, b, f, "   ");
    fprintf(f, "\n");
}

static double max_se(const pl_mediate_game_power_t *p)
{
    double x = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->shapley_se && p->shapley_se[i] > x) x = p->shapley_se[i];
        if (p->banzhaf_se && p->banzhaf_se[i] > x) x = p->banzhaf_se[i];
    }
    return x;
}

static void print_power(const mediate_report *r, mediate_cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    fprintf(f, "   How much each member's vote decides a ratification (and, last, each veto player's say\n"
               "   in whether a package passes at all):\n");
    cli_define(f, "   ", "Shapley-Shubik index");
    cli_define(f, "   ", "Banzhaf index");
    for (size_t k = 0; k < r->pw.nbodies; k++) {
        const pl_mediate_body_t *b = &r->pw.bodies[k];
        char q[32];
        if (b->party != PL_UNSET)
        {
            char qn[32];
            pl_model_game_t g;
            bool veto = pl_model_ratification(m, b->party, &g) && g.rule == PL_RATIFY_VETO;
            fprintf(f, "   Ratification in %s (%s, %s of the weights below)%s:\n", mediate_actor_name(m, b->party),
                    veto ? "veto: every member" : "quota", veto ? "all" : (snprintf(qn, sizeof qn, "%g", b->quota), qn),
                    cite(c, q, sizeof q, "ratification.%s", mediate_actor_name(m, b->party)));
        }
        else
            fprintf(f, "   The acceptance game (every party, mandate and ratification rule):\n");
        cli_table_t t;
        cli_table_init(&t, 4);
        for (size_t j = 1; j < 4; j++) cli_table_align_right(&t, j);
        cli_table_addf(&t, "member\tweight\tShapley-Shubik\tBanzhaf");
        for (size_t j = 0; j < b->nmembers; j++) {
            char w[32];
            cli_table_addf(&t, "%s\t%s\t%.4f\t%.4f", mediate_actor_name(m, b->members[j]),
                           isnan(b->weight[j]) ? "-" : (snprintf(w, sizeof w, "%g", b->weight[j]), w),
                           b->power.shapley[j], b->power.banzhaf[j]);
        }
        cli_table_print(&t, f, 4, 1);
        cli_table_destroy(&t);
        if (!b->power.exact)
            fprintf(f, "    (estimated from %zu random orderings and coalitions, a fixed seed; the largest\n"
                       "    standard error is %.4f)\n", b->power.samples, max_se(&b->power));
    }
    fprintf(f, "\n");
}

static void print_fair(const mediate_report *r, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_mediate_fair_division_t *fd = &r->fd;
    if (!fd->divided) {
        fprintf(f, "   fair division needs two parties with per-issue preferences.\n\n");
        return;
    }
    const char *A = mediate_actor_name(m, fd->a), *B = mediate_actor_name(m, fd->b);
    fprintf(f, "   Adjusted Winner between %s and %s (points: each side's utility range per issue,\n"
               "   out of 100); each issue goes to one side's ideal, at most one is split:\n", A, B);
    cli_table_t t;
    cli_table_init(&t, 5);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    cli_table_align_right(&t, 3);
    cli_table_addf(&t, "issue\t%s pts\t%s pts\t%s share\tpackage", A, B, A);
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        cli_table_addf(&t, "%s\t%.1f\t%.1f\t%.2f\t%s", pl_model_issue_name(m, i), fd->points_a[i],
                       fd->points_b[i], fd->aw.share_a[i], mediate_value_label(m, i, fd->package.outcome[i]));
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
    char x[32];
    fprintf(f, "   Each side gets %.1f of its 100 points%s%s. The package %s (blocked by %s).\n",
            fd->aw.points_a, fd->aw.split != PL_UNSET ? "; split issue: " : "",
            fd->aw.split != PL_UNSET ? pl_model_issue_name(m, fd->aw.split) : "",
            fd->package.passes ? "passes every rule" : "does not pass",
            mediate_actor_name(m, fd->package.blocker));
    if (!fd->package.passes && !isinf(fd->package.cost))
        fprintf(f, "   It would need a total threshold move of %s.\n", num(x, sizeof x, fd->package.cost));
    if (fd->has_maxmin) {
        fprintf(f, "   Max-min share over the parties (whole issues):");
        for (size_t k = 0; k < fd->nparties; k++)
            fprintf(f, "%s %s %.1f", k ? "," : "", mediate_actor_name(m, fd->parties[k]), fd->maxmin_share[k]);
        fprintf(f, " points; the package %s.\n", fd->maxmin_package.passes ? "passes" : "does not pass");
    }
    fprintf(f, "\n");
}

static void print_report(const mediate_report *r, const char *variant, mediate_cites *c, FILE *f)
{
    static const char *const title[] = {"Bridging proposals", "What it takes", "Leverage",
                                        "Responsibility for the impasse", "Power", "Fair division"};
    int n = 0;
    for (int k = 0; k < MEDIATE_VARIANTS; k++) {
        if (!MEDIATE_HAS(r, k)) continue;
        fprintf(f, "%d. %s\n", ++n, title[k]);
        if (r->failed[k][0]) {
            fprintf(f, "   Not computed for %s%s%s: %s.\n\n", variant ? "variant '" : "the base scenario",
                    variant ? variant : "", variant ? "'" : "", r->failed[k]);
            continue;
        }
        switch (k) {
        case MEDIATE_BRIDGING: print_bridging(r, c, f); break;
        case MEDIATE_TAKES: print_what_it_takes(r, c, f); break;
        case MEDIATE_LEVERAGE: print_leverage(r, c, f); break;
        case MEDIATE_IMPASSE: print_blame(r, f); break;
        case MEDIATE_POWER: print_power(r, c, f); break;
        default: print_fair(r, f); break;
        }
    }
}

void mediate_text_report(const mediate_report *r, const char *file, const char *variant,
                         mediate_cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_scenario_t *sc = pl_model_scenario(m);
    /* the exact space size, never cut: a product has at most the sum of its factors' digits */
    size_t digits = 2;
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        for (size_t v = pl_model_nvalues(m, i); v; v /= 10) digits++;
    char *buf = malloc(digits);
    fprintf(f, "Mediation briefing: %s\n", sc->name ? sc->name : cli_input_name(file));
    fprintf(f, "Scenario %s%s%s; %zu issue%s, %s possible packages.\n", cli_input_name(file),
            variant ? ", variant " : "", variant ? variant : "", pl_model_nissues(m),
            pl_model_nissues(m) == 1 ? "" : "s",
            buf ? pl_model_space_size_str(m, buf, digits) : "?");
    free(buf);
    if (variant) {
        char b[32];
        if (cite(c, b, sizeof b, "variants.%s", variant)[0]) fprintf(f, "Variant source: %s\n", b);
    }
    fprintf(f, "Thresholds are reservations moved by the linkages' expected effects; slack is utility\n"
               "minus threshold. Numbers in brackets refer to the sources at the end.\n\n");
    print_report(r, variant, c, f);
}

void mediate_text_sources(const mediate_cites *c, FILE *f)
{
    if (!c->n) return;
    fprintf(f, "Sources\n");
    for (size_t k = 0; k < c->n; k++)
        fprintf(f, "  [%zu] %s: %s\n", k + 1, c->path[k] ? c->path[k] : "", c->text[k]);
}

/* ---- the variants table ---- */

void mediate_text_variants_begin(cli_table_t *t, const pl_scenario_t *base)
{
    /* a column per proposal, the first 32 (the rows below fill as many) */
    size_t nprop = base->nproposals < 32 ? base->nproposals : 32;
    cli_table_init(t, 6 + nprop);
    const char *row[40] = {"variant", "passing", "best package / closest", "least move", "most responsible",
                           "instruments"};
    char pcells[32][128];
    for (size_t p = 0; p < nprop && p < 32; p++) {
        snprintf(pcells[p], sizeof pcells[p], "%s", base->proposals[p].name);
        row[6 + p] = pcells[p];
    }
    cli_table_add(t, row);
}

/* one proposal's cell: passes; the fewest changes; the move; or changes plus the move */
static void variant_proposal_cell(const pl_mediate_what_it_takes_t *w, char *cell, size_t size)
{
    char mv[32];
    if (w->passes) snprintf(cell, size, "passes");
    else if (w->found) snprintf(cell, size, "%zu change%s", w->nchanged, w->nchanged == 1 ? "" : "s");
    else if (!isinf(w->move_total)) snprintf(cell, size, "move %s", num(mv, sizeof mv, w->move_total));
    else if (w->found_reach)
        snprintf(cell, size, "%zu change%s + move %s", w->nchanged_reach, w->nchanged_reach == 1 ? "" : "s",
                 num(mv, sizeof mv, w->reach.cost));
    else snprintf(cell, size, "unreachable");
}

void mediate_text_variants_row(cli_table_t *t, const char *variant, const mediate_report *r)
{
    const pl_model_t *m = r->m;
    char c1[64], c2[32], c3[128], cells[32][128];
    const pl_mediate_package_t *best = r->br.npassing ? &r->br.rank[PL_MEDIATE_NASH][0]
                                       : r->br.has_closest ? &r->br.closest : NULL;
    if (best) snprintf(c1, sizeof c1, "%s by %s", r->br.npassing ? "nearest to rejecting" : "blocked",
                       mediate_actor_name(m, r->br.npassing ? best->nearest : best->blocker));
    else snprintf(c1, sizeof c1, "none reachable");
    num(c2, sizeof c2, r->br.npassing ? 0 : best ? best->cost : INFINITY);
    size_t top;
    char who[100];
    size_t nwho = most_responsible(m, &r->blame, who, sizeof who, &top);
    if (r->blame.failed && nwho)
        snprintf(c3, sizeof c3, "%s %.2f%s", who, r->blame.share[top], nwho > 1 ? " each" : "");
    else snprintf(c3, sizeof c3, "-");
    char np[32];
    snprintf(np, sizeof np, "%llu", (unsigned long long)r->br.npassing);
    char c4[64], c5[32];
    if (r->br.npassing) snprintf(c4, sizeof c4, "not needed");
    else if (!isinf(r->lev.combined)) snprintf(c4, sizeof c4, "carry one (%s)", num(c5, sizeof c5, r->lev.combined));
    else snprintf(c4, sizeof c4, "cannot carry one");
    const char *rw[40] = {variant ? variant : "(base)", np, c1, c2, c3, c4};
    for (size_t p = 0; p < r->nwit && p < 32; p++) {
        variant_proposal_cell(&r->wit[p], cells[p], sizeof cells[p]);
        rw[6 + p] = cells[p];
    }
    cli_table_add(t, rw);
}

void mediate_text_variants_failed(cli_table_t *t, const char *variant)
{
    const char *rw[40] = {variant ? variant : "(base)", "-", "could not be computed (see the error)"};
    cli_table_add(t, rw);
}

void mediate_text_variants_end(cli_table_t *t, FILE *f)
{
    fprintf(f, "Variants compared (instruments: whether the mediators' instruments, within their limits,\n"
               "carry a package, and their least total use; per proposal: passes; the fewest changes;\n"
               "the threshold move; or the fewest changes plus the move they still need):\n");
    cli_table_print(t, f, 4, 1);
    fprintf(f, "\n");
    cli_table_destroy(t);
}
