/*
 * writer_values.c: numbers and distributions as the scenario writer (writer.c, writer_rules.c)
 * writes them: the shortest text that reads back to the same double, and an uncertain value in
 * the scenario language's flow form (docs/uncertainty.md), so converted files keep their worlds.
 */
#include "yaml_internal.h"
#include "core/core_internal.h"

#include <parley/pl_uncertain.h>

#include <stdio.h>
#include <stdlib.h>

void pl_i_write_num(pl_i_buf_t *b, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, sizeof buf, "%.17g", v);
    pl_i_buf_puts(b, buf);
}

static void w_list(pl_i_buf_t *b, const double *x, size_t n)
{
    pl_i_buf_puts(b, "[");
    for (size_t k = 0; k < n; k++) {
        if (k) pl_i_buf_puts(b, ", ");
        pl_i_write_num(b, x[k]);
    }
    pl_i_buf_puts(b, "]");
}

/* A distribution in the scenario language's flow form, without the closing brace (a source
 * note may follow). Dirichlet is written by the actor (`salience: {dirichlet: c}`). */
void pl_i_write_dist(pl_i_buf_t *b, const pl_dist_t *d)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM:
        pl_i_buf_puts(b, "{uniform: ");
        w_list(b, (double[]){d->a, d->b}, 2);
        break;
    case PL_DIST_TRIANGULAR:
        pl_i_buf_puts(b, "{triangular: ");
        w_list(b, (double[]){d->a, d->b, d->c}, 3);
        break;
    case PL_DIST_NORMAL:
        pl_i_buf_puts(b, "{normal: {mean: ");
        pl_i_write_num(b, d->a);
        pl_i_buf_puts(b, ", sd: ");
        pl_i_write_num(b, d->b);
        pl_i_buf_puts(b, "}");
        break;
    case PL_DIST_BETA:
        pl_i_buf_puts(b, "{beta: ");
        w_list(b, (double[]){d->a, d->b}, 2);
        pl_i_buf_puts(b, ", range: ");
        w_list(b, (double[]){d->lo, d->hi}, 2);
        break;
    case PL_DIST_ONE_OF:
        pl_i_buf_puts(b, "{one_of: ");
        w_list(b, d->values, d->n);
        pl_i_buf_puts(b, ", weights: ");
        w_list(b, d->weights, d->n);
        break;
    case PL_DIST_DIRICHLET:
        pl_i_buf_puts(b, "{dirichlet: ");
        pl_i_write_num(b, d->a);
        break;
    }
}
