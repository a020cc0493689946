/*
 * genius_xml.c: reading GENIUS XML with libxml2: the safe parse (no network, no DTD, no
 * entities, nothing printed), the domain's issues (discrete and integer), diagnostics at the
 * element's line, and the element and attribute helpers the domain and profile readers share.
 */
#include "io/genius_load_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* ------------------------------------------------------------------------------------------ */
/* Small helpers                                                                              */

int pl_i_genius_line_of(xmlNodePtr n)
{
    if (!n) return 0;
    long l = xmlGetLineNo(n);
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

void pl_i_genius_diag(gctx *g, pl_status code, xmlNodePtr n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pl_error_vat(g->err, code, g->file, pl_i_genius_line_of(n), 0, fmt, ap);
    va_end(ap);
    if (g->st == PL_OK) g->st = code;
}

void pl_i_genius_oom(gctx *g)
{
    if (!g->nomem) pl_error_set(g->err, PL_ENOMEM, "out of memory");
    g->nomem = true;
    g->st = PL_ENOMEM;
}

bool pl_i_genius_is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

xmlNodePtr pl_i_genius_first_child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (pl_i_genius_is_el(c, name)) return c;
    return NULL;
}

size_t pl_i_genius_count_children(xmlNodePtr parent, const char *name)
{
    size_t k = 0;
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (pl_i_genius_is_el(c, name)) k++;
    return k;
}

/* Attribute value (xmlFree it) or NULL when absent. */
char *pl_i_genius_attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static bool parse_number(const char *s, double *out)
{
    if (!s) return false;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    if (!*s) return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s) return false;
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') end++;
    if (*end || !isfinite(v)) return false;
    *out = v;
    return true;
}

/*
 * Read numeric attribute `name` of n into *out. Absent: *out = dflt and true when !required,
 * else a diagnostic. Malformed: a diagnostic. `what` names the element for messages.
 */
bool pl_i_genius_num_attr(gctx *g, xmlNodePtr n, const char *name, bool required, double dflt,
                          double *out, const char *what)
{
    char *s = pl_i_genius_attr(n, name);
    if (!s) {
        *out = dflt;
        if (!required) return true;
        pl_i_genius_diag(g, PL_EPARSE, n, "%s has no '%s' attribute", what, name);
        return false;
    }
    bool ok = parse_number(s, out);
    if (!ok)
        pl_i_genius_diag(g, PL_EPARSE, n, "bad number '%s' for attribute '%s' of %s", s, name,
                         what);
    xmlFree(s);
    return ok;
}

long pl_i_genius_index_attr(xmlNodePtr n, long dflt)
{
    char *s = pl_i_genius_attr(n, "index");
    double v;
    long r = dflt;
    if (s && parse_number(s, &v) && v == floor(v) && fabs(v) < 1e15) r = (long)v;
    if (s) xmlFree(s);
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* XML reading                                                                                */

/* libxml2 reports some errors (input encoding) through its generic handler, which prints to
 * stderr whatever the parser options: silence it while we parse (the library never prints). */
static void quiet_handler(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Parse a buffer; on failure a diagnostic with libxml2's reason and position, NULL returned. */
xmlDocPtr pl_i_genius_parse_xml(gctx *g, const char *data, size_t len)
{
    if (len > INT_MAX) {
        pl_i_genius_diag(g, PL_ETOOBIG, NULL, "file is too large for an xml document (%zu bytes)",
                         len);
        return NULL;
    }
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        pl_i_genius_oom(g);
        return NULL;
    }
    /* No network, no external DTD, no entity substitution, nothing printed. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
               XML_PARSE_NOCDATA;
    xmlGenericErrorFunc old_handler = xmlGenericError;
    void *old_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet_handler);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data ? data : "", (int)len, g->file, NULL, opts);
    xmlSetGenericErrorFunc(old_context, old_handler);
    if (!doc || !ctxt->wellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        char msg[512] = "not well-formed";
        int line = 0, col = 0;
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t k = strlen(msg);
            while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' ')) msg[--k] = '\0';
            if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
                msg[0] = (char)(msg[0] - 'A' + 'a');
            line = e->line > 0 ? e->line : 0;
            col = e->int2 > 0 ? e->int2 : 0;
        }
        if (e && e->domain == XML_FROM_MEMORY) {
            pl_i_genius_oom(g);
        } else {
            pl_error_at(g->err, PL_EPARSE, g->file, line, col, "malformed xml: %s", msg);
            if (g->st == PL_OK) g->st = PL_EPARSE;
        }
        if (doc) xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ------------------------------------------------------------------------------------------ */
/* Domain                                                                                     */

static bool issue_is_integer_type(const char *t) { return t && strcasecmp(t, "integer") == 0; }
static bool issue_is_real_type(const char *t) { return t && strcasecmp(t, "real") == 0; }
static bool issue_is_discrete_type(const char *t) { return t && strcasecmp(t, "discrete") == 0; }

/* The issue's type: `type`, else `vtype`, else `etype`, else guessed from its content. */
static char *issue_type(xmlNodePtr n)
{
    const char *names[] = {"type", "vtype", "etype"};
    for (size_t k = 0; k < 3; k++) {
        char *t = pl_i_genius_attr(n, names[k]);
        if (t) return t;
    }
    return NULL;
}

static void fill_discrete_issue(gctx *g, pl_issue_t *is, xmlNodePtr n)
{
    is->kind = PL_ISSUE_CATEGORICAL;
    is->ordered = false;
    size_t nitems = pl_i_genius_count_children(n, "item");
    if (nitems == 0) {
        pl_i_genius_diag(g, PL_EPARSE, n, "discrete issue '%s' has no items", is->name);
        return;
    }
    is->values = pl_calloc(nitems, sizeof(char *));
    is->numeric = pl_calloc(nitems, sizeof(double));
    if (!is->values || !is->numeric) {
        pl_i_genius_oom(g);
        return;
    }
    is->nvalues = nitems;
    size_t v = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!pl_i_genius_is_el(c, "item")) continue;
        char *val = pl_i_genius_attr(c, "value");
        if (!val) {
            pl_i_genius_diag(g, PL_EPARSE, c, "item %zu of issue '%s' has no 'value' attribute",
                             v + 1, is->name);
            val = (char *)xmlStrdup((const xmlChar *)"");
            if (!val) {
                pl_i_genius_oom(g);
                return;
            }
        } else if (pl_issue_find_value(is, val) != PL_UNSET) {
            pl_i_genius_diag(g, PL_EPARSE, c, "duplicate item '%s' in issue '%s'", val, is->name);
        }
        is->values[v] = pl_strdup(val);
        xmlFree(val);
        if (!is->values[v]) {
            pl_i_genius_oom(g);
            return;
        }
        is->numeric[v] = (double)v;
        v++;
    }
}

