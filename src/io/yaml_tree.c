/*
 * yaml_tree.c: libyaml events -> a small node tree that keeps the 1-based position of every
 * node. Detects what libyaml accepts but a scenario must not hold: duplicate keys (duplicate
 * names), non-scalar keys, aliases (rejected: they would let a tiny file expand enormously),
 * several documents, and nesting deeper than PL_I_YAML_MAX_DEPTH.
 */
#include "yaml_internal.h"

#include "core/core_internal.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

typedef struct yctx {
    yaml_parser_t parser;
    const char *name;
    pl_error_t *err;
    bool failed;   /* a diagnostic was reported */
    bool oom;
    bool fatal;    /* stop reading events (syntax error, depth) */
    size_t ndiags;
    const char *text; /* the document, to place reader errors and long keys */
    size_t len;
} yctx;

static void yerr(yctx *c, int line, int col, const char *fmt, ...) PL_PRINTF(4, 5);
static void yerr(yctx *c, int line, int col, const char *fmt, ...)
{
    c->failed = true;
    if (c->ndiags++ >= 100) return; /* a file of a thousand duplicate keys: enough said */
    va_list ap;
    va_start(ap, fmt);
    pl_error_vat(c->err, PL_EPARSE, c->name, line, col, fmt, ap);
    va_end(ap);
}

void pl_i_ynode_free(pl_i_ynode *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) {
        if (n->items) pl_i_ynode_free(n->items[i]);
        if (n->keys) pl_i_ynode_free(n->keys[i]);
    }
    pl_free(n->items);
    pl_free(n->keys);
    pl_free(n->text);
    pl_free(n);
}

static pl_i_ynode *node_new(pl_i_ykind kind, int line, int col)
{
    pl_i_ynode *n = pl_calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->line = line;
    n->col = col;
    return n;
}

static bool node_push(pl_i_ynode *n, pl_i_ynode *key, pl_i_ynode *val)
{
    if (n->n == n->cap) {
        size_t ncap = n->cap ? n->cap * 2 : 4;
        pl_i_ynode **ni = pl_realloc(n->items, ncap * sizeof *ni);
        if (!ni) return false;
        n->items = ni;
        if (n->kind == PL_I_YMAP) {
            pl_i_ynode **nk = pl_realloc(n->keys, ncap * sizeof *nk);
            if (!nk) return false;
            n->keys = nk;
        }
        n->cap = ncap;
    }
    n->items[n->n] = val;
    if (n->kind == PL_I_YMAP) n->keys[n->n] = key;
    n->n++;
    return true;
}

pl_i_ynode *pl_i_ynode_copy(const pl_i_ynode *n)
{
    if (!n) return NULL;
    pl_i_ynode *c = node_new(n->kind, n->line, n->col);
    if (!c) return NULL;
    c->plain = n->plain;
    if (n->text && !(c->text = pl_strdup(n->text))) goto fail;
    for (size_t i = 0; i < n->n; i++) {
        pl_i_ynode *k = NULL, *v = pl_i_ynode_copy(n->items[i]);
        if (!v) goto fail;
        if (n->kind == PL_I_YMAP && !(k = pl_i_ynode_copy(n->keys[i]))) {
            pl_i_ynode_free(v);
            goto fail;
        }
        if (!node_push(c, k, v)) {
            pl_i_ynode_free(k);
            pl_i_ynode_free(v);
            goto fail;
        }
    }
    return c;
fail:
    pl_i_ynode_free(c);
    return NULL;
}

pl_i_ynode *pl_i_ymap_get(const pl_i_ynode *map, const char *key)
{
    if (!map || map->kind != PL_I_YMAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->text, key) == 0) return map->items[i];
    return NULL;
}

bool pl_i_ynode_is_null(const pl_i_ynode *n)
{
    if (!n) return true;
    if (n->kind != PL_I_YSCALAR || !n->plain) return false;
    const char *t = n->text;
    return t[0] == '\0' || strcmp(t, "~") == 0 || strcmp(t, "null") == 0 ||
           strcmp(t, "Null") == 0 || strcmp(t, "NULL") == 0;
}

bool pl_i_ynode_merge(pl_i_ynode **base, const pl_i_ynode *overlay)
{
    if (!overlay) return true;
    if (*base && (*base)->kind == PL_I_YMAP && overlay->kind == PL_I_YMAP) {
        for (size_t i = 0; i < overlay->n; i++) {
            const char *k = overlay->keys[i]->text;
            size_t j;
            for (j = 0; j < (*base)->n; j++)
                if (strcmp((*base)->keys[j]->text, k) == 0) break;
            if (j < (*base)->n) {
                if (!pl_i_ynode_merge(&(*base)->items[j], overlay->items[i])) return false;
            } else {
                pl_i_ynode *kc = pl_i_ynode_copy(overlay->keys[i]);
                pl_i_ynode *vc = pl_i_ynode_copy(overlay->items[i]);
                if (!kc || !vc || !node_push(*base, kc, vc)) {
                    pl_i_ynode_free(kc);
                    pl_i_ynode_free(vc);
                    return false;
                }
            }
        }
        return true;
    }
    pl_i_ynode *c = pl_i_ynode_copy(overlay);
    if (!c) return false;
    pl_i_ynode_free(*base);
    *base = c;
    return true;
}

