/*
 * yaml_uncertain.c: the loader's uncertain values and `--set` (docs/uncertainty.md). Before the
 * sections are read, every `--set PATH=VALUE` is written into the node tree, variant weights
 * are taken out, and every distribution ({uniform: ..}, {normal: ..}, ...) is recorded with its
 * path and replaced by its point, so the section loaders check the point as any number. After
 * the load each path is resolved to the scenario number it drives (a pl_target_t).
 */
#include "yaml_load_internal.h"

#include <parley/pl_uncertain.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATH 1024

/* ---- building nodes ---- */

static pl_i_ynode *scalar_node(ld *L, const char *text, int line, int col)
{
    pl_i_ynode *n = pl_calloc(1, sizeof *n);
    if (n) n->text = pl_strdup(text);
    if (!n || !n->text) {
        pl_free(n);
        L->oom = true;
        return NULL;
    }
    n->kind = PL_I_YSCALAR;
    n->plain = true;
    n->line = line;
    n->col = col;
    return n;
}

/* Every node of a tree placed at (line, col): a --set value is reported where it lands. */
static void place(pl_i_ynode *n, int line, int col)
{
    if (!n) return;
    n->line = line;
    n->col = col;
    for (size_t i = 0; i < n->n; i++) {
        place(n->items[i], line, col);
        if (n->kind == PL_I_YMAP) place(n->keys[i], line, col);
    }
}

/* ---- --set PATH=VALUE ---- */

/* The key of `map` that starts `rest` (followed by '.' or the end), the longest one. */
static size_t match_key(const pl_i_ynode *map, const char *rest, size_t *klen)
{
    size_t best = PL_UNSET, bl = 0;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->text;
        size_t l = strlen(k);
        if (l > bl && strncmp(rest, k, l) == 0 && (rest[l] == '.' || rest[l] == '\0')) {
            best = i;
            bl = l;
        }
    }
    *klen = bl;
    return best;
}

static void set_error(ld *L, const char *set, const char *fmt, ...) PL_PRINTF(3, 4);
static void set_error(ld *L, const char *set, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pl_error_at(L->err, PL_EPARSE, L->file, 0, 0, "--set '%.300s': %s", set, msg);
    L->ndiags++;
}

/* The segment at `rest` (up to the next '.') with a "did you mean" among the map's keys. */
static void report_missing(ld *L, const char *set, const pl_i_ynode *map, const char *rest,
                           const char *where)
{
    char seg[200];
    size_t l = strcspn(rest, ".");
    snprintf(seg, sizeof seg, "%.*s", (int)(l < 199 ? l : 199), rest);
    const char *cands[256];
    size_t nc = 0;
    for (size_t i = 0; i < map->n && nc < 256; i++)
        if (strcmp(map->keys[i]->text, "source") != 0) cands[nc++] = map->keys[i]->text;
    const char *s = pl_i_suggest(seg, cands, nc);
    char msg[500];
    if (s)
        snprintf(msg, sizeof msg, "no '%.150s' in %.150s (did you mean '%.150s'?)", seg, where, s);
    else
        snprintf(msg, sizeof msg, "no '%.150s' in %.150s", seg, where);
    set_error(L, set, "%s", msg);
}

