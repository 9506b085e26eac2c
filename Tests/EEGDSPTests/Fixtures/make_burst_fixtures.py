"""Reference values for EEGScope's episode detection (Tests/EEGDSPTests/BurstFixtureTests).

Writes burst_dualthresh.json: NeuroDSP's dual-threshold run finding on stored inputs.
Inputs are stored in the JSON (not re-drawn), so the Swift tests need no NumPy RNG.

Run: python3 make_burst_fixtures.py  (numpy, neurodsp)
"""
import json

import numpy as np
import neurodsp
from neurodsp.burst.dualthresh import _dual_threshold_split, _rmv_short_periods


def runs(mask):
    """Half-open [start, end) index pairs of the True runs of a 0/1 array."""
    mask = np.asarray(mask).astype(bool)
    out, start = [], None
    for i, v in enumerate(mask):
        if v and start is None:
            start = i
        if not v and start is not None:
            out.append([start, i])
            start = None
    if start is not None:
        out.append([start, len(mask)])
    return out


def case(name, magnitude, low, high, min_samples):
    split = _dual_threshold_split(np.array(magnitude, dtype=float), high, low)
    kept = _rmv_short_periods(split.copy(), min_samples)
    return {
        "name": name, "magnitude": [round(float(v), 12) for v in magnitude],
        "low": low, "high": high, "min_samples": min_samples,
        "split_runs": runs(split),
        # NeuroDSP writes the kept runs one sample early (np.diff indexing); stored as is.
        "kept_runs_neurodsp": runs(kept),
    }


rng = np.random.default_rng(20261127)
cases = []
# Rayleigh-like envelope (noise) with two embedded bursts, 257 samples (prime-ish, odd).
base = np.abs(rng.normal(size=257) + 1j * rng.normal(size=257)) / np.sqrt(2)
base[40:70] += 2.5
base[150:160] += 3.0
cases.append(case("noise_with_bursts", base, 1.0, 2.0, 12))
# Smooth bump touching the edges: growth must stop at the first and last samples.
t = np.linspace(0, 1, 64)
bump = 3 * np.exp(-((t - 0.5) / 0.3) ** 2) + 0.2
cases.append(case("edge_bump", bump, 1.0, 2.5, 5))
# Stricter thresholds on longer noise, 500 samples.
noise = np.abs(rng.normal(size=500) + 1j * rng.normal(size=500))
cases.append(case("strict_noise", noise, 1.5, 3.0, 4))

document = {
    "generator": "make_burst_fixtures.py",
    "versions": {"numpy": np.__version__, "neurodsp": neurodsp.__version__},
    "functions": "neurodsp.burst.dualthresh._dual_threshold_split(sig, thresh_hi, thresh_lo), "
                 "_rmv_short_periods(sig, n_samples)",
    "cases": cases,
}
with open("burst_dualthresh.json", "w") as handle:
    json.dump(document, handle, indent=1)
