#!/usr/bin/env bash
# t600-plot: parley plot: every kind on every example writes a file of its format with the
# expected marks; a trace file draws the same dance as the run that wrote it; usage errors.
. "$(dirname "$0")/lib.sh"
doha="$src/examples/doha-2024.yaml"

for ex in "$src"/examples/*.yaml; do
    b=$(basename "$ex" .yaml)
    expect_exit 0 "space $b" -- "$PARLEY" plot space "$ex" -o "$tmp/$b-space.svg"
    check "space $b is SVG" "grep -q '<svg' '$tmp/$b-space.svg' && grep -q 'class=\"frontier-line\"' '$tmp/$b-space.svg'"
    expect_exit 0 "blocking $b" -- "$PARLEY" plot blocking "$ex" -o "$tmp/$b-blocking.svg"
    if grep -q 'stance\|position:' "$ex" && "$PARLEY" forecast "$ex" >/dev/null 2>&1; then
        expect_exit 0 "forecast $b" -- "$PARLEY" plot forecast "$ex" -o "$tmp/$b-forecast.svg"
    fi
    expect_exit 0 "dance $b" -- "$PARLEY" plot dance "$ex" --seed 2 -o "$tmp/$b-dance.svg"
done

# formats: the files start with their magic bytes
for f in png pdf; do
    expect_exit 0 "space $f" -- "$PARLEY" plot space "$doha" -o "$tmp/doha.$f"
done
check "PNG magic" "head -c 4 '$tmp/doha.png' | grep -q PNG"
check "PDF magic" "head -c 5 '$tmp/doha.pdf' | grep -q '%PDF-'"
# one mark per outcome (6480 = 3*4*4*3*3*5*3) and per proposal (3)
check "6480 outcome marks" "[ \$(grep -o 'class=\"outcome\"' '$tmp/doha-2024-space.svg' | wc -l) = 6480 ]"
check "3 proposal marks" "[ \$(grep -o 'class=\"proposal\"' '$tmp/doha-2024-space.svg' | wc -l) = 3 ]"
# --actors: three actors give three pairwise panels
expect_exit 0 "three actors" -- "$PARLEY" plot space "$src/examples/coalition.yaml" -o "$tmp/c3.svg" \
    --actors "Greens,Liberals,Social Democrats"
check "three panels" "[ \$(grep -o 'class=\"panel\"' '$tmp/c3.svg' | wc -l) = 3 ]"

# a trace draws the same dance as the fresh run with the same seed
expect_exit 0 "simulate --trace" -- "$PARLEY" simulate "$doha" --seed 5 --trace "$tmp/t.jsonl"
expect_exit 0 "dance from trace" -- "$PARLEY" plot dance "$doha" --trace "$tmp/t.jsonl" -o "$tmp/d1.svg"
expect_exit 0 "dance fresh" -- "$PARLEY" plot dance "$doha" --seed 5 -o "$tmp/d2.svg"
check "trace and fresh run agree" "cmp -s '$tmp/d1.svg' '$tmp/d2.svg'"
check "offers drawn" "grep -q 'class=\"offer\"' '$tmp/d1.svg'"

# huge additive space: the frontier alone
if [ -d "${PL_SHARED_DATA:-/nonexistent}/genius/y2011/Energy" ]; then
    expect_exit 0 "energy" -- "$PARLEY" plot space "$PL_SHARED_DATA/genius/y2011/Energy" -o "$tmp/e.svg"
    check "energy binned into cells" "grep -q 'class=\"outcome-cell\"' '$tmp/e.svg' && ! grep -q 'class=\"outcome\"' '$tmp/e.svg'"
else
    skip "shared data absent: Energy"
fi

# errors
expect_exit 2 "unknown kind" -- "$PARLEY" plot pie "$doha" -o "$tmp/x.svg"
expect_grep "$tmp/err" "unknown plot kind 'pie'" "names the kind"
expect_exit 1 "explore of a scenario" -- "$PARLEY" plot explore "$doha" -o "$tmp/x.svg"
expect_grep "$tmp/err" "doha-2024.yaml:" "explore wants a saved result"
expect_exit 2 "bad extension" -- "$PARLEY" plot space "$doha" -o "$tmp/x.jpg"
expect_exit 2 "no output" -- "$PARLEY" plot space "$doha"
expect_exit 1 "missing file" -- "$PARLEY" plot space "$tmp/nope.yaml" -o "$tmp/x.svg"
expect_grep "$tmp/err" "nope.yaml" "FILE-style error"
check "nothing written on failure" "[ ! -e '$tmp/x.svg' ]"
expect_exit 1 "bad trace" -- "$PARLEY" plot dance "$doha" --trace "$doha" -o "$tmp/x.svg"
expect_grep "$tmp/err" "doha-2024.yaml:1: " "trace errors give FILE:LINE"
finish 30
