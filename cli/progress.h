/*
 * progress.h: the progress bar of long commands (analyze, forecast, explore): done/total,
 * rate and time left on standard error, drawn only when standard error is a terminal and the
 * command was not asked to be quiet; otherwise nothing is ever written.
 */
#ifndef PL_CLI_PROGRESS_H
#define PL_CLI_PROGRESS_H

#include <parley/pl_common.h>
#include <stdbool.h>

typedef struct cli_progress {
    const char *unit;   /* what is counted ("outcomes", "rounds", "worlds") */
    double t0;          /* start (CLOCK_MONOTONIC seconds) */
    double last;        /* last draw; 0 before the first */
    double delay;       /* seconds before the first draw (0.5; PARLEY_PROGRESS_DELAY) */
    bool open;          /* a bar is on the line, not yet ended with a newline */
    double tphase;      /* start of the current count (a new total, or done going back: a
                           command's next enumeration); the rate is over it */
    uint64_t seen_done, seen_total;
} cli_progress_t;

/**
 * Start a bar counting `unit` and return the callback to hand to the library (its context is
 * `p`), or NULL when nothing is to be drawn (`quiet`, or standard error is not a terminal).
 * Work that ends within half a second draws nothing.
 */
pl_progress_fn cli_progress_start(cli_progress_t *p, const char *unit, bool quiet);
/** The callback: redraws at most ten times a second, and at done == total. */
void cli_progress_show(uint64_t done, uint64_t total, void *ctx);
/** End the bar's line if one is open (work stopped before its total); safe when none was drawn. */
void cli_progress_end(cli_progress_t *p);

#endif
