/*
 * proto_amop.c: alternating multiple offers (Aydogan et al.): each round every negotiator
 * proposes, then every negotiator votes on every offer (its own included). The first offer,
 * in turn order starting with the round's first mover, whose votes meet the scenario's decision
 * rule (unanimity: everyone accepts) is the agreement. Under consensus or majority a negotiator
 * that walked out makes no offer and votes no.
 */
#include "sim_internal.h"

#include <string.h>

typedef struct {
    size_t *offers;   /* nneg * nissues */
    double *u_own;    /* own utility of own offer this round */
    bool *has;
    bool *yes;        /* nneg * nneg: yes[j * nneg + i], negotiator i's vote on offer j */
} amop_state;

static pl_status amop_alloc(pl_session_t *s, void *state, pl_error_t *err)
{
    amop_state *st = state;
    st->offers = pl_calloc(s->nneg * (s->ni ? s->ni : 1), sizeof(size_t));
    st->u_own = pl_calloc(s->nneg, sizeof(double));
    st->has = pl_calloc(s->nneg, sizeof(bool));
    st->yes = pl_calloc(s->nneg * s->nneg, sizeof(bool));
    if (!st->offers || !st->u_own || !st->has || !st->yes) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

static void amop_free(pl_session_t *s, void *state)
{
    (void)s;
    amop_state *st = state;
    pl_free(st->offers);
    pl_free(st->u_own);
    pl_free(st->has);
    pl_free(st->yes);
}

static pl_status amop_step(pl_session_t *s, void *state, pl_error_t *err)
{
    amop_state *st = state;
    size_t ni = s->ni, k = s->nneg;
    if (s->round >= s->R) return pl_i_deadline_end(s, PL_UNSET);
    /* proposals */
    for (size_t j = 0; j < k; j++) {
        pl_sim_view_t *v = &s->neg[j];
        st->has[j] = false;
        if (v->walked) continue;
        if (pl_i_past_deadline(v)) return pl_i_deadline_end(s, v->actor);
        size_t *o = st->offers + j * ni;
        st->has[j] = pl_i_next_offer(v, o, &st->u_own[j]);
        if (!st->has[j]) return pl_i_walkout(s, v);
        v->u_last_offered = st->u_own[j];
        memcpy(v->last_offer, o, ni * sizeof(size_t));
        v->has_offered = true;
        PL_CHECK(pl_i_event(s, PL_EV_OFFER, v->actor, PL_UNSET, o, st->u_own[j], 0));
    }
    /* votes: every negotiator on every offer */
    size_t first = s->round % k, agreed = PL_UNSET;
    for (size_t q = 0; q < k; q++) {
        size_t j = (first + q) % k;
        if (!st->has[j]) continue;
        const size_t *o = st->offers + j * ni;
        bool *yes = st->yes + j * k;
        for (size_t i = 0; i < k; i++) {
            pl_sim_view_t *v = &s->neg[i];
            yes[i] = false;
            if (v->walked) continue;
            double u = pl_i_util(v, o);
            yes[i] = (i == j) ? pl_i_admissible(v, o) : pl_i_accepts(v, o, u, st->u_own[i]);
            if (i != j) PL_CHECK(pl_i_event(s, PL_EV_VOTE, v->actor, s->neg[j].actor, o, u, yes[i]));
        }
        if (agreed == PL_UNSET && pl_i_table_agrees(s, o, yes)) agreed = j;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            if (i != j && st->has[j] && !s->neg[i].walked) pl_i_receive(&s->neg[i], st->offers + j * ni);
    if (agreed != PL_UNSET) {
        /* the acceptances of the agreed offer, for its ratification votes */
        (void)pl_i_table_agrees(s, st->offers + agreed * ni, st->yes + agreed * k);
        PL_CHECK(pl_i_agree(s, st->offers + agreed * ni));
        if (s->done) return PL_OK;
    }
    return PL_CONTINUE;
}

const pl_protocol_type pl_i_protocol_amop = {
    "amop", "alternating multiple offers: all propose, all vote", sizeof(amop_state), amop_alloc,
    amop_step, amop_free};
const pl_protocol_type *const pl_protocol_amop = &pl_i_protocol_amop;
