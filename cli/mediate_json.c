/*
 * mediate_json.c: `parley mediate --json`: the six answers and the variants summary as JSON
 * objects (jansson). Reads the model through its accessors and the scenario for source notes;
 * computes nothing.
 */
#include "mediate.h"

#include <math.h>

static json_t *jnum(double x) { return isnan(x) || isinf(x) ? json_null() : json_real(x); }

static json_t *jpackage(const pl_model_t *m, const pl_mediate_package_t *p)
{
    json_t *o = json_object(), *out = json_object(), *acc = json_object();
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        json_object_set_new(out, pl_model_issue_name(m, i), json_string(mediate_value_label(m, i, p->outcome[i])));
    json_object_set_new(o, "outcome", out);
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        if (isnan(p->utility[a])) continue;
        json_t *x = json_object();
        json_object_set_new(x, "utility", jnum(p->utility[a]));
        json_object_set_new(x, "slack", jnum(p->slack[a]));
        json_object_set_new(acc, pl_model_actor_name(m, a), x);
    }
    json_object_set_new(o, "actors", acc);
    json_object_set_new(o, "passes", json_boolean(p->passes));
    json_object_set_new(o, "blocker", p->blocker < pl_model_nactors(m) ? json_string(mediate_actor_name(m, p->blocker)) : json_null());
    json_object_set_new(o, "nash", jnum(p->nash));
    json_object_set_new(o, "worst_normalised_gain", jnum(p->ks));
    json_object_set_new(o, "smallest_slack", jnum(p->robustness));
    json_object_set_new(o, "nearest_to_rejecting", p->nearest < pl_model_nactors(m) ? json_string(mediate_actor_name(m, p->nearest)) : json_null());
    json_object_set_new(o, "threshold_move_to_pass", jnum(p->cost));
    return o;
}

static json_t *jblame(const pl_model_t *m, const pl_mediate_blame_t *b)
{
    json_t *o = json_object(), *pl = json_array(), *co = json_array();
    json_object_set_new(o, "failed", json_boolean(b->failed));
    for (size_t k = 0; k < b->nplayers; k++) {
        json_t *x = json_object();
        json_object_set_new(x, "actor", json_string(mediate_actor_name(m, b->players[k])));
        json_object_set_new(x, "pivotal_for", json_integer((json_int_t)b->pivotal[k]));
        json_object_set_new(x, "share", jnum(b->share ? b->share[k] : 0));
        json_array_append_new(pl, x);
    }
    for (size_t k = 0; k < b->ncoalitions; k++) {
        json_t *x = json_object(), *mem = json_array();
        for (size_t i = 0; i < b->nplayers; i++)
            if ((b->coalition[k] >> i) & 1) json_array_append_new(mem, json_string(mediate_actor_name(m, b->players[i])));
        json_object_set_new(x, "members", mem);
        json_object_set_new(x, "packages", json_integer((json_int_t)b->coalition_count[k]));
        json_array_append_new(co, x);
    }
    json_object_set_new(o, "players", pl);
    json_object_set_new(o, "minimal_blocking_coalitions", co);
    if (!b->exact && b->nplayers) {
        /* over 16 veto players only (exact answers print as before): how it was estimated */
        json_t *se = json_array();
        for (size_t k = 0; k < b->nplayers; k++) json_array_append_new(se, jnum(b->share_se ? b->share_se[k] : NAN));
        json_object_set_new(o, "estimated", json_pack("{s:I,s:o,s:I}", "samples", (json_int_t)b->samples,
                                                      "share_se", se, "coalitions_up_to",
                                                      (json_int_t)b->coalition_max));
    }
    return o;
}

static json_t *jbridging(const pl_model_t *m, const pl_mediate_bridging_t *b)
{
    json_t *br = json_object();
    json_object_set_new(br, "space", json_integer((json_int_t)b->space));
    json_object_set_new(br, "passing", json_integer((json_int_t)b->npassing));
    const char *names[] = {"nash", "kalai_smorodinsky", "robustness"};
    for (int k = 0; k < PL_MEDIATE_NCRITERIA; k++) {
        json_t *a = json_array();
        for (size_t j = 0; j < b->nrank[k]; j++) json_array_append_new(a, jpackage(m, &b->rank[k][j]));
        json_object_set_new(br, names[k], a);
    }
    json_object_set_new(br, "closest", b->has_closest ? jpackage(m, &b->closest) : json_null());
    return br;
}

