/*
 * explore_read.c: a saved `parley explore --json` result (schema parley-explore/1) read back
 * into render/'s plain pl_render_explore_t, for `parley plot explore RESULT.json` and
 * `parley report --explore RESULT.json`. The tornado measures feasible packages.
 */
#include "cli.h"

#include <parley/pl_render.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct cli_explore_doc {
    json_t *root;
    pl_render_explore_t x;
    const char **item;
    double *p, *se;
    pl_render_explore_input_t *in;
    double *breaks;
};

void cli_explore_free(cli_explore_doc_t *d)
{
    if (!d) return;
    json_decref(d->root);
    free(d->item);
    free(d->p);
    free(d->se);
    free(d->in);
    free(d->breaks);
    free(d);
}

const pl_render_explore_t *cli_explore_get(const cli_explore_doc_t *d) { return &d->x; }

int cli_explore_read(const char *path, cli_explore_doc_t **out)
{
    *out = NULL;
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) return cli_error("%s:%d:%d: %s", path, je.line, je.column, je.text);
    const char *schema = json_string_value(json_object_get(root, "schema"));
    if (!schema || strcmp(schema, "parley-explore/1") != 0) {
        json_decref(root);
        return cli_error("%s: not a 'parley explore --json' result (schema parley-explore/1)", path);
    }
    cli_explore_doc_t *d = calloc(1, sizeof *d);
    json_t *props = json_object_get(root, "proposals"), *tor = json_object_get(root, "tornado");
    json_t *bps = json_object_get(root, "breakpoints"), *feas = json_object_get(root, "feasible");
    size_t np = json_array_size(props) + (json_is_object(feas) ? 1 : 0), nt = json_array_size(tor);
    size_t nb = json_array_size(bps);
    if (!d || !(d->item = calloc(np + 1, sizeof *d->item)) || !(d->p = calloc(np + 1, sizeof *d->p)) ||
        !(d->se = calloc(np + 1, sizeof *d->se)) || !(d->in = calloc(nt + 1, sizeof *d->in)) ||
        !(d->breaks = calloc(nb + 1, sizeof *d->breaks))) {
        cli_explore_free(d);
        json_decref(root);
        return cli_error("out of memory");
    }
    d->root = root;
    size_t k = 0;
    if (json_is_object(feas)) {
        d->item[k] = "some package is feasible";
        d->p[k] = json_number_value(json_object_get(feas, "p"));
        d->se[k++] = json_number_value(json_object_get(feas, "se"));
    }
    for (size_t i = 0; i < json_array_size(props); i++) {
        json_t *e = json_array_get(props, i), *ps = json_object_get(e, "passes");
        d->item[k] = json_string_value(json_object_get(e, "name"));
        if (!d->item[k]) d->item[k] = "?";
        d->p[k] = json_number_value(json_object_get(ps, "p"));
        d->se[k++] = json_number_value(json_object_get(ps, "se"));
    }
    size_t used = 0;
    for (size_t i = 0; i < nt; i++) {
        json_t *e = json_array_get(tor, i);
        pl_render_explore_input_t *in = &d->in[i];
        in->name = json_string_value(json_object_get(e, "value"));
        if (!in->name) in->name = "?";
        in->lo = json_number_value(json_array_get(json_object_get(e, "range"), 0));
        in->hi = json_number_value(json_array_get(json_object_get(e, "range"), 1));
        in->at_lo = json_number_value(json_array_get(json_object_get(e, "feasible"), 0));
        in->at_hi = json_number_value(json_array_get(json_object_get(e, "feasible"), 1));
        in->breaks = d->breaks + used;
        for (size_t b = 0; b < nb; b++) {
            json_t *bp = json_array_get(bps, b);
            const char *v = json_string_value(json_object_get(bp, "value"));
            const char *kind = json_string_value(json_object_get(bp, "kind"));
            double at = json_number_value(json_object_get(bp, "at"));
            if (v && kind && strcmp(v, in->name) == 0 && strcmp(kind, "feasible") == 0 && at >= in->lo &&
                at <= in->hi)
                d->breaks[used + in->nbreaks++] = at;
        }
        used += in->nbreaks;
    }
    d->x = (pl_render_explore_t){.nitems = k, .item = d->item, .p = d->p, .se = d->se,
                                 .base = json_number_value(json_object_get(json_object_get(root, "at_point"), "feasible")),
                                 .output = "feasible packages", .ninputs = nt, .inputs = d->in,
                                 .worlds = (size_t)json_integer_value(json_object_get(root, "worlds"))};
    *out = d;
    return CLI_OK;
}
