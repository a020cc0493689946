/*
 * tournament_out.c: a tournament's results as CSV (one row per session and role) and JSON
 * (design, ranking, sessions), built in memory and written atomically (pl_file_write_atomic:
 * a temporary file renamed over the target), so a killed run never leaves half a file.
 */
#include "sim_internal.h"

#include <parley/pl_io.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *p;
    size_t n, cap;
    bool oom;
} buf_t;

static void put(buf_t *b, const char *fmt, ...) PL_PRINTF(2, 3);
static void put(buf_t *b, const char *fmt, ...)
{
    if (b->oom) return;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
    va_end(ap);
    if (len < 0) {
        b->oom = true;
        return;
    }
    if (!b->p || b->n + (size_t)len + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->n + (size_t)len + 1) nc *= 2;
        char *q = pl_realloc(b->p, nc);
        if (!q) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = nc;
        va_start(ap, fmt);
        vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
    }
    b->n += (size_t)len;
}

/* A number, or `none` for NaN (CSV: empty; JSON: null). */
static void num(buf_t *b, double x, const char *none)
{
    if (isnan(x) || isinf(x)) put(b, "%s", none);
    else put(b, "%.10g", x);
}

/* A JSON string (quotes, backslashes and control characters escaped). */
static void jstr(buf_t *b, const char *s)
{
    put(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') put(b, "\\%c", c);
        else if (c < 0x20) put(b, "\\u%04x", c);
        else put(b, "%c", c);
    }
    put(b, "\"");
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void cstr(buf_t *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        put(b, "%s", s);
        return;
    }
    put(b, "\"");
    for (; *s; s++)
        if (*s == '"') put(b, "\"\"");
        else put(b, "%c", *s);
    put(b, "\"");
}

static const char *model_name(const pl_tournament_options_t *o, size_t mi)
{
    return o->model_names && o->model_names[mi] ? o->model_names[mi] : "scenario";
}

static pl_status finish(buf_t *b, const char *path, pl_error_t *err)
{
    pl_status st = b->oom ? pl_error_set(err, PL_ENOMEM, "out of memory")
                          : pl_file_write_atomic(path, b->p ? b->p : "", b->n, err);
    pl_free(b->p);
    return st;
}

pl_status pl_tournament_write_csv(const pl_tournament_t *t, const pl_tournament_options_t *o,
                                  const char *path, pl_error_t *err)
{
    buf_t b = {0};
    put(&b, "session,scenario,protocol,seed,role,party,entrant,utility,agreement,rounds,welfare,"
            "pareto_distance,nash_distance\n");
    for (size_t i = 0; i < t->nsessions; i++) {
        const pl_tournament_session_t *ts = &t->sessions[i];
        const pl_model_t *m = o->models[ts->model];
        for (size_t j = 0; j < ts->nroles; j++) {
            put(&b, "%zu,", i + 1);
            cstr(&b, model_name(o, ts->model));
            put(&b, ",%s,%zu,%zu,", o->protocols[ts->protocol]->name, ts->seed + 1, j + 1);
            cstr(&b, pl_model_actor_name(m, pl_model_party(m, j)));
            put(&b, ",");
            cstr(&b, o->entrants[ts->entrant[j]].name);
            put(&b, ",");
            num(&b, ts->utility[j], "");
            put(&b, ",%s,%zu,", ts->agreement ? "true" : "false", ts->rounds);
            num(&b, ts->welfare, "");
            put(&b, ",");
            num(&b, ts->pareto_distance, "");
            put(&b, ",");
            num(&b, ts->nash_distance, "");
            put(&b, "\n");
        }
    }
    return finish(&b, path, err);
}

