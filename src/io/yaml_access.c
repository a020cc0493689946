/*
 * yaml_access.c: the scenario loader's diagnostics and typed access to the node tree: every
 * reader checks the kind of the node it is given and reports a wrong one at its position, with
 * "did you mean" for a misspelt key or name.
 */
#include "yaml_load_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- diagnostics ---- */

void pl_i_yerr(ld *L, const pl_i_ynode *at, const char *fmt, ...)
{
    if (L->ndiags > MAX_DIAGS) return;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = at ? at->line : 0, col = at ? at->col : 0;
    if (L->ndiags++ == MAX_DIAGS) {
        pl_error_at(L->err, PL_EPARSE, L->file, line, col, "too many errors, giving up");
        return;
    }
    if (L->variant)
        pl_error_at(L->err, PL_EPARSE, L->file, line, col, "%s (variant '%.200s')", msg,
                    L->variant);
    else
        pl_error_at(L->err, PL_EPARSE, L->file, line, col, "%s", msg);
}

void *pl_i_ycalloc(ld *L, size_t n, size_t size)
{
    void *p = pl_calloc(n ? n : 1, size);
    if (!p) L->oom = true;
    return p;
}

char *pl_i_ystrdup(ld *L, const char *s)
{
    if (!s) return NULL;
    char *p = pl_strdup(s);
    if (!p) L->oom = true;
    return p;
}

const char *pl_i_ykind_name(const pl_i_ynode *n)
{
    if (!n) return "nothing";
    switch (n->kind) {
    case PL_I_YSEQ: return "a list";
    case PL_I_YMAP: return "a mapping";
    default: return pl_i_ynode_is_null(n) ? "nothing" : "text";
    }
}

/* ---- typed access ---- */

/* `{value: X, source: ...}` -> X (the note itself is collected by collect_notes). */
const pl_i_ynode *pl_i_yunwrap(ld *L, const pl_i_ynode *v, const char *what)
{
    if (!v || v->kind != PL_I_YMAP) return v;
    const pl_i_ynode *val = pl_i_ymap_get(v, "value");
    if (!val) return v;
    for (size_t i = 0; i < v->n; i++) {
        const char *k = v->keys[i]->text;
        if (strcmp(k, "value") != 0 && strcmp(k, "source") != 0)
            pl_i_yerr(L, v->keys[i], "unknown key '%.*s' in %s (a value with a note has only "
                      "'value' and 'source')", NM(k), what);
    }
    return val;
}

static bool parse_double(const char *s, double *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) return false;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n') return false;
    *out = v;
    return true;
}

/* A number; false (reported) when present but not a number. Absent: false, not reported. */
bool pl_i_yget_num(ld *L, const pl_i_ynode *n, const char *what, double *out)
{
    n = pl_i_yunwrap(L, n, what);
    if (pl_i_yabsent(n)) return false;
    if (n->kind != PL_I_YSCALAR) {
        pl_i_yerr(L, n, "%s must be a number, not %s", what, pl_i_ykind_name(n));
        return false;
    }
    if (!parse_double(n->text, out)) {
        pl_i_yerr(L, n, "%s must be a number, not '%.*s'", what, NM(n->text));
        return false;
    }
    return true;
}

bool pl_i_yget_text(ld *L, const pl_i_ynode *n, const char *what, const char **out)
{
    n = pl_i_yunwrap(L, n, what);
    if (pl_i_yabsent(n)) return false;
    if (n->kind != PL_I_YSCALAR) {
        pl_i_yerr(L, n, "%s must be text, not %s", what, pl_i_ykind_name(n));
        return false;
    }
    *out = n->text;
    return true;
}

