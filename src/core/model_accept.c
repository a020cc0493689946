/*
 * model_accept.c: the one acceptance rule. Compiles the decision rule at the table, every
 * party's ratification (votes, referendums, combined and sequential routes) and the cross-issue
 * constraints, and decides whether an outcome is feasible. Analysis, mediation and simulation
 * all decide through pl_model_decides_by / pl_model_feasible (docs/analysis.md).
 */
#include "model_internal.h"

#include <math.h>
#include <string.h>

/* ---- compile ---- */

static bool has_prefs(const pl_model_t *m, size_t a) { return m->table[a] || m->actor[a].hyper; }

static void route_free(pl_i_route_t *r)
{
    pl_free(r->voter);
    pl_free(r->weight);
    for (size_t k = 0; k < r->nroutes; k++) route_free(&r->routes[k]);
    pl_free(r->routes);
}

static bool route_add(pl_model_t *m, pl_i_route_t *r, size_t a, double w)
{
    (void)m;
    r->voter[r->n] = a;
    r->weight[r->n++] = w;
    return true;
}

static bool route_compile(pl_model_t *m, size_t party, const pl_ratification_t *rt, pl_i_route_t *r)
{
    const pl_scenario_t *sc = m->sc;
    *r = (pl_i_route_t){.rule = rt->rule, .name = rt->name, .quota = rt->quota, .total = rt->total,
                        .majority = rt->majority, .turnout = rt->turnout, .floor = rt->floor};
    if (rt->rule == PL_RATIFY_ALL || rt->rule == PL_RATIFY_ANY || rt->rule == PL_RATIFY_SEQUENCE) {
        r->routes = pl_calloc(rt->nroutes ? rt->nroutes : 1, sizeof *r->routes);
        if (!r->routes) return false;
        for (size_t k = 0; k < rt->nroutes; k++) {
            r->nroutes++;
            if (!route_compile(m, party, &rt->routes[k], &r->routes[k])) return false;
        }
        return true;
    }
    size_t cap = (rt->nvoters ? rt->nvoters : m->nactors) + 1;
    r->voter = pl_malloc(cap * sizeof *r->voter);
    r->weight = pl_malloc(cap * sizeof *r->weight);
    if (!r->voter || !r->weight) return false;
    bool veto = rt->rule == PL_RATIFY_VETO;
    if (rt->nvoters) {
        for (size_t k = 0; k < rt->nvoters; k++)
            if (has_prefs(m, rt->voters[k]))
                route_add(m, r, rt->voters[k], veto ? 1 : rt->weight[k]);
        return true;
    }
    /* the party and its factions, as before members could be listed */
    const pl_actor_t *pa = &sc->actors[party];
    r->skip_party = veto;
    if (!veto && !isnan(pa->seats) && has_prefs(m, party)) route_add(m, r, party, pa->seats);
    for (size_t f = 0; f < m->nactors; f++) {
        const pl_actor_t *fa = &sc->actors[f];
        if (fa->role != PL_ROLE_FACTION || fa->party != party || !has_prefs(m, f)) continue;
        if (!veto && isnan(fa->seats)) continue;
        route_add(m, r, f, veto ? 1 : fa->seats);
    }
    return true;
}

static void mark_voters(pl_model_t *m, const pl_i_route_t *r)
{
    for (size_t k = 0; k < r->n; k++)
        if (!m->acc.voter[r->voter[k]]) {
            m->acc.voter[r->voter[k]] = true;
            m->acc.nvoters++;
        }
    for (size_t k = 0; k < r->nroutes; k++) mark_voters(m, &r->routes[k]);
}

static bool conditions_compile(const pl_model_t *m, const pl_condition_t *c, size_t n,
                               pl_i_allow_t **out)
{
    *out = pl_calloc(n ? n : 1, sizeof **out);
    if (!*out) return false;
    for (size_t k = 0; k < n; k++) {
        size_t nv = m->nvalues[c[k].issue];
        bool *b = pl_malloc(nv * sizeof *b);
        if (!b) return false;
        memcpy(b, c[k].allowed, nv * sizeof *b);
        (*out)[k] = (pl_i_allow_t){.issue = c[k].issue, .allowed = b};
    }
    return true;
}

