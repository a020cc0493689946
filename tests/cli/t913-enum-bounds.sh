#!/usr/bin/env bash
# t913-enum-bounds: enumerations that could not finish are bounded (issue 12). Two parties with
# hyper-rectangle utilities (not additive) on 10^8 outcomes: the rational count and the frontier
# are enumerated outcome by outcome; --time-limit stops both and says so (a bounded count, a
# frontier flagged not exact with the outcomes examined), in text and JSON. A partial proposal
# with more completions x actors than the limit is refused with its size while the rest of the
# analysis runs; --max-work lowers or raises the limit and --time-limit goes through part of it.
# Inputs are generated here, in a temporary folder; exit codes, messages and flags, not timings.
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
schema() { # schema DESC FILE...: valid against the closed analyze schema
    local desc=$1; shift
    python3 "$src/tests/cli/schema_check.py" "$src/docs/schemas/analyze.schema.json" "$@" >"$tmp/v" 2>&1 \
        && ok || { fail "$desc: not valid against the schema"; head -5 "$tmp/v" >&2; }
}

# N issues of 10 options; two parties whose utilities are 12 random hyper-rectangles each
rects() {
    awk -v n="$1" 'BEGIN { srand(7); print "parley: 1\nname: rects\nissues:";
      for (i = 0; i < n; i++) printf "  i%d: {type: integer, range: [1, 10], step: 1}\n", i;
      print "actors:";
      for (a = 0; a < 2; a++) { printf "  P%d:\n    reservation: 0.05\n    rectangles:\n      max: 100\n      list:\n", a;
        for (r = 0; r < 12; r++) { i1 = int(rand() * n); i2 = (i1 + 1 + int(rand() * (n - 1))) % n;
          l1 = 1 + int(rand() * 6); l2 = 1 + int(rand() * 6);
          printf "        - {utility: %d, bounds: {i%d: [%d, %d], i%d: [%d, %d]}}\n", 1 + int(rand() * 40), i1, l1, l1 + 3, i2, l2, l2 + 4 } } }'
}
rects 4 >"$tmp/r4.yaml"
rects 6 >"$tmp/r6.yaml"
rects 8 >"$tmp/r8.yaml"

# a small space is enumerated whole: exact, no flag in the JSON, a time limit changes nothing
run "rectangles, 10^4 outcomes" 0 60 -- "$PARLEY" analyze "$tmp/r4.yaml"
expect_grep "$tmp/out" "distinct utility vectors (enumeration)" "10^4: enumerated"
check "10^4: not said to be partial" '! grep -q "not exact\|stopped" "$tmp/out"'
cp "$tmp/out" "$tmp/r4.txt"
run "rectangles, 10^4 outcomes, --time-limit 100" 0 60 -- "$PARLEY" analyze "$tmp/r4.yaml" --time-limit 100
check "10^4: a time limit not reached changes no output" 'cmp -s "$tmp/out" "$tmp/r4.txt"'
run "rectangles, 10^4 outcomes --json" 0 60 -- "$PARLEY" analyze "$tmp/r4.yaml" --json
python3 - "$tmp/out" <<'PY' && ok || fail "10^4 --json: exact, counted"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["method"] == "enumeration" and "frontier_exact" not in d and "frontier_examined" not in d, d
assert isinstance(d["rational"], int) and "rational_examined" not in d, d
PY

# 10^8 outcomes: the count and the frontier stop at the limit and say what they covered
run "rectangles, 10^8 outcomes, --time-limit 0.2" 0 120 -- "$PARLEY" analyze "$tmp/r8.yaml" --time-limit 0.2
expect_grep "$tmp/out" "rational outcomes (all of these actors accept): at least [0-9]*, at most [0-9]* (the" "10^8: bounded count"
expect_grep "$tmp/out" "time limit stopped the count after [0-9]* of 100000000 outcomes)" "10^8: the count's stop said"
expect_grep "$tmp/out" "not exact: the time limit stopped the enumeration after [0-9]* of 100000000 outcomes;" "10^8: frontier not exact"
expect_grep "$tmp/out" "these are the points found so far (the frontier of those outcomes, and the" "10^8: what the points are"
run "rectangles, 10^8 outcomes, --time-limit 0.2 --json" 0 120 -- "$PARLEY" analyze "$tmp/r8.yaml" --time-limit 0.2 --json
python3 - "$tmp/out" <<'PY' && ok || fail "10^8 --json: frontier_exact false, bounded count"
import json, sys
d = json.load(open(sys.argv[1]))
n = 100000000
assert d["method"] == "enumeration" and d["frontier_exact"] is False and d["frontier_gap"] is None, d
assert 0 < d["frontier_examined"] < n and "search_nodes" not in d, d
assert d["pareto"] <= d["frontier_examined"], d
assert d["rational"] is None and 0 < d["rational_examined"] < n, d
# at least: the rational ones among those examined; at most: plus every outcome not examined
assert d["rational_at_least"] <= d["rational_examined"], d
assert d["rational_at_most"] == d["rational_at_least"] + n - d["rational_examined"], d
PY
schema "10^8 --json" "$tmp/out"