static json_t *jwhat_it_takes(const pl_model_t *m, const pl_mediate_what_it_takes_t *w,
                              const pl_mediate_blame_t *blame)
{
    json_t *x = json_object(), *mv = json_object();
    json_object_set_new(x, "proposal", json_string(pl_model_proposal_name(m, w->proposal)));
    json_object_set_new(x, "passes", json_boolean(w->passes));
    json_object_set_new(x, "original", jpackage(m, &w->original));
    json_object_set_new(x, "issues_changed", w->found ? json_integer((json_int_t)w->nchanged) : json_null());
    json_object_set_new(x, "changed", w->found ? jpackage(m, &w->changed) : json_null());
    json_object_set_new(x, "utility_taken", w->found ? jnum(w->taken) : json_null());
    for (size_t a = 0; a < pl_model_nactors(m); a++)
        if (w->move[a] > 0) json_object_set_new(mv, pl_model_actor_name(m, a), jnum(w->move[a]));
    json_object_set_new(x, "threshold_moves", mv);
    json_object_set_new(x, "threshold_move_total", jnum(w->move_total));
    json_object_set_new(x, "issues_changed_with_moves",
                        w->found_reach ? json_integer((json_int_t)w->nchanged_reach) : json_null());
    json_object_set_new(x, "changed_with_moves", w->found_reach ? jpackage(m, &w->reach) : json_null());
    json_object_set_new(x, "blame", jblame(m, blame));
    return x;
}

static json_t *jleverage(const mediate_report *r)
{
    const pl_model_t *m = r->m;
    const pl_mediate_leverage_t *l = &r->lev;
    json_t *lv = json_object(), *ia = json_array();
    for (size_t j = 0; j < l->n; j++) {
        const pl_instrument_t *in = &l->instruments[j];
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(pl_mediate_instrument_kind_name(in->kind)));
        json_object_set_new(x, "actor", json_string(mediate_actor_name(m, in->actor)));
        json_object_set_new(x, "max", jnum(in->max));
        json_object_set_new(x, "by", r->ins_default ? json_null()
                                     : r->ins_by[j] == PL_UNSET ? json_string("--instrument")
                                                                : json_string(mediate_actor_name(m, r->ins_by[j])));
        const char *src = !r->ins_default && r->ins_path[j][0]
                              ? pl_scenario_source(pl_model_scenario(m), r->ins_path[j]) : NULL;
        json_object_set_new(x, "source", src ? json_string(src) : json_null());
        json_object_set_new(x, "within_reach",
                            json_boolean(!isinf(l->amount[j]) && !(l->amount[j] > in->max + PL_TOL)));
        json_object_set_new(x, "least_use", jnum(l->amount[j]));
        json_object_set_new(x, "package", isinf(l->amount[j]) ? json_null() : jpackage(m, &l->package[j]));
        json_object_set_new(x, "combined_use", jnum(l->combined_use[j]));
        json_array_append_new(ia, x);
    }
    json_object_set_new(lv, "instruments", ia);
    json_object_set_new(lv, "combined", jnum(l->combined));
    json_t *lk = json_object();
    json_object_set_new(lk, "passing_with", json_integer((json_int_t)l->npassing_with));
    json_object_set_new(lk, "passing_without", json_integer((json_int_t)l->npassing_without));
    json_object_set_new(lk, "threshold_move_with", jnum(l->cost_with));
    json_object_set_new(lk, "threshold_move_without", jnum(l->cost_without));
    json_object_set_new(lv, "linkage", lk);
    return lv;
}

static json_t *jpower(const pl_model_t *m, const pl_mediate_power_t *pw)
{
    json_t *pa = json_array();
    for (size_t k = 0; k < pw->nbodies; k++) {
        const pl_mediate_body_t *b = &pw->bodies[k];
        json_t *x = json_object(), *mem = json_array();
        json_object_set_new(x, "body", b->party != PL_UNSET ? json_string(mediate_actor_name(m, b->party))
                                                            : json_string("acceptance game"));
        json_object_set_new(x, "quota", jnum(b->quota));
        json_object_set_new(x, "exact", json_boolean(b->power.exact));
        for (size_t j = 0; j < b->nmembers; j++) {
            json_t *y = json_object();
            json_object_set_new(y, "actor", json_string(mediate_actor_name(m, b->members[j])));
            json_object_set_new(y, "weight", jnum(b->weight[j]));
            json_object_set_new(y, "shapley_shubik", jnum(b->power.shapley[j]));
            json_object_set_new(y, "banzhaf", jnum(b->power.banzhaf[j]));
            json_array_append_new(mem, y);
        }
        json_object_set_new(x, "members", mem);
        json_array_append_new(pa, x);
    }
    return pa;
}

