/*
 * proto_feedback.c: feedback mediator. The mediator keeps an incumbent text and proposes one
 * change at a time; each negotiator says whether the change is better, the same or worse for
 * it. The mediator records these answers as a partial preference order per negotiator over
 * the values of each issue (assuming, as for additive utilities, that a change on one issue
 * is better or worse whatever the others) and never proposes a change someone has called
 * worse; it prefers changes someone has called better. The text moves when the rule is met
 * (veto: nobody worse and someone better; majority: more better than worse; quota: enough
 * not worse and someone better). When no untried acceptable change is left, or at the round
 * limit, every negotiator votes on the text against no deal; votes that meet the scenario's
 * decision rule are the agreement. A negotiator that walked out (`walked_out`) gives no answers.
 */
#include "sim_internal.h"

#include <string.h>

typedef struct {
    size_t *text, *cand;
    size_t mediator;
    signed char **pref;   /* per voter, per issue: nv * nv matrix, 2 = unknown */
    size_t *pairs;        /* scratch: candidate (issue, value) pairs */
} fb_state;

static pl_status fb_alloc(pl_session_t *s, void *state, pl_error_t *err)
{
    fb_state *st = state;
    size_t ni = s->ni;
    st->text = pl_calloc(ni, sizeof(size_t));
    st->cand = pl_calloc(ni, sizeof(size_t));
    st->pairs = pl_calloc(s->nflat + 1, sizeof(size_t));
    st->pref = pl_calloc(s->nneg * ni, sizeof(signed char *));
    if (!st->text || !st->cand || !st->pairs || !st->pref)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < s->nneg; k++)
        for (size_t i = 0; i < ni; i++) {
            size_t nv = pl_i_nvalues(s, i);
            signed char *p = pl_malloc(nv * nv);
            if (!p) return pl_error_set(err, PL_ENOMEM, "out of memory");
            memset(p, 2, nv * nv);
            for (size_t v = 0; v < nv; v++) p[v * nv + v] = 0;
            st->pref[k * ni + i] = p;
        }
    st->mediator = pl_i_lead_mediator(s);
    if (!pl_i_start_text(s, st->text))
        for (size_t i = 0; i < ni; i++)
            st->text[i] = (size_t)pl_rng_below(&s->rng, pl_i_nvalues(s, i));
    return pl_i_event(s, PL_EV_PROPOSE, st->mediator, PL_UNSET, st->text, NAN, 0);
}

static void fb_free(pl_session_t *s, void *state)
{
    fb_state *st = state;
    if (st->pref)
        for (size_t q = 0; q < s->nneg * s->ni; q++) pl_free(st->pref[q]);
    pl_free(st->pref);
    pl_free(st->text);
    pl_free(st->cand);
    pl_free(st->pairs);
}

static pl_status fb_step(pl_session_t *s, void *state, pl_error_t *err)
{
    fb_state *st = state;
    size_t ni = s->ni, k = s->nneg;
    bool late = s->round >= s->R;
    for (size_t j = 0; j < k && !late; j++) late = pl_i_past_deadline(&s->neg[j]);
    if (late) {
        if (s->round > 0) s->round--;
        return pl_i_final_vote(s, st->text, st->mediator, true);
    }
    /* candidate changes: none known worse for anyone; those known better for someone first */
    size_t nbetter = 0, nunknown = 0;
    size_t *better = st->pairs, *unknown = st->pairs + s->nflat;
    (void)unknown;
    /* two passes over the (issue, value) pairs keep the scratch to one array */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ni; i++) {
            size_t nv = pl_i_nvalues(s, i), a = st->text[i];
            for (size_t b = 0; b < nv; b++) {
                if (b == a) continue;
                bool worse = false, good = false;
                for (size_t j = 0; j < k; j++) {
                    if (s->neg[j].walked) continue; /* it left: its answers do not count */
                    signed char p = st->pref[j * ni + i][a * nv + b];
                    if (p == -1) worse = true;
                    if (p == 1) good = true;
                }
                if (worse) continue;
                if (pass == 0 && good) better[nbetter++] = s->voff[i] + b;
                if (pass == 1 && !good) {
                    bool unk = false;
                    for (size_t j = 0; j < k; j++)
                        if (!s->neg[j].walked && st->pref[j * ni + i][a * nv + b] == 2) unk = true;
                    if (unk) better[nbetter + nunknown++] = s->voff[i] + b;
                }
            }
        }
    }
    size_t pick;
    if (nbetter) pick = better[pl_rng_below(&s->rng, nbetter)];
    else if (nunknown) pick = better[nbetter + pl_rng_below(&s->rng, nunknown)];
    else {
        return pl_i_final_vote(s, st->text, st->mediator, false);
    }
    size_t ci = 0;
    while (ci + 1 < ni && s->voff[ci + 1] <= pick) ci++;
    size_t b = pick - s->voff[ci], a = st->text[ci], nv = pl_i_nvalues(s, ci);
    memcpy(st->cand, st->text, ni * sizeof(size_t));
    st->cand[ci] = b;
    PL_CHECK(pl_i_event(s, PL_EV_PROPOSE, st->mediator, PL_UNSET, st->cand, NAN, 0));
    size_t nb = 0, nw = 0, nvote = 0;
    for (size_t j = 0; j < k; j++) {
        pl_sim_view_t *v = &s->neg[j];
        if (v->walked) continue;
        nvote++;
        double un = pl_i_util(v, st->cand), uc = pl_i_util(v, st->text);
        int says = un > uc + PL_TOL ? 1 : un < uc - PL_TOL ? -1 : 0;
        if (pl_i_is_external(v)) says = pl_i_external_respond(v, st->cand) ? 1 : -1;
        if (says >= 0 && !pl_model_within_mandate(s->m, v->actor, st->cand)) says = -1;
        PL_CHECK(pl_i_event(s, PL_EV_FEEDBACK, v->actor, PL_UNSET, st->cand, un, says));
        st->pref[j * ni + ci][a * nv + b] = (signed char)says;
        st->pref[j * ni + ci][b * nv + a] = (signed char)-says;
        nb += says > 0;
        nw += says < 0;
    }
    bool move;
    switch (s->opt.vote) {
    case PL_VOTE_MAJORITY: move = nb > nw; break;
    case PL_VOTE_QUOTA:
        move = nb > 0 && (double)(nvote - nw) >= ceil(s->opt.quota * (double)nvote - 1e-9);
        break;
    default: move = nw == 0 && nb > 0; break;
    }
    PL_CHECK(pl_i_text_decide(s, st->mediator, st->text, st->cand, move, nb));
    return PL_CONTINUE;
}

const pl_protocol_type pl_i_protocol_feedback = {
    "feedback", "feedback mediator: better/same/worse answers, learned partial orders",
    sizeof(fb_state), fb_alloc, fb_step, fb_free};
const pl_protocol_type *const pl_protocol_feedback = &pl_i_protocol_feedback;
