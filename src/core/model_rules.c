/*
 * model_rules.c: the compile step for everything a decision reads besides the utility tables:
 * actor attributes, hard requirements and mandates as per-issue value sets, factions of each
 * party, hyper-rectangles, issue kinds, proposals, linkages and ratification as weighted games.
 */
#include "model_internal.h"

#include <math.h>
#include <string.h>

/* Copy of issue i's allowed values into a new entry of al (which has room). */
static bool allow_add(pl_i_allow_t *al, size_t *n, size_t issue, size_t nv, const bool *src)
{
    bool *b = pl_malloc(nv * sizeof *b);
    if (!b) return false;
    memcpy(b, src, nv * sizeof *b);
    al[*n].issue = issue;
    al[*n].allowed = b;
    (*n)++;
    return true;
}

/* Requirements merged per issue (issue order): an outcome meets them all exactly when it passes
 * every merged entry. */
static bool compile_requires(const pl_model_t *m, const pl_actor_t *ac, pl_i_actor_t *ca)
{
    if (ac->nrequires == 0) return true;
    ca->require = pl_calloc(ac->nrequires, sizeof *ca->require);
    if (!ca->require) return false;
    for (size_t i = 0; i < m->nissues; i++) {
        pl_i_allow_t *e = NULL;
        for (size_t r = 0; r < ac->nrequires; r++) {
            const pl_requirement_t *rq = &ac->requires[r];
            if (rq->issue != i) continue;
            if (!e) {
                if (!allow_add(ca->require, &ca->nrequire, i, m->nvalues[i], rq->allowed))
                    return false;
                e = &ca->require[ca->nrequire - 1];
            } else {
                for (size_t v = 0; v < m->nvalues[i]; v++) e->allowed[v] &= rq->allowed[v];
            }
        }
    }
    return true;
}

static bool compile_mandate(const pl_model_t *m, const pl_actor_t *ac, pl_i_actor_t *ca)
{
    ca->has_mandate = ac->mandate != NULL;
    if (!ac->mandate) return true;
    ca->mandate = pl_calloc(m->nissues, sizeof *ca->mandate);
    if (!ca->mandate) return false;
    for (size_t i = 0; i < m->nissues; i++)
        if (ac->mandate[i] && !allow_add(ca->mandate, &ca->nmandate, i, m->nvalues[i], ac->mandate[i]))
            return false;
    return true;
}

static bool compile_rects(const pl_actor_t *ac, pl_i_actor_t *ca)
{
    ca->rect_max = ac->rect_max;
    if (ac->nrects == 0) return true;
    ca->rects = pl_calloc(ac->nrects, sizeof *ca->rects);
    if (!ca->rects) return false;
    for (size_t r = 0; r < ac->nrects; r++) {
        const pl_hyperrect_t *h = &ac->rects[r];
        pl_i_rect_t *c = &ca->rects[ca->nrects];
        size_t nb = h->nbounds;
        size_t *blk = pl_malloc((nb ? 3 * nb : 1) * sizeof *blk);
        if (!blk) return false;
        for (size_t b = 0; b < nb; b++) {
            blk[b] = h->issue[b];
            blk[nb + b] = h->min[b];
            blk[2 * nb + b] = h->max[b];
        }
        *c = (pl_i_rect_t){.utility = h->utility, .nbounds = nb, .issue = blk, .min = blk + nb,
                           .max = blk + 2 * nb};
        ca->nrects++;
    }
    return true;
}

static bool compile_positions(const pl_model_t *m, const pl_actor_t *ac, pl_i_actor_t *ca)
{
    if (ac->utility != PL_UTILITY_POSITION || !ac->stances) return true;
    ca->position = pl_malloc(m->nissues * sizeof *ca->position);
    ca->salience = pl_malloc(m->nissues * sizeof *ca->salience);
    if (!ca->position || !ca->salience) return false;
    for (size_t i = 0; i < m->nissues; i++) {
        ca->position[i] = ac->stances[i].has_position ? ac->stances[i].position : NAN;
        ca->salience[i] = ac->stances[i].salience;
    }
    return true;
}

/* The party's factions (n of them, counted beforehand: scanning every actor for every actor
 * made 80,000 parties take half a minute) and, among them, those whose defection costs the
 * party something. */