static json_t *jfair(const pl_model_t *m, const pl_mediate_fair_division_t *fd)
{
    json_t *o = json_object(), *is = json_array();
    json_object_set_new(o, "a", json_string(mediate_actor_name(m, fd->a)));
    json_object_set_new(o, "b", json_string(mediate_actor_name(m, fd->b)));
    for (size_t i = 0; i < pl_model_nissues(m); i++) {
        json_t *x = json_object();
        json_object_set_new(x, "issue", json_string(pl_model_issue_name(m, i)));
        json_object_set_new(x, "points_a", jnum(fd->points_a[i]));
        json_object_set_new(x, "points_b", jnum(fd->points_b[i]));
        json_object_set_new(x, "share_a", jnum(fd->aw.share_a[i]));
        json_array_append_new(is, x);
    }
    json_object_set_new(o, "issues", is);
    json_object_set_new(o, "points_each", jnum(fd->aw.points_a));
    json_object_set_new(o, "package", jpackage(m, &fd->package));
    if (fd->has_maxmin) json_object_set_new(o, "maxmin_package", jpackage(m, &fd->maxmin_package));
    return o;
}

/* a section asked for (--sections) as `v`, or {"error": why} when it could not be computed;
 * one not asked for is left out */
static void jsection(json_t *root, const mediate_report *r, mediate_section k, const char *key, json_t *v)
{
    if (!MEDIATE_HAS(r, k)) {
        json_decref(v);
        return;
    }
    if (r->failed[k][0]) {
        json_decref(v);
        v = json_pack("{s:s}", "error", r->failed[k]);
    }
    json_object_set_new(root, key, v);
}

json_t *mediate_json_report(const mediate_report *r)
{
    const pl_model_t *m = r->m;
    json_t *root = json_object();
#define OR_NULL(k, expr) (r->failed[k][0] || !MEDIATE_HAS(r, k) ? json_null() : (expr))
    jsection(root, r, MEDIATE_BRIDGING, "bridging", OR_NULL(MEDIATE_BRIDGING, jbridging(m, &r->br)));
    json_t *wa = json_array();
    for (size_t k = 0; k < r->nwit && !r->failed[MEDIATE_TAKES][0]; k++)
        json_array_append_new(wa, jwhat_it_takes(m, &r->wit[k], &r->pblame[k]));
    jsection(root, r, MEDIATE_TAKES, "what_it_takes", wa);
    jsection(root, r, MEDIATE_LEVERAGE, "leverage", OR_NULL(MEDIATE_LEVERAGE, jleverage(r)));
    jsection(root, r, MEDIATE_IMPASSE, "blame", OR_NULL(MEDIATE_IMPASSE, jblame(m, &r->blame)));
    jsection(root, r, MEDIATE_POWER, "power", OR_NULL(MEDIATE_POWER, jpower(m, &r->pw)));
    if (r->fd.divided || r->failed[MEDIATE_FAIR][0])
        jsection(root, r, MEDIATE_FAIR, "fair_division", OR_NULL(MEDIATE_FAIR, jfair(m, &r->fd)));
#undef OR_NULL
    return root;
}

json_t *mediate_json_variant(const char *variant, const mediate_report *r)
{
    const pl_model_t *m = r->m;
    const pl_mediate_package_t *best = r->br.npassing ? &r->br.rank[PL_MEDIATE_NASH][0]
                                       : r->br.has_closest ? &r->br.closest : NULL;
    json_t *jv = json_object(), *jp = json_object();
    json_object_set_new(jv, "variant", variant ? json_string(variant) : json_null());
    json_object_set_new(jv, "passing", json_integer((json_int_t)r->br.npassing));
    json_object_set_new(jv, "least_threshold_move", jnum(r->br.npassing ? 0 : best ? best->cost : INFINITY));
    json_object_set_new(jv, "instruments_combined", jnum(r->lev.combined));
    for (size_t p = 0; p < r->nwit && p < 32; p++) {
        const pl_mediate_what_it_takes_t *w = &r->wit[p];
        json_t *x = json_object();
        json_object_set_new(x, "passes", json_boolean(w->passes));
        json_object_set_new(x, "issues_changed", w->found ? json_integer((json_int_t)w->nchanged) : json_null());
        json_object_set_new(x, "threshold_move_total", jnum(w->move_total));
        json_object_set_new(jp, pl_model_proposal_name(m, w->proposal), x);
    }
    json_object_set_new(jv, "proposals", jp);
    return jv;
}