# the progress bar on a terminal: the zone is refused (--max-work), so only the count's and the
# frontier's enumerations (10^6 outcomes each) can draw it
if command -v script >/dev/null 2>&1 && script -qc true /dev/null >/dev/null 2>&1; then
    PARLEY_PROGRESS_DELAY=0 script -qc "'$PARLEY' analyze '$tmp/r6.yaml' --max-work 1000 >'$tmp/o6'" /dev/null >"$tmp/tty" 2>&1
    check "10^6: the zone refused" 'grep -q "raise the limit with --max-work" "$tmp/o6"'
    check "10^6: the enumerations draw the bar on a terminal" 'grep -q "/1000000 outcomes, " "$tmp/tty"'
    PARLEY_PROGRESS_DELAY=0 script -qc "'$PARLEY' analyze '$tmp/r6.yaml' --max-work 1000 --quiet >/dev/null" /dev/null >"$tmp/tty" 2>&1
    check "10^6 --quiet: no bar" '! grep -q "outcomes, " "$tmp/tty"'
else
    skip "no script(1) from util-linux: the pseudo-terminal checks"
fi

# partial proposals: 'open' sets one issue of NI and leaves 10^(NI-1) completions
props() {
    awk -v na="$1" -v ni="$2" 'BEGIN { srand(5); print "parley: 1\nname: open\nissues:";
      for (i = 0; i < ni; i++) printf "  i%d: {type: integer, range: [1, 10], step: 1}\n", i;
      print "actors:";
      for (a = 0; a < na; a++) { printf "  a%d:\n    reservation: 0.2\n    utility:\n", a;
        for (i = 0; i < ni; i++) { sl = rand() < 0.5 ? -1 : 1;
          printf "      i%d: {weight: %d, linear: {slope: %g, offset: %d}}\n", i, 1 + int(rand() * 9), sl * 0.1, (sl > 0 ? 0 : 1) } }
      printf "proposals:\n  full:\n    outcome: {i0: 3";
      for (i = 1; i < ni; i++) printf ", i%d: 3", i;
      print "}\n  open:\n    outcome: {i0: 5}" }'
}
props 2 7 >"$tmp/p2.yaml"
props 11 8 >"$tmp/p11.yaml"

# 10^6 completions x 2 actors: within the default limit, gone through whole
run "proposals, 2 actors" 0 120 -- "$PARLEY" analyze "$tmp/p2.yaml"
expect_grep "$tmp/out" "open      [0-9]* of 1000000 completions feasible" "2 actors: every completion"
check "2 actors: nothing refused" '! grep -q "not gone through" "$tmp/out"'
# --max-work lowers the limit: that proposal is refused with its size, the rest still runs
run "proposals, 2 actors, --max-work 1000000" 0 120 -- "$PARLEY" analyze "$tmp/p2.yaml" --max-work 1000000
expect_grep "$tmp/out" "open      not gone through (see below)" "lowered: refused in the table"
expect_grep "$tmp/out" "open: not gone through: 1000000 completions x 2 actors with preferences would" "lowered: the size"
expect_grep "$tmp/out" "take too long (over 1000000); raise the limit with --max-work, or go through part" "lowered: the limit and the option"
expect_grep "$tmp/out" "full      all accept" "lowered: the full proposal still analysed"
# 10^7 completions x 11 actors: over the default limit of 10^8
run "proposals, 11 actors --json" 0 120 -- "$PARLEY" analyze "$tmp/p11.yaml" --actors a0,a1 --json
python3 - "$tmp/out" <<'PY' && ok || fail "11 actors --json: over_limit"
import json, sys
d = json.load(open(sys.argv[1]))
full, op = d["proposals"]
assert op["over_limit"] is True and op["work"] == 10000000 * 11 and "stopped" not in op, op
assert op["completions"] == 10000000 and op["feasible_completions"] is None, op
assert op["utilities"] == {} and op["accepted_by"] == [] and op["rejected_by"] == [], op
assert full["partial"] is False and "over_limit" not in full and full["ratified"] is True, full
PY
cp "$tmp/out" "$tmp/j11.json"
run "proposals, 11 actors" 0 120 -- "$PARLEY" analyze "$tmp/p11.yaml" --actors a0,a1
expect_grep "$tmp/out" "open: not gone through: 10000000 completions x 11 actors with preferences would" "11 actors: refused"
expect_grep "$tmp/out" "take too long (over 100000000); raise the limit" "11 actors: the default limit"
# --time-limit goes through part of them and says so
run "proposals, 11 actors, --time-limit 0.1" 0 120 -- "$PARLEY" analyze "$tmp/p11.yaml" --actors a0,a1 --time-limit 0.1
expect_grep "$tmp/out" "open      [0-9]* of the first [0-9]* completions" "stopped: in the table"
expect_grep "$tmp/out" "open: partial: the time limit stopped it after [0-9]* of 10000000 completions; its" "stopped: said"
run "proposals, 11 actors, --time-limit 0.1 --json" 0 120 -- "$PARLEY" analyze "$tmp/p11.yaml" --actors a0,a1 --time-limit 0.1 --json
python3 - "$tmp/out" <<'PY' && ok || fail "11 actors --time-limit --json: stopped"
import json, sys
op = json.load(open(sys.argv[1]))["proposals"][1]
assert op["stopped"] is True and 0 < op["examined"] < 10000000 and "over_limit" not in op, op
assert op["feasible_completions"] <= op["examined"] and len(op["utilities"]) == 11, op
PY
schema "proposals --json" "$tmp/j11.json" "$tmp/out"
finish 30
