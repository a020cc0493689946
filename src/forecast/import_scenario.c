/*
 * import_scenario.c: a forecasting input from a scenario: numeric and ordered issues become
 * dimensions (ordered options map to ranks 0..n-1, scale [0, n-1]); actors in position form
 * give positions and saliences; clout is the capability; issue `reference` the reference point.
 */
#include "forecast_internal.h"

#include <string.h>

pl_status pl_forecast_input_from_scenario(const pl_scenario_t *sc, pl_forecast_input_t *in,
                                          pl_error_t *err)
{
    size_t nd = 0, na = 0;
    size_t *dims = pl_malloc((sc->nissues ? sc->nissues : 1) * sizeof *dims);
    size_t *acts = pl_malloc((sc->nactors ? sc->nactors : 1) * sizeof *acts);
    pl_status st = PL_OK;
    if (!dims || !acts) {
        st = PL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_issue_t *is = &sc->issues[i];
        if (is->kind != PL_ISSUE_CATEGORICAL || is->ordered) dims[nd++] = i;
    }
    if (nd == 0) {
        st = pl_error_set(err, PL_EINVAL,
                          "scenario '%s' has no numeric or ordered issue to forecast",
                          sc->name ? sc->name : "");
        goto done;
    }
    double smax = 0;
    for (size_t a = 0; a < sc->nactors; a++) {
        const pl_actor_t *ac = &sc->actors[a];
        if (ac->utility != PL_UTILITY_POSITION || !ac->stances) continue;
        bool any = false;
        for (size_t k = 0; k < nd; k++)
            if (ac->stances[dims[k]].has_position) {
                any = true;
                if (ac->stances[dims[k]].salience > smax) smax = ac->stances[dims[k]].salience;
            }
        if (any) acts[na++] = a;
    }
    if (na == 0) {
        st = pl_error_set(err, PL_EINVAL,
                          "no actor of scenario '%s' states a position on a numeric or ordered issue",
                          sc->name ? sc->name : "");
        goto done;
    }
    /* saliences are expected in [0, 1]; a scenario written on 0-100 is rescaled */
    double sdiv = smax > 1 ? 100.0 : 1.0;
    if ((st = pl_forecast_input_setup(in, na, nd)) != PL_OK) goto done;
    for (size_t k = 0; k < nd; k++) {
        const pl_issue_t *is = &sc->issues[dims[k]];
        in->dim[k] = pl_strdup(is->name);
        if (!in->dim[k]) {
            st = PL_ENOMEM;
            goto done;
        }
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            in->lo[k] = 0;
            in->hi[k] = is->nvalues > 1 ? (double)(is->nvalues - 1) : 1.0;
        } else {
            in->lo[k] = is->lo;
            in->hi[k] = is->hi > is->lo ? is->hi : is->lo + 1;
        }
        in->reference[k] = is->reference;
    }
    for (size_t j = 0; j < na; j++) {
        const pl_actor_t *ac = &sc->actors[acts[j]];
        in->actor[j] = pl_strdup(ac->name);
        if (!in->actor[j]) {
            st = PL_ENOMEM;
            goto done;
        }
        in->capability[j] = ac->clout;
        for (size_t k = 0; k < nd; k++) {
            const pl_stance_t *s = &ac->stances[dims[k]];
            if (!s->has_position) continue;
            in->position[j * nd + k] = s->position;
            in->salience[j * nd + k] = s->salience / sdiv;
        }
    }
done:
    pl_free(dims);
    pl_free(acts);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}
