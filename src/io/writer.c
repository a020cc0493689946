/*
 * writer.c: pl_scenario_to_yaml, any scenario (from the scenario language or from GENIUS)
 * rendered in the scenario language, so that loading the text gives an equivalent scenario.
 * Strings are written plain when that is unambiguous and double-quoted (with escapes)
 * otherwise; numbers with the shortest text that reads back to the same double.
 * Source notes are written where the value they belong to is written.
 */
#include "yaml_internal.h"
#include "core/core_internal.h"

#include <parley/pl_io.h>
#include <parley/pl_uncertain.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the shared growable buffer (src/core/buf.c), under the writer's short names */
typedef pl_i_buf_t wbuf;

static void w_quoted(wbuf *b, const char *s);

static void w_raw(wbuf *b, const char *s, size_t len) { pl_i_buf_put(b, s, len); }
static void w_str(wbuf *b, const char *s) { pl_i_buf_puts(b, s); }

static void w_fmt(wbuf *b, const char *fmt, ...) PL_PRINTF(2, 3);
static void w_fmt(wbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pl_i_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

static void w_indent(wbuf *b, int level)
{
    for (int i = 0; i < level; i++) w_str(b, "  ");
}

static void w_num(wbuf *b, double v) { pl_i_write_num(b, v); }

static bool looks_special(const char *s)
{
    static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "y",
                                        "n", "~"};
    char low[8];
    size_t n = strlen(s);
    if (n < sizeof low) {
        for (size_t i = 0; i <= n; i++) low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (strcmp(low, words[i]) == 0) return true;
    }
    char *end;
    strtod(s, &end);
    return end != s && *end == '\0'; /* reads as a number: quote it so that it stays text */
}

/* Are s's characters safe in a plain scalar (in block and flow context alike)? */
static bool plain_chars_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ') return false;
    unsigned char c0 = (unsigned char)s[0];
    if (!((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 == '_' || c0 >= 0x80 ||
          (c0 >= '0' && c0 <= '9')))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) return false; /* keep non-ASCII quoted: escapes below handle breaks */
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              strchr(" _.-()/+'&;!?%=<>@$^", c)))
            return false;
    }
    return true;
}

/* Can s be written as a plain scalar that reads back as the same text? */
static bool plain_ok(const char *s) { return plain_chars_ok(s) && !looks_special(s); }

/* A scalar that was written plain in the file and may be written plain again: safe
 * characters, or a number (kept as the user wrote it, "-0.25" included). */
static bool keep_plain(const char *s)
{
    if (plain_chars_ok(s)) return true;
    char *end;
    double v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(v) && s[0] != ' ' && (s[0] == '-' || s[0] == '+' || s[0] == '.');
}

void pl_i_write_quoted(pl_i_buf_t *b, const char *s) { w_quoted(b, s); }

static void w_quoted(wbuf *b, const char *s)
{
    if (plain_ok(s)) {
        w_str(b, s);
        return;
    }
    w_str(b, "\"");
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c == '"') w_str(b, "\\\"");
        else if (c == '\\') w_str(b, "\\\\");
        else if (c == '\n') w_str(b, "\\n");
        else if (c == '\t') w_str(b, "\\t");
        else if (c == '\r') w_str(b, "\\r");
        else if (c < 0x20 || c == 0x7f) w_fmt(b, "\\x%02x", c);
        else if (c == 0xC2 && p[1] == 0x85) { w_str(b, "\\N"); p++; }
        else if (c == 0xE2 && p[1] == 0x80 && p[2] == 0xA8) { w_str(b, "\\L"); p += 2; }
        else if (c == 0xE2 && p[1] == 0x80 && p[2] == 0xA9) { w_str(b, "\\P"); p += 2; }
        else if (c == 0xEF && p[1] == 0xBB && p[2] == 0xBF) { w_str(b, "\\uFEFF"); p += 2; }
        else w_raw(b, (const char *)p, 1);
        p++;
    }
    w_str(b, "\"");
}

/* ---- YAML node trees (variant overlays) ---- */

