/*
 * model_access.c: the model's accessors, all over compiled fields (only names, labels, source
 * positions and the scenario pointer come from the scenario). Code outside the library reads a
 * model only through these, so that the layout of pl_model_t can change.
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

pl_srcpos_t pl_model_actor_pos(const pl_model_t *m, size_t a)
{
    assert(a < m->nactors);
    return m->sc->actors[a].pos;
}

const char *pl_model_source_file(const pl_model_t *m) { return m->sc->file; }

#define AIDX(m, a) (assert((a) < (m)->nactors), (a))
#define ACTOR(m, a) (&(m)->actor[AIDX(m, a)])

pl_role pl_model_role(const pl_model_t *m, size_t a) { return ACTOR(m, a)->role; }
size_t pl_model_party_of(const pl_model_t *m, size_t a) { return ACTOR(m, a)->party; }

bool pl_model_has_preferences(const pl_model_t *m, size_t a)
{
    return m->table[a] || ACTOR(m, a)->hyper;
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
bool pl_model_mediates(const pl_model_t *m, size_t a) { return ACTOR(m, a)->mediates; }
const char *pl_model_strategy(const pl_model_t *m, size_t a) { return ACTOR(m, a)->strategy; }
double pl_model_clout(const pl_model_t *m, size_t a) { return ACTOR(m, a)->clout; }
double pl_model_seats(const pl_model_t *m, size_t a) { return ACTOR(m, a)->seats; }
double pl_model_defection_cost(const pl_model_t *m, size_t a) { return ACTOR(m, a)->defection_cost; }
bool pl_model_has_mandate(const pl_model_t *m, size_t a) { return ACTOR(m, a)->has_mandate; }
bool pl_model_has_requirements(const pl_model_t *m, size_t a) { return ACTOR(m, a)->nrequire > 0; }

/* the entry of al for issue i, or NULL */
static const bool *allow_find(const pl_i_allow_t *al, size_t n, size_t i)
{
    for (size_t r = 0; r < n; r++)
        if (al[r].issue == i) return al[r].allowed;
    return NULL;
}

const bool *pl_model_mandate(const pl_model_t *m, size_t a, size_t i)
{
    assert(i < m->nissues);
    const pl_i_actor_t *ac = ACTOR(m, a);
    return allow_find(ac->mandate, ac->nmandate, i);
}

const bool *pl_model_requirement(const pl_model_t *m, size_t a, size_t i)
{
    assert(i < m->nissues);
    const pl_i_actor_t *ac = ACTOR(m, a);
    return allow_find(ac->require, ac->nrequire, i);
}

size_t pl_model_nfactions(const pl_model_t *m, size_t party) { return ACTOR(m, party)->nfactions; }

size_t pl_model_faction(const pl_model_t *m, size_t party, size_t k)
{
    assert(k < ACTOR(m, party)->nfactions);
    return m->actor[party].factions[k];
}

size_t pl_model_nvia(const pl_model_t *m, size_t a) { return ACTOR(m, a)->nvia; }

size_t pl_model_via(const pl_model_t *m, size_t a, size_t j)
{
    assert(j < ACTOR(m, a)->nvia);
    return m->actor[a].via[j];
}

pl_issue_kind pl_model_issue_kind(const pl_model_t *m, size_t i)
{
    assert(i < m->nissues);
    return m->issue[i].kind;
}

bool pl_model_issue_ordered(const pl_model_t *m, size_t i)
{
    assert(i < m->nissues);
    return m->issue[i].ordered;
}

void pl_model_issue_range(const pl_model_t *m, size_t i, double *lo, double *hi)
{
    assert(i < m->nissues);
    *lo = m->issue[i].lo;
    *hi = m->issue[i].hi;
}

double pl_model_issue_reference(const pl_model_t *m, size_t i)
{
    assert(i < m->nissues);
    return m->issue[i].reference;
}

double pl_model_value_number(const pl_model_t *m, size_t i, size_t v)
{
    assert(i < m->nissues && v < m->nvalues[i]);
    return m->issue[i].numeric ? m->issue[i].numeric[v] : NAN;
}

double pl_model_position(const pl_model_t *m, size_t a, size_t i)
{
    assert(i < m->nissues);
    const pl_i_actor_t *ac = ACTOR(m, a);
    return ac->position ? ac->position[i] : NAN;
}

double pl_model_salience(const pl_model_t *m, size_t a, size_t i)
{
    assert(i < m->nissues);
    const pl_i_actor_t *ac = ACTOR(m, a);
    return ac->position && !isnan(ac->position[i]) ? ac->salience[i] : NAN;
}

size_t pl_model_nproposals(const pl_model_t *m) { return m->nproposals; }

const size_t *pl_model_proposal(const pl_model_t *m, size_t p)
{
    assert(p < m->nproposals);
    return m->proposal + p * m->nissues;
}

const char *pl_model_proposal_name(const pl_model_t *m, size_t p)
{
    assert(p < m->nproposals);
    return m->sc->proposals[p].name;
}

size_t pl_model_nlinkages(const pl_model_t *m) { return m->nlinkages; }

double pl_model_linkage_p_deal(const pl_model_t *m, size_t l)
{
    assert(l < m->nlinkages);
    return m->p_deal[l];
}

double pl_model_linkage_p_no_deal(const pl_model_t *m, size_t l)
{
    assert(l < m->nlinkages);
    return m->p_no_deal[l];
}

double pl_model_linkage_effect(const pl_model_t *m, size_t l, size_t a)
{
    assert(l < m->nlinkages && a < m->nactors);
    return m->effect[l * m->nactors + a];
}

size_t pl_model_linkage_actor(const pl_model_t *m, size_t l)
{
    assert(l < m->nlinkages);
    return m->linkage_actor[l];
}

const char *pl_model_linkage_name(const pl_model_t *m, size_t l)
{
    assert(l < m->nlinkages);
    return m->sc->linkages[l].name;
}

bool pl_model_ratification(const pl_model_t *m, size_t party, pl_model_game_t *g)
{
    assert(party < m->nactors);
    *g = m->game[party];
    return g->rule != PL_RATIFY_NONE;
}