static bool decision_compile(pl_model_t *m)
{
    const pl_decision_t *d = &m->sc->decision;
    pl_i_accept_t *A = &m->acc;
    A->rule = d->rule;
    A->quota = d->rule == PL_DECIDE_MAJORITY ? 0.5 : d->quota;
    for (size_t a = 0; a < m->nactors; a++) {
        const pl_actor_t *ac = &m->sc->actors[a];
        A->weight[a] = d->weight == PL_WEIGHT_CLOUT ? ac->clout
                       : d->weight == PL_WEIGHT_SEATS ? (isnan(ac->seats) ? 0 : ac->seats)
                                                      : 1;
    }
    for (size_t k = 0; k < d->nrequired; k++) A->required[d->required[k]] = true;
    for (size_t k = 0; k < d->nwalked_out; k++) A->walked[d->walked_out[k]] = true;
    if (d->ngroups) {
        A->group_n = pl_calloc(d->ngroups, sizeof *A->group_n);
        A->group_member = pl_calloc(d->ngroups, sizeof *A->group_member);
        if (!A->group_n || !A->group_member) return false;
        A->ngroups = d->ngroups;
        for (size_t g = 0; g < d->ngroups; g++) {
            size_t n = d->groups[g].nmembers;
            A->group_member[g] = pl_malloc((n ? n : 1) * sizeof(size_t));
            if (!A->group_member[g]) return false;
            memcpy(A->group_member[g], d->groups[g].members, n * sizeof(size_t));
            A->group_n[g] = n;
        }
    }
    return true;
}

pl_status pl_i_model_compile_accept(pl_model_t *m, pl_error_t *err)
{
    const pl_scenario_t *sc = m->sc;
    pl_i_accept_t *A = &m->acc;
    size_t na = m->nactors ? m->nactors : 1;
    A->weight = pl_calloc(na, sizeof *A->weight);
    A->required = pl_calloc(na, sizeof *A->required);
    A->walked = pl_calloc(na, sizeof *A->walked);
    A->need = pl_calloc(na, sizeof *A->need);
    A->prefs = pl_calloc(na, sizeof *A->prefs);
    A->route = pl_calloc(na, sizeof *A->route);
    A->delegation = pl_calloc(na, sizeof *A->delegation);
    A->voter = pl_calloc(na, sizeof *A->voter);
    if (!A->weight || !A->required || !A->walked || !A->need || !A->prefs || !A->route ||
        !A->delegation || !A->voter)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t a = 0; a < m->nactors; a++) {
        A->prefs[a] = has_prefs(m, a);
        A->need[a] = m->threshold[a];
        double part = m->actor[a].participation;
        /* an absent party joins only when offered its participation level */
        if (m->actor[a].role == PL_ROLE_PARTY && !isnan(part) && part > A->need[a]) A->need[a] = part;
        if (m->actor[a].role == PL_ROLE_DELEGATION && m->actor[a].nmandate)
            A->delegation[A->ndelegations++] = a;
    }
    if (!decision_compile(m)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    /* the last rule written for a party wins, as in the loader */
    for (size_t r = 0; r < sc->nratifications; r++) {
        const pl_ratification_t *rt = &sc->ratifications[r];
        if (rt->party >= m->nactors || rt->rule == PL_RATIFY_NONE) continue;
        if (A->route[rt->party]) {
            route_free(A->route[rt->party]);
            pl_free(A->route[rt->party]);
        }
        A->route[rt->party] = pl_calloc(1, sizeof(pl_i_route_t));
        if (!A->route[rt->party] || !route_compile(m, rt->party, rt, A->route[rt->party]))
            return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t a = 0; a < m->nactors; a++)
        if (A->route[a]) mark_voters(m, A->route[a]);
    if (sc->nconstraints) {
        A->constraint = pl_calloc(sc->nconstraints, sizeof *A->constraint);
        if (!A->constraint) return pl_error_set(err, PL_ENOMEM, "out of memory");
        for (size_t c = 0; c < sc->nconstraints; c++) {
            const pl_constraint_t *k = &sc->constraints[c];
            pl_i_constraint_t *ck = &A->constraint[c];
            A->nconstraints++;
            if (!conditions_compile(m, k->when, k->nwhen, &ck->when))
                return pl_error_set(err, PL_ENOMEM, "out of memory");
            ck->nwhen = k->nwhen;
            if (!conditions_compile(m, k->then, k->nthen, &ck->then))
                return pl_error_set(err, PL_ENOMEM, "out of memory");
            ck->nthen = k->nthen;
        }
    }
    return PL_OK;
}

static void allow_free(pl_i_allow_t *al, size_t n)
{
    if (!al) return;
    for (size_t k = 0; k < n; k++) pl_free(al[k].allowed);
    pl_free(al);
}

