#!/bin/bash
# fuzz/run.sh BUILD_DIR SECONDS: run every BUILD_DIR/fuzz_* libFuzzer binary for SECONDS with a
# seed corpus copied at run time into a fresh temporary directory: fuzz/corpus-seed/<name>/ for
# any target, plus examples/ and tests/malformed/ (scenario, cli), the GENIUS profiles of the
# shared data (genius, genius_dir: whole folders joined with "@@@@" lines), the KTAB and BdM
# CSVs (ktab, bdm) and the DEU files (deu: actors "@@@@" issues, cut to 64 KiB). Shared data
# (PL_SHARED_DATA, default ../shared/data) is copied, never committed; missing folders are skipped.
# Exits 1 when any run reports a crash, a leak or a sanitizer error.
# Build first:  CC=clang cmake -S . -B build-fuzz -DPL_FUZZ=ON -DPL_OPENMP=OFF -DCMAKE_BUILD_TYPE=Debug
set -u
if [ $# -ne 2 ]; then
    echo "usage: fuzz/run.sh BUILD_DIR SECONDS" >&2
    exit 2
fi
build=$1 secs=$2
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PL_SHARED_DATA:-$root/../shared/data}
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
        fuzz_genius) seeds+=("$shared/genius/y2011") ;;
        fuzz_ktab) seeds+=("$shared/ktab") ;;
        fuzz_bdm) seeds+=("$shared/bdm") ;;
    esac
    for s in "${seeds[@]}"; do
        [ -d "$s" ] || continue
        find "$s" -type f -size -64k \( -name '*.yaml' -o -name '*.xml' -o -name '*.csv' -o -name '*.tsv' -o -name '*.txt' -o ! -name '*.*' \) \
            -exec cp --backup=numbered -t "$work/corpus" {} + 2>/dev/null
    done
    case $name in
        fuzz_genius_dir)  # one seed per GENIUS folder: its files joined with "@@@@" lines
            k=0
            for d in "$shared"/genius/y20*/*/; do
                [ -d "$d" ] || continue
                k=$((k + 1))
                { first=1; for f in "$d"*domain*.xml "$d"*.xml; do
                      case $f in *domain*) [ $first = 1 ] || continue ;; esac
                      [ $first = 1 ] || printf '@@@@\n'; first=0; head -c 16000 "$f"; done; } >"$work/corpus/g$k" 2>/dev/null
            done ;;
        fuzz_deu)
            [ -f "$shared/deu3/actors.tsv" ] && { cat "$shared/deu3/actors.tsv"; printf '@@@@\n';
                head -c 60000 "$shared/deu3/issues.tsv"; } >"$work/corpus/deu" ;;
        fuzz_cli)  # a command index byte, then one argument per line
            printf '\002--help\n' >"$work/corpus/c1"
            printf '\007x.yaml\n--rounds\n5\n--seed\n3\n--protocol\nsao\n' >"$work/corpus/c2"
            printf '\005x.csv\n--models\nall\n--format\nbdm\n' >"$work/corpus/c3"
            printf '\000x.yaml\n--json\n' >"$work/corpus/c4" ;;
    esac
    echo "== $name: ${secs}s, $(ls "$work/corpus" | wc -l) seed files"
    "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
        -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1
    rc=$?
    grep -E '^(stat::number_of_executed_units|Done [0-9]+ runs)' "$work/log" | tail -2
    grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$work/log" | tail -1   # final coverage
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
