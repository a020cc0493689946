#!/usr/bin/env bash
# t4004-simulate-large: parley simulate without enumeration: a generated additive domain of
# 10^20 outcomes (20 issues of 10 values) and the 2014 nonlinear 10issues domain (10^10) run,
# agree, and repeat exactly with the same seed.
. "$(dirname "$0")/lib.sh"
awk -v dir="$tmp" -v ni=20 -v nv=10 -f "$src/tests/cli/gen-additive.awk"
expect_exit 0 "simulate 10^20" -- "$PARLEY" simulate "$tmp" --json --seed 3
expect_grep "$tmp/out" '"agreement":true' "10^20 domain agrees"
cp "$tmp/out" "$tmp/first"
for p in amop single-text feedback shuttle; do
    expect_exit 0 "simulate 10^20 --protocol $p" -- "$PARLEY" simulate "$tmp" --json --protocol "$p"
done
expect_exit 0 "simulate 10^20 again" -- "$PARLEY" simulate "$tmp" --json --seed 3
check "same seed, same result" 'cmp -s "$tmp/out" "$tmp/first"'
d="${PL_SHARED_DATA:-$src/../shared/data}/genius/y2014/10issues"
if [ -d "$d" ]; then
    expect_exit 0 "simulate 10issues" -- "$PARLEY" simulate "$d" --json --strategy profile-1=linear
    expect_grep "$tmp/out" '"agreement":true' "10issues agrees"
else
    skip "no shared 2014 domains at $d"
fi
finish 8
