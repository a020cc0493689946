/*
 * evaluate.c: the acceptance evaluator behind every mediation method. One run computes, for
 * an outcome, each actor's utility and acceptance, the ratification of every party and
 * whether the package passes; a method may pay actors (lower thresholds) or force acceptance.
 * With no payments it agrees with pl_model_accepts / pl_model_ratified (tested).
 */
#include <math.h>
#include <string.h>

#include "mediate_internal.h"

void pl_i_eval_destroy(pl_i_eval_t *ev)
{
    if (!ev) return;
    pl_free(ev->thr);
    pl_free(ev->need);
    pl_free(ev->pay);
    pl_free(ev->forced);
    pl_free(ev->has_pref);
    pl_free(ev->rule);
    pl_free(ev->role);
    pl_free(ev->party);
    pl_free(ev->defection);
    pl_free(ev->parties);
    pl_free(ev->players);
    pl_free(ev->player_of);
    pl_free(ev->u);
    pl_free(ev->req);
    pl_free(ev->acc);
    pl_free(ev->voter);
    memset(ev, 0, sizeof *ev);
}

pl_status pl_i_eval_init(pl_i_eval_t *ev, const pl_model_t *m, bool without_linkages,
                         pl_error_t *err)
{
    memset(ev, 0, sizeof *ev);
    size_t na = pl_model_nactors(m), k = na ? na : 1;
    ev->m = m;
    ev->na = na;
    ev->ni = pl_model_nissues(m);
    ev->thr = pl_calloc(k, sizeof(double));
    ev->need = pl_calloc(k, sizeof(double));
    ev->pay = pl_calloc(k, sizeof(double));
    ev->forced = pl_calloc(k, sizeof(bool));
    ev->has_pref = pl_calloc(k, sizeof(bool));
    ev->rule = pl_calloc(k, sizeof(*ev->rule));
    ev->role = pl_calloc(k, sizeof(*ev->role));
    ev->party = pl_calloc(k, sizeof(size_t));
    ev->defection = pl_calloc(k, sizeof(double));
    ev->parties = pl_calloc(k, sizeof(size_t));
    ev->players = pl_calloc(k, sizeof(size_t));
    ev->player_of = pl_calloc(k, sizeof(size_t));
    ev->u = pl_calloc(k, sizeof(double));
    ev->req = pl_calloc(k, sizeof(bool));
    ev->acc = pl_calloc(k, sizeof(bool));
    ev->voter = pl_calloc(k, sizeof(bool));
    if (!ev->voter || !ev->thr || !ev->need || !ev->pay || !ev->forced || !ev->has_pref || !ev->rule ||
        !ev->role || !ev->party || !ev->defection || !ev->parties || !ev->players ||
        !ev->player_of || !ev->u || !ev->req || !ev->acc) {
        pl_i_eval_destroy(ev);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t a = 0; a < na; a++) {
        pl_model_game_t g;
        ev->role[a] = pl_model_role(m, a);
        ev->party[a] = pl_model_party_of(m, a);
        ev->defection[a] = pl_model_defection_cost(m, a);
        ev->rule[a] = PL_RATIFY_NONE;
        if (ev->role[a] == PL_ROLE_PARTY && pl_model_has_ratification(m, a))
            ev->rule[a] = pl_model_ratification(m, a, &g) ? g.rule : PL_RATIFY_ALL;
        ev->voter[a] = pl_model_votes(m, a);
        ev->thr[a] = without_linkages ? pl_model_reservation(m, a) : pl_model_threshold(m, a);
        ev->need[a] = ev->thr[a];
        /* a party with a participation level must reach the larger of the two (the model's
         * need; recomputed here because the threshold may leave out the linkages) */
        double part = pl_model_participation(m, a);
        if (ev->role[a] == PL_ROLE_PARTY && !isnan(part) && part > ev->need[a]) ev->need[a] = part;
        ev->has_pref[a] = pl_model_has_preferences(m, a);
        ev->player_of[a] = PL_UNSET;
    }
    ev->nparties = pl_model_nparties(m);
    for (size_t j = 0; j < ev->nparties; j++) ev->parties[j] = pl_model_party(m, j);
    /* players in scenario order: parties, delegations with a mandate, ratifying factions */
    for (size_t a = 0; a < na; a++) {
        pl_role r = ev->role[a];
        size_t p = ev->party[a];
        bool player = r == PL_ROLE_PARTY || (r == PL_ROLE_DELEGATION && pl_model_has_mandate(m, a)) ||
                      (r == PL_ROLE_FACTION && p < na && ev->rule[p] != PL_RATIFY_NONE) ||
                      (r != PL_ROLE_DELEGATION && ev->voter[a]);
        if (!player) continue;
        ev->player_of[a] = ev->nplayers;
        ev->players[ev->nplayers++] = a;
    }
    return PL_OK;
}

