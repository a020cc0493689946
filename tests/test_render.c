/*
 * test_render.c: the plots and the report: marks counted in SVG against counts computed from the
 * model and the results, the Laptop space plot against a golden PNG (pixel tolerance), the
 * explore plot from a plain struct, the glossary's order, and the report's sections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cairo.h>
#include <parley/parley.h>
#include <parley/pl_render.h>

#include "render/render_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void load(const char *path, pl_scenario_t **sc, pl_model_t **m)
{
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_scenario_load(path, NULL, sc, &err), PL_OK);
    assert_int_equal(pl_model_compile(*sc, m, &err), PL_OK);
    pl_error_destroy(&err);
}

static const char *src_path(const char *rel, char *buf, size_t n)
{
    const char *root = getenv("PL_SOURCE_DIR");
    snprintf(buf, n, "%s/%s", root ? root : ".", rel);
    return buf;
}

static void test_space_marks(void **state)
{
    (void)state;
    char path[4096];
    pl_scenario_t *sc;
    pl_model_t *m;
    load(src_path("examples/doha-2024.yaml", path, sizeof path), &sc, &m);
    pl_error_t err;
    pl_error_init(&err);
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    pl_render_buf_t b;
    pl_render_buf_init(&b);
    assert_int_equal(pl_render_space(m, an, NULL, &b, &err), PL_OK);
    uint64_t n = 1; /* the space's size from the issues' value counts */
    for (size_t i = 0; i < pl_model_nissues(m); i++) n *= pl_model_nvalues(m, i);
    assert_int_equal(n, 6480);
    assert_int_equal(count(b.data, "class=\"outcome\""), n);
    assert_int_equal(count(b.data, "class=\"proposal\""), sc->nproposals);
    assert_int_equal(count(b.data, "class=\"frontier\""), an->frontier->npoints);
    assert_int_equal(count(b.data, "class=\"point\""), 4);
    assert_int_equal(count(b.data, "class=\"amendment\""), 2); /* both amend the May proposal */
    assert_non_null(strstr(b.data, "utility of Israel"));
    pl_render_buf_destroy(&b);
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* The enumeration skips acceptance when the analysis found every outcome rational, and the
 * decision when the feasible set is the rational set: drawing with those findings hidden asks
 * every outcome the model's rules and must give the same bytes. */
static void space_same_without_shortcuts(const char *path, bool expect_shortcut)
{
    pl_scenario_t *sc;
    pl_model_t *m;
    load(path, &sc, &m);
    pl_error_t err;
    pl_error_init(&err);
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    if (expect_shortcut) assert_true(an->rational_all || an->feasible_from_frontier);
    pl_render_buf_t fast, slow;
    pl_render_buf_init(&fast);
    pl_render_buf_init(&slow);
    assert_int_equal(pl_render_space(m, an, NULL, &fast, &err), PL_OK);
    pl_analysis_t plain = *an; /* shallow: shares the results, only the two flags differ */
    plain.rational_all = false;
    plain.feasible_from_frontier = false;
    assert_int_equal(pl_render_space(m, &plain, NULL, &slow, &err), PL_OK);
    assert_int_equal(fast.len, slow.len);
    assert_memory_equal(fast.data, slow.data, fast.len);
    /* the caption's counts against the analysis's own (meet in the middle or enumeration) */
    char want[128];
    if (an->rational_known && an->zone.known) {
        snprintf(want, sizeof want, " outcomes: %llu rational, %llu feasible",
                 (unsigned long long)an->rational, (unsigned long long)an->zone.feasible);
        assert_non_null(strstr(fast.data, want));
    }
    pl_render_buf_destroy(&fast);
    pl_render_buf_destroy(&slow);
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_space_shortcuts(void **state)
{
    (void)state;
    char path[4096];
    space_same_without_shortcuts(src_path("examples/doha-2024.yaml", path, sizeof path), false);
    space_same_without_shortcuts(src_path("examples/trade-deal.yaml", path, sizeof path), false);
    const char *data = getenv("PL_SHARED_DATA");
    const char *dirs[] = {"genius/y2011/Laptop", "genius/y2010/ItexvsCypress", "genius/y2013/Coffee"};
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", data ? data : "../shared/data", dirs[k]);
        FILE *probe = fopen(path, "r");
        if (!probe) continue; /* shared data absent */
        fclose(probe);
        space_same_without_shortcuts(path, k == 0);
    }
}

