/*
 * yaml_issues.c: the scenario's 'issues': categorical and ordered issues list their options,
 * integer and real ones are enumerated from a range and a step; an optional reference is an
 * option or a number in the range.
 */
#include "yaml_load_internal.h"

#include "core/core_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const issue_keys[] = {"type", "options", "range", "step", "description",
                                         "reference"};
static const char *const issue_types[] = {"categorical", "ordered", "integer", "real"};

static bool get_range(ld *L, const pl_i_ynode *r, const char *what, double *lo, double *hi)
{
    r = pl_i_yunwrap(L, r, what);
    if (pl_i_yabsent(r)) return false;
    if (r->kind != PL_I_YSEQ || r->n != 2) {
        if (r->kind == PL_I_YSEQ)
            pl_i_yerr(L, r, "%s must be a list of two numbers [lo, hi], not %zu items", what, r->n);
        else
            pl_i_yerr(L, r, "%s must be a list of two numbers [lo, hi], not %s", what, pl_i_ykind_name(r));
        return false;
    }
    bool a = pl_i_yget_num(L, r->items[0], what, lo), b = pl_i_yget_num(L, r->items[1], what, hi);
    for (int k = 0; k < 2; k++)
        if (pl_i_yabsent(pl_i_yunwrap(L, r->items[k], what)))
            pl_i_yerr(L, r->items[k], "%s has an empty %s bound", what, k ? "upper" : "lower");
    return a && b;
}

/* The options of a categorical (t 0) or ordered (t 1) issue. False: stop reading the issue. */
static bool load_options(ld *L, size_t idx, const pl_i_ynode *key, const pl_i_ynode *body,
                         const char *type, int t, const char *ctx)
{
    pl_issue_t *is = &L->sc->issues[idx];
    char what[260];
    const pl_i_ynode *opts = pl_i_ymap_get(body, "options");
    const pl_i_ynode *range = pl_i_ymap_get(body, "range");
    const pl_i_ynode *step = pl_i_ymap_get(body, "step");
    is->kind = PL_ISSUE_CATEGORICAL;
    is->ordered = t == 1;
    if (range) pl_i_yerr(L, range, "'range' applies only to integer and real issues, not to %s issue '%.*s'", type, NM(key->text));
    if (step) pl_i_yerr(L, step, "'step' applies only to integer and real issues, not to %s issue '%.*s'", type, NM(key->text));
    snprintf(what, sizeof what, "'options' of %s", ctx);
    opts = pl_i_yunwrap(L, opts, what);
    if (pl_i_yabsent(opts)) {
        pl_i_yerr(L, key, "%s has no 'options'", ctx);
        return false;
    }
    if (opts->kind != PL_I_YSEQ) {
        pl_i_yerr(L, opts, "%s must be a list of option names, not %s", what, pl_i_ykind_name(opts));
        return false;
    }
    if (opts->n == 0) {
        pl_i_yerr(L, opts, "%s has no options (an empty outcome space)", ctx);
        return false;
    }
    L->total_values += (double)opts->n;
    is->values = pl_i_ycalloc(L, opts->n, sizeof *is->values);
    is->numeric = pl_i_ycalloc(L, opts->n, sizeof *is->numeric);
    if (!is->values || !is->numeric) return false;
    bool ok = true;
    size_t nv = 0;
    pl_i_strmap_t seen = {0}; /* hashed: a list of 80,000 options stays linear */
    for (size_t v = 0; v < opts->n; v++) {
        const char *label;
        snprintf(what, sizeof what, "option %zu of %s", v + 1, ctx);
        if (!pl_i_yget_text(L, opts->items[v], what, &label)) {
            if (pl_i_yabsent(pl_i_yunwrap(L, opts->items[v], what)))
                pl_i_yerr(L, opts->items[v], "%s is empty", what);
            ok = false;
            continue;
        }
        if (pl_i_strmap_get(&seen, label) != PL_UNSET) {
            pl_i_yerr(L, pl_i_yunwrap(L, opts->items[v], what), "duplicate option '%.*s' in %s",
                      NM(label), ctx);
            ok = false;
            continue;
        }
        is->values[nv] = pl_i_ystrdup(L, label);
        if (!is->values[nv] || !pl_i_strmap_put(&seen, is->values[nv], nv)) {
            if (is->values[nv]) is->nvalues = nv + 1; /* so that the scenario frees it */
            pl_i_strmap_free(&seen);
            L->oom = true;
            return false;
        }
        is->numeric[nv] = (double)nv;
        is->nvalues = ++nv;
    }
    pl_i_strmap_free(&seen);
    is->nvalues = nv;
    is->lo = 0;
    is->hi = nv ? (double)(nv - 1) : 0;
    is->step = 1;
    if (ok && !L->oom) L->issue_ok[idx] = true;
    return true;
}

