#!/bin/sh
# Side by side in one run (issue 12 acceptance):
#   1. `eegscope detect --rhythm gamma`, `--rhythm delta3` and the whole `batch` (band power,
#      fit, delta3, gamma) vs NeuroDSP's detect_bursts_dual_threshold (gamma 30-80 Hz and
#      delta3 2-4 Hz) over the same 64 channels x 256 Hz x 10 min;
#   2. peak RSS of detect (both rhythms), psd, fit, compare and report at 10 min and 2 h;
#   3. `eegscope bandpower` vs the streaming C floor ../shared/bench/welch_floor.c.
# Inputs are generated (make_large_edf.py: uniform random 16-bit samples, ~20 MB and ~236 MB,
# never committed). Wall-clock seconds are the median of --runs runs.
#
#   Benchmarks/Scripts/detect_vs_neurodsp.sh [--runs N] [--work DIR] [--eegscope BIN]
#
# Needs python3 with numpy, mne and neurodsp, gcc and FFTW. Prints a Markdown table.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=3
work=""
eegscope=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --eegscope) eegscope=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--work DIR] [--eegscope BIN]" >&2; exit 2 ;;
    esac
done
if [ -z "$work" ]; then work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"
if [ -z "$eegscope" ]; then
    echo "building (release)..." >&2
    swift build -c release --package-path "$root" --product eegscope >/dev/null
    eegscope="$root/.build/release/eegscope"
fi
floor_source="$root/../shared/bench/welch_floor.c"
[ -f "$floor_source" ] || floor_source=/work/shared/bench/welch_floor.c
cc -O2 -march=native -o "$work/welch_floor" "$floor_source" -lfftw3 -lm
short="$work/bench-10min.edf"
long="$work/bench-2h.edf"
[ -f "$short" ] || python3 "$root/Benchmarks/Scripts/make_large_edf.py" "$short" 600 256 >&2
[ -f "$long" ] || python3 "$root/Benchmarks/Scripts/make_large_edf.py" "$long" 7200 256 >&2

# median wall seconds of a command (stdout discarded)
timed() {
    i=0
    : > "$work/times"
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -f "%e" -o "$work/t" "$@" > /dev/null 2>"$work/err" || {
            echo "failed: $*" >&2; cat "$work/err" >&2; return 1; }
        cat "$work/t" >> "$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# peak RSS in MB of one run
rss() {
    /usr/bin/time -f "%M" -o "$work/m" "$@" > /dev/null 2>"$work/err" || {
        echo "failed: $*" >&2; cat "$work/err" >&2; return 1; }
    awk '{printf "%.0f", $1 / 1024}' "$work/m"
}
neurodsp() {  # median seconds of the timed part of neurodsp_bursts.py
    i=0
    : > "$work/times"
    while [ $i -lt "$runs" ]; do
        python3 "$root/Benchmarks/Scripts/neurodsp_bursts.py" "$short" "$1" "$2" \
            | awk '{print $1}' >> "$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

gamma=$(timed "$eegscope" detect "$short" --rhythm gamma)
delta=$(timed "$eegscope" detect "$short" --rhythm delta3)
rm -rf "$work/batch"
batch=$(timed sh -c "rm -rf '$work/batch'; '$eegscope' batch '$short' --output '$work/batch'")
nd_gamma=$(neurodsp 30 80)
nd_delta=$(neurodsp 2 4)
bandpower=$(timed "$eegscope" bandpower "$short")
# whole process, one streaming pass, FFTW_ESTIMATE plans (as eegscope)
floor=$(timed "$work/welch_floor" "$short" --mode stream --reps 1 --estimate)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "| 64 ch x 256 Hz x 10 min | eegscope s | reference s | ratio |"
echo "|---|---|---|---|"
echo "| detect --rhythm gamma vs NeuroDSP gamma | $gamma | $nd_gamma | $(ratio "$gamma" "$nd_gamma") |"
echo "| detect --rhythm delta3 vs NeuroDSP delta3 | $delta | $nd_delta | $(ratio "$delta" "$nd_delta") |"
both=$(awk -v a="$nd_gamma" -v b="$nd_delta" 'BEGIN {print a + b}')
echo "| batch vs NeuroDSP gamma + delta3 | $batch | $both | $(ratio "$batch" "$both") |"
echo "| bandpower vs welch_floor.c | $bandpower | $floor | $(ratio "$bandpower" "$floor") |"
echo
echo "| peak RSS MB | 10 min | 2 h | growth |"
echo "|---|---|---|---|"
for command in "detect --rhythm gamma" "detect --rhythm delta3" "psd" "fit" \
    "compare --rhythm gamma --baseline 0-300 --condition 300-600" "report"; do
    case "$command" in
        report)
            a=$(rss sh -c "rm -rf '$work/r'; '$eegscope' report '$short' --output '$work/r'")
            b=$(rss sh -c "rm -rf '$work/r'; '$eegscope' report '$long' --output '$work/r'") ;;
        *)
            # shellcheck disable=SC2086
            a=$(rss "$eegscope" $command "$short")
            # shellcheck disable=SC2086
            b=$(rss "$eegscope" $command "$long") ;;
    esac
    echo "| $command | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%+.0f %%", 100 * (b - a) / a}') |"
done