uint64_t pl_i_accept_mask(const pl_i_eval_t *ev)
{
    uint64_t mask = 0;
    for (size_t k = 0; k < ev->nplayers && k < 64; k++)
        if (ev->acc[ev->players[k]]) mask |= (uint64_t)1 << k;
    return mask;
}

/* ratification of party p given acceptances (after payments): the model's one definition */
static bool ratified_with(const pl_i_eval_t *ev, size_t p, const bool *acc, size_t *blocker)
{
    if (ev->rule[p] == PL_RATIFY_NONE) {
        if (blocker) *blocker = PL_UNSET;
        return true;
    }
    return pl_model_ratified_by(ev->m, p, acc, blocker);
}

bool pl_i_ratified(const pl_i_eval_t *ev, size_t p, size_t *blocker)
{
    return ratified_with(ev, p, ev->acc, blocker);
}

bool pl_i_game_wins(const pl_i_eval_t *ev, uint64_t mask)
{
    /* acceptance per actor from the mask; non-players accept */
    bool local[256] = {false};
    bool *acc = ev->na <= 256 ? local : pl_calloc(ev->na, sizeof(bool));
    if (!acc) return false;
    for (size_t a = 0; a < ev->na; a++) {
        size_t k = ev->player_of[a];
        acc[a] = k == PL_UNSET ? true : ((mask >> k) & 1) != 0;
    }
    bool win = pl_model_decides_by(ev->m, acc, NULL);
    if (acc != local) pl_free(acc);
    return win;
}

static double party_base(const pl_i_eval_t *ev, size_t p, const size_t *o)
{
    const pl_model_t *m = ev->m;
    double u = pl_model_utility(m, p, o);
    if (pl_model_is_additive(m, p)) return u;
    /* add back the defection costs the model charged with its own thresholds */
    for (size_t f = 0; f < ev->na; f++)
        if (ev->role[f] == PL_ROLE_FACTION && ev->party[f] == p && ev->defection[f] != 0 &&
            !pl_model_accepts(m, f, o))
            u += ev->defection[f];
    return u;
}

bool pl_i_eval_run(pl_i_eval_t *ev, const size_t *o)
{
    const pl_model_t *m = ev->m;
    size_t na = ev->na;
    ev->hard_fail = false;
    ev->passes = false;
    ev->blocker = PL_UNSET;
    bool unanimity = m->acc.rule == PL_DECIDE_UNANIMITY;
    /* factions and voters first: parties' utilities depend on them */
    for (size_t a = 0; a < na; a++) {
        pl_role role = ev->role[a];
        if (role == PL_ROLE_PARTY) continue;
        ev->u[a] = ev->has_pref[a] ? pl_model_utility(m, a, o) : NAN;
        ev->req[a] = pl_model_requirements_met(m, a, o);
        if (role == PL_ROLE_DELEGATION) {
            ev->acc[a] = pl_model_within_mandate(m, a, o);
            if (!ev->acc[a] && unanimity) ev->hard_fail = true;
        } else if (role == PL_ROLE_FACTION || ev->voter[a]) {
            double u = ev->has_pref[a] ? ev->u[a] : 0;
            ev->acc[a] = ev->req[a] && (ev->forced[a] || u + ev->pay[a] >= ev->need[a] - PL_TOL);
        } else {
            ev->acc[a] = true;
        }
    }
    for (size_t a = 0; a < na; a++) {
        if (ev->role[a] != PL_ROLE_PARTY) continue;
        double u = party_base(ev, a, o);
        for (size_t f = 0; f < na; f++)
            if (ev->role[f] == PL_ROLE_FACTION && ev->party[f] == a && ev->defection[f] != 0 && !ev->acc[f])
                u -= ev->defection[f];
        ev->u[a] = u;
        ev->req[a] = pl_model_requirements_met(m, a, o);
        /* the model's party acceptance (pl_model_acceptances), with payments */
        ev->acc[a] = ev->req[a] && (ev->forced[a] || !ev->has_pref[a] ||
                                    u + ev->pay[a] >= ev->need[a] - PL_TOL);
        if (!unanimity) continue;
        if (!ev->req[a] || m->acc.walked[a]) ev->hard_fail = true;
        if (ev->rule[a] == PL_RATIFY_VETO)
            for (size_t f = 0; f < na; f++)
                if (ev->role[f] == PL_ROLE_FACTION && ev->party[f] == a && ev->has_pref[f] && !ev->req[f])
                    ev->hard_fail = true;
    }
    if (m->acc.nconstraints && !pl_i_allowed(m, o)) {
        /* a package a constraint forbids: nothing can carry it */
        ev->hard_fail = true;
        return false;
    }
    if (unanimity) {
        /* fast exit with pl_model_decides_by's verdict and blocker: under unanimity the first
         * party (party order) that walked out or rejects, or whose delegation is outside its
         * mandate, fails the table before any ratification is asked */
        for (size_t k = 0; k < m->nparties; k++) {
            size_t p = m->parties[k];
            if (m->acc.walked[p] || !ev->acc[p]) {
                ev->blocker = p;
                return false;
            }
            for (size_t j = 0; j < m->acc.ndelegations; j++) {
                size_t d = m->acc.delegation[j];
                if (m->actor[d].party == p && !ev->acc[d]) {
                    ev->blocker = d;
                    return false;
                }
            }
        }
    }
    pl_why_t why;
    ev->passes = pl_model_decides_by(m, ev->acc, &why);
    if (!ev->passes) ev->blocker = why.actor != PL_UNSET ? why.actor : why.party;
    if (why.kind == PL_WHY_DECISION && why.actor == PL_UNSET) ev->blocker = PL_UNSET;
    return ev->passes;
}

