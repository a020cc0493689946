#!/bin/bash
# t102-convert: `parley convert` round trips: convert a scenario (and GENIUS folders when the
# shared data is there), check the output, and compare the summaries; -o writes atomically.
. "$(dirname "$0")/lib.sh"

same_summary() { # input converted: summaries equal apart from the file line
    "$PARLEY" check "$1" 2>&1 | grep -v '^file: ' >"$tmp/a"
    "$PARLEY" check "$2" 2>&1 | grep -v '^file: ' >"$tmp/b"
    diff -u "$tmp/a" "$tmp/b"
}

for f in "$src"/examples/*.yaml; do
    if "$PARLEY" convert "$f" -o "$tmp/out.yaml" 2>"$tmp/err"; then ok; else bad "convert $f"; cat "$tmp/err"; continue; fi
    same_summary "$f" "$tmp/out.yaml" && ok || bad "summary differs after converting $f"
    # converting the output again gives the same text (a fixed point)
    "$PARLEY" convert "$tmp/out.yaml" >"$tmp/again.yaml" && cmp -s "$tmp/out.yaml" "$tmp/again.yaml" && ok || bad "not a fixed point: $f"
done

# stdout when there is no -o, same text as -o
doha="$src/examples/doha-2024.yaml"
"$PARLEY" convert "$doha" >"$tmp/stdout.yaml" && "$PARLEY" convert "$doha" -o "$tmp/o.yaml" && cmp -s "$tmp/stdout.yaml" "$tmp/o.yaml" && ok || bad "stdout and -o differ"
# a variant applied before writing
"$PARLEY" convert "$doha" --variant "no core mandate" -o "$tmp/v.yaml" && grep -q 'mandate:' "$tmp/v.yaml" && ok || bad "convert --variant"
"$PARLEY" check "$tmp/v.yaml" >/dev/null && ok || bad "converted variant does not check"

# failure leaves no file behind
"$PARLEY" convert "$src/tests/malformed/many-errors.yaml" -o "$tmp/fail.yaml" >/dev/null 2>&1
[ $? -eq 1 ] && [ ! -e "$tmp/fail.yaml" ] && ok || bad "failed convert left a file or wrong exit"
ls "$tmp" | grep -q 'fail.yaml' && bad "temporary file left behind" || ok

# usage
"$PARLEY" convert >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no input: exit 2"
"$PARLEY" convert "$doha" -o >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "-o without a value: exit 2"
"$PARLEY" convert --help | grep -q '^usage: parley convert' && ok || bad "--help"

# GENIUS folders (shared data): convert, check, same summary
if [ -n "${PL_SHARED_DATA:-}" ] && [ -d "$PL_SHARED_DATA/genius" ]; then
    for d in "$PL_SHARED_DATA"/genius/y2010/* "$PL_SHARED_DATA"/genius/y2014/10issues "$PL_SHARED_DATA"/genius/y2015/*; do
        [ -d "$d" ] || { skip "GENIUS folder $d (not in this copy of the shared data)"; continue; }
        if "$PARLEY" convert "$d" -o "$tmp/g.yaml" 2>"$tmp/err"; then ok; else bad "convert $d"; cat "$tmp/err"; continue; fi
        same_summary "$d" "$tmp/g.yaml" && ok || bad "summary differs after converting $d"
    done
else
    skip "GENIUS round trips (PL_SHARED_DATA not set or has no genius/)"
fi

finish
