#!/usr/bin/env bash
# t908-limits: the worst reproducers of issue 12 stay under 1 GB of address space (ulimit -v)
# and finish quickly: 80,000 actors and 80,000 options load (the loader used to be quadratic:
# 12.5 s), a 60-issue x 20-option three-party space and 200 actors x 10 issues are refused by
# analyze's up-front estimate (they used to run past 120 s with growing memory), deadlines of 1e9
# rounds are refused before the work, the longest allowed simulation with a trace fits, and
# /dev/zero is refused by every reader. Inputs are generated here, in a temporary folder.
. "$(dirname "$0")/lib.sh"
# AddressSanitizer and ThreadSanitizer reserve terabytes of address space: no ulimit -v under them
asan=$(ldd "$PARLEY" 2>/dev/null | grep -o "libasan\|libtsan" | head -1)
ex="$src/examples/trade-deal.yaml"
lim=1000000 # KiB of address space: 1 GB
# run DESC WANT-EXIT SECONDS -- command...: under the memory limit and a time limit
run() {
    local desc=$1 want=$2 secs=$3
    shift 4
    ( [ -n "$asan" ] || ulimit -v $lim; timeout "$secs" "$@" ) >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" = "$want" ]; then ok; else fail "$desc: exit $got, want $want"; head -3 "$tmp/err" >&2; fi
}

awk 'BEGIN { print "parley: 1\nname: actors\nissues:\n  x: {type: integer, range: [0, 10], step: 1}\nactors:";
             for (i = 0; i < 80000; i++) printf "  a%d:\n    utility:\n      x: {linear: {slope: 0.1, offset: 0}}\n", i }' >"$tmp/actors.yaml"
run "check: 80,000 actors" 0 20 -- "$PARLEY" check "$tmp/actors.yaml"
expect_grep "$tmp/out" "80000 actors\|actors: 80000\|80000" "80,000 actors counted"
awk 'BEGIN { printf "parley: 1\nname: options\nissues:\n  x:\n    type: categorical\n    options: [o0";
             for (i = 1; i < 80000; i++) printf ", o%d", i; print "]\nactors:\n  A:\n    utility:\n      x: {values: {o1: 1}}" }' >"$tmp/options.yaml"
run "check: 80,000 options" 0 20 -- "$PARLEY" check "$tmp/options.yaml"
# a duplicate among 80,000 options is still found, with the first one's position
sed -i 's/, o79999]/, o5]/' "$tmp/options.yaml"
run "check: a duplicate option" 1 20 -- "$PARLEY" check "$tmp/options.yaml"
expect_grep "$tmp/err" "duplicate option 'o5'" "duplicate option"

# analyze: refused up front with the size and the option that raises the limit
awk 'BEGIN { print "parley: 1\nname: big\nissues:";
             for (i = 0; i < 60; i++) printf "  i%d: {type: integer, range: [1, 20], step: 1}\n", i;
             print "actors:";
             split("1 -1 1", s, " ");
             for (a = 1; a <= 3; a++) { printf "  P%d:\n    utility:\n", a;
               for (i = 0; i < 60; i++) { sl = (a == 3 && i % 2 == 0) ? -1 : s[a];
                 printf "      i%d: {linear: {slope: %g, offset: %d}}\n", i, sl * 0.05, (sl > 0 ? 0 : 1) } } }' >"$tmp/big60.yaml"
run "analyze: 60 x 20, three parties" 1 20 -- "$PARLEY" analyze "$tmp/big60.yaml"
expect_grep "$tmp/err" "the outcome space has 1152921504606846976000000000000000000000000000000000000000000000000000000000000 outcomes and the frontier 3 actors: an exact analysis would take too long (outcomes x actors over 200000000); raise the limit with --max-work" "analyze 60 x 20 message"
awk 'BEGIN { srand(1); print "parley: 1\nname: many\nissues:";
             for (i = 0; i < 10; i++) printf "  i%d: {type: integer, range: [1, 5], step: 1}\n", i;
             print "actors:";
             for (a = 0; a < 200; a++) { printf "  a%d:\n    utility:\n", a;
               for (i = 0; i < 10; i++) { sl = rand() < 0.5 ? -1 : 1;
                 printf "      i%d: {weight: %d, linear: {slope: %g, offset: %d}}\n", i, 1 + int(rand() * 9), sl * 0.25, (sl > 0 ? 0 : 1) } } }' >"$tmp/a200.yaml"
run "analyze: 200 actors x 10 issues" 1 20 -- "$PARLEY" analyze "$tmp/a200.yaml"
expect_grep "$tmp/err" "9765625 outcomes and the frontier 200 actors" "analyze 200 actors message"
# --max-work raises the limit: then the estimate lets the work start (cut short here)
run "analyze: --max-work raised" 124 3 -- "$PARLEY" analyze "$tmp/a200.yaml" --max-work 100000000000

# simulate: deadlines of 1e9 rounds refused before the work; the longest run with a trace fits
sed 's/deadline: 20/deadline: 1e9/' "$ex" >"$tmp/d.yaml"
run "simulate: deadline 1e9" 1 20 -- "$PARLEY" simulate "$tmp/d.yaml"
sed '/deadline: 20/d' "$ex" >"$tmp/nd.yaml"
run "simulate: 100,000 rounds with a trace" 0 60 -- "$PARLEY" simulate "$tmp/nd.yaml" --rounds 100000 --quiet --trace "$tmp/t.jsonl" --strategy Exporter=hardliner --strategy Importer=hardliner
check "the trace holds the 100,000 rounds" '[ "$(tail -1 "$tmp/t.jsonl" | grep -o "\"round\":[0-9]*")" = "\"round\":100000" ]'

# /dev/zero and /dev/urandom in every reader: refused without reading
for dev in /dev/zero /dev/urandom; do
    run "check $dev" 1 10 -- "$PARLEY" check $dev
    run "forecast --format bdm $dev" 1 10 -- "$PARLEY" forecast $dev --format bdm
    run "forecast --format ktab $dev" 1 10 -- "$PARLEY" forecast $dev --format ktab
    run "backtest $dev" 1 10 -- "$PARLEY" backtest $dev --actors $dev
done
finish 19
