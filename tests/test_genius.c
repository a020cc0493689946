/*
 * test_genius.c: the GENIUS XML loader. Every domain with a brute-force reference
 * (PL_SHARED_DATA/genius/reference/<domain>.json, computed independently of parley) must load with
 * the reference's outcome count, names and utilities; the 2014 nonlinear domains must load;
 * small hand-written domains pin the semantics and the error messages; out-of-memory runs
 * must fail cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <parley/parley.h>

#include "io/genius_internal.h"
#include "core/core_internal.h" /* pl_i_alloc_fail_after */

static const char *shared_data(void)
{
    const char *d = getenv("PL_SHARED_DATA");
    if (!d || !*d) return NULL;
    struct stat st;
    char p[4096];
    snprintf(p, sizeof p, "%s/genius/reference", d);
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return d;
}

/* Print every diagnostic of a failed load (helps when a test fails). */
static void print_err(const pl_error_t *err)
{
    char buf[1200];
    for (size_t i = 0; i < err->ndiags; i++)
        fprintf(stderr, "  %s\n", pl_error_format(err, i, buf, sizeof buf));
}

/* Does some diagnostic of err contain `needle` (formatted FILE:LINE:COL: message)? */
static bool has_diag(const pl_error_t *err, const char *needle)
{
    char buf[1200];
    for (size_t i = 0; i < err->ndiags; i++)
        if (strstr(pl_error_format(err, i, buf, sizeof buf), needle)) return true;
    return false;
}

/* ---------------------------------------------------------------------------------------- */
/* Reference domains                                                                        */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_point(const pl_scenario_t *sc, const pl_model_t *m, json_t *pt,
                        const char *what, const char *domain)
{
    if (!pt || json_is_null(pt)) return;
    json_t *oc = json_object_get(pt, "outcome");
    json_t *us = json_object_get(pt, "utilities");
    assert_non_null(oc);
    assert_non_null(us);
    assert_int_equal(json_object_size(oc), sc->nissues);
    size_t *o = calloc(sc->nissues, sizeof(size_t));
    const char *key;
    json_t *val;
    json_object_foreach(oc, key, val)
    {
        size_t i = pl_scenario_find_issue(sc, key);
        if (i == PL_UNSET) fprintf(stderr, "%s %s: unknown issue '%s'\n", domain, what, key);
        assert_true(i != PL_UNSET);
        char label[64];
        const char *l = label;
        if (json_is_string(val))
            l = json_string_value(val);
        else
            snprintf(label, sizeof label, "%lld", (long long)json_integer_value(val));
        size_t v = pl_issue_find_value(&sc->issues[i], l);
        if (v == PL_UNSET) fprintf(stderr, "%s %s: unknown value '%s'\n", domain, what, l);
        assert_true(v != PL_UNSET);
        o[i] = v;
    }
    assert_int_equal(json_array_size(us), sc->nactors);
    for (size_t a = 0; a < sc->nactors; a++) {
        double want = json_real_value(json_array_get(us, a));
        if (json_is_integer(json_array_get(us, a)))
            want = (double)json_integer_value(json_array_get(us, a));
        double got = pl_model_utility(m, a, o);
        if (fabs(got - want) > 1e-8)
            fprintf(stderr, "%s %s actor %zu: utility %.12f, reference %.12f\n", domain, what, a,
                    got, want);
        assert_true(fabs(got - want) <= 1e-8);
    }
    free(o);
}

