#!/usr/bin/env python3
"""The Python references of compare.sh, each run as its own process so that
`/usr/bin/time -v` sees its whole cost (interpreter start, imports, reading, computing).

    reference_pipelines.py mne-bandpower FILE.edf
        MNE: read_raw_edf(preload=True) + psd_array_welch (SciPy-equivalent settings: 2 s
        periodic Hann, 50 % overlap, constant detrend, mean, density) + Simpson integration
        of the five standard bands; prints CSV channel,band,absolute,relative (in uV^2).
    reference_pipelines.py scipy-welch FILE.edf [--runs N]
        Reads FILE into memory once, then times scipy.signal.welch(data, fs, nperseg=2 s)
        N times; prints JSON {"seconds_per_op": median, "size": samples per channel, ...}.
"""
import argparse
import json
import sys
import time

import numpy as np

BANDS = [("delta", 1, 4), ("theta", 4, 8), ("alpha", 8, 13), ("beta", 13, 30),
         ("gamma", 30, 80)]


def integrate(psd, freqs, low, high):
    from scipy.integrate import simpson
    mask = (freqs >= low) & (freqs <= high)
    return simpson(psd[..., mask], dx=freqs[1] - freqs[0], axis=-1)


def mne_bandpower(path):
    import mne
    from mne.time_frequency import psd_array_welch
    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    data = raw.get_data(units="uV")
    rate = raw.info["sfreq"]
    length = int(round(2 * rate))
    psd, freqs = psd_array_welch(
        data, rate, fmin=0, fmax=np.inf, n_fft=length, n_per_seg=length,
        n_overlap=length // 2, window="hann", average="mean", verbose="error")
    total = integrate(psd, freqs, 1, 80)
    lines = ["channel,band,absolute,relative"]
    for index, name in enumerate(raw.ch_names):
        for band, low, high in BANDS:
            value = float(integrate(psd[index], freqs, low, high))
            lines.append(f"{name},{band},{value!r},{value / float(total[index])!r}")
    sys.stdout.write("\n".join(lines) + "\n")


def scipy_welch(path, runs):
    import mne
    import scipy
    from scipy import signal
    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    data = np.ascontiguousarray(raw.get_data(units="uV"))
    rate = raw.info["sfreq"]
    length = int(round(2 * rate))
    signal.welch(data, rate, nperseg=length)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        signal.welch(data, rate, nperseg=length)
        times.append(time.perf_counter() - start)
    json.dump({"name": "scipy.signal.welch", "size": data.shape[1],
               "channels": data.shape[0], "seconds_per_op": float(np.median(times)),
               "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                            "mne": mne.__version__}}, sys.stdout)
    print()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["mne-bandpower", "scipy-welch"])
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.mode == "mne-bandpower":
        mne_bandpower(args.file)
    else:
        scipy_welch(args.file, args.runs)


if __name__ == "__main__":
    main()