/* ---- event reading ---- */

/* Does the key starting at byte `at` run 1024 characters or more without its ':'? libyaml then
 * says only "could not find expected ':'". */
static bool key_too_long(const yctx *c, size_t at)
{
    size_t n = 0;
    for (size_t k = at; k < c->len && c->text[k] != ':' && c->text[k] != '\n'; k++)
        if (((unsigned char)c->text[k] & 0xC0) != 0x80) n++;
    return n >= 1024;
}

/* Is the text between the start of the line (after its indentation) and byte `colon` 1024
 * characters or more? */
static bool key_before_too_long(const yctx *c, size_t colon)
{
    if (colon > c->len) return false;
    size_t b = colon;
    while (b > 0 && c->text[b - 1] != '\n') b--;
    while (b < colon && (c->text[b] == ' ' || c->text[b] == '-')) b++;
    return key_too_long(c, b);
}

static bool next_event(yctx *c, yaml_event_t *ev)
{
    if (c->fatal) return false;
    if (!yaml_parser_parse(&c->parser, ev)) {
        yaml_parser_t *p = &c->parser;
        if (p->error == YAML_MEMORY_ERROR) {
            c->oom = true;
        } else if (p->error == YAML_READER_ERROR) {
            /* libyaml places reader errors (invalid UTF-8, control bytes) by byte offset only:
             * count the lines up to it rather than reporting 1:1 */
            size_t off = p->problem_offset < c->len ? p->problem_offset : c->len;
            int line = 1, col = 1;
            for (size_t k = 0; k < off; k++) {
                if (c->text[k] == '\n') line++, col = 1;
                else if (((unsigned char)c->text[k] & 0xC0) != 0x80) col++;
            }
            yerr(c, line, col, "%s (byte %zu of the file)",
                 p->problem ? p->problem : "cannot read the text", off + 1);
        } else if (p->context && strcmp(p->context, "while scanning a simple key") == 0 &&
                   key_too_long(c, p->context_mark.index)) {
            yerr(c, (int)p->context_mark.line + 1, (int)p->context_mark.column + 1,
                 "a key longer than 1024 characters (the YAML reader's limit for a key): "
                 "use a shorter name");
        } else if (p->problem && strstr(p->problem, "mapping values are not allowed") &&
                   key_before_too_long(c, p->problem_mark.index)) {
            /* a block key over the limit: libyaml no longer sees it as a key at its ':' */
            yerr(c, (int)p->problem_mark.line + 1, 1,
                 "a key longer than 1024 characters (the YAML reader's limit for a key): "
                 "use a shorter name");
        } else {
            const char *problem = p->problem ? p->problem : "malformed YAML";
            if (p->context)
                yerr(c, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
                     "syntax error: %s (%s at line %d)", problem, p->context,
                     (int)p->context_mark.line + 1);
            else
                yerr(c, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
                     "syntax error: %s", problem);
        }
        c->fatal = true;
        return false;
    }
    return true;
}

static pl_i_ynode *parse_node(yctx *c, yaml_event_t *ev, int depth, const char *parent);

/* Read items until the end event of the collection `n`; `seen` indexes a mapping's keys (a
 * file of 80,000 actors would otherwise compare every name with every earlier one). */
