#!/usr/bin/env python3
"""Reference values for the EEGDSP spectral tests (windows, DPSS, PSD estimators, Simpson).

Run from anywhere:  python3 Tests/EEGDSPTests/Fixtures/make_spectral_fixtures.py
Writes spectral_*.json beside this script. Every input array is stored in the JSON, so the
Swift tests never depend on NumPy's random generator; every parameter is recorded with the
library versions that produced the expected values.
"""
import json
import os
import platform

import mne
import numpy as np
import scipy
from mne.time_frequency import psd_array_multitaper
from scipy import integrate, signal
from scipy.signal import windows as scipy_windows

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "mne": mne.__version__}


def floats(values):
    return [float(v) for v in np.asarray(values, dtype=float).ravel()]


def write(name, payload):
    payload = {"generator": "make_spectral_fixtures.py", "versions": VERSIONS, **payload}
    path = os.path.join(HERE, name)
    with open(path, "w") as handle:
        json.dump(payload, handle, separators=(",", ":"))
    size = os.path.getsize(path)
    assert size < 200_000, f"{name} is {size} bytes"
    print(f"{name}: {size} bytes")


def noise(seed, count):
    return np.random.default_rng(seed).standard_normal(count)


def sine_plus_noise(seed, count, rate, frequency, amplitude, noise_level):
    time = np.arange(count) / rate
    return amplitude * np.sin(2 * np.pi * frequency * time + 0.3) \
        + noise_level * noise(seed, count)


def scipy_window_spec(name, alpha):
    return ("tukey", alpha) if name == "tukey" else name


# MARK: - Windows

def make_windows():
    cases = []
    for name, alpha in [("boxcar", None), ("hann", None), ("hamming", None),
                        ("blackman", None), ("tukey", 0.25), ("tukey", 0.5), ("tukey", 0.0),
                        ("tukey", 1.0)]:
        for count in [1, 2, 7, 16, 33]:
            for periodic in [True, False]:
                values = signal.get_window(scipy_window_spec(name, alpha), count,
                                           fftbins=periodic)
                cases.append({"window": name, "alpha": alpha, "count": count,
                              "periodic": periodic, "values": floats(values)})
    write("spectral_windows.json", {"function": "scipy.signal.get_window", "cases": cases})


# MARK: - DPSS

def make_dpss():
    cases = []
    for count, nw, kmax, sym, norm in [(64, 2.5, 5, True, 2), (65, 4.0, 8, False, 2),
                                       (128, 3.0, 6, True, "approximate"),
                                       (100, 3.0, 4, False, "subsample"),
                                       (33, 1.5, 3, True, 2), (200, 4.0, 7, False, 2),
                                       (2, 0.5, 1, True, 2)]:
        tapers, ratios = scipy_windows.dpss(count, nw, kmax, sym=sym, norm=norm,
                                            return_ratios=True)
        cases.append({"count": count, "nw": nw, "kmax": kmax, "sym": sym, "norm": str(norm),
                      "tapers": [floats(t) for t in np.atleast_2d(tapers)],
                      "ratios": floats(ratios)})
    write("spectral_dpss.json", {"function": "scipy.signal.windows.dpss(return_ratios=True)",
                                 "cases": cases})


# MARK: - Welch

def welch_case(x, rate, window, alpha, nperseg, overlap, detrend, average, scaling,
               nfft=None):
    noverlap = int(np.floor(overlap * nperseg))
    freqs, psd = signal.welch(x, fs=rate, window=scipy_window_spec(window, alpha),
                              nperseg=nperseg, noverlap=noverlap, nfft=nfft,
                              detrend=False if detrend == "none" else detrend,
                              average=average, scaling=scaling)
    return {"window": window, "alpha": alpha, "nperseg": nperseg, "overlap": overlap,
            "noverlap": noverlap, "detrend": detrend, "average": average,
            "scaling": scaling, "nfft": nfft, "frequencies": floats(freqs),
            "psd": floats(psd)}


def make_welch():
    odd = noise(11, 1001)
    rate = 123.0
    cases = []
    for window, alpha in [("boxcar", None), ("hann", None), ("hamming", None),
                          ("blackman", None), ("tukey", 0.25)]:
        for detrend in ["none", "constant", "linear"]:
            for average in ["mean", "median"]:
                for scaling in ["density", "spectrum"]:
                    cases.append(welch_case(odd, rate, window, alpha, 64, 0.5, detrend,
                                            average, scaling))
    for overlap in [0.0, 0.25, 0.75]:
        cases.append(welch_case(odd, rate, "hann", None, 64, overlap, "constant", "mean",
                                "density"))
    cases.append(welch_case(odd, rate, "hann", None, 63, 0.5, "linear", "median", "density"))
    cases.append(welch_case(odd, rate, "hamming", None, 63, 0.5, "constant", "mean",
                            "density", nfft=100))
    # Median over an even number of segments (1001 samples, 100-sample segments, no overlap).
    cases.append(welch_case(odd, rate, "hann", None, 100, 0.0, "constant", "median",
                            "density"))
    even_rate = 256.0
    even = sine_plus_noise(12, 1000, even_rate, 10.0, 2.0, 0.5)
    even_cases = [welch_case(even, even_rate, "hann", None, 512, 0.5, "constant", "mean",
                             "density"),
                  welch_case(even, even_rate, "hann", None, 128, 0.5, "constant", "mean",
                             "density")]
    write("spectral_welch.json", {
        "function": "scipy.signal.welch",
        "odd": {"sample_rate": rate, "samples": floats(odd), "cases": cases},
        "even": {"sample_rate": even_rate, "samples": floats(even), "cases": even_cases}})


# MARK: - Periodogram and spectrogram