/* The values of an integer (t 2) or real (t 3) issue: lo, lo + step, ..., hi. False: stop
 * reading the issue. */
static bool load_range(ld *L, size_t idx, const pl_i_ynode *key, const pl_i_ynode *body,
                       const char *type, int t, const char *ctx)
{
    pl_issue_t *is = &L->sc->issues[idx];
    char what[260];
    const pl_i_ynode *opts = pl_i_ymap_get(body, "options");
    const pl_i_ynode *range = pl_i_ymap_get(body, "range");
    const pl_i_ynode *step = pl_i_ymap_get(body, "step");
    is->kind = t == 2 ? PL_ISSUE_INTEGER : PL_ISSUE_REAL;
    is->ordered = true;
    if (opts) pl_i_yerr(L, opts, "'options' applies only to categorical and ordered issues, not to %s issue '%.*s'", type, NM(key->text));
    snprintf(what, sizeof what, "'range' of %s", ctx);
    double lo = 0, hi = 0, st = 1;
    if (pl_i_yabsent(pl_i_yunwrap(L, range, what))) {
        pl_i_yerr(L, key, "%s has no 'range' [lo, hi]", ctx);
        return false;
    }
    bool ok = get_range(L, range, what, &lo, &hi);
    const pl_i_ynode *rn = pl_i_yunwrap(L, range, what);
    if (ok && t == 2 && (lo != floor(lo) || hi != floor(hi))) {
        pl_i_yerr(L, rn, "%s must hold whole numbers for an integer issue", what);
        ok = false;
    }
    if (ok && lo > hi) {
        pl_i_yerr(L, rn, "%s is empty: lo %g is above hi %g", what, lo, hi);
        ok = false;
    }
    snprintf(what, sizeof what, "'step' of %s", ctx);
    const pl_i_ynode *sn = pl_i_yunwrap(L, step, what);
    if (pl_i_yabsent(sn)) {
        if (t == 3) {
            pl_i_yerr(L, key, "%s has no 'step' (a real issue is enumerated lo, lo+step, ..., hi)", ctx);
            ok = false;
        }
    } else if (!pl_i_yget_num(L, sn, what, &st)) {
        ok = false;
    } else if (!(st > 0)) {
        pl_i_yerr(L, sn, "%s must be > 0 (got %g)", what, st);
        ok = false;
    } else if (t == 2 && st != floor(st)) {
        pl_i_yerr(L, sn, "%s must be a whole number for an integer issue (got %g)", what, st);
        ok = false;
    }
    if (!ok) return false;
    double count = floor((hi - lo) / st + 1e-9) + 1;
    if (count > MAX_VALUES_PER_ISSUE) {
        pl_i_yerr(L, rn, "%s has %.0f values, more than the limit of %.0f", ctx, count,
                  MAX_VALUES_PER_ISSUE);
        return false;
    }
    L->total_values += count;
    if (L->total_values > MAX_VALUES_TOTAL) {
        pl_i_yerr(L, rn, "the issues have more than %.0f values in total", MAX_VALUES_TOTAL);
        return false;
    }
    size_t nv = (size_t)count;
    is->lo = lo;
    is->hi = hi;
    is->step = st;
    is->values = pl_i_ycalloc(L, nv, sizeof *is->values);
    is->numeric = pl_i_ycalloc(L, nv, sizeof *is->numeric);
    if (!is->values || !is->numeric) return false;
    is->nvalues = nv;
    for (size_t v = 0; v < nv; v++) {
        double x = lo + (double)v * st;
        if (fabs(x - hi) <= 1e-9 * fmax(1.0, fabs(hi)) || x > hi) x = hi;
        char buf[40];
        /* 12 significant digits: 0 + 3 * 0.1 is the value 0.3, labelled "0.3" */
        if (t == 3) {
            snprintf(buf, sizeof buf, "%.12g", x);
            x = strtod(buf, NULL);
        }
        pl_i_yformat_num(x, buf, sizeof buf);
        is->numeric[v] = x;
        is->values[v] = pl_i_ystrdup(L, buf);
        if (L->oom) return false;
    }
    L->issue_ok[idx] = true;
    return true;
}

