#!/usr/bin/env bash
# t907-nothing-silent: results that used to be silently wrong. Weights or saliences summing to
# more than the largest double (every utility became 0, exit 0) and GENIUS weights all zero
# (passed check, failed analyze) are refused at load time, so check reports them; simulate says
# "no rational outcome" instead of printing nan distances; mediate prints a 79-digit space size
# in full; more than 64 parties: the instrument message names the limit; a non-finite forecast
# names the actor behind it; examples/trade-deal.yaml forecasts.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/trade-deal.yaml"
gen=$src/../shared/data/genius/y2011/Amsterdam
[ -d "$gen" ] || gen=/work/shared/data/genius/y2011/Amsterdam

# weights of 1e308 twice (table form), saliences of 1e308 twice (position form)
sed 's/tariff: {weight: 4,/tariff: {weight: 1e308,/; s/quota: {weight: 3,/quota: {weight: 1e308,/' "$ex" >"$tmp/w.yaml"
for c in check analyze; do
    expect_exit 1 "$c: weights overflow" -- "$PARLEY" $c "$tmp/w.yaml"
    expect_grep "$tmp/err" "w.yaml:35:7: the weights in .*Exporter.* sum to more than the largest number" "$c: weights overflow"
done
sed 's/quota: {position: 100, salience: 1}/quota: {position: 100, salience: 1e308}/; s/tariff: {position: 20, salience: 0.5}/tariff: {position: 20, salience: 1e308}/' "$ex" >"$tmp/s.yaml"
expect_exit 1 "check: saliences overflow" -- "$PARLEY" check "$tmp/s.yaml"
expect_grep "$tmp/err" "s.yaml:57:7: the saliences in .*Farm lobby.* sum to more than the largest number" "saliences overflow"

# GENIUS: weights all zero, weights overflowing
if [ -d "$gen" ]; then
    for kind in zero huge; do
        mkdir "$tmp/g$kind"
        cp "$gen"/*.xml "$tmp/g$kind/"
        v=0; [ $kind = huge ] && v=1e308
        sed -i "s/<weight index=\"\([0-9]*\)\" value=\"[^\"]*\"/<weight index=\"\1\" value=\"$v\"/" "$tmp/g$kind/Amsterdam_party1.xml"
        expect_exit 1 "genius weights $kind: check" -- "$PARLEY" check "$tmp/g$kind"
    done
    expect_grep "$tmp/err" "Amsterdam_party1.xml:.*the weights of the profile sum to more than the largest number" "genius huge weights"
    "$PARLEY" check "$tmp/gzero" >/dev/null 2>"$tmp/err"
    expect_grep "$tmp/err" "Amsterdam_party1.xml:.*the weights of the profile are all zero" "genius zero weights"
else
    skip "no shared GENIUS data"
fi

# no rational outcome: no nan in simulate's text
sed 's/reservation: 0.3$/reservation: 0.99/; s/reservation: 0.35$/reservation: 0.99/' "$ex" >"$tmp/nr.yaml"
expect_exit 0 "simulate without a rational outcome" -- "$PARLEY" simulate "$tmp/nr.yaml" --quiet
expect_grep "$tmp/out" "^no rational outcome: no distance to the Pareto frontier or the Nash point$" "no rational outcome"
if grep -qw nan "$tmp/out"; then fail "nan printed"; else ok; fi

# a 60 x 20 space: 20^60 printed in full (it was cut to 63 digits)
{
    printf 'parley: 1\nname: big\nissues:\n'
    for i in $(seq 60); do printf '  i%d: {type: integer, range: [1, 20], step: 1}\n' $i; done
    printf 'actors:\n  A:\n    utility:\n'
    for i in $(seq 60); do printf '      i%d: {linear: {slope: 0.05, offset: 0}}\n' $i; done
    printf '  B:\n    utility:\n'
    for i in $(seq 60); do printf '      i%d: {linear: {slope: -0.05, offset: 1}}\n' $i; done
} >"$tmp/big.yaml"
# a section too large fails alone (issue 11): the briefing exits 0, each section and a warning
# on stderr say why, with the size in full
expect_exit 0 "mediate: space too large" -- timeout 60 "$PARLEY" mediate "$tmp/big.yaml"
expect_grep "$tmp/err" "has $(python3 -c 'print(20**60)' 2>/dev/null || echo 1152921504606846976000000000000000000000000000000000000000000000000000000000000) outcomes" "space size in full"

# 66 parties and an instrument on the 66th
{
    printf 'parley: 1\nname: many\nissues:\n  x: {type: integer, range: [0, 4], step: 1}\nactors:\n'
    printf '  M:\n    role: mediator\n    instruments:\n      - {kind: penalty, on: P65, max: 0.1}\n'
    for i in $(seq 0 65); do
        if [ $((i % 2)) = 1 ]; then l='{slope: 0.25, offset: 0}'; else l='{slope: -0.25, offset: 1}'; fi
        printf '  P%d:\n    reservation: 0.1\n    utility:\n      x: {linear: %s}\n' $i "$l"
    done
} >"$tmp/p66.yaml"
expect_exit 0 "mediate: 66 parties" -- timeout 60 "$PARLEY" mediate "$tmp/p66.yaml"
expect_grep "$tmp/err" "leverage handles at most 64 parties and factions" "66 parties: the limit named"
if grep -q "it is not a party" "$tmp/err"; then fail "66 parties: 'not a party'"; else ok; fi

# a non-finite forecast names the actor and its inputs
printf 'actor,capability,position,salience\nA,1,5,100\nB,1e308,4,100\n' >"$tmp/cap.csv"
expect_exit 1 "forecast: capability 1e308" -- "$PARLEY" forecast "$tmp/cap.csv" --model compromise
expect_grep "$tmp/err" "actor 'B' weighs in with capability 1e+308 and salience 1" "forecast overflow names B"

# the shipped example forecasts (its table-form issues carry no stated position)
expect_exit 0 "forecast trade-deal.yaml" -- "$PARLEY" forecast "$ex"
expect_grep "$tmp/out" "^  tariff " "trade-deal: tariff forecast"
# libyaml's 1,024-character key limit, and invalid UTF-8 placed at its line
k=$(printf 'k%.0s' $(seq 1100))
printf 'parley: 1\nname: x\nissues:\n  %s: {type: integer, range: [0, 1]}\n' "$k" >"$tmp/longkey.yaml"
expect_exit 1 "a key over 1024 characters" -- "$PARLEY" check "$tmp/longkey.yaml"
expect_grep "$tmp/err" "longkey.yaml:4:1: a key longer than 1024 characters" "long key named"
printf 'parley: 1\nname: x\n# fine\ndescription: bad \377 here\n' >"$tmp/utf.yaml"
expect_exit 1 "invalid UTF-8" -- "$PARLEY" check "$tmp/utf.yaml"
expect_grep "$tmp/err" "utf.yaml:4:18: invalid leading UTF-8 octet (byte 43 of the file)" "invalid UTF-8 at its line"
finish 26
