/*
 * yaml_variants.c: the scenario's 'variants': the selected one is deep-merged into the document
 * before it is read; every one is recorded (its overlay kept as text for the writer) and its
 * sections and actor and issue names are checked against the base scenario.
 */
#include "yaml_load_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const overlay_sections[] = {"name", "issues", "actors", "ratification",
                                                "linkages", "proposals", "decision", "constraints"};

/* Keep the overlay sections of a variant as text (so that writing the scenario keeps them). */
static void keep_overlay(ld *L, pl_variant_t *v, const pl_i_ynode *body)
{
    pl_i_ynode sect = {.kind = PL_I_YMAP};
    sect.keys = pl_i_ycalloc(L, body->n, sizeof *sect.keys);
    sect.items = pl_i_ycalloc(L, body->n, sizeof *sect.items);
    for (size_t k = 0; sect.keys && sect.items && k < body->n; k++)
        for (size_t j = 0; j < sizeof overlay_sections / sizeof *overlay_sections; j++)
            if (strcmp(body->keys[k]->text, overlay_sections[j]) == 0) {
                sect.keys[sect.n] = body->keys[k];
                sect.items[sect.n++] = body->items[k];
            }
    if (sect.n && !(v->overlay = pl_i_ynode_to_block_text(&sect))) L->oom = true;
    pl_free(sect.keys);
    pl_free(sect.items);
}

/* Record every variant and check its overlay's shape (sections, actor and issue names). */
void pl_i_yload_variants(ld *L, const pl_i_ynode *base_actors, const pl_i_ynode *base_issues)
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
            bool known = false;
            for (size_t j = 0; j < sizeof overlay_sections / sizeof *overlay_sections; j++)
                known = known || strcmp(s, overlay_sections[j]) == 0;
            if (!known) {
                static const char *const all[] = {"description", "name", "issues", "actors",
                                                  "ratification", "linkages", "proposals",
                                                  "decision", "constraints"};
                const char *sg = pl_i_suggest(s, all, 9);
                if (sg) pl_i_yerr(L, sk, "unknown key '%.*s' in %s (did you mean '%s'?)", NM(s), ctx, sg);
                else pl_i_yerr(L, sk, "unknown key '%.*s' in %s (a variant overlays name, issues, actors, "
                               "ratification, linkages, proposals, decision or constraints)", NM(s), ctx);
                continue;
            }
            bool is_actors = strcmp(s, "actors") == 0, is_issues = strcmp(s, "issues") == 0;
            if (!is_actors && !is_issues) continue;
            snprintf(what, sizeof what, "'%s' of %s", s, ctx);
            const pl_i_ynode *m = pl_i_ywant_map(L, sv, what);
            const pl_i_ynode *base = is_actors ? base_actors : base_issues;
            for (size_t j = 0; m && j < m->n; j++) {
                const char *nm = m->keys[j]->text;
                if (strcmp(nm, "source") == 0) continue;
                if (base && base->kind == PL_I_YMAP && pl_i_ymap_get(base, nm)) continue;
                const char **names = NULL;
                size_t nn = 0;
                if (base && base->kind == PL_I_YMAP && (names = pl_calloc(base->n + 1, sizeof *names)))
                    for (size_t q = 0; q < base->n; q++) names[nn++] = base->keys[q]->text;
                const char *sg = names ? pl_i_suggest(nm, names, nn) : NULL;
                if (sg)
                    pl_i_yerr(L, m->keys[j], "%s names unknown %s '%.*s' (did you mean '%s'?)", ctx,
                              is_actors ? "actor" : "issue", NM(nm), sg);
                else
                    pl_i_yerr(L, m->keys[j], "%s names unknown %s '%.*s'", ctx,
                              is_actors ? "actor" : "issue", NM(nm));
                pl_free(names);
            }
        }
    }
}

/* Deep-merge the overlay sections of variant ov into the document root (a section the base
 * lacks is added). False when out of memory (L->oom set). */
bool pl_i_yapply_overlay(ld *L, pl_i_ynode *root, const pl_i_ynode *ov)
{
    if (ov && ov->kind == PL_I_YMAP) {
        for (size_t i = 0; i < ov->n; i++) {
            const char *s = ov->keys[i]->text;
            bool known = false;
            for (size_t j = 0; j < sizeof overlay_sections / sizeof *overlay_sections; j++)
                known = known || strcmp(s, overlay_sections[j]) == 0;
            if (!known) continue;
            size_t j;
            for (j = 0; j < root->n; j++)
                if (strcmp(root->keys[j]->text, s) == 0) break;
            if (j < root->n) {
                if (!pl_i_ynode_merge(&root->items[j], ov->items[i])) {
                    L->oom = true;
                    return false;
                }
            } else {
                pl_i_ynode *kc = pl_i_ynode_copy(ov->keys[i]);
                pl_i_ynode *vc = pl_i_ynode_copy(ov->items[i]);
                pl_i_ynode **ni = kc && vc ? pl_realloc(root->items, (root->n + 1) * sizeof *ni) : NULL;
                if (ni) root->items = ni;
                pl_i_ynode **nk = ni ? pl_realloc(root->keys, (root->n + 1) * sizeof *nk) : NULL;
                if (!nk) {
                    pl_i_ynode_free(kc);
                    pl_i_ynode_free(vc);
                    L->oom = true;
                    return false;
                }
                root->keys = nk;
                root->items[root->n] = vc;
                root->keys[root->n] = kc;
                root->n++;
                root->cap = root->n;
            }
        }
    }
    return true;
}
