#!/usr/bin/env python3
"""Reference fixtures for EEGDSP's Filtering/ and TimeFrequency/ code.

Run from this folder:  python3 make_filter_fixtures.py
Writes filter_*.json. Every input array is stored in the fixture (the Swift tests never
reproduce NumPy's RNG); library versions and all parameters are recorded.
"""
import json
import math

import mne
import numpy as np
import scipy
from scipy import signal

RNG = np.random.default_rng(20261127)
VERSIONS = {"numpy": np.__version__, "scipy": scipy.__version__, "mne": mne.__version__}


def test_input(count, rate, tones=((3.0, 1.0), (11.0, 0.5), (50.0, 0.3))):
    """Gaussian noise plus a few tones and an offset, rounded to 6 decimals."""
    t = np.arange(count) / rate
    x = RNG.standard_normal(count) + 2.5
    for frequency, amplitude in tones:
        if frequency < rate / 2:
            x = x + amplitude * np.sin(2 * np.pi * frequency * t + 0.3)
    return np.round(x, 6)


def listed(array):
    return [float(v) for v in np.asarray(array, dtype=float).ravel()]


def write(name, payload):
    payload = {"generator": "make_filter_fixtures.py", "versions": VERSIONS, **payload}
    with open(name, "w") as handle:
        json.dump(payload, handle, separators=(",", ":"))
    print(name)


# MARK: - IIR (butter / sosfilt / sosfilt_zi / sosfiltfilt, iirnotch)

def iir_fixture():
    designs = [
        # order, btype, edges (Hz), rate (Hz), length
        (4, "bandpass", [2.0, 4.0], 256.0, 600),
        (2, "lowpass", [30.0], 123.0, 257),
        (3, "highpass", [1.0], 123.0, 300),
        (5, "bandstop", [45.0, 55.0], 256.0, 401),
        (1, "lowpass", [10.0], 100.0, 64),
        (6, "bandpass", [8.0, 13.0], 500.0, 512),
        (7, "lowpass", [40.0], 256.0, 333),
        (2, "bandpass", [30.0, 45.0], 123.0, 246),
    ]
    cases = []
    for order, btype, edges, rate, count in designs:
        x = test_input(count, rate)
        wn = edges[0] if len(edges) == 1 else edges
        sos = signal.butter(order, wn, btype=btype, fs=rate, output="sos")
        zi = signal.sosfilt_zi(sos)
        with_state, _ = signal.sosfilt(sos, x, zi=zi * x[0])
        cases.append({
            "order": order, "btype": btype, "edges_hz": edges, "sampling_rate_hz": rate,
            "x": listed(x), "sos": sos.tolist(), "sosfilt_zi": zi.tolist(),
            "sosfilt": listed(signal.sosfilt(sos, x)),
            "sosfilt_with_zi": listed(with_state),
            "sosfiltfilt": listed(signal.sosfiltfilt(sos, x)),
        })
    notches = []
    for frequency, quality, rate, harmonics, count in [
        (50.0, 30.0, 256.0, 1, 300), (60.0, 20.0, 500.0, 3, 401), (50.0, 35.0, 123.0, 2, 250),
    ]:
        x = test_input(count, rate, tones=((3.0, 1.0), (frequency, 2.0)))
        rows = []
        for multiple in range(1, harmonics + 1):
            if multiple > 1 and frequency * multiple >= rate / 2:
                break
            b, a = signal.iirnotch(frequency * multiple, quality, fs=rate)
            rows.append(np.concatenate([b, a]))
        sos = np.vstack(rows)
        notches.append({
            "frequency_hz": frequency, "quality_factor": quality, "sampling_rate_hz": rate,
            "harmonic_count": harmonics, "x": listed(x), "sos": sos.tolist(),
            "sosfilt": listed(signal.sosfilt(sos, x)),
            "sosfiltfilt": listed(signal.sosfiltfilt(sos, x)),
            "filtfilt_single": listed(signal.filtfilt(rows[0][:3], rows[0][3:], x)),
        })
    write("filter_butterworth.json", {
        "description": "scipy.signal.butter(N, Wn, btype, fs=, output='sos'), sosfilt (zi=None "
                       "and zi=sosfilt_zi*x[0]), sosfiltfilt with default padding",
        "cases": cases})
    write("filter_notch.json", {
        "description": "scipy.signal.iirnotch(f*k, Q, fs) rows stacked for k=1..harmonics "
                       "(below Nyquist); sosfilt and sosfiltfilt of the stack; filtfilt(b, a) "
                       "of the base notch alone",
        "cases": notches})


