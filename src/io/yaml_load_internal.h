/*
 * yaml_load_internal.h: what the files of the scenario loader share: the loader state, the
 * diagnostics ("FILE:LINE:COL: message"), typed access to the node tree with its checks (a
 * number, text, a yes/no, a mapping, known keys with "did you mean"), and the section loaders.
 */
#ifndef PL_YAML_LOAD_INTERNAL_H
#define PL_YAML_LOAD_INTERNAL_H

#include "yaml_internal.h"

#include "core/core_internal.h"

#include <parley/pl_io.h>

#include <string.h>

/* Messages are built in fixed buffers and cut when names are absurdly long: on purpose. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define MAX_VALUES_PER_ISSUE 1000000.0
#define MAX_VALUES_TOTAL 4000000.0
#define MAX_CELLS 50000000.0 /* per-value entries in stances, mandates and requirements */
#define MAX_DIAGS 100

/* The state of one load: `L` in every loader function. */
typedef struct ld {
    const char *file;
    const char *variant;
    pl_error_t *err;
    size_t ndiags;
    bool oom;
    pl_scenario_t *sc;
    const pl_i_ynode *root;
    bool *issue_ok;      /* per issue: well formed (so values can be looked up) */
    double cells;
    double total_values;
    /* hashed name look-ups (pl_i_yfind_actor/issue), rebuilt when the array changes */
    pl_i_strmap_t actor_ix, issue_ix;
    const void *actor_ix_of, *issue_ix_of;
    size_t actor_ix_n, issue_ix_n;
    const char *const *sets;      /* `--set PATH=VALUE` overrides (yaml_uncertain.c) */
    size_t nsets;
#define PL_I_MAX_WEIGHTS 256
    size_t nweights;              /* variants' `weight`s, taken out of the tree */
    const char *weight_name[PL_I_MAX_WEIGHTS];
    double weight[PL_I_MAX_WEIGHTS];
} ld;

/* Short form of a name for messages (a `%.*s` argument pair). */
#define NM(s) ((int)(strlen(s) > 120 ? 120 : strlen(s))), (s)

/* ---- diagnostics and allocation (yaml_access.c) ---- */

/* Report a problem at node `at` (NULL: no position); the variant is named when one is
 * applied. After MAX_DIAGS reports one "too many errors" closes the list. */
void pl_i_yerr(ld *L, const pl_i_ynode *at, const char *fmt, ...) PL_PRINTF(3, 4);
/* pl_calloc (n = 0 allocates one element) and pl_strdup (NULL stays NULL) that set L->oom
 * when out of memory. */
void *pl_i_ycalloc(ld *L, size_t n, size_t size);
char *pl_i_ystrdup(ld *L, const char *s);
/* "nothing", "a list", "a mapping" or "text", for messages. */
const char *pl_i_ykind_name(const pl_i_ynode *n);

/* ---- typed access (yaml_access.c) ---- */

/* Absent or null (plain ``, `~`, `null`). */
static inline bool pl_i_yabsent(const pl_i_ynode *n) { return !n || pl_i_ynode_is_null(n); }
/* `{value: X, source: ...}` -> X (other keys reported); any other node is returned as is. */
const pl_i_ynode *pl_i_yunwrap(ld *L, const pl_i_ynode *v, const char *what);
/* A number, text or yes/no: false (reported) when present but of the wrong kind; false (not
 * reported) when absent. `what` names the value in messages. */
bool pl_i_yget_num(ld *L, const pl_i_ynode *n, const char *what, double *out);
bool pl_i_yget_text(ld *L, const pl_i_ynode *n, const char *what, const char **out);
bool pl_i_yget_bool(ld *L, const pl_i_ynode *n, const char *what, bool *out);
/* Text into *dst (a pl_strdup copy replacing the old one) when present and text. */
void pl_i_yset_text(ld *L, char **dst, const pl_i_ynode *n, const char *what);
/* The node when it is a mapping; NULL when absent or null, and NULL (reported) otherwise. */
const pl_i_ynode *pl_i_ywant_map(ld *L, const pl_i_ynode *n, const char *what);
/* Report every key of `map` that is not `source` nor one of allowed[n], with a "did you
 * mean" (or where the key belongs) when a likely typo. `ctx` names the mapping. */
