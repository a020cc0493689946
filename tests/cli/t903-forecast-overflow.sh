#!/usr/bin/env bash
# t903-forecast-overflow: capabilities or saliences near the largest double overflow inside the
# models; parley forecast says so (exit 1) instead of printing inf or nan as a forecast.
. "$(dirname "$0")/lib.sh"
printf 'actor,capability,position,salience\nA,1e308,5,100\nB,1e308,4,100\n' >"$tmp/big.csv"
expect_exit 1 "bdm capabilities 1e308" -- "$PARLEY" forecast "$tmp/big.csv" --model compromise
expect_grep "$tmp/err" "compromise: the forecast on dimension 'issue' is not a finite number" "names model and dimension"
[ -s "$tmp/out" ] && fail "stdout not empty" || ok
if grep -qi 'nan\|inf' "$tmp/out"; then fail "inf or nan printed"; else ok; fi
cat >"$tmp/big.yaml" <<'Y'
parley: 1
issues:
  a: {type: integer, range: [1, 10]}
actors:
  A: {clout: 1e308, stance: {a: {position: 5, salience: 1}}}
  B: {clout: 1e308, stance: {a: {position: 6, salience: 1}}}
Y
expect_exit 1 "scenario clout 1e308" -- "$PARLEY" forecast "$tmp/big.yaml"
expect_grep "$tmp/err" "not a finite number" "scenario overflow said"
# the same inputs at ordinary sizes: capability-weighted mean (1*5 + 1*4) / 2 = 4.5
printf 'actor,capability,position,salience\nA,1,5,100\nB,1,4,100\n' >"$tmp/ok.csv"
expect_exit 0 "ordinary sizes" -- "$PARLEY" forecast "$tmp/ok.csv" --model compromise
expect_grep "$tmp/out" " 4.50" "compromise 4.5"
finish
