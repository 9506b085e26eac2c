#!/usr/bin/env python3
"""Generate FOOOF (spectral parameterization) reference fixtures for EEGDSPTests.

Writes two JSON files beside this script:

* ``fooof_real.json``: Welch spectra (SciPy) of channels from the real recordings in
  ``../shared/data/eeg`` (read with MNE, in uV), each fitted by ``fooof.FOOOF`` in 'fixed' and
  'knee' mode.
* ``fooof_simulated.json``: spectra from ``fooof.sim.gen_power_spectrum`` with known parameters
  (fixed and knee aperiodic components), each fitted by ``fooof.FOOOF``.

Every case stores its input arrays (frequencies, linear power), the fitting range, every FOOOF
setting, and FOOOF's outputs (aperiodic params, peak params, Gaussian params, r^2, error), so the
Swift tests need neither Python nor the shared data folder. Power values are rounded to 10
significant digits *before* FOOOF sees them, so both sides fit exactly the same numbers.

Usage (from the repository root):
    python3 Tests/EEGDSPTests/Fixtures/make_fooof_fixtures.py [path/to/shared/data/eeg]
"""

import json
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.signal

warnings.filterwarnings("ignore")

import fooof  # noqa: E402
import mne  # noqa: E402
from fooof import FOOOF  # noqa: E402
from fooof.sim.gen import gen_power_spectrum  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    HERE, "..", "..", "..", "..", "shared", "data", "eeg")

DEFAULT_SETTINGS = {
    "peak_width_limits": [0.5, 12.0],
    "max_n_peaks": None,  # None stands for FOOOF's default np.inf
    "min_peak_height": 0.0,
    "peak_threshold": 2.0,
}


def rounded(values):
    return [float(f"{v:.10g}") for v in values]


def fit_fooof(freqs, power, freq_range, mode, settings):
    model = FOOOF(
        peak_width_limits=settings["peak_width_limits"],
        max_n_peaks=np.inf if settings["max_n_peaks"] is None else settings["max_n_peaks"],
        min_peak_height=settings["min_peak_height"],
        peak_threshold=settings["peak_threshold"],
        aperiodic_mode=mode,
        verbose=False,
    )
    model.fit(np.asarray(freqs), np.asarray(power), freq_range)
    ap = [float(v) for v in model.aperiodic_params_]
    return {
        "aperiodic_mode": mode,
        "settings": settings,
        "offset": ap[0],
        "knee": ap[1] if mode == "knee" else None,
        "exponent": ap[-1],
        "peak_params": [[float(v) for v in row] for row in model.peak_params_],
        "gaussian_params": [[float(v) for v in row] for row in model.gaussian_params_],
        "r_squared": float(model.r_squared_),
        "error": float(model.error_),
        "fitted_frequency_range": [float(model.freq_range[0]), float(model.freq_range[1])],
        "n_fitted_bins": int(len(model.freqs)),
    }


def welch(samples, rate):
    segment = int(round(2.0 * rate))
    return scipy.signal.welch(
        samples, fs=rate, window="hann", nperseg=segment, noverlap=segment // 2,
        detrend="constant", scaling="density", average="mean")


REAL_CASES = [
    # (file, channels, fitting range, stored up to Hz)
    ("eegmat/Subject00_1.edf", ["EEG O1", "EEG O2", "EEG Pz", "EEG Fz"], [1, 40], 45),
    ("eegmmidb/S001R01.edf", ["Oz..", "C3..", "Fz..", "Pz.."], [1, 40], 45),
    ("xltek/subsecond_starttime.edf", ["Fp1", "F7", "T3"], [1, 40], 45),
    ("ieeg/ieeg_ecog_test.edf", ["POL G1", "POL G5", "POL G9"], [1, 40], 45),
    ("nihon-kohden/scalp_test.edf", ["EEG O1-Ref", "EEG Pz-Ref", "EEG C3-Ref"], [1, 40], 45),
    ("eegmat/Subject00_1.edf", ["EEG O2"], [2, 30], 35),
    ("eegmmidb/S001R01.edf", ["Oz.."], [3, 55], 60),
]


