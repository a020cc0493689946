/*
 * what_it_takes.c: for a named proposal that fails, (1) the smallest change that makes it
 * pass: fewest of the proposal's issues changed, then least utility taken from the parties
 * that accepted it, then the largest Nash product; and (2) the threshold moves (pressure or
 * side-payments, in utility) that make it pass unchanged. A partial proposal is judged by its
 * best completion (the passing one with the largest Nash product, else the cheapest to pass);
 * the issues it leaves open are free to change.
 */
#include <math.h>
#include <string.h>

#include "mediate_internal.h"

void pl_mediate_what_it_takes_init(pl_mediate_what_it_takes_t *w)
{
    memset(w, 0, sizeof *w);
    w->proposal = PL_UNSET;
    pl_mediate_package_init(&w->original);
    pl_mediate_package_init(&w->changed);
    pl_mediate_package_init(&w->reach);
    w->nchanged_reach = PL_UNSET;
    w->nchanged = PL_UNSET;
    w->move_total = INFINITY;
}

void pl_mediate_what_it_takes_destroy(pl_mediate_what_it_takes_t *w)
{
    if (!w) return;
    pl_mediate_package_destroy(&w->original);
    pl_mediate_package_destroy(&w->changed);
    pl_mediate_package_destroy(&w->reach);
    pl_free(w->move);
    pl_mediate_what_it_takes_init(w);
}

static bool matches(const size_t *pv, const size_t *o, size_t ni)
{
    for (size_t i = 0; i < ni; i++)
        if (pv[i] != PL_UNSET && pv[i] != o[i]) return false;
    return true;
}

/* the proposal as written when it sets every issue, else its best completion (the passing one
 * with the largest Nash product, else the cheapest to pass) into orig; o is scratch */
static pl_status completion(pl_i_eval_t *ev, size_t proposal, const size_t *pv, size_t *orig,
                            size_t *o, pl_error_t *err)
{
    const pl_model_t *m = ev->m;
    size_t ni = ev->ni;
    bool complete = true;
    for (size_t i = 0; i < ni; i++)
        if (pv[i] == PL_UNSET) complete = false;
        else if (pv[i] >= pl_model_nvalues(m, i))
            return pl_error_set(err, PL_EINVAL, "proposal '%s' has an out-of-range value",
                                pl_model_proposal_name(m, proposal));
    if (complete) {
        memcpy(orig, pv, ni * sizeof *orig);
        return PL_OK;
    }
    bool have = false, have_pass = false;
    double bnash = -1, bcost = INFINITY;
    for (size_t i = 0; i < ni; i++) o[i] = pv[i] == PL_UNSET ? 0 : pv[i];
    do {
        if (!matches(pv, o, ni)) continue;
        double cost = pl_i_cost_to_pass(ev, o, ~(uint64_t)0, NULL, NULL);
        double nash = 1;
        if (cost == 0) {
            pl_i_eval_run(ev, o);
            nash = pl_i_nash(ev);
        }
        bool take = !have || (cost == 0 && (!have_pass || nash > bnash + PL_TOL)) ||
                    (!have_pass && cost < bcost - PL_TOL);
        if (take) {
            have = true;
            have_pass = cost == 0;
            bnash = nash;
            bcost = cost;
            memcpy(orig, o, ni * sizeof *o);
        }
    } while (pl_model_outcome_next(m, o));
    return PL_OK;
}

