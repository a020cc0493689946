/*
 * test_yaml.c: the scenario language loader and writer: struct contents of small scenarios
 * (expected values worked out by hand from the text), variants, notes, diagnostics,
 * out-of-memory at every allocation, and load -> write -> load round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <parley/pl_io.h>

#include "core/core_internal.h" /* pl_i_alloc_fail_after */

static const char *doc_small =
    "parley: 1\n"
    "name: Small talks\n"
    "source: invented\n"
    "issues:\n"
    "  permanence:\n"
    "    type: ordered\n"
    "    options: [temporary, phased, permanent]\n"
    "    reference: phased\n"
    "    source: background\n"
    "  ratio:\n"
    "    type: integer\n"
    "    range: [10, 50]\n"
    "    step: 10\n"
    "  budget:\n"
    "    type: real\n"
    "    range: [0, 1]\n"
    "    step: 0.1\n"
    "  colour: {type: categorical, options: [red, green, blue]}\n"
    "actors:\n"
    "  Israel:\n"
    "    clout: {value: 0.9, source: \"assumption: clout\"}\n"
    "    seats: 50\n"
    "    reservation: 0.35\n"
    "    stance:\n"
    "      permanence: {position: temporary, salience: 0.9, source: said so}\n"
    "      ratio: {position: 20, salience: 0.4}\n"
    "    deadline: 20\n"
    "    discount: 0.98\n"
    "    strategy: boulware\n"
    "  Israeli delegation:\n"
    "    role: delegation\n"
    "    party: Israel\n"
    "  Far-right partners:\n"
    "    role: faction\n"
    "    party: Israel\n"
    "    seats: 14\n"
    "    defection_cost: 0.1\n"
    "  Hamas:\n"
    "    at_table: false\n"
    "    via: [Egypt, Qatar]\n"
    "    participation: 0.4\n"
    "    requires:\n"
    "      - {issue: permanence, in: [phased, permanent]}\n"
    "      - {issue: ratio, min: 20, max: 40}\n"
    "      - {issue: budget, max: 0.3}\n"
    "  Qatar: {role: mediator, host: true}\n"
    "  Egypt: {role: mediator}\n"
    "  Iran: {role: external}\n"
    "ratification:\n"
    "  Israel: {rule: quota, quota: 61, total: 120}\n"
    "linkages:\n"
    "  Iran retaliation:\n"
    "    actor: Iran\n"
    "    action: strike\n"
    "    p_deal: 0.2\n"
    "    p_no_deal: 0.7\n"
    "    within: 48 hours\n"
    "    effects: {Israel: -0.25, Qatar: -0.1}\n"
    "proposals:\n"
    "  May proposal:\n"
    "    outcome: {permanence: phased, ratio: 30}\n"
    "    source: the May text\n"
    "  July:\n"
    "    amends: May proposal\n"
    "    changes: {permanence: permanent, colour: blue}\n"
    "  August:\n"
    "    amends: July\n"
    "    changes: {ratio: 50}\n"
    "variants:\n"
    "  no mandate:\n"
    "    description: the delegation may only accept a temporary ceasefire\n"
    "    source: outlet A\n"
    "    actors:\n"
    "      Israeli delegation:\n"
    "        mandate: {permanence: [temporary], ratio: {min: 10, max: 20}}\n"
    "      Israel:\n"
    "        clout: 0.5\n"
    "  other: {description: outlet B}\n";

static pl_scenario_t *load_ok(const char *text, const char *variant)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_scenario_load_yaml_string(text, strlen(text), "t.yaml", variant, &sc, &err);
    if (s != PL_OK) {
        char buf[1200];
        for (size_t i = 0; i < err.ndiags; i++) fprintf(stderr, "%s\n", pl_error_format(&err, i, buf, sizeof buf));
    }
    assert_int_equal(s, PL_OK);
    assert_non_null(sc);
    pl_error_destroy(&err);
    return sc;
}

