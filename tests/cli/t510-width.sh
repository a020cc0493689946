#!/bin/bash
# t510-width: human output keeps within the width (issue 11): every command and its main options,
# on every example and on tests/fixtures/long-names.yaml (40-character actor, issue and option
# names), at the default 100 columns (stdout not a terminal), at --width 60, and at a terminal's
# width (a pseudo-terminal of 72 columns). JSON is never wrapped.
. "$(dirname "$0")/lib.sh"

# widest NAME FILE: the widest line of FILE in characters (UTF-8 code points)
widest() { python3 -c 'import sys; print(max([len(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")] + [0]))' "$1"; }
# fits WIDTH DESC -- command...: the command exits 0 and prints something, no line wider than WIDTH
fits() {
    local w=$1 desc=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$? got
    got=$(widest "$tmp/out")
    if [ "$rc" != 0 ]; then fail "$desc: exit $rc"; head -3 "$tmp/err" >&2; return; fi
    if [ ! -s "$tmp/out" ]; then fail "$desc: no output"; return; fi
    if [ "$got" -le "$w" ]; then ok; else
        fail "$desc: a line of $got columns (at most $w)"
        awk -v w="$w" 'length($0) > w' "$tmp/out" | head -3 >&2
    fi
}

files=("$src"/examples/*.yaml "$src/tests/fixtures/long-names.yaml")
for f in "${files[@]}"; do
    n=$(basename "$f" .yaml)
    for w in 100 60; do
        opt=(); [ "$w" = 100 ] || opt=(--width "$w")
        fits "$w" "check $n at $w" -- "$PARLEY" check "$f" "${opt[@]}"
        fits "$w" "analyze $n at $w" -- "$PARLEY" analyze "$f" "${opt[@]}"
        fits "$w" "mediate $n at $w" -- "$PARLEY" mediate "$f" "${opt[@]}"
        fits "$w" "simulate $n at $w" -- "$PARLEY" simulate "$f" "${opt[@]}"
        fits "$w" "explore $n at $w" -- "$PARLEY" explore "$f" --worlds 50 "${opt[@]}"
    done
    fits 100 "explore --engine simulate $n" -- "$PARLEY" explore "$f" --engine simulate --worlds 20
    fits 100 "explore --engine forecast $n" -- "$PARLEY" explore "$f" --engine forecast --worlds 20
    # the variants, and mediate's options
    v=$("$PARLEY" check "$f" --json | python3 -c 'import json,sys; v=json.load(sys.stdin)["variants"]; print(v[0]["name"] if v else "")')
    if [ -n "$v" ]; then
        fits 100 "check --variant $n" -- "$PARLEY" check "$f" --variant "$v"
        fits 100 "analyze --variant $n" -- "$PARLEY" analyze "$f" --variant "$v"
        fits 100 "mediate --variant $n" -- "$PARLEY" mediate "$f" --variant "$v"
    fi
    fits 100 "mediate --sections $n" -- "$PARLEY" mediate "$f" --sections what-it-takes,impasse,power
    fits 100 "simulate --protocol sao $n" -- "$PARLEY" simulate "$f" --protocol sao
    fits 100 "mediate --sections --top 5 --instrument $n" -- "$PARLEY" mediate "$f" --sections bridging,what-it-takes,leverage --top 5 --instrument "penalty:$("$PARLEY" check "$f" --json | python3 -c 'import json,sys; print([a["name"] for a in json.load(sys.stdin)["actors"] if a["role"]=="party"][0])')"
done
# forecast: the spatial examples (and the long names, with --trajectory)
for f in "$src/examples/forecast-water.yaml" "$src/examples/coalition.yaml" "$src/tests/fixtures/long-names.yaml"; do
    n=$(basename "$f" .yaml)
    fits 100 "forecast $n" -- "$PARLEY" forecast "$f"
    fits 60 "forecast $n at 60" -- "$PARLEY" forecast "$f" --width 60
    fits 100 "forecast --trajectory $n" -- "$PARLEY" forecast "$f" --trajectory --models median,eum
done
fits 100 "tournament on the long names" -- "$PARLEY" tournament -s "$src/tests/fixtures/long-names.yaml" \
    --strategy boulware --strategy conceder --rounds 20
fits 60 "tournament at 60" -- "$PARLEY" tournament -s "$src/examples/trade-deal.yaml" \
    --strategy boulware --strategy conceder --rounds 20 --width 60
D="${PL_SHARED_DATA:-}/deu3"
if [ -f "$D/issues.tsv" ]; then
    fits 100 "backtest" -- "$PARLEY" backtest "$D/issues.tsv" --actors "$D/actors.tsv" --models compromise,median
    fits 60 "backtest at 60" -- "$PARLEY" backtest "$D/issues.tsv" --actors "$D/actors.tsv" --models all --width 60
    fits 100 "fit -o" -- "$PARLEY" fit "$D/issues.tsv" --actors "$D/actors.tsv" -o "$tmp/params.json"
else
    skip "backtest and fit widths (PL_SHARED_DATA not set or DEU III missing)"
fi

# a wrapped table keeps its cells: the long actor names come back whole when the lines are joined
"$PARLEY" check "$src/tests/fixtures/long-names.yaml" --width 60 >"$tmp/w60"
cat >"$tmp/want" <<'TXT'
  Parliamentary Caucus of  faction  of Ministry of Coastal
  Island Districts                  and Maritime Affairs;
                                    stance
TXT
check "check at 60: long names wrap at spaces within their columns" \
    'grep -A2 "^  Parliamentary Caucus" "$tmp/w60" | cmp -s - "$tmp/want"'
# a table of many numbers is split into parts that repeat the row labels
"$PARLEY" forecast "$src/examples/forecast-water.yaml" --width 60 >"$tmp/fw"
check "forecast at 60: parts repeat the issue column" '[ "$(grep -c "^  issue " "$tmp/fw")" -ge 2 ]'
# --width is checked like any integer option, listed in every command's help
expect_exit 2 "--width 10" -- "$PARLEY" check "$src/examples/trade-deal.yaml" --width 10
expect_grep "$tmp/err" "option '--width' expects an integer from 40 to 1000, got '10'" "--width range"
for c in analyze backtest check fit forecast mediate simulate tournament; do
    "$PARLEY" "$c" --help >"$tmp/h"
    expect_grep "$tmp/h" "--width <n>" "$c --help lists --width"
done
# JSON is not wrapped: the long source note stays on one line
"$PARLEY" mediate "$src/tests/fixtures/long-names.yaml" --json --width 40 >"$tmp/j"
check "mediate --json is valid JSON at --width 40" 'python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/j"'

# the terminal's width: stdout a pseudo-terminal of 72 columns
if python3 -c 'import pty, fcntl, termios' 2>/dev/null; then
    python3 - "$PARLEY" "$src/examples/doha-2024.yaml" >"$tmp/tty" <<'PY'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "mediate", sys.argv[2]])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 72, 0, 0))
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
PY
    got=$(widest "$tmp/tty")
    check "a 72-column terminal: mediate keeps within it (widest $got)" '[ -s "$tmp/tty" ] && [ "$got" -le 72 ] && [ "$got" -gt 60 ]'
else
    skip "terminal width (no python3 pty)"
fi
finish 110
