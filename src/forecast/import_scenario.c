/*
 * import_scenario.c: a forecasting input from a compiled scenario (pl_model_t): numeric and
 * ordered issues become dimensions (ordered options map to ranks 0..n-1, scale [0, n-1]); actors
 * in position form give positions and saliences; clout is the capability; issue `reference` the
 * reference point.
 */
#include "forecast_internal.h"

#include <parley/pl_model.h>

#include <string.h>

pl_status pl_forecast_input_from_model(const pl_model_t *m, pl_forecast_input_t *in,
                                       pl_error_t *err)
{
    const char *scname = pl_model_scenario(m)->name;
    size_t ni = pl_model_nissues(m), nact = pl_model_nactors(m);
    size_t nd = 0, na = 0;
    size_t *dims = pl_malloc((ni ? ni : 1) * sizeof *dims);
    size_t *acts = pl_malloc((nact ? nact : 1) * sizeof *acts);
    pl_status st = PL_OK;
    if (!dims || !acts) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    /* a dimension on which no actor states a salient position cannot be forecast (every
     * weight is zero: the models would divide by zero); examples/trade-deal.yaml has three,
     * positions there being given in table form only */
    for (size_t i = 0; i < ni; i++) {
        if (!pl_model_issue_ordered(m, i)) continue;
        bool stated = false;
        for (size_t a = 0; a < nact && !stated; a++)
            stated = !isnan(pl_model_position(m, a, i)) && pl_model_salience(m, a, i) > 0;
        if (stated) dims[nd++] = i;
    }
    if (nd == 0) {
        st = pl_error_set(err, PL_EINVAL,
                          "scenario '%s' has no numeric or ordered issue on which an actor "
                          "states a position with a salience above 0",
                          scname ? scname : "");
        goto done;
    }
    double smax = 0;
    for (size_t a = 0; a < nact; a++) {
        bool any = false;
        for (size_t k = 0; k < nd; k++)
            if (!isnan(pl_model_position(m, a, dims[k]))) {
                any = true;
                double s = pl_model_salience(m, a, dims[k]);
                if (s > smax) smax = s;
            }
        if (any) acts[na++] = a;
    }
    if (na == 0) {
        st = pl_error_set(err, PL_EINVAL,
                          "no actor of scenario '%s' states a position on a numeric or ordered issue",
                          scname ? scname : "");
        goto done;
    }
    /* saliences are expected in [0, 1]; a scenario written on 0-100 is rescaled */
    double sdiv = smax > 1 ? 100.0 : 1.0;
    if ((st = pl_forecast_input_setup(in, na, nd)) != PL_OK) {
        st = pl_error_set(err, st, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < nd; k++) {
        size_t i = dims[k];
        in->dim[k] = pl_strdup(pl_model_issue_name(m, i));
        if (!in->dim[k]) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto done;
        }
        double lo, hi;
        pl_model_issue_range(m, i, &lo, &hi);
        if (pl_model_issue_kind(m, i) == PL_ISSUE_CATEGORICAL) {
            size_t nv = pl_model_nvalues(m, i);
            in->lo[k] = 0;
            in->hi[k] = nv > 1 ? (double)(nv - 1) : 1.0;
        } else {
            in->lo[k] = lo;
            in->hi[k] = hi > lo ? hi : lo + 1;
        }
        in->reference[k] = pl_model_issue_reference(m, i);
    }
    for (size_t j = 0; j < na; j++) {
        size_t a = acts[j];
        in->actor[j] = pl_strdup(pl_model_actor_name(m, a));
        if (!in->actor[j]) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto done;
        }
        in->capability[j] = pl_model_clout(m, a);
        for (size_t k = 0; k < nd; k++) {
            double pos = pl_model_position(m, a, dims[k]);
            if (isnan(pos)) continue;
            in->position[j * nd + k] = pos;
            in->salience[j * nd + k] = pl_model_salience(m, a, dims[k]) / sdiv;
        }
    }
done:
    pl_free(dims);
    pl_free(acts);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}
