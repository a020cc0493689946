/*
 * model_access.c: the model's accessors and its compiled ratification games. Code outside the
 * library reads a model only through these, so that the layout of pl_model_t can change.
 */
#include "model_internal.h"

#include <assert.h>
#include <math.h>

const pl_scenario_t *pl_model_scenario(const pl_model_t *m) { return m->sc; }
size_t pl_model_nissues(const pl_model_t *m) { return m->nissues; }
size_t pl_model_nactors(const pl_model_t *m) { return m->nactors; }
size_t pl_model_nparties(const pl_model_t *m) { return m->nparties; }

size_t pl_model_nvalues(const pl_model_t *m, size_t i)
{
    assert(i < m->nissues);
    return m->nvalues[i];
}

size_t pl_model_party(const pl_model_t *m, size_t k)
{
    assert(k < m->nparties);
    return m->parties[k];
}

const char *pl_model_actor_name(const pl_model_t *m, size_t a)
{
    assert(a < m->nactors);
    return m->sc->actors[a].name;
}

const char *pl_model_issue_name(const pl_model_t *m, size_t i)
{
    assert(i < m->nissues);
    return m->sc->issues[i].name;
}

const char *pl_model_value_label(const pl_model_t *m, size_t i, size_t v)
{
    assert(i < m->nissues && v < m->nvalues[i]);
    return m->sc->issues[i].values[v];
}

#define AIDX(m, a) (assert((a) < (m)->nactors), (a))
#define ACTOR(m, a) (&(m)->sc->actors[AIDX(m, a)])

pl_role pl_model_role(const pl_model_t *m, size_t a) { return ACTOR(m, a)->role; }

size_t pl_model_party_of(const pl_model_t *m, size_t a)
{
    const pl_actor_t *ac = ACTOR(m, a);
    return ac->role == PL_ROLE_DELEGATION || ac->role == PL_ROLE_FACTION ? ac->party : PL_UNSET;
}

bool pl_model_has_preferences(const pl_model_t *m, size_t a)
{
    return m->table[a] || ACTOR(m, a)->utility == PL_UTILITY_HYPER;
}

bool pl_model_is_additive(const pl_model_t *m, size_t a)
{
    assert(a < m->nactors);
    return m->additive[a];
}

const double *pl_model_value_utilities(const pl_model_t *m, size_t a, size_t i)
{
    assert(a < m->nactors && i < m->nissues);
    return m->table[a] ? m->table[a][i] : NULL;
}

double pl_model_reservation(const pl_model_t *m, size_t a) { return m->reservation[AIDX(m, a)]; }
double pl_model_linkage_shift(const pl_model_t *m, size_t a) { return m->linkage_shift[AIDX(m, a)]; }
double pl_model_threshold(const pl_model_t *m, size_t a) { return m->threshold[AIDX(m, a)]; }
double pl_model_expected_no_deal(const pl_model_t *m, size_t a)
{
    return m->expected_no_deal[AIDX(m, a)];
}
double pl_model_deal_bonus(const pl_model_t *m, size_t a) { return m->deal_bonus[AIDX(m, a)]; }
double pl_model_participation(const pl_model_t *m, size_t a) { return ACTOR(m, a)->participation; }
double pl_model_discount(const pl_model_t *m, size_t a) { return ACTOR(m, a)->discount; }
double pl_model_deadline(const pl_model_t *m, size_t a) { return ACTOR(m, a)->deadline; }
bool pl_model_at_table(const pl_model_t *m, size_t a) { return ACTOR(m, a)->at_table; }
bool pl_model_is_host(const pl_model_t *m, size_t a) { return ACTOR(m, a)->host; }
const char *pl_model_strategy(const pl_model_t *m, size_t a) { return ACTOR(m, a)->strategy; }
double pl_model_clout(const pl_model_t *m, size_t a) { return ACTOR(m, a)->clout; }
double pl_model_seats(const pl_model_t *m, size_t a) { return ACTOR(m, a)->seats; }
double pl_model_defection_cost(const pl_model_t *m, size_t a) { return ACTOR(m, a)->defection_cost; }
bool pl_model_has_mandate(const pl_model_t *m, size_t a) { return ACTOR(m, a)->mandate != NULL; }
bool pl_model_has_requirements(const pl_model_t *m, size_t a) { return ACTOR(m, a)->nrequires > 0; }

