#!/usr/bin/env bash
# t902-simulate-seed: --seed takes a non-negative integer that fits in 64 bits; a negative or
# out-of-range seed is a usage error (strtoull used to turn "-1" into 18446744073709551615).
. "$(dirname "$0")/lib.sh"
src="${PL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
doha="$src/examples/doha-2024.yaml"
for bad in -1 " -1" 18446744073709551616 1x ""; do
    expect_exit 2 "--seed '$bad'" -- "$PARLEY" simulate "$doha" --seed "$bad" --quiet
    expect_grep "$tmp/err" "^error: option '--seed' expects a non-negative integer, got '$bad'\$" "--seed '$bad' message"
    expect_grep "$tmp/err" "^usage: parley simulate" "--seed '$bad' usage"
done
expect_exit 0 "largest seed" -- "$PARLEY" simulate "$doha" --seed 18446744073709551615 --json
expect_grep "$tmp/out" '"seed":18446744073709551615' "largest seed kept"
finish
