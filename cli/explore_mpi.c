/*
 * explore_mpi.c: the MPI side of `parley explore` (explore_mpi.h): contiguous blocks of worlds
 * per rank, an exact integer reduction of the tallies onto rank 0, and collective failure.
 * The only file that includes mpi.h; the library stays MPI-free.
 */
#include "explore_mpi.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef PL_HAVE_MPI
#include <mpi.h>
#endif

void cli_mpi_slice(const cli_mpi_t *m, uint64_t N, uint64_t *first, uint64_t *count)
{
    if (m->size <= 1) {
        *first = *count = 0;
        return;
    }
    uint64_t k = (uint64_t)m->size, r = (uint64_t)m->rank, base = N / k, extra = N % k;
    *first = r * base + (r < extra ? r : extra);
    *count = base + (r < extra);
    /* count 0 would mean "all N" to pl_explore_run: [N, N) is empty instead */
    if (!*count) *first = N;
}

#ifdef PL_HAVE_MPI

/* Started by a launcher: Open MPI's mpirun, PMIx (Open MPI 5, Slurm --mpi=pmix) or PMI
 * (MPICH's hydra, Slurm --mpi=pmi2). Without one, MPI_Init would make a singleton world of
 * one rank anyway; not initialising keeps the plain tool's behaviour and start-up time. */
static bool launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
    for (size_t k = 0; k < sizeof vars / sizeof *vars; k++)
        if (getenv(vars[k])) return true;
    return false;
}

void cli_mpi_begin(cli_mpi_t *m)
{
    *m = (cli_mpi_t){.rank = 0, .size = 1};
    int inited = 0;
    MPI_Initialized(&inited);
    if (inited || !launched()) return;
    /* OpenMP threads inside a rank never call MPI: only the main thread does */
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    m->on = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
}

void cli_mpi_end(cli_mpi_t *m)
{
    if (m->on) MPI_Finalize();
    m->on = false;
}

