#!/usr/bin/env bash
# t901-import-row-errors: an error in one row of a BdM CSV, a KTAB CSV or a DEU TSV is not
# forgotten when a later row is fine (the loaders used to reset their status on every row and
# went on with the broken values: exit 0 with a wrong forecast, or a stray second message).
. "$(dirname "$0")/lib.sh"

# BdM: bad first row, good second row
printf 'actor,capability,position,salience\nA,1,5,500\nB,1,4,50\n' >"$tmp/sal.csv"
expect_exit 1 "bdm salience out of range" -- "$PARLEY" forecast "$tmp/sal.csv"
expect_grep "$tmp/err" "sal.csv:2:7: salience must lie in \[0, 100\] (got 500)" "bdm salience message"
[ -s "$tmp/out" ] && fail "bdm: stdout not empty" || ok
printf 'actor,capability,position,salience\nA,1e999,5,50\nB,1,4,50\n' >"$tmp/cap.csv"
expect_exit 1 "bdm capability overflow" -- "$PARLEY" forecast "$tmp/cap.csv"
[ "$(cat "$tmp/err")" = "$tmp/cap.csv:2:3: capability '1e999' is not a number" ] && ok \
    || { fail "bdm capability: exactly one message"; cat "$tmp/err" >&2; }

# KTAB: the first actor row lacks a column, the second is complete
printf 'n,d,2,1\nActor,Desc,Influence,X Position,X Salience\nA,a,1,50\nB,b,1,40,50\n' >"$tmp/k.csv"
expect_exit 1 "ktab short row" -- "$PARLEY" forecast "$tmp/k.csv" --format ktab
expect_grep "$tmp/err" "k.csv:3:7: row has 4 columns, expected 5" "ktab row message"
[ -s "$tmp/out" ] && fail "ktab: stdout not empty" || ok

# DEU: a non-number in the first actor row, then in the first issue row
printf 'actor\tgdp_weight\tcouncil_votes_nice\ncom\tlots\t\nep\t4.1\t\n' >"$tmp/a.tsv"
printf 'actor\tgdp_weight\tcouncil_votes_nice\ncom\t3\t\nep\t4.1\t\n' >"$tmp/a2.tsv"
printf 'prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpep\tsep\n' >"$tmp/i.tsv"
printf 'd1\ti1\tx\tCOD\tQMV\t0\t50\tfifty\t50\t10\t50\nd1\ti2\tx\tCOD\tQMV\t0\t50\t20\t50\t10\t50\n' >>"$tmp/i.tsv"
expect_exit 1 "deu actors" -- "$PARLEY" backtest "$tmp/i.tsv" --actors "$tmp/a.tsv"
[ "$(cat "$tmp/err")" = "$tmp/a.tsv:2:5: gdp_weight 'lots' is not a number >= 0" ] && ok \
    || { fail "deu actors: exactly one message"; cat "$tmp/err" >&2; }
expect_exit 1 "deu issues" -- "$PARLEY" backtest "$tmp/i.tsv" --actors "$tmp/a2.tsv"
expect_grep "$tmp/err" "i.tsv:2:22: position of 'com' 'fifty' is not a number" "deu issue message"
[ -s "$tmp/out" ] && fail "deu: stdout not empty" || ok
finish
