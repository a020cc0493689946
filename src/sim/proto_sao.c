/*
 * proto_sao.c: stacked alternating offers (SAOP) for n parties. Negotiators act in a fixed
 * turn order, one pass per round. The first to act proposes; each next one accepts the
 * standing offer, rejects it with a counter-offer (which becomes the standing offer), or ends
 * the negotiation. Agreement when every negotiator but the proposer has accepted the standing
 * offer in a row. A negotiator past its own deadline ends the negotiation. Two parties give
 * the bilateral alternating offers protocol (Rubinstein; Aydogan et al.'s SAOP).
 */
#include "sim_internal.h"

#include <string.h>

typedef struct {
    size_t *standing;
    bool has_standing;
    size_t proposer;
    size_t naccept;
} sao_state;

static pl_status sao_alloc(pl_session_t *s, void *state, pl_error_t *err)
{
    sao_state *st = state;
    st->standing = pl_calloc(s->m->nissues, sizeof(size_t));
    if (!st->standing) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

static void sao_free(pl_session_t *s, void *state)
{
    (void)s;
    pl_free(((sao_state *)state)->standing);
}

static pl_status sao_step(pl_session_t *s, void *state)
{
    sao_state *st = state;
    size_t ni = s->m->nissues;
    if (s->round >= s->R) {
        pl_i_deadline_end(s, PL_UNSET);
        return PL_OK;
    }
    for (size_t k = 0; k < s->nneg; k++) {
        pl_sim_view_t *v = &s->neg[k];
        if (pl_i_past_deadline(v)) {
            pl_i_deadline_end(s, v->actor);
            return PL_OK;
        }
        double un = NAN;
        bool has_next = pl_i_next_offer(v, s->tmp, &un);
        if (st->has_standing && st->proposer != k) {
            double u = pl_i_util(v, st->standing);
            bool acc = pl_i_accepts(v, st->standing, u, has_next ? un : NAN);
            pl_i_receive(v, st->standing);
            if (acc) {
                pl_i_event(s, PL_EV_ACCEPT, v->actor, PL_UNSET, st->standing, u, 1);
                if (++st->naccept == s->nneg - 1) {
                    if (pl_i_agree(s, st->standing)) return PL_OK;
                    st->has_standing = false; /* ratification failed: start afresh */
                    st->naccept = 0;
                }
                continue;
            }
            pl_i_event(s, PL_EV_REJECT, v->actor, PL_UNSET, st->standing, u, 0);
        }
        if (!has_next) {
            pl_i_event(s, PL_EV_WALKOUT, v->actor, PL_UNSET, NULL, NAN, 0);
            pl_i_end(s, PL_END_BREAKDOWN, v->actor);
            return PL_OK;
        }
        memcpy(st->standing, s->tmp, ni * sizeof(size_t));
        memcpy(v->last_offer, s->tmp, ni * sizeof(size_t));
        v->has_offered = true;
        v->u_last_offered = un;
        st->has_standing = true;
        st->proposer = k;
        st->naccept = 0;
        pl_i_event(s, PL_EV_OFFER, v->actor, PL_UNSET, st->standing, un, 0);
        if (s->nneg == 1) { /* a lone party agrees with itself */
            if (pl_i_agree(s, st->standing)) return PL_OK;
        }
    }
    return PL_CONTINUE;
}

static const pl_protocol_type sao = {"sao", "stacked alternating offers (n parties, in turn)",
                                     sizeof(sao_state), sao_alloc, sao_step, sao_free};
const pl_protocol_type *const pl_protocol_sao = &sao;
