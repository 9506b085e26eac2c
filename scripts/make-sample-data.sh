#!/bin/bash
# Regenerates the synthetic files in SampleData/ with the eegscope CLI (same arguments, same
# bytes). Sizes are kept small so the repository stays light (SampleData < 3 MB in total):
#   synth_ketamine.edf        120 s, 22 channels at 200 Hz: baseline 0-48 s, ketamine infusion
#                             48-120 s (~3 Hz episodes on CPz/Pz/POz/Oz, gamma +3 dB)
#   synth_delta3-bursts.edf   60 s, Fz/Cz/Pz/Oz at 200 Hz, ~3 Hz bursts at 10 dB SNR
#   synth_gamma-bursts.edf    30 s, Fz/Cz/Pz/Oz at 256 Hz, 30-80 Hz bursts at 10 dB SNR,
#                             50 Hz line noise
# each with its ground truth in NAME_events.tsv.
#
#   scripts/make-sample-data.sh            (uses .build/release/eegscope, building it if needed)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
EEGSCOPE="${EEGSCOPE:-$ROOT/.build/release/eegscope}"
if [ ! -x "$EEGSCOPE" ]; then
    swift build -c release >/dev/null
fi

"$EEGSCOPE" synth --scenario ketamine --duration 120 --fs 200 --seed 2020 \
    --output SampleData/synth_ketamine.edf
"$EEGSCOPE" synth --scenario delta3-bursts --duration 60 --fs 200 --seed 3 \
    --channels Fz,Cz,Pz,Oz --output SampleData/synth_delta3-bursts.edf
"$EEGSCOPE" synth --scenario gamma-bursts --duration 30 --fs 256 --seed 4 \
    --channels Fz,Cz,Pz,Oz --output SampleData/synth_gamma-bursts.edf

total=$(du -cb SampleData/* | tail -1 | cut -f1)
echo "SampleData: $total bytes in total"
if [ "$total" -ge 3000000 ]; then
    echo "SampleData exceeds 3 MB" >&2
    exit 1
fi
