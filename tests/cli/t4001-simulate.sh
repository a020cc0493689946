#!/bin/bash
# t4001-simulate.sh: parley simulate on the bundled examples: the Doha story, JSON output,
# JSON Lines trace, determinism by seed, usage errors.
. "$(dirname "$0")/lib.sh"
SRC=$src
DOHA=$SRC/examples/doha-2024.yaml
TMP=$tmp
[ -f "$DOHA" ] || { fail "examples/doha-2024.yaml missing (part of the repository)"; finish; }

# the default run tells the story: negotiators, the absent party, mediators, result, distances
"$PARLEY" simulate "$DOHA" >"$TMP/out" 2>"$TMP/err" && ok || fail "simulate exited $?"
grep -q "protocol shuttle" "$TMP/out" && ok || fail "default protocol for Doha is not shuttle"
grep -q "Hamas .*absent: reached via Qatar and Egypt" "$TMP/out" && ok || fail "absent party not shown"
grep -q "United States.*deadline 7" "$TMP/out" && ok || fail "US deadline not shown"
grep -q "United States.*deadline 7 days = 7 rounds" "$TMP/out" && ok || fail "US deadline in days not shown"
grep -q "^one round stands for 1 day$" "$TMP/out" && ok || fail "round length not shown"
grep -q "^      7 (day 7) " "$TMP/out" && ok || fail "round 7 not shown with day 7"
grep -q "^result: " "$TMP/out" && ok || fail "no result line"
grep -q "distance to the Pareto frontier" "$TMP/out" && ok || fail "no distances"
grep -q "linkage Iran retaliation" "$TMP/out" && ok || fail "no linkage line"
grep -q "round by round" "$TMP/out" && ok || fail "no per-round account"

# same seed, same output; the trace is JSON Lines ending with a result line
"$PARLEY" simulate "$DOHA" --seed 5 --trace "$TMP/a.jsonl" >"$TMP/a" && ok || fail "trace run"
"$PARLEY" simulate "$DOHA" --seed 5 --trace "$TMP/b.jsonl" >"$TMP/b" && ok || fail "trace run 2"
cmp -s "$TMP/a.jsonl" "$TMP/b.jsonl" && ok || fail "same seed gave different traces"
head -1 "$TMP/a.jsonl" | grep -q '"event":"start"' && ok || fail "trace does not start with start"
tail -1 "$TMP/a.jsonl" | grep -q '"event":"result"' && ok || fail "trace does not end with result"
head -1 "$TMP/a.jsonl" | grep -q '"round_days":1,' && ok || fail "trace start has no round length"
grep -q '^{"round":7,"day":7,' "$TMP/a.jsonl" && ok || fail "trace round 7 has no day 7"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$TMP/a.jsonl" && ok || fail "trace line is not JSON"
fi

# every protocol runs, with JSON output
for p in sao amop single-text feedback shuttle; do
  "$PARLEY" simulate "$DOHA" --protocol $p --json >"$TMP/j" && ok || fail "protocol $p"
  grep -q "\"protocol\":\"$p\"" "$TMP/j" && ok || fail "json of $p"
done
"$PARLEY" simulate "$DOHA" --protocol sao --strategy Israel=hardliner --strategy Hamas=hardliner --json >"$TMP/j" && ok || fail "hardliners"
grep -q '"agreement":false' "$TMP/j" && ok || fail "two hardliners agreed"
"$PARLEY" simulate "$DOHA" --variant "no core mandate" --quiet >"$TMP/v" && ok || fail "variant"
grep -q "variant: no core mandate" "$TMP/v" && ok || fail "variant not shown"

# usage errors exit 2, runtime errors 1
"$PARLEY" simulate >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "no file should exit 2"
"$PARLEY" simulate "$DOHA" --protocol nope >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] && ok || fail "bad protocol should exit 2"
grep -q "^error: unknown protocol 'nope'" "$TMP/e" && ok || fail "bad protocol message"
grep -q "^usage: parley simulate" "$TMP/e" && ok || fail "bad protocol: no usage on stderr"
# a bad strategy or strategy parameter is a usage error too (exit 2, error:, usage on stderr)
"$PARLEY" simulate "$DOHA" --strategy Israel=bulware >"$TMP/o" 2>"$TMP/e"; [ $? -eq 2 ] && ok || fail "bad strategy should exit 2"
grep -q "^error: .*unknown strategy 'bulware'" "$TMP/e" && ok || fail "bad strategy message"
grep -q "^usage: parley simulate" "$TMP/e" && ok || fail "bad strategy: no usage on stderr"
[ -s "$TMP/o" ] && fail "bad strategy: something on stdout"
"$PARLEY" simulate "$DOHA" --strategy Israel=boulware:x >/dev/null 2>"$TMP/e"; [ $? -eq 2 ] && ok || fail "bad strategy parameter should exit 2"
grep -q "^error: .*strategy parameter in 'boulware:x' must be a positive number" "$TMP/e" && ok || fail "bad parameter message"
grep -q "^usage: parley simulate" "$TMP/e" && ok || fail "bad parameter: no usage on stderr"
"$PARLEY" simulate "$DOHA" --strategy Israel=boulware:-1 >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "negative strategy parameter should exit 2"
"$PARLEY" simulate "$DOHA" --strategy Israel= >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "empty strategy should exit 2"
"$PARLEY" simulate "$DOHA" --strategy =linear >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "no actor in --strategy should exit 2"
"$PARLEY" simulate "$DOHA" --strategy Nobody=linear >/dev/null 2>&1; [ $? -eq 1 ] && ok || fail "unknown actor"
"$PARLEY" simulate "$DOHA" --rounds 0 >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "rounds 0"
"$PARLEY" simulate --help | grep -q "usage: parley simulate" && ok || fail "help"
finish
