/*
 * cmd_convert.c: `parley convert INPUT [-o OUT.yaml] [--variant V]`: load a GENIUS folder or a
 * scenario file and write it in the scenario language, atomically (no partial file on error),
 * or to stdout without -o.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const convert_usage[] = {
    "usage: parley convert <input> [-o <out.yaml>] [--variant <name>]",
    "",
    "Read a GENIUS folder (domain + profiles) or a scenario file and write it in the",
    "scenario language (docs/scenario-format.md).",
    NULL};

struct convert_args {
    const char *in, *out, *variant;
};
#define A struct convert_args
static const cli_option_t convert_options[] = {
    CLI_OPERAND(A, in, "<input>", NULL),
    CLI_STRING('o', "output", A, out, "<file>", "write here (atomically) instead of to stdout"),
    CLI_STRING(0, "variant", A, variant, "<name>", "apply this variant of a scenario file first"),
    CLI_END};
#undef A
static const cli_command_t convert_cmd = {convert_usage, convert_options, NULL};

int cmd_convert(int argc, char **argv)
{
    struct convert_args a = {0};
    int prc = cli_parse(&convert_cmd, argc, argv, &a);
    if (prc != CLI_CONTINUE) return prc;
    const char *in = a.in, *out = a.out, *variant = a.variant;

    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = CLI_OK;
    if (cli_scenario_load(in, variant, &sc, &err) != PL_OK ||
        pl_scenario_to_yaml(sc, &text, &len, &err) != PL_OK) {
        rc = cli_report(&err);
    } else if (out) {
        if (pl_file_write_atomic(out, text, len, &err) != PL_OK) rc = cli_report(&err);
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        rc = cli_error("cannot write to stdout");
    }
    pl_free(text);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}
