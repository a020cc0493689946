/*
 * genius.c: import of GENIUS (ANAC) negotiation domains and preference profiles (XML, via
 * libxml2) into a pl_scenario_t: linear additive profiles become table utilities, the
 * nonlinear 2014 profiles hyper-rectangle utilities. Parsing is safe for untrusted input:
 * no network, no DTD loading, no entity substitution, nothing is printed.
 *
 * Folders: every `*.xml` file in the folder is read. A file whose root is `negotiation_template`
 * is the domain, `utility_space` a profile; other XML roots are ignored. A `.xml` file that is
 * empty (or only blanks) or holds binary data (NUL or other control bytes) is an error
 * "FILE: ...", so a truncated or corrupt profile never silently drops a party. Plain text that
 * is not XML is ignored only in a file named `pareto.xml` (any case): GENIUS writes its Pareto
 * frontier there as comma-separated numbers; any other `.xml` file of plain text is an error.
 */
#include "io/genius_load_internal.h"
#include "io/io_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* File name without directory and without a trailing ".xml" (pl_malloc'ed). */
static char *stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcasecmp(b + n - 4, ".xml") == 0) n -= 4;
    char *s = pl_malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

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
            bool ok = pl_i_genius_num_attr(g, ev, "slope", true, 0, &st->slope, "evaluator");
            ok = pl_i_genius_num_attr(g, ev, "offset", true, 0, &st->offset, "evaluator") && ok;
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
static void read_profile(gctx *g, xmlDocPtr doc, pl_actor_t *a, const pl_scenario_t *sc,
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

/* ------------------------------------------------------------------------------------------ */
/* Assembly                                                                                   */

static pl_status build(const char *scenario_name, const char *file, const char *domain_label,
                       xmlDocPtr ddoc, const char *const *plabels, xmlDocPtr *pdocs, size_t n,
                       pl_scenario_t **out, pl_error_t *err)
{
    gctx g = {err, domain_label, PL_OK, false};
    gdomain dom = {NULL};
    pl_scenario_t *sc = pl_scenario_alloc();
    if (!sc) {
        pl_i_genius_oom(&g);
        goto done;
    }
    sc->name = scenario_name ? pl_strdup(scenario_name) : stem(domain_label);
    sc->file = pl_strdup(file ? file : domain_label);
    if (!sc->name || !sc->file) {
        pl_i_genius_oom(&g);
        goto done;
    }
    pl_i_genius_read_domain(&g, ddoc, sc, &dom);
    if (g.st != PL_OK) goto done;
    if (n == 0) {
        pl_i_genius_diag(&g, PL_EPARSE, NULL, "no profiles given for domain '%s'", sc->name);
        goto done;
    }
    sc->actors = pl_calloc(n, sizeof(pl_actor_t));
    if (!sc->actors) {
        pl_i_genius_oom(&g);
        goto done;
    }
    for (size_t k = 0; k < n && !g.nomem; k++) {
        pl_actor_t *a = &sc->actors[sc->nactors++];
        a->role = PL_ROLE_PARTY;
        a->clout = 1;
        a->reservation = 0;
        a->discount = 1;
        a->party = SIZE_MAX;
        a->at_table = true;
        a->participation = NAN;
        a->deadline = NAN;
        a->seats = NAN;
        a->name = stem(plabels[k]);
        if (!a->name) {
            pl_i_genius_oom(&g);
            break;
        }
        g.file = plabels[k];
        for (size_t j = 0; j < k; j++)
            if (strcmp(sc->actors[j].name, a->name) == 0)
                pl_i_genius_diag(&g, PL_EPARSE, NULL, "a second profile named '%s'", a->name);
        read_profile(&g, pdocs[k], a, sc, &dom, domain_label);
    }
done:
    pl_free(dom.index);
    if (g.st != PL_OK) {
        pl_scenario_free(sc);
        *out = NULL;
        return g.st;
    }
    *out = sc;
    return PL_OK;
}

pl_status pl_i_genius_load_buffers(const char *scenario_name, const char *domain_name,
                                   const char *domain, size_t domain_len,
                                   const char *const *profile_names,
                                   const char *const *profiles, const size_t *profile_lens,
                                   size_t n, pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!domain_name || (n && (!profile_names || !profiles || !profile_lens)))
        return pl_error_set(err, PL_EINVAL, "missing domain or profile buffers");
    gctx g = {err, domain_name, PL_OK, false};
    xmlDocPtr ddoc = pl_i_genius_parse_xml(&g, domain, domain_len);
    xmlDocPtr *pdocs = pl_calloc(n ? n : 1, sizeof(xmlDocPtr));
    if (!pdocs) pl_i_genius_oom(&g);
    for (size_t k = 0; k < n && pdocs && !g.nomem; k++) {
        g.file = profile_names[k];
        pdocs[k] = pl_i_genius_parse_xml(&g, profiles[k], profile_lens[k]);
    }
    pl_status s = g.st;
    if (s == PL_OK)
        s = build(scenario_name, NULL, domain_name, ddoc, profile_names, pdocs, n, out, err);
    for (size_t k = 0; k < n && pdocs; k++)
        if (pdocs[k]) xmlFreeDoc(pdocs[k]);
    pl_free(pdocs);
    if (ddoc) xmlFreeDoc(ddoc);
    return s;
}

