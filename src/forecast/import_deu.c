/*
 * import_deu.c: the DEU III tab-separated files (issues and actors, see
 * shared/data/deu3/README.md) and the per-issue forecasting input built from them.
 */
#include "forecast_internal.h"

#include <stdio.h>
#include <string.h>

static bool fld_is(const pl_i_fields_t *f, size_t i, const char *s)
{
    return f->len[i] == strlen(s) && strncmp(f->start[i], s, f->len[i]) == 0;
}

static size_t find_col(const pl_i_fields_t *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (fld_is(f, i, name)) return i;
    return PL_UNSET;
}

void pl_deu_free(pl_deu_t *d)
{
    if (!d) return;
    for (size_t a = 0; a < d->nactors; a++) pl_free(d->actor[a]);
    pl_free(d->actor);
    pl_free(d->gdp);
    pl_free(d->votes);
    for (size_t k = 0; k < d->nissues; k++) {
        pl_deu_issue_t *is = &d->issues[k];
        pl_free(is->proposal);
        pl_free(is->issue);
        pl_free(is->area);
        pl_free(is->position);
        pl_free(is->salience);
    }
    pl_free(d->issues);
    pl_free(d);
}

/* optional number: empty -> NaN */
static bool opt_number(const pl_i_fields_t *f, size_t i, double *v)
{
    if (f->len[i] == 0) {
        *v = NAN;
        return true;
    }
    return pl_i_fc_number(f->start[i], f->len[i], v);
}

static pl_status load_actors(const char *path, pl_deu_t *d, pl_error_t *err)
{
    char *text = NULL;
    size_t len = 0, pos = 0, cap = 0;
    pl_i_fields_t f = {0};
    PL_CHECK(pl_i_fc_slurp(path, &text, &len, err));
    pl_status st = PL_OK;
    int line = 1;
    char *s = pl_i_fc_next_line(text, len, &pos);
    size_t ca, cg, cv;
    if (!s) {
        st = pl_error_at(err, PL_EPARSE, path, 1, 1, "empty file (expected header 'actor<TAB>gdp_weight<TAB>council_votes_nice')");
        goto done;
    }
    if ((st = pl_i_fc_split(s, '\t', &f)) != PL_OK) goto done;
    ca = find_col(&f, "actor");
    cg = find_col(&f, "gdp_weight");
    cv = find_col(&f, "council_votes_nice");
    if (ca == PL_UNSET || cg == PL_UNSET || cv == PL_UNSET) {
        st = pl_error_at(err, PL_EPARSE, path, 1, 1, "missing column '%s' in the header",
                         ca == PL_UNSET ? "actor" : cg == PL_UNSET ? "gdp_weight" : "council_votes_nice");
        goto done;
    }
    size_t ncols = f.n;
    while ((s = pl_i_fc_next_line(text, len, &pos))) {
        line++;
        if (!*s) continue;
        /* a row's split must not reset the status of earlier rows */
        pl_status sp = pl_i_fc_split(s, '\t', &f);
        if (sp != PL_OK) {
            st = sp;
            goto done;
        }
        if (f.n != ncols) {
            st = pl_error_at(err, PL_EPARSE, path, line, f.col[f.n - 1], "row has %zu columns, the header %zu", f.n, ncols);
            continue;
        }
        if (d->nactors == cap) {
            cap = cap ? 2 * cap : 32;
            char **a = pl_realloc(d->actor, cap * sizeof *a);
            double *g = a ? pl_realloc(d->gdp, cap * sizeof *g) : NULL;
            if (a) d->actor = a;
            if (g) d->gdp = g;
            double *v = g ? pl_realloc(d->votes, cap * sizeof *v) : NULL;
            if (!v) {
                st = PL_ENOMEM;
                goto done;
            }
            d->votes = v;
        }
        size_t k = d->nactors;
        d->actor[k] = pl_i_fc_strndup(f.start[ca], f.len[ca]);
        if (!d->actor[k]) {
            st = PL_ENOMEM;
            goto done;
        }
        d->nactors++;
        if (!opt_number(&f, cg, &d->gdp[k]) || d->gdp[k] < 0)
            st = pl_error_at(err, PL_EPARSE, path, line, f.col[cg], "gdp_weight '%.*s' is not a number >= 0",
                             (int)f.len[cg], f.start[cg]);
        if (!opt_number(&f, cv, &d->votes[k]) || d->votes[k] < 0)
            st = pl_error_at(err, PL_EPARSE, path, line, f.col[cv], "council_votes_nice '%.*s' is not a number >= 0",
                             (int)f.len[cv], f.start[cv]);
    }
    if (st == PL_OK && d->nactors == 0) st = pl_error_at(err, PL_EPARSE, path, line, 1, "no actor rows");
done:
    pl_i_fc_fields_destroy(&f);
    pl_free(text);
    return st;
}

