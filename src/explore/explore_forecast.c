/*
 * explore_forecast.c: pl_explore_forecast_run and _input_run: the forecasting models run on
 * every world (a scenario with its uncertain values drawn, or a forecasting input with noise),
 * each world's forecasts stored at its own index so that the summaries are the same for any
 * number of threads or MPI ranks (pl_explore_forecast_merge appends the slices in order).
 */
#include "engines_internal.h"

#include <math.h>
#include <string.h>

void pl_explore_forecast_free(pl_explore_forecast_result_t *r)
{
    if (!r) return;
    pl_free(r->value);
    pl_free(r->variant_worlds);
    pl_free(r);
}

static pl_explore_forecast_result_t *fc_new(const pl_i_engine *e, size_t nm, size_t nd, size_t nsc,
                                            uint64_t seed)
{
    pl_explore_forecast_result_t *r = pl_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->worlds = e->count;
    r->first = e->first;
    r->seed = seed;
    r->nmodels = nm;
    r->ndims = nd;
    r->nvariants = nsc;
    size_t n = (size_t)e->count * nm * nd;
    if (nm && nd && n / nm / nd != e->count) { /* the product overflowed */
        pl_free(r);
        return NULL;
    }
    r->value = pl_malloc((n ? n : 1) * sizeof *r->value);
    r->variant_worlds = pl_calloc(nsc + 1, sizeof(uint64_t));
    if (!r->value || !r->variant_worlds) {
        pl_explore_forecast_free(r);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) r->value[k] = NAN;
    return r;
}

