#!/usr/bin/env bash
# How visible is a posteromedial source? (docs/spatial.md) Prints two Markdown tables:
# 1. scalp amplitude of a 10 nAm dipole (eegscope headmodel) at Pz, POz, CPz, Oz, Fz on the
#    22-channel scenario montage, reference at infinity, average reference and CSD;
# 2. amplitude and delta3 detection F1 against dipole moment (synth --scenario dipole, detect,
#    score; scripts/spatial/detection_vs_moment.py, a few minutes with the release build).
# Usage: scripts/spatial/amplitude-table.sh [BIN] [extra detection_vs_moment.py flags]
set -euo pipefail
BIN=${1:-.build/release/eegscope}
[ -x "$BIN" ] || BIN=.build/debug/eegscope
shift || true
CHANNELS=Fp1,Fp2,F7,F3,Fz,F4,F8,T7,C3,Cz,C4,T8,CPz,P7,P3,Pz,P4,P8,POz,O1,Oz,O2
run() { "$BIN" headmodel --source "$1" --moment-nam 10 --channels "$CHANNELS" --sphere "$3" ${2:+--reference "$2"}; }
echo "| sphere | source (10 nAm, radial) | reference | unit | Pz | POz | CPz | Oz | Fz |"
echo "|---|---|---|---|---|---|---|---|---|"
for spec in mne:posteromedial fitted:posteromedial fitted:frontal-midline fitted:occipital fitted:temporal; do
  sphere=${spec%%:*}; source=${spec#*:}
  for ref in "" average csd; do
    run "$source" "$ref" "$sphere" | python3 -c '
import json, sys
d = json.load(sys.stdin)
v = {c["name"]: c["potential_uv"] for c in d["channels"]}
src, ref, sphere = sys.argv[1], sys.argv[2] or "infinity", sys.argv[3]
unit = "uV/m^2" if ref == "csd" else "uV"
fmt = (lambda x: f"{x:.0f}") if ref == "csd" else (lambda x: f"{x:.3f}")
print(f"| {sphere} | {src} | {ref} | {unit} | " + " | ".join(fmt(v[n]) for n in ["Pz", "POz", "CPz", "Oz", "Fz"]) + " |")
' "$source" "$ref" "$sphere"
  done
done
echo
python3 "$(dirname "$0")/detection_vs_moment.py" "$BIN" "$@"
