/*
 * scenario.c: lifecycle and look-ups of pl_scenario_t, the user's negotiation as written.
 * Everything a scenario points to is owned by it and released by pl_scenario_free.
 */
#include <parley/pl_scenario.h>
#include <parley/pl_uncertain.h>

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

pl_scenario_t *pl_scenario_alloc(void)
{
    pl_scenario_t *sc = pl_calloc(1, sizeof(pl_scenario_t));
    if (sc) sc->round_days = NAN;
    return sc;
}

double pl_scenario_round_days(const pl_scenario_t *sc)
{
    return sc && isfinite(sc->round_days) && sc->round_days > 0 ? sc->round_days : 1.0;
}

bool pl_scenario_has_days(const pl_scenario_t *sc)
{
    if (!sc) return false;
    if (isfinite(sc->round_days) && sc->round_days > 0) return true;
    if (sc->start) return true;
    for (size_t a = 0; a < sc->nactors; a++)
        if (sc->actors && sc->actors[a].deadline_days > 0) return true;
    return false;
}

size_t pl_scenario_round_day(const pl_scenario_t *sc, size_t round)
{
    /* the small tolerance keeps e.g. round 3 of 8-hour rounds (3 * 1/3 day) on day 2 */
    double d = floor((double)round * pl_scenario_round_days(sc) + 1e-9) + 1;
    return d < (double)SIZE_MAX ? (size_t)d : SIZE_MAX;
}

static void issue_destroy(pl_issue_t *is)
{
    pl_free(is->name);
    pl_free(is->description);
    pl_free(is->source);
    if (is->values)
        for (size_t v = 0; v < is->nvalues; v++) pl_free(is->values[v]);
    pl_free(is->values);
    pl_free(is->numeric);
}

static void actor_destroy(pl_actor_t *a, size_t nissues)
{
    pl_free(a->name);
    pl_free(a->description);
    pl_free(a->source);
    if (a->stances) {
        for (size_t i = 0; i < nissues; i++) {
            pl_free(a->stances[i].eval);
            pl_free(a->stances[i].source);
        }
        pl_free(a->stances);
    }
    for (size_t r = 0; r < a->nrects; r++) {
        pl_free(a->rects[r].issue);
        pl_free(a->rects[r].min);
        pl_free(a->rects[r].max);
    }
    pl_free(a->rects);
    if (a->mandate) {
        for (size_t i = 0; i < nissues; i++) pl_free(a->mandate[i]);
        pl_free(a->mandate);
    }
    pl_free(a->via);
    for (size_t r = 0; r < a->nrequires; r++) {
        pl_free(a->requires[r].allowed);
        pl_free(a->requires[r].text);
        pl_free(a->requires[r].source);
    }
    pl_free(a->requires);
    pl_free(a->strategy);
    pl_free(a->deadline_date);
    pl_free(a->instruments);
    pl_free(a->guarantees);
}

/* A ratification rule's own memory (its routes recursively), not the struct itself. */
static void ratification_destroy(pl_ratification_t *r)
{
    pl_free(r->source);
    pl_free(r->name);
    pl_free(r->voters);
    pl_free(r->weight);
    for (size_t k = 0; k < r->nroutes; k++) ratification_destroy(&r->routes[k]);
    pl_free(r->routes);
}

static void conditions_free(pl_condition_t *c, size_t n)
{
    for (size_t k = 0; k < n; k++) pl_free(c[k].allowed);
    pl_free(c);
}

static void decision_destroy(pl_decision_t *d)
{
    pl_free(d->required);
    pl_free(d->walked_out);
    for (size_t g = 0; g < d->ngroups; g++) {
        pl_free(d->groups[g].name);
        pl_free(d->groups[g].members);
    }
    pl_free(d->groups);
    pl_free(d->source);
}

