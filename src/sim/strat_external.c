/*
 * strat_external.c: outside negotiators (pl_external_t). The strategy hooks call the caller's
 * callbacks, refuse offers the rules forbid (with a reason the negotiator reads in its view, and
 * ask again), keep the history of what the negotiator received, and turn a failed callback into
 * the session's failure (s->ext_failed, checked by pl_session_step).
 */
#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_MAX_REFUSALS 3

typedef struct {
    const pl_external_t *ext;
    void *neg;             /* open's result, else ext->ctx */
    bool opened;
    size_t refusals;       /* refused offers in a row */
    bool has_refusal;
    char refusal[256];
    size_t nhist, caphist;
    size_t *hist;          /* nhist * nissues */
    size_t *hround;        /* nhist */
    pl_error_t err;        /* the callbacks' record, cleared before each call */
} ext_state;

static const char *ext_name(const ext_state *e)
{
    return e->ext->name ? e->ext->name : "external";
}

/* The first failure of the session: record it (the step returns it) with who failed. */
static void fail(const pl_sim_view_t *v, ext_state *e, pl_status st, const char *what)
{
    pl_session_t *s = v->s;
    if (s->ext_failed != PL_OK) return;
    s->ext_failed = st;
    pl_error_set(s->err, st, "negotiator '%s' (%s): %s failed: %s",
                 pl_model_actor_name(s->m, v->actor), ext_name(e), what,
                 e->err.ndiags ? e->err.message : pl_strerror(st));
}

pl_status pl_i_external_setup(pl_sim_view_t *v, const pl_external_t *ext, pl_error_t *err)
{
    ext_state *e = v->state;
    e->ext = ext;
    e->neg = ext->ctx;
    pl_error_init(&e->err);
    const char *who = pl_model_actor_name(v->s->m, v->actor);
    if (!ext->propose || !ext->respond)
        return pl_error_set(err, PL_EINVAL, "negotiator '%s': outside negotiator '%s' needs both "
                            "propose and respond callbacks", who, ext_name(e));
    if (ext->open) {
        e->neg = ext->open(ext->ctx, v, &e->err);
        if (!e->neg)
            return pl_error_set(err, PL_EINVAL, "negotiator '%s' (%s): open failed: %s", who,
                                ext_name(e), e->err.ndiags ? e->err.message : "no reason given");
        e->opened = true;
    }
    return PL_OK;
}

void pl_i_external_close(pl_sim_view_t *v)
{
    ext_state *e = v->state;
    if (!e || !e->ext) return;
    if (e->opened && e->ext->close) e->ext->close(e->ext->ctx, e->neg);
    e->opened = false;
    pl_free(e->hist);
    pl_free(e->hround);
    e->hist = e->hround = NULL;
    pl_error_destroy(&e->err);
}

void pl_i_external_receive(pl_sim_view_t *v, const size_t *o)
{
    ext_state *e = v->state;
    size_t ni = v->s->ni;
    if (e->nhist == e->caphist) {
        size_t nc = e->caphist ? 2 * e->caphist : 16;
        size_t *h = pl_realloc(e->hist, nc * (ni ? ni : 1) * sizeof *h);
        if (h) e->hist = h;
        size_t *r = h ? pl_realloc(e->hround, nc * sizeof *r) : NULL;
        if (r) e->hround = r;
        if (!h || !r) {
            pl_error_clear(&e->err);
            fail(v, e, PL_ENOMEM, "recording an offer received");
            return;
        }
        e->caphist = nc;
    }
    memcpy(e->hist + e->nhist * ni, o, ni * sizeof *o);
    e->hround[e->nhist++] = v->s->round;
}

/* Why the rules refuse offer o from v (into why), or false when it may be made. The same
 * checks as pl_i_admissible, one by one, so that the reason names the rule. */
