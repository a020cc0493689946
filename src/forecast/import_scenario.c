/*
 * import_scenario.c: a forecasting input from a compiled scenario (pl_model_t). The bargainers
 * are the parties that state positions or utility tables (not mediators, factions, delegations or outside
 * actors); numeric and ordered issues become dimensions (ordered options map to ranks 0..n-1,
 * scale [0, n-1]), unordered categorical ones and those no bargainer takes a position on are
 * left out (pl_forecast_scenario_issue says why); clout is the capability; issue `reference`
 * the reference point.
 */
#include "forecast_internal.h"

#include <parley/pl_model.h>

#include <string.h>

/* Actor a's position and salience on ordered issue i: as stated (position form), or, for an
 * actor whose utility is a table (GENIUS-style values or a linear evaluation), its ideal point
 * (the first value of highest utility) with the spread of that issue's utilities (weight x
 * range of the evaluation, on the scale where the weights sum to 1) as its salience. False
 * when it gives neither, or its table is flat on the issue. */
static bool stance_of(const pl_model_t *m, size_t a, size_t i, double *pos, double *sal)
{
    double p = pl_model_position(m, a, i);
    if (!isnan(p)) {
        *pos = p;
        *sal = pl_model_salience(m, a, i);
        return true;
    }
    const double *row = pl_model_value_utilities(m, a, i);
    if (!row || !pl_model_issue_ordered(m, i)) return false;
    size_t nv = pl_model_nvalues(m, i), best = 0;
    double lo = row[0];
    for (size_t v = 1; v < nv; v++) {
        if (row[v] > row[best]) best = v;
        if (row[v] < lo) lo = row[v];
    }
    if (!(row[best] > lo)) return false;
    *pos = pl_model_issue_kind(m, i) == PL_ISSUE_CATEGORICAL ? (double)best
                                                              : pl_model_value_number(m, i, best);
    *sal = row[best] - lo;
    return true;
}

static bool has_position(const pl_model_t *m, size_t a, size_t i)
{
    double pos, sal;
    return stance_of(m, a, i, &pos, &sal);
}

bool pl_forecast_scenario_actor(const pl_model_t *m, size_t a)
{
    /* a spatial model weighs every bargainer by its clout, 1 when unwritten: a mediator or a
     * faction counted here would outweigh the parties it serves (docs/models.md) */
    if (pl_model_role(m, a) != PL_ROLE_PARTY) return false;
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        if (pl_model_issue_ordered(m, i) && has_position(m, a, i)) return true;
    return false;
}

pl_forecast_use pl_forecast_scenario_issue(const pl_model_t *m, size_t i)
{
    if (!pl_model_issue_ordered(m, i)) return PL_FORECAST_UNORDERED;
    /* a position of salience 0 weighs nothing: a dimension of only those has every weight zero
     * and the models would divide by zero on it */
    for (size_t a = 0; a < pl_model_nactors(m); a++)
        if (pl_model_role(m, a) == PL_ROLE_PARTY) {
            double pos, sal;
            if (stance_of(m, a, i, &pos, &sal) && sal > 0) return PL_FORECAST_USED;
        }
    return PL_FORECAST_NO_POSITION;
}

const char *pl_forecast_use_reason(pl_forecast_use u)
{
    switch (u) {
    case PL_FORECAST_USED: return "";
    case PL_FORECAST_UNORDERED: return "categorical without an order: a spatial model has no scale for it";
    case PL_FORECAST_NO_POSITION: return "no party states a position on it (with a salience above 0)";
    }
    return "";
}

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
    bool ordered = false;
    for (size_t i = 0; i < ni; i++) {
        ordered = ordered || pl_model_issue_ordered(m, i);
        if (pl_forecast_scenario_issue(m, i) == PL_FORECAST_USED) dims[nd++] = i;
    }
    if (!ordered) {
        st = pl_error_set(err, PL_EINVAL,
                          "scenario '%s' has no numeric or ordered issue on which an actor "
                          "states a position with a salience above 0",
                          scname ? scname : "");
        goto done;
    }
    if (nd == 0) {
        st = pl_error_set(err, PL_EINVAL,
                          "no party of scenario '%s' states a position on a numeric or ordered "
                          "issue (forecasts count only parties: docs/models.md)",
                          scname ? scname : "");
        goto done;
    }
    double smax = 0;
    for (size_t a = 0; a < nact; a++) {
        if (!pl_forecast_scenario_actor(m, a)) continue;
        acts[na++] = a;
        for (size_t k = 0; k < nd; k++) {
            double pos, s;
            if (stance_of(m, a, dims[k], &pos, &s) && s > smax) smax = s;
        }
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
            double pos, sal;
            if (!stance_of(m, a, dims[k], &pos, &sal)) continue; /* sits this dimension out */
            in->position[j * nd + k] = pos;
            in->salience[j * nd + k] = sal / sdiv;
        }
    }
done:
    pl_free(dims);
    pl_free(acts);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}
