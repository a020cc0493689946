#!/bin/bash
# t103-convert-variants: variants survive `parley convert`: the converted Doha example gives the
# same `parley analyze` and `parley mediate` answers for the base and for every variant, the
# same `parley check` summary, and converting it again changes nothing.
. "$(dirname "$0")/lib.sh"

doha="$src/examples/doha-2024.yaml"
cp "$doha" "$tmp/orig.yaml"   # same directory and name length as the converted file
"$PARLEY" convert "$doha" -o "$tmp/conv.yaml" && ok || bad "convert"
"$PARLEY" check "$tmp/orig.yaml" | grep -v '^file: ' >"$tmp/c1"
"$PARLEY" check "$tmp/conv.yaml" | grep -v '^file: ' >"$tmp/c2"
diff -u "$tmp/c1" "$tmp/c2" && ok || bad "check summaries differ"
grep -q 'no core mandate *valid' "$tmp/c2" && grep -q 'mandate to advance *valid' "$tmp/c2" && ok || bad "variants not listed as valid"
# the converted file still carries the overlays (not only the variant names)
grep -q 'withdrawal: \[none, populated areas\]' "$tmp/conv.yaml" && ok || bad "overlay content missing"

for v in "" "no core mandate" "mandate to advance"; do
    args=()
    [ -n "$v" ] && args=(--variant "$v")
    "$PARLEY" analyze "$tmp/orig.yaml" "${args[@]}" >"$tmp/a1" 2>&1
    "$PARLEY" analyze "$tmp/conv.yaml" "${args[@]}" >"$tmp/a2" 2>&1
    diff -u "$tmp/a1" "$tmp/a2" >/dev/null && ok || bad "analyze differs for variant '${v:-base}'"
    [ -s "$tmp/a1" ] && ok || bad "analyze printed nothing for '${v:-base}'"
    "$PARLEY" mediate "$tmp/orig.yaml" "${args[@]}" --json >"$tmp/m1" 2>&1
    "$PARLEY" mediate "$tmp/conv.yaml" "${args[@]}" --json >"$tmp/m2" 2>&1
    cmp -s "$tmp/m1" "$tmp/m2" && ok || bad "mediate differs for variant '${v:-base}'"
done
# a variant that changes something: its analysis differs from the base's
"$PARLEY" analyze "$tmp/conv.yaml" >"$tmp/b0" 2>&1
"$PARLEY" analyze "$tmp/conv.yaml" --variant "no core mandate" >"$tmp/b1" 2>&1
cmp -s "$tmp/b0" "$tmp/b1" && bad "the variant has no effect after convert" || ok

# a fixed point
"$PARLEY" convert "$tmp/conv.yaml" >"$tmp/again.yaml" && cmp -s "$tmp/conv.yaml" "$tmp/again.yaml" && ok || bad "not a fixed point"

finish
