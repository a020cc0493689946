#!/usr/bin/env bash
# t010-options: every command parses its options with the one table-driven parser
# (cli/cli_options.c): one wording per kind of usage error, exit 2 with the usage on stderr and
# nothing on stdout; --help, -h and `parley help CMD` print the same help to stdout, exit 0.
. "$(dirname "$0")/lib.sh"
src="${PL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
doha="$src/examples/doha-2024.yaml"

# expect_usage_error DESC MESSAGE CMD -- args...: exit 2, stderr = "error: MESSAGE" then the
# command's usage, stdout empty
expect_usage_error() {
    local desc=$1 msg=$2 cmd=$3
    shift 4
    expect_exit 2 "$desc" -- "$@"
    if [ "$(head -1 "$tmp/err")" = "error: $msg" ]; then ok; else
        fail "$desc: first line of stderr is '$(head -1 "$tmp/err")', want 'error: $msg'"; fi
    if sed -n 2p "$tmp/err" | grep -q "^usage: parley $cmd "; then ok; else fail "$desc: no usage after the error"; fi
    if [ -s "$tmp/out" ]; then fail "$desc: something on stdout"; else ok; fi
}

# command, an option taking a text value, the command's operand as the usage names it
while read -r cmd valopt operand; do
    expect_usage_error "$cmd unknown option" "unknown option '--bogus'" "$cmd" -- "$PARLEY" "$cmd" "$doha" --bogus
    expect_usage_error "$cmd unknown option with value" "unknown option '--bogus'" "$cmd" -- "$PARLEY" "$cmd" --bogus=1 "$doha"
    expect_usage_error "$cmd unknown short option" "unknown option '-q'" "$cmd" -- "$PARLEY" "$cmd" -q "$doha"
    expect_usage_error "$cmd missing value" "option '$valopt' needs a value" "$cmd" -- "$PARLEY" "$cmd" "$doha" "$valopt"
    expect_usage_error "$cmd missing operand" "missing $operand" "$cmd" -- "$PARLEY" "$cmd"
    expect_usage_error "$cmd extra operand" "unexpected argument 'extra'" "$cmd" -- "$PARLEY" "$cmd" "$doha" extra
    # help: stdout, exit 0, nothing on stderr, the same three ways, and every option listed
    expect_exit 0 "$cmd --help" -- "$PARLEY" "$cmd" --help
    cp "$tmp/out" "$tmp/help"
    expect_grep "$tmp/help" "^usage: parley $cmd " "$cmd --help starts with the usage"
    expect_grep "$tmp/help" "^    -h, --help  *show this help\$" "$cmd --help lists -h"
    expect_grep "$tmp/help" "^    \(-., \)\?$valopt " "$cmd --help lists $valopt"
    if [ -s "$tmp/err" ]; then fail "$cmd --help: something on stderr"; else ok; fi
    expect_exit 0 "$cmd -h" -- "$PARLEY" "$cmd" -h
    cmp -s "$tmp/out" "$tmp/help" && ok || fail "$cmd -h differs from $cmd --help"
    expect_exit 0 "help $cmd" -- "$PARLEY" help "$cmd"
    cmp -s "$tmp/out" "$tmp/help" && ok || fail "parley help $cmd differs from $cmd --help"
    # help wins over the options before it, as long as they are right
    expect_exit 0 "$cmd $valopt x --help" -- "$PARLEY" "$cmd" "$valopt" x --help
    cmp -s "$tmp/out" "$tmp/help" && ok || fail "$cmd $valopt x --help differs from $cmd --help"
done <<'EOF'
analyze --variant <file|dir>
backtest --models <issues.tsv>
check --variant <file>
convert --output <input>
fit --models <issues.tsv>
forecast --model <file>
mediate --proposal <file>
simulate --trace <file>
EOF

# every option the usage line of a command names is in its option list
for cmd in analyze backtest check convert fit forecast mediate simulate; do
    "$PARLEY" "$cmd" --help >"$tmp/help"
    for o in $(sed -n '/^$/q;p' "$tmp/help" | grep -o -- '--[a-z-]*' | sort -u); do
        grep -q "^    \(-., \)\?$o\b" "$tmp/help" && ok || fail "$cmd --help: $o in the usage but not listed"
    done
done

# bad numbers: one wording, the range when there is one
expect_usage_error "simulate --seed abc" "option '--seed' expects a non-negative integer, got 'abc'" simulate \
    -- "$PARLEY" simulate "$doha" --seed abc