static void test_small_contents(void **state)
{
    (void)state;
    pl_scenario_t *sc = load_ok(doc_small, NULL);
    assert_string_equal(sc->name, "Small talks");
    assert_string_equal(sc->source, "invented");
    assert_null(sc->variant);
    assert_null(sc->file);
    /* issues */
    assert_int_equal(sc->nissues, 4);
    const pl_issue_t *perm = &sc->issues[0], *ratio = &sc->issues[1], *budget = &sc->issues[2];
    assert_int_equal(perm->kind, PL_ISSUE_CATEGORICAL);
    assert_true(perm->ordered);
    assert_int_equal(perm->nvalues, 3);
    assert_string_equal(perm->values[2], "permanent");
    assert_true(perm->reference == 1.0);
    assert_string_equal(perm->source, "background");
    assert_int_equal(perm->pos.line, 5);
    assert_int_equal(perm->pos.col, 3);
    assert_int_equal(ratio->kind, PL_ISSUE_INTEGER);
    assert_int_equal(ratio->nvalues, 5); /* 10 20 30 40 50 */
    assert_true(ratio->numeric[4] == 50.0);
    assert_string_equal(ratio->values[1], "20");
    assert_true(isnan(ratio->reference));
    assert_int_equal(budget->kind, PL_ISSUE_REAL);
    assert_int_equal(budget->nvalues, 11); /* 0, 0.1, ..., 1 (hi included within 1e-9) */
    assert_true(budget->numeric[10] == 1.0);
    assert_string_equal(budget->values[3], "0.3");
    assert_false(sc->issues[3].ordered);
    /* actors */
    assert_int_equal(sc->nactors, 7);
    const pl_actor_t *isr = &sc->actors[0];
    assert_int_equal(isr->role, PL_ROLE_PARTY);
    assert_true(isr->clout == 0.9);
    assert_true(isr->seats == 50);
    assert_true(isr->reservation == 0.35);
    assert_int_equal(isr->utility, PL_UTILITY_POSITION);
    assert_true(isr->stances[0].has_position);
    assert_true(isr->stances[0].position == 0.0); /* temporary = option 0 */
    assert_true(isr->stances[0].salience == 0.9);
    assert_string_equal(isr->stances[0].source, "said so");
    assert_true(isr->stances[1].position == 20.0); /* numeric issue: the value itself */
    assert_false(isr->stances[2].has_position);
    assert_true(isr->deadline == 20 && isr->discount == 0.98);
    assert_string_equal(isr->strategy, "boulware");
    assert_int_equal(isr->party, PL_UNSET);
    assert_true(isr->at_table);
    assert_true(isnan(isr->participation));
    assert_null(isr->mandate);
    const pl_actor_t *del = &sc->actors[1], *far = &sc->actors[2], *ham = &sc->actors[3];
    assert_int_equal(del->role, PL_ROLE_DELEGATION);
    assert_int_equal(del->party, 0);
    assert_null(del->mandate); /* no mandate in the base */
    assert_true(isnan(del->deadline) && del->discount == 1 && isnan(del->seats));
    assert_int_equal(far->role, PL_ROLE_FACTION);
    assert_int_equal(far->party, 0);
    assert_true(far->defection_cost == 0.1 && far->seats == 14);
    assert_false(ham->at_table);
    assert_int_equal(ham->nvia, 2);
    assert_int_equal(ham->via[0], 5); /* Egypt */
    assert_int_equal(ham->via[1], 4); /* Qatar */
    assert_true(ham->participation == 0.4);
    assert_int_equal(ham->utility, PL_UTILITY_NONE);
    assert_int_equal(ham->nrequires, 3);
    assert_int_equal(ham->requires[0].issue, 0);
    assert_false(ham->requires[0].allowed[0]);
    assert_true(ham->requires[0].allowed[1] && ham->requires[0].allowed[2]);
    bool want_ratio[5] = {false, true, true, true, false};
    for (int v = 0; v < 5; v++) assert_int_equal(ham->requires[1].allowed[v], want_ratio[v]);
    for (int v = 0; v < 11; v++) assert_int_equal(ham->requires[2].allowed[v], v <= 3);
    assert_true(sc->actors[4].host);
    assert_false(sc->actors[5].host);
    assert_int_equal(sc->actors[6].role, PL_ROLE_EXTERNAL);
    /* ratification, linkage */
    assert_int_equal(sc->nratifications, 1);
    assert_int_equal(sc->ratifications[0].party, 0);
    assert_int_equal(sc->ratifications[0].rule, PL_RATIFY_QUOTA);
    assert_true(sc->ratifications[0].quota == 61 && sc->ratifications[0].total == 120);
    assert_int_equal(sc->nlinkages, 1);
    const pl_linkage_t *lk = &sc->linkages[0];
    assert_int_equal(lk->actor, 6);
    assert_true(lk->p_deal == 0.2 && lk->p_no_deal == 0.7);
    assert_string_equal(lk->within, "48 hours");
    assert_true(lk->effect[0] == -0.25 && lk->effect[4] == -0.1 && lk->effect[3] == 0);
    /* proposals: amendments resolved */
    assert_int_equal(sc->nproposals, 3);
    const pl_proposal_t *may = &sc->proposals[0], *jul = &sc->proposals[1], *aug = &sc->proposals[2];
    assert_int_equal(may->amends, PL_UNSET);
    assert_int_equal(may->value[0], 1);
    assert_int_equal(may->value[1], 2);
    assert_int_equal(may->value[2], PL_UNSET);
    assert_int_equal(may->value[3], PL_UNSET);
    assert_int_equal(jul->amends, 0);
    assert_int_equal(jul->value[0], 2);
    assert_int_equal(jul->value[1], 2);
    assert_int_equal(jul->value[3], 2);
    assert_true(jul->changed[0] && !jul->changed[1] && jul->changed[3]);
    assert_int_equal(aug->amends, 1);
    assert_int_equal(aug->value[0], 2);
    assert_int_equal(aug->value[1], 4);
    assert_int_equal(aug->value[3], 2);
    assert_true(!aug->changed[0] && aug->changed[1]);
    /* variants and notes */
    assert_int_equal(sc->nvariants, 2);
    assert_string_equal(sc->variants[0].name, "no mandate");
    assert_string_equal(sc->variants[0].source, "outlet A");
    assert_string_equal(sc->variants[1].description, "outlet B");
    /* the overlay kept as text: nested mappings in block style, lists in flow style */
    assert_string_equal(sc->variants[0].overlay,
                        "actors:\n"
                        "  Israeli delegation:\n"
                        "    mandate:\n"
                        "      permanence: [temporary]\n"
                        "      ratio:\n"
                        "        min: 10\n"
                        "        max: 20\n"
                        "  Israel:\n"
                        "    clout: 0.5\n");
    assert_null(sc->variants[1].overlay);
    assert_string_equal(pl_scenario_source(sc, ""), "invented");
    assert_string_equal(pl_scenario_source(sc, "issues.permanence"), "background");
    assert_string_equal(pl_scenario_source(sc, "actors.Israel.clout"), "assumption: clout");
    assert_string_equal(pl_scenario_source(sc, "actors.Israel.stance.permanence"), "said so");
    assert_string_equal(pl_scenario_source(sc, "proposals.May proposal"), "the May text");
    assert_string_equal(pl_scenario_source(sc, "variants.no mandate"), "outlet A");
    assert_int_equal(sc->nnotes, 6);
    pl_scenario_free(sc);
}

