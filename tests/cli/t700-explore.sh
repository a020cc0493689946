#!/bin/bash
# t700-explore: `parley explore` on Doha (the far-right reservation flips feasibility at 0.656),
# the same bytes for 1, 2 and 8 threads, --json parses, --set on other commands and its errors.
. "$(dirname "$0")/lib.sh"

doha="$src/examples/doha-2024.yaml"
fr='actors.Far-right partners.reservation'

expect_exit 0 "explore doha" -- "$PARLEY" explore "$doha" --worlds 300 -q
expect_grep "$tmp/out" "$fr: a package becomes feasible when it falls below 0.656" "doha breakpoint"
expect_grep "$tmp/out" "^  some package is feasible" "feasible probability line"
expect_grep "$tmp/out" "(--spread)" "says that --spread made values uncertain"

# the same bytes whatever the thread count
for t in 1 2 8; do
    "$PARLEY" explore "$doha" --worlds 400 --seed 5 --threads $t --json -q \
        --set "$fr={triangular: [0.5, 0.85, 0.95]}" >"$tmp/j$t" 2>"$tmp/e$t" || bad "explore --threads $t"
done
cmp -s "$tmp/j1" "$tmp/j2" && ok || bad "1 and 2 threads differ"
cmp -s "$tmp/j1" "$tmp/j8" && ok || bad "1 and 8 threads differ"
python3 - "$tmp/j1" <<'PY' && ok || bad "explore --json schema"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "parley-explore/1" and d["worlds"] == 400
assert d["uncertain"][0]["path"] == "actors.Far-right partners.reservation"
assert d["uncertain"][0]["point"] == 0.85 and d["uncertain"][0]["point_is"] == "mode"
f = d["feasible"]; assert 0 < f["p"] < 1 and f["se"] > 0
b = [x for x in d["breakpoints"] if x["kind"] == "feasible"][0]
assert abs(b["at"] - 0.656) < 0.001 and b["below"] and not b["above"], b
assert len(d["top_packages"]) == 5
PY

# --set on a deterministic command, and a note that uncertain values are at their points
expect_exit 0 "analyze --set" -- "$PARLEY" analyze "$doha" --set "$fr=0.6"
expect_grep "$tmp/out" "feasible" "analyze with --set"
expect_exit 0 "analyze with a distribution" -- "$PARLEY" analyze "$doha" --set "$fr={uniform: [0.5, 0.9]}"
expect_grep "$tmp/err" "1 uncertain value is at its point" "point note"
expect_exit 0 "check lists uncertain values" -- "$PARLEY" check "$doha" --set "$fr={uniform: [0.5, 0.9]}"
expect_grep "$tmp/out" "uniform on \[0.5, 0.9\]" "check's uncertain table"
expect_exit 1 "bad --set path" -- "$PARLEY" analyze "$doha" --set 'actors.Far-rigt partners.reservation=0.7'
expect_grep "$tmp/err" "doha-2024.yaml: --set 'actors.Far-rigt partners.reservation=0.7': no 'Far-rigt partners' in 'actors' (did you mean 'Far-right partners'?)" "bad path message"
# a new top-level section cannot come from --set (it was accepted silently)
expect_exit 1 "unknown top-level --set" -- "$PARLEY" check "$doha" --set 'nope=1'
expect_grep "$tmp/err" "doha-2024.yaml: --set 'nope=1': no 'nope' in the scenario" "unknown top-level key named"
expect_exit 1 "bad --set value" -- "$PARLEY" check "$doha" --set 'actors.Israel.reservation=abc'
expect_grep "$tmp/err" "'reservation' of actor 'Israel' must be a number" "bad value message"
expect_exit 2 "--set without value" -- "$PARLEY" check "$doha" --set
# the saved result drawn and reported
if "$PARLEY" plot explore "$tmp/j1" -o "$tmp/x.svg" 2>"$tmp/err"; then
    grep -q 'class="probability"' "$tmp/x.svg" && ok || bad "explore plot has probability bars"
    grep -q 'class="breakpoint"' "$tmp/x.svg" && ok || bad "explore plot has the breakpoint"
elif grep -q "cairo\|render" "$tmp/err"; then skip "plot explore: built without cairo"
else bad "plot explore"; cat "$tmp/err" >&2; fi
if "$PARLEY" report "$doha" --explore "$tmp/j1" --no-simulate -o "$tmp/r.md" 2>"$tmp/err"; then
    grep -q "Not available: this section needs" "$tmp/r.md" && bad "report still says explore is missing" || ok
else bad "report --explore"; cat "$tmp/err" >&2; fi
# a GENIUS folder: --set applies to it as converted, so explore spreads its reservations
if [ -n "${PL_SHARED_DATA:-}" ] && [ -d "$PL_SHARED_DATA/genius/y2010/ItexvsCypress" ]; then
    g="$PL_SHARED_DATA/genius/y2010/ItexvsCypress"
    a0=$("$PARLEY" check "$g" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["actors"][0]["name"])')
    expect_exit 0 "explore a GENIUS folder" -- "$PARLEY" explore "$g" --worlds 50
    expect_grep "$tmp/out" "actors.$a0.reservation" "GENIUS folder spread"
    # a reservation of 2 (above every utility) leaves no rational outcome for that party
    expect_exit 0 "analyze a GENIUS folder with --set" -- "$PARLEY" analyze "$g" --set "actors.$a0.reservation=2" --json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["rational"] == 0 else 1)' "$tmp/out" \
        && ok || bad "--set on a GENIUS folder: rational count not 0"
    expect_exit 1 "bad --set path on a GENIUS folder" -- "$PARLEY" analyze "$g" --set 'actors.nobody.reservation=0.5'
else
    skip "GENIUS folder with --set (PL_SHARED_DATA not set or has no genius/y2010/ItexvsCypress)"
fi

finish 18
