/*
 * proto_shuttle.c: shuttle diplomacy through channels. Negotiators take turns as in stacked
 * alternating offers, but an offer to or from a party that is not at the table travels
 * through one of the mediators that reach it (its `via` list, used in turn), which takes
 * `relay_cost` rounds. The carrying mediator relays the offer, holds it back when it repeats
 * the sender's last relayed offer (no movement), or rewords it when the talks stall (the gap
 * between the sides' latest offers did not shrink), putting a bridging package of its own to
 * every party instead. A mediator with a deadline puts its bridging package to all parties in
 * its last round and then leaves; when every mediator reaching an absent party has left, the
 * channel is closed and the talks break down. A party with a participation threshold engages
 * only once an offer it receives meets it; until then it declines offers and makes none.
 * When every party is at the table, no offer needs a channel: a present mediator (the host
 * first) then tables a single negotiating text, its bridging package, once every party has
 * offered and every TEXT_EVERY rounds after, and every party votes on it alongside the offers.
 * The bridging package: per issue, the parties' latest values averaged with weights that grow
 * with how steadily each party has held its value (what the mediator has learned of salience),
 * rounded for ordered issues; unordered issues go to the steadiest party.
 * Agreement: the proposer's and the parties' yes so far on the standing offer or text meet the
 * scenario's decision rule (unanimity: every party). Under consensus or majority a party that
 * walked out (or whose channel closed) no longer takes part, and the others go on.
 */
#include "sim_internal.h"

#include <string.h>

/* Rounds between two texts of the mediators at the table. */
#define TEXT_EVERY 3

typedef struct {
    size_t *standing;      /* nissues */
    bool has_standing;
    size_t proposer;       /* slot, or PL_UNSET for a mediator's package */
    size_t *arrival;       /* per slot: round the standing offer reaches it */
    bool *responded;       /* per slot */
    bool *yes;             /* per slot: said yes to the standing offer (its proposer: true) */
    size_t *latest;        /* per slot: latest offer (nneg * nissues) */
    bool *has_latest;
    size_t *last_relayed;  /* per slot: last offer relayed for it */
    bool *has_relayed;
    double *changes;       /* per slot, per issue: how often its value changed */
    double *noffers;       /* per slot */
    size_t *rr;            /* per slot: round-robin pointer into its via list */
    bool *present;         /* per actor: mediator still at the talks */
    bool *pressed;         /* per actor: mediator has put its last-round package */
    size_t prev_gap;
    bool just_reworded;
    bool pkg_no;           /* someone voted no on the mediator's package */
    size_t *pkg;
    size_t next_text;      /* first round a mediator at the table may table its next text */
} sh_state;

static pl_status sh_alloc(pl_session_t *s, void *state, pl_error_t *err)
{
    sh_state *st = state;
    size_t ni = s->ni, k = s->nneg, na = pl_model_nactors(s->m);
    st->standing = pl_calloc(ni, sizeof(size_t));
    st->pkg = pl_calloc(ni, sizeof(size_t));
    st->arrival = pl_calloc(k, sizeof(size_t));
    st->responded = pl_calloc(k, sizeof(bool));
    st->yes = pl_calloc(k, sizeof(bool));
    st->latest = pl_calloc(k * ni, sizeof(size_t));
    st->has_latest = pl_calloc(k, sizeof(bool));
    st->last_relayed = pl_calloc(k * ni, sizeof(size_t));
    st->has_relayed = pl_calloc(k, sizeof(bool));
    st->changes = pl_calloc(k * ni, sizeof(double));
    st->noffers = pl_calloc(k, sizeof(double));
    st->rr = pl_calloc(k, sizeof(size_t));
    st->present = pl_calloc(na, sizeof(bool));
    st->pressed = pl_calloc(na, sizeof(bool));
    if (!st->standing || !st->pkg || !st->arrival || !st->responded || !st->yes || !st->latest ||
        !st->has_latest || !st->last_relayed || !st->has_relayed || !st->changes ||
        !st->noffers || !st->rr || !st->present || !st->pressed)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t a = 0; a < na; a++) st->present[a] = pl_model_mediates(s->m, a);
    st->prev_gap = SIZE_MAX;
    return PL_OK;
}

static void sh_free(pl_session_t *s, void *state)
{
    (void)s;
    sh_state *st = state;
    pl_free(st->standing);
    pl_free(st->pkg);
    pl_free(st->arrival);
    pl_free(st->responded);
    pl_free(st->yes);
    pl_free(st->latest);
    pl_free(st->has_latest);
    pl_free(st->last_relayed);
    pl_free(st->has_relayed);
    pl_free(st->changes);
    pl_free(st->noffers);
    pl_free(st->rr);
    pl_free(st->present);
    pl_free(st->pressed);
}

