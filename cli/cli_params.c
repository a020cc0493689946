/*
 * cli_params.c: params.json, the fitted parameters `parley fit` writes and `--params` reads:
 * {"format": "parley-params", "version": 1, "trained_on": {...}, "models": {"name": [...]}}.
 * Numbers are written with 17 significant digits, so a file read back gives the same doubles.
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const capnames[] = {"gdp", "votes"};

int cli_params_write(const char *path, const pl_forecast_params_t *p)
{
    json_t *root = json_object(), *on = json_object(), *models = json_object();
    json_object_set_new(root, "format", json_string("parley-params"));
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(on, "issues", p->issues ? json_string(p->issues) : json_null());
    json_object_set_new(on, "actors", p->actors ? json_string(p->actors) : json_null());
    json_object_set_new(on, "capability", json_string(capnames[p->capability == PL_CAP_VOTES]));
    json_object_set_new(on, "issues_with_outcome", json_integer((json_int_t)p->nissues));
    json_object_set_new(on, "proposals", json_integer((json_int_t)p->nproposals));
    json_object_set_new(root, "trained_on", on);
    for (size_t i = 0; i < p->nfitted; i++) {
        json_t *a = json_array();
        for (size_t k = 0; k < p->fitted[i].nparams; k++) json_array_append_new(a, json_real(p->fitted[i].value[k]));
        json_object_set_new(models, p->fitted[i].model->name, a);
    }
    json_object_set_new(root, "models", models);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!s) return cli_error("out of memory");
    int rc = CLI_OK;
    if (!path || strcmp(path, "-") == 0) {
        puts(s);
        free(s);
        return CLI_OK;
    }
    /* the library's atomic writer: regular targets only, mode kept, no stray temporaries */
    size_t n = strlen(s);
    s[n] = '\n'; /* json_dumps' NUL becomes the final newline; the length excludes it */
    pl_error_t err;
    pl_error_init(&err);
    if (pl_file_write_atomic(path, s, n + 1, &err) != PL_OK) rc = cli_report(&err);
    pl_error_destroy(&err);
    free(s);
    return rc;
}

static const char *str_or_null(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int cli_params_read(const char *path, pl_forecast_params_t *p)
{
    pl_forecast_params_destroy(p);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        if (je.line <= 0) return cli_error("%s: cannot read the file", path);
        return cli_error("%s:%d:%d: %s", path, je.line, je.column, je.text);
    }
    int rc = CLI_OK;
    json_t *models = json_object_get(root, "models");
    json_t *on = json_object_get(root, "trained_on");
    if (!json_is_object(root) || !json_is_string(json_object_get(root, "format")) ||
        strcmp(json_string_value(json_object_get(root, "format")), "parley-params") != 0) {
        rc = cli_error("%s: not a parameters file (no \"format\": \"parley-params\"; see 'parley fit')", path);
        goto done;
    }
    if (!json_is_object(models)) {
        rc = cli_error("%s: \"models\" is missing or not an object", path);
        goto done;
    }
    if (json_is_object(on)) {
        const char *cap = str_or_null(on, "capability");
        p->capability = cap && strcmp(cap, "votes") == 0 ? PL_CAP_VOTES : PL_CAP_GDP;
        const char *iss = str_or_null(on, "issues"), *act = str_or_null(on, "actors");
        p->issues = iss ? pl_strdup(iss) : NULL;
        p->actors = act ? pl_strdup(act) : NULL;
        json_t *ni = json_object_get(on, "issues_with_outcome"), *np = json_object_get(on, "proposals");
        p->nissues = json_is_integer(ni) && json_integer_value(ni) > 0 ? (size_t)json_integer_value(ni) : 0;
        p->nproposals = json_is_integer(np) && json_integer_value(np) > 0 ? (size_t)json_integer_value(np) : 0;
    }
    const char *name;
    json_t *arr;
    json_object_foreach(models, name, arr) {
        const pl_forecast_model_type *m = pl_forecast_model_find(name);
        if (!m) {
            rc = cli_error("%s: models: unknown model '%s'", path, name);
            goto done;
        }
        if (m->nparams == 0) {
            rc = cli_error("%s: models: '%s' has no tunable parameters", path, name);
            goto done;
        }
        if (!json_is_array(arr) || json_array_size(arr) != m->nparams) {
            rc = cli_error("%s: models: '%s' needs an array of %zu numbers", path, name, m->nparams);
            goto done;
        }
        double v[PL_FORECAST_MAX_PARAMS];
        for (size_t k = 0; k < m->nparams; k++) {
            json_t *x = json_array_get(arr, k);
            if (!json_is_number(x)) {
                rc = cli_error("%s: models: '%s' value %zu is not a number", path, name, k + 1);
                goto done;
            }
            v[k] = json_number_value(x);
        }
        pl_error_t err;
        pl_error_init(&err);
        if (pl_forecast_params_set(p, m, v, &err) != PL_OK) rc = cli_report(&err);
        pl_error_destroy(&err);
        if (rc != CLI_OK) goto done;
    }
done:
    json_decref(root);
    if (rc != CLI_OK) pl_forecast_params_destroy(p);
    return rc;
}
