/*
 * pl_io.h: reading and writing: the YAML scenario language (docs/scenario-format.md), GENIUS
 * XML domains/profiles, the forecasting inputs (KTAB and Bueno de Mesquita CSV, DEU TSV), input
 * format sniffing, and atomic file output. Loaders collect every problem they find in the
 * pl_error_t (FILE:LINE:COL) before failing. Every file is read whole, through one reader:
 * directories, FIFOs and devices are refused, and so are files over 1 GiB (checked before
 * reading), all with the message "FILE: cannot open: reason" (PL_EIO).
 */
#ifndef PL_IO_H
#define PL_IO_H

#include "pl_forecast.h"
#include "pl_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Load a scenario file written in the scenario language. `variant` (may be NULL) names a
 * variant overlay to apply. On success *out owns a new scenario (pl_scenario_free); on failure
 * *out is NULL and err lists every diagnostic found (PL_EIO, PL_EPARSE or PL_ENOTFOUND).
 */
PL_API pl_status pl_scenario_load_yaml(const char *path, const char *variant, pl_scenario_t **out,
                                       pl_error_t *err);
/** How to load a scenario file: the variant (NULL: the base) and `--set` overrides, each
 *  "PATH=VALUE" with PATH a dotted path as source notes use ("actors.Israel.reservation") and
 *  VALUE a number, text or a distribution ("{uniform: [0.6, 0.9]}"), applied in order before
 *  the file is checked (docs/uncertainty.md). A path that names nothing is an error
 *  "FILE: --set 'PATH=VALUE': no 'X' in 'actors' (did you mean 'Y'?)". */
typedef struct pl_load_opts {
    const char *variant;
    const char *const *sets;
    size_t nsets;
} pl_load_opts_t;
/** pl_scenario_load_yaml with options (opts may be NULL: the base, no overrides). */
PL_API pl_status pl_scenario_load_yaml_opts(const char *path, const pl_load_opts_t *opts,
                                            pl_scenario_t **out, pl_error_t *err);
/** pl_scenario_load with options; a GENIUS folder takes neither a variant nor overrides. */
PL_API pl_status pl_scenario_load_opts(const char *path, const pl_load_opts_t *opts,
                                       pl_scenario_t **out, pl_error_t *err);
/** Same from a buffer; `name` is used as the file name in messages. */
PL_API pl_status pl_scenario_load_yaml_string(const char *text, size_t len, const char *name,
                                              const char *variant, pl_scenario_t **out,
                                              pl_error_t *err);

/**
 * Load a GENIUS domain and its profiles from a folder: the file whose root element is
 * `negotiation_template` is the domain, files with root `utility_space` are profiles, taken in
 * file-name order (each becomes a party named after its file). Files not ending in `.xml` and
 * XML files with another root are ignored; a `.xml` file that is empty, binary or plain text is
 * an error "FILE: ...", except a plain-text `pareto.xml` (GENIUS's frontier file), ignored.
 */
PL_API pl_status pl_genius_load_dir(const char *dir, pl_scenario_t **out, pl_error_t *err);
/** Load a GENIUS domain file and n profile files, in the order given. */
PL_API pl_status pl_genius_load_files(const char *domain, const char *const *profiles, size_t n,
                                      pl_scenario_t **out, pl_error_t *err);

/** Load a folder as GENIUS, anything else as a scenario file (variant applies to scenario files). */
PL_API pl_status pl_scenario_load(const char *path, const char *variant, pl_scenario_t **out,
                                  pl_error_t *err);

/** Render a scenario in the scenario language. *text is malloc'ed; free with pl_free. */
PL_API pl_status pl_scenario_to_yaml(const pl_scenario_t *sc, char **text, size_t *len,
                                     pl_error_t *err);

/* ---- forecasting inputs (the types are in pl_forecast.h) ---- */

/**
 * Load a KTAB SMP CSV (line 1: name,description,actors,dimensions; line 2 header; one row per
 * actor: name, description, influence, then position and salience per dimension). Scale 0-100,
 * saliences / 100. `in` must be initialised (pl_forecast_input_init); on success it owns the
 * data (pl_forecast_input_destroy), on failure it is emptied. Errors are FILE:LINE:COL, every
 * bad row reported (PL_EPARSE), or PL_EIO / PL_ENOMEM. Time and memory linear in the file.
 */
PL_API pl_status pl_io_load_ktab(const char *path, pl_forecast_input_t *in, pl_error_t *err);
/** Load a Bueno de Mesquita CSV: header actor,capability,position,salience (salience 0-100),
 *  one issue. The scale is [min position, max position]. Same contract as pl_io_load_ktab. */