void pl_i_model_free_accept(pl_model_t *m)
{
    pl_i_accept_t *A = &m->acc;
    if (A->route)
        for (size_t a = 0; a < m->nactors; a++)
            if (A->route[a]) {
                route_free(A->route[a]);
                pl_free(A->route[a]);
            }
    pl_free(A->route);
    if (A->constraint)
        for (size_t c = 0; c < A->nconstraints; c++) {
            /* a partly compiled entry holds calloc'ed conditions with NULL sets: free them all */
            allow_free(A->constraint[c].when, m->sc->constraints[c].nwhen);
            allow_free(A->constraint[c].then, m->sc->constraints[c].nthen);
        }
    pl_free(A->constraint);
    if (A->group_member)
        for (size_t g = 0; g < A->ngroups; g++) pl_free(A->group_member[g]);
    pl_free(A->group_member);
    pl_free(A->group_n);
    pl_free(A->weight);
    pl_free(A->required);
    pl_free(A->walked);
    pl_free(A->need);
    pl_free(A->prefs);
    pl_free(A->delegation);
    pl_free(A->voter);
}

/* ---- constraints ---- */

bool pl_model_allowed(const pl_model_t *m, const size_t *o) { return pl_i_allowed(m, o); }
size_t pl_model_nconstraints(const pl_model_t *m) { return m->acc.nconstraints; }

size_t pl_model_violated(const pl_model_t *m, const size_t *o)
{
    for (size_t c = 0; c < m->acc.nconstraints; c++) {
        const pl_i_constraint_t *k = &m->acc.constraint[c];
        if (pl_i_allow_all(k->when, k->nwhen, o) &&
            (k->nthen == 0 || !pl_i_allow_all(k->then, k->nthen, o)))
            return c;
    }
    return PL_UNSET;
}

/* ---- ratification ---- */

/* One vote or combination from acceptances. *blocker: a voter whose no made it fail (veto: the
 * first rejecting member; quota and referendum: the largest rejecting voter, first in order;
 * combinations: the first failing part's), PL_UNSET when none can be named. */
static bool route_passes(const pl_i_route_t *r, size_t party, const bool *acc, size_t *blocker)
{
    switch (r->rule) {
    case PL_RATIFY_NONE: return true;
    case PL_RATIFY_ALL:
        for (size_t k = 0; k < r->nroutes; k++)
            if (!route_passes(&r->routes[k], party, acc, blocker)) return false;
        return true;
    case PL_RATIFY_ANY:
    case PL_RATIFY_SEQUENCE: {
        size_t first = PL_UNSET;
        for (size_t k = 0; k < r->nroutes; k++) {
            size_t b = PL_UNSET;
            if (route_passes(&r->routes[k], party, acc, &b)) return true;
            if (k == 0) first = b;
        }
        if (blocker) *blocker = first;
        return false;
    }
    case PL_RATIFY_VETO:
        for (size_t k = 0; k < r->n; k++) {
            size_t f = r->voter[k];
            if ((r->skip_party && f == party) || acc[f]) continue;
            if (blocker) *blocker = f;
            return false;
        }
        return true;
    case PL_RATIFY_QUOTA:
    case PL_RATIFY_REFERENDUM: {
        double yes = 0, cast = 0, largest_no = -1;
        size_t first_no = PL_UNSET;
        for (size_t k = 0; k < r->n; k++) {
            size_t f = r->voter[k];
            cast += r->weight[k];
            if (acc[f]) yes += r->weight[k];
            else if (f != party && r->weight[k] > largest_no) {
                largest_no = r->weight[k];
                first_no = f;
            }
        }
        bool ok;
        if (r->rule == PL_RATIFY_QUOTA) {
            ok = yes >= r->quota - PL_TOL;
        } else {
            double share = cast > 0 ? yes / cast : 0;
            double turnout = isnan(r->turnout) ? 1 : r->turnout;
            ok = share > r->majority + PL_TOL && (isnan(r->floor) || share * turnout >= r->floor - PL_TOL);
        }
        if (!ok && blocker) *blocker = first_no;
        return ok;
    }
    }
    return true;
}

bool pl_model_ratified_by(const pl_model_t *m, size_t party, const bool *acc, size_t *blocker)
{
    if (blocker) *blocker = PL_UNSET;
    const pl_i_route_t *r = m->acc.route[party];
    return !r || route_passes(r, party, acc, blocker);
}