static void check_reference(const char *data, const char *jsonfile)
{
    char path[4096], dir[4096];
    snprintf(path, sizeof path, "%s/genius/reference/%s", data, jsonfile);
    json_error_t jerr;
    json_t *ref = json_load_file(path, 0, &jerr);
    if (!ref) fprintf(stderr, "%s: %s\n", path, jerr.text);
    assert_non_null(ref);
    /* y2010_EnglandZimbabwe.json -> genius/y2010/EnglandZimbabwe */
    const char *us = strchr(jsonfile, '_');
    assert_non_null(us);
    const char *domain = json_string_value(json_object_get(ref, "domain"));
    assert_non_null(domain);
    snprintf(dir, sizeof dir, "%s/genius/%.*s/%s", data, (int)(us - jsonfile), jsonfile, domain);

    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_genius_load_dir(dir, &sc, &err);
    if (s != PL_OK) print_err(&err);
    assert_int_equal(s, PL_OK);
    assert_string_equal(sc->name, domain);

    json_t *profiles = json_object_get(ref, "profiles");
    json_t *res = json_object_get(ref, "reservations");
    assert_int_equal(json_array_size(profiles), sc->nactors);
    for (size_t a = 0; a < sc->nactors; a++) {
        char name[512];
        snprintf(name, sizeof name, "%s", json_string_value(json_array_get(profiles, a)));
        size_t l = strlen(name);
        if (l > 4 && strcmp(name + l - 4, ".xml") == 0) name[l - 4] = '\0';
        assert_string_equal(sc->actors[a].name, name);
        assert_int_equal(sc->actors[a].role, PL_ROLE_PARTY);
        assert_true(fabs(sc->actors[a].reservation - json_number_value(json_array_get(res, a))) <
                    1e-12);
    }

    pl_model_t *m = NULL;
    s = pl_model_compile(sc, &m, &err);
    if (s != PL_OK) print_err(&err);
    assert_int_equal(s, PL_OK);
    uint64_t n = 0;
    assert_true(pl_model_space_size(m, &n));
    assert_int_equal(n, (uint64_t)json_integer_value(json_object_get(ref, "outcomes")));

    const char *points[] = {"nash", "ks", "egalitarian", "utilitarian"};
    for (size_t p = 0; p < 4; p++)
        check_point(sc, m, json_object_get(ref, points[p]), points[p], domain);

    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    json_decref(ref);
}

static void test_reference_domains(void **state)
{
    (void)state;
    const char *data = shared_data();
    if (!data) skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/genius/reference", data);
    DIR *d = opendir(path);
    assert_non_null(d);
    char *names[256];
    size_t nn = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && nn < 256;) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof(char *), cmp_str);
    assert_true(nn >= 20);
    for (size_t k = 0; k < nn; k++) {
        check_reference(data, names[k]);
        free(names[k]);
    }
}

/* The 2014 nonlinear domains: integer issues 0..9, hyper-rectangle profiles. */
static void check_nonlinear(const char *data, const char *folder, size_t nissues,
                            const char *space, double reservation)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/genius/y2014/%s", data, folder);
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_genius_load_dir(dir, &sc, &err);
    if (s != PL_OK) print_err(&err);
    assert_int_equal(s, PL_OK);
    assert_int_equal(sc->nissues, nissues);
    assert_int_equal(sc->nactors, 2); /* pareto.xml is not a profile */
    assert_string_equal(sc->actors[0].name, "profile-1");
    assert_string_equal(sc->actors[1].name, "profile-2");
    for (size_t i = 0; i < nissues; i++) {
        assert_int_equal(sc->issues[i].kind, PL_ISSUE_INTEGER);
        assert_int_equal(sc->issues[i].nvalues, 10);
        assert_string_equal(sc->issues[i].values[0], "0");
        assert_string_equal(sc->issues[i].values[9], "9");
    }
    for (size_t a = 0; a < 2; a++) {
        assert_int_equal(sc->actors[a].utility, PL_UTILITY_HYPER);
        assert_true(sc->actors[a].nrects > 0);
        assert_true(sc->actors[a].rect_max > 0);
        assert_true(fabs(sc->actors[a].reservation - reservation) < 1e-12);
    }
    pl_model_t *m = NULL;
    s = pl_model_compile(sc, &m, &err);
    assert_int_equal(s, PL_OK);
    char buf[128];
    assert_string_equal(pl_model_space_size_str(m, buf, sizeof buf), space);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_nonlinear_domains(void **state)
{
    (void)state;
    const char *data = shared_data();
    if (!data) skip();
    check_nonlinear(data, "10issues", 10, "10000000000", 0);
    /* 10issueswithRV/profile-*.xml: <reservation value="0.75" /> */
    check_nonlinear(data, "10issueswithRV", 10, "10000000000", 0.75);
    check_nonlinear(data, "30issues", 30, "1000000000000000000000000000000", 0);
}

