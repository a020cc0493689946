/*
 * proto_sao.c: stacked alternating offers (SAOP) for n parties. Negotiators act in a fixed
 * turn order, one pass per round. The first to act proposes; each next one accepts the
 * standing offer, rejects it with a counter-offer (which becomes the standing offer), or ends
 * the negotiation. Agreement when the proposer and those who have accepted the standing offer in
 * a row meet the scenario's decision rule (unanimity: every negotiator but the proposer has
 * accepted); under consensus or majority a negotiator that walked out no longer takes a turn.
 * A negotiator past its own deadline ends the negotiation. Two parties give the bilateral
 * alternating offers protocol (Rubinstein; Aydogan et al.'s SAOP).
 */
#include "sim_internal.h"

#include <string.h>

typedef struct {
    size_t *standing;
    bool has_standing;
    size_t proposer;
    bool *yes;        /* per slot: has accepted the standing offer (the proposer: true) */
} sao_state;

static pl_status sao_alloc(pl_session_t *s, void *state, pl_error_t *err)
{
    sao_state *st = state;
    st->standing = pl_calloc(s->ni ? s->ni : 1, sizeof(size_t));
    st->yes = pl_calloc(s->nneg, sizeof(bool));
    if (!st->standing || !st->yes) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

static void sao_free(pl_session_t *s, void *state)
{
    (void)s;
    pl_free(((sao_state *)state)->standing);
    pl_free(((sao_state *)state)->yes);
}

static pl_status sao_step(pl_session_t *s, void *state, pl_error_t *err)
{
    sao_state *st = state;
    size_t ni = s->ni;
    if (s->round >= s->R) return pl_i_deadline_end(s, PL_UNSET);
    for (size_t k = 0; k < s->nneg; k++) {
        pl_sim_view_t *v = &s->neg[k];
        if (v->walked) continue;
        if (pl_i_past_deadline(v)) return pl_i_deadline_end(s, v->actor);
        double un = NAN;
        bool has_next = pl_i_next_offer(v, s->tmp, &un);
        if (st->has_standing && st->proposer != k) {
            double u = pl_i_util(v, st->standing);
            bool acc = pl_i_accepts(v, st->standing, u, has_next ? un : NAN);
            pl_i_receive(v, st->standing);
            if (acc) {
                PL_CHECK(pl_i_event(s, PL_EV_ACCEPT, v->actor, PL_UNSET, st->standing, u, 1));
                st->yes[k] = true;
                if (pl_i_table_agrees(s, st->standing, st->yes)) {
                    PL_CHECK(pl_i_agree(s, st->standing));
                    if (s->done) return PL_OK;
                    st->has_standing = false; /* ratification failed: start afresh */
                    memset(st->yes, 0, s->nneg * sizeof *st->yes);
                }
                continue;
            }
            PL_CHECK(pl_i_event(s, PL_EV_REJECT, v->actor, PL_UNSET, st->standing, u, 0));
        }
        if (!has_next) return pl_i_walkout(s, v);
        memcpy(st->standing, s->tmp, ni * sizeof(size_t));
        memcpy(v->last_offer, s->tmp, ni * sizeof(size_t));
        v->has_offered = true;
        v->u_last_offered = un;
        st->has_standing = true;
        st->proposer = k;
        memset(st->yes, 0, s->nneg * sizeof *st->yes);
        st->yes[k] = true;
        PL_CHECK(pl_i_event(s, PL_EV_OFFER, v->actor, PL_UNSET, st->standing, un, 0));
        /* a lone party agrees with itself */
        if (s->nneg == 1 && pl_i_table_agrees(s, st->standing, st->yes)) {
            PL_CHECK(pl_i_agree(s, st->standing));
            if (s->done) return PL_OK;
        }
    }
    return PL_CONTINUE;
}

const pl_protocol_type pl_i_protocol_sao = {"sao",
                                            "stacked alternating offers (n parties, in turn)",
                                            sizeof(sao_state), sao_alloc, sao_step, sao_free};
const pl_protocol_type *const pl_protocol_sao = &pl_i_protocol_sao;