def make_periodogram():
    rate = 123.0
    inputs = {"odd": noise(21, 257), "even": sine_plus_noise(22, 256, rate, 17.0, 1.5, 0.4)}
    cases = []
    for key, x in inputs.items():
        for window in ["boxcar", "hann"]:
            for detrend in ["none", "constant", "linear"]:
                for scaling in ["density", "spectrum"]:
                    # Zero-padding is checked on one combination per input to stay small.
                    pads = [None, 300] if (window, detrend) == ("hann", "linear") else [None]
                    for nfft in pads:
                        freqs, psd = signal.periodogram(
                            x, fs=rate, window=window, nfft=nfft,
                            detrend=False if detrend == "none" else detrend, scaling=scaling)
                        cases.append({"input": key, "window": window, "detrend": detrend,
                                      "scaling": scaling, "nfft": nfft,
                                      "frequencies": floats(freqs), "psd": floats(psd)})
    write("spectral_periodogram.json", {
        "function": "scipy.signal.periodogram", "sample_rate": rate,
        "inputs": {key: floats(value) for key, value in inputs.items()}, "cases": cases})


def make_spectrogram():
    rate = 123.0
    x = sine_plus_noise(31, 1500, rate, 20.0, 1.0, 0.5)
    cases = []
    freqs, times, power = signal.spectrogram(x, fs=rate)
    cases.append({"description": "defaults", "window": "tukey", "alpha": 0.25,
                  "nperseg": 256, "overlap": 0.125, "detrend": "constant",
                  "scaling": "density", "frequencies": floats(freqs), "times": floats(times),
                  "power": [floats(power[:, i]) for i in range(power.shape[1])]})
    freqs, times, power = signal.spectrogram(x, fs=rate, window="hann", nperseg=101,
                                             noverlap=50, detrend="linear",
                                             scaling="spectrum")
    cases.append({"description": "hann 101 half overlap linear spectrum", "window": "hann",
                  "alpha": None, "nperseg": 101, "overlap": 0.5, "detrend": "linear",
                  "scaling": "spectrum", "frequencies": floats(freqs), "times": floats(times),
                  "power": [floats(power[:, i]) for i in range(power.shape[1])]})
    write("spectral_spectrogram.json", {"function": "scipy.signal.spectrogram",
                                        "sample_rate": rate, "samples": floats(x),
                                        "cases": cases})


# MARK: - Multitaper

def make_multitaper():
    rate = 123.0
    inputs = {"even": sine_plus_noise(41, 500, rate, 11.0, 1.0, 0.7),
              "odd": noise(42, 499)}
    cases = []
    for key, x in inputs.items():
        for bandwidth, adaptive, low_bias in [(None, False, True), (None, True, True),
                                              (2.0, False, False), (2.0, True, True)]:
            result = {}
            for normalization in ["length", "full"]:
                psd, freqs = psd_array_multitaper(x, rate, bandwidth=bandwidth,
                                                  adaptive=adaptive, low_bias=low_bias,
                                                  normalization=normalization,
                                                  verbose=False)
                result[normalization] = floats(psd)
            cases.append({"input": key, "bandwidth": bandwidth,
                          "half_bandwidth": None if bandwidth is None else bandwidth / 2,
                          "adaptive": adaptive, "low_bias": low_bias,
                          "frequencies": floats(freqs), "psd_length": result["length"],
                          "psd_full": result["full"]})
    write("spectral_multitaper.json", {
        "function": "mne.time_frequency.psd_array_multitaper", "sample_rate": rate,
        "inputs": {key: floats(value) for key, value in inputs.items()}, "cases": cases})


# MARK: - Integration and band power

def make_integration():
    rng_values = noise(51, 12)
    cases = []
    for count in [1, 2, 3, 4, 5, 6, 11, 12]:
        y = rng_values[:count] ** 2
        cases.append({"values": floats(y), "dx": 0.25,
                      "simpson": float(integrate.simpson(y, dx=0.25)),
                      "trapezoid": float(integrate.trapezoid(y, dx=0.25))})
    # Band power of a Welch PSD, closed band masks, union of bands as the relative base.
    rate = 256.0
    x = sine_plus_noise(52, 2560, rate, 10.0, 3.0, 1.0)
    freqs, psd = signal.welch(x, fs=rate, window="hann", nperseg=512, noverlap=256)
    resolution = freqs[1] - freqs[0]
    bands = [("delta", 1, 4), ("theta", 4, 8), ("alpha", 8, 13), ("beta", 13, 30),
             ("gamma", 30, 80), ("low", 2, 6)]

    def band_integral(low, high, rule):
        mask = (freqs >= low) & (freqs <= high)
        if rule == "simpson":
            return float(integrate.simpson(psd[mask], dx=resolution))
        return float(integrate.trapezoid(psd[mask], dx=resolution))

    band_results = {}
    for rule in ["simpson", "trapezoid"]:
        total = band_integral(1, 80, rule)  # the union of the bands above is [1, 80]
        band_results[rule] = [{"name": n, "low": lo, "high": hi,
                               "absolute": band_integral(lo, hi, rule),
                               "relative": band_integral(lo, hi, rule) / total}
                              for n, lo, hi in bands]
    write("spectral_integration.json", {
        "function": "scipy.integrate.simpson / trapezoid (dx form)", "cases": cases,
        "bandpower": {"sample_rate": rate, "samples": floats(x), "nperseg": 512,
                      "overlap": 0.5, "union": [1, 80], "results": band_results}})


if __name__ == "__main__":
    make_windows()
    make_dpss()
    make_welch()
    make_periodogram()
    make_spectrogram()
    make_multitaper()
    make_integration()
