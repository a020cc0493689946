#!/usr/bin/env bash
# t300-forecast: parley forecast on the example scenario, the EC CSV and a KTAB CSV; bad input.
. "$(dirname "$0")/lib.sh"
skips=0
skip() { echo "skipped: $*"; skips=$((skips + 1)); }
ex="${PL_SOURCE_DIR:-$(dirname "$0")/../..}/examples/forecast-water.yaml"

expect_exit 0 "forecast example" -- "$PARLEY" forecast "$ex"
expect_grep "$tmp/out" "upstream share" "issue rows"
expect_grep "$tmp/out" "compromise" "model columns"
expect_exit 0 "forecast --json" -- "$PARLEY" forecast "$ex" --model eum --json --trajectory
expect_grep "$tmp/out" '"moves"' "json has moves"
expect_exit 2 "unknown model" -- "$PARLEY" forecast "$ex" --model oracle
expect_grep "$tmp/err" "unknown model 'oracle'" "names the model"
expect_exit 2 "bad format" -- "$PARLEY" forecast "$ex" --format xml
# --help names every model the tool runs (from `parley forecast --model all`'s columns)
expect_exit 0 "forecast --help" -- "$PARLEY" forecast --help
for m in median wmedian compromise nash eum smp procedural stack; do
    expect_grep "$tmp/out" " $m\(,\\|\$\)" "--help lists model $m"
done

printf 'actor,capability,position,salience\nA,1,5,50\nB,1,abc,50\n' >"$tmp/bad.csv"
expect_exit 1 "bad bdm csv" -- "$PARLEY" forecast "$tmp/bad.csv"
expect_grep "$tmp/err" "bad.csv:3:5: position 'abc' is not a number" "FILE:LINE:COL message"
printf 'n,d,1,1\nActor,Desc,Influence,X Position\n' >"$tmp/k.csv"
expect_exit 1 "bad ktab header" -- "$PARLEY" forecast "$tmp/k.csv" --format ktab
expect_grep "$tmp/err" "k.csv:2:1: header has 4 columns" "header column count"

if [ -n "${PL_SHARED_DATA:-}" ] && [ -f "$PL_SHARED_DATA/bdm/ec-emissions.csv" ]; then
    expect_exit 0 "EC example" -- "$PARLEY" forecast "$PL_SHARED_DATA/bdm/ec-emissions.csv" --trajectory
    expect_grep "$tmp/out" " 7.39 " "compromise 7.39"
    expect_grep "$tmp/out" "eum moves" "who moved whom"
    expect_exit 0 "KTAB csv" -- "$PARLEY" forecast "$PL_SHARED_DATA/ktab/SOE-Pol-Comp.csv" --model smp
    expect_grep "$tmp/out" "Policy" "KTAB dimension names"
else
    skip "EC and KTAB shared-data forecasts (PL_SHARED_DATA not set or the file is missing)"
fi
echo "$passes passed, $fails failed, $skips parts skipped"
[ "$fails" = 0 ] || exit 1
[ "$passes" -gt 0 ] || exit 77  # nothing real ran
exit 0
