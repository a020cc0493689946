"""Scenario.explore against answers known by hand (a uniform reservation whose pass probability
is 0.625; Doha's feasibility on each side of the far-right partners' 0.656 breakpoint), the same
tallies for any thread count, and load(set=...) what-ifs."""
import math

import pytest

import parley
from conftest import DOHA

# A's utility of a, b, c is 0.3, 0.7, 1; B's 1, 0.3, 0 (reservation 0.2: B accepts a and b).
# A's reservation r is uniform on [0.2, 1]: P passes (b) when r <= 0.7, probability 0.625.
TWO = """parley: 1
issues:
  deal: {type: categorical, options: [a, b, c]}
actors:
  A:
    role: party
    reservation: {uniform: [0.2, 1.0]}
    utility: {deal: {weight: 1, values: {a: 3, b: 7, c: 10}}}
  B:
    role: party
    reservation: 0.2
    utility: {deal: {weight: 1, values: {a: 10, b: 3, c: 0}}}
proposals:
  P: {outcome: {deal: b}}
"""


def test_uniform_reservation(tmp_path):
    f = tmp_path / "two.yaml"
    f.write_text(TWO)
    with parley.load(str(f)) as sc:
        r = sc.explore(worlds=20000, seed=3)
        assert r["worlds"] == 20000 and r["enumerated"] and r["space"] == 3
        se = math.sqrt(0.625 * 0.375 / 20000)
        p = r["proposals"]["P"]
        assert abs(p["p"] - 0.625) < 4 * se
        assert p["worlds"] == r["feasible"]["worlds"]  # only b is ever feasible
        assert abs(p["se"] - math.sqrt(p["p"] * (1 - p["p"]) / 20000)) < 1e-12
        assert r["top_packages"][0]["package"] == {"deal": "b"}
        # a passes when A's reservation is at most 0.3: probability 0.125
        a = r["top_packages"][1]
        assert a["package"] == {"deal": "a"} and abs(a["passes"]["p"] - 0.125) < 4 * a["passes"]["se"]
        # Nash point: a when (0.3 - r) 0.8 > (0.7 - r) 0.1, i.e. r < 0.17 / 0.7: share 0.0536
        nash = {x["package"]["deal"]: x["share"] for x in r["nash"]}
        want_a = (0.17 / 0.7 - 0.2) / 0.8
        assert abs(nash["a"]["p"] - want_a) < 4 * math.sqrt(want_a * (1 - want_a) / 20000)
        assert nash["a"]["worlds"] + nash["b"]["worlds"] == p["worlds"]
        # B is pivotal whenever b passes (unanimity of two)
        assert r["actors"]["B"]["pivotal"]["worlds"] == p["worlds"]
        # world i draws from stream (seed, i): threads change nothing
        assert sc.explore(worlds=3000, seed=5, threads=1) == sc.explore(worlds=3000, seed=5, threads=2)
        assert sc.explore(worlds=3000, seed=5) != sc.explore(worlds=3000, seed=6)
        with pytest.raises(parley.Error):
            sc.explore(worlds=0)


def test_set_and_doha_breakpoint():
    # a package becomes feasible when the far-right partners' reservation falls below 0.656
    fr = "actors.Far-right partners.reservation"
    for value, want in ((0.6, 1.0), (0.7, 0.0)):
        with parley.load(DOHA, set={fr: value}) as sc:
            r = sc.explore(worlds=20, spread=0)  # no --spread: the value as set
            assert r["feasible"]["p"] == want, (value, r["feasible"])
    with parley.load(DOHA, set={fr: {"uniform": [0.6, 0.7]}}) as sc:
        r = sc.explore(worlds=4000, seed=2)
        # feasible exactly when the reservation is below 0.65625: probability 0.5625
        assert abs(r["feasible"]["p"] - 0.5625) < 4 * math.sqrt(0.25 / 4000)
    with pytest.raises(parley.Error) as e:
        parley.load(DOHA, set={"actors.Far-rigt partners.reservation": 0.7})
    assert "did you mean 'Far-right partners'" in str(e.value)