pl_status pl_explore_forecast_merge(pl_explore_forecast_result_t *a,
                                    const pl_explore_forecast_result_t *b, pl_error_t *err)
{
    if (a->nmodels != b->nmodels || a->ndims != b->ndims || a->nvariants != b->nvariants ||
        b->first != a->first + a->worlds)
        return pl_error_set(err, PL_EINVAL, "explore forecasts of different inputs or slices that "
                            "do not follow each other cannot be added");
    size_t per = a->nmodels * a->ndims, na = (size_t)a->worlds * per, nb = (size_t)b->worlds * per;
    double *v = pl_realloc(a->value, (na + nb ? na + nb : 1) * sizeof *v);
    if (!v) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (nb) memcpy(v + na, b->value, nb * sizeof *v);
    a->value = v;
    a->worlds += b->worlds;
    for (size_t k = 0; k < a->nvariants; k++) a->variant_worlds[k] += b->variant_worlds[k];
    return PL_OK;
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Perturb `in` from `base` (same sizes): the documented draw order, actor by actor. */
static void add_noise(pl_forecast_input_t *in, const pl_forecast_input_t *base, double R, pl_rng_t *r)
{
    size_t nd = base->ndims;
    memcpy(in->position, base->position, base->nactors * nd * sizeof(double));
    memcpy(in->salience, base->salience, base->nactors * nd * sizeof(double));
    memcpy(in->capability, base->capability, base->nactors * sizeof(double));
    if (!(R > 0)) return;
    for (size_t a = 0; a < base->nactors; a++) {
        double u = 2 * pl_rng_uniform(r) - 1;
        in->capability[a] = fmax(0, base->capability[a] * (1 + R * u));
        for (size_t d = 0; d < nd; d++) {
            size_t k = a * nd + d;
            u = 2 * pl_rng_uniform(r) - 1;
            in->salience[k] = clamp(base->salience[k] * (1 + R * u), 0, 1);
            u = 2 * pl_rng_uniform(r) - 1;
            if (isfinite(base->position[k]))
                in->position[k] = clamp(base->position[k] + R * (base->hi[d] - base->lo[d]) * u,
                                        base->lo[d], base->hi[d]);
        }
    }
}

/* A copy of `base` that add_noise can write into (names are not copied). */
static pl_status input_like(pl_forecast_input_t *in, const pl_forecast_input_t *base)
{
    pl_forecast_input_init(in);
    PL_CHECK(pl_forecast_input_setup(in, base->nactors, base->ndims));
    size_t nd = base->ndims;
    memcpy(in->lo, base->lo, nd * sizeof(double));
    memcpy(in->hi, base->hi, nd * sizeof(double));
    memcpy(in->reference, base->reference, nd * sizeof(double));
    memcpy(in->votes, base->votes, base->nactors * sizeof(double));
    in->rule = base->rule;
    in->proc = base->proc;
    in->commission = base->commission;
    in->parliament = base->parliament;
    return PL_OK;
}

/* Run every model on `in` into the world's row of r. */
static pl_status run_models(const pl_explore_forecast_opts_t *o, const pl_forecast_input_t *in,
                            pl_explore_forecast_result_t *R, uint64_t row, pl_forecast_result_t *res,
                            pl_error_t *err)
{
    pl_forecast_options_t fo;
    pl_forecast_options_init(&fo);
    fo.max_rounds = o->max_rounds;
    fo.trajectory = false;
    for (size_t m = 0; m < o->nmodels; m++) {
        PL_CHECK(pl_forecast_run(o->models[m], in, &fo, res, err));
        for (size_t d = 0; d < R->ndims; d++)
            R->value[(row * R->nmodels + m) * R->ndims + d] = res->forecast[d];
    }
    return PL_OK;
}

/* A scenario world's forecasting input: compile, build, add the noise. */
static pl_status world_input(const pl_scenario_t *sc, const pl_explore_forecast_opts_t *o,
                             pl_forecast_input_t *in, pl_forecast_input_t *noisy, pl_rng_t *r,
                             pl_error_t *err)
{
    pl_model_t *m = NULL;
    PL_CHECK(pl_model_compile(sc, &m, err));
    pl_forecast_input_destroy(in);
    pl_forecast_input_destroy(noisy);
    pl_status st = pl_forecast_input_from_model(m, in, err);
    pl_model_free(m);
    if (st == PL_OK && input_like(noisy, in) != PL_OK)
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (st == PL_OK) add_noise(noisy, in, o->noise, r);
    return st;
}

/* The loop shared by both entry points: sc NULL means the input `in0`. */
static pl_status forecast_loop(const pl_i_engine *e, const pl_scenario_t *const *sc,
                               const pl_forecast_input_t *in0, const pl_explore_forecast_opts_t *o,
                               pl_explore_forecast_result_t *res, pl_error_t *err)
{
    pl_status st = PL_OK;
    uint64_t done = 0, first_bad = UINT64_MAX;
    size_t nsc = sc ? e->nsc : 0;
#pragma omp parallel num_threads(e->threads)
    {
        pl_i_world *worlds = nsc ? pl_calloc(nsc, sizeof *worlds) : NULL;
        bool ok = !nsc || worlds;
        for (size_t v = 0; ok && v < nsc; v++) ok = pl_i_world_init(&worlds[v], sc[v]);
        pl_forecast_input_t in, noisy;
        pl_forecast_input_init(&in);
        pl_forecast_input_init(&noisy);
        if (ok && !sc) ok = input_like(&noisy, in0) == PL_OK;
        pl_forecast_result_t fr;
        pl_forecast_result_init(&fr);
        pl_status tst = ok ? PL_OK : PL_ENOMEM;
        uint64_t bad = UINT64_MAX;
        pl_error_t terr;
        pl_error_init(&terr);
        uint64_t *vw = pl_calloc(nsc + 1, sizeof *vw);
        ok = ok && vw;
#pragma omp for schedule(dynamic, 4)
        for (uint64_t w = e->first; w < e->first + e->count; w++) {
            if (!ok) continue;
            pl_rng_t r;
            pl_rng_stream(&r, o->base->seed, w);
            if (sc) {
                size_t v = pl_i_engine_draw(e, worlds, &r);
                vw[v]++;
                tst = world_input(&worlds[v].sc, o, &in, &noisy, &r, &terr);
                if (tst == PL_OK && noisy.ndims != res->ndims)
                    tst = pl_error_set(&terr, PL_EINVAL, "world %llu has %zu forecast dimensions, "
                                       "the first %zu", (unsigned long long)w, noisy.ndims, res->ndims);
            } else {
                add_noise(&noisy, in0, o->noise, &r);
            }
            if (tst == PL_OK) tst = run_models(o, &noisy, res, w - e->first, &fr, &terr);
            if (tst != PL_OK) {
                ok = false;
                bad = w;
                continue;
            }
            pl_i_engine_progress(o->base, &done, e->count);
        }
#pragma omp critical(pl_explore_forecast_merge)
        {
            if (!ok && (st == PL_OK || bad < first_bad)) {
                first_bad = bad;
                st = tst != PL_OK ? tst : PL_ENOMEM;
                pl_error_set(err, st, "%s", terr.code != PL_OK ? terr.message : "out of memory");
            }
            for (size_t v = 0; vw && v < nsc; v++) res->variant_worlds[v] += vw[v];
        }
        pl_free(vw);
        pl_error_destroy(&terr);
        pl_forecast_result_destroy(&fr);
        pl_forecast_input_destroy(&in);
        pl_forecast_input_destroy(&noisy);
        for (size_t v = 0; worlds && v < nsc; v++) pl_i_world_destroy(&worlds[v]);
        pl_free(worlds);
    }
    if (st == PL_OK && o->base->progress) o->base->progress(e->count, e->count, o->base->progress_ctx);
    return st;
}

static pl_status check_opts(const pl_explore_forecast_opts_t *o, pl_error_t *err)
{
    if (!o || !o->base) return pl_error_set(err, PL_EINVAL, "no options given");
    if (!o->nmodels || !o->models) return pl_error_set(err, PL_EINVAL, "no forecasting model given");
    for (size_t m = 0; m < o->nmodels; m++)
        if (!o->models[m]) return pl_error_set(err, PL_EINVAL, "no forecasting model given");
    if (!(o->noise >= 0 && o->noise <= 1))
        return pl_error_set(err, PL_EINVAL, "noise must be in [0, 1], not %g", o->noise);
    return PL_OK;
}

pl_status pl_explore_forecast_run(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                                  const pl_explore_forecast_opts_t *o,
                                  pl_explore_forecast_result_t **out, pl_error_t *err)
{
    if (!out || !sc || !nsc) return pl_error_set(err, PL_EINVAL, "no scenario given");
    *out = NULL;
    PL_CHECK(check_opts(o, err));
    pl_i_engine e;
    PL_CHECK(pl_i_engine_setup(sc, weights, nsc, o->base, &e, err));
    /* the dimensions of the first scenario at its points fix the shape */
    pl_model_t *m0 = NULL;
    pl_forecast_input_t in0;
    pl_forecast_input_init(&in0);
    PL_CHECK(pl_model_compile(sc[0], &m0, err));
    pl_status st = pl_forecast_input_from_model(m0, &in0, err);
    pl_model_free(m0);
    size_t nd = in0.ndims;
    pl_forecast_input_destroy(&in0);
    PL_CHECK(st);
    pl_explore_forecast_result_t *res = fc_new(&e, o->nmodels, nd, nsc, o->base->seed);
    if (!res) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if ((st = forecast_loop(&e, sc, NULL, o, res, err)) != PL_OK) {
        pl_explore_forecast_free(res);
        return st;
    }
    *out = res;
    return PL_OK;
}

pl_status pl_explore_forecast_input_run(const pl_forecast_input_t *in,
                                        const pl_explore_forecast_opts_t *o,
                                        pl_explore_forecast_result_t **out, pl_error_t *err)
{
    if (!out || !in) return pl_error_set(err, PL_EINVAL, "no forecasting input given");
    *out = NULL;
    PL_CHECK(check_opts(o, err));
    pl_i_engine e;
    PL_CHECK(pl_i_engine_setup(NULL, NULL, 0, o->base, &e, err));
    pl_explore_forecast_result_t *res = fc_new(&e, o->nmodels, in->ndims, 0, o->base->seed);
    if (!res) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = forecast_loop(&e, NULL, in, o, res, err);
    if (st != PL_OK) {
        pl_explore_forecast_free(res);
        return st;
    }
    *out = res;
    return PL_OK;
}
