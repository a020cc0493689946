#!/usr/bin/env bash
# t4002-simulate-every-protocol: every protocol (and every single-text mediator move) runs on
# every example and prints its whole account, result and JSON. The round-by-round account of
# single-text and feedback on trade-deal (a text with no mediator) used to write past its
# buffer and crash with "free(): invalid pointer".
. "$(dirname "$0")/lib.sh"
n=0
for f in "$src"/examples/*.yaml; do
    b=$(basename "$f")
    for p in sao amop single-text feedback shuttle; do
        moves=("")
        [ "$p" = single-text ] && moves=("" "--move best-response" "--move bridge")
        for mv in "${moves[@]}"; do
            # shellcheck disable=SC2086 # $mv is zero or two words
            expect_exit 0 "$b $p $mv" -- "$PARLEY" simulate "$f" --protocol "$p" $mv --seed 3
            expect_grep "$tmp/out" "^round by round" "$b $p $mv: account"
            expect_grep "$tmp/out" "^result: " "$b $p $mv: result"
            check "$b $p $mv: nothing on stderr" '[ ! -s "$tmp/err" ]'
            # shellcheck disable=SC2086
            expect_exit 0 "$b $p $mv --json" -- "$PARLEY" simulate "$f" --protocol "$p" $mv --seed 3 --json
            expect_grep "$tmp/out" "\"protocol\":\"$p\"" "$b $p $mv: JSON protocol"
            expect_grep "$tmp/out" '"end":"[a-z ]*"' "$b $p $mv: JSON end"
            n=$((n + 1))
        done
    done
done
# a strategy the scenario itself names wrongly is reported where that actor is written
# (examples/doha-2024.yaml: "  Israel:" is line 63, its strategy boulware)
sed 's/strategy: boulware/strategy: bulware/' "$src/examples/doha-2024.yaml" >"$tmp/bad.yaml"
expect_exit 1 "strategy misnamed in the file" -- "$PARLEY" simulate "$tmp/bad.yaml" --quiet
expect_grep "$tmp/err" "^$tmp/bad.yaml:63:3: actor 'Israel': unknown strategy 'bulware'" "misnamed strategy: position"
# 4 examples x (4 protocols + 3 single-text moves), 7 checks each
check "every run happened ($n)" '[ "$n" -ge 28 ]'
finish 198
