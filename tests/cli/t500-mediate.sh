#!/bin/bash
# t500-mediate: `parley mediate` on hand-worked scenarios and on the Doha example.
. "$(dirname "$0")/lib.sh"
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
out=$("$PARLEY" mediate "$tmp/s.yaml" --instrument penalty:F:0.1); rc=$?
check "instrument: exit 0" '[ $rc -eq 0 ]'
check "instrument listed" 'grep -q "penalty on F" <<<"$out"'
"$PARLEY" mediate >/dev/null 2>"$tmp/err"; rc=$?
check "no file: usage" '[ $rc -eq 2 ]'
check "no file: the parser's message, then the usage" \
  '[ "$(head -2 "$tmp/err")" = "error: missing <file>
usage: parley mediate <file> [--variant <name>] [--json] [--proposal <name>] [--top <k>]" ]'
"$PARLEY" mediate "$tmp/s.yaml" --top 0 >/dev/null 2>"$tmp/err"; rc=$?
check "--top 0: usage" '[ $rc -eq 2 ] && grep -qx "error: option .--top. expects an integer from 1 to 15, got .0." "$tmp/err"'
"$PARLEY" mediate "$tmp/s.yaml" --instrument >/dev/null 2>"$tmp/err"; rc=$?
check "--instrument without a value" '[ $rc -eq 2 ] && grep -qx "error: option .--instrument. needs a value" "$tmp/err"'
many=(); for k in $(seq 65); do many+=(--instrument penalty:A); done
"$PARLEY" mediate "$tmp/s.yaml" "${many[@]}" >/dev/null 2>"$tmp/err"; rc=$?
check "65 instruments: usage" '[ $rc -eq 2 ] && grep -qx "error: option .--instrument. is given more than 64 times" "$tmp/err"'
"$PARLEY" mediate "$tmp/s.yaml" --proposal nope >/dev/null 2>"$tmp/err"; rc=$?
check "unknown proposal" '[ $rc -eq 1 ] && grep -q "no proposal .nope." "$tmp/err"'
# instruments from the scenario (hand-worked: see test_leverage_scenario_instruments in
# tests/test_mediate.c): nothing passes; the penalty on F needs 2/15 = 0.133 > its max 0.1
# (0.033 short); the side payment to B needs 0.3 <= 0.5; together 0.3, all to B. G is a faction
# of B, which has no ratification rule: its instrument is left out.
cat > "$tmp/i.yaml" <<'YAML'
parley: 1
issues:
  x: {type: ordered, options: [v0, v1, v2, v3]}
actors:
  A: {reservation: 0.2, stance: {x: {position: v0, salience: 1}}}
  B: {reservation: 0.3, stance: {x: {position: v3, salience: 1}}}
  F: {role: faction, party: A, reservation: 0.8, stance: {x: {position: v0, salience: 1}}}
  G: {role: faction, party: B}
  M:
    role: mediator
    instruments:
      - {kind: penalty, on: F, max: {value: 0.1, source: "guess at the limit"}, source: "press F"}
      - {kind: side_payment, to: B, max: 0.5}
      - {kind: penalty, on: G}
ratification:
  A: {rule: veto}