bool pl_model_has_ratification(const pl_model_t *m, size_t party) { return m->acc.route[party] != NULL; }
bool pl_model_votes(const pl_model_t *m, size_t a) { return m->acc.voter[a]; }

/* ---- acceptances and the decision ---- */

double pl_model_need(const pl_model_t *m, size_t a) { return m->acc.need[a]; }
pl_decision_rule pl_model_decision_rule(const pl_model_t *m) { return m->acc.rule; }
double pl_model_decision_weight(const pl_model_t *m, size_t a) { return m->acc.weight[a]; }
bool pl_model_required(const pl_model_t *m, size_t a) { return m->acc.required[a]; }
bool pl_model_walked_out(const pl_model_t *m, size_t a) { return m->acc.walked[a]; }

/* Party a's own acceptance: requirements, and utility against what it needs (participation
 * included); a party without preferences asks only its requirements. */
static bool party_accepts(const pl_model_t *m, size_t a, const size_t *o)
{
    if (!pl_model_requirements_met(m, a, o)) return false;
    return !m->acc.prefs[a] || pl_model_utility(m, a, o) >= m->acc.need[a] - PL_TOL;
}

void pl_model_acceptances(const pl_model_t *m, const size_t *o, bool *acc)
{
    for (size_t a = 0; a < m->nactors; a++) {
        pl_role r = m->actor[a].role;
        if (r == PL_ROLE_PARTY) acc[a] = party_accepts(m, a, o);
        else if (r == PL_ROLE_DELEGATION) acc[a] = pl_model_within_mandate(m, a, o);
        else if (m->acc.voter[a] || r == PL_ROLE_FACTION) acc[a] = pl_model_accepts(m, a, o);
        else acc[a] = true;
    }
}

static void why_set(pl_why_t *why, pl_why_kind k, size_t actor, size_t party)
{
    if (why) *why = (pl_why_t){.kind = k, .actor = actor, .party = party, .constraint = PL_UNSET};
}

/* Party p's consent from acceptances, without its ratification (asked apart: unanimity reports
 * every acceptance before any ratification, as mediation always has). */
static bool consents_table(const pl_model_t *m, size_t p, const bool *acc, pl_why_t *why)
{
    const pl_i_accept_t *A = &m->acc;
    if (A->walked[p]) {
        why_set(why, PL_WHY_WALKED_OUT, p, p);
        return false;
    }
    if (!acc[p]) {
        bool part = !isnan(m->actor[p].participation) && A->need[p] > m->threshold[p];
        why_set(why, part ? PL_WHY_PARTICIPATION : PL_WHY_REJECTS, p, p);
        return false;
    }
    for (size_t k = 0; k < A->ndelegations; k++) {
        size_t d = A->delegation[k];
        if (m->actor[d].party == p && !acc[d]) {
            why_set(why, PL_WHY_MANDATE, d, p);
            return false;
        }
    }
    return true;
}

static bool share_reached(const pl_i_accept_t *A, double yes, double total)
{
    if (A->rule == PL_DECIDE_MAJORITY) return yes > 0.5 * total + PL_TOL;
    return yes >= A->quota * total - PL_TOL;
}

/* The decision rule over the parties' consents; `ratify`: a party's ratification is part of its
 * consent (pl_model_decides_by), else only its acceptance at the table (pl_model_decides_at_table). */
