/*
 * report_internal.h: the report's document writer: one set of calls (headings, paragraphs,
 * tables, figures, source links) that writes HTML or Markdown, so the sections are written once.
 */
#ifndef PL_REPORT_INTERNAL_H
#define PL_REPORT_INTERNAL_H

#include "render_internal.h"

#define PL_I_MAXNOTES 256

typedef struct pl_i_doc {
    pl_report_format fmt;
    pl_i_buf_t b;
    int width;                      /* Markdown column limit */
    const char *notes[PL_I_MAXNOTES]; /* source notes in the order first cited */
    size_t nnotes;
    /* the table being built */
    size_t ncols, nrows, cap;
    char **cells;
    bool failed;
} pl_i_doc_t;

/** Append text, escaped for HTML (Markdown: as is). */
void pl_i_doc_text(pl_i_doc_t *d, const char *s);
/** printf into the document, escaped. */
void pl_i_doc_printf(pl_i_doc_t *d, const char *fmt, ...) PL_PRINTF(2, 3);
/** Raw markup (HTML only; ignored in Markdown). */
void pl_i_doc_html(pl_i_doc_t *d, const char *s);
void pl_i_doc_heading(pl_i_doc_t *d, int level, const char *id, const char *title);
/** A paragraph of printf text (escaped); wrapped at the width in Markdown. */
void pl_i_doc_para(pl_i_doc_t *d, const char *fmt, ...) PL_PRINTF(2, 3);
/** The citation number of a source note (registered on first use), 0 for NULL/empty. */
size_t pl_i_doc_cite(pl_i_doc_t *d, const char *note);
/** A number (`prec` decimals) with a link to its source note: "0.350" with "[3]" (Markdown) or an anchor. Writes
 *  into buf (for table cells) and returns it. */
const char *pl_i_doc_num(pl_i_doc_t *d, double v, int prec, const char *note, char *buf,
                         size_t size);
/** Tables: begin with column count, add rows of cells (already formatted for the format:
 *  HTML cells may hold markup), end writes it (Markdown: shrunk to the width). */
void pl_i_doc_table_begin(pl_i_doc_t *d, size_t ncols);
void pl_i_doc_table_row(pl_i_doc_t *d, const char *const *cells);
void pl_i_doc_table_end(pl_i_doc_t *d, const char *caption);
/** A figure: inline SVG (HTML) with its caption; Markdown names it and says how to draw it. */
void pl_i_doc_figure(pl_i_doc_t *d, const char *id, const pl_render_buf_t *svg, const char *caption,
                     const char *how);
/** The escaped form of s for a table cell, into buf. */
const char *pl_i_doc_cell(pl_i_doc_t *d, const char *s, char *buf, size_t size);

#endif
