/*
 * progress.c: the shared progress bar (progress.h): "[####    ] done/total unit, rate/s, Ns
 * left" on standard error, redrawn in place with a carriage return, only on a terminal.
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* quick work draws nothing: a bar that flashes for an instant is noise (PARLEY_PROGRESS_DELAY
 * seconds overrides it: the tests draw at once, whatever the machine's speed) */
#define PROGRESS_DELAY 0.5
#define PROGRESS_EVERY 0.1

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

pl_progress_fn cli_progress_start(cli_progress_t *p, const char *unit, bool quiet)
{
    *p = (cli_progress_t){.unit = unit, .t0 = now_s(), .delay = PROGRESS_DELAY};
    p->tphase = p->t0;
    const char *env = getenv("PARLEY_PROGRESS_DELAY");
    char *end;
    double d = env ? strtod(env, &end) : 0;
    if (env && end != env && *end == '\0' && d >= 0 && d < 1e6) p->delay = d;
    return quiet || !isatty(STDERR_FILENO) ? NULL : cli_progress_show;
}

void cli_progress_show(uint64_t done, uint64_t total, void *ctx)
{
    cli_progress_t *p = ctx;
    double t = now_s(), el = t - p->t0;
    bool last = done >= total;
    if (p->seen_total && (total != p->seen_total || done < p->seen_done)) p->tphase = t;
    p->seen_done = done;
    p->seen_total = total;
    if (el < p->delay || (!last && t - p->last < PROGRESS_EVERY)) return;
    if (last && !p->open) return; /* finished before its first draw */
    p->last = t;
    double rate = t > p->tphase ? (double)done / (t - p->tphase) : 0;
    double left = rate > 0 && !last ? (double)(total - done) / rate : 0;
    int w = 30, fill = total ? (int)((double)w * (double)done / (double)total) : w;
    if (fill > w) fill = w;
    fprintf(stderr, "\r[%.*s%*s] %llu/%llu %s, %.0f/s, %.0fs left ", fill,
            "##############################", w - fill, "", (unsigned long long)done,
            (unsigned long long)total, p->unit, rate, left);
    p->open = !last;
    if (last) fputs("\n", stderr);
    fflush(stderr);
}

void cli_progress_end(cli_progress_t *p)
{
    if (!p->open) return;
    fputs("\n", stderr);
    fflush(stderr);
    p->open = false;
}
