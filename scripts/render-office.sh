#!/usr/bin/env bash
# Renders Word and Excel reports (docx, xlsx) to PNG pages, for a person to look at what an auditor,
# a committee secretary or a city operator will see. A developer tool, not CI.
#
#   scripts/render-office.sh OUT_DIR FILE.docx|FILE.xlsx...
#
# Each FILE (say r.docx) becomes OUT_DIR/r-docx.pdf and OUT_DIR/r-docx-1.png, -2.png, … (one per
# page; pdftoppm pads the numbers when there are ten pages or more).
# Needs Debian's LibreOffice and poppler:
#   apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk
# Set DPI (default 80) for sharper pages; PAGES (default all) limits how many are turned into PNG.
# SHOW_COMMENTS=N renders a workbook's first N cell comments shown beside their cells (a copy of
# the file with those notes set to always show; the file itself is not changed), since LibreOffice
# does not print hidden comments. Needs python3.
set -euo pipefail

if [ "$#" -lt 2 ]; then
    echo "usage: $0 OUT_DIR FILE.docx|FILE.xlsx..." >&2
    exit 2
fi
out=$1
shift
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || {
        echo "$tool is missing: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk" >&2
        exit 2
    }
done
mkdir -p "$out"
# A profile of its own, so a LibreOffice already running (or another run) does not take the job.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# A copy of an xlsx whose comments are set to show (VML visibility:visible).
shown_comments() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys, zipfile
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.endswith(".vml"):
            data = data.replace(b"visibility:hidden", b"visibility:visible", n)
        zout.writestr(item, data)
PY
}
for file in "$@"; do
    given=$file
    base=$(basename "$file")
    if [ "${SHOW_COMMENTS:-0}" -gt 0 ] && [ "${file##*.}" = xlsx ]; then
        mkdir -p "$profile/shown"
        shown_comments "$file" "$profile/shown/$base" "$SHOW_COMMENTS"
        file="$profile/shown/$base"
    fi
    name=${base//./-}
    rm -rf "$profile/pdf"
    soffice -env:UserInstallation="file://$profile/user" --headless --convert-to pdf --outdir "$profile/pdf" "$file" >/dev/null 2>&1
    made="$profile/pdf/${base%.*}.pdf"
    [ -s "$made" ] || { echo "LibreOffice made no PDF of $file" >&2; exit 1; }
    pdf="$out/$name.pdf"
    mv "$made" "$pdf"
    last=()
    [ -n "${PAGES:-}" ] && last=(-l "$PAGES")
    pdftoppm -png -r "${DPI:-80}" "${last[@]}" "$pdf" "$out/$name"
    echo "$given → $pdf ($(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') pages) and $out/$name-*.png"
done
