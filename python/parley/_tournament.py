"""parley.tournament(): pl_tournament_run from Python, with built-in and Python entrants."""

import ctypes
import math
import os
from ctypes import POINTER, byref, c_char_p, c_double, c_void_p

from . import _lib
from ._core import Error, Scenario, _Err, _num, load
from ._lib import lib
from ._negotiator import Externals


def tournament(scenarios, strategies=None, protocols=("sao",), seeds=1, seed=1, rounds=0,
               self_play=True, out=None):
    """Every strategy in every role of every scenario, under every protocol, once per seed.

    scenarios: paths (YAML files, GENIUS folders) or Scenario objects.
    strategies: built-in specs ("boulware", "conceder:3"), Python negotiator classes (one
      instance per session: their name is the class name), or (name, factory) pairs; default:
      the 7 built-in strategies.
    out: a folder for journal.tsv (a rerun resumes from it), sessions.csv, tournament.json.
    Returns {"ranking": [...], "sessions": [...], "resumed": n}.
    """
    owned = []
    scs = []
    for s in scenarios:
        if isinstance(s, Scenario):
            scs.append(s)
        else:
            owned.append(load(s))
            scs.append(owned[-1])
    try:
        return _run(scs, strategies, protocols, seeds, seed, rounds, self_play, out)
    finally:
        for s in owned:
            s.close()


def _entrants(strategies, ext):
    if strategies is None:
        strategies = [lib.pl_strategy_at(i).contents.name.decode()
                      for i in range(lib.pl_strategy_count())]
    ents = (_lib.Entrant * len(strategies))()
    names = []
    for k, s in enumerate(strategies):
        e = ents[k]
        if isinstance(s, str):
            t, prm = c_void_p(), c_double()
            with _Err() as er:
                er.check(lib.pl_strategy_parse(s.encode(), byref(t), byref(prm), er.ref()))
            name, e.type, e.param = s, t.value, prm.value
        else:
            if isinstance(s, tuple):
                name, factory = s
            elif isinstance(s, type):
                name, factory = s.__name__, s
            elif hasattr(s, "propose"):
                name, factory = type(s).__name__, (lambda obj=s: obj)
            else:
                raise Error(f"entrant {s!r}: not a strategy name, class or (name, factory)")
            e.param = math.nan
            e.external = ctypes.pointer(ext.add(factory, name, factory=True))
        names.append(name)
        e.name = name.encode()
    return ents, names


def _run(scs, strategies, protocols, seeds, seed, rounds, self_play, out):
    ext = Externals(scs)
    ents, names = _entrants(strategies, ext)
    models = (c_void_p * len(scs))(*[s._model().value for s in scs])
    mnames = (c_char_p * len(scs))(*[os.path.basename(os.path.normpath(s.path)).encode()
                                     for s in scs])
    protos = []
    for p in protocols:
        ptr = lib.pl_protocol_find(p.encode())
        if not ptr:
            raise Error(f"unknown protocol '{p}'")
        protos.append(ptr)
    parr = (c_void_p * len(protos))(*protos)
    o = _lib.TournamentOptions()
    lib.pl_tournament_options_init(byref(o))
    o.entrants, o.nentrants = ents, len(names)
    o.models, o.model_names, o.nmodels = models, mnames, len(scs)
    o.protocols, o.nprotocols = parr, len(protos)
    o.nseeds, o.seed, o.rounds, o.self_play = seeds, seed, rounds, self_play
    if out:
        os.makedirs(out, exist_ok=True)
        o.journal = os.path.join(out, "journal.tsv").encode()
    t = POINTER(_lib.Tournament)()
    with _Err() as e:
        try:
            st = lib.pl_tournament_run(byref(o), byref(t), e.ref())
            if st > 0:
                raise e.error(st) from ext.exception()
            if out:
                e.check(lib.pl_tournament_write_csv(t, byref(o), os.path.join(out, "sessions.csv").encode(), e.ref()))
                e.check(lib.pl_tournament_write_json(t, byref(o), os.path.join(out, "tournament.json").encode(), e.ref()))
            return _collect(t.contents, scs, names, protocols, mnames)
        finally:
            if t:
                lib.pl_tournament_free(t)
            ext.release()


def _collect(t, scs, names, protocols, mnames):
    ranking = []
    for r in range(t.nentrants):
        s = t.ranking[r]
        ranking.append({"rank": r + 1, "entrant": names[s.entrant], "n": s.n,
                        "utility": _num(s.utility), "utility_ci95": _num(s.utility_ci),
                        "welfare": _num(s.welfare), "pareto_distance": _num(s.pareto_distance),
                        "nash_distance": _num(s.nash_distance),
                        "agreement_rate": _num(s.agreement_rate)})
    sessions = []
    for i in range(t.nsessions):
        s = t.sessions[i]
        sc = scs[s.model]
        sessions.append({"session": i + 1, "scenario": mnames[s.model].decode(),
                         "protocol": protocols[s.protocol], "seed": s.seed + 1,
                         "entrants": {sc.parties[j]: names[s.entrant[j]] for j in range(s.nroles)},
                         "agreement": s.agreement, "rounds": s.rounds,
                         "utility": {sc.parties[j]: s.utility[j] for j in range(s.nroles)},
                         "welfare": s.welfare, "pareto_distance": _num(s.pareto_distance),
                         "nash_distance": _num(s.nash_distance)})
    return {"ranking": ranking, "sessions": sessions, "resumed": t.resumed}