/* pl_i_svg_num writes what printf("%.2f") writes: random values over many scales, the ties
 * (x.xx5 in decimal is rarely exact in binary: printf decides by the binary value), signs,
 * negative zero, and values past the fast path. */
static void test_svg_numbers(void **state)
{
    (void)state;
    unsigned long long x = 88172645463325252ULL;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        if (i % 4 == 0) v = (double)(int64_t)(x % 2000001) / 1000 - 1000; /* 3 decimals: ties */
        else if (i % 4 == 1) v = (double)(x >> 11) / 9007199254740992.0 * 2000 - 1000;
        else if (i % 4 == 2) v = ((double)(int64_t)(x % 20001) - 10000) / 200; /* exact .xx5 */
        else v = ldexp((double)(x >> 11) / 9007199254740992.0, (int)(x % 60) - 30);
        char want[64];
        snprintf(want, sizeof want, "%.2f", v);
        pl_i_buf_t b = {0};
        pl_i_svg_num(&b, v);
        assert_non_null(b.p);
        assert_string_equal(b.p, want);
        pl_free(b.p);
    }
    /* dyadic values: exact ties (x.125, x.375, ...) as grid coordinates make them */
    for (int j = -100000; j <= 100000; j += 3) {
        double v = j / 64.0 + (j % 2 ? 70 : 0);
        char want[64];
        snprintf(want, sizeof want, "%.2f", v);
        pl_i_buf_t b = {0};
        pl_i_svg_num(&b, v);
        assert_string_equal(b.p, want);
        pl_free(b.p);
    }
    const double special[] = {0.0, -0.0, -0.001, 0.005, 0.015, 0.125, -0.125, 2.675, 1e6, 999999.995,
                              1e300, -1e300, INFINITY, -INFINITY, NAN, 1.0 / 3, 0.994999, 0.995};
    for (size_t k = 0; k < sizeof special / sizeof special[0]; k++) {
        char want[400];
        snprintf(want, sizeof want, "%.2f", special[k]);
        pl_i_buf_t b = {0};
        pl_i_svg_num(&b, special[k]);
        assert_string_equal(b.p, want);
        pl_free(b.p);
    }
}

/* Pixels differing by more than 24 in a channel, as a share of all pixels. */
static double png_diff(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) return 1;
    const unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    size_t bad = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w * 4; x += 4)
            for (int c = 0; c < 3; c++)
                if (abs(pa[y * sa + x + c] - pb[y * sb + x + c]) > 24) {
                    bad++;
                    break;
                }
    return (double)bad / ((double)w * h);
}

struct reader { const unsigned char *p; size_t n, off; };
static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
    struct reader *r = closure;
    if (r->off + len > r->n) return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p + r->off, len);
    r->off += len;
    return CAIRO_STATUS_SUCCESS;
}

