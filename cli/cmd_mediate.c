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
    "                      [--instrument <kind>:<actor>[:<max>]]... [--sections <a,b,...>]",
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

const char *const mediate_section_names[MEDIATE_NSECTIONS] = {
    "bridging", "what-it-takes", "leverage", "impasse", "power", "fair-division", "variants"};

/* Keep a section's failure (its message) instead of failing the briefing; PL_ENOMEM still
 * stops everything. */
static pl_status section_done(mediate_report *r, mediate_section k, pl_status s, pl_error_t *err)
{
    if (s == PL_OK || s == PL_ENOMEM) return s;
    snprintf(r->failed[k], sizeof r->failed[k], "%s", err->message[0] ? err->message : "failed");
    pl_error_clear(err);
    return PL_OK;
}

/* Every section asked for (bridging also for leverage, which reads the closest package; fair
 * division also for bridging, whose concessions table lists its parties); a section that
 * cannot be computed (too large) keeps its message in r->failed. */
static pl_status compute(mediate_report *r, const pl_model_t *m, size_t proposal,
                         const pl_instrument_t *ins, size_t nins, size_t top, unsigned sections,
                         pl_error_t *err)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->sections = sections;
    pl_mediate_options_init(&r->opt);
    if (top) r->opt.top_k = top;
    pl_mediate_bridging_init(&r->br);
    pl_mediate_leverage_init(&r->lev);
    pl_mediate_blame_init(&r->blame);
    pl_mediate_power_init(&r->pw);
    pl_mediate_fair_division_init(&r->fd);
    unsigned bit_br = 1u << MEDIATE_BRIDGING, bit_lev = 1u << MEDIATE_LEVERAGE;
    if (sections & (bit_br | bit_lev | 1u << MEDIATE_VARIANTS))
        PL_CHECK(section_done(r, MEDIATE_BRIDGING, pl_mediate_bridging(m, &r->opt, &r->br, err), err));
    size_t np = proposal != PL_UNSET ? 1 : pl_model_nproposals(m);
    r->wit = calloc(np ? np : 1, sizeof *r->wit);
    r->pblame = calloc(np ? np : 1, sizeof *r->pblame);
    if (!r->wit || !r->pblame) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < np && (sections & (1u << MEDIATE_TAKES | 1u << MEDIATE_VARIANTS)); k++) {
        size_t p = proposal != PL_UNSET ? proposal : k;
        pl_mediate_what_it_takes_init(&r->wit[k]);
        pl_mediate_blame_init(&r->pblame[k]);
        r->nwit = k + 1;
        pl_status s = pl_mediate_what_it_takes(m, &r->opt, p, &r->wit[k], err);
        if (s == PL_OK) s = pl_mediate_blame(m, &r->opt, p, &r->pblame[k], err);
        PL_CHECK(section_done(r, MEDIATE_TAKES, s, err));
        if (r->failed[MEDIATE_TAKES][0]) break;
    }
    if (sections & (bit_lev | 1u << MEDIATE_VARIANTS))
        PL_CHECK(section_done(r, MEDIATE_LEVERAGE, pl_mediate_leverage(m, &r->opt, ins, nins, &r->lev, err), err));
    if (sections & (1u << MEDIATE_IMPASSE | 1u << MEDIATE_VARIANTS))
        PL_CHECK(section_done(r, MEDIATE_IMPASSE, pl_mediate_blame(m, &r->opt, PL_UNSET, &r->blame, err), err));
    if (sections & 1u << MEDIATE_POWER) {
        pl_mediate_power_options_t po;
        pl_mediate_power_options_init(&po);
        po.seed = 1;
        PL_CHECK(section_done(r, MEDIATE_POWER, pl_mediate_power(m, &po, &r->pw, err), err));
    }
    if (sections & (1u << MEDIATE_FAIR | bit_br))
        PL_CHECK(section_done(r, MEDIATE_FAIR, pl_mediate_fair_division(m, &r->opt, &r->fd, err), err));
    return PL_OK;
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
    const char *sections_spec;  /* --sections as given */
    unsigned sections;          /* bits of mediate_section */
} args;

