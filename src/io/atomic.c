/*
 * atomic.c: write a whole file or nothing: a temporary file beside the target (same directory,
 * so rename is atomic), fsync, then rename over the target. Only regular files are replaced;
 * an existing file keeps its mode, a new one gets the umask's; stale temporaries of a killed
 * writer are removed on the next write to the same target. A file can be written whole
 * (pl_file_write_atomic) or streamed (pl_file_out_open / write / commit).
 */
#include "io_internal.h"

#include <parley/pl_io.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* temporaries are named TARGET.parley-tmp.PID.N, recognisable beside the target */
#define TMP_TAG ".parley-tmp."

/* Remove TARGET.parley-tmp.PID.N files in dir whose PID is no longer running: left by a writer
 * that was killed between creating and renaming its temporary. Best effort: errors are
 * ignored (the write itself does not depend on it). */
static void remove_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d) return;
    size_t bl = strlen(base), tl = strlen(TMP_TAG);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *nm = e->d_name;
        if (strncmp(nm, base, bl) != 0 || strncmp(nm + bl, TMP_TAG, tl) != 0) continue;
        char *end;
        long pid = strtol(nm + bl + tl, &end, 10);
        if (end == nm + bl + tl || *end != '.' || pid <= 0) continue;
        if (pid == (long)getpid()) continue; /* ours: a concurrent write in this process */
        /* still running, or not ours to judge (EPERM: another user's live process) */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        size_t n = strlen(dir) + strlen(nm) + 2;
        char *p = pl_malloc(n);
        if (!p) break;
        snprintf(p, n, "%s/%s", dir, nm);
        unlink(p);
        pl_free(p);
    }
    closedir(d);
}

/* Is the target writable as a regular file? PL_OK when it is one or does not exist; *mode
 * is its permission bits, or -1 for a new file. */
static pl_status check_target(const char *path, int *mode, pl_error_t *err)
{
    struct stat st;
    *mode = -1;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) return PL_OK;
        return pl_error_at(err, PL_EIO, path, 0, 0, "cannot write output file: %s",
                           pl_i_io_reason(errno, (char[128]){0}, 128));
    }
    if (S_ISREG(st.st_mode)) {
        *mode = (int)(st.st_mode & 07777);
        return PL_OK;
    }
    /* a rename over a symlink or a device would replace it by a regular file */
    return pl_error_at(err, PL_EIO, path, 0, 0,
                       "cannot write output file: not a regular file (%s); parley replaces "
                       "only regular files",
                       S_ISLNK(st.st_mode)    ? "a symbolic link"
                       : S_ISDIR(st.st_mode)  ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a fifo"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a device");
}

/* An output file being written: the temporary, its descriptor, a write buffer. */
struct pl_file_out {
    char *path, *tmp;
    int fd;
    int mode;       /* the target's permission bits to keep, or -1 for a new file */
    int err;        /* errno of the first failed write (0: none) */
    size_t n;       /* bytes in buf */
    char buf[65536];
};

pl_status pl_file_out_open(const char *path, pl_file_out_t **out, pl_error_t *err)
{
    *out = NULL;
    if (!path || !*path) return pl_error_set(err, PL_EINVAL, "no output path given");
    int mode;
    PL_CHECK(check_target(path, &mode, err));
    size_t plen = strlen(path), n = plen + sizeof TMP_TAG + 48;
    pl_file_out_t *f = pl_calloc(1, sizeof *f);
    char *dir = pl_malloc(plen + 2);
    if (f) {
        f->tmp = pl_malloc(n);
        f->path = pl_strdup(path);
    }
    if (!f || !f->tmp || !f->path || !dir) {
        if (f) {
            pl_free(f->tmp);
            pl_free(f->path);
        }
        pl_free(f);
        pl_free(dir);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t dl = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, dl);
        dir[dl] = 0;
    } else {
        strcpy(dir, ".");
    }
    remove_stale(dir, slash ? slash + 1 : path);
    pl_free(dir);
    /* O_EXCL with 0666: the umask applies to a new file, as for any other program's output */
    int fd = -1;
    for (unsigned k = 0; k < 100 && fd < 0; k++) {
        snprintf(f->tmp, n, "%s" TMP_TAG "%ld.%u", path, (long)getpid(), k);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        pl_status s = pl_error_at(err, PL_EIO, path, 0, 0, "cannot create output file: %s",
                                  pl_i_io_reason(errno, (char[128]){0}, 128));
        pl_free(f->tmp);
        pl_free(f->path);
        pl_free(f);
        return s;
    }
    f->fd = fd;
    if (mode >= 0 && fchmod(fd, (mode_t)mode) != 0) f->err = errno;
    *out = f;
    return PL_OK;
}

/* Write the buffer out; the first failure is kept in f->err (later writes do nothing). */
static void flush_buf(pl_file_out_t *f, const char *data, size_t len)
{
    size_t off = 0;
    while (!f->err && off < len) {
        ssize_t w = write(f->fd, data + off, len - off);
        if (w < 0) {
            if (errno != EINTR) f->err = errno;
            continue;
        }
        off += (size_t)w;
    }
}

void pl_file_out_write(pl_file_out_t *f, const char *data, size_t len)
{
    if (!f || f->err) return;
    if (f->n + len > sizeof f->buf) {
        flush_buf(f, f->buf, f->n);
        f->n = 0;
    }
    if (len >= sizeof f->buf) {
        flush_buf(f, data, len);
        return;
    }
    memcpy(f->buf + f->n, data, len);
    f->n += len;
}

static void out_free(pl_file_out_t *f)
{
    pl_free(f->tmp);
    pl_free(f->path);
    pl_free(f);
}

void pl_file_out_abort(pl_file_out_t *f)
{
    if (!f) return;
    close(f->fd);
    unlink(f->tmp);
    out_free(f);
}

pl_status pl_file_out_commit(pl_file_out_t *f, pl_error_t *err)
{
    if (!f) return pl_error_set(err, PL_EINVAL, "no output file");
    flush_buf(f, f->buf, f->n);
    f->n = 0;
    int saved = f->err;
    if (!saved && fsync(f->fd) != 0) saved = errno;
    if (close(f->fd) != 0 && !saved) saved = errno;
    if (!saved && rename(f->tmp, f->path) != 0) saved = errno;
    pl_status st = PL_OK;
    if (saved) {
        unlink(f->tmp);
        st = pl_error_at(err, PL_EIO, f->path, 0, 0, "cannot write output file: %s",
                         pl_i_io_reason(saved, (char[128]){0}, 128));
    }
    out_free(f);
    return st;
}

pl_status pl_file_write_atomic(const char *path, const char *data, size_t len, pl_error_t *err)
{
    if (!path || !*path || (!data && len)) return pl_error_set(err, PL_EINVAL, "no output path given");
    pl_file_out_t *f;
    PL_CHECK(pl_file_out_open(path, &f, err));
    pl_file_out_write(f, data, len);
    return pl_file_out_commit(f, err);
}
