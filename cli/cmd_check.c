/*
 * cmd_check.c: `parley check FILE [--variant V] [--json]`: validate a scenario (the base and
 * every variant it defines, or the one variant asked for) and print a readable summary.
 * Exit 0 valid, 1 invalid (every diagnostic on stderr, nothing on stdout), 2 usage.
 */
#include "cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_usage[] = {
    "usage: parley check <file> [--variant <name>] [--json]",
    "",
    "Validate a scenario file (or a GENIUS folder) and print a summary: issues, actors by role,",
    "ratification rules, linkages, proposals, variants and the size of the outcome space.",
    "Without --variant the base scenario is summarised and every variant is validated too.",
    NULL};
static const char *const check_notes[] = {
    "Exit status: 0 valid, 1 invalid (diagnostics FILE:LINE:COL: message on stderr), 2 usage.",
    NULL};

struct check_args {
    const char *path, *variant;
    int json;
};
#define A struct check_args
static const cli_option_t check_options[] = {
    CLI_OPERAND(A, path, "<file>", NULL),
    CLI_STRING(0, "variant", A, variant, "<name>", "apply this variant and summarise the result"),
    CLI_FLAG(0, "json", A, json, "print the summary as JSON"),
    CLI_END};
#undef A
static const cli_command_t check_cmd = {check_usage, check_options, check_notes};

/* Decimal product of the value counts (exact, any size): digits little-endian in d. */
static void space_size(const pl_scenario_t *sc, char *buf, size_t size)
{
    size_t cap = 8 + sc->nissues * 20;
    unsigned char *d = calloc(cap, 1);
    if (!d) {
        snprintf(buf, size, "?");
        return;
    }
    size_t nd = 1;
    d[0] = 1;
    for (size_t i = 0; i < sc->nissues; i++) {
        unsigned long long m = sc->issues[i].nvalues, carry = 0;
        for (size_t k = 0; k < nd; k++) {
            unsigned long long x = d[k] * m + carry;
            d[k] = (unsigned char)(x % 10);
            carry = x / 10;
        }
        while (carry && nd < cap) {
            d[nd++] = (unsigned char)(carry % 10);
            carry /= 10;
        }
        if (m == 0) nd = 1;
    }
    size_t o = 0;
    for (size_t k = nd; k-- > 0 && o + 1 < size;) buf[o++] = (char)('0' + d[k]);
    buf[o] = '\0';
    free(d);
}

static const char *issue_type(const pl_issue_t *is)
{
    switch (is->kind) {
    case PL_ISSUE_INTEGER: return "integer";
    case PL_ISSUE_REAL: return "real";
    default: return is->ordered ? "ordered" : "categorical";
    }
}

static const char *utility_name(pl_utility_kind k)
{
    switch (k) {
    case PL_UTILITY_POSITION: return "stance";
    case PL_UTILITY_TABLE: return "utility";
    case PL_UTILITY_HYPER: return "rectangles";
    default: return "none";
    }
}

/* Growing text buffer for detail cells. */
typedef struct sbuf {
    char s[2048];
    size_t n;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
    if (b->n >= sizeof b->s) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
    va_end(ap);
    if (w > 0) b->n += (size_t)w;
    if (b->n >= sizeof b->s) b->n = sizeof b->s - 1;
}

static void sb_sep(sbuf *b)
{
    if (b->n) sb_add(b, "; ");
}

