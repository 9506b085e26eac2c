#!/usr/bin/env bash
# Builds the EDF/BDF parser fuzzer with libFuzzer + AddressSanitizer and runs it.
#
#   scripts/fuzz/run.sh [SECONDS]        # default 600 s; output in .build-fuzz/
#
# The parser sources are compiled as one module with the fuzz harness; `import EEGCore` lines
# are dropped because the only things they need from EEGCore are the unit typealiases, which
# are compiled in from Sources/EEGCore/Units.swift. The seed corpus is generated from the small
# files of ../shared/data/eeg (when present) cut to 16 KiB, plus files made by `make_seeds.py`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-600}"
work="$root/.build-fuzz"
mkdir -p "$work/src" "$work/corpus" "$work/crashes"
for file in EDFError EDFHeader EDFSignalHeader EDFIdentification EDFAnnotationList \
    EDFDecoding RecordingFormat; do
    grep -v '^import EEGCore' "$root/Sources/EEGFileIO/$file.swift" > "$work/src/$file.swift"
done
cp "$root/Sources/EEGCore/Units.swift" "$work/src/Units.swift"
cp "$root/scripts/fuzz/FuzzEDF.swift" "$work/src/FuzzEDF.swift"
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name EDFFuzz \
    "$work"/src/*.swift -o "$work/fuzz-edf"
python3 "$root/scripts/fuzz/make_seeds.py" "$work/corpus"
cd "$work"
exec "$work/fuzz-edf" -max_total_time="$seconds" -max_len=20000 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/corpus"
