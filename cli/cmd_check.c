/*
 * cmd_check.c: `parley check` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley check' is not built yet");
}
