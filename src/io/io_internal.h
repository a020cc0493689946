/*
 * io_internal.h: what the readers in src/io share: the one whole-file reader (one size limit,
 * one message form "FILE: cannot open: reason") and the CSV/TSV row reader used by the KTAB,
 * BdM and DEU loaders (rows split into trimmed fields, each with its 1-based line and column).
 */
#ifndef PL_IO_INTERNAL_H
#define PL_IO_INTERNAL_H

#include <parley/pl_io.h>

/** Largest file any loader reads: 1 GiB (checked with fstat before a byte is read). */
#define PL_I_IO_MAX_FILE ((size_t)1 << 30)
/** The name standard input ("-") goes by in messages. */
#define PL_I_IO_STDIN "<stdin>"

/**
 * Read the whole of `path` into *text (NUL-terminated; free with pl_free), its length in *len.
 * Directories, FIFOs, sockets and devices are refused without reading (a FIFO would block,
 * /dev/zero never ends), as are files over PL_I_IO_MAX_FILE. Errors: PL_EIO "FILE: cannot open:
 * reason" (or "cannot read: reason" when reading fails after the open), PL_ENOMEM.
 * `path` "-" is standard input ("<stdin>" in messages): a pipe, terminal or redirected file,
 * read once per process (later calls get a copy of the same text), at most PL_I_IO_MAX_FILE.
 */
pl_status pl_i_io_read_file(const char *path, char **text, size_t *len, pl_error_t *err);

/** Record "out of memory" in err and return PL_ENOMEM. */
pl_status pl_i_io_oom(pl_error_t *err);

/**
 * A CSV/TSV file read row by row. Fields are split on `sep` (no quoting rules beyond a field
 * wholly in double quotes, whose quotes are dropped); blanks around fields are trimmed (tabs
 * too unless `sep` is a tab). start/flen/col describe the fields of the current row and point
 * into the file buffer, valid until the next row.
 */
typedef struct pl_i_rows {
    const char *path;     /* file name used in messages */
    char sep;
    bool skip_blank;      /* skip rows of only blanks and separators (else only empty lines) */
    bool drop_trailing;   /* drop trailing empty fields (KTAB writes "a,b," and "a,b, ") */
    int line;             /* 1-based line of the current row; after the end, the last line */
    size_t n;             /* fields in the current row */
    const char **start;
    size_t *flen;
    int *col;             /* 1-based column of each field */
    /* private */
    char *text;
    size_t len, pos, cap;
} pl_i_rows_t;

/** Read `path` (pl_i_io_read_file) and prepare to return its rows. Close even on failure. */
pl_status pl_i_rows_open(pl_i_rows_t *r, const char *path, char sep, bool skip_blank,
                         bool drop_trailing, pl_error_t *err);
/** Advance to the next row that is not skipped: *more is false at the end of the file. */
pl_status pl_i_rows_next(pl_i_rows_t *r, bool *more, pl_error_t *err);
void pl_i_rows_close(pl_i_rows_t *r);

/** Is field i exactly `s`? */
bool pl_i_rows_is(const pl_i_rows_t *r, size_t i, const char *s);
/** Index of the field exactly `name`, or PL_UNSET. */
size_t pl_i_rows_find(const pl_i_rows_t *r, const char *name);
/** Parse field i as a finite number; false when it is not one. */
bool pl_i_rows_number(const pl_i_rows_t *r, size_t i, double *out);
/** Field i as a new string (pl_free); NULL when out of memory. */
char *pl_i_rows_dup(const pl_i_rows_t *r, size_t i);

/* strerror(e) with a lowercase first letter (messages are lowercase; "ENOENT"-style acronyms
 * are left alone), written into buf; returns buf. */
const char *pl_i_io_reason(int e, char *buf, size_t n);

#endif