/* Read a list of files into memory. */
static pl_status read_all(const char *const *paths, size_t n, char **bufs, size_t *lens,
                          pl_error_t *err)
{
    pl_status first = PL_OK;
    for (size_t k = 0; k < n; k++) {
        pl_status s = pl_i_io_read_file(paths[k], &bufs[k], &lens[k], err);
        if (s == PL_ENOMEM) return s;
        if (s != PL_OK && first == PL_OK) first = s;
    }
    return first;
}

pl_status pl_genius_load_files(const char *domain, const char *const *profiles, size_t n,
                               pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!domain || (n && !profiles)) return pl_error_set(err, PL_EINVAL, "no domain file given");
    char *dbuf = NULL;
    size_t dlen = 0;
    char **bufs = pl_calloc(n ? n : 1, sizeof(char *));
    size_t *lens = pl_calloc(n ? n : 1, sizeof(size_t));
    pl_status s;
    if (!bufs || !lens) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    s = pl_i_io_read_file(domain, &dbuf, &dlen, err);
    if (s == PL_ENOMEM) goto done;
    pl_status s2 = read_all(profiles, n, bufs, lens, err);
    if (s == PL_OK) s = s2;
    if (s != PL_OK) goto done;
    s = pl_i_genius_load_buffers(NULL, domain, dbuf, dlen, profiles, (const char *const *)bufs,
                                 lens, n, out, err);
done:
    for (size_t k = 0; k < n && bufs; k++) pl_free(bufs[k]);
    pl_free(bufs);
    pl_free(lens);
    pl_free(dbuf);
    return s;
}

/* ------------------------------------------------------------------------------------------ */
/* Folders                                                                                    */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What a `.xml` file of the folder holds, judged from its bytes. */
typedef enum { FK_XML, FK_EMPTY, FK_BINARY, FK_TEXT } file_kind;

/* XML (first non-blank character '<' after a UTF-8 BOM, or a UTF-16 BOM: libxml2 decodes it),
 * empty (nothing but blanks), binary (a NUL or another control byte) or other text. */
static file_kind classify(const char *b, size_t n)
{
    const unsigned char *u = (const unsigned char *)b;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) return FK_XML;
    size_t i = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) i = 3;
    for (size_t k = i; k < n; k++)
        if ((u[k] < 0x20 && u[k] != '\t' && u[k] != '\n' && u[k] != '\r' && u[k] != '\f') ||
            u[k] == 0x7F)
            return FK_BINARY;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f')) i++;
    if (i == n) return FK_EMPTY;
    return b[i] == '<' ? FK_XML : FK_TEXT;
}

/* The folder's base name, trailing slashes ignored (pl_malloc'ed). */
static char *dir_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    size_t s = n;
    while (s > 0 && dir[s - 1] != '/') s--;
    char *r = pl_malloc(n - s + 1);
    if (!r) return NULL;
    memcpy(r, dir + s, n - s);
    r[n - s] = '\0';
    return r;
}