static void w_node_flow(wbuf *b, const pl_i_ynode *n)
{
    if (!n || n->kind == PL_I_YSCALAR) {
        if (!n || (n->plain && pl_i_ynode_is_null(n))) w_str(b, "null");
        else if (n->plain && keep_plain(n->text)) w_str(b, n->text);
        else w_quoted(b, n->text);
        return;
    }
    w_str(b, n->kind == PL_I_YSEQ ? "[" : "{");
    for (size_t i = 0; i < n->n; i++) {
        if (i) w_str(b, ", ");
        if (n->kind == PL_I_YMAP) {
            if (n->keys[i]->plain && keep_plain(n->keys[i]->text)) w_str(b, n->keys[i]->text);
            else w_quoted(b, n->keys[i]->text);
            w_str(b, ": ");
        }
        w_node_flow(b, n->items[i]);
    }
    w_str(b, n->kind == PL_I_YSEQ ? "]" : "}");
}

/* a mapping in block style (non-empty nested mappings nested, anything else in flow style) */
static void w_node_block(wbuf *b, const pl_i_ynode *map, int level)
{
    for (size_t i = 0; i < map->n; i++) {
        const pl_i_ynode *v = map->items[i];
        w_indent(b, level);
        if (map->keys[i]->plain && keep_plain(map->keys[i]->text)) w_str(b, map->keys[i]->text);
        else w_quoted(b, map->keys[i]->text);
        w_str(b, ":");
        if (v && v->kind == PL_I_YMAP && v->n) {
            w_str(b, "\n");
            w_node_block(b, v, level + 1);
        } else {
            w_str(b, " ");
            w_node_flow(b, v);
            w_str(b, "\n");
        }
    }
}

char *pl_i_ynode_to_block_text(const pl_i_ynode *map)
{
    if (!map || map->kind != PL_I_YMAP) return NULL;
    wbuf b = {0};
    w_node_block(&b, map, 0);
    if (b.oom || !b.p) {
        pl_free(b.p);
        return NULL;
    }
    return b.p;
}

/* ---- notes ---- */

typedef struct wctx {
    const pl_scenario_t *sc;
    wbuf *b;
    char path[2048];
} wctx;

static const char *note(const wctx *w, const char *path) { return pl_scenario_source(w->sc, path); }

/* The uncertain value written at path (the path its note would have), or NULL. */
static const pl_uncertain_t *uncertain_at(const wctx *w, const char *path)
{
    for (size_t u = 0; u < w->sc->nuncertain; u++)
        if (w->sc->uncertain[u].path && strcmp(w->sc->uncertain[u].path, path) == 0)
            return &w->sc->uncertain[u];
    return NULL;
}

/* The number at path: its distribution when it is uncertain, else v; with its note as
 * `{value: v, source: ...}` (a distribution takes the note inside its own braces). */
static void w_value(wctx *w, const char *path, double v)
{
    const char *src = note(w, path);
    const pl_uncertain_t *u = uncertain_at(w, path);
    if (u) {
        pl_i_write_dist(w->b, &u->dist);
    } else {
        if (src) w_str(w->b, "{value: ");
        w_num(w->b, v);
        if (!src) return;
    }
    if (src) {
        w_str(w->b, ", source: ");
        w_quoted(w->b, src);
    }
    w_str(w->b, "}");
}

/* path = base + "." + key */
static void join(char *out, size_t size, const char *base, const char *key)
{
    int n = base[0] ? snprintf(out, size, "%s.%s", base, key) : snprintf(out, size, "%s", key);
    if (n < 0 || (size_t)n >= size) out[0] = '\0'; /* no note is recorded under so long a path */
}

/* Start the mapping entry `name:` at `level`, and set base = "section.name", the path under
 * which the entry's own notes are recorded. */
static void w_entry(wctx *w, int level, const char *section, const char *name, char *base,
                    size_t size)
{
    join(base, size, section, name);
    w_indent(w->b, level);
    w_quoted(w->b, name);
    w_str(w->b, ":\n");
}

/* `key: <text>` or `key: {value: <text>, source: ...}` when a note exists for base.key;
 * `raw` writes text as it is (true/false). */
static void kv_any(wctx *w, int level, const char *base, const char *key, const char *text,
                   bool raw)
{
    char p[2048];
    join(p, sizeof p, base, key);
    const char *src = note(w, p);
    w_indent(w->b, level);
    w_quoted(w->b, key);
    w_str(w->b, ": ");
    if (src) w_str(w->b, "{value: ");
    if (raw) w_str(w->b, text);
    else w_quoted(w->b, text);
    if (src) {
        w_str(w->b, ", source: ");
        w_quoted(w->b, src);
        w_str(w->b, "}");
    }
    w_str(w->b, "\n");
}

