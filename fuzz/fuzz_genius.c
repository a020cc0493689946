/*
 * fuzz_genius.c: libFuzzer target for the GENIUS XML loader. The input is a profile loaded
 * against a small fixed domain; when it contains the line "@@@@" the part before it is the
 * domain instead. Everything is freed (leaks are reported by the fuzzer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>

#include "io/genius_internal.h"

static const char DOMAIN[] =
    "<negotiation_template><utility_space><objective index=\"0\" name=\"root\">\n"
    "<issue index=\"1\" name=\"colour\" type=\"discrete\">\n"
    "<item index=\"1\" value=\"red\"/><item index=\"2\" value=\"green\"/>"
    "<item index=\"3\" value=\"blue\"/></issue>\n"
    "<issue index=\"2\" name=\"price\" type=\"integer\" lowerbound=\"0\" upperbound=\"9\"/>\n"
    "</objective></utility_space></negotiation_template>\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *dom = DOMAIN, *prof = text;
    size_t dlen = sizeof DOMAIN - 1, plen = size;
    const char *mark = NULL;
    for (size_t k = 0; k + 5 <= size && !mark; k++)
        if (memcmp(text + k, "@@@@\n", 5) == 0) mark = text + k;
    if (mark) {
        dom = text;
        dlen = (size_t)(mark - text);
        prof = mark + 5;
        plen = size - dlen - 5;
    }
    const char *names[] = {"fuzz/profile.xml", "fuzz/other.xml"};
    const char *bufs[] = {prof, prof};
    size_t lens[] = {plen, plen};
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_i_genius_load_buffers(NULL, "fuzz/domain.xml", dom, dlen, names, bufs, lens,
                                           2, &sc, &err);
    if (s == PL_OK) {
        /* a loaded scenario must compile and evaluate */
        pl_model_t *m = NULL;
        if (pl_model_compile(sc, &m, &err) == PL_OK) {
            size_t *o = calloc(sc->nissues ? sc->nissues : 1, sizeof(size_t));
            for (size_t a = 0; o && a < sc->nactors; a++) {
                double u = pl_model_utility(m, a, o);
                (void)u;
            }
            free(o);
            pl_model_free(m);
        }
        pl_scenario_free(sc);
    }
    pl_error_destroy(&err);
    return 0;
}
