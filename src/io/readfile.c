/*
 * readfile.c: the one whole-file reader every loader uses: refuses what is not a regular file
 * and what is over the size limit before reading a byte, and reports failures in one form,
 * "FILE: cannot open: reason".
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

/* strerror's text with a lowercase first letter (messages are lowercase); "ENOENT" style
 * acronyms are left alone */
static const char *reason(int e, char *buf, size_t n)
{
    snprintf(buf, n, "%s", strerror(e));
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

static pl_status fail(pl_error_t *err, const char *path, const char *verb, int e)
{
    char why[256];
    return pl_error_at(err, PL_EIO, path, 0, 0, "cannot %s: %s", verb, reason(e, why, sizeof why));
}

pl_status pl_i_io_read_file(const char *path, char **text, size_t *len, pl_error_t *err)
{
    *text = NULL;
    *len = 0;
    if (!path) return pl_error_set(err, PL_EINVAL, "no file name given");
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
    size_t cap = (size_t)st.st_size + 1, n = 0;
    if (cap < 4096) cap = 4096;
    char *buf = pl_malloc(cap);
    if (!buf) {
        close(fd);
        return pl_i_io_oom(err);
    }
    for (;;) {
        if (n + 1 == cap) {
            if (n > PL_I_IO_MAX_FILE) {
                pl_free(buf);
                close(fd);
                return pl_error_at(err, PL_EIO, path, 0, 0,
                                   "cannot read: larger than the limit of 1 GiB");
            }
            char *nb = pl_realloc(buf, cap * 2);
            if (!nb) {
                pl_free(buf);
                close(fd);
                return pl_i_io_oom(err);
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            pl_free(buf);
            close(fd);
            return fail(err, path, "read", e);
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return PL_OK;
}
