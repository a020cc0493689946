/*
 * offers.c: the offer and acceptance machinery every strategy shares. A strategy names a
 * target utility (or proposes itself); the session turns the target into an offer by binary
 * search in the negotiator's sorted index, breaking near-ties with a frequency model of the
 * offers received; acceptance applies the options' conditions after individual rationality.
 */
#include "sim_internal.h"

#include <string.h>

#define OFFER_WINDOW 0.02 /* offers within this much utility above the target count as near */
#define OFFER_CANDIDATES 48

/* First index of v's index with utility >= target (n when none). */
static size_t lower_bound(const pl_i_index *ix, double target)
{
    size_t lo = 0, hi = ix->n;
    double tg = target - PL_TOL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->u[mid] < tg) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The offer among the outcomes from index lo up: within OFFER_WINDOW of the first admissible
 * one, the one the frequency model says the others have asked for most (at most
 * OFFER_CANDIDATES looked at). Only ratifiable outcomes once v is ratification-aware.
 * Returns the index chosen (its outcome in `out`), or SIZE_MAX when there is none. */
static size_t scan_up(pl_sim_view_t *v, size_t lo, size_t *out)
{
    const pl_i_index *ix = v->ix;
    const pl_session_t *s = v->s;
    const pl_model_t *m = s->m;
    size_t n = ix->n, ni = s->ni;
    double limit = ix->u[lo] + OFFER_WINDOW;
    size_t best = SIZE_MAX;
    uint64_t best_score = 0;
    size_t count = 0;
    size_t *cand = s->tmp2;
    for (size_t k = lo; k < n; k++) {
        if (best != SIZE_MAX && (ix->u[k] > limit || count >= OFFER_CANDIDATES)) break;
        pl_model_outcome_from_index(m, ix->idx[k], cand);
        if (v->ratify_aware && !pl_model_ratified(m, v->party, cand, NULL)) continue;
        uint64_t score = 0;
        for (size_t i = 0; i < ni; i++) score += v->freq[s->voff[i] + cand[i]];
        count++;
        if (best == SIZE_MAX || score > best_score) {
            best = k;
            best_score = score;
            memcpy(out, cand, ni * sizeof *out);
        }
    }
    return best;
}

bool pl_i_offer_near(pl_sim_view_t *v, double target, size_t *out, double *u)
{
    const pl_i_index *ix = v->ix;
    const pl_model_t *m = v->s->m;
    if (ix->search) return pl_i_search_offer(v, target, out, u);
    size_t n = ix->n;
    if (n == 0) return false;
    size_t lo = lower_bound(ix, target);
    if (lo == n) lo = n - 1;
    if (v->nreceived == 0 && !v->ratify_aware) {
        pl_model_outcome_from_index(m, ix->idx[lo], out);
        *u = ix->u[lo];
        return true;
    }
    size_t best = scan_up(v, lo, out);
    if (best == SIZE_MAX && v->ratify_aware) {
        /* Nothing at or above the target would pass ratification: concede to the best outcome
         * that would (the highest below the target) rather than walk out. Once the schedule's
         * target falls below it, the ordinary scan above finds the same region. */
        size_t *cand = v->s->tmp2;
        for (size_t k = lo; k-- > 0;) {
            pl_model_outcome_from_index(m, ix->idx[k], cand);
            if (pl_model_ratified(m, v->party, cand, NULL)) {
                best = scan_up(v, lower_bound(ix, ix->u[k]), out);
                break;
            }
        }
    }
    if (best == SIZE_MAX) return false;
    *u = ix->u[best];
    return true;
}

bool pl_i_next_offer(pl_sim_view_t *v, size_t *out, double *u)
{
    if (v->st->propose && v->st->propose(v->state, v, out)) {
        *u = pl_i_util(v, out);
        return true;
    }
    double target = v->st->target(v->state, v);
    if (isnan(target)) return false;
    return pl_i_offer_near(v, target, out, u);
}

bool pl_i_accepts(pl_sim_view_t *v, const size_t *o, double u, double u_next)
{
    if (!pl_i_admissible(v, o)) return false;
    if (v->st->accept) return v->st->accept(v->state, v, o, u);
    const pl_sim_options_t *op = &v->s->opt;
    if ((op->accept & PL_AC_NEXT) && !isnan(u_next) && u >= u_next - PL_TOL) return true;
    if ((op->accept & PL_AC_CONST) && u >= op->accept_const) return true;
    if ((op->accept & PL_AC_BEST) && pl_view_time(v) >= 1 - op->accept_window &&
        !isnan(v->u_best_received) && u >= v->u_best_received - PL_TOL)
        return true;
    /* nothing left to offer: take any admissible offer rather than walk out */
    if (isnan(u_next)) return true;
    return false;
}
