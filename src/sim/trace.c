/*
 * trace.c: the session trace as JSON Lines (schema in docs/simulation.md): one object per
 * event, then one "result" object: built in memory (pl_session_trace_jsonl), or streamed line
 * by line to the caller's sink as the session runs (pl_sim_options_t.trace_line).
 */
#include "sim_internal.h"
#include "core/core_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the shared growable buffer and JSON escaper (src/core/buf.c), under short local names */
typedef pl_i_buf_t buf_t;

static void put(buf_t *b, const char *s, size_t len) { pl_i_buf_put(b, s, len); }
static void put_str(buf_t *b, const char *s) { pl_i_buf_json_str(b, s); }

static void putf(buf_t *b, const char *fmt, ...) PL_PRINTF(2, 3);
static void putf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pl_i_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

static void put_num(buf_t *b, double x)
{
    if (isfinite(x)) putf(b, "%.6g", x);
    else put(b, "null", 4);
}

/* an issue value in full: the shortest text that reads back as x (%.15g, else %.17g), so
 * 1234567 is not cut to 1.23457e+06 as the 6 digits of utilities would cut it */
static void put_value(buf_t *b, double x)
{
    char num[40];
    if (!isfinite(x)) {
        put(b, "null", 4);
        return;
    }
    snprintf(num, sizeof num, "%.15g", x);
    if (strtod(num, NULL) != x) snprintf(num, sizeof num, "%.17g", x);
    put(b, num, strlen(num));
}

static void put_outcome(buf_t *b, const pl_model_t *m, const size_t *o)
{
    put(b, "{", 1);
    for (size_t i = 0; i < pl_model_nissues(m); i++) {
        if (i) put(b, ",", 1);
        put_str(b, pl_model_issue_name(m, i));
        put(b, ":", 1);
        /* a number for numeric issues, else the value's label */
        if (pl_model_issue_kind(m, i) == PL_ISSUE_CATEGORICAL)
            put_str(b, pl_model_value_label(m, i, o[i]));
        else put_value(b, pl_model_value_number(m, i, o[i]));
    }
    put(b, "}", 1);
}

static const char *other_key(pl_event_kind k)
{
    switch (k) {
    case PL_EV_RELAY:
    case PL_EV_REWORD:
    case PL_EV_HOLD: return "to";
    case PL_EV_OFFER: return "to";
    case PL_EV_RATIFY: return "blocker";
    case PL_EV_DECLINE:
    case PL_EV_JOIN: return "via";
    default: return "other";
    }
}

/* The "start" line: protocol, seed, round limit, calendar, negotiators. */
static void put_start(buf_t *b, const pl_session_t *s)
{
    const pl_model_t *m = s->m;
    /* calendar time (round length, the day a round starts) is scenario arithmetic that the
     * model does not compile: the pl_scenario_round_* helpers read the scenario */
    const pl_scenario_t *sc = pl_model_scenario(m);
    put(b, "", 0);
    putf(b, "{\"event\":\"start\",\"protocol\":");
    put_str(b, s->proto->name);
    putf(b, ",\"seed\":%llu,\"stream\":%llu,\"rounds\":%zu",
         (unsigned long long)s->opt.seed, (unsigned long long)s->opt.stream, s->R);
    /* calendar time (docs/simulation.md): the round length, and the day of every round */
    bool days = pl_scenario_has_days(sc);
    if (days) {
        put(b, ",\"round_days\":", 14);
        put_num(b, pl_scenario_round_days(sc));
    }
    put(b, ",\"negotiators\":[", 16);
    for (size_t k = 0; k < s->nneg; k++) {
        if (k) put(b, ",", 1);
        put(b, "{\"actor\":", 9);
        put_str(b, pl_model_actor_name(m, s->neg[k].actor));
        put(b, ",\"strategy\":", 12);
        put_str(b, s->neg[k].st->name);
        put(b, ",\"param\":", 9);
        put_num(b, s->neg[k].param);
        put(b, ",\"deadline\":", 12);
        put_num(b, s->neg[k].deadline);
        if (days) {
            put(b, ",\"deadline_days\":", 17);
            put_num(b, s->neg[k].deadline * pl_scenario_round_days(sc));
        }
        put(b, "}", 1);
    }
    put(b, "]}\n", 3);
}