static void kv_text(wctx *w, int level, const char *base, const char *key, const char *text)
{
    kv_any(w, level, base, key, text, false);
}

static void kv_num(wctx *w, int level, const char *base, const char *key, double v)
{
    char p[2048];
    join(p, sizeof p, base, key);
    w_indent(w->b, level);
    w_quoted(w->b, key);
    w_str(w->b, ": ");
    w_value(w, p, v);
    w_str(w->b, "\n");
}

/* A numeric field written when it differs from its default or carries a note. */
static void kv_num_opt(wctx *w, int level, const char *base, const char *key, double v, double def)
{
    char p[2048];
    join(p, sizeof p, base, key);
    bool is_def = (isnan(def) && isnan(v)) || v == def;
    if (is_def && !note(w, p) && !uncertain_at(w, p)) return;
    if (isnan(v)) return;
    kv_num(w, level, base, key, v);
}

/* `source:` of a mapping at path (note first, else the struct's own field). */
static void w_source(wctx *w, int level, const char *path, const char *own)
{
    const char *src = note(w, path);
    if (!src) src = own;
    if (!src) return;
    w_indent(w->b, level);
    w_str(w->b, "source: ");
    w_quoted(w->b, src);
    w_str(w->b, "\n");
}

static void w_label(wctx *w, const pl_issue_t *is, size_t v)
{
    if (is->kind == PL_ISSUE_CATEGORICAL) w_quoted(w->b, is->values[v]);
    else w_num(w->b, is->numeric[v]);
}

/* An allowed-value set: `min/max` when contiguous on an ordered/numeric issue, else `in`. */
static void w_allowed(wctx *w, const pl_issue_t *is, const bool *allowed, bool in_key)
{
    size_t first = PL_UNSET, last = PL_UNSET, count = 0;
    for (size_t v = 0; v < is->nvalues; v++)
        if (allowed[v]) {
            if (first == PL_UNSET) first = v;
            last = v;
            count++;
        }
    bool contiguous = first != PL_UNSET && last - first + 1 == count;
    if (is->ordered && contiguous && count > 3) {
        w_str(w->b, "min: ");
        w_label(w, is, first);
        w_str(w->b, ", max: ");
        w_label(w, is, last);
        return;
    }
    if (in_key) w_str(w->b, "in: ");
    w_str(w->b, "[");
    size_t k = 0;
    for (size_t v = 0; v < is->nvalues; v++)
        if (allowed[v]) {
            if (k++) w_str(w->b, ", ");
            w_label(w, is, v);
        }
    w_str(w->b, "]");
}

static void w_issues(wctx *w)
{
    const pl_scenario_t *sc = w->sc;
    w_str(w->b, "\nissues:\n");
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_issue_t *is = &sc->issues[i];
        char base[2048];
        w_entry(w, 1, "issues", is->name, base, sizeof base);
        const char *type = is->kind == PL_ISSUE_INTEGER ? "integer"
                           : is->kind == PL_ISSUE_REAL  ? "real"
                           : is->ordered                ? "ordered"
                                                        : "categorical";
        w_indent(w->b, 2);
        w_fmt(w->b, "type: %s\n", type);
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            w_indent(w->b, 2);
            w_str(w->b, "options: [");
            for (size_t v = 0; v < is->nvalues; v++) {
                if (v) w_str(w->b, ", ");
                char p[2100];
                snprintf(p, sizeof p, "%s.options.%zu", base, v);
                const char *src = note(w, p);
                if (src) w_str(w->b, "{value: ");
                w_quoted(w->b, is->values[v]);
                if (src) {
                    w_str(w->b, ", source: ");
                    w_quoted(w->b, src);
                    w_str(w->b, "}");
                }
            }
            w_str(w->b, "]\n");
        } else {
            w_indent(w->b, 2);
            w_str(w->b, "range: [");
            w_num(w->b, is->lo);
            w_str(w->b, ", ");
            w_num(w->b, is->hi);
            w_str(w->b, "]\n");
            if (is->kind == PL_ISSUE_REAL || is->step != 1) kv_num(w, 2, base, "step", is->step);
        }
        if (is->description) kv_text(w, 2, base, "description", is->description);
        if (!isnan(is->reference)) {
            if (is->kind == PL_ISSUE_CATEGORICAL && is->reference >= 0 &&
                is->reference < (double)is->nvalues)
                kv_text(w, 2, base, "reference", is->values[(size_t)is->reference]);
            else if (is->kind != PL_ISSUE_CATEGORICAL)
                kv_num(w, 2, base, "reference", is->reference);
        }
        w_source(w, 2, base, is->source);
    }
}

