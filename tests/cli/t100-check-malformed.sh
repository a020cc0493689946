#!/bin/bash
# t100-check-malformed: `parley check` on every tests/malformed/*.yaml must exit 1, print nothing
# on stdout, and print exactly the diagnostics of the sibling .err file (wording and line:col).
set -u
: "${PARLEY:?PARLEY must point to the parley tool}"
src="${PL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$src/tests/malformed" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in *.yaml; do
    name=${f%.yaml}
    "$PARLEY" check "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok=1
    if [ "$rc" -ne 1 ]; then echo "FAIL $name: exit $rc, expected 1"; ok=0; fi
    if [ -s "$tmp/out" ]; then echo "FAIL $name: stdout not empty"; ok=0; fi
    if [ ! -f "$name.err" ]; then
        echo "FAIL $name: no $name.err"; ok=0
    elif ! diff -u "$name.err" "$tmp/err" >"$tmp/diff"; then
        echo "FAIL $name: stderr differs"; cat "$tmp/diff"; ok=0
    fi
    if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 35 ]