void pl_i_ycheck_keys(ld *L, const pl_i_ynode *map, const char *const *allowed, size_t n,
                      const char *ctx);
/* Number of entries of a named collection (every key except `source`). */
size_t pl_i_ycount_named(const pl_i_ynode *map);
/* The `source` note of a mapping (NULL when none). */
const char *pl_i_ysource_of(ld *L, const pl_i_ynode *map);
/* One number of one unit of units[nunits] in a mapping (`{days: 7}`); see yaml_access.c. */
int pl_i_yload_units(ld *L, const pl_i_ynode *map, const char *const *units, size_t nunits,
                     const char *what, const char *hint, double *out);
/* The shortest text that reads back as v (%.15g, else %.17g). */
void pl_i_yformat_num(double v, char *buf, size_t size);

/* ---- name look-ups with suggestions (yaml_access.c) ---- */

/* Index of the issue / actor `name`, or PL_UNSET (reported at `at`, with a "did you mean"). */
size_t pl_i_yfind_issue(ld *L, const pl_i_ynode *at, const char *name, const char *ctx);
size_t pl_i_yfind_actor(ld *L, const pl_i_ynode *at, const char *name, const char *ctx);
/* Value index of issue i named by node v (option name, or a number on the issue's grid), or
 * PL_UNSET (reported). */
size_t pl_i_yfind_value(ld *L, size_t i, const pl_i_ynode *v, const char *what);
/* "a party", "an external actor", ... */
const char *pl_i_ya_role(pl_role r);

/* ---- the sections, in the order they are loaded ---- */

/* 'issues' (yaml_issues.c): sets L->sc->issues and L->issue_ok. */
void pl_i_yload_issues(ld *L);

/* 'actors' (yaml_actors.c): sets L->sc->actors. Needs the issues and the round length. */
void pl_i_yload_actors(ld *L);
/* The preferences of actor a (yaml_actor_prefs.c); actx names the actor in messages. */
void pl_i_yload_stance(ld *L, pl_actor_t *a, const pl_i_ynode *stance, const char *actx);
void pl_i_yload_utility(ld *L, pl_actor_t *a, const pl_i_ynode *util, const char *actx);
void pl_i_yload_rectangles(ld *L, pl_actor_t *a, const pl_i_ynode *rn, const char *actx);
/* What actor a requires of a deal, its mandate and its instruments (yaml_actor_terms.c); body
 * is the actor's mapping, ctx names the actor. load_mandate is false when out of memory. */
void pl_i_yload_requires(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx);
bool pl_i_yload_mandate(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx);
void pl_i_yload_instruments(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx);
/* Every actor's `guarantees` (yaml_actor_terms.c): after the linkages, which they may name. */
void pl_i_yload_guarantees(ld *L);

/* 'ratification', 'decision' and 'constraints' (yaml_rules.c). Need the issues and actors. */
void pl_i_yload_ratification(ld *L);
void pl_i_yload_decision(ld *L);
void pl_i_yload_constraints(ld *L);
/* 'linkages' and 'proposals' (yaml_deals.c). Need the issues and actors. */
void pl_i_yload_linkages(ld *L);
void pl_i_yload_proposals(ld *L);

/* 'variants' (yaml_variants.c): apply the selected variant to the document root (its
 * `remove`, `add` and overlay sections, before the sections are read; false when out of
 * memory), then record every variant, its names checked against a copy of the base document. */
bool pl_i_yapply_overlay(ld *L, pl_i_ynode *root, const pl_i_ynode *ov);
void pl_i_yload_variants(ld *L, const pl_i_ynode *base);

/* Uncertain values and --set (yaml_uncertain.c): before the sections, write the overrides
 * into the tree and replace each distribution by its point (recorded in L->sc->uncertain);
 * after them, resolve each recorded path to the number it drives and set variant weights. */
void pl_i_yuncertain_prepare(ld *L, pl_i_ynode *root);
void pl_i_yuncertain_resolve(ld *L);

#endif
