"""Scenario, errors and the results of analyze / simulate / mediate / forecast.

Every C object is owned by exactly one Python object and released by close() (also through
`with`, and by __del__ as a fallback). Calls keep no state outside their own objects, so
several threads may call into the same or different scenarios at once (the library's reads
of a compiled scenario are thread-safe); do not close a scenario another thread is using.
"""

import ctypes
import json
import math
from ctypes import POINTER, byref, c_bool, c_double, c_size_t, c_uint64, c_void_p
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import _lib
from ._lib import lib, PL_UNSET


class Error(Exception):
    """A libparley failure: `message`, and where it applies (`file`, `line`, `column`; None or
    0 when unknown). str() gives "FILE:LINE:COL: message" as the command-line tool prints."""

    def __init__(self, message, file=None, line=0, column=0, code=None, diagnostics=()):
        self.message, self.file, self.line, self.column = message, file, line, column
        self.code = code
        self.diagnostics = list(diagnostics)
        where = ":".join(str(x) for x in (file, line or None, column or None) if x)
        super().__init__(f"{where}: {message}" if where else message)


class _Err:
    """A pl_error_t for one call (no state shared between calls or threads)."""

    def __init__(self):
        self.rec = _lib.ErrorRec()
        lib.pl_error_init(byref(self.rec))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        lib.pl_error_destroy(byref(self.rec))

    def ref(self):
        return byref(self.rec)

    def error(self, status, what=""):
        r = self.rec
        diags = []
        for i in range(r.ndiags):
            d = r.diags[i]
            diags.append((d.file.decode() if d.file else None, d.line, d.col,
                          d.message.decode() if d.message else ""))
        if diags:
            f, ln, col, msg = diags[0]
            return Error(msg, f or None, ln, col, status, diags)
        return Error(what or f"libparley failed with status {status}", code=status)

    def check(self, status, what=""):
        if status > 0:
            raise self.error(status, what)


def _s(b):
    return b.decode() if b is not None else None


def _num(x):
    return None if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))) else x


def version():
    return lib.pl_version().decode()


@dataclass
class Issue:
    name: str
    options: List[Any]  # labels (categorical) or numbers (integer, real)


@dataclass
class Point:
    outcome: Dict[str, Any]
    utility: Dict[str, float]


@dataclass
class Analysis:
    parties: List[str]
    outcomes: int
    rational: Optional[int]
    pareto: Optional[int]            # frontier size counted in outcomes (None: too large)
    pareto_points: List[Point]
    nash: Optional[Point]
    ks: Optional[Point]
    egalitarian: Optional[Point]
    utilitarian: Optional[Point]
    zone: Dict[str, Any]
    frontier_error: Optional[str] = None


@dataclass
class SimResult:
    protocol: str
    end: str
    agreement: bool
    ratified: bool
    round: int                        # 1-based round the talks ended in
    outcome: Optional[Dict[str, Any]]
    utility: Dict[str, float]
    discounted: Dict[str, float]
    expected: Dict[str, float]
    ended_by: Optional[str]
    negotiators: Dict[str, str]
    pareto_distance: Optional[float] = None
    nash_distance: Optional[float] = None
    events: List[Dict[str, Any]] = field(default_factory=list)


