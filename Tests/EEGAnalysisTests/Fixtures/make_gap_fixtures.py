#!/usr/bin/env python3
"""Writes gaps_sine.edf (an EDF+D file with two gaps) and gaps_reference.json (SciPy PSDs).

The EDF bytes are written by hand (pyedflib cannot write EDF+D). Layout:

* 200 Hz, 1 s data records, physical range +-200 uV, 16-bit digital range.
* Stretch A: records 0-6 at 0-7 s. Stretch B: records 7-12 at 10.7-16.7 s (a 3.7 s gap).
  Stretch C: record 13 at 19.0-20.0 s (shorter than a 2 s Welch segment).
* `Sine`: 50 uV sine at 10 Hz, whose phase jumps by pi at the start of each stretch after
  the first (10 Hz x 3.7 s is a whole number of cycles, so without the jump a joined file
  would look seamless).
* `EEG`: the same sine at 20 uV plus pink (1/f) noise of about 10 uV RMS made from a
  seeded white sequence; the digital values themselves are the stored input.
* Annotations: `stim A` at 3.5 s and `stim B` at 12.0 s.

gaps_stretch_b.csv holds the physical values of stretch B alone (header `Sine,EEG`), so that
a test can check that filtering the EDF+D file equals filtering that stretch as its own file.

gaps_reference.json holds, per channel, SciPy's Welch PSD (2 s periodic Hann, 50 % overlap,
constant detrend, density, mean) pooled over the gap-free stretches (each stretch's
`scipy.signal.welch` weighted by its number of segments: the average of every segment's
periodogram) and of the joined samples (what a reader that ignores the gaps computes).
Physical values are rebuilt from the stored digital values exactly as EDF readers do.

Run: python3 make_gap_fixtures.py  (writes beside this script)
"""
import json
import os
import platform

import numpy as np
import scipy
import scipy.signal

RATE = 200
RECORD = 1.0
SPR = int(RATE * RECORD)
STRETCHES = [(0.0, 7), (10.7, 6), (19.0, 1)]  # (onset s, records)
PHYS_MIN, PHYS_MAX = -200.0, 200.0
DIG_MIN, DIG_MAX = -32768, 32767
ANNOTATION_SAMPLES = 40  # 80 bytes per record for TALs
SEED = 20261127
SEGMENT_S = 2.0


def pink_noise(count, rng):
    white = rng.standard_normal(count)
    spectrum = np.fft.rfft(white)
    frequencies = np.fft.rfftfreq(count, 1 / RATE)
    scale = np.ones_like(frequencies)
    scale[1:] = 1 / np.sqrt(frequencies[1:])
    scale[0] = 0
    pink = np.fft.irfft(spectrum * scale, count)
    return pink / pink.std() * 10.0


def channels():
    rng = np.random.default_rng(SEED)
    total = sum(records for _, records in STRETCHES) * SPR
    noise = pink_noise(total, rng)
    sine, eeg = [], []
    start = 0
    for index, (_, records) in enumerate(STRETCHES):
        count = records * SPR
        local = np.arange(count) / RATE
        phase = np.pi * index
        wave = np.sin(2 * np.pi * 10 * local + phase)
        sine.append(50 * wave)
        eeg.append(20 * wave + noise[start:start + count])
        start += count
    return {"Sine": np.concatenate(sine), "EEG": np.concatenate(eeg)}


def digital(values):
    scale = (DIG_MAX - DIG_MIN) / (PHYS_MAX - PHYS_MIN)
    raw = np.round((values - PHYS_MIN) * scale + DIG_MIN)
    return np.clip(raw, DIG_MIN, DIG_MAX).astype(np.int16)


def physical(digits):
    scale = (PHYS_MAX - PHYS_MIN) / (DIG_MAX - DIG_MIN)
    return (digits.astype(np.float64) - DIG_MIN) * scale + PHYS_MIN


def field(text, width):
    data = text.encode("ascii")
    assert len(data) <= width, text
    return data + b" " * (width - len(data))


def number(value):
    text = repr(float(value)) if not float(value).is_integer() else str(int(value))
    return text


def tal_bytes(onset, annotations):
    data = b"+" + number(onset).encode() + b"\x14\x14\x00"
    for time, text in annotations:
        data += b"+" + number(time).encode() + b"\x14" + text.encode() + b"\x14\x00"
    assert len(data) <= 2 * ANNOTATION_SAMPLES
    return data + b"\x00" * (2 * ANNOTATION_SAMPLES - len(data))


