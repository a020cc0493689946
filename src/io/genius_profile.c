/*
 * genius_profile.c: one GENIUS preference profile (root `utility_space`) into an actor:
 * linear additive profiles become table utilities (weights, evaluations, linear evaluators),
 * the nonlinear 2014 profiles hyper-rectangle utilities; plus reservation and discount.
 */
#include "io/genius_load_internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------------------------ */
/* Profiles                                                                                   */

/* Map from a profile's issue `index` attributes to domain issues. */
typedef struct gmap {
    size_t n;
    long *index;
    size_t *issue;
} gmap;

/* map_index result for an index of a profile issue that was already reported as wrong */
#define GBAD (SIZE_MAX - 1)

/* Domain issue for a profile index: the profile's own issue list first, then the domain's. */
static size_t map_index(const gmap *m, const pl_scenario_t *sc, const gdomain *dom, long k)
{
    for (size_t j = 0; j < m->n; j++)
        if (m->index[j] == k) return m->issue[j] == PL_UNSET ? GBAD : m->issue[j];
    if (m->n == 0)
        for (size_t i = 0; i < sc->nissues; i++)
            if (dom->index[i] == k) return i;
    return PL_UNSET;
}

/* Read the profile's issue list, check it against the domain and fill the index map. */
static void read_profile_issues(gctx *g, xmlNodePtr root, xmlNodePtr obj, const pl_scenario_t *sc,
                                gmap *m, const char *domain_file)
{
    size_t n = pl_i_genius_count_children(obj, "issue");
    bool *seen = pl_calloc(sc->nissues ? sc->nissues : 1, sizeof(bool));
    m->index = pl_calloc(n ? n : 1, sizeof(long));
    m->issue = pl_calloc(n ? n : 1, sizeof(size_t));
    if (!seen || !m->index || !m->issue) {
        pl_free(seen);
        pl_i_genius_oom(g);
        return;
    }
    for (xmlNodePtr c = obj->children; c; c = c->next) {
        if (!pl_i_genius_is_el(c, "issue")) continue;
        size_t j = m->n++;
        m->index[j] = pl_i_genius_index_attr(c, (long)j + 1);
        m->issue[j] = PL_UNSET;
        char *name = pl_i_genius_attr(c, "name");
        if (!name) {
            pl_i_genius_diag(g, PL_EPARSE, c, "issue %zu has no 'name' attribute", j + 1);
            continue;
        }
        size_t i = pl_scenario_find_issue(sc, name);
        if (i == PL_UNSET) {
            const char *base = strrchr(domain_file, '/');
            pl_i_genius_diag(g, PL_EPARSE, c, "issue '%s' is not in the domain (%s)", name,
                             base ? base + 1 : domain_file);
        } else if (seen[i]) {
            pl_i_genius_diag(g, PL_EPARSE, c, "duplicate issue '%s'", name);
        } else {
            seen[i] = true;
            m->issue[j] = i;
            const pl_issue_t *is = &sc->issues[i];
            if (is->kind == PL_ISSUE_INTEGER) {
                double lo, hi;
                if (xmlHasProp(c, (const xmlChar *)"lowerbound") &&
                    pl_i_genius_num_attr(g, c, "lowerbound", true, 0, &lo, "integer issue") &&
                    lo != is->lo)
                    pl_i_genius_diag(g, PL_EPARSE, c,
                                     "issue '%s' has lowerbound %g here but %g in the domain", name,
                                     lo, is->lo);
                if (xmlHasProp(c, (const xmlChar *)"upperbound") &&
                    pl_i_genius_num_attr(g, c, "upperbound", true, 0, &hi, "integer issue") &&
                    hi != is->hi)
                    pl_i_genius_diag(g, PL_EPARSE, c,
                                     "issue '%s' has upperbound %g here but %g in the domain", name,
                                     hi, is->hi);
            }
            for (size_t k = 0; k < j; k++)
                if (m->index[k] == m->index[j])
                    pl_i_genius_diag(g, PL_EPARSE, c, "duplicate issue index %ld", m->index[j]);
        }
        xmlFree(name);
    }
    if (n > 0)
        for (size_t i = 0; i < sc->nissues; i++)
            if (!seen[i])
                pl_i_genius_diag(g, PL_EPARSE, obj,
                                 "issue '%s' of the domain is missing from the profile",
                                 sc->issues[i].name);
    (void)root;
    pl_free(seen);
}