def make_real():
    cases = []
    for relative, channels, freq_range, stored_max in REAL_CASES:
        raw = mne.io.read_raw_edf(os.path.join(DATA, relative), preload=True, verbose="error")
        rate = float(raw.info["sfreq"])
        for channel in channels:
            samples = raw.get_data(picks=[channel])[0] * 1e6  # volts -> uV (EDF unit)
            freqs, power = welch(samples, rate)
            keep = freqs <= stored_max
            freqs = rounded(freqs[keep])
            power = rounded(power[keep])
            fits = [fit_fooof(freqs, power, freq_range, mode, DEFAULT_SETTINGS)
                    for mode in ("fixed", "knee")]
            cases.append({
                "name": f"{relative}:{channel}:{freq_range[0]}-{freq_range[1]}",
                "source": relative, "channel": channel, "sampling_rate_hz": rate,
                "welch": {"window": "hann", "segment_s": 2.0, "overlap": 0.5,
                          "detrend": "constant", "scaling": "density", "average": "mean"},
                "frequency_range": freq_range,
                "frequencies": freqs, "power": power, "fits": fits,
            })
    return cases


# (name, freq_range, aperiodic params, periodic params [cf, height, gaussian sd], nlv,
#  freq_res, fit ranges, modes, settings overrides)
SIM_CASES = [
    ("fixed-alpha", [1, 40], [1.0, 1.5], [[10, 0.5, 1.5]], 0.005, 0.5, ["fixed"], {}),
    ("fixed-three-peaks", [1, 50], [0.5, 2.0], [[3, 0.4, 1.0], [10, 0.6, 2.0], [22, 0.3, 3.0]],
     0.005, 0.25, ["fixed"], {}),
    ("fixed-delta3-alpha", [1, 40], [2.0, 1.8], [[3, 0.35, 0.7], [10, 0.5, 1.2]], 0.01, 0.5,
     ["fixed"], {}),
    ("fixed-no-peaks", [3, 40], [0.0, 1.0], [], 0.005, 0.5, ["fixed"], {}),
    ("fixed-noisy", [2, 45], [1.2, 1.2], [[6, 0.3, 1.0], [18, 0.25, 2.5]], 0.05, 0.5,
     ["fixed"], {}),
    ("fixed-odd-resolution", [1, 35], [-1.0, 1.7], [[9.5, 0.45, 1.1], [24, 0.2, 2.0]], 0.005,
     0.37, ["fixed"], {}),
    ("fixed-settings", [1, 50], [0.5, 2.0], [[3, 0.4, 1.0], [10, 0.6, 2.0], [22, 0.3, 3.0],
                                               [35, 0.12, 1.5]], 0.01, 0.5, ["fixed"],
     {"peak_width_limits": [1.0, 8.0], "max_n_peaks": 3, "min_peak_height": 0.1,
      "peak_threshold": 1.5}),
    ("knee-alpha-gamma", [1, 100], [1.0, 50.0, 2.0], [[8, 0.4, 1.0], [30, 0.2, 4.0]], 0.005,
     0.5, ["knee", "fixed"], {}),
    ("knee-delta3", [1, 60], [0.0, 10.0, 1.5], [[3, 0.5, 0.8]], 0.005, 0.5, ["knee", "fixed"],
     {}),
    ("knee-beta", [2, 80], [2.0, 200.0, 2.5], [[11, 0.5, 1.5], [20, 0.3, 2.0]], 0.01, 0.25,
     ["knee"], {}),
]


