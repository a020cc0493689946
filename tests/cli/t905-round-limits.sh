#!/usr/bin/env bash
# t905-round-limits: deadlines and round limits have one documented maximum (PL_MAX_ROUNDS,
# 100,000 rounds; docs/limits.md), checked before any work: a deadline of 1e9 rounds used to run
# until memory ran out, and 1e308 silently became a 1-round deadline (a float-to-integer
# overflow). The loader refuses them at FILE:LINE:COL; --rounds names the limit.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/trade-deal.yaml"
# the two deadlines of trade-deal.yaml sit at line 40 and line 50, column 15
n=0
for d in 1e9 1e308 100001 "{rounds: 1e6}"; do
    n=$((n + 1))
    sed "s/deadline: 20/deadline: $d/" "$ex" >"$tmp/d$n.yaml"
    expect_exit 1 "deadline $d" -- timeout 20 "$PARLEY" simulate "$tmp/d$n.yaml" --quiet
    expect_grep "$tmp/err" "d$n.yaml:40:15: 'deadline' of actor 'Exporter' is .* rounds, over the limit of 100000 rounds" "deadline $d"
    expect_exit 1 "check: deadline $d" -- timeout 20 "$PARLEY" check "$tmp/d$n.yaml"
    expect_grep "$tmp/err" "d$n.yaml:50:15: 'deadline' of actor 'Importer'" "check: deadline $d"
done
sed "s/deadline: 20/deadline: {days: 1e9}/" "$ex" >"$tmp/days.yaml"
expect_exit 1 "deadline in days" -- timeout 20 "$PARLEY" check "$tmp/days.yaml"
expect_grep "$tmp/err" "days.yaml:40:15: 'deadline' of actor 'Exporter' (1e+09 days) is 1e+09 rounds at 1 days a round, over the limit of 100000 rounds" "deadline in days"
# the largest allowed deadline still loads
sed "s/deadline: 20/deadline: 100000/" "$ex" >"$tmp/max.yaml"
expect_exit 0 "deadline at the limit" -- timeout 20 "$PARLEY" check "$tmp/max.yaml"
expect_exit 2 "--rounds over the limit" -- "$PARLEY" simulate "$ex" --rounds 100001
expect_grep "$tmp/err" "option '--rounds' expects an integer from 1 to 100000, got '100001'" "--rounds message"
expect_exit 2 "--rounds 1e8" -- "$PARLEY" simulate "$ex" --rounds 100000000
expect_exit 0 "--rounds at the limit" -- timeout 60 "$PARLEY" simulate "$ex" --rounds 100000 --quiet
finish 22
