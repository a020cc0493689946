/*
 * readfile.c: the one whole-file reader every loader uses: refuses what is not a regular file
 * and what is over the size limit before reading a byte, and reports failures in one form,
 * "FILE: cannot open: reason". "-" is standard input (named "<stdin>" in messages), read
 * with the same size limit.
 */
#include "io_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

pl_status pl_i_io_oom(pl_error_t *err)
{
    return pl_error_set(err, PL_ENOMEM, "out of memory");
}

const char *pl_i_io_reason(int e, char *buf, size_t n)
{
    snprintf(buf, n, "%s", strerror(e));
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

static pl_status fail(pl_error_t *err, const char *path, const char *verb, int e)
{
    char why[256];
    return pl_error_at(err, PL_EIO, path, 0, 0, "cannot %s: %s", verb, pl_i_io_reason(e, why, sizeof why));
}

/* Read fd to its end into a new NUL-terminated buffer (cap: the first allocation), refusing
 * more than PL_I_IO_MAX_FILE bytes; `name` names the input in messages. Closes nothing. */
static pl_status read_all(int fd, const char *name, size_t cap, char **text, size_t *len,
                          pl_error_t *err)
{
    size_t n = 0;
    if (cap < 4096) cap = 4096;
    char *buf = pl_malloc(cap);
    if (!buf) return pl_i_io_oom(err);
    for (;;) {
        if (n + 1 == cap) {
            if (n > PL_I_IO_MAX_FILE) {
                pl_free(buf);
                return pl_error_at(err, PL_EIO, name, 0, 0,
                                   "cannot read: larger than the limit of 1 GiB");
            }
            /* grow to at most the limit and a byte: a stream of zeros stops there */
            size_t nc = cap * 2 > PL_I_IO_MAX_FILE + 2 ? PL_I_IO_MAX_FILE + 2 : cap * 2;
            char *nb = pl_realloc(buf, nc);
            if (!nb) {
                pl_free(buf);
                return pl_i_io_oom(err);
            }
            buf = nb;
            cap = nc;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            pl_free(buf);
            return fail(err, name, "read", e);
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return PL_OK;
}

/* Standard input is read once: a command that loads "-" twice (check, for each variant) gets
 * the same text again. Not thread-safe: load "-" from one thread at a time. */
static char *stdin_text;
static size_t stdin_len;
static bool stdin_read;

static pl_status read_stdin(char **text, size_t *len, pl_error_t *err)
{
    if (!stdin_read) {
        struct stat st;
        if (fstat(STDIN_FILENO, &st) != 0) return fail(err, PL_I_IO_STDIN, "open", errno);
        /* a pipe, a FIFO, a socket, a terminal or a redirected file: not a directory, nor a
         * device such as /dev/zero that never ends */
        if (S_ISDIR(st.st_mode)) return fail(err, PL_I_IO_STDIN, "open", EISDIR);
        if (S_ISCHR(st.st_mode) && !isatty(STDIN_FILENO))
            return pl_error_at(err, PL_EIO, PL_I_IO_STDIN, 0, 0,
                               "cannot open: not a regular file, pipe or terminal (a device)");
        if (S_ISREG(st.st_mode) && st.st_size > (off_t)PL_I_IO_MAX_FILE)
            return pl_error_at(err, PL_EIO, PL_I_IO_STDIN, 0, 0,
                               "cannot open: larger than the limit of 1 GiB (%lld bytes)",
                               (long long)st.st_size);
        size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
        PL_CHECK(read_all(STDIN_FILENO, PL_I_IO_STDIN, cap, &stdin_text, &stdin_len, err));
        stdin_read = true;
    }
    *text = pl_malloc(stdin_len + 1);
    if (!*text) return pl_i_io_oom(err);
    memcpy(*text, stdin_text, stdin_len + 1);
    *len = stdin_len;
    return PL_OK;
}

pl_status pl_i_io_read_file(const char *path, char **text, size_t *len, pl_error_t *err)
{
    *text = NULL;
    *len = 0;
    if (!path) return pl_error_set(err, PL_EINVAL, "no file name given");
    if (strcmp(path, "-") == 0) return read_stdin(text, len, err);
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; the fstat
     * below refuses it. On a regular file the flag changes nothing. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return fail(err, path, "open", errno);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(err, path, "open", e);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (S_ISDIR(st.st_mode)) return fail(err, path, "open", EISDIR);
        return pl_error_at(err, PL_EIO, path, 0, 0, "cannot open: not a regular file (%s)",
                           S_ISFIFO(st.st_mode)   ? "a fifo"
                           : S_ISSOCK(st.st_mode) ? "a socket"
                                                  : "a device");
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > PL_I_IO_MAX_FILE) {
        close(fd);
        return pl_error_at(err, PL_EIO, path, 0, 0,
                           "cannot open: larger than the limit of 1 GiB (%lld bytes)",
                           (long long)st.st_size);
    }
    /* the size is a hint: a file may grow while it is read, and some (in /proc) say 0 */
    pl_status s = read_all(fd, path, (size_t)st.st_size + 1, text, len, err);
    close(fd);
    return s;
}