double pl_i_slack(const pl_i_eval_t *ev, size_t a)
{
    if (!ev->has_pref[a] && ev->role[a] != PL_ROLE_PARTY && ev->role[a] != PL_ROLE_FACTION)
        return NAN;
    double u = ev->has_pref[a] ? ev->u[a] : (isnan(ev->u[a]) ? 0 : ev->u[a]);
    return u + ev->pay[a] - ev->need[a];
}

double pl_i_cost_to_pass(pl_i_eval_t *ev, const size_t *o, uint64_t payable, const double *cap,
                         double *pays)
{
    size_t na = ev->na;
    memset(ev->pay, 0, na * sizeof *ev->pay);
    memset(ev->forced, 0, na * sizeof *ev->forced);
    if (pays) memset(pays, 0, na * sizeof *pays);
    if (pl_i_eval_run(ev, o)) return 0;
    if (ev->hard_fail) return INFINITY;
    size_t cand[PL_I_MAX_PLAYERS];
    size_t nc = 0;
    for (size_t k = 0; k < ev->nplayers && k < 64; k++) {
        size_t a = ev->players[k];
        if (!((payable >> k) & 1) || ev->acc[a] || !ev->req[a]) continue;
        if (ev->role[a] == PL_ROLE_DELEGATION) continue; /* a mandate is not for sale */
        if (nc < PL_I_MAX_PLAYERS) cand[nc++] = a;
    }
    if (nc == 0) return INFINITY;
    double best = INFINITY;
    /* every subset of the rejecting payable players (all of them when there are many) */
    uint64_t full = ((uint64_t)1 << nc) - 1;
    for (uint64_t sub = nc > 14 ? full : 1; sub <= full; sub++) {
        for (size_t c = 0; c < nc; c++) ev->forced[cand[c]] = (sub >> c) & 1;
        if (!pl_i_eval_run(ev, o)) continue;
        double cost = 0;
        bool ok = true;
        for (size_t c = 0; c < nc && ok; c++) {
            if (!((sub >> c) & 1)) continue;
            size_t a = cand[c];
            double g = ev->need[a] - (ev->has_pref[a] ? ev->u[a] : 0);
            if (g < 0) g = 0;
            if (cap && g > cap[a] + PL_TOL) ok = false;
            cost += g;
        }
        if (ok && cost < best) {
            best = cost;
            if (pays) {
                memset(pays, 0, na * sizeof *pays);
                for (size_t c = 0; c < nc; c++) {
                    if (!((sub >> c) & 1)) continue;
                    size_t a = cand[c];
                    double g = ev->need[a] - (ev->has_pref[a] ? ev->u[a] : 0);
                    pays[a] = g > 0 ? g : 0;
                }
            }
        }
    }
    memset(ev->forced, 0, na * sizeof *ev->forced);
    return best;
}

