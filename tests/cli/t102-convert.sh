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

# uncertain values are written as their distributions, not their points (every kind, the
# {value:, source:} form, an actor's Dirichlet saliences, and a --set distribution)
cat >"$tmp/unc.yaml" <<'YAML'
parley: 1
issues:
  a: {type: ordered, options: [x, y, z]}
  n: {type: integer, range: [0, 10]}
actors:
  P:
    reservation: {triangular: [0.2, 0.3, 0.5], source: "guess"}
    participation: {uniform: [0.1, 0.4]}
    clout: {one_of: [1, 2, 4], weights: [1, 1, 2]}
    discount: {beta: [2, 3], range: [0.5, 1]}
    salience: {dirichlet: 30}
    stance:
      a: {position: x, salience: 2}
      n: {position: {normal: {mean: 4, sd: 1}}, salience: {uniform: [1, 3]}}
  Q:
    reservation: {value: {uniform: [0, 0.4]}, source: "report"}
    stance:
      a: {position: z, salience: 1}
      n: {position: 8, salience: 1}
YAML
"$PARLEY" convert "$tmp/unc.yaml" --set 'actors.Q.stance.n.salience={one_of: [1, 2]}' -o "$tmp/unc2.yaml" && ok || bad "convert uncertain"
for want in 'reservation: {triangular: [0.2, 0.3, 0.5], source: guess}' \
            'participation: {uniform: [0.1, 0.4]}' 'clout: {one_of: [1, 2, 4], weights: [0.25, 0.25, 0.5]}' \
            'discount: {beta: [2, 3], range: [0.5, 1]}' 'salience: {dirichlet: 30}' \
            'position: {normal: {mean: 4, sd: 1}}' 'salience: {uniform: [1, 3]}' \
            'reservation: {uniform: [0, 0.4], source: report}' 'salience: {one_of: [1, 2], weights: [0.5, 0.5]}'; do
    grep -qF "$want" "$tmp/unc2.yaml" && ok || bad "convert lost '$want'"
done
# the same uncertain values (check lists them in written order: compare sorted)
"$PARLEY" check "$tmp/unc.yaml" --set 'actors.Q.stance.n.salience={one_of: [1, 2]}' 2>&1 | grep -v '^file: ' | sort >"$tmp/a"
"$PARLEY" check "$tmp/unc2.yaml" 2>&1 | grep -v '^file: ' | sort >"$tmp/b"
diff -u "$tmp/a" "$tmp/b" && ok || bad "uncertain values differ after convert"
"$PARLEY" convert "$tmp/unc2.yaml" >"$tmp/unc3.yaml" && cmp -s "$tmp/unc2.yaml" "$tmp/unc3.yaml" && ok || bad "uncertain: not a fixed point"

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
