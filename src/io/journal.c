/*
 * journal.c: an append-only line journal (the tournament's record of finished sessions). The
 * file I/O of resumable runs lives here, in io, so that the engines never open files: a run
 * reads back the lines a killed run left, cuts a torn last line, and appends one line per unit
 * of work, flushed as it is written.
 */
#include "io_internal.h"

#include <parley/pl_io.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pl_io_journal {
    FILE *f;
    char *path;
};

pl_status pl_io_journal_open(const char *path, const char *header,
                             bool (*on_line)(char *line, void *ctx), void *ctx,
                             pl_io_journal_t **out, pl_error_t *err)
{
    *out = NULL;
    FILE *in = fopen(path, "r");
    long good = 0;
    if (in) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len = getline(&line, &cap, in);
        if (len <= 0 || strcmp(line, header) != 0) {
            free(line);
            fclose(in);
            return pl_error_set(err, PL_EINVAL, "%s: a journal of another design: remove it or "
                                "choose another output", path);
        }
        good = (long)len;
        while ((len = getline(&line, &cap, in)) > 0) {
            if (line[len - 1] != '\n') break; /* torn: the run was killed while writing it */
            line[len - 1] = '\0';
            if (!on_line(line, ctx)) break;
            good += (long)len;
        }
        free(line);
        fclose(in);
        if (truncate(path, good) != 0)
            return pl_error_set(err, PL_EIO, "%s: cannot cut the torn last line: %s", path,
                                pl_i_io_reason(errno, (char[128]){0}, 128));
    }
    pl_io_journal_t *j = pl_calloc(1, sizeof *j);
    if (j) j->path = pl_strdup(path);
    if (!j || !j->path) {
        if (j) pl_free(j);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    j->f = fopen(path, "a");
    if (!j->f) {
        pl_status s = pl_error_set(err, PL_EIO, "%s: cannot open: %s", path, pl_i_io_reason(errno, (char[128]){0}, 128));
        pl_free(j->path);
        pl_free(j);
        return s;
    }
    if (!in && (fputs(header, j->f) == EOF || fflush(j->f) != 0)) {
        pl_io_journal_close(j);
        return pl_error_set(err, PL_EIO, "%s: cannot write", path);
    }
    *out = j;
    return PL_OK;
}

bool pl_io_journal_append(pl_io_journal_t *j, const char *line)
{
    return fputs(line, j->f) != EOF && fflush(j->f) == 0;
}

void pl_io_journal_close(pl_io_journal_t *j)
{
    if (!j) return;
    if (j->f) fclose(j->f);
    pl_free(j->path);
    pl_free(j);
}
