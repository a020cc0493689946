#!/bin/bash
# t505-mediate-many-vetoes: `parley mediate` with 20 and 30 veto players (issue 11): the briefing
# is printed whole (it used to exit 1 with nothing on stdout over 16 veto players), the shares of
# the responsibility for the impasse are estimated by sampling and say so, and --sections.
# By hand: P01 accepts only v0, P02 only v3, everyone else everything; so no package passes,
# P02 is pivotal for v0 and P01 for v3 (1 package each), {P01, P02} is the minimal blocking set
# of v1 and v2, and the blocking game v(S) = [P01 in S or P02 in S] gives P01 and P02 a
# Shapley value of exactly 1/2 each (an ordering credits whichever of them comes first) and the
# others 0. The acceptance game is unanimity: Shapley-Shubik 1/n each.
. "$(dirname "$0")/lib.sh"
scenario() { # scenario N FILE
    {
        echo "parley: 1"
        echo "name: many vetoes"
        echo "issues:"
        echo "  x: {type: ordered, options: [v0, v1, v2, v3]}"
        echo "actors:"
        echo "  P01: {reservation: 0.9, stance: {x: {position: v0, salience: 1}}}"
        echo "  P02: {reservation: 0.9, stance: {x: {position: v3, salience: 1}}}"
        for k in $(seq 3 "$1"); do
            printf '  P%02d: {reservation: 0, stance: {x: {position: v%d, salience: 1}}}\n' "$k" $((k % 4))
        done
        echo "variants:"
        echo "  P01 softer:"
        echo "    actors: {P01: {reservation: 0.5}}"
    } >"$2"
}
scenario 20 "$tmp/v20.yaml"
"$PARLEY" mediate "$tmp/v20.yaml" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "20 veto players: exit 0" '[ $rc -eq 0 ]'
check "20 veto players: nothing on stderr" '[ ! -s "$tmp/err" ]'
for s in "1. Bridging" "2. What it takes" "3. Leverage" "4. Responsibility for the impasse" "5. Power" "Variants compared"; do
    expect_grep "$tmp/out" "$s" "20 veto players: section $s"
done
expect_grep "$tmp/out" "With 20 veto players the shares are estimated from 20000 random orderings" "sampling said"
check "P01 pivotal for 1, share 0.5 +- se" 'grep -Eq "^    P01 +1 +0\.(49|50|51)[0-9] \+- 0\.00[0-9]$" "$tmp/out"'
check "P02 pivotal for 1, share 0.5 +- se" 'grep -Eq "^    P02 +1 +0\.(49|50|51)[0-9] \+- 0\.00[0-9]$" "$tmp/out"'
check "P03 neither" 'grep -Eq "^    P03 +0 +0\.000 \+- 0\.000$" "$tmp/out"'
expect_grep "$tmp/out" "{P01} for 1 package$" "P01 alone blocks v3"
expect_grep "$tmp/out" "{P01, P02} for 2 packages$" "both block v1 and v2"
expect_grep "$tmp/out" "Minimal blocking coalitions of at most 3 members" "the coalition limit said"
expect_grep "$tmp/out" "Responsibility for the impasse is shared equally by P01 and P02 (about 0.50 each)." "a tie, said as one"
check "unanimity: Shapley-Shubik 1/20 each, exact" '[ "$(grep -Ec "^    P[0-9]+ +- +0\.0500 +0\.0500$" "$tmp/out")" = 20 ]'
check "the variant compared" 'grep -Eq "^    P01 softer +0 " "$tmp/out"'
# the same answers in JSON, with how they were estimated
"$PARLEY" mediate "$tmp/v20.yaml" --json >"$tmp/j"; rc=$?
check "json exit 0" '[ $rc -eq 0 ]'
check "json: shares within 4 standard errors of 1/2, sum 1" 'python3 - "$tmp/j" <<'"'"'PY'"'"'
import json, sys
b = json.load(open(sys.argv[1]))["blame"]
p = {x["actor"]: x for x in b["players"]}
se = b["estimated"]["share_se"]
assert b["estimated"]["samples"] == 20000 and b["estimated"]["coalitions_up_to"] == 3
assert abs(p["P01"]["share"] - 0.5) <= 4 * se[0] and abs(p["P01"]["share"] + p["P02"]["share"] - 1) < 1e-12
assert p["P01"]["pivotal_for"] == 1 and p["P02"]["pivotal_for"] == 1 and p["P05"]["share"] == 0
PY'
# 30 veto players: the acceptance game is too large to enumerate; its power is sampled too
scenario 30 "$tmp/v30.yaml"
"$PARLEY" mediate "$tmp/v30.yaml" --sections power >"$tmp/out" 2>"$tmp/err"; rc=$?
check "30 veto players, --sections power: exit 0" '[ $rc -eq 0 ]'
check "only the power section" '[ "$(grep -Ec "^[0-9]\. " "$tmp/out")" = 1 ] && grep -q "^1. Power" "$tmp/out"'
expect_grep "$tmp/out" "(estimated from 20000 random orderings and coalitions" "power sampling said"
check "unanimity of 30: Shapley-Shubik about 1/30" 'grep -Eq "^    P07 +- +0\.0(2[89]|3[0-9])[0-9] " "$tmp/out"'
expect_exit 2 "--sections nope" -- "$PARLEY" mediate "$tmp/v20.yaml" --sections power,nope
expect_grep "$tmp/err" "no section 'nope' (sections: bridging what-it-takes leverage impasse power fair-division variants)" "the sections listed"
"$PARLEY" mediate "$tmp/v20.yaml" --sections blame,variants >"$tmp/out"
check "--sections blame,variants: the impasse and the comparison" \
    'grep -q "^1. Responsibility for the impasse" "$tmp/out" && grep -q "^Variants compared" "$tmp/out" && ! grep -q "Bridging" "$tmp/out"'
"$PARLEY" mediate "$tmp/v20.yaml" --sections power --json >"$tmp/j"
check "--sections power --json: the power key alone" \
    'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert \"power\" in d and \"blame\" not in d and \"bridging\" not in d" "$tmp/j"'
finish 25