static void test_golden_laptop(void **state)
{
    (void)state;
    const char *data = getenv("PL_SHARED_DATA");
    char dir[4096], golden[4096];
    snprintf(dir, sizeof dir, "%s/genius/y2011/Laptop", data ? data : "../shared/data");
    FILE *probe = fopen(dir, "r");
    if (!probe) {
        printf("skipped: shared data absent (%s)\n", dir);
        skip();
    }
    fclose(probe);
    pl_scenario_t *sc;
    pl_model_t *m;
    load(dir, &sc, &m);
    pl_error_t err;
    pl_error_init(&err);
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    pl_render_options_t o;
    pl_render_options_init(&o);
    o.format = PL_RENDER_PNG;
    pl_render_buf_t b;
    pl_render_buf_init(&b);
    assert_int_equal(pl_render_space(m, an, &o, &b, &err), PL_OK);
    assert_memory_equal(b.data, "\x89PNG", 4);
    src_path("tests/golden/laptop-space.png", golden, sizeof golden);
    if (getenv("PL_UPDATE_GOLDEN")) {
        FILE *f = fopen(golden, "wb");
        assert_non_null(f);
        fwrite(b.data, 1, b.len, f);
        fclose(f);
    }
    struct reader r = {(const unsigned char *)b.data, b.len, 0};
    cairo_surface_t *got = cairo_image_surface_create_from_png_stream(read_mem, &r);
    cairo_surface_t *want = cairo_image_surface_create_from_png(golden);
    assert_int_equal(cairo_surface_status(want), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_surface_status(got), CAIRO_STATUS_SUCCESS);
    double d = png_diff(got, want);
    printf("laptop space plot: %.4f%% of pixels differ from the golden\n", 100 * d);
    assert_true(d < 0.005);
    /* the comparison can fail: a plot of other data differs in far more pixels */
    o.title = "a different title";
    assert_int_equal(pl_render_space(m, an, &o, &b, &err), PL_OK);
    cairo_surface_t *other;
    r = (struct reader){(const unsigned char *)b.data, b.len, 0};
    other = cairo_image_surface_create_from_png_stream(read_mem, &r);
    assert_true(png_diff(other, want) > 0.0005);
    cairo_surface_destroy(other);
    cairo_surface_destroy(got);
    cairo_surface_destroy(want);
    pl_render_buf_destroy(&b);
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_blocking_and_dance(void **state)
{
    (void)state;
    char path[4096];
    pl_scenario_t *sc;
    pl_model_t *m;
    load(src_path("examples/doha-2024.yaml", path, sizeof path), &sc, &m);
    pl_error_t err;
    pl_error_init(&err);
    pl_mediate_blame_t bl;
    pl_mediate_power_t pw;
    pl_mediate_blame_init(&bl);
    pl_mediate_power_init(&pw);
    assert_int_equal(pl_mediate_blame(m, NULL, PL_UNSET, &bl, &err), PL_OK);
    assert_int_equal(pl_mediate_power(m, NULL, &pw, &err), PL_OK);
    pl_render_buf_t b;
    pl_render_buf_init(&b);
    assert_int_equal(pl_render_blocking(m, &bl, &pw, NULL, &b, &err), PL_OK);
    size_t members = 0;
    for (size_t k = 0; k < pw.nbodies; k++) members += pw.bodies[k].nmembers;
    assert_int_equal(count(b.data, "class=\"pivotal\""), bl.nplayers);
    assert_int_equal(count(b.data, "class=\"power\""), 2 * members);
    assert_int_equal(count(b.data, "class=\"blocking-set\""), bl.ncoalitions < 12 ? bl.ncoalitions : 12);
    /* a session, drawn from its own events */
    pl_sim_options_t so;
    pl_sim_options_init(&so);
    so.seed = 3;
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, pl_protocol_shuttle, &so, &s, &err), PL_OK);
    assert_int_equal(pl_session_run(s, &err), PL_OK);
    size_t ne = pl_session_nevents(s), offers = 0, votes = 0;
    pl_render_event_t *ev = calloc(ne, sizeof *ev);
    for (size_t i = 0; i < ne; i++) {
        const pl_event_t *e = pl_session_event(s, i);
        ev[i] = (pl_render_event_t){e->round, e->kind, e->actor, e->value, pl_session_event_outcome(s, e)};
        bool mine = e->actor != PL_UNSET && (pl_model_role(m, e->actor) != PL_ROLE_FACTION);
        if ((e->kind == PL_EV_OFFER || e->kind == PL_EV_PROPOSE || e->kind == PL_EV_REWORD) && ev[i].outcome && mine) offers++;
        if (e->kind == PL_EV_VOTE || e->kind == PL_EV_RATIFY) votes++;
    }
    const pl_sim_result_t *res = pl_session_result(s);
    pl_render_dance_t d = {ne, ev, res->end, res->round, res->agreement ? res->outcome : NULL, "shuttle"};
    assert_int_equal(pl_render_dance(m, &d, NULL, &b, &err), PL_OK);
    assert_true(offers > 0);
    assert_int_equal(count(b.data, "class=\"offer\""), offers);
    assert_int_equal(count(b.data, "class=\"vote\""), votes);
    free(ev);
    pl_session_free(s);
    pl_render_buf_destroy(&b);
    pl_mediate_blame_destroy(&bl);
    pl_mediate_power_destroy(&pw);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_forecast_plot(void **state)
{
    (void)state;
    char path[4096];
    pl_scenario_t *sc;
    pl_model_t *m;
    load(src_path("examples/forecast-water.yaml", path, sizeof path), &sc, &m);
    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_t in;
    pl_forecast_result_t r;
    pl_forecast_input_init(&in);
    pl_forecast_result_init(&r);
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.trajectory = true;
    assert_int_equal(pl_forecast_input_from_model(m, &in, &err), PL_OK);
    assert_int_equal(pl_forecast_run(pl_forecast_eum, &in, &o, &r, &err), PL_OK);
    size_t lines = 0;
    for (size_t a = 0; a < in.nactors; a++)
        for (size_t d = 0; d < in.ndims; d++) lines += in.position[a * in.ndims + d] == in.position[a * in.ndims + d];
    pl_render_buf_t b;
    pl_render_buf_init(&b);
    assert_int_equal(pl_render_forecast(&in, &r, "eum", NULL, &b, &err), PL_OK);
    assert_int_equal(count(b.data, "class=\"trajectory\""), lines);
    assert_int_equal(count(b.data, "class=\"forecast\""), in.ndims);
    pl_render_buf_destroy(&b);
    pl_forecast_result_destroy(&r);
    pl_forecast_input_destroy(&in);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_explore_plot(void **state)
{
    (void)state;
    const char *items[] = {"May proposal", "2 July amendments", "Israeli August terms"};
    double p[] = {0.2, 0.55, 0.05}, se[] = {0.02, 0.03, 0.01};
    double b1[] = {0.42}, b2[] = {0.3, 0.7};
    pl_render_explore_input_t in[] = {{"Hamas reservation", 0.3, 0.6, 0.5, 0.05, 1, b1},
                                      {"P(strike | no deal)", 0, 1, 0.1, 0.4, 2, b2}};
    pl_render_explore_t x = {3, items, p, se, 0.2, "P(May proposal passes)", 2, in, 1000};
    pl_render_buf_t b;
    pl_render_buf_init(&b);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_render_explore(&x, NULL, &b, &err), PL_OK);
    assert_int_equal(count(b.data, "class=\"probability\""), 3);
    assert_int_equal(count(b.data, "class=\"error-bar\""), 3);
    assert_int_equal(count(b.data, "class=\"swing\""), 4);
    assert_int_equal(count(b.data, "class=\"breakpoint\""), 3);
    /* the tornado puts the larger swing first: Hamas reservation (0.45) before the strike (0.3) */
    assert_true(strstr(b.data, "Hamas reservation") < strstr(b.data, "P(strike"));
    pl_render_buf_destroy(&b);
    pl_error_destroy(&err);
}

