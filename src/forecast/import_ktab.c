/*
 * import_ktab.c: readers for KTAB's SMP CSV (`smpc` input) and Bueno de Mesquita's
 * actor,capability,position,salience CSV. Every problem is reported as FILE:LINE:COL.
 */
#include "forecast_internal.h"

#include <string.h>

static bool blank_line(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != ',') return false;
    return true;
}

/* drop trailing empty fields (KTAB lines end with "," or ", ") */
static void trim_trailing(pl_i_fields_t *f)
{
    while (f->n > 1 && f->len[f->n - 1] == 0) f->n--;
}

static pl_status field_number(const char *path, int line, const pl_i_fields_t *f, size_t i,
                              const char *what, double *out, pl_error_t *err)
{
    if (!pl_i_fc_number(f->start[i], f->len[i], out))
        return pl_error_at(err, PL_EPARSE, path, line, f->col[i], "%s '%.*s' is not a number", what,
                           (int)f->len[i], f->start[i]);
    return PL_OK;
}

pl_status pl_forecast_load_ktab(const char *path, pl_forecast_input_t *in, pl_error_t *err)
{
    char *text = NULL;
    size_t len = 0, pos = 0;
    pl_i_fields_t f = {0};
    PL_CHECK(pl_i_fc_slurp(path, &text, &len, err));
    pl_status st = PL_OK;
    int line = 0;
    char *s;
    double na = 0, nd = 0;
    size_t nactors = 0, ndims = 0, row = 0;
    /* line 1: name, description, actors, dimensions */
    while ((s = pl_i_fc_next_line(text, len, &pos)) && (++line, blank_line(s))) {}
    if (!s) {
        st = pl_error_at(err, PL_EPARSE, path, 1, 1, "empty file (expected 'name,description,actors,dimensions')");
        goto done;
    }
    if ((st = pl_i_fc_split(s, ',', &f)) != PL_OK) goto done;
    trim_trailing(&f);
    if (f.n < 4) {
        st = pl_error_at(err, PL_EPARSE, path, line, 1,
                         "expected 4 fields 'name,description,actors,dimensions' (got %zu)", f.n);
        goto done;
    }
    if ((st = field_number(path, line, &f, 2, "actor count", &na, err)) != PL_OK) goto done;
    if ((st = field_number(path, line, &f, 3, "dimension count", &nd, err)) != PL_OK) goto done;
    if (!(na >= 1 && na <= 100000 && na == (double)(size_t)na)) {
        st = pl_error_at(err, PL_EPARSE, path, line, f.col[2], "actor count must be a positive integer (got %g)", na);
        goto done;
    }
    if (!(nd >= 1 && nd <= 1000 && nd == (double)(size_t)nd)) {
        st = pl_error_at(err, PL_EPARSE, path, line, f.col[3], "dimension count must be a positive integer (got %g)", nd);
        goto done;
    }
    nactors = (size_t)na;
    ndims = (size_t)nd;
    if ((st = pl_forecast_input_setup(in, nactors, ndims)) != PL_OK) goto done;
    /* line 2: header */
    while ((s = pl_i_fc_next_line(text, len, &pos)) && (++line, blank_line(s))) {}
    if (!s) {
        st = pl_error_at(err, PL_EPARSE, path, line + 1, 1, "missing header line 'Actor,Description,Influence,...'");
        goto done;
    }
    if ((st = pl_i_fc_split(s, ',', &f)) != PL_OK) goto done;
    trim_trailing(&f);
    if (f.n != 3 + 2 * ndims) {
        st = pl_error_at(err, PL_EPARSE, path, line, 1,
                         "header has %zu columns, expected %zu (actor, description, influence, then "
                         "position and salience for each of %zu dimensions)",
                         f.n, 3 + 2 * ndims, ndims);
        goto done;
    }
    for (size_t d = 0; d < ndims; d++) {
        size_t i = 3 + 2 * d, n = f.len[i];
        const char *h = f.start[i];
        if (n > 9 && strncmp(h + n - 9, " Position", 9) == 0) n -= 9;
        in->dim[d] = pl_i_fc_strndup(h, n);
        if (!in->dim[d]) {
            st = PL_ENOMEM;
            goto done;
        }
    }
    while ((s = pl_i_fc_next_line(text, len, &pos))) {
        line++;
        if (blank_line(s)) continue;
        if (row == nactors) {
            st = pl_error_at(err, PL_EPARSE, path, line, 1, "more actor rows than the %zu announced on line 1", nactors);
            goto done;
        }
        /* a row's split must not reset the status of earlier rows */
        pl_status sp = pl_i_fc_split(s, ',', &f);
        if (sp != PL_OK) {
            st = sp;
            goto done;
        }
        trim_trailing(&f);
        if (f.n != 3 + 2 * ndims) {
            pl_error_at(err, PL_EPARSE, path, line, f.n ? f.col[f.n - 1] : 1, "row has %zu columns, expected %zu",
                        f.n, 3 + 2 * ndims);
            st = PL_EPARSE;
            row++;
            continue;
        }
        in->actor[row] = pl_i_fc_strndup(f.start[0], f.len[0]);
        if (!in->actor[row]) {
            st = PL_ENOMEM;
            goto done;
        }
        double v;
        if (field_number(path, line, &f, 2, "influence", &v, err) != PL_OK)
            st = PL_EPARSE;
        else if (v < 0)
            st = pl_error_at(err, PL_EPARSE, path, line, f.col[2], "influence must be >= 0 (got %g)", v);
        else
            in->capability[row] = v;
        double ssum = 0;
        for (size_t d = 0; d < ndims; d++) {
            double p, q;
            size_t i = 3 + 2 * d;
            if (field_number(path, line, &f, i, "position", &p, err) != PL_OK) {
                st = PL_EPARSE;
            } else if (p < 0 || p > 100) {
                st = pl_error_at(err, PL_EPARSE, path, line, f.col[i], "position must lie in [0, 100] (got %g)", p);
            } else {
                in->position[row * ndims + d] = p;
            }
            if (field_number(path, line, &f, i + 1, "salience", &q, err) != PL_OK) {
                st = PL_EPARSE;
            } else if (q < 0 || q > 100) {
                st = pl_error_at(err, PL_EPARSE, path, line, f.col[i + 1], "salience must lie in [0, 100] (got %g)", q);
            } else {
                in->salience[row * ndims + d] = q / 100.0;
                ssum += q;
            }
        }
        if (ssum > 100 + 1e-6)
            st = pl_error_at(err, PL_EPARSE, path, line, 1, "saliences of actor '%s' sum to %g (at most 100)",
                             in->actor[row], ssum);
        row++;
    }
    if (st == PL_OK && row < nactors)
        st = pl_error_at(err, PL_EPARSE, path, line, 1, "only %zu actor rows, line 1 announced %zu", row, nactors);
done:
    pl_i_fc_fields_destroy(&f);
    pl_free(text);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}

