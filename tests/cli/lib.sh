# lib.sh: helpers for the CLI shell tests (sourced). $PARLEY is the tool under test.
set -u
: "${PARLEY:?PARLEY must point at the parley binary}"
fails=0
passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

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
# finish: print the plain summary line and exit
finish() {
    echo "$passes passed, $fails failed"
    [ "$fails" = 0 ]
}