size_t pl_model_nproposals(const pl_model_t *m) { return m->sc->nproposals; }

const size_t *pl_model_proposal(const pl_model_t *m, size_t p)
{
    assert(p < m->sc->nproposals);
    return m->sc->proposals[p].value;
}

const char *pl_model_proposal_name(const pl_model_t *m, size_t p)
{
    assert(p < m->sc->nproposals);
    return m->sc->proposals[p].name;
}

size_t pl_model_nlinkages(const pl_model_t *m) { return m->sc->nlinkages; }

double pl_model_linkage_p_deal(const pl_model_t *m, size_t l)
{
    assert(l < m->sc->nlinkages);
    return m->sc->linkages[l].p_deal;
}

double pl_model_linkage_p_no_deal(const pl_model_t *m, size_t l)
{
    assert(l < m->sc->nlinkages);
    return m->sc->linkages[l].p_no_deal;
}

double pl_model_linkage_effect(const pl_model_t *m, size_t l, size_t a)
{
    assert(l < m->sc->nlinkages && a < m->nactors);
    const double *e = m->sc->linkages[l].effect;
    return e ? e[a] : 0;
}

bool pl_model_ratification(const pl_model_t *m, size_t party, pl_model_game_t *g)
{
    assert(party < m->nactors);
    *g = m->game[party];
    return g->rule != PL_RATIFY_NONE;
}

/* Compile every party's rule (the last one written for a party wins, as in the loader) into
 * a weighted game: the members and seats that decide, read once here instead of per outcome. */
pl_status pl_i_model_compile_games(pl_model_t *m, pl_error_t *err)
{
    const pl_scenario_t *sc = m->sc;
    size_t na = m->nactors ? m->nactors : 1;
    m->game = pl_calloc(na, sizeof *m->game);
    if (!m->game) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t a = 0; a < m->nactors; a++) m->game[a].total = NAN;
    for (size_t r = 0; r < sc->nratifications; r++) {
        const pl_ratification_t *rt = &sc->ratifications[r];
        if (rt->party >= m->nactors) continue;
        pl_model_game_t *g = &m->game[rt->party];
        pl_free((void *)g->members);
        pl_free((void *)g->weight);
        *g = (pl_model_game_t){.rule = rt->rule, .quota = rt->quota, .total = rt->total};
        if (rt->rule == PL_RATIFY_NONE) continue;
        size_t *mem = pl_calloc(m->nactors, sizeof *mem);
        double *w = pl_calloc(m->nactors, sizeof *w);
        g->members = mem;
        g->weight = w;
        if (!mem || !w) return pl_error_set(err, PL_ENOMEM, "out of memory");
        bool veto = rt->rule == PL_RATIFY_VETO;
        const pl_actor_t *pa = &sc->actors[rt->party];
        if (veto || !isnan(pa->seats)) {
            mem[g->nmembers] = rt->party;
            w[g->nmembers++] = veto ? 1 : pa->seats;
        }
        for (size_t f = 0; f < m->nactors; f++) {
            const pl_actor_t *fa = &sc->actors[f];
            if (fa->role != PL_ROLE_FACTION || fa->party != rt->party) continue;
            if (!veto && isnan(fa->seats)) continue;
            mem[g->nmembers] = f;
            w[g->nmembers++] = veto ? 1 : fa->seats;
        }
        if (veto) g->quota = (double)g->nmembers;
    }
    return PL_OK;
}

void pl_i_model_free_games(pl_model_t *m)
{
    if (!m->game) return;
    for (size_t a = 0; a < m->nactors; a++) {
        pl_free((void *)m->game[a].members);
        pl_free((void *)m->game[a].weight);
    }
    pl_free(m->game);
}
