/*
 * cmd_mediate.c: `parley mediate`: a mediator's briefing from a scenario. Bridging packages,
 * what it takes to pass a proposal, leverage of instruments and of the linkage, blame, power
 * of the ratification bodies, fair division; every number with the source notes behind it;
 * without --variant, the answers are compared across the file's variants.
 */
#include "cli.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: parley mediate <file> [--variant <name>] [--json] [--proposal <name>] [--top <k>]",
    "                      [--instrument <kind>:<actor>[:<max>]]...",
    "",
    "   --variant <name>      apply a variant of the scenario (default: the base, then every",
    "                         variant is compared at the end)",
    "   --json                print the answers as JSON",
    "   --proposal <name>     what it takes for this proposal (default: every proposal)",
    "   --top <k>             bridging packages per criterion (default 3)",
    "   --instrument <spec>   a mediator instrument: side-payment:<actor>[:<max>] or",
    "                         penalty:<actor>[:<max>] (utility units), added to the mediators'",
    "                         `instruments` in the scenario (or replacing the maximum of the one",
    "                         of the same kind on the same actor); with none at all: a",
    "                         side-payment to every veto player",
    "   -h, --help            show this help",
    NULL};

#define MAX_INSTRUMENTS 64

/* ---- source notes, numbered by first use ---- */
typedef struct cites {
    const pl_scenario_t *sc;
    const char *path[128];
    const char *text[128];
    size_t n;
} cites;

