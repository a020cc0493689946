/*
 * test_yaml_lang.c: the scenario language's variant overlays that add and remove entries,
 * calendar deadlines, instruments held by parties, guarantees and dual roles: what they load
 * to, what the model compiles from them (thresholds and linkage terms by hand), and that
 * `pl_scenario_to_yaml` writes each so that loading the text gives the same scenario, for the
 * base and for every variant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <parley/pl_io.h>
#include <parley/pl_model.h>

static const char *doc =
    "parley: 1\n"
    "start: 2024-08-15\n"
    "round: {hours: 12}\n"
    "issues:\n"
    "  a: {type: ordered, options: [lo, mid, hi]}\n"
    "  b: {type: integer, range: [0, 10], step: 5}\n"
    "actors:\n"
    "  X:\n"
    "    reservation: 0.5\n"
    "    deadline: 2024-08-22\n"
    "    stance: {a: {position: hi}}\n"
    "    instruments: [{kind: side_letter, to: Y, max: 0.1}]\n"
    "  Y:\n"
    "    deadline: {date: {value: 2024-08-16, source: the vote}, source: reported}\n"
    "    stance: {a: {position: lo}}\n"
    "    mediates: true\n"
    "  Z: {at_table: false, via: [Y, M], stance: {a: {position: lo}}}\n"
    "  C: {role: external}\n"
    "  M:\n"
    "    role: mediator\n"
    "    guarantees:\n"
    "      - {to: X, threshold: -0.2, source: a guarantee}\n"
    "      - {kind: verification, linkage: L, p_deal: 0.1}\n"
    "ratification:\n"
    "  Y: {rule: veto}\n"
    "linkages:\n"
    "  L: {actor: C, p_deal: 0.5, p_no_deal: 0.5, effects: {X: -0.4, Y: 0.1}}\n"
    "proposals:\n"
    "  P: {outcome: {a: mid}}\n"
    "variants:\n"
    "  swap:\n"
    "    remove: {actors: [M], options: {a: [mid]}, proposals: [P]}\n"
    "    add:\n"
    "      actors:\n"
    "        W: {role: mediator, clout: 2}\n"
    "      options: {a: [top]}\n"
    "    actors:\n"
    "      Z: {via: [W]}\n"
    "  drop:\n"
    "    remove: {actors: Y, issues: [b]}\n"
    "    actors: {X: {instruments: null}}\n";

static pl_scenario_t *load(const char *text, size_t len, const char *variant)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_scenario_load_yaml_string(text, len, "t.yaml", variant, &sc, &err);
    if (s != PL_OK) {
        char buf[1200];
        for (size_t i = 0; i < err.ndiags; i++) fprintf(stderr, "%s\n", pl_error_format(&err, i, buf, sizeof buf));
    }
    assert_int_equal(s, PL_OK);
    pl_error_destroy(&err);
    return sc;
}

static void test_loaded(void **state)
{
    (void)state;
    pl_scenario_t *sc = load(doc, strlen(doc), NULL);
    assert_string_equal(sc->start, "2024-08-15");
    /* 2024-08-22 is day 8 (the 15th is day 1); 8 days of 12-hour rounds = 16 rounds */
    assert_string_equal(sc->actors[0].deadline_date, "2024-08-22");
    assert_true(sc->actors[0].deadline_days == 8 && sc->actors[0].deadline == 16);
    assert_true(sc->actors[1].deadline_days == 2 && sc->actors[1].deadline == 4);
    assert_string_equal(pl_scenario_source(sc, "actors.Y.deadline.date"), "the vote");
    char day[16];
    assert_true(pl_scenario_day_date(sc, 8, day, sizeof day));
    assert_string_equal(day, "2024-08-22");
    assert_true(pl_scenario_day_date(sc, 18, day, sizeof day)); /* across the month's end */
    assert_string_equal(day, "2024-09-01");
    /* a party's side letter is a side payment */
    assert_int_equal(sc->actors[0].ninstruments, 1);
    assert_int_equal(sc->actors[0].instruments[0].kind, PL_INSTRUMENT_SIDE_PAYMENT);
    assert_int_equal(sc->actors[0].instruments[0].actor, 1);
    assert_true(sc->actors[1].mediates && !sc->actors[0].mediates);
    assert_int_equal(sc->actors[2].nvia, 2);
    assert_int_equal(sc->actors[4].nguarantees, 2);
    const pl_guarantee_t *g = sc->actors[4].guarantees;
    assert_true(g[0].kind == PL_GUARANTEE && g[0].actor == 0 && g[0].threshold == -0.2 && g[0].linkage == PL_UNSET);
    assert_true(g[1].kind == PL_VERIFICATION && g[1].linkage == 0 && g[1].p_deal == 0.1 && isnan(g[1].p_no_deal));
    /* compiled: p_deal 0.1 for L; X's threshold 0.5 + (0.5 - 0.1) * -0.4 - 0.2 = 0.14,
     * Y's 0 + 0.4 * 0.1 = 0.04; X's deal bonus 0.1 * -0.4 */
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    assert_true(fabs(pl_model_threshold(m, 0) - 0.14) < 1e-12);
    assert_true(fabs(pl_model_threshold(m, 1) - 0.04) < 1e-12);
    assert_true(fabs(pl_model_linkage_p_deal(m, 0) - 0.1) < 1e-12);
    assert_true(fabs(pl_model_deal_bonus(m, 0) + 0.04) < 1e-12);
    assert_true(pl_model_mediates(m, 1) && pl_model_mediates(m, 4) && !pl_model_mediates(m, 0));
    pl_model_free(m);
    pl_scenario_free(sc);

    /* the variants: removed and added actors, options and proposals */
    sc = load(doc, strlen(doc), "swap");
    assert_int_equal(sc->nactors, 5);
    assert_null(sc->actors[4].guarantees);
    assert_string_equal(sc->actors[4].name, "W");
    assert_true(sc->actors[4].clout == 2);
    assert_int_equal(sc->actors[2].nvia, 1);           /* M removed, then via overlaid */
    assert_int_equal(sc->actors[2].via[0], 4);
    assert_int_equal(sc->issues[0].nvalues, 3);
    assert_string_equal(sc->issues[0].values[1], "hi");
    assert_string_equal(sc->issues[0].values[2], "top");
    assert_int_equal(sc->nproposals, 0);
    pl_scenario_free(sc);
    sc = load(doc, strlen(doc), "drop");
    /* Y removed with its ratification rule, its linkage effect and its place in Z's via */
    assert_int_equal(sc->nactors, 4);
    assert_int_equal(sc->nissues, 1);
    assert_int_equal(sc->nratifications, 0);
    assert_int_equal(sc->actors[1].nvia, 1);
    assert_string_equal(sc->actors[sc->actors[1].via[0]].name, "M");
    pl_scenario_free(sc);
}

