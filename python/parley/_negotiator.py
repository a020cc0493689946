"""Outside negotiators: any object with propose(view) and respond(view, offer).

The session calls back into Python through pl_external_t. propose returns a package
({issue: value}), a reply text parse_reply understands, or "walkout"/None; respond returns
True/False or "accept"/"reject". The rules stay the library's: an offer it refuses (outside
the mandate, below the reservation, ...) is asked for again with view.refusal set. An exception
in a callback ends the session: simulate() / tournament() raise parley.Error, chained to it.
"""

import json
import re
import threading
from ctypes import POINTER, c_bool, c_size_t

from . import _lib
from ._lib import lib, PL_UNSET, PL_EINVAL, PL_EXTERNAL_WALKOUT


def _s(b):
    return b.decode() if b is not None else None


class View:
    """What one negotiator knows when it is asked. Valid only during the call (its own
    utility reads the live session); copy what you want to keep."""

    def __init__(self, scenario, vp, offer=None):
        self._vp = vp
        self.scenario = scenario
        m = scenario._m
        self.actor = scenario.actors[lib.pl_view_actor(vp)]
        party = lib.pl_view_party(vp)
        self.party = scenario.actors[party]
        self.issues = scenario.issues
        self.round = lib.pl_view_round(vp) + 1
        self.deadline = lib.pl_view_deadline(vp)
        self.rounds_left = max(0, int(self.deadline) - lib.pl_view_round(vp))
        self.time = lib.pl_view_time(vp)
        self.reservation = lib.pl_view_reservation(vp)
        self.best = lib.pl_view_best(vp)
        ni = len(scenario.issues)
        self.history = []
        for k in range(lib.pl_view_history(vp)):
            o = lib.pl_view_history_outcome(vp, k)
            vals = [o[i] for i in range(ni)]
            self.history.append({"round": lib.pl_view_history_round(vp, k) + 1,
                                 "offer": scenario.outcome(vals),
                                 "utility": lib.pl_view_utility(vp, o)})
        self.refusal = _s(lib.pl_view_refusal(vp))
        self.refusals = lib.pl_view_refusals(vp)
        a = lib.pl_view_actor(vp)
        at_table = lib.pl_model_at_table(m, a) and lib.pl_model_at_table(m, party)
        self.via = [scenario.actors[lib.pl_model_via(m, party, j)]
                    for j in range(lib.pl_model_nvia(m, party))]
        self.channel = "the table (directly)" if at_table or not self.via else "via " + ", ".join(self.via)
        self.offer = offer

    def _close(self):
        self._vp = None

    def utility(self, outcome):
        """Own utility of a package ({issue: value})."""
        if self._vp is None:
            from ._core import Error
            raise Error("the view is only valid during the callback")
        idx = self.scenario.indices(outcome)
        if PL_UNSET in idx:
            return float("nan")
        return lib.pl_view_utility(self._vp, (c_size_t * len(idx))(*idx))

    def render(self):
        """The view as text for a person or a language model."""
        return render(self)


def _fmt(outcome):
    return "{" + ", ".join(f"{k}: {v}" for k, v in outcome.items()) + "}"


def render(view):
    """A text briefing of the view: who, when, channel, issues and options, what was
    received, a refusal, the offer on the table, and the expected reply form."""
    lines = []
    who = view.actor if view.actor == view.party else f"{view.actor} (for {view.party})"
    lines.append(f"You are {who}. Round {view.round}; your deadline is round "
                 f"{int(view.deadline)} ({view.rounds_left} rounds left).")
    lines.append(f"You speak at {view.channel}." if not view.via else f"You speak {view.channel}.")
    lines.append(f"No deal is worth {view.reservation:.3f} to you; the best you may ask for is "
                 f"worth {view.best:.3f}.")
    lines.append("Issues and options:")
    for iss in view.issues:
        lines.append(f"- {iss.name}: " + " | ".join(str(o) for o in iss.options))
    if view.history:
        lines.append("Offers received (oldest first):")
        for h in view.history[-10:]:
            lines.append(f"- round {h['round']}: {_fmt(h['offer'])} (worth {h['utility']:.3f} to you)")
    if view.refusal:
        lines.append(f"Your last offer was refused: {view.refusal}. Make another.")
    if view.offer is not None:
        lines.append(f"On the table: {_fmt(view.offer)} (worth {view.utility(view.offer):.3f} "
                     "to you).")
        lines.append("Reply with one word: accept or reject.")
    else:
        lines.append("Reply with your offer as {issue: value, ...} naming every issue, or walkout.")
    return "\n".join(lines)


