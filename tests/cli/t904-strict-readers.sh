#!/usr/bin/env bash
# t904-strict-readers: the CSV/TSV readers (BdM, KTAB, DEU) read numbers as decimals only (no
# hexadecimal, inf or nan), refuse a second row for the same actor with FILE:LINE:COL, skip a
# UTF-8 byte-order mark in every file alike, and check a KTAB header's announced counts against
# the file's size before allocating (100,000 actors x 1,000 dimensions in 44 bytes).
. "$(dirname "$0")/lib.sh"
# AddressSanitizer and ThreadSanitizer reserve terabytes of address space: no ulimit -v under them
asan=$(ldd "$PARLEY" 2>/dev/null | grep -o "libasan\|libtsan" | head -1)
bom=$'\xef\xbb\xbf'

# strict decimals: each of these used to be read as a number
n=0
for v in 0x10 0x1p3 inf nan -Infinity 1e 1.2.3 ' 1 2'; do
    n=$((n + 1))
    printf 'actor,capability,position,salience\nA,1,5,50\nB,%s,4,50\n' "$v" >"$tmp/n$n.csv"
    expect_exit 1 "bdm number '$v'" -- "$PARLEY" forecast "$tmp/n$n.csv" --format bdm
    expect_grep "$tmp/err" "n$n.csv:3:3: capability '.*' is not a number" "bdm number '$v'"
done
# still numbers: signs, a leading dot, exponents
printf 'actor,capability,position,salience\nA,+1,.5,5e1\nB,2.,4E0,50\n' >"$tmp/ok.csv"
expect_exit 0 "bdm decimals" -- "$PARLEY" forecast "$tmp/ok.csv" --format bdm --models median
expect_grep "$tmp/out" "issue  0.5-4" "bdm decimals: scale"

# duplicate actors
printf 'actor,capability,position,salience\nA,1,5,50\nB,1,4,50\nA,2,6,50\n' >"$tmp/dup.csv"
expect_exit 1 "bdm duplicate actor" -- "$PARLEY" forecast "$tmp/dup.csv" --format bdm
[ "$(cat "$tmp/err")" = "$tmp/dup.csv:4:1: duplicate actor 'A' (first at line 2)" ] && ok \
    || fail "bdm duplicate: got '$(cat "$tmp/err")'"
printf 'actor\tgdp_weight\tcouncil_votes_nice\ncom\t3\t\nep\t4.1\t\ncom\t1\t\n' >"$tmp/a.tsv"
printf 'prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpep\tsep\n' >"$tmp/i.tsv"
printf 'd1\ti1\tx\tCOD\tQMV\t0\t50\t20\t50\t10\t50\n' >>"$tmp/i.tsv"
expect_exit 1 "deu duplicate actor" -- "$PARLEY" backtest "$tmp/i.tsv" --actors "$tmp/a.tsv"
[ "$(cat "$tmp/err")" = "$tmp/a.tsv:4:1: duplicate actor 'com' (first at line 2)" ] && ok \
    || fail "deu duplicate: got '$(cat "$tmp/err")'"

# a byte-order mark is skipped in every reader: BdM, DEU actors and issues, KTAB
printf '%sactor,capability,position,salience\nA,1,5,50\nB,1,4,50\n' "$bom" >"$tmp/bom.csv"
expect_exit 0 "bdm with a BOM" -- "$PARLEY" forecast "$tmp/bom.csv" --format bdm --models median
expect_exit 0 "bdm with a BOM, format detected" -- "$PARLEY" forecast "$tmp/bom.csv" --models median
printf '%sactor\tgdp_weight\tcouncil_votes_nice\ncom\t3\t\nep\t4.1\t\n' "$bom" >"$tmp/ab.tsv"
printf '%s' "$bom" >"$tmp/ib.tsv"; cat "$tmp/i.tsv" >>"$tmp/ib.tsv"
expect_exit 0 "deu with BOMs" -- "$PARLEY" backtest "$tmp/ib.tsv" --actors "$tmp/ab.tsv"
printf '%sn,d,2,1\nActor,Desc,Influence,X Position,X Salience\nA,a,1,50,50\nB,b,1,40,50\n' "$bom" >"$tmp/k.csv"
expect_exit 0 "ktab with a BOM" -- "$PARLEY" forecast "$tmp/k.csv" --format ktab --models median

# KTAB: counts the file cannot hold are refused before any allocation (under 200 MB here)
printf 'x,y,100000,1000\nActor,Description,Influence\n' >"$tmp/big.csv"
( [ -n "$asan" ] || ulimit -v 200000; "$PARLEY" forecast "$tmp/big.csv" --format ktab ) >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && ok || fail "ktab announced counts: exit not 1"
expect_grep "$tmp/err" "big.csv:1:5: line 1 announces 100000 actors x 1000 dimensions: their rows need at least 400300000 bytes, the file has 44" "ktab announced counts"
finish 28
