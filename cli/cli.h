/*
 * cli.h: what the parley subcommands share: the command signatures, usage and
 * error reporting (git's habits: errors to stderr, exit 0/1/2), and an aligned table.
 */
#ifndef PL_CLI_H
#define PL_CLI_H

#include <parley/parley.h>
#include <stdio.h>

/* exit codes */
#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

int cmd_analyze(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_mediate(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

/** Print a usage array (NULL-terminated lines) to `f`. */
void cli_print_usage(FILE *f, const char *const *usage);
/** "error: <msg>" then the usage to stderr; returns CLI_USAGE (2). */
int cli_usage_error(const char *const *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** "error: <msg>" to stderr; returns CLI_FAIL (1). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Print every diagnostic of err to stderr, one per line; returns CLI_FAIL. */
int cli_report(const pl_error_t *err);
/** True when argv[i] is -h or --help. */
int cli_is_help(const char *arg);
/**
 * Match a long option that takes a value: "--name VALUE" or "--name=VALUE".
 * Returns 1 and sets *value (advancing *i) on a match, 0 when arg is another option,
 * -1 when the value is missing (caller reports a usage error).
 */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value);

/* ---- aligned tables: add rows of strings, then print with columns padded. ---- */
typedef struct cli_table {
    size_t ncols;
    size_t nrows;
    size_t cap;
    char **cells;       /* nrows * ncols */
    int *right;         /* per column: right-align (numbers) */
} cli_table_t;

void cli_table_init(cli_table_t *t, size_t ncols);
void cli_table_destroy(cli_table_t *t);
/** Right-align column c (for numbers). */
void cli_table_align_right(cli_table_t *t, size_t c);
/** Append a row; the cells are copied. NULL cells print as "". */
void cli_table_add(cli_table_t *t, const char *const *cells);
/** Append a row from printf-style cells separated by '\t' in one format. */
void cli_table_addf(cli_table_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Print with `indent` leading spaces, two spaces between columns; first row underlined
 *  when `header` is non-zero. */
void cli_table_print(const cli_table_t *t, FILE *f, int indent, int header);

#endif
