/*
 * deu.c: the reader for the DEU III tab-separated files (issues and actors, see
 * shared/data/deu3/README.md) into a pl_deu_t. Problems are FILE:LINE:COL.
 */
#include "io_internal.h"

#include "core/core_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* optional number: empty -> NaN */
static bool opt_number(const pl_i_rows_t *r, size_t i, double *v)
{
    if (r->flen[i] == 0) {
        *v = NAN;
        return true;
    }
    return pl_i_rows_number(r, i, v);
}

/* room for one more actor in the three parallel arrays */
static bool grow_actors(pl_deu_t *d, size_t *cap)
{
    if (d->nactors < *cap) return true;
    size_t nc = *cap ? 2 * *cap : 32;
    char **a = pl_realloc(d->actor, nc * sizeof *a);
    if (!a) return false;
    d->actor = a;
    double *g = pl_realloc(d->gdp, nc * sizeof *g);
    if (!g) return false;
    d->gdp = g;
    double *v = pl_realloc(d->votes, nc * sizeof *v);
    if (!v) return false;
    d->votes = v;
    *cap = nc;
    return true;
}

static pl_status load_actors(const char *path, pl_deu_t *d, pl_error_t *err)
{
    pl_i_rows_t r;
    size_t cap = 0, ca, cg, cv, ncols;
    pl_i_strmap_t seen = {0}; /* actor name -> its line */
    bool more;
    pl_status rs, st = pl_i_rows_open(&r, path, '\t', false, false, err);
    if (st != PL_OK) goto done;
    if ((st = pl_i_rows_next(&r, &more, err)) != PL_OK) goto done;
    if (!more) {
        st = pl_error_at(err, PL_EPARSE, path, 1, 1,
                         "empty file (expected header 'actor<TAB>gdp_weight<TAB>council_votes_nice')");
        goto done;
    }
    ca = pl_i_rows_find(&r, "actor");
    cg = pl_i_rows_find(&r, "gdp_weight");
    cv = pl_i_rows_find(&r, "council_votes_nice");
    if (ca == PL_UNSET || cg == PL_UNSET || cv == PL_UNSET) {
        st = pl_error_at(err, PL_EPARSE, path, r.line, 1, "missing column '%s' in the header",
                         ca == PL_UNSET ? "actor" : cg == PL_UNSET ? "gdp_weight" : "council_votes_nice");
        goto done;
    }
    ncols = r.n;
    /* a bad row sets st but reading goes on, so that every bad row is reported */
    while ((rs = pl_i_rows_next(&r, &more, err)) == PL_OK && more) {
        if (r.n != ncols) {
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.col[r.n - 1],
                             "row has %zu columns, the header %zu", r.n, ncols);
            continue;
        }
        if (!grow_actors(d, &cap)) {
            st = pl_i_io_oom(err);
            goto done;
        }
        size_t k = d->nactors;
        d->actor[k] = pl_i_rows_dup(&r, ca);
        if (!d->actor[k]) {
            st = pl_i_io_oom(err);
            goto done;
        }
        d->nactors++;
        size_t first = pl_i_strmap_get(&seen, d->actor[k]);
        if (first != PL_UNSET) {
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.col[ca],
                             "duplicate actor '%s' (first at line %zu)", d->actor[k], first);
        } else if (!pl_i_strmap_put(&seen, d->actor[k], (size_t)r.line)) {
            st = pl_i_io_oom(err);
            goto done;
        }
        if (!opt_number(&r, cg, &d->gdp[k]) || d->gdp[k] < 0)
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.col[cg],
                             "gdp_weight '%.*s' is not a number >= 0", (int)r.flen[cg], r.start[cg]);
        if (!opt_number(&r, cv, &d->votes[k]) || d->votes[k] < 0)
            st = pl_error_at(err, PL_EPARSE, path, r.line, r.col[cv],
                             "council_votes_nice '%.*s' is not a number >= 0", (int)r.flen[cv],
                             r.start[cv]);
    }
    if (rs != PL_OK) st = rs;
    if (st == PL_OK && d->nactors == 0) st = pl_error_at(err, PL_EPARSE, path, r.line, 1, "no actor rows");
done:
    pl_i_strmap_free(&seen);
    pl_i_rows_close(&r);
    return st;
}

static pl_forecast_rule parse_rule(const pl_i_rows_t *r, size_t i)
{
    if (pl_i_rows_is(r, i, "QMV")) return PL_RULE_QMV;
    if (pl_i_rows_is(r, i, "Unan")) return PL_RULE_UNAN;
    return PL_RULE_UNKNOWN;
}

static pl_forecast_proc parse_proc(const pl_i_rows_t *r, size_t i)
{
    if (pl_i_rows_is(r, i, "COD")) return PL_PROC_COD;
    if (pl_i_rows_is(r, i, "CNS")) return PL_PROC_CNS;
    return PL_PROC_UNKNOWN;
}

/* the issues file's columns: the fixed ones, then a position and a salience per actor */
static const char *const need[] = {"prnr", "isnr", "prname", "proc", "counvte", "rp", "out"};
#define NNEED 7

typedef struct issue_cols {
    size_t col[NNEED];
    size_t *pc, *sc;   /* per actor: position and salience columns */
    size_t ncols;
} issue_cols;