/* A present mediator reaching absent negotiator k (round robin), or PL_UNSET. */
static size_t channel(const pl_session_t *s, sh_state *st, size_t k, bool advance)
{
    size_t p = s->neg[k].party, nvia = pl_model_nvia(s->m, p);
    for (size_t q = 0; q < nvia; q++) {
        size_t j = (st->rr[k] + q) % nvia;
        size_t med = pl_model_via(s->m, p, j);
        if (st->present[med]) {
            if (advance) st->rr[k] = j + 1;
            return med;
        }
    }
    return PL_UNSET;
}

static size_t gap(const pl_session_t *s, const sh_state *st)
{
    size_t ni = s->ni, g = 0;
    for (size_t i = 0; i < ni; i++) {
        size_t lo = SIZE_MAX, hi = 0;
        for (size_t k = 0; k < s->nneg; k++) {
            if (s->neg[k].walked) continue;
            if (!st->has_latest[k]) return SIZE_MAX;
            size_t v = st->latest[k * ni + i];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        g += lo != hi;
    }
    return g;
}

static bool all_offered(const pl_session_t *s, const sh_state *st)
{
    for (size_t k = 0; k < s->nneg; k++)
        if (!st->has_latest[k] && !s->neg[k].walked) return false;
    return s->nneg > 1;
}

/* The mediator's bridging package from what it has learned (see the file comment). */
static void bridging(const pl_session_t *s, const sh_state *st, size_t *pkg)
{
    size_t ni = s->ni;
    for (size_t i = 0; i < ni; i++) {
        double wsum = 0, vsum = 0, wbest = -1;
        size_t vbest = st->latest[i];
        for (size_t k = 0; k < s->nneg; k++) {
            if (s->neg[k].walked) continue; /* it left: the text no longer bridges to it */
            double n = st->noffers[k] > 0 ? st->noffers[k] : 1;
            double w = 0.1 + 1.0 - st->changes[k * ni + i] / n;
            size_t v = st->latest[k * ni + i];
            wsum += w;
            vsum += w * (double)v;
            if (w > wbest) {
                wbest = w;
                vbest = v;
            }
        }
        if (pl_model_issue_ordered(s->m, i)) {
            double x = vsum / wsum;
            size_t v = (size_t)floor(x + 0.5), nv = pl_i_nvalues(s, i);
            pkg[i] = v < nv ? v : nv - 1;
        } else {
            pkg[i] = vbest;
        }
    }
}

static void put_standing(sh_state *st, pl_session_t *s, const size_t *o, size_t proposer,
                         size_t delay_absent)
{
    size_t ni = s->ni;
    memcpy(st->standing, o, ni * sizeof(size_t));
    st->has_standing = true;
    st->proposer = proposer;
    bool from_absent = proposer != PL_UNSET && !s->neg[proposer].at_table;
    st->pkg_no = false;
    for (size_t k = 0; k < s->nneg; k++) {
        bool far = !s->neg[k].at_table || from_absent;
        st->arrival[k] = s->round + (far ? delay_absent : 0);
        st->responded[k] = (k == proposer) || s->neg[k].walked;
        st->yes[k] = (k == proposer);
    }
}

/* The mediator who tables the text when every party is at the table: the lead mediator
 * (the host, else the first) while present, else the first present one; PL_UNSET when a party
 * is absent (the channels carry the talks then) or no mediator is present. */
static size_t table_mediator(const pl_session_t *s, const sh_state *st)
{
    for (size_t k = 0; k < s->nneg; k++)
        if (!s->neg[k].at_table && !s->neg[k].walked) return PL_UNSET;
    size_t lead = pl_i_lead_mediator(s);
    if (lead != PL_UNSET && st->present[lead]) return lead;
    for (size_t a = 0; a < pl_model_nactors(s->m); a++)
        if (st->present[a]) return a;
    return PL_UNSET;
}

/* The mediators learn k's latest terms and how steadily it holds each issue. */
static void learn(pl_session_t *s, sh_state *st, size_t k, const size_t *o)
{
    size_t ni = s->ni;
    if (st->has_latest[k])
        for (size_t i = 0; i < ni; i++) st->changes[k * ni + i] += st->latest[k * ni + i] != o[i];
    st->noffers[k] += 1;
    memcpy(st->latest + k * ni, o, ni * sizeof(size_t));
    st->has_latest[k] = true;
}

/* Negotiator k sends offer o: directly, or through a mediator who relays, holds or rewords. */
static pl_status send(pl_session_t *s, sh_state *st, size_t k, const size_t *o, double u)
{
    size_t ni = s->ni;
    pl_sim_view_t *v = &s->neg[k];
    learn(s, st, k, o);
    memcpy(v->last_offer, o, ni * sizeof(size_t));
    v->has_offered = true;
    v->u_last_offered = u;
    /* which absent party does this offer have to reach (or come from)? */
    size_t far = PL_UNSET;
    if (!v->at_table) far = k;
    else
        for (size_t j = 0; j < s->nneg; j++)
            if (j != k && !s->neg[j].at_table && !s->neg[j].walked) far = j;
    if (far == PL_UNSET) {
        PL_CHECK(pl_i_event(s, PL_EV_OFFER, v->actor, PL_UNSET, o, u, 0));
        put_standing(st, s, o, k, 0);
        return PL_OK;
    }
    size_t med = channel(s, st, far, true);
    size_t to = s->neg[far == k ? (k == 0 ? 1 : 0) : far].actor;
    PL_CHECK(pl_i_event(s, PL_EV_OFFER, v->actor, to, o, u, 0));
    if (med == PL_UNSET) {
        put_standing(st, s, o, k, s->opt.relay_cost);
        return PL_OK;
    }
    if (st->has_relayed[k] && memcmp(st->last_relayed + k * ni, o, ni * sizeof(size_t)) == 0) {
        st->has_standing = false;
        return pl_i_event(s, PL_EV_HOLD, med, v->actor, o, NAN, 0);
    }
    memcpy(st->last_relayed + k * ni, o, ni * sizeof(size_t));
    st->has_relayed[k] = true;
    size_t g = gap(s, st);
    bool stalled = g != SIZE_MAX && st->prev_gap != SIZE_MAX && g >= st->prev_gap;
    if (g != SIZE_MAX) st->prev_gap = g;
    if (stalled && !st->just_reworded && all_offered(s, st)) {
        bridging(s, st, st->pkg);
        PL_CHECK(pl_i_event(s, PL_EV_REWORD, med, PL_UNSET, st->pkg, NAN, 0));
        put_standing(st, s, st->pkg, PL_UNSET, s->opt.relay_cost);
        st->just_reworded = true;
        return PL_OK;
    }
    st->just_reworded = false;
    PL_CHECK(pl_i_event(s, PL_EV_RELAY, med, to, o, NAN, 0));
    put_standing(st, s, o, k, s->opt.relay_cost);
    return PL_OK;
}

static pl_status sh_step(pl_session_t *s, void *state, pl_error_t *err)
{
    sh_state *st = state;
    const pl_model_t *m = s->m;
    size_t k = s->nneg;
    if (s->round >= s->R) return pl_i_deadline_end(s, PL_UNSET);
    /* mediators' deadlines: the last round's package, then leaving */
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        double d = pl_model_deadline(m, a);
        if (!st->present[a] || isnan(d)) continue;
        if ((double)s->round >= d) {
            st->present[a] = false;
            PL_CHECK(pl_i_event(s, PL_EV_LEAVE, a, PL_UNSET, NULL, NAN, 0));
        } else if ((double)s->round + 1 >= d && !st->pressed[a]) {
            /* its last round: it puts its bridging package, or the base proposal when it has
             * not heard every side yet */
            if (all_offered(s, st)) bridging(s, st, st->pkg);
            else if (!pl_i_start_text(s, st->pkg)) continue;
            st->pressed[a] = true;
            PL_CHECK(pl_i_event(s, PL_EV_REWORD, a, PL_UNSET, st->pkg, NAN, 1));
            put_standing(st, s, st->pkg, PL_UNSET, 0);
        }
    }
    for (size_t j = 0; j < k; j++)
        if (!s->neg[j].at_table && !s->neg[j].walked && pl_model_nvia(m, s->neg[j].party) > 0 &&
            channel(s, st, j, false) == PL_UNSET)
            return pl_i_walkout(s, &s->neg[j]);
    /* mediators at the table: the single negotiating text, put to a vote instead of the
     * standing offer (the parties' offers go on after it) */
    size_t tm = table_mediator(s, st);
    if (tm != PL_UNSET && all_offered(s, st) && s->round >= st->next_text &&
        !(st->has_standing && st->proposer == PL_UNSET)) {
        bool late = false;
        for (size_t j = 0; j < k; j++) late = late || pl_i_past_deadline(&s->neg[j]);
        if (!late) {
            bridging(s, st, st->pkg);
            PL_CHECK(pl_i_event(s, PL_EV_PROPOSE, tm, PL_UNSET, st->pkg, NAN, 2));
            put_standing(st, s, st->pkg, PL_UNSET, 0);
            st->next_text = s->round + TEXT_EVERY;
        }
    }
    for (size_t j = 0; j < k; j++) {
        pl_sim_view_t *v = &s->neg[j];
        if (v->walked) continue;
        if (pl_i_past_deadline(v)) return pl_i_deadline_end(s, v->actor);
        if (!st->has_standing) {
            if (!v->joined) continue; /* waits for a serious offer */
            double un;
            if (!pl_i_next_offer(v, s->tmp, &un)) return pl_i_walkout(s, v);
            PL_CHECK(send(s, st, j, s->tmp, un));
            continue;
        }
        if (st->responded[j] || st->arrival[j] > s->round) continue;
        double u = pl_i_util(v, st->standing);
        if (st->proposer == PL_UNSET) {
            /* a mediator's package: every party votes on it; nobody replaces it */
            if (!v->joined && u >= v->participation - PL_TOL) {
                v->joined = true;
                PL_CHECK(pl_i_event(s, PL_EV_JOIN, v->actor, PL_UNSET, st->standing, u, 1));
            }
            double un = NAN;
            bool has_next = pl_i_next_offer(v, s->tmp, &un);
            bool yes = v->joined && pl_i_accepts(v, st->standing, u, has_next ? un : NAN);
            PL_CHECK(pl_i_event(s, PL_EV_VOTE, v->actor, PL_UNSET, st->standing, u, yes));
            st->responded[j] = true;
            st->yes[j] = yes;
            st->pkg_no = st->pkg_no || !yes;
            bool all = true;
            for (size_t q = 0; q < k; q++) all = all && st->responded[q];
            if (all) {
                /* every vote is in: the decision rule on them (unanimity: nobody said no) */
                if (pl_i_table_agrees(s, st->standing, st->yes)) {
                    PL_CHECK(pl_i_agree(s, st->standing));
                    if (s->done) return PL_OK;
                }
                PL_CHECK(pl_i_event(s, PL_EV_STAY, PL_UNSET, PL_UNSET, NULL, NAN, 0));
                st->has_standing = false;
                st->pkg_no = false;
            }
            continue;
        }
        if (!v->joined) {
            if (u >= v->participation - PL_TOL) {
                v->joined = true;
                PL_CHECK(pl_i_event(s, PL_EV_JOIN, v->actor, PL_UNSET, st->standing, u, 1));
            } else {
                PL_CHECK(pl_i_event(s, PL_EV_DECLINE, v->actor, PL_UNSET, st->standing, u, 0));
                pl_i_receive(v, st->standing);
                st->has_standing = false;
                /* it restates its terms to the mediators (not an offer on the table): they
                 * learn what it asks for */
                double ut;
                if (pl_i_next_offer(v, s->tmp, &ut)) learn(s, st, j, s->tmp);
                continue;
            }
        }
        double un = NAN;
        bool has_next = pl_i_next_offer(v, s->tmp, &un);
        bool acc = pl_i_accepts(v, st->standing, u, has_next ? un : NAN);
        pl_i_receive(v, st->standing);
        if (acc) {
            PL_CHECK(pl_i_event(s, PL_EV_ACCEPT, v->actor, PL_UNSET, st->standing, u, 1));
            st->responded[j] = true;
            st->yes[j] = true;
            /* the proposer and those who accepted meet the rule (unanimity: everyone has) */
            bool all = true;
            for (size_t q = 0; q < k; q++) all = all && st->responded[q];
            if (pl_i_table_agrees(s, st->standing, st->yes)) {
                PL_CHECK(pl_i_agree(s, st->standing));
                if (s->done) return PL_OK;
                st->has_standing = false;
            } else if (all) {
                st->has_standing = false; /* everyone said yes, yet the model's rule says no */
            }
            continue;
        }
        PL_CHECK(pl_i_event(s, PL_EV_REJECT, v->actor, PL_UNSET, st->standing, u, 0));
        if (!has_next) return pl_i_walkout(s, v);
        PL_CHECK(send(s, st, j, s->tmp, un));
    }
    return PL_CONTINUE;
}

const pl_protocol_type pl_i_protocol_shuttle = {
    "shuttle", "shuttle through mediators: relays cost rounds; relay, reword or hold",
    sizeof(sh_state), sh_alloc, sh_step, sh_free};
const pl_protocol_type *const pl_protocol_shuttle = &pl_i_protocol_shuttle;
