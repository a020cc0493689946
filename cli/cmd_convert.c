/*
 * cmd_convert.c: `parley convert` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_convert(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley convert' is not built yet");
}
