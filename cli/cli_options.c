/*
 * cli_options.c: the one option parser of the parley subcommands (git's parse-options):
 * a declarative table per command (cli.h), one wording per kind of usage error, and the
 * --help text generated from the same table so that every option is documented.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* help layout: options indented 4, help text two spaces after the widest option, but never
 * further right than HELP_COL_MAX (a longer option puts its help on the next line) */
#define INDENT 4
#define HELP_COL_MAX 26

/* the built-in --width of a command whose table has none: "--width N" or "--width=N"
 * (its value goes to cli_set_width) */
static const cli_option_t width_opt = {.kind = CLI_OPT_INT, .long_name = "width", .argh = "<n>",
                                       .help = "keep human output within n columns (default: the\n"
                                               "terminal's width, else 100)",
                                       .min = CLI_WIDTH_MIN, .max = CLI_WIDTH_MAX};

static const cli_option_t *find_long(const cli_option_t *t, const char *name, size_t n);

/* "--name" or "-n" as the user may have typed it, for messages */
static const char *opt_name(const cli_option_t *o, char *buf, size_t n)
{
    if (o->long_name) snprintf(buf, n, "--%s", o->long_name);
    else snprintf(buf, n, "-%c", o->short_name);
    return buf;
}

/* "error: option 'NAME' <msg>": NAME as typed ("-o" or "--output") */
static int named_error(const char *name, const char *fmt, va_list ap)
{
    fprintf(stderr, "error: option '%s' ", name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    return CLI_USAGE;
}

static int opt_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int opt_error(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    named_error(name, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

int cli_option_error(const cli_option_t *opt, const char *fmt, ...)
{
    char name[64];
    va_list ap;
    va_start(ap, fmt);
    named_error(opt_name(opt, name, sizeof name), fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

/* NULL-terminated lines (a command's usage or notes), each with a newline */
static void print_lines(FILE *f, const char *const *lines)
{
    for (size_t i = 0; lines && lines[i]; i++) fprintf(f, "%s\n", lines[i]);
}

/* the left column of an entry: "-o, --output <file>", "--json", "<file>" */
static size_t left_column(const cli_option_t *o, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    if (o->kind == CLI_OPT_OPERAND) {
        snprintf(buf, n, "%s", o->argh ? o->argh : "");
        return strlen(buf);
    }
    if (o->short_name) snprintf(buf, n, "-%c%s", o->short_name, o->long_name ? ", " : "");
    len = strlen(buf);
    if (o->long_name) snprintf(buf + len, n - len, "--%s", o->long_name);
    len = strlen(buf);
    if (o->argh) snprintf(buf + len, n - len, " %s", o->argh);
    return strlen(buf);
}

static int listed(const cli_option_t *o)
{
    return o->kind != CLI_OPT_OPERAND || o->help;
}

static void print_entry(FILE *f, const char *left, const char *help, size_t col)
{
    size_t w = strlen(left);
    fprintf(f, "%*s%s", INDENT, "", left);
    if (w + 2 > col) fprintf(f, "\n%*s", (int)(INDENT + col), "");
    else fprintf(f, "%*s", (int)(col - w), "");
    /* continuation lines of the help line up under its first line */
    for (const char *p = help;;) {
        const char *nl = strchr(p, '\n');
        if (!nl) {
            fprintf(f, "%s\n", p);
            break;
        }
        fprintf(f, "%.*s\n%*s", (int)(nl - p), p, (int)(INDENT + col), "");
        p = nl + 1;
    }
}

void cli_command_usage(const cli_command_t *cmd, FILE *f)
{
    static const cli_option_t help_opt = {.kind = CLI_OPT_FLAG, .short_name = 'h', .long_name = "help",
                                          .help = "show this help"};
    char left[128];
    size_t col = 0;
    for (const cli_option_t *o = cmd->options; o->kind != CLI_OPT_END; o++) {
        if (!listed(o)) continue;
        size_t w = left_column(o, left, sizeof left) + 2;
        if (w > col && w <= HELP_COL_MAX) col = w;
    }
    if (col < 16) col = 16;
    print_lines(f, cmd->usage);
    fputc('\n', f);
    for (const cli_option_t *o = cmd->options; o->kind != CLI_OPT_END; o++) {
        if (!listed(o)) continue;
        left_column(o, left, sizeof left);
        print_entry(f, left, o->help ? o->help : "", col);
    }
    if (!find_long(cmd->options, "width", 5)) {
        left_column(&width_opt, left, sizeof left);
        print_entry(f, left, width_opt.help, col);
    }
    left_column(&help_opt, left, sizeof left);
    print_entry(f, left, help_opt.help, col);
    if (cmd->notes) {
        fputc('\n', f);
        print_lines(f, cmd->notes);
    }
}

int cli_command_error(const cli_command_t *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    cli_command_usage(cmd, stderr);
    return CLI_USAGE;
}

/* "veto, majority or quota" */
static void print_choices(FILE *f, const char *const *ch)
{
    for (size_t i = 0; ch && ch[i]; i++)
        fprintf(f, "%s%s", i == 0 ? "" : ch[i + 1] ? ", " : " or ", ch[i]);
}

/* Store `v` in the field of `o`, given as `name`; 0 or CLI_USAGE (reported, without the
 * help yet). */
static int take_value(const cli_option_t *o, const char *name, const char *v, void *args)
{
    void *at = (char *)args + o->offset;
    char *end;
    int ranged = o->min < o->max;
    switch (o->kind) {
    case CLI_OPT_STRING:
    case CLI_OPT_OPERAND: *(const char **)at = v; return 0;
    case CLI_OPT_INT: {
        /* digits with an optional '-': strtol would also skip spaces and take a '+' */
        const char *d = v[0] == '-' ? v + 1 : v;
        errno = 0;
        long x = *d >= '0' && *d <= '9' ? strtol(v, &end, 10) : 0;
        if (*d >= '0' && *d <= '9' && !*end && errno != ERANGE &&
            (!ranged || (x >= o->min && x <= o->max))) {
            *(long *)at = x;
            return 0;
        }
        if (ranged) return opt_error(name, "expects an integer from %.0f to %.0f, got '%s'", o->min, o->max, v);
        return opt_error(name, "expects an integer, got '%s'", v);
    }
    case CLI_OPT_UINT64: {
        errno = 0;
        /* strtoull takes "-1" as 2^64 - 1 and skips spaces: only digits are a value */
        unsigned long long x = v[0] >= '0' && v[0] <= '9' ? strtoull(v, &end, 10) : 0;
        if (v[0] >= '0' && v[0] <= '9' && !*end && errno != ERANGE) {
            *(uint64_t *)at = (uint64_t)x;
            return 0;
        }
        return opt_error(name, "expects a non-negative integer, got '%s'", v);
    }
    case CLI_OPT_DOUBLE: {
        double x = *v && *v != ' ' ? strtod(v, &end) : NAN;
        if (isfinite(x) && !*end && (!ranged || (x >= o->min && x <= o->max))) {
            *(double *)at = x;
            return 0;
        }
        if (ranged) return opt_error(name, "expects a number from %g to %g, got '%s'", o->min, o->max, v);
        return opt_error(name, "expects a number, got '%s'", v);
    }
    case CLI_OPT_CHOICE:
        for (int i = 0; o->choices && o->choices[i]; i++)
            if (strcmp(o->choices[i], v) == 0) {
                *(int *)at = i;
                return 0;
            }
        fprintf(stderr, "error: option '%s' expects ", name);
        print_choices(stderr, o->choices);
        fprintf(stderr, ", got '%s'\n", v);
        return CLI_USAGE;
    case CLI_OPT_CALLBACK: return o->callback(o, v, args) ? CLI_USAGE : 0; /* HELP is ours */
    default: return 0;
    }
}

static const cli_option_t *find_long(const cli_option_t *t, const char *name, size_t n)
{
    for (; t->kind != CLI_OPT_END; t++)
        if (t->kind != CLI_OPT_OPERAND && t->long_name && strlen(t->long_name) == n &&
            strncmp(t->long_name, name, n) == 0)
            return t;
    return NULL;
}

static const cli_option_t *find_short(const cli_option_t *t, char c)
{
    for (; t->kind != CLI_OPT_END; t++)
        if (t->kind != CLI_OPT_OPERAND && t->short_name == c) return t;
    return NULL;
}

/* one_option's answer for -h/--help (0 is "taken", CLI_USAGE an error) */
#define HELP (-2)
/* the most entries a table may have (the parser marks which were given) */
#define MAX_ENTRIES 64

static int width_option(int argc, char **argv, int *i, const char *eq)
{
    const char *v = eq ? eq + 1 : NULL;
    if (!v) {
        if (*i + 1 >= argc) return opt_error("--width", "needs a value");
        v = argv[++*i];
    }
    long w = 0;
    int rc = take_value(&width_opt, "--width", v, &w); /* offset 0: w itself */
    if (rc == 0) cli_set_width((int)w);
    return rc;
}

/* One option argument at argv[*i]: 0 taken (advancing *i past a separate value), HELP, or
 * CLI_USAGE on an error (reported, without the help yet). `seen` marks the entries given. */
static int one_option(const cli_command_t *cmd, int argc, char **argv, int *i, void *args,
                      unsigned char *seen)
{
    const char *arg = argv[*i];
    const cli_option_t *o;
    const char *inline_value = NULL; /* "--name=v", "-nv" */
    char typed[64];                  /* the option as typed, for messages */
    if (arg[1] == '-') {
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        snprintf(typed, sizeof typed, "%.*s", (int)(n + 2), arg);
        if (n == 4 && strncmp(name, "help", 4) == 0 && !eq) return HELP;
        o = find_long(cmd->options, name, n);
        if (!o && n == 5 && strncmp(name, "width", 5) == 0) return width_option(argc, argv, i, eq);
        if (!o) {
            fprintf(stderr, "error: unknown option '%s'\n", typed);
            return CLI_USAGE;
        }
        if (eq) inline_value = eq + 1;
    } else {
        snprintf(typed, sizeof typed, "-%c", arg[1]);
        if (arg[1] == 'h' && !arg[2]) return HELP;
        o = find_short(cmd->options, arg[1]);
        if (!o) {
            fprintf(stderr, "error: unknown option '%s'\n", typed);
            return CLI_USAGE;
        }
        if (arg[2]) {
            if (o->kind == CLI_OPT_FLAG) {
                fprintf(stderr, "error: unknown option '%s'\n", arg); /* no bundled flags */
                return CLI_USAGE;
            }
            inline_value = arg + 2;
        }
    }
    seen[o - cmd->options] = 1;
    if (o->kind == CLI_OPT_FLAG) {
        if (inline_value) return opt_error(typed, "takes no value");
        *(int *)((char *)args + o->offset) = 1;
        return 0;
    }
    const char *v = inline_value;
    if (!v) {
        if (*i + 1 >= argc) return opt_error(typed, "needs a value");
        v = argv[++*i];
    }
    return take_value(o, typed, v, args);
}

int cli_parse(const cli_command_t *cmd, int argc, char **argv, void *args)
{
    size_t nopt = 0;
    while (cmd->options[nopt].kind != CLI_OPT_END) nopt++;
    if (nopt > MAX_ENTRIES) {
        fprintf(stderr, "fatal: option table of %zu entries (at most %d)\n", nopt, MAX_ENTRIES);
        return CLI_FAIL; /* a programming error, caught by any test of the command */
    }
    unsigned char seen[MAX_ENTRIES] = {0};
    const cli_option_t *next_operand = cmd->options;
    int only_operands = 0, rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *arg = argv[i];
        if (!only_operands && strcmp(arg, "--") == 0) {
            only_operands = 1;
        } else if (!only_operands && arg[0] == '-' && arg[1]) {
            rc = one_option(cmd, argc, argv, &i, args, seen);
        } else {
            while (next_operand->kind != CLI_OPT_END && next_operand->kind != CLI_OPT_OPERAND) next_operand++;
            if (next_operand->kind == CLI_OPT_END) {
                fprintf(stderr, "error: unexpected argument '%s'\n", arg);
                rc = CLI_USAGE;
            } else {
                rc = take_value(next_operand, next_operand->argh, arg, args);
                next_operand++;
            }
        }
    }
    if (rc == HELP) {
        /* help, even after other arguments, as long as none before it was wrong */
        cli_command_usage(cmd, stdout);
        return CLI_OK;
    }
    for (size_t k = 0; k < nopt && rc == 0; k++) {
        const cli_option_t *o = &cmd->options[k];
        if (o->kind == CLI_OPT_OPERAND && o >= next_operand) {
            fprintf(stderr, "error: missing %s\n", o->argh);
            rc = CLI_USAGE;
        } else if ((o->flags & CLI_OPT_REQUIRED) && !seen[k]) {
            rc = cli_option_error(o, "is required");
        }
    }
    if (rc) {
        cli_command_usage(cmd, stderr);
        return CLI_USAGE;
    }
    return CLI_CONTINUE;
}