# MARK: - Analytic signal (hilbert)

def hilbert_fixture():
    cases = []
    for count, rate in [(1, 100.0), (2, 100.0), (7, 123.0), (64, 256.0), (127, 123.0),
                        (128, 256.0), (255, 500.0), (600, 256.0)]:
        t = np.arange(count) / rate
        x = np.round(RNG.standard_normal(count) + 3 * np.cos(2 * np.pi * 10 * t), 6)
        z = signal.hilbert(x)
        phase = np.angle(z)
        inst = np.diff(np.unwrap(phase)) / (2 * np.pi) * rate
        cases.append({
            "sampling_rate_hz": rate, "x": listed(x), "real": listed(z.real),
            "imag": listed(z.imag), "envelope": listed(np.abs(z)), "phase": listed(phase),
            "instantaneous_frequency_hz": listed(inst)})
    write("filter_hilbert.json", {
        "description": "scipy.signal.hilbert(x); envelope np.abs; phase np.angle; "
                       "instantaneous frequency np.diff(np.unwrap(phase))/(2 pi)*fs",
        "cases": cases})


# MARK: - FIR (firwin; MNE create_filter / filter_data)

def firwin_fixture():
    designs = [
        # taps, edges (Hz), pass_zero, window, rate, scale
        (31, [10.0], "lowpass", "hamming", 100.0, True),
        (51, [5.0], "highpass", "hann", 123.0, True),
        (101, [8.0, 13.0], "bandpass", "blackman", 256.0, True),
        (65, [45.0, 55.0], "bandstop", ["kaiser", 6.0], 256.0, True),
        (40, [30.0], "lowpass", "boxcar", 256.0, True),
        (81, [1.0, 30.0], "bandpass", "hamming", 123.0, False),
        (1, [20.0], "lowpass", "hamming", 100.0, True),
        (200, [2.0, 4.0], "bandpass", "hamming", 256.0, True),
    ]
    cases = []
    for taps, edges, pass_zero, window, rate, scale in designs:
        win = tuple(window) if isinstance(window, list) else window
        cutoff = edges[0] if len(edges) == 1 else edges
        h = signal.firwin(taps, cutoff, window=win, pass_zero=pass_zero, scale=scale, fs=rate)
        cases.append({"taps": taps, "edges_hz": edges, "btype": pass_zero, "window": window,
                      "sampling_rate_hz": rate, "scale": scale, "h": listed(h)})
    write("filter_firwin.json", {
        "description": "scipy.signal.firwin(taps, cutoff, window=, pass_zero=btype, scale=, fs=)",
        "cases": cases})


def mne_fixture():
    designs = [
        # btype, edges, rate, window, low transition, high transition, length, signal length
        ("bandpass", [2.0, 4.0], 256.0, "hamming", "auto", "auto", "auto", 900),
        ("bandpass", [1.0, 40.0], 123.0, "hann", "auto", "auto", "auto", 700),
        ("lowpass", [30.0], 500.0, "blackman", None, "auto", "auto", 601),
        ("highpass", [1.0], 256.0, "hamming", "auto", None, "auto", 300),
        ("bandstop", [48.0, 52.0], 256.0, "hamming", 1.0, 1.0, "auto", 800),
        ("bandpass", [8.0, 13.0], 256.0, "hamming", 2.0, 3.0, "2s", 511),
        ("highpass", [0.5], 100.0, "hann", "auto", None, "auto", 400),
        ("lowpass", [45.0], 123.0, "hamming", None, "auto", "auto", 257),
    ]
    cases = []
    for btype, edges, rate, window, low_tr, high_tr, length, count in designs:
        x = test_input(count, rate)
        if btype == "bandpass":
            l_freq, h_freq, l_trans, h_trans = edges[0], edges[1], low_tr, high_tr
        elif btype == "lowpass":
            l_freq, h_freq, l_trans, h_trans = None, edges[0], "auto", high_tr
        elif btype == "highpass":
            l_freq, h_freq, l_trans, h_trans = edges[0], None, low_tr, "auto"
        else:  # band-stop: MNE's l_freq > h_freq form; its h_trans is the lower edge's width
            l_freq, h_freq, l_trans, h_trans = edges[1], edges[0], high_tr, low_tr
        kwargs = dict(filter_length=length, l_trans_bandwidth=l_trans, h_trans_bandwidth=h_trans,
                      fir_window=window, fir_design="firwin", phase="zero", verbose=False)
        h = mne.filter.create_filter(x, rate, l_freq, h_freq, **kwargs)
        y = mne.filter.filter_data(x[np.newaxis], rate, l_freq, h_freq, **kwargs)[0]
        cases.append({
            "btype": btype, "edges_hz": edges, "sampling_rate_hz": rate, "window": window,
            "low_transition_hz": low_tr, "high_transition_hz": high_tr, "length": length,
            "mne_call": {"l_freq": l_freq, "h_freq": h_freq, "l_trans_bandwidth": l_trans,
                         "h_trans_bandwidth": h_trans},
            "x": listed(x), "h": listed(h), "filter_data": listed(y),
            "lfilter": listed(signal.lfilter(h, 1.0, x))})
    for part, chunk in enumerate((cases[:4], cases[4:]), start=1):
        write(f"filter_mne_fir_{part}.json", {
            "description": "mne.filter.create_filter and filter_data (method='fir', "
                           "phase='zero', fir_design='firwin', pad='reflect_limited'); "
                           "lfilter(h, 1, x) causal",
            "cases": chunk})