static pl_status read_issue_header(pl_i_rows_t *r, const pl_deu_t *d, issue_cols *c,
                                   pl_error_t *err)
{
    bool more;
    PL_CHECK(pl_i_rows_next(r, &more, err));
    if (!more) return pl_error_at(err, PL_EPARSE, r->path, 1, 1, "empty file (expected a header line)");
    for (size_t i = 0; i < NNEED; i++) {
        c->col[i] = pl_i_rows_find(r, need[i]);
        if (c->col[i] == PL_UNSET)
            return pl_error_at(err, PL_EPARSE, r->path, r->line, 1, "missing column '%s' in the header",
                               need[i]);
    }
    c->pc = pl_malloc(d->nactors * sizeof *c->pc);
    c->sc = pl_malloc(d->nactors * sizeof *c->sc);
    if (!c->pc || !c->sc) return pl_i_io_oom(err);
    for (size_t a = 0; a < d->nactors; a++) {
        char name[128];
        snprintf(name, sizeof name, "p%s", d->actor[a]);
        c->pc[a] = pl_i_rows_find(r, name);
        snprintf(name, sizeof name, "s%s", d->actor[a]);
        c->sc[a] = pl_i_rows_find(r, name);
        if (c->pc[a] == PL_UNSET || c->sc[a] == PL_UNSET)
            return pl_error_at(err, PL_EPARSE, r->path, r->line, 1,
                               "missing column '%c%s' for actor '%s' of the actors file",
                               c->pc[a] == PL_UNSET ? 'p' : 's', d->actor[a], d->actor[a]);
    }
    c->ncols = r->n;
    return PL_OK;
}

/* one issue row into *is (zeroed): PL_EPARSE after recording every problem of the row */
static pl_status read_issue(const pl_i_rows_t *r, const pl_deu_t *d, const issue_cols *c,
                            pl_deu_issue_t *is, pl_error_t *err)
{
    const char *path = r->path;
    pl_status st = PL_OK;
    is->line = r->line;
    is->proposal = pl_i_rows_dup(r, c->col[0]);
    is->issue = pl_i_rows_dup(r, c->col[1]);
    is->area = pl_i_rows_dup(r, c->col[2]);
    is->position = pl_malloc(d->nactors * sizeof(double));
    is->salience = pl_malloc(d->nactors * sizeof(double));
    if (!is->proposal || !is->issue || !is->area || !is->position || !is->salience)
        return pl_i_io_oom(err);
    is->proc = parse_proc(r, c->col[3]);
    is->rule = parse_rule(r, c->col[4]);
    const size_t vcol[2] = {c->col[5], c->col[6]};
    double *vdst[2] = {&is->reference, &is->outcome};
    for (size_t i = 0; i < 2; i++) {
        size_t k = vcol[i];
        if (!opt_number(r, k, vdst[i]) || *vdst[i] < 0 || *vdst[i] > 100)
            st = pl_error_at(err, PL_EPARSE, path, r->line, r->col[k],
                             "%s '%.*s' is not a number in [0, 100]", need[5 + i], (int)r->flen[k],
                             r->start[k]);
    }
    for (size_t a = 0; a < d->nactors; a++) {
        size_t p = c->pc[a], s = c->sc[a];
        if (!opt_number(r, p, &is->position[a]) || is->position[a] < 0 || is->position[a] > 100)
            st = pl_error_at(err, PL_EPARSE, path, r->line, r->col[p],
                             "position of '%s' '%.*s' is not a number in [0, 100]", d->actor[a],
                             (int)r->flen[p], r->start[p]);
        if (!opt_number(r, s, &is->salience[a]) || is->salience[a] < 0 || is->salience[a] > 100)
            st = pl_error_at(err, PL_EPARSE, path, r->line, r->col[s],
                             "salience of '%s' '%.*s' is not a number in [0, 100]", d->actor[a],
                             (int)r->flen[s], r->start[s]);
    }
    return st;
}

pl_status pl_io_load_deu(const char *issues_path, const char *actors_path, pl_deu_t **out,
                         pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output given");
    *out = NULL;
    pl_deu_t *d = pl_calloc(1, sizeof *d);
    if (!d) return pl_i_io_oom(err);
    pl_i_rows_t r;
    memset(&r, 0, sizeof r);
    issue_cols c = {{0}, NULL, NULL, 0};
    size_t cap = 0;
    bool more;
    pl_status rs, st = load_actors(actors_path, d, err);
    if (st != PL_OK) goto done;
    if ((st = pl_i_rows_open(&r, issues_path, '\t', false, false, err)) != PL_OK) goto done;
    if ((st = read_issue_header(&r, d, &c, err)) != PL_OK) goto done;
    /* a bad row sets st but reading goes on, so that every bad row is reported */
    while ((rs = pl_i_rows_next(&r, &more, err)) == PL_OK && more) {
        if (r.n != c.ncols) {
            st = pl_error_at(err, PL_EPARSE, issues_path, r.line, r.col[r.n - 1],
                             "row has %zu columns, the header %zu", r.n, c.ncols);
            continue;
        }
        if (d->nissues == cap) {
            cap = cap ? 2 * cap : 64;
            pl_deu_issue_t *is = pl_realloc(d->issues, cap * sizeof *is);
            if (!is) {
                st = pl_i_io_oom(err);
                goto done;
            }
            d->issues = is;
        }
        pl_deu_issue_t *is = &d->issues[d->nissues];
        memset(is, 0, sizeof *is);
        d->nissues++;
        pl_status is_st = read_issue(&r, d, &c, is, err);
        if (is_st == PL_ENOMEM) {
            st = is_st;
            goto done;
        }
        if (is_st != PL_OK) st = is_st;
    }
    if (rs != PL_OK) st = rs;
    if (st == PL_OK && d->nissues == 0)
        st = pl_error_at(err, PL_EPARSE, issues_path, r.line, 1, "no issue rows");
done:
    pl_free(c.pc);
    pl_free(c.sc);
    pl_i_rows_close(&r);
    if (st != PL_OK) {
        pl_deu_free(d);
        return st;
    }
    *out = d;
    return PL_OK;
}
