/*
 * fuzz_cli.c: libFuzzer target for the command line of every command: the input is split at
 * newlines into arguments, the first picks the command (cmd_<name>). It runs in its own empty
 * folder and skips arguments naming other folders, so that an output option writes nothing
 * outside it; standard output goes to /dev/null.
 */
#include <stdint.h>

#include "../cli/cli.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int (*const cmds[])(int, char **) = {cmd_analyze, cmd_backtest, cmd_check, cmd_convert,
                                             cmd_fit,     cmd_forecast, cmd_mediate, cmd_simulate};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        if (chdir(fuzz_dir()) != 0) return 0;
        /* stdout only: libFuzzer reports (and crashes) on stderr */
        if (!freopen("/dev/null", "w", stdout)) return 0;
        ready = 1;
    }
    if (size == 0 || size > 4096) return 0;
    char *text = malloc(size + 1);
    char *argv[64];
    int argc = 0;
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    size_t which = (unsigned char)text[0] % (sizeof cmds / sizeof cmds[0]);
    argv[argc++] = "parley-command";
    for (char *p = text + 1, *e; p && argc < 63; p = e ? e + 1 : NULL) {
        e = strchr(p, '\n');
        if (e) *e = 0;
        if (strchr(p, '/') || strstr(p, "..")) goto done; /* stay in the fuzz folder */
        argv[argc++] = p;
    }
    argv[argc] = NULL;
    cmds[which](argc, argv);
done:
    free(text);
    return 0;
}
