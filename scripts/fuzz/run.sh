#!/usr/bin/env bash
# Builds the EDF/BDF parser fuzzer with libFuzzer + AddressSanitizer and runs it.
#
#   scripts/fuzz/run.sh [SECONDS] [parser|reader]   # default 600 s, parser; in .build-fuzz/
#
# `parser` (FuzzEDF.swift) feeds inputs straight to the header parser, the TAL parser and the
# decoders: the parser sources are compiled as one module with the harness, `import EEGCore`
# dropped and the (dependency-free) EEGCore sources compiled into the same module.
# `reader` (FuzzEDFReader.swift) writes each input to a scratch file and runs EDFReader end to
# end (open, whole read, segments, streaming, spans, RecordingInfo); it compiles all of
# EEGCore and EEGFileIO into one module. The seed corpus is generated from the small
# files of ../shared/data/eeg (when present) cut to 16 KiB, plus files made by `make_seeds.py`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-600}"
mode="${2:-parser}"
work="$root/.build-fuzz/$mode"
rm -rf "$work/src"
mkdir -p "$work/src" "$work/corpus" "$work/crashes"
if [ "$mode" = reader ]; then
    for path in "$root"/Sources/EEGCore/*.swift "$root"/Sources/EEGFileIO/*.swift; do
        grep -v '^import EEGCore' "$path" > "$work/src/$(basename "$path")"
    done
    cp "$root/scripts/fuzz/FuzzEDFReader.swift" "$work/src/FuzzEDFReader.swift"
else
    for file in EDFError EDFHeader EDFSignalHeader EDFIdentification EDFAnnotationList \
        EDFDecoding RecordingFormat; do
        grep -v '^import EEGCore' "$root/Sources/EEGFileIO/$file.swift" > "$work/src/$file.swift"
    done
    # The header check names Signal.supportedSampleRates, so the parser needs EEGCore too.
    cp "$root"/Sources/EEGCore/*.swift "$work/src/"
    cp "$root/scripts/fuzz/FuzzEDF.swift" "$work/src/FuzzEDF.swift"
fi
swiftc -O -parse-as-library -sanitize=fuzzer,address -module-name EDFFuzz \
    "$work"/src/*.swift -o "$work/fuzz-edf"
python3 "$root/scripts/fuzz/make_seeds.py" "$work/corpus"
cd "$work"
"$work/fuzz-edf" -max_total_time="$seconds" -max_len=20000 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/corpus"
rm -f "${TMPDIR:-/tmp}"/eegscope-fuzz-*.edf
