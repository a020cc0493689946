/*
 * rows.c: the CSV/TSV row reader the KTAB, BdM and DEU loaders share: whole file in memory,
 * one row at a time, fields trimmed and located (line, column) for FILE:LINE:COL messages.
 */
#include "io_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

pl_status pl_i_rows_open(pl_i_rows_t *r, const char *path, char sep, bool skip_blank,
                         bool drop_trailing, pl_error_t *err)
{
    memset(r, 0, sizeof *r);
    r->path = strcmp(path, "-") == 0 ? PL_I_IO_STDIN : path;
    r->sep = sep;
    r->skip_blank = skip_blank;
    r->drop_trailing = drop_trailing;
    PL_CHECK(pl_i_io_read_file(path, &r->text, &r->len, err));
    /* a UTF-8 byte-order mark (spreadsheets write one) is skipped in every CSV/TSV reader, as
     * libyaml and libxml2 skip it in scenario and GENIUS files */
    if (r->len >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    return PL_OK;
}

void pl_i_rows_close(pl_i_rows_t *r)
{
    pl_free(r->text);
    pl_free(r->start);
    pl_free(r->flen);
    pl_free(r->col);
    memset(r, 0, sizeof *r);
}

/* next line from pos (without its \n or \r\n), NULL at the end; writes a NUL into the text */
static char *next_line(pl_i_rows_t *r)
{
    if (r->pos >= r->len) return NULL;
    char *s = r->text + r->pos;
    char *e = memchr(s, '\n', r->len - r->pos);
    if (e) {
        *e = 0;
        r->pos = (size_t)(e - r->text) + 1;
    } else {
        r->pos = r->len;
    }
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r') s[n - 1] = 0;
    return s;
}

static bool skipped(const pl_i_rows_t *r, const char *s)
{
    if (!r->skip_blank) return *s == 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != r->sep) return false;
    return true;
}

static bool grow(pl_i_rows_t *r)
{
    size_t cap = r->cap ? 2 * r->cap : 32;
    const char **s = pl_realloc(r->start, cap * sizeof *s);
    if (!s) return false;
    r->start = s;
    size_t *l = pl_realloc(r->flen, cap * sizeof *l);
    if (!l) return false;
    r->flen = l;
    int *c = pl_realloc(r->col, cap * sizeof *c);
    if (!c) return false;
    r->col = c;
    r->cap = cap;
    return true;
}

static pl_status split(pl_i_rows_t *r, char *line, pl_error_t *err)
{
    char sep = r->sep;
    r->n = 0;
    char *p = line;
    for (;;) {
        if (r->n == r->cap && !grow(r)) return pl_i_io_oom(err);
        char *e = strchr(p, sep);
        size_t n = e ? (size_t)(e - p) : strlen(p);
        /* trim blanks, and quotes around the whole field */
        const char *s = p;
        size_t m = n;
        while (m && (*s == ' ' || (sep != '\t' && *s == '\t'))) s++, m--;
        while (m && (s[m - 1] == ' ' || (sep != '\t' && s[m - 1] == '\t'))) m--;
        if (m >= 2 && s[0] == '"' && s[m - 1] == '"') s++, m -= 2;
        r->start[r->n] = s;
        r->flen[r->n] = m;
        r->col[r->n] = (int)(p - line) + 1;
        r->n++;
        if (!e) break;
        p = e + 1;
    }
    if (r->drop_trailing)
        while (r->n > 1 && r->flen[r->n - 1] == 0) r->n--;
    return PL_OK;
}

pl_status pl_i_rows_next(pl_i_rows_t *r, bool *more, pl_error_t *err)
{
    char *s;
    *more = false;
    r->n = 0;
    while ((s = next_line(r))) {
        r->line++;
        if (skipped(r, s)) continue;
        PL_CHECK(split(r, s, err));
        *more = true;
        return PL_OK;
    }
    return PL_OK;
}

bool pl_i_rows_is(const pl_i_rows_t *r, size_t i, const char *s)
{
    return i < r->n && r->flen[i] == strlen(s) && strncmp(r->start[i], s, r->flen[i]) == 0;
}

size_t pl_i_rows_find(const pl_i_rows_t *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (pl_i_rows_is(r, i, name)) return i;
    return PL_UNSET;
}

bool pl_i_rows_number(const pl_i_rows_t *r, size_t i, double *out)
{
    const char *s = r->start[i];
    size_t len = r->flen[i];
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (len == 0 || len > 63) return false;
    char buf[64];
    memcpy(buf, s, len);
    buf[len] = 0;
    /* decimal only: strtod alone would also take "0x10", "0x1p3", "inf" and "nan" */
    const char *q = buf;
    if (*q == '+' || *q == '-') q++;
    size_t digits = 0;
    while (*q >= '0' && *q <= '9') q++, digits++;
    if (*q == '.') {
        q++;
        while (*q >= '0' && *q <= '9') q++, digits++;
    }
    if (digits == 0) return false;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) return false;
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q != 0) return false;
    char *end;
    double v = strtod(buf, &end);
    if (*end != 0 || !isfinite(v)) return false;
    *out = v;
    return true;
}

char *pl_i_rows_dup(const pl_i_rows_t *r, size_t i)
{
    char *p = pl_malloc(r->flen[i] + 1);
    if (!p) return NULL;
    memcpy(p, r->start[i], r->flen[i]);
    p[r->flen[i]] = 0;
    return p;
}