static void fill_integer_issue(gctx *g, pl_issue_t *is, xmlNodePtr n)
{
    is->kind = PL_ISSUE_INTEGER;
    is->ordered = true;
    double lo, hi;
    char what[300];
    snprintf(what, sizeof what, "integer issue '%s'", is->name);
    bool ok = pl_i_genius_num_attr(g, n, "lowerbound", true, 0, &lo, what);
    ok = pl_i_genius_num_attr(g, n, "upperbound", true, 0, &hi, what) && ok;
    if (!ok) return;
    if (lo != floor(lo) || hi != floor(hi) || fabs(lo) > 1e15 || fabs(hi) > 1e15) {
        pl_i_genius_diag(g, PL_EPARSE, n, "bounds of integer issue '%s' are not integers (%g..%g)",
                         is->name, lo, hi);
        return;
    }
    if (lo > hi) {
        pl_i_genius_diag(g, PL_EPARSE, n,
                         "integer issue '%s' has lowerbound %.0f above upperbound %.0f", is->name,
                         lo, hi);
        return;
    }
    if (hi - lo + 1 > PL_I_GENIUS_MAX_VALUES) {
        pl_i_genius_diag(g, PL_ETOOBIG, n,
                         "integer issue '%s' has too many values (%.0f, at most %d)", is->name,
                         hi - lo + 1, PL_I_GENIUS_MAX_VALUES);
        return;
    }
    size_t nv = (size_t)(hi - lo) + 1;
    is->lo = lo;
    is->hi = hi;
    is->step = 1;
    is->values = pl_calloc(nv, sizeof(char *));
    is->numeric = pl_calloc(nv, sizeof(double));
    if (!is->values || !is->numeric) {
        pl_i_genius_oom(g);
        return;
    }
    is->nvalues = nv;
    for (size_t v = 0; v < nv; v++) {
        char buf[32];
        double x = lo + (double)v;
        snprintf(buf, sizeof buf, "%.0f", x);
        is->numeric[v] = x;
        is->values[v] = pl_strdup(buf);
        if (!is->values[v]) {
            pl_i_genius_oom(g);
            return;
        }
    }
}

/*
 * A GENIUS real issue lo..hi, discretised: PL_I_GENIUS_REAL_STEPS + 1 evenly spaced values from
 * lo to hi, unless the issue gives its own `step`: lo, lo + step, ... up to hi (a value within
 * 1e-9 of hi is hi), as for real issues in YAML. Bounds as attributes of the issue or of a
 * `range` child. docs/scenario-format.md.
 */