static bool refused(const pl_sim_view_t *v, const size_t *o, char *why, size_t n)
{
    const pl_model_t *m = v->s->m;
    for (size_t i = 0; i < v->s->ni; i++)
        if (o[i] >= pl_model_nvalues(m, i)) {
            snprintf(why, n, "issue '%s' has no valid value (it has %zu options)",
                     pl_model_issue_name(m, i), pl_model_nvalues(m, i));
            return true;
        }
    size_t who[2] = {v->uactor, v->party};
    for (size_t k = 0; k < 2; k++) {
        size_t a = who[k];
        if (k == 1 && a == v->uactor) break;
        for (size_t i = 0; i < v->s->ni; i++) {
            const bool *ok = pl_model_requirement(m, a, i);
            if (ok && !ok[o[i]]) {
                snprintf(why, n, "issue '%s': %s is against a requirement of %s",
                         pl_model_issue_name(m, i), pl_model_value_label(m, i, o[i]),
                         k ? "the party you represent" : "yours");
                return true;
            }
        }
        double u = pl_model_utility(m, a, o), r = pl_model_threshold(m, a);
        if (u < r - PL_TOL) {
            snprintf(why, n, "worth %.4f to %s, below the reservation %.4f", u,
                     k ? "the party you represent" : "you", r);
            return true;
        }
    }
    for (size_t i = 0; i < v->s->ni; i++) {
        const bool *ok = pl_model_mandate(m, v->actor, i);
        if (ok && !ok[o[i]]) {
            snprintf(why, n, "issue '%s': %s is outside your mandate", pl_model_issue_name(m, i),
                     pl_model_value_label(m, i, o[i]));
            return true;
        }
    }
    if (v->ratify_aware && !pl_model_ratified(m, v->party, o, NULL)) {
        snprintf(why, n, "your side's ratification would fail (a faction blocks it)");
        return true;
    }
    if (!pl_i_admissible(v, o)) { /* a rule not named above: say so rather than let it pass */
        snprintf(why, n, "not admissible under the scenario's rules");
        return true;
    }
    return false;
}

static bool ext_propose(void *state, const pl_sim_view_t *v, size_t *offer)
{
    ext_state *e = state;
    if (v->s->ext_failed != PL_OK) return false;
    size_t max = e->ext->max_refusals ? e->ext->max_refusals : DEFAULT_MAX_REFUSALS;
    for (;;) {
        pl_error_clear(&e->err);
        for (size_t i = 0; i < v->s->ni; i++) offer[i] = PL_UNSET; /* unset: refused */
        pl_status st = e->ext->propose(e->neg, v, offer, &e->err);
        if (st == PL_EXTERNAL_WALKOUT) return false;
        if (st != PL_OK) {
            fail(v, e, st, "propose");
            return false;
        }
        if (!refused(v, offer, e->refusal, sizeof e->refusal)) {
            e->refusals = 0;
            e->has_refusal = false;
            return true;
        }
        e->has_refusal = true;
        if (++e->refusals >= max) return false; /* walks out (target NaN) */
    }
}

static double ext_target(void *state, const pl_sim_view_t *v)
{
    (void)state;
    (void)v;
    return NAN; /* only reached when propose made no offer: the negotiator walks out */
}

static bool ask(const pl_sim_view_t *v, ext_state *e, const size_t *o)
{
    if (v->s->ext_failed != PL_OK) return false;
    pl_error_clear(&e->err);
    bool yes = false;
    pl_status st = e->ext->respond(e->neg, v, o, &yes, &e->err);
    if (st != PL_OK) {
        fail(v, e, st, "respond");
        return false;
    }
    return yes;
}

static bool ext_accept(void *state, const pl_sim_view_t *v, const size_t *offer, double u)
{
    (void)u;
    return ask(v, state, offer);
}

bool pl_i_external_respond(pl_sim_view_t *v, const size_t *o) { return ask(v, v->state, o); }

const pl_strategy_type pl_i_strategy_external = {
    "external", "an outside negotiator: decisions from the caller's callbacks",
    sizeof(ext_state), 0, NULL, ext_target, ext_propose, ext_accept};
const pl_strategy_type *const pl_strategy_external = &pl_i_strategy_external;

/* ---- the view's outside-negotiator accessors */

const char *pl_view_refusal(const pl_sim_view_t *v)
{
    if (!pl_i_is_external(v)) return NULL;
    const ext_state *e = v->state;
    return e->has_refusal ? e->refusal : NULL;
}

size_t pl_view_refusals(const pl_sim_view_t *v)
{
    return pl_i_is_external(v) ? ((const ext_state *)v->state)->refusals : 0;
}

double pl_view_deadline(const pl_sim_view_t *v) { return v->deadline; }

size_t pl_view_history(const pl_sim_view_t *v)
{
    return pl_i_is_external(v) ? ((const ext_state *)v->state)->nhist : 0;
}

const size_t *pl_view_history_outcome(const pl_sim_view_t *v, size_t k)
{
    if (k >= pl_view_history(v)) return NULL;
    const ext_state *e = v->state;
    return e->hist + k * v->s->ni;
}

size_t pl_view_history_round(const pl_sim_view_t *v, size_t k)
{
    if (k >= pl_view_history(v)) return PL_UNSET;
    return ((const ext_state *)v->state)->hround[k];
}

const pl_model_t *pl_view_model(const pl_sim_view_t *v) { return v->s->m; }
