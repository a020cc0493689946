/*
 * proto_single_text.c: mediated single negotiation text (Raiffa; Klein et al.'s mediated
 * hill-climbing and annealing; NegMAS's veto single-text mechanism). The mediator keeps one
 * text; each round it proposes a change, every negotiator votes on it against the current
 * text, and the text moves only if the rule (veto, majority or quota) is met. Voters climb
 * (accept when not worse) or anneal (accept a worse text with probability exp(du / T), T
 * falling linearly to 0 at the round limit). Mediator moves: a random flip of one issue, the
 * flip the votes so far suggest is likeliest to pass (best response), or one step toward the
 * Nash point of the utilities it has learned from the votes (bridging). At the end every
 * negotiator votes on the final text against no deal: votes that meet the scenario's decision
 * rule (unanimity: all yes) are the agreement. A negotiator that walked out (`walked_out`, under
 * consensus or majority) votes on nothing.
 */
#include "sim_internal.h"

#include <string.h>

typedef struct {
    size_t *text, *cand, *goal;
    size_t mediator;
    double *yes, *tries;   /* per (issue, value): acceptance share of flips to it */
    double *est;           /* per voter, per (issue, value): learned preference score */
    bool *failed;          /* per (issue, value): a one-issue change of the current text to it
                            * failed the vote (bridging skips those steps until the text moves) */
    size_t rot;
} st_state;

static pl_status st_alloc(pl_session_t *s, void *state, pl_error_t *err)
{
    st_state *st = state;
    size_t ni = s->ni;
    st->text = pl_calloc(ni, sizeof(size_t));
    st->cand = pl_calloc(ni, sizeof(size_t));
    st->goal = pl_calloc(ni, sizeof(size_t));
    st->yes = pl_calloc(s->nflat, sizeof(double));
    st->tries = pl_calloc(s->nflat, sizeof(double));
    st->est = pl_calloc(s->nflat * s->nneg, sizeof(double));
    st->failed = pl_calloc(s->nflat ? s->nflat : 1, sizeof(bool));
    if (!st->text || !st->cand || !st->goal || !st->yes || !st->tries || !st->est || !st->failed)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    st->mediator = pl_i_lead_mediator(s);
    if (!pl_i_start_text(s, st->text))
        for (size_t i = 0; i < ni; i++)
            st->text[i] = (size_t)pl_rng_below(&s->rng, pl_i_nvalues(s, i));
    return pl_i_event(s, PL_EV_PROPOSE, st->mediator, PL_UNSET, st->text, NAN, 0);
}

static void st_free(pl_session_t *s, void *state)
{
    (void)s;
    st_state *st = state;
    pl_free(st->text);
    pl_free(st->cand);
    pl_free(st->goal);
    pl_free(st->yes);
    pl_free(st->tries);
    pl_free(st->est);
    pl_free(st->failed);
}

/* Random flip of one issue with more than one value; false when there is none. */
static bool random_flip(pl_session_t *s, const size_t *text, size_t *cand)
{
    size_t ni = s->ni;
    memcpy(cand, text, ni * sizeof(size_t));
    size_t start = (size_t)pl_rng_below(&s->rng, ni);
    for (size_t q = 0; q < ni; q++) {
        size_t i = (start + q) % ni, nv = pl_i_nvalues(s, i);
        if (nv < 2) continue;
        size_t v = (size_t)pl_rng_below(&s->rng, nv - 1);
        if (v >= text[i]) v++;
        cand[i] = v;
        return true;
    }
    return false;
}

static bool best_response(pl_session_t *s, st_state *st)
{
    if (pl_rng_uniform(&s->rng) < 0.1) return random_flip(s, st->text, st->cand);
    size_t ni = s->ni, bi = PL_UNSET, bv = 0;
    double best = -1;
    size_t start = (size_t)pl_rng_below(&s->rng, s->nflat ? s->nflat : 1);
    for (size_t q = 0; q < s->nflat; q++) {
        size_t f = (start + q) % s->nflat, i = 0;
        while (i + 1 < ni && s->voff[i + 1] <= f) i++;
        size_t v = f - s->voff[i];
        if (v == st->text[i]) continue;
        double score = (st->yes[f] + 1) / (st->tries[f] + 2);
        if (score > best) {
            best = score;
            bi = i;
            bv = v;
        }
    }
    if (bi == PL_UNSET) return false;
    memcpy(st->cand, st->text, ni * sizeof(size_t));
    st->cand[bi] = bv;
    return true;
}

/* Nash product (sum of logs) of the learned scores if issue i of st->goal took value v: each
 * voter's score is its learned preference above the least preferred value, summed over issues. */
static double learned_score(const pl_session_t *s, const st_state *st, size_t i, size_t v)
{
    size_t ni = s->ni;
    double sc = 0;
    for (size_t p = 0; p < s->nneg; p++) {
        const double *e = st->est + p * s->nflat;
        double tot = 0;
        for (size_t j = 0; j < ni; j++) {
            size_t x = j == i ? v : st->goal[j];
            double mn = INFINITY;
            for (size_t w = 0; w < pl_i_nvalues(s, j); w++)
                if (e[s->voff[j] + w] < mn) mn = e[s->voff[j] + w];
            tot += e[s->voff[j] + x] - mn;
        }
        sc += log(1 + tot);
    }
    return sc;
}

