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

#define CLI_TABLE_MIN_COL 8 /* a text column is narrowed to no less than this */

/* Narrow the widest text columns among cols[0..k) (widths w, indexed by column) to no less
 * than floor[c] until they fit cli_width(); false when they cannot (w as narrow as it goes). */
static int fit_columns(const cli_table_t *t, size_t *w, const size_t *floor, int indent,
                       const size_t *cols, size_t k)
{
    size_t avail = (size_t)cli_width(), total = (size_t)(indent > 0 ? indent : 0);
    for (size_t j = 0; j < k; j++) total += w[cols[j]] + (j + 1 < k ? 2 : 0);
    while (total > avail) {
        size_t widest = t->ncols;
        for (size_t j = 0; j < k; j++) {
            size_t c = cols[j];
            if (!t->right[c] && w[c] > floor[c] && (widest == t->ncols || w[c] > w[widest])) widest = c;
        }
        if (widest == t->ncols) return 0;
        w[widest]--;
        total--;
    }
    return 1;
}

/* Fit cols[0..k): first keep words whole (floor: the longest word, at least 8), then cut
 * them (floor 8); w starts from the natural widths nat. */
static void fit_part(const cli_table_t *t, size_t *w, const size_t *nat, const size_t *word,
                     int indent, const size_t *cols, size_t k)
{
    size_t fl[64], *floor = t->ncols <= 64 ? fl : NULL;
    for (size_t j = 0; j < k; j++) w[cols[j]] = nat[cols[j]];
    if (!floor) return;
    for (size_t c = 0; c < t->ncols; c++)
        floor[c] = word[c] > CLI_TABLE_MIN_COL ? word[c] : CLI_TABLE_MIN_COL;
    if (fit_columns(t, w, floor, indent, cols, k)) return;
    for (size_t c = 0; c < t->ncols; c++) floor[c] = CLI_TABLE_MIN_COL;
    fit_columns(t, w, floor, indent, cols, k);
}

/* Print the columns cols[0..k) of every row with widths w (indexed by column). */
static void print_columns(const cli_table_t *t, FILE *f, int indent, int header, const size_t *w,
                          const size_t *cols, size_t k, const char **at)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t j = 0; j < k; j++) at[j] = t->cells[r * t->ncols + cols[j]];
        /* one printed line per pass; a wrapped cell continues on the next (the rest blank) */
        for (int first = 1;; first = 0) {
            int more = 0;
            for (size_t j = 0; j < k; j++) more |= *at[j] != '\0';
            if (!more && !first) break;
            size_t blank = 0; /* pending padding: continuation lines end without it */
            fprintf(f, "%*s", indent, "");
            for (size_t j = 0; j < k; j++) {
                size_t c = cols[j], nb;
                const char *cell = at[j];
                at[j] = cli_next_line(cell, w[c], &nb);
                size_t cw = cli_text_width(cell, nb), pad = w[c] > cw ? w[c] - cw : 0;
                int last = j + 1 == k;
                if (!first && nb == 0) {
                    blank += w[c] + (last ? 0 : 2);
                    continue;
                }
                fprintf(f, "%*s", (int)blank, "");
                blank = 0;
                if (t->right[c]) fprintf(f, "%*s%.*s", (int)pad, "", (int)nb, cell);
                else if (last) fprintf(f, "%.*s", (int)nb, cell);
                else if (first) fprintf(f, "%.*s%*s", (int)nb, cell, (int)pad, "");
                else {
                    fprintf(f, "%.*s", (int)nb, cell);
                    blank = pad;
                }
                if (!last) {
                    if (first) fputs("  ", f);
                    else blank += 2;
                }
            }
            fputc('\n', f);
        }
        if (header && r == 0) {
            size_t total = 0;
            for (size_t j = 0; j < k; j++) total += w[cols[j]] + (j + 1 < k ? 2 : 0);
            fprintf(f, "%*s", indent, "");
            for (size_t x = 0; x < total; x++) fputc('-', f);
            fputc('\n', f);
        }
    }
}

void cli_table_print(const cli_table_t *t, FILE *f, int indent, int header)
{
    size_t n = t->ncols ? t->ncols : 1;
    size_t *w = calloc(n, sizeof *w), *nat = calloc(n, sizeof *nat), *word = calloc(n, sizeof *word);
    size_t *cols = calloc(n, sizeof *cols);
    const char **at = calloc(n, sizeof *at);
    if (!w || !nat || !word || !cols || !at) goto done;
    /* natural widths and longest words */
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *cell = t->cells[r * t->ncols + c];
            size_t x = cli_text_width(cell, (size_t)-1);
            if (x > nat[c]) nat[c] = x;
            for (const char *p = cell; *p;) {
                size_t nb = strcspn(p, " ");
                x = cli_text_width(p, nb);
                if (x > word[c]) word[c] = x;
                p += nb;
                while (*p == ' ') p++;
            }
        }
    for (size_t c = 0; c < t->ncols; c++) cols[c] = c;
    size_t avail = (size_t)cli_width(), floor[64];
    int whole = t->ncols <= 1;
    if (!whole && t->ncols <= 64) {
        /* the whole table, when narrowing its text columns, words kept whole, is enough */
        for (size_t c = 0; c < t->ncols; c++) {
            w[c] = nat[c];
            floor[c] = word[c] > CLI_TABLE_MIN_COL ? word[c] : CLI_TABLE_MIN_COL;
        }
        whole = fit_columns(t, w, floor, indent, cols, t->ncols);
    }
    if (whole) {
        fit_part(t, w, nat, word, indent, cols, t->ncols);
        print_columns(t, f, indent, header, w, cols, t->ncols, at);
        goto done;
    }
    /* else in parts of as many columns (at their natural widths) as fit, each repeating the
     * first column, the row labels (narrowed to a third of the width at most) */
    size_t most = avail > (size_t)indent + 2 ? avail - (size_t)indent - 2 : 1;
    size_t lab = nat[0] > most / 3 ? most / 3 : nat[0];
    if (lab < CLI_TABLE_MIN_COL) lab = CLI_TABLE_MIN_COL;
    for (size_t c = 1, part = 0; c < t->ncols; part++) {
        size_t k = 1, total = (size_t)indent + lab;
        while (c < t->ncols && (k == 1 || total + 2 + nat[c] <= avail)) {
            total += 2 + nat[c];
            cols[k++] = c++;
        }
        fit_part(t, w, nat, word, indent, cols, k);
        if (part) fputc('\n', f);
        print_columns(t, f, indent, header, w, cols, k, at);
    }
done:
    free(at);
    free(cols);
    free(word);
    free(nat);
    free(w);
}

const char *cli_possessive(const char *name, char *buf, size_t size)
{
    size_t n = strlen(name);
    snprintf(buf, size, "%s'%s", name, n && (name[n - 1] == 's' || name[n - 1] == 'S') ? "" : "s");
    return buf;
}
