/*
 * cli.h: what the parley subcommands share: the command signatures, usage and
 * error reporting (git's habits: errors to stderr, exit 0/1/2), and an aligned table.
 */
#ifndef PL_CLI_H
#define PL_CLI_H

#include <parley/parley.h>
#include <stddef.h>
#include <stdio.h>

/* exit codes */
#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

int cmd_analyze(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_mediate(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_tournament(int argc, char **argv);

/** Write fitted parameters as params.json to `path` ("-" or NULL: stdout) through a temporary
 *  file renamed over it; CLI_OK or CLI_FAIL (reported). */
int cli_params_write(const char *path, const pl_forecast_params_t *p);
/** Read params.json into `p` (reset first); CLI_OK, or CLI_FAIL after reporting
 *  "FILE:LINE:COL: ..." (bad JSON) or "FILE: ..." (not a parameters file, unknown model, wrong
 *  count). */
int cli_params_read(const char *path, pl_forecast_params_t *p);

/* A simulation's events for render/'s dance plot (cmd_plot.c), shared with cmd_report.c. */
struct pl_render_dance;
typedef struct cli_dance cli_dance_t;
/** Run one session (protocol NULL: shuttle when mediators or an absent party, else sao; rounds
 *  <= 0: the default) into *out (free with cli_dance_free, also after a failure); CLI_OK, or
 *  CLI_FAIL/CLI_USAGE after reporting. */
int cli_dance_fresh(const pl_model_t *m, const char *protocol, uint64_t seed, long rounds,
                    cli_dance_t **out);
const struct pl_render_dance *cli_dance_get(const cli_dance_t *d);
void cli_dance_free(cli_dance_t *d);

/** `parley help terms`: the glossary (pl_render_term_at), wrapped to 100 columns; CLI_OK. */
int cli_help_terms(FILE *f);

/** One line "<indent>Term: <the first sentence of its meaning>" from the glossary of `parley
 *  help terms` (the one wording of every term); nothing when `term` is not in it. */
void cli_define(FILE *f, const char *indent, const char *term);
/** "Name's", or "Name'" when the name ends in s, into buf; returns buf. */
const char *cli_possessive(const char *name, char *buf, size_t size);
/* ---- uncertain values and --set (cli_uncertain.c) ---- */
/** Take every `--set PATH=VALUE` (and `--set=PATH=VALUE`) out of argv[1..argc) (up to "--"),
 *  keeping them for cli_scenario_load; CLI_OK, or CLI_USAGE after reporting. */
int cli_sets_take(int *argc, char **argv);
/** The --set overrides taken (borrowed). */
size_t cli_sets(const char *const **out);
/** pl_scenario_load with the --set overrides; says on stderr when uncertain values are used at
 *  their points (unless cli_point_note_off was called: check and explore say more). */
pl_status cli_scenario_load(const char *path, const char *variant, pl_scenario_t **out,
                            pl_error_t *err);
void cli_point_note_off(void);
/** The uncertain values as `check` lists them (nothing when there are none). */
void cli_print_uncertain(const pl_scenario_t *sc, FILE *f);

/** A saved `parley explore --json` result read for render/ (explore_read.c): CLI_OK, or
 *  CLI_FAIL after reporting "FILE:LINE:COL: ..." or "FILE: not a ... result". */
struct pl_render_explore;
typedef struct cli_explore_doc cli_explore_doc_t;
int cli_explore_read(const char *path, cli_explore_doc_t **out);
const struct pl_render_explore *cli_explore_get(const cli_explore_doc_t *d);
void cli_explore_free(cli_explore_doc_t *d);

/** "error: <msg>" to stderr; returns CLI_FAIL (1). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An input as messages and outputs name it: "<stdin>" for "-" (standard input), else path. */
const char *cli_input_name(const char *path);
/** Print every diagnostic of err to stderr, one per line; returns CLI_FAIL. */
int cli_report(const pl_error_t *err);
/** True when arg is -h or --help (for main's own arguments; commands use cli_parse). */
int cli_is_help(const char *arg);

/* ---- option tables (cli_options.c): git's parse-options, one table per command ----
 *
 * A command declares what it accepts in a static table of cli_option_t, each entry naming
 * the field of the command's own argument struct that receives the value (by offsetof), and
 * calls cli_parse() once. The parser owns every syntax check and its wording, prints --help
 * (generated from the usage lines, the table and the notes) and usage errors. Example:
 *
 *     struct convert_args { const char *in, *out, *variant; int json; long top; };
 *     #define A struct convert_args
 *     static const cli_option_t convert_options[] = {
 *         CLI_OPERAND(A, in, "<input>", NULL),
 *         CLI_STRING('o', "output", A, out, "<file>", "write here instead of to stdout"),
 *         CLI_STRING(0, "variant", A, variant, "<name>", "apply this variant first"),
 *         CLI_FLAG(0, "json", A, json, "print JSON"),
 *         CLI_INT(0, "top", A, top, "<k>", "packages per criterion (default 3)", 1, 15),
 *         CLI_END};
 *     #undef A
 *     static const cli_command_t convert_cmd = {convert_usage, convert_options, NULL};
 *
 *     int cmd_convert(int argc, char **argv)
 *     {
 *         struct convert_args a = {.top = 3};          // defaults first
 *         int rc = cli_parse(&convert_cmd, argc, argv, &a);
 *         if (rc != CLI_CONTINUE) return rc;           // --help (0) or a usage error (2)
 *         ...                                          // later checks: cli_command_error()
 *     }
 *
 * Syntax: "--name VALUE", "--name=VALUE", "-n VALUE", "-nVALUE"; flags take no value;
 * "--" ends the options; "-" alone is an operand; an option given twice: the last wins
 * (callbacks see every one). -h/--help is built in and listed last in the help.
 *
 * Usage errors, one phrasing each, always "error: <message>" then the help on stderr, exit 2:
 *     unknown option '--x'                    (an option not in the table, or '-x')
 *     option '--seed' needs a value           (the value is missing)
 *     option '--json' takes no value          (a flag given "--json=...")
 *     option '--seed' expects a non-negative integer, got 'abc'
 *     option '--rounds' expects an integer from 1 to 100000, got '0'
 *     option '--vote' expects veto, majority or quota, got 'x'
 *     option '--actors' is required           (CLI_OPT_REQUIRED)
 *     missing <file>                          (an operand, named by its argh)
 *     unexpected argument 'x'                 (more operands than the table has)
 * Callbacks report their own problem with cli_option_error(), which keeps the
 * "option '--name' ..." form.
 */

/** What an option takes and where it goes (the target is a field of the args struct). */
typedef enum cli_opt_kind {
    CLI_OPT_END = 0,  /* ends the table */
    CLI_OPT_FLAG,     /* int: set to 1; no value */
    CLI_OPT_STRING,   /* const char *: the value as given (points into argv) */
    CLI_OPT_INT,      /* long: a decimal integer, within [min, max] when min < max */
    CLI_OPT_UINT64,   /* uint64_t: a decimal integer from 0 to 2^64 - 1 (no sign) */
    CLI_OPT_DOUBLE,   /* double: a finite number, within [min, max] when min < max */
    CLI_OPT_CHOICE,   /* int: the index of the value in `choices` (NULL-terminated) */
    CLI_OPT_CALLBACK, /* none: callback(opt, value, args) is called with the value */
    CLI_OPT_OPERAND   /* const char *: the next non-option argument (required, in order) */
} cli_opt_kind;

#define CLI_OPT_REQUIRED 1u /* flags: the option must be given */

typedef struct cli_option cli_option_t;
/** Callback of a CLI_OPT_CALLBACK option: 0 when `value` is taken, else the result of
 *  cli_option_error() (CLI_USAGE); `args` is the struct given to cli_parse. */
typedef int (*cli_opt_fn)(const cli_option_t *opt, const char *value, void *args);

struct cli_option {
    cli_opt_kind kind;
    char short_name;           /* 'o' for -o; 0 for none */
    const char *long_name;     /* "output" for --output (no dashes); NULL for none */
    size_t offset;             /* offsetof(args struct, target field); unused by CALLBACK */
    const char *argh;          /* the value's name in the help ("<file>"); NULL for a flag */
    const char *help;          /* help text; '\n' starts a continuation line. An operand
                                  with a NULL help is not listed (the usage line shows it) */
    double min, max;           /* INT, DOUBLE: accepted range, when min < max */
    const char *const *choices; /* CHOICE: the accepted values, NULL-terminated */
    cli_opt_fn callback;       /* CALLBACK */
    unsigned flags;            /* CLI_OPT_REQUIRED */
};

/* Table entries; T is the args struct type, f its field. */
#define CLI_OPT_AT_(T, f) offsetof(T, f)
#define CLI_FLAG(s, l, T, f, h) {.kind = CLI_OPT_FLAG, .short_name = (s), .long_name = (l), .offset = CLI_OPT_AT_(T, f), .help = (h)}
#define CLI_STRING(s, l, T, f, a, h) {.kind = CLI_OPT_STRING, .short_name = (s), .long_name = (l), .offset = CLI_OPT_AT_(T, f), .argh = (a), .help = (h)}
#define CLI_INT(s, l, T, f, a, h, lo, hi) {.kind = CLI_OPT_INT, .short_name = (s), .long_name = (l), .offset = CLI_OPT_AT_(T, f), .argh = (a), .help = (h), .min = (lo), .max = (hi)}
#define CLI_UINT64(s, l, T, f, a, h) {.kind = CLI_OPT_UINT64, .short_name = (s), .long_name = (l), .offset = CLI_OPT_AT_(T, f), .argh = (a), .help = (h)}
#define CLI_DOUBLE(s, l, T, f, a, h, lo, hi) {.kind = CLI_OPT_DOUBLE, .short_name = (s), .long_name = (l), .offset = CLI_OPT_AT_(T, f), .argh = (a), .help = (h), .min = (lo), .max = (hi)}
#define CLI_CHOICE(s, l, T, f, a, h, ch) {.kind = CLI_OPT_CHOICE, .short_name = (s), .long_name = (l), .offset = CLI_OPT_AT_(T, f), .argh = (a), .help = (h), .choices = (ch)}
#define CLI_CALLBACK(s, l, a, h, fn) {.kind = CLI_OPT_CALLBACK, .short_name = (s), .long_name = (l), .argh = (a), .help = (h), .callback = (fn)}
#define CLI_OPERAND(T, f, a, h) {.kind = CLI_OPT_OPERAND, .offset = CLI_OPT_AT_(T, f), .argh = (a), .help = (h)}
#define CLI_END {.kind = CLI_OPT_END}

/** A command's interface: its help is the usage lines (synopsis, description), a blank
 *  line, the option list generated from `options`, and then, when given, a blank line and
 *  the notes. */
typedef struct cli_command {
    const char *const *usage;    /* NULL-terminated lines */
    const cli_option_t *options; /* ends with CLI_END */
    const char *const *notes;    /* NULL-terminated lines after the options; NULL for none */
} cli_command_t;

/** cli_parse's "no exit yet, run the command" (neither an exit status nor a pl_status). */
#define CLI_CONTINUE (-1)

/**
 * Parse argv[1..argc) (argv[0] is the command's name) into `args` by the table of `cmd`.
 * Returns CLI_CONTINUE when the command should run; CLI_OK after printing the help to
 * stdout (-h, --help); CLI_USAGE after printing a usage error and the help to stderr.
 * Fields of options that are not given keep what the caller put there (the defaults).
 * O(argc * table size); allocates nothing.
 */
int cli_parse(const cli_command_t *cmd, int argc, char **argv, void *args);
/** Print the help of `cmd` to `f` (stdout for --help, stderr after an error). */
void cli_command_usage(const cli_command_t *cmd, FILE *f);
/** A usage error found after parsing (a value the table cannot check, e.g. an unknown model):
 *  "error: <msg>" and the help to stderr; returns CLI_USAGE. */
int cli_command_error(const cli_command_t *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** For callbacks: "error: option '--name' <msg>" to stderr (cli_parse then prints the help);
 *  returns CLI_USAGE. */
int cli_option_error(const cli_option_t *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- output width (cli_width.c) ---- */
#define CLI_WIDTH_DEFAULT 100 /* when stdout is not a terminal and --width is not given */
#define CLI_WIDTH_MIN 40
#define CLI_WIDTH_MAX 1000
/** The columns human output keeps within: --width (every command's parser takes it, unless
 *  the command has a --width of its own), else the terminal's when stdout is one, else 100. */
int cli_width(void);
/** Set the width (clamped to CLI_WIDTH_MIN..CLI_WIDTH_MAX); cli_parse calls it for --width. */
void cli_set_width(int w);
/** From now on wrap every stdout line longer than cli_width() at spaces, continuation lines
 *  keeping the line's indentation (tables fit themselves first, so only prose is wrapped).
 *  For human output only: never call it before printing JSON, YAML or CSV. */
void cli_wrap_stdout(void);
/** Display width (code points) of the first n bytes of UTF-8 text s (stops at a NUL). */
size_t cli_text_width(const char *s, size_t n);
/** Split text for a column of w display columns: the line starting at p is the *nbytes bytes
 *  from p (words kept whole unless one alone is wider than w; no trailing spaces); returns
 *  where the next line starts (spaces skipped), pointing at the NUL after the last line. */
const char *cli_next_line(const char *p, size_t w, size_t *nbytes);

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
 *  when `header` is non-zero. A table wider than cli_width() narrows its widest text
 *  (left-aligned) columns, to 8 columns at the least, and wraps their cells at spaces onto
 *  continuation lines (a word wider than its column is cut); numbers are never wrapped. */
void cli_table_print(const cli_table_t *t, FILE *f, int indent, int header);

/* ---- agreement rules (cli_rules.c) ---- */
/** A ratification rule in one line ("in sequence: plebiscite (referendum ...), then ..."). */
void cli_rule_text(const pl_scenario_t *sc, const pl_ratification_t *ra, char *buf, size_t size);
/** The decision rule (when not plain unanimity) and the constraints, as `check` shows them. */
void cli_print_rules(const pl_scenario_t *sc);
/** Party's ratification of outcome o, vote by vote with margins and pivotal voters. */
void cli_print_ratification(const pl_model_t *m, size_t party, const size_t *o, const char *indent);

#endif
