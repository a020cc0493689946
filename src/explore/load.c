/*
 * load.c: the scenarios a file's worlds are drawn from (pl_explore_load), as `parley explore`
 * and the Python package load them: the weighted variants with their weights, and when the file
 * states no uncertain values, every reservation and participation varied by +-spread.
 */
#include "explore_internal.h"

#include <parley/pl_io.h>

#include <math.h>
#include <stdio.h>

/* Load `path` as `variant` with the spread's own overrides first, then the caller's. */
static pl_status load_with(const char *path, const pl_load_opts_t *o, const char *variant,
                           char *const *extra, size_t nextra, pl_scenario_t **out, pl_error_t *err)
{
    size_t n = o ? o->nsets : 0;
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

/* The nw weighted variants of `base` in file order into in; frees the base. */
static pl_status load_variants(const char *path, const pl_load_opts_t *o, char *const *extra,
                               size_t nextra, pl_scenario_t *base, size_t nw, pl_explore_input_t *in,
                               pl_error_t *err)
{
    pl_scenario_t **sc = nw <= 63 ? pl_calloc(nw, sizeof *sc) : NULL;
    double *w = nw <= 63 ? pl_calloc(nw, sizeof *w) : NULL;
    if (!sc || !w) {
        pl_free(sc);
        pl_free(w);
        pl_scenario_free(base);
        return nw > 63 ? pl_error_set(err, PL_EINVAL, "more than 63 weighted variants")
                       : pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_free(in->sc);
    pl_free(in->weight);
    in->sc = sc;
    in->weight = w;
    in->nsc = 0;
    pl_status s = PL_OK;
    for (size_t v = 0; v < base->nvariants && s == PL_OK; v++) {
        if (isnan(base->variants[v].weight)) continue;
        in->weight[in->nsc] = base->variants[v].weight;
        s = load_with(path, o, base->variants[v].name, extra, nextra, &in->sc[in->nsc], err);
        if (s == PL_OK) in->nsc++;
    }
    pl_scenario_free(base);
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
    char **extra = NULL;
    size_t nextra = 0;
    pl_status s = load_with(path, o, variant, NULL, 0, &in->sc[0], err);
    if (s == PL_OK) {
        in->nsc = 1;
        in->nuncertain = in->sc[0]->nuncertain;
    }
    if (s == PL_OK && !in->sc[0]->nuncertain && spread > 0) {
        /* nothing uncertain in the file: every reservation and participation varies */
        s = spread_sets(in->sc[0], spread, &extra, &nextra, err);
        if (s == PL_OK && nextra) {
            in->spread = spread;
            pl_scenario_free(in->sc[0]);
            in->nsc = 0;
            s = load_with(path, o, variant, extra, nextra, &in->sc[0], err);
            if (s == PL_OK) in->nsc = 1;
        }
    }
    if (s == PL_OK && variants && !variant) {
        /* weighted variants: worlds draw one by weight (the base is not one of them) */
        pl_scenario_t *base = in->sc[0];
        size_t nw = 0;
        for (size_t v = 0; v < base->nvariants; v++) nw += !isnan(base->variants[v].weight);
        if (nw) {
            in->nsc = 0; /* load_variants frees the base */
            s = load_variants(path, o, extra, nextra, base, nw, in, err);
        }
    }
    for (size_t k = 0; k < nextra; k++) pl_free(extra[k]);
    pl_free(extra);
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