bool cli_mpi_all_ok(cli_mpi_t *m, bool ok)
{
    if (!m->on) return ok;
    /* the lowest failing rank (size when none), and whether rank 0 failed */
    int mine = ok ? m->size : m->rank, lowest = m->size;
    MPI_Allreduce(&mine, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (lowest == m->size) return true;
    m->silent = ok || (lowest == 0 && m->rank != 0);
    if (ok && m->rank == 0) fprintf(stderr, "error: MPI rank %d failed\n", lowest);
    return false;
}

/* MPI counts are int: large arrays go in pieces */
#define PIECE ((size_t)1 << 28)

void cli_mpi_sum_u64(const cli_mpi_t *m, uint64_t *a, size_t n)
{
    if (!m->on || m->size <= 1) return;
    for (size_t at = 0; at < n; at += PIECE) {
        int k = (int)(n - at < PIECE ? n - at : PIECE);
        if (m->rank == 0)
            MPI_Reduce(MPI_IN_PLACE, a + at, k, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
        else
            MPI_Reduce(a + at, NULL, k, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    }
}

void cli_mpi_reduce(const cli_mpi_t *m, pl_explore_result_t *r)
{
    if (!m->on || m->size <= 1) return;
    /* every rank compiled the same scenario, so the shapes agree */
    uint64_t scalars[3] = {r->worlds, r->any_feasible, r->feasible_sum};
    cli_mpi_sum_u64(m, scalars, 3);
    if (m->rank == 0) {
        r->worlds = scalars[0];
        r->any_feasible = scalars[1];
        r->feasible_sum = scalars[2];
    }
    cli_mpi_sum_u64(m, r->proposal_pass, r->nproposals);
    cli_mpi_sum_u64(m, r->blocks, r->nactors);
    cli_mpi_sum_u64(m, r->pivotal, r->nactors);
    cli_mpi_sum_u64(m, r->variant_worlds, r->nvariants);
    if (r->enumerated) {
        cli_mpi_sum_u64(m, r->package_pass, (size_t)r->space);
        cli_mpi_sum_u64(m, r->nash, (size_t)r->space);
    }
}

#ifdef PL_EXPLORE_ENGINES_H

static void sum_op(void *in, void *inout, int *len, MPI_Datatype *type)
{
    (void)type;
    const pl_explore_sum_t *a = in;
    pl_explore_sum_t *b = inout;
    for (int k = 0; k < *len; k++) pl_explore_sum_merge(&b[k], &a[k]);
}

/* a[0..n) exact sums added into rank 0's a */
static void sum_exact(const cli_mpi_t *m, pl_explore_sum_t *a, size_t n)
{
    MPI_Datatype t;
    MPI_Op op;
    MPI_Type_contiguous((int)sizeof *a, MPI_BYTE, &t);
    MPI_Type_commit(&t);
    MPI_Op_create(sum_op, 1, &op);
    for (size_t at = 0; at < n; at += PIECE) {
        int k = (int)(n - at < PIECE ? n - at : PIECE);
        MPI_Reduce(m->rank == 0 ? MPI_IN_PLACE : (void *)(a + at), m->rank == 0 ? (void *)(a + at) : NULL,
                   k, t, op, 0, MPI_COMM_WORLD);
    }
    MPI_Op_free(&op);
    MPI_Type_free(&t);
}

void cli_mpi_reduce_sim(const cli_mpi_t *m, pl_explore_sim_result_t *r)
{
    if (!m->on || m->size <= 1) return;
    uint64_t scalars[4] = {r->worlds, r->agreements, r->rounds_sum, r->rounds_sumsq};
    cli_mpi_sum_u64(m, scalars, 4);
    if (m->rank == 0) {
        r->worlds = scalars[0];
        r->agreements = scalars[1];
        r->rounds_sum = scalars[2];
        r->rounds_sumsq = scalars[3];
    }
    sum_exact(m, r->utility, r->nactors);
    sum_exact(m, r->utility_sq, r->nactors);
    cli_mpi_sum_u64(m, r->protocol_worlds, r->nprotocols);
    cli_mpi_sum_u64(m, r->protocol_agreements, r->nprotocols);
    cli_mpi_sum_u64(m, r->variant_worlds, r->nvariants);
    if (r->enumerated) cli_mpi_sum_u64(m, r->outcome, (size_t)r->space);
}

/* rank src's buf[0..bytes) into rank 0's buf */
static void to_root(const cli_mpi_t *m, int src, void *buf, size_t bytes)
{
    for (size_t at = 0; at < bytes; at += PIECE) {
        int k = (int)(bytes - at < PIECE ? bytes - at : PIECE);
        if (m->rank == src) MPI_Send((char *)buf + at, k, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        else if (m->rank == 0)
            MPI_Recv((char *)buf + at, k, MPI_BYTE, src, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
}

pl_status cli_mpi_reduce_forecast(const cli_mpi_t *m, pl_explore_forecast_result_t *r, pl_error_t *err)
{
    if (!m->on || m->size <= 1) return PL_OK;
    /* every rank's slice: worlds and first */
    uint64_t mine[2] = {r->worlds, r->first}, *all = NULL;
    if (m->rank == 0 && !(all = calloc(2 * (size_t)m->size, sizeof *all))) MPI_Abort(MPI_COMM_WORLD, 1);
    MPI_Gather(mine, 2, MPI_UINT64_T, all, 2, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    size_t per = r->nmodels * r->ndims;
    pl_status st = PL_OK;
    for (int src = 1; src < m->size; src++) {
        uint64_t n = m->rank == 0 ? all[2 * src] : r->worlds;
        if (m->rank != 0 && m->rank != src) continue;
        if (!n) continue;
        pl_explore_forecast_result_t b = *r;
        double *val = r->value;
        uint64_t *vw = r->variant_worlds;
        if (m->rank == 0) { /* scratch for the slice: received even when out of memory */
            val = malloc((size_t)n * per * sizeof *val + 1);
            vw = calloc(r->nvariants + 1, sizeof *vw);
            if (!val || !vw) MPI_Abort(MPI_COMM_WORLD, 1);
        }
        to_root(m, src, val, (size_t)n * per * sizeof *val);
        to_root(m, src, vw, r->nvariants * sizeof *vw);
        if (m->rank == 0) {
            b.worlds = n;
            b.first = all[2 * src + 1];
            b.value = val;
            b.variant_worlds = vw;
            if (st == PL_OK) st = pl_explore_forecast_merge(r, &b, err);
            free(val);
            free(vw);
        }
    }
    free(all);
    return st;
}

#endif /* PL_EXPLORE_ENGINES_H */

#else /* the plain build: rank 0 of 1 */

void cli_mpi_begin(cli_mpi_t *m) { *m = (cli_mpi_t){.rank = 0, .size = 1}; }
void cli_mpi_end(cli_mpi_t *m) { (void)m; }
bool cli_mpi_all_ok(cli_mpi_t *m, bool ok) { (void)m; return ok; }
void cli_mpi_reduce(const cli_mpi_t *m, pl_explore_result_t *r) { (void)m; (void)r; }
void cli_mpi_sum_u64(const cli_mpi_t *m, uint64_t *a, size_t n) { (void)m; (void)a; (void)n; }
#ifdef PL_EXPLORE_ENGINES_H
void cli_mpi_reduce_sim(const cli_mpi_t *m, pl_explore_sim_result_t *r) { (void)m; (void)r; }
pl_status cli_mpi_reduce_forecast(const cli_mpi_t *m, pl_explore_forecast_result_t *r, pl_error_t *err)
{
    (void)m; (void)r; (void)err;
    return PL_OK;
}
#endif

#endif