static void apply_set(ld *L, pl_i_ynode *root, const char *set)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set) {
        set_error(L, set, "write PATH=VALUE, e.g. 'actors.Israel.reservation=0.6'");
        return;
    }
    char path[MAX_PATH];
    snprintf(path, sizeof path, "%.*s", (int)(eq - set < MAX_PATH - 1 ? eq - set : MAX_PATH - 1), set);
    pl_error_t perr;
    pl_error_init(&perr);
    pl_i_ynode *val = NULL;
    const char *vt = eq + 1;
    if (pl_i_yaml_parse(vt, strlen(vt), "--set", &val, &perr) != PL_OK) {
        pl_i_ynode_free(val);
        set_error(L, set, "the value is not a number, text or {distribution}: %s", perr.message);
        pl_error_destroy(&perr);
        return;
    }
    pl_error_destroy(&perr);
    if (!val || pl_i_ynode_is_null(val)) {
        pl_i_ynode_free(val);
        set_error(L, set, "no value after '='");
        return;
    }
    /* walk: `slot` is where the node at the current segment lives */
    pl_i_ynode *node = root;
    const char *rest = path;
    char where[300] = "the scenario";
    for (;;) {
        size_t klen = 0, k = PL_UNSET;
        if (node->kind == PL_I_YMAP) {
            k = match_key(node, rest, &klen);
        } else if (node->kind == PL_I_YSEQ) {
            char *end;
            unsigned long ix = strtoul(rest, &end, 10);
            if (end != rest && (*end == '.' || *end == '\0') && ix < node->n) {
                k = ix;
                klen = (size_t)(end - rest);
            }
        }
        bool last = k != PL_UNSET && rest[klen] == '\0';
        if (k == PL_UNSET) {
            if (node->kind == PL_I_YMAP && node != root && !strchr(rest, '.')) {
                /* a key not written: add it; the section loader checks that it belongs (the
                 * top level was checked before the sets apply: a new section is refused below) */
                pl_i_ynode *ov = pl_calloc(1, sizeof *ov);
                pl_i_ynode *key = scalar_node(L, rest, node->line, node->col);
                pl_i_ynode *slot = node;
                if (!ov || !key || !(ov->keys = pl_calloc(1, sizeof *ov->keys)) ||
                    !(ov->items = pl_calloc(1, sizeof *ov->items))) {
                    L->oom = true;
                    pl_free(ov ? ov->keys : NULL);
                    pl_free(ov);
                    pl_i_ynode_free(key);
                    pl_i_ynode_free(val);
                    return;
                }
                ov->kind = PL_I_YMAP;
                ov->n = ov->cap = 1;
                ov->keys[0] = key;
                place(val, node->line, node->col);
                ov->items[0] = val;
                if (!pl_i_ynode_merge(&slot, ov)) L->oom = true;
                pl_i_ynode_free(ov);
                return;
            }
            if (node->kind == PL_I_YMAP) report_missing(L, set, node, rest, where);
            else set_error(L, set, "no item '%.40s' in %s", rest, where);
            pl_i_ynode_free(val);
            return;
        }
        pl_i_ynode **slot = &node->items[k];
        if (last) {
            pl_i_ynode *old = *slot;
            /* `{value: X, source: ...}`: replace X and keep the note */
            if (old->kind == PL_I_YMAP && pl_i_ymap_get(old, "value") && val->kind == PL_I_YSCALAR) {
                for (size_t j = 0; j < old->n; j++)
                    if (strcmp(old->keys[j]->text, "value") == 0) slot = &old->items[j];
                old = *slot;
            }
            place(val, old->line, old->col);
            pl_i_ynode_free(old);
            *slot = val;
            return;
        }
        snprintf(where, sizeof where, "'%.*s'", (int)(rest - path + klen), path);
        node = *slot;
        rest += klen + 1;
        if (node->kind == PL_I_YSCALAR) {
            set_error(L, set, "%s is a single value, not a section (nothing under it)", where);
            pl_i_ynode_free(val);
            return;
        }
    }
}

/* ---- distributions ---- */

static const char *const dist_keys[] = {"uniform", "triangular", "normal", "beta", "one_of", "dirichlet"};
#define NDIST (sizeof dist_keys / sizeof *dist_keys)

/* Is `n` a distribution mapping (one of the distribution keys)? */
static bool is_dist(const pl_i_ynode *n)
{
    if (!n || n->kind != PL_I_YMAP) return false;
    for (size_t i = 0; i < n->n; i++)
        for (size_t k = 0; k < NDIST; k++)
            if (strcmp(n->keys[i]->text, dist_keys[k]) == 0) return true;
    return false;
}

