/*
 * report_doc.c: the report's document writer for HTML and Markdown: escaping, paragraphs
 * wrapped to the Markdown width, tables shrunk to fit it, figures, and numbered source notes.
 */
#include "report_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void esc(pl_i_doc_t *d, const char *s)
{
    if (d->fmt == PL_REPORT_MD) {
        pl_i_buf_puts(&d->b, s ? s : "");
        return;
    }
    for (; s && *s; s++) {
        switch (*s) {
        case '<': pl_i_buf_puts(&d->b, "&lt;"); break;
        case '>': pl_i_buf_puts(&d->b, "&gt;"); break;
        case '&': pl_i_buf_puts(&d->b, "&amp;"); break;
        case '"': pl_i_buf_puts(&d->b, "&quot;"); break;
        default: pl_i_buf_put(&d->b, s, 1);
        }
    }
}

void pl_i_doc_text(pl_i_doc_t *d, const char *s)
{
    esc(d, s);
}

void pl_i_doc_printf(pl_i_doc_t *d, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    esc(d, buf);
}

void pl_i_doc_html(pl_i_doc_t *d, const char *s)
{
    if (d->fmt == PL_REPORT_HTML) pl_i_buf_puts(&d->b, s);
}

void pl_i_doc_heading(pl_i_doc_t *d, int level, const char *id, const char *title)
{
    if (d->fmt == PL_REPORT_MD) {
        pl_i_buf_printf(&d->b, "\n%.*s %s\n\n", level, "######", title);
        return;
    }
    pl_i_buf_printf(&d->b, "<h%d id=\"%s\">", level, id ? id : "");
    esc(d, title);
    pl_i_buf_printf(&d->b, "</h%d>\n", level);
}