static void test_nonlinear_by_hand(void **state)
{
    (void)state;
    /* A small nonlinear profile worked on paper: issues a 0..4, b 10..12 (values 10,11,12).
     * Rect 1 (utility 30, ufun weight 2 -> 60): a in 1..3, b in 11..12.
     * Rect 2 (utility 50): a in 3..9 (clamped to 3..4).
     * Rect 3 (utility 70): b in 20..30: contains nothing, dropped.
     * maxutility 100.
     * (a=3, b=11): 60 + 50 = 110 -> capped at 1.   (a=1, b=12): 60/100 = 0.6.
     * (a=4, b=10): 50/100 = 0.5 (first ufun only has rect 1).  (a=0, b=10): 0. */
    const char *dom =
        "<negotiation_template><utility_space><objective index=\"0\" name=\"root\">\n"
        "<issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" upperbound=\"4\"/>\n"
        "<issue index=\"2\" name=\"b\" type=\"integer\" lowerbound=\"10\" upperbound=\"12\"/>\n"
        "</objective></utility_space></negotiation_template>\n";
    const char *prof =
        "<utility_space type=\"nonlinear\"><objective index=\"0\" name=\"root\">\n"
        "<issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" upperbound=\"4\"/>\n"
        "<issue index=\"2\" name=\"b\" type=\"integer\" lowerbound=\"10\" upperbound=\"12\"/>\n"
        "<utility maxutility=\"100\">\n"
        "<ufun type=\"PlainUfun\" weight=\"2\" aggregation=\"sum\">\n"
        "<hyperRectangle utility=\"30\"><INCLUDES index=\"1\" min=\"1\" max=\"3\"/>"
        "<INCLUDES index=\"2\" min=\"11\" max=\"12\"/></hyperRectangle></ufun>\n"
        "<ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n"
        "<hyperRectangle utility=\"50\"><INCLUDES index=\"1\" min=\"3\" max=\"9\"/>"
        "</hyperRectangle>\n"
        "<hyperRectangle utility=\"70\"><INCLUDES index=\"2\" min=\"20\" max=\"30\"/>"
        "</hyperRectangle></ufun>\n"
        "</utility></objective>\n<reservation value=\"0.25\"/></utility_space>\n";
    const char *pn[] = {"dir/nl.xml"};
    const char *pb[] = {prof};
    size_t pl[] = {strlen(prof)};
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_i_genius_load_buffers("hand", "dir/dom.xml", dom, strlen(dom), pn, pb, pl, 1,
                                           &sc, &err);
    if (s != PL_OK) print_err(&err);
    assert_int_equal(s, PL_OK);
    assert_string_equal(sc->name, "hand");
    assert_string_equal(sc->actors[0].name, "nl");
    assert_int_equal(sc->actors[0].nrects, 2);
    assert_true(sc->actors[0].rect_max == 100);
    assert_true(sc->actors[0].reservation == 0.25);
    /* value-index bounds: b 11..12 -> indices 1..2 */
    assert_int_equal(sc->actors[0].rects[0].nbounds, 2);
    assert_int_equal(sc->actors[0].rects[0].min[1], 1);
    assert_int_equal(sc->actors[0].rects[0].max[1], 2);
    assert_true(sc->issues[1].numeric[0] == 10);
    assert_string_equal(sc->issues[1].values[2], "12");
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    size_t o1[] = {3, 1}, o2[] = {1, 2}, o3[] = {4, 0}, o4[] = {0, 0};
    assert_true(fabs(pl_model_utility(m, 0, o1) - 1.0) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 0, o2) - 0.6) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 0, o3) - 0.5) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 0, o4) - 0.0) < 1e-12);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* ---------------------------------------------------------------------------------------- */
/* Hand-written folders                                                                     */

static char tmproot[256];

static void write_file(const char *dir, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A new empty folder under the test's temporary root; returns its path (static buffer). */
static const char *new_dir(const char *name)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/%s", tmproot, name);
    mkdir(p, 0700);
    return p;
}

