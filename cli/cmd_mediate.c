/*
 * cmd_mediate.c: `parley mediate`: a mediator's briefing from a scenario. Bridging packages,
 * what it takes to pass a proposal, leverage of instruments and of the linkage, blame, power
 * of the ratification bodies, fair division; without --variant, the answers are compared
 * across the file's variants. This file reads the options and runs the library; the text
 * (mediate_text.c) and JSON (mediate_json.c) renderers print the results.
 */
#include "mediate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: parley mediate <file> [--variant <name>] [--json] [--proposal <name>] [--top <k>]",
    "                      [--instrument <kind>:<actor>[:<max>]]...",
    NULL};

static void report_destroy(mediate_report *r)
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
    pl_mediate_fair_division_destroy(&r->fd);
}

static pl_status compute(mediate_report *r, const pl_model_t *m, size_t proposal,
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
    pl_mediate_fair_division_init(&r->fd);
    PL_CHECK(pl_mediate_bridging(m, &r->opt, &r->br, err));
    size_t np = proposal != PL_UNSET ? 1 : pl_model_nproposals(m);
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
    pl_mediate_power_options_t po;
    pl_mediate_power_options_init(&po);
    po.seed = 1;
    PL_CHECK(pl_mediate_power(m, &po, &r->pw, err));
    return pl_mediate_fair_division(m, &r->opt, &r->fd, err);
}

/* ---- options ---- */

static int parse_instrument(const pl_scenario_t *sc, const char *spec, pl_instrument_t *in)
{
    const char *c1 = strchr(spec, ':');
    if (!c1) return cli_error("instrument '%s' must be <kind>:<actor>[:<max>]", spec);
    size_t kl = (size_t)(c1 - spec);
    /* the same kind names as the scenario's `instruments` */
    if (!pl_instrument_kind_parse(spec, kl, &in->kind))
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
    int json;
    long top;
    const char *ins[MEDIATE_MAX_INSTRUMENTS]; /* the --instrument specs, read per scenario */
    size_t nins;
} args;

/* --instrument SPEC: collected as given; the spec names an actor, so it is read (and its
 * errors reported) once the scenario is loaded, by parse_instrument */
static int instrument_option(const cli_option_t *o, const char *spec, void *vargs)
{
    args *a = vargs;
    if (a->nins == MEDIATE_MAX_INSTRUMENTS)
        return cli_option_error(o, "is given more than %d times", MEDIATE_MAX_INSTRUMENTS);
    a->ins[a->nins++] = spec;
    return 0;
}

static const cli_option_t options[] = {
    CLI_OPERAND(args, file, "<file>", NULL),
    CLI_STRING(0, "variant", args, variant, "<name>",
               "apply a variant of the scenario (default: the base, then every\n"
               "variant is compared at the end)"),
    CLI_FLAG(0, "json", args, json, "print the answers as JSON"),
    CLI_STRING(0, "proposal", args, proposal, "<name>", "what it takes for this proposal (default: every proposal)"),
    CLI_INT(0, "top", args, top, "<k>", "bridging packages per criterion (default 3)", 1, 15),
    CLI_CALLBACK(0, "instrument", "<spec>",
                 "a mediator instrument: side-payment:<actor>[:<max>] or\n"
                 "penalty:<actor>[:<max>] (utility units), added to the mediators'\n"
                 "`instruments` in the scenario (or replacing the maximum of the one\n"
                 "of the same kind on the same actor); with none at all: a\n"
                 "side-payment to every veto player",
                 instrument_option),
    CLI_END};
static const cli_command_t mediate_cmd = {usage, options, NULL};

