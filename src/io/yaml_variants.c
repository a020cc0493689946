/*
 * yaml_variants.c: the scenario's 'variants': the selected one is applied to the document
 * before it is read (its `remove` and `add` sections, then its overlay sections deep-merged);
 * every one is recorded (its overlay kept as text for the writer) and its sections and names
 * are checked against the base scenario.
 */
#include "yaml_load_internal.h"

#include <stdio.h>
#include <string.h>

/* The overlay sections (merged over the base) and the named sections `add`/`remove` work on
 * (every named section, plus `options`, per issue). A new named top-level section only needs
 * its name in both lists. */
static const char *const overlay_sections[] = {"name", "issues", "actors", "ratification",
                                                "linkages", "proposals", "decision", "constraints", "add", "remove"};
#define NOVERLAY (sizeof overlay_sections / sizeof *overlay_sections)
static const char *const named_sections[] = {"issues", "actors", "ratification", "linkages",
                                              "proposals", "options", "constraints"};
#define NNAMED (sizeof named_sections / sizeof *named_sections)

static bool is_one_of(const char *s, const char *const *list, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (strcmp(s, list[j]) == 0) return true;
    return false;
}

/* The text of a name in a list (`X` or `{value: X, source: ...}`), NULL when not text. */
static const char *item_text(const pl_i_ynode *it)
{
    if (it && it->kind == PL_I_YMAP) it = pl_i_ymap_get(it, "value");
    return it && it->kind == PL_I_YSCALAR && !pl_i_ynode_is_null(it) ? it->text : NULL;
}

/* Keep the overlay sections of a variant as text (so that writing the scenario keeps them). */
static void keep_overlay(ld *L, pl_variant_t *v, const pl_i_ynode *body)
{
    pl_i_ynode sect = {.kind = PL_I_YMAP};
    sect.keys = pl_i_ycalloc(L, body->n, sizeof *sect.keys);
    sect.items = pl_i_ycalloc(L, body->n, sizeof *sect.items);
    for (size_t k = 0; sect.keys && sect.items && k < body->n; k++)
        if (is_one_of(body->keys[k]->text, overlay_sections, NOVERLAY)) {
            sect.keys[sect.n] = body->keys[k];
            sect.items[sect.n++] = body->items[k];
        }
    if (sect.n && !(v->overlay = pl_i_ynode_to_block_text(&sect))) L->oom = true;
    pl_free(sect.keys);
    pl_free(sect.items);
}

/* ---- checks (every variant, against the base document) ---- */

/* Report `nm` as unknown in `section` of the base (with a "did you mean"). */
static void unknown_name(ld *L, const pl_i_ynode *at, const pl_i_ynode *base, const char *ctx,
                         const char *verb, const char *what, const char *nm, const char *hint)
{
    const char **names = NULL;
    size_t nn = 0;
    if (base && base->kind == PL_I_YMAP && (names = pl_calloc(base->n + 1, sizeof *names)))
        for (size_t q = 0; q < base->n; q++) names[nn++] = base->keys[q]->text;
    const char *sg = names ? pl_i_suggest(nm, names, nn) : NULL;
    if (sg)
        pl_i_yerr(L, at, "%s %s unknown %s '%.*s' (did you mean '%s'?)", ctx, verb, what, NM(nm), sg);
    else
        pl_i_yerr(L, at, "%s %s unknown %s '%.*s'%s", ctx, verb, what, NM(nm), hint);
    pl_free(names);
}

/* "actor" for "actors", ... (the singular used in messages). */
static const char *singular(const char *section)
{
    static const char *const one[] = {"issue", "actor", "ratification rule", "linkage",
                                      "proposal", "option"};
    for (size_t j = 0; j < NNAMED; j++)
        if (strcmp(section, named_sections[j]) == 0) return one[j];
    return "entry";
}

/* Is `nm` added to `section` by the variant's `add`? */
static bool added(const pl_i_ynode *body, const char *section, const char *nm)
{
    const pl_i_ynode *sec = pl_i_ymap_get(pl_i_ymap_get(body, "add"), section);
    return sec && sec->kind == PL_I_YMAP && pl_i_ymap_get(sec, nm);
}

