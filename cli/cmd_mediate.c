/*
 * cmd_mediate.c: `parley mediate` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_mediate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley mediate' is not built yet");
}