static void actor_details(const pl_scenario_t *sc, const pl_actor_t *a, sbuf *b)
{
    b->n = 0;
    b->s[0] = '\0';
    if (a->party != PL_UNSET && a->party < sc->nactors)
        sb_add(b, "of %s", sc->actors[a->party].name);
    if (a->host) {
        sb_sep(b);
        sb_add(b, "host");
    }
    if (a->role == PL_ROLE_DELEGATION) {
        size_t nm = 0;
        for (size_t i = 0; a->mandate && i < sc->nissues; i++) nm += a->mandate[i] != NULL;
        sb_sep(b);
        if (nm) sb_add(b, "mandate on %zu issue%s", nm, nm == 1 ? "" : "s");
        else sb_add(b, "no mandate limits");
    }
    if (!a->at_table) {
        sb_sep(b);
        sb_add(b, "absent");
    }
    if (a->nvia) {
        sb_sep(b);
        sb_add(b, "via ");
        for (size_t k = 0; k < a->nvia; k++)
            sb_add(b, "%s%s", k ? ", " : "", sc->actors[a->via[k]].name);
    }
    if (!isnan(a->participation)) {
        sb_sep(b);
        sb_add(b, "joins at %g", a->participation);
    }
    for (size_t r = 0; r < a->nrequires; r++) {
        sb_sep(b);
        sb_add(b, "requires %s", a->requires[r].text ? a->requires[r].text : "?");
    }
    if (a->utility != PL_UTILITY_NONE) {
        sb_sep(b);
        sb_add(b, "%s", utility_name(a->utility));
    }
    if (!isnan(a->seats)) {
        sb_sep(b);
        sb_add(b, "%g seats", a->seats);
    }
    if (a->defection_cost != 0) {
        sb_sep(b);
        sb_add(b, "defection cost %g", a->defection_cost);
    }
    if (!isnan(a->deadline)) {
        /* "deadline 7 days = 7 rounds", "deadline 14 rounds" (= N days when the scenario
         * speaks of days) */
        sb_sep(b);
        double rd = pl_scenario_round_days(sc);
        if (a->deadline_date) sb_add(b, "deadline %s = ", a->deadline_date);
        if (a->deadline_days > 0)
            sb_add(b, "%s%g day%s = %g round%s", a->deadline_date ? "" : "deadline ", a->deadline_days,
                   a->deadline_days == 1 ? "" : "s", a->deadline, a->deadline == 1 ? "" : "s");
        else if (pl_scenario_has_days(sc))
            sb_add(b, "deadline %g round%s = %g day%s", a->deadline, a->deadline == 1 ? "" : "s",
                   a->deadline * rd, a->deadline * rd == 1 ? "" : "s");
        else
            sb_add(b, "deadline %g round%s", a->deadline, a->deadline == 1 ? "" : "s");
    }
    for (size_t k = 0; k < a->ninstruments; k++) {
        const pl_instrument_t *in = &a->instruments[k];
        sb_sep(b);
        if (in->kind == PL_INSTRUMENT_PENALTY) sb_add(b, "penalty on %s", sc->actors[in->actor].name);
        else sb_add(b, "side payment to %s", sc->actors[in->actor].name);
        if (!isinf(in->max)) sb_add(b, " up to %g", in->max);
    }
    if (a->mediates) {
        sb_sep(b);
        sb_add(b, "also mediates");
    }
    for (size_t k = 0; k < a->nguarantees; k++) {
        const pl_guarantee_t *g = &a->guarantees[k];
        sb_sep(b);
        sb_add(b, "%s", g->kind == PL_VERIFICATION ? "verification" : "guarantee");
        if (g->actor != PL_UNSET) sb_add(b, " to %s: threshold %+g", sc->actors[g->actor].name, g->threshold);
        else sb_add(b, " of %s:", sc->linkages[g->linkage].name);
        if (!isnan(g->p_deal)) sb_add(b, " p(deal) %g", g->p_deal);
        if (!isnan(g->p_no_deal)) sb_add(b, " p(no deal) %g", g->p_no_deal);
    }
}

