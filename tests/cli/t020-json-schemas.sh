#!/usr/bin/env bash
# t020-json-schemas: every --json output validates against its schema in docs/schemas/ (check,
# analyze, mediate, simulate and forecast on every example; forecast, backtest and fit's
# params.json on the shared KTAB, BdM and DEU files when ../shared/data is there). The schemas
# are closed (additionalProperties false), so a key added or renamed without the schema fails.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { skip "python3 is not installed"; finish; }
S="$src/docs/schemas"
V="$src/tests/cli/schema_check.py"

# validate SCHEMA DESC FILE...: the files are valid documents of docs/schemas/SCHEMA.schema.json
validate() {
    local schema=$1 desc=$2
    shift 2
    if python3 "$V" "$S/$schema.schema.json" "$@" >"$tmp/v" 2>&1; then ok
    else fail "$desc: not valid against $schema.schema.json"; head -20 "$tmp/v" >&2; fi
}

# Commands that refuse an example, with the reason they give (a skip, not a failure; any other
# refusal fails): blame is exact up to 16 veto players; no actor has a stance on 'standards'.
known_refusal() {
    case "$1" in
    "mediate good-friday-1998") echo "blame over 19 veto players is too large" ;;
    "forecast trade-deal") echo "not a finite number" ;;
    *) return 1 ;;
    esac
}

# run SCHEMA NAME OUT -- command...: run it, then validate its stdout (saved as OUT)
run() {
    local schema=$1 name=$2 out=$3 why
    shift 4
    "$@" >"$out" 2>"$tmp/err"
    local rc=$?
    if [ $rc != 0 ]; then
        if why=$(known_refusal "$name") && grep -q "$why" "$tmp/err"; then
            skip "$name: refused ($(head -1 "$tmp/err"))"
        else
            fail "$name: exit $rc"
            head -5 "$tmp/err" >&2
        fi
        return 1
    fi
    validate "$schema" "$name" "$out"
}

