/*
 * genius_load_internal.h: what the files of the GENIUS loader share: the loading run and its
 * diagnostics, the XML helpers, the parse and the domain (genius_xml.c), the profile reader
 * (genius_profile.c). Apart from genius_internal.h so tests and the fuzzer need no libxml2.
 */
#ifndef PL_GENIUS_LOAD_INTERNAL_H
#define PL_GENIUS_LOAD_INTERNAL_H

#include "io/genius_internal.h"

#include <libxml/tree.h>

/* One loading run: where diagnostics go and the first failure seen. */
typedef struct gctx {
    pl_error_t *err;
    const char *file;   /* label of the file being read, for messages */
    pl_status st;       /* PL_OK until the first problem */
    bool nomem;         /* out of memory: stop at once */
} gctx;

/* What the loader remembers about the domain beyond the scenario's issues. */
typedef struct gdomain {
    long *index;        /* the `index` attribute of each issue (position when absent) */
} gdomain;

/* ---- element and attribute helpers, diagnostics (genius_xml.c) ---- */

/* Line of node n in its file (0: unknown, or n NULL). */
int pl_i_genius_line_of(xmlNodePtr n);
/* Record "FILE:LINE: message" at node n (NULL: no line) in g->err; g->st keeps the first
 * failing code. */
void pl_i_genius_diag(gctx *g, pl_status code, xmlNodePtr n, const char *fmt, ...)
    PL_PRINTF(4, 5);
/* Record "out of memory" (once) and stop the run: g->nomem, g->st = PL_ENOMEM. */
void pl_i_genius_oom(gctx *g);
/* n is an element named `name`. */
bool pl_i_genius_is_el(xmlNodePtr n, const char *name);
/* The first child element of parent named `name` (NULL parent: NULL), and how many there are. */
xmlNodePtr pl_i_genius_first_child(xmlNodePtr parent, const char *name);
size_t pl_i_genius_count_children(xmlNodePtr parent, const char *name);
/* Attribute value (xmlFree it) or NULL when absent. */
char *pl_i_genius_attr(xmlNodePtr n, const char *name);
/* Numeric attribute `name` of n into *out. Absent: *out = dflt and true when !required, else a
 * diagnostic. Malformed: a diagnostic. `what` names the element for messages. */
bool pl_i_genius_num_attr(gctx *g, xmlNodePtr n, const char *name, bool required, double dflt,
                          double *out, const char *what);
/* The integer `index` attribute of n; dflt when absent or not an integer. */
long pl_i_genius_index_attr(xmlNodePtr n, long dflt);

/* ---- parsing (genius_xml.c) ---- */

/* Parse a buffer (g->file names it in messages): no network, no DTD, no entity substitution,
 * nothing printed. On failure "malformed xml: reason" at libxml2's position (or out of
 * memory) is recorded and NULL returned; else the document (free with xmlFreeDoc). */
xmlDocPtr pl_i_genius_parse_xml(gctx *g, const char *data, size_t len);

/* ---- the domain (genius_xml.c) ---- */

/* Read the issues of a domain document (root `negotiation_template`) into sc->issues and
 * their `index` attributes into dom->index (allocated here: pl_free it). Problems are
 * reported through g; on failure sc holds what was read so far. */
void pl_i_genius_read_domain(gctx *g, xmlDocPtr doc, pl_scenario_t *sc, gdomain *dom);

/* ---- profiles (genius_profile.c) ---- */

/* Read one profile document (root `utility_space`) into actor a, already initialised with
 * its name and defaults: its utility (table or hyper-rectangles, over the domain's issues in
 * sc), reservation and discount. `domain_file` names the domain in messages. Problems are
 * reported through g. */
void pl_i_genius_read_profile(gctx *g, xmlDocPtr doc, pl_actor_t *a, const pl_scenario_t *sc,
                              const gdomain *dom, const char *domain_file);

#endif
