#!/bin/sh
# EEGScope against its references, in one run on the same generated inputs (see compare.py for
# the rows). Builds the release CLI, the C references (gcc -O2 -lfftw3 -lm) and, for the
# band-pass + envelope row, the Benchmarks package; generates the EDF inputs (64 ch x 256 Hz x
# 1 h and 10 min, 64 ch x 160 Hz x 10 min; ~160 MB, never committed) into the work folder.
#
#   Benchmarks/Scripts/compare.sh [--runs N] [--work DIR] [--no-filtering] [--markdown FILE]
#
# Needs python3 with numpy, scipy and mne. Run from anywhere; takes minutes (MNE is slow).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=3
work=""
filtering=1
markdown=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --no-filtering) filtering=0; shift ;;
        --markdown) markdown=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--work DIR] [--no-filtering] [--markdown FILE]" >&2
           exit 2 ;;
    esac
done
if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

echo "building (release)..." >&2
swift build -c release --package-path "$root" --product eegscope >/dev/null
eegscope="$root/.build/release/eegscope"
gcc -O2 -o "$work/floor" "$root/Benchmarks/Scripts/floor.c" -lfftw3 -lm
gcc -O2 -o "$work/fft_floor" "$root/Benchmarks/Scripts/fft_floor.c" -lfftw3 -lm
set -- --work "$work" --eegscope "$eegscope" --floor "$work/floor" \
    --fft-floor "$work/fft_floor" --runs "$runs"
if [ "$filtering" = 1 ]; then
    swift build -c release --package-path "$root/Benchmarks" >/dev/null
    bin=$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)
    set -- "$@" --benchmarks "$bin/eegscope-benchmarks"
fi
if [ -n "$markdown" ]; then set -- "$@" --markdown "$markdown"; fi
echo "machine: $(nproc) cores; $(uptime)" >&2
python3 "$root/Benchmarks/Scripts/compare.py" "$@"
