/*
 * cmd_forecast.c: `parley forecast` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_forecast(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley forecast' is not built yet");
}
