/*
 * fuzz_deu.c: libFuzzer target for the DEU III TSV reader (pl_io_load_deu): the input is the
 * actors file, a line "@@@@", then the issues file. Everything is freed.
 */
#include <stdint.h>

#include <parley/parley.h>

#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *part[2];
    size_t len[2];
    size_t n = fuzz_split((const char *)data, size, part, len, 2);
    const char *actors = fuzz_write(0, "actors.tsv", part[0], len[0]);
    const char *issues = fuzz_write(1, "issues.tsv", n > 1 ? part[1] : "", n > 1 ? len[1] : 0);
    pl_error_t err;
    pl_error_init(&err);
    pl_deu_t *d = NULL;
    if (pl_io_load_deu(issues, actors, &d, &err) == PL_OK) pl_deu_free(d);
    pl_error_destroy(&err);
    return 0;
}