static void test_variant_applied(void **state)
{
    (void)state;
    pl_scenario_t *sc = load_ok(doc_small, "no mandate");
    assert_string_equal(sc->variant, "no mandate");
    assert_int_equal(sc->nvariants, 2);
    const pl_actor_t *del = &sc->actors[1];
    assert_non_null(del->mandate);
    assert_true(del->mandate[0][0] && !del->mandate[0][1] && !del->mandate[0][2]);
    assert_true(del->mandate[1][0] && del->mandate[1][1] && !del->mandate[1][2]);
    assert_null(del->mandate[2]);
    assert_true(sc->actors[0].clout == 0.5);       /* overlay scalar replaced */
    assert_true(sc->actors[0].seats == 50);        /* the rest of the mapping kept */
    assert_true(sc->actors[0].stances[0].salience == 0.9);
    pl_scenario_free(sc);

    pl_error_t err;
    pl_error_init(&err);
    sc = NULL;
    pl_status s = pl_scenario_load_yaml_string(doc_small, strlen(doc_small), "t.yaml", "nope", &sc, &err);
    assert_int_equal(s, PL_ENOTFOUND);
    assert_null(sc);
    assert_int_equal(err.code, PL_ENOTFOUND);
    assert_string_equal(err.message, "t.yaml: unknown variant 'nope' (known: 'no mandate', 'other')");
    pl_error_destroy(&err);
}

static void test_all_errors_reported(void **state)
{
    (void)state;
    const char *text = "parley: 1\n"
                       "issues:\n"
                       "  a: {type: ordered, options: [x, y]}\n"
                       "actors:\n"
                       "  A:\n"
                       "    clout: -1\n"
                       "    rol: party\n"
                       "  B: {discount: 0}\n";
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    assert_int_equal(pl_scenario_load_yaml_string(text, strlen(text), "e.yaml", NULL, &sc, &err), PL_EPARSE);
    assert_null(sc);
    assert_int_equal(err.ndiags, 3);
    assert_int_equal(err.diags[0].line, 6);
    assert_int_equal(err.diags[0].col, 12);
    assert_string_equal(err.diags[0].message, "'clout' of actor 'A' must be >= 0 (got -1)");
    assert_int_equal(err.diags[1].line, 7);
    assert_int_equal(err.diags[1].col, 5);
    assert_string_equal(err.diags[1].message, "unknown key 'rol' in actor 'A' (did you mean 'role'?)");
    assert_int_equal(err.diags[2].line, 8);
    assert_string_equal(err.message, "e.yaml:6:12: 'clout' of actor 'A' must be >= 0 (got -1)");
    pl_error_destroy(&err);
}

static void test_missing_file(void **state)
{
    (void)state;
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    assert_int_equal(pl_scenario_load_yaml("/nonexistent/x.yaml", NULL, &sc, &err), PL_EIO);
    assert_string_equal(err.message, "/nonexistent/x.yaml: cannot open: no such file or directory");
    pl_error_destroy(&err);
    /* a directory is refused before any read, with the same message form */
    pl_error_init(&err);
    assert_int_equal(pl_scenario_load_yaml("/", NULL, &sc, &err), PL_EIO);
    assert_string_equal(err.message, "/: cannot open: is a directory");
    assert_null(sc);
    pl_error_destroy(&err);
    /* a character device is refused, not read (/dev/zero would never end) */
    pl_error_init(&err);
    assert_int_equal(pl_scenario_load_yaml("/dev/zero", NULL, &sc, &err), PL_EIO);
    assert_string_equal(err.message, "/dev/zero: cannot open: not a regular file (a device)");
    pl_error_destroy(&err);
}

