"""Outside negotiators written in Python: every protocol, rule enforcement with reasons,
determinism, exceptions ending the session cleanly, the reply parser, the LLM example."""
import os
import random
import subprocess
import sys

import pytest

import parley
from conftest import DOHA, LAPTOP, SOURCE, need

PROTOCOLS = ["sao", "amop", "single-text", "feedback", "shuttle"]


class Scripted:
    """Concedes along its own sorted packages; accepts what is worth its current target."""

    def __init__(self, seed=0):
        self.rng = random.Random(seed)
        self.proposes = self.responds = 0
        self.seen = []

    def _target(self, view):
        return view.best - (view.best - view.reservation) * min(1.0, view.time) * 0.8

    def propose(self, view):
        self.proposes += 1
        sc = view.scenario
        pkgs = []
        import itertools
        for vals in itertools.product(*[range(len(i.options)) for i in sc.issues]):
            o = sc.outcome(vals)
            pkgs.append((view.utility(o), self.rng.random(), o))
        ok = [p for p in pkgs if p[0] >= self._target(view)]
        return min(ok, key=lambda p: (p[0], p[1]))[2] if ok else None

    def respond(self, view, offer):
        self.responds += 1
        self.seen.append((view.round, dict(offer)))
        return view.utility(offer) >= self._target(view)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_every_protocol(protocol):
    need(LAPTOP)
    with parley.load(LAPTOP) as sc:
        neg = Scripted()
        r = sc.simulate(protocol=protocol, rounds=30, seed=5,
                        strategies={sc.parties[0]: neg, sc.parties[1]: "boulware"})
        assert r.negotiators[sc.parties[0]] == "external"
        assert neg.proposes + neg.responds > 0
        assert r.end in ("agreement", "deadline", "breakdown")
        if r.agreement:  # whatever was agreed is rational for the Python side
            assert r.utility[sc.parties[0]] >= 0


def test_deterministic():
    need(LAPTOP)
    with parley.load(LAPTOP) as sc:
        runs = [sc.simulate(protocol="sao", rounds=40, seed=9, trace=True,
                            strategies={sc.parties[0]: Scripted(1), sc.parties[1]: "random"})
                for _ in range(2)]
        assert runs[0].events == runs[1].events and runs[0].events


class Stubborn:
    """Offers the given package until refused, then records why and offers its fallback."""

    def __init__(self, first, then):
        self.first, self.then, self.refusals = first, then, []

    def propose(self, view):
        if view.refusal:
            self.refusals.append((view.refusal, view.refusals))
            return self.then
        return self.first

    def respond(self, view, offer):
        return False


def test_mandate_enforced():
    with parley.load(DOHA, variant="no core mandate") as sc:
        nash = parley.load(DOHA).analyze().nash.outcome  # rational, but ceasefire: phased
        fallback = dict(nash, ceasefire="temporary", withdrawal="none",
                        **{"Philadelphi corridor": "Israeli control"})
        neg = Stubborn(nash, fallback)
        r = sc.simulate(protocol="sao", rounds=4, trace=True, strategies={"Israel": neg})
        assert neg.refusals and "outside your mandate" in neg.refusals[0][0]
        assert neg.refusals[0][1] == 1
        offers = [e for e in r.events if e["event"] == "offer" and e["actor"] == "Israeli delegation"]
        assert offers and all(o["outcome"]["ceasefire"] == "temporary" for o in offers)


def test_reservation_enforced_and_walkout():
    with parley.load(DOHA) as sc:
        import itertools
        bad = min((sc.outcome(v) for v in itertools.product(
            *[range(len(i.options)) for i in sc.issues])), key=lambda o: sc.utility("Israel", o))
        assert sc.utility("Israel", bad) < 0.35

        class Insist:
            calls = 0

            def propose(self, view):
                Insist.calls += 1
                Insist.last = view.refusal
                return bad

            def respond(self, view, offer):
                return False

        r = sc.simulate(protocol="sao", strategies={"Israel": Insist()})
        assert r.end == "breakdown" and r.ended_by == "Israeli delegation"
        assert Insist.calls == 3 and "below the reservation" in Insist.last


def test_exception_ends_session():
    need(LAPTOP)

    class Broken(Scripted):
        def respond(self, view, offer):
            raise ValueError("model unavailable")

    with parley.load(LAPTOP) as sc:
        with pytest.raises(parley.Error) as e:
            sc.simulate(protocol="sao", strategies={sc.parties[1]: Broken()})
        assert "respond failed: ValueError: model unavailable" in str(e.value)
        assert isinstance(e.value.__cause__, ValueError)
        # the scenario is still usable afterwards
        assert sc.simulate(protocol="sao").end


def test_bad_reply_type():
    need(LAPTOP)

    class Wrong(Scripted):
        def propose(self, view):
            return 42

    with parley.load(LAPTOP) as sc:
        with pytest.raises(parley.Error, match="propose failed: TypeError"):
            sc.simulate(strategies={sc.parties[0]: Wrong()})


def test_parse_and_render():
    need(LAPTOP)
    with parley.load(LAPTOP) as sc:
        assert parley.parse_reply("Accept.", sc) == "accept"
        assert parley.parse_reply(" reject: too low", sc) == "reject"
        assert parley.parse_reply("walk out", sc) == "walkout"
        want = {"Laptop": "HP", "Harddisk": "80 Gb", "External Monitor": "19'' LCD"}
        assert parley.parse_reply('I offer {"Laptop": "hp", "Harddisk": "80 Gb", '
                                  '"External Monitor": "19\'\' LCD"}', sc) == want
        assert parley.parse_reply("Laptop: HP, Harddisk: 80 Gb, External Monitor: 19'' LCD",
                                  sc) == want
        assert parley.parse_reply("{Laptop: Acer}", sc) == {}
        texts = []

        class Reader(Scripted):
            def respond(self, view, offer):
                texts.append(view.render())
                return super().respond(view, offer)

        sc.simulate(protocol="sao", rounds=5, strategies={sc.parties[1]: Reader()})
        t = texts[-1]
        assert "Issues and options:" in t and "- Laptop: Dell | Macintosh | HP" in t
        assert "On the table:" in t and "Reply with one word: accept or reject." in t
        assert "Offers received" in t and "rounds left" in t


def test_llm_example_runs():
    need(LAPTOP)
    env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE, "python"))
    out = subprocess.run([sys.executable, os.path.join(SOURCE, "python", "examples",
                                                       "llm_negotiator.py"), LAPTOP],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert "Issues and options:" in out and "agreement in round" in out
