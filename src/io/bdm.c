/*
 * bdm.c: the reader for Bueno de Mesquita's actor,capability,position,salience CSV (one issue;
 * the scale runs from the lowest to the highest position). Problems are FILE:LINE:COL.
 */
#include "io_internal.h"

#include "core/core_internal.h"

#include <string.h>

typedef struct bdm_row {
    char *name;
    double c, p, s;
} bdm_row;

static pl_status field_number(const pl_i_rows_t *r, size_t i, const char *what, double *out,
                              pl_error_t *err)
{
    if (!pl_i_rows_number(r, i, out))
        return pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[i], "%s '%.*s' is not a number",
                           what, (int)r->flen[i], r->start[i]);
    return PL_OK;
}

static pl_status read_header(pl_i_rows_t *r, pl_error_t *err)
{
    static const char *const cols[] = {"actor", "capability", "position", "salience"};
    bool more;
    PL_CHECK(pl_i_rows_next(r, &more, err));
    if (!more)
        return pl_error_at(err, PL_EPARSE, r->path, 1, 1,
                           "empty file (expected header 'actor,capability,position,salience')");
    for (size_t i = 0; i < 4; i++)
        if (!pl_i_rows_is(r, i, cols[i]))
            return pl_error_at(err, PL_EPARSE, r->path, r->line, i < r->n ? r->col[i] : 1,
                               "expected column %zu to be '%s' (header "
                               "'actor,capability,position,salience')",
                               i + 1, cols[i]);
    if (r->n != 4)
        return pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[4],
                           "unexpected column '%.*s' (expected 4 columns)", (int)r->flen[4],
                           r->start[4]);
    return PL_OK;
}

/* check the numbers of a row already stored in *b: PL_EPARSE after recording every problem */
static pl_status read_row(const pl_i_rows_t *r, bdm_row *b, pl_error_t *err)
{
    pl_status st = PL_OK;
    if (field_number(r, 1, "capability", &b->c, err) != PL_OK)
        st = PL_EPARSE;
    else if (b->c < 0)
        st = pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[1],
                         "capability must be >= 0 (got %g)", b->c);
    if (field_number(r, 2, "position", &b->p, err) != PL_OK) st = PL_EPARSE;
    if (field_number(r, 3, "salience", &b->s, err) != PL_OK)
        st = PL_EPARSE;
    else if (b->s < 0 || b->s > 100)
        st = pl_error_at(err, PL_EPARSE, r->path, r->line, r->col[3],
                         "salience must lie in [0, 100] (got %g)", b->s);
    return st;
}

/* move the rows into `in` (one dimension "issue", scale [min, max] of the positions) */
static pl_status build(bdm_row *rows, size_t n, pl_forecast_input_t *in, pl_error_t *err)
{
    if (pl_forecast_input_setup(in, n, 1) != PL_OK) return pl_i_io_oom(err);
    double lo = rows[0].p, hi = rows[0].p;
    for (size_t i = 0; i < n; i++) {
        in->actor[i] = rows[i].name;
        rows[i].name = NULL;
        in->capability[i] = rows[i].c;
        in->position[i] = rows[i].p;
        in->salience[i] = rows[i].s / 100.0;
        if (rows[i].p < lo) lo = rows[i].p;
        if (rows[i].p > hi) hi = rows[i].p;
    }
    if (!(hi > lo)) hi = lo + 1; /* everyone agrees: any non-empty scale will do */
    in->lo[0] = lo;
    in->hi[0] = hi;
    in->dim[0] = pl_strdup("issue");
    return in->dim[0] ? PL_OK : pl_i_io_oom(err);
}

pl_status pl_io_load_bdm(const char *path, pl_forecast_input_t *in, pl_error_t *err)
{
    pl_i_rows_t r;
    size_t cap = 0, n = 0;
    bdm_row *rows = NULL;
    pl_i_strmap_t seen = {0}; /* actor name -> its line */
    bool more;
    pl_status rs, st = pl_i_rows_open(&r, path, ',', true, true, err);
    if (st != PL_OK) goto done;
    if ((st = read_header(&r, err)) != PL_OK) goto done;
    /* a bad row sets st but reading goes on, so that every bad row is reported */
    while ((rs = pl_i_rows_next(&r, &more, err)) == PL_OK && more) {
        if (r.n != 4) {
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.col[r.n - 1],
                             "row has %zu columns, expected 4", r.n);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            bdm_row *nr = pl_realloc(rows, cap * sizeof *nr);
            if (!nr) {
                st = pl_i_io_oom(err);
                goto done;
            }
            rows = nr;
        }
        rows[n].name = pl_i_rows_dup(&r, 0);
        if (!rows[n].name) {
            st = pl_i_io_oom(err);
            goto done;
        }
        size_t first = pl_i_strmap_get(&seen, rows[n].name);
        if (first != PL_UNSET)
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.col[0],
                             "duplicate actor '%s' (first at line %zu)", rows[n].name, first);
        else if (!pl_i_strmap_put(&seen, rows[n].name, (size_t)r.line)) {
            n++;
            st = pl_i_io_oom(err);
            goto done;
        }
        if (read_row(&r, &rows[n++], err) != PL_OK) st = PL_EPARSE;
    }
    if (rs != PL_OK) st = rs;
    if (st != PL_OK) goto done;
    if (n == 0) {
        st = pl_error_at(err, PL_EPARSE, path, r.line, 1, "no actor rows");
        goto done;
    }
    st = build(rows, n, in, err);
done:
    pl_i_strmap_free(&seen);
    for (size_t i = 0; i < n; i++) pl_free(rows[i].name);
    pl_free(rows);
    pl_i_rows_close(&r);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}
