#!/usr/bin/env bash
# t912-work-bounds: work that could not finish is estimated first (issue 12). analyze on 200
# actors x 10 issues with --actors a0,a1 (the zone enumerated 10^7 outcomes x 200 parties: past
# 120 s) leaves the zone uncounted with its size and the options that change that; --time-limit
# counts part of it and says so; the 60-issue x 20-option space with two actors finishes;
# forecast refuses EUM on a 1,000-row BdM file (16 s) with the estimate. The progress bar: on a
# pseudo-terminal it is drawn, with --quiet or with standard error not a terminal nothing is.
# Inputs are generated here, in a temporary folder; exit codes and messages, not timings.
. "$(dirname "$0")/lib.sh"
# AddressSanitizer and ThreadSanitizer reserve terabytes of address space: no ulimit -v under them
asan=$(ldd "$PARLEY" 2>/dev/null | grep -o "libasan\|libtsan" | head -1)
lim=1000000 # KiB of address space: 1 GB
# run DESC WANT-EXIT SECONDS -- command...: under the memory limit and a generous time limit
run() {
    local desc=$1 want=$2 secs=$3
    shift 4
    ( [ -n "$asan" ] || ulimit -v $lim; timeout "$secs" "$@" ) >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" = "$want" ]; then ok; else fail "$desc: exit $got, want $want"; head -3 "$tmp/err" >&2; fi
}

awk 'BEGIN { srand(1); print "parley: 1\nname: many\nissues:";
             for (i = 0; i < 10; i++) printf "  i%d: {type: integer, range: [1, 5], step: 1}\n", i;
             print "actors:";
             for (a = 0; a < 200; a++) { printf "  a%d:\n    utility:\n", a;
               for (i = 0; i < 10; i++) { sl = rand() < 0.5 ? -1 : 1;
                 printf "      i%d: {weight: %d, linear: {slope: %g, offset: %d}}\n", i, 1 + int(rand() * 9), sl * 0.25, (sl > 0 ? 0 : 1) } } }' >"$tmp/a200.yaml"

# --actors a0,a1: the frontier and points of the two, the zone (every party) not counted
run "analyze 200 actors --actors a0,a1" 0 120 -- "$PARLEY" analyze "$tmp/a200.yaml" --actors a0,a1
expect_grep "$tmp/out" "not counted: enumerating 9765625 outcomes for 200 parties and factions would take too" "zone refused"
expect_grep "$tmp/out" "long (outcomes x actors = 1953125000, over 1000000000); raise the limit with --max-work, or" "zone estimate"
expect_grep "$tmp/out" "count part of the space with --time-limit" "zone: --time-limit named"
expect_grep "$tmp/out" "Pareto frontier over rational outcomes (2 actors: a0, a1)" "two actors"
expect_grep "$tmp/out" "frontier: [0-9]* outcomes, [0-9]* distinct utility vectors (additive merge)" "frontier computed"
expect_grep "$tmp/out" "bargaining points over the feasible set: not computed (the zone was not counted)" "feasible points said"
check "nothing on standard error (not a terminal: no progress bar)" '[ ! -s "$tmp/err" ]'
run "analyze --json" 0 120 -- "$PARLEY" analyze "$tmp/a200.yaml" --actors a0,a1 --json
python3 - "$tmp/out" <<'PY' && ok || fail "analyze --json: zone null, zone_work"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["zone"] is None and d["zone_work"] == 9765625 * 200, (d["zone"], d.get("zone_work"))
assert d["parties"] == ["a0", "a1"] and d["nash"] is not None
PY
cp "$tmp/out" "$tmp/j1.json"

# --time-limit: the zone is enumerated for a while and said to be partial
run "analyze --time-limit 1" 0 120 -- "$PARLEY" analyze "$tmp/a200.yaml" --actors a0,a1 --time-limit 1
expect_grep "$tmp/out" "partial: the time limit stopped the enumeration after [0-9]* of 9765625 outcomes; the" "partial zone"
expect_grep "$tmp/out" "bargaining points over the feasible set: not computed (the zone was counted in part)" "partial: feasible points said"
run "analyze --time-limit 1 --json" 0 120 -- "$PARLEY" analyze "$tmp/a200.yaml" --actors a0,a1 --time-limit 1 --json
python3 - "$tmp/out" <<'PY' && ok || fail "analyze --time-limit --json: partial zone"
import json, sys
z = json.load(open(sys.argv[1]))["zone"]
assert z["partial"] is True and 0 < z["examined"] < 9765625, z
# a partial count covers the examined outcomes only
assert z["accepted"] <= z["examined"] and z["feasible"] <= z["accepted"], z
PY
# both documents are valid against the closed schema (zone_work, zone.partial, zone.examined)
python3 "$src/tests/cli/schema_check.py" "$src/docs/schemas/analyze.schema.json" "$tmp/j1.json" "$tmp/out" >"$tmp/v" 2>&1 && ok || { fail "analyze --json: not valid against the schema"; head -5 "$tmp/v" >&2; }
# --max-work raised: the estimate lets the enumeration start (cut short here)
run "analyze: --max-work raised" 124 3 -- "$PARLEY" analyze "$tmp/a200.yaml" --actors a0,a1 --max-work 2000000000

# the 60-issue x 20-option three-party space: two actors finish (the third is refused: t908)
awk 'BEGIN { print "parley: 1\nname: big\nissues:";
             for (i = 0; i < 60; i++) printf "  i%d: {type: integer, range: [1, 20], step: 1}\n", i;
             print "actors:";
             split("1 -1 1", s, " ");
             for (a = 1; a <= 3; a++) { printf "  P%d:\n    utility:\n", a;
               for (i = 0; i < 60; i++) { sl = (a == 3 && i % 2 == 0) ? -1 : s[a];
                 printf "      i%d: {linear: {slope: %g, offset: %d}}\n", i, sl * 0.05, (sl > 0 ? 0 : 1) } } }' >"$tmp/big60.yaml"
