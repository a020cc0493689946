/*
 * cmd_analyze.c: `parley analyze` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_analyze(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley analyze' is not built yet");
}
