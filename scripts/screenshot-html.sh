#!/usr/bin/env bash
# Renders the HTML report and screenshots it with headless Chromium, to look at the page as a reader
# would (CJK text, layout). A developer tool, never run by CI.
#
#   scripts/screenshot-html.sh [OUT.png] [PLATFORM.yaml ...]
#
# Defaults: target/screenshots/report.png of examples/county-pilot.yaml; a directory checks every
# platform file in it (a batch: `cargo run --release --example gen-platforms -- 1000 DIR` makes
# one). Environment: REPORT_LANG (zh|en, default zh), WIDTH and HEIGHT of the window (1280×2400),
# OPEN=1 to expand every finding of a single report, FRAGMENT=p3 to open the page at platform 3
# of a batch (its findings are drawn on arrival), IPPS_CHECK=target/release/ipps-check to use a
# built binary instead of `cargo run`.
# Needs Debian's chromium and a CJK font: apt-get install -y chromium fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/screenshots/report.png}
[ $# -gt 0 ] && shift
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(examples/county-pilot.yaml)

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "screenshot-html: no Chromium; apt-get install -y chromium fonts-noto-cjk" >&2
  exit 2
fi

mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
html="$tmp/report.html"

# Exit 1 only means the gate failed; the report is written either way.
if [ -n "${IPPS_CHECK:-}" ]; then run=("$IPPS_CHECK"); else run=(cargo run --quiet --); fi
"${run[@]}" --as-of 2026-11-25 --lang "${REPORT_LANG:-zh}" --quiet --format "html:$html" "${files[@]}" \
  || [ $? -eq 1 ]
if [ "${OPEN:-0}" = 1 ]; then
  sed -i 's/<details class="f"/<details open="open" class="f"/g' "$html"
fi

# A fresh profile and no background traffic: the page must render from the file alone.
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile" \
  --hide-scrollbars --window-size="${WIDTH:-1280},${HEIGHT:-2400}" --screenshot="$PWD/$out" \
  --virtual-time-budget=10000 "file://$html${FRAGMENT:+#$FRAGMENT}" 2>"$tmp/chromium.log" || { cat "$tmp/chromium.log" >&2; exit 1; }
echo "$out"