/*
 * Evaluations of a discrete issue: every `item` below the issue element, in document order,
 * the last one for a value winning. GENIUS 10.4 collects items recursively, so items nested in
 * other elements (the `similarity_function`/`criteria_function` blocks of the 2011 Car
 * profiles) override the issue's own; the reference results follow that. Values unknown to
 * the domain are errors on the issue's own items and ignored in nested blocks.
 */
static void read_items(gctx *g, xmlNodePtr issue, xmlNodePtr parent, const pl_issue_t *is,
                       double *eval, bool *have)
{
    for (xmlNodePtr it = parent->children; it; it = it->next) {
        if (it->type != XML_ELEMENT_NODE) continue;
        if (!pl_i_genius_is_el(it, "item")) {
            read_items(g, issue, it, is, eval, have);
            continue;
        }
        bool own = parent == issue;
        char *val = pl_i_genius_attr(it, "value");
        if (!val) {
            if (own)
                pl_i_genius_diag(g, PL_EPARSE, it, "item of issue '%s' has no 'value' attribute",
                                 is->name);
            continue;
        }
        size_t v = pl_issue_find_value(is, val);
        double e;
        if (v == PL_UNSET) {
            if (own)
                pl_i_genius_diag(g, PL_EPARSE, it,
                                 "unknown value '%s' in issue '%s' (not in the domain)", val,
                                 is->name);
        } else if (own && have[v]) {
            pl_i_genius_diag(g, PL_EPARSE, it, "second evaluation of value '%s' in issue '%s'", val,
                             is->name);
        } else if (!xmlHasProp(it, (const xmlChar *)"evaluation")) {
            if (own)
                pl_i_genius_diag(g, PL_EPARSE, it, "value '%s' of issue '%s' has no evaluation",
                                 val, is->name);
            have[v] = true;
        } else if (!pl_i_genius_num_attr(g, it, "evaluation", true, 0, &e, "item")) {
            have[v] = true; /* reported; no second message for the same value */
        } else {
            have[v] = true;
            if (e < 0)
                pl_i_genius_diag(g, PL_EPARSE, it,
                                 "evaluation of '%s' in issue '%s' is negative (%g)", val, is->name,
                                 e);
            eval[v] = e;
        }
        xmlFree(val);
    }
}