static void print_text(const pl_scenario_t *sc, const char *path, const bool *vok)
{
    char buf[4096];
    printf("scenario: %s\n", sc->name ? sc->name : "(unnamed)");
    printf("file: %s\n", cli_input_name(path));
    if (sc->variant) printf("variant: %s\n", sc->variant);
    if (isfinite(sc->round_days) && sc->round_days > 0) {
        double h = sc->round_days * 24;
        if (sc->round_days < 1 && fabs(h - floor(h + 0.5)) < 1e-9)
            printf("round: %g hour%s\n", h, h == 1 ? "" : "s");
        else
            printf("round: %g day%s\n", sc->round_days, sc->round_days == 1 ? "" : "s");
    }
    if (sc->start) printf("start: %s (day 1)\n", sc->start);

    printf("\nissues (%zu):\n", sc->nissues);
    cli_define(stdout, "  ", "issue");
    cli_table_t t;
    cli_table_init(&t, 4);
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_issue_t *is = &sc->issues[i];
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            sbuf o = {.n = 0};
            o.s[0] = '\0';
            size_t v = 0;
            for (; v < is->nvalues && o.n < 70; v++)
                sb_add(&o, "%s%s", v ? ", " : "", is->values[v]);
            if (v < is->nvalues) sb_add(&o, ", ...");
            cli_table_addf(&t, "%s\t%s\t%zu values\t%s", is->name, issue_type(is), is->nvalues, o.s);
        }
        else
            cli_table_addf(&t, "%s\t%s\t%zu values\t%g to %g step %g", is->name, issue_type(is),
                           is->nvalues, is->lo, is->hi, is->step);
    }
    cli_table_print(&t, stdout, 2, 0);
    cli_table_destroy(&t);

    printf("\nactors (%zu):\n", sc->nactors);
    cli_define(stdout, "  ", "actor");
    cli_table_init(&t, 3);
    static const pl_role order[] = {PL_ROLE_PARTY, PL_ROLE_DELEGATION, PL_ROLE_FACTION,
                                    PL_ROLE_MEDIATOR, PL_ROLE_EXTERNAL};
    sbuf b;
    for (size_t o = 0; o < 5; o++)
        for (size_t a = 0; a < sc->nactors; a++) {
            const pl_actor_t *ac = &sc->actors[a];
            if (ac->role != order[o]) continue;
            actor_details(sc, ac, &b);
            if (!b.n) snprintf(b.s, sizeof b.s, "-");
            const char *cells[3] = {ac->name, pl_role_name(ac->role), b.s};
            cli_table_add(&t, cells);
        }
    cli_table_print(&t, stdout, 2, 0);
    cli_table_destroy(&t);

    if (sc->nratifications) {
        printf("\nratification (%zu):\n", sc->nratifications);
        cli_define(stdout, "  ", "ratification");
        cli_table_init(&t, 2);
        for (size_t r = 0; r < sc->nratifications; r++) {
            const pl_ratification_t *ra = &sc->ratifications[r];
            cli_rule_text(sc, ra, buf, sizeof buf);
            const char *cells[2] = {sc->actors[ra->party].name, buf};
            cli_table_add(&t, cells);
        }
        cli_table_print(&t, stdout, 2, 0);
        cli_table_destroy(&t);
    }
    cli_print_rules(sc);
    if (sc->nlinkages) {
        printf("\nlinkages (%zu):\n", sc->nlinkages);
        cli_define(stdout, "  ", "linkage");
        cli_table_init(&t, 3);
        for (size_t l = 0; l < sc->nlinkages; l++) {
            const pl_linkage_t *lk = &sc->linkages[l];
            snprintf(buf, sizeof buf, "p(deal) %g, p(no deal) %g", lk->p_deal, lk->p_no_deal);
            const char *cells[3] = {lk->name, sc->actors[lk->actor].name, buf};
            cli_table_add(&t, cells);
        }
        cli_table_print(&t, stdout, 2, 0);
        cli_table_destroy(&t);
    }
    if (sc->nproposals) {
        printf("\nproposals (%zu):\n", sc->nproposals);
        cli_define(stdout, "  ", "proposal");
        cli_table_init(&t, 2);
        for (size_t p = 0; p < sc->nproposals; p++) {
            const pl_proposal_t *pr = &sc->proposals[p];
            size_t set = 0;
            for (size_t i = 0; i < sc->nissues; i++) set += pr->value[i] != PL_UNSET;
            b.n = 0;
            b.s[0] = '\0';
            sb_add(&b, "%zu of %zu issues", set, sc->nissues);
            if (pr->amends != PL_UNSET) {
                sb_add(&b, "; amends %s:", sc->proposals[pr->amends].name);
                size_t k = 0;
                for (size_t i = 0; i < sc->nissues; i++)
                    if (pr->changed[i]) sb_add(&b, "%s %s", k++ ? "," : "", sc->issues[i].name);
            }
            const char *cells[2] = {pr->name, b.s};
            cli_table_add(&t, cells);
        }
        cli_table_print(&t, stdout, 2, 0);
        cli_table_destroy(&t);
    }
    if (sc->nvariants) {
        printf("\nvariants (%zu):\n", sc->nvariants);
        cli_define(stdout, "  ", "variant");
        cli_table_init(&t, 3);
        for (size_t v = 0; v < sc->nvariants; v++) {
            const pl_variant_t *va = &sc->variants[v];
            const char *cells[3] = {va->name, vok ? (vok[v] ? "valid" : "invalid") : "",
                                    va->description ? va->description : ""};
            cli_table_add(&t, cells);
        }
        cli_table_print(&t, stdout, 2, 0);
        cli_table_destroy(&t);
    }
    space_size(sc, buf, sizeof buf);
    printf("\noutcome space: %s outcomes\n", buf);
    cli_define(stdout, "  ", "outcome space");
    printf("\nsource notes: %zu\n", sc->nnotes);
    cli_define(stdout, "  ", "source note");
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *jnum(double x) { return isnan(x) ? json_null() : json_real(x); }

