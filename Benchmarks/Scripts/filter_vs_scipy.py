#!/usr/bin/env python3
"""SciPy/MNE side of the filtering benchmark (see compare_filtering.sh).

Zero-phase 2-4 Hz band-pass + Hilbert envelope on 64 channels x 10 min x 256 Hz:
  * scipy.signal.sosfiltfilt(butter(4, [2, 4], 'bandpass', fs=256, output='sos')) + |hilbert|
  * mne.filter.filter_data(l_freq=2, h_freq=4) (default FIR, n_jobs=1) + |hilbert|
Usage:
  filter_vs_scipy.py --write-data PATH   write the shared input (64 x 153600 float64, LE)
  filter_vs_scipy.py --data PATH         time both pipelines on that input; print JSON rows
"""
import argparse
import json
import sys
import time

import numpy as np
from scipy import signal

CHANNELS, RATE, SECONDS = 64, 256.0, 600


def make_data():
    rng = np.random.default_rng(7)
    count = int(RATE * SECONDS)
    white = rng.standard_normal((CHANNELS, count))
    # A little 1/f colour and a 3 Hz rhythm so the band-pass has something to pass.
    spectrum = np.fft.rfft(white, axis=-1)
    frequencies = np.fft.rfftfreq(count, 1 / RATE)
    spectrum[:, 1:] /= np.sqrt(frequencies[1:])
    spectrum[:, 0] = 0
    data = np.fft.irfft(spectrum, n=count, axis=-1)
    data /= data.std(axis=-1, keepdims=True)
    t = np.arange(count) / RATE
    return data + 0.5 * np.sin(2 * np.pi * 3 * t)


def median_time(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-data")
    parser.add_argument("--data")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.write_data:
        make_data().astype("<f8").tofile(args.write_data)
        return
    count = int(RATE * SECONDS)
    if args.data:
        data = np.fromfile(args.data, dtype="<f8").reshape(CHANNELS, count)
    else:
        data = make_data()
    sos = signal.butter(4, [2, 4], btype="bandpass", fs=RATE, output="sos")
    rows = []
    seconds = median_time(
        lambda: np.abs(signal.hilbert(signal.sosfiltfilt(sos, data, axis=-1), axis=-1)),
        args.runs)
    rows.append({"name": "IIR Butterworth 4 sosfiltfilt + envelope (SciPy)",
                 "seconds_per_op": seconds})
    try:
        import mne
        seconds = median_time(
            lambda: np.abs(signal.hilbert(
                mne.filter.filter_data(data, RATE, 2.0, 4.0, n_jobs=None, verbose=False),
                axis=-1)),
            args.runs)
        rows.append({"name": "FIR MNE default + envelope (MNE filter_data)",
                     "seconds_per_op": seconds})
    except ImportError:
        pass
    versions = {"numpy": np.__version__, "scipy": __import__("scipy").__version__}
    json.dump({"versions": versions, "rows": rows}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
