/*
 * cmd_simulate.c: `parley simulate` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_simulate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley simulate' is not built yet");
}
