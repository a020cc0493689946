"""Scenario.explore: the three engines of `parley explore` (docs/uncertainty.md) through ctypes.

The scenarios are loaded as the tool loads them (pl_explore_load: the weighted variants with
their weights, --spread when the file states no uncertain values), so a call returns the numbers
of `parley explore FILE --json` with the same options, as a dict keyed by name.
"""

import math
from ctypes import POINTER, byref, c_char_p, c_size_t, c_uint64, c_void_p, cast, pointer

from . import _lib
from ._lib import lib

ENGINES = ("acceptance", "simulate", "forecast")
DEFAULT_MODELS = ("compromise", "nash", "eum", "smp")


def _P(k, n):
    """A probability count / n with its Monte Carlo standard error, as the tool prints it."""
    p = k / n if n else 0.0
    return {"p": p, "se": math.sqrt(p * (1 - p) / n) if n else 0.0, "worlds": k}


def _mean_se(s, ss, n):
    # the tool's arithmetic (explore_engines.c), operation for operation
    mean = s / n if n else 0.0
    var = (ss - n * mean * mean) / (n - 1) if n > 1 else 0.0
    return {"mean": mean, "se": math.sqrt(var if var > 0 else 0.0) / math.sqrt(n) if n else 0.0}


def _num(x):
    return None if x is None or math.isnan(x) or math.isinf(x) else x


def _names(what, given, find, known):
    """C pointers of the named types; parley.Error for an unknown name (as the tool says it)."""
    from ._core import Error
    out = []
    if len(set(given)) != len(given):
        raise Error(f"a {what} is named twice in {', '.join(given)}", code=_lib.PL_EINVAL)
    for name in given or ():
        p = find(name.encode())
        p = cast(p, c_void_p).value if p is not None and not isinstance(p, int) else p
        if not p:
            raise Error(f"unknown {what} '{name}' (known: {', '.join(known())})",
                        code=_lib.PL_EINVAL)
        out.append(p)
    return out


def _known_strategies():
    return [lib.pl_strategy_at(k).contents.name.decode() for k in range(lib.pl_strategy_count())]


class _Input:
    """pl_explore_load's scenarios, freed on exit."""

    def __init__(self, sc, variants, spread):
        from ._core import _Err
        self.p = POINTER(_lib.ExploreInput)()
        enc = [x.encode() for x in sc._sets]
        arr = (c_char_p * max(1, len(enc)))(*enc)
        lo = _lib.LoadOpts(sc.variant.encode() if sc.variant else None, arr, len(enc))
        with _Err() as e:
            e.check(lib.pl_explore_load(sc.path.encode(), byref(lo), spread, variants,
                                        byref(self.p), e.ref()))
        x = self.p.contents
        self.n = x.nsc
        self.sc, self.weight = x.sc, x.weight
        self.spread = None if math.isnan(x.spread) else x.spread
        self.nuncertain = x.nuncertain
        self.names = [x.variant[v].decode() if x.variant[v] else None for v in range(self.n)]

    def header(self, engine, worlds, seed, drawn):
        n = worlds
        return {"engine": engine, "worlds": n, "seed": seed, "spread": self.spread,
                "variants": ([{"name": self.names[v], "weight": self.weight[v],
                               "drawn": _P(drawn[v], n)} for v in range(self.n)]
                             if self.n > 1 else [])}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        lib.pl_explore_input_free(self.p)