static const char *doc_table =
    "parley: 1\n"
    "issues:\n"
    "  colour: {type: categorical, options: [red, green, blue]}\n"
    "  size: {type: integer, range: [1, 10]}\n"
    "actors:\n"
    "  Seller:\n"
    "    utility:\n"
    "      colour: {weight: 3, values: {red: 10, blue: 5}}\n"
    "      size: {weight: 1, linear: {slope: 0.1, offset: 0.05}}\n"
    "  Buyer:\n"
    "    rectangles:\n"
    "      max: 100\n"
    "      list:\n"
    "        - {utility: 5, bounds: {size: [2, 4], colour: [green, blue]}}\n"
    "        - {utility: 7, bounds: {size: [10, 10]}}\n";

static void test_table_and_rectangles(void **state)
{
    (void)state;
    pl_scenario_t *sc = load_ok(doc_table, NULL);
    const pl_actor_t *s = &sc->actors[0], *b = &sc->actors[1];
    assert_int_equal(s->utility, PL_UTILITY_TABLE);
    assert_true(s->stances[0].weight == 3);
    assert_true(s->stances[0].eval[0] == 10 && s->stances[0].eval[1] == 0 && s->stances[0].eval[2] == 5);
    assert_true(s->stances[1].has_linear && s->stances[1].slope == 0.1 && s->stances[1].offset == 0.05);
    assert_int_equal(b->utility, PL_UTILITY_HYPER);
    assert_true(b->rect_max == 100);
    assert_int_equal(b->nrects, 2);
    assert_int_equal(b->rects[0].nbounds, 2);
    assert_int_equal(b->rects[0].issue[0], 1);
    assert_int_equal(b->rects[0].min[0], 1); /* value 2 is index 1 */
    assert_int_equal(b->rects[0].max[0], 3);
    assert_int_equal(b->rects[0].issue[1], 0);
    assert_int_equal(b->rects[0].min[1], 1);
    assert_int_equal(b->rects[0].max[1], 2);
    assert_int_equal(b->rects[1].min[0], 9);
    assert_true(b->rects[1].utility == 7);
    pl_scenario_free(sc);
}

/* ---- deep comparison for the round trips ---- */

static bool same_d(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }
/* fields that are "unset" when not > 0 (NaN from the loader, 0 in zeroed structs) */
static bool same_pos(double a, double b) { return (!(a > 0) && !(b > 0)) || a == b; }

