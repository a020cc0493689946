/*
 * explore_load.c: the scenarios a file's worlds are drawn from (pl_explore_load), as `parley
 * explore` and the Python package load them: the weighted variants with their weights, and when
 * the file states no uncertain values, every reservation and participation varied by +-spread.
 * It loads files, so it lives in io; the explore engines take the loaded scenarios.
 */
#include "core/core_internal.h"

#include <parley/pl_explore.h>
#include <parley/pl_io.h>

#include <math.h>
#include <stdio.h>

/* Load `path` as `variant` with the spread's own overrides first, then the caller's. */
static pl_status load_with(const char *path, const pl_load_opts_t *o, const char *variant,
                           char *const *extra, size_t nextra, pl_scenario_t **out, pl_error_t *err)
{
    size_t n = o ? o->nsets : 0;
    *out = NULL;
    const char **all = pl_calloc(n + nextra + 1, sizeof *all);
    if (!all) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < nextra; k++) all[k] = extra[k];
    for (size_t k = 0; k < n; k++) all[nextra + k] = o->sets[k];
    pl_load_opts_t lo = {.variant = variant, .sets = all, .nsets = n + nextra};
    pl_status s = pl_scenario_load_opts(path, &lo, out, err);
    pl_free(all);
    return s;
}

/* "PATH={uniform: [lo, hi]}" as the n-th override; false when out of memory. */
static bool add_extra(char **extra, size_t *n, const char *name, const char *field, double lo, double hi)
{
    char path[400], buf[600];
    snprintf(path, sizeof path, "actors.%s.%s", name, field);
    snprintf(buf, sizeof buf, "%s={uniform: [%.17g, %.17g]}", path, lo, hi);
    return (extra[(*n)++] = pl_strdup(buf)) != NULL;
}

/* The spread's overrides for sc: 2 per actor at most (*extra owned, pl_free each). */
static pl_status spread_sets(const pl_scenario_t *sc, double spread, char ***extra, size_t *n,
                             pl_error_t *err)
{
    *n = 0;
    if (!(*extra = pl_calloc(2 * sc->nactors + 1, sizeof **extra)))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < sc->nactors; i++) {
        const pl_actor_t *ac = &sc->actors[i];
        if (ac->utility == PL_UTILITY_NONE) continue;
        if (!add_extra(*extra, n, ac->name, "reservation", ac->reservation - spread, ac->reservation + spread) ||
            (!isnan(ac->participation) &&
             !add_extra(*extra, n, ac->name, "participation", ac->participation - spread,
                        ac->participation + spread)))
            return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    return PL_OK;
}

void pl_explore_input_free(pl_explore_input_t *in)
{
    if (!in) return;
    for (size_t v = 0; v < in->nsc; v++) pl_scenario_free(in->sc[v]);
    pl_free(in->sc);
    pl_free(in->weight);
    pl_free(in->variant);
    pl_free(in);
}

/* Load `variant` of path; when it states no uncertain values and spread > 0, load it again
 * with every reservation and participation varied by +-spread around its own values (*spread_used
 * then true; *nuncertain: the values it states itself). */
static pl_status load_one(const char *path, const pl_load_opts_t *o, const char *variant, double spread,
                          pl_scenario_t **out, bool *spread_used, size_t *nuncertain, pl_error_t *err)
{
    *spread_used = false;
    PL_CHECK(load_with(path, o, variant, NULL, 0, out, err));
    if (nuncertain) *nuncertain = (*out)->nuncertain;
    if ((*out)->nuncertain || !(spread > 0)) return PL_OK;
    char **extra = NULL;
    size_t nextra = 0;
    pl_status s = spread_sets(*out, spread, &extra, &nextra, err);
    if (s == PL_OK && nextra) {
        *spread_used = true;
        pl_scenario_free(*out);
        *out = NULL; /* load_with may fail before the loader clears it */
        s = load_with(path, o, variant, extra, nextra, out, err);
    }
    for (size_t k = 0; k < nextra; k++) pl_free(extra[k]);
    pl_free(extra);
    if (s != PL_OK) {
        pl_scenario_free(*out);
        *out = NULL;
    }
    return s;
}

/* The nw weighted variants of `base` in file order into in (each with its own spread). */
static pl_status load_variants(const char *path, const pl_load_opts_t *o, double spread,
                               const pl_scenario_t *base, size_t nw, pl_explore_input_t *in,
                               pl_error_t *err)
{
    if (nw > 63) return pl_error_set(err, PL_EINVAL, "more than 63 weighted variants");
    pl_scenario_t **sc = pl_calloc(nw, sizeof *sc);
    double *w = pl_calloc(nw, sizeof *w);
    if (!sc || !w) {
        pl_free(sc);
        pl_free(w);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_free(in->sc);
    pl_free(in->weight);
    in->sc = sc;
    in->weight = w;
    pl_status s = PL_OK;
    for (size_t v = 0; v < base->nvariants && s == PL_OK; v++) {
        if (isnan(base->variants[v].weight)) continue;
        bool used;
        in->weight[in->nsc] = base->variants[v].weight;
        s = load_one(path, o, base->variants[v].name, spread, &in->sc[in->nsc], &used, NULL, err);
        if (s == PL_OK) in->nsc++;
    }
    return s;
}

pl_status pl_explore_load(const char *path, const struct pl_load_opts *o, double spread, bool variants,
                          pl_explore_input_t **out, pl_error_t *err)
{
    *out = NULL;
    pl_explore_input_t *in = pl_calloc(1, sizeof *in);
    if (in) {
        in->sc = pl_calloc(1, sizeof *in->sc);
        in->weight = pl_malloc(sizeof *in->weight);
    }
    if (!in || !in->sc || !in->weight) {
        pl_explore_input_free(in);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    in->spread = NAN;
    in->weight[0] = 1;
    const char *variant = o ? o->variant : NULL;
    bool used = false;
    pl_status s = load_one(path, o, variant, spread, &in->sc[0], &used, &in->nuncertain, err);
    if (s == PL_OK) in->nsc = 1;
    if (used) in->spread = spread;
    if (s == PL_OK && variants && !variant) {
        /* weighted variants: worlds draw one by weight (the base is not one of them) */
        pl_scenario_t *base = in->sc[0];
        size_t nw = 0;
        for (size_t v = 0; v < base->nvariants; v++) nw += !isnan(base->variants[v].weight);
        if (nw) {
            in->nsc = 0; /* the base is no longer in->sc's */
            s = load_variants(path, o, used ? spread : 0, base, nw, in, err);
            pl_scenario_free(base);
        }
    }
    if (s == PL_OK && !(in->variant = pl_calloc(in->nsc, sizeof *in->variant)))
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t v = 0; s == PL_OK && v < in->nsc; v++) in->variant[v] = in->sc[v]->variant;
    if (s != PL_OK) {
        pl_explore_input_free(in);
        return s;
    }
    *out = in;
    return PL_OK;
}