static bool parse_items_in(yctx *c, pl_i_ynode *n, int depth, const char *parent,
                           pl_i_strmap_t *seen)
{
    for (;;) {
        yaml_event_t ev;
        if (!next_event(c, &ev)) return false;
        if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return true;
        }
        pl_i_ynode *key = parse_node(c, &ev, depth + 1, parent);
        yaml_event_delete(&ev);
        if (c->fatal || c->oom) {
            pl_i_ynode_free(key);
            return false;
        }
        if (n->kind == PL_I_YSEQ) {
            if (key && !node_push(n, NULL, key)) {
                pl_i_ynode_free(key);
                c->oom = true;
                return false;
            }
            continue;
        }
        /* mapping: key then value */
        if (!next_event(c, &ev)) {
            pl_i_ynode_free(key);
            return false;
        }
        const char *kname = key && key->kind == PL_I_YSCALAR ? key->text : parent;
        pl_i_ynode *val = parse_node(c, &ev, depth + 1, kname);
        yaml_event_delete(&ev);
        if (c->fatal || c->oom) {
            pl_i_ynode_free(key);
            pl_i_ynode_free(val);
            return false;
        }
        if (!key || !val) { /* an alias: already reported */
            pl_i_ynode_free(key);
            pl_i_ynode_free(val);
            continue;
        }
        if (key->kind != PL_I_YSCALAR) {
            yerr(c, key->line, key->col, "a mapping key must be a plain name, not a %s",
                 key->kind == PL_I_YSEQ ? "sequence" : "mapping");
            pl_i_ynode_free(key);
            pl_i_ynode_free(val);
            continue;
        }
        size_t fi = pl_i_strmap_get(seen, key->text);
        pl_i_ynode *first = fi < n->n ? n->keys[fi] : NULL;
        if (first) {
            if (parent)
                yerr(c, key->line, key->col, "duplicate key '%s' in '%s' (first at line %d)",
                     key->text, parent, first->line);
            else
                yerr(c, key->line, key->col, "duplicate key '%s' (first at line %d)", key->text,
                     first->line);
            pl_i_ynode_free(key);
            pl_i_ynode_free(val);
            continue;
        }
        if (!node_push(n, key, val)) {
            pl_i_ynode_free(key);
            pl_i_ynode_free(val);
            c->oom = true;
            return false;
        }
        if (!pl_i_strmap_put(seen, key->text, n->n - 1)) {
            c->oom = true;
            return false;
        }
    }
}

static bool parse_items(yctx *c, pl_i_ynode *n, int depth, const char *parent)
{
    pl_i_strmap_t seen = {0};
    bool ok = parse_items_in(c, n, depth, parent, &seen);
    pl_i_strmap_free(&seen);
    return ok;
}

/* Build the node that starts with `ev` (a scalar or a collection start). NULL for an alias
 * (reported) or on failure (c->oom / c->fatal set). */
static pl_i_ynode *parse_node(yctx *c, yaml_event_t *ev, int depth, const char *parent)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    if (ev->type == YAML_ALIAS_EVENT) {
        yerr(c, line, col, "aliases are not supported ('*%s'): write the value out",
             (const char *)ev->data.alias.anchor);
        return NULL;
    }
    if (depth > PL_I_YAML_MAX_DEPTH) {
        yerr(c, line, col, "nesting deeper than %d levels", PL_I_YAML_MAX_DEPTH);
        c->fatal = true;
        return NULL;
    }
    pl_i_ynode *n;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        n = node_new(PL_I_YSCALAR, line, col);
        if (!n) break;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->text = pl_malloc(ev->data.scalar.length + 1);
        if (!n->text) {
            pl_free(n);
            n = NULL;
            break;
        }
        memcpy(n->text, ev->data.scalar.value, ev->data.scalar.length);
        n->text[ev->data.scalar.length] = '\0';
        return n;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        n = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? PL_I_YSEQ : PL_I_YMAP, line, col);
        if (!n) break;
        if (!parse_items(c, n, depth, parent)) {
            pl_i_ynode_free(n);
            return NULL;
        }
        return n;
    default:
        yerr(c, line, col, "unexpected YAML event");
        c->fatal = true;
        return NULL;
    }
    c->oom = true;
    return NULL;
}

pl_status pl_i_yaml_parse(const char *text, size_t len, const char *name, pl_i_ynode **root,
                          pl_error_t *err)
{
    *root = NULL;
    yctx c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.err = err;
    c.text = text;
    c.len = len;
    if (!yaml_parser_initialize(&c.parser)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, len);
    yaml_event_t ev;
    bool in_doc = false, done = false;
    int ndocs = 0;
    while (!done && next_event(&c, &ev)) {
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            in_doc = true;
            if (++ndocs == 2) {
                yerr(&c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                     "a scenario file holds one YAML document, this is a second one");
                c.fatal = true;
            }
            break;
        case YAML_DOCUMENT_END_EVENT: in_doc = false; break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
        case YAML_ALIAS_EVENT:
            if (in_doc && !*root) *root = parse_node(&c, &ev, 1, NULL);
            break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&c.parser);
    if (c.fatal) { /* a partial tree would only produce follow-on errors */
        pl_i_ynode_free(*root);
        *root = NULL;
    }
    if (c.oom) {
        pl_i_ynode_free(*root);
        *root = NULL;
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    return c.failed ? PL_EPARSE : PL_OK;
}

/* ---- suggestions ---- */

size_t pl_i_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

const char *pl_i_suggest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    size_t cap = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t bestd = cap + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        size_t d = pl_i_edit_distance(word, cands[i], cap);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    return best;
}