PL_API pl_status pl_io_load_bdm(const char *path, pl_forecast_input_t *in, pl_error_t *err);
/**
 * Load a DEU issues TSV and its actors TSV (columns named in shared/data/deu3/README.md; every
 * actor of the actors file needs p<code> and s<code> columns in the issues file). On success
 * *out owns the data (pl_deu_free); on failure it is NULL. Errors are FILE:LINE:COL.
 */
PL_API pl_status pl_io_load_deu(const char *issues_path, const char *actors_path, pl_deu_t **out,
                                pl_error_t *err);

/** Input formats `parley forecast` reads. */
typedef enum pl_io_format {
    PL_IO_FORMAT_SCENARIO = 0, /* scenario file or GENIUS folder (pl_scenario_load) */
    PL_IO_FORMAT_KTAB,         /* KTAB SMP CSV (pl_io_load_ktab) */
    PL_IO_FORMAT_BDM           /* Bueno de Mesquita CSV (pl_io_load_bdm) */
} pl_io_format;

/**
 * Guess the format of `path`: a name ending in `.csv` is BdM when its first line starts with
 * `actor,capability`, else KTAB (also when it cannot be read: the loader then says why);
 * anything else is a scenario. Reads at most one short line; never blocks on a FIFO.
 */
PL_API pl_io_format pl_io_detect_format(const char *path);
/** The format's name as `parley forecast --format` spells it: "scenario", "ktab", "bdm". */
PL_API const char *pl_io_format_name(pl_io_format f);

/**
 * Write `len` bytes to `path` atomically: into a temporary file beside it (PATH.parley-tmp.
 * PID.N), then rename, so that a failure never leaves a partial file behind. Only a regular
 * file (or a new one) is replaced: a symbolic link, device, FIFO or directory at `path` is
 * refused (PL_EIO), never replaced. An existing file keeps its permission bits; a new one is
 * created with 0666 less the umask. Temporaries left by a killed writer (their process no
 * longer runs) are removed on the next write to the same target. Not thread-safe for two
 * writes to the same target at once.
 */
PL_API pl_status pl_file_write_atomic(const char *path, const char *data, size_t len,
                                      pl_error_t *err);

/** An output file written in pieces, with the guarantees of pl_file_write_atomic. */
typedef struct pl_file_out pl_file_out_t;
/**
 * Start writing `path` (checked and refused as by pl_file_write_atomic): the data goes to a
 * temporary beside it until pl_file_out_commit. *out is a heap object that commit or abort
 * frees; nothing is written to `path` itself before commit.
 */
PL_API pl_status pl_file_out_open(const char *path, pl_file_out_t **out, pl_error_t *err);
/** Append `len` bytes (buffered, 64 KiB). A failed write is kept and reported by commit. */
PL_API void pl_file_out_write(pl_file_out_t *f, const char *data, size_t len);
/** Flush, fsync and rename the temporary over the target; PL_EIO (nothing replaced) when any
 *  write failed. Frees f. */
PL_API pl_status pl_file_out_commit(pl_file_out_t *f, pl_error_t *err);
/** Remove the temporary and free f (the target is left as it was); NULL is ignored. */
PL_API void pl_file_out_abort(pl_file_out_t *f);

/**
 * An append-only line journal, for runs that resume after being killed (parley tournament).
 * Opening reads back an existing journal: its first line must equal `header` (newline included;
 * else PL_EINVAL: a journal of another design), then each complete line (newline stripped) goes
 * to on_line until it returns false; the first line it refuses, or a torn last line, is cut off
 * the file. A missing journal is started with the header. The journal is then open for
 * appending: each pl_io_journal_append writes one line (with its newline) and flushes it, so a
 * kill loses at most the line being written. Close with pl_io_journal_close (NULL is fine).
 */
typedef struct pl_io_journal pl_io_journal_t;
PL_API pl_status pl_io_journal_open(const char *path, const char *header,
                                    bool (*on_line)(char *line, void *ctx), void *ctx,
                                    pl_io_journal_t **out, pl_error_t *err);
/** Append one line (it must end with a newline) and flush it; false on a write error.
 *  Not thread-safe: callers serialise appends. */
PL_API bool pl_io_journal_append(pl_io_journal_t *j, const char *line);
PL_API void pl_io_journal_close(pl_io_journal_t *j);

#ifdef __cplusplus
}
#endif
#endif