pl_status pl_forecast_load_bdm(const char *path, pl_forecast_input_t *in, pl_error_t *err)
{
    static const char *const cols[] = {"actor", "capability", "position", "salience"};
    char *text = NULL;
    size_t len = 0, pos = 0, cap = 0, n = 0;
    pl_i_fields_t f = {0};
    PL_CHECK(pl_i_fc_slurp(path, &text, &len, err));
    pl_status st = PL_OK;
    int line = 0;
    char *s;
    struct row { char *name; double c, p, s; } *rows = NULL;
    while ((s = pl_i_fc_next_line(text, len, &pos)) && (++line, blank_line(s))) {}
    if (!s) {
        st = pl_error_at(err, PL_EPARSE, path, 1, 1, "empty file (expected header 'actor,capability,position,salience')");
        goto done;
    }
    if ((st = pl_i_fc_split(s, ',', &f)) != PL_OK) goto done;
    trim_trailing(&f);
    for (size_t i = 0; i < 4; i++) {
        if (i >= f.n || f.len[i] != strlen(cols[i]) || strncmp(f.start[i], cols[i], f.len[i]) != 0) {
            st = pl_error_at(err, PL_EPARSE, path, line, i < f.n ? f.col[i] : 1,
                             "expected column %zu to be '%s' (header 'actor,capability,position,salience')",
                             i + 1, cols[i]);
            goto done;
        }
    }
    if (f.n != 4) {
        st = pl_error_at(err, PL_EPARSE, path, line, f.col[4], "unexpected column '%.*s' (expected 4 columns)",
                         (int)f.len[4], f.start[4]);
        goto done;
    }
    while ((s = pl_i_fc_next_line(text, len, &pos))) {
        line++;
        if (blank_line(s)) continue;
        /* a row's split must not reset the status of earlier rows */
        pl_status sp = pl_i_fc_split(s, ',', &f);
        if (sp != PL_OK) {
            st = sp;
            goto done;
        }
        trim_trailing(&f);
        if (f.n != 4) {
            st = pl_error_at(err, PL_EPARSE, path, line, f.col[f.n - 1], "row has %zu columns, expected 4", f.n);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            struct row *r = pl_realloc(rows, cap * sizeof *r);
            if (!r) {
                st = PL_ENOMEM;
                goto done;
            }
            rows = r;
        }
        struct row *r = &rows[n];
        r->name = pl_i_fc_strndup(f.start[0], f.len[0]);
        if (!r->name) {
            st = PL_ENOMEM;
            goto done;
        }
        n++;
        if (field_number(path, line, &f, 1, "capability", &r->c, err) != PL_OK) st = PL_EPARSE;
        else if (r->c < 0) st = pl_error_at(err, PL_EPARSE, path, line, f.col[1], "capability must be >= 0 (got %g)", r->c);
        if (field_number(path, line, &f, 2, "position", &r->p, err) != PL_OK) st = PL_EPARSE;
        if (field_number(path, line, &f, 3, "salience", &r->s, err) != PL_OK) st = PL_EPARSE;
        else if (r->s < 0 || r->s > 100)
            st = pl_error_at(err, PL_EPARSE, path, line, f.col[3], "salience must lie in [0, 100] (got %g)", r->s);
    }
    if (st != PL_OK) goto done;
    if (n == 0) {
        st = pl_error_at(err, PL_EPARSE, path, line, 1, "no actor rows");
        goto done;
    }
    if ((st = pl_forecast_input_setup(in, n, 1)) != PL_OK) goto done;
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
    if (!in->dim[0]) st = PL_ENOMEM;
done:
    for (size_t i = 0; i < n; i++) pl_free(rows[i].name);
    pl_free(rows);
    pl_i_fc_fields_destroy(&f);
    pl_free(text);
    if (st != PL_OK) pl_forecast_input_destroy(in);
    return st;
}