static bool decide(const pl_model_t *m, const bool *acc, bool ratify, pl_why_t *why)
{
    const pl_i_accept_t *A = &m->acc;
    why_set(why, PL_WHY_NONE, PL_UNSET, PL_UNSET);
    if (A->rule == PL_DECIDE_UNANIMITY) {
        /* every party's acceptance, then every party's ratification */
        for (size_t k = 0; k < m->nparties; k++)
            if (!consents_table(m, m->parties[k], acc, why)) return false;
        for (size_t k = 0; k < m->nparties && ratify; k++) {
            size_t p = m->parties[k], b;
            if (!pl_model_ratified_by(m, p, acc, &b)) {
                why_set(why, PL_WHY_RATIFICATION, b != PL_UNSET ? b : p, p);
                return false;
            }
        }
        return true;
    }
    /* consensus or majority: a party's no is one vote among the weights, unless required */
    double yes = 0, total = 0;
    bool stack[256];
    bool *con = m->nactors <= 256 ? stack : pl_malloc(m->nactors * sizeof *con);
    if (!con) return false;
    pl_why_t first = {.kind = PL_WHY_NONE, .actor = PL_UNSET, .party = PL_UNSET, .constraint = PL_UNSET};
    bool ok = true;
    for (size_t k = 0; k < m->nparties; k++) {
        size_t p = m->parties[k], b;
        pl_why_t w;
        con[p] = consents_table(m, p, acc, &w);
        if (ratify && con[p] && !pl_model_ratified_by(m, p, acc, &b)) {
            con[p] = false;
            why_set(&w, PL_WHY_RATIFICATION, b != PL_UNSET ? b : p, p);
        }
        total += A->weight[p];
        if (con[p]) yes += A->weight[p];
        else if (A->required[p] && ok) {
            ok = false;
            first = w;
        }
    }
    if (ok && !share_reached(A, yes, total)) {
        ok = false;
        first = (pl_why_t){.kind = PL_WHY_DECISION, .actor = PL_UNSET, .party = PL_UNSET,
                           .constraint = PL_UNSET};
    }
    for (size_t g = 0; g < A->ngroups && ok; g++) {
        double gy = 0, gt = 0;
        for (size_t j = 0; j < A->group_n[g]; j++) {
            size_t p = A->group_member[g][j];
            gt += A->weight[p];
            if (con[p]) gy += A->weight[p];
        }
        if (!share_reached(A, gy, gt)) {
            ok = false;
            first = (pl_why_t){.kind = PL_WHY_DECISION, .actor = PL_UNSET, .party = g,
                               .constraint = PL_UNSET};
        }
    }
    if (con != stack) pl_free(con);
    if (!ok && why) *why = first;
    return ok;
}

bool pl_model_decides_by(const pl_model_t *m, const bool *acc, pl_why_t *why)
{
    return decide(m, acc, true, why);
}

bool pl_model_decides_at_table(const pl_model_t *m, const bool *acc, pl_why_t *why)
{
    return decide(m, acc, false, why);
}

bool pl_model_feasible(const pl_model_t *m, const size_t *o, pl_why_t *why)
{
    size_t c = pl_model_violated(m, o);
    if (c != PL_UNSET) {
        if (why) *why = (pl_why_t){.kind = PL_WHY_CONSTRAINT, .actor = PL_UNSET, .party = PL_UNSET,
                                   .constraint = c};
        return false;
    }
    bool stack[256];
    bool *acc = m->nactors <= 256 ? stack : pl_malloc(m->nactors * sizeof *acc);
    if (!acc) return false;
    pl_model_acceptances(m, o, acc);
    bool ok = pl_model_decides_by(m, acc, why);
    if (acc != stack) pl_free(acc);
    return ok;
}

bool pl_model_consents(const pl_model_t *m, size_t p, const size_t *o, pl_why_t *why)
{
    why_set(why, PL_WHY_NONE, PL_UNSET, PL_UNSET);
    size_t c = pl_model_violated(m, o);
    if (c != PL_UNSET) {
        if (why) *why = (pl_why_t){.kind = PL_WHY_CONSTRAINT, .actor = PL_UNSET, .party = PL_UNSET,
                                   .constraint = c};
        return false;
    }
    bool stack[256];
    bool *acc = m->nactors <= 256 ? stack : pl_malloc(m->nactors * sizeof *acc);
    if (!acc) return false;
    pl_model_acceptances(m, o, acc);
    size_t b;
    bool ok = consents_table(m, p, acc, why);
    if (ok && !pl_model_ratified_by(m, p, acc, &b)) {
        ok = false;
        why_set(why, PL_WHY_RATIFICATION, b != PL_UNSET ? b : p, p);
    }
    if (acc != stack) pl_free(acc);
    return ok;
}

bool pl_model_ratified(const pl_model_t *m, size_t party, const size_t *o, size_t *blocker)
{
    if (blocker) *blocker = PL_UNSET;
    if (!m->acc.route[party]) return true;
    bool stack[256];
    bool *acc = m->nactors <= 256 ? stack : pl_malloc(m->nactors * sizeof *acc);
    if (!acc) return false;
    pl_model_acceptances(m, o, acc);
    bool ok = pl_model_ratified_by(m, party, acc, blocker);
    if (acc != stack) pl_free(acc);
    return ok;
}

/* ---- explaining a ratification ---- */

/* Order voter positions k (of r) by weight, largest first (stable): insertion sort, n small. */
static void by_weight(const pl_i_route_t *r, size_t *ix, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t x = ix[i], j = i;
        while (j > 0 && r->weight[ix[j - 1]] < r->weight[x]) {
            ix[j] = ix[j - 1];
            j--;
        }
        ix[j] = x;
    }
}