static void assert_same(const pl_scenario_t *a, const pl_scenario_t *b, bool notes)
{
    assert_true((a->name == NULL) == (b->name == NULL));
    if (a->name) assert_string_equal(a->name, b->name);
    if (a->description) assert_string_equal(a->description, b->description);
    assert_true(same_pos(a->round_days, b->round_days));
    assert_int_equal(a->nissues, b->nissues);
    for (size_t i = 0; i < a->nissues; i++) {
        const pl_issue_t *x = &a->issues[i], *y = &b->issues[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->ordered, y->ordered);
        assert_int_equal(x->nvalues, y->nvalues);
        for (size_t v = 0; v < x->nvalues; v++) {
            if (x->kind == PL_ISSUE_CATEGORICAL) assert_string_equal(x->values[v], y->values[v]);
            assert_true(x->numeric[v] == y->numeric[v]);
        }
        assert_true(same_d(x->reference, y->reference));
        if (x->description) assert_string_equal(x->description, y->description);
    }
    assert_int_equal(a->nactors, b->nactors);
    for (size_t k = 0; k < a->nactors; k++) {
        const pl_actor_t *x = &a->actors[k], *y = &b->actors[k];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->role, y->role);
        assert_int_equal(x->host, y->host);
        assert_true(same_d(x->clout, y->clout) && same_d(x->reservation, y->reservation));
        assert_true(same_d(x->participation, y->participation) && same_d(x->deadline, y->deadline));
        assert_true(same_d(x->discount, y->discount) && same_d(x->seats, y->seats));
        assert_true(same_d(x->defection_cost, y->defection_cost));
        assert_true(same_pos(x->deadline_days, y->deadline_days));
        assert_int_equal(x->party, y->party);
        assert_int_equal(x->at_table, y->at_table);
        assert_int_equal(x->nvia, y->nvia);
        for (size_t v = 0; v < x->nvia; v++) assert_int_equal(x->via[v], y->via[v]);
        if (x->strategy) assert_string_equal(x->strategy, y->strategy);
        assert_int_equal(x->utility, y->utility);
        if (x->utility == PL_UTILITY_POSITION || x->utility == PL_UTILITY_TABLE) {
            for (size_t i = 0; i < a->nissues; i++) {
                const pl_stance_t *s = &x->stances[i], *t = &y->stances[i];
                if (x->utility == PL_UTILITY_POSITION) {
                    assert_int_equal(s->has_position, t->has_position);
                    if (!s->has_position) continue;
                    assert_true(s->position == t->position && s->salience == t->salience);
                } else {
                    assert_true(s->weight == t->weight);
                    assert_int_equal(s->has_linear, t->has_linear);
                    if (s->has_linear) assert_true(s->slope == t->slope && s->offset == t->offset);
                    for (size_t v = 0; !s->has_linear && v < a->issues[i].nvalues; v++) {
                        double e1 = s->eval ? s->eval[v] : 0, e2 = t->eval ? t->eval[v] : 0;
                        assert_true(e1 == e2);
                    }
                }
            }
        }
        if (x->utility == PL_UTILITY_HYPER) {
            assert_true(x->rect_max == y->rect_max);
            assert_int_equal(x->nrects, y->nrects);
            for (size_t r = 0; r < x->nrects; r++) {
                assert_true(x->rects[r].utility == y->rects[r].utility);
                assert_int_equal(x->rects[r].nbounds, y->rects[r].nbounds);
                for (size_t q = 0; q < x->rects[r].nbounds; q++) {
                    assert_int_equal(x->rects[r].issue[q], y->rects[r].issue[q]);
                    assert_int_equal(x->rects[r].min[q], y->rects[r].min[q]);
                    assert_int_equal(x->rects[r].max[q], y->rects[r].max[q]);
                }
            }
        }
        assert_int_equal(x->nrequires, y->nrequires);
        for (size_t r = 0; r < x->nrequires; r++) {
            assert_int_equal(x->requires[r].issue, y->requires[r].issue);
            for (size_t v = 0; v < a->issues[x->requires[r].issue].nvalues; v++)
                assert_int_equal(x->requires[r].allowed[v], y->requires[r].allowed[v]);
        }
        assert_int_equal(x->ninstruments, y->ninstruments);
        for (size_t q = 0; q < x->ninstruments; q++) {
            assert_int_equal(x->instruments[q].kind, y->instruments[q].kind);
            assert_int_equal(x->instruments[q].actor, y->instruments[q].actor);
            assert_true(x->instruments[q].max == y->instruments[q].max);
        }
        assert_true((x->mandate == NULL) == (y->mandate == NULL));
        for (size_t i = 0; x->mandate && i < a->nissues; i++) {
            assert_true((x->mandate[i] == NULL) == (y->mandate[i] == NULL));
            for (size_t v = 0; x->mandate[i] && v < a->issues[i].nvalues; v++)
                assert_int_equal(x->mandate[i][v], y->mandate[i][v]);
        }
    }
    assert_int_equal(a->nratifications, b->nratifications);
    for (size_t r = 0; r < a->nratifications; r++) {
        assert_int_equal(a->ratifications[r].party, b->ratifications[r].party);
        assert_int_equal(a->ratifications[r].rule, b->ratifications[r].rule);
        assert_true(same_d(a->ratifications[r].quota, b->ratifications[r].quota));
        assert_true(same_d(a->ratifications[r].total, b->ratifications[r].total));
    }
    assert_int_equal(a->nlinkages, b->nlinkages);
    for (size_t l = 0; l < a->nlinkages; l++) {
        assert_string_equal(a->linkages[l].name, b->linkages[l].name);
        assert_int_equal(a->linkages[l].actor, b->linkages[l].actor);
        assert_true(a->linkages[l].p_deal == b->linkages[l].p_deal);
        assert_true(a->linkages[l].p_no_deal == b->linkages[l].p_no_deal);
        for (size_t k = 0; k < a->nactors; k++)
            assert_true(a->linkages[l].effect[k] == b->linkages[l].effect[k]);
    }
    assert_int_equal(a->nproposals, b->nproposals);
    for (size_t p = 0; p < a->nproposals; p++) {
        assert_string_equal(a->proposals[p].name, b->proposals[p].name);
        assert_int_equal(a->proposals[p].amends, b->proposals[p].amends);
        for (size_t i = 0; i < a->nissues; i++) assert_int_equal(a->proposals[p].value[i], b->proposals[p].value[i]);
    }
    if (a->variant && !b->variant) {
        /* written with a variant applied: the file's variants overlay the base, so they are
         * left out */
        assert_int_equal(b->nvariants, 0);
    } else {
        assert_int_equal(a->nvariants, b->nvariants);
        for (size_t v = 0; v < a->nvariants; v++) {
            assert_string_equal(a->variants[v].name, b->variants[v].name);
            /* the overlay is written and read back to the same text */
            assert_true((a->variants[v].overlay == NULL) == (b->variants[v].overlay == NULL));
            if (a->variants[v].overlay) assert_string_equal(a->variants[v].overlay, b->variants[v].overlay);
        }
    }
    if (notes) {
        assert_int_equal(a->nnotes, b->nnotes);
        for (size_t n = 0; n < a->nnotes; n++) {
            const char *s = pl_scenario_source(b, a->notes[n].path);
            assert_non_null(s);
            assert_string_equal(s, a->notes[n].source);
        }
    }
}