/* The Nash point of the learned scores, by coordinate ascent from the text: an issue leaves
 * its current value only for a strictly better one, so with nothing learned (every score
 * equal) the goal is the text itself and bridging falls back to a random flip. */
static void learned_nash(pl_session_t *s, st_state *st)
{
    size_t ni = s->ni;
    memcpy(st->goal, st->text, ni * sizeof(size_t));
    for (int sweep = 0; sweep < 4; sweep++) {
        bool changed = false;
        for (size_t i = 0; i < ni; i++) {
            size_t nv = pl_i_nvalues(s, i), bv = st->goal[i];
            double best = learned_score(s, st, i, bv);
            for (size_t v = 0; v < nv; v++) {
                if (v == st->goal[i]) continue;
                double sc = learned_score(s, st, i, v);
                if (sc > best + PL_TOL) {
                    best = sc;
                    bv = v;
                }
            }
            if (bv != st->goal[i]) changed = true;
            st->goal[i] = bv;
        }
        if (!changed) break;
    }
}

/* One step of the text toward the goal on an issue where they differ, skipping steps that
 * already failed the vote on this text (else the same vetoed step would come back every round);
 * a random flip when no step is left. */
static bool bridge(pl_session_t *s, st_state *st)
{
    size_t ni = s->ni;
    learned_nash(s, st);
    for (size_t q = 0; q < ni; q++) {
        size_t i = (st->rot + q) % ni;
        if (st->goal[i] == st->text[i]) continue;
        size_t v = st->goal[i];
        if (pl_model_issue_ordered(s->m, i)) v = st->goal[i] > st->text[i] ? st->text[i] + 1 : st->text[i] - 1;
        if (st->failed[s->voff[i] + v]) continue;
        memcpy(st->cand, st->text, ni * sizeof(size_t));
        st->cand[i] = v;
        st->rot = i + 1;
        return true;
    }
    return random_flip(s, st->text, st->cand);
}

/* Does the text move with nyes of the k voting negotiators for it? */
static bool passes(const pl_session_t *s, size_t nyes, size_t k)
{
    switch (s->opt.vote) {
    case PL_VOTE_VETO: return nyes == k;
    case PL_VOTE_MAJORITY: return 2 * nyes > k;
    case PL_VOTE_QUOTA: return (double)nyes >= ceil(s->opt.quota * (double)k - 1e-9);
    }
    return false;
}

static pl_status st_step(pl_session_t *s, void *state, pl_error_t *err)
{
    st_state *st = state;
    size_t ni = s->ni, k = s->nneg;
    bool late = s->round >= s->R;
    for (size_t j = 0; j < k && !late; j++) late = pl_i_past_deadline(&s->neg[j]);
    if (late) {
        if (s->round > 0) s->round--;
        return pl_i_final_vote(s, st->text, st->mediator, true);
    }
    bool ok = s->opt.move == PL_MOVE_BEST_RESPONSE ? best_response(s, st)
              : s->opt.move == PL_MOVE_BRIDGE    ? bridge(s, st)
                                                 : random_flip(s, st->text, st->cand);
    if (!ok) {
        return pl_i_final_vote(s, st->text, st->mediator, false);
    }
    size_t ci = 0;
    while (ci < ni && st->cand[ci] == st->text[ci]) ci++;
    PL_CHECK(pl_i_event(s, PL_EV_PROPOSE, st->mediator, PL_UNSET, st->cand, NAN, 0));
    size_t nyes = 0, nvote = 0;
    double T = s->opt.temperature * (1 - (double)s->round / (double)s->R);
    for (size_t j = 0; j < k; j++) {
        pl_sim_view_t *v = &s->neg[j];
        if (v->walked) continue;
        nvote++;
        double un = pl_i_util(v, st->cand), uc = pl_i_util(v, st->text);
        bool yes = un >= uc - PL_TOL;
        if (!yes && s->opt.voter == PL_VOTER_ANNEAL && T > 0)
            yes = pl_rng_uniform(&v->rng) < exp((un - uc) / T);
        if (pl_i_is_external(v)) yes = pl_i_external_respond(v, st->cand);
        if (yes && !pl_model_within_mandate(s->m, v->actor, st->cand)) yes = false;
        PL_CHECK(pl_i_event(s, PL_EV_VOTE, v->actor, PL_UNSET, st->cand, un, yes));
        nyes += yes;
        if (ci < ni) {
            double *e = st->est + j * s->nflat;
            double d = yes ? 1 : -1;
            e[s->voff[ci] + st->cand[ci]] += d;
            e[s->voff[ci] + st->text[ci]] -= d;
        }
    }
    if (ci < ni) {
        st->tries[s->voff[ci] + st->cand[ci]] += 1;
        st->yes[s->voff[ci] + st->cand[ci]] += (double)nyes / (double)nvote;
    }
    bool move = passes(s, nyes, nvote);
    /* what failed on this text: a new text starts with nothing failed */
    if (move) memset(st->failed, 0, s->nflat * sizeof *st->failed);
    else if (ci < ni) st->failed[s->voff[ci] + st->cand[ci]] = true;
    PL_CHECK(pl_i_text_decide(s, st->mediator, st->text, st->cand, move, nyes));
    return PL_CONTINUE;
}

const pl_protocol_type pl_i_protocol_single_text = {
    "single-text", "mediated single text: the mediator proposes changes, the parties vote",
    sizeof(st_state), st_alloc, st_step, st_free};
const pl_protocol_type *const pl_protocol_single_text = &pl_i_protocol_single_text;