def parse_reply(text, scenario):
    """A reply as "accept", "reject", "walkout", or a package {issue: value} (values matched
    to the options, case-insensitively; an unknown or missing one is left out, and the
    session then refuses the offer with the reason)."""
    t = text.strip()
    low = t.lower().strip(" .!\"'")
    for word in ("accept", "reject", "walkout"):
        if low == word or low.startswith(word + " ") or low.startswith(word + ":"):
            return word
    if low in ("walk out", "yes", "no"):
        return {"walk out": "walkout", "yes": "accept", "no": "reject"}[low]
    m = re.search(r"\{.*\}", t, re.S)
    body = m.group(0) if m else t
    pairs = {}
    try:
        d = json.loads(body)
        if isinstance(d, dict):
            pairs = {str(k): v for k, v in d.items()}
    except ValueError:
        for part in body.strip().strip("{}").split(","):
            if ":" in part:
                k, v = part.split(":", 1)
                pairs[k.strip().strip("\"")] = v.strip().strip("\"")
    out = {}
    for iss in scenario.issues:
        key = next((k for k in pairs if k.strip().lower() == iss.name.lower()), None)
        if key is None:
            continue
        v = pairs[key]
        for opt in iss.options:
            if opt == v or str(opt).lower() == str(v).strip().lower():
                out[iss.name] = opt
                break
    return out


class Externals:
    """The pl_external_t records of one call (simulate or tournament) and the Python objects
    behind them. Nothing here is shared with another call; ctypes takes the GIL for each
    callback, so sessions in several threads may call in at once."""

    def __init__(self, scenarios):
        if not isinstance(scenarios, (list, tuple)):
            scenarios = [scenarios]
        self.by_model = {sc._m.value: sc for sc in scenarios}
        self.objs = {}
        self.next = 1
        self.lock = threading.Lock()
        self.exc = None
        self.structs = []
        self._open = _lib.OPEN_FN(self._on_open)
        self._close = _lib.CLOSE_FN(self._on_close)
        self._propose = _lib.PROPOSE_FN(self._on_propose)
        self._respond = _lib.RESPOND_FN(self._on_respond)

    def _put(self, obj):
        with self.lock:
            k = self.next
            self.next += 1
            self.objs[k] = obj
        return k

    def add(self, obj, label, factory=False):
        """A pl_external_t for obj (factory: a callable making one negotiator per session)."""
        ctx = self._put(obj)
        st = _lib.External(name=str(label).encode(), ctx=ctx,
                           open=self._open if factory else _lib.OPEN_FN(),
                           close=self._close if factory else _lib.CLOSE_FN(),
                           propose=self._propose, respond=self._respond,
                           max_refusals=int(getattr(obj, "max_refusals", 0) or 0))
        self.structs.append(st)
        return st

    def exception(self):
        return self.exc

    def release(self):
        with self.lock:
            self.objs.clear()

    def _fail(self, err, e):
        with self.lock:
            if self.exc is None:
                self.exc = e
        msg = f"{type(e).__name__}: {e}".encode("utf-8", "replace")
        lib.pl_error_set(err, PL_EINVAL, b"%s", msg)
        return PL_EINVAL

    def _view(self, vp, offer=None):
        sc = self.by_model[lib.pl_view_model(vp)]
        return View(sc, vp, offer)

    def _on_open(self, ctx, vp, err):
        try:
            return self._put(self.objs[ctx]())
        except Exception as e:  # noqa: BLE001 (any failure ends the session, reported)
            self._fail(err, e)
            return None

    def _on_close(self, ctx, neg):
        with self.lock:
            self.objs.pop(neg, None)

    def _on_propose(self, neg, vp, offer, err):
        v = None
        try:
            v = self._view(vp)
            reply = self.objs[neg].propose(v)
            if isinstance(reply, str):
                reply = parse_reply(reply, v.scenario)
            if reply is None or reply == "walkout":
                return PL_EXTERNAL_WALKOUT
            if not isinstance(reply, dict):
                raise TypeError(f"propose must return a package {{issue: value}}, a reply text "
                                f"or None, not {type(reply).__name__}")
            for i, x in enumerate(v.scenario.indices(reply)):
                offer[i] = x
            return 0
        except Exception as e:  # noqa: BLE001
            return self._fail(err, e)
        finally:
            if v is not None:
                v._close()

    def _on_respond(self, neg, vp, offer, accept, err):
        v = None
        try:
            sc = self.by_model[lib.pl_view_model(vp)]
            o = sc.outcome([offer[i] for i in range(len(sc.issues))])
            v = self._view(vp, o)
            reply = self.objs[neg].respond(v, o)
            if isinstance(reply, str):
                reply = parse_reply(reply, sc)
                if reply not in ("accept", "reject"):
                    raise ValueError(f"respond must answer accept or reject, got {reply!r}")
                reply = reply == "accept"
            accept[0] = bool(reply)
            return 0
        except Exception as e:  # noqa: BLE001
            return self._fail(err, e)
        finally:
            if v is not None:
                v._close()