static void w_stances(wctx *w, const pl_actor_t *a, const char *abase)
{
    const pl_scenario_t *sc = w->sc;
    char base[2048];
    bool table = a->utility == PL_UTILITY_TABLE;
    join(base, sizeof base, abase, table ? "utility" : "stance");
    size_t count = 0;
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_stance_t *st = &a->stances[i];
        count += table ? (st->weight != 0 || st->eval || st->has_linear) : st->has_position;
    }
    w_indent(w->b, 2);
    if (!count && !note(w, base)) {
        w_str(w->b, table ? "utility: {}\n" : "stance: {}\n");
        return;
    }
    w_str(w->b, table ? "utility:\n" : "stance:\n");
    w_source(w, 3, base, NULL);
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_stance_t *st = &a->stances[i];
        const pl_issue_t *is = &sc->issues[i];
        char sb[2048];
        join(sb, sizeof sb, base, is->name);
        if (!table) {
            if (!st->has_position) continue;
            w_indent(w->b, 3);
            w_quoted(w->b, is->name);
            w_str(w->b, ":\n");
            if (is->kind == PL_ISSUE_CATEGORICAL)
                kv_text(w, 4, sb, "position", is->values[(size_t)st->position]);
            else
                kv_num(w, 4, sb, "position", st->position);
            kv_num(w, 4, sb, "salience", st->salience);
        } else {
            if (st->weight == 0 && !st->eval && !st->has_linear) continue;
            w_indent(w->b, 3);
            w_quoted(w->b, is->name);
            w_str(w->b, ":\n");
            kv_num(w, 4, sb, "weight", st->weight);
            if (st->has_linear && is->kind != PL_ISSUE_CATEGORICAL) {
                w_indent(w->b, 4);
                w_str(w->b, "linear: {slope: ");
                w_num(w->b, st->slope);
                w_str(w->b, ", offset: ");
                w_num(w->b, st->offset);
                w_str(w->b, "}\n");
            } else {
                w_indent(w->b, 4);
                bool any = false;
                for (size_t v = 0; st->eval && v < is->nvalues; v++) any = any || st->eval[v] != 0;
                if (!any) {
                    w_str(w->b, "values: {}\n");
                } else {
                    w_str(w->b, "values:\n");
                    for (size_t v = 0; v < is->nvalues; v++) {
                        if (st->eval[v] == 0) continue;
                        w_indent(w->b, 5);
                        if (is->kind == PL_ISSUE_CATEGORICAL) w_quoted(w->b, is->values[v]);
                        else {
                            w_str(w->b, "\"");
                            w_num(w->b, is->numeric[v]);
                            w_str(w->b, "\"");
                        }
                        w_str(w->b, ": ");
                        w_num(w->b, st->eval[v]);
                        w_str(w->b, "\n");
                    }
                }
            }
        }
        w_source(w, 4, sb, st->source);
    }
}

static void w_rects(wctx *w, const pl_actor_t *a)
{
    const pl_scenario_t *sc = w->sc;
    w_indent(w->b, 2);
    w_str(w->b, "rectangles:\n");
    w_indent(w->b, 3);
    w_str(w->b, "max: ");
    w_num(w->b, a->rect_max);
    w_str(w->b, "\n");
    w_indent(w->b, 3);
    if (!a->nrects) {
        w_str(w->b, "list: []\n");
        return;
    }
    w_str(w->b, "list:\n");
    for (size_t r = 0; r < a->nrects; r++) {
        const pl_hyperrect_t *h = &a->rects[r];
        w_indent(w->b, 4);
        w_str(w->b, "- {utility: ");
        w_num(w->b, h->utility);
        w_str(w->b, ", bounds: {");
        for (size_t k = 0; k < h->nbounds; k++) {
            const pl_issue_t *is = &sc->issues[h->issue[k]];
            if (k) w_str(w->b, ", ");
            w_quoted(w->b, is->name);
            w_str(w->b, ": [");
            w_label(w, is, h->min[k]);
            w_str(w->b, ", ");
            w_label(w, is, h->max[k]);
            w_str(w->b, "]");
        }
        w_str(w->b, "}}\n");
    }
}