/* Is `nm` removed from `section` by the variant's `remove`? */
static bool removed(const pl_i_ynode *body, const char *section, const char *nm)
{
    const pl_i_ynode *sec = pl_i_ymap_get(pl_i_ymap_get(body, "remove"), section);
    if (!sec) return false;
    if (sec->kind == PL_I_YSCALAR) return item_text(sec) && strcmp(item_text(sec), nm) == 0;
    for (size_t k = 0; sec->kind == PL_I_YSEQ && k < sec->n; k++)
        if (item_text(sec->items[k]) && strcmp(item_text(sec->items[k]), nm) == 0) return true;
    return false;
}

/* The options of issue `nm` in the base (a list node), NULL when none. */
static const pl_i_ynode *base_options(const pl_i_ynode *base, const char *nm)
{
    const pl_i_ynode *o = pl_i_ymap_get(pl_i_ymap_get(pl_i_ymap_get(base, "issues"), nm), "options");
    return o && o->kind == PL_I_YSEQ ? o : NULL;
}

static bool has_option(const pl_i_ynode *opts, const char *o)
{
    for (size_t k = 0; opts && k < opts->n; k++)
        if (item_text(opts->items[k]) && strcmp(item_text(opts->items[k]), o) == 0) return true;
    return false;
}

/* `options: {ISSUE: [OPT, ...]}` under `add` (adding) or `remove`. */
static void check_options(ld *L, const pl_i_ynode *base, const pl_i_ynode *body, const pl_i_ynode *m,
                          bool adding, const char *ctx)
{
    char what[400];
    snprintf(what, sizeof what, "'options' under '%s' of %s", adding ? "add" : "remove", ctx);
    m = pl_i_ywant_map(L, m, what);
    for (size_t j = 0; m && j < m->n; j++) {
        const char *is = m->keys[j]->text;
        if (strcmp(is, "source") == 0) continue;
        const pl_i_ynode *opts = base_options(base, is);
        if (!pl_i_ymap_get(pl_i_ymap_get(base, "issues"), is)) {
            if (!added(body, "issues", is))
                unknown_name(L, m->keys[j], pl_i_ymap_get(base, "issues"), ctx, "names", "issue", is, "");
            continue;
        }
        if (!opts) {
            pl_i_yerr(L, m->keys[j], "%s names issue '%.*s', which has no options list (only "
                      "categorical and ordered issues have one)", what, NM(is));
            continue;
        }
        const pl_i_ynode *l = m->items[j];
        size_t nl = l->kind == PL_I_YSEQ ? l->n : 1;
        for (size_t k = 0; k < nl; k++) {
            const pl_i_ynode *it = l->kind == PL_I_YSEQ ? l->items[k] : l;
            const char *o = item_text(it);
            if (!o) {
                pl_i_yerr(L, it, "%s: the options of issue '%.*s' must be a list of names", what, NM(is));
                break;
            }
            if (adding && has_option(opts, o))
                pl_i_yerr(L, it, "%s adds option '%.*s' of issue '%.*s', which it already has", ctx,
                          NM(o), NM(is));
            else if (!adding && !has_option(opts, o)) {
                const char **names = pl_calloc(opts->n + 1, sizeof *names);
                size_t nn = 0;
                for (size_t q = 0; names && q < opts->n; q++)
                    if (item_text(opts->items[q])) names[nn++] = item_text(opts->items[q]);
                const char *sg = names ? pl_i_suggest(o, names, nn) : NULL;
                if (sg)
                    pl_i_yerr(L, it, "%s removes unknown option '%.*s' of issue '%.*s' (did you mean '%s'?)",
                              ctx, NM(o), NM(is), sg);
                else
                    pl_i_yerr(L, it, "%s removes unknown option '%.*s' of issue '%.*s'", ctx, NM(o), NM(is));
                pl_free(names);
            }
        }
    }
}

