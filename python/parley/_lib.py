"""Loading libparley.so and the ctypes mirror of the public C structs and functions.

The library is found, first found: the PARLEY_LIBRARY environment variable (a path), the build
folder of the source tree this package sits in (python/../build), then the system's loader
(an installed libparley.so.0). The struct layouts follow include/parley/*.h exactly; change
them together.
"""

import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_bool, c_char, c_char_p, c_double, c_int,
                    c_int64, c_size_t, c_uint, c_uint64, c_void_p)

PL_UNSET = ctypes.c_size_t(-1).value
PL_OK = 0
PL_CONTINUE = -1
PL_EINVAL = 2
PL_EUNSUPPORTED = 8
PL_EXTERNAL_WALKOUT = 1


def _candidates():
    env = os.environ.get("PARLEY_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for build in ("build", "build-asan"):
        yield os.path.join(here, "..", "..", build, "libparley.so")
    for name in ("libparley.so.0", "libparley.so", ctypes.util.find_library("parley")):
        if name:
            yield name


def _load():
    tried = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path}: {e}")
    raise OSError("libparley.so not found (set PARLEY_LIBRARY, build the source tree with "
                  "cmake into build/, or install it): " + "; ".join(tried))


lib = _load()


# ---------------------------------------------------------------- common

class Diag(Structure):
    _fields_ = [("file", c_char_p), ("line", c_int), ("col", c_int), ("message", c_char_p)]


class ErrorRec(Structure):
    _fields_ = [("code", c_int), ("message", c_char * 1024), ("diags", POINTER(Diag)),
                ("ndiags", c_size_t), ("cap", c_size_t)]


# ---------------------------------------------------------------- analysis

class Frontier(Structure):
    _fields_ = [("k", c_size_t), ("actors", POINTER(c_size_t)), ("nissues", c_size_t),
                ("npoints", c_size_t), ("u", POINTER(c_double)), ("count", POINTER(c_uint64)),
                ("outcome", POINTER(c_size_t)), ("total", c_uint64), ("saturated", c_bool),
                ("method", c_char_p)]


class Solution(Structure):
    _fields_ = [("found", c_bool), ("outcome", POINTER(c_size_t)), ("u", POINTER(c_double))]


class Points(Structure):
    _fields_ = [("nash", Solution), ("ks", Solution), ("egalitarian", Solution),
                ("utilitarian", Solution)]


class Zone(Structure):  # pl_zone_t, field for field
    _fields_ = [("known", c_bool), ("allowed", c_uint64), ("accepted", c_uint64),
                ("feasible", c_uint64), ("out_of_mandate", c_uint64), ("not_ratified", c_uint64),
                ("blocks", POINTER(c_uint64)), ("rejects", POINTER(c_uint64)),
                ("partial", c_bool), ("examined", c_uint64), ("over_limit", c_bool),
                ("work", c_uint64)]


class Analysis(Structure):
    _fields_ = [("k", c_size_t), ("actors", POINTER(c_size_t)), ("outcomes_str", c_char * 96),
                ("outcomes", c_uint64), ("outcomes_fit", c_bool), ("rational_known", c_bool),
                ("rational_all", c_bool), ("rational", c_uint64),
                ("frontier", POINTER(Frontier)), ("frontier_status", c_int),
                ("frontier_message", c_char * 1024), ("points", Points), ("zone", Zone),
                ("feasible_kept", c_bool), ("feasible_points", Points),
                ("nproposals", c_size_t), ("proposals", c_void_p)]


# ---------------------------------------------------------------- mediation

class Package(Structure):
    _fields_ = [("outcome", POINTER(c_size_t)), ("utility", POINTER(c_double)),
                ("threshold", POINTER(c_double)), ("slack", POINTER(c_double)),
                ("passes", c_bool), ("blocker", c_size_t), ("nash", c_double),
                ("ks", c_double), ("robustness", c_double), ("nearest", c_size_t),
                ("cost", c_double)]


class MediateOptions(Structure):
    _fields_ = [("top_k", c_size_t), ("max_outcomes", c_uint64), ("without_linkages", c_bool)]


NCRITERIA = 3


class Bridging(Structure):
    _fields_ = [("space", c_uint64), ("npassing", c_uint64), ("nrank", c_size_t * NCRITERIA),
                ("rank", POINTER(Package) * NCRITERIA), ("has_closest", c_bool),
                ("closest", Package), ("ideal", POINTER(c_double))]


# ---------------------------------------------------------------- forecasting