/* `key: text` in a flow mapping, as `{value: text, source: ...}` when path has a note */
static void flow_kv(wctx *w, const char *path, const char *key, const char *text, bool num)
{
    const char *src = note(w, path);
    w_str(w->b, ", ");
    w_str(w->b, key);
    w_str(w->b, ": ");
    const pl_uncertain_t *u = num ? uncertain_at(w, path) : NULL;
    if (u) {
        w_value(w, path, NAN);
        return;
    }
    if (src) w_str(w->b, "{value: ");
    if (num) w_str(w->b, text);
    else w_quoted(w->b, text);
    if (src) {
        w_str(w->b, ", source: ");
        w_quoted(w->b, src);
        w_str(w->b, "}");
    }
}

/* `guarantees:` one flow mapping per entry, with its notes (kind, to/linkage, numbers). */
static void w_guarantees(wctx *w, const pl_actor_t *a, const char *abase)
{
    const pl_scenario_t *sc = w->sc;
    char base[2100];
    join(base, sizeof base, abase, "guarantees");
    w_indent(w->b, 2);
    w_str(w->b, "guarantees:\n");
    for (size_t k = 0; k < a->nguarantees; k++) {
        const pl_guarantee_t *g = &a->guarantees[k];
        char ib[2200], p[2300], num[40];
        snprintf(ib, sizeof ib, "%s.%zu", base, k);
        w_indent(w->b, 3);
        w_str(w->b, "- {kind: ");
        snprintf(p, sizeof p, "%s.kind", ib);
        const char *ks = note(w, p);
        if (ks) w_str(w->b, "{value: ");
        w_str(w->b, g->kind == PL_VERIFICATION ? "verification" : "guarantee");
        if (ks) {
            w_str(w->b, ", source: ");
            w_quoted(w->b, ks);
            w_str(w->b, "}");
        }
        struct { const char *key; double v; } nums[3] = {{"threshold", NAN}, {"p_deal", g->p_deal}, {"p_no_deal", g->p_no_deal}};
        if (g->actor != PL_UNSET) {
            snprintf(p, sizeof p, "%s.to", ib);
            flow_kv(w, p, "to", sc->actors[g->actor].name, false);
            nums[0].v = g->threshold;
            nums[1].v = nums[2].v = NAN;
        } else {
            snprintf(p, sizeof p, "%s.linkage", ib);
            flow_kv(w, p, "linkage", g->linkage < sc->nlinkages ? sc->linkages[g->linkage].name : "?", false);
        }
        for (size_t q = 0; q < 3; q++) {
            if (isnan(nums[q].v)) continue;
            snprintf(num, sizeof num, "%.15g", nums[q].v);
            if (strtod(num, NULL) != nums[q].v) snprintf(num, sizeof num, "%.17g", nums[q].v);
            snprintf(p, sizeof p, "%s.%s", ib, nums[q].key);
            flow_kv(w, p, nums[q].key, num, true);
        }
        const char *src = note(w, ib);
        if (src) {
            w_str(w->b, ", source: ");
            w_quoted(w->b, src);
        }
        w_str(w->b, "}\n");
    }
}

static void w_instruments(wctx *w, const pl_actor_t *a, const char *abase)
{
    const pl_scenario_t *sc = w->sc;
    char base[2100];
    join(base, sizeof base, abase, "instruments");
    w_indent(w->b, 2);
    w_str(w->b, "instruments:\n");
    for (size_t k = 0; k < a->ninstruments; k++) {
        const pl_instrument_t *in = &a->instruments[k];
        bool pen = in->kind == PL_INSTRUMENT_PENALTY;
        char ib[2200], p[2300];
        snprintf(ib, sizeof ib, "%s.%zu", base, k);
        w_indent(w->b, 3);
        w_str(w->b, "- {kind: ");
        snprintf(p, sizeof p, "%s.kind", ib);
        const char *ks = note(w, p);
        if (ks) w_str(w->b, "{value: ");
        w_str(w->b, pen ? "penalty" : "side_payment");
        if (ks) {
            w_str(w->b, ", source: ");
            w_quoted(w->b, ks);
            w_str(w->b, "}");
        }
        snprintf(p, sizeof p, "%s.%s", ib, pen ? "on" : "to");
        flow_kv(w, p, pen ? "on" : "to", in->actor < sc->nactors ? sc->actors[in->actor].name : "?", false);
        if (!isinf(in->max) && !isnan(in->max)) {
            char num[40];
            snprintf(num, sizeof num, "%.15g", in->max);
            if (strtod(num, NULL) != in->max) snprintf(num, sizeof num, "%.17g", in->max);
            snprintf(p, sizeof p, "%s.max", ib);
            flow_kv(w, p, "max", num, true);
        }
        const char *src = note(w, ib);
        if (src) {
            w_str(w->b, ", source: ");
            w_quoted(w->b, src);
        }
        w_str(w->b, "}\n");
    }
}

