#!/bin/bash
# t500-mediate: `parley mediate` on hand-worked scenarios and on the Doha example.
set -u
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/s.yaml" <<'YAML'
parley: 1
name: s1f
issues:
  x: {type: ordered, options: [v0, v1, v2, v3]}
actors:
  A: {reservation: {value: 0.2, source: "hand"}, stance: {x: {position: v0, salience: 1}}}
  B: {reservation: 0.3, stance: {x: {position: v3, salience: 1}}}
  F: {role: faction, party: A, reservation: 0.5, stance: {x: {position: v0, salience: 1}}}
ratification:
  A: {rule: veto}
proposals:
  P: {outcome: {x: v2}}
YAML
out=$("$PARLEY" mediate "$tmp/s.yaml"); rc=$?
check "exit 0" '[ $rc -eq 0 ]'
check "one package passes" 'grep -q "1 of 4 packages pass" <<<"$out"'
check "P fails, F blocks" 'grep -q "\"P\".*fails; F blocks it" <<<"$out"'
check "one change" 'grep -q "Smallest change that passes: 1 issue" <<<"$out"'
check "F moves 1/6" 'grep -q "F.s threshold down by 0.167" <<<"$out"'
check "source shown" 'grep -q "actors.A.reservation: hand" <<<"$out"'
json=$("$PARLEY" mediate "$tmp/s.yaml" --json); rc=$?
check "json exit 0" '[ $rc -eq 0 ]'
check "json valid" 'python3 -c "import json,sys; d=json.loads(sys.stdin.read()); assert d[\"bridging\"][\"passing\"]==1; assert abs(d[\"what_it_takes\"][0][\"threshold_move_total\"]-1/6)<1e-9" <<<"$json"'
"$PARLEY" mediate "$tmp/s.yaml" --instrument bogus:A >/dev/null 2>"$tmp/err"; rc=$?
check "bad instrument exit 1" '[ $rc -eq 1 ]'
check "bad instrument message" 'grep -q "unknown instrument kind .bogus." "$tmp/err"'
"$PARLEY" mediate "$tmp/s.yaml" --instrument penalty:F:0.1 | grep -q "penalty on F" ; check "instrument listed" '[ $? -eq 0 ]'
"$PARLEY" mediate >/dev/null 2>&1; rc=$?
check "no file: usage" '[ $rc -eq 2 ]'
"$PARLEY" mediate "$tmp/s.yaml" --proposal nope >/dev/null 2>"$tmp/err"; rc=$?
check "unknown proposal" '[ $rc -eq 1 ] && grep -q "no proposal .nope." "$tmp/err"'
if [ -n "${PL_SOURCE_DIR:-}" ] && [ -f "$PL_SOURCE_DIR/examples/doha-2024.yaml" ]; then
  out=$("$PARLEY" mediate "$PL_SOURCE_DIR/examples/doha-2024.yaml"); rc=$?
  check "doha exit 0" '[ $rc -eq 0 ]'
  for s in "1. Bridging" "2. What it takes" "3. Leverage" "4. Blame" "5. Power" "6. Fair division" "Variants compared" "Sources"; do
    check "doha section $s" 'grep -q "$s" <<<"$out"'
  done
  "$PARLEY" mediate "$PL_SOURCE_DIR/examples/doha-2024.yaml" --variant "no core mandate" --json | python3 -c "import json,sys; json.load(sys.stdin)"
  check "doha variant json" '[ $? -eq 0 ]'
fi
exit $fail