class ForecastInput(Structure):
    _fields_ = [("nactors", c_size_t), ("ndims", c_size_t), ("actor", POINTER(c_char_p)),
                ("dim", POINTER(c_char_p)), ("position", POINTER(c_double)),
                ("salience", POINTER(c_double)), ("capability", POINTER(c_double)),
                ("lo", POINTER(c_double)), ("hi", POINTER(c_double)),
                ("reference", POINTER(c_double)), ("rule", c_int), ("proc", c_int),
                ("commission", c_size_t), ("parliament", c_size_t), ("votes", POINTER(c_double))]


class ForecastResult(Structure):
    _fields_ = [("nactors", c_size_t), ("ndims", c_size_t), ("forecast", POINTER(c_double)),
                ("nrounds", c_uint), ("trajectory", POINTER(c_double)), ("moves", c_void_p),
                ("nmoves", c_size_t), ("capmoves", c_size_t), ("converged", c_bool),
                ("note", c_char * 256)]


class ForecastOptions(Structure):
    _fields_ = [("max_rounds", c_uint), ("trajectory", c_bool), ("seed", c_uint64),
                ("params", POINTER(c_double)), ("progress", c_void_p),  # pl_progress_fn
                ("progress_ctx", c_void_p)]


class ForecastModelType(Structure):
    _fields_ = [("name", c_char_p), ("summary", c_char_p), ("dynamic", c_bool),
                ("nparams", c_size_t)]  # leading fields only: read through pointers


# ---------------------------------------------------------------- simulation

class StrategyType(Structure):
    _fields_ = [("name", c_char_p), ("summary", c_char_p), ("size", c_size_t),
                ("param", c_double)]  # leading fields only


class ProtocolType(Structure):
    _fields_ = [("name", c_char_p), ("summary", c_char_p)]  # leading fields only


OPEN_FN = CFUNCTYPE(c_void_p, c_void_p, c_void_p, POINTER(ErrorRec))
CLOSE_FN = CFUNCTYPE(None, c_void_p, c_void_p)
PROPOSE_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, POINTER(c_size_t), POINTER(ErrorRec))
RESPOND_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, POINTER(c_size_t), POINTER(c_bool),
                       POINTER(ErrorRec))


class External(Structure):
    _fields_ = [("name", c_char_p), ("ctx", c_void_p), ("open", OPEN_FN), ("close", CLOSE_FN),
                ("propose", PROPOSE_FN), ("respond", RESPOND_FN), ("max_refusals", c_size_t)]


class SimOptions(Structure):
    _fields_ = [("seed", c_uint64), ("stream", c_uint64), ("rounds", c_size_t),
                ("strategy", POINTER(c_void_p)), ("param", POINTER(c_double)),
                ("default_strategy", c_void_p), ("accept", c_uint), ("accept_const", c_double),
                ("accept_window", c_double), ("vote", c_int), ("quota", c_double),
                ("voter", c_int), ("temperature", c_double), ("move", c_int),
                ("relay_cost", c_size_t), ("ratify_continue", c_bool), ("record", c_bool),
                ("cache", c_void_p), ("context", c_void_p), ("external", POINTER(c_void_p)),
                ("trace_line", c_void_p), ("trace_ctx", c_void_p), ("keep_rounds", c_size_t)]


class SimResult(Structure):
    _fields_ = [("end", c_int), ("agreement", c_bool), ("ratified", c_bool), ("round", c_size_t),
                ("rounds", c_size_t), ("ended_by", c_size_t), ("outcome", POINTER(c_size_t)),
                ("utility", POINTER(c_double)), ("discounted", POINTER(c_double)),
                ("expected", POINTER(c_double))]


class Event(Structure):
    _fields_ = [("kind", c_int), ("round", c_size_t), ("actor", c_size_t), ("other", c_size_t),
                ("outcome", c_size_t), ("utility", c_double), ("value", c_int)]


class Measure(Structure):
    _fields_ = [("nparties", c_size_t), ("pareto_distance", c_double),
                ("nash_distance", c_double), ("nash", c_uint64), ("frontier_size", c_size_t)]


class Entrant(Structure):
    _fields_ = [("name", c_char_p), ("type", c_void_p), ("param", c_double),
                ("external", POINTER(External))]