def explore(sc, worlds=1000, seed=1, top=5, threads=0, engine="acceptance", variants="weighted",
            spread=0.1, protocols=None, strategies=None, models=None, noise=None, rounds=0):
    from ._core import Error
    sc._model()
    if engine not in ENGINES:
        raise Error(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})", code=_lib.PL_EINVAL)
    if variants not in ("weighted", None):
        raise Error("variants must be 'weighted' or None", code=_lib.PL_EINVAL)
    if worlds < 1 or top < 1 or rounds < 0 or not 0 <= spread <= 1:
        raise Error("worlds and top must be at least 1, rounds at least 0, spread in [0, 1]",
                    code=_lib.PL_EINVAL)
    # the tool's checks (cli_explore_engine_check)
    if engine != "simulate" and (strategies or protocols):
        raise Error(f"{'strategies' if strategies else 'protocols'} needs engine='simulate'",
                    code=_lib.PL_EINVAL)
    if engine != "forecast" and (models or (noise or 0) > 0):
        raise Error(f"{'models' if models else 'noise'} needs engine='forecast'",
                    code=_lib.PL_EINVAL)
    if noise is not None and not 0 <= noise <= 1:
        raise Error("noise must be in [0, 1]", code=_lib.PL_EINVAL)
    if engine == "forecast":
        spread = 0  # reservations do not move forecasts
    base = _lib.ExploreOpts(worlds=worlds, seed=seed, top=top, threads=threads)
    with _Input(sc, variants == "weighted", spread) as inp:
        if engine == "acceptance":
            return _acceptance(sc, inp, base, top)
        if engine == "simulate":
            return _simulate(sc, inp, base, top, protocols, strategies, rounds)
        return _forecast(sc, inp, base, models, noise, rounds)


def _acceptance(sc, inp, o, top):
    from ._core import _Err
    r = POINTER(_lib.ExploreResult)()
    with _Err() as e:
        e.check(lib.pl_explore_run(inp.sc, inp.weight, inp.n, byref(o), byref(r), e.ref()))
    try:
        x = r.contents
        n = x.worlds
        names = sc._proposal_names(x.nproposals)
        out = inp.header("acceptance", n, x.seed, x.variant_worlds)
        out.update({
            "enumerated": x.enumerated, "space": x.space if x.enumerated else 0,
            "feasible": _P(x.any_feasible, n) if x.enumerated else None,
            "mean_feasible_packages": x.feasible_sum / n if n else 0.0,
            "proposals": {names[k]: _P(x.proposal_pass[k], n) for k in range(x.nproposals)},
            "actors": {sc.actors[a]: {"blocks": _P(x.blocks[a], n), "pivotal": _P(x.pivotal[a], n)}
                       for a in range(x.nactors)},
            "top_packages": [{"package": pk, "passes": _P(c, n)}
                             for pk, c in _best(sc, r, x.package_pass, top)],
            "nash": [{"package": pk, "share": _P(c, n)} for pk, c in _best(sc, r, x.nash, top)],
        })
        return out
    finally:
        lib.pl_explore_free(r)


def _best(sc, r, counts, top):
    """The `top` packages with the largest counts (ties: lower index first), as the tool lists."""
    if not counts:
        return []
    idx = (c_uint64 * top)()
    got = lib.pl_explore_top(r, counts, top, idx)
    ni = len(sc.issues)
    vals = (c_size_t * max(1, ni))()
    out = []
    for k in range(got):
        lib.pl_model_outcome_from_index(sc._m, idx[k], vals)
        out.append((sc.outcome(list(vals[:ni])), counts[idx[k]]))
    return out


