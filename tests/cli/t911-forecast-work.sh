#!/usr/bin/env bash
# t911-forecast-work: SMP's work (actors^3 x dimensions x rounds) is estimated before any model
# runs: on a 1,000-row BdM file (it used to run past 60 s) forecast refuses at once, naming the
# size and --max-work; --max-work, --rounds and --models change the verdict as documented.
. "$(dirname "$0")/lib.sh"
awk 'BEGIN { srand(3); print "actor,capability,position,salience";
             for (i = 0; i < 1000; i++) printf "a%d,%d,%d,%d\n", i, 1 + int(rand() * 100), int(rand() * 101), 10 + int(rand() * 90) }' >"$tmp/b.csv"
expect_exit 1 "1,000 actors, every model" -- timeout 5 "$PARLEY" forecast "$tmp/b.csv"
expect_grep "$tmp/err" "smp on 1000 actors x 1 dimensions x 100 rounds would take too long (actors^3 x dimensions x rounds = 1e+11, over 2000000000); raise the limit with --max-work" "message"
check "nothing printed on standard output" '[ ! -s "$tmp/out" ]'
expect_exit 1 "1,000 actors, smp only" -- timeout 5 "$PARLEY" forecast "$tmp/b.csv" --model smp
# --rounds lowers the estimate: 1e9 x 2 rounds = 2e9 is within the limit; 3 is not
expect_exit 1 "--rounds 3" -- timeout 5 "$PARLEY" forecast "$tmp/b.csv" --model smp --rounds 3 --max-work 2999999999
expect_grep "$tmp/err" "x 3 rounds would take too long (actors^3 x dimensions x rounds = 3e+09, over 2999999999)" "--rounds in the estimate"
# --max-work raises the limit: the run then starts (cut short here)
expect_exit 124 "--max-work raised" -- timeout 2 "$PARLEY" forecast "$tmp/b.csv" --model smp --max-work 100000000000
# a small file runs as before
head -51 "$tmp/b.csv" >"$tmp/s.csv"
expect_exit 0 "50 actors" -- timeout 20 "$PARLEY" forecast "$tmp/s.csv" --model smp
expect_grep "$tmp/out" "smp: [0-9]* round(s)" "smp ran"
finish 9