class TournamentOptions(Structure):
    _fields_ = [("entrants", POINTER(Entrant)), ("nentrants", c_size_t),
                ("models", POINTER(c_void_p)), ("model_names", POINTER(c_char_p)),
                ("nmodels", c_size_t), ("protocols", POINTER(c_void_p)), ("nprotocols", c_size_t),
                ("nseeds", c_size_t), ("seed", c_uint64), ("rounds", c_size_t),
                ("self_play", c_bool), ("journal", c_char_p)]


class TournamentSession(Structure):
    _fields_ = [("model", c_size_t), ("protocol", c_size_t), ("seed", c_size_t),
                ("entrant", c_size_t * 8), ("nroles", c_size_t), ("agreement", c_bool),
                ("rounds", c_size_t), ("utility", c_double * 8), ("welfare", c_double),
                ("pareto_distance", c_double), ("nash_distance", c_double)]


class TournamentScore(Structure):
    _fields_ = [("entrant", c_size_t), ("n", c_size_t), ("utility", c_double),
                ("utility_ci", c_double), ("welfare", c_double), ("pareto_distance", c_double),
                ("nash_distance", c_double), ("agreement_rate", c_double)]


class Tournament(Structure):
    _fields_ = [("nsessions", c_size_t), ("sessions", POINTER(TournamentSession)),
                ("resumed", c_size_t), ("nentrants", c_size_t),
                ("ranking", POINTER(TournamentScore))]


# ---------------------------------------------------------------- explore (pl_explore.h, pl_io.h)

class LoadOpts(Structure):
    _fields_ = [("variant", c_char_p), ("sets", POINTER(c_char_p)), ("nsets", c_size_t)]


EXPLORE_PROGRESS = CFUNCTYPE(None, c_uint64, c_uint64, c_void_p)


class ExploreOpts(Structure):
    _fields_ = [("worlds", c_uint64), ("seed", c_uint64), ("top", c_size_t), ("threads", c_int),
                ("first", c_uint64), ("count", c_uint64), ("progress", EXPLORE_PROGRESS),
                ("progress_ctx", c_void_p)]


class ExploreResult(Structure):
    _fields_ = [("worlds", c_uint64), ("seed", c_uint64), ("enumerated", c_bool),
                ("space", c_uint64), ("any_feasible", c_uint64), ("feasible_sum", c_uint64),
                ("nproposals", c_size_t), ("proposal_pass", POINTER(c_uint64)),
                ("nactors", c_size_t), ("blocks", POINTER(c_uint64)),
                ("pivotal", POINTER(c_uint64)), ("nvariants", c_size_t),
                ("variant_worlds", POINTER(c_uint64)), ("package_pass", POINTER(c_uint64)),
                ("nash", POINTER(c_uint64))]


class ExploreInput(Structure):  # pl_explore_input_t
    _fields_ = [("sc", POINTER(c_void_p)), ("weight", POINTER(c_double)), ("nsc", c_size_t),
                ("variant", POINTER(c_char_p)), ("spread", c_double), ("nuncertain", c_size_t)]


class ExploreSum(Structure):  # pl_explore_sum_t
    _fields_ = [("hi", c_int64), ("lo", c_uint64)]


class ExploreSimOpts(Structure):  # pl_explore_sim_opts_t
    _fields_ = [("base", POINTER(ExploreOpts)), ("protocols", POINTER(c_void_p)),
                ("nprotocols", c_size_t), ("strategies", POINTER(c_void_p)),
                ("nstrategies", c_size_t), ("rounds", c_size_t)]


class ExploreSimResult(Structure):  # pl_explore_sim_result_t
    _fields_ = [("worlds", c_uint64), ("seed", c_uint64), ("agreements", c_uint64),
                ("rounds_sum", c_uint64), ("rounds_sumsq", c_uint64), ("nactors", c_size_t),
                ("utility", POINTER(ExploreSum)), ("utility_sq", POINTER(ExploreSum)),
                ("nprotocols", c_size_t), ("protocol_worlds", POINTER(c_uint64)),
                ("protocol_agreements", POINTER(c_uint64)), ("nvariants", c_size_t),
                ("variant_worlds", POINTER(c_uint64)), ("enumerated", c_bool),
                ("space", c_uint64), ("outcome", POINTER(c_uint64))]


class ExploreForecastOpts(Structure):  # pl_explore_forecast_opts_t
    _fields_ = [("base", POINTER(ExploreOpts)), ("models", POINTER(c_void_p)),
                ("nmodels", c_size_t), ("noise", c_double), ("max_rounds", c_uint)]