/* A list of numbers into out[max]: the count, or 0 (reported) when not such a list. */
static size_t num_list(ld *L, const pl_i_ynode *n, double *out, size_t max, const char *what)
{
    if (!n || n->kind != PL_I_YSEQ || n->n == 0 || n->n > max) {
        pl_i_yerr(L, n, "%s must be a list of numbers", what);
        return 0;
    }
    for (size_t i = 0; i < n->n; i++)
        if (!pl_i_yget_num(L, n->items[i], what, &out[i])) {
            if (pl_i_yabsent(n->items[i])) pl_i_yerr(L, n, "%s must be a list of numbers", what);
            return 0;
        }
    return n->n;
}

/* Parse a distribution mapping into *d; false (reported) when malformed. */
static bool parse_dist(ld *L, const pl_i_ynode *n, pl_dist_t *d)
{
    size_t kind = NDIST;
    const pl_i_ynode *body = NULL;
    memset(d, 0, sizeof *d); /* the caller destroys *d on failure, even an early one */
    for (size_t i = 0; i < n->n; i++) {
        const char *k = n->keys[i]->text;
        size_t j = 0;
        while (j < NDIST && strcmp(k, dist_keys[j]) != 0) j++;
        if (j < NDIST) {
            if (kind < NDIST) {
                pl_i_yerr(L, n->keys[i], "a value has one distribution, not both '%s' and '%s'",
                          dist_keys[kind], k);
                return false;
            }
            kind = j;
            body = n->items[i];
        } else if (strcmp(k, "source") != 0 && !(strcmp(k, "weights") == 0) &&
                   !(strcmp(k, "range") == 0)) {
            pl_i_yerr(L, n->keys[i], "unknown key '%.*s' in a distribution (uniform, triangular, "
                      "normal, beta, one_of; weights, range, source)", NM(k));
            return false;
        }
    }
    d->kind = (pl_dist_kind)kind;
    d->lo = -INFINITY;
    d->hi = INFINITY;
    double x[3];
    switch (d->kind) {
    case PL_DIST_UNIFORM:
        if (num_list(L, body, x, 2, "'uniform' [lo, hi]") != 2) return false;
        if (!(x[0] <= x[1])) {
            pl_i_yerr(L, body, "'uniform' [lo, hi] needs lo <= hi (got [%g, %g])", x[0], x[1]);
            return false;
        }
        d->a = d->lo = x[0];
        d->b = d->hi = x[1];
        return true;
    case PL_DIST_TRIANGULAR:
        if (num_list(L, body, x, 3, "'triangular' [lo, mode, hi]") != 3) return false;
        if (!(x[0] <= x[1] && x[1] <= x[2] && x[0] < x[2])) {
            pl_i_yerr(L, body, "'triangular' [lo, mode, hi] needs lo <= mode <= hi and lo < hi "
                      "(got [%g, %g, %g])", x[0], x[1], x[2]);
            return false;
        }
        d->a = d->lo = x[0];
        d->b = x[1];
        d->c = d->hi = x[2];
        return true;
    case PL_DIST_NORMAL: {
        const pl_i_ynode *mb = pl_i_ywant_map(L, body, "'normal'");
        if (!mb) {
            if (pl_i_yabsent(body)) pl_i_yerr(L, n, "'normal' needs {mean: M, sd: S}");
            return false;
        }
        static const char *const nk[] = {"mean", "sd"};
        pl_i_ycheck_keys(L, mb, nk, 2, "'normal'");
        if (!pl_i_yget_num(L, pl_i_ymap_get(mb, "mean"), "'mean' of 'normal'", &d->a) ||
            !pl_i_yget_num(L, pl_i_ymap_get(mb, "sd"), "'sd' of 'normal'", &d->b)) {
            if (!pl_i_ymap_get(mb, "mean") || !pl_i_ymap_get(mb, "sd"))
                pl_i_yerr(L, mb, "'normal' needs {mean: M, sd: S}");
            return false;
        }
        if (!(d->b >= 0)) {
            pl_i_yerr(L, mb, "'sd' of 'normal' must be >= 0 (got %g)", d->b);
            return false;
        }
        return true;
    }
    case PL_DIST_BETA: {
        if (num_list(L, body, x, 2, "'beta' [a, b]") != 2) return false;
        if (!(x[0] > 0 && x[1] > 0)) {
            pl_i_yerr(L, body, "'beta' [a, b] needs a > 0 and b > 0 (got [%g, %g])", x[0], x[1]);
            return false;
        }
        d->a = x[0];
        d->b = x[1];
        d->lo = 0;
        d->hi = 1;
        const pl_i_ynode *rn = pl_i_ymap_get(n, "range");
        if (rn) {
            double r[2];
            if (num_list(L, rn, r, 2, "'range' of 'beta'") != 2) return false;
            if (!(r[0] < r[1])) {
                pl_i_yerr(L, rn, "'range' of 'beta' needs lo < hi (got [%g, %g])", r[0], r[1]);
                return false;
            }
            d->lo = r[0];
            d->hi = r[1];
        }
        return true;
    }
    case PL_DIST_ONE_OF: {
        if (!body || body->kind != PL_I_YSEQ || body->n == 0 || body->n > 10000) {
            pl_i_yerr(L, body ? body : n, "'one_of' must be a list of numbers");
            return false;
        }
        d->n = body->n;
        d->values = pl_i_ycalloc(L, d->n, sizeof *d->values);
        d->weights = pl_i_ycalloc(L, d->n, sizeof *d->weights);
        if (!d->values || !d->weights) return false;
        if (num_list(L, body, d->values, d->n, "'one_of'") != d->n) return false;
        const pl_i_ynode *wn = pl_i_ymap_get(n, "weights");
        double total = 0;
        for (size_t k = 0; k < d->n; k++) d->weights[k] = 1;
        if (wn) {
            if (num_list(L, wn, d->weights, d->n, "'weights' of 'one_of'") != d->n) {
                if (wn->kind == PL_I_YSEQ && wn->n != d->n)
                    pl_i_yerr(L, wn, "'weights' of 'one_of' needs one weight per value (%zu, got %zu)",
                              d->n, wn->n);
                return false;
            }
        }
        d->lo = INFINITY;
        d->hi = -INFINITY;
        for (size_t k = 0; k < d->n; k++) {
            if (!(d->weights[k] >= 0)) {
                pl_i_yerr(L, wn, "'weights' of 'one_of' must be >= 0 (got %g)", d->weights[k]);
                return false;
            }
            total += d->weights[k];
            d->lo = fmin(d->lo, d->values[k]);
            d->hi = fmax(d->hi, d->values[k]);
        }
        if (!(total > 0)) {
            pl_i_yerr(L, wn, "'weights' of 'one_of' sum to zero");
            return false;
        }
        for (size_t k = 0; k < d->n; k++) d->weights[k] /= total;
        return true;
    }
    case PL_DIST_DIRICHLET:
        if (!pl_i_yget_num(L, body, "'dirichlet' (its concentration)", &d->a)) {
            if (pl_i_yabsent(body)) pl_i_yerr(L, n, "'dirichlet' needs a concentration, e.g. {dirichlet: 50}");
            return false;
        }
        if (!(d->a > 0)) {
            pl_i_yerr(L, body, "'dirichlet' concentration must be > 0 (got %g)", d->a);
            return false;
        }
        return true;
    }
    return false;
}