bool pl_i_yget_bool(ld *L, const pl_i_ynode *n, const char *what, bool *out)
{
    n = pl_i_yunwrap(L, n, what);
    if (pl_i_yabsent(n)) return false;
    if (n->kind == PL_I_YSCALAR) {
        static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
        static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
            if (strcmp(n->text, yes[i]) == 0) return *out = true;
            if (strcmp(n->text, no[i]) == 0) return !(*out = false);
        }
        pl_i_yerr(L, n, "%s must be true or false, not '%.*s'", what, NM(n->text));
        return false;
    }
    pl_i_yerr(L, n, "%s must be true or false, not %s", what, pl_i_ykind_name(n));
    return false;
}

void pl_i_yset_text(ld *L, char **dst, const pl_i_ynode *n, const char *what)
{
    const char *t;
    if (pl_i_yget_text(L, n, what, &t)) {
        pl_free(*dst);
        *dst = pl_i_ystrdup(L, t);
    }
}

/* A mapping (absent/null -> *ok true and NULL). Reports other kinds. */
const pl_i_ynode *pl_i_ywant_map(ld *L, const pl_i_ynode *n, const char *what)
{
    if (pl_i_yabsent(n) || n->kind == PL_I_YMAP) return pl_i_yabsent(n) ? NULL : n;
    pl_i_yerr(L, n, "%s must be a mapping, not %s", what, pl_i_ykind_name(n));
    return NULL;
}

void pl_i_ycheck_keys(ld *L, const pl_i_ynode *map, const char *const *allowed, size_t n,
                      const char *ctx)
{
    if (!map || map->kind != PL_I_YMAP) return;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->text;
        bool ok = strcmp(k, "source") == 0;
        for (size_t j = 0; j < n && !ok; j++) ok = strcmp(k, allowed[j]) == 0;
        if (ok) continue;
        const char *s = pl_i_suggest(k, allowed, n);
        if (s) {
            pl_i_yerr(L, map->keys[i], "unknown key '%.*s' in %s (did you mean '%s'?)", NM(k), ctx, s);
            continue;
        }
        /* a key that belongs somewhere else */
        static const char *const other[] = {"salience", "position", "weight", "values", "linear",
                                            "type", "options", "range", "step", "rule", "quota"};
        static const char *const where[] = {"under 'stance', per issue", "under 'stance', per issue",
                                            "under 'utility', per issue", "under 'utility', per issue",
                                            "under 'utility', per issue", "in an issue",
                                            "in an issue", "in an issue", "in an issue",
                                            "under 'ratification'", "under 'ratification'"};
        const char *o = pl_i_suggest(k, other, sizeof other / sizeof *other);
        size_t oi = 0;
        while (o && oi < sizeof other / sizeof *other && other[oi] != o) oi++;
        if (o && oi < sizeof other / sizeof *other)
            pl_i_yerr(L, map->keys[i], "unknown key '%.*s' in %s (did you mean '%s'? it goes %s)", NM(k),
                      ctx, o, where[oi]);
        else
            pl_i_yerr(L, map->keys[i], "unknown key '%.*s' in %s", NM(k), ctx);
    }
}

/* Number of entries of a named collection (every key except `source`). */
size_t pl_i_ycount_named(const pl_i_ynode *map)
{
    size_t n = 0;
    for (size_t i = 0; map && i < map->n; i++)
        if (strcmp(map->keys[i]->text, "source") != 0) n++;
    return n;
}

const char *pl_i_ysource_of(ld *L, const pl_i_ynode *map)
{
    const char *s = NULL;
    if (map && map->kind == PL_I_YMAP) {
        const pl_i_ynode *n = pl_i_ymap_get(map, "source");
        if (n && n->kind == PL_I_YSCALAR && !pl_i_ynode_is_null(n)) s = n->text;
    }
    (void)L;
    return s;
}

/* A small mapping of one number in one unit (`{days: 7}`): its keys checked against units
 * (plus `source`), an unknown key reported with a did-you-mean or with `hint`. Returns the
 * index of the unit given (value in *out, > 0), -1 when none is usable (reported). */