static bool compile_factions(const pl_model_t *m, size_t a, size_t n, pl_i_actor_t *ca)
{
    const pl_scenario_t *sc = m->sc;
    if (n == 0) return true;
    ca->factions = pl_malloc(n * sizeof *ca->factions);
    ca->defectors = pl_malloc(n * sizeof *ca->defectors);
    if (!ca->factions || !ca->defectors) return false;
    for (size_t f = 0; f < m->nactors; f++) {
        const pl_actor_t *fa = &sc->actors[f];
        if (fa->role != PL_ROLE_FACTION || fa->party != a) continue;
        ca->factions[ca->nfactions++] = f;
        if (fa->defection_cost != 0) ca->defectors[ca->ndefectors++] = f;
    }
    return true;
}

static bool compile_via(const pl_actor_t *ac, pl_i_actor_t *ca)
{
    if (ac->nvia == 0) return true;
    ca->via = pl_malloc(ac->nvia * sizeof *ca->via);
    if (!ca->via) return false;
    memcpy(ca->via, ac->via, ac->nvia * sizeof *ca->via);
    ca->nvia = ac->nvia;
    return true;
}

static bool compile_actor(const pl_model_t *m, size_t a, size_t nfactions, pl_i_actor_t *ca)
{
    const pl_actor_t *ac = &m->sc->actors[a];
    ca->role = ac->role;
    ca->party = ac->role == PL_ROLE_DELEGATION || ac->role == PL_ROLE_FACTION ? ac->party : PL_UNSET;
    ca->host = ac->host;
    ca->mediates = ac->role == PL_ROLE_MEDIATOR || ac->mediates;
    ca->at_table = ac->at_table;
    ca->hyper = ac->utility == PL_UTILITY_HYPER;
    ca->clout = ac->clout;
    ca->seats = ac->seats;
    ca->defection_cost = ac->defection_cost;
    ca->participation = ac->participation;
    ca->discount = ac->discount;
    ca->deadline = ac->deadline;
    ca->strategy = ac->strategy;
    return compile_requires(m, ac, ca) && compile_mandate(m, ac, ca) && compile_rects(ac, ca) &&
           compile_positions(m, ac, ca) && compile_factions(m, a, nfactions, ca) && compile_via(ac, ca);
}

static bool compile_deals(pl_model_t *m)
{
    const pl_scenario_t *sc = m->sc;
    size_t n = m->nissues;
    if (sc->nproposals) {
        m->proposal = pl_malloc(sc->nproposals * n * sizeof *m->proposal);
        if (!m->proposal) return false;
        for (size_t p = 0; p < sc->nproposals; p++)
            memcpy(m->proposal + p * n, sc->proposals[p].value, n * sizeof *m->proposal);
        m->nproposals = sc->nproposals;
    }
    if (sc->nlinkages) {
        size_t nl = sc->nlinkages, na = m->nactors;
        m->p_deal = pl_malloc(nl * sizeof *m->p_deal);
        m->p_no_deal = pl_malloc(nl * sizeof *m->p_no_deal);
        m->effect = pl_calloc(nl * (na ? na : 1), sizeof *m->effect);
        m->linkage_actor = pl_malloc(nl * sizeof *m->linkage_actor);
        if (!m->p_deal || !m->p_no_deal || !m->effect || !m->linkage_actor) return false;
        for (size_t l = 0; l < nl; l++) {
            const pl_linkage_t *lk = &sc->linkages[l];
            m->p_deal[l] = lk->p_deal;
            m->p_no_deal[l] = lk->p_no_deal;
            m->linkage_actor[l] = lk->actor;
            if (lk->effect) memcpy(m->effect + l * na, lk->effect, na * sizeof *m->effect);
        }
        m->nlinkages = nl;
    }
    return true;
}

/* Compile every party's rule (the last one written for a party wins, as in the loader) into
 * a weighted game: the members and seats that decide, read once here instead of per outcome. */
