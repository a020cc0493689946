/*
 * leverage.c: the least use of each mediator instrument that makes some package pass. A
 * side-payment to an actor raises its utility of a deal; a penalty lowers its no-deal
 * utility; for acceptance both lower its threshold by the amount used. For each instrument
 * alone, and for all together, we take the least amount over every package (ties: larger
 * sum of the parties' utilities), so the package it buys is the best bridging package within
 * reach of that instrument. The linkage part compares the deal with and without the outside
 * actor's threat (thresholds with and without linkage shifts).
 */
#include <math.h>
#include <string.h>

#include "mediate_internal.h"

void pl_mediate_leverage_init(pl_mediate_leverage_t *l)
{
    memset(l, 0, sizeof *l);
    pl_mediate_package_init(&l->combined_package);
    pl_mediate_package_init(&l->best_with);
    pl_mediate_package_init(&l->best_without);
    l->combined = INFINITY;
    l->cost_with = l->cost_without = INFINITY;
}

void pl_mediate_leverage_destroy(pl_mediate_leverage_t *l)
{
    if (!l) return;
    for (size_t j = 0; j < l->n; j++)
        if (l->package) pl_mediate_package_destroy(&l->package[j]);
    pl_free(l->package);
    pl_free(l->instruments);
    pl_free(l->amount);
    pl_free(l->combined_use);
    pl_free(l->accepts_with);
    pl_free(l->accepts_without);
    pl_mediate_package_destroy(&l->combined_package);
    pl_mediate_package_destroy(&l->best_with);
    pl_mediate_package_destroy(&l->best_without);
    pl_mediate_leverage_init(l);
}

const char *pl_mediate_instrument_kind_name(pl_instrument_kind k)
{
    return k == PL_INSTRUMENT_PENALTY ? "penalty" : "side-payment";
}

typedef struct linkage_scan {
    uint64_t npassing;
    double best_nash, best_sum, cost, cost_sum;
    uint64_t best_idx, cost_idx;
    bool have_pass, have_cost;
} linkage_scan;

static void scan_linkage(pl_i_eval_t *ev, const size_t *o, uint64_t idx, linkage_scan *ls,
                         uint64_t *accepts)
{
    bool pass = pl_i_eval_run(ev, o);
    for (size_t a = 0; a < ev->na; a++)
        if (ev->acc[a] && (ev->has_pref[a] || ev->role[a] == PL_ROLE_PARTY)) accepts[a]++;
    if (pass) {
        ls->npassing++;
        double nash = pl_i_nash(ev);
        double sum = pl_i_party_sum(ev);
        if (!ls->have_pass || nash > ls->best_nash + PL_TOL ||
            (nash > ls->best_nash - PL_TOL && sum > ls->best_sum + PL_TOL)) {
            ls->have_pass = true;
            ls->best_nash = nash;
            ls->best_sum = sum;
            ls->best_idx = idx;
        }
        ls->cost = 0;
        return;
    }
    if (ls->have_pass || ev->hard_fail) return;
    double c = pl_i_cost_to_pass(ev, o, ~(uint64_t)0, NULL, NULL);
    if (isinf(c)) return;
    pl_i_eval_run(ev, o);
    double sum = pl_i_party_sum(ev);
    if (!ls->have_cost || c < ls->cost - PL_TOL || (c < ls->cost + PL_TOL && sum > ls->cost_sum + PL_TOL)) {
        ls->have_cost = true;
        ls->cost = c;
        ls->cost_sum = sum;
        ls->cost_idx = idx;
    }
}

/* each instrument's player bit (mask[j]) and their union (*all); cap[a]: the most all of
 * actor a's instruments may pay; out->amount starts at INFINITY. PL_EINVAL for an instrument
 * on an actor without a say or on a delegation. */
