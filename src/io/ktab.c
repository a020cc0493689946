/*
 * ktab.c: the reader for KTAB's SMP CSV (`smpc` input): a line with the counts, a header, one
 * row per actor. Every problem is reported as FILE:LINE:COL.
 */
#include "io_internal.h"

#include <string.h>

static pl_status field_number(const pl_i_rows_t *r, size_t i, const char *what, double *out,
                              pl_error_t *err)
{
    if (!pl_i_rows_number(r, i, out))
        return pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[i], "%s '%.*s' is not a number",
                           what, (int)r->flen[i], r->start[i]);
    return PL_OK;
}

/* line 1: name, description, actors, dimensions */
static pl_status read_counts(pl_i_rows_t *r, size_t *nactors, size_t *ndims, pl_error_t *err)
{
    bool more;
    double na = 0, nd = 0;
    PL_CHECK(pl_i_rows_next(r, &more, err));
    if (!more)
        return pl_error_at(err, PL_EPARSE, r->path, 1, 1,
                           "empty file (expected 'name,description,actors,dimensions')");
    if (r->n < 4)
        return pl_error_at(err, PL_EPARSE, r->path, r->line, 1,
                           "expected 4 fields 'name,description,actors,dimensions' (got %zu)", r->n);
    PL_CHECK(field_number(r, 2, "actor count", &na, err));
    PL_CHECK(field_number(r, 3, "dimension count", &nd, err));
    if (!(na >= 1 && na <= 100000 && na == (double)(size_t)na))
        return pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[2],
                           "actor count must be a positive integer (got %g)", na);
    if (!(nd >= 1 && nd <= 1000 && nd == (double)(size_t)nd))
        return pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[3],
                           "dimension count must be a positive integer (got %g)", nd);
    /* an actor row holds at least 2 + 2d separators and 1 + 2d one-digit numbers: refuse
     * counts the file cannot hold before allocating for them (100,000 x 1,000 is 1.6 GB) */
    double need = na * (3 + 4 * nd);
    if (need > (double)r->len)
        return pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[2],
                           "line 1 announces %g actors x %g dimensions: their rows need at least "
                           "%.0f bytes, the file has %zu",
                           na, nd, need, r->len);
    *nactors = (size_t)na;
    *ndims = (size_t)nd;
    return PL_OK;
}

/* line 2: Actor,Description,Influence, then "NAME Position,NAME Salience" per dimension */
static pl_status read_header(pl_i_rows_t *r, pl_forecast_input_t *in, pl_error_t *err)
{
    bool more;
    size_t ndims = in->ndims;
    PL_CHECK(pl_i_rows_next(r, &more, err));
    if (!more)
        return pl_error_at(err, PL_EPARSE, r->path, r->line + 1, 1,
                           "missing header line 'Actor,Description,Influence,...'");
    if (r->n != 3 + 2 * ndims)
        return pl_error_at(err, PL_EPARSE, r->path, r->line, 1,
                           "header has %zu columns, expected %zu (actor, description, influence, "
                           "then position and salience for each of %zu dimensions)",
                           r->n, 3 + 2 * ndims, ndims);
    for (size_t d = 0; d < ndims; d++) {
        size_t i = 3 + 2 * d, n = r->flen[i];
        const char *h = r->start[i];
        if (n > 9 && strncmp(h + n - 9, " Position", 9) == 0) n -= 9;
        in->dim[d] = pl_malloc(n + 1);
        if (!in->dim[d]) return pl_i_io_oom(err);
        memcpy(in->dim[d], h, n);
        in->dim[d][n] = 0;
    }
    return PL_OK;
}

/* one actor row into row `row`: PL_EPARSE after recording every problem of the row */
static pl_status read_actor(const pl_i_rows_t *r, pl_forecast_input_t *in, size_t row,
                            pl_error_t *err)
{
    size_t ndims = in->ndims;
    pl_status st = PL_OK;
    in->actor[row] = pl_i_rows_dup(r, 0);
    if (!in->actor[row]) return pl_i_io_oom(err);
    double v;
    if (field_number(r, 2, "influence", &v, err) != PL_OK)
        st = PL_EPARSE;
    else if (v < 0)
        st = pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[2], "influence must be >= 0 (got %g)", v);
    else
        in->capability[row] = v;
    double ssum = 0;
    for (size_t d = 0; d < ndims; d++) {
        double p, q;
        size_t i = 3 + 2 * d;
        if (field_number(r, i, "position", &p, err) != PL_OK) {
            st = PL_EPARSE;
        } else if (p < 0 || p > 100) {
            st = pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[i],
                             "position must lie in [0, 100] (got %g)", p);
        } else {
            in->position[row * ndims + d] = p;
        }
        if (field_number(r, i + 1, "salience", &q, err) != PL_OK) {
            st = PL_EPARSE;
        } else if (q < 0 || q > 100) {
            st = pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[i + 1],
                             "salience must lie in [0, 100] (got %g)", q);
        } else {
            in->salience[row * ndims + d] = q / 100.0;
            ssum += q;
        }
    }
    if (ssum > 100 + 1e-6)
        st = pl_error_at(err, PL_EPARSE, r->path, r->line, 1,
                         "saliences of actor '%s' sum to %g (at most 100)", in->actor[row], ssum);
    return st;
}

pl_status pl_io_load_ktab(const char *path, pl_forecast_input_t *in, pl_error_t *err)
{
    pl_i_rows_t r;
    pl_status st = pl_i_rows_open(&r, path, ',', true, true, err);
    size_t nactors = 0, ndims = 0, row = 0;
    bool more;
    if (st != PL_OK) goto done;
    if ((st = read_counts(&r, &nactors, &ndims, err)) != PL_OK) goto done;
    if (pl_forecast_input_setup(in, nactors, ndims) != PL_OK) {
        st = pl_i_io_oom(err);
        goto done;
    }
    if ((st = read_header(&r, in, err)) != PL_OK) goto done;
    pl_status rs;
    /* a bad row sets st but reading goes on, so that every bad row is reported */
    while ((rs = pl_i_rows_next(&r, &more, err)) == PL_OK && more) {
        if (row == nactors) {
            st = pl_error_at(err, PL_EPARSE, path, r.line, 1,
                             "more actor rows than the %zu announced on line 1", nactors);
            goto done;
        }
        if (r.n != 3 + 2 * ndims) {
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.n ? r.col[r.n - 1] : 1,
                             "row has %zu columns, expected %zu", r.n, 3 + 2 * ndims);
            row++;
            continue;
        }
        pl_status as = read_actor(&r, in, row++, err);
        if (as == PL_ENOMEM) {
            st = as;
            goto done;
        }
        if (as != PL_OK) st = as;
    }
    if (rs != PL_OK) {
        st = rs;
        goto done;
    }
    if (st == PL_OK && row < nactors)
        st = pl_error_at(err, PL_EPARSE, path, r.line, 1, "only %zu actor rows, line 1 announced %zu",
                         row, nactors);
done:
    pl_i_rows_close(&r);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}
