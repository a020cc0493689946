#!/bin/bash
# t205-agreement-examples: what the analysis must say about the two examples of decision rules,
# referendums and constraints (issue 9). Colombia 2016: the August agreement fails the plebiscite
# 49.8 to 50.2 and passes the congressional route (both chambers). Good Friday 1998: a feasible
# zone under sufficient consensus (parallel consent), also when the DUP and UKUP walk out, and
# none under unanimity.
. "$(dirname "$0")/lib.sh"
ex="$src/examples"
for f in colombia-2016 good-friday-1998; do
    expect_exit 0 "check $f" -- "$PARLEY" check "$ex/$f.yaml"
    check "check $f prints no problem" '[ ! -s "$tmp/err" ]'
done

"$PARLEY" analyze "$ex/colombia-2016.yaml" --width 1000 >"$tmp/co" 2>&1 # content; layout: t510-width
aug=$(sed -n '/^  August 2016 agreement, Government of Colombia ratification/,/FARC-EP ratification/p' "$tmp/co")
check "August deal: ratified through the sequence" 'echo "$aug" | grep -q "Government of Colombia ratification: passes (in sequence)"'
check "August deal: plebiscite fails 49.8 to 50.2" 'echo "$aug" | grep -q "plebiscite: fails 49.8 to 50.2 (yes 18.6% of the electorate, floor 13.0%)"'
check "August deal: the plebiscite's pivotal bloc" 'echo "$aug" | grep -q "would carry it by turning: Uribista voters"'
check "August deal: Congress passes" 'echo "$aug" | grep -q "Congress: passes (all of)"'
check "August deal: Senate margin" 'echo "$aug" | grep -q "Senate: passes 75 of 52 seats needed (margin +23)"'
check "August deal: House margin" 'echo "$aug" | grep -q "House: passes 123 of 84 seats needed (margin +39)"'
expect_grep "$tmp/co" "feasible (mandates, ratification)     12" "Colombia feasible zone"
expect_grep "$tmp/co" "enumeration, constraints couple issues" "Colombia frontier method"
"$PARLEY" analyze "$ex/colombia-2016.yaml" --variant "no congressional route" >"$tmp/co2" 2>&1
expect_grep "$tmp/co2" "August 2016 agreement, Government of Colombia ratification: fails (in sequence)" "plebiscite only: the deal fails"
expect_grep "$tmp/co2" "feasible (mandates, ratification)      7" "plebiscite only: fewer feasible packages (12 -> 7)"

zone() { "$PARLEY" analyze "$ex/good-friday-1998.yaml" ${1:+--variant "$1"} | sed -n 's/^  feasible (mandates, ratification) *\([0-9]*\) .*/\1/p'; }
base=$(zone "")
walk=$(zone "DUP and UKUP walk out")
unan=$(zone "unanimity")
check "Good Friday: feasible zone under consensus ($base)" '[ "$base" = 4 ]'
check "Good Friday: feasible zone when the DUP and UKUP walk out ($walk)" '[ "$walk" = 4 ]'
check "Good Friday: no feasible package under unanimity ($unan)" '[ "$unan" = 0 ]'
"$PARLEY" analyze "$ex/good-friday-1998.yaml" >"$tmp/gf" 2>&1
expect_grep "$tmp/gf" "the table agrees (consensus)" "Good Friday: consensus label"
expect_grep "$tmp/gf" "British Government ratification: passes 71.0 to 29.0" "Good Friday: Northern Ireland referendum"
finish 19
