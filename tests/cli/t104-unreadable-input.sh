#!/usr/bin/env bash
# t104-unreadable-input: every loader reads files through one reader, which refuses a missing
# file, a directory, a FIFO (without blocking on it) and a file over 1 GiB (without reading
# it), each with one message form: "FILE: cannot open: reason".
. "$(dirname "$0")/lib.sh"

# expect_msg DESC WANT: stderr is exactly WANT
expect_msg() {
    if [ "$(cat "$tmp/err")" = "$2" ]; then ok; else fail "$1: got '$(cat "$tmp/err")'"; fi
}

mkdir "$tmp/dir.csv" "$tmp/dir.yaml" "$tmp/g"
mkfifo "$tmp/fifo.yaml" "$tmp/fifo.csv" "$tmp/fifo.tsv" "$tmp/g/p.xml"
# sparse: costs no disk and, refused on its size, is never read
truncate -s 1073741825 "$tmp/big.yaml"
printf 'actor\tgdp_weight\tcouncil_votes_nice\ncom\t4.1\t\n' >"$tmp/a.tsv"

# scenario files (check)
expect_exit 1 "check: missing" -- timeout 20 "$PARLEY" check "$tmp/none.yaml"
expect_msg "check: missing" "$tmp/none.yaml: cannot open: no such file or directory"
expect_exit 1 "check: fifo" -- timeout 20 "$PARLEY" check "$tmp/fifo.yaml"
expect_msg "check: fifo" "$tmp/fifo.yaml: cannot open: not a regular file (a fifo)"
expect_exit 1 "check: over 1 GiB" -- timeout 20 "$PARLEY" check "$tmp/big.yaml"
expect_msg "check: over 1 GiB" "$tmp/big.yaml: cannot open: larger than the limit of 1 GiB (1073741825 bytes)"
expect_exit 1 "check: device" -- timeout 20 "$PARLEY" check /dev/zero
expect_msg "check: device" "/dev/zero: cannot open: not a regular file (a device)"

# forecasting CSV (format sniffing must not block on the FIFO either)
expect_exit 1 "forecast: missing csv" -- timeout 20 "$PARLEY" forecast "$tmp/none.csv"
expect_msg "forecast: missing csv" "$tmp/none.csv: cannot open: no such file or directory"
expect_exit 1 "forecast: directory" -- timeout 20 "$PARLEY" forecast "$tmp/dir.csv"
expect_msg "forecast: directory" "$tmp/dir.csv: cannot open: is a directory"
expect_exit 1 "forecast: fifo" -- timeout 20 "$PARLEY" forecast "$tmp/fifo.csv"
expect_msg "forecast: fifo" "$tmp/fifo.csv: cannot open: not a regular file (a fifo)"
expect_exit 1 "forecast --format bdm: fifo" -- timeout 20 "$PARLEY" forecast "$tmp/fifo.csv" --format bdm
expect_msg "forecast --format bdm: fifo" "$tmp/fifo.csv: cannot open: not a regular file (a fifo)"

# DEU (backtest): the actors file, then the issues file
expect_exit 1 "backtest: fifo actors" -- timeout 20 "$PARLEY" backtest "$tmp/none.tsv" --actors "$tmp/fifo.tsv"
expect_msg "backtest: fifo actors" "$tmp/fifo.tsv: cannot open: not a regular file (a fifo)"
expect_exit 1 "backtest: missing issues" -- timeout 20 "$PARLEY" backtest "$tmp/none.tsv" --actors "$tmp/a.tsv"
expect_msg "backtest: missing issues" "$tmp/none.tsv: cannot open: no such file or directory"

# GENIUS folder: a FIFO among the profiles
expect_exit 1 "genius: fifo profile" -- timeout 20 "$PARLEY" check "$tmp/g"
expect_grep "$tmp/err" "p.xml: cannot open: not a regular file (a fifo)" "genius: fifo profile"
finish
