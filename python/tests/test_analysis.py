"""The binding against the C tests' references: GENIUS brute-force results (shared/data/genius/
reference, computed independently of parley) and the Doha example, whose rational count and
Nash point are recomputed here by enumeration through the model's own accessors."""
import glob
import json
import math
import os
import threading
from ctypes import c_size_t

import pytest

import parley
from parley._lib import lib
from conftest import DOHA, GENIUS, LAPTOP, SOURCE, need

REFS = sorted(glob.glob(os.path.join(GENIUS, "reference", "*.json")))


def _ref_cases():
    out = []
    for path in REFS:
        ref = json.load(open(path))
        year, name = os.path.basename(path)[:-5].split("_", 1)
        folder = os.path.join(GENIUS, year.lower(), name)
        if os.path.isdir(folder) and ref["outcomes"] <= 400000:
            out.append(pytest.param(folder, ref, id=name))
    return out


@pytest.mark.parametrize("folder,ref", _ref_cases())
def test_genius_reference(folder, ref):
    with parley.load(folder) as sc:
        a = sc.analyze()
        assert a.outcomes == ref["outcomes"]
        assert a.rational == ref["rational"]
        assert a.pareto == ref["pareto"]
        for key in ("nash", "ks", "egalitarian", "utilitarian"):
            want, got = ref[key], getattr(a, key)
            if want is None:
                assert got is None
                continue
            assert {k: str(v) for k, v in got.outcome.items()} == \
                {k: str(v) for k, v in want["outcome"].items()}, key
            for p, u in zip(a.parties, want["utilities"]):
                assert got.utility[p] == pytest.approx(u, abs=1e-6), (key, p)


def test_genius_references_present():
    # the parametrised test must not silently collect nothing
    assert len(_ref_cases()) >= 5


def _brute_force(sc):
    m = sc._m
    sizes = [len(i.options) for i in sc.issues]
    parties = [sc.actor_index(p) for p in sc.parties]
    thr = [lib.pl_model_threshold(m, p) for p in parties]
    rational, best, best_u = 0, -1.0, None
    total = math.prod(sizes)
    arr = (c_size_t * len(sizes))()
    for x in range(total):
        y = x
        for i in reversed(range(len(sizes))):
            arr[i] = y % sizes[i]
            y //= sizes[i]
        if all(lib.pl_model_accepts(m, p, arr) for p in parties):
            rational += 1
            u = [lib.pl_model_utility(m, p, arr) for p in parties]
            prod = math.prod(ui - t for ui, t in zip(u, thr))
            if prod > best + 1e-15:
                best, best_u = prod, u
    return total, rational, best_u


def test_doha_analysis():
    with parley.load(DOHA) as sc:
        a = sc.analyze()
        assert a.parties == ["Israel", "Hamas"]
        total, rational, nash_u = _brute_force(sc)
        assert a.outcomes == total == 3 * 4 * 4 * 3 * 3 * 5 * 3
        assert a.rational == rational
        assert [a.nash.utility[p] for p in a.parties] == pytest.approx(nash_u, abs=1e-12)
        assert 0 < a.pareto <= rational
        # the Nash point's utilities are those of its outcome
        for p in a.parties:
            assert sc.utility(p, a.nash.outcome) == pytest.approx(a.nash.utility[p], abs=1e-12)


def test_zone_matches_the_command():
    """The zone's counts read through ctypes are those `parley analyze --json` prints (the
    Structure mirrors pl_zone_t field for field: a missing field shifts every later count)."""
    path = os.path.join(os.path.dirname(DOHA), "coalition.yaml")
    with parley.load(path) as sc:
        z = sc.analyze().zone
    # examples/coalition.yaml, counted by `parley analyze --json`: 108 outcomes the constraints
    # allow, 13 the table accepts, 9 of them not ratified, 4 feasible
    assert z["known"] and not z["partial"]
    assert (z["allowed"], z["accepted"], z["not_ratified"], z["out_of_mandate"], z["feasible"]) == \
        (108, 13, 9, 0, 4)


def test_doha_variant_and_mediate_forecast():
    with parley.load(DOHA, variant="no core mandate") as sc:
        assert sc.variant == "no core mandate"
        med = sc.mediate(top=2)
        assert med["space"] == 6480
        for crit in ("nash", "ks", "robust"):
            assert len(med[crit]) <= 2
            for p in med[crit]:
                assert p["passes"]
        f = sc.forecast("median")
        assert set(f) <= {i.name for i in sc.issues} and f


def test_errors_have_positions(tmp_path):
    with pytest.raises(parley.Error) as e:
        parley.load(str(tmp_path / "missing.yaml"))
    assert e.value.file and "missing.yaml" in e.value.file
    bad = tmp_path / "bad.yaml"
    bad.write_text("parley: 1\nissues:\n  x: {type: ordered, options: [a, b]}\nactors:\n  A: {stance: {y: {position: a}}}\n")
    with pytest.raises(parley.Error) as e:
        parley.load(str(bad))
    assert e.value.file.endswith("bad.yaml") and e.value.line == 5 and e.value.column > 0
    assert e.value.message and str(e.value).startswith(e.value.file + ":5:")
    with pytest.raises(parley.Error) as e:
        parley.load(DOHA, variant="no such variant")
    assert "no such variant" in str(e.value)


def test_set():
    # what-ifs as --set PATH=VALUE (test_explore.py checks their effect)
    parley.load(DOHA, set={"actors.Israel.reservation": 0.5}).close()
    parley.load(DOHA, set={}).close()  # empty: nothing to override
    with pytest.raises(parley.Error) as e:
        parley.load(DOHA, set={"actors.Israel.reservation": "abc"})
    assert "must be a number" in str(e.value)


def test_close_and_context():
    sc = parley.load(DOHA)
    with sc:
        assert sc.analyze().outcomes == 6480
    with pytest.raises(parley.Error):
        sc.analyze()
    sc.close()  # idempotent


def test_threads():
    need(LAPTOP)
    with parley.load(LAPTOP) as sc:
        want = (sc.analyze().nash, sc.simulate(seed=3).utility)
        got, errors = [], []

        def work():
            try:
                for _ in range(5):
                    got.append((sc.analyze().nash, sc.simulate(seed=3).utility))
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        ts = [threading.Thread(target=work) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert not errors and len(got) == 20 and all(g == want for g in got)
