#!/usr/bin/env python3
"""Reference fixtures for EEGFileIO: what pyedflib and MNE-Python see in every EDF/BDF file.

For every file under ../shared/data/eeg (relative to the repository root; override with
$EEGSCOPE_SHARED_DATA) and for the files our writer made (Fixtures/written_by_eegscope.*),
writes Fixtures/io/<path with '/' replaced by '__'>.json holding:

- "reference": the reader whose values the Swift tests must match, with per-channel name,
  sampling rate, sample count, unit, header ranges, and sampled physical values (first and
  last 20 samples, 5 fixed positions, sum, sum of absolute values, and the sum of the digital
  values, an exact integer checksum of every sample). pyedflib (EDFlib) is the reference when
  it reads the file, because it returns every signal at its own rate without resampling; MNE
  is used for the files pyedflib refuses (EDF+D, and EDF+ files whose patient/recording
  fields are empty, as the Nihon Kohden export).
- "annotations": (onset, duration or null, description) from the reference reader.
- "edfio_annotations": the annotations edfio finds, when edfio is installed.
- "readers": what each reader (pyedflib, MNE, edfio) reports (channel count, rates, samples, annotation count, or
  the error it raised), so reader disagreements are on record (see docs/file-formats.md).

Physical values are pyedflib's `readSignal(i)` (EDFlib: bitvalue * (offset + digital)) or
MNE's `get_data()` divided by its unit gain (MNE: digital * cal + offsets); the two differ by
a few ulps of the channel range, which is what the Swift tests allow for.

Run from the repository root:  python3 Tests/EEGFileIOTests/Fixtures/make_io_fixtures.py
"""
import json
import os
import sys
import warnings

import mne
import numpy as np
import pyedflib

try:  # optional third reader (pip install edfio)
    import edfio
except ImportError:
    edfio = None

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SHARED = os.environ.get("EEGSCOPE_SHARED_DATA",
                        os.path.join(ROOT, "..", "shared", "data", "eeg"))
OUT = os.path.join(HERE, "io")
EDGE = 20
FIXED_FRACTIONS = [0.1, 0.25, 0.5, 0.75, 0.9]


def channel_summary(values, digital):
    n = len(values)
    positions = sorted({min(n - 1, int(f * n)) for f in FIXED_FRACTIONS}) if n else []
    return {
        "first": [float(v) for v in values[:EDGE]],
        "last": [float(v) for v in values[-EDGE:]] if n else [],
        "positions": positions,
        "at_positions": [float(values[p]) for p in positions],
        "sum": float(np.sum(values)),
        "sum_abs": float(np.sum(np.abs(values))),
        "digital_sum": int(np.sum(np.asarray(digital, dtype=np.int64))),
    }


def read_pyedflib(path):
    reader = pyedflib.EdfReader(path)
    try:
        channels = []
        for index in range(reader.signals_in_file):
            header = reader.getSignalHeader(index)
            values = reader.readSignal(index)
            digital = reader.readSignal(index, digital=True)
            entry = {
                "name": header["label"],
                "sampling_rate_hz": float(reader.getSampleFrequency(index)),
                "samples": int(reader.getNSamples()[index]),
                "unit": header["dimension"],
                "physical_min": float(header["physical_min"]),
                "physical_max": float(header["physical_max"]),
                "digital_min": int(header["digital_min"]),
                "digital_max": int(header["digital_max"]),
            }
            entry.update(channel_summary(values, digital))
            channels.append(entry)
        onsets, durations, texts = reader.readAnnotations()
        annotations = [
            [float(o), None if d < 0 else float(d), str(t)]
            for o, d, t in zip(onsets, durations, texts)
        ]
        return {
            "reader": "pyedflib " + pyedflib.__version__,
            "channels": channels,
            "annotations": annotations,
            "duration_s": float(reader.getFileDuration()),
        }
    finally:
        reader.close()