/* Linear additive profile: weights and evaluations per issue. */
static void read_table(gctx *g, pl_actor_t *a, xmlNodePtr root, xmlNodePtr obj,
                       const pl_scenario_t *sc, const gdomain *dom, const gmap *m)
{
    size_t ni = sc->nissues;
    a->utility = PL_UTILITY_TABLE;
    a->stances = pl_calloc(ni, sizeof(pl_stance_t));
    if (!a->stances) {
        pl_i_genius_oom(g);
        return;
    }
    if (m->n == 0) {
        pl_i_genius_diag(g, PL_EPARSE, obj, "profile lists no issues");
        return;
    }
    /* weights: by issue index; none at all means equal weights */
    size_t nw = pl_i_genius_count_children(obj, "weight");
    bool *wseen = pl_calloc(ni, sizeof(bool));
    if (!wseen) {
        pl_i_genius_oom(g);
        return;
    }
    for (size_t i = 0; i < ni; i++) a->stances[i].weight = nw ? 0 : 1;
    for (xmlNodePtr c = obj->children; c; c = c->next) {
        if (!pl_i_genius_is_el(c, "weight")) continue;
        long k = pl_i_genius_index_attr(c, LONG_MIN);
        double w;
        if (k == LONG_MIN) {
            pl_i_genius_diag(g, PL_EPARSE, c, "weight has no valid 'index' attribute");
            continue;
        }
        if (!pl_i_genius_num_attr(g, c, "value", true, 0, &w, "weight")) continue;
        size_t i = map_index(m, sc, dom, k);
        if (i == GBAD) continue;
        /* a weight on the root objective itself (the 2012 Fitness profiles): GENIUS ignores it */
        if (i == PL_UNSET && k == pl_i_genius_index_attr(obj, 0)) continue;
        if (i == PL_UNSET) {
            pl_i_genius_diag(g, PL_EPARSE, c, "weight index %ld matches no issue", k);
        } else if (wseen[i]) {
            pl_i_genius_diag(g, PL_EPARSE, c, "second weight for issue '%s'", sc->issues[i].name);
        } else if (w < 0) {
            pl_i_genius_diag(g, PL_EPARSE, c, "weight of issue '%s' is negative (%g)",
                             sc->issues[i].name, w);
        } else {
            wseen[i] = true;
            a->stances[i].weight = w;
        }
    }
    pl_free(wseen);
    /* the engines normalise by the sum: zero or overflowing sums are refused here, so that
     * `check` reports what `analyze` would refuse */
    double wsum = 0;
    for (size_t i = 0; i < ni; i++) wsum += a->stances[i].weight;
    if (nw && !(wsum > 0))
        pl_i_genius_diag(g, PL_EPARSE, obj, "the weights of the profile are all zero");
    else if (!isfinite(wsum))
        pl_i_genius_diag(g, PL_EPARSE, obj, "the weights of the profile sum to more than the "
                         "largest number (overflow)");
    /* evaluations */
    size_t j = 0;
    for (xmlNodePtr c = obj->children; c && !g->nomem; c = c->next) {
        if (!pl_i_genius_is_el(c, "issue")) continue;
        size_t i = m->issue[j++];
        if (i == PL_UNSET) continue;
        const pl_issue_t *is = &sc->issues[i];
        pl_stance_t *st = &a->stances[i];
        st->pos.line = pl_i_genius_line_of(c);
        xmlNodePtr ev = pl_i_genius_first_child(c, "evaluator");
        if (is->kind != PL_ISSUE_CATEGORICAL || ev) {
            if (!ev) {
                pl_i_genius_diag(g, PL_EPARSE, c, "numeric issue '%s' has no evaluator", is->name);
                continue;
            }
            if (is->kind == PL_ISSUE_CATEGORICAL) {
                pl_i_genius_diag(g, PL_EUNSUPPORTED, ev,
                                 "evaluator on discrete issue '%s' is not supported", is->name);
                continue;
            }
            char *ft = pl_i_genius_attr(ev, "ftype");
            if (!ft || strcasecmp(ft, "linear") != 0) {
                pl_i_genius_diag(
                    g, PL_EUNSUPPORTED, ev,
                    "evaluator type '%s' of issue '%s' is not supported (only 'linear')",
                    ft ? ft : "(none)", is->name);
                if (ft) xmlFree(ft);
                continue;
            }
            xmlFree(ft);
            /* GENIUS's real evaluator may name its coefficients parameter1 and parameter0 */
            bool real = is->kind == PL_ISSUE_REAL;
            bool par = real && !xmlHasProp(ev, (const xmlChar *)"slope");
            bool ok = pl_i_genius_num_attr(g, ev, par ? "parameter1" : "slope", true, 0, &st->slope,
                                           "evaluator");
            ok = pl_i_genius_num_attr(g, ev, par ? "parameter0" : "offset", true, 0, &st->offset,
                                      "evaluator") && ok;
            /* GENIUS evaluates a real issue at x itself (slope * x + offset); the model takes
             * x - lo, as for integer issues */
            if (real) st->offset += st->slope * is->lo;
            st->has_linear = ok;
            continue;
        }
        st->eval = pl_calloc(is->nvalues, sizeof(double));
        bool *have = pl_calloc(is->nvalues, sizeof(bool));
        if (!st->eval || !have) {
            pl_free(have);
            pl_i_genius_oom(g);
            return;
        }
        read_items(g, c, c, is, st->eval, have);
        for (size_t v = 0; v < is->nvalues; v++)
            if (!have[v])
                pl_i_genius_diag(g, PL_EPARSE, c,
                                 "value '%s' of issue '%s' has no evaluation in the profile",
                                 is->values[v], is->name);
        pl_free(have);
    }
    (void)root;
}