double pl_i_robustness(pl_i_eval_t *ev, size_t *nearest)
{
    double rob = INFINITY;
    if (nearest) *nearest = PL_UNSET;
    /* veto players: parties, factions under a veto rule, quota members whose rejection
     * would fail their body (or every member of a body that fails) */
    for (size_t a = 0; a < ev->na; a++) {
        pl_role role = ev->role[a];
        size_t p = ev->party[a];
        if (!ev->has_pref[a] && role != PL_ROLE_PARTY) continue;
        bool veto = role == PL_ROLE_PARTY;
        if (role == PL_ROLE_FACTION && p < ev->na && ev->rule[p] != PL_RATIFY_NONE) {
            if (ev->rule[p] == PL_RATIFY_VETO) veto = true;
            else if (!pl_i_ratified(ev, p, NULL)) veto = true;
            else if (ev->acc[a] && !isnan(pl_model_seats(ev->m, a))) {
                ev->acc[a] = false;
                veto = !pl_i_ratified(ev, p, NULL);
                ev->acc[a] = true;
            }
        }
        if (!veto) continue;
        double sl = pl_i_slack(ev, a);
        if (sl < rob) {
            rob = sl;
            if (nearest) *nearest = a;
        }
    }
    return isinf(rob) ? NAN : rob;
}

void pl_mediate_package_init(pl_mediate_package_t *p)
{
    memset(p, 0, sizeof *p);
    p->blocker = PL_UNSET;
    p->nearest = PL_UNSET;
    p->cost = INFINITY;
}

void pl_mediate_package_destroy(pl_mediate_package_t *p)
{
    if (!p) return;
    pl_free(p->outcome);
    pl_free(p->utility);
    pl_free(p->threshold);
    pl_free(p->slack);
    pl_mediate_package_init(p);
}

