/*
 * help_terms.c: `parley help terms`, the glossary of the words parley's outputs use
 * (pl_render_term_at), each term then its meaning wrapped at 100 columns.
 */
#include "cli.h"

#include <parley/pl_render.h>

#include <string.h>

/* Print `text` indented by 4, words wrapped so that no line passes 100 columns. */
static void wrap(FILE *f, const char *text)
{
    const size_t width = 100, indent = 4;
    size_t col = 0;
    while (*text) {
        size_t n = strcspn(text, " ");
        if (col == 0) {
            fprintf(f, "%*s", (int)indent, "");
            col = indent;
        } else if (col + 1 + n > width) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", (int)n, text);
        col += n;
        text += n;
        while (*text == ' ') text++;
    }
    fputc('\n', f);
}

int cli_help_terms(FILE *f)
{
    fprintf(f, "Terms used in parley's output (utilities are on each actor's own 0-1 scale):\n");
    for (size_t i = 0; i < pl_render_term_count(); i++) {
        const pl_render_term_t *t = pl_render_term_at(i);
        fprintf(f, "\n  %s\n", t->term);
        wrap(f, t->meaning);
    }
    return CLI_OK;
}

/* the glossary entry named `term` (case as in the glossary), NULL when there is none */
static const pl_render_term_t *find_term(const char *term)
{
    for (size_t i = 0; i < pl_render_term_count(); i++)
        if (strcmp(pl_render_term_at(i)->term, term) == 0) return pl_render_term_at(i);
    return NULL;
}

void cli_define(FILE *f, const char *indent, const char *term)
{
    const pl_render_term_t *t = find_term(term);
    if (!t) return;
    /* the first sentence: up to ". " (or the end), its full stop kept */
    const char *m = t->meaning, *end = strstr(m, ". ");
    size_t n = end ? (size_t)(end - m) + 1 : strlen(m);
    /* "Slack: utility minus ...": the term capitalised, the meaning not (unless an acronym) */
    int lower = m[0] >= 'A' && m[0] <= 'Z' && !(m[1] >= 'A' && m[1] <= 'Z');
    fprintf(f, "%s%c%s: %c%.*s\n", indent, (t->term[0] >= 'a' && t->term[0] <= 'z') ? t->term[0] - 32 : t->term[0],
            t->term + 1, lower ? m[0] + 32 : m[0], n ? (int)n - 1 : 0, m + 1);
}