/* `reference`: an option name or a number in the range (checked once the values are known). */
static void load_reference(ld *L, size_t idx, const pl_i_ynode *body, const char *ctx)
{
    pl_issue_t *is = &L->sc->issues[idx];
    char what[260];
    snprintf(what, sizeof what, "'reference' of %s", ctx);
    const pl_i_ynode *ref = pl_i_yunwrap(L, pl_i_ymap_get(body, "reference"), what);
    if (!pl_i_yabsent(ref) && L->issue_ok[idx]) {
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            const char *label;
            if (pl_i_yget_text(L, ref, what, &label)) {
                size_t v = pl_issue_find_value(is, label);
                if (v == PL_UNSET) {
                    const char *s = pl_i_suggest(label, (const char *const *)is->values, is->nvalues);
                    if (s)
                        pl_i_yerr(L, ref, "unknown option '%.*s' in %s (did you mean '%s'?)", NM(label), what, s);
                    else
                        pl_i_yerr(L, ref, "unknown option '%.*s' in %s", NM(label), what);
                } else {
                    is->reference = (double)v;
                }
            }
        } else {
            double x;
            if (pl_i_yget_num(L, ref, what, &x)) {
                if (x < is->lo - 1e-9 || x > is->hi + 1e-9)
                    pl_i_yerr(L, ref, "%s is %g, outside the range [%g, %g]", what, x, is->lo, is->hi);
                else
                    is->reference = x;
            }
        }
    }
}

static void load_issue(ld *L, size_t idx, const pl_i_ynode *key, const pl_i_ynode *body)
{
    pl_issue_t *is = &L->sc->issues[idx];
    char ctx[200], what[260];
    is->name = pl_i_ystrdup(L, key->text);
    is->pos.line = key->line;
    is->pos.col = key->col;
    is->reference = NAN;
    snprintf(ctx, sizeof ctx, "issue '%.*s'", NM(key->text));
    if (pl_i_yabsent(body)) {
        pl_i_yerr(L, key, "%s has no 'type'", ctx);
        return;
    }
    body = pl_i_ywant_map(L, body, ctx);
    if (!body) return;
    pl_i_ycheck_keys(L, body, issue_keys, sizeof issue_keys / sizeof *issue_keys, ctx);
    pl_i_yset_text(L, &is->description, pl_i_ymap_get(body, "description"), "'description'");
    is->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
    const char *type;
    snprintf(what, sizeof what, "'type' of %s", ctx);
    if (!pl_i_yget_text(L, pl_i_ymap_get(body, "type"), what, &type)) {
        if (pl_i_yabsent(pl_i_yunwrap(L, pl_i_ymap_get(body, "type"), what)))
            pl_i_yerr(L, key, "%s has no 'type' (categorical, ordered, integer or real)", ctx);
        return;
    }
    int t = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(type, issue_types[i]) == 0) t = i;
    const pl_i_ynode *tnode = pl_i_yunwrap(L, pl_i_ymap_get(body, "type"), what);
    if (t < 0) {
        const char *s = pl_i_suggest(type, issue_types, 4);
        if (s)
            pl_i_yerr(L, tnode, "unknown type '%.*s' of %s (did you mean '%s'?)", NM(type), ctx, s);
        else
            pl_i_yerr(L, tnode, "unknown type '%.*s' of %s (categorical, ordered, integer or real)",
                      NM(type), ctx);
        return;
    }
    if (t <= 1) {
        if (!load_options(L, idx, key, body, type, t, ctx)) return;
    } else {
        if (!load_range(L, idx, key, body, type, t, ctx)) return;
    }
    load_reference(L, idx, body, ctx);
}

void pl_i_yload_issues(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *issues = pl_i_ymap_get(L->root, "issues");
    if (pl_i_yabsent(issues)) {
        pl_i_yerr(L, L->root, "the scenario has no 'issues'");
        return;
    }
    issues = pl_i_ywant_map(L, issues, "'issues'");
    if (!issues) return;
    size_t n = pl_i_ycount_named(issues);
    if (n == 0) {
        pl_i_yerr(L, issues, "'issues' is empty (an empty outcome space)");
        return;
    }
    sc->issues = pl_i_ycalloc(L, n, sizeof *sc->issues);
    L->issue_ok = pl_i_ycalloc(L, n, sizeof *L->issue_ok);
    if (!sc->issues || !L->issue_ok) return;
    sc->nissues = n;
    for (size_t i = 0; i < n; i++) sc->issues[i].reference = NAN;
    size_t k = 0;
    for (size_t i = 0; i < issues->n && !L->oom; i++) {
        if (strcmp(issues->keys[i]->text, "source") == 0) continue;
        load_issue(L, k++, issues->keys[i], issues->items[i]);
    }
}