int pl_i_yload_units(ld *L, const pl_i_ynode *map, const char *const *units, size_t nunits,
                     const char *what, const char *hint, double *out)
{
    bool unknown = false;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->text;
        bool ok = strcmp(k, "source") == 0;
        for (size_t j = 0; j < nunits && !ok; j++) ok = strcmp(k, units[j]) == 0;
        if (ok) continue;
        unknown = true;
        const char *sg = pl_i_suggest(k, units, nunits);
        if (sg) pl_i_yerr(L, map->keys[i], "unknown key '%.*s' in %s (did you mean '%s'?)", NM(k), what, sg);
        else pl_i_yerr(L, map->keys[i], "unknown key '%.*s' in %s (%s)", NM(k), what, hint);
    }
    int given = -1;
    for (size_t j = 0; j < nunits; j++) {
        if (!pl_i_ymap_get(map, units[j])) continue;
        if (given >= 0) {
            pl_i_yerr(L, map, "%s gives both '%s' and '%s' (give one)", what, units[given], units[j]);
            return -1;
        }
        given = (int)j;
    }
    if (given < 0) {
        if (!unknown) pl_i_yerr(L, map, "%s has no '%s' or '%s' (%s)", what, units[0], units[1], hint);
        return -1;
    }
    char uw[500];
    snprintf(uw, sizeof uw, "'%s' of %s", units[given], what);
    const pl_i_ynode *n = pl_i_ymap_get(map, units[given]);
    double x;
    if (!pl_i_yget_num(L, n, uw, &x)) {
        if (pl_i_yabsent(pl_i_yunwrap(L, n, uw))) pl_i_yerr(L, n ? n : map, "%s is empty", uw);
        return -1;
    }
    if (!(x > 0)) {
        pl_i_yerr(L, pl_i_yunwrap(L, n, uw), "%s must be > 0 (got %g)", uw, x);
        return -1;
    }
    *out = x;
    return given;
}

void pl_i_yformat_num(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, size, "%.17g", v);
}

/* ---- name look-ups with suggestions ---- */

/* Index of `name` among n names (name_at), through the hash map *m, which is rebuilt when the
 * array `of` or its length changed since it was built: a file with 80,000 references to 80,000
 * actors would otherwise take minutes. Names are set before the first look-up and never change
 * during a load; a hit is checked against the array all the same. */
static size_t find_hashed(ld *L, pl_i_strmap_t *m, const void **of, size_t *mn, const void *arr,
                          size_t n, const char *(*name_at)(const pl_scenario_t *, size_t),
                          const char *name)
{
    const pl_scenario_t *sc = L->sc;
    if (*of != arr || *mn != n) {
        pl_i_strmap_free(m);
        *of = arr;
        *mn = n;
        for (size_t j = 0; j < n; j++) {
            const char *nj = name_at(sc, j);
            /* the first of equal names wins, as in a linear search */
            if (nj && pl_i_strmap_get(m, nj) == PL_UNSET && !pl_i_strmap_put(m, nj, j)) {
                pl_i_strmap_free(m);
                *of = NULL; /* out of memory: search linearly, retry next time */
                for (size_t k = 0; k < n; k++)
                    if (name_at(sc, k) && strcmp(name_at(sc, k), name) == 0) return k;
                return PL_UNSET;
            }
        }
    }
    size_t i = pl_i_strmap_get(m, name);
    return i < n && name_at(sc, i) && strcmp(name_at(sc, i), name) == 0 ? i : PL_UNSET;
}

static const char *issue_at(const pl_scenario_t *sc, size_t i) { return sc->issues[i].name; }
static const char *actor_at(const pl_scenario_t *sc, size_t i) { return sc->actors[i].name; }