static void json_design(buf_t *b, const pl_tournament_t *t, const pl_tournament_options_t *o)
{
    put(b, "{\n  \"entrants\": [");
    for (size_t e = 0; e < o->nentrants; e++) {
        const pl_tournament_entrant_t *en = &o->entrants[e];
        put(b, "%s{\"name\": ", e ? ", " : "");
        jstr(b, en->name);
        put(b, ", \"strategy\": ");
        jstr(b, en->type ? en->type->name : "external");
        put(b, ", \"param\": ");
        num(b, en->type && isnan(en->param) ? en->type->param : en->param, "null");
        put(b, "}");
    }
    put(b, "],\n  \"scenarios\": [");
    for (size_t mi = 0; mi < o->nmodels; mi++) {
        put(b, "%s", mi ? ", " : "");
        jstr(b, model_name(o, mi));
    }
    put(b, "],\n  \"protocols\": [");
    for (size_t p = 0; p < o->nprotocols; p++) put(b, "%s\"%s\"", p ? ", " : "", o->protocols[p]->name);
    put(b, "],\n  \"seeds\": %zu, \"seed\": %llu, \"rounds\": %zu, \"self_play\": %s,\n", o->nseeds,
        (unsigned long long)o->seed, o->rounds, o->self_play ? "true" : "false");
    put(b, "  \"sessions_total\": %zu, \"resumed\": %zu,\n", t->nsessions, t->resumed);
}

static void json_ranking(buf_t *b, const pl_tournament_t *t, const pl_tournament_options_t *o)
{
    put(b, "  \"ranking\": [\n");
    for (size_t r = 0; r < t->nentrants; r++) {
        const pl_tournament_score_t *s = &t->ranking[r];
        put(b, "    {\"rank\": %zu, \"entrant\": ", r + 1);
        jstr(b, o->entrants[s->entrant].name);
        put(b, ", \"n\": %zu, \"utility\": ", s->n);
        num(b, s->utility, "null");
        put(b, ", \"utility_ci95\": ");
        num(b, s->utility_ci, "null");
        put(b, ", \"welfare\": ");
        num(b, s->welfare, "null");
        put(b, ", \"pareto_distance\": ");
        num(b, s->pareto_distance, "null");
        put(b, ", \"nash_distance\": ");
        num(b, s->nash_distance, "null");
        put(b, ", \"agreement_rate\": ");
        num(b, s->agreement_rate, "null");
        put(b, "}%s\n", r + 1 < t->nentrants ? "," : "");
    }
    put(b, "  ],\n");
}

pl_status pl_tournament_write_json(const pl_tournament_t *t, const pl_tournament_options_t *o,
                                   const char *path, pl_error_t *err)
{
    buf_t b = {0};
    json_design(&b, t, o);
    json_ranking(&b, t, o);
    put(&b, "  \"sessions\": [\n");
    for (size_t i = 0; i < t->nsessions; i++) {
        const pl_tournament_session_t *ts = &t->sessions[i];
        put(&b, "    {\"session\": %zu, \"scenario\": ", i + 1);
        jstr(&b, model_name(o, ts->model));
        put(&b, ", \"protocol\": \"%s\", \"seed\": %zu, \"entrants\": [",
            o->protocols[ts->protocol]->name, ts->seed + 1);
        for (size_t j = 0; j < ts->nroles; j++) {
            put(&b, "%s", j ? ", " : "");
            jstr(&b, o->entrants[ts->entrant[j]].name);
        }
        put(&b, "], \"agreement\": %s, \"rounds\": %zu, \"utility\": [",
            ts->agreement ? "true" : "false", ts->rounds);
        for (size_t j = 0; j < ts->nroles; j++) {
            put(&b, "%s", j ? ", " : "");
            num(&b, ts->utility[j], "null");
        }
        put(&b, "], \"welfare\": ");
        num(&b, ts->welfare, "null");
        put(&b, ", \"pareto_distance\": ");
        num(&b, ts->pareto_distance, "null");
        put(&b, ", \"nash_distance\": ");
        num(&b, ts->nash_distance, "null");
        put(&b, "}%s\n", i + 1 < t->nsessions ? "," : "");
    }
    put(&b, "  ]\n}\n");
    return finish(&b, path, err);
}