YAML
out=$("$PARLEY" mediate "$tmp/i.yaml"); rc=$?
check "instruments: exit 0" '[ $rc -eq 0 ]'
check "instruments: none pass" 'grep -q "0 of 4 packages pass" <<<"$out"'
check "penalty on F row" 'grep -Eq "penalty on F +M +0\.133 +0\.100 +no: 0\.033 short +\[[0-9]+\]\[[0-9]+\]" <<<"$out"'
check "side payment to B row" 'grep -Eq "side-payment to B +M +0\.300 +0\.500 +yes" <<<"$out"'
check "together 0.3 to B" 'grep -q "Together: a total of 0.300 (0.300 to B)" <<<"$out"'
check "G left out" 'grep -q "Left out: penalty on G (from M): the actor has no say in ratification" <<<"$out"'
check "instrument source" 'grep -q "actors.M.instruments.0: press F" <<<"$out"'
check "max source" 'grep -q "actors.M.instruments.0.max: guess at the limit" <<<"$out"'
check "carried package shown" 'grep -q "package they carry" <<<"$out"'
# --instrument overrides the scenario's limit on F (same kind, same actor) and adds others
out=$("$PARLEY" mediate "$tmp/i.yaml" --instrument penalty:F:0.2 --instrument side-payment:A); rc=$?
check "override: exit 0" '[ $rc -eq 0 ]'
check "override: max from the command line" 'grep -Eq "penalty on F +M \(max from --instrument\) +0\.133 +0\.200 +yes" <<<"$out"'
check "override: together 2/15 on F" 'grep -q "Together: a total of 0.133 (0.133 penalty on F)" <<<"$out"'
check "added instrument" 'grep -Eq "side-payment to A +--instrument +cannot" <<<"$out"'
json=$("$PARLEY" mediate "$tmp/i.yaml" --json); rc=$?
check "instruments json: exit 0" '[ $rc -eq 0 ]'
check "instruments json" 'python3 -c "
import json,sys
d=json.loads(sys.stdin.read())[\"leverage\"]
i=d[\"instruments\"]
assert len(i)==2 and i[0][\"by\"]==\"M\" and i[0][\"source\"]==\"press F\" and not i[0][\"within_reach\"]
assert abs(i[0][\"least_use\"]-2/15)<1e-9 and abs(i[1][\"least_use\"]-0.3)<1e-9 and i[1][\"within_reach\"]
assert abs(d[\"combined\"]-0.3)<1e-9
" <<<"$json"'
# no instruments in the scenario: the default set, said so
out=$("$PARLEY" mediate "$tmp/s.yaml"); rc=$?
check "default instruments: exit 0" '[ $rc -eq 0 ]'
check "default instruments said" 'grep -q "The scenario gives no mediator instruments" <<<"$out"'

check "doha example present" '[ -f "$src/examples/doha-2024.yaml" ]'
if [ -f "$src/examples/doha-2024.yaml" ]; then
  out=$("$PARLEY" mediate "$src/examples/doha-2024.yaml" --width 1000); rc=$?  # content (layout: t510-width)
  check "doha exit 0" '[ $rc -eq 0 ]'
  for s in "1. Bridging" "2. What it takes" "3. Leverage" "4. Responsibility for the impasse" "5. Power" "6. Fair division" "Variants compared" "Sources"; do
    check "doha section $s" 'grep -q "$s" <<<"$out"'
  done
  # by hand: under Hamas's requirements (ceasefire phased or permanent, withdrawal phased full or
  # full) the far-right partners' best package gives (1.0*0.5 + 0.9*(1/3) + 0.7 + 0.6)/3.2 =
  # 0.65625 against their reservation 0.85: a gap of 0.19375, and the US can press them by 0.05
  check "doha: US instruments listed" 'grep -Eq "penalty on Israel +United States" <<<"$out" && grep -Eq "side-payment to Hamas +United States" <<<"$out"'
  check "doha: instruments cannot carry a package" 'grep -q "Together, within their limits, the instruments cannot make any package pass" <<<"$out"'
  check "doha: the far-right gap" 'grep -q "Far-right partners: 0.194 below its threshold; the instruments on it reach only 0.050" <<<"$out"'
  check "doha: US pressure source" 'grep -q "instruments.0: report: the US appears to use the Iran link to press Israel" <<<"$out"'
  json=$("$PARLEY" mediate "$src/examples/doha-2024.yaml" --variant "no core mandate" --json); rc=$?
  check "doha variant: exit 0" '[ $rc -eq 0 ]'
  check "doha variant json" 'python3 -c "import json,sys; json.load(sys.stdin)" <<<"$json"'
fi
finish