size_t pl_i_yfind_issue(ld *L, const pl_i_ynode *at, const char *name, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    if (!name) return PL_UNSET;
    size_t i = find_hashed(L, &L->issue_ix, &L->issue_ix_of, &L->issue_ix_n, sc->issues,
                           sc->nissues, issue_at, name);
    if (i != PL_UNSET) return i;
    const char **names = pl_calloc(sc->nissues ? sc->nissues : 1, sizeof *names);
    for (size_t j = 0; names && j < sc->nissues; j++) names[j] = sc->issues[j].name;
    const char *s = names ? pl_i_suggest(name, names, sc->nissues) : NULL;
    if (s)
        pl_i_yerr(L, at, "unknown issue '%.*s' in %s (did you mean '%s'?)", NM(name), ctx, s);
    else
        pl_i_yerr(L, at, "unknown issue '%.*s' in %s", NM(name), ctx);
    pl_free(names);
    return PL_UNSET;
}

size_t pl_i_yfind_actor(ld *L, const pl_i_ynode *at, const char *name, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    if (!name) return PL_UNSET;
    size_t a = find_hashed(L, &L->actor_ix, &L->actor_ix_of, &L->actor_ix_n, sc->actors,
                           sc->nactors, actor_at, name);
    if (a != PL_UNSET) return a;
    const char **names = pl_calloc(sc->nactors ? sc->nactors : 1, sizeof *names);
    for (size_t j = 0; names && j < sc->nactors; j++) names[j] = sc->actors[j].name;
    const char *s = names ? pl_i_suggest(name, names, sc->nactors) : NULL;
    if (s)
        pl_i_yerr(L, at, "unknown actor '%.*s' in %s (did you mean '%s'?)", NM(name), ctx, s);
    else
        pl_i_yerr(L, at, "unknown actor '%.*s' in %s", NM(name), ctx);
    pl_free(names);
    return PL_UNSET;
}

/* Value index of issue i named by node v (option name, or a number on the issue's grid). */
size_t pl_i_yfind_value(ld *L, size_t i, const pl_i_ynode *v, const char *what)
{
    const pl_issue_t *is = &L->sc->issues[i];
    v = pl_i_yunwrap(L, v, what);
    if (pl_i_yabsent(v)) {
        pl_i_yerr(L, v, "%s is empty", what);
        return PL_UNSET;
    }
    if (is->kind == PL_ISSUE_CATEGORICAL) {
        const char *label;
        if (!pl_i_yget_text(L, v, what, &label)) return PL_UNSET;
        size_t k = pl_issue_find_value(is, label);
        if (k != PL_UNSET) return k;
        const char *s = pl_i_suggest(label, (const char *const *)is->values, is->nvalues);
        if (s)
            pl_i_yerr(L, v, "unknown option '%.*s' of issue '%.*s' in %s (did you mean '%s'?)",
                      NM(label), NM(is->name), what, s);
        else
            pl_i_yerr(L, v, "unknown option '%.*s' of issue '%.*s' in %s", NM(label), NM(is->name),
                      what);
        return PL_UNSET;
    }
    double x;
    if (!pl_i_yget_num(L, v, what, &x)) return PL_UNSET;
    double tol = 1e-9 * fmax(1.0, fabs(x));
    if (x >= is->lo - tol && x <= is->hi + tol) {
        double k = floor((x - is->lo) / is->step + 0.5);
        if (k >= 0 && k < (double)is->nvalues && fabs(is->numeric[(size_t)k] - x) <= tol)
            return (size_t)k;
    }
    pl_i_yerr(L, v, "%g is not a value of issue '%.*s' (%g to %g step %g) in %s", x, NM(is->name),
              is->lo, is->hi, is->step, what);
    return PL_UNSET;
}

/* "a party", "an external" */
const char *pl_i_ya_role(pl_role r)
{
    switch (r) {
    case PL_ROLE_PARTY: return "a party";
    case PL_ROLE_MEDIATOR: return "a mediator";
    case PL_ROLE_DELEGATION: return "a delegation";
    case PL_ROLE_FACTION: return "a faction";
    default: return "an external actor";
    }
}
