/*
 * test_analysis_multi.c: the multilateral GENIUS domains (3 and 9 parties, ../shared/data genius
 * y2015): the additive merge's frontier is the enumeration's, point for point (vectors, counts,
 * first outcomes, order), and the frontier size, the rational count and the zone (counted by
 * meet in the middle) match the brute-force reference files.
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
#include <sys/stat.h>

#include <jansson.h>

#include <parley/parley.h>

static const char *shared_data(void)
{
    const char *d = getenv("PL_SHARED_DATA");
    if (!d || !*d) return NULL;
    struct stat st;
    char p[4096];
    snprintf(p, sizeof p, "%s/genius/y2015", d);
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return d;
}

static void check_domain(const char *data, const char *name)
{
    char dir[4096], ref[4096];
    snprintf(dir, sizeof dir, "%s/genius/y2015/%s", data, name);
    snprintf(ref, sizeof ref, "%s/genius/reference/y2015_%s.json", data, name);
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    assert_int_equal(pl_genius_load_dir(dir, &sc, &err), PL_OK);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_frontier_t *fa = NULL, *fe = NULL;
    assert_int_equal(pl_frontier_compute(m, NULL, 0, PL_FRONTIER_ADDITIVE, 0, &fa, &err), PL_OK);
    assert_int_equal(pl_frontier_compute(m, NULL, 0, PL_FRONTIER_ENUMERATE, 0, &fe, &err), PL_OK);
    assert_true(fa->k >= 3);
    assert_int_equal(fa->npoints, fe->npoints);
    assert_int_equal(fa->total, fe->total);
    for (size_t p = 0; p < fa->npoints; p++) {
        for (size_t j = 0; j < fa->k; j++) assert_true(fa->u[p * fa->k + j] == fe->u[p * fe->k + j]);
        assert_int_equal(fa->count[p], fe->count[p]);
        for (size_t i = 0; i < fa->nissues; i++)
            assert_int_equal(fa->outcome[p * fa->nissues + i], fe->outcome[p * fe->nissues + i]);
    }
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    json_t *r = json_load_file(ref, 0, NULL);
    if (r) {
        /* the reference counts rational and Pareto outcomes by brute force */
        assert_int_equal(fa->total, (uint64_t)json_integer_value(json_object_get(r, "pareto")));
        uint64_t rational = (uint64_t)json_integer_value(json_object_get(r, "rational"));
        assert_true(an->rational_known);
        assert_int_equal(an->rational, rational);
        assert_true(an->zone.known);
        assert_string_equal(an->zone_method, "meet in the middle");
        assert_int_equal(an->zone.accepted, rational);
        json_decref(r);
    }
    pl_analysis_free(an);
    pl_frontier_free(fa);
    pl_frontier_free(fe);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_multilateral_domains(void **state)
{
    (void)state;
    const char *data = shared_data();
    if (!data) skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/genius/y2015", data);
    DIR *d = opendir(path);
    assert_non_null(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++) {
        check_domain(data, names[i]);
        free(names[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multilateral_domains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
