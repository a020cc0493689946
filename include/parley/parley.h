/*
 * parley.h: the whole public API of libparley in one include.
 */
#ifndef PARLEY_H
#define PARLEY_H

#include "pl_common.h"
#include "pl_scenario.h"
#include "pl_model.h"
#include "pl_io.h"
#include "pl_rng.h"
#include "pl_sim.h"
#include "pl_analysis.h"
#include "pl_mediate.h"
#include "pl_forecast.h"
#include "pl_uncertain.h"
#include "pl_explore.h"

#endif
