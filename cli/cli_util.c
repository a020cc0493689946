/*
 * cli_util.c: error reporting and aligned tables shared by every parley subcommand
 * (options and usage errors: cli_options.c).
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *cli_input_name(const char *path)
{
    return path && strcmp(path, "-") == 0 ? "<stdin>" : path;
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_FAIL;
}

int cli_report(const pl_error_t *err)
{
    char buf[2048];
    if (!err || err->ndiags == 0) {
        fprintf(stderr, "error: %s\n", err && err->message[0] ? err->message : "failed");
        return CLI_FAIL;
    }
    for (size_t i = 0; i < err->ndiags; i++)
        fprintf(stderr, "%s\n", pl_error_format(err, i, buf, sizeof buf));
    return CLI_FAIL;
}

int cli_is_help(const char *arg)
{
    return arg && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0);
}

void cli_table_init(cli_table_t *t, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->right = calloc(ncols ? ncols : 1, sizeof *t->right);
}

void cli_table_destroy(cli_table_t *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t->right);
    memset(t, 0, sizeof *t);
}

void cli_table_align_right(cli_table_t *t, size_t c)
{
    if (t->right && c < t->ncols) t->right[c] = 1;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        fputs("fatal: out of memory\n", stderr);
        exit(CLI_FAIL);
    }
    memcpy(p, s, n);
    return p;
}

void cli_table_add(cli_table_t *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        char **nc = realloc(t->cells, ncap * t->ncols * sizeof *nc);
        if (!nc) {
            fputs("fatal: out of memory\n", stderr);
            exit(CLI_FAIL);
        }
        t->cells = nc;
        t->cap = ncap;
    }
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "");
    t->nrows++;
}

void cli_table_addf(cli_table_t *t, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *cells[64] = {0};
    char *p = buf;
    for (size_t c = 0; c < t->ncols && c < 64; c++) {
        cells[c] = p;
        char *tab = p ? strchr(p, '\t') : NULL;
        if (tab) {
            *tab = '\0';
            p = tab + 1;
        } else {
            p = NULL;
        }
    }
    cli_table_add(t, cells);
}

/* display width of UTF-8 text: count code points, not bytes */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

void cli_table_print(const cli_table_t *t, FILE *f, int indent, int header)
{
    size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
    if (!w) return;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            size_t n = text_width(t->cells[r * t->ncols + c]);
            if (n > w[c]) w[c] = n;
        }
    for (size_t r = 0; r < t->nrows; r++) {
        fprintf(f, "%*s", indent, "");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *cell = t->cells[r * t->ncols + c];
            size_t pad = w[c] - text_width(cell);
            int last = c + 1 == t->ncols;
            if (t->right[c]) fprintf(f, "%*s%s", (int)pad, "", cell);
            else if (last) fputs(cell, f);
            else fprintf(f, "%s%*s", cell, (int)pad, "");
            if (!last) fputs("  ", f);
        }
        fputc('\n', f);
        if (header && r == 0) {
            size_t total = 0;
            for (size_t c = 0; c < t->ncols; c++) total += w[c] + (c + 1 < t->ncols ? 2 : 0);
            fprintf(f, "%*s", indent, "");
            for (size_t k = 0; k < total; k++) fputc('-', f);
            fputc('\n', f);
        }
    }
    free(w);
}
