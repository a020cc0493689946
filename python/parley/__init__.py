"""parley: negotiation analysis, simulation, mediation and forecasting (libparley) from Python.

    import parley
    with parley.load("examples/doha-2024.yaml") as sc:
        print(sc.analyze().nash)
        print(sc.simulate(protocol="sao", strategies={"Israel": "boulware"}).outcome)

docs/python.md documents the package; outside negotiators and tournaments are there too.
"""

from ._core import Analysis, Error, Issue, Point, Scenario, SimResult, load, version
from ._negotiator import View, parse_reply, render
from ._tournament import tournament

__all__ = ["Analysis", "Error", "Issue", "Point", "Scenario", "SimResult", "View", "load",
           "parse_reply", "render", "tournament", "version"]
__version__ = "0.1.0"
