/*
 * yaml_internal.h: the small YAML node tree the scenario loader reads (built from libyaml
 * events, every node with its 1-based line/column), and the overlay merge used by variants.
 */
#ifndef PL_YAML_INTERNAL_H
#define PL_YAML_INTERNAL_H

#include <parley/pl_common.h>

typedef enum pl_i_ykind { PL_I_YSCALAR = 0, PL_I_YSEQ, PL_I_YMAP } pl_i_ykind;

typedef struct pl_i_ynode pl_i_ynode;
struct pl_i_ynode {
    pl_i_ykind kind;
    int line, col;       /* 1-based */
    char *text;          /* scalar text (NUL-terminated) */
    bool plain;          /* scalar written without quotes (so `~`, `null` and empty are null) */
    size_t n, cap;       /* items (sequence) or pairs (mapping) */
    pl_i_ynode **items;  /* sequence items; mapping values */
    pl_i_ynode **keys;   /* mapping keys (scalars) */
};

/** Limits against pathological input. */
#define PL_I_YAML_MAX_DEPTH 64

/**
 * Parse `text` into a tree. Syntax errors, duplicate keys, non-scalar keys, aliases and
 * nesting deeper than PL_I_YAML_MAX_DEPTH are appended to err as `name:line:col: ...`.
 * Returns PL_OK (with *root, possibly NULL for an empty document), PL_EPARSE or PL_ENOMEM.
 * On PL_EPARSE *root is NULL after a syntax error, or holds the tree without the offending
 * entries (duplicates, aliases) so that the caller can go on validating; free it with
 * pl_i_ynode_free.
 */
pl_status pl_i_yaml_parse(const char *text, size_t len, const char *name, pl_i_ynode **root,
                          pl_error_t *err);
void pl_i_ynode_free(pl_i_ynode *n);
pl_i_ynode *pl_i_ynode_copy(const pl_i_ynode *n);
/** Value of key `key` in mapping `map` (NULL when absent or map is not a mapping). */
pl_i_ynode *pl_i_ymap_get(const pl_i_ynode *map, const char *key);
/** Is the node a null scalar (plain ``, `~`, `null`)? NULL counts as null. */
bool pl_i_ynode_is_null(const pl_i_ynode *n);
/**
 * Deep-merge `overlay` into `*base`: mappings merge key by key, anything else replaces
 * (a copy of the overlay node). Returns false when out of memory.
 */
bool pl_i_ynode_merge(pl_i_ynode **base, const pl_i_ynode *overlay);

/**
 * A mapping rendered in the scenario language as a block mapping at indentation 0 (nested
 * mappings in block style, lists in flow style, scalars quoted when needed, null scalars as
 * `null`), one line per key. Returns malloc'ed text (pl_free), NULL when out of memory or
 * when `map` is not a mapping. Implemented in writer.c.
 */
char *pl_i_ynode_to_block_text(const pl_i_ynode *map);

/** Levenshtein distance (bytes), capped: returns cap+1 when larger. */
size_t pl_i_edit_distance(const char *a, const char *b, size_t cap);
/** The closest of `cands` to `word` when close enough to be a likely typo, else NULL. */
const char *pl_i_suggest(const char *word, const char *const *cands, size_t n);

/* The writer's pieces shared with writer_rules.c: a name or text, quoted when plain text
 * would not read back as it is (writer.c); the 'ratification', 'decision' and 'constraints'
 * sections (writer_rules.c). */
struct pl_i_buf;
struct pl_scenario;
void pl_i_write_quoted(struct pl_i_buf *b, const char *s);
void pl_i_write_rules(struct pl_i_buf *b, const struct pl_scenario *sc);
/* writer_values.c: a number (shortest exact text) and a distribution's flow form without its
 * closing brace (a source note may follow) */
void pl_i_write_num(struct pl_i_buf *b, double v);
/* yaml_load.c: scenario text loaded with opts (variant, --set) as the file `name` */
struct pl_load_opts;
pl_status pl_i_yaml_load_text(const char *text, size_t len, const char *name,
                              const struct pl_load_opts *opts, struct pl_scenario **out,
                              pl_error_t *err);
struct pl_dist;
void pl_i_write_dist(struct pl_i_buf *b, const struct pl_dist *d);

#endif