static pl_forecast_rule parse_rule(const pl_i_fields_t *f, size_t i)
{
    if (fld_is(f, i, "QMV")) return PL_RULE_QMV;
    if (fld_is(f, i, "Unan")) return PL_RULE_UNAN;
    return PL_RULE_UNKNOWN;
}

static pl_forecast_proc parse_proc(const pl_i_fields_t *f, size_t i)
{
    if (fld_is(f, i, "COD")) return PL_PROC_COD;
    if (fld_is(f, i, "CNS")) return PL_PROC_CNS;
    return PL_PROC_UNKNOWN;
}

pl_status pl_deu_load(const char *issues_path, const char *actors_path, pl_deu_t **out,
                      pl_error_t *err)
{
    *out = NULL;
    pl_deu_t *d = pl_calloc(1, sizeof *d);
    if (!d) return PL_ENOMEM;
    pl_status st = load_actors(actors_path, d, err);
    char *text = NULL;
    size_t len = 0, pos = 0, cap = 0;
    pl_i_fields_t f = {0};
    size_t *pc = NULL, *sc = NULL;
    if (st != PL_OK) goto done;
    if ((st = pl_i_fc_slurp(issues_path, &text, &len, err)) != PL_OK) goto done;
    int line = 1;
    char *s = pl_i_fc_next_line(text, len, &pos);
    if (!s) {
        st = pl_error_at(err, PL_EPARSE, issues_path, 1, 1, "empty file (expected a header line)");
        goto done;
    }
    if ((st = pl_i_fc_split(s, '\t', &f)) != PL_OK) goto done;
    static const char *const need[] = {"prnr", "isnr", "prname", "proc", "counvte", "rp", "out"};
    size_t col[7];
    for (size_t i = 0; i < 7; i++) {
        col[i] = find_col(&f, need[i]);
        if (col[i] == PL_UNSET) {
            st = pl_error_at(err, PL_EPARSE, issues_path, 1, 1, "missing column '%s' in the header", need[i]);
            goto done;
        }
    }
    pc = pl_malloc(d->nactors * sizeof *pc);
    sc = pl_malloc(d->nactors * sizeof *sc);
    if (!pc || !sc) {
        st = PL_ENOMEM;
        goto done;
    }
    for (size_t a = 0; a < d->nactors; a++) {
        char name[128];
        snprintf(name, sizeof name, "p%s", d->actor[a]);
        pc[a] = find_col(&f, name);
        snprintf(name, sizeof name, "s%s", d->actor[a]);
        sc[a] = find_col(&f, name);
        if (pc[a] == PL_UNSET || sc[a] == PL_UNSET) {
            st = pl_error_at(err, PL_EPARSE, issues_path, 1, 1,
                             "missing column '%c%s' for actor '%s' of the actors file",
                             pc[a] == PL_UNSET ? 'p' : 's', d->actor[a], d->actor[a]);
            goto done;
        }
    }
    size_t ncols = f.n;
    while ((s = pl_i_fc_next_line(text, len, &pos))) {
        line++;
        if (!*s) continue;
        /* a row's split must not reset the status of earlier rows */
        pl_status sp = pl_i_fc_split(s, '\t', &f);
        if (sp != PL_OK) {
            st = sp;
            goto done;
        }
        if (f.n != ncols) {
            st = pl_error_at(err, PL_EPARSE, issues_path, line, f.col[f.n - 1],
                             "row has %zu columns, the header %zu", f.n, ncols);
            continue;
        }
        if (d->nissues == cap) {
            cap = cap ? 2 * cap : 64;
            pl_deu_issue_t *is = pl_realloc(d->issues, cap * sizeof *is);
            if (!is) {
                st = PL_ENOMEM;
                goto done;
            }
            d->issues = is;
        }
        pl_deu_issue_t *is = &d->issues[d->nissues];
        memset(is, 0, sizeof *is);
        d->nissues++;
        is->line = line;
        is->proposal = pl_i_fc_strndup(f.start[col[0]], f.len[col[0]]);
        is->issue = pl_i_fc_strndup(f.start[col[1]], f.len[col[1]]);
        is->area = pl_i_fc_strndup(f.start[col[2]], f.len[col[2]]);
        is->position = pl_malloc(d->nactors * sizeof(double));
        is->salience = pl_malloc(d->nactors * sizeof(double));
        if (!is->proposal || !is->issue || !is->area || !is->position || !is->salience) {
            st = PL_ENOMEM;
            goto done;
        }
        is->proc = parse_proc(&f, col[3]);
        is->rule = parse_rule(&f, col[4]);
        const size_t vcol[2] = {col[5], col[6]};
        double *vdst[2] = {&is->reference, &is->outcome};
        for (size_t i = 0; i < 2; i++) {
            size_t c = vcol[i];
            if (!opt_number(&f, c, vdst[i]) || *vdst[i] < 0 || *vdst[i] > 100)
                st = pl_error_at(err, PL_EPARSE, issues_path, line, f.col[c],
                                 "%s '%.*s' is not a number in [0, 100]", need[5 + i], (int)f.len[c], f.start[c]);
        }
        for (size_t a = 0; a < d->nactors; a++) {
            if (!opt_number(&f, pc[a], &is->position[a]) || is->position[a] < 0 || is->position[a] > 100)
                st = pl_error_at(err, PL_EPARSE, issues_path, line, f.col[pc[a]],
                                 "position of '%s' '%.*s' is not a number in [0, 100]", d->actor[a],
                                 (int)f.len[pc[a]], f.start[pc[a]]);
            if (!opt_number(&f, sc[a], &is->salience[a]) || is->salience[a] < 0 || is->salience[a] > 100)
                st = pl_error_at(err, PL_EPARSE, issues_path, line, f.col[sc[a]],
                                 "salience of '%s' '%.*s' is not a number in [0, 100]", d->actor[a],
                                 (int)f.len[sc[a]], f.start[sc[a]]);
        }
    }
    if (st == PL_OK && d->nissues == 0) st = pl_error_at(err, PL_EPARSE, issues_path, line, 1, "no issue rows");
done:
    pl_free(pc);
    pl_free(sc);
    pl_i_fc_fields_destroy(&f);
    pl_free(text);
    if (st != PL_OK) {
        pl_deu_free(d);
        return st;
    }
    *out = d;
    return PL_OK;
}

