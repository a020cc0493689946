/*
 * fuzz_scenario.c: libFuzzer target for the scenario language loader. Feeds the bytes to
 * pl_scenario_load_yaml_string, then loads each variant the text defines, and writes every
 * scenario that loads back out with pl_scenario_to_yaml: that text must load again (a writer
 * whose output does not read back is a bug, reported by abort()).
 */
#include <parley/pl_io.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_and_reload(const pl_scenario_t *sc)
{
    char *text = NULL;
    size_t len = 0;
    if (pl_scenario_to_yaml(sc, &text, &len, NULL) != PL_OK) abort();
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *back = NULL;
    if (pl_scenario_load_yaml_string(text, len, "out.yaml", NULL, &back, &err) != PL_OK) {
        char buf[1200];
        fprintf(stderr, "written text does not load again:\n%s\n", text);
        for (size_t i = 0; i < err.ndiags; i++)
            fprintf(stderr, "%s\n", pl_error_format(&err, i, buf, sizeof buf));
        abort();
    }
    if (back->nissues != sc->nissues || back->nactors != sc->nactors ||
        back->nproposals != sc->nproposals)
        abort();
    pl_scenario_free(back);
    pl_error_destroy(&err);
    pl_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    if (pl_scenario_load_yaml_string((const char *)data, size, "fuzz.yaml", NULL, &sc, &err) == PL_OK) {
        write_and_reload(sc);
        for (size_t v = 0; v < sc->nvariants; v++) {
            pl_scenario_t *vs = NULL;
            pl_error_clear(&err);
            if (pl_scenario_load_yaml_string((const char *)data, size, "fuzz.yaml",
                                             sc->variants[v].name, &vs, &err) == PL_OK)
                write_and_reload(vs);
            pl_scenario_free(vs);
        }
    }
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return 0;
}