static size_t ulen(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Markdown: words wrapped so that no line passes the width. */
static void wrap(pl_i_doc_t *d, const char *text)
{
    size_t col = 0, w = (size_t)(d->width > 20 ? d->width : 100);
    while (*text) {
        size_t n = strcspn(text, " \n");
        char word[1024];
        snprintf(word, sizeof word, "%.*s", (int)(n < 1023 ? n : 1023), text);
        size_t wl = ulen(word);
        if (col > 0 && col + 1 + wl > w) pl_i_buf_puts(&d->b, "\n"), col = 0;
        else if (col > 0) pl_i_buf_puts(&d->b, " "), col++;
        pl_i_buf_puts(&d->b, word);
        col += wl;
        text += n;
        while (*text == ' ' || *text == '\n') text++;
    }
    pl_i_buf_puts(&d->b, "\n\n");
}

void pl_i_doc_para(pl_i_doc_t *d, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (d->fmt == PL_REPORT_MD) {
        wrap(d, buf);
        return;
    }
    pl_i_buf_puts(&d->b, "<p>");
    esc(d, buf);
    pl_i_buf_puts(&d->b, "</p>\n");
}

size_t pl_i_doc_cite(pl_i_doc_t *d, const char *note)
{
    if (!note || !*note) return 0;
    for (size_t i = 0; i < d->nnotes; i++)
        if (d->notes[i] == note || strcmp(d->notes[i], note) == 0) return i + 1;
    if (d->nnotes == PL_I_MAXNOTES) return 0;
    d->notes[d->nnotes++] = note;
    return d->nnotes;
}

const char *pl_i_doc_num(pl_i_doc_t *d, double v, int prec, const char *note, char *buf,
                         size_t size)
{
    char num[64];
    snprintf(num, sizeof num, "%.*f", prec, v);
    size_t k = pl_i_doc_cite(d, note);
    if (!k) snprintf(buf, size, "%s", num);
    else if (d->fmt == PL_REPORT_MD) snprintf(buf, size, "%s [%zu]", num, k);
    else snprintf(buf, size, "<a class=\"src\" href=\"#src-%zu\" title=\"source %zu\">%s<sup>%zu</sup></a>", k, k, num, k);
    return buf;
}

const char *pl_i_doc_cell(pl_i_doc_t *d, const char *s, char *buf, size_t size)
{
    size_t o = 0;
    for (; s && *s && o + 8 < size; s++) {
        const char *r = NULL;
        if (d->fmt == PL_REPORT_HTML)
            r = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" : NULL;
        else if (*s == '|')
            r = "/";
        if (r) o += (size_t)snprintf(buf + o, size - o, "%s", r);
        else buf[o++] = *s;
    }
    buf[o] = '\0';
    return buf;
}

void pl_i_doc_table_begin(pl_i_doc_t *d, size_t ncols)
{
    d->ncols = ncols;
    d->nrows = 0;
}

void pl_i_doc_table_row(pl_i_doc_t *d, const char *const *cells)
{
    if ((d->nrows + 1) * d->ncols > d->cap) {
        size_t cap = 2 * (d->nrows + 1) * d->ncols + 16;
        char **p = pl_realloc(d->cells, cap * sizeof *p);
        if (!p) {
            d->failed = true;
            return;
        }
        d->cells = p;
        d->cap = cap;
    }
    for (size_t c = 0; c < d->ncols; c++)
        d->cells[d->nrows * d->ncols + c] = pl_strdup(cells[c] ? cells[c] : "");
    d->nrows++;
}

/* Columns 0 and cols[0..n) of the table as one Markdown table with widths w. */
static void md_part(pl_i_doc_t *d, const size_t *w, const size_t *cols, size_t n)
{
    for (size_t r = 0; r < d->nrows; r++) {
        pl_i_buf_puts(&d->b, "|");
        for (size_t q = 0; q < n; q++) {
            size_t c = cols[q];
            const char *s = d->cells[r * d->ncols + c];
            char cut[512];
            pl_i_abbrev(s ? s : "", w[c], cut, sizeof cut);
            pl_i_buf_printf(&d->b, " %s%*s |", cut, (int)(w[c] - ulen(cut)), "");
        }
        pl_i_buf_puts(&d->b, "\n");
        if (r == 0) {
            pl_i_buf_puts(&d->b, "|");
            for (size_t q = 0; q < n; q++) {
                pl_i_buf_puts(&d->b, " ");
                for (size_t k = 0; k < w[cols[q]]; k++) pl_i_buf_puts(&d->b, "-");
                pl_i_buf_puts(&d->b, " |");
            }
            pl_i_buf_puts(&d->b, "\n");
        }
    }
}

/* A Markdown table within the width: the widest columns are abbreviated down to 10 characters
 * ("..." ends a cut cell); a table still too wide is split into parts that each repeat the
 * first column (the row labels). */
static void md_table(pl_i_doc_t *d)
{
    size_t w[32] = {0}, nc = d->ncols < 32 ? d->ncols : 32, total = 1;
    for (size_t r = 0; r < d->nrows; r++)
        for (size_t c = 0; c < nc; c++) {
            const char *s = d->cells[r * d->ncols + c];
            size_t l = s ? ulen(s) : 0;
            if (l > w[c]) w[c] = l;
        }
    for (size_t c = 0; c < nc; c++) total += w[c] + 3;
    while (total > (size_t)d->width) {
        size_t big = 0;
        for (size_t c = 1; c < nc; c++) big = w[c] > w[big] ? c : big;
        if (w[big] <= 10) break;
        w[big]--, total--;
    }
    size_t cols[32];
    size_t c = 1;
    do {
        size_t n = 0, used = 1 + w[0] + 3;
        cols[n++] = 0;
        /* at least one more column per part, then as many as fit */
        while (c < nc && (n == 1 || used + w[c] + 3 <= (size_t)d->width)) {
            used += w[c] + 3;
            cols[n++] = c++;
        }
        if (cols[0] == 0 && n > 1 && cols[1] != 1) pl_i_buf_puts(&d->b, "\n");
        md_part(d, w, cols, n);
    } while (c < nc);
}

void pl_i_doc_table_end(pl_i_doc_t *d, const char *caption)
{
    if (d->fmt == PL_REPORT_MD) {
        md_table(d);
        pl_i_buf_puts(&d->b, "\n");
        if (caption) wrap(d, caption);
    } else {
        pl_i_buf_puts(&d->b, "<table>\n");
        if (caption) {
            pl_i_buf_puts(&d->b, "<caption>");
            esc(d, caption);
            pl_i_buf_puts(&d->b, "</caption>\n");
        }
        for (size_t r = 0; r < d->nrows; r++) {
            pl_i_buf_puts(&d->b, "<tr>");
            for (size_t c = 0; c < d->ncols; c++)
                pl_i_buf_printf(&d->b, r == 0 ? "<th>%s</th>" : "<td>%s</td>", d->cells[r * d->ncols + c]);
            pl_i_buf_puts(&d->b, "</tr>\n");
        }
        pl_i_buf_puts(&d->b, "</table>\n");
    }
    for (size_t i = 0; i < d->nrows * d->ncols; i++) pl_free(d->cells[i]);
    d->nrows = 0;
}

void pl_i_doc_figure(pl_i_doc_t *d, const char *id, const pl_render_buf_t *svg, const char *caption,
                     const char *how)
{
    if (d->fmt == PL_REPORT_MD) {
        char buf[1024];
        snprintf(buf, sizeof buf, "Figure (%s): %s Draw it with `%s`.", id, caption, how);
        wrap(d, buf);
        return;
    }
    pl_i_buf_printf(&d->b, "<figure id=\"%s\">\n", id);
    if (svg && svg->data) pl_i_buf_put(&d->b, svg->data, svg->len);
    else pl_i_buf_puts(&d->b, "<p class=\"missing\">figure not available</p>\n");
    pl_i_buf_puts(&d->b, "<figcaption>");
    esc(d, caption);
    pl_i_buf_puts(&d->b, "</figcaption>\n</figure>\n");
}
