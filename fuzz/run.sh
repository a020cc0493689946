#!/bin/bash
# fuzz/run.sh BUILD_DIR SECONDS: run every BUILD_DIR/fuzz_* libFuzzer binary for SECONDS with a
# seed corpus copied into a fresh temporary directory (examples/, tests/malformed/ for
# fuzz_scenario; tests/genius-seed/ for fuzz_genius; fuzz/corpus-seed/<name>/ for any).
# Exits 1 when any run reports a crash, a leak or a sanitizer error.
# Build first:  CC=clang cmake -S . -B build-fuzz -DPL_FUZZ=ON -DPL_OPENMP=OFF -DCMAKE_BUILD_TYPE=Debug
set -u
if [ $# -ne 2 ]; then
    echo "usage: fuzz/run.sh BUILD_DIR SECONDS" >&2
    exit 2
fi
build=$1 secs=$2
root=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
bins=("$build"/fuzz_*)
if [ ${#bins[@]} -eq 0 ]; then
    echo "no fuzz_* binaries in $build (configure with -DPL_FUZZ=ON and clang)" >&2
    exit 2
fi
status=0
for bin in "${bins[@]}"; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    work=$(mktemp -d)
    mkdir -p "$work/corpus" "$work/artifacts"
    seeds=("$root/fuzz/corpus-seed/$name")
    case $name in
        fuzz_scenario) seeds+=("$root/examples" "$root/tests/malformed") ;;
        fuzz_genius) seeds+=("$root/tests/genius-seed") ;;
    esac
    for s in "${seeds[@]}"; do
        [ -d "$s" ] || continue
        find "$s" -type f -size -64k -exec cp -t "$work/corpus" {} + 2>/dev/null
    done
    echo "== $name: ${secs}s, $(ls "$work/corpus" | wc -l) seed files"
    "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
        -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1
    rc=$?
    grep -E '^(stat::number_of_executed_units|Done [0-9]+ runs)' "$work/log" | tail -2
    if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:' "$work/log"; then
        echo "FAIL $name (exit $rc): log and artifacts kept in $work"
        grep -E 'ERROR|runtime error|SUMMARY' "$work/log" | head -5
        ls "$work/artifacts"
        status=1
    else
        rm -rf "$work"
    fi
done
exit $status
