/*
 * test_genius_quirks.c: GENIUS files as people have them. Shared ANAC domains (read from
 * ../shared/data at test time) are rewritten into a temporary folder with the quirks of files
 * written by hand or by other tools (UTF-8 byte order mark, Windows line endings, single quotes,
 * a comment before the root element) and must load to the same scenario, bitwise. Attribute
 * quirks (another order, optional attributes missing, numbers as 1e1 / .3 / 7.00, a weight on
 * the root objective, GENIUS's parameter0/parameter1 evaluator, real issues) are checked on a
 * small domain written here. Real issues are discretised (11 values, or the issue's own `step`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <parley/parley.h>

#include "io/genius_internal.h"
#include "test_util.h"

/* Same issues, actors, reservations and discounts, and bitwise equal utilities on every outcome. */
static void assert_same(const pl_scenario_t *a, const pl_scenario_t *b)
{
    assert_int_equal(b->nissues, a->nissues);
    for (size_t i = 0; i < a->nissues; i++) {
        const pl_issue_t *x = &a->issues[i], *y = &b->issues[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->nvalues, y->nvalues);
        for (size_t v = 0; v < x->nvalues; v++) {
            assert_string_equal(x->values[v], y->values[v]);
            assert_true(x->numeric[v] == y->numeric[v]);
        }
    }
    assert_int_equal(b->nactors, a->nactors);
    for (size_t k = 0; k < a->nactors; k++) {
        assert_string_equal(a->actors[k].name, b->actors[k].name);
        assert_true(a->actors[k].reservation == b->actors[k].reservation);
        assert_true(a->actors[k].discount == b->actors[k].discount);
    }
    pl_model_t *ma = NULL, *mb = NULL;
    assert_int_equal(pl_model_compile(a, &ma, NULL), PL_OK);
    assert_int_equal(pl_model_compile(b, &mb, NULL), PL_OK);
    uint64_t n;
    assert_true(pl_model_space_size(ma, &n));
    size_t *o = calloc(a->nissues, sizeof *o);
    assert_non_null(o);
    for (uint64_t x = 0; x < n; x++) {
        if (x) pl_model_outcome_next(ma, o);
        for (size_t k = 0; k < a->nactors; k++)
            assert_true(pl_model_utility(ma, k, o) == pl_model_utility(mb, k, o));
    }
    free(o);
    pl_model_free(ma);
    pl_model_free(mb);
}

/* The file's text with the quirks: a byte order mark, a comment after the XML declaration (or
 * first), CRLF line ends, and attribute values in single quotes (when the file has none). */
static char *quirky(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(3 * n + 256), *w = out;
    assert_non_null(out);
    bool single = strchr(text, '\'') == NULL;
    memcpy(w, "\xEF\xBB\xBF", 3);
    w += 3;
    const char *p = text;
    if (strncmp(p, "<?xml", 5) == 0) {
        const char *e = strstr(p, "?>");
        assert_non_null(e);
        for (; p < e + 2; p++) *w++ = single && *p == '"' ? '\'' : *p;
    }
    w += sprintf(w, "\r\n<!-- rewritten with quirks by test_genius_quirks -->");
    for (; *p; p++) {
        if (*p == '\n') *w++ = '\r';
        *w++ = single && *p == '"' ? '\'' : *p;
    }
    *w = '\0';
    return out;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    return b;
}

/* Every shared domain named here, copied with quirks, loads as the original does. */
static void test_shared_domains_with_quirks(void **state)
{
    (void)state;
    const char *data = getenv("PL_SHARED_DATA");
    const char *domains[] = {"y2011/Laptop", "y2010/ItexvsCypress", "y2013/Coffee", "y2011/Grocery"};
    size_t checked = 0;
    for (size_t d = 0; d < sizeof domains / sizeof *domains; d++) {
        char src[1024], tmp[] = "/tmp/parley-quirks-XXXXXX";
        snprintf(src, sizeof src, "%s/genius/%s", data ? data : "../shared/data", domains[d]);
        DIR *dir = opendir(src);
        if (!dir) {
            printf("skipped: %s (shared data absent)\n", src);
            continue;
        }
        assert_non_null(mkdtemp(tmp));
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t l = strlen(e->d_name);
            if (l < 4 || strcmp(e->d_name + l - 4, ".xml") != 0) continue;
            char in[2048], out[2048];
            snprintf(in, sizeof in, "%s/%s", src, e->d_name);
            snprintf(out, sizeof out, "%s/%s", tmp, e->d_name);
            char *text = slurp(in), *q = quirky(text);
            FILE *f = fopen(out, "wb");
            assert_non_null(f);
            fputs(q, f);
            fclose(f);
            free(text);
            free(q);
        }
        closedir(dir);
        pl_scenario_t *a = NULL, *b = NULL;
        pl_error_t err;
        pl_error_init(&err);
        if (pl_genius_load_dir(src, &a, &err) != PL_OK) fail_msg("%s: %s", src, err.message);
        if (pl_genius_load_dir(tmp, &b, &err) != PL_OK) fail_msg("%s (quirky): %s", src, err.message);
        pl_error_destroy(&err);
        assert_same(a, b);
        pl_scenario_free(a);
        pl_scenario_free(b);
        /* remove the temporary copies */
        if ((dir = opendir(tmp))) {
            while ((e = readdir(dir))) {
                if (e->d_name[0] == '.') continue;
                char f[2048];
                snprintf(f, sizeof f, "%s/%s", tmp, e->d_name);
                unlink(f);
            }
            closedir(dir);
        }
        rmdir(tmp);
        checked++;
    }
    if (!checked) {
        printf("skipped: no shared GENIUS domain to rewrite\n");
        skip();
    }
}