static pl_scenario_t *round_trip(const pl_scenario_t *sc)
{
    char *text = NULL;
    size_t len = 0;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_scenario_to_yaml(sc, &text, &len, &err), PL_OK);
    assert_int_equal(strlen(text), len);
    pl_scenario_t *back = NULL;
    pl_status s = pl_scenario_load_yaml_string(text, len, "out.yaml", NULL, &back, &err);
    if (s != PL_OK) {
        char buf[1200];
        fprintf(stderr, "%s\n", text);
        for (size_t i = 0; i < err.ndiags; i++) fprintf(stderr, "%s\n", pl_error_format(&err, i, buf, sizeof buf));
    }
    assert_int_equal(s, PL_OK);
    pl_free(text);
    pl_error_destroy(&err);
    return back;
}

static void test_round_trip_small(void **state)
{
    (void)state;
    pl_scenario_t *sc = load_ok(doc_small, NULL);
    pl_scenario_t *back = round_trip(sc);
    assert_same(sc, back, true);
    pl_scenario_free(back);
    pl_scenario_free(sc);
    /* with the variant applied: the mandate is written out */
    sc = load_ok(doc_small, "no mandate");
    back = round_trip(sc);
    /* the overlay's own note (variants.no mandate.actors...) has no place in the output */
    assert_same(sc, back, false);
    pl_scenario_free(back);
    pl_scenario_free(sc);
    sc = load_ok(doc_table, NULL);
    back = round_trip(sc);
    assert_same(sc, back, true);
    pl_scenario_free(back);
    pl_scenario_free(sc);
}

static void test_round_trip_awkward_strings(void **state)
{
    (void)state;
    const char *text =
        "parley: 1\n"
        "name: \"a: b # not a comment\"\n"
        "description: \"  leading spaces, \\\"quotes\\\", back\\\\slash\\nnew line\\ttab\"\n"
        "issues:\n"
        "  \"yes\": {type: categorical, options: [\"no\", \"1.5\", \"-x\", \"[a]\", \"é ü\", \"\\u2028\", \"x, y\", \"~\"]}\n"
        "  \"- dash\": {type: ordered, options: [\"&anchor\", \"*alias\", \"!tag\", \"%p\", \"@at\", \"`tick\", \"{b}\", \"'q'\"]}\n"
        "actors:\n"
        "  \"null\": {description: \"key: value\", strategy: \"#hash\"}\n"
        "  \"123\": {role: mediator}\n"
        "proposals:\n"
        "  \"p: 1\": {outcome: {\"yes\": \"x, y\", \"- dash\": \"'q'\"}, source: \"\\\"quoted\\\" note\"}\n";
    pl_scenario_t *sc = load_ok(text, NULL);
    assert_string_equal(sc->issues[0].values[4], "\xc3\xa9 \xc3\xbc");
    assert_string_equal(sc->issues[0].values[5], "\xe2\x80\xa8");
    assert_string_equal(sc->description, "  leading spaces, \"quotes\", back\\slash\nnew line\ttab");
    pl_scenario_t *back = round_trip(sc);
    assert_same(sc, back, true);
    assert_string_equal(back->description, sc->description);
    assert_string_equal(back->actors[0].strategy, "#hash");
    pl_scenario_free(back);
    pl_scenario_free(sc);
}

static void test_round_trip_genius(void **state)
{
    (void)state;
    const char *data = getenv("PL_SHARED_DATA");
    if (!data) skip();
    const char *dirs[] = {"genius/y2010/ItexvsCypress", "genius/y2014/10issues", "genius/y2013/Coffee"};
    size_t done = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", data, dirs[d]);
        pl_error_t err;
        pl_error_init(&err);
        pl_scenario_t *sc = NULL;
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            pl_error_destroy(&err);
            continue; /* that domain is not in this copy of the data */
        }
        if (pl_genius_load_dir(path, &sc, &err) != PL_OK) {
            /* the folder exists: failing to load it is a loader regression, not a skip */
            char msg[1200];
            snprintf(msg, sizeof msg, "%s", err.message);
            pl_error_destroy(&err);
            fail_msg("%s does not load: %s", dirs[d], msg);
        }
        pl_scenario_t *back = round_trip(sc);
        assert_same(sc, back, false);
        pl_scenario_free(back);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
        done++;
    }
    if (!done) skip();
}

static const char *doc_instruments =
    "parley: 1\n"
    "issues:\n"
    "  x: {type: ordered, options: [a, b]}\n"
    "actors:\n"
    "  P: {reservation: 0.5}\n"
    "  Q: {}\n"
    "  F: {role: faction, party: P}\n"
    "  US:\n"
    "    role: mediator\n"
    "    instruments:\n"
    "      - {kind: penalty, on: P, max: {value: 0.2, source: guess}, source: \"press P\"}\n"
    "      - {kind: side_payment, to: Q}\n"
    "      - kind: penalty\n"
    "        on: F\n"
    "        max: 0\n"
    "variants:\n"
    "  less:\n"
    "    source: other report\n"
    "    actors:\n"
    "      US: {instruments: [{kind: side_payment, to: Q, max: 0.05, source: \"as: quoted\"}]}\n"
    "      P: {reservation: ~, description: \"yes\"}\n";

