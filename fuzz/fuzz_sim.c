/*
 * fuzz_sim.c: builds a small random scenario from the fuzz bytes (1-4 issues of 1-6 values,
 * 1-3 parties with random saliences, positions, reservations, deadlines, discounts, an
 * optional absent party behind a mediator with a participation threshold, an optional
 * delegation mandate) and runs each protocol with fuzzed strategies and parameters. Looks
 * for crashes, sanitizer reports and broken invariants (individual rationality).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>

typedef struct {
    const uint8_t *p;
    size_t n, i;
} rd_t;

static unsigned byte(rd_t *r) { return r->i < r->n ? r->p[r->i++] : 0; }
static double unit(rd_t *r) { return byte(r) / 255.0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd_t r = {data, size, 0};
    pl_scenario_t *sc = pl_scenario_alloc();
    if (!sc) return 0;
    size_t ni = 1 + byte(&r) % 4, np = 1 + byte(&r) % 3;
    bool absent = byte(&r) & 1, deleg = byte(&r) & 1;
    sc->nissues = ni;
    sc->issues = pl_calloc(ni, sizeof(pl_issue_t));
    for (size_t i = 0; i < ni; i++) {
        pl_issue_t *is = &sc->issues[i];
        char b[32];
        snprintf(b, sizeof b, "i%zu", i);
        is->name = pl_strdup(b);
        is->kind = PL_ISSUE_CATEGORICAL;
        is->ordered = byte(&r) & 1;
        is->nvalues = 1 + byte(&r) % 6;
        is->values = pl_calloc(is->nvalues, sizeof(char *));
        is->numeric = pl_calloc(is->nvalues, sizeof(double));
        for (size_t v = 0; v < is->nvalues; v++) {
            snprintf(b, sizeof b, "v%zu", v);
            is->values[v] = pl_strdup(b);
            is->numeric[v] = (double)v;
        }
    }
    sc->nactors = np + 2;
    sc->actors = pl_calloc(sc->nactors, sizeof(pl_actor_t));
    for (size_t a = 0; a < sc->nactors; a++) {
        pl_actor_t *ac = &sc->actors[a];
        char b[32];
        snprintf(b, sizeof b, "a%zu", a);
        ac->name = pl_strdup(b);
        ac->party = PL_UNSET;
        ac->seats = NAN;
        ac->clout = 1;
        ac->at_table = true;
        ac->participation = NAN;
        ac->deadline = (byte(&r) & 1) ? 1 + byte(&r) % 30 : NAN;
        ac->discount = 0.5 + 0.5 * unit(&r);
        if (a < np) {
            ac->role = PL_ROLE_PARTY;
            ac->utility = PL_UTILITY_POSITION;
            ac->reservation = unit(&r) * 0.8;
            ac->stances = pl_calloc(ni, sizeof(pl_stance_t));
            for (size_t i = 0; i < ni; i++) {
                ac->stances[i].has_position = true;
                ac->stances[i].position = (double)(byte(&r) % sc->issues[i].nvalues);
                ac->stances[i].salience = 0.05 + unit(&r);
            }
        }
    }
    pl_actor_t *med = &sc->actors[np];
    med->role = PL_ROLE_MEDIATOR;
    med->host = true;
    pl_actor_t *del = &sc->actors[np + 1];
    del->role = deleg ? PL_ROLE_DELEGATION : PL_ROLE_EXTERNAL;
    if (deleg) {
        del->party = 0;
        del->mandate = pl_calloc(ni, sizeof(bool *));
        del->mandate[0] = pl_calloc(sc->issues[0].nvalues, sizeof(bool));
        for (size_t v = 0; v < sc->issues[0].nvalues; v++) del->mandate[0][v] = byte(&r) & 1;
    }
    if (absent && np > 1) {
        pl_actor_t *b = &sc->actors[np - 1];
        b->at_table = false;
        b->nvia = 1;
        b->via = pl_calloc(1, sizeof(size_t));
        b->via[0] = np;
        b->participation = unit(&r);
    }
    pl_model_t *m = NULL;
    if (pl_model_compile(sc, &m, NULL) == PL_OK) {
        const pl_strategy_type *strat[8] = {0};
        double param[8];
        for (size_t a = 0; a < 8; a++) {
            strat[a] = pl_strategy_at(byte(&r) % pl_strategy_count());
            param[a] = (byte(&r) & 1) ? 0.01 + 10 * unit(&r) : NAN;
        }
        pl_sim_options_t o;
        pl_sim_options_init(&o);
        o.strategy = strat;
        o.param = param;
        o.seed = byte(&r);
        o.rounds = byte(&r) % 60;
        o.vote = (pl_vote_rule)(byte(&r) % 3);
        o.voter = (pl_voter_kind)(byte(&r) % 2);
        o.move = (pl_mediator_move)(byte(&r) % 3);
        o.relay_cost = byte(&r) % 4;
        o.ratify_continue = byte(&r) & 1;
        o.accept = 1 + byte(&r) % 7;
        for (size_t p = 0; p < pl_protocol_count(); p++) {
            pl_session_t *s = NULL;
            if (pl_session_alloc(m, pl_protocol_at(p), &o, &s, NULL) != PL_OK) continue;
            pl_session_run(s, NULL);
            const pl_sim_result_t *res = pl_session_result(s);
            if (res->agreement)
                for (size_t k = 0; k < pl_model_nparties(m); k++)
                    if (!pl_model_accepts(m, pl_model_party(m, k), res->outcome)) abort();
            char *t = NULL;
            size_t len;
            if (pl_session_trace_jsonl(s, &t, &len, NULL) == PL_OK) pl_free(t);
            pl_session_free(s);
        }
        pl_model_free(m);
    }
    pl_scenario_free(sc);
    return 0;
}
