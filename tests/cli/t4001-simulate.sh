#!/bin/bash
# t4001-simulate.sh: parley simulate on the bundled examples: the Doha story, JSON output,
# JSON Lines trace, determinism by seed, usage errors.
set -u
: "${PARLEY:?PARLEY must point to the parley binary}"
SRC=${PL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DOHA=$SRC/examples/doha-2024.yaml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$DOHA" ] || fail "examples/doha-2024.yaml missing (part of the repository)"

# the default run tells the story: negotiators, the absent party, mediators, result, distances
"$PARLEY" simulate "$DOHA" >"$TMP/out" 2>"$TMP/err" || fail "simulate exited $?"
grep -q "protocol shuttle" "$TMP/out" || fail "default protocol for Doha is not shuttle"
grep -q "Hamas .*absent: reached via Qatar and Egypt" "$TMP/out" || fail "absent party not shown"
grep -q "United States.*deadline 7" "$TMP/out" || fail "US deadline not shown"
grep -q "United States.*deadline 7 days = 7 rounds" "$TMP/out" || fail "US deadline in days not shown"
grep -q "^one round stands for 1 day$" "$TMP/out" || fail "round length not shown"
grep -q "^      7 (day 7) " "$TMP/out" || fail "round 7 not shown with day 7"
grep -q "^result: " "$TMP/out" || fail "no result line"
grep -q "distance to the Pareto frontier" "$TMP/out" || fail "no distances"
grep -q "linkage Iran retaliation" "$TMP/out" || fail "no linkage line"
grep -q "round by round" "$TMP/out" || fail "no per-round account"

# same seed, same output; the trace is JSON Lines ending with a result line
"$PARLEY" simulate "$DOHA" --seed 5 --trace "$TMP/a.jsonl" >"$TMP/a" || fail "trace run"
"$PARLEY" simulate "$DOHA" --seed 5 --trace "$TMP/b.jsonl" >"$TMP/b" || fail "trace run 2"
cmp -s "$TMP/a.jsonl" "$TMP/b.jsonl" || fail "same seed gave different traces"
head -1 "$TMP/a.jsonl" | grep -q '"event":"start"' || fail "trace does not start with start"
tail -1 "$TMP/a.jsonl" | grep -q '"event":"result"' || fail "trace does not end with result"
head -1 "$TMP/a.jsonl" | grep -q '"round_days":1,' || fail "trace start has no round length"
grep -q '^{"round":7,"day":7,' "$TMP/a.jsonl" || fail "trace round 7 has no day 7"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$TMP/a.jsonl" || fail "trace line is not JSON"
fi

# every protocol runs, with JSON output
for p in sao amop single-text feedback shuttle; do
  "$PARLEY" simulate "$DOHA" --protocol $p --json >"$TMP/j" || fail "protocol $p"
  grep -q "\"protocol\":\"$p\"" "$TMP/j" || fail "json of $p"
done
"$PARLEY" simulate "$DOHA" --protocol sao --strategy Israel=hardliner --strategy Hamas=hardliner --json >"$TMP/j" || fail "hardliners"
grep -q '"agreement":false' "$TMP/j" || fail "two hardliners agreed"
"$PARLEY" simulate "$DOHA" --variant "no core mandate" --quiet >"$TMP/v" || fail "variant"
grep -q "variant: no core mandate" "$TMP/v" || fail "variant not shown"

# usage errors exit 2, runtime errors 1
"$PARLEY" simulate >/dev/null 2>&1; [ $? -eq 2 ] || fail "no file should exit 2"
"$PARLEY" simulate "$DOHA" --protocol nope >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] || fail "bad protocol should exit 2"
grep -q "^error: unknown protocol 'nope'" "$TMP/e" || fail "bad protocol message"
grep -q "^usage: parley simulate" "$TMP/e" || fail "bad protocol: no usage on stderr"
# a bad strategy or strategy parameter is a usage error too (exit 2, error:, usage on stderr)
"$PARLEY" simulate "$DOHA" --strategy Israel=bulware >"$TMP/o" 2>"$TMP/e"; [ $? -eq 2 ] || fail "bad strategy should exit 2"
grep -q "^error: .*unknown strategy 'bulware'" "$TMP/e" || fail "bad strategy message"
grep -q "^usage: parley simulate" "$TMP/e" || fail "bad strategy: no usage on stderr"
[ -s "$TMP/o" ] && fail "bad strategy: something on stdout"
"$PARLEY" simulate "$DOHA" --strategy Israel=boulware:x >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] || fail "bad strategy parameter should exit 2"
grep -q "^error: .*strategy parameter in 'boulware:x' must be a positive number" "$TMP/e" || fail "bad parameter message"
grep -q "^usage: parley simulate" "$TMP/e" || fail "bad parameter: no usage on stderr"
"$PARLEY" simulate "$DOHA" --strategy Israel=boulware:-1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "negative strategy parameter should exit 2"
"$PARLEY" simulate "$DOHA" --strategy Israel= >/dev/null 2>&1; [ $? -eq 2 ] || fail "empty strategy should exit 2"
"$PARLEY" simulate "$DOHA" --strategy =linear >/dev/null 2>&1; [ $? -eq 2 ] || fail "no actor in --strategy should exit 2"
"$PARLEY" simulate "$DOHA" --strategy Nobody=linear >/dev/null 2>&1; [ $? -eq 1 ] || fail "unknown actor"
"$PARLEY" simulate "$DOHA" --rounds 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "rounds 0"
"$PARLEY" simulate --help | grep -q "usage: parley simulate" || fail "help"
echo ok