static void test_instruments(void **state)
{
    (void)state;
    pl_scenario_t *sc = load_ok(doc_instruments, NULL);
    const pl_actor_t *us = &sc->actors[3];
    assert_int_equal(us->ninstruments, 3);
    assert_int_equal(us->instruments[0].kind, PL_INSTRUMENT_PENALTY);
    assert_int_equal(us->instruments[0].actor, 0);
    assert_true(us->instruments[0].max == 0.2);
    assert_int_equal(us->instruments[0].pos.line, 11);
    assert_int_equal(us->instruments[0].pos.col, 9);
    assert_int_equal(us->instruments[1].kind, PL_INSTRUMENT_SIDE_PAYMENT);
    assert_int_equal(us->instruments[1].actor, 1);
    assert_true(isinf(us->instruments[1].max));
    assert_int_equal(us->instruments[2].actor, 2);
    assert_true(us->instruments[2].max == 0);
    assert_string_equal(pl_scenario_source(sc, "actors.US.instruments.0"), "press P");
    assert_string_equal(pl_scenario_source(sc, "actors.US.instruments.0.max"), "guess");
    for (size_t a = 0; a < 3; a++) assert_int_equal(sc->actors[a].ninstruments, 0);
    /* the overlay keeps null, quoted "yes" and the nested note */
    assert_string_equal(sc->variants[0].overlay,
                        "actors:\n"
                        "  US:\n"
                        "    instruments: [{kind: side_payment, to: Q, max: 0.05, source: \"as: quoted\"}]\n"
                        "  P:\n"
                        "    reservation: null\n"
                        "    description: \"yes\"\n");
    pl_scenario_t *back = round_trip(sc);
    assert_same(sc, back, true);
    /* the variant of the written text is the variant of the original */
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(pl_scenario_to_yaml(sc, &text, &len, NULL), PL_OK);
    pl_scenario_t *v1 = load_ok(doc_instruments, "less"), *v2 = NULL;
    assert_int_equal(pl_scenario_load_yaml_string(text, len, "out.yaml", "less", &v2, NULL), PL_OK);
    assert_int_equal(v1->actors[3].ninstruments, 1);
    assert_true(v1->actors[3].instruments[0].max == 0.05);
    assert_true(v1->actors[0].reservation == 0);
    assert_string_equal(v1->actors[0].description, "yes");
    assert_same(v1, v2, true);
    pl_free(text);
    pl_scenario_free(v1);
    pl_scenario_free(v2);
    pl_scenario_free(back);
    pl_scenario_free(sc);
}

/* Calendar time: a round of 12 hours, deadlines in days and in rounds. */
static const char *doc_days =
    "parley: 1\n"
    "round: {hours: 12, source: half a day}\n"
    "issues:\n"
    "  a: {type: ordered, options: [x, y]}\n"
    "actors:\n"
    "  A: {deadline: {days: 3, source: three days}}\n"
    "  B: {deadline: {rounds: 5}}\n"
    "  C: {deadline: 4}\n"
    "  D: {deadline: {days: {value: 1.5, source: a day and a half}}}\n"
    "  E: {deadline: {rounds: {value: 2, source: two rounds}}}\n"
    "  F: {}\n";