def make_simulated():
    cases = []
    rng_seed = 20261127
    for index, (name, freq_range, ap, pe, nlv, res, modes, overrides) in enumerate(SIM_CASES):
        np.random.seed(rng_seed + index)
        freqs, power = gen_power_spectrum(freq_range, ap, pe, nlv=nlv, freq_res=res)
        freqs = rounded(freqs)
        power = rounded(power)
        settings = dict(DEFAULT_SETTINGS, **overrides)
        cases.append({
            "name": name,
            "simulation": {
                "function": "fooof.sim.gen_power_spectrum",
                "freq_range": freq_range, "aperiodic_params": ap,
                "periodic_params_cf_height_sd": pe, "nlv": nlv, "freq_res": res,
                "numpy_seed": rng_seed + index,
                "note": "periodic params are [center Hz, height log10, Gaussian SD Hz]; "
                        "FOOOF reports bandwidth as 2 x SD",
            },
            "frequency_range": freq_range,
            "frequencies": freqs, "power": power,
            "fits": [fit_fooof(freqs, power, freq_range, mode, settings) for mode in modes],
        })
    return cases


def notch_case():
    """A 1/f^1.5 spectrum with a line-noise notch dip at 50 Hz, fitted 2-90 Hz."""
    np.random.seed(7)
    freqs, power = gen_power_spectrum([1, 95], [1.0, 1.5], [[10, 0.4, 1.5]], nlv=0.005,
                                      freq_res=0.5)
    dip = 1 - 0.999 * np.exp(-0.5 * ((freqs - 50.0) / 1.0) ** 2)
    power = rounded(power * dip)
    freqs = rounded(freqs)
    return {
        "name": "notch-50hz",
        "simulation": {
            "function": "fooof.sim.gen_power_spectrum then x (1 - 0.999 exp(-(f-50)^2/2))",
            "freq_range": [1, 95], "aperiodic_params": [1.0, 1.5],
            "periodic_params_cf_height_sd": [[10, 0.4, 1.5]], "nlv": 0.005, "freq_res": 0.5,
            "numpy_seed": 7,
        },
        "frequency_range": [2, 90],
        "frequencies": freqs, "power": power,
        "fits": [fit_fooof(freqs, power, [2, 90], "fixed", DEFAULT_SETTINGS)],
    }


def negative_knee_case():
    """1/f^2 over a white noise floor: concave up in log-log, so FOOOF's unbounded knee fit
    returns a negative knee (fooof issue #213)."""
    np.random.seed(3)
    freqs = np.arange(1, 60.5, 0.5)
    power = (10 ** (1 - 2 * np.log10(freqs)) + 3e-3) * 10 ** np.random.normal(0, 0.005, len(freqs))
    freqs = rounded(freqs)
    power = rounded(power)
    return {
        "name": "knee-negative-in-fooof",
        "simulation": {"function": "(10^(1 - 2 log10 f) + 3e-3) x 10^N(0, 0.005)",
                       "numpy_seed": 3, "freq_res": 0.5},
        "frequency_range": [1, 60],
        "frequencies": freqs, "power": power,
        "fits": [fit_fooof(freqs, power, [1, 60], "knee", DEFAULT_SETTINGS)],
    }


def header():
    return {
        "generator": "Tests/EEGDSPTests/Fixtures/make_fooof_fixtures.py",
        "versions": {"fooof": fooof.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "mne": mne.__version__,
                     "python": sys.version.split()[0]},
        "fooof_private_settings": {"_ap_percentile_thresh": 0.025, "_ap_guess": [None, 0, None],
                                   "_cf_bound": 1.5, "_bw_std_edge": 1.0,
                                   "_gauss_overlap_thresh": 0.75, "_maxfev": 5000,
                                   "_error_metric": "MAE"},
        "peak_params_columns": ["center_frequency_hz", "power_log10_above_aperiodic",
                                "bandwidth_hz (2 x gaussian sd)"],
        "gaussian_params_columns": ["center_hz", "height_log10", "sd_hz"],
    }


def write(name, cases):
    path = os.path.join(HERE, name)
    with open(path, "w") as handle:
        json.dump(dict(header(), cases=cases), handle, separators=(",", ":"))
    print(f"{path}: {len(cases)} cases, {os.path.getsize(path) / 1024:.0f} KB")


if __name__ == "__main__":
    write("fooof_simulated.json", make_simulated() + [notch_case(), negative_knee_case()])
    write("fooof_real.json", make_real())
