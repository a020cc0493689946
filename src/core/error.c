/*
 * error.c: the pl_error_t record (a list of positioned diagnostics), status
 * names, version, and the allocation wrappers with their failure hook for tests.
 */
#include "core_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_error_init(pl_error_t *err)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
}

void pl_error_clear(pl_error_t *err)
{
    if (!err) return;
    for (size_t i = 0; i < err->ndiags; i++) {
        free(err->diags[i].file);
        free(err->diags[i].message);
    }
    free(err->diags);
    memset(err, 0, sizeof *err);
}

void pl_error_destroy(pl_error_t *err) { pl_error_clear(err); }

static char *dup_plain(const char *s)
{
    /* plain malloc: error reporting must keep working when the failure hook is on */
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

pl_status pl_error_vat(pl_error_t *err, pl_status code, const char *file, int line, int col,
                       const char *fmt, va_list ap)
{
    if (!err) return code;
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    if (err->ndiags == err->cap) {
        size_t ncap = err->cap ? err->cap * 2 : 8;
        pl_diag_t *nd = realloc(err->diags, ncap * sizeof *nd);
        if (nd) {
            err->diags = nd;
            err->cap = ncap;
        }
    }
    if (err->ndiags < err->cap) {
        pl_diag_t *d = &err->diags[err->ndiags++];
        d->file = dup_plain(file);
        d->line = line;
        d->col = col;
        d->message = dup_plain(text);
    }
    if (err->ndiags <= 1 || err->code == PL_OK) {
        err->code = code;
        if (err->ndiags >= 1)
            pl_error_format(err, err->ndiags - 1, err->message, sizeof err->message);
        else
            snprintf(err->message, sizeof err->message, "%s", text);
    }
    return code;
}

pl_status pl_error_at(pl_error_t *err, pl_status code, const char *file, int line, int col,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pl_status s = pl_error_vat(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return s;
}

pl_status pl_error_set(pl_error_t *err, pl_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pl_status s = pl_error_vat(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return s;
}

const char *pl_error_format(const pl_error_t *err, size_t i, char *buf, size_t size)
{
    if (!buf || size == 0) return buf;
    buf[0] = '\0';
    if (!err || i >= err->ndiags) return buf;
    const pl_diag_t *d = &err->diags[i];
    const char *msg = d->message ? d->message : "";
    if (d->file && d->file[0] && d->line > 0 && d->col > 0)
        snprintf(buf, size, "%s:%d:%d: %s", d->file, d->line, d->col, msg);
    else if (d->file && d->file[0] && d->line > 0)
        snprintf(buf, size, "%s:%d: %s", d->file, d->line, msg);
    else if (d->file && d->file[0])
        snprintf(buf, size, "%s: %s", d->file, msg);
    else
        snprintf(buf, size, "%s", msg);
    return buf;
}

const char *pl_strerror(pl_status code)
{
    switch (code) {
    case PL_OK: return "success";
    case PL_CONTINUE: return "not finished (not an error)";
    case PL_EINVAL: return "invalid input";
    case PL_ENOMEM: return "out of memory";
    case PL_EIO: return "input/output error";
    case PL_EPARSE: return "malformed input";
    case PL_ENOTFOUND: return "not found";
    case PL_ETOOBIG: return "problem too large for the exact method";
    case PL_EUNSUPPORTED: return "not supported";
    case PL_EINTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *pl_version(void) { return PL_VERSION_STRING; }

/* ---- allocation with a failure hook for tests (pl_i_alloc_fail_after in core_internal.h) ----
 * Both counters are atomics, and the count is only touched while the hook is armed: an unarmed
 * library (every program but the out-of-memory tests) pays one relaxed load per allocation and
 * writes no shared state, so parallel sessions and frontiers do not race on it. */
static atomic_size_t alloc_count;
static atomic_size_t alloc_fail_at;

static bool alloc_should_fail(void)
{
    size_t at = atomic_load_explicit(&alloc_fail_at, memory_order_relaxed);
    if (at == 0) return false;
    return atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1 >= at;
}

size_t pl_i_alloc_fail_after(size_t n)
{
    size_t made = atomic_exchange_explicit(&alloc_count, 0, memory_order_relaxed);
    atomic_store_explicit(&alloc_fail_at, n, memory_order_relaxed);
    return made;
}

void *pl_malloc(size_t n)
{
    if (alloc_should_fail()) return NULL;
    return malloc(n ? n : 1);
}

void *pl_calloc(size_t n, size_t size)
{
    if (alloc_should_fail()) return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *pl_realloc(void *p, size_t n)
{
    if (alloc_should_fail()) return NULL;
    return realloc(p, n ? n : 1);
}

void pl_free(void *p) { free(p); }

char *pl_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = pl_malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}
