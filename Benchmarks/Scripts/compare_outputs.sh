#!/usr/bin/env bash
# Byte-for-byte comparison of `psd`, `bandpower` and `fit` (and `detect`) between two eegscope
# binaries, on SampleData and the shared EEG set. Used to check that a refactor keeps output
# bytes. Usage: compare_outputs.sh OLD_BINARY NEW_BINARY [SHARED_DIR]
# Prints one line per differing output and a final count; exit 1 when anything differs.
set -u
old=$1; new=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${3:-$root/../shared/data/eeg}
[ -d "$shared" ] || shared=/work/shared/data/eeg
files=("$root"/SampleData/*.edf)
for f in biosemi/Newtest17-256.bdf eegmat/Subject00_1.edf eegmmidb/S001R01.edf \
    sleep-edf/short_psg.edf edge-cases/Discontinuous1.edf edge-cases/test_generator.bdf \
    nihon-kohden/scalp_test.edf xltek/subsecond_starttime.edf ieeg/ieeg_ecog_test.edf; do
    [ -f "$shared/$f" ] && files+=("$shared/$f")
done
work=$(mktemp -d)
differ=0; total=0
run() {  # run NAME ARGS... : same arguments to both binaries, compare stdout, stderr, status
    local name=$1; shift
    "$old" "$@" >"$work/old.out" 2>"$work/old.err"; local so=$?
    "$new" "$@" >"$work/new.out" 2>"$work/new.err"; local sn=$?
    total=$((total + 1))
    if [ $so -ne $sn ] || ! cmp -s "$work/old.out" "$work/new.out" \
        || ! cmp -s "$work/old.err" "$work/new.err"; then
        differ=$((differ + 1))
        echo "DIFF $name (status $so vs $sn)"
        diff <(head -c 2000 "$work/old.out") <(head -c 2000 "$work/new.out") | head -5
        diff "$work/old.err" "$work/new.err" | head -3
    fi
}
for f in "${files[@]}"; do
    b=$(basename "$f")
    run "psd $b" psd "$f"
    run "psd json $b" psd "$f" --format json
    run "psd segment 4 $b" psd "$f" --segment 4 --format json
    run "bandpower $b" bandpower "$f"
    run "bandpower json $b" bandpower "$f" --format json
    run "fit $b" fit "$f"
    run "fit json $b" fit "$f" --format json
done
for f in "$root"/SampleData/*.edf; do
    b=$(basename "$f")
    run "detect gamma $b" detect "$f" --rhythm gamma
    run "detect delta3 $b" detect "$f" --rhythm delta3
done
rm -rf "$work"
echo "$differ of $total outputs differ"
[ $differ -eq 0 ]
