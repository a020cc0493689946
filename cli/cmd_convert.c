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
    "",
    "    -o, --output <file>   write here (atomically) instead of to stdout",
    "    --variant <name>      apply this variant of a scenario file first",
    "    -h, --help            show this help",
    NULL};

int cmd_convert(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *variant = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (cli_is_help(argv[i])) {
            cli_print_usage(stdout, convert_usage);
            return CLI_OK;
        }
        if ((r = cli_opt_value(argc, argv, &i, "-o", &v)) != 0 ||
            (r = cli_opt_value(argc, argv, &i, "--output", &v)) != 0) {
            if (r < 0) return cli_usage_error(convert_usage, "%s needs a file name", argv[i]);
            out = v;
        } else if ((r = cli_opt_value(argc, argv, &i, "--variant", &v)) != 0) {
            if (r < 0) return cli_usage_error(convert_usage, "--variant needs a name");
            variant = v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error(convert_usage, "unknown option '%s'", argv[i]);
        } else if (in) {
            return cli_usage_error(convert_usage, "more than one input given ('%s' and '%s')", in, argv[i]);
        } else {
            in = argv[i];
        }
    }
    if (!in) return cli_usage_error(convert_usage, "no input given");

    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = CLI_OK;
    if (pl_scenario_load(in, variant, &sc, &err) != PL_OK ||
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