static void print_json(const pl_scenario_t *sc, const char *path, const bool *vok)
{
    json_t *o = json_object();
    json_object_set_new(o, "valid", json_true());
    json_object_set_new(o, "file", json_string(cli_input_name(path)));
    json_object_set_new(o, "name", jstr(sc->name));
    json_object_set_new(o, "description", jstr(sc->description));
    json_object_set_new(o, "variant", jstr(sc->variant));
    json_object_set_new(o, "round_days", json_real(pl_scenario_round_days(sc)));
    if (sc->start) json_object_set_new(o, "start", json_string(sc->start));
    json_t *ji = json_array();
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_issue_t *is = &sc->issues[i];
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(is->name));
        json_object_set_new(x, "type", json_string(issue_type(is)));
        json_object_set_new(x, "nvalues", json_integer((json_int_t)is->nvalues));
        if (is->kind != PL_ISSUE_CATEGORICAL) {
            json_object_set_new(x, "lo", json_real(is->lo));
            json_object_set_new(x, "hi", json_real(is->hi));
            json_object_set_new(x, "step", json_real(is->step));
        }
        if (is->nvalues <= 1000) {
            json_t *vals = json_array();
            for (size_t v = 0; v < is->nvalues; v++) json_array_append_new(vals, json_string(is->values[v]));
            json_object_set_new(x, "values", vals);
        }
        json_array_append_new(ji, x);
    }
    json_object_set_new(o, "issues", ji);
    json_t *ja = json_array();
    for (size_t a = 0; a < sc->nactors; a++) {
        const pl_actor_t *ac = &sc->actors[a];
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(ac->name));
        json_object_set_new(x, "role", json_string(pl_role_name(ac->role)));
        json_object_set_new(x, "party", ac->party != PL_UNSET ? json_string(sc->actors[ac->party].name) : json_null());
        json_object_set_new(x, "host", json_boolean(ac->host));
        json_object_set_new(x, "at_table", json_boolean(ac->at_table));
        json_t *via = json_array();
        for (size_t k = 0; k < ac->nvia; k++) json_array_append_new(via, json_string(sc->actors[ac->via[k]].name));
        json_object_set_new(x, "via", via);
        json_object_set_new(x, "clout", json_real(ac->clout));
        json_object_set_new(x, "reservation", json_real(ac->reservation));
        json_object_set_new(x, "utility", json_string(utility_name(ac->utility)));
        json_object_set_new(x, "participation", jnum(ac->participation));
        json_object_set_new(x, "seats", jnum(ac->seats));
        json_object_set_new(x, "deadline", jnum(ac->deadline));
        json_object_set_new(x, "deadline_days", ac->deadline_days > 0 ? json_real(ac->deadline_days) : json_null());
        if (ac->deadline_date) json_object_set_new(x, "deadline_date", json_string(ac->deadline_date));
        json_object_set_new(x, "discount", json_real(ac->discount));
        json_t *req = json_array();
        for (size_t r = 0; r < ac->nrequires; r++) json_array_append_new(req, jstr(ac->requires[r].text));
        json_object_set_new(x, "requires", req);
        json_t *md = json_null();
        if (ac->mandate) {
            md = json_object();
            for (size_t i = 0; i < sc->nissues; i++) {
                if (!ac->mandate[i]) continue;
                json_t *vals = json_array();
                for (size_t v = 0; v < sc->issues[i].nvalues; v++)
                    if (ac->mandate[i][v]) json_array_append_new(vals, json_string(sc->issues[i].values[v]));
                json_object_set_new(md, sc->issues[i].name, vals);
            }
        }
        json_object_set_new(x, "mandate", md);
        json_t *ins = json_array();
        for (size_t k = 0; k < ac->ninstruments; k++) {
            const pl_instrument_t *in = &ac->instruments[k];
            json_t *y = json_object();
            json_object_set_new(y, "kind", json_string(in->kind == PL_INSTRUMENT_PENALTY ? "penalty" : "side_payment"));
            json_object_set_new(y, "actor", json_string(sc->actors[in->actor].name));
            json_object_set_new(y, "max", isinf(in->max) ? json_null() : json_real(in->max));
            char npath[600];
            snprintf(npath, sizeof npath, "actors.%s.instruments.%zu", ac->name, k);
            json_object_set_new(y, "source", jstr(pl_scenario_source(sc, npath)));
            json_array_append_new(ins, y);
        }
        json_object_set_new(x, "instruments", ins);
        json_array_append_new(ja, x);
    }
    json_object_set_new(o, "actors", ja);
    json_t *jr = json_array();
    for (size_t r = 0; r < sc->nratifications; r++) {
        const pl_ratification_t *ra = &sc->ratifications[r];
        json_t *x = json_object();
        json_object_set_new(x, "party", json_string(sc->actors[ra->party].name));
        static const char *const rn[] = {"none", "veto", "quota", "referendum", "all", "any", "sequence"};
        json_object_set_new(x, "rule", json_string(rn[ra->rule]));
        char text[1024];
        cli_rule_text(sc, ra, text, sizeof text);
        json_object_set_new(x, "text", json_string(text));
        json_object_set_new(x, "quota", jnum(ra->quota));
        json_object_set_new(x, "total", jnum(ra->total));
        json_array_append_new(jr, x);
    }
    json_object_set_new(o, "ratification", jr);
    json_t *jl = json_array();
    for (size_t l = 0; l < sc->nlinkages; l++) {
        const pl_linkage_t *lk = &sc->linkages[l];
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(lk->name));
        json_object_set_new(x, "actor", json_string(sc->actors[lk->actor].name));
        json_object_set_new(x, "action", jstr(lk->action));
        json_object_set_new(x, "p_deal", json_real(lk->p_deal));
        json_object_set_new(x, "p_no_deal", json_real(lk->p_no_deal));
        json_t *ef = json_object();
        for (size_t a = 0; a < sc->nactors; a++)
            if (lk->effect[a] != 0) json_object_set_new(ef, sc->actors[a].name, json_real(lk->effect[a]));
        json_object_set_new(x, "effects", ef);
        json_array_append_new(jl, x);
    }
    json_object_set_new(o, "linkages", jl);
    json_t *jp = json_array();
    for (size_t p = 0; p < sc->nproposals; p++) {
        const pl_proposal_t *pr = &sc->proposals[p];
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(pr->name));
        json_object_set_new(x, "amends", pr->amends != PL_UNSET ? json_string(sc->proposals[pr->amends].name) : json_null());
        json_t *oc = json_object();
        for (size_t i = 0; i < sc->nissues; i++)
            if (pr->value[i] != PL_UNSET)
                json_object_set_new(oc, sc->issues[i].name, json_string(sc->issues[i].values[pr->value[i]]));
        json_object_set_new(x, "outcome", oc);
        json_array_append_new(jp, x);
    }
    json_object_set_new(o, "proposals", jp);
    json_t *jv = json_array();
    for (size_t v = 0; v < sc->nvariants; v++) {
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(sc->variants[v].name));
        json_object_set_new(x, "description", jstr(sc->variants[v].description));
        json_object_set_new(x, "source", jstr(sc->variants[v].source));
        if (vok) json_object_set_new(x, "valid", json_boolean(vok[v]));
        json_array_append_new(jv, x);
    }
    json_object_set_new(o, "variants", jv);
    char buf[4096];
    space_size(sc, buf, sizeof buf);
    json_object_set_new(o, "outcome_space", json_string(buf));
    json_object_set_new(o, "notes", json_integer((json_int_t)sc->nnotes));
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) {
        printf("%s\n", text);
        free(text);
    }
    json_decref(o);
}