run "analyze 60 x 20 --actors P1,P3" 0 300 -- "$PARLEY" analyze "$tmp/big60.yaml" --actors P1,P3
expect_grep "$tmp/out" "outcomes) is too large to enumerate for the zone" "60 x 20: zone too large"
expect_grep "$tmp/out" "distinct utility vectors (additive merge)" "60 x 20: frontier"

# forecast: EUM on 1,000 rows refused with its estimate; --rounds and --max-work change it
awk 'BEGIN { srand(3); print "actor,capability,position,salience";
             for (i = 0; i < 1000; i++) printf "a%d,%d,%d,%d\n", i, 1 + int(rand() * 100), int(rand() * 101), 10 + int(rand() * 90) }' >"$tmp/b.csv"
run "forecast eum, 1,000 actors" 1 20 -- "$PARLEY" forecast "$tmp/b.csv" --model eum
expect_grep "$tmp/err" "eum on 1000 actors x 1 dimensions x 10 rounds would take too long (actors^3 x dimensions x rounds = 1e+10, over 4000000000); raise the limit with --max-work, lower --rounds, or leave eum out with --models" "eum message"
check "eum refused: nothing on standard output" '[ ! -s "$tmp/out" ]'
run "forecast every model" 1 20 -- "$PARLEY" forecast "$tmp/b.csv"
check "every model: eum and smp both said" '[ "$(grep -c "would take too long" "$tmp/err")" = 2 ]'
run "forecast eum --rounds 5" 1 20 -- "$PARLEY" forecast "$tmp/b.csv" --model eum --rounds 5
expect_grep "$tmp/err" "x 5 rounds would take too long (actors^3 x dimensions x rounds = 5e+09, over 4000000000)" "--rounds in the eum estimate"
run "forecast eum --max-work raised" 124 2 -- "$PARLEY" forecast "$tmp/b.csv" --model eum --max-work 100000000000
run "forecast without eum and smp" 0 60 -- "$PARLEY" forecast "$tmp/b.csv" --models median,wmedian,compromise,nash,exchange

# the progress bar: never when standard error is not a terminal, byte for byte
head -501 "$tmp/b.csv" >"$tmp/b500.csv"
"$PARLEY" forecast "$tmp/b500.csv" --model eum >"$tmp/o1" 2>"$tmp/e1"
"$PARLEY" forecast "$tmp/b500.csv" --model eum --quiet >"$tmp/o2" 2>"$tmp/e2"
check "forecast: no bar off a terminal" '[ ! -s "$tmp/e1" ] && [ ! -s "$tmp/e2" ]'
check "forecast: --quiet changes no output" 'cmp -s "$tmp/o1" "$tmp/o2"'
if command -v script >/dev/null 2>&1 && script -qc true /dev/null >/dev/null 2>&1; then
    # on a pseudo-terminal (script) standard error is a terminal: the bar is drawn there
    script -qc "'$PARLEY' forecast '$tmp/b500.csv' --model eum >'$tmp/o3'" /dev/null >"$tmp/tty" 2>&1
    check "forecast: a bar on a terminal" 'grep -q "\] 10/10 rounds (eum), " "$tmp/tty"'
    check "forecast: the bar leaves standard output alone" 'cmp -s "$tmp/o1" "$tmp/o3"'
    script -qc "'$PARLEY' forecast '$tmp/b500.csv' --model eum --quiet >/dev/null" /dev/null >"$tmp/tty" 2>&1
    check "forecast --quiet: no bar on a terminal" '! grep -q "rounds (eum)" "$tmp/tty"'
    script -qc "'$PARLEY' analyze '$tmp/a200.yaml' --actors a0,a1 --time-limit 1 >/dev/null" /dev/null >"$tmp/tty" 2>&1
    check "analyze: a bar on a terminal" 'grep -q "/9765625 outcomes, " "$tmp/tty"'
    script -qc "'$PARLEY' analyze '$tmp/a200.yaml' --actors a0,a1 --time-limit 1 --quiet >/dev/null" /dev/null >"$tmp/tty" 2>&1
    check "analyze --quiet: no bar on a terminal" '! grep -q "outcomes, " "$tmp/tty"'
    # explore is quick (thousands of worlds a second): the bar is asked to draw at once
    PARLEY_PROGRESS_DELAY=0 script -qc "'$PARLEY' explore '$src/examples/doha-2024.yaml' --worlds 1500 --threads 1 >/dev/null" /dev/null >"$tmp/tty" 2>&1
    check "explore: the shared bar on a terminal" 'grep -q "\] 1500/1500 worlds, " "$tmp/tty"'
    PARLEY_PROGRESS_DELAY=0 script -qc "'$PARLEY' explore '$src/examples/doha-2024.yaml' --worlds 1500 --threads 1 -q >/dev/null" /dev/null >"$tmp/tty" 2>&1
    check "explore -q: no bar" '! grep -q "worlds, " "$tmp/tty"'
else
    skip "no script(1) from util-linux: the pseudo-terminal checks"
fi
"$PARLEY" explore "$src/examples/doha-2024.yaml" --worlds 300 >"$tmp/o4" 2>"$tmp/e4"
check "explore: no bar off a terminal" '[ ! -s "$tmp/e4" ]'
finish 30
