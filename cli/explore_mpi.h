/*
 * explore_mpi.h: `mpirun -np K parley explore ...` (docs/uncertainty.md, "On a cluster"): each
 * rank samples a contiguous block of the worlds and rank 0 sums the tallies and prints. Built
 * with -DPARLEY_MPI=ON (PL_HAVE_MPI); otherwise, or when not started by an MPI launcher, every
 * call is a no-op for rank 0 of 1, so the tool behaves as the plain build.
 */
#ifndef PL_CLI_EXPLORE_MPI_H
#define PL_CLI_EXPLORE_MPI_H

#include <parley/parley.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct cli_mpi {
    int rank, size;            /* 0 and 1 without MPI */
    bool on;                   /* MPI was initialised here (finalised by cli_mpi_end) */
    bool silent;               /* a failure is reported by another rank: say nothing */
} cli_mpi_t;

/** Join MPI when the process was started by a launcher (mpirun, mpiexec, srun with PMI/PMIx)
 *  in an MPI build; else rank 0 of 1. */
void cli_mpi_begin(cli_mpi_t *m);
/** Finalise MPI when cli_mpi_begin initialised it. */
void cli_mpi_end(cli_mpi_t *m);

/** This rank's block of N worlds: the first N mod size ranks take one more; a rank with none
 *  gets [N, N). One rank: first = count = 0 (pl_explore_opts_t's "all N"). */
void cli_mpi_slice(const cli_mpi_t *m, uint64_t N, uint64_t *first, uint64_t *count);

/**
 * Collective: whether every rank has `ok`. On a failure somewhere it returns false on every
 * rank and sets m->silent on the ranks that should not report: the ones that did not fail,
 * and every failing rank but 0 when rank 0 failed too (a bad file fails everywhere alike, and
 * is said once). Rank 0 says "error: MPI rank R failed" when only others failed.
 */
bool cli_mpi_all_ok(cli_mpi_t *m, bool ok);

/** Collective: add every rank's tallies into rank 0's `r` (MPI_Reduce, MPI_SUM of the uint64
 *  counts, exact); the other ranks' `r` are left as they were. */
void cli_mpi_reduce(const cli_mpi_t *m, pl_explore_result_t *r);

/** Collective: a[0..n) summed into rank 0's a (integer counts: exact in any order). */
void cli_mpi_sum_u64(const cli_mpi_t *m, uint64_t *a, size_t n);

/* The simulate and forecast engines (pl_explore_engines.h, included by pl_explore.h where
 * they are built): their tallies onto rank 0, as cli_mpi_reduce does for acceptance. */
#ifdef PL_EXPLORE_ENGINES_H
/** Collective: rank 0's r gets every rank's counts (MPI_SUM) and exact utility sums (a
 *  user-defined MPI operation adding the 128-bit sums: any order gives the same bits). */
void cli_mpi_reduce_sim(const cli_mpi_t *m, pl_explore_sim_result_t *r);
/** Collective: rank 0's r gets every rank's worlds appended in rank order (= world order;
 *  pl_explore_forecast_merge), so its quantiles are those of one process. Its merge's status
 *  on rank 0 (after every message is received; no room for a received block aborts the job);
 *  the other ranks' r are left as they were. */
pl_status cli_mpi_reduce_forecast(const cli_mpi_t *m, pl_explore_forecast_result_t *r, pl_error_t *err);
#endif

#endif