static const char *DOMAIN =
    "<?xml version=\"1.0\"?>\n"
    "<negotiation_template>\n"
    "<utility_space number_of_issues=\"2\">\n"
    "<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n"
    "<issue index=\"1\" name=\"colour\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\">\n"
    "<item index=\"1\" value=\"red\"/>\n"
    "<item index=\"2\" value=\"green\"/>\n"
    "<item index=\"3\" value=\"blue\"/>\n"
    "</issue>\n"
    "<issue index=\"2\" name=\"price\" etype=\"integer\" type=\"integer\" vtype=\"integer\" "
    "lowerbound=\"10\" upperbound=\"14\"/>\n"
    "</objective>\n"
    "</utility_space>\n"
    "</negotiation_template>\n";

/* Buyer: colour weight 3 evals red 2, green 8, blue 4 -> e = 0.25, 1, 0.5;
 *        price weight 1 linear slope -0.25 offset 1 -> e(10..14) = 1, .75, .5, .25, 0.
 * Weights normalised: 0.75 and 0.25. (blue, 12): 0.75*0.5 + 0.25*0.5 = 0.5.
 * (green, 10): 0.75 + 0.25 = 1. (red, 14): 0.1875. reservation 0.3, discount 0.9. */
static const char *BUYER =
    "<utility_space>\n"
    "<objective index=\"0\" name=\"root\">\n"
    "<weight index=\"1\" value=\"3\"/>\n"
    "<weight index=\"2\" value=\"1\"/>\n"
    "<issue index=\"1\" name=\"colour\" type=\"discrete\">\n"
    "<item index=\"1\" value=\"red\" evaluation=\"2\"/>\n"
    "<item index=\"2\" value=\"green\" evaluation=\"8\"/>\n"
    "<item index=\"3\" value=\"blue\" evaluation=\"4\"/>\n"
    "</issue>\n"
    "<issue index=\"2\" name=\"price\" type=\"integer\" lowerbound=\"10\" upperbound=\"14\">\n"
    "<evaluator ftype=\"linear\" slope=\"-0.25\" offset=\"1\"/>\n"
    "</issue>\n"
    "</objective>\n"
    "<reservation value=\"0.3\"/>\n"
    "<discount_factor value=\"0.9\"/>\n"
    "</utility_space>\n";

/* Seller: issues listed in the other order with odd index numbers (7 = price, 3 = colour);
 * weights by those indices: price 0.6, colour 0.2 -> normalised 0.75 / 0.25.
 * colour evals red 5, green 0, blue 10 -> 0.5, 0, 1; price slope 0.5 offset -0.5:
 * e(10..14) = clamp(-0.5, 0, .5, 1, 1.5) = 0, 0, 0.5, 1, 1.
 * (blue, 12): 0.25*1 + 0.75*0.5 = 0.625. (green, 10): 0. (red, 14): 0.125 + 0.75 = 0.875.
 * No reservation -> 0; discount_factor 0 -> 1. */
static const char *SELLER =
    "<utility_space>\n"
    "<objective index=\"0\" name=\"root\">\n"
    "<issue index=\"7\" name=\"price\" type=\"integer\" lowerbound=\"10\" upperbound=\"14\">\n"
    "<evaluator ftype=\"linear\" slope=\"0.5\" offset=\"-0.5\"/>\n"
    "</issue>\n"
    "<weight index=\"7\" value=\"0.6\"/>\n"
    "<weight index=\"3\" value=\"0.2\"/>\n"
    "<issue index=\"3\" name=\"colour\" type=\"discrete\">\n"
    "<item index=\"1\" value=\"blue\" evaluation=\"10\"/>\n"
    "<item index=\"2\" value=\"red\" evaluation=\"5\"/>\n"
    "<item index=\"3\" value=\"green\" evaluation=\"0\"/>\n"
    "</issue>\n"
    "</objective>\n"
    "<discount_factor value=\"0.0\"/>\n"
    "</utility_space>\n";