class Scenario:
    """A loaded and compiled scenario (YAML file or GENIUS folder). Use parley.load()."""

    def __init__(self, path, variant=None, sets=()):
        self.path, self.variant = str(path), variant
        self._sets = list(sets)  # explore() reloads the file as the tool does
        self._sc = c_void_p()
        self._m = c_void_p()
        with _Err() as e:
            if sets:
                enc = [x.encode() for x in sets]
                arr = (ctypes.c_char_p * len(enc))(*enc)
                lo = _lib.LoadOpts(variant.encode() if variant else None, arr, len(enc))
                e.check(lib.pl_scenario_load_opts(self.path.encode(), byref(lo), byref(self._sc),
                                                  e.ref()))
            else:
                e.check(lib.pl_scenario_load(self.path.encode(),
                                             variant.encode() if variant else None,
                                             byref(self._sc), e.ref()))
            st = lib.pl_model_compile(self._sc, byref(self._m), e.ref())
            if st > 0:
                lib.pl_scenario_free(self._sc)
                self._sc = c_void_p()
                raise e.error(st)
        m = self._m
        self.issues = []
        for i in range(lib.pl_model_nissues(m)):
            kind = lib.pl_model_issue_kind(m, i)
            opts = []
            for v in range(lib.pl_model_nvalues(m, i)):
                if kind == 0:
                    opts.append(_s(lib.pl_model_value_label(m, i, v)))
                else:
                    x = lib.pl_model_value_number(m, i, v)
                    opts.append(int(x) if kind == 1 and x == int(x) else x)
            self.issues.append(Issue(_s(lib.pl_model_issue_name(m, i)), opts))
        self.actors = [_s(lib.pl_model_actor_name(m, a)) for a in range(lib.pl_model_nactors(m))]
        self.parties = [self.actors[lib.pl_model_party(m, k)]
                        for k in range(lib.pl_model_nparties(m))]

    # ---- lifetime
    def close(self):
        """Release the C objects now (idempotent)."""
        if getattr(self, "_m", None):
            lib.pl_model_free(self._m)
            self._m = c_void_p()
        if getattr(self, "_sc", None):
            lib.pl_scenario_free(self._sc)
            self._sc = c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 (interpreter shutdown: the library may be gone)
            pass

    def _model(self):
        if not self._m:
            raise Error("the scenario is closed")
        return self._m

    # ---- outcomes
    def outcome(self, values):
        """{issue: value} of value indices (a sequence of ints)."""
        return {iss.name: iss.options[v] for iss, v in zip(self.issues, values)}

    def indices(self, outcome):
        """Value indices of {issue: value}; PL_UNSET for an issue missing or a value unknown."""
        out = []
        for iss in self.issues:
            v = outcome.get(iss.name, None) if isinstance(outcome, dict) else None
            idx = PL_UNSET
            for k, opt in enumerate(iss.options):
                if opt == v or (isinstance(v, str) and str(opt) == v.strip()):
                    idx = k
                    break
            out.append(idx)
        return out

    def _carray(self, outcome):
        vals = self.indices(outcome) if isinstance(outcome, dict) else list(outcome)
        return (c_size_t * max(1, len(vals)))(*vals)

    def actor_index(self, name):
        try:
            return self.actors.index(name)
        except ValueError:
            raise Error(f"unknown actor '{name}' (actors: {', '.join(self.actors)})") from None

    def utility(self, actor, outcome):
        """Actor's utility of an outcome ({issue: value} or value indices)."""
        return lib.pl_model_utility(self._model(), self.actor_index(actor), self._carray(outcome))

    # ---- analysis
    def analyze(self):
        """Zone of agreement, exact Pareto frontier, Nash / KS / egalitarian / utilitarian."""
        m = self._model()
        p = POINTER(_lib.Analysis)()
        with _Err() as e:
            e.check(lib.pl_analysis_run(m, None, byref(p), e.ref()))
        try:
            a = p.contents
            k = a.k
            names = [self.actors[a.actors[j]] for j in range(k)]

            def point(sol):
                if not sol.found:
                    return None
                o = [sol.outcome[i] for i in range(len(self.issues))]
                return Point(self.outcome(o), {names[j]: sol.u[j] for j in range(k)})

            pts = []
            if a.frontier:
                f = a.frontier.contents
                ni = f.nissues
                for q in range(f.npoints):
                    o = [f.outcome[q * ni + i] for i in range(ni)]
                    pts.append(Point(self.outcome(o), {names[j]: f.u[q * k + j] for j in range(k)}))
            z = a.zone
            zone = {"known": z.known}
            if z.known:
                zone.update(allowed=z.allowed, accepted=z.accepted, feasible=z.feasible,
                            out_of_mandate=z.out_of_mandate, not_ratified=z.not_ratified,
                            partial=z.partial)
            return Analysis(
                parties=names,
                outcomes=a.outcomes if a.outcomes_fit else int(a.outcomes_str.decode()),
                rational=(a.rational if a.rational_known else None),
                pareto=(a.frontier.contents.total if a.frontier else None),
                pareto_points=pts, nash=point(a.points.nash), ks=point(a.points.ks),
                egalitarian=point(a.points.egalitarian),
                utilitarian=point(a.points.utilitarian), zone=zone,
                frontier_error=(None if a.frontier else a.frontier_message.decode()))
        finally:
            lib.pl_analysis_free(p)

    # ---- mediation
    def mediate(self, top=3):
        """Bridging proposals: the best packages by Nash product, Kalai-Smorodinsky and
        robustness (smallest slack of a veto player), each {outcome, utility, passes, ...}."""
        m = self._model()
        o = _lib.MediateOptions()
        lib.pl_mediate_options_init(byref(o))
        o.top_k = top
        b = _lib.Bridging()
        lib.pl_mediate_bridging_init(byref(b))
        try:
            with _Err() as e:
                e.check(lib.pl_mediate_bridging(m, byref(o), byref(b), e.ref()))
            na = len(self.actors)

            def pkg(p):
                o = [p.outcome[i] for i in range(len(self.issues))]
                return {"outcome": self.outcome(o),
                        "utility": {self.actors[x]: _num(p.utility[x]) for x in range(na)},
                        "passes": p.passes, "nash": _num(p.nash), "ks": _num(p.ks),
                        "robustness": _num(p.robustness)}

            out = {"space": b.space, "passing": b.npassing}
            for c, name in enumerate(("nash", "ks", "robust")):
                out[name] = [pkg(b.rank[c][r]) for r in range(b.nrank[c])]
            out["closest"] = pkg(b.closest) if b.has_closest else None
            return out
        finally:
            lib.pl_mediate_bridging_destroy(byref(b))

    # ---- forecasting
    def forecast(self, model="compromise", max_rounds=0, seed=1):
        """Where the talks land on the numeric and ordered issues: {issue: value} by a
        forecasting model (median, wmedian, compromise, nash, eum, smp, exchange, ...)."""
        m = self._model()
        mt = lib.pl_forecast_model_find(model.encode())
        if not mt:
            raise Error(f"unknown forecasting model '{model}'")
        inp = _lib.ForecastInput()
        res = _lib.ForecastResult()
        opt = _lib.ForecastOptions()
        lib.pl_forecast_input_init(byref(inp))
        lib.pl_forecast_result_init(byref(res))
        lib.pl_forecast_options_init(byref(opt))
        opt.max_rounds, opt.seed = max_rounds, seed
        try:
            with _Err() as e:
                e.check(lib.pl_forecast_input_from_model(m, byref(inp), e.ref()))
                e.check(lib.pl_forecast_run(mt, byref(inp), byref(opt), byref(res), e.ref()))
            return {(_s(inp.dim[d]) if inp.dim and inp.dim[d] else f"dim{d}"): _num(res.forecast[d])
                    for d in range(res.ndims)}
        finally:
            lib.pl_forecast_result_destroy(byref(res))
            lib.pl_forecast_input_destroy(byref(inp))

    # ---- uncertainty (docs/uncertainty.md)
    def explore(self, worlds=1000, seed=1, top=5, threads=0, engine="acceptance",
                variants="weighted", spread=0.1, protocols=None, strategies=None, models=None,
                noise=None, rounds=0):
        """Sample `worlds` worlds of the scenario (world i from rng stream (seed, i): the same
        answer for any `threads`) and return what `parley explore FILE --json` reports with the
        same options, as a dict (docs/python.md has every key). The file is reloaded as the tool
        loads it, with this scenario's variant and `set` overrides: variants="weighted" draws
        the file's weighted variants by weight (unless the scenario was loaded as one variant;
        None: the loaded scenario only), and when the file states no uncertain values every
        reservation and participation varies uniformly by +-`spread` (--spread; 0: not).
        engine: "acceptance" (the one acceptance rule; `top` packages), "simulate" (one session
        per world; `protocols` and `strategies` drawn uniformly from lists, `rounds`) or
        "forecast" (`models`, default compromise, nash, eum, smp; `noise`, default 0.1 when the
        file states no uncertain values, else 0; `rounds`). Probabilities are
        P = {"p": probability, "se": Monte Carlo standard error, "worlds": count}."""
        from ._explore import explore
        return explore(self, worlds=worlds, seed=seed, top=top, threads=threads, engine=engine,
                       variants=variants, spread=spread, protocols=protocols,
                       strategies=strategies, models=models, noise=noise, rounds=rounds)

    def _proposal_names(self, n):
        return [_s(lib.pl_model_proposal_name(self._m, k)) for k in range(n)]

    # ---- simulation
    def default_protocol(self):
        m = self._model()
        for a in range(len(self.actors)):
            role = lib.pl_model_role(m, a)
            if role == 1 or (role == 0 and not lib.pl_model_at_table(m, a)):
                return "shuttle"
        return "sao"

    def simulate(self, protocol=None, strategies=None, rounds=0, seed=1, trace=False,
                 measure=True):
        """One session. `strategies` maps actors to a built-in strategy ("boulware",
        "conceder:3", ...) or an outside negotiator (any object with propose(view) and
        respond(view, offer); docs/python.md). Returns a SimResult (events with trace=True)."""
        from ._negotiator import Externals
        m = self._model()
        proto_name = protocol or self.default_protocol()
        proto = lib.pl_protocol_find(proto_name.encode())
        if not proto:
            raise Error(f"unknown protocol '{proto_name}'")
        na = len(self.actors)
        strat = (c_void_p * na)()
        param = (c_double * na)(*([math.nan] * na))
        ext = Externals(self)
        exts = (c_void_p * na)()
        for actor, s in (strategies or {}).items():
            a = self.actor_index(actor)
            if isinstance(s, str):
                t, prm = c_void_p(), c_double()
                with _Err() as e:
                    e.check(lib.pl_strategy_parse(s.encode(), byref(t), byref(prm), e.ref()))
                strat[a], param[a] = t.value, prm.value
            else:
                exts[a] = ctypes.addressof(ext.add(s, actor))
        o = _lib.SimOptions()
        lib.pl_sim_options_init(byref(o))
        o.seed, o.rounds, o.record = seed, rounds, True
        o.strategy = ctypes.cast(strat, POINTER(c_void_p))
        o.param = ctypes.cast(param, POINTER(c_double))
        o.external = ctypes.cast(exts, POINTER(c_void_p))
        s = c_void_p()
        with _Err() as e:
            try:
                st = lib.pl_session_alloc(m, proto, byref(o), byref(s), e.ref())
                if st == 0:
                    st = lib.pl_session_run(s, e.ref())
                if st > 0:
                    err = e.error(st)
                    raise err from ext.exception()
                return self._result(s, proto_name, trace, measure)
            finally:
                if s:
                    lib.pl_session_free(s)
                ext.release()

    def _result(self, s, proto_name, trace, measure):
        m = self._m
        r = lib.pl_session_result(s).contents
        na = len(self.actors)
        outcome = None
        if r.agreement:
            outcome = self.outcome([r.outcome[i] for i in range(len(self.issues))])
        negs = {}
        for k in range(lib.pl_session_nnegotiators(s)):
            t = lib.pl_session_strategy(s, k)
            negs[self.actors[lib.pl_session_negotiator(s, k)]] = _s(t.contents.name)
        res = SimResult(
            protocol=proto_name, end=_s(lib.pl_end_reason_name(r.end)), agreement=r.agreement,
            ratified=r.ratified, round=r.round + 1, outcome=outcome,
            utility={self.actors[a]: r.utility[a] for a in range(na)},
            discounted={self.actors[a]: r.discounted[a] for a in range(na)},
            expected={self.actors[a]: r.expected[a] for a in range(na)},
            ended_by=self.actors[r.ended_by] if r.ended_by != PL_UNSET else None,
            negotiators=negs)
        if measure:
            me = _lib.Measure()
            with _Err() as e:
                st = lib.pl_sim_measure(m, r.outcome if r.agreement else None, byref(me), e.ref())
            if st == 0:
                res.pareto_distance = _num(me.pareto_distance)
                res.nash_distance = _num(me.nash_distance)
        if trace:
            for i in range(lib.pl_session_nevents(s)):
                ev = lib.pl_session_event(s, i)
                o = lib.pl_session_event_outcome(s, ev)
                e = ev.contents
                res.events.append({
                    "round": e.round + 1, "event": _s(lib.pl_event_kind_name(e.kind)),
                    "actor": self.actors[e.actor] if e.actor != PL_UNSET else None,
                    "outcome": self.outcome([o[i] for i in range(len(self.issues))]) if o else None,
                    "utility": _num(e.utility), "value": e.value})
        return res


def _set_value(v):
    # strings are YAML as written ("0.7", "{uniform: [0.5, 0.9]}"); numbers, lists and dicts
    # are written as JSON, which is YAML flow style
    if isinstance(v, str):
        return v
    return json.dumps(v)


def load(path, variant=None, set=None):
    """Load a scenario file (YAML) or GENIUS folder and compile it. `set` is {PATH: VALUE} of
    what-if overrides, as `--set PATH=VALUE` on the command line (docs/uncertainty.md): e.g.
    {"actors.Israel.reservation": 0.6} or {"actors.A.reservation": {"uniform": [0.2, 1]}}; a
    bad path or value raises parley.Error with the loader's message."""
    sets = [f"{k}={_set_value(v)}" for k, v in (set or {}).items()]
    return Scenario(path, variant, sets)