/* `key: {unit: N, source: ...}` (docs/scenario-format.md, deadlines and round length): the
 * number with its own note (path.unit) and the note of the whole value (path). */
static void kv_unit(wctx *w, int level, const char *base, const char *key, const char *unit,
                    double v)
{
    char p[2048], pu[2100];
    join(p, sizeof p, base, key);
    join(pu, sizeof pu, p, unit);
    w_indent(w->b, level);
    w_quoted(w->b, key);
    w_str(w->b, ": {");
    w_str(w->b, unit);
    w_str(w->b, ": ");
    const char *src;
    w_value(w, pu, v);
    if ((src = note(w, p))) {
        w_str(w->b, ", source: ");
        w_quoted(w->b, src);
    }
    w_str(w->b, "}\n");
}

/* A deadline in days as `{days: D}`, one in rounds as a number (or `{rounds: N}` when the
 * number carries its own note). */
static void w_deadline(wctx *w, const pl_actor_t *a, const char *base)
{
    char p[2100];
    join(p, sizeof p, base, "deadline.date");
    if (a->deadline_date && note(w, p)) {
        /* `{date: {value: D, source: ...}, source: ...}`, as written */
        char pd[2100];
        join(pd, sizeof pd, base, "deadline");
        w_indent(w->b, 2);
        w_str(w->b, "deadline: {date: {value: ");
        w_quoted(w->b, a->deadline_date);
        w_str(w->b, ", source: ");
        w_quoted(w->b, note(w, p));
        w_str(w->b, "}");
        if (note(w, pd)) {
            w_str(w->b, ", source: ");
            w_quoted(w->b, note(w, pd));
        }
        w_str(w->b, "}\n");
        return;
    }
    if (a->deadline_date) {
        kv_text(w, 2, base, "deadline", a->deadline_date);
        return;
    }
    join(p, sizeof p, base, "deadline.rounds");
    if (a->deadline_days > 0) kv_unit(w, 2, base, "deadline", "days", a->deadline_days);
    else if (!isnan(a->deadline) && note(w, p)) kv_unit(w, 2, base, "deadline", "rounds", a->deadline);
    else kv_num_opt(w, 2, base, "deadline", a->deadline, NAN);
}