static void test_formats_and_terms(void **state)
{
    (void)state;
    pl_render_format f;
    assert_true(pl_render_format_from_path("a/b.SVG", &f) && f == PL_RENDER_SVG);
    assert_true(pl_render_format_from_path("b.png", &f) && f == PL_RENDER_PNG);
    assert_true(pl_render_format_from_path("b.pdf", &f) && f == PL_RENDER_PDF);
    assert_false(pl_render_format_from_path("b.jpeg", &f));
    assert_false(pl_render_format_from_path("svg", &f));
    assert_true(pl_render_term_count() >= 20);
    for (size_t i = 1; i < pl_render_term_count(); i++)
        assert_true(strcasecmp(pl_render_term_at(i - 1)->term, pl_render_term_at(i)->term) < 0);
    assert_null(pl_render_term_at(pl_render_term_count()));
    const char *need[] = {"slack", "threshold move", "Nash product", "normalised gain", "distance to the frontier",
                          "Shapley-Shubik index", "Banzhaf index", "rational", "feasible"};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < pl_render_term_count(); i++) found |= strcmp(pl_render_term_at(i)->term, need[k]) == 0;
        assert_true(found);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_space_marks),   cmocka_unit_test(test_golden_laptop),
        cmocka_unit_test(test_blocking_and_dance), cmocka_unit_test(test_forecast_plot),
        cmocka_unit_test(test_explore_plot),  cmocka_unit_test(test_formats_and_terms),
        cmocka_unit_test(test_space_shortcuts), cmocka_unit_test(test_svg_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