static bool push_rect(gctx *g, pl_actor_t *a, size_t *cap)
{
    if (a->nrects == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        pl_hyperrect_t *nr = pl_realloc(a->rects, nc * sizeof *nr);
        if (!nr) {
            pl_i_genius_oom(g);
            return false;
        }
        a->rects = nr;
        *cap = nc;
    }
    memset(&a->rects[a->nrects], 0, sizeof a->rects[0]);
    a->nrects++;
    return true;
}

/* One hyperRectangle scaled by its ufun's weight; empty rectangles are dropped. */
static void read_rect(gctx *g, pl_actor_t *a, size_t *cap, xmlNodePtr hr, double scale,
                      const pl_scenario_t *sc, const gdomain *dom, const gmap *m)
{
    double u;
    if (!pl_i_genius_num_attr(g, hr, "utility", true, 0, &u, "hyperRectangle")) return;
    if (pl_i_genius_first_child(hr, "EXCLUDES")) {
        pl_i_genius_diag(g, PL_EUNSUPPORTED, pl_i_genius_first_child(hr, "EXCLUDES"),
                         "EXCLUDES bounds in hyper-rectangles are not supported");
        return;
    }
    size_t nb = pl_i_genius_count_children(hr, "INCLUDES");
    if (!push_rect(g, a, cap)) return;
    pl_hyperrect_t *r = &a->rects[a->nrects - 1];
    r->utility = u * scale;
    r->issue = pl_calloc(nb ? nb : 1, sizeof(size_t));
    r->min = pl_calloc(nb ? nb : 1, sizeof(size_t));
    r->max = pl_calloc(nb ? nb : 1, sizeof(size_t));
    if (!r->issue || !r->min || !r->max) {
        pl_i_genius_oom(g);
        return;
    }
    bool empty = false;
    for (xmlNodePtr c = hr->children; c; c = c->next) {
        if (!pl_i_genius_is_el(c, "INCLUDES")) continue;
        long k = pl_i_genius_index_attr(c, LONG_MIN);
        double lo, hi;
        if (k == LONG_MIN) {
            pl_i_genius_diag(g, PL_EPARSE, c, "INCLUDES has no valid 'index' attribute");
            continue;
        }
        bool ok = pl_i_genius_num_attr(g, c, "min", true, 0, &lo, "INCLUDES");
        ok = pl_i_genius_num_attr(g, c, "max", true, 0, &hi, "INCLUDES") && ok;
        if (!ok) continue;
        size_t i = map_index(m, sc, dom, k);
        if (i == GBAD) continue;
        if (i == PL_UNSET) {
            pl_i_genius_diag(g, PL_EPARSE, c, "INCLUDES index %ld matches no issue", k);
            continue;
        }
        const pl_issue_t *is = &sc->issues[i];
        if (is->kind != PL_ISSUE_INTEGER) {
            pl_i_genius_diag(g, PL_EUNSUPPORTED, c,
                             "hyper-rectangle bounds on non-integer issue '%s' are not supported",
                             is->name);
            continue;
        }
        /* value bounds -> value-index bounds, clamped to the issue's range */
        double a0 = ceil(lo) - is->lo, a1 = floor(hi) - is->lo;
        double top = (double)(is->nvalues - 1);
        if (a0 < 0) a0 = 0;
        if (a1 > top) a1 = top;
        if (a0 > a1) {
            empty = true;
            continue;
        }
        size_t bmin = (size_t)a0, bmax = (size_t)a1;
        size_t b;
        for (b = 0; b < r->nbounds; b++)
            if (r->issue[b] == i) break;
        if (b < r->nbounds) { /* the same issue twice: intersect */
            if (bmin > r->min[b]) r->min[b] = bmin;
            if (bmax < r->max[b]) r->max[b] = bmax;
            if (r->min[b] > r->max[b]) empty = true;
            continue;
        }
        r->issue[b] = i;
        r->min[b] = bmin;
        r->max[b] = bmax;
        r->nbounds++;
    }
    if (empty) {
        pl_free(r->issue);
        pl_free(r->min);
        pl_free(r->max);
        a->nrects--;
    }
}

