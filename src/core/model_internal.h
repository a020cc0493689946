/*
 * model_internal.h: what the model's compile step shares between model.c (tables,
 * linkages) and model_access.c (accessors, ratification games). Not for engines.
 */
#ifndef PL_MODEL_INTERNAL_H
#define PL_MODEL_INTERNAL_H

#include <parley/pl_model.h>

/* Compile every party's ratification rule into m->game (allocated here). */
pl_status pl_i_model_compile_games(pl_model_t *m, pl_error_t *err);
/* Free m->game; NULL-safe on a partly compiled model. */
void pl_i_model_free_games(pl_model_t *m);

#endif
