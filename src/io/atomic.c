/*
 * atomic.c: write a whole file or nothing: a temporary file beside the target
 * (same directory, so rename is atomic), fsync, then rename over the target.
 */
#include <parley/pl_io.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

pl_status pl_file_write_atomic(const char *path, const char *data, size_t len, pl_error_t *err)
{
    if (!path || (!data && len)) return pl_error_set(err, PL_EINVAL, "no output path given");
    size_t n = strlen(path) + 16;
    char *tmp = pl_malloc(n);
    if (!tmp) return pl_error_set(err, PL_ENOMEM, "out of memory");
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pl_status s = pl_error_at(err, PL_EIO, path, 0, 0, "cannot create output file: %s",
                                  strerror(errno));
        pl_free(tmp);
        return s;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            break;
        }
        off += (size_t)w;
    }
    int ok = off == len && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0) ok = 0;
    if (ok && rename(tmp, path) != 0) {
        saved = errno;
        ok = 0;
    }
    if (!ok) {
        unlink(tmp);
        pl_free(tmp);
        return pl_error_at(err, PL_EIO, path, 0, 0, "cannot write output file: %s",
                           strerror(saved));
    }
    pl_free(tmp);
    return PL_OK;
}
