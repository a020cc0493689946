#!/bin/bash
# t710-explore-engines: `parley explore --engine simulate|forecast`: answers known by
# construction (agreement certain, impossible; a compromise of a uniform position), the same
# bytes for 1, 2 and 8 threads (scenario and KTAB input), option errors, and every engine's
# --json valid against docs/schemas/explore.schema.json on every example.
. "$(dirname "$0")/lib.sh"

# A and B value a, b, c alike at 1, 0.5, 0; A's reservation 0, B's as given
sim() {
    cat <<EOF
parley: 1
issues:
  deal: {type: categorical, options: [a, b, c]}
actors:
  A:
    role: party
    reservation: 0
    utility: {deal: {weight: 1, values: {a: 10, b: 5, c: 0}}}
  B:
    role: party
    reservation: $1
    utility: {deal: {weight: 1, values: {a: 10, b: 5, c: 0}}}
EOF
}
sim "{uniform: [0, 0.9]}" >"$tmp/certain.yaml"
sim "{uniform: [1.1, 2]}" >"$tmp/never.yaml"
sim "{uniform: [0, 2]}" >"$tmp/half.yaml"
cat >"$tmp/fc.yaml" <<'EOF'
parley: 1
issues:
  level: {type: real, range: [0, 100], step: 1}
actors:
  A:
    clout: 1
    stance:
      level: {position: {uniform: [20, 60]}, salience: 1}
  B:
    clout: 1
    stance:
      level: {position: 50, salience: 1}
EOF

# known answers
expect_exit 0 "certain agreement" -- "$PARLEY" explore "$tmp/certain.yaml" --engine simulate --worlds 200 -q \
    --protocols sao,amop,single-text --strategies boulware,conceder
expect_grep "$tmp/out" "^agreement rate 1.000 (s.e. 0.000)" "agreement certain by construction"
expect_grep "$tmp/out" "^  1.000 (s.e. 0.000)  deal=a" "always package a"
expect_exit 0 "impossible agreement" -- "$PARLEY" explore "$tmp/never.yaml" --engine simulate --worlds 200 -q
expect_grep "$tmp/out" "^agreement rate 0.000 (s.e. 0.000)" "agreement impossible by construction"
expect_exit 0 "forecast of a uniform position" -- "$PARLEY" explore "$tmp/fc.yaml" --engine forecast \
    --models compromise --worlds 20000 --json -q
python3 - "$tmp/out" <<'PY' && ok || bad "compromise of a uniform position: mean 45, sd 5.774, quantiles 36, 45, 54"
import json, math, sys
d = json.load(open(sys.argv[1]))
f = d["models"][0]["forecasts"][0]
sd = 20 / math.sqrt(12)
assert d["noise"] == 0 and f["n"] == 20000, d
assert abs(f["mean"] - 45) < 4 * sd / math.sqrt(20000), f
assert abs(f["sd"] / sd - 1) < 0.03, f
assert abs(f["q05"] - 36) < 0.4 and abs(f["q50"] - 45) < 0.4 and abs(f["q95"] - 54) < 0.4, f
PY

# the same bytes whatever the thread count
for t in 1 2 8; do
    "$PARLEY" explore "$tmp/half.yaml" --engine simulate --worlds 300 --seed 4 --threads $t --json -q \
        --protocols sao,amop --strategies boulware,conceder >"$tmp/s$t" 2>/dev/null || bad "simulate --threads $t"
    "$PARLEY" explore "$src/examples/forecast-water.yaml" --engine forecast --worlds 200 --threads $t -q \
        >"$tmp/f$t" 2>/dev/null || bad "forecast --threads $t"
done
cmp -s "$tmp/s1" "$tmp/s2" && cmp -s "$tmp/s1" "$tmp/s8" && ok || bad "simulate: 1, 2 and 8 threads differ"
cmp -s "$tmp/f1" "$tmp/f2" && cmp -s "$tmp/f1" "$tmp/f8" && ok || bad "forecast: 1, 2 and 8 threads differ"
python3 - "$tmp/s1" <<'PY' && ok || bad "simulate --json: rate 1/2, A's utility is the rate, B's 1.25"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["agreement"]
assert d["engine"] == "simulate" and a["worlds"] + 0 >= 0 and abs(a["p"] - 0.5) < 4 * a["se"], a
u = {x["name"]: x["utility"]["mean"] for x in d["actors"]}
assert abs(u["A"] - a["p"]) < 1e-9 and abs(u["B"] - 1.25) < 0.05, u
assert [p["name"] for p in d["protocols"]] == ["sao", "amop"], d["protocols"]
assert sum(p["drawn"]["worlds"] for p in d["protocols"]) == 300
PY

