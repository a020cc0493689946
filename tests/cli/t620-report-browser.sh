#!/usr/bin/env bash
# t620-report-browser: render the Doha report in headless Chromium (Debian's chromium): every
# section and figure is in the DOM and non-empty, the page logs no console message, and a
# screenshot is saved under the build folder. The checker is first shown a page it must reject.
. "$(dirname "$0")/lib.sh"
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then skip "chromium not installed (make deps installs it)"; finish; fi
out="$(dirname "$PARLEY")/report-browser"
mkdir -p "$out"
run() { # run URL DOM LOG
    timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
        --enable-logging=stderr --v=0 --dump-dom "$1" >"$2" 2>"$3"
}
# page_ok DOM LOG: every section, every figure with an SVG holding marks, no console line
page_ok() {
    for id in scenario actors zone proposals mediator story forecasts uncertainty terms sources; do
        grep -q "<h2 id=\"$id\">" "$1" || { echo "section $id missing"; return 1; }
    done
    for fig in fig-space fig-blocking fig-dance; do
        sed -n "/<figure id=\"$fig\">/,/<\/figure>/p" "$1" | grep -q '<polygon\|<circle\|<rect x' ||
            { echo "figure $fig missing or empty"; return 1; }
    done
    ! grep -q ':CONSOLE' "$2" || { echo "console: $(grep ':CONSOLE' "$2" | head -3)"; return 1; }
}
# the checker rejects a page with a console error and a missing figure
expect_exit 0 "report" -- "$PARLEY" report "$src/examples/doha-2024.yaml" -o "$tmp/brief.html"
sed 's|<figure id="fig-dance">|<script>console.error("broken")</script><figure id="fig-x">|' \
    "$tmp/brief.html" >"$tmp/bad.html"
run "file://$tmp/bad.html" "$tmp/bad.dom" "$tmp/bad.log"
msg=$(page_ok "$tmp/bad.dom" "$tmp/bad.log")
check "checker rejects a broken page" "[ -n \"\$msg\" ]"
run "file://$tmp/brief.html" "$tmp/dom.html" "$tmp/log.txt"
msg=$(page_ok "$tmp/dom.html" "$tmp/log.txt")
check "report renders: $msg" "[ -z \"\$msg\" ]"
timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" --hide-scrollbars \
    --window-size=1100,7000 --screenshot="$out/doha-report.png" "file://$tmp/brief.html" >/dev/null 2>&1
check "screenshot saved" "[ -s '$out/doha-report.png' ]"
echo "screenshot: $out/doha-report.png"
finish 3
