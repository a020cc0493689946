/*
 * cmd_backtest.c: `parley backtest` (placeholder until its issue lands).
 */
#include "cli.h"

int cmd_backtest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'parley backtest' is not built yet");
}