/* The `add` or `remove` section of a variant. */
static void check_add_remove(ld *L, const pl_i_ynode *base, const pl_i_ynode *body,
                             const pl_i_ynode *sv, bool adding, const char *ctx)
{
    char what[400];
    const char *key = adding ? "add" : "remove";
    snprintf(what, sizeof what, "'%s' of %s", key, ctx);
    const pl_i_ynode *m = pl_i_ywant_map(L, sv, what);
    for (size_t j = 0; m && j < m->n; j++) {
        const pl_i_ynode *sk = m->keys[j], *sec = m->items[j];
        const char *s = sk->text;
        if (strcmp(s, "source") == 0) continue;
        if (!is_one_of(s, named_sections, NNAMED)) {
            const char *sg = pl_i_suggest(s, named_sections, NNAMED);
            if (sg) pl_i_yerr(L, sk, "unknown section '%.*s' in %s (did you mean '%s'?)", NM(s), what, sg);
            else pl_i_yerr(L, sk, "unknown section '%.*s' in %s (issues, actors, ratification, linkages, "
                           "proposals or options)", NM(s), what);
            continue;
        }
        if (strcmp(s, "options") == 0) {
            check_options(L, base, body, sec, adding, ctx);
            continue;
        }
        const pl_i_ynode *bs = pl_i_ymap_get(base, s);
        char sw[500];
        snprintf(sw, sizeof sw, "'%s' under %s", s, what);
        if (adding) {
            const pl_i_ynode *am = pl_i_ywant_map(L, sec, sw);
            for (size_t k = 0; am && k < am->n; k++) {
                const char *nm = am->keys[k]->text;
                if (strcmp(nm, "source") == 0) continue;
                if (pl_i_ymap_get(bs, nm) && !removed(body, s, nm))
                    pl_i_yerr(L, am->keys[k], "%s adds %s '%.*s', which the scenario already has "
                              "(change it under '%s')", ctx, singular(s), NM(nm), s);
            }
            continue;
        }
        if (pl_i_yabsent(sec) || sec->kind == PL_I_YMAP) {
            pl_i_yerr(L, pl_i_yabsent(sec) ? sk : sec, "%s must be a list of names, not %s", sw,
                      pl_i_ykind_name(sec));
            continue;
        }
        size_t nl = sec->kind == PL_I_YSEQ ? sec->n : 1;
        for (size_t k = 0; k < nl; k++) {
            const pl_i_ynode *it = sec->kind == PL_I_YSEQ ? sec->items[k] : sec;
            const char *nm = item_text(it);
            if (!nm) pl_i_yerr(L, it, "%s must be a list of names", sw);
            else if (!pl_i_ymap_get(bs, nm) || strcmp(nm, "source") == 0)
                unknown_name(L, it, bs, ctx, "removes", singular(s), nm, "");
        }
    }
}

/* The variant's overlay of `actors` or `issues` may only name what the base (or its `add`)
 * defines. */
static void check_overlay_names(ld *L, const pl_i_ynode *base, const pl_i_ynode *body,
                                const char *s, const pl_i_ynode *sv, const char *ctx)
{
    char what[400];
    snprintf(what, sizeof what, "'%s' of %s", s, ctx);
    const pl_i_ynode *m = pl_i_ywant_map(L, sv, what);
    const pl_i_ynode *bs = pl_i_ymap_get(base, s);
    for (size_t j = 0; m && j < m->n; j++) {
        const char *nm = m->keys[j]->text;
        if (strcmp(nm, "source") == 0) continue;
        if ((bs && bs->kind == PL_I_YMAP && pl_i_ymap_get(bs, nm)) || added(body, s, nm)) continue;
        char hint[200];
        snprintf(hint, sizeof hint, " (a new %s goes under 'add: {%s: ...}')", singular(s), s);
        unknown_name(L, m->keys[j], bs, ctx, "names", singular(s), nm, hint);
    }
}

/* Record every variant and check its overlay's shape (sections and names) against the base
 * document (a copy of the root as written). */
