#!/usr/bin/env bash
# t000-main: dispatch, --version, help, unknown commands and exit codes.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "--version" -- "$PARLEY" --version
expect_grep "$tmp/out" "^parley [0-9]" "--version prints the version"
expect_exit 0 "--help" -- "$PARLEY" --help
expect_grep "$tmp/out" "analyze" "--help lists commands"
expect_exit 2 "no command" -- "$PARLEY"
expect_grep "$tmp/err" "usage: parley" "usage goes to stderr without a command"
expect_exit 2 "unknown command" -- "$PARLEY" frobnicate
expect_grep "$tmp/err" "'frobnicate' is not a parley command" "unknown command is named"
expect_exit 2 "help of unknown command" -- "$PARLEY" help frobnicate
for c in analyze backtest check convert forecast mediate simulate; do
    expect_exit 0 "$c --help" -- "$PARLEY" "$c" --help
    expect_grep "$tmp/out" "usage: parley $c" "$c --help prints its usage to stdout"
    expect_exit 0 "help $c" -- "$PARLEY" help "$c"
done
finish
