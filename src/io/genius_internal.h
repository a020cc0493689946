/*
 * genius_internal.h: the GENIUS XML loader's internal entry points (used by the
 * fuzzer and tests): loading from memory buffers instead of files.
 */
#ifndef PL_GENIUS_INTERNAL_H
#define PL_GENIUS_INTERNAL_H

#include <parley/pl_io.h>

/* Largest number of values an integer issue may enumerate (lowerbound..upperbound). */
#define PL_I_GENIUS_MAX_VALUES 1000000
/* a GENIUS real issue without a `step` becomes this many intervals (11 values) */
#define PL_I_GENIUS_REAL_STEPS 10

/**
 * Load a GENIUS domain and n profiles from memory. `domain_name` and `profile_names[k]` are
 * the file names used in messages; each profile becomes a party named after its file name
 * (directory and `.xml` removed). The scenario is named `scenario_name` (NULL: the domain's
 * file name without `.xml`). Same results and errors as pl_genius_load_files.
 */
pl_status pl_i_genius_load_buffers(const char *scenario_name, const char *domain_name,
                                   const char *domain, size_t domain_len,
                                   const char *const *profile_names,
                                   const char *const *profiles, const size_t *profile_lens,
                                   size_t n, pl_scenario_t **out, pl_error_t *err);

#endif