static void test_days(void **state)
{
    (void)state;
    pl_scenario_t *sc = load_ok(doc_days, NULL);
    /* 12 hours = 0.5 day; 3 days / 0.5 = 6 rounds; 1.5 days / 0.5 = 3 rounds */
    assert_true(sc->round_days == 0.5);
    assert_true(pl_scenario_round_days(sc) == 0.5);
    assert_true(pl_scenario_has_days(sc));
    assert_true(sc->actors[0].deadline == 6 && sc->actors[0].deadline_days == 3);
    assert_true(sc->actors[1].deadline == 5 && isnan(sc->actors[1].deadline_days));
    assert_true(sc->actors[2].deadline == 4 && isnan(sc->actors[2].deadline_days));
    assert_true(sc->actors[3].deadline == 3 && sc->actors[3].deadline_days == 1.5);
    assert_true(sc->actors[4].deadline == 2 && isnan(sc->actors[4].deadline_days));
    assert_true(isnan(sc->actors[5].deadline) && isnan(sc->actors[5].deadline_days));
    /* two rounds a day: rounds 1-2 (indices 0, 1) on day 1, 3-4 on day 2, 5-6 on day 3 */
    assert_int_equal(pl_scenario_round_day(sc, 0), 1);
    assert_int_equal(pl_scenario_round_day(sc, 1), 1);
    assert_int_equal(pl_scenario_round_day(sc, 2), 2);
    assert_int_equal(pl_scenario_round_day(sc, 5), 3);
    assert_int_equal(pl_scenario_round_day(sc, 6), 4);
    assert_string_equal(pl_scenario_source(sc, "round"), "half a day");
    assert_string_equal(pl_scenario_source(sc, "actors.A.deadline"), "three days");
    assert_string_equal(pl_scenario_source(sc, "actors.D.deadline.days"), "a day and a half");
    assert_string_equal(pl_scenario_source(sc, "actors.E.deadline.rounds"), "two rounds");
    /* written back in the units given, with every note */
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(pl_scenario_to_yaml(sc, &text, &len, NULL), PL_OK);
    assert_non_null(strstr(text, "\nround: {hours: 12, source: half a day}\n"));
    assert_non_null(strstr(text, "    deadline: {days: 3, source: three days}\n"));
    assert_non_null(strstr(text, "    deadline: {days: {value: 1.5, source: a day and a half}}\n"));
    assert_non_null(strstr(text, "    deadline: {rounds: {value: 2, source: two rounds}}\n"));
    assert_non_null(strstr(text, "    deadline: 4\n"));
    pl_free(text);
    pl_scenario_t *back = round_trip(sc);
    assert_same(sc, back, true);
    pl_scenario_free(back);
    pl_scenario_free(sc);

    /* 8-hour rounds: 2 days = 6 rounds; round index 3 starts after exactly one day (day 2) */
    sc = load_ok("parley: 1\nround: {hours: 8}\nissues: {a: {type: ordered, options: [x]}}\n"
                 "actors: {A: {deadline: {days: 2}}}\n", NULL);
    assert_float_equal(sc->actors[0].deadline, 6, 1e-12);
    assert_int_equal(pl_scenario_round_day(sc, 2), 1);
    assert_int_equal(pl_scenario_round_day(sc, 3), 2);
    assert_int_equal(pl_scenario_round_day(sc, 5), 2);
    assert_int_equal(pl_scenario_round_day(sc, 6), 3);
    back = round_trip(sc);
    assert_same(sc, back, true);
    pl_scenario_free(back);
    pl_scenario_free(sc);

    /* two-day rounds: 7 days = 3.5 rounds; round index 1 starts on day 3 */
    sc = load_ok("parley: 1\nround: {days: 2}\nissues: {a: {type: ordered, options: [x]}}\n"
                 "actors: {A: {deadline: {days: 7}}}\n", NULL);
    assert_true(sc->round_days == 2 && sc->actors[0].deadline == 3.5);
    assert_int_equal(pl_scenario_round_day(sc, 1), 3);
    back = round_trip(sc);
    assert_same(sc, back, true);
    pl_scenario_free(back);
    pl_scenario_free(sc);

    /* no round length: a round is a day; a deadline in days still makes it calendar time */
    sc = load_ok("parley: 1\nissues: {a: {type: ordered, options: [x]}}\n"
                 "actors: {A: {deadline: {days: 7}}}\n", NULL);
    assert_true(isnan(sc->round_days) && pl_scenario_round_days(sc) == 1);
    assert_true(sc->actors[0].deadline == 7 && pl_scenario_has_days(sc));
    assert_int_equal(pl_scenario_round_day(sc, 6), 7);
    assert_int_equal(pl_scenario_round_day(sc, 0), 1);
    back = round_trip(sc);
    assert_same(sc, back, true);
    assert_true(isnan(back->round_days));
    pl_scenario_free(back);
    pl_scenario_free(sc);

    /* neither: no calendar time */
    sc = load_ok(doc_small, NULL);
    assert_false(pl_scenario_has_days(sc));
    assert_true(isnan(sc->round_days));
    pl_scenario_free(sc);
}

/* Every allocation failing in turn: an error status (never a crash or a leak), then success. */
static void test_alloc_failures(void **state)
{
    (void)state;
    const char *docs[] = {doc_small, doc_table, doc_small, doc_instruments, doc_days};
    const char *variants[] = {"no mandate", NULL, NULL, "less", NULL};
    for (size_t d = 0; d < 5; d++) {
        size_t n;
        for (n = 1; n < 100000; n++) {
            pl_error_t err;
            pl_error_init(&err);
            pl_scenario_t *sc = NULL;
            pl_i_alloc_fail_after(n);
            pl_status s = pl_scenario_load_yaml_string(docs[d], strlen(docs[d]), "t.yaml", variants[d], &sc, &err);
            pl_i_alloc_fail_after(0);
            pl_error_destroy(&err);
            if (s == PL_OK) {
                /* and the writer, failing at each of its allocations */
                size_t m;
                for (m = 1; m < 1000; m++) {
                    char *text = NULL;
                    pl_i_alloc_fail_after(m);
                    pl_status w = pl_scenario_to_yaml(sc, &text, NULL, NULL);
                    pl_i_alloc_fail_after(0);
                    pl_free(text);
                    if (w == PL_OK) break;
                    assert_int_equal(w, PL_ENOMEM);
                }
                assert_true(m < 1000);
                pl_scenario_free(sc);
                break;
            }
            assert_null(sc);
            assert_true(s == PL_ENOMEM);
        }
        assert_true(n > 10 && n < 100000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_contents),
        cmocka_unit_test(test_variant_applied),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_table_and_rectangles),
        cmocka_unit_test(test_round_trip_small),
        cmocka_unit_test(test_round_trip_awkward_strings),
        cmocka_unit_test(test_round_trip_genius),
        cmocka_unit_test(test_instruments),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
