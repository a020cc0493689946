#!/bin/bash
# t100-check-malformed: `parley check` on every tests/malformed/*.yaml must exit 1, print nothing
# on stdout, and print exactly the diagnostics of the sibling .err file (wording and line:col).
. "$(dirname "$0")/lib.sh"
cd "$src/tests/malformed" || exit 1
for f in *.yaml; do
    name=${f%.yaml}
    "$PARLEY" check "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    good=1
    if [ "$rc" -ne 1 ]; then echo "FAIL $name: exit $rc, expected 1"; good=0; fi
    if [ -s "$tmp/out" ]; then echo "FAIL $name: stdout not empty"; good=0; fi
    if [ ! -f "$name.err" ]; then
        echo "FAIL $name: no $name.err"; good=0
    elif ! diff -u "$name.err" "$tmp/err" >"$tmp/diff"; then
        echo "FAIL $name: stderr differs"; cat "$tmp/diff"; good=0
    fi
    if [ $good -eq 1 ]; then ok; else fail "$name"; fi
done
finish 35