static void test_hand_folder(void **state)
{
    (void)state;
    const char *d = new_dir("hand");
    write_file(d, "z_domain.xml", DOMAIN);
    write_file(d, "buyer.xml", BUYER);
    write_file(d, "seller.xml", SELLER);
    write_file(d, "pareto.xml", "0.5, 1.0\n1.0, 0.5\n"); /* not xml: ignored */
    write_file(d, "notes.txt", "<<< not a profile");     /* not .xml: ignored */
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_genius_load_dir(d, &sc, &err);
    if (s != PL_OK) print_err(&err);
    assert_int_equal(s, PL_OK);
    assert_string_equal(sc->name, "hand");
    assert_int_equal(sc->nissues, 2);
    assert_string_equal(sc->issues[0].name, "colour");
    assert_int_equal(sc->issues[0].kind, PL_ISSUE_CATEGORICAL);
    assert_int_equal(sc->issues[0].nvalues, 3);
    assert_string_equal(sc->issues[0].values[2], "blue");
    assert_string_equal(sc->issues[1].name, "price");
    assert_int_equal(sc->issues[1].kind, PL_ISSUE_INTEGER);
    assert_int_equal(sc->issues[1].nvalues, 5);
    assert_string_equal(sc->issues[1].values[0], "10");
    assert_true(sc->issues[1].numeric[4] == 14);
    assert_int_equal(sc->nactors, 2);
    assert_string_equal(sc->actors[0].name, "buyer");
    assert_string_equal(sc->actors[1].name, "seller");
    const pl_actor_t *b = &sc->actors[0], *se = &sc->actors[1];
    assert_int_equal(b->utility, PL_UTILITY_TABLE);
    assert_true(b->stances[0].weight == 3 && b->stances[1].weight == 1);
    assert_true(b->stances[0].eval[1] == 8);
    assert_true(b->stances[1].has_linear && b->stances[1].slope == -0.25);
    assert_true(b->reservation == 0.3 && b->discount == 0.9);
    assert_true(se->stances[0].weight == 0.2 && se->stances[1].weight == 0.6);
    assert_true(se->stances[0].eval[0] == 5 && se->stances[0].eval[2] == 10);
    assert_true(se->reservation == 0 && se->discount == 1);

    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    size_t o1[] = {2, 2}, o2[] = {1, 0}, o3[] = {0, 4};
    assert_true(fabs(pl_model_utility(m, 0, o1) - 0.5) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 0, o2) - 1.0) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 0, o3) - 0.1875) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 1, o1) - 0.625) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 1, o2) - 0.0) < 1e-12);
    assert_true(fabs(pl_model_utility(m, 1, o3) - 0.875) < 1e-12);
    pl_model_free(m);
    pl_scenario_free(sc);

    /* the files form: profiles in the order given, scenario named after the domain file */
    char dp[1024], p1[1024], p2[1024];
    snprintf(dp, sizeof dp, "%s/z_domain.xml", d);
    snprintf(p1, sizeof p1, "%s/seller.xml", d);
    snprintf(p2, sizeof p2, "%s/buyer.xml", d);
    const char *profs[] = {p1, p2};
    s = pl_genius_load_files(dp, profs, 2, &sc, &err);
    assert_int_equal(s, PL_OK);
    assert_string_equal(sc->name, "z_domain");
    assert_string_equal(sc->actors[0].name, "seller");
    assert_string_equal(sc->actors[1].name, "buyer");
    pl_scenario_free(sc);

    /* pl_scenario_load: a folder goes to the GENIUS loader */
    s = pl_scenario_load(d, NULL, &sc, &err);
    assert_int_equal(s, PL_OK);
    assert_int_equal(sc->nactors, 2);
    pl_scenario_free(sc);
    s = pl_scenario_load(d, "some variant", &sc, &err);
    assert_int_equal(s, PL_ENOTFOUND);
    assert_null(sc);
    pl_error_destroy(&err);
}

/* Load folder `name` holding DOMAIN (unless domain is NULL) plus one profile; expect failure
 * with status `code` and a diagnostic containing `needle`. */
static void expect_error(const char *name, const char *domain, const char *profile,
                         pl_status code, const char *needle)
{
    const char *d = new_dir(name);
    if (domain) write_file(d, "domain.xml", domain);
    if (profile) write_file(d, "p.xml", profile);
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = (pl_scenario_t *)&err; /* must be reset to NULL */
    pl_status s = pl_genius_load_dir(d, &sc, &err);
    if (s != code || !has_diag(&err, needle) || getenv("PL_TEST_VERBOSE")) {
        fprintf(stderr, "case %s: status %d (want %d), diagnostics:\n", name, s, code);
        print_err(&err);
    }
    assert_int_equal(s, code);
    assert_null(sc);
    assert_true(has_diag(&err, needle));
    pl_error_destroy(&err);
}