void pl_scenario_free(pl_scenario_t *sc)
{
    if (!sc) return;
    pl_free(sc->name);
    pl_free(sc->description);
    pl_free(sc->source);
    pl_free(sc->start);
    pl_free(sc->file);
    pl_free(sc->variant);
    for (size_t i = 0; i < sc->nissues; i++) issue_destroy(&sc->issues[i]);
    if (sc->actors)
        for (size_t a = 0; a < sc->nactors; a++) actor_destroy(&sc->actors[a], sc->nissues);
    for (size_t r = 0; r < sc->nratifications; r++) ratification_destroy(&sc->ratifications[r]);
    decision_destroy(&sc->decision);
    for (size_t c = 0; c < sc->nconstraints; c++) {
        pl_constraint_t *k = &sc->constraints[c];
        pl_free(k->name);
        pl_free(k->source);
        conditions_free(k->when, k->nwhen);
        conditions_free(k->then, k->nthen);
    }
    pl_free(sc->constraints);
    for (size_t l = 0; l < sc->nlinkages; l++) {
        pl_free(sc->linkages[l].name);
        pl_free(sc->linkages[l].action);
        pl_free(sc->linkages[l].within);
        pl_free(sc->linkages[l].effect);
        pl_free(sc->linkages[l].source);
    }
    for (size_t p = 0; p < sc->nproposals; p++) {
        pl_free(sc->proposals[p].name);
        pl_free(sc->proposals[p].description);
        pl_free(sc->proposals[p].source);
        pl_free(sc->proposals[p].value);
        pl_free(sc->proposals[p].changed);
    }
    for (size_t v = 0; v < sc->nvariants; v++) {
        pl_free(sc->variants[v].name);
        pl_free(sc->variants[v].description);
        pl_free(sc->variants[v].source);
        pl_free(sc->variants[v].overlay);
    }
    for (size_t n = 0; n < sc->nnotes; n++) {
        pl_free(sc->notes[n].path);
        pl_free(sc->notes[n].source);
    }
    pl_free(sc->notes);
    pl_free(sc->issues);
    pl_free(sc->actors);
    pl_free(sc->ratifications);
    pl_free(sc->linkages);
    pl_free(sc->proposals);
    pl_free(sc->variants);
    for (size_t u = 0; u < sc->nuncertain; u++) pl_uncertain_destroy(&sc->uncertain[u]);
    pl_free(sc->uncertain);
    pl_free(sc);
}

size_t pl_scenario_find_issue(const pl_scenario_t *sc, const char *name)
{
    for (size_t i = 0; sc && name && i < sc->nissues; i++)
        if (sc->issues[i].name && strcmp(sc->issues[i].name, name) == 0) return i;
    return PL_UNSET;
}

size_t pl_scenario_find_actor(const pl_scenario_t *sc, const char *name)
{
    for (size_t i = 0; sc && name && i < sc->nactors; i++)
        if (sc->actors[i].name && strcmp(sc->actors[i].name, name) == 0) return i;
    return PL_UNSET;
}

size_t pl_scenario_find_proposal(const pl_scenario_t *sc, const char *name)
{
    for (size_t i = 0; sc && name && i < sc->nproposals; i++)
        if (sc->proposals[i].name && strcmp(sc->proposals[i].name, name) == 0) return i;
    return PL_UNSET;
}

size_t pl_issue_find_value(const pl_issue_t *is, const char *label)
{
    for (size_t v = 0; is && label && v < is->nvalues; v++)
        if (is->values[v] && strcmp(is->values[v], label) == 0) return v;
    return PL_UNSET;
}

const char *pl_scenario_source(const pl_scenario_t *sc, const char *path)
{
    for (size_t i = 0; sc && path && i < sc->nnotes; i++)
        if (sc->notes[i].path && strcmp(sc->notes[i].path, path) == 0) return sc->notes[i].source;
    return NULL;
}

const char *pl_role_name(pl_role r)
{
    switch (r) {
    case PL_ROLE_PARTY: return "party";
    case PL_ROLE_MEDIATOR: return "mediator";
    case PL_ROLE_DELEGATION: return "delegation";
    case PL_ROLE_FACTION: return "faction";
    case PL_ROLE_EXTERNAL: return "external";
    }
    return "unknown";
}

bool pl_instrument_kind_parse(const char *s, size_t len, pl_instrument_kind *out)
{
    /* the names the scenario language and `parley mediate --instrument` both accept */
    static const struct { const char *name; pl_instrument_kind kind; } names[] = {
        {"side_payment", PL_INSTRUMENT_SIDE_PAYMENT}, {"side-payment", PL_INSTRUMENT_SIDE_PAYMENT},
        {"payment", PL_INSTRUMENT_SIDE_PAYMENT},      {"side_letter", PL_INSTRUMENT_SIDE_PAYMENT},
        {"side-letter", PL_INSTRUMENT_SIDE_PAYMENT},  {"penalty", PL_INSTRUMENT_PENALTY},
        {"pressure", PL_INSTRUMENT_PENALTY}};
    if (!s) return false;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strlen(names[k].name) == len && strncmp(s, names[k].name, len) == 0) {
            if (out) *out = names[k].kind;
            return true;
        }
    return false;
}

/* Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool pl_date_parse(const char *s, long *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && (s[k] < '0' || s[k] > '9')) return false;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    long m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return false;
    if (days) *days = days_from_civil(y, m, d);
    return true;
}

void pl_date_format(long days, char *buf, size_t size)
{
    /* civil_from_days */
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    snprintf(buf, size, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

bool pl_scenario_day_date(const pl_scenario_t *sc, size_t day, char *buf, size_t size)
{
    long s;
    if (!sc || !sc->start || !pl_date_parse(sc->start, &s) || day == 0) return false;
    pl_date_format(s + (long)day - 1, buf, size);
    return true;
}
