#!/usr/bin/env bash
# t320-fit: parley fit, --params (forecast, backtest) and backtest --train: train on one half
# of DEU III's proposals, score the other; bad parameter files; --model/--models aliases.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/forecast-water.yaml"

# the option names agree: forecast --model is --models, backtest takes both
expect_exit 0 "forecast --models" -- "$PARLEY" forecast "$ex" --models compromise,median
cp "$tmp/out" "$tmp/models.txt"
expect_exit 0 "forecast --model list" -- "$PARLEY" forecast "$ex" --model compromise,median
cmp -s "$tmp/out" "$tmp/models.txt" && ok || fail "--model and --models differ"
expect_grep "$tmp/models.txt" "median" "both models run"
expect_exit 0 "forecast --help" -- "$PARLEY" forecast --help
expect_grep "$tmp/out" "Forecast intervals" "--help says intervals need the sampling"

# bad parameter files: FILE-style errors, exit 1
printf '{"format": "parley-params", "models": {' >"$tmp/trunc.json"
expect_exit 1 "truncated params" -- "$PARLEY" forecast "$ex" --params "$tmp/trunc.json"
expect_grep "$tmp/err" "^error: .*trunc.json:1:[0-9]*: " "FILE:LINE:COL for bad JSON"
printf '{"models": {}}\n' >"$tmp/nofmt.json"
expect_exit 1 "not a params file" -- "$PARLEY" forecast "$ex" --params "$tmp/nofmt.json"
expect_grep "$tmp/err" "nofmt.json: not a parameters file" "names the file"
printf '{"format": "parley-params", "models": {"oracle": [1]}}\n' >"$tmp/unk.json"
expect_exit 1 "unknown model" -- "$PARLEY" forecast "$ex" --params "$tmp/unk.json"
expect_grep "$tmp/err" "unk.json: models: unknown model 'oracle'" "unknown model"
printf '{"format": "parley-params", "models": {"stack": [1, 0]}}\n' >"$tmp/short.json"
expect_exit 1 "wrong count" -- "$PARLEY" backtest x.tsv --actors y.tsv --params "$tmp/short.json"
expect_grep "$tmp/err" "short.json: models: 'stack' needs an array of 12 numbers" "count"
expect_exit 2 "params and train" -- "$PARLEY" backtest x.tsv --actors y.tsv --params a --train b
expect_exit 2 "fit: untunable model" -- "$PARLEY" fit x.tsv --actors y.tsv --models median

D="${PL_SHARED_DATA:-}/deu3"
if [ -f "$D/issues.tsv" ]; then
    # split by proposal number (odd / even): no proposal on both sides
    awk -F'\t' 'NR == 1 || $1 % 2 == 1' "$D/issues.tsv" >"$tmp/odd.tsv"
    awk -F'\t' 'NR == 1 || $1 % 2 == 0' "$D/issues.tsv" >"$tmp/even.tsv"
    M=compromise,procedural,stack,exchange,rule,combo,select
    expect_exit 0 "fit odd" -- "$PARLEY" fit "$tmp/odd.tsv" --actors "$D/actors.tsv" -o "$tmp/p.json"
    expect_grep "$tmp/out" "on 79 issues with an outcome (31 proposals)" "fit summary"
    expect_grep "$tmp/p.json" '"issues_with_outcome": 79' "params record the data"
    expect_grep "$tmp/p.json" 'odd.tsv' "params name the training file"
    check "no temporary file left" '[ -z "$(ls "$tmp" | grep "p.json.tmp")" ]'
    expect_exit 0 "backtest --train" -- "$PARLEY" backtest "$tmp/even.tsv" --actors "$D/actors.tsv" --train "$tmp/odd.tsv" --models $M --json
    sed '/params_from/d' "$tmp/out" >"$tmp/train.json"
    expect_exit 0 "backtest --params" -- "$PARLEY" backtest "$tmp/even.tsv" --actors "$D/actors.tsv" --params "$tmp/p.json" --models $M --json
    sed '/params_from/d' "$tmp/out" >"$tmp/params.json"
    cmp -s "$tmp/train.json" "$tmp/params.json" && ok || fail "--train A B differs from B --params \$(fit A)"
    # --cv does not refit models that --params gives
    expect_exit 0 "backtest --params --cv" -- "$PARLEY" backtest "$tmp/even.tsv" --actors "$D/actors.tsv" --params "$tmp/p.json" --models $M --json --cv
    sed '/params_from/d; s/"cv": true/"cv": false/' "$tmp/out" >"$tmp/cv.json"
    cmp -s "$tmp/cv.json" "$tmp/params.json" && ok || fail "--cv refitted models --params gave"
    # trained on the odd half, scored on the even half (87 issues), as docs/models.md reports
    expect_exit 0 "backtest --train table" -- "$PARLEY" backtest "$tmp/even.tsv" --actors "$D/actors.tsv" --train "$tmp/odd.tsv" --models $M --no-issues
    expect_grep "$tmp/out" "87 issues with an outcome" "the even half"
    expect_grep "$tmp/out" "compromise  25.00" "compromise on the even half"
    expect_grep "$tmp/out" "stack       24.05" "stack trained on the odd half"
    # the parameters change the forecast: untrained stack is the compromise (25.00)
    expect_exit 0 "backtest untrained" -- "$PARLEY" backtest "$tmp/even.tsv" --actors "$D/actors.tsv" --models stack --no-issues
    expect_grep "$tmp/out" "stack  25.00" "untrained stack = compromise"
    expect_exit 0 "forecast untrained" -- "$PARLEY" forecast "$ex" --models procedural,stack,combo --json
    cp "$tmp/out" "$tmp/f0.json"
    expect_exit 0 "forecast --params" -- "$PARLEY" forecast "$ex" --models procedural,stack,combo --json --params "$tmp/p.json"
    cmp -s "$tmp/out" "$tmp/f0.json" && fail "--params did not change the forecast" || ok
else
    skip "DEU III fit and train/test (PL_SHARED_DATA not set or the file is missing)"
fi
finish 10