class ExploreForecastResult(Structure):  # pl_explore_forecast_result_t
    _fields_ = [("worlds", c_uint64), ("seed", c_uint64), ("first", c_uint64),
                ("nmodels", c_size_t), ("ndims", c_size_t), ("value", POINTER(c_double)),
                ("nvariants", c_size_t), ("variant_worlds", POINTER(c_uint64))]


class ExploreStats(Structure):  # pl_explore_stats_t
    _fields_ = [("n", c_uint64), ("mean", c_double), ("sd", c_double), ("se", c_double),
                ("q05", c_double), ("q50", c_double), ("q95", c_double)]


# ---------------------------------------------------------------- signatures

def _sig(name, res, *args):
    f = getattr(lib, name)
    f.restype = res
    f.argtypes = list(args)


E = POINTER(ErrorRec)
M = c_void_p
_sig("pl_error_init", None, E)
_sig("pl_error_destroy", None, E)
_sig("pl_error_clear", None, E)
_sig("pl_version", c_char_p)
_sig("pl_scenario_load", c_int, c_char_p, c_char_p, POINTER(c_void_p), E)
_sig("pl_scenario_free", None, c_void_p)
_sig("pl_model_compile", c_int, c_void_p, POINTER(M), E)
_sig("pl_model_free", None, M)
for n in ("pl_model_nissues", "pl_model_nactors", "pl_model_nparties"):
    _sig(n, c_size_t, M)
_sig("pl_model_nvalues", c_size_t, M, c_size_t)
_sig("pl_model_party", c_size_t, M, c_size_t)
_sig("pl_model_actor_name", c_char_p, M, c_size_t)
_sig("pl_model_issue_name", c_char_p, M, c_size_t)
_sig("pl_model_value_label", c_char_p, M, c_size_t, c_size_t)
_sig("pl_model_value_number", c_double, M, c_size_t, c_size_t)
_sig("pl_model_issue_kind", c_int, M, c_size_t)
_sig("pl_model_role", c_int, M, c_size_t)
_sig("pl_model_utility", c_double, M, c_size_t, POINTER(c_size_t))
_sig("pl_model_accepts", c_bool, M, c_size_t, POINTER(c_size_t))
_sig("pl_model_within_mandate", c_bool, M, c_size_t, POINTER(c_size_t))
_sig("pl_model_threshold", c_double, M, c_size_t)
_sig("pl_model_reservation", c_double, M, c_size_t)
_sig("pl_model_has_preferences", c_bool, M, c_size_t)
_sig("pl_model_at_table", c_bool, M, c_size_t)
_sig("pl_model_nvia", c_size_t, M, c_size_t)
_sig("pl_model_via", c_size_t, M, c_size_t, c_size_t)
_sig("pl_model_space_size", c_bool, M, POINTER(c_uint64))
_sig("pl_model_outcome_from_index", None, M, c_uint64, POINTER(c_size_t))
_sig("pl_analysis_run", c_int, M, c_void_p, POINTER(POINTER(Analysis)), E)
_sig("pl_analysis_free", None, POINTER(Analysis))
_sig("pl_mediate_options_init", None, POINTER(MediateOptions))
_sig("pl_mediate_bridging_init", None, POINTER(Bridging))
_sig("pl_mediate_bridging_destroy", None, POINTER(Bridging))
_sig("pl_mediate_bridging", c_int, M, POINTER(MediateOptions), POINTER(Bridging), E)
_sig("pl_forecast_input_init", None, POINTER(ForecastInput))
_sig("pl_forecast_input_destroy", None, POINTER(ForecastInput))
_sig("pl_forecast_input_from_model", c_int, M, POINTER(ForecastInput), E)
_sig("pl_forecast_result_init", None, POINTER(ForecastResult))
_sig("pl_forecast_result_destroy", None, POINTER(ForecastResult))
_sig("pl_forecast_options_init", None, POINTER(ForecastOptions))
_sig("pl_forecast_model_find", POINTER(ForecastModelType), c_char_p)
_sig("pl_forecast_run", c_int, POINTER(ForecastModelType), POINTER(ForecastInput),
     POINTER(ForecastOptions), POINTER(ForecastResult), E)
