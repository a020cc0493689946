/*
 * fuzz_file.h: helpers for the fuzz targets whose readers take file names (KTAB, BdM, DEU,
 * GENIUS folders): the input is written to files in a per-process temporary folder, split into
 * parts at lines "@@@@".
 */
#ifndef PL_FUZZ_FILE_H
#define PL_FUZZ_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the per-process folder (created once; libFuzzer runs inputs one after another) */
static const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/parley-fuzz-%ld", (long)getpid());
        mkdir(dir, 0700);
    }
    return dir;
}

/* write len bytes to DIR/name; returns the path (static buffer per slot) */
static const char *fuzz_write(int slot, const char *name, const char *data, size_t len)
{
    static char path[8][256];
    snprintf(path[slot], sizeof path[slot], "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path[slot], "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
    return path[slot];
}

/* split data at "@@@@\n" lines into at most max parts; returns the count */
static size_t fuzz_split(const char *data, size_t size, const char **part, size_t *len, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t k = 0; k + 5 <= size && n + 1 < max; k++)
        if (memcmp(data + k, "@@@@\n", 5) == 0) {
            part[n] = data + start;
            len[n++] = k - start;
            start = k + 5;
            k += 4;
        }
    part[n] = data + start;
    len[n++] = size - start;
    return n;
}

#endif
