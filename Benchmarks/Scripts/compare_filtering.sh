#!/bin/sh
# Zero-phase 2-4 Hz band-pass + envelope, 64 ch x 10 min x 256 Hz: EEGScope (Swift, channels
# in parallel) and SciPy/MNE (NumPy, one thread of Python) on the same samples, side by side.
# Usage: Benchmarks/Scripts/compare_filtering.sh   (from the repository root; needs python3
# with numpy and scipy for the reference column; mne optional)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/filter_bench.f64"

if command -v python3 >/dev/null 2>&1 && python3 -c "import scipy" 2>/dev/null; then
    python3 "$root/Benchmarks/Scripts/filter_vs_scipy.py" --write-data "$data"
    have_python=1
else
    echo "python3 with scipy not found: Swift column only (seeded noise input)"
    have_python=0
fi

swift build -c release --package-path "$root/Benchmarks" >/dev/null
binary=$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)/eegscope-benchmarks
if [ "$have_python" = 1 ]; then
    EEGSCOPE_FILTER_BENCH_DATA="$data" "$binary" filtering --json > "$work/swift.json"
    python3 "$root/Benchmarks/Scripts/filter_vs_scipy.py" --data "$data" > "$work/python.json"
else
    "$binary" filtering --json > "$work/swift.json"
    echo '{"versions": {}, "rows": []}' > "$work/python.json"
fi

python3 - "$work/swift.json" "$work/python.json" <<'PY' 2>/dev/null || cat "$work/swift.json"
import json, sys
swift = json.load(open(sys.argv[1]))
python = json.load(open(sys.argv[2]))
print("zero-phase 2-4 Hz band-pass + Hilbert envelope, 64 ch x 600 s x 256 Hz")
print(f"{'pipeline':58s} {'seconds':>9s}")
for row in swift:
    print(f"{'EEGScope ' + row['name']:58s} {row['seconds_per_op']:9.3f}")
for row in python["rows"]:
    print(f"{row['name']:58s} {row['seconds_per_op']:9.3f}")
if python["versions"]:
    print("reference versions:", ", ".join(f"{k} {v}" for k, v in python["versions"].items()))
PY