void pl_i_yload_variants(ld *L, const pl_i_ynode *base)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *vs = pl_i_ywant_map(L, pl_i_ymap_get(L->root, "variants"), "'variants'");
    if (!vs) return;
    size_t n = pl_i_ycount_named(vs);
    if (!n) return;
    sc->variants = pl_i_ycalloc(L, n, sizeof *sc->variants);
    if (!sc->variants) return;
    for (size_t i = 0; i < vs->n && !L->oom; i++) {
        const pl_i_ynode *key = vs->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        pl_variant_t *v = &sc->variants[sc->nvariants++];
        v->name = pl_i_ystrdup(L, key->text);
        v->pos.line = key->line;
        v->pos.col = key->col;
        char ctx[200], what[300];
        snprintf(ctx, sizeof ctx, "variant '%.*s'", NM(key->text));
        const pl_i_ynode *body = pl_i_ywant_map(L, vs->items[i], ctx);
        if (!body) continue;
        v->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        snprintf(what, sizeof what, "'description' of %s", ctx);
        pl_i_yset_text(L, &v->description, pl_i_ymap_get(body, "description"), what);
        keep_overlay(L, v, body);
        for (size_t k = 0; k < body->n; k++) {
            const pl_i_ynode *sk = body->keys[k], *sv = body->items[k];
            const char *s = sk->text;
            if (strcmp(s, "description") == 0 || strcmp(s, "source") == 0) continue;
            if (!is_one_of(s, overlay_sections, NOVERLAY)) {
                static const char *const all[] = {"description", "name", "issues", "actors",
                                                  "ratification", "linkages", "proposals",
                                                  "decision", "constraints", "add", "remove"};
                const char *sg = pl_i_suggest(s, all, sizeof all / sizeof *all);
                if (sg) pl_i_yerr(L, sk, "unknown key '%.*s' in %s (did you mean '%s'?)", NM(s), ctx, sg);
                else pl_i_yerr(L, sk, "unknown key '%.*s' in %s (a variant overlays name, issues, actors, "
                               "ratification, linkages, proposals, decision or constraints, and may add or "
                               "remove entries)", NM(s), ctx);
                continue;
            }
            if (strcmp(s, "add") == 0 || strcmp(s, "remove") == 0)
                check_add_remove(L, base, body, sv, strcmp(s, "add") == 0, ctx);
            else if (strcmp(s, "actors") == 0 || strcmp(s, "issues") == 0)
                check_overlay_names(L, base, body, s, sv, ctx);
        }
    }
}

/* ---- applying the selected variant ---- */

/* Drop key `k` of mapping `map` (nothing when absent). */
static void map_drop(pl_i_ynode *map, const char *k)
{
    if (!map || map->kind != PL_I_YMAP) return;
    for (size_t j = 0; j < map->n; j++)
        if (strcmp(map->keys[j]->text, k) == 0) {
            pl_i_ynode_free(map->keys[j]);
            pl_i_ynode_free(map->items[j]);
            memmove(map->keys + j, map->keys + j + 1, (map->n - j - 1) * sizeof *map->keys);
            memmove(map->items + j, map->items + j + 1, (map->n - j - 1) * sizeof *map->items);
            map->n--;
            return;
        }
}

/* Drop the items of list `l` whose name is `nm`. */
static void list_drop(pl_i_ynode *l, const char *nm)
{
    if (!l || l->kind != PL_I_YSEQ) return;
    size_t w = 0;
    for (size_t j = 0; j < l->n; j++) {
        const char *t = item_text(l->items[j]);
        if (t && strcmp(t, nm) == 0) pl_i_ynode_free(l->items[j]);
        else l->items[w++] = l->items[j];
    }
    l->n = w;
}

/* Removing an actor also removes what is keyed by its name: its ratification rule, its
 * entries in the linkages' effects and in the other actors' `via`. */
static void drop_actor_refs(pl_i_ynode *root, const char *nm)
{
    map_drop(pl_i_ymap_get(root, "ratification"), nm);
    pl_i_ynode *lk = pl_i_ymap_get(root, "linkages");
    for (size_t j = 0; lk && lk->kind == PL_I_YMAP && j < lk->n; j++)
        map_drop(pl_i_ymap_get(lk->items[j], "effects"), nm);
    pl_i_ynode *ac = pl_i_ymap_get(root, "actors");
    for (size_t j = 0; ac && ac->kind == PL_I_YMAP && j < ac->n; j++) {
        pl_i_ynode *via = pl_i_ymap_get(ac->items[j], "via");
        if (via && via->kind == PL_I_YSCALAR && strcmp(via->text, nm) == 0) map_drop(ac->items[j], "via");
        else list_drop(via, nm);
    }
}