static void record(ld *L, const char *path, const pl_i_ynode *at, pl_dist_t *d)
{
    pl_scenario_t *sc = L->sc;
    pl_uncertain_t *nu = pl_realloc(sc->uncertain, (sc->nuncertain + 1) * sizeof *nu);
    if (!nu) {
        L->oom = true;
        pl_dist_destroy(d);
        return;
    }
    sc->uncertain = nu;
    pl_uncertain_t *u = &nu[sc->nuncertain++];
    memset(u, 0, sizeof *u);
    u->path = pl_i_ystrdup(L, path);
    u->dist = *d;
    u->point = pl_dist_point(d);
    u->pos.line = at->line;
    u->pos.col = at->col;
}

/* Walk the tree (not `variants`: the applied one is merged already), replacing distributions
 * by their points. `value` keys do not add to the path ({value: {uniform: ..}, source: ..}). */
static void extract(ld *L, pl_i_ynode *n, char *path, size_t plen, int depth)
{
    if (!n || L->oom || n->kind == PL_I_YSCALAR) return;
    for (size_t i = 0; i < n->n && !L->oom; i++) {
        char seg[32];
        const char *k;
        if (n->kind == PL_I_YMAP) {
            k = n->keys[i]->text;
            if (depth == 0 && strcmp(k, "variants") == 0) continue;
            if (strcmp(k, "source") == 0) continue;
        } else {
            snprintf(seg, sizeof seg, "%zu", i);
            k = seg;
        }
        size_t np = plen;
        if (strcmp(k, "value") != 0 || n->kind != PL_I_YMAP) {
            size_t kl = strlen(k);
            np = plen + (plen ? 1 : 0) + kl;
            if (np + 1 > MAX_PATH) continue;
            if (plen) path[plen] = '.';
            memcpy(path + plen + (plen ? 1 : 0), k, kl + 1);
        }
        pl_i_ynode *v = n->items[i];
        if (is_dist(v)) {
            pl_dist_t d;
            if (parse_dist(L, v, &d)) {
                bool dir = d.kind == PL_DIST_DIRICHLET;
                /* an actor's `salience: {dirichlet: c}` names no single number: drop the key
                 * (the stances keep their written saliences, the centre of the draws) */
                char txt[40];
                pl_i_yformat_num(dir ? 0 : pl_dist_point(&d), txt, sizeof txt);
                pl_i_ynode *s = scalar_node(L, txt, v->line, v->col);
                record(L, path, v, &d);
                if (s) {
                    pl_i_ynode_free(v);
                    n->items[i] = s;
                }
                if (dir && n->kind == PL_I_YMAP && s) {
                    pl_i_ynode_free(n->keys[i]);
                    pl_i_ynode_free(n->items[i]);
                    memmove(n->keys + i, n->keys + i + 1, (n->n - i - 1) * sizeof *n->keys);
                    memmove(n->items + i, n->items + i + 1, (n->n - i - 1) * sizeof *n->items);
                    n->n--;
                    i--;
                }
            } else {
                pl_dist_destroy(&d);
            }
        } else {
            extract(L, v, path, np, depth + 1);
        }
        path[plen] = '\0';
    }
}

