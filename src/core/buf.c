/*
 * buf.c: the growable text buffer behind the scenario writer and the JSON Lines trace, with
 * the JSON string escaper. Failures are sticky (the oom flag) so that renderers append freely
 * and check once.
 */
#include "core_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* make room for len more bytes and the NUL; false (and oom set) when that fails */
static bool reserve(pl_i_buf_t *b, size_t len)
{
    if (b->oom) return false;
    if (b->n + len + 1 <= b->cap) return true;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->n + len + 1) nc *= 2;
    char *q = pl_realloc(b->p, nc);
    if (!q) {
        b->oom = true;
        return false;
    }
    b->p = q;
    b->cap = nc;
    return true;
}

void pl_i_buf_put(pl_i_buf_t *b, const char *s, size_t len)
{
    if (!reserve(b, len)) return;
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

void pl_i_buf_puts(pl_i_buf_t *b, const char *s) { pl_i_buf_put(b, s, strlen(s)); }

void pl_i_buf_vprintf(pl_i_buf_t *b, const char *fmt, va_list ap)
{
    /* the common short piece goes through a stack buffer; a longer one is formatted in place */
    char tmp[256];
    va_list ap2;
    va_copy(ap2, ap);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (k >= 0 && (size_t)k < sizeof tmp) {
        pl_i_buf_put(b, tmp, (size_t)k);
    } else if (k >= 0 && reserve(b, (size_t)k)) {
        vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap2);
        b->n += (size_t)k;
    }
    va_end(ap2);
}

void pl_i_buf_printf(pl_i_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pl_i_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void pl_i_buf_json_str(pl_i_buf_t *b, const char *s)
{
    pl_i_buf_put(b, "\"", 1);
    const unsigned char *run = (const unsigned char *)s;
    /* copy runs of plain bytes at once; escape '"', '\\' and control bytes */
    for (const unsigned char *c = run; c && *c; c++) {
        if (*c != '"' && *c != '\\' && *c >= 0x20) continue;
        pl_i_buf_put(b, (const char *)run, (size_t)(c - run));
        if (*c < 0x20) {
            pl_i_buf_printf(b, "\\u%04x", *c);
        } else {
            char e[2] = {'\\', (char)*c};
            pl_i_buf_put(b, e, 2);
        }
        run = c + 1;
    }
    if (run) pl_i_buf_put(b, (const char *)run, strlen((const char *)run));
    pl_i_buf_put(b, "\"", 1);
}