int cmd_check(int argc, char **argv)
{
    struct check_args a = {0};
    int prc = cli_parse(&check_cmd, argc, argv, &a);
    if (prc != CLI_CONTINUE) return prc;
    const char *path = a.path, *variant = a.variant;
    int json = a.json;

    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    cli_point_note_off(); /* check lists the uncertain values itself */
    if (cli_scenario_load(path, variant, &sc, &err) != PL_OK) {
        cli_report(&err);
        pl_error_destroy(&err);
        return CLI_FAIL;
    }
    /* what the engines would refuse (a model that does not compile) is reported here too */
    pl_model_t *model = NULL;
    if (pl_model_compile(sc, &model, &err) != PL_OK) {
        cli_report(&err);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
        return CLI_FAIL;
    }
    pl_model_free(model);
    /* without --variant: every variant must load too */
    bool *vok = NULL;
    bool all_ok = true;
    if (!variant && sc->nvariants) {
        vok = calloc(sc->nvariants, sizeof *vok);
        for (size_t v = 0; vok && v < sc->nvariants; v++) {
            pl_scenario_t *vs = NULL;
            pl_error_clear(&err);
            vok[v] = cli_scenario_load(path, sc->variants[v].name, &vs, &err) == PL_OK;
            if (!vok[v]) {
                cli_report(&err);
                all_ok = false;
            }
            pl_scenario_free(vs);
        }
    }
    if (all_ok) {
        if (json) print_json(sc, path, vok);
        else {
            cli_wrap_stdout();
            print_text(sc, path, vok);
        }
        if (!json) cli_print_uncertain(sc, stdout);
    }
    free(vok);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return all_ok ? CLI_OK : CLI_FAIL;
}
