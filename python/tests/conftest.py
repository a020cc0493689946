"""Paths for the tests: the source tree, the shared data (PL_SHARED_DATA), the parley tool."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("PL_SOURCE_DIR", os.path.abspath(os.path.join(HERE, "..", "..")))
SHARED = os.environ.get("PL_SHARED_DATA", os.path.join(SOURCE, "..", "shared", "data"))
GENIUS = os.path.join(SHARED, "genius")
DOHA = os.path.join(SOURCE, "examples", "doha-2024.yaml")
LAPTOP = os.path.join(GENIUS, "y2011", "Laptop")
# the package under test: the source tree's unless an installed one is asked for
if not os.environ.get("PARLEY_TEST_INSTALLED"):
    sys.path.insert(0, os.path.join(SOURCE, "python"))


def need(path):
    if not os.path.exists(path):
        pytest.skip(f"no shared data at {path}")
    return path