static pl_status compile_games(pl_model_t *m, pl_error_t *err)
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
        if (rt->rule != PL_RATIFY_VETO && rt->rule != PL_RATIFY_QUOTA &&
            rt->rule != PL_RATIFY_REFERENDUM) {
            /* a combination of routes is no single weighted game: power leaves it out */
            g->rule = PL_RATIFY_NONE;
            continue;
        }
        size_t *mem = pl_calloc(m->nactors + rt->nvoters + 1, sizeof *mem);
        double *w = pl_calloc(m->nactors + rt->nvoters + 1, sizeof *w);
        g->members = mem;
        g->weight = w;
        if (!mem || !w) return pl_error_set(err, PL_ENOMEM, "out of memory");
        bool veto = rt->rule == PL_RATIFY_VETO;
        if (rt->nvoters) {
            /* listed members (any actors); a referendum's quota is its majority of the shares */
            double sum = 0;
            for (size_t k = 0; k < rt->nvoters; k++) {
                mem[g->nmembers] = rt->voters[k];
                w[g->nmembers++] = veto ? 1 : rt->weight[k];
                sum += rt->weight[k];
            }
            if (rt->rule == PL_RATIFY_REFERENDUM) g->quota = rt->majority * sum;
            if (veto) g->quota = (double)g->nmembers;
            continue;
        }
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

pl_status pl_i_model_compile_rules(pl_model_t *m, pl_error_t *err)
{
    const pl_scenario_t *sc = m->sc;
    m->actor = pl_calloc(m->nactors ? m->nactors : 1, sizeof *m->actor);
    m->issue = pl_calloc(m->nissues ? m->nissues : 1, sizeof *m->issue);
    if (!m->actor || !m->issue) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < m->nissues; i++) {
        const pl_issue_t *is = &sc->issues[i];
        m->issue[i] = (pl_i_issue_t){.kind = is->kind, .ordered = is->kind != PL_ISSUE_CATEGORICAL ||
                                                                 is->ordered,
                                     .lo = is->lo, .hi = is->hi, .reference = is->reference};
        if (is->kind != PL_ISSUE_CATEGORICAL && is->numeric) {
            double *x = pl_malloc(m->nvalues[i] * sizeof *x);
            if (!x) return pl_error_set(err, PL_ENOMEM, "out of memory");
            memcpy(x, is->numeric, m->nvalues[i] * sizeof *x);
            m->issue[i].numeric = x;
        }
    }
    size_t *nfac = pl_calloc(m->nactors ? m->nactors : 1, sizeof *nfac);
    if (!nfac) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t f = 0; f < m->nactors; f++)
        if (m->sc->actors[f].role == PL_ROLE_FACTION && m->sc->actors[f].party < m->nactors)
            nfac[m->sc->actors[f].party]++;
    for (size_t a = 0; a < m->nactors; a++)
        if (!compile_actor(m, a, nfac[a], &m->actor[a])) {
            pl_free(nfac);
            return pl_error_set(err, PL_ENOMEM, "out of memory");
        }
    pl_free(nfac);
    if (!compile_deals(m)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return compile_games(m, err);
}

static void free_allow(pl_i_allow_t *al, size_t n)
{
    if (!al) return;
    for (size_t r = 0; r < n; r++) pl_free(al[r].allowed);
    pl_free(al);
}

void pl_i_model_free_rules(pl_model_t *m)
{
    if (m->actor) {
        for (size_t a = 0; a < m->nactors; a++) {
            pl_i_actor_t *ca = &m->actor[a];
            free_allow(ca->require, ca->nrequire);
            free_allow(ca->mandate, ca->nmandate);
            pl_free(ca->factions);
            pl_free(ca->defectors);
            if (ca->rects)
                for (size_t r = 0; r < ca->nrects; r++) pl_free(ca->rects[r].issue);
            pl_free(ca->rects);
            pl_free(ca->position);
            pl_free(ca->salience);
            pl_free(ca->via);
        }
        pl_free(m->actor);
    }
    if (m->issue)
        for (size_t i = 0; i < m->nissues; i++) pl_free(m->issue[i].numeric);
    pl_free(m->issue);
    pl_free(m->proposal);
    pl_free(m->p_deal);
    pl_free(m->p_no_deal);
    pl_free(m->effect);
    pl_free(m->linkage_actor);
    if (m->game) {
        for (size_t a = 0; a < m->nactors; a++) {
            pl_free((void *)m->game[a].members);
            pl_free((void *)m->game[a].weight);
        }
        pl_free(m->game);
    }
}
