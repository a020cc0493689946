/*
 * format.c: input-format sniffing for `parley forecast`: scenario (YAML or a GENIUS folder),
 * KTAB CSV or Bueno de Mesquita CSV, told apart by the name and the first line.
 */
#include <parley/pl_io.h>

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

pl_io_format pl_io_detect_format(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n < 4 || strcmp(path + n - 4, ".csv") != 0) return PL_IO_FORMAT_SCENARIO;
    /* only a regular file is looked into (a FIFO would block): the loader reports the rest */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return PL_IO_FORMAT_KTAB;
    struct stat st;
    char head[20] = "";
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        size_t got = 0;
        ssize_t k;
        while (got < 19 && (k = read(fd, head + got, 19 - got)) > 0) got += (size_t)k;
        head[got] = 0;
    }
    close(fd);
    /* a byte-order mark is skipped here as the readers skip it */
    const char *h = memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? head + 3 : head;
    return strncmp(h, "actor,capability", 16) == 0 ? PL_IO_FORMAT_BDM : PL_IO_FORMAT_KTAB;
}

const char *pl_io_format_name(pl_io_format f)
{
    switch (f) {
    case PL_IO_FORMAT_KTAB: return "ktab";
    case PL_IO_FORMAT_BDM: return "bdm";
    case PL_IO_FORMAT_SCENARIO: break;
    }
    return "scenario";
}