/* A three-issue domain (discrete, integer, real) and one profile, written out in full and then
 * with attribute quirks: another attribute order, optional attributes missing, numbers spelled
 * 3.0 / 7.00 / 1e1 / .3 / 2e-1, a weight on the root objective (GENIUS ignores it) and
 * GENIUS's parameter0/parameter1 names for a real issue's linear evaluator. */
static const char *DOM_CLEAN =
    "<negotiation_template><utility_space number_of_issues=\"3\">\n"
    "<objective etype=\"objective\" index=\"0\" name=\"root\" type=\"objective\">\n"
    "<issue etype=\"discrete\" index=\"1\" name=\"colour\" type=\"discrete\" vtype=\"discrete\">\n"
    "<item index=\"1\" value=\"red\"/><item index=\"2\" value=\"green\"/><item index=\"3\" value=\"blue\"/>\n"
    "</issue>\n"
    "<issue etype=\"integer\" index=\"2\" name=\"quantity\" type=\"integer\" lowerbound=\"1\" upperbound=\"4\"/>\n"
    "<issue etype=\"real\" index=\"3\" name=\"price\" type=\"real\" lowerbound=\"5\" upperbound=\"15\"/>\n"
    "</objective></utility_space></negotiation_template>\n";
static const char *DOM_QUIRKY =
    "<negotiation_template><utility_space>\n"
    "<objective name=\"root\" index=\"0\">\n"
    "<issue name=\"colour\" type=\"discrete\">\n"
    "<item value=\"red\"/><item value=\"green\" index=\"2\"/><item description=\"blue\" value=\"blue\"/>\n"
    "</issue>\n"
    "<issue upperbound=\"4\" lowerbound=\"1\" type=\"integer\" name=\"quantity\"/>\n"
    "<issue upperbound=\"15\" name=\"price\" vtype=\"real\" lowerbound=\"5.0\"/>\n"
    "</objective></utility_space></negotiation_template>\n";
static const char *BUYER_CLEAN =
    "<utility_space><objective index=\"0\" name=\"root\" type=\"objective\">\n"
    "<issue index=\"1\" name=\"colour\" type=\"discrete\">\n"
    "<item index=\"1\" value=\"red\" evaluation=\"3\"/><item index=\"2\" value=\"green\" evaluation=\"7\"/>"
    "<item index=\"3\" value=\"blue\" evaluation=\"10\"/>\n"
    "</issue>\n"
    "<issue index=\"2\" name=\"quantity\" type=\"integer\"><evaluator ftype=\"linear\" slope=\"0.25\" offset=\"0.25\"/></issue>\n"
    "<issue index=\"3\" name=\"price\" type=\"real\"><evaluator ftype=\"linear\" slope=\"-0.1\" offset=\"1.5\"/></issue>\n"
    "<weight index=\"1\" value=\"0.5\"/><weight index=\"2\" value=\"0.2\"/><weight index=\"3\" value=\"0.3\"/>\n"
    "</objective><reservation value=\"0.25\"/><discount_factor value=\"0.9\"/></utility_space>\n";
static const char *BUYER_QUIRKY =
    "<utility_space><objective index=\"0\" type=\"objective\" name=\"root\">\n"
    "<issue name=\"colour\" index=\"1\">\n"
    "<item evaluation=\"3.0\" value=\"red\"/><item value=\"green\" evaluation=\"7.00\"/>"
    "<item value=\"blue\" evaluation=\"1e1\" cost=\"0.0\"/>\n"
    "</issue>\n"
    "<issue index=\"2\" name=\"quantity\" type=\"integer\"><evaluator offset=\"0.25\" slope=\"2.5e-1\" ftype=\"linear\"/></issue>\n"
    "<issue index=\"3\" name=\"price\" type=\"real\"><evaluator ftype=\"linear\" parameter0=\"1.50\" parameter1=\"-1e-1\"/></issue>\n"
    "<weight value=\"1.0\" index=\"0\"/><weight value=\"0.50\" index=\"1\"/><weight value=\"2e-1\" index=\"2\"/>"
    "<weight value=\".3\" index=\"3\"/>\n"
    "</objective><discount_factor value=\"0.90\"/><reservation value=\"0.250\"/></utility_space>\n";