static void w_actors(wctx *w)
{
    const pl_scenario_t *sc = w->sc;
    w_str(w->b, "\nactors:\n");
    for (size_t ai = 0; ai < sc->nactors; ai++) {
        const pl_actor_t *a = &sc->actors[ai];
        char base[2048];
        w_entry(w, 1, "actors", a->name, base, sizeof base);
        kv_text(w, 2, base, "role", pl_role_name(a->role));
        if (a->party != PL_UNSET && a->party < sc->nactors)
            kv_text(w, 2, base, "party", sc->actors[a->party].name);
        if (a->description) kv_text(w, 2, base, "description", a->description);
        w_source(w, 2, base, a->source);
        if (a->host) kv_any(w, 2, base, "host", "true", true);
        if (a->mediates) kv_any(w, 2, base, "mediates", "true", true);
        kv_num_opt(w, 2, base, "clout", a->clout, 1);
        kv_num_opt(w, 2, base, "reservation", a->reservation, 0);
        kv_num_opt(w, 2, base, "seats", a->seats, NAN);
        kv_num_opt(w, 2, base, "defection_cost", a->defection_cost, 0);
        if (!a->at_table) kv_any(w, 2, base, "at_table", "false", true);
        if (a->nvia) {
            w_indent(w->b, 2);
            w_str(w->b, "via: [");
            for (size_t k = 0; k < a->nvia; k++) {
                if (k) w_str(w->b, ", ");
                w_quoted(w->b, sc->actors[a->via[k]].name);
            }
            w_str(w->b, "]\n");
        }
        kv_num_opt(w, 2, base, "participation", a->participation, NAN);
        w_deadline(w, a, base);
        kv_num_opt(w, 2, base, "discount", a->discount, 1);
        if (a->strategy) kv_text(w, 2, base, "strategy", a->strategy);
        if ((a->utility == PL_UTILITY_POSITION || a->utility == PL_UTILITY_TABLE) && a->stances) {
            char ps[2100];
            join(ps, sizeof ps, base, "salience");
            if (uncertain_at(w, ps)) kv_num(w, 2, base, "salience", NAN); /* {dirichlet: c} */
            w_stances(w, a, base);
        }
        else if (a->utility == PL_UTILITY_HYPER)
            w_rects(w, a);
        if (a->nrequires) {
            w_indent(w->b, 2);
            w_str(w->b, "requires:\n");
            for (size_t r = 0; r < a->nrequires; r++) {
                const pl_requirement_t *q = &a->requires[r];
                const pl_issue_t *is = &sc->issues[q->issue];
                w_indent(w->b, 3);
                w_str(w->b, "- {issue: ");
                w_quoted(w->b, is->name);
                w_str(w->b, ", ");
                w_allowed(w, is, q->allowed, true);
                char p[2100];
                snprintf(p, sizeof p, "%s.requires.%zu", base, r);
                const char *src = note(w, p);
                if (!src) src = q->source;
                if (src) {
                    w_str(w->b, ", source: ");
                    w_quoted(w->b, src);
                }
                w_str(w->b, "}\n");
            }
        }
        if (a->mandate) {
            w_indent(w->b, 2);
            bool any = false;
            for (size_t i = 0; i < sc->nissues; i++) any = any || a->mandate[i];
            if (!any) {
                w_str(w->b, "mandate: {}\n");
            } else {
                w_str(w->b, "mandate:\n");
                for (size_t i = 0; i < sc->nissues; i++) {
                    if (!a->mandate[i]) continue;
                    const pl_issue_t *is = &sc->issues[i];
                    w_indent(w->b, 3);
                    w_quoted(w->b, is->name);
                    w_str(w->b, ": ");
                    bool *al = a->mandate[i];
                    size_t first = PL_UNSET, last = 0, count = 0;
                    for (size_t v = 0; v < is->nvalues; v++)
                        if (al[v]) {
                            if (first == PL_UNSET) first = v;
                            last = v;
                            count++;
                        }
                    if (is->ordered && first != PL_UNSET && last - first + 1 == count && count > 3) {
                        w_str(w->b, "{");
                        w_allowed(w, is, al, false);
                        w_str(w->b, "}");
                    } else {
                        w_allowed(w, is, al, false);
                    }
                    w_str(w->b, "\n");
                }
            }
        }
        if (a->ninstruments) w_instruments(w, a, base);
        if (a->nguarantees) w_guarantees(w, a, base);
    }
}

