#!/usr/bin/env bash
# t910-stdin: `-` reads the YAML scenario from standard input in every command that reads one
# (check, analyze, convert, mediate, simulate, forecast, plot, report): the output is the one
# for the file (but for the name "<stdin>"), problems are reported at <stdin>:LINE:COL, a device
# or a directory as standard input is refused, and check reads it once for all its variants.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/trade-deal.yaml"
same() { # DESC -- command args with FILE standing for the input
    local desc=$1; shift 2
    local a=() b=()
    for x in "$@"; do a+=("${x/FILE/$ex}"); b+=("${x/FILE/-}"); done
    "$PARLEY" "${a[@]}" >"$tmp/f.out" 2>&1; local rf=$?
    cat "$ex" | "$PARLEY" "${b[@]}" >"$tmp/s.out" 2>&1; local rs=$?
    sed -i "s|$ex|<stdin>|g" "$tmp/f.out"
    if [ $rf = 0 ] && [ $rs = 0 ] && cmp -s "$tmp/f.out" "$tmp/s.out"; then ok
    else fail "$desc: exit $rf / $rs"; diff "$tmp/f.out" "$tmp/s.out" | head -5 >&2; fi
}
same "check" -- check FILE
same "check --json" -- check FILE --json
same "analyze" -- analyze FILE
same "convert" -- convert FILE
same "mediate" -- mediate FILE
same "simulate" -- simulate FILE --seed 2
same "forecast" -- forecast FILE
same "forecast --format scenario" -- forecast FILE --format scenario
same "plot" -- plot space FILE -o "$tmp/p.svg"
same "report" -- report FILE -o "$tmp/r.md"
"$PARLEY" check - <"$ex" >"$tmp/out" 2>&1
expect_grep "$tmp/out" "^file: <stdin>$" "check names <stdin>"
# every variant is checked from the one read of standard input
v="$src/examples/colombia-2016.yaml"
"$PARLEY" check "$v" | sed "s|$v|<stdin>|" >"$tmp/f.out"
"$PARLEY" check - <"$v" >"$tmp/s.out" 2>&1
check "check: variants from standard input" 'cmp -s "$tmp/f.out" "$tmp/s.out"'
# problems at <stdin>:LINE:COL
printf 'parley: 1\nname: x\nissues:\n  a: {type: bogus}\nactors: {}\n' | "$PARLEY" check - >"$tmp/out" 2>&1
expect_grep "$tmp/out" "^<stdin>:4:13: unknown type 'bogus'" "position in standard input"
printf 'actor,capability,position,salience\nA,1,abc,1\n' | "$PARLEY" forecast - --format bdm >"$tmp/out" 2>&1
expect_grep "$tmp/out" "^<stdin>:2:" "BdM from standard input: position"
# a device or a directory as standard input: refused without reading
expect_exit 1 "/dev/zero as standard input" -- timeout 10 "$PARLEY" check - </dev/zero
expect_grep "$tmp/err" "<stdin>: cannot open: not a regular file, pipe or terminal (a device)" "device refused"
expect_exit 1 "a directory as standard input" -- "$PARLEY" simulate - <"$src/examples"
expect_grep "$tmp/err" "<stdin>: cannot open: is a directory" "directory refused"
# an empty standard input is an empty scenario
expect_exit 1 "empty standard input" -- "$PARLEY" check - </dev/null
expect_grep "$tmp/err" "<stdin>" "empty input named"
finish 20