static pl_status instrument_masks(const pl_i_eval_t *ev, pl_mediate_leverage_t *out, uint64_t *mask,
                                  double *cap, uint64_t *all, pl_error_t *err)
{
    const pl_model_t *m = ev->m;
    size_t na = ev->na;
    for (size_t j = 0; j < out->n; j++) {
        size_t a = out->instruments[j].actor;
        if (a < na && ev->player_of[a] != PL_UNSET && ev->player_of[a] >= 64)
            return pl_error_set(err, PL_EINVAL,
                                "an instrument on '%s' cannot be weighed: leverage handles at most "
                                "64 parties and factions with a say in ratification (this is "
                                "number %zu)",
                                pl_model_actor_name(m, a), ev->player_of[a] + 1);
        if (a >= na || ev->player_of[a] == PL_UNSET)
            return pl_error_set(err, PL_EINVAL,
                                "an instrument on '%s' changes nothing: it is not a party or a "
                                "faction with a say in ratification",
                                a < na ? pl_model_actor_name(m, a) : "?");
        if (ev->role[a] == PL_ROLE_DELEGATION)
            return pl_error_set(err, PL_EINVAL,
                                "an instrument on delegation '%s' cannot widen its mandate",
                                pl_model_actor_name(m, a));
        mask[j] = (uint64_t)1 << ev->player_of[a];
        *all |= mask[j];
        double mx = out->instruments[j].max;
        cap[a] += isnan(mx) ? INFINITY : mx;
        out->amount[j] = INFINITY;
    }
    return PL_OK;
}