static pl_status package_size(const pl_model_t *m, pl_mediate_package_t *pkg, pl_error_t *err)
{
    if (pkg->outcome) return PL_OK;
    size_t ni = pl_model_nissues(m), na = pl_model_nactors(m);
    pkg->outcome = pl_calloc(ni ? ni : 1, sizeof(size_t));
    pkg->utility = pl_calloc(na ? na : 1, sizeof(double));
    pkg->threshold = pl_calloc(na ? na : 1, sizeof(double));
    pkg->slack = pl_calloc(na ? na : 1, sizeof(double));
    if (!pkg->outcome || !pkg->utility || !pkg->threshold || !pkg->slack) {
        pl_mediate_package_destroy(pkg);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    return PL_OK;
}

pl_status pl_i_package_copy(const pl_model_t *m, const pl_mediate_package_t *src,
                            pl_mediate_package_t *dst, pl_error_t *err)
{
    PL_CHECK(package_size(m, dst, err));
    size_t *o = dst->outcome;
    double *u = dst->utility, *t = dst->threshold, *s = dst->slack;
    *dst = *src;
    dst->outcome = o;
    dst->utility = u;
    dst->threshold = t;
    dst->slack = s;
    if (src->outcome) {
        size_t ni = pl_model_nissues(m), na = pl_model_nactors(m);
        memcpy(o, src->outcome, ni * sizeof *o);
        memcpy(u, src->utility, na * sizeof *u);
        memcpy(t, src->threshold, na * sizeof *t);
        memcpy(s, src->slack, na * sizeof *s);
    }
    return PL_OK;
}

pl_status pl_i_package_fill(pl_i_eval_t *ev, const size_t *o, const double *ideal,
                            pl_mediate_package_t *pkg, pl_error_t *err)
{
    PL_CHECK(package_size(ev->m, pkg, err));
    memcpy(pkg->outcome, o, ev->ni * sizeof *o);
    pkg->cost = pl_i_cost_to_pass(ev, o, ~(uint64_t)0, NULL, NULL);
    memset(ev->pay, 0, ev->na * sizeof *ev->pay);
    memset(ev->forced, 0, ev->na * sizeof *ev->forced);
    pl_i_eval_run(ev, o);
    pkg->passes = ev->passes;
    pkg->blocker = ev->blocker;
    double nash = 1, ks = INFINITY;
    for (size_t a = 0; a < ev->na; a++) {
        pl_role r = ev->role[a];
        pkg->utility[a] = ev->has_pref[a] ? ev->u[a] : NAN;
        pkg->threshold[a] = ev->need[a];
        pkg->slack[a] = (ev->has_pref[a] && (r == PL_ROLE_PARTY || r == PL_ROLE_FACTION))
                            ? pl_i_slack(ev, a) : NAN;
        if (r == PL_ROLE_PARTY) {
            double g = ev->u[a] - ev->thr[a];
            nash *= g > 0 ? g : 0;
            if (ideal && !isnan(ideal[a])) {
                double span = ideal[a] - ev->thr[a];
                double k = span > PL_TOL ? g / span : (g >= -PL_TOL ? 1 : 0);
                if (k < ks) ks = k;
            }
        }
    }
    size_t nearest = PL_UNSET;
    double rob = pl_i_robustness(ev, &nearest);
    pkg->nash = nash;
    pkg->ks = isinf(ks) ? NAN : ks;
    pkg->robustness = rob;
    pkg->nearest = nearest;
    return PL_OK;
}

pl_status pl_mediate_evaluate(const pl_model_t *m, const pl_mediate_options_t *opt,
                              const size_t *outcome, pl_mediate_package_t *pkg, pl_error_t *err)
{
    pl_mediate_package_destroy(pkg);
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        if (outcome[i] >= pl_model_nvalues(m, i))
            return pl_error_set(err, PL_EINVAL, "value %zu of issue '%s' is out of range",
                                outcome[i], pl_model_issue_name(m, i));
    pl_i_eval_t ev;
    PL_CHECK(pl_i_eval_init(&ev, m, opt && opt->without_linkages, err));
    pl_status s = pl_i_package_fill(&ev, outcome, NULL, pkg, err);
    pl_i_eval_destroy(&ev);
    return s;
}

void pl_mediate_options_init(pl_mediate_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->top_k = 3;
    o->max_outcomes = 20000000;
}

double pl_mediate_concession(const pl_model_t *m, size_t a, size_t issue, size_t value,
                             size_t *ideal)
{
    if (ideal) *ideal = PL_UNSET;
    const double *t = pl_model_value_utilities(m, a, issue);
    if (!t) return 0;
    size_t best = 0;
    for (size_t v = 1; v < pl_model_nvalues(m, issue); v++)
        if (t[v] > t[best]) best = v;
    if (ideal) *ideal = best;
    return t[best] - t[value];
}

pl_status pl_mediate_issue_points(const pl_model_t *m, size_t actor, double *points,
                                  pl_error_t *err)
{
    if (actor >= pl_model_nactors(m)) return pl_error_set(err, PL_EINVAL, "no actor %zu", actor);
    if (!pl_i_has_table(m, actor))
        return pl_error_set(err, PL_EINVAL,
                            "actor '%s' has no per-issue utility table to divide issues by",
                            pl_model_actor_name(m, actor));
    double sum = 0;
    size_t ni = pl_model_nissues(m);
    for (size_t i = 0; i < ni; i++) {
        const double *t = pl_model_value_utilities(m, actor, i);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t v = 0; v < pl_model_nvalues(m, i); v++) {
            if (t[v] < lo) lo = t[v];
            if (t[v] > hi) hi = t[v];
        }
        points[i] = hi - lo;
        sum += points[i];
    }
    if (!(sum > 0))
        return pl_error_set(err, PL_EINVAL, "actor '%s' is indifferent on every issue",
                            pl_model_actor_name(m, actor));
    for (size_t i = 0; i < ni; i++) points[i] = 100.0 * points[i] / sum;
    return PL_OK;
}

pl_status pl_i_space(const pl_model_t *m, const pl_mediate_options_t *opt, uint64_t *n,
                     pl_error_t *err)
{
    uint64_t limit = opt && opt->max_outcomes ? opt->max_outcomes : 20000000;
    char buf[256]; /* 255 digits in full, beyond that "about 1.2e+300" */
    if (!pl_model_space_size(m, n) || *n > limit)
        return pl_error_set(err, PL_ETOOBIG,
                            "the outcome space has %s outcomes, more than the %llu that mediation "
                            "examines exactly",
                            pl_model_space_size_str(m, buf, sizeof buf), (unsigned long long)limit);
    return PL_OK;
}

double pl_i_party_sum(const pl_i_eval_t *ev)
{
    double s = 0;
    for (size_t k = 0; k < ev->nparties; k++) s += ev->u[ev->parties[k]];
    return s;
}

double pl_i_nash(const pl_i_eval_t *ev)
{
    double nash = 1;
    for (size_t k = 0; k < ev->nparties; k++) {
        double g = ev->u[ev->parties[k]] - ev->thr[ev->parties[k]];
        nash *= g > 0 ? g : 0;
    }
    return nash;
}
