/*
 * cli_width.c: the width human output keeps within (--width, the terminal's, else 100) and
 * the wrapping of text to it: a line splitter shared by the tables (cli_util.c) and a filter
 * on stdout that wraps any longer prose line at spaces, keeping its indentation.
 */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int width_set; /* --width given: wins over the terminal */
static int width_value = CLI_WIDTH_DEFAULT;

void cli_set_width(int w)
{
    width_set = 1;
    width_value = w < CLI_WIDTH_MIN ? CLI_WIDTH_MIN : w > CLI_WIDTH_MAX ? CLI_WIDTH_MAX : w;
}

int cli_width(void)
{
    if (width_set) return width_value;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col < CLI_WIDTH_MIN ? CLI_WIDTH_MIN : ws.ws_col > CLI_WIDTH_MAX ? CLI_WIDTH_MAX : ws.ws_col;
    return CLI_WIDTH_DEFAULT;
}

size_t cli_text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t k = 0; k < n && s[k]; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80) w++;
    return w;
}

const char *cli_next_line(const char *p, size_t w, size_t *nbytes)
{
    if (w < 1) w = 1;
    size_t cols = 0, k = 0, brk = 0;
    int brk_found = 0;
    for (; p[k]; k++) {
        if (((unsigned char)p[k] & 0xC0) == 0x80) continue;
        if (p[k] == ' ' && cols <= w) {
            brk = k;
            brk_found = 1;
        }
        if (cols == w) break; /* p[k] starts the (w+1)-th column */
        cols++;
    }
    if (!p[k]) brk = k; /* the rest fits */
    else if (!brk_found || brk == 0) brk = k; /* one long word: cut it at the width */
    size_t end = brk;
    while (end > 0 && p[end - 1] == ' ') end--;
    *nbytes = end;
    const char *next = p + brk;
    while (*next == ' ') next++;
    return next;
}

/* ---- the stdout filter (glibc's fopencookie; elsewhere the tables still fit) ---- */
#if defined(__GLIBC__)
typedef struct wrapper {
    char *line; /* the current line, without its newline */
    size_t n, cap;
} wrapper;

/* the first write error on the real standard output (0: none): the filter's write then fails,
 * so that stdio marks stdout in error and main's check at exit reports it */
static int put_errno;

static void put(const char *s, size_t n)
{
    while (n && !put_errno) {
        ssize_t k = write(STDOUT_FILENO, s, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            put_errno = errno;
            return;
        }
        s += k;
        n -= (size_t)k;
    }
}

/* one whole line (and its newline), wrapped to the width with its leading spaces repeated */
static void emit(const char *s, size_t n, int newline)
{
    size_t width = (size_t)cli_width();
    if (cli_text_width(s, n) <= width) {
        put(s, n);
        if (newline) put("\n", 1);
        return;
    }
    char *copy = malloc(n + 1);
    if (!copy) {
        put(s, n);
        if (newline) put("\n", 1);
        return;
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    size_t indent = strspn(copy, " "), hang = indent;
    /* a numbered note "[12] text" continues under its text */
    if (copy[indent] == '[' && strspn(copy + indent + 1, "0123456789") > 0) {
        size_t d = indent + 1 + strspn(copy + indent + 1, "0123456789");
        if (copy[d] == ']' && copy[d + 1] == ' ') hang = d + 2;
    }
    if (hang + 20 > width) indent = hang = 0;
    const char *p = copy + indent;
    for (int first = 1; *p; first = 0) {
        size_t nb, lead = first ? indent : hang;
        const char *next = cli_next_line(p, width - lead, &nb);
        for (size_t k = 0; k < lead; k++) put(" ", 1);
        put(p, nb);
        if (*next || newline) put("\n", 1);
        p = next;
    }
    free(copy);
}

static ssize_t wrapper_write(void *cookie, const char *buf, size_t size)
{
    wrapper *w = cookie;
    for (size_t k = 0; k < size; k++) {
        if (buf[k] == '\n') {
            emit(w->line, w->n, 1);
            w->n = 0;
            continue;
        }
        if (w->n == w->cap) {
            size_t nc = w->cap ? w->cap * 2 : 256;
            char *x = realloc(w->line, nc);
            if (!x) { /* out of memory: pass the text through unwrapped */
                put(w->line, w->n);
                w->n = 0;
                put(buf + k, 1);
                continue;
            }
            w->line = x;
            w->cap = nc;
        }
        w->line[w->n++] = buf[k];
    }
    if (put_errno) {
        errno = put_errno;
        return -1;
    }
    return (ssize_t)size;
}

static int wrapper_close(void *cookie)
{
    wrapper *w = cookie;
    if (w->n) emit(w->line, w->n, 0);
    free(w->line);
    free(w);
    if (put_errno) {
        errno = put_errno;
        return -1;
    }
    return 0;
}

static FILE *original_stdout;

/* at exit: flush the last line through the filter and free it; stdout is the real one again */
static void unwrap_stdout(void)
{
    FILE *f = stdout;
    stdout = original_stdout;
    fclose(f);
}

void cli_wrap_stdout(void)
{
    static int done;
    if (done) return;
    wrapper *w = calloc(1, sizeof *w);
    if (!w) return;
    cookie_io_functions_t io = {.write = wrapper_write, .close = wrapper_close};
    FILE *f = fopencookie(w, "w", io);
    if (!f) {
        free(w);
        return;
    }
    fflush(stdout);
    /* as stdio would: line buffered on a terminal, else fully buffered */
    setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
    original_stdout = stdout;
    stdout = f; /* glibc's stdout is an assignable variable */
    atexit(unwrap_stdout);
    done = 1;
}
#else
void cli_wrap_stdout(void) {}
#endif