_sig("pl_strategy_parse", c_int, c_char_p, POINTER(c_void_p), POINTER(c_double), E)
_sig("pl_strategy_count", c_size_t)
_sig("pl_strategy_at", POINTER(StrategyType), c_size_t)
_sig("pl_protocol_find", c_void_p, c_char_p)
_sig("pl_sim_options_init", None, POINTER(SimOptions))
_sig("pl_session_alloc", c_int, M, c_void_p, POINTER(SimOptions), POINTER(c_void_p), E)
_sig("pl_session_run", c_int, c_void_p, E)
_sig("pl_session_result", POINTER(SimResult), c_void_p)
_sig("pl_session_free", None, c_void_p)
_sig("pl_session_nevents", c_size_t, c_void_p)
_sig("pl_session_event", POINTER(Event), c_void_p, c_size_t)
_sig("pl_session_event_outcome", POINTER(c_size_t), c_void_p, POINTER(Event))
_sig("pl_session_nnegotiators", c_size_t, c_void_p)
_sig("pl_session_negotiator", c_size_t, c_void_p, c_size_t)
_sig("pl_session_strategy", POINTER(StrategyType), c_void_p, c_size_t)
_sig("pl_event_kind_name", c_char_p, c_int)
_sig("pl_end_reason_name", c_char_p, c_int)
_sig("pl_sim_measure", c_int, M, POINTER(c_size_t), POINTER(Measure), E)
_sig("pl_error_set", c_int, E, c_int, c_char_p, c_char_p)  # called with fmt "%s"
for n in ("pl_view_utility",):
    _sig(n, c_double, c_void_p, POINTER(c_size_t))
for n in ("pl_view_reservation", "pl_view_best", "pl_view_time", "pl_view_deadline",
          "pl_view_last_offered"):
    _sig(n, c_double, c_void_p)
for n in ("pl_view_round", "pl_view_actor", "pl_view_party", "pl_view_nissues",
          "pl_view_history", "pl_view_refusals"):
    _sig(n, c_size_t, c_void_p)
_sig("pl_view_history_outcome", POINTER(c_size_t), c_void_p, c_size_t)
_sig("pl_view_history_round", c_size_t, c_void_p, c_size_t)
_sig("pl_view_refusal", c_char_p, c_void_p)
_sig("pl_view_model", c_void_p, c_void_p)
_sig("pl_tournament_options_init", None, POINTER(TournamentOptions))
_sig("pl_tournament_run", c_int, POINTER(TournamentOptions), POINTER(POINTER(Tournament)), E)
_sig("pl_tournament_free", None, POINTER(Tournament))
_sig("pl_tournament_write_csv", c_int, POINTER(Tournament), POINTER(TournamentOptions), c_char_p, E)
_sig("pl_tournament_write_json", c_int, POINTER(Tournament), POINTER(TournamentOptions), c_char_p,
     E)
_sig("pl_scenario_load_opts", c_int, c_char_p, POINTER(LoadOpts), POINTER(c_void_p), E)
_sig("pl_explore_run", c_int, POINTER(c_void_p), POINTER(c_double), c_size_t, POINTER(ExploreOpts),
     POINTER(POINTER(ExploreResult)), E)
_sig("pl_explore_free", None, POINTER(ExploreResult))
_sig("pl_explore_top", c_size_t, POINTER(ExploreResult), POINTER(c_uint64), c_size_t,
     POINTER(c_uint64))
_sig("pl_model_proposal_name", c_char_p, M, c_size_t)
_sig("pl_explore_load", c_int, c_char_p, POINTER(LoadOpts), c_double, c_bool,
     POINTER(POINTER(ExploreInput)), E)
_sig("pl_explore_input_free", None, POINTER(ExploreInput))
_sig("pl_strategy_find", c_void_p, c_char_p)
_sig("pl_explore_sum_value", c_double, POINTER(ExploreSum))
_sig("pl_explore_sim_run", c_int, POINTER(c_void_p), POINTER(c_double), c_size_t,
     POINTER(ExploreSimOpts), POINTER(POINTER(ExploreSimResult)), E)
_sig("pl_explore_sim_free", None, POINTER(ExploreSimResult))
_sig("pl_explore_forecast_run", c_int, POINTER(c_void_p), POINTER(c_double), c_size_t,
     POINTER(ExploreForecastOpts), POINTER(POINTER(ExploreForecastResult)), E)
_sig("pl_explore_forecast_free", None, POINTER(ExploreForecastResult))
_sig("pl_explore_forecast_stats", c_int, POINTER(ExploreForecastResult), c_size_t, c_size_t,
     POINTER(ExploreStats), E)
_sig("pl_protocol_count", c_size_t)
_sig("pl_protocol_at", POINTER(ProtocolType), c_size_t)
_sig("pl_forecast_model_count", c_size_t)
_sig("pl_forecast_model_at", POINTER(ForecastModelType), c_size_t)
