# lib.sh: helpers for the CLI shell tests (sourced). $PARLEY is the tool under test.
set -u
: "${PARLEY:?PARLEY must point at the parley binary}"
fails=0
passes=0
skips=0
# the source tree (examples/, tests/malformed/)
src="${PL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
bad() { fail "$@"; }
# skip DESC: a part that cannot run here (say why); counted, not a failure
skip() { echo "skipped: $*"; skips=$((skips + 1)); }
# check DESC 'shell condition': pass when the condition (eval'd) holds
check() { if eval "$2"; then ok; else fail "$1"; fi; }

# expect_exit CODE DESC -- command...
expect_exit() {
    local want=$1 desc=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" = "$want" ]; then ok; else fail "$desc: exit $got, want $want"; cat "$tmp/err" >&2; fi
}
# expect_grep FILE PATTERN DESC
expect_grep() {
    if grep -q -- "$2" "$1"; then ok; else fail "$3: '$2' not found in $(basename "$1")"; head -20 "$1" >&2; fi
}
# finish [MIN]: print the summary line and exit: 1 on a failure or fewer than MIN passes,
# 77 (skipped) when nothing passed but parts were skipped, else 0
finish() {
    if [ "$skips" -gt 0 ]; then echo "$passes passed, $fails failed, $skips parts skipped"
    else echo "$passes passed, $fails failed"; fi
    [ "$fails" = 0 ] || exit 1
    [ "$passes" -ge "${1:-0}" ] || { echo "FAIL: $passes passed, at least ${1:-0} expected" >&2; exit 1; }
    [ "$passes" -gt 0 ] || [ "$skips" = 0 ] || exit 77
    exit 0
}
