#!/bin/bash
# t101-check: `parley check` on valid examples (text and --json), variants, usage errors (exit 2),
# a missing file (exit 1, "cannot open"), and a variant that breaks an otherwise valid file.
. "$(dirname "$0")/lib.sh"

for f in "$src"/examples/*.yaml; do
    if "$PARLEY" check "$f" >"$tmp/out" 2>"$tmp/err"; then ok; else bad "check $f"; cat "$tmp/err"; fi
    [ -s "$tmp/err" ] && bad "stderr not empty for $f"
    grep -q '^outcome space: [0-9]* outcomes$' "$tmp/out" && ok || bad "no outcome space line for $f"
    "$PARLEY" check "$f" --json >"$tmp/json" 2>&1 || bad "check --json $f"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] is True; assert d["issues"] and d["actors"]' "$tmp/json" && ok || bad "--json does not parse for $f"
done

# every section opens with one plain sentence: "  Term: " and the first sentence of the term's
# meaning in `parley help terms` (the one glossary), on the line after the section's heading
"$PARLEY" help terms >"$tmp/terms" 2>&1
for f in "$src"/examples/*.yaml; do
    "$PARLEY" check "$f" --width 1000 >"$tmp/out" 2>&1
    python3 - "$tmp/terms" "$tmp/out" "$(basename "$f")" <<'PY' && ok || bad "section sentences for $f"
import re, sys
terms, cur = {}, None
for line in open(sys.argv[1]).read().split("\n")[1:]:
    if line.startswith("    ") and cur: terms[cur] += " " + line.strip()
    elif line.startswith("  "): cur = line.strip(); terms[cur] = ""
lines = open(sys.argv[2]).read().split("\n")
want = {"issues": "issue", "actors": "actor", "ratification": "ratification", "linkages": "linkage",
        "proposals": "proposal", "variants": "variant", "constraints": "constraint",
        "outcome space": "outcome space", "source notes": "source note",
        "decision at the table": "decision rule", "uncertain values": "uncertain value"}
seen = 0
for i, line in enumerate(lines):
    head = re.match(r"^([a-z][a-z ]*?)( \(\d+\))?:", line)
    if not head or i == 0 or lines[i - 1] != "": continue
    term = want[head.group(1)]  # a new section without a sentence fails here
    meaning = terms[term].strip()
    first = meaning[:meaning.index(". ") + 1] if ". " in meaning else meaning
    got = lines[i + 1]
    assert got == "  " + term[0].upper() + term[1:] + ": " + first[0].lower() + first[1:], (sys.argv[3], got, first)
    seen += 1
assert seen >= 4, (sys.argv[3], seen)
PY
done

# Doha: 3*4*4*3*3*5*3 = 6480 outcomes; both variants valid
doha="$src/examples/doha-2024.yaml"
"$PARLEY" check "$doha" >"$tmp/out" 2>&1
grep -q '^outcome space: 6480 outcomes$' "$tmp/out" && ok || bad "doha outcome space"
grep -q 'no core mandate *valid' "$tmp/out" && ok || bad "doha variant listed as valid"
# calendar time: one round a day, the US deadline given in days
grep -q '^round: 1 day$' "$tmp/out" && ok || bad "doha round length"
grep -q 'United States .*deadline 7 days = 7 rounds' "$tmp/out" && ok || bad "doha US deadline in days"
grep -q 'Israel .*deadline 14 rounds = 14 days' "$tmp/out" && ok || bad "doha Israel deadline in rounds"
"$PARLEY" check "$doha" --variant "no core mandate" --json >"$tmp/json" 2>&1 || bad "check --variant"
python3 - "$tmp/json" <<'PY' && ok || bad "variant mandate in JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["variant"] == "no core mandate"
dele = [a for a in d["actors"] if a["name"] == "Israeli delegation"][0]
assert dele["mandate"]["ceasefire"] == ["temporary"], dele["mandate"]
PY

# a huge outcome space is printed exactly: 40 issues of 10 values = 10^40
{
    echo "parley: 1"; echo "issues:"
    for i in $(seq 1 40); do echo "  i$i: {type: integer, range: [1, 10]}"; done
    echo "actors:"; echo "  A: {}"
} >"$tmp/big.yaml"
"$PARLEY" check "$tmp/big.yaml" >"$tmp/out" 2>&1
grep -q "^outcome space: 1$(printf '0%.0s' $(seq 1 40)) outcomes$" "$tmp/out" && ok || bad "10^40 outcome space"

# a variant that breaks the file: exit 1, diagnostic names the variant, stdout empty
cat >"$tmp/v.yaml" <<'Y'
parley: 1
issues:
  a: {type: ordered, options: [x, y]}
actors:
  D: {role: delegation, party: P}
  P: {}
variants:
  good: {actors: {D: {mandate: {a: [x]}}}}
  broken: {actors: {P: {clout: -2}}}
Y
"$PARLEY" check "$tmp/v.yaml" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && ok || bad "broken variant exit code"
[ -s "$tmp/out" ] && bad "stdout not empty for a broken variant" || ok
[ "$(cat "$tmp/err")" = "$tmp/v.yaml:9:32: 'clout' of actor 'P' must be >= 0 (got -2) (variant 'broken')" ] && ok || { bad "broken variant message"; cat "$tmp/err"; }
"$PARLEY" check "$tmp/v.yaml" --variant good >/dev/null 2>&1 && ok || bad "--variant good"
"$PARLEY" check "$tmp/v.yaml" --variant nope >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "unknown variant 'nope' (known: 'good', 'broken')" "$tmp/err" && ok || bad "unknown variant"

# missing file
"$PARLEY" check "$tmp/none.yaml" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && [ "$(cat "$tmp/err")" = "$tmp/none.yaml: cannot open: no such file or directory" ] && ok || { bad "missing file"; cat "$tmp/err"; }

# usage
"$PARLEY" check >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no file: exit 2"
"$PARLEY" check a.yaml b.yaml >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "two files: exit 2"
"$PARLEY" check --bogus "$doha" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown option: exit 2"
"$PARLEY" check "$doha" --variant >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--variant without a value: exit 2"
"$PARLEY" check --help >"$tmp/out" 2>&1 && grep -q '^usage: parley check' "$tmp/out" && ok || bad "--help"

finish
