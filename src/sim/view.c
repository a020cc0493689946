/*
 * view.c: what one negotiator sees (pl_view_*, the public side strategies are written
 * against): who it is, its own utility, reservation, time and the offers it has received, and
 * the caller's context; and the
 * session's checks of what it may agree to. Never another actor's utility.
 */
#include "sim_internal.h"

#include <string.h>

double pl_i_util(const pl_sim_view_t *v, const size_t *o)
{
    const pl_model_t *m = v->s->m;
    return v->additive ? pl_model_utility_additive(m, v->uactor, o)
                       : pl_model_utility(m, v->uactor, o);
}

double pl_view_utility(const pl_sim_view_t *v, const size_t *o) { return pl_i_util(v, o); }
double pl_view_reservation(const pl_sim_view_t *v) { return v->reservation; }
double pl_view_best(const pl_sim_view_t *v) { return v->ix->n ? v->ix->umax : v->reservation; }
size_t pl_view_round(const pl_sim_view_t *v) { return v->s->round; }
size_t pl_view_received(const pl_sim_view_t *v) { return v->nreceived; }
double pl_view_last_received(const pl_sim_view_t *v) { return v->u_last_received; }
double pl_view_prev_received(const pl_sim_view_t *v) { return v->u_prev_received; }
double pl_view_best_received(const pl_sim_view_t *v) { return v->u_best_received; }
double pl_view_last_offered(const pl_sim_view_t *v) { return v->u_last_offered; }
size_t pl_view_actor(const pl_sim_view_t *v) { return v->actor; }
size_t pl_view_party(const pl_sim_view_t *v) { return v->party; }
size_t pl_view_nissues(const pl_sim_view_t *v) { return v->s->ni; }
void *pl_view_context(const pl_sim_view_t *v) { return v->s->opt.context; }

const size_t *pl_view_last_received_outcome(const pl_sim_view_t *v)
{
    return v->nreceived ? v->last_received : NULL;
}
pl_rng_t *pl_view_rng(const pl_sim_view_t *v) { return (pl_rng_t *)&v->rng; }

double pl_view_time(const pl_sim_view_t *v)
{
    double T = v->deadline;
    if (T <= 1) return 1;
    double t = (double)v->s->round / (T - 1);
    return t > 1 ? 1 : t;
}

bool pl_view_random_offer(const pl_sim_view_t *v, size_t *offer)
{
    if (v->ix->search) return pl_i_search_random(v, offer);
    if (!v->ix->n) return false;
    size_t k = (size_t)pl_rng_below((pl_rng_t *)&v->rng, v->ix->n);
    pl_model_outcome_from_index(v->s->m, v->ix->idx[k], offer);
    return true;
}

bool pl_i_past_deadline(const pl_sim_view_t *v) { return (double)v->s->round >= v->deadline; }

bool pl_i_admissible(const pl_sim_view_t *v, const size_t *o)
{
    const pl_model_t *m = v->s->m;
    if (!pl_model_accepts(m, v->uactor, o)) return false;
    if (v->party != v->uactor && !pl_model_accepts(m, v->party, o)) return false;
    if (!pl_model_within_mandate(m, v->actor, o)) return false;
    if (v->ratify_aware && !pl_model_ratified(m, v->party, o, NULL)) return false;
    return true;
}

void pl_i_receive(pl_sim_view_t *v, const size_t *o)
{
    const pl_session_t *s = v->s;
    for (size_t i = 0; i < s->ni; i++) v->freq[s->voff[i] + o[i]]++;
    memcpy(v->last_received, o, s->ni * sizeof *o);
    v->nreceived++;
    double u = pl_i_util(v, o);
    v->u_prev_received = v->u_last_received;
    v->u_last_received = u;
    if (isnan(v->u_best_received) || u > v->u_best_received) v->u_best_received = u;
    if (pl_i_is_external(v)) pl_i_external_receive(v, o);
}