/* Written and read back: the same scenario for the base and for every variant. */
static void assert_same_lang(const pl_scenario_t *a, const pl_scenario_t *b)
{
    assert_true((a->start == NULL) == (b->start == NULL));
    if (a->start) assert_string_equal(a->start, b->start);
    assert_true(a->round_days == b->round_days || (isnan(a->round_days) && isnan(b->round_days)));
    assert_int_equal(a->nissues, b->nissues);
    for (size_t i = 0; i < a->nissues; i++) {
        assert_int_equal(a->issues[i].nvalues, b->issues[i].nvalues);
        for (size_t v = 0; v < a->issues[i].nvalues; v++)
            assert_string_equal(a->issues[i].values[v], b->issues[i].values[v]);
    }
    assert_int_equal(a->nactors, b->nactors);
    for (size_t k = 0; k < a->nactors; k++) {
        const pl_actor_t *x = &a->actors[k], *y = &b->actors[k];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->role, y->role);
        assert_true(x->mediates == y->mediates);
        assert_true((isnan(x->deadline) && isnan(y->deadline)) || x->deadline == y->deadline);
        assert_true((x->deadline_date == NULL) == (y->deadline_date == NULL));
        if (x->deadline_date) assert_string_equal(x->deadline_date, y->deadline_date);
        assert_int_equal(x->nvia, y->nvia);
        for (size_t v = 0; v < x->nvia; v++) assert_int_equal(x->via[v], y->via[v]);
        assert_int_equal(x->ninstruments, y->ninstruments);
        for (size_t q = 0; q < x->ninstruments; q++) {
            assert_int_equal(x->instruments[q].kind, y->instruments[q].kind);
            assert_int_equal(x->instruments[q].actor, y->instruments[q].actor);
            assert_true(x->instruments[q].max == y->instruments[q].max);
        }
        assert_int_equal(x->nguarantees, y->nguarantees);
        for (size_t q = 0; q < x->nguarantees; q++) {
            const pl_guarantee_t *g = &x->guarantees[q], *h = &y->guarantees[q];
            assert_true(g->kind == h->kind && g->actor == h->actor && g->linkage == h->linkage);
            assert_true(g->threshold == h->threshold);
            assert_true((isnan(g->p_deal) && isnan(h->p_deal)) || g->p_deal == h->p_deal);
            assert_true((isnan(g->p_no_deal) && isnan(h->p_no_deal)) || g->p_no_deal == h->p_no_deal);
        }
    }
    assert_int_equal(a->nratifications, b->nratifications);
    assert_int_equal(a->nproposals, b->nproposals);
    assert_int_equal(a->nvariants, b->nvariants);
    for (size_t n = 0; n < a->nnotes; n++) {
        const char *s = pl_scenario_source(b, a->notes[n].path);
        assert_non_null(s);
        assert_string_equal(s, a->notes[n].source);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    pl_scenario_t *sc = load(doc, strlen(doc), NULL);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(pl_scenario_to_yaml(sc, &text, &len, NULL), PL_OK);
    assert_non_null(strstr(text, "\nstart: 2024-08-15\n"));
    assert_non_null(strstr(text, "    deadline: 2024-08-22\n"));
    assert_non_null(strstr(text, "    mediates: true\n"));
    assert_non_null(strstr(text, "      - {kind: guarantee, to: X, threshold: -0.2, source: a guarantee}\n"));
    assert_non_null(strstr(text, "      - {kind: verification, linkage: L, p_deal: 0.1}\n"));
    const char *variants[] = {NULL, "swap", "drop"};
    for (size_t v = 0; v < 3; v++) {
        pl_scenario_t *a = load(doc, strlen(doc), variants[v]);
        pl_scenario_t *b = load(text, len, variants[v]);
        assert_same_lang(a, b);
        pl_scenario_free(a);
        pl_scenario_free(b);
    }
    pl_free(text);
    pl_scenario_free(sc);
}

static void test_dates(void **state)
{
    (void)state;
    long d;
    assert_true(pl_date_parse("1970-01-01", &d) && d == 0);
    assert_true(pl_date_parse("2024-02-29", &d) && d == 19782);
    assert_true(pl_date_parse("2000-02-29", NULL));
    assert_false(pl_date_parse("1900-02-29", NULL));
    assert_false(pl_date_parse("2024-13-01", NULL));
    assert_false(pl_date_parse("2024-8-22", NULL));
    char buf[16];
    pl_date_format(19782, buf, sizeof buf);
    assert_string_equal(buf, "2024-02-29");
    pl_date_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31");
    pl_instrument_kind k = PL_INSTRUMENT_SIDE_PAYMENT;
    assert_true(pl_instrument_kind_parse("pressure", 8, &k) && k == PL_INSTRUMENT_PENALTY);
    assert_true(pl_instrument_kind_parse("side-letter:x", 11, &k) && k == PL_INSTRUMENT_SIDE_PAYMENT);
    assert_false(pl_instrument_kind_parse("bribe", 5, &k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loaded),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
