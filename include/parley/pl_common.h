/*
 * pl_common.h: status codes, the error record and small shared helpers.
 * Every fallible libparley call returns a pl_status and, where the caller
 * wants the reason, fills a caller-owned pl_error_t (message + position).
 */
#ifndef PL_COMMON_H
#define PL_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(PL_STATIC_ONLY)
#define PL_API __attribute__((visibility("default")))
#else
#define PL_API
#endif

#if defined(__GNUC__)
#define PL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PL_PRINTF(f, a)
#endif

#define PL_VERSION_STRING "0.1.0"

/**
 * The one tolerance of utility comparisons (acceptance, rationality, dominance, ties, quotas):
 * a >= b is tested as a >= b - PL_TOL. Utilities live on [0, 1]-sized scales, so an absolute
 * 1e-12 absorbs the rounding of sums of a few hundred terms and nothing a user could write.
 */
#define PL_TOL 1e-12

/** Status codes; PL_OK is 0, every failure is positive. PL_CONTINUE is neither: not an error
 *  and not OK (a step function's "call me again"), so `st > PL_OK` tests for a failure. */
typedef enum pl_status {
    PL_OK = 0,          /* success */
    PL_CONTINUE = -1,   /* not an error, not OK: an iteration has not finished (step functions) */
    PL_EINVAL = 2,      /* invalid argument or invalid input value (failures keep their numbers) */
    PL_ENOMEM,          /* out of memory */
    PL_EIO,             /* a file could not be read or written */
    PL_EPARSE,          /* input text is malformed (syntax or schema) */
    PL_ENOTFOUND,       /* a named thing (actor, issue, variant, model) does not exist */
    PL_ETOOBIG,         /* the problem is too large for the exact method asked for */
    PL_EUNSUPPORTED,    /* valid input that this version cannot handle */
    PL_EINTERNAL        /* a broken invariant: a bug in libparley */
} pl_status;

/** One diagnostic: a message and where it applies (file may be empty, line/col 0). */
typedef struct pl_diag {
    char *file;
    int line;
    int col;
    char *message;
} pl_diag_t;

/**
 * The error record a caller passes to fallible calls. Loaders append one
 * diagnostic per problem found (they report all of them, not only the first);
 * `code` and `message` describe the first. Initialise with pl_error_init,
 * release with pl_error_destroy (safe on an initialised record).
 */
typedef struct pl_error {
    pl_status code;
    char message[1024];  /* first diagnostic, formatted "FILE:LINE:COL: text" when positioned */
    pl_diag_t *diags;
    size_t ndiags;
    size_t cap;
} pl_error_t;

PL_API void pl_error_init(pl_error_t *err);
PL_API void pl_error_destroy(pl_error_t *err);
/** Forget all diagnostics, keep the record usable. */
PL_API void pl_error_clear(pl_error_t *err);

/**
 * Append a diagnostic and return `code` (so callers can `return pl_error_at(...)`).
 * `err` may be NULL (then only the code is returned). `file` may be NULL; line/col 0 = unknown.
 */
PL_API pl_status pl_error_at(pl_error_t *err, pl_status code, const char *file, int line,
                             int col, const char *fmt, ...) PL_PRINTF(6, 7);
PL_API pl_status pl_error_vat(pl_error_t *err, pl_status code, const char *file, int line,
                              int col, const char *fmt, va_list ap) PL_PRINTF(6, 0);
/** Same without a position. */
PL_API pl_status pl_error_set(pl_error_t *err, pl_status code, const char *fmt, ...)
    PL_PRINTF(3, 4);

/**
 * Format diagnostic i as "FILE:LINE:COL: message" (parts omitted when unknown)
 * into buf (always NUL-terminated). Returns buf.
 */
PL_API const char *pl_error_format(const pl_error_t *err, size_t i, char *buf, size_t size);

/** A short lowercase description of a status code. */
PL_API const char *pl_strerror(pl_status code);

/** The library version, e.g. "0.1.0". */
PL_API const char *pl_version(void);

/** Pass a failing (positive) status up: `PL_CHECK(pl_x(...));` (no cleanup; use goto for that).
 *  PL_OK and PL_CONTINUE go on, so a step's "not finished yet" is not mistaken for a failure. */
#define PL_CHECK(expr)                                                                             \
    do {                                                                                           \
        pl_status pl_check_s_ = (expr);                                                            \
        if (pl_check_s_ > PL_OK) return pl_check_s_;                                                 \
    } while (0)

/* ---- small allocation helpers that never return NULL silently: they return NULL and the
 * caller reports PL_ENOMEM. They exist so that a debug build can count and fail allocations. */
PL_API void *pl_malloc(size_t n);
PL_API void *pl_calloc(size_t n, size_t size);
PL_API void *pl_realloc(void *p, size_t n);
PL_API void pl_free(void *p);
PL_API char *pl_strdup(const char *s);

/**
 * Progress of long work (analysis enumeration, forecasts, explore): `done` of `total` units so
 * far. Always called from the thread that called the library, now and then (not per unit), and
 * once with done == total when the work completes; never from a worker thread. May be NULL.
 */
typedef void (*pl_progress_fn)(uint64_t done, uint64_t total, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