/* Replace the first occurrence of `from` in `text` by `to` (static buffers used in turn, so
 * that calls may be nested). */
static const char *subst(const char *text, const char *from, const char *to)
{
    static char bufs[4][8192];
    static int next;
    char *buf = bufs[next++ % 4];
    const char *p = strstr(text, from);
    assert_non_null(p);
    char tmp[sizeof bufs[0]]; /* text may itself be an earlier result: build apart, then copy */
    snprintf(tmp, sizeof tmp, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
    memcpy(buf, tmp, sizeof tmp);
    return buf;
}

static void test_errors(void **state)
{
    (void)state;
    /* not well-formed: the closing tag of line 8 is wrong */
    expect_error("bad_xml", DOMAIN, subst(BUYER, "</issue>", "</isue>"), PL_EPARSE,
                 "p.xml:9:");
    expect_error("bad_xml2", DOMAIN, subst(BUYER, "</issue>", "</isue>"), PL_EPARSE,
                 "malformed xml");
    expect_error("truncated", subst(DOMAIN, "</negotiation_template>", ""), BUYER, PL_EPARSE,
                 "domain.xml:");
    expect_error("no_domain", NULL, BUYER, PL_EPARSE, "no domain file");
    expect_error("no_profile", DOMAIN, NULL, PL_EPARSE, "no profile");
    expect_error("unknown_value", DOMAIN, subst(BUYER, "value=\"green\"", "value=\"grene\""),
                 PL_EPARSE, "p.xml:7: unknown value 'grene' in issue 'colour'");
    expect_error("missing_value", DOMAIN,
                 subst(BUYER, "<item index=\"3\" value=\"blue\" evaluation=\"4\"/>", ""),
                 PL_EPARSE, "value 'blue' of issue 'colour' has no evaluation");
    expect_error("no_evaluation", DOMAIN, subst(BUYER, "evaluation=\"8\"", ""), PL_EPARSE,
                 "value 'green' of issue 'colour' has no evaluation");
    expect_error("bad_number", DOMAIN, subst(BUYER, "evaluation=\"8\"", "evaluation=\"eight\""),
                 PL_EPARSE, "bad number 'eight' for attribute 'evaluation'");
    expect_error("extra_issue", DOMAIN, subst(BUYER, "name=\"colour\"", "name=\"color\""),
                 PL_EPARSE, "issue 'color' is not in the domain");
    expect_error("missing_issue", DOMAIN, subst(BUYER, "name=\"colour\"", "name=\"color\""),
                 PL_EPARSE, "issue 'colour' of the domain is missing from the profile");
    expect_error("bounds_differ", DOMAIN, subst(BUYER, "upperbound=\"14\"", "upperbound=\"15\""),
                 PL_EPARSE, "issue 'price' has upperbound 15 here but 14 in the domain");
    expect_error("no_evaluator", DOMAIN,
                 subst(BUYER, "<evaluator ftype=\"linear\" slope=\"-0.25\" offset=\"1\"/>", ""),
                 PL_EPARSE, "numeric issue 'price' has no evaluator");
    expect_error("bad_weight", DOMAIN, subst(BUYER, "<weight index=\"2\"", "<weight index=\"5\""),
                 PL_EPARSE, "weight index 5 matches no issue");
    expect_error("bounds_reversed", subst(DOMAIN, "upperbound=\"14\"", "upperbound=\"4\""), BUYER,
                 PL_EPARSE, "integer issue 'price' has lowerbound 10 above upperbound 4");
    expect_error("dup_item", subst(DOMAIN, "value=\"green\"", "value=\"red\""), BUYER, PL_EPARSE,
                 "duplicate item 'red' in issue 'colour'");
    expect_error("empty_issue", subst(DOMAIN, "lowerbound=\"10\" upperbound=\"14\"/>", ">\n</issue>"),
                 BUYER, PL_EPARSE, "issue 'price' has no 'lowerbound'");
    expect_error("real_issue", subst(subst(DOMAIN, " type=\"integer\"", " type=\"real\""),
                                     "upperbound=\"14\"", "upperbound=\"4\""),
                 BUYER, PL_EPARSE, "real issue 'price' has bounds 10..4");
    expect_error("wrong_root", subst(subst(DOMAIN, "<negotiation_template>", "<template>"),
                                     "</negotiation_template>", "</template>"),
                 BUYER, PL_EPARSE, "no domain file");
    expect_error("huge_issue", subst(DOMAIN, "upperbound=\"14\"", "upperbound=\"1e12\""), BUYER,
                 PL_ETOOBIG, "integer issue 'price' has too many values");
    expect_error("bad_discount", DOMAIN, subst(BUYER, "value=\"0.9\"", "value=\"1.5\""), PL_EPARSE,
                 "discount_factor 1.5 is outside [0, 1]");
    /* entities are neither fetched nor expanded without bound */
    expect_error("xxe", DOMAIN,
                 "<?xml version=\"1.0\"?>\n<!DOCTYPE u [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                 "<utility_space><objective><issue name=\"&x;\"/></objective></utility_space>\n",
                 PL_EPARSE, "p.xml:");
    const char *laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE u [\n<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        "]>\n<utility_space><objective><issue name=\"&g;\"/></objective></utility_space>\n";
    expect_error("laughs", DOMAIN, laughs, PL_EPARSE, "p.xml:");

    /* files that cannot be read */
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    assert_int_equal(pl_genius_load_dir("/nonexistent/genius", &sc, &err), PL_EIO);
    assert_true(has_diag(&err, "/nonexistent/genius: cannot open folder"));
    pl_error_clear(&err);
    const char *none[] = {"/nonexistent/p.xml"};
    assert_int_equal(pl_genius_load_files("/nonexistent/d.xml", none, 1, &sc, &err), PL_EIO);
    assert_true(has_diag(&err, "/nonexistent/d.xml: cannot open: no such file or directory"));
    assert_true(has_diag(&err, "/nonexistent/p.xml: cannot open: no such file or directory"));
    assert_null(sc);
    pl_error_destroy(&err);
}

/* The library never prints, even when libxml2 meets undecodable input (UCS-4 detected from
 * "<\0\0\0", then garbage): stderr stays empty during the load. */
static void test_silent(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/stderr.txt", tmproot);
    const char dom[] = {'<', 0, 0, 0, 1, (char)0xff, (char)0xff, (char)0xff, 0x27, 0x07};
    const char *pn[] = {"p.xml"};
    const char *pb[] = {BUYER};
    size_t pl[] = {strlen(BUYER)};
    fflush(stderr);
    int saved = dup(2);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    dup2(fileno(f), 2);
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_i_genius_load_buffers(NULL, "d.xml", dom, sizeof dom, pn, pb, pl, 1, &sc,
                                           &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(f);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    long size = (long)st.st_size;
    assert_int_equal(s, PL_EPARSE);
    assert_true(has_diag(&err, "d.xml:"));
    assert_int_equal(size, 0);
    pl_error_destroy(&err);
}

/* A profile file that is empty, blank, binary or plain text (other than GENIUS's frontier file
 * pareto.xml) is an error naming the file: before, it was skipped and the domain loaded with
 * one party fewer. */
static void expect_bad_file(const char *dirname, const char *fname, const char *bytes, size_t n,
                            const char *needle)
{
    const char *d = new_dir(dirname);
    write_file(d, "domain.xml", DOMAIN);
    write_file(d, "buyer.xml", BUYER);
    write_file(d, "seller.xml", SELLER);
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", d, fname);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
    char want[1200];
    snprintf(want, sizeof want, "%s: %s", p, needle);
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_genius_load_dir(d, &sc, &err);
    if (s != PL_EPARSE || !has_diag(&err, want)) {
        fprintf(stderr, "case %s: status %d, want '%s' among:\n", dirname, s, want);
        print_err(&err);
    }
    assert_int_equal(s, PL_EPARSE);
    assert_null(sc);
    assert_true(has_diag(&err, want));
    pl_error_destroy(&err);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad_file("empty_profile", "seller.xml", "", 0, "file is empty");
    expect_bad_file("blank_profile", "seller.xml", " \n\t\r\n", 5, "file is empty");
    const char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};
    expect_bad_file("binary_profile", "seller.xml", elf, sizeof elf, "not a text file");
    /* a NUL after an XML-looking start is binary too */
    const char nul[] = {'<', 'u', 't', 0, '>'};
    expect_bad_file("nul_profile", "seller.xml", nul, sizeof nul, "not a text file");
    expect_bad_file("text_profile", "seller.xml", "0.5, 1.0\n", 9, "not an XML file");
    expect_bad_file("text_extra", "notes.xml", "some notes\n", 11, "not an XML file");
    /* pareto.xml may be plain text, not empty or binary */
    expect_bad_file("empty_pareto", "pareto.xml", "", 0, "file is empty");
    expect_bad_file("binary_pareto", "Pareto.XML", elf, sizeof elf, "not a text file");
}

/* Every allocation failure gives PL_ENOMEM, no leak, no crash (run under ASan). */
static void test_oom(void **state)
{
    (void)state;
    const char *d = new_dir("oom");
    write_file(d, "domain.xml", DOMAIN);
    write_file(d, "buyer.xml", BUYER);
    write_file(d, "seller.xml", SELLER);
    bool done = false;
    for (size_t k = 1; k < 2000 && !done; k++) {
        pl_error_t err;
        pl_error_init(&err);
        pl_scenario_t *sc = NULL;
        pl_i_alloc_fail_after(k);
        pl_status s = pl_genius_load_dir(d, &sc, &err);
        pl_i_alloc_fail_after(0);
        if (s == PL_OK) {
            done = true;
            pl_scenario_free(sc);
        } else {
            if (s != PL_ENOMEM) print_err(&err);
            assert_int_equal(s, PL_ENOMEM);
            assert_null(sc);
        }
        pl_error_destroy(&err);
    }
    assert_true(done);
    /* the nonlinear path, from memory */
    const char *prof =
        "<utility_space type=\"nonlinear\"><objective>\n"
        "<issue index=\"1\" name=\"colour\"/><issue index=\"2\" name=\"price\"/>\n"
        "<utility maxutility=\"10\"><ufun weight=\"1\">\n"
        "<hyperRectangle utility=\"4\"><INCLUDES index=\"2\" min=\"11\" max=\"12\"/>"
        "</hyperRectangle><hyperRectangle utility=\"3\"><INCLUDES index=\"2\" min=\"10\" "
        "max=\"10\"/></hyperRectangle><hyperRectangle utility=\"3\"/>\n"
        "</ufun></utility></objective></utility_space>\n";
    const char *pn[] = {"nl.xml"};
    const char *pb[] = {prof};
    size_t pl[] = {strlen(prof)};
    done = false;
    for (size_t k = 1; k < 2000 && !done; k++) {
        pl_scenario_t *sc = NULL;
        pl_i_alloc_fail_after(k);
        pl_status s = pl_i_genius_load_buffers(NULL, "domain.xml", DOMAIN, strlen(DOMAIN), pn, pb,
                                               pl, 1, &sc, NULL);
        pl_i_alloc_fail_after(0);
        if (s == PL_OK) {
            done = true;
            assert_int_equal(sc->actors[0].nrects, 3);
            pl_scenario_free(sc);
        } else {
            assert_int_equal(s, PL_ENOMEM);
            assert_null(sc);
        }
    }
    assert_true(done);
}

static void rm_rf(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char p[2048];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        rm_rf(p);
    }
    closedir(d);
    rmdir(path);
}

static int setup(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(tmproot, sizeof tmproot, "%s/pl_test_genius_XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(tmproot) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(tmproot);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_folder),
        cmocka_unit_test(test_nonlinear_by_hand),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_reference_domains),
        cmocka_unit_test(test_nonlinear_domains),
    };
    int r = cmocka_run_group_tests(tests, setup, teardown);
    /* the shared-data tests are the heart of this program: report "skipped" without them */
    if (r == 0 && !shared_data()) return 77;
    return r;
}