static void apply_remove(pl_i_ynode *root, const pl_i_ynode *rem)
{
    for (size_t j = 0; rem && rem->kind == PL_I_YMAP && j < rem->n; j++) {
        const char *s = rem->keys[j]->text;
        const pl_i_ynode *l = rem->items[j];
        if (strcmp(s, "options") == 0) {
            for (size_t k = 0; l->kind == PL_I_YMAP && k < l->n; k++) {
                pl_i_ynode *opts = pl_i_ymap_get(pl_i_ymap_get(pl_i_ymap_get(root, "issues"),
                                                               l->keys[k]->text), "options");
                const pl_i_ynode *ol = l->items[k];
                size_t no = ol->kind == PL_I_YSEQ ? ol->n : 1;
                for (size_t q = 0; q < no; q++) {
                    const char *o = item_text(ol->kind == PL_I_YSEQ ? ol->items[q] : ol);
                    if (o) list_drop(opts, o);
                }
            }
            continue;
        }
        if (!is_one_of(s, named_sections, NNAMED)) continue;
        size_t nl = l->kind == PL_I_YSEQ ? l->n : 1;
        for (size_t k = 0; k < nl; k++) {
            const char *nm = item_text(l->kind == PL_I_YSEQ ? l->items[k] : l);
            if (!nm) continue;
            map_drop(pl_i_ymap_get(root, s), nm);
            if (strcmp(s, "actors") == 0) drop_actor_refs(root, nm);
        }
    }
}

/* Append a copy of `it` to list `l`. False when out of memory. */
static bool list_push(pl_i_ynode *l, const pl_i_ynode *it)
{
    pl_i_ynode *c = pl_i_ynode_copy(it);
    pl_i_ynode **ni = c ? pl_realloc(l->items, (l->n + 1) * sizeof *ni) : NULL;
    if (!ni) {
        pl_i_ynode_free(c);
        return false;
    }
    l->items = ni;
    l->items[l->n++] = c;
    l->cap = l->n;
    return true;
}

/* `add`: new named entries are merged in (a section the base lacks is created); options are
 * appended to their issue's list. False when out of memory. */
static bool apply_add(pl_i_ynode *root, const pl_i_ynode *add)
{
    for (size_t j = 0; add && add->kind == PL_I_YMAP && j < add->n; j++) {
        const char *s = add->keys[j]->text;
        const pl_i_ynode *sec = add->items[j];
        if (strcmp(s, "options") == 0) {
            for (size_t k = 0; sec->kind == PL_I_YMAP && k < sec->n; k++) {
                pl_i_ynode *opts = pl_i_ymap_get(pl_i_ymap_get(pl_i_ymap_get(root, "issues"),
                                                               sec->keys[k]->text), "options");
                const pl_i_ynode *ol = sec->items[k];
                if (!opts || opts->kind != PL_I_YSEQ) continue;
                size_t no = ol->kind == PL_I_YSEQ ? ol->n : 1;
                for (size_t q = 0; q < no; q++)
                    if (!list_push(opts, ol->kind == PL_I_YSEQ ? ol->items[q] : ol)) return false;
            }
            continue;
        }
        if (!is_one_of(s, named_sections, NNAMED) || sec->kind != PL_I_YMAP) continue;
        pl_i_ynode wrap = {.kind = PL_I_YMAP, .n = 1, .keys = (pl_i_ynode **)&add->keys[j],
                           .items = (pl_i_ynode **)&add->items[j]};
        if (!pl_i_ynode_merge(&root, &wrap)) return false;
    }
    return true;
}

/* Apply variant ov to the document root: its `remove`, its `add`, then the deep-merge of its
 * overlay sections (a section the base lacks is added). False when out of memory (L->oom). */
bool pl_i_yapply_overlay(ld *L, pl_i_ynode *root, const pl_i_ynode *ov)
{
    if (!ov || ov->kind != PL_I_YMAP) return true;
    apply_remove(root, pl_i_ymap_get(ov, "remove"));
    if (!apply_add(root, pl_i_ymap_get(ov, "add"))) return !(L->oom = true);
    for (size_t i = 0; i < ov->n; i++) {
        const char *s = ov->keys[i]->text;
        if (!is_one_of(s, overlay_sections, NOVERLAY) || strcmp(s, "add") == 0 ||
            strcmp(s, "remove") == 0)
            continue;
        pl_i_ynode wrap = {.kind = PL_I_YMAP, .n = 1, .keys = (pl_i_ynode **)&ov->keys[i],
                           .items = (pl_i_ynode **)&ov->items[i]};
        if (!pl_i_ynode_merge(&root, &wrap)) return !(L->oom = true);
    }
    return true;
}
