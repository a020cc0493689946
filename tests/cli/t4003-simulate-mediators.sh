#!/bin/bash
# t4003-simulate-mediators: `parley simulate` shows a mediator's text at the table in full and
# the agreement it brings; a failed ratification shows its package and the seats that voted.
. "$(dirname "$0")/lib.sh"
cat >"$tmp/med.yaml" <<'YAML'
parley: 1
issues:
  a: {type: integer, range: [0, 10]}
  b: {type: ordered, options: [x, y, z]}
actors:
  A: {deadline: 12, reservation: 0.3, stance: {a: {position: 10}, b: {position: x, salience: 0.5}}}
  B: {deadline: 12, reservation: 0.3, strategy: linear, stance: {a: {position: 0}, b: {position: z, salience: 0.5}}}
  M: {role: mediator, host: true}
YAML
"$PARLEY" simulate "$tmp/med.yaml" --seed 1 >"$tmp/out" 2>&1
# the first text, once both have offered: the midpoint of 10/x and 0/z, in full
expect_grep "$tmp/out" "      2    M tables a single negotiating text: a: 5, b: y" "first text"
expect_grep "$tmp/out" "M tables a single negotiating text: a: 8, b: y" "last text"
expect_grep "$tmp/out" "^result: agreement in round 11, ratified" "agreement on the text"
cat >"$tmp/rat.yaml" <<'YAML'
parley: 1
issues:
  a: {type: integer, range: [0, 10]}
actors:
  A: {deadline: 12, seats: 40, stance: {a: {position: 10}}}
  Hawks: {role: faction, party: A, seats: 30, reservation: 0.95, stance: {a: {position: 10}}}
  B: {deadline: 12, strategy: conceder, stance: {a: {position: 0}}}
ratification:
  A: {rule: quota, quota: 61, total: 120}
YAML
"$PARLEY" simulate "$tmp/rat.yaml" --seed 1 --ratify-fail end >"$tmp/out" 2>&1
expect_grep "$tmp/out" "A fails to ratify (blocked by Hawks; 40 of 61 seats needed): a: 8" "failed vote in the account"
expect_grep "$tmp/out" "^  voted down by A (blocked by Hawks; 40 of 61 seats needed):" "failed vote in the result"
expect_grep "$tmp/out" "^    a                        8" "the package voted down"
finish 6
