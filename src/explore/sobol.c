/*
 * sobol.c: Sobol indices of an exploration's probability measures (some package feasible,
 * each proposal passes) by Saltelli's design: N base rows A and B (streams (seed, 2j) and
 * (seed, 2j + 1)), and for each input i the rows of A with input i taken from B. Rows are
 * independent, so threads only change who computes a row.
 */
#include "explore_internal.h"

#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Draw a row: every uncertain value's components, in order, into row[width]. */
static void draw_row(const pl_scenario_t *sc, pl_rng_t *r, double *row)
{
    size_t at = 0;
    for (size_t k = 0; k < sc->nuncertain; k++) {
        const pl_uncertain_t *u = &sc->uncertain[k];
        if (u->dist.kind == PL_DIST_DIRICHLET) pl_dist_sample(&u->dist, r, row + at);
        else row[at] = pl_dist_sample(&u->dist, r, NULL);
        at += u->ntargets;
    }
}

/* Put a row into the world: input k from `alt` when k == swap, else from `row`. */
static void set_row(pl_i_world *w, const double *row, const double *alt, size_t swap)
{
    const pl_scenario_t *sc = w->base;
    size_t at = 0;
    for (size_t k = 0; k < sc->nuncertain; k++) {
        const pl_uncertain_t *u = &sc->uncertain[k];
        const double *src = k == swap ? alt : row;
        for (size_t t = 0; t < u->ntargets; t++) {
            double *p = pl_scenario_target(&w->sc, &u->targets[t]);
            if (p) *p = src[at + t];
        }
        at += u->ntargets;
    }
}

static void measures(const pl_i_evalbuf *b, double *f, size_t stride)
{
    f[0] = b->ev.nfeasible > 0;
    for (size_t q = 0; q < b->nproposals; q++) f[(q + 1) * stride] = b->ev.proposal_pass[q];
}

pl_status pl_explore_sobol(const pl_scenario_t *sc, size_t N, uint64_t seed, size_t nboot,
                           int threads, pl_sobol_index_t *out, pl_error_t *err)
{
    size_t d = sc->nuncertain, M = 1 + sc->nproposals, width = 0;
    if (!d || !N) return pl_error_set(err, PL_EINVAL, "Sobol indices need uncertain values and samples");
    for (size_t k = 0; k < d; k++) width += sc->uncertain[k].ntargets;
    pl_model_t *m0 = NULL;
    PL_CHECK(pl_model_compile(sc, &m0, err));
    uint64_t space;
    bool en = pl_model_space_size(m0, &space) && space <= PL_EXPLORE_MAX_SPACE;
    pl_model_free(m0);
    /* f[m][0..N) = f(A), f[m][N..2N) = f(B), f[m][(2 + i) N + j] = f(AB_i) */
    size_t stride = (d + 2) * N;
    double *f = pl_calloc(M * stride, sizeof *f);
    if (!f) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    int nthreads = 1;
#ifdef _OPENMP
    nthreads = threads > 0 ? threads : omp_get_max_threads();
#endif
    (void)threads;
    (void)nthreads;
#pragma omp parallel num_threads(nthreads)
    {
        pl_i_world w;
        pl_i_evalbuf b;
        pl_error_t terr;
        pl_error_init(&terr);
        double *rows = pl_malloc(2 * (width ? width : 1) * sizeof *rows);
        bool ok = rows && pl_i_world_init(&w, sc);
        if (ok && !pl_i_evalbuf_init(&b, sc)) {
            pl_i_world_destroy(&w);
            ok = false;
        }
        bool inited = ok;
#pragma omp for schedule(dynamic, 8)
        for (size_t j = 0; j < N; j++) {
            if (!ok) continue;
            pl_rng_t ra, rb;
            pl_rng_stream(&ra, seed, 2 * (uint64_t)j);
            pl_rng_stream(&rb, seed, 2 * (uint64_t)j + 1);
            double *A = rows, *B = rows + width;
            draw_row(sc, &ra, A);
            draw_row(sc, &rb, B);
            for (size_t c = 0; c < d + 2 && ok; c++) {
                if (c == 0) set_row(&w, A, A, PL_UNSET);
                else if (c == 1) set_row(&w, B, B, PL_UNSET);
                else set_row(&w, A, B, c - 2);
                if (pl_i_world_eval(&w.sc, en, &b, NULL, &terr) != PL_OK) ok = false;
                else measures(&b, f + c * N + j, stride);
            }
        }
#pragma omp critical(pl_explore_sobol)
        if (!ok && st == PL_OK) {
            st = terr.code != PL_OK ? terr.code : PL_ENOMEM;
            pl_error_set(err, st, "%s", terr.code != PL_OK ? terr.message : "out of memory");
        }
        if (inited) {
            pl_i_world_destroy(&w);
            pl_i_evalbuf_destroy(&b);
        }
        pl_free(rows);
        pl_error_destroy(&terr);
    }
    for (size_t m = 0; st == PL_OK && m < M; m++)
        st = pl_sobol_jansen(f + m * stride, f + m * stride + N, f + m * stride + 2 * N, N, d, nboot,
                             seed ^ 0x50B01ULL, out + m * d, err);
    pl_free(f);
    return st;
}