expect_usage_error "simulate --rounds 0" "option '--rounds' expects an integer from 1 to 100000, got '0'" simulate \
    -- "$PARLEY" simulate "$doha" --rounds 0
expect_usage_error "simulate --relay-cost=-1" "option '--relay-cost' expects an integer from 0 to 1000, got '-1'" \
    simulate -- "$PARLEY" simulate "$doha" --relay-cost=-1
expect_usage_error "simulate --rounds ' 5'" "option '--rounds' expects an integer from 1 to 100000, got ' 5'" \
    simulate -- "$PARLEY" simulate "$doha" --rounds " 5"
expect_usage_error "forecast --rounds 2x" "option '--rounds' expects an integer from 1 to 100000, got '2x'" forecast \
    -- "$PARLEY" forecast "$doha" --rounds 2x
expect_usage_error "forecast --rounds (none)" "option '--rounds' needs a value" forecast \
    -- "$PARLEY" forecast "$doha" --rounds
expect_usage_error "mediate --top abc" "option '--top' expects an integer from 1 to 15, got 'abc'" mediate \
    -- "$PARLEY" mediate "$doha" --top abc
expect_usage_error "mediate --top=16" "option '--top' expects an integer from 1 to 15, got '16'" mediate \
    -- "$PARLEY" mediate --top=16 "$doha"
expect_usage_error "mediate --top (none)" "option '--top' needs a value" mediate -- "$PARLEY" mediate "$doha" --top
# choices
expect_usage_error "simulate --vote" "option '--vote' expects veto, majority or quota, got 'most'" simulate \
    -- "$PARLEY" simulate "$doha" --vote most
expect_usage_error "backtest --capability" "option '--capability' expects gdp or votes, got 'seats'" backtest \
    -- "$PARLEY" backtest x.tsv --actors y.tsv --capability seats
expect_usage_error "forecast --format" "option '--format' expects scenario, ktab or bdm, got 'xml'" forecast \
    -- "$PARLEY" forecast "$doha" --format xml
# flags take no value; a required option; a short option as typed
expect_usage_error "check --json=yes" "option '--json' takes no value" check -- "$PARLEY" check "$doha" --json=yes
expect_usage_error "mediate --json=yes" "option '--json' takes no value" mediate -- "$PARLEY" mediate "$doha" --json=yes
expect_usage_error "backtest without --actors" "option '--actors' is required" backtest -- "$PARLEY" backtest x.tsv
expect_usage_error "convert -o" "option '-o' needs a value" convert -- "$PARLEY" convert "$doha" -o
# callbacks keep the "option '--name' ..." form
expect_usage_error "simulate --strategy" "option '--strategy' expects <actor>=<strategy>[:<e>], got 'linear'" \
    simulate -- "$PARLEY" simulate "$doha" --strategy linear

# the value forms all reach the command: --name=v, --name v, -ov, -o v; "--" ends the options
expect_exit 0 "simulate --seed=7" -- "$PARLEY" simulate "$doha" --seed=7 --json
expect_grep "$tmp/out" '"seed":7,' "--seed=7 is used"
expect_exit 0 "simulate --seed 8" -- "$PARLEY" simulate --seed 8 "$doha" --json
expect_grep "$tmp/out" '"seed":8,' "--seed 8 is used"
expect_exit 0 "convert -o FILE" -- "$PARLEY" convert "$doha" -o "$tmp/a.yaml"
[ -s "$tmp/a.yaml" ] && ok || fail "convert -o FILE wrote nothing"
expect_exit 0 "convert -oFILE" -- "$PARLEY" convert "$doha" "-o$tmp/b.yaml"
cmp -s "$tmp/a.yaml" "$tmp/b.yaml" && ok || fail "convert -oFILE differs from -o FILE"
expect_exit 1 "check -- --x" -- "$PARLEY" check -- --x
expect_grep "$tmp/err" "--x: cannot open" "after --, '--x' is the file"

# mediate's --instrument is a callback: every one given is used (the penalty on Hamas is added;
# the side payment to Hamas replaces the maximum of the United States' one in the scenario)
expect_exit 0 "mediate --instrument twice" -- "$PARLEY" mediate "$doha" --instrument=penalty:Hamas:0.2 \
    --instrument side-payment:Hamas --width 200
expect_grep "$tmp/out" "penalty on Hamas  *--instrument" "mediate: the first --instrument is used"
expect_grep "$tmp/out" "side-payment to Hamas  *United States (max from --instrument) " \
    "mediate: the second --instrument is used"
finish
