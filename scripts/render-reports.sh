#!/usr/bin/env bash
# Renders every HTML page of `eegscope demo` and of `eegscope report` over the shared EEG set
# to PNG with headless Chromium, and fails when a page logs a console error, links an image
# that does not exist, or has a figure with neither a picture nor a stated reason.
#
# Usage: scripts/render-reports.sh [OUT_DIR]      (default: render-output)
#   EEGSCOPE=path/to/eegscope   the executable (default: .build/release/eegscope, built if absent)
#   SHARED=path/to/eeg          the shared set (default: ../shared/data/eeg; skipped if absent)
#   DOCS_IMAGES=1               also refresh docs/images/ from the renders
# Needs Chromium (`scripts/install-deps.sh --with-chromium`, i.e. apt-get install chromium) and
# python3 with Pillow to trim the full-page screenshots.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT="${1:-render-output}"
EEGSCOPE="${EEGSCOPE:-.build/release/eegscope}"
SHARED="${SHARED:-../shared/data/eeg}"
CHROMIUM="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$CHROMIUM" ]; then
    echo "render-reports: chromium not found; run scripts/install-deps.sh --with-chromium" >&2
    exit 1
fi
if [ ! -x "$EEGSCOPE" ]; then
    swift build -c release
fi
rm -rf "$OUT"
mkdir -p "$OUT/png"

echo "render-reports: eegscope demo -> $OUT/demo" >&2
"$EEGSCOPE" demo --output "$OUT/demo" >/dev/null
if [ -d "$SHARED" ]; then
    mapfile -t files < <(find "$SHARED" -type f \( -iname '*.edf' -o -iname '*.bdf' \
        -o -iname '*.vhdr' -o -iname '*.set' \) \
        -not -path '*/invalid/*' | sort)
    echo "render-reports: eegscope report over ${#files[@]} shared recordings -> $OUT/shared" >&2
    # Inputs the readers refuse are listed on the index page; they are not a rendering failure.
    "$EEGSCOPE" report "${files[@]}" --output "$OUT/shared" >/dev/null || \
        echo "render-reports: some shared inputs failed (see $OUT/shared/index.html)" >&2
else
    echo "render-reports: $SHARED absent; rendering the demo only" >&2
fi

failures=0
while IFS= read -r page; do
    name="$(echo "${page#"$OUT"/}" | tr '/' '_')"
    png="$OUT/png/${name%.html}.png"
    log="$OUT/png/${name%.html}.log"
    # A tall window captures the whole page; the blank bottom is trimmed below.
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --enable-logging=stderr --v=0 --window-size=1200,16000 \
        --screenshot="$png" "file://$(realpath "$page")" >"$log" 2>&1 || true
    if [ ! -s "$png" ]; then
        echo "render-reports: FAILED to render $page (see $log)" >&2
        failures=$((failures + 1))
        continue
    fi
    if grep -E 'CONSOLE\([0-9]+\)|Uncaught|net::ERR_FILE_NOT_FOUND' "$log" | grep -v 'DevTools' >&2
    then
        echo "render-reports: console error in $page" >&2
        failures=$((failures + 1))
    fi
    if ! python3 - "$page" "$png" <<'PY'
import os, re, sys
from PIL import Image, ImageChops

page, png = sys.argv[1], sys.argv[2]
html = open(page, encoding="utf-8").read()
problems = []
for src in re.findall(r'<img[^>]+src="([^"]+)"', html):
    if not src.startswith(("data:", "http")) and not os.path.exists(
            os.path.join(os.path.dirname(page), src)):
        problems.append(f"missing image {src}")
for figure in re.findall(r"<figure>(.*?)</figure>", html, re.S):
    if "<svg" not in figure and "<img" not in figure:
        problems.append("a figure without a picture")
image = Image.open(png).convert("RGB")
box = ImageChops.difference(image, Image.new("RGB", image.size, (255, 255, 255))).getbbox()
if box is None:
    problems.append("blank render")
else:
    image.crop((0, 0, image.width, min(image.height, box[3] + 24))).save(png)
for problem in problems:
    print(f"render-reports: {page}: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
    then
        failures=$((failures + 1))
    fi
done < <(find "$OUT" -name '*.html' | sort)

if [ "${DOCS_IMAGES:-0}" = "1" ]; then
    python3 - "$OUT/png" <<'PY'
import sys
from PIL import Image
folder = sys.argv[1]
# The top of the ketamine report (findings, warnings, recording) for the README.
image = Image.open(f"{folder}/demo_synth_ketamine.edf.png")
image.crop((0, 0, image.width, min(image.height, 1500))).save("docs/images/ketamine-report.png")
PY
    echo "render-reports: refreshed docs/images/ketamine-report.png" >&2
fi

count=$(find "$OUT/png" -name '*.png' | wc -l)
echo "render-reports: $count pages rendered to $OUT/png, $failures problem(s)" >&2
[ "$failures" -eq 0 ]