def write_edf(path, data):
    labels = list(data)
    onsets = []
    for onset, records in STRETCHES:
        onsets += [onset + RECORD * k for k in range(records)]
    record_count = len(onsets)
    annotations = {3: [(3.5, "stim A")], 8: [(12.0, "stim B")]}
    signal_count = len(labels) + 1
    header = b"0".ljust(8)
    header += field("X X X X", 80)
    header += field("Startdate 27-NOV-2026 X X X", 80)
    header += field("27.11.26", 8) + field("12.00.00", 8)
    header += field(str(256 * (signal_count + 1)), 8)
    header += field("EDF+D", 44)
    header += field(str(record_count), 8) + field("1", 8) + field(str(signal_count), 4)
    names = labels + ["EDF Annotations"]
    header += b"".join(field(name, 16) for name in names)
    header += b"".join(field("", 80) for _ in names)
    header += b"".join(field("uV", 8) for _ in labels) + field("", 8)
    header += b"".join(field(str(int(PHYS_MIN)), 8) for _ in labels) + field("-1", 8)
    header += b"".join(field(str(int(PHYS_MAX)), 8) for _ in labels) + field("1", 8)
    header += b"".join(field(str(DIG_MIN), 8) for _ in names)
    header += b"".join(field(str(DIG_MAX), 8) for _ in names)
    header += b"".join(field("", 80) for _ in names)
    header += b"".join(field(str(SPR), 8) for _ in labels) + field(str(ANNOTATION_SAMPLES), 8)
    header += b"".join(field("", 32) for _ in names)
    assert len(header) == 256 * (signal_count + 1)
    digits = {name: digital(values) for name, values in data.items()}
    body = b""
    for record, onset in enumerate(onsets):
        for name in labels:
            body += digits[name][record * SPR:(record + 1) * SPR].astype("<i2").tobytes()
        body += tal_bytes(onset, annotations.get(record, []))
    with open(path, "wb") as handle:
        handle.write(header + body)
    return {name: physical(values) for name, values in digits.items()}


def welch(samples):
    return scipy.signal.welch(
        samples, fs=RATE, window="hann", nperseg=int(SEGMENT_S * RATE), noverlap=None,
        detrend="constant", scaling="density", average="mean")


def pooled_welch(samples):
    """Mean of every segment's periodogram, segments taken inside each stretch only."""
    total = None
    segments = 0
    start = 0
    length = int(SEGMENT_S * RATE)
    step = length // 2
    for _, records in STRETCHES:
        piece = samples[start:start + records * SPR]
        start += records * SPR
        if len(piece) < length:
            continue
        frequencies, psd = welch(piece)
        count = (len(piece) - length) // step + 1
        total = psd * count if total is None else total + psd * count
        segments += count
    return frequencies, total / segments, segments


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    physical_values = write_edf(os.path.join(here, "gaps_sine.edf"), channels())
    first = STRETCHES[0][1] * SPR
    last = first + STRETCHES[1][1] * SPR
    with open(os.path.join(here, "gaps_stretch_b.csv"), "w") as handle:
        handle.write(",".join(physical_values) + "\n")
        columns = [values[first:last] for values in physical_values.values()]
        for row in zip(*columns):
            handle.write(",".join(repr(float(value)) for value in row) + "\n")
    reference = {
        "generator": "make_gap_fixtures.py",
        "versions": {
            "python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "parameters": {
            "sampling_rate_hz": RATE, "record_duration_s": RECORD,
            "stretches": [{"onset_s": onset, "records": records}
                          for onset, records in STRETCHES],
            "sine_hz": 10, "phase_jump_rad": float(np.pi), "seed": SEED,
            "welch": {"window": "hann", "nperseg": int(SEGMENT_S * RATE),
                      "noverlap": int(SEGMENT_S * RATE) // 2, "detrend": "constant",
                      "scaling": "density", "average": "mean"},
        },
        "channels": [],
    }
    for name, samples in physical_values.items():
        frequencies, pooled, segments = pooled_welch(samples)
        _, joined = welch(samples)
        reference["channels"].append({
            "name": name, "segments": segments,
            "frequencies_hz": frequencies.tolist(), "pooled_psd": pooled.tolist(),
            "joined_psd": joined.tolist(),
        })
    with open(os.path.join(here, "gaps_reference.json"), "w") as handle:
        json.dump(reference, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
