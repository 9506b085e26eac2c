#!/usr/bin/env python3
"""Reference fixtures for the BrainVision and EEGLAB readers, made with MNE-Python.

Reads every BrainVision header and EEGLAB dataset of the shared public set
(../shared/data/eeg/brainvision and .../eeglab, or $EEGSCOPE_SHARED_DATA) with
`mne.io.read_raw_brainvision(path, preload=True)`, `mne.io.read_raw_eeglab(path,
preload=True)` or, when the dataset has trials > 1, `mne.read_epochs_eeglab(path)`, and
writes one compact JSON per recording to formats/<folder>__<name>.json.

Values are given in EEGScope's units, not MNE's SI units: voltage channels in µV (MNE volts
x 1e6), other channels in the unit the header states (MNE value / MNE's scale for that unit,
e.g. µS channels / 1e-6). Epochs are flattened epoch after epoch (EEGScope reads them as
back-to-back stretches). Recordings MNE refuses are recorded with their error.

Usage: python3 make_format_fixtures.py [SHARED_EEG_FOLDER]
"""
import hashlib
import json
import os
import platform
import sys
import warnings

import mne
import numpy as np
from mne.io.brainvision.brainvision import _get_hdr_info

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "formats")
EDGE = 5
FRACTIONS = [0.1, 0.25, 0.5, 0.75, 0.9]
VOLTAGE = {"V", "mV", "µV", "uV", "nV"}


def shared_root():
    if len(sys.argv) > 1:
        return sys.argv[1]
    env = os.environ.get("EEGSCOPE_SHARED_DATA")
    if env:
        return env
    repo = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
    return os.path.join(os.path.dirname(repo), "shared", "data", "eeg")


def positions(count):
    picked = list(range(min(EDGE, count)))
    picked += [int(f * (count - 1)) for f in FRACTIONS]
    picked += list(range(max(0, count - EDGE), count))
    return sorted(set(p for p in picked if 0 <= p < count))


def channel_entries(data, names, units_si_scale, units):
    count = data.shape[1]
    where = positions(count)
    entries = []
    for index, name in enumerate(names):
        values = data[index] / units_si_scale[index]
        entries.append({
            "name": name,
            "unit": units[index],
            "at_positions": [float(values[p]) for p in where],
            "sum": float(np.sum(values)),
            "sum_abs": float(np.sum(np.abs(values))),
        })
    return where, entries


def annotations(raw):
    return [[float(a["onset"]), float(a["duration"]), a["description"]]
            for a in raw.annotations]


def brainvision(path):
    raw = mne.io.read_raw_brainvision(path, preload=True, verbose=False)
    # The units as the header writes them (raw._orig_units maps unknown ones to "n/a").
    orig = _get_hdr_info(path, (), "auto", 1.0)[-1]
    units, scales = [], []
    for name, channel in zip(raw.ch_names, raw.info["chs"]):
        unit = orig.get(name, "µV")
        if unit in VOLTAGE:
            units.append("µV")
            scales.append(1e-6)
        else:
            units.append(unit)
            scales.append(float(channel["range"]))  # MNE's factor for this unit
    data = raw.get_data()
    where, channels = channel_entries(data, raw.ch_names, scales, units)
    return {
        "reader": "mne.io.read_raw_brainvision(preload=True)",
        "sampling_rate_hz": float(raw.info["sfreq"]),
        "samples": int(raw.n_times),
        "epochs": None,
        "positions": where,
        "channels": channels,
        "annotations": annotations(raw),
        "meas_date": raw.info["meas_date"].isoformat() if raw.info["meas_date"] else None,
    }


def eeglab(path):
    trials = int(mne.io.eeglab.eeglab._check_load_mat(path, None).trials)
    if trials > 1:
        epochs = mne.read_epochs_eeglab(path, verbose=False)
        data = epochs.get_data(copy=True)  # epochs x channels x times
        flat = np.concatenate(list(data), axis=1)
        where, channels = channel_entries(
            flat, epochs.ch_names, [1e-6] * len(epochs.ch_names), ["µV"] * len(epochs.ch_names))
        names = {value: key for key, value in epochs.event_id.items()}
        return {
            "reader": "mne.read_epochs_eeglab",
            "sampling_rate_hz": float(epochs.info["sfreq"]),
            "samples": int(flat.shape[1]),
            "epochs": int(data.shape[0]),
            "epoch_samples": int(data.shape[2]),
            "tmin_s": float(epochs.tmin),
            "epoch_events": [names[int(code)] for code in epochs.events[:, 2]],
            "positions": where,
            "channels": channels,
            "annotations": [],
            "meas_date": None,
        }
    raw = mne.io.read_raw_eeglab(path, preload=True, verbose=False)
    data = raw.get_data()
    where, channels = channel_entries(
        data, raw.ch_names, [1e-6] * len(raw.ch_names), ["µV"] * len(raw.ch_names))
    return {
        "reader": "mne.io.read_raw_eeglab(preload=True)",
        "sampling_rate_hz": float(raw.info["sfreq"]),
        "samples": int(raw.n_times),
        "epochs": None,
        "positions": where,
        "channels": channels,
        "annotations": annotations(raw),
        "meas_date": None,
    }


def main():
    root = shared_root()
    os.makedirs(OUT, exist_ok=True)
    versions = {"mne": mne.__version__, "numpy": np.__version__,
                "python": platform.python_version()}
    jobs = []
    for kind, extension, function in (("brainvision", ".vhdr", brainvision),
                                       ("eeglab", ".set", eeglab)):
        base = os.path.join(root, kind)
        for folder, _, files in sorted(os.walk(base)):
            for name in sorted(files):
                if name.endswith(extension):
                    jobs.append((kind, os.path.join(folder, name), function))
    for kind, path, function in jobs:
        relative = os.path.relpath(path, os.path.join(root, kind))
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        record = {"file": f"{kind}/{relative}", "sha256": digest,
                  "generator": "make_format_fixtures.py", "versions": versions,
                  "parameters": {"edge_samples": EDGE, "fixed_fractions": FRACTIONS}}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                record.update(function(path))
                record["error"] = None
            except Exception as error:  # MNE refuses it: record why
                record["error"] = f"{type(error).__name__}: {error}"
        target = os.path.join(OUT, f"{kind}__{relative.replace(os.sep, '__')}.json")
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, separators=(",", ":"))
            handle.write("\n")
        print(target, os.path.getsize(target), "bytes", record["error"] or "")


if __name__ == "__main__":
    main()