/* `weight` of each variant: taken out of the tree (the variant loader does not know it). */
static void take_weights(ld *L, pl_i_ynode *root)
{
    pl_i_ynode *vs = pl_i_ymap_get(root, "variants");
    if (!vs || vs->kind != PL_I_YMAP) return;
    for (size_t i = 0; i < vs->n; i++) {
        pl_i_ynode *body = vs->items[i];
        if (!body || body->kind != PL_I_YMAP) continue;
        for (size_t j = 0; j < body->n; j++) {
            if (strcmp(body->keys[j]->text, "weight") != 0) continue;
            double w = NAN;
            char what[300];
            snprintf(what, sizeof what, "'weight' of variant '%.*s'", NM(vs->keys[i]->text));
            if (pl_i_yget_num(L, body->items[j], what, &w) && !(w > 0))
                pl_i_yerr(L, body->items[j], "%s must be > 0 (got %g)", what, w);
            else if (!isnan(w) && L->nweights < PL_I_MAX_WEIGHTS) {
                L->weight_name[L->nweights] = vs->keys[i]->text;
                L->weight[L->nweights++] = w;
            }
            pl_i_ynode_free(body->keys[j]);
            pl_i_ynode_free(body->items[j]);
            memmove(body->keys + j, body->keys + j + 1, (body->n - j - 1) * sizeof *body->keys);
            memmove(body->items + j, body->items + j + 1, (body->n - j - 1) * sizeof *body->items);
            body->n--;
            break;
        }
    }
}

void pl_i_yuncertain_prepare(ld *L, pl_i_ynode *root)
{
    for (size_t s = 0; s < L->nsets && !L->oom; s++) apply_set(L, root, L->sets[s]);
    take_weights(L, root);
    char path[MAX_PATH] = "";
    extract(L, root, path, 0, 0);
}