static void explain_vote(const pl_i_route_t *r, size_t party, const bool *acc, pl_route_report_t *o)
{
    double yes = 0, cast = 0;
    size_t nyes = 0, nno = 0;
    for (size_t k = 0; k < r->n; k++) {
        if (r->skip_party && r->voter[k] == party) continue;
        cast += r->weight[k];
        if (acc[r->voter[k]]) {
            yes += r->weight[k];
            nyes++;
        } else {
            nno++;
        }
    }
    o->yes_electorate = o->floor = NAN;
    size_t ix[64], n = 0;
    bool want_yes = o->passes; /* passing: who could flip it by saying no; failing: by saying yes */
    for (size_t k = 0; k < r->n && n < 64; k++)
        if (!(r->skip_party && r->voter[k] == party) && acc[r->voter[k]] == want_yes) ix[n++] = k;
    by_weight(r, ix, n);
    if (r->rule == PL_RATIFY_VETO) {
        o->yes = (double)nyes;
        o->no = (double)nno;
        o->needed = (double)(nyes + nno);
        /* a veto: every member can fail it alone; when failing, every rejecting member must turn */
        for (size_t j = 0; j < n && o->npivotal < 8; j++) o->pivotal[o->npivotal++] = r->voter[ix[j]];
        return;
    }
    if (r->rule == PL_RATIFY_QUOTA) {
        o->yes = yes;
        o->no = cast - yes;
        o->needed = r->quota;
        o->margin = yes - r->quota;
    } else {
        double turnout = isnan(r->turnout) ? 1 : r->turnout;
        o->yes = cast > 0 ? 100.0 * yes / cast : 0;
        o->no = cast > 0 ? 100.0 - o->yes : 0;
        o->needed = 100.0 * r->majority;
        o->margin = o->yes - o->no;
        o->yes_electorate = o->yes * turnout;
        o->floor = isnan(r->floor) ? NAN : 100.0 * r->floor;
    }
    if (o->passes) {
        for (size_t j = 0; j < n && o->npivotal < 8; j++) {
            bool alone;
            double w = r->weight[ix[j]];
            if (r->rule == PL_RATIFY_QUOTA) alone = yes - w < r->quota - PL_TOL;
            else alone = !(cast > 0 && (yes - w) / cast > r->majority + PL_TOL);
            if (alone) o->pivotal[o->npivotal++] = r->voter[ix[j]];
        }
        return;
    }
    /* failing: the fewest largest rejecting voters whose yes would carry it */
    double y = yes;
    for (size_t j = 0; j < n && o->npivotal < 8; j++) {
        y += r->weight[ix[j]];
        o->pivotal[o->npivotal++] = r->voter[ix[j]];
        bool carried = r->rule == PL_RATIFY_QUOTA ? y >= r->quota - PL_TOL
                                                  : cast > 0 && y / cast > r->majority + PL_TOL;
        if (carried) return;
    }
}

static size_t explain(const pl_i_route_t *r, size_t party, const bool *acc, int depth, bool tried,
                      pl_route_report_t *out, size_t max, size_t at)
{
    pl_route_report_t rep = {.name = r->name, .rule = r->rule, .depth = depth, .tried = tried,
                             .yes_electorate = NAN, .floor = NAN};
    rep.passes = route_passes(r, party, acc, NULL);
    size_t me = at++;
    if (r->nroutes) {
        bool done = false;
        for (size_t k = 0; k < r->nroutes; k++) {
            bool t = tried && !(r->rule == PL_RATIFY_SEQUENCE && done);
            at = explain(&r->routes[k], party, acc, depth + 1, t, out, max, at);
            if (route_passes(&r->routes[k], party, acc, NULL)) done = true;
        }
    } else {
        explain_vote(r, party, acc, &rep);
    }
    if (me < max) out[me] = rep;
    return at;
}

size_t pl_model_ratify_explain(const pl_model_t *m, size_t party, const size_t *o,
                               pl_route_report_t *out, size_t max)
{
    const pl_i_route_t *r = m->acc.route[party];
    if (!r) return 0;
    bool stack[256];
    bool *acc = m->nactors <= 256 ? stack : pl_malloc(m->nactors * sizeof *acc);
    if (!acc) return 0;
    pl_model_acceptances(m, o, acc);
    size_t n = explain(r, party, acc, 0, true, out, max, 0);
    if (acc != stack) pl_free(acc);
    return n;
}
