"""parley.tournament(): built-in and Python entrants, every pairing in every role, fresh
Python negotiators per session, determinism, resuming from the journal, failures."""
import csv
import json
import os

import pytest

import parley
from conftest import GENIUS, LAPTOP, need
from test_negotiators import Scripted

MADE = []


class Py(Scripted):
    def __init__(self):
        super().__init__(0)
        MADE.append(self)


def test_tournament_mixed(tmp_path):
    need(LAPTOP)
    MADE.clear()
    out = str(tmp_path / "t")
    res = parley.tournament([LAPTOP], ["boulware", "hardliner", Py], seeds=2, rounds=30, out=out)
    # 3 entrants in 2 roles: 9 assignments x 2 seeds
    assert len(res["sessions"]) == 18
    roles = {}
    for s in res["sessions"]:
        for party, ent in s["entrants"].items():
            roles[(party, ent)] = roles.get((party, ent), 0) + 1
    assert set(roles.values()) == {6}
    # one fresh Python negotiator per role played: (2 * 3 - 1) assignments include Py, Py-Py twice
    assert len(MADE) == 2 * (2 * 3 - 1 + 1)
    rk = res["ranking"]
    assert [r["rank"] for r in rk] == [1, 2, 3]
    assert rk[0]["utility"] >= rk[1]["utility"] >= rk[2]["utility"]
    for r in rk:
        assert r["n"] == 12 and r["utility_ci95"] >= 0 and 0 <= r["agreement_rate"] <= 1
    # the files: CSV rows per role, JSON ranking equal to the returned one
    rows = list(csv.DictReader(open(os.path.join(out, "sessions.csv"))))
    assert len(rows) == 36
    j = json.load(open(os.path.join(out, "tournament.json")))
    assert [r["entrant"] for r in j["ranking"]] == [r["entrant"] for r in rk]
    # resuming a finished run plays nothing again and gives the same results
    MADE.clear()
    again = parley.tournament([LAPTOP], ["boulware", "hardliner", Py], seeds=2, rounds=30, out=out)
    assert again["resumed"] == 18 and not MADE
    assert again["ranking"] == res["ranking"]


def test_tournament_deterministic_builtin():
    need(LAPTOP)
    a = parley.tournament([LAPTOP, os.path.join(GENIUS, "y2010", "ItexvsCypress")],
                          ["random", "aspiration"], protocols=["sao", "amop"], seeds=2, rounds=40)
    b = parley.tournament([LAPTOP, os.path.join(GENIUS, "y2010", "ItexvsCypress")],
                          ["random", "aspiration"], protocols=["sao", "amop"], seeds=2, rounds=40)
    assert a == b and len(a["sessions"]) == 2 * 2 * 4 * 2


def test_tournament_failure():
    need(LAPTOP)

    class Boom(Scripted):
        def __init__(self):
            super().__init__(0)

        def propose(self, view):
            raise RuntimeError("no")

    with pytest.raises(parley.Error, match="propose failed: RuntimeError: no") as e:
        parley.tournament([LAPTOP], ["boulware", Boom], rounds=10)
    assert isinstance(e.value.__cause__, RuntimeError)
    with pytest.raises(parley.Error, match="unknown strategy"):
        parley.tournament([LAPTOP], ["nope"])