static pl_status load_model(const char *file, const char *variant, pl_scenario_t **sc, pl_model_t **m,
                            pl_error_t *err)
{
    *sc = NULL;
    *m = NULL;
    PL_CHECK(cli_scenario_load(file, variant, sc, err));
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
static bool has_say(const pl_model_t *m, size_t a)
{
    pl_role r = pl_model_role(m, a);
    if (r == PL_ROLE_PARTY) return true;
    if (r != PL_ROLE_FACTION) return false;
    pl_model_game_t g;
    return pl_model_ratification(m, pl_model_party_of(m, a), &g);
}


/* compute a report on one variant; instruments resolved against that scenario: the
 * mediators' instruments from the scenario, then --instrument ones (the same kind on the same
 * actor replaces the scenario's maximum, others are added); none at all: the default set */
static int run_one(const args *ar, const char *variant, pl_scenario_t **sc, pl_model_t **m, mediate_report *r,
                   pl_error_t *err)
{
    if (load_model(ar->file, variant, sc, m, err) != PL_OK) return cli_report(err);
    size_t proposal = PL_UNSET;
    if (ar->proposal) {
        proposal = pl_scenario_find_proposal(*sc, ar->proposal);
        if (proposal == PL_UNSET) return cli_error("no proposal '%s' in %s", ar->proposal, ar->file);
    }
    ins_entry ent[MEDIATE_MAX_INSTRUMENTS];
    size_t n = 0, ndropped = 0;
    char dropped[4][200];
    for (size_t a = 0; a < (*sc)->nactors; a++) {
        const pl_actor_t *ac = &(*sc)->actors[a];
        for (size_t k = 0; k < ac->ninstruments; k++) {
            const pl_instrument_t *in = &ac->instruments[k];
            if (!has_say(*m, in->actor)) {
                if (ndropped < 4)
                    snprintf(dropped[ndropped], sizeof dropped[0], "%s %s %s (from %s)",
                             pl_mediate_instrument_kind_name(in->kind), in->kind == PL_INSTRUMENT_PENALTY ? "on" : "to",
                             (*sc)->actors[in->actor].name, ac->name);
                ndropped++;
                continue;
            }
            if (n == MEDIATE_MAX_INSTRUMENTS) return cli_error("more than %d instruments", MEDIATE_MAX_INSTRUMENTS);
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
        if (n == MEDIATE_MAX_INSTRUMENTS) return cli_error("more than %d instruments", MEDIATE_MAX_INSTRUMENTS);
        ent[n].in = in;
        ent[n].by = PL_UNSET;
        ent[n].overridden = false;
        ent[n].path[0] = '\0';
        n++;
    }
    pl_instrument_t ins[MEDIATE_MAX_INSTRUMENTS];
    for (size_t k = 0; k < n; k++) ins[k] = ent[k].in;
    if (compute(r, *m, proposal, n ? ins : NULL, n, (size_t)ar->top, err) != PL_OK) return cli_report(err);
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

/* every variant (the base first) summarised in one table or JSON array */
static void compare_variants(const args *ar, const pl_scenario_t *base, FILE *f, json_t *jroot)
{
    cli_table_t t;
    if (!jroot) mediate_text_variants_begin(&t, base);
    json_t *ja = json_array();
    for (size_t v = 0; v <= base->nvariants; v++) {
        const char *vn = v == 0 ? NULL : base->variants[v - 1].name;
        pl_scenario_t *sc = NULL;
        pl_model_t *m = NULL;
        mediate_report r;
        memset(&r, 0, sizeof r);
        pl_error_t err;
        pl_error_init(&err);
        args a2 = *ar;
        a2.proposal = NULL;
        if (run_one(&a2, vn, &sc, &m, &r, &err) == CLI_OK) {
            if (jroot) json_array_append_new(ja, mediate_json_variant(vn, &r));
            else mediate_text_variants_row(&t, vn, &r);
        }
        report_destroy(&r);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    if (jroot) json_object_set_new(jroot, "variants", ja);
    else {
        json_decref(ja);
        mediate_text_variants_end(&t, f);
    }
}

int cmd_mediate(int argc, char **argv)
{
    args ar;
    memset(&ar, 0, sizeof ar);
    ar.top = 3;
    int rc = cli_parse(&mediate_cmd, argc, argv, &ar);
    if (rc != CLI_CONTINUE) return rc; /* --help (0) or a usage error (2) */
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    mediate_report r;
    memset(&r, 0, sizeof r);
    rc = run_one(&ar, ar.variant, &sc, &m, &r, &err);
    bool compare = !ar.variant && sc && sc->nvariants;
    if (rc == CLI_OK && ar.json) {
        json_t *root = mediate_json_report(&r);
        json_object_set_new(root, "scenario", json_string(sc->name ? sc->name : ""));
        json_object_set_new(root, "variant", ar.variant ? json_string(ar.variant) : json_null());
        if (compare) compare_variants(&ar, sc, stdout, root);
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text) puts(text);
        free(text);
        json_decref(root);
    } else if (rc == CLI_OK) {
        mediate_cites c = {.sc = sc};
        mediate_text_report(&r, ar.file, ar.variant, &c, stdout);
        if (compare) compare_variants(&ar, sc, stdout, NULL);
        mediate_text_sources(&c, stdout);
    }
    report_destroy(&r);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}
