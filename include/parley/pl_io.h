/*
 * pl_io.h: reading and writing scenarios: the YAML scenario language
 * (docs/scenario-format.md), GENIUS XML domains/profiles, and atomic file output.
 * Loaders collect every problem they find in the pl_error_t (FILE:LINE:COL) before failing.
 */
#ifndef PL_IO_H
#define PL_IO_H

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

/**
 * Write `len` bytes to `path` atomically: into a temporary file beside it, then rename, so
 * that a failure never leaves a partial file behind.
 */
PL_API pl_status pl_file_write_atomic(const char *path, const char *data, size_t len,
                                      pl_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
