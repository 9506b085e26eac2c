#!/usr/bin/env python3
"""Writes the tiny BrainVision and EEGLAB recordings the CLI and reader tests use.

tiny/tiny_bv.vhdr+.vmrk+.eeg  BrainVision v1.0, INT_16 MULTIPLEXED, resolution 0.1 µV
tiny/tiny.set                 EEGLAB `EEG` struct, data embedded (float32), zlib-compressed
tiny/tiny_fdt.set + .fdt      EEGLAB `EEG` struct, data in a float32 .fdt, uncompressed
tiny/tiny_epochs.set          EEGLAB, 4 epochs of 2 s, data embedded, events stim/resp 0.5 s in

All hold the same 4 channels (Fz, Cz, Pz, Oz) at 250 Hz for 8 s: a 10 Hz alpha rhythm
(20 µV), 3 Hz bursts on Pz (30 µV, 2-4 s and 5-6.5 s) and Gaussian noise (5 µV, seed 16),
plus two events (`stim` at 2.0 s, `resp` at 5.0 s). The script checks that MNE reads each
file back to the same values. Usage: python3 make_tiny_recordings.py
"""
import os

import mne
import numpy as np
import scipy
import scipy.io

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny")
RATE, SECONDS, SEED = 250, 8, 16
NAMES = ["Fz", "Cz", "Pz", "Oz"]
POSITIONS = [(0.72, 0.0, 0.69), (0.0, 0.0, 1.0), (-0.72, 0.0, 0.69), (-1.0, 0.0, 0.0)]
EVENTS = [("stim", 2.0), ("resp", 5.0)]


def signals():
    rng = np.random.default_rng(SEED)
    t = np.arange(RATE * SECONDS) / RATE
    data = 20 * np.sin(2 * np.pi * 10 * t) + 5 * rng.standard_normal((4, t.size))
    bursts = ((t >= 2) & (t < 4)) | ((t >= 5) & (t < 6.5))
    data[2] += 30 * np.sin(2 * np.pi * 3 * t) * bursts
    # Quantise to the BrainVision resolution so every format stores the same numbers.
    return np.round(data / 0.1).astype(np.int16).astype(np.float64) * 0.1


def write_brainvision(data):
    header = "\r\n".join([
        "Brain Vision Data Exchange Header File Version 1.0", "",
        "[Common Infos]", "Codepage=UTF-8", "DataFile=tiny_bv.eeg", "MarkerFile=tiny_bv.vmrk",
        "DataFormat=BINARY", "DataOrientation=MULTIPLEXED", "NumberOfChannels=4",
        f"SamplingInterval={1e6 / RATE:g}", "",
        "[Binary Infos]", "BinaryFormat=INT_16", "",
        "[Channel Infos]"] + [f"Ch{i + 1}={n},,0.1,µV" for i, n in enumerate(NAMES)]) + "\r\n"
    with open(os.path.join(HERE, "tiny_bv.vhdr"), "w", encoding="utf-8", newline="") as f:
        f.write(header)
    markers = ["Brain Vision Data Exchange Marker File, Version 1.0", "", "[Common Infos]",
               "Codepage=UTF-8", "DataFile=tiny_bv.eeg", "", "[Marker Infos]",
               "Mk1=New Segment,,1,1,0,20240102030405000000"]
    for index, (name, onset) in enumerate(EVENTS):
        markers.append(f"Mk{index + 2}=Stimulus,{name},{int(onset * RATE) + 1},1,0")
    with open(os.path.join(HERE, "tiny_bv.vmrk"), "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(markers) + "\r\n")
    stored = np.round(data / 0.1).astype("<i2")
    stored.T.tofile(os.path.join(HERE, "tiny_bv.eeg"))


def eeg_struct(data, trials=1):
    pnts = data.shape[1] // trials
    chanlocs = np.zeros((1, 4), dtype=[("labels", "O"), ("type", "O"), ("X", "O"),
                                       ("Y", "O"), ("Z", "O")])
    for i, (name, (x, y, z)) in enumerate(zip(NAMES, POSITIONS)):
        chanlocs[0, i] = (name, "EEG", x, y, z)
    event = np.zeros((1, len(EVENTS)), dtype=[("type", "O"), ("latency", "O"),
                                              ("duration", "O")])
    for i, (name, onset) in enumerate(EVENTS):
        event[0, i] = (name, float(onset * RATE + 1), 0.0)
    return {"setname": "tiny", "nbchan": 4.0, "srate": float(RATE), "pnts": float(pnts),
            "trials": float(trials), "xmin": 0.0, "xmax": pnts / RATE - 1.0 / RATE, "chanlocs": chanlocs, "event": event,
            "ref": "common"}


def write_eeglab(data):
    embedded = eeg_struct(data)
    embedded["data"] = data.astype(np.float32)
    scipy.io.savemat(os.path.join(HERE, "tiny.set"), {"EEG": embedded}, do_compression=True,
                     format="5")
    separate = eeg_struct(data)
    separate["data"] = "tiny_fdt.fdt"
    scipy.io.savemat(os.path.join(HERE, "tiny_fdt.set"), {"EEG": separate}, format="5")
    data.astype("<f4").T.tofile(os.path.join(HERE, "tiny_fdt.fdt"))
    epochs = eeg_struct(data, trials=4)
    epochs["xmax"] = 2.0 - 1.0 / RATE
    epochs["data"] = np.stack(np.split(data.astype(np.float32), 4, axis=1), axis=2)
    # One event per epoch, 0.5 s into it (MNE needs an event in every epoch).
    epochs["event"] = np.zeros((1, 4), dtype=[("type", "O"), ("latency", "O"),
                                              ("duration", "O"), ("epoch", "O")])
    epochs["epoch"] = np.zeros((1, 4), dtype=[("eventtype", "O")])
    for i in range(4):
        name = "stim" if i % 2 == 0 else "resp"
        epochs["event"][0, i] = (name, float((2 * i + 0.5) * RATE + 1), 0.0, float(i + 1))
        epochs["epoch"][0, i] = (name,)
    scipy.io.savemat(os.path.join(HERE, "tiny_epochs.set"), {"EEG": epochs}, format="5",
                     do_compression=True)


def check(data):
    raw = mne.io.read_raw_brainvision(os.path.join(HERE, "tiny_bv.vhdr"), verbose=False)
    assert np.allclose(raw.get_data() * 1e6, data, atol=1e-9)
    for name in ("tiny.set", "tiny_fdt.set"):
        raw = mne.io.read_raw_eeglab(os.path.join(HERE, name), verbose=False)
        assert raw.ch_names == NAMES
        assert np.allclose(raw.get_data() * 1e6, data, rtol=1e-6, atol=1e-4)
        assert [a["description"] for a in raw.annotations] == [n for n, _ in EVENTS]
    epochs = mne.read_epochs_eeglab(os.path.join(HERE, "tiny_epochs.set"), verbose=False)
    flat = np.concatenate(list(epochs.get_data(copy=True)), axis=1)
    assert np.allclose(flat * 1e6, data, rtol=1e-6, atol=1e-4)


def main():
    os.makedirs(HERE, exist_ok=True)
    data = signals()
    write_brainvision(data)
    write_eeglab(data)
    check(data)
    print("mne", mne.__version__, "numpy", np.__version__, "scipy", scipy.__version__)
    for name in sorted(os.listdir(HERE)):
        print(name, os.path.getsize(os.path.join(HERE, name)))


if __name__ == "__main__":
    main()