/* "bridging,power" -> the bits; 0 after reporting a name that is not a section */
static unsigned parse_sections(const char *spec)
{
    unsigned bits = 0;
    for (const char *p = spec; *p;) {
        size_t n = strcspn(p, ",");
        int k = 0;
        while (k < MEDIATE_NSECTIONS &&
               !(strlen(mediate_section_names[k]) == n && strncmp(mediate_section_names[k], p, n) == 0))
            k++;
        if (k == MEDIATE_NSECTIONS && n == 5 && strncmp(p, "blame", 5) == 0) k = MEDIATE_IMPASSE; /* the JSON key */
        if (k == MEDIATE_NSECTIONS) {
            fprintf(stderr, "error: option '--sections': no section '%.*s' (sections:", (int)n, p);
            for (k = 0; k < MEDIATE_NSECTIONS; k++) fprintf(stderr, " %s", mediate_section_names[k]);
            fprintf(stderr, ")\n");
            return 0;
        }
        bits |= 1u << k;
        p += n;
        if (*p == ',') p++;
    }
    return bits;
}

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
    CLI_STRING(0, "sections", args, sections_spec, "<a,b,...>",
               "only these sections, in the briefing's order: bridging,\n"
               "what-it-takes, leverage, impasse (responsibility for the\n"
               "impasse; also 'blame'), power, fair-division, variants\n"
               "(default: all)"),
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
    if (compute(r, *m, proposal, n ? ins : NULL, n, (size_t)ar->top, ar->sections, err) != PL_OK)
        return cli_report(err);
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
        /* what the comparison shows */
        a2.sections = 1u << MEDIATE_BRIDGING | 1u << MEDIATE_TAKES | 1u << MEDIATE_LEVERAGE |
                      1u << MEDIATE_IMPASSE;
        if (run_one(&a2, vn, &sc, &m, &r, &err) == CLI_OK) {
            if (jroot) json_array_append_new(ja, mediate_json_variant(vn, &r));
            else mediate_text_variants_row(&t, vn, &r);
            for (int k = 0; k < MEDIATE_NSECTIONS; k++)
                if (r.failed[k][0])
                    fprintf(stderr, "warning: variant '%s': %s not computed: %s\n", vn ? vn : "(base)",
                            mediate_section_names[k], r.failed[k]);
        } else {
            /* run_one reported why; say which variant and keep its row */
            fprintf(stderr, "warning: variant '%s' left out of the comparison (the error above)\n",
                    vn ? vn : "(base)");
            if (!jroot) mediate_text_variants_failed(&t, vn);
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
    ar.sections = MEDIATE_ALL;
    if (ar.sections_spec && !(ar.sections = parse_sections(ar.sections_spec))) {
        cli_command_usage(&mediate_cmd, stderr);
        return CLI_USAGE;
    }
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    mediate_report r;
    memset(&r, 0, sizeof r);
    rc = run_one(&ar, ar.variant, &sc, &m, &r, &err);
    bool compare = !ar.variant && sc && sc->nvariants && MEDIATE_HAS(&ar, MEDIATE_VARIANTS);
    size_t nfailed = 0, nasked = 0;
    for (int k = 0; rc == CLI_OK && k < MEDIATE_NSECTIONS; k++) {
        if (k == MEDIATE_VARIANTS || !MEDIATE_HAS(&ar, k)) continue;
        nasked++;
        if (!r.failed[k][0]) continue;
        nfailed++;
        fprintf(stderr, "warning: %s%s%s: %s not computed: %s\n", ar.variant ? "variant '" : "the base scenario",
                ar.variant ? ar.variant : "", ar.variant ? "'" : "", mediate_section_names[k], r.failed[k]);
    }
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
        cli_wrap_stdout();
        mediate_cites c = {.sc = sc};
        mediate_text_report(&r, ar.file, ar.variant, &c, stdout);
        if (compare) compare_variants(&ar, sc, stdout, NULL);
        mediate_text_sources(&c, stdout);
    }
    report_destroy(&r);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    /* the briefing stands when some section is there; nothing at all is a failure */
    return rc == CLI_OK && nasked && nfailed == nasked ? CLI_FAIL : rc;
}