static pl_scenario_t *load_pair(const char *dom, const char *prof)
{
    const char *pn[] = {"shop/buyer.xml"};
    const char *pb[] = {prof};
    size_t pl[] = {strlen(prof)};
    pl_scenario_t *sc = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_i_genius_load_buffers("shop", "shop/domain.xml", dom, strlen(dom), pn, pb, pl, 1, &sc,
                                 &err) != PL_OK)
        fail_msg("%s", err.message);
    pl_error_destroy(&err);
    return sc;
}

static void test_attribute_quirks(void **state)
{
    (void)state;
    pl_scenario_t *a = load_pair(DOM_CLEAN, BUYER_CLEAN), *b = load_pair(DOM_QUIRKY, BUYER_QUIRKY);
    assert_int_equal(a->nissues, 3);
    assert_same(a, b);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(b, &m, NULL), PL_OK);
    uint64_t n;
    assert_true(pl_model_space_size(m, &n));
    assert_int_equal(n, 3 * 4 * 11);
    /* by hand: (blue, 4, price 15): 0.5 * 10/10 + 0.2 * (0.25 * 3 + 0.25) + 0.3 * (-0.1 * 15
     * + 1.5) = 0.7, and (red, 1, 10): 0.5 * 0.3 + 0.2 * 0.25 + 0.3 * 0.5 = 0.35 */
    size_t best[3] = {2, 3, 10}, other[3] = {0, 0, 5};
    assert_close(pl_model_utility(m, 0, best), 0.7, 1e-12);
    assert_close(pl_model_utility(m, 0, other), 0.35, 1e-12);
    assert_true(b->actors[0].discount == 0.9);
    assert_true(b->actors[0].reservation == 0.25);
    pl_model_free(m);
    pl_scenario_free(a);
    pl_scenario_free(b);
}

static const char *DOM =
    "<negotiation_template><utility_space><objective index=\"0\" name=\"r\">\n"
    "<issue index=\"1\" name=\"p\" type=\"real\" lowerbound=\"5\" upperbound=\"15\" STEP/>\n"
    "</objective></utility_space></negotiation_template>\n";
static const char *PROF =
    "<utility_space><objective index=\"0\" name=\"r\">\n"
    "<issue index=\"1\" name=\"p\" type=\"real\"><evaluator ftype=\"linear\" slope=\"0.1\" "
    "offset=\"-0.5\"/></issue>\n"
    "<weight index=\"1\" value=\"1\"/>\n"
    "</objective></utility_space>\n";

static pl_status load_real(const char *step, pl_scenario_t **sc, pl_error_t *err)
{
    char dom[1024];
    const char *at = strstr(DOM, "STEP");
    snprintf(dom, sizeof dom, "%.*s%s%s", (int)(at - DOM), DOM, step, at + 4);
    const char *pn[] = {"d/a.xml"};
    const char *pb[] = {PROF};
    size_t pl[] = {strlen(PROF)};
    return pl_i_genius_load_buffers("real", "d/dom.xml", dom, strlen(dom), pn, pb, pl, 1, sc, err);
}

/* Real issues: 11 values by default, the issue's own step when given; GENIUS's linear
 * evaluator (slope * x + offset, clamped to [0, 1]) at each value; bad bounds and steps fail. */
static void test_real_issues(void **state)
{
    (void)state;
    const struct {
        const char *step;
        size_t n;
        double second;
    } cases[] = {{"", 11, 6}, {"step=\"2.5\"", 5, 7.5}, {"step=\"3\"", 4, 8}};
    for (size_t c = 0; c < 3; c++) {
        pl_scenario_t *sc = NULL;
        pl_error_t err;
        pl_error_init(&err);
        pl_status s = load_real(cases[c].step, &sc, &err);
        if (s != PL_OK) fail_msg("%s", err.message);
        const pl_issue_t *is = &sc->issues[0];
        assert_int_equal(is->kind, PL_ISSUE_REAL);
        assert_int_equal(is->nvalues, cases[c].n);
        assert_true(is->numeric[0] == 5);
        assert_true(is->numeric[1] == cases[c].second);
        pl_model_t *m = NULL;
        assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
        for (size_t v = 0; v < is->nvalues; v++) {
            double want = 0.1 * is->numeric[v] - 0.5;
            want = want < 0 ? 0 : want > 1 ? 1 : want;
            assert_close(pl_model_utility(m, 0, &v), want, 1e-12);
        }
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    const char *bad[] = {"step=\"0\"", "step=\"-1\"", "step=\"x\""};
    for (size_t c = 0; c < 3; c++) {
        pl_scenario_t *sc = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(load_real(bad[c], &sc, &err), PL_EPARSE);
        assert_non_null(strstr(err.message, "'p'"));
        assert_null(sc);
        pl_error_destroy(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_domains_with_quirks),
        cmocka_unit_test(test_attribute_quirks),
        cmocka_unit_test(test_real_issues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