for f in "$src"/examples/*.yaml; do
    b=$(basename "$f" .yaml)
    run check "check $b" "$tmp/check-$b.json" -- "$PARLEY" check "$f" --json
    run analyze "analyze $b" "$tmp/analyze-$b.json" -- "$PARLEY" analyze "$f" --json
    run mediate "mediate $b" "$tmp/mediate-$b.json" -- "$PARLEY" mediate "$f" --json
    run forecast "forecast $b" "$tmp/forecast-$b.json" -- "$PARLEY" forecast "$f" --json --trajectory
    for p in sao amop single-text feedback shuttle; do
        run simulate "simulate $b $p" "$tmp/sim-$b-$p.json" -- \
            "$PARLEY" simulate "$f" --protocol "$p" --seed 7 --json --trace "$tmp/sim-$b-$p.jsonl"
    done
    # the first variant, where there is one: "variant" set, check's variants without "valid"
    v=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["variants"][0]["name"] if d["variants"] else "")' \
        "$tmp/check-$b.json" 2>/dev/null)
    if [ -n "$v" ]; then
        run check "check $b --variant" "$tmp/out.json" -- "$PARLEY" check "$f" --variant "$v" --json
        run analyze "analyze $b --variant" "$tmp/out.json" -- "$PARLEY" analyze "$f" --variant "$v" --json
        run simulate "simulate $b --variant" "$tmp/out.json" -- "$PARLEY" simulate "$f" --variant "$v" --json
    fi
done

# a partial proposal (one issue set) takes the other branch of analyze's proposal schema
{ cat "$src/examples/trade-deal.yaml"; printf '  Tariff only:\n    outcome: {tariff: 10}\n'; } >"$tmp/partial.yaml"
if run analyze "analyze partial proposal" "$tmp/partial.json" -- "$PARLEY" analyze "$tmp/partial.yaml" --json; then
    check "the partial proposal is reported as partial" \
        'grep -q "\"partial\": true" "$tmp/partial.json"'
fi

# simulate: integer and real issue values are JSON numbers, option labels strings (as check's
# issue types say), and the --json outcome is the trace's result-line outcome
cat >"$tmp/types.py" <<'EOF'
import json, sys
check, res, trace = sys.argv[1:4]
kinds = {i["name"]: i["type"] for i in json.load(open(check))["issues"]}
out = json.load(open(res))["outcome"]
last = json.loads(open(trace).read().splitlines()[-1])
assert last["event"] == "result", "the trace does not end with its result"
assert out == last.get("outcome"), "--json outcome %r, trace %r" % (out, last.get("outcome"))
for issue, value in (out or {}).items():
    numeric = kinds[issue] in ("integer", "real")
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) if numeric else isinstance(value, str)
    assert ok, "%s (%s) is %r" % (issue, kinds[issue], value)
print("agreement" if out else "no agreement")
EOF
agreements=0
for f in "$src"/examples/*.yaml; do
    b=$(basename "$f" .yaml)
    for p in sao amop single-text feedback shuttle; do
        [ -s "$tmp/sim-$b-$p.json" ] || continue
        if python3 "$tmp/types.py" "$tmp/check-$b.json" "$tmp/sim-$b-$p.json" "$tmp/sim-$b-$p.jsonl" >"$tmp/t" 2>&1; then
            ok
            grep -q "^agreement" "$tmp/t" && agreements=$((agreements + 1))
        else
            fail "simulate $b $p: issue value types"
            tail -3 "$tmp/t" >&2
        fi
    done
done
# the type check means something only on agreements (numeric issues in forecast-water, trade-deal)
check "simulate reached agreements to check ($agreements)" '[ "$agreements" -ge 5 ]'

# the shared data: KTAB and BdM for forecast, DEU III for backtest and fit
D="${PL_SHARED_DATA:-}"
if [ -n "$D" ] && [ -d "$D" ]; then
    for csv in "$D/ktab/SOE-Pol-Comp.csv" "$D/ktab/dummyData_3Dim.csv" "$D/bdm/ec-emissions.csv"; do
        if [ -f "$csv" ]; then
            run forecast "forecast $(basename "$csv")" "$tmp/out.json" -- "$PARLEY" forecast "$csv" --json --trajectory
        else skip "forecast $(basename "$csv"): missing"; fi
    done
    I="$D/deu3/issues.tsv" A="$D/deu3/actors.tsv"
    if [ -f "$I" ] && [ -f "$A" ]; then
        expect_exit 0 "fit -o" -- "$PARLEY" fit "$I" --actors "$A" -o "$tmp/params.json"
        validate params "fit -o params.json" "$tmp/params.json"
        run params "fit to stdout (votes)" "$tmp/params-votes.json" -- "$PARLEY" fit "$I" --actors "$A" --capability votes
        run backtest "backtest" "$tmp/backtest.json" -- "$PARLEY" backtest "$I" --actors "$A" --json
        run backtest "backtest --no-issues --params" "$tmp/out.json" -- \
            "$PARLEY" backtest "$I" --actors "$A" --json --no-issues --params "$tmp/params.json"
        check "params_from is set with --params" 'grep -q "\"params_from\"" "$tmp/out.json"'
        run forecast "forecast --params" "$tmp/out.json" -- \
            "$PARLEY" forecast "$src/examples/forecast-water.yaml" --json --params "$tmp/params.json"
    else
        skip "backtest and fit: $I or $A missing"
    fi
else
    skip "forecast, backtest and fit on the shared KTAB, BdM and DEU files (PL_SHARED_DATA not set or missing)"
fi

# the check can fail: a schema without one of its keys, or an output with a key renamed, is invalid
cat >"$tmp/mutate.py" <<'EOF'
import json, sys
mode, path, out = sys.argv[1:4]
d = json.load(open(path))
if mode == "schema":   # drop the first required key from the closed root object
    del d["properties"][d["required"][0]]
else:                  # rename the first key of the document
    k = next(iter(d))
    d = dict([(k + "_renamed", d[k])] + [(x, y) for x, y in d.items() if x != k])
json.dump(d, open(out, "w"))
EOF
for pair in check:check-coalition analyze:analyze-doha-2024 mediate:mediate-coalition \
            forecast:forecast-forecast-water simulate:sim-trade-deal-sao; do
    schema=${pair%%:*} doc="$tmp/${pair#*:}.json"
    [ -s "$doc" ] || { fail "$schema: no output to mutate"; continue; }
    python3 "$tmp/mutate.py" schema "$S/$schema.schema.json" "$tmp/mut.schema.json"
    python3 "$V" "$tmp/mut.schema.json" "$doc" >"$tmp/v" 2>&1
    r=$?
    check "$schema: a schema missing a key rejects the output" '[ $r = 1 ] && grep -q "is not in the schema" "$tmp/v"'
    python3 "$tmp/mutate.py" doc "$doc" "$tmp/mut.json"
    python3 "$V" "$S/$schema.schema.json" "$tmp/mut.json" >"$tmp/v" 2>&1
    r=$?
    check "$schema: a renamed key is rejected" '[ $r = 1 ] && grep -q "_renamed" "$tmp/v"'
done
finish 60