/* Nonlinear (2014) profile: sums of hyper-rectangle utilities over maxutility. */
static void read_hyper(gctx *g, pl_actor_t *a, xmlNodePtr root, xmlNodePtr obj,
                       const pl_scenario_t *sc, const gdomain *dom, const gmap *m)
{
    a->utility = PL_UTILITY_HYPER;
    xmlNodePtr ut = pl_i_genius_first_child(obj, "utility");
    if (!ut) ut = pl_i_genius_first_child(root, "utility");
    if (!ut) {
        pl_i_genius_diag(g, PL_EPARSE, obj, "nonlinear profile has no 'utility' element");
        return;
    }
    double mx;
    if (pl_i_genius_num_attr(g, ut, "maxutility", false, 0, &mx, "utility")) {
        if (mx < 0) pl_i_genius_diag(g, PL_EPARSE, ut, "maxutility is negative (%g)", mx);
        a->rect_max = mx;
    }
    size_t cap = 0;
    for (xmlNodePtr c = ut->children; c && !g->nomem; c = c->next) {
        if (pl_i_genius_is_el(c, "hyperRectangle")) {
            read_rect(g, a, &cap, c, 1.0, sc, dom, m);
            continue;
        }
        if (!pl_i_genius_is_el(c, "ufun")) continue;
        char *agg = pl_i_genius_attr(c, "aggregation");
        if (agg && strcasecmp(agg, "sum") != 0)
            pl_i_genius_diag(g, PL_EUNSUPPORTED, c,
                             "ufun aggregation '%s' is not supported (only 'sum')", agg);
        if (agg) xmlFree(agg);
        char *type = pl_i_genius_attr(c, "type");
        if (type && strcasecmp(type, "PlainUfun") != 0)
            pl_i_genius_diag(g, PL_EUNSUPPORTED, c,
                             "ufun type '%s' is not supported (only 'PlainUfun')", type);
        if (type) xmlFree(type);
        double w;
        if (!pl_i_genius_num_attr(g, c, "weight", false, 1, &w, "ufun")) continue;
        for (xmlNodePtr h = c->children; h && !g->nomem; h = h->next)
            if (pl_i_genius_is_el(h, "hyperRectangle")) read_rect(g, a, &cap, h, w, sc, dom, m);
    }
}

/* Read one profile into actor a (already initialised with its name). */
void pl_i_genius_read_profile(gctx *g, xmlDocPtr doc, pl_actor_t *a, const pl_scenario_t *sc,
                              const gdomain *dom, const char *domain_file)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!pl_i_genius_is_el(root, "utility_space")) {
        pl_i_genius_diag(g, PL_EPARSE, root, "root element is '%s', expected 'utility_space'",
                         root ? (const char *)root->name : "(none)");
        return;
    }
    a->pos.line = pl_i_genius_line_of(root);
    xmlNodePtr obj = pl_i_genius_first_child(root, "objective");
    if (!obj) {
        pl_i_genius_diag(g, PL_EPARSE, root, "profile has no 'objective' element");
        return;
    }
    xmlNodePtr res = pl_i_genius_first_child(root, "reservation");
    if (!res) res = pl_i_genius_first_child(obj, "reservation");
    if (res) pl_i_genius_num_attr(g, res, "value", true, 0, &a->reservation, "reservation");
    xmlNodePtr df = pl_i_genius_first_child(root, "discount_factor");
    if (!df) df = pl_i_genius_first_child(obj, "discount_factor");
    double d = 1;
    if (df && pl_i_genius_num_attr(g, df, "value", true, 1, &d, "discount_factor")) {
        if (d < 0 || d > 1)
            pl_i_genius_diag(g, PL_EPARSE, df, "discount_factor %g is outside [0, 1]", d);
        else
            a->discount = d == 0 ? 1 : d;
    }
    gmap m = {0, NULL, NULL};
    read_profile_issues(g, root, obj, sc, &m, domain_file);
    if (!g->nomem) {
        char *type = pl_i_genius_attr(root, "type");
        bool nonlinear = (type && strcasecmp(type, "nonlinear") == 0) ||
                         pl_i_genius_first_child(obj, "utility") ||
                         pl_i_genius_first_child(root, "utility");
        if (type) xmlFree(type);
        if (nonlinear)
            read_hyper(g, a, root, obj, sc, dom, &m);
        else
            read_table(g, a, root, obj, sc, dom, &m);
    }
    pl_free(m.index);
    pl_free(m.issue);
}