/* ---- resolving paths to targets ---- */

/* The longest name[k] that starts `s` followed by '.' (or the end when `end`): its index and
 * *after the text behind the dot; PL_UNSET when none. */
static size_t match_name(const char *s, char *const *names, size_t stride, size_t n, bool end,
                         const char **after)
{
    size_t best = PL_UNSET, bl = 0;
    for (size_t k = 0; k < n; k++) {
        const char *nm = *(char *const *)((const char *)names + k * stride);
        if (!nm) continue;
        size_t l = strlen(nm);
        if (l >= bl && strncmp(s, nm, l) == 0 && (s[l] == '.' || (end && s[l] == '\0'))) {
            best = k;
            bl = l;
        }
    }
    if (best != PL_UNSET) *after = s + bl + (s[bl] == '.');
    return best;
}

#define NAMES(arr) (char *const *)&(arr)[0].name, sizeof *(arr)

static bool resolve_path(const pl_scenario_t *sc, const char *path, pl_target_t *t, bool *dirichlet)
{
    const char *r;
    *dirichlet = false;
    if (strncmp(path, "actors.", 7) == 0 && sc->nactors) {
        size_t a = match_name(path + 7, NAMES(sc->actors), sc->nactors, false, &r);
        if (a == PL_UNSET) return false;
        t->i = a;
        static const char *const f[] = {"reservation", "participation", "clout", "seats",
                                        "defection_cost", "discount", "deadline"};
        for (size_t k = 0; k < sizeof f / sizeof *f; k++)
            if (strcmp(r, f[k]) == 0) {
                t->field = (pl_target_field)(PL_TARGET_RESERVATION + k);
                return true;
            }
        if (strcmp(r, "salience") == 0) return *dirichlet = true;
        bool stance = strncmp(r, "stance.", 7) == 0, util = strncmp(r, "utility.", 8) == 0;
        if ((stance || util) && sc->nissues) {
            size_t i = match_name(r + (stance ? 7 : 8), NAMES(sc->issues), sc->nissues, false, &r);
            if (i == PL_UNSET) return false;
            t->j = i;
            if (stance && strcmp(r, "salience") == 0) t->field = PL_TARGET_SALIENCE;
            else if (stance && strcmp(r, "position") == 0 && sc->issues[i].kind != PL_ISSUE_CATEGORICAL)
                t->field = PL_TARGET_POSITION;
            else if (util && strcmp(r, "weight") == 0) t->field = PL_TARGET_WEIGHT;
            else return false;
            return true;
        }
        if (strncmp(r, "instruments.", 12) == 0) {
            char *end;
            unsigned long k = strtoul(r + 12, &end, 10);
            if (end == r + 12 || strcmp(end, ".max") != 0) return false;
            t->field = PL_TARGET_INSTRUMENT_MAX;
            t->j = k;
            return true;
        }
        return false;
    }
    if (strncmp(path, "ratification.", 13) == 0) {
        for (size_t k = 0; k < sc->nratifications; k++) {
            const pl_ratification_t *ra = &sc->ratifications[k];
            if (ra->party >= sc->nactors) continue;
            const char *nm = sc->actors[ra->party].name;
            size_t l = strlen(nm);
            if (strncmp(path + 13, nm, l) == 0 && strcmp(path + 13 + l, ".quota") == 0) {
                t->field = PL_TARGET_QUOTA;
                t->i = k;
                return true;
            }
        }
        return false;
    }
    if (strncmp(path, "linkages.", 9) == 0 && sc->nlinkages) {
        size_t l = match_name(path + 9, NAMES(sc->linkages), sc->nlinkages, false, &r);
        if (l == PL_UNSET) return false;
        t->i = l;
        if (strcmp(r, "p_deal") == 0) t->field = PL_TARGET_P_DEAL;
        else if (strcmp(r, "p_no_deal") == 0) t->field = PL_TARGET_P_NO_DEAL;
        else if (strncmp(r, "effects.", 8) == 0 && sc->nactors) {
            size_t a = match_name(r + 8, NAMES(sc->actors), sc->nactors, true, &r);
            if (a == PL_UNSET || *r) return false;
            t->field = PL_TARGET_EFFECT;
            t->j = a;
        } else {
            return false;
        }
        return true;
    }
    return false;
}

