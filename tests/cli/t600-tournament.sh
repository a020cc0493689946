#!/usr/bin/env bash
# t600-tournament: parley tournament plays every pairing in every role, gives the same results
# whatever the thread count, resumes a killed run from its journal (a torn last line included)
# with results identical to an uninterrupted run, refuses a journal of another design, and a
# deterministic pairing matches `parley simulate` with the same strategies.
. "$(dirname "$0")/lib.sh"
data="${PL_SHARED_DATA:-$src/../shared/data}"
laptop="$data/genius/y2011/Laptop"
[ -d "$laptop" ] || { skip "no shared GENIUS data at $laptop"; finish; }
args=(tournament -s "$laptop" --strategy boulware --strategy hardliner --protocol sao
      --protocol amop --seeds 3 --rounds 50)

OMP_NUM_THREADS=1 expect_exit 0 "one thread" -- "$PARLEY" "${args[@]}" --out "$tmp/a"
expect_grep "$tmp/out" "^24 sessions (2 entrants, 1 scenarios, 2 protocols, 3 seeds)" "session count"
expect_grep "$tmp/out" "^rank  strategy" "ranking table"
# 2 entrants in 2 roles: 4 assignments x 2 protocols x 3 seeds = 24 sessions, 2 rows each
check "48 rows" '[ "$(tail -n +2 "$tmp/a/sessions.csv" | wc -l)" = 48 ]'
check "every role of every pairing" \
    '[ "$(tail -n +2 "$tmp/a/sessions.csv" | cut -d, -f3,5,7 | sort | uniq -c | awk "{print \$1}" | sort -u)" = 6 ]'
OMP_NUM_THREADS=2 expect_exit 0 "two threads" -- "$PARLEY" "${args[@]}" --out "$tmp/b"
check "same results whatever the thread count" 'cmp -s "$tmp/a/sessions.csv" "$tmp/b/sessions.csv"'
check "same JSON" 'cmp -s "$tmp/a/tournament.json" "$tmp/b/tournament.json"'

# a killed run: the header, 5 sessions and half a line survive
mkdir -p "$tmp/c"
head -n 6 "$tmp/a/journal.tsv" >"$tmp/c/journal.tsv"
sed -n 7p "$tmp/a/journal.tsv" | head -c 9 >>"$tmp/c/journal.tsv"
expect_exit 0 "resume" -- "$PARLEY" "${args[@]}" --out "$tmp/c"
expect_grep "$tmp/out" "^resumed: 5 sessions read back from the journal" "resumed count"
check "resumed results identical" 'cmp -s "$tmp/a/sessions.csv" "$tmp/c/sessions.csv"'
check "journal complete, torn line replaced" '[ "$(wc -l <"$tmp/c/journal.tsv")" = 25 ] && ! grep -qv "\.$" <(tail -n +2 "$tmp/c/journal.tsv")'
expect_exit 0 "rerun of a finished tournament" -- "$PARLEY" "${args[@]}" --out "$tmp/c"
expect_grep "$tmp/out" "^resumed: 24 sessions" "nothing played again"

# another design in the same folder
expect_exit 1 "journal of another design" -- "$PARLEY" "${args[@]}" --seeds 4 --out "$tmp/c"
expect_grep "$tmp/err" "journal.tsv: a journal of another tournament design" "design message"

# boulware against boulware is deterministic: the sao session equals parley simulate's
expect_exit 0 "simulate" -- "$PARLEY" simulate "$laptop" --protocol sao --rounds 50 --json \
    --strategy laptop_buyer_utility=boulware --strategy laptop_seller_utility=boulware
u=$(sed 's/.*"laptop_buyer_utility":{"utility":\([0-9.e-]*\).*/\1/' "$tmp/out")
row=$(awk -F, '$3=="sao" && $4==1 && $5==1 && $7=="boulware"' "$tmp/a/sessions.csv" | head -1)
sess=$(echo "$row" | cut -d, -f1)
other=$(awk -F, -v s="$sess" '$1==s && $5==2 {print $7}' "$tmp/a/sessions.csv")
check "boulware-boulware row found" '[ "$other" = boulware ]'
tu=$(echo "$row" | cut -d, -f8)
check "utility as parley simulate ($tu vs $u)" 'awk -v a="$tu" -v b="$u" "BEGIN{d=a-b; exit !(d<1e-5 && d>-1e-5)}"'

expect_exit 2 "no scenario" -- "$PARLEY" tournament --strategy boulware
expect_grep "$tmp/err" "option '--scenario' is required" "required scenario"
expect_exit 2 "unknown strategy" -- "$PARLEY" tournament -s "$laptop" --strategy nope
expect_grep "$tmp/err" "unknown strategy 'nope'" "unknown strategy message"
finish 20
