/*
 * load.c: pl_scenario_load, the one entry point the tool uses for any input: a folder is
 * read as a GENIUS domain with its profiles, anything else as a scenario-language file.
 */
#include "yaml_internal.h"

#include <parley/pl_io.h>

#include <string.h>
#include <sys/stat.h>

pl_status pl_scenario_load(const char *path, const char *variant, pl_scenario_t **out,
                           pl_error_t *err)
{
    pl_load_opts_t o = {.variant = variant};
    return pl_scenario_load_opts(path, &o, out, err);
}

pl_status pl_scenario_load_opts(const char *path, const pl_load_opts_t *opts, pl_scenario_t **out,
                                pl_error_t *err)
{
    const char *variant = opts ? opts->variant : NULL;
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!path) return pl_error_set(err, PL_EINVAL, "no scenario path given");
    struct stat st;
    /* "-": standard input, a scenario file (never a folder; a file named "-" is ./-) */
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (variant)
            return pl_error_at(err, PL_ENOTFOUND, path, 0, 0,
                               "unknown variant '%s' (a GENIUS folder has no variants)", variant);
        if (!opts || !opts->nsets) return pl_genius_load_dir(path, out, err);
        /* --set on a GENIUS folder: applied to the folder as `parley convert` writes it */
        pl_scenario_t *g = NULL;
        char *text = NULL;
        size_t len = 0;
        pl_status s = pl_genius_load_dir(path, &g, err);
        if (s == PL_OK) s = pl_scenario_to_yaml(g, &text, &len, err);
        pl_scenario_free(g);
        if (s == PL_OK) s = pl_i_yaml_load_text(text, len, path, opts, out, err);
        pl_free(text);
        return s;
    }
    /* a missing file is reported by the scenario loader, with its usual message */
    return pl_scenario_load_yaml_opts(path, opts, out, err);
}