def _simulate(sc, inp, base, top, protocols, strategies, rounds):
    from ._core import _Err
    pnames = protocols.split(",") if isinstance(protocols, str) else list(protocols or ())
    snames = strategies.split(",") if isinstance(strategies, str) else list(strategies or ())
    prot = _names("protocol", pnames, lib.pl_protocol_find,
                  lambda: [lib.pl_protocol_at(k).contents.name.decode()
                           for k in range(lib.pl_protocol_count())])
    strat = _names("strategy", snames, lib.pl_strategy_find, _known_strategies)
    parr = (c_void_p * max(1, len(prot)))(*prot)
    sarr = (c_void_p * max(1, len(strat)))(*strat)
    so = _lib.ExploreSimOpts(base=pointer(base), protocols=parr, nprotocols=len(prot),
                             strategies=sarr, nstrategies=len(strat), rounds=rounds)
    r = POINTER(_lib.ExploreSimResult)()
    with _Err() as e:
        e.check(lib.pl_explore_sim_run(inp.sc, inp.weight, inp.n, byref(so), byref(r), e.ref()))
    try:
        x = r.contents
        n = x.worlds
        out = inp.header("simulate", n, x.seed, x.variant_worlds)
        view = _lib.ExploreResult(enumerated=x.enumerated, space=x.space)
        out.update({
            "protocols": {(pnames[p] if pnames else "default"):
                          {"drawn": _P(x.protocol_worlds[p], n),
                           "agreement": _P(x.protocol_agreements[p], x.protocol_worlds[p])}
                          for p in range(x.nprotocols)},
            "strategies": snames or None,
            "agreement": _P(x.agreements, n),
            "rounds": _mean_se(float(x.rounds_sum), float(x.rounds_sumsq), n),
            "enumerated": x.enumerated, "space": x.space,
            "outcomes": [{"package": pk, "agreed": _P(c, n)}
                         for pk, c in _best(sc, byref(view), x.outcome, top)],
            "actors": {sc.actors[a]: {"utility": _mean_se(
                lib.pl_explore_sum_value(byref(x.utility[a])),
                lib.pl_explore_sum_value(byref(x.utility_sq[a])), n)}
                for a in range(x.nactors) if lib.pl_model_has_preferences(sc._m, a)},
        })
        return out
    finally:
        lib.pl_explore_sim_free(r)


def _forecast(sc, inp, base, models, noise, rounds):
    from ._core import _Err
    mnames = models.split(",") if isinstance(models, str) else list(models or DEFAULT_MODELS)
    mods = _names("model", mnames, lib.pl_forecast_model_find,
                  lambda: [lib.pl_forecast_model_at(k).contents.name.decode()
                           for k in range(lib.pl_forecast_model_count())])
    if noise is None:  # as the tool: 0.1 when the file states no uncertain values
        noise = 0.1 if not inp.nuncertain else 0.0
    marr = (c_void_p * max(1, len(mods)))(*mods)
    fo = _lib.ExploreForecastOpts(base=pointer(base), models=marr, nmodels=len(mods),
                                  noise=noise, max_rounds=rounds)
    m = c_void_p()
    fin = _lib.ForecastInput()
    lib.pl_forecast_input_init(byref(fin))
    r = POINTER(_lib.ExploreForecastResult)()
    try:
        with _Err() as e:  # the dimensions' names and scales: the input at the points
            e.check(lib.pl_model_compile(inp.sc[0], byref(m), e.ref()))
            e.check(lib.pl_forecast_input_from_model(m, byref(fin), e.ref()))
            e.check(lib.pl_explore_forecast_run(inp.sc, inp.weight, inp.n, byref(fo), byref(r),
                                                e.ref()))
        x = r.contents
        dims = [fin.dim[d].decode() if fin.dim and fin.dim[d] else "" for d in range(fin.ndims)]
        out = inp.header("forecast", x.worlds, x.seed, x.variant_worlds)
        out["noise"] = noise
        out["dimensions"] = [{"name": dims[d], "lo": fin.lo[d], "hi": fin.hi[d]}
                             for d in range(fin.ndims)]
        out["models"] = {}
        st = _lib.ExploreStats()
        for k, name in enumerate(mnames):
            f = {}
            for d in range(fin.ndims):
                with _Err() as e:
                    e.check(lib.pl_explore_forecast_stats(r, k, d, byref(st), e.ref()))
                f[dims[d]] = {"n": st.n, "mean": _num(st.mean), "sd": _num(st.sd),
                              "se": _num(st.se), "q05": _num(st.q05), "q50": _num(st.q50),
                              "q95": _num(st.q95)}
            out["models"][name] = f
        return out
    finally:
        lib.pl_explore_forecast_free(r)
        lib.pl_forecast_input_destroy(byref(fin))
        if m:
            lib.pl_model_free(m)