# KTAB and BdM inputs: --noise (0.1 by default: the file states nothing uncertain)
ktab="${PL_SHARED_DATA:-}/ktab/dummyData-a040.csv"
bdm="${PL_SHARED_DATA:-}/bdm/ec-emissions.csv"
if [ -n "${PL_SHARED_DATA:-}" ] && [ -f "$ktab" ] && [ -f "$bdm" ]; then
    for t in 1 2 8; do
        "$PARLEY" explore "$ktab" --engine forecast --worlds 40 --threads $t --json -q >"$tmp/k$t" 2>/dev/null ||
            bad "ktab --threads $t"
    done
    cmp -s "$tmp/k1" "$tmp/k2" && cmp -s "$tmp/k1" "$tmp/k8" && ok || bad "ktab: 1, 2 and 8 threads differ"
    expect_exit 0 "bdm with noise" -- "$PARLEY" explore "$bdm" --engine forecast --worlds 30 --noise 0.2 -q
    expect_grep "$tmp/out" "^noise 0.2: capabilities" "says the noise"
    expect_grep "$tmp/out" "^  eum " "eum row"
    expect_exit 1 "--set on a CSV file" -- "$PARLEY" explore "$bdm" --engine forecast --set 'a=1'
    expect_grep "$tmp/err" "ec-emissions.csv: --variant and --set need a scenario, not a bdm file" "--set needs a scenario"
else
    skip "KTAB and BdM inputs (PL_SHARED_DATA not set or the files are missing)"
fi

# option errors
expect_exit 1 "--noise without forecast" -- "$PARLEY" explore "$tmp/half.yaml" --engine simulate --noise 0.1
expect_grep "$tmp/err" "--noise needs --engine forecast" "--noise needs forecast"
expect_exit 1 "--protocols without simulate" -- "$PARLEY" explore "$tmp/half.yaml" --protocols sao
expect_grep "$tmp/err" "--protocols needs --engine simulate" "--protocols needs simulate"
expect_exit 1 "unknown protocol" -- "$PARLEY" explore "$tmp/half.yaml" --engine simulate --protocols sao,nope
expect_grep "$tmp/err" "unknown protocol 'nope' (known: " "unknown protocol named"
expect_exit 1 "--sobol with simulate" -- "$PARLEY" explore "$tmp/half.yaml" --engine simulate --sobol 10
expect_grep "$tmp/err" "--sobol needs --engine acceptance" "--sobol needs acceptance"
expect_exit 1 "unknown model" -- "$PARLEY" explore "$tmp/fc.yaml" --engine forecast --models nope
expect_grep "$tmp/err" "unknown model 'nope'" "unknown model named"

# every engine's --json against the schema, on every example
if command -v python3 >/dev/null; then
    V="$src/tests/cli/schema_check.py"
    S="$src/docs/schemas/explore.schema.json"
    files=()
    for f in "$src"/examples/*.yaml; do
        b=$(basename "$f" .yaml)
        "$PARLEY" explore "$f" --worlds 30 --sobol 8 --json -q >"$tmp/a-$b.json" 2>"$tmp/err" &&
            files+=("$tmp/a-$b.json") || { bad "explore $b"; head -3 "$tmp/err" >&2; }
        "$PARLEY" explore "$f" --engine simulate --worlds 10 --protocols sao,amop --json -q >"$tmp/s-$b.json" 2>"$tmp/err" &&
            files+=("$tmp/s-$b.json") || { bad "explore --engine simulate $b"; head -3 "$tmp/err" >&2; }
        if "$PARLEY" explore "$f" --engine forecast --worlds 10 --json -q >"$tmp/f-$b.json" 2>"$tmp/err"; then
            files+=("$tmp/f-$b.json")
        elif ! grep -q "not a finite number\|no issue\|no actor" "$tmp/err"; then
            bad "explore --engine forecast $b"; head -3 "$tmp/err" >&2
        fi
    done
    "$PARLEY" explore "$src/examples/doha-2024.yaml" --worlds 20 --no-flips --json -q >"$tmp/nf.json" && files+=("$tmp/nf.json")
    [ -n "${PL_SHARED_DATA:-}" ] && [ -f "$ktab" ] && files+=("$tmp/k1")
    if python3 "$V" "$S" "${files[@]}" >"$tmp/v" 2>&1; then ok; else bad "explore --json against explore.schema.json"; head -20 "$tmp/v" >&2; fi
    # the schema is closed: an unknown key fails
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["extra"]=1; json.dump(d, open(sys.argv[2], "w"))' \
        "$tmp/s1" "$tmp/x.json"
    python3 "$V" "$S" "$tmp/x.json" >/dev/null 2>&1 && bad "the schema accepts an unknown key" || ok
else
    skip "python3 is not installed"
fi
finish 22 # 28 with the shared data