/* One event's line; o is its outcome (NULL: none). */
static void put_event(buf_t *b, const pl_session_t *s, const pl_event_t *e, const size_t *o)
{
    const pl_model_t *m = s->m;
    const pl_scenario_t *sc = pl_model_scenario(m);
    putf(b, "{\"round\":%zu", e->round + 1);
    if (pl_scenario_has_days(sc)) putf(b, ",\"day\":%zu", pl_scenario_round_day(sc, e->round));
    putf(b, ",\"event\":\"%s\"", pl_event_kind_name(e->kind));
    if (e->actor != PL_UNSET) {
        put(b, ",\"actor\":", 9);
        put_str(b, pl_model_actor_name(m, e->actor));
    }
    if (e->kind == PL_EV_LINKAGE) {
        put(b, ",\"linkage\":", 11);
        put_str(b, pl_model_linkage_name(m, e->other));
        put(b, ",\"probability\":", 15);
        put_num(b, e->utility);
        putf(b, ",\"deal\":%s}\n", e->value ? "true" : "false");
        return;
    }
    if (e->other != PL_UNSET) {
        putf(b, ",\"%s\":", other_key(e->kind));
        put_str(b, pl_model_actor_name(m, e->other));
    }
    if (o) {
        put(b, ",\"outcome\":", 11);
        put_outcome(b, m, o);
    }
    if (!isnan(e->utility)) {
        put(b, ",\"utility\":", 11);
        put_num(b, e->utility);
    }
    switch (e->kind) {
    case PL_EV_VOTE:
    case PL_EV_RATIFY: putf(b, ",\"yes\":%s", e->value ? "true" : "false"); break;
    case PL_EV_FEEDBACK:
        putf(b, ",\"says\":\"%s\"", e->value > 0 ? "better" : e->value < 0 ? "worse" : "same");
        break;
    case PL_EV_WALKOUT: putf(b, ",\"deadline\":%s", e->value ? "true" : "false"); break;
    case PL_EV_END: putf(b, ",\"reason\":\"%s\"", pl_end_reason_name((pl_end_reason)e->value)); break;
    default: break;
    }
    put(b, "}\n", 2);
}

/* The "result" line. */
static void put_result(buf_t *b, const pl_session_t *s)
{
    const pl_model_t *m = s->m;
    const pl_scenario_t *sc = pl_model_scenario(m);
    const pl_sim_result_t *r = &s->res;
    putf(b, "{\"event\":\"result\",\"end\":\"%s\",\"agreement\":%s,\"ratified\":%s,\"round\":%zu",
         pl_end_reason_name(r->end), r->agreement ? "true" : "false",
         r->ratified ? "true" : "false", r->round + 1);
    if (pl_scenario_has_days(sc)) putf(b, ",\"day\":%zu", pl_scenario_round_day(sc, r->round));
    if (r->agreement) {
        put(b, ",\"outcome\":", 11);
        put_outcome(b, m, r->outcome);
    }
    const char *keys[] = {"utility", "discounted", "expected"};
    const double *vals[] = {r->utility, r->discounted, r->expected};
    for (int q = 0; q < 3; q++) {
        putf(b, ",\"%s\":{", keys[q]);
        for (size_t a = 0; a < pl_model_nactors(m); a++) {
            if (a) put(b, ",", 1);
            put_str(b, pl_model_actor_name(m, a));
            put(b, ":", 1);
            put_num(b, vals[q][a]);
        }
        put(b, "}", 1);
    }
    put(b, "}\n", 2);
}

/* Pass the line in s->tline to the caller's sink and empty the buffer for the next one. */
static pl_status emit(pl_session_t *s)
{
    if (s->tline.oom) {
        s->oom = true;
        return pl_error_set(s->err, PL_ENOMEM, "out of memory while writing the trace");
    }
    s->opt.trace_line(s->tline.p, s->tline.n, s->opt.trace_ctx);
    s->tline.n = 0;
    return PL_OK;
}

pl_status pl_i_trace_start(pl_session_t *s)
{
    if (!s->opt.trace_line) return PL_OK;
    put_start(&s->tline, s);
    return emit(s);
}

pl_status pl_i_trace_event(pl_session_t *s, const pl_event_t *e, const size_t *o)
{
    if (!s->opt.trace_line) return PL_OK;
    put_event(&s->tline, s, e, o);
    return emit(s);
}

pl_status pl_i_trace_result(pl_session_t *s)
{
    if (!s->opt.trace_line) return PL_OK;
    put_result(&s->tline, s);
    return emit(s);
}

pl_status pl_session_trace_jsonl(const pl_session_t *s, char **text, size_t *len, pl_error_t *err)
{
    *text = NULL;
    *len = 0;
    if (s->ev0)
        return pl_error_set(err, PL_EINVAL, "the session kept only its last events "
                            "(keep_rounds): stream the trace with trace_line instead");
    buf_t b = {0};
    put_start(&b, s);
    for (size_t i = 0; i < s->nev; i++)
        put_event(&b, s, &s->ev[i], pl_session_event_outcome(s, &s->ev[i]));
    put_result(&b, s);
    if (b.oom || s->oom) {
        pl_free(b.p);
        return pl_error_set(err, PL_ENOMEM, "out of memory while recording the trace");
    }
    *text = b.p;
    *len = b.n;
    return PL_OK;
}
