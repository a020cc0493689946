/*
 * registry.c: the built-in protocols and strategies by name. The tables are const data built
 * from the lists in sim_internal.h (their counts follow from the tables' sizes), so sessions
 * of a parallel batch look them up concurrently without sharing anything writable.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

#define PROTOCOL_ENTRY(n) &pl_i_protocol_##n,
#define STRATEGY_ENTRY(n) &pl_i_strategy_##n,
static const pl_protocol_type *const protocols[] = {PL_I_PROTOCOLS(PROTOCOL_ENTRY)};
static const pl_strategy_type *const strategies[] = {PL_I_STRATEGIES(STRATEGY_ENTRY)};
#define NPROTOCOLS (sizeof protocols / sizeof protocols[0])
#define NSTRATEGIES (sizeof strategies / sizeof strategies[0])

/* Other names accepted for the same descriptor. */
typedef struct {
    const char *alias, *name;
} alias_t;
static const alias_t protocol_aliases[] = {
    {"saop", "sao"}, {"alternating", "sao"}, {"st", "single-text"}, {"single_text", "single-text"}};
static const alias_t strategy_aliases[] = {
    {"tit-for-tat", "titfortat"}, {"tft", "titfortat"}, {"time", "linear"} /* time:e */};

static const char *unalias(const alias_t *a, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].alias, name) == 0) return a[i].name;
    return name;
}

size_t pl_protocol_count(void) { return NPROTOCOLS; }

const pl_protocol_type *pl_protocol_at(size_t i) { return i < NPROTOCOLS ? protocols[i] : NULL; }

const pl_protocol_type *pl_protocol_find(const char *name)
{
    name = unalias(protocol_aliases, sizeof protocol_aliases / sizeof protocol_aliases[0], name);
    for (size_t i = 0; i < NPROTOCOLS; i++)
        if (strcmp(protocols[i]->name, name) == 0) return protocols[i];
    return NULL;
}

size_t pl_strategy_count(void) { return NSTRATEGIES; }

const pl_strategy_type *pl_strategy_at(size_t i) { return i < NSTRATEGIES ? strategies[i] : NULL; }

const pl_strategy_type *pl_strategy_find(const char *name)
{
    name = unalias(strategy_aliases, sizeof strategy_aliases / sizeof strategy_aliases[0], name);
    for (size_t i = 0; i < NSTRATEGIES; i++)
        if (strcmp(strategies[i]->name, name) == 0) return strategies[i];
    return NULL;
}

pl_status pl_strategy_parse(const char *spec, const pl_strategy_type **type, double *param,
                            pl_error_t *err)
{
    *type = NULL;
    *param = NAN;
    char name[64];
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    if (len == 0 || len >= sizeof name)
        return pl_error_set(err, PL_EINVAL, "bad strategy '%s'", spec);
    memcpy(name, spec, len);
    name[len] = '\0';
    *type = pl_strategy_find(name);
    if (!*type) {
        char known[256] = "";
        for (size_t i = 0; i < NSTRATEGIES; i++) {
            strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
            strncat(known, strategies[i]->name, sizeof known - strlen(known) - 1);
        }
        return pl_error_set(err, PL_ENOTFOUND, "unknown strategy '%s' (known: %s)", name, known);
    }
    if (colon) {
        char *end;
        double x = strtod(colon + 1, &end);
        if (end == colon + 1 || *end != '\0' || !isfinite(x) || x <= 0)
            return pl_error_set(err, PL_EINVAL,
                                "strategy parameter in '%s' must be a positive number", spec);
        *param = x;
    }
    return PL_OK;
}

const char *pl_end_reason_name(pl_end_reason r)
{
    switch (r) {
    case PL_END_RUNNING: return "running";
    case PL_END_AGREEMENT: return "agreement";
    case PL_END_BREAKDOWN: return "breakdown";
    case PL_END_DEADLINE: return "deadline";
    case PL_END_RATIFICATION: return "ratification failed";
    }
    return "?";
}

const char *pl_event_kind_name(pl_event_kind k)
{
    static const char *const names[] = {"offer",  "accept", "reject",  "walkout", "propose",
                                        "vote",   "feedback", "move",  "stay",    "relay",
                                        "reword", "hold",   "join",    "decline", "leave",
                                        "agreement", "ratify", "end",  "linkage"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}