pl_status pl_mediate_leverage(const pl_model_t *m, const pl_mediate_options_t *opt,
                              const pl_instrument_t *ins, size_t n, pl_mediate_leverage_t *out,
                              pl_error_t *err)
{
    pl_mediate_options_t dflt;
    if (!opt) {
        pl_mediate_options_init(&dflt);
        opt = &dflt;
    }
    pl_mediate_leverage_destroy(out);
    uint64_t space;
    PL_CHECK(pl_i_space(m, opt, &space, err));
    pl_i_eval_t ev, evw;
    PL_CHECK(pl_i_eval_init(&ev, m, false, err));
    pl_status s = pl_i_eval_init(&evw, m, true, err);
    if (s != PL_OK) {
        pl_i_eval_destroy(&ev);
        return s;
    }
    size_t na = ev.na, ni = ev.ni;
    /* the instruments: given, or a side-payment to every veto player but delegations */
    size_t nins = n;
    if (!ins || n == 0) {
        nins = 0;
        for (size_t k = 0; k < ev.nplayers; k++)
            if (ev.role[ev.players[k]] != PL_ROLE_DELEGATION) nins++;
    }
    out->instruments = pl_calloc(nins ? nins : 1, sizeof *out->instruments);
    out->amount = pl_calloc(nins ? nins : 1, sizeof(double));
    out->combined_use = pl_calloc(nins ? nins : 1, sizeof(double));
    out->package = pl_calloc(nins ? nins : 1, sizeof(pl_mediate_package_t));
    size_t *o = pl_calloc(ni, sizeof *o);
    double *cap = pl_calloc(na ? na : 1, sizeof(double));
    double *pays = pl_calloc(na ? na : 1, sizeof(double));
    double *bsum = pl_calloc(nins ? nins : 1, sizeof(double));
    uint64_t *bidx = pl_calloc(nins ? nins : 1, sizeof(uint64_t));
    uint64_t *mask = pl_calloc(nins ? nins : 1, sizeof(uint64_t));
    out->accepts_with = pl_calloc(na ? na : 1, sizeof(uint64_t));
    out->accepts_without = pl_calloc(na ? na : 1, sizeof(uint64_t));
    if (!out->accepts_with || !out->accepts_without || !out->instruments || !out->amount || !out->combined_use || !out->package || !o || !cap ||
        !pays || !bsum || !bidx || !mask) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    out->n = nins;
    for (size_t j = 0; j < nins; j++) pl_mediate_package_init(&out->package[j]);
    if (!ins || n == 0) {
        size_t j = 0;
        for (size_t k = 0; k < ev.nplayers; k++) {
            size_t a = ev.players[k];
            if (ev.role[a] == PL_ROLE_DELEGATION) continue;
            out->instruments[j++] = (pl_instrument_t){.kind = PL_INSTRUMENT_SIDE_PAYMENT, .actor = a, .max = INFINITY};
        }
    } else {
        memcpy(out->instruments, ins, n * sizeof *ins);
    }
    uint64_t all = 0;
    s = instrument_masks(&ev, out, mask, cap, &all, err);
    if (s != PL_OK) goto done;
    linkage_scan with = {0}, without = {0};
    double bcomb_sum = -INFINITY;
    uint64_t bcomb_idx = 0;
    uint64_t idx = 0;
    do {
        scan_linkage(&ev, o, idx, &with, out->accepts_with);
        scan_linkage(&evw, o, idx, &without, out->accepts_without);
        memset(ev.pay, 0, na * sizeof *ev.pay);
        memset(ev.forced, 0, na * sizeof *ev.forced);
        bool passes = pl_i_eval_run(&ev, o);
        if (!passes && ev.hard_fail) {
            idx++;
            continue;
        }
        double sum = pl_i_party_sum(&ev);
        for (size_t j = 0; j < nins; j++) {
            double c = passes ? 0 : pl_i_cost_to_pass(&ev, o, mask[j], NULL, NULL);
            if (isinf(c)) continue;
            if (c < out->amount[j] - PL_TOL || (c < out->amount[j] + PL_TOL && sum > bsum[j] + PL_TOL)) {
                out->amount[j] = c;
                bsum[j] = sum;
                bidx[j] = idx;
            }
        }
        double c = passes ? 0 : pl_i_cost_to_pass(&ev, o, all, cap, NULL);
        if (c < out->combined - PL_TOL || (c < out->combined + PL_TOL && sum > bcomb_sum + PL_TOL)) {
            out->combined = c;
            bcomb_sum = sum;
            bcomb_idx = idx;
        }
        idx++;
    } while (pl_model_outcome_next(m, o));
    for (size_t j = 0; j < nins; j++) {
        if (isinf(out->amount[j])) continue;
        pl_model_outcome_from_index(m, bidx[j], o);
        s = pl_i_package_fill(&ev, o, NULL, &out->package[j], err);
        if (s != PL_OK) goto done;
    }
    if (!isinf(out->combined)) {
        pl_model_outcome_from_index(m, bcomb_idx, o);
        pl_i_cost_to_pass(&ev, o, all, cap, pays);
        /* spread each actor's payment over its instruments in order, up to each max */
        for (size_t j = 0; j < nins; j++) {
            size_t a = out->instruments[j].actor;
            double mx = isnan(out->instruments[j].max) ? INFINITY : out->instruments[j].max;
            double use = pays[a] < mx ? pays[a] : mx;
            out->combined_use[j] = use;
            pays[a] -= use;
        }
        s = pl_i_package_fill(&ev, o, NULL, &out->combined_package, err);
        if (s != PL_OK) goto done;
    }
    out->npassing_with = with.npassing;
    out->npassing_without = without.npassing;
    out->cost_with = with.have_pass ? 0 : with.have_cost ? with.cost : INFINITY;
    out->cost_without = without.have_pass ? 0 : without.have_cost ? without.cost : INFINITY;
    if (with.have_pass || with.have_cost) {
        pl_model_outcome_from_index(m, with.have_pass ? with.best_idx : with.cost_idx, o);
        s = pl_i_package_fill(&ev, o, NULL, &out->best_with, err);
        if (s != PL_OK) goto done;
    }
    if (without.have_pass || without.have_cost) {
        pl_model_outcome_from_index(m, without.have_pass ? without.best_idx : without.cost_idx, o);
        s = pl_i_package_fill(&evw, o, NULL, &out->best_without, err);
    }
done:
    pl_free(o);
    pl_free(cap);
    pl_free(pays);
    pl_free(bsum);
    pl_free(bidx);
    pl_free(mask);
    pl_i_eval_destroy(&ev);
    pl_i_eval_destroy(&evw);
    if (s != PL_OK) pl_mediate_leverage_destroy(out);
    return s;
}