pl_status pl_deu_issue_input(const pl_deu_t *d, size_t k, pl_capability cap,
                             pl_forecast_input_t *in, pl_error_t *err)
{
    if (k >= d->nissues) return pl_error_set(err, PL_EINVAL, "issue %zu out of range", k);
    const pl_deu_issue_t *is = &d->issues[k];
    size_t n = 0;
    double maxvotes = 0;
    for (size_t a = 0; a < d->nactors; a++) {
        if (isfinite(is->position[a])) n++;
        if (isfinite(d->votes[a]) && d->votes[a] > maxvotes) maxvotes = d->votes[a];
    }
    PL_CHECK(pl_forecast_input_setup(in, n, 1));
    size_t j = 0;
    for (size_t a = 0; a < d->nactors; a++) {
        if (!isfinite(is->position[a])) continue;
        in->actor[j] = pl_strdup(d->actor[a]);
        if (!in->actor[j]) {
            pl_forecast_input_destroy(in);
            return PL_ENOMEM;
        }
        in->position[j] = is->position[a];
        in->salience[j] = isfinite(is->salience[a]) ? is->salience[a] / 100.0 : 0.5;
        double c = cap == PL_CAP_VOTES ? d->votes[a] : d->gdp[a];
        if (!isfinite(c)) c = cap == PL_CAP_VOTES ? maxvotes : 0;
        in->capability[j] = c;
        if (strcmp(d->actor[a], "com") == 0) in->commission = j;
        if (strcmp(d->actor[a], "ep") == 0) in->parliament = j;
        j++;
    }
    in->dim[0] = pl_strdup(is->issue);
    in->reference[0] = is->reference;
    in->rule = is->rule;
    in->proc = is->proc;
    return PL_OK;
}
