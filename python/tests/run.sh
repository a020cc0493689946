#!/usr/bin/env bash
# run.sh PYTHON LIBRARY [install]: the Python package's tests against the built libparley.so
# (CTest runs it). With "install", the package is first installed the documented way into a
# fresh venv (--system-site-packages, no build isolation, no index: works offline) and the
# tests import the installed copy.
set -eu
py=$1 lib=$2 mode=${3:-source}
here=$(cd "$(dirname "$0")" && pwd)
if ! "$py" -c "import pytest" 2>/dev/null; then
    echo "FAIL: $py has no pytest: install python3-pytest (make deps does)" >&2
    exit 1
fi
export PARLEY_LIBRARY=$lib
if [ "$mode" = install ]; then
    venv=$(dirname "$lib")/python-venv
    rm -rf "$venv"
    "$py" -m venv --system-site-packages "$venv"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp -r "$here/.." "$work/python" # build in a copy: the source tree stays clean
    rm -rf "$work/python/build" "$work/python/"*.egg-info
    "$venv/bin/python" -m pip install -q --no-build-isolation --no-index "$work/python"
    cd "$work"
    PARLEY_TEST_INSTALLED=1 exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$here"
fi
cd "$here/.."
exec "$py" -m pytest -q -p no:cacheprovider "$here"
