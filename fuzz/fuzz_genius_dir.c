/*
 * fuzz_genius_dir.c: libFuzzer target for the GENIUS folder scan (pl_genius_load_dir): the
 * input's parts (split at lines "@@@@") become the folder's files: a domain, then profiles
 * (names chosen so that the scan has to tell them apart). Everything is freed.
 */
#include <stdint.h>

#include <parley/parley.h>

#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"x_domain.xml", "x_party1.xml", "x_party2.xml",
                                        "x_party3.xml", "notes.txt"};
    char dir[128];
    snprintf(dir, sizeof dir, "%s/g", fuzz_dir());
    mkdir(dir, 0700);
    for (size_t k = 0; k < 5; k++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, names[k]);
        unlink(p);
    }
    const char *part[5];
    size_t len[5];
    size_t n = fuzz_split((const char *)data, size, part, len, 5);
    for (size_t k = 0; k < n; k++) {
        char name[64];
        snprintf(name, sizeof name, "g/%s", names[k]);
        fuzz_write(0, name, part[k], len[k]);
    }
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    if (pl_genius_load_dir(dir, &sc, &err) == PL_OK) {
        pl_model_t *m = NULL;
        if (pl_model_compile(sc, &m, &err) == PL_OK) pl_model_free(m);
        pl_scenario_free(sc);
    }
    pl_error_destroy(&err);
    return 0;
}
