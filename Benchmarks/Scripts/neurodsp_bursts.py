#!/usr/bin/env python3
"""Times NeuroDSP's detect_bursts_dual_threshold over every data channel of an EDF file, the
reference for `eegscope detect` in detect_vs_neurodsp.sh.

    python3 Benchmarks/Scripts/neurodsp_bursts.py FILE.edf LOW HIGH

Reads the file with MNE (not timed), then times one detect_bursts_dual_threshold call per
channel with NeuroDSP's defaults (dual_thresh=(1, 2), min_n_cycles=3, FIR band-pass of
f_range=(LOW, HIGH), amplitude envelope) and prints `seconds channels bursts` on one line.
"""
import sys
import time

import mne
import neurodsp
from neurodsp.burst import detect_bursts_dual_threshold


def main():
    path, low, high = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    data = raw.get_data()
    fs = raw.info["sfreq"]
    start = time.perf_counter()
    bursts = 0
    for channel in data:
        bursts += int(detect_bursts_dual_threshold(
            channel, fs, dual_thresh=(1, 2), f_range=(low, high)).sum())
    seconds = time.perf_counter() - start
    print(f"{seconds:.3f} {len(data)} {bursts} neurodsp={neurodsp.__version__}")


if __name__ == "__main__":
    main()