pl_status pl_genius_load_dir(const char *dir, pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!dir) return pl_error_set(err, PL_EINVAL, "no folder given");
    DIR *d = opendir(dir);
    if (!d) return pl_error_at(err, PL_EIO, dir, 0, 0, "cannot open folder: %s", strerror(errno));
    gctx g = {err, dir, PL_OK, false};
    char **names = NULL, **paths = NULL, *name = NULL, *dlabel = NULL;
    size_t nn = 0, cap = 0, np = 0, dpos = PL_UNSET;
    xmlDocPtr *docs = NULL;
    const char **plabels = NULL;
    xmlDocPtr *pdocs = NULL;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 5 || strcasecmp(e->d_name + l - 4, ".xml") != 0) continue;
        if (nn == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nb = pl_realloc(names, nc * sizeof(char *));
            if (!nb) {
                pl_i_genius_oom(&g);
                break;
            }
            names = nb;
            cap = nc;
        }
        names[nn] = pl_strdup(e->d_name);
        if (!names[nn]) {
            pl_i_genius_oom(&g);
            break;
        }
        nn++;
    }
    closedir(d);
    if (g.nomem) goto done;
    if (nn) qsort(names, nn, sizeof(char *), cmp_str);
    paths = pl_calloc(nn ? nn : 1, sizeof(char *));
    docs = pl_calloc(nn ? nn : 1, sizeof(xmlDocPtr));
    plabels = pl_calloc(nn ? nn : 1, sizeof(char *));
    pdocs = pl_calloc(nn ? nn : 1, sizeof(xmlDocPtr));
    if (!paths || !docs || !plabels || !pdocs) {
        pl_i_genius_oom(&g);
        goto done;
    }
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t k = 0; k < nn && !g.nomem; k++) {
        size_t len = dl + strlen(names[k]) + 2;
        paths[k] = pl_malloc(len);
        if (!paths[k]) {
            pl_i_genius_oom(&g);
            break;
        }
        snprintf(paths[k], len, "%s%s%s", dir, slash ? "" : "/", names[k]);
        char *buf = NULL;
        size_t blen = 0;
        pl_status s = pl_i_io_read_file(paths[k], &buf, &blen, err);
        if (s == PL_ENOMEM) {
            g.nomem = true;
            g.st = s;
            break;
        }
        if (s != PL_OK) {
            if (g.st == PL_OK) g.st = s;
            continue;
        }
        g.file = paths[k];
        switch (classify(buf, blen)) {
        case FK_XML:
            docs[k] = pl_i_genius_parse_xml(&g, buf, blen);
            break;
        case FK_EMPTY:
            pl_i_genius_diag(&g, PL_EPARSE, NULL,
                             "file is empty (a GENIUS domain or profile must be XML)");
            break;
        case FK_BINARY:
            pl_i_genius_diag(
                &g, PL_EPARSE, NULL,
                "not a text file (binary data; a GENIUS domain or profile must be XML)");
            break;
        case FK_TEXT:
            if (strcasecmp(names[k], "pareto.xml") != 0)
                pl_i_genius_diag(
                    &g, PL_EPARSE, NULL,
                    "not an XML file (only GENIUS's frontier file 'pareto.xml' may be plain text)");
            break; /* pareto.xml: the frontier GENIUS computed, not needed */
        }
        pl_free(buf);
        if (!docs[k]) continue;
        xmlNodePtr root = xmlDocGetRootElement(docs[k]);
        if (pl_i_genius_is_el(root, "negotiation_template")) {
            if (dpos != PL_UNSET) {
                g.file = paths[k];
                pl_i_genius_diag(&g, PL_EPARSE, root,
                                 "a second domain file in the folder (the first is %s)",
                                 names[dpos]);
            } else {
                dpos = k;
            }
        } else if (pl_i_genius_is_el(root, "utility_space")) {
            plabels[np] = paths[k];
            pdocs[np] = docs[k];
            np++;
        }
    }
    if (g.st != PL_OK) goto done;
    g.file = dir;
    if (dpos == PL_UNSET) {
        pl_i_genius_diag(&g, PL_EPARSE, NULL,
                         "no domain file (root element 'negotiation_template') in folder");
        goto done;
    }
    if (np == 0) {
        pl_i_genius_diag(&g, PL_EPARSE, NULL,
                         "no profile (root element 'utility_space') in folder");
        goto done;
    }
    name = dir_name(dir);
    if (!name) {
        pl_i_genius_oom(&g);
        goto done;
    }
    dlabel = paths[dpos];
    g.st = build(name, dir, dlabel, docs[dpos], plabels, pdocs, np, out, err);
done:
    for (size_t k = 0; k < nn; k++) {
        if (docs && docs[k]) xmlFreeDoc(docs[k]);
        if (paths) pl_free(paths[k]);
        pl_free(names[k]);
    }
    pl_free(names);
    pl_free(paths);
    pl_free(docs);
    pl_free(plabels);
    pl_free(pdocs);
    pl_free(name);
    return g.st;
}