static void w_rest(wctx *w)
{
    const pl_scenario_t *sc = w->sc;
    pl_i_write_rules(w->b, sc); /* ratification, decision, constraints (writer_rules.c) */
    if (sc->nlinkages) {
        w_str(w->b, "\nlinkages:\n");
        for (size_t l = 0; l < sc->nlinkages; l++) {
            const pl_linkage_t *lk = &sc->linkages[l];
            char base[2048];
            w_entry(w, 1, "linkages", lk->name, base, sizeof base);
            if (lk->actor < sc->nactors) kv_text(w, 2, base, "actor", sc->actors[lk->actor].name);
            if (lk->action) kv_text(w, 2, base, "action", lk->action);
            kv_num(w, 2, base, "p_deal", lk->p_deal);
            kv_num(w, 2, base, "p_no_deal", lk->p_no_deal);
            if (lk->within) kv_text(w, 2, base, "within", lk->within);
            bool any = false;
            for (size_t a = 0; a < sc->nactors; a++) any = any || lk->effect[a] != 0;
            if (any) {
                char eb[2100];
                join(eb, sizeof eb, base, "effects");
                w_indent(w->b, 2);
                w_str(w->b, "effects:\n");
                for (size_t a = 0; a < sc->nactors; a++)
                    if (lk->effect[a] != 0) kv_num(w, 3, eb, sc->actors[a].name, lk->effect[a]);
            }
            w_source(w, 2, base, lk->source);
        }
    }
    if (sc->nproposals) {
        w_str(w->b, "\nproposals:\n");
        for (size_t p = 0; p < sc->nproposals; p++) {
            const pl_proposal_t *pr = &sc->proposals[p];
            char base[2048];
            w_entry(w, 1, "proposals", pr->name, base, sizeof base);
            if (pr->description) kv_text(w, 2, base, "description", pr->description);
            w_source(w, 2, base, pr->source);
            bool amend = pr->amends != PL_UNSET && pr->amends < sc->nproposals && pr->changed;
            if (amend) kv_text(w, 2, base, "amends", sc->proposals[pr->amends].name);
            w_indent(w->b, 2);
            w_str(w->b, amend ? "changes:" : "outcome:");
            size_t k = 0;
            for (size_t i = 0; i < sc->nissues; i++) {
                if (pr->value[i] == PL_UNSET || (amend && !pr->changed[i])) continue;
                w_str(w->b, "\n");
                w_indent(w->b, 3);
                w_quoted(w->b, sc->issues[i].name);
                w_str(w->b, ": ");
                w_label(w, &sc->issues[i], pr->value[i]);
                k++;
            }
            w_str(w->b, k ? "\n" : " {}\n");
        }
    }
    if (sc->nvariants && sc->variant) {
        /* the overlays apply to the base, not to this variant: writing them here would
         * silently give other scenarios than the original's */
        w_str(w->b, "\n# the file's variants are left out: they overlay the base scenario, and this\n"
                    "# one has a variant applied (convert without --variant to keep them)\n");
    } else if (sc->nvariants) {
        w_str(w->b, "\nvariants:\n");
        for (size_t v = 0; v < sc->nvariants; v++) {
            const pl_variant_t *va = &sc->variants[v];
            char base[2048];
            join(base, sizeof base, "variants", va->name);
            w_indent(w->b, 1);
            w_quoted(w->b, va->name);
            if (!va->description && !va->source && !note(w, base) && !va->overlay) {
                w_str(w->b, ": {}\n");
                continue;
            }
            w_str(w->b, ":\n");
            if (va->description) kv_text(w, 2, base, "description", va->description);
            w_source(w, 2, base, va->source);
            /* the overlay text, indented under the variant line by line (its scalars are
             * written on one line each, so every line starts a key or a list item) */
            for (const char *p = va->overlay; p && *p;) {
                const char *e = strchr(p, '\n');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                w_indent(w->b, 2);
                w_raw(w->b, p, len);
                w_str(w->b, "\n");
                p += len + (e ? 1 : 0);
            }
        }
    }
}

pl_status pl_scenario_to_yaml(const pl_scenario_t *sc, char **text, size_t *len, pl_error_t *err)
{
    if (!sc || !text) return pl_error_set(err, PL_EINVAL, "no scenario or output given");
    *text = NULL;
    if (len) *len = 0;
    wbuf b = {0};
    wctx w;
    memset(&w, 0, sizeof w);
    w.sc = sc;
    w.b = &b;
    w_str(&b, "# scenario language (docs/scenario-format.md), written by parley\n");
    if (sc->variant) {
        w_str(&b, "# with variant ");
        w_quoted(&b, sc->variant);
        w_str(&b, " applied\n");
    }
    w_str(&b, "parley: 1\n");
    if (sc->name) kv_text(&w, 0, "", "name", sc->name);
    if (sc->description) kv_text(&w, 0, "", "description", sc->description);
    w_source(&w, 0, "", sc->source);
    if (isfinite(sc->round_days) && sc->round_days > 0) {
        /* hours when the file gave hours (a note under round.hours) or a round is shorter than
         * a day, provided they read back to the same length */
        double h = sc->round_days * 24;
        bool hours = note(&w, "round.hours") ||
                     (sc->round_days < 1 && !note(&w, "round.days"));
        if (hours && h / 24 == sc->round_days) kv_unit(&w, 0, "", "round", "hours", h);
        else kv_unit(&w, 0, "", "round", "days", sc->round_days);
    }
    if (sc->start) kv_text(&w, 0, "", "start", sc->start);
    w_issues(&w);
    w_actors(&w);
    w_rest(&w);
    if (b.oom) {
        pl_free(b.p);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    *text = b.p;
    if (len) *len = b.n;
    return PL_OK;
}
