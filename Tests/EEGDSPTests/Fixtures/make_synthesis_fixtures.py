#!/usr/bin/env python3
"""Reference data for the synthesis tests (EEGScope).

Writes `synthesis_reference.json` from:

1. `synth_ketamine_30s.edf`, made by EEGScope itself with
       eegscope synth --scenario ketamine --duration 30 --fs 256 --seed 7 \
           --channels Fz,Cz,CPz,Pz,POz,Oz --output synth_ketamine_30s.edf
   (pass --regenerate PATH/TO/eegscope to rebuild it first). MNE reads it; the JSON records
   MNE's view of the file: channel names, sampling rate, annotations and every 61st sample of
   every channel (in microvolts). The Swift test synthesizes the same scenario in-process and
   checks that MNE sees our ground truth and our samples (within the EDF quantization step).
2. MNE's `standard_1005` template positions of the 10-10 electrodes EEGScope knows, as unit
   vectors from the centre of a sphere fitted to them, so that the Swift test can check how
   far our idealized spherical positions lie from the template.
3. The log-log slope of NeuroDSP's `sim_powerlaw` (exponent -1.5) Welch PSD over 2-40 Hz,
   as a reference for how well a filtered-noise generator recovers its exponent; the Swift
   test checks that ours (spectrally shaped) is at least as close. NumPy's RNG is seeded but
   only the resulting slope is stored, not the samples.

Run from this folder: python3 make_synthesis_fixtures.py
"""

import argparse
import json
import os
import subprocess
import sys
import warnings

import mne
import neurodsp
import numpy as np
import scipy
import scipy.signal
from neurodsp.sim import sim_powerlaw

HERE = os.path.dirname(os.path.abspath(__file__))
EDF_NAME = "synth_ketamine_30s.edf"
SYNTH_ARGUMENTS = {
    "scenario": "ketamine",
    "duration": 30.0,
    "sample_rate": 256.0,
    "seed": 7,
    "channels": ["Fz", "Cz", "CPz", "Pz", "POz", "Oz"],
}
SAMPLE_STEP = 61

# The 10-10 names of EEGScope's electrode table (Electrode.standardNames).
ROWS = [
    ("Fp", "Fpz", "Fp", False),
    ("AF", "AFz", "AF", True),
    ("F", "Fz", "F", True),
    ("FC", "FCz", "FT", True),
    ("C", "Cz", "T", True),
    ("CP", "CPz", "TP", True),
    ("P", "Pz", "P", True),
    ("PO", "POz", "PO", True),
    ("O", "Oz", "O", False),
]


def eegscope_names():
    names = []
    for interior, midline, edge, has_interior in ROWS:
        if edge not in ("Fp", "O"):
            names.append(f"{edge}9")
        names.append(f"{edge}{7 if has_interior else 1}")
        if has_interior:
            names += [f"{interior}{n}" for n in (5, 3, 1)]
        names.append(midline)
        if has_interior:
            names += [f"{interior}{n}" for n in (2, 4, 6)]
        names.append(f"{edge}{8 if has_interior else 2}")
        if edge not in ("Fp", "O"):
            names.append(f"{edge}10")
    return names + ["Iz"]


def edf_reference(path):
    raw = mne.io.read_raw_edf(path, preload=True, verbose="error")
    data = raw.get_data() * 1e6  # volts -> microvolts
    indices = list(range(0, data.shape[1], SAMPLE_STEP))
    return {
        "channels": raw.ch_names,
        "sampling_rate_hz": float(raw.info["sfreq"]),
        "sample_count": int(data.shape[1]),
        "sample_indices": indices,
        "samples_uV": [[float(v) for v in channel[indices]] for channel in data],
        "annotations": [
            {"onset": float(a["onset"]), "duration": float(a["duration"]),
             "description": str(a["description"])}
            for a in raw.annotations
        ],
    }


def montage_reference(names):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        montage = mne.channels.make_standard_montage("standard_1005")
    positions = montage.get_positions()["ch_pos"]
    lookup = {name.lower(): name for name in positions}
    chosen = [(name, np.asarray(positions[lookup[name.lower()]]))
              for name in names if name.lower() in lookup]
    points = np.array([p for _, p in chosen])
    # Least-squares sphere: |p|^2 = 2 c.p + (r^2 - |c|^2).
    design = np.hstack([2 * points, np.ones((len(points), 1))])
    solution, *_ = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)
    center = solution[:3]
    vectors = {}
    for name, point in chosen:
        v = point - center
        vectors[name] = [float(x) for x in v / np.linalg.norm(v)]
    return {"sphere_center_m": [float(x) for x in center], "unit_vectors": vectors}


def neurodsp_reference():
    np.random.seed(0)
    fs = 256.0
    signal = sim_powerlaw(300, fs, exponent=-1.5)
    freqs, psd = scipy.signal.welch(signal, fs, nperseg=512)
    mask = (freqs >= 2) & (freqs <= 40)
    slope = np.polyfit(np.log10(freqs[mask]), np.log10(psd[mask]), 1)[0]
    return {"exponent": 1.5, "duration_s": 300, "sampling_rate_hz": fs, "numpy_seed": 0,
            "welch_nperseg": 512, "fit_range_hz": [2, 40], "fitted_exponent": float(-slope)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--regenerate", metavar="EEGSCOPE",
                        help="path of the eegscope binary to rebuild the EDF first")
    arguments = parser.parse_args()
    edf_path = os.path.join(HERE, EDF_NAME)
    if arguments.regenerate:
        subprocess.run([
            arguments.regenerate, "synth", "--scenario", SYNTH_ARGUMENTS["scenario"],
            "--duration", "30", "--fs", "256", "--seed", "7",
            "--channels", ",".join(SYNTH_ARGUMENTS["channels"]), "--output", edf_path,
        ], check=True)
    reference = {
        "generator": "make_synthesis_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                     "scipy": scipy.__version__, "mne": mne.__version__,
                     "neurodsp": neurodsp.__version__},
        "synth": SYNTH_ARGUMENTS,
        "edf_file": EDF_NAME,
        "mne_edf": edf_reference(edf_path),
        "montage": montage_reference(eegscope_names()),
        "neurodsp_powerlaw": neurodsp_reference(),
    }
    with open(os.path.join(HERE, "synthesis_reference.json"), "w") as handle:
        json.dump(reference, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