def read_mne(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if path.lower().endswith(".bdf"):
            raw = mne.io.read_raw_bdf(path, preload=False, verbose="error")
        else:
            raw = mne.io.read_raw_edf(path, preload=False, verbose="error")
    extras = raw._raw_extras[0]
    data = raw.get_data() if len(raw.ch_names) else np.zeros((0, 0))
    channels = []
    for index, name in enumerate(raw.ch_names):
        gain = float(extras["units"][index])
        values = data[index] / gain
        cal = float(extras["cal"][index])
        offset = float(extras["offsets"][index])
        digital = np.rint((values - offset) / cal)
        entry = {
            "name": name,
            "sampling_rate_hz": float(raw.info["sfreq"]),
            "samples": int(raw.n_times),
            "unit": "",
            "physical_min": float(extras["physical_min"][index]),
            "physical_max": float(extras["physical_max"][index]),
            "digital_min": int(extras["digital_min"][index]),
            "digital_max": int(extras["digital_max"][index]),
        }
        entry.update(channel_summary(values, digital))
        channels.append(entry)
    annotations = [
        [float(a["onset"]), float(a["duration"]), str(a["description"])]
        for a in raw.annotations
    ]
    return {
        "reader": "mne " + mne.__version__,
        "channels": channels,
        "annotations": annotations,
        "duration_s": float(raw.n_times / raw.info["sfreq"]) if len(raw.ch_names) else 0.0,
        "n_samples_per_record": [int(n) for n in extras["n_samps"]],
    }


def read_edfio(path):
    if edfio is None:
        raise RuntimeError("edfio is not installed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = edfio.read_bdf(path) if path.lower().endswith(".bdf") else edfio.read_edf(path)
    channels = [
        {"name": signal.label, "sampling_rate_hz": float(signal.sampling_frequency),
         "samples": int(len(signal.data))}
        for signal in data.signals
    ]
    annotations = [[float(a.onset), None if a.duration is None else float(a.duration), a.text]
                   for a in data.annotations]
    return {"reader": "edfio " + edfio.__version__, "channels": channels,
            "annotations": annotations}


def view(result):
    if "error" in result:
        return {"error": result["error"]}
    return {
        "channels": len(result["channels"]),
        "names": [c["name"] for c in result["channels"]],
        "rates_hz": [c["sampling_rate_hz"] for c in result["channels"]],
        "samples": [c["samples"] for c in result["channels"]],
        "annotations": len(result["annotations"]),
    }


def attempt(function, path):
    try:
        return function(path)
    except Exception as error:  # the message goes into the fixture, without local folders
        message = str(error).splitlines()[0].replace(path, os.path.basename(path))
        return {"error": f"{type(error).__name__}: {message[:200]}"}


def make(path, name):
    py = attempt(read_pyedflib, path)
    mn = attempt(read_mne, path)
    ed = attempt(read_edfio, path)
    reference = py if "error" not in py else (mn if "error" not in mn else None)
    fixture = {
        "file": name,
        "generator": "make_io_fixtures.py",
        "versions": {"mne": mne.__version__, "pyedflib": pyedflib.__version__,
                     "edfio": edfio.__version__ if edfio else None,
                     "numpy": np.__version__, "python": sys.version.split()[0]},
        "parameters": {"edge_samples": EDGE, "fixed_fractions": FIXED_FRACTIONS},
        "readers": {"pyedflib": view(py), "mne": view(mn), "edfio": view(ed)},
        "expect_error": reference is None,
    }
    if reference is not None:
        fixture["reference"] = reference["reader"]
        fixture["channels"] = reference["channels"]
        fixture["annotations"] = reference["annotations"]
        fixture["duration_s"] = reference["duration_s"]
    if "error" not in mn and "error" not in py:
        fixture["mne_channels"] = [
            {k: c[k] for k in ("name", "sampling_rate_hz", "samples", "sum")}
            for c in mn["channels"]]
        fixture["mne_annotations"] = mn["annotations"]
    if "error" not in ed:
        fixture["edfio_annotations"] = ed["annotations"]
    os.makedirs(OUT, exist_ok=True)
    target = os.path.join(OUT, name.replace("/", "__") + ".json")
    with open(target, "w") as handle:
        json.dump(fixture, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    size = os.path.getsize(target)
    assert size < 200_000, f"{target} is {size} bytes"
    print(f"{name}: reference {fixture.get('reference')}; "
          f"pyedflib {view(py).get('error', 'ok')}; mne {view(mn).get('error', 'ok')}; "
          f"edfio {view(ed).get('error', 'ok')}")


def main():
    if not os.path.isdir(SHARED):
        sys.exit(f"shared data not found at {SHARED}")
    for folder, _, names in sorted(os.walk(SHARED)):
        for file_name in sorted(names):
            if file_name.lower().endswith((".edf", ".bdf")):
                path = os.path.join(folder, file_name)
                make(path, os.path.relpath(path, SHARED))
    for file_name in ("written_by_eegscope.edf", "written_by_eegscope.bdf"):
        path = os.path.join(HERE, file_name)
        if os.path.exists(path):
            make(path, "written/" + file_name)


if __name__ == "__main__":
    main()