static void fill_real_issue(gctx *g, pl_issue_t *is, xmlNodePtr n)
{
    is->kind = PL_ISSUE_REAL;
    is->ordered = true;
    xmlNodePtr b = xmlHasProp(n, (const xmlChar *)"lowerbound") ? n : pl_i_genius_first_child(n, "range");
    double lo, hi, step;
    char what[300];
    snprintf(what, sizeof what, "real issue '%s'", is->name);
    bool ok = pl_i_genius_num_attr(g, b ? b : n, "lowerbound", true, 0, &lo, what);
    ok = pl_i_genius_num_attr(g, b ? b : n, "upperbound", true, 0, &hi, what) && ok;
    ok = pl_i_genius_num_attr(g, n, "step", false, NAN, &step, what) && ok;
    if (!ok) return;
    if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi) || (!isnan(step) && !(step > 0))) {
        pl_i_genius_diag(g, PL_EPARSE, n, "real issue '%s' has bounds %g..%g and step %g",
                         is->name, lo, hi, step);
        return;
    }
    if (isnan(step)) step = hi > lo ? (hi - lo) / PL_I_GENIUS_REAL_STEPS : 1;
    double count = floor((hi - lo) / step + 1e-9) + 1;
    if (count > PL_I_GENIUS_MAX_VALUES) {
        pl_i_genius_diag(g, PL_ETOOBIG, n, "real issue '%s' has too many values (%.0f, at most %d)",
                         is->name, count, PL_I_GENIUS_MAX_VALUES);
        return;
    }
    size_t nv = (size_t)count;
    is->lo = lo;
    is->hi = hi;
    is->step = step;
    is->values = pl_calloc(nv, sizeof(char *));
    is->numeric = pl_calloc(nv, sizeof(double));
    if (!is->values || !is->numeric) {
        pl_i_genius_oom(g);
        return;
    }
    is->nvalues = nv;
    for (size_t v = 0; v < nv; v++) {
        char buf[40];
        double x = lo + (double)v * step;
        if (fabs(x - hi) < 1e-9) x = hi;
        snprintf(buf, sizeof buf, "%.12g", x);
        is->numeric[v] = strtod(buf, NULL); /* rounded to 12 digits, as the label says */
        is->values[v] = pl_strdup(buf);
        if (!is->values[v]) {
            pl_i_genius_oom(g);
            return;
        }
    }
}

/* Read the domain's issues into sc. */
void pl_i_genius_read_domain(gctx *g, xmlDocPtr doc, pl_scenario_t *sc, gdomain *dom)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!pl_i_genius_is_el(root, "negotiation_template")) {
        pl_i_genius_diag(g, PL_EPARSE, root,
                         "root element is '%s', expected 'negotiation_template'",
                         root ? (const char *)root->name : "(none)");
        return;
    }
    xmlNodePtr us = pl_i_genius_first_child(root, "utility_space");
    xmlNodePtr obj = pl_i_genius_first_child(us, "objective");
    if (!obj) {
        pl_i_genius_diag(g, PL_EPARSE, us ? us : root, "domain has no %s element",
                         us ? "utility_space/objective" : "utility_space");
        return;
    }
    if (pl_i_genius_first_child(obj, "objective"))
        pl_i_genius_diag(g, PL_EUNSUPPORTED, pl_i_genius_first_child(obj, "objective"),
                         "nested objectives are not supported");
    size_t n = pl_i_genius_count_children(obj, "issue");
    if (n == 0) {
        pl_i_genius_diag(g, PL_EPARSE, obj, "domain defines no issues");
        return;
    }
    sc->issues = pl_calloc(n, sizeof(pl_issue_t));
    dom->index = pl_calloc(n, sizeof(long));
    if (!sc->issues || !dom->index) {
        pl_i_genius_oom(g);
        return;
    }
    for (xmlNodePtr c = obj->children; c && !g->nomem; c = c->next) {
        if (!pl_i_genius_is_el(c, "issue")) continue;
        size_t i = sc->nissues++;
        pl_issue_t *is = &sc->issues[i];
        is->reference = NAN;
        is->pos.line = pl_i_genius_line_of(c);
        dom->index[i] = pl_i_genius_index_attr(c, (long)i + 1);
        char *name = pl_i_genius_attr(c, "name");
        if (!name) {
            pl_i_genius_diag(g, PL_EPARSE, c, "issue %zu has no 'name' attribute", i + 1);
            name = (char *)xmlStrdup((const xmlChar *)"");
            if (!name) {
                pl_i_genius_oom(g);
                return;
            }
        } else {
            for (size_t j = 0; j < i; j++)
                if (sc->issues[j].name && strcmp(sc->issues[j].name, name) == 0)
                    pl_i_genius_diag(g, PL_EPARSE, c, "duplicate issue '%s' (first at line %d)",
                                     name, sc->issues[j].pos.line);
        }
        for (size_t j = 0; j < i; j++)
            if (dom->index[j] == dom->index[i])
                pl_i_genius_diag(g, PL_EPARSE, c, "duplicate issue index %ld", dom->index[i]);
        is->name = pl_strdup(name);
        xmlFree(name);
        if (!is->name) {
            pl_i_genius_oom(g);
            return;
        }
        char *type = issue_type(c);
        if (issue_is_integer_type(type) || (!type && xmlHasProp(c, (const xmlChar *)"lowerbound")))
            fill_integer_issue(g, is, c);
        else if (issue_is_discrete_type(type) || (!type && pl_i_genius_first_child(c, "item")))
            fill_discrete_issue(g, is, c);
        else if (issue_is_real_type(type))
            fill_real_issue(g, is, c);
        else
            pl_i_genius_diag(g, PL_EPARSE, c, "issue '%s' has unknown type '%s'", is->name,
                             type ? type : "(none)");
        if (type) xmlFree(type);
    }
}