pl_status pl_mediate_what_it_takes(const pl_model_t *m, const pl_mediate_options_t *opt,
                                   size_t proposal, pl_mediate_what_it_takes_t *out, pl_error_t *err)
{
    pl_mediate_options_t dflt;
    if (!opt) {
        pl_mediate_options_init(&dflt);
        opt = &dflt;
    }
    pl_mediate_what_it_takes_destroy(out);
    if (proposal >= pl_model_nproposals(m))
        return pl_error_set(err, PL_ENOTFOUND, "no proposal %zu in the scenario", proposal);
    const size_t *pv = pl_model_proposal(m, proposal);
    uint64_t space;
    PL_CHECK(pl_i_space(m, opt, &space, err));
    pl_i_eval_t ev;
    PL_CHECK(pl_i_eval_init(&ev, m, opt->without_linkages, err));
    size_t ni = ev.ni, na = ev.na;
    size_t *o = pl_calloc(ni, sizeof *o), *orig = pl_calloc(ni, sizeof *orig);
    size_t *best = pl_calloc(ni, sizeof *best);
    double *uorig = pl_calloc(na ? na : 1, sizeof(double));
    bool *accorig = pl_calloc(na ? na : 1, sizeof(bool));
    out->move = pl_calloc(na ? na : 1, sizeof(double));
    pl_status s = PL_OK;
    if (!o || !orig || !best || !uorig || !accorig || !out->move) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    out->proposal = proposal;
    /* the proposal itself, or its best completion */
    s = completion(&ev, proposal, pv, orig, o, err);
    if (s != PL_OK) goto done;
    s = pl_i_package_fill(&ev, orig, NULL, &out->original, err);
    if (s != PL_OK) goto done;
    out->passes = out->original.passes;
    memset(ev.pay, 0, na * sizeof *ev.pay);
    pl_i_eval_run(&ev, orig);
    memcpy(uorig, ev.u, na * sizeof *uorig);
    memcpy(accorig, ev.acc, na * sizeof *accorig);
    /* (2) threshold moves on the proposal as it stands */
    out->move_total = pl_i_cost_to_pass(&ev, orig, ~(uint64_t)0, NULL, out->move);
    if (isinf(out->move_total)) {
        pl_i_eval_run(&ev, orig);
        for (size_t k = 0; k < ev.nplayers; k++) {
            size_t a = ev.players[k];
            if (ev.acc[a]) continue;
            double g = ev.need[a] - (ev.has_pref[a] ? ev.u[a] : 0);
            out->move[a] = ev.req[a] && ev.role[a] != PL_ROLE_DELEGATION ? (g > 0 ? g : 0)
                                                                                 : INFINITY;
        }
    }
    /* (1) the smallest change */
    size_t bestd = PL_UNSET;
    double btaken = INFINITY, bnash = -1;
    memset(o, 0, ni * sizeof *o);
    do {
        size_t d = 0;
        for (size_t i = 0; i < ni; i++)
            if (pv[i] != PL_UNSET && pv[i] != o[i]) d++;
        if (bestd != PL_UNSET && d > bestd) continue;
        if (!pl_i_eval_run(&ev, o)) continue;
        double taken = 0, nash = 1;
        for (size_t k = 0; k < ev.nparties; k++) {
            size_t p = ev.parties[k];
            if (accorig[p] && uorig[p] > ev.u[p]) taken += uorig[p] - ev.u[p];
            double g = ev.u[p] - ev.thr[p];
            nash *= g > 0 ? g : 0;
        }
        bool take = bestd == PL_UNSET || d < bestd ||
                    (taken < btaken - PL_TOL || (taken < btaken + PL_TOL && nash > bnash + PL_TOL));
        if (take) {
            bestd = d;
            btaken = taken;
            bnash = nash;
            memcpy(best, o, ni * sizeof *o);
        }
    } while (pl_model_outcome_next(m, o));
    /* (3) fewest changes that some threshold move can carry, then the least move */
    size_t rd = PL_UNSET;
    double rcost = INFINITY;
    memset(o, 0, ni * sizeof *o);
    size_t *rb = pl_calloc(ni, sizeof *rb);
    if (!rb) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    do {
        size_t d = 0;
        for (size_t i = 0; i < ni; i++)
            if (pv[i] != PL_UNSET && pv[i] != o[i]) d++;
        if (rd != PL_UNSET && d > rd) continue;
        double c = pl_i_cost_to_pass(&ev, o, ~(uint64_t)0, NULL, NULL);
        if (isinf(c)) continue;
        if (rd == PL_UNSET || d < rd || c < rcost - PL_TOL) {
            rd = d;
            rcost = c;
            memcpy(rb, o, ni * sizeof *o);
        }
    } while (pl_model_outcome_next(m, o));
    if (rd != PL_UNSET) {
        out->found_reach = true;
        out->nchanged_reach = rd;
        s = pl_i_package_fill(&ev, rb, NULL, &out->reach, err);
    }
    pl_free(rb);
    if (s != PL_OK) goto done;
    if (bestd != PL_UNSET) {
        out->found = true;
        out->nchanged = bestd;
        out->taken = btaken;
        s = pl_i_package_fill(&ev, best, NULL, &out->changed, err);
    }
done:
    pl_free(o);
    pl_free(orig);
    pl_free(best);
    pl_free(uorig);
    pl_free(accorig);
    pl_i_eval_destroy(&ev);
    if (s != PL_OK) pl_mediate_what_it_takes_destroy(out);
    return s;
}
