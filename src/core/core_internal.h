/*
 * core_internal.h: helpers shared by the library's modules but not part of the public API:
 * a sort that passes a context to its comparator (no file-scope state, so safe in threads),
 * one growable text buffer with a JSON string escaper, and the allocation-failure hook for tests.
 */
#ifndef PL_CORE_INTERNAL_H
#define PL_CORE_INTERNAL_H

#include <parley/pl_common.h>

/** Comparator with a caller context: negative, zero or positive as a sorts before, with, after b. */
typedef int (*pl_i_cmp_fn)(const void *a, const void *b, void *ctx);

/**
 * Sort base[0..n) of `size`-byte elements by cmp, which receives ctx as its third argument.
 * Insertion sort up to 40 elements (stable there), introsort above (not stable: give cmp a
 * total order when the order of equal elements matters). O(n log n) worst case, no allocation,
 * no shared state: threads may sort concurrently.
 */
void pl_i_sort(void *base, size_t n, size_t size, pl_i_cmp_fn cmp, void *ctx);

/**
 * A growable NUL-terminated text buffer. Zero-initialise it ({0}); the first failed allocation
 * sets `oom` and makes every later append a no-op, so callers check once at the end. `p` is
 * pl_malloc'ed (release with pl_free, or hand it to the caller); it stays NULL until something
 * (even "") is appended.
 */
typedef struct pl_i_buf {
    char *p;
    size_t n, cap;  /* text length (without the NUL), allocated bytes */
    bool oom;
} pl_i_buf_t;

/** Append len bytes of s (amortised O(len)). */
void pl_i_buf_put(pl_i_buf_t *b, const char *s, size_t len);
/** Append the NUL-terminated s. */
void pl_i_buf_puts(pl_i_buf_t *b, const char *s);
/** Append printf-formatted text (any length). */
void pl_i_buf_printf(pl_i_buf_t *b, const char *fmt, ...) PL_PRINTF(2, 3);
void pl_i_buf_vprintf(pl_i_buf_t *b, const char *fmt, va_list ap) PL_PRINTF(2, 0);
/** Append s as a JSON string: quoted, '"' and '\\' escaped, control bytes as \u00XX (NULL = ""). */
void pl_i_buf_json_str(pl_i_buf_t *b, const char *s);

/**
 * A string -> index hash map for name lookups (O(1) expected per operation). Zero-initialise
 * it ({0}); keys are borrowed (not copied) and must outlive the map; release with
 * pl_i_strmap_free.
 */
typedef struct pl_i_strmap {
    size_t n, cap;      /* keys stored, slots (a power of two) */
    const char **key;   /* NULL: empty slot */
    size_t *val;
} pl_i_strmap_t;

/** The index stored for `key`, or SIZE_MAX (PL_UNSET) when absent. */
size_t pl_i_strmap_get(const pl_i_strmap_t *m, const char *key);
/** Store `val` for `key` (replacing an earlier one); false when out of memory. */
bool pl_i_strmap_put(pl_i_strmap_t *m, const char *key, size_t val);
void pl_i_strmap_free(pl_i_strmap_t *m);

/**
 * Testing hook for the out-of-memory paths: make allocation number n (counting from 1 after this
 * call, over all threads) and every later one made by pl_malloc/pl_calloc/pl_realloc/pl_strdup
 * fail; 0 disarms it. Returns the number of allocations counted while it was armed. The counter is
 * atomic and only touched while armed, so an unarmed library shares no written state between
 * threads. Internal: tests include this header; the symbol is not exported from the shared library.
 */
size_t pl_i_alloc_fail_after(size_t n);

#endif
