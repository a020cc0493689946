"""Scenario.explore gives the numbers `parley explore FILE --json` prints with the same options, for
each engine, on examples/doha-2024.yaml and examples/coalition.yaml (neither states uncertain
values: --spread applies) and on a copy of Doha whose two variants carry weights (worlds draw
them by weight). A ctypes mirror that misses a field shifts every later value; these checks read
fields at the start, middle and end of each result struct."""
import json
import os
import subprocess

import pytest

import parley
from conftest import DOHA, SOURCE

COALITION = os.path.join(SOURCE, "examples", "coalition.yaml")


def tool():
    path = os.environ.get("PARLEY") or os.path.join(SOURCE, "build", "parley")
    if not os.path.exists(path):
        pytest.skip(f"no parley tool at {path} (CTest sets PARLEY)")
    return path


def cli(path, *args):
    out = subprocess.run([tool(), "explore", path, "--json", "-q", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def close(a, b):
    # the tool prints reals with 10 significant digits
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def same_p(py, js):
    assert py["worlds"] == js["worlds"] and close(py["p"], js["p"]) and close(py["se"], js["se"]), \
        (py, js)


def same_header(py, js):
    assert py["engine"] == js["engine"] and py["worlds"] == js["worlds"]
    assert py["seed"] == js["seed"] and close(py["spread"], js["spread"])
    assert [v["name"] for v in py["variants"]] == [v["name"] for v in js["variants"]]
    for v, w in zip(py["variants"], js["variants"]):
        assert close(v["weight"], w["weight"])
        same_p(v["drawn"], w["drawn"])


def package(js):
    # the tool writes every value as its label; Python gives numbers for numeric issues
    return {k: str(v) for k, v in js.items()}


def check_acceptance(sc, path, extra=(), **kw):
    py = sc.explore(worlds=300, seed=3, top=4, **kw)
    js = cli(path, "--worlds", "300", "--seed", "3", "--top", "4", "--no-flips", *extra)
    assert js["engine"] == "acceptance"
    same_header(py, js)
    assert py["enumerated"] == js["enumerated"] and py["space"] == js["space"]
    same_p(py["feasible"], js["feasible"])
    assert close(py["mean_feasible_packages"], js["mean_feasible_packages"])
    assert list(py["proposals"]) == [p["name"] for p in js["proposals"]]
    for p in js["proposals"]:
        same_p(py["proposals"][p["name"]], p["passes"])
    assert list(py["actors"]) == [a["name"] for a in js["actors"]]
    for a in js["actors"]:
        same_p(py["actors"][a["name"]]["blocks"], a["blocks"])
        same_p(py["actors"][a["name"]]["pivotal"], a["pivotal"])
    for key, count in (("top_packages", "passes"), ("nash", "share")):
        assert len(py[key]) == len(js[key])
        for x, y in zip(py[key], js[key]):
            assert package(x["package"]) == package(y["package"])
            same_p(x[count], y[count])
    return py


def check_simulate(sc, path, rounds=0):
    py = sc.explore(worlds=40, seed=5, engine="simulate", protocols="sao,shuttle",
                    strategies=["conceder", "linear"], rounds=rounds)
    js = cli(path, "--engine", "simulate", "--worlds", "40", "--seed", "5", "--protocols",
             "sao,shuttle", "--strategies", "conceder,linear",
             *(("--rounds", str(rounds)) if rounds else ()))
    same_header(py, js)
    assert list(py["protocols"]) == [p["name"] for p in js["protocols"]] == ["sao", "shuttle"]
    for p in js["protocols"]:
        same_p(py["protocols"][p["name"]]["drawn"], p["drawn"])
        same_p(py["protocols"][p["name"]]["agreement"], p["agreement"])
    assert py["strategies"] == js["strategies"]
    same_p(py["agreement"], js["agreement"])
    assert close(py["rounds"]["mean"], js["rounds"]["mean"])
    assert close(py["rounds"]["se"], js["rounds"]["se"])
    assert py["enumerated"] == js["enumerated"] and py["space"] == js["space"]
    assert [package(o["package"]) for o in py["outcomes"]] == \
        [package(o["package"]) for o in js["outcomes"]]
    for x, y in zip(py["outcomes"], js["outcomes"]):
        same_p(x["agreed"], y["agreed"])
    assert list(py["actors"]) == [a["name"] for a in js["actors"]]
    for a in js["actors"]:
        u = py["actors"][a["name"]]["utility"]
        assert close(u["mean"], a["utility"]["mean"]) and close(u["se"], a["utility"]["se"])
    return py


def check_forecast(sc, path):
    py = sc.explore(worlds=30, seed=7, engine="forecast", models="compromise,eum")
    js = cli(path, "--engine", "forecast", "--worlds", "30", "--seed", "7", "--models",
             "compromise,eum")
    same_header(py, js)
    assert close(py["noise"], js["noise"]) and py["noise"] == 0.1  # nothing uncertain: 0.1
    assert [(d["name"], d["lo"], d["hi"]) for d in py["dimensions"]] == \
        [(d["name"], d["lo"], d["hi"]) for d in js["dimensions"]]
    assert list(py["models"]) == [m["model"] for m in js["models"]] == ["compromise", "eum"]
    for m in js["models"]:
        got = py["models"][m["model"]]
        assert list(got) == [f["dimension"] for f in m["forecasts"]]
        for f in m["forecasts"]:
            g = got[f["dimension"]]
            assert g["n"] == f["n"]
            for k in ("mean", "sd", "se", "q05", "q50", "q95"):
                assert close(g[k], f[k]), (m["model"], f["dimension"], k, g[k], f[k])
    return py


@pytest.mark.parametrize("path", [DOHA, COALITION], ids=["doha", "coalition"])
def test_engines_match_the_tool(path):
    with parley.load(path) as sc:
        a = check_acceptance(sc, path)
        assert a["spread"] == 0.1 and a["variants"] == []
        # Doha: nothing is feasible within +-0.1; +-0.3 makes some worlds feasible
        w = check_acceptance(sc, path, ("--spread", "0.3"), spread=0.3)
        assert 0 < w["feasible"]["worlds"] < 300 and len(w["top_packages"]) == 4
        # spread 0 is the file's own values: every world the same
        z = check_acceptance(sc, path, ("--spread", "0"), spread=0)
        assert z["spread"] is None and z["feasible"]["p"] in (0.0, 1.0)
        s = check_simulate(sc, path)
        assert sum(p["drawn"]["worlds"] for p in s["protocols"].values()) == 40
        short = check_simulate(sc, path, 8)  # the round limit reaches the engine
        assert short["rounds"]["mean"] <= 8 < s["rounds"]["mean"]
        if path == COALITION:  # some sessions agree (Doha's never do)
            assert 0 < s["agreement"]["worlds"] < 40 and s["outcomes"]
        f = check_forecast(sc, path)
        assert all(d["n"] == 30 for m in f["models"].values() for d in m.values())


def weighted_doha(tmp_path):
    # Doha's two variants (contradictory reports on the delegation's mandate), trusted 3 to 1
    text = open(DOHA).read()
    for name in ("no core mandate:", "mandate to advance:"):
        w = 3 if name.startswith("no") else 1
        text = text.replace(f"  {name}\n", f"  {name}\n    weight: {w}\n", 1)
    f = tmp_path / "doha-weighted.yaml"
    f.write_text(text)
    return str(f)


def test_weighted_variants_match_the_tool(tmp_path):
    path = weighted_doha(tmp_path)
    with parley.load(path) as sc:
        a = check_acceptance(sc, path)
        names = [v["name"] for v in a["variants"]]
        assert names == ["no core mandate", "mandate to advance"]
        assert [v["weight"] for v in a["variants"]] == [3.0, 1.0]
        drawn = [v["drawn"]["worlds"] for v in a["variants"]]
        assert sum(drawn) == 300 and abs(drawn[0] / 300 - 0.75) < 4 * (0.75 * 0.25 / 300) ** 0.5
        s = check_simulate(sc, path)
        assert len(s["variants"]) == 2
        check_forecast(sc, path)
        # variants=None: the base alone, as `--variant` fixes one
        b = sc.explore(worlds=300, seed=3, top=4, variants=None)
        assert b["variants"] == [] and b != a
    # a scenario loaded as one variant explores that variant only, as --variant does
    with parley.load(path, variant="mandate to advance") as sc:
        check_acceptance(sc, path, ("--variant", "mandate to advance"))


def test_engine_option_errors():
    with parley.load(DOHA) as sc:
        for kw in ({"engine": "nope"}, {"variants": "all"}, {"protocols": "sao"},
                   {"models": "eum"}, {"engine": "forecast", "noise": 2},
                   {"engine": "simulate", "protocols": "sao,sao"}):
            with pytest.raises(parley.Error):
                sc.explore(worlds=5, **kw)
        with pytest.raises(parley.Error) as e:
            sc.explore(worlds=5, engine="simulate", protocols="sao,nope")
        assert "unknown protocol 'nope' (known: " in str(e.value)
        with pytest.raises(parley.Error) as e:
            sc.explore(worlds=5, engine="forecast", models=["eum", "oracle"])
        assert "unknown model 'oracle'" in str(e.value)
