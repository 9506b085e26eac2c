#!/usr/bin/env python3
"""Reference scalp potentials for EEGDSP/Spatial/SphericalHeadModel vs MNE.

MNE: make_sphere_model() defaults (r0=(0,0,0.04) m, head_radius=0.09 m, relative radii
0.90/0.92/0.97/1.0, sigmas 0.33/1.0/0.004/0.33 S/m) and make_forward_dipole on electrodes at
standard_1005 positions (head frame). Potentials in uV for the given moment (nAm), reference at
infinity (no average-reference projector). Also writes the head-frame coordinates of the named
sources (MNI305 mm -> head frame by the standard_1005 montage's MRI->head transform).
Run: python3 Tests/EEGDSPTests/Fixtures/make_headmodel_fixtures.py
"""
import json
import os
import warnings

import mne
import numpy as np
import scipy

warnings.simplefilter("ignore")
mne.set_log_level("ERROR")

CHANNELS = ["Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz", "C4", "T8", "CPz",
            "P7", "P3", "Pz", "P4", "P8", "POz", "O1", "Oz", "O2", "Iz", "FT9", "TP10"]
# Named sources: approximate MNI coordinates (mm) of cortical regions; see docs/spatial.md.
NAMED_MNI = {
    "posteromedial": (0.0, -55.0, 35.0),
    "frontal-midline": (0.0, 35.0, 25.0),
    "occipital": (0.0, -88.0, 5.0),
    "temporal": (-55.0, -20.0, 5.0),
}

montage = mne.channels.make_standard_montage("standard_1005")
mri_head = mne.channels.compute_native_head_t(montage)
named = {name: mne.transforms.apply_trans(mri_head, np.array(mni) / 1000.0).tolist()
         for name, mni in NAMED_MNI.items()}

info = mne.create_info(CHANNELS, 250.0, "eeg")
info.set_montage(montage)
sphere = mne.make_sphere_model()
r0 = np.array([0.0, 0.0, 0.04])

def unit(v):
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)

dipoles = []
for name, pos in named.items():
    radial = unit(np.array(pos) - r0)
    dipoles.append((f"{name} radial", pos, radial.tolist(), 10.0))
for depth in (0.01, 0.03, 0.05, 0.07):
    dipoles.append((f"vertical depth {depth}", [0.0, 0.0, 0.04 + depth], [0.0, 0.0, 1.0], 10.0))
    dipoles.append((f"tangential depth {depth}", [0.0, -depth * 0.6, 0.04 + depth * 0.8],
                    [1.0, 0.0, 0.0], 20.0))
dipoles.append(("oblique lateral", [0.03, 0.01, 0.06], unit([0.3, -0.5, 0.8]).tolist(), 5.0))
dipoles.append(("deep oblique", [-0.01, -0.015, 0.035], unit([-1, 2, 0.5]).tolist(), 50.0))

cases = []
for label, pos, ori, moment in dipoles:
    dip = mne.Dipole(times=[0.0], pos=[pos], amplitude=[moment * 1e-9], ori=[ori], gof=[100.0])
    fwd, stc = mne.make_forward_dipole(dip, sphere, info, trans=None)
    gain = fwd["sol"]["data"]  # (n_channels, 1) fixed orientation, V/Am
    potentials_uv = (gain[:, 0] * moment * 1e-9 * 1e6).tolist()
    cases.append({"name": label, "position_m": list(map(float, pos)),
                  "orientation": list(map(float, ori)), "moment_nam": moment,
                  "potentials_uv": potentials_uv})

out = {"generator": "make_headmodel_fixtures.py", "mne": mne.__version__,
       "numpy": np.__version__, "scipy": scipy.__version__,
       "sphere": {"r0": r0.tolist(), "head_radius": 0.09,
                  "relative_radii": [0.90, 0.92, 0.97, 1.0], "sigmas": [0.33, 1.0, 0.004, 0.33],
                  "mu": list(map(float, sphere["mu"])),
                  "lambda": list(map(float, sphere["lambda"])),
                  "residual_variance": float(mne.bem._fit_berg_scherg_cached(
                      (0.90, 0.92, 0.97, 1.0), (0.33, 1.0, 0.004, 0.33), 200, 3)[2])},
       "channels": CHANNELS, "named_sources_mni_mm": NAMED_MNI,
       "named_sources_head_m": named, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spatial_headmodel.json")
with open(path, "w") as handle:
    json.dump(out, handle, indent=1)
print(path, os.path.getsize(path))
print(json.dumps(named))
