#!/usr/bin/env python3
"""Reference values for EEGDSP/Spatial: CSD and average reference vs MNE.

Writes spatial_csd.json. Each case: channel labels (standard_1005 names; positions come from
the montage after info.set_montage, i.e. the same head-frame table the Swift code embeds),
input data (volts-free numbers, channel x sample), MNE's compute_current_source_density output
with its defaults (sphere="auto", lambda2=1e-5, stiffness=4, n_legendre_terms=50), the fitted
sphere radius, and set_eeg_reference("average") output.
Run: python3 Tests/EEGDSPTests/Fixtures/make_spatial_fixtures.py
"""
import json
import os
import warnings

import mne
import numpy as np
import scipy

warnings.simplefilter("ignore")
mne.set_log_level("ERROR")

TEN_TWENTY = ["Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz", "C4", "T8",
              "P7", "P3", "Pz", "P4", "P8", "O1", "O2"]
SCENARIO = ["Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz", "C4", "T8",
            "CPz", "P7", "P3", "Pz", "P4", "P8", "POz", "O1", "Oz", "O2"]
TEN_TEN_64 = ["Fp1", "Fpz", "Fp2", "AF7", "AF3", "AFz", "AF4", "AF8", "F7", "F5", "F3", "F1",
              "Fz", "F2", "F4", "F6", "F8", "FT7", "FC5", "FC3", "FC1", "FCz", "FC2", "FC4",
              "FC6", "FT8", "T7", "C5", "C3", "C1", "Cz", "C2", "C4", "C6", "T8", "TP7", "CP5",
              "CP3", "CP1", "CPz", "CP2", "CP4", "CP6", "TP8", "P7", "P5", "P3", "P1", "Pz",
              "P2", "P4", "P6", "P8", "PO7", "PO3", "POz", "PO4", "PO8", "O1", "Oz", "O2", "Iz"]
MISSING = [name for name in TEN_TWENTY if name not in ("Fz", "O1", "T8", "C3")]
POSTERIOR_SPARSE = ["Cz", "CPz", "Pz", "POz", "Oz", "P3", "P4", "O1", "O2", "T7", "T8", "Fz"]

rng = np.random.default_rng(20261204)
montage = mne.channels.make_standard_montage("standard_1005")
cases = []
for name, labels in [("ten_twenty", TEN_TWENTY), ("scenario22", SCENARIO),
                     ("ten_ten_64", TEN_TEN_64), ("ten_twenty_missing4", MISSING),
                     ("posterior_sparse12", POSTERIOR_SPARSE)]:
    data = rng.standard_normal((len(labels), 6)) * 10.0
    info = mne.create_info(labels, 250.0, "eeg")
    raw = mne.io.RawArray(data.copy(), info)
    raw.set_montage(montage)
    radius = mne.bem.fit_sphere_to_headshape(raw.info, units="m")[0]
    csd = mne.preprocessing.compute_current_source_density(raw.copy()).get_data()
    average = raw.copy().set_eeg_reference("average", projection=False).get_data()
    cases.append({"name": name, "labels": labels, "data": data.tolist(),
                  "radius_m": float(radius), "csd": csd.tolist(), "average": average.tolist()})

out = {"generator": "make_spatial_fixtures.py", "mne": mne.__version__,
       "numpy": np.__version__, "scipy": scipy.__version__, "montage": "standard_1005",
       "parameters": {"sphere": "auto", "lambda2": 1e-5, "stiffness": 4,
                      "n_legendre_terms": 50},
       "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spatial_csd.json")
with open(path, "w") as handle:
    json.dump(out, handle)
print(path, os.path.getsize(path))
