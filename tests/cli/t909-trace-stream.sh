#!/usr/bin/env bash
# t909-trace-stream: a session's memory does not grow with its rounds. `simulate --trace` streams
# the trace to its file as the session runs (it used to build the whole JSON Lines text in memory
# at the end, about 90 MB of address space more at 100,000 rounds), and with --quiet or --json
# the session keeps only its last rounds. The limit is measured here: the least address space a
# 10-round run needs, plus 24 MB; the 100,000-round run must fit in it, and write the same trace
# as a run that keeps every event (the account printed).
. "$(dirname "$0")/lib.sh"
if ldd "$PARLEY" 2>/dev/null | grep -q "libasan\|libtsan"; then
    skip "a sanitizer build reserves terabytes of address space: no ulimit -v under it"
    finish
fi
sed '/deadline: 20/d' "$src/examples/trade-deal.yaml" >"$tmp/nd.yaml"
sim() { "$PARLEY" simulate "$tmp/nd.yaml" --strategy Exporter=hardliner --strategy Importer=hardliner "$@"; }
base=
for kb in $(seq 20000 4000 600000); do
    if ( ulimit -v $kb; sim --rounds 10 --quiet --trace "$tmp/short.jsonl" ) >/dev/null 2>&1; then base=$kb; break; fi
done
check "a 10-round run fits in some address space" '[ -n "$base" ]'
lim=$(( ${base:-600000} + 24000 ))
for mode in --quiet --json; do
    ( ulimit -v $lim; sim --rounds 100000 $mode --trace "$tmp/t$mode.jsonl" ) >"$tmp/out" 2>"$tmp/err"
    rc=$?
    check "100,000 rounds $mode with a trace in ${lim} KiB (exit $rc: $(head -c 200 "$tmp/err"))" '[ $rc = 0 ]'
    check "the trace $mode holds the 100,000 rounds" '[ "$(tail -1 "$tmp/t$mode.jsonl" | grep -o "\"round\":[0-9]*")" = "\"round\":100000" ]'
    check "the trace $mode has a line per event, a start and a result line" \
        '[ $(wc -l <"$tmp/t$mode.jsonl") -eq $(( $(grep -c "\"event\":\"offer\"\|\"event\":\"reject\"\|\"event\":\"walkout\"\|\"event\":\"end\"" "$tmp/t$mode.jsonl") + 2 )) ]'
done
check "--json: the event count counts every event" '[ "$(grep -o "\"events\":[0-9]*" "$tmp/out")" = "\"events\":$(( $(wc -l <"$tmp/t--json.jsonl") - 2 ))" ]'
# the streamed trace is the same as the one of a session that keeps every event
sim --rounds 100000 --trace "$tmp/full.jsonl" >"$tmp/out" 2>&1
check "streamed trace identical to the kept one" 'cmp -s "$tmp/full.jsonl" "$tmp/t--quiet.jsonl"'
expect_grep "$tmp/out" "trace written to $tmp/full.jsonl ($(( $(wc -l <"$tmp/full.jsonl") - 2 )) events)" "event count"
# a failed run leaves no trace file and no temporary behind
mkdir "$tmp/d"
sim --rounds 10 --strategy Exporter=nonesuch --trace "$tmp/d/t.jsonl" >/dev/null 2>&1
check "no trace or temporary after a failed run" '[ -z "$(ls -A "$tmp/d")" ]'
finish 9