# MARK: - Resampling (resample_poly) and Morlet power (tfr_array_morlet)

def resample_fixture():
    cases = []
    for up, down, count, rate in [(1, 2, 301, 256.0), (2, 1, 150, 128.0), (25, 64, 640, 256.0),
                                  (256, 123, 123, 123.0), (3, 5, 257, 500.0), (4, 6, 100, 250.0),
                                  (7, 7, 20, 100.0), (1, 3, 5, 300.0)]:
        x = test_input(count, rate)
        y = signal.resample_poly(x, up, down)
        cases.append({"up": up, "down": down, "sampling_rate_hz": rate, "x": listed(x),
                      "y": listed(y)})
    write("filter_resample.json", {
        "description": "scipy.signal.resample_poly(x, up, down) with default window "
                       "('kaiser', 5.0) and padtype='constant'",
        "cases": cases})


def morlet_fixture():
    cases = []
    for rate, count, freqs, cycles, zero_mean in [
        (256.0, 700, [3.0, 4.0, 5.0], 3.0, True),
        (123.0, 301, [5.0, 10.0, 20.0, 40.0], [3.0, 5.0, 7.0, 9.0], True),
        (500.0, 400, [30.0, 45.0, 60.0], 5.0, False),
        (100.0, 255, [8.0, 12.0], 4.0, True),
    ]:
        x = test_input(count, rate)
        power = mne.time_frequency.tfr_array_morlet(
            x[np.newaxis, np.newaxis], rate, np.array(freqs), n_cycles=cycles,
            zero_mean=zero_mean, use_fft=True, output="power", verbose=False)[0, 0]
        wavelets = mne.time_frequency.morlet(rate, freqs, n_cycles=cycles, zero_mean=zero_mean)
        cases.append({"sampling_rate_hz": rate, "frequencies_hz": freqs, "n_cycles": cycles,
                      "zero_mean": zero_mean, "x": listed(x),
                      "power": [listed(row) for row in power],
                      "wavelet_lengths": [int(w.size) for w in wavelets],
                      "first_wavelet_real": listed(wavelets[0].real),
                      "first_wavelet_imag": listed(wavelets[0].imag)})
    write("filter_morlet.json", {
        "description": "mne.time_frequency.tfr_array_morlet(data, sfreq, freqs, n_cycles, "
                       "zero_mean, use_fft=True, output='power'); morlet() wavelets",
        "cases": cases})


def mne_notch_fixture():
    cases = []
    for frequency, rate, count in [(50.0, 256.0, 800), (60.0, 500.0, 1201)]:
        x = test_input(count, rate, tones=((10.0, 1.0), (frequency, 3.0)))
        y = mne.filter.notch_filter(x, rate, frequency, method="fir", verbose=False)
        cases.append({"frequency_hz": frequency, "sampling_rate_hz": rate, "x": listed(x),
                      "notch_filter": listed(y)})
    write("filter_mne_notch.json", {
        "description": "mne.filter.notch_filter(x, sfreq, freq, method='fir') defaults "
                       "(notch width freq/200, trans_bandwidth 1, hamming, firwin, zero phase)",
        "cases": cases})


if __name__ == "__main__":
    iir_fixture()
    hilbert_fixture()
    firwin_fixture()
    mne_fixture()
    resample_fixture()
    morlet_fixture()
    mne_notch_fixture()
