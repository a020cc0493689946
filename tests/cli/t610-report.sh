#!/usr/bin/env bash
# t610-report: parley report on every example: the HTML page has every section, its figures and
# no script; the Markdown briefing keeps within 100 columns; help terms too; usage errors.
. "$(dirname "$0")/lib.sh"
for ex in "$src"/examples/*.yaml; do
    b=$(basename "$ex" .yaml)
    expect_exit 0 "report $b" -- "$PARLEY" report "$ex" -o "$tmp/$b.html"
    for id in scenario actors zone proposals mediator story forecasts uncertainty terms sources; do
        expect_grep "$tmp/$b.html" "id=\"$id\"" "$b: section $id"
    done
    check "$b: space figure" "grep -q '<figure id=\"fig-space\">' '$tmp/$b.html'"
    check "$b: no script" "! grep -qi '<script' '$tmp/$b.html'"
    expect_exit 0 "report $b md" -- "$PARLEY" report "$ex" -o "$tmp/$b.md"
    check "$b: md within 100 columns" "[ \$(awk '{ if (length(\$0) > 100) n++ } END { print n+0 }' '$tmp/$b.md') = 0 ]"
    expect_grep "$tmp/$b.md" "^## 3. The zone of agreement" "$b: md sections"
done
expect_exit 0 "md width 60" -- "$PARLEY" report "$src/examples/doha-2024.yaml" --format md --width 60 -o -
check "width 60 holds" "[ \$(awk '{ if (length(\$0) > 60) n++ } END { print n+0 }' '$tmp/out') = 0 ]"
expect_grep "$tmp/doha-2024.html" "href=\"#src-1\"" "numbers link to sources"
expect_exit 0 "help terms" -- "$PARLEY" help terms
expect_grep "$tmp/out" "Shapley-Shubik" "glossary"
check "help terms within 100 columns" "[ \$(awk '{ if (length(\$0) > 100) n++ } END { print n+0 }' '$tmp/out') = 0 ]"
expect_exit 1 "--explore without the file" -- "$PARLEY" report "$src/examples/doha-2024.yaml" -o "$tmp/x.html" --explore "$tmp/r.json"
expect_grep "$tmp/err" "r.json" "names the missing result"
expect_exit 1 "missing file" -- "$PARLEY" report "$tmp/nope.yaml" -o "$tmp/x.html"
finish 60