/* "[n]" for the note at `path`, or "" when it has none */
static const char *cite(cites *c, char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static const char *cite(cites *c, char *buf, size_t size, const char *fmt, ...)
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
static void threshold_cites(cites *c, const pl_model_t *m, size_t a, char *out, size_t size)
{
    const pl_scenario_t *sc = m->sc;
    char b[32];
    out[0] = '\0';
    size_t n = 0;
#define ADD(s)                                                                                     \
    do {                                                                                           \
        if ((s)[0] && n + strlen(s) + 1 < size) {                                                  \
            strcat(out, s);                                                                        \
            n += strlen(s);                                                                        \
        }                                                                                          \
    } while (0)
    ADD(cite(c, b, sizeof b, "actors.%s.reservation", sc->actors[a].name));
    ADD(cite(c, b, sizeof b, "actors.%s.participation", sc->actors[a].name));
    for (size_t l = 0; l < sc->nlinkages; l++) {
        if (!sc->linkages[l].effect || sc->linkages[l].effect[a] == 0) continue;
        ADD(cite(c, b, sizeof b, "linkages.%s.p_no_deal", sc->linkages[l].name));
        ADD(cite(c, b, sizeof b, "linkages.%s.effects.%s", sc->linkages[l].name, sc->actors[a].name));
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

static const char *actor_name(const pl_model_t *m, size_t a)
{
    return a < m->nactors ? m->sc->actors[a].name : "nobody";
}

static const char *value_label(const pl_model_t *m, size_t i, size_t v)
{
    return v < m->nvalues[i] ? m->sc->issues[i].values[v] : "(open)";
}

/* ---- all the answers for one scenario ---- */
typedef struct report {
    const pl_model_t *m;
    pl_mediate_options_t opt;
    pl_mediate_bridging_t br;
    size_t nwit;
    pl_mediate_what_it_takes_t *wit;
    pl_mediate_blame_t *pblame;           /* per proposal analysed: blame for its failure */
    pl_mediate_leverage_t lev;
    pl_mediate_blame_t blame;
    pl_mediate_power_t pw;
    bool have_aw;
    size_t aw_a, aw_b;
    double *points_a, *points_b;
    pl_mediate_adjusted_winner_t aw;
    pl_mediate_package_t aw_pkg;
    bool have_mm;
    size_t *mm_owner;
    double *mm_share;
    pl_mediate_package_t mm_pkg;
    char aw_note[256];
    /* where each instrument of lev comes from: the mediator that has it in the scenario
     * (PL_UNSET: given with --instrument; with `overridden` when it replaced a scenario
     * instrument's maximum), and its note path; whether they are the default set */
    size_t ins_by[MAX_INSTRUMENTS];
    bool ins_overridden[MAX_INSTRUMENTS];
    char ins_path[MAX_INSTRUMENTS][200];
    bool ins_default;
    size_t ndropped;              /* scenario instruments on actors with no say, left out */
    char dropped[4][200];
} report;

static void report_destroy(report *r)
{
    pl_mediate_bridging_destroy(&r->br);
    for (size_t k = 0; k < r->nwit; k++) {
        pl_mediate_what_it_takes_destroy(&r->wit[k]);
        pl_mediate_blame_destroy(&r->pblame[k]);
    }
    free(r->wit);
    free(r->pblame);
    pl_mediate_leverage_destroy(&r->lev);
    pl_mediate_blame_destroy(&r->blame);
    pl_mediate_power_destroy(&r->pw);
    free(r->points_a);
    free(r->points_b);
    pl_mediate_adjusted_winner_destroy(&r->aw);
    pl_mediate_package_destroy(&r->aw_pkg);
    free(r->mm_owner);
    free(r->mm_share);
    pl_mediate_package_destroy(&r->mm_pkg);
}

/* the value of issue i that gives party a the fraction f of the way from b's ideal to a's */
static size_t split_value(const pl_model_t *m, size_t a, size_t i, size_t va, size_t vb, double f)
{
    const double *t = m->table[a][i];
    double span = t[va] - t[vb];
    size_t best = va;
    double bd = INFINITY;
    for (size_t v = 0; v < m->nvalues[i]; v++) {
        double x = span != 0 ? (t[v] - t[vb]) / span : 1;
        if (x < -1e-9 || x > 1 + 1e-9) continue;
        if (fabs(x - f) < bd) {
            bd = fabs(x - f);
            best = v;
        }
    }
    return best;
}

static pl_status fair_division(report *r, pl_error_t *err)
{
    const pl_model_t *m = r->m;
    size_t ni = m->nissues;
    size_t tabled[64], nt = 0;
    for (size_t k = 0; k < m->nparties && nt < 64; k++)
        if (m->table[m->parties[k]]) tabled[nt++] = m->parties[k];
    if (nt < 2) {
        snprintf(r->aw_note, sizeof r->aw_note,
                 "fair division needs two parties with per-issue preferences");
        return PL_OK;
    }
    r->aw_a = tabled[0];
    r->aw_b = tabled[1];
    r->points_a = calloc(ni, sizeof(double));
    r->points_b = calloc(ni, sizeof(double));
    size_t *o = calloc(ni, sizeof(size_t));
    if (!r->points_a || !r->points_b || !o) {
        free(o);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_status s = pl_mediate_issue_points(m, r->aw_a, r->points_a, err);
    if (s == PL_OK) s = pl_mediate_issue_points(m, r->aw_b, r->points_b, err);
    if (s == PL_OK) s = pl_mediate_adjusted_winner(r->points_a, r->points_b, ni, &r->aw, err);
    if (s != PL_OK) {
        free(o);
        return s;
    }
    for (size_t i = 0; i < ni; i++) {
        size_t va, vb;
        pl_mediate_concession(m, r->aw_a, i, 0, &va);
        pl_mediate_concession(m, r->aw_b, i, 0, &vb);
        double f = r->aw.share_a[i];
        o[i] = f > 1 - 1e-9 ? va : f < 1e-9 ? vb : split_value(m, r->aw_a, i, va, vb, f);
    }
    r->have_aw = true;
    pl_mediate_package_init(&r->aw_pkg);
    s = pl_mediate_evaluate(m, &r->opt, o, &r->aw_pkg, err);
    /* max-min share over every party with preferences */
    if (s == PL_OK) {
        double *pts = calloc(nt * ni, sizeof(double));
        r->mm_owner = calloc(ni, sizeof(size_t));
        r->mm_share = calloc(nt, sizeof(double));
        if (!pts || !r->mm_owner || !r->mm_share) {
            free(pts);
            free(o);
            return pl_error_set(err, PL_ENOMEM, "out of memory");
        }
        for (size_t k = 0; k < nt && s == PL_OK; k++)
            s = pl_mediate_issue_points(m, tabled[k], pts + k * ni, err);
        if (s == PL_OK && pl_mediate_maxmin_share(pts, nt, ni, r->mm_owner, r->mm_share, NULL) == PL_OK) {
            for (size_t i = 0; i < ni; i++) {
                r->mm_owner[i] = tabled[r->mm_owner[i]];
                pl_mediate_concession(m, r->mm_owner[i], i, 0, &o[i]);
            }
            r->have_mm = true;
            pl_mediate_package_init(&r->mm_pkg);
            s = pl_mediate_evaluate(m, &r->opt, o, &r->mm_pkg, err);
        }
        free(pts);
    }
    free(o);
    return s;
}

static pl_status compute(report *r, const pl_model_t *m, size_t proposal,
                         const pl_instrument_t *ins, size_t nins, size_t top, pl_error_t *err)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    pl_mediate_options_init(&r->opt);
    if (top) r->opt.top_k = top;
    pl_mediate_bridging_init(&r->br);
    pl_mediate_leverage_init(&r->lev);
    pl_mediate_blame_init(&r->blame);
    pl_mediate_power_init(&r->pw);
    pl_mediate_adjusted_winner_init(&r->aw);
    pl_mediate_package_init(&r->aw_pkg);
    pl_mediate_package_init(&r->mm_pkg);
    PL_CHECK(pl_mediate_bridging(m, &r->opt, &r->br, err));
    size_t np = proposal != PL_UNSET ? 1 : m->sc->nproposals;
    r->wit = calloc(np ? np : 1, sizeof *r->wit);
    r->pblame = calloc(np ? np : 1, sizeof *r->pblame);
    if (!r->wit || !r->pblame) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < np; k++) {
        size_t p = proposal != PL_UNSET ? proposal : k;
        pl_mediate_what_it_takes_init(&r->wit[k]);
        pl_mediate_blame_init(&r->pblame[k]);
        r->nwit = k + 1;
        PL_CHECK(pl_mediate_what_it_takes(m, &r->opt, p, &r->wit[k], err));
        PL_CHECK(pl_mediate_blame(m, &r->opt, p, &r->pblame[k], err));
    }
    PL_CHECK(pl_mediate_leverage(m, &r->opt, ins, nins, &r->lev, err));
    PL_CHECK(pl_mediate_blame(m, &r->opt, PL_UNSET, &r->blame, err));
    pl_mediate_power_options_t po = {0, 0, 1};
    PL_CHECK(pl_mediate_power(m, &po, &r->pw, err));
    return fair_division(r, err);
}

/* ---- text ---- */

static void print_packages(const pl_model_t *m, const pl_mediate_package_t *const *pk, const char *const *title,
                           size_t n, FILE *f)
{
    cli_table_t t;
    cli_table_init(&t, n + 1);
    const char *row[16] = {"issue"};
    for (size_t k = 0; k < n; k++) row[k + 1] = title[k];
    cli_table_add(&t, row);
    for (size_t i = 0; i < m->nissues; i++) {
        row[0] = m->sc->issues[i].name;
        for (size_t k = 0; k < n; k++) row[k + 1] = value_label(m, i, pk[k]->outcome[i]);
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
            if (r == 3) snprintf(cells[k][r], 48, "%s", actor_name(m, pk[k]->nearest));
            row[k + 1] = cells[k][r];
        }
        cli_table_add(&t, row);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
}

static void print_acceptance(const pl_model_t *m, const pl_mediate_package_t *p, cites *c, FILE *f)
{
    const pl_scenario_t *sc = m->sc;
    cli_table_t t;
    cli_table_init(&t, 6);
    for (size_t k = 1; k <= 4; k++) cli_table_align_right(&t, k);
    cli_table_addf(&t, "actor\tutility\tthreshold\tslack\taccepts\tsources");
    for (size_t a = 0; a < m->nactors; a++) {
        pl_role r = sc->actors[a].role;
        if (r != PL_ROLE_PARTY && r != PL_ROLE_FACTION) continue;
        char u[32], th[32], sl[32], refs[256];
        double need = m->threshold[a];
        if (r == PL_ROLE_PARTY && !isnan(sc->actors[a].participation) && sc->actors[a].participation > need)
            need = sc->actors[a].participation;
        threshold_cites(c, m, a, refs, sizeof refs);
        bool ok = pl_model_requirements_met(m, a, p->outcome) && !(p->slack[a] < -1e-12);
        const char *why = ok ? "yes" : pl_model_requirements_met(m, a, p->outcome) ? "no" : "no (requires)";
        cli_table_addf(&t, "%s%s\t%s\t%s\t%s\t%s\t%s", sc->actors[a].name,
                       r == PL_ROLE_FACTION ? " (faction)" : "", num(u, sizeof u, p->utility[a]),
                       num(th, sizeof th, need), num(sl, sizeof sl, p->slack[a]), why, refs);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
}

static void print_concessions(const pl_model_t *m, const pl_mediate_package_t *p, cites *c, FILE *f)
{
    const pl_scenario_t *sc = m->sc;
    size_t cols = 1;
    for (size_t k = 0; k < m->nparties; k++)
        if (m->table[m->parties[k]]) cols++;
    cli_table_t t;
    cli_table_init(&t, cols);
    const char *row[32];
    char cells[32][160];
    row[0] = "issue";
    size_t j = 1;
    for (size_t k = 0; k < m->nparties && j < 32; k++)
        if (m->table[m->parties[k]]) {
            snprintf(cells[j], sizeof cells[j], "%s gives up", sc->actors[m->parties[k]].name);
            row[j] = cells[j];
            j++;
        }
    cli_table_add(&t, row);
    for (size_t i = 0; i < m->nissues; i++) {
        row[0] = sc->issues[i].name;
        j = 1;
        for (size_t k = 0; k < m->nparties && j < 32; k++) {
            size_t a = m->parties[k];
            if (!m->table[a]) continue;
            size_t ideal;
            double g = pl_mediate_concession(m, a, i, p->outcome[i], &ideal);
            char b[32];
            if (g < 5e-4) snprintf(cells[j], sizeof cells[j], "-");
            else
                snprintf(cells[j], sizeof cells[j], "%.3f (wants %s)%s", g, value_label(m, i, ideal),
                         cite(c, b, sizeof b, "actors.%s.stance.%s", sc->actors[a].name, sc->issues[i].name));
            row[j] = cells[j];
            j++;
        }
        cli_table_add(&t, row);
    }
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
}

static void print_bridging(const report *r, cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_mediate_bridging_t *b = &r->br;
    fprintf(f, "1. Bridging proposals\n");
    fprintf(f, "   %llu of %llu packages pass every party, mandate, participation and ratification rule.\n",
            (unsigned long long)b->npassing, (unsigned long long)b->space);
    if (b->npassing == 0) {
        fprintf(f, "   No package is ratifiable as things stand.\n");
        if (b->has_closest) {
            char x[32];
            fprintf(f, "   The closest needs a total threshold move of %s (pressure or side-payments);\n"
                       "   it is blocked by %s.\n\n",
                    num(x, sizeof x, b->closest.cost), actor_name(m, b->closest.blocker));
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
            actor_name(m, best->nearest), num(x, sizeof x, best->robustness));
    print_acceptance(m, best, c, f);
    fprintf(f, "\n   What each party gives up against its ideal, issue by issue (utility):\n");
    print_concessions(m, best, c, f);
    fprintf(f, "\n");
}

static void print_changes(const pl_model_t *m, const size_t *from, const size_t *to, FILE *f)
{
    cli_table_t t;
    cli_table_init(&t, 3);
    cli_table_addf(&t, "issue\tproposal\tchange to");
    for (size_t i = 0; i < m->nissues; i++)
        if (from[i] != to[i])
            cli_table_addf(&t, "%s\t%s\t%s", m->sc->issues[i].name, value_label(m, i, from[i]),
                           value_label(m, i, to[i]));
    cli_table_print(&t, f, 6, 1);
    cli_table_destroy(&t);
}

static void print_blame_line(const report *r, const pl_mediate_blame_t *b, FILE *f, const char *indent)
{
    const pl_model_t *m = r->m;
    if (!b->failed) return;
    size_t top = 0;
    for (size_t k = 1; k < b->nplayers; k++)
        if (b->share[k] > b->share[top]) top = k;
    if (b->nplayers)
        fprintf(f, "%sBlame falls mostly on %s (share %.2f).\n", indent,
                actor_name(m, b->players[top]), b->share[top]);
}

static void print_what_it_takes(const report *r, cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_scenario_t *sc = m->sc;
    fprintf(f, "2. What it takes\n");
    if (r->nwit == 0) fprintf(f, "   The scenario names no proposal.\n");
    for (size_t k = 0; k < r->nwit; k++) {
        const pl_mediate_what_it_takes_t *w = &r->wit[k];
        char b[32], x[32];
        fprintf(f, "\n   \"%s\"%s: ", sc->proposals[w->proposal].name,
                cite(c, b, sizeof b, "proposals.%s", sc->proposals[w->proposal].name));
        if (w->passes) {
            fprintf(f, "passes as it stands (smallest slack %s, %s).\n",
                    num(x, sizeof x, w->original.robustness), actor_name(m, w->original.nearest));
            continue;
        }
        fprintf(f, "fails; %s blocks it.\n", actor_name(m, w->original.blocker));
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
                    actor_name(m, w->reach.blocker));
            print_changes(m, w->original.outcome, w->reach.outcome, f);
        }
        if (isinf(w->move_total)) {
            fprintf(f, "    Unchanged, no threshold move makes it pass: a hard requirement or a mandate fails:\n");
            for (size_t a = 0; a < m->nactors; a++)
                if (w->move[a] > 0)
                    fprintf(f, "      %s: %s\n", sc->actors[a].name,
                            isinf(w->move[a]) ? "a requirement or mandate fails" : num(x, sizeof x, w->move[a]));
        } else {
            fprintf(f, "    Or unchanged, with pressure or side-payments totalling %s:\n",
                    num(x, sizeof x, w->move_total));
            for (size_t a = 0; a < m->nactors; a++)
                if (w->move[a] > 0) {
                    char refs[256];
                    threshold_cites(c, m, a, refs, sizeof refs);
                    fprintf(f, "      %s's threshold down by %s %s\n", sc->actors[a].name,
                            num(x, sizeof x, w->move[a]), refs);
                }
        }
        print_blame_line(r, &r->pblame[k], f, "    ");
    }
    fprintf(f, "\n");
}

static void print_leverage(const report *r, cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_scenario_t *sc = m->sc;
    const pl_mediate_leverage_t *l = &r->lev;
    char x[32], y[32];
    fprintf(f, "3. Leverage\n");
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
        bool reach = !isinf(l->amount[j]) && !(l->amount[j] > in->max + 1e-12);
        char refs[160] = "", b1[64], b2[64];
        if (!r->ins_default && r->ins_path[j][0]) {
            cite(c, b1, sizeof b1, "%s", r->ins_path[j]); /* numbered in this order */
            cite(c, b2, sizeof b2, "%s.max", r->ins_path[j]);
            snprintf(refs, sizeof refs, "%s%s", b1, b2);
        }
        char by[160];
        if (r->ins_default) snprintf(by, sizeof by, "(default)");
        else if (r->ins_by[j] == PL_UNSET) snprintf(by, sizeof by, "--instrument");
        else snprintf(by, sizeof by, "%s%s", sc->actors[r->ins_by[j]].name,
                      r->ins_overridden[j] ? " (max from --instrument)" : "");
        const char *why = reach ? "yes"
                          : isinf(l->amount[j]) ? "no: cannot alone"
                          : (snprintf(b1, sizeof b1, "no: %s short", num(x, sizeof x, l->amount[j] - in->max)), b1);
        cli_table_addf(&t, "%s %s %s\t%s\t%s\t%s\t%s\t%s", pl_mediate_instrument_kind_name(in->kind),
                       in->kind == PL_INSTRUMENT_PENALTY ? "on" : "to", sc->actors[in->actor].name, by,
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
                        sc->actors[l->instruments[j].actor].name);
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
        for (size_t a = 0; a < m->nactors; a++) {
            if (!(cl->slack[a] < -1e-12)) continue;
            pl_role ro = sc->actors[a].role;
            if (ro != PL_ROLE_PARTY && ro != PL_ROLE_FACTION) continue;
            double cap = 0;
            bool any = false;
            for (size_t j = 0; j < l->n; j++)
                if (l->instruments[j].actor == a) {
                    cap += l->instruments[j].max;
                    any = true;
                }
            if (!any)
                fprintf(f, "     %s: %s below its threshold; no instrument reaches it\n", sc->actors[a].name,
                        num(x, sizeof x, -cl->slack[a]));
            else if (cap + 1e-12 >= -cl->slack[a])
                fprintf(f, "     %s: %s below its threshold; the instruments on it cover this (max %s)\n",
                        sc->actors[a].name, num(x, sizeof x, -cl->slack[a]), num(y, sizeof y, cap));
            else
                fprintf(f, "     %s: %s below its threshold; the instruments on it reach only %s\n",
                        sc->actors[a].name, num(x, sizeof x, -cl->slack[a]), num(y, sizeof y, cap));
        }
    } else {
        fprintf(f, "   No amount helps: a hard requirement or a mandate rules every package out.\n");
    }
    if (sc->nlinkages) {
        fprintf(f, "\n   The linkage:");
        for (size_t k = 0; k < sc->nlinkages; k++) {
            const pl_linkage_t *lk = &sc->linkages[k];
            char b1[32], b2[32];
            fprintf(f, "%s %s (%s) happens with probability %.2f after a deal%s and %.2f without one%s",
                    k ? ";" : "", sc->actors[lk->actor].name, lk->action ? lk->action : lk->name,
                    lk->p_deal, cite(c, b1, sizeof b1, "linkages.%s.p_deal", lk->name), lk->p_no_deal,
                    cite(c, b2, sizeof b2, "linkages.%s.p_no_deal", lk->name));
        }
        fprintf(f, ".\n   It moves the thresholds by:");
        bool any = false;
        for (size_t a = 0; a < m->nactors; a++)
            if (m->linkage_shift[a] != 0) {
                fprintf(f, "%s %s %+.3f", any ? "," : "", sc->actors[a].name, m->linkage_shift[a]);
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
        for (size_t k = 0; k < m->nparties; k++) {
            size_t a = m->parties[k];
            cli_table_addf(&u, "packages %s accepts\t%llu\t%llu", sc->actors[a].name,
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
    fprintf(f, "\n");
}

static void print_blame(const report *r, FILE *f)
{
    const pl_model_t *m = r->m;
    const pl_mediate_blame_t *b = &r->blame;
    fprintf(f, "4. Blame\n");
    if (!b->failed) {
        fprintf(f, "   Talks need not fail: some package passes every rule; nobody is to blame yet.\n\n");
        return;
    }
    fprintf(f, "   No package passes. Among the packages the others accept:\n");
    cli_table_t t;
    cli_table_init(&t, 3);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    cli_table_addf(&t, "veto player\tpivotal for\tblame share");
    for (size_t k = 0; k < b->nplayers; k++)
        cli_table_addf(&t, "%s\t%llu\t%.3f", actor_name(m, b->players[k]),
                       (unsigned long long)b->pivotal[k], b->share[k]);
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
    fprintf(f, "   Minimal blocking coalitions (sets whose acceptance alone is missing):\n");
    for (size_t k = 0; k < b->ncoalitions && k < 6; k++) {
        fprintf(f, "     {");
        bool first = true;
        for (size_t i = 0; i < b->nplayers; i++)
            if ((b->coalition[k] >> i) & 1) {
                fprintf(f, "%s%s", first ? "" : ", ", actor_name(m, b->players[i]));
                first = false;
            }
        fprintf(f, "} for %llu package%s\n", (unsigned long long)b->coalition_count[k],
                b->coalition_count[k] == 1 ? "" : "s");
    }
    print_blame_line(r, b, f, "   ");
    fprintf(f, "\n");
}

static void print_power(const report *r, cites *c, FILE *f)
{
    const pl_model_t *m = r->m;
    fprintf(f, "5. Power\n");
    for (size_t k = 0; k < r->pw.nbodies; k++) {
        const pl_mediate_body_t *b = &r->pw.bodies[k];
        char q[32];
        if (b->party != PL_UNSET)
        {
            char qn[32];
            bool veto = false;
            for (size_t k2 = 0; k2 < m->sc->nratifications; k2++)
                if (m->sc->ratifications[k2].party == b->party)
                    veto = m->sc->ratifications[k2].rule == PL_RATIFY_VETO;
            fprintf(f, "   Ratification in %s (%s, %s of the weights below)%s:\n", actor_name(m, b->party),
                    veto ? "veto: every member" : "quota", veto ? "all" : (snprintf(qn, sizeof qn, "%g", b->quota), qn),
                    cite(c, q, sizeof q, "ratification.%s", actor_name(m, b->party)));
        }
        else
            fprintf(f, "   The acceptance game (every party, mandate and ratification rule):\n");
        cli_table_t t;
        cli_table_init(&t, 4);
        for (size_t j = 1; j < 4; j++) cli_table_align_right(&t, j);
        cli_table_addf(&t, "member\tweight\tShapley-Shubik\tBanzhaf");
        for (size_t j = 0; j < b->nmembers; j++) {
            char w[32];
            cli_table_addf(&t, "%s\t%s\t%.4f\t%.4f", actor_name(m, b->members[j]),
                           isnan(b->weight[j]) ? "-" : (snprintf(w, sizeof w, "%g", b->weight[j]), w),
                           b->power.shapley[j], b->power.banzhaf[j]);
        }
        cli_table_print(&t, f, 4, 1);
        cli_table_destroy(&t);
        if (!b->power.exact) fprintf(f, "    (estimated from %zu samples)\n", b->power.samples);
    }
    fprintf(f, "\n");
}

static void print_fair(const report *r, FILE *f)
{
    const pl_model_t *m = r->m;
    fprintf(f, "6. Fair division\n");
    if (!r->have_aw) {
        fprintf(f, "   %s.\n\n", r->aw_note);
        return;
    }
    const char *A = actor_name(m, r->aw_a), *B = actor_name(m, r->aw_b);
    fprintf(f, "   Adjusted Winner between %s and %s (points: each side's utility range per issue,\n"
               "   out of 100); each issue goes to one side's ideal, at most one is split:\n", A, B);
    cli_table_t t;
    cli_table_init(&t, 5);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    cli_table_align_right(&t, 3);
    cli_table_addf(&t, "issue\t%s pts\t%s pts\t%s share\tpackage", A, B, A);
    for (size_t i = 0; i < m->nissues; i++)
        cli_table_addf(&t, "%s\t%.1f\t%.1f\t%.2f\t%s", m->sc->issues[i].name, r->points_a[i],
                       r->points_b[i], r->aw.share_a[i], value_label(m, i, r->aw_pkg.outcome[i]));
    cli_table_print(&t, f, 4, 1);
    cli_table_destroy(&t);
    char x[32];
    fprintf(f, "   Each side gets %.1f of its 100 points%s%s. The package %s (blocked by %s).\n",
            r->aw.points_a, r->aw.split != PL_UNSET ? "; split issue: " : "",
            r->aw.split != PL_UNSET ? m->sc->issues[r->aw.split].name : "",
            r->aw_pkg.passes ? "passes every rule" : "does not pass", actor_name(m, r->aw_pkg.blocker));
    if (!r->aw_pkg.passes && !isinf(r->aw_pkg.cost))
        fprintf(f, "   It would need a total threshold move of %s.\n", num(x, sizeof x, r->aw_pkg.cost));
    if (r->have_mm) {
        fprintf(f, "   Max-min share over the parties (whole issues):");
        size_t n = 0;
        for (size_t k = 0; k < m->nparties; k++)
            if (m->table[m->parties[k]]) {
                fprintf(f, "%s %s %.1f", n ? "," : "", actor_name(m, m->parties[k]), r->mm_share[n]);
                n++;
            }
        fprintf(f, " points; the package %s.\n", r->mm_pkg.passes ? "passes" : "does not pass");
    }
    fprintf(f, "\n");
}

static void print_report(const report *r, cites *c, FILE *f)
{
    print_bridging(r, c, f);
    print_what_it_takes(r, c, f);
    print_leverage(r, c, f);
    print_blame(r, f);
    print_power(r, c, f);
    print_fair(r, f);
}

/* ---- JSON ---- */

static json_t *jnum(double x) { return isnan(x) || isinf(x) ? json_null() : json_real(x); }

static json_t *jpackage(const pl_model_t *m, const pl_mediate_package_t *p)
{
    json_t *o = json_object(), *out = json_object(), *acc = json_object();
    for (size_t i = 0; i < m->nissues; i++)
        json_object_set_new(out, m->sc->issues[i].name, json_string(value_label(m, i, p->outcome[i])));
    json_object_set_new(o, "outcome", out);
    for (size_t a = 0; a < m->nactors; a++) {
        if (isnan(p->utility[a])) continue;
        json_t *x = json_object();
        json_object_set_new(x, "utility", jnum(p->utility[a]));
        json_object_set_new(x, "slack", jnum(p->slack[a]));
        json_object_set_new(acc, m->sc->actors[a].name, x);
    }
    json_object_set_new(o, "actors", acc);
    json_object_set_new(o, "passes", json_boolean(p->passes));
    json_object_set_new(o, "blocker", p->blocker < m->nactors ? json_string(actor_name(m, p->blocker)) : json_null());
    json_object_set_new(o, "nash", jnum(p->nash));
    json_object_set_new(o, "worst_normalised_gain", jnum(p->ks));
    json_object_set_new(o, "smallest_slack", jnum(p->robustness));
    json_object_set_new(o, "nearest_to_rejecting", p->nearest < m->nactors ? json_string(actor_name(m, p->nearest)) : json_null());
    json_object_set_new(o, "threshold_move_to_pass", jnum(p->cost));
    return o;
}

static json_t *jblame(const pl_model_t *m, const pl_mediate_blame_t *b)
{
    json_t *o = json_object(), *pl = json_array(), *co = json_array();
    json_object_set_new(o, "failed", json_boolean(b->failed));
    for (size_t k = 0; k < b->nplayers; k++) {
        json_t *x = json_object();
        json_object_set_new(x, "actor", json_string(actor_name(m, b->players[k])));
        json_object_set_new(x, "pivotal_for", json_integer((json_int_t)b->pivotal[k]));
        json_object_set_new(x, "share", jnum(b->share ? b->share[k] : 0));
        json_array_append_new(pl, x);
    }
    for (size_t k = 0; k < b->ncoalitions; k++) {
        json_t *x = json_object(), *mem = json_array();
        for (size_t i = 0; i < b->nplayers; i++)
            if ((b->coalition[k] >> i) & 1) json_array_append_new(mem, json_string(actor_name(m, b->players[i])));
        json_object_set_new(x, "members", mem);
        json_object_set_new(x, "packages", json_integer((json_int_t)b->coalition_count[k]));
        json_array_append_new(co, x);
    }
    json_object_set_new(o, "players", pl);
    json_object_set_new(o, "minimal_blocking_coalitions", co);
    return o;
}

static json_t *jreport(const report *r)
{
    const pl_model_t *m = r->m;
    const pl_scenario_t *sc = m->sc;
    json_t *root = json_object();
    json_t *br = json_object();
    json_object_set_new(br, "space", json_integer((json_int_t)r->br.space));
    json_object_set_new(br, "passing", json_integer((json_int_t)r->br.npassing));
    const char *names[] = {"nash", "kalai_smorodinsky", "robustness"};
    for (int k = 0; k < PL_MEDIATE_NCRITERIA; k++) {
        json_t *a = json_array();
        for (size_t j = 0; j < r->br.nrank[k]; j++) json_array_append_new(a, jpackage(m, &r->br.rank[k][j]));
        json_object_set_new(br, names[k], a);
    }
    json_object_set_new(br, "closest", r->br.has_closest ? jpackage(m, &r->br.closest) : json_null());
    json_object_set_new(root, "bridging", br);
    json_t *wa = json_array();
    for (size_t k = 0; k < r->nwit; k++) {
        const pl_mediate_what_it_takes_t *w = &r->wit[k];
        json_t *x = json_object(), *mv = json_object();
        json_object_set_new(x, "proposal", json_string(sc->proposals[w->proposal].name));
        json_object_set_new(x, "passes", json_boolean(w->passes));
        json_object_set_new(x, "original", jpackage(m, &w->original));
        json_object_set_new(x, "issues_changed", w->found ? json_integer((json_int_t)w->nchanged) : json_null());
        json_object_set_new(x, "changed", w->found ? jpackage(m, &w->changed) : json_null());
        json_object_set_new(x, "utility_taken", w->found ? jnum(w->taken) : json_null());
        for (size_t a = 0; a < m->nactors; a++)
            if (w->move[a] > 0) json_object_set_new(mv, sc->actors[a].name, jnum(w->move[a]));
        json_object_set_new(x, "threshold_moves", mv);
        json_object_set_new(x, "threshold_move_total", jnum(w->move_total));
        json_object_set_new(x, "issues_changed_with_moves", w->found_reach ? json_integer((json_int_t)w->nchanged_reach) : json_null());
        json_object_set_new(x, "changed_with_moves", w->found_reach ? jpackage(m, &w->reach) : json_null());
        json_object_set_new(x, "blame", jblame(m, &r->pblame[k]));
        json_array_append_new(wa, x);
    }
    json_object_set_new(root, "what_it_takes", wa);
    json_t *lv = json_object(), *ia = json_array();
    for (size_t j = 0; j < r->lev.n; j++) {
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(pl_mediate_instrument_kind_name(r->lev.instruments[j].kind)));
        json_object_set_new(x, "actor", json_string(actor_name(m, r->lev.instruments[j].actor)));
        json_object_set_new(x, "max", jnum(r->lev.instruments[j].max));
        json_object_set_new(x, "by", r->ins_default ? json_null()
                                     : r->ins_by[j] == PL_UNSET ? json_string("--instrument")
                                                                : json_string(actor_name(m, r->ins_by[j])));
        const char *src = !r->ins_default && r->ins_path[j][0] ? pl_scenario_source(sc, r->ins_path[j]) : NULL;
        json_object_set_new(x, "source", src ? json_string(src) : json_null());
        json_object_set_new(x, "within_reach", json_boolean(!isinf(r->lev.amount[j]) &&
                                                            !(r->lev.amount[j] > r->lev.instruments[j].max + 1e-12)));
        json_object_set_new(x, "least_use", jnum(r->lev.amount[j]));
        json_object_set_new(x, "package", isinf(r->lev.amount[j]) ? json_null() : jpackage(m, &r->lev.package[j]));
        json_object_set_new(x, "combined_use", jnum(r->lev.combined_use[j]));
        json_array_append_new(ia, x);
    }
    json_object_set_new(lv, "instruments", ia);
    json_object_set_new(lv, "combined", jnum(r->lev.combined));
    json_t *lk = json_object();
    json_object_set_new(lk, "passing_with", json_integer((json_int_t)r->lev.npassing_with));
    json_object_set_new(lk, "passing_without", json_integer((json_int_t)r->lev.npassing_without));
    json_object_set_new(lk, "threshold_move_with", jnum(r->lev.cost_with));
    json_object_set_new(lk, "threshold_move_without", jnum(r->lev.cost_without));
    json_object_set_new(lv, "linkage", lk);
    json_object_set_new(root, "leverage", lv);
    json_object_set_new(root, "blame", jblame(m, &r->blame));
    json_t *pa = json_array();
    for (size_t k = 0; k < r->pw.nbodies; k++) {
        const pl_mediate_body_t *b = &r->pw.bodies[k];
        json_t *x = json_object(), *mem = json_array();
        json_object_set_new(x, "body", b->party != PL_UNSET ? json_string(actor_name(m, b->party))
                                                            : json_string("acceptance game"));
        json_object_set_new(x, "quota", jnum(b->quota));
        json_object_set_new(x, "exact", json_boolean(b->power.exact));
        for (size_t j = 0; j < b->nmembers; j++) {
            json_t *y = json_object();
            json_object_set_new(y, "actor", json_string(actor_name(m, b->members[j])));
            json_object_set_new(y, "weight", jnum(b->weight[j]));
            json_object_set_new(y, "shapley_shubik", jnum(b->power.shapley[j]));
            json_object_set_new(y, "banzhaf", jnum(b->power.banzhaf[j]));
            json_array_append_new(mem, y);
        }
        json_object_set_new(x, "members", mem);
        json_array_append_new(pa, x);
    }
    json_object_set_new(root, "power", pa);
    if (r->have_aw) {
        json_t *fd = json_object(), *is = json_array();
        json_object_set_new(fd, "a", json_string(actor_name(m, r->aw_a)));
        json_object_set_new(fd, "b", json_string(actor_name(m, r->aw_b)));
        for (size_t i = 0; i < m->nissues; i++) {
            json_t *x = json_object();
            json_object_set_new(x, "issue", json_string(sc->issues[i].name));
            json_object_set_new(x, "points_a", jnum(r->points_a[i]));
            json_object_set_new(x, "points_b", jnum(r->points_b[i]));
            json_object_set_new(x, "share_a", jnum(r->aw.share_a[i]));
            json_array_append_new(is, x);
        }
        json_object_set_new(fd, "issues", is);
        json_object_set_new(fd, "points_each", jnum(r->aw.points_a));
        json_object_set_new(fd, "package", jpackage(m, &r->aw_pkg));
        if (r->have_mm) json_object_set_new(fd, "maxmin_package", jpackage(m, &r->mm_pkg));
        json_object_set_new(root, "fair_division", fd);
    }
    return root;
}

/* ---- options ---- */

static int parse_instrument(const pl_scenario_t *sc, const char *spec, pl_instrument_t *in)
{
    const char *c1 = strchr(spec, ':');
    if (!c1) return cli_error("instrument '%s' must be <kind>:<actor>[:<max>]", spec);
    size_t kl = (size_t)(c1 - spec);
    if ((kl == 12 && strncmp(spec, "side-payment", kl) == 0) ||
        (kl == 12 && strncmp(spec, "side_payment", kl) == 0) || (kl == 7 && strncmp(spec, "payment", kl) == 0))
        in->kind = PL_INSTRUMENT_SIDE_PAYMENT;
    else if ((kl == 7 && strncmp(spec, "penalty", kl) == 0) || (kl == 8 && strncmp(spec, "pressure", kl) == 0))
        in->kind = PL_INSTRUMENT_PENALTY;
    else
        return cli_error("unknown instrument kind '%.*s' (use side-payment or penalty)", (int)kl, spec);
    char actor[256];
    snprintf(actor, sizeof actor, "%s", c1 + 1);
    in->max = INFINITY;
    char *c2 = strrchr(actor, ':');
    if (c2) {
        char *end;
        double mx = strtod(c2 + 1, &end);
        if (end == c2 + 1 || *end || !(mx >= 0))
            return cli_error("instrument '%s': maximum '%s' must be a number >= 0", spec, c2 + 1);
        in->max = mx;
        *c2 = '\0';
    }
    in->actor = pl_scenario_find_actor(sc, actor);
    if (in->actor == PL_UNSET) return cli_error("instrument '%s': no actor '%s' in the scenario", spec, actor);
    return CLI_OK;
}

typedef struct args {
    const char *file, *variant, *proposal;
    bool json;
    size_t top;
    const char *ins[MAX_INSTRUMENTS];
    size_t nins;
} args;

static pl_status load_model(const char *file, const char *variant, pl_scenario_t **sc, pl_model_t **m,
                            pl_error_t *err)
{
    *sc = NULL;
    *m = NULL;
    PL_CHECK(pl_scenario_load(file, variant, sc, err));
    pl_status s = pl_model_compile(*sc, m, err);
    if (s != PL_OK) {
        pl_scenario_free(*sc);
        *sc = NULL;
    }
    return s;
}

/* one instrument and where it comes from */
typedef struct ins_entry {
    pl_instrument_t in;
    size_t by;                    /* mediator index, PL_UNSET: --instrument */
    bool overridden;
    char path[200];
} ins_entry;

/* Does moving actor a's threshold change acceptance? Parties always; factions when their
 * party has a ratification rule (docs/mediation.md, veto players). */
static bool has_say(const pl_scenario_t *sc, size_t a)
{
    if (sc->actors[a].role == PL_ROLE_PARTY) return true;
    if (sc->actors[a].role != PL_ROLE_FACTION) return false;
    for (size_t r = 0; r < sc->nratifications; r++)
        if (sc->ratifications[r].party == sc->actors[a].party) return true;
    return false;
}

/* compute a report on one variant; instruments resolved against that scenario: the
 * mediators' instruments from the scenario, then --instrument ones (the same kind on the same
 * actor replaces the scenario's maximum, others are added); none at all: the default set */
static int run_one(const args *ar, const char *variant, pl_scenario_t **sc, pl_model_t **m, report *r,
                   pl_error_t *err)
{
    if (load_model(ar->file, variant, sc, m, err) != PL_OK) return cli_report(err);
    size_t proposal = PL_UNSET;
    if (ar->proposal) {
        proposal = pl_scenario_find_proposal(*sc, ar->proposal);
        if (proposal == PL_UNSET) return cli_error("no proposal '%s' in %s", ar->proposal, ar->file);
    }
    ins_entry ent[MAX_INSTRUMENTS];
    size_t n = 0, ndropped = 0;
    char dropped[4][200];
    for (size_t a = 0; a < (*sc)->nactors; a++) {
        const pl_actor_t *ac = &(*sc)->actors[a];
        for (size_t k = 0; k < ac->ninstruments; k++) {
            const pl_instrument_t *in = &ac->instruments[k];
            if (!has_say(*sc, in->actor)) {
                if (ndropped < 4)
                    snprintf(dropped[ndropped], sizeof dropped[0], "%s %s %s (from %s)",
                             pl_mediate_instrument_kind_name(in->kind), in->kind == PL_INSTRUMENT_PENALTY ? "on" : "to",
                             (*sc)->actors[in->actor].name, ac->name);
                ndropped++;
                continue;
            }
            if (n == MAX_INSTRUMENTS) return cli_error("more than %d instruments", MAX_INSTRUMENTS);
            ent[n].in = *in;
            ent[n].by = a;
            ent[n].overridden = false;
            snprintf(ent[n].path, sizeof ent[n].path, "actors.%s.instruments.%zu", ac->name, k);
            n++;
        }
    }
    for (size_t k = 0; k < ar->nins; k++) {
        pl_instrument_t in;
        memset(&in, 0, sizeof in);
        if (parse_instrument(*sc, ar->ins[k], &in) != CLI_OK) return CLI_FAIL;
        size_t j = 0;
        while (j < n && !(ent[j].by != PL_UNSET && ent[j].in.kind == in.kind && ent[j].in.actor == in.actor))
            j++;
        if (j < n) {
            ent[j].in.max = in.max;
            ent[j].overridden = true;
            continue;
        }
        if (n == MAX_INSTRUMENTS) return cli_error("more than %d instruments", MAX_INSTRUMENTS);
        ent[n].in = in;
        ent[n].by = PL_UNSET;
        ent[n].overridden = false;
        ent[n].path[0] = '\0';
        n++;
    }
    pl_instrument_t ins[MAX_INSTRUMENTS];
    for (size_t k = 0; k < n; k++) ins[k] = ent[k].in;
    if (compute(r, *m, proposal, n ? ins : NULL, n, ar->top, err) != PL_OK) return cli_report(err);
    r->ins_default = n == 0;
    for (size_t k = 0; k < n && k < r->lev.n; k++) {
        r->ins_by[k] = ent[k].by;
        r->ins_overridden[k] = ent[k].overridden;
        memcpy(r->ins_path[k], ent[k].path, sizeof r->ins_path[k]);
    }
    r->ndropped = ndropped;
    memcpy(r->dropped, dropped, sizeof dropped);
    return CLI_OK;
}

static void print_variant_comparison(const args *ar, const pl_scenario_t *base, FILE *f, json_t *jroot)
{
    cli_table_t t;
    size_t nprop = base->nproposals;
    cli_table_init(&t, 6 + nprop);
    const char *row[40] = {"variant", "passing", "best package / closest", "least move", "most blame",
                           "instruments"};
    char pcells[32][128];
    for (size_t p = 0; p < nprop && p < 32; p++) {
        snprintf(pcells[p], sizeof pcells[p], "%s", base->proposals[p].name);
        row[6 + p] = pcells[p];
    }
    cli_table_add(&t, row);
    json_t *ja = json_array();
    for (size_t v = 0; v <= base->nvariants; v++) {
        const char *vn = v == 0 ? NULL : base->variants[v - 1].name;
        pl_scenario_t *sc = NULL;
        pl_model_t *m = NULL;
        report r;
        memset(&r, 0, sizeof r);
        pl_error_t err;
        pl_error_init(&err);
        args a2 = *ar;
        a2.proposal = NULL;
        int rc = run_one(&a2, vn, &sc, &m, &r, &err);
        if (rc == CLI_OK) {
            char c1[64], c2[32], c3[128], cells[32][128];
            const pl_mediate_package_t *best = r.br.npassing ? &r.br.rank[PL_MEDIATE_NASH][0] : r.br.has_closest ? &r.br.closest : NULL;
            if (best) snprintf(c1, sizeof c1, "%s by %s", r.br.npassing ? "nearest to rejecting" : "blocked",
                               actor_name(m, r.br.npassing ? best->nearest : best->blocker));
            else snprintf(c1, sizeof c1, "none reachable");
            num(c2, sizeof c2, r.br.npassing ? 0 : best ? best->cost : INFINITY);
            size_t top = 0;
            for (size_t k = 1; k < r.blame.nplayers; k++)
                if (r.blame.share && r.blame.share[k] > r.blame.share[top]) top = k;
            if (r.blame.failed && r.blame.nplayers)
                snprintf(c3, sizeof c3, "%s %.2f", actor_name(m, r.blame.players[top]), r.blame.share[top]);
            else snprintf(c3, sizeof c3, "-");
            char np[32];
            snprintf(np, sizeof np, "%llu", (unsigned long long)r.br.npassing);
            char c4[64], c5[32];
            if (r.br.npassing) snprintf(c4, sizeof c4, "not needed");
            else if (!isinf(r.lev.combined)) snprintf(c4, sizeof c4, "carry one (%s)", num(c5, sizeof c5, r.lev.combined));
            else snprintf(c4, sizeof c4, "cannot carry one");
            const char *rw[40] = {vn ? vn : "(base)", np, c1, c2, c3, c4};
            json_t *jv = json_object(), *jp = json_object();
            json_object_set_new(jv, "variant", vn ? json_string(vn) : json_null());
            json_object_set_new(jv, "passing", json_integer((json_int_t)r.br.npassing));
            json_object_set_new(jv, "least_threshold_move", jnum(r.br.npassing ? 0 : best ? best->cost : INFINITY));
            json_object_set_new(jv, "instruments_combined", jnum(r.lev.combined));
            for (size_t p = 0; p < r.nwit && p < 32; p++) {
                const pl_mediate_what_it_takes_t *w = &r.wit[p];
                char mv[32];
                char mv2[32];
                if (w->passes) snprintf(cells[p], sizeof cells[p], "passes");
                else if (w->found) snprintf(cells[p], sizeof cells[p], "%zu change%s", w->nchanged,
                                            w->nchanged == 1 ? "" : "s");
                else if (!isinf(w->move_total)) snprintf(cells[p], sizeof cells[p], "move %s",
                                                          num(mv, sizeof mv, w->move_total));
                else if (w->found_reach)
                    snprintf(cells[p], sizeof cells[p], "%zu change%s + move %s", w->nchanged_reach,
                             w->nchanged_reach == 1 ? "" : "s", num(mv2, sizeof mv2, w->reach.cost));
                else snprintf(cells[p], sizeof cells[p], "unreachable");
                rw[6 + p] = cells[p];
                json_t *x = json_object();
                json_object_set_new(x, "passes", json_boolean(w->passes));
                json_object_set_new(x, "issues_changed", w->found ? json_integer((json_int_t)w->nchanged) : json_null());
                json_object_set_new(x, "threshold_move_total", jnum(w->move_total));
                json_object_set_new(jp, sc->proposals[w->proposal].name, x);
            }
            json_object_set_new(jv, "proposals", jp);
            json_array_append_new(ja, jv);
            cli_table_add(&t, rw);
        }
        report_destroy(&r);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    if (jroot) {
        json_object_set_new(jroot, "variants", ja);
    } else {
        json_decref(ja);
        fprintf(f, "Variants compared (instruments: whether the mediators' instruments, within their limits,\n"
                   "carry a package, and their least total use; per proposal: passes; the fewest changes;\n"
                   "the threshold move; or the fewest changes plus the move they still need):\n");
        cli_table_print(&t, f, 4, 1);
        fprintf(f, "\n");
    }
    cli_table_destroy(&t);
}

int cmd_mediate(int argc, char **argv)
{
    args ar;
    memset(&ar, 0, sizeof ar);
    ar.top = 3;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int rc;
        if (cli_is_help(argv[i])) {
            cli_print_usage(stdout, usage);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--json") == 0) {
            ar.json = true;
        } else if ((rc = cli_opt_value(argc, argv, &i, "--variant", &v)) != 0) {
            if (rc < 0) return cli_usage_error(usage, "'--variant' needs a name");
            ar.variant = v;
        } else if ((rc = cli_opt_value(argc, argv, &i, "--proposal", &v)) != 0) {
            if (rc < 0) return cli_usage_error(usage, "'--proposal' needs a name");
            ar.proposal = v;
        } else if ((rc = cli_opt_value(argc, argv, &i, "--top", &v)) != 0) {
            char *end;
            long k = rc > 0 ? strtol(v, &end, 10) : 0;
            if (rc < 0 || *end || k < 1 || k > 15) return cli_usage_error(usage, "'--top' needs a number from 1 to 15");
            ar.top = (size_t)k;
        } else if ((rc = cli_opt_value(argc, argv, &i, "--instrument", &v)) != 0) {
            if (rc < 0) return cli_usage_error(usage, "'--instrument' needs <kind>:<actor>[:<max>]");
            if (ar.nins == MAX_INSTRUMENTS) return cli_usage_error(usage, "at most %d instruments", MAX_INSTRUMENTS);
            ar.ins[ar.nins++] = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(usage, "unknown option '%s'", argv[i]);
        } else if (!ar.file) {
            ar.file = argv[i];
        } else {
            return cli_usage_error(usage, "more than one scenario file ('%s')", argv[i]);
        }
    }
    if (!ar.file) return cli_usage_error(usage, "no scenario file given");
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    report r;
    memset(&r, 0, sizeof r);
    int rc = run_one(&ar, ar.variant, &sc, &m, &r, &err);
    if (rc == CLI_OK) {
        if (ar.json) {
            json_t *root = jreport(&r);
            json_object_set_new(root, "scenario", json_string(sc->name ? sc->name : ""));
            json_object_set_new(root, "variant", ar.variant ? json_string(ar.variant) : json_null());
            if (!ar.variant && sc->nvariants) print_variant_comparison(&ar, sc, stdout, root);
            char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            if (text) puts(text);
            free(text);
            json_decref(root);
        } else {
            cites c = {.sc = sc};
            char buf[64];
            printf("Mediation briefing: %s\n", sc->name ? sc->name : ar.file);
            printf("Scenario %s%s%s; %zu issues, %s possible packages.\n", ar.file,
                   ar.variant ? ", variant " : "", ar.variant ? ar.variant : "", m->nissues,
                   pl_model_space_size_str(m, buf, sizeof buf));
            if (ar.variant) {
                char b[32];
                printf("Variant source: %s\n", cite(&c, b, sizeof b, "variants.%s", ar.variant));
            }
            printf("Thresholds are reservations moved by the linkages' expected effects; slack is utility\n"
                   "minus threshold. Numbers in brackets refer to the sources at the end.\n\n");
            print_report(&r, &c, stdout);
            if (!ar.variant && sc->nvariants) print_variant_comparison(&ar, sc, stdout, NULL);
            if (c.n) {
                printf("Sources\n");
                for (size_t k = 0; k < c.n; k++)
                    printf("  [%zu] %s: %s\n", k + 1, c.path[k] ? c.path[k] : "", c.text[k]);
            }
        }
    }
    report_destroy(&r);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}
