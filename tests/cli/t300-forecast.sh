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

# a scenario counts only the parties that state positions (Doha: Israel and Hamas, not the
# factions or mediators); ordered issues print the nearest option and the rank: the compromise on
# ceasefire is (0.81 * 0 + 0.45 * 2) / 1.26 = 0.71, nearest option 1, "phased"
doha="${PL_SOURCE_DIR:-$(dirname "$0")/../..}/examples/doha-2024.yaml"
expect_exit 0 "forecast doha" -- "$PARLEY" forecast "$doha" --model compromise
expect_grep "$tmp/out" "^2 actors, 7 issue(s)$" "two bargainers, seven issues"
expect_grep "$tmp/out" "^bargainers (the parties with positions or utility tables): Israel, Hamas$" "names the bargainers"
expect_grep "$tmp/out" "^  ceasefire .* phased (rank 0.71)$" "label and rank"
expect_grep "$tmp/out" "^  prisoner ratio .* 29.23$" "numeric issue unlabelled"
if grep -q "left out" "$tmp/out"; then fail "doha leaves nothing out"; else ok; fi
gf="${PL_SOURCE_DIR:-$(dirname "$0")/../..}/examples/good-friday-1998.yaml"
expect_exit 0 "forecast good friday" -- "$PARLEY" forecast "$gf" --model median
expect_grep "$tmp/out" "^left out: constitutional claim (categorical without an order: a spatial model has no scale for it)$" "left-out issue and why"
expect_exit 0 "forecast good friday --json" -- "$PARLEY" forecast "$gf" --model median --json
check "json left_out" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"left_out\"] == [{\"issue\": \"constitutional claim\", \"reason\": \"unordered\", \"why\": \"categorical without an order: a spatial model has no scale for it\"}]; assert d[\"models\"][0][\"labels\"][0] == \"implementation bodies\"; assert d[\"dimensions\"][0][\"options\"][2] == \"implementation bodies\"; assert \"DUP\" in d[\"actors\"] and \"George Mitchell\" not in d[\"actors\"]' $tmp/out"
# trade-deal's parties write utility tables: each one's ideal point is its best value and its
# salience that issue's spread of utility. Tariff: the exporter's ideal 0 (weight 4/10 x range 1
# = 0.4), the importer's 20 (weight 3/10 x range 1 = 0.3): compromise
# (0.4 x 0 + 0.3 x 20) / 0.7 = 8.57; the unordered review clause is left out
td="${PL_SOURCE_DIR:-$(dirname "$0")/../..}/examples/trade-deal.yaml"
expect_exit 0 "forecast trade deal" -- "$PARLEY" forecast "$td" --model compromise
expect_grep "$tmp/out" "^  tariff .* 8.57$" "tariff compromise from the tables' ideal points"
expect_grep "$tmp/out" "^left out: review (categorical" "unordered review left out"

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
