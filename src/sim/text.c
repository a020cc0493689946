/*
 * text.c: what the mediated protocols (single text, feedback, shuttle) share: the mediator who
 * leads, the text talks start from, a text's move or stay, and the final vote on it.
 */
#include "sim_internal.h"

#include <string.h>

bool pl_i_start_text(const pl_session_t *s, size_t *out)
{
    const pl_model_t *m = s->m;
    for (size_t p = 0; p < pl_model_nproposals(m); p++) {
        const size_t *value = pl_model_proposal(m, p);
        bool full = true;
        for (size_t i = 0; i < s->ni && full; i++)
            if (value[i] == PL_UNSET) full = false;
        if (full) {
            memcpy(out, value, s->ni * sizeof *out);
            return true;
        }
    }
    return false;
}

size_t pl_i_lead_mediator(const pl_session_t *s)
{
    const pl_model_t *m = s->m;
    size_t first = PL_UNSET;
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        if (pl_model_role(m, a) != PL_ROLE_MEDIATOR) continue;
        if (pl_model_is_host(m, a)) return a;
        if (first == PL_UNSET) first = a;
    }
    return first;
}

pl_status pl_i_text_decide(pl_session_t *s, size_t mediator, size_t *text, const size_t *cand,
                           bool move, size_t n)
{
    if (move) memcpy(text, cand, s->ni * sizeof *text);
    return pl_i_event(s, move ? PL_EV_MOVE : PL_EV_STAY, mediator, PL_UNSET, text, NAN, (int)n);
}

pl_status pl_i_final_vote(pl_session_t *s, const size_t *text, size_t mediator, bool late)
{
    size_t no = PL_UNSET;
    PL_CHECK(pl_i_event(s, PL_EV_PROPOSE, mediator, PL_UNSET, text, NAN, 1));
    for (size_t k = 0; k < s->nneg; k++) {
        pl_sim_view_t *v = &s->neg[k];
        s->votes[k] = false;
        if (v->walked) continue; /* it left: no vote, and no veto under consensus or majority */
        bool yes = pl_i_admissible(v, text);
        if (yes && pl_i_is_external(v)) yes = pl_i_external_respond(v, text);
        s->votes[k] = yes;
        PL_CHECK(pl_i_event(s, PL_EV_VOTE, v->actor, PL_UNSET, text, pl_i_util(v, text), yes));
        if (!yes && no == PL_UNSET) no = v->actor;
    }
    /* the decision rule on the votes (unanimity: every vote yes) */
    if (!pl_i_table_agrees(s, text, s->votes))
        return pl_i_end(s, PL_END_DEADLINE, late ? pl_i_deadline_owner(s, s->round + 1) : no);
    PL_CHECK(pl_i_agree(s, text));
    return s->done ? PL_OK : pl_i_end(s, PL_END_RATIFICATION, PL_UNSET);
}
