/*
 * genius_xml.c: reading one GENIUS XML file with libxml2: the safe parse (no network, no DTD,
 * no entities, nothing printed), diagnostics at the element's line, and the element and
 * attribute helpers the domain and profile readers share.
 */
#include "io/genius_load_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