static void resolve_one(ld *L, pl_uncertain_t *u)
{
    pl_scenario_t *sc = L->sc;
    pl_i_ynode at = {.line = u->pos.line, .col = u->pos.col};
    pl_target_t t = {0};
    bool dir = false;
    if (!resolve_path(sc, u->path, &t, &dir) || (dir != (u->dist.kind == PL_DIST_DIRICHLET))) {
        pl_i_yerr(L, &at, "'%.*s' cannot be uncertain: a distribution may stand for an actor's "
                  "reservation, participation, clout, seats, defection_cost, discount or deadline "
                  "(rounds), a stance's salience or position, a utility weight, an instrument's max, "
                  "a ratification quota, a linkage's p_deal, p_no_deal or effect; "
                  "{dirichlet: c} stands for an actor's saliences", NM(u->path));
        return;
    }
    if (dir) {
        pl_actor_t *a = &sc->actors[t.i];
        size_t n = 0;
        for (size_t j = 0; a->stances && j < sc->nissues; j++) n += a->stances[j].salience > 0;
        if (a->utility != PL_UTILITY_POSITION || n < 2) {
            pl_i_yerr(L, &at, "'%.*s': {dirichlet: c} needs an actor with a stance on two issues "
                      "or more", NM(u->path));
            return;
        }
        u->targets = pl_i_ycalloc(L, n, sizeof *u->targets);
        u->dist.values = pl_i_ycalloc(L, n, sizeof *u->dist.values);
        if (!u->targets || !u->dist.values) return;
        for (size_t j = 0; j < sc->nissues; j++)
            if (a->stances[j].salience > 0) {
                u->targets[u->ntargets] = (pl_target_t){PL_TARGET_SALIENCE, t.i, j};
                u->dist.values[u->ntargets++] = a->stances[j].salience;
            }
        u->dist.n = u->ntargets;
        u->point = NAN;
        return;
    }
    double *p = pl_scenario_target(sc, &t);
    if (!p) {
        pl_i_yerr(L, &at, "'%.*s' names no value of the scenario", NM(u->path));
        return;
    }
    double lo, hi;
    pl_target_range(t.field, &lo, &hi);
    if (t.field == PL_TARGET_POSITION) {
        lo = sc->issues[t.j].lo;
        hi = sc->issues[t.j].hi;
    }
    pl_dist_t *d = &u->dist;
    if (d->kind == PL_DIST_NORMAL) {
        d->lo = lo;
        d->hi = hi;
        if (!(d->a >= lo && d->a <= hi)) {
            pl_i_yerr(L, &at, "the mean %g of '%.*s' is outside its legal range [%g, %g]", d->a,
                      NM(u->path), lo, hi);
            return;
        }
    } else if (d->lo < lo || d->hi > hi) {
        pl_i_yerr(L, &at, "the %s distribution of '%.*s' reaches [%g, %g], outside its legal range "
                  "[%g, %g]", pl_dist_name(d->kind), NM(u->path), d->lo, d->hi, lo, hi);
        return;
    }
    u->targets = pl_i_ycalloc(L, 1, sizeof *u->targets);
    if (!u->targets) return;
    u->targets[0] = t;
    u->ntargets = 1;
    u->point = pl_dist_point(d);
    *p = u->point;
}

void pl_i_yuncertain_resolve(ld *L)
{
    pl_scenario_t *sc = L->sc;
    for (size_t v = 0; v < sc->nvariants; v++) {
        sc->variants[v].weight = NAN;
        for (size_t k = 0; k < L->nweights; k++)
            if (sc->variants[v].name && strcmp(sc->variants[v].name, L->weight_name[k]) == 0)
                sc->variants[v].weight = L->weight[k];
    }
    for (size_t u = 0; u < sc->nuncertain && !L->oom; u++) resolve_one(L, &sc->uncertain[u]);
}
