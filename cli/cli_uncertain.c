/*
 * cli_uncertain.c: what every command shares about uncertain values: the `--set PATH=VALUE`
 * overrides (taken out of the arguments by main before the command parses its own), the one
 * scenario loader the commands call (it applies them), and the list of uncertain values that
 * `check` prints and deterministic commands mention (docs/uncertainty.md).
 */
#include "cli.h"

#include <math.h>
#include <string.h>

#define CLI_MAX_SETS 256

static const char *sets[CLI_MAX_SETS];
static size_t nsets;
static int quiet_point_note;

int cli_sets_take(int *argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < *argc) argv[out++] = argv[i++];
            break;
        }
        const char *v = NULL;
        if (strcmp(a, "--set") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "error: option '--set' needs a value (PATH=VALUE)\n");
                return CLI_USAGE;
            }
            v = argv[++i];
        } else if (strncmp(a, "--set=", 6) == 0) {
            v = a + 6;
        }
        if (!v) {
            argv[out++] = argv[i];
            continue;
        }
        if (nsets == CLI_MAX_SETS) {
            fprintf(stderr, "error: more than %d --set options\n", CLI_MAX_SETS);
            return CLI_USAGE;
        }
        sets[nsets++] = v;
    }
    argv[out] = NULL;
    *argc = out;
    return CLI_OK;
}

size_t cli_sets(const char *const **out)
{
    *out = sets;
    return nsets;
}

void cli_point_note_off(void) { quiet_point_note = 1; }

pl_status cli_scenario_load(const char *path, const char *variant, pl_scenario_t **out,
                            pl_error_t *err)
{
    pl_load_opts_t o = {.variant = variant, .sets = sets, .nsets = nsets};
    pl_status s = pl_scenario_load_opts(path, &o, out, err);
    if (s == PL_OK && (*out)->nuncertain && !quiet_point_note)
        fprintf(stderr, "note: %zu uncertain value%s at %s point (the mode, else the mean); "
                "'parley explore' samples them\n", (*out)->nuncertain,
                (*out)->nuncertain == 1 ? " is" : "s are", (*out)->nuncertain == 1 ? "its" : "their");
    return s;
}

void cli_print_uncertain(const pl_scenario_t *sc, FILE *f)
{
    if (!sc->nuncertain) return;
    fprintf(f, "\nuncertain values (deterministic commands use the point):\n");
    cli_define(f, "  ", "uncertain value");
    cli_table_t t;
    cli_table_init(&t, 4);
    cli_table_add(&t, (const char *const[]){"value", "distribution", "point", "source"});
    for (size_t k = 0; k < sc->nuncertain; k++) {
        const pl_uncertain_t *u = &sc->uncertain[k];
        char d[300], p[64];
        pl_dist_describe(&u->dist, d, sizeof d);
        if (isnan(u->point)) snprintf(p, sizeof p, "as written");
        else snprintf(p, sizeof p, "%g (%s)", u->point, pl_dist_point_kind(&u->dist));
        const char *src = pl_scenario_source(sc, u->path);
        cli_table_add(&t, (const char *const[]){u->path, d, p, src ? src : ""});
    }
    cli_table_print(&t, f, 2, 1);
    cli_table_destroy(&t);
    for (size_t v = 0; v < sc->nvariants; v++)
        if (!isnan(sc->variants[v].weight)) {
            fprintf(f, "variant weights (explore draws a variant by weight):");
            for (size_t w = 0; w < sc->nvariants; w++)
                if (!isnan(sc->variants[w].weight))
                    fprintf(f, " %s %g;", sc->variants[w].name, sc->variants[w].weight);
            fputc('\n', f);
            break;
        }
}
