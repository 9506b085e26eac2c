#!/usr/bin/env python3
"""F1 of `eegscope detect` versus NeuroDSP's dual-threshold detector over a range of SNRs.

For every scenario (delta3-bursts, gamma-bursts), SNR and seed this script
1. synthesizes the scenario with `eegscope synth` (EDF+ and the truth events TSV),
2. runs `eegscope detect` + `eegscope score` (EEGScope's defaults: BOSC thresholds),
3. reads the same EDF with MNE and runs NeuroDSP's `detect_bursts_dual_threshold` on every
   channel with its documented defaults (dual_thresh=(1, 2), min_n_cycles=3, median
   amplitude, its default FIR band-pass over the rhythm's band: 2-4 Hz or 30-80 Hz), turns the
   boolean mask into events and scores them with the same `eegscope score`,
and prints a markdown table of mean F1 (and SD over seeds).

With --spreads (degrees of arc, e.g. 10,20,30) the scenarios are synthesized with each source
spread instead of the default (8 deg), to show how channel-level F1 falls once a burst's field
reaches the neighbouring electrodes at about half its amplitude.

Usage: scripts/evaluate_detection.py [--binary PATH] [--seeds 3] [--duration 60]
       [--snrs 0,5,10,15,20] [--spreads 10,20,30] [--scenarios delta3-bursts,gamma-bursts]
Needs: numpy, mne, neurodsp. Seeds start at 7001 (never used while tuning the detector).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import mne
import numpy as np
import neurodsp
from neurodsp.burst import detect_bursts_dual_threshold

RHYTHMS = {"delta3-bursts": ("delta3", (2.0, 4.0)), "gamma-bursts": ("gamma", (30.0, 80.0))}


def find_binary(explicit):
    if explicit:
        return os.path.abspath(explicit)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for build in ("release", "debug"):
        path = os.path.join(root, ".build", build, "eegscope")
        if os.path.exists(path):
            return path
    sys.exit("no eegscope binary: run `swift build -c release` first or pass --binary")


def run(arguments, cwd):
    result = subprocess.run(arguments, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout


def mask_runs(mask):
    """Half-open [start, end) sample runs of a boolean mask."""
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    changes = np.flatnonzero(np.diff(padded.astype(int)))
    return list(zip(changes[::2], changes[1::2]))


def neurodsp_events(edf, rhythm, band, path):
    raw = mne.io.read_raw_edf(edf, preload=True, verbose="error")
    fs = raw.info["sfreq"]
    data = raw.get_data() * 1e6  # MNE returns volts; events are in uV like the EDF
    rows = ["onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\tsnr_db"]
    for name, signal in zip(raw.ch_names, data):
        is_burst = detect_bursts_dual_threshold(
            signal, fs, dual_thresh=(1, 2), f_range=band, min_n_cycles=3)
        for start, end in mask_runs(is_burst):
            rows.append(
                f"{start / fs:.6f}\t{(end - start) / fs:.6f}\t{name}\t{rhythm}\t"
                f"{(band[0] + band[1]) / 2:.4f}\tn/a\tn/a")
    with open(path, "w") as handle:
        handle.write("\n".join(rows) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--snrs", default="0,5,10,15,20")
    parser.add_argument("--spreads", default="",
                        help="comma-separated source spreads in degrees (default: scenario's)")
    parser.add_argument("--scenarios", default=",".join(RHYTHMS))
    options = parser.parse_args()
    binary = find_binary(options.binary)
    snrs = [float(value) for value in options.snrs.split(",")]
    spreads = [float(value) for value in options.spreads.split(",") if value] or [None]
    seeds = [7001 + index for index in range(options.seeds)]
    table = []
    with tempfile.TemporaryDirectory() as work:
        for scenario in options.scenarios.split(","):
            rhythm, band = RHYTHMS[scenario]
            for spread, snr in ((spread, snr) for spread in spreads for snr in snrs):
                ours, theirs = [], []
                for seed in seeds:
                    stem = f"{scenario}-{snr:g}-{spread or 0:g}-{seed}"
                    extra = ["--spread", str(spread)] if spread is not None else []
                    run([binary, "synth", "--scenario", scenario, "--seed", str(seed),
                         "--snr", str(snr), "--duration", str(options.duration),
                         "--output", f"{stem}.edf"] + extra, work)
                    run([binary, "detect", f"{stem}.edf", "--rhythm", rhythm,
                         "--output", f"{stem}_ours.tsv"], work)
                    score = json.loads(run([binary, "score", "--truth", f"{stem}_events.tsv",
                                            "--detected", f"{stem}_ours.tsv"], work))
                    ours.append(score["f1"])
                    neurodsp_events(os.path.join(work, f"{stem}.edf"), rhythm, band,
                                    os.path.join(work, f"{stem}_neurodsp.tsv"))
                    score = json.loads(run([binary, "score", "--truth", f"{stem}_events.tsv",
                                            "--detected", f"{stem}_neurodsp.tsv"], work))
                    theirs.append(score["f1"])
                table.append((scenario, spread, snr, ours, theirs))
                print(f"{scenario} spread {spread or 'default'} SNR {snr:g}: "
                      f"ours {ours} neurodsp {theirs}", file=sys.stderr)

    def cell(values):
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        return f"{statistics.mean(values):.2f} ± {spread:.2f}"

    print(f"F1 over {len(seeds)} seeds ({', '.join(map(str, seeds))}), "
          f"{options.duration:g} s, 22 channels at 256 Hz; NeuroDSP {neurodsp.__version__}, "
          f"MNE {mne.__version__}.\n")
    print("| scenario | spread (deg) | SNR (dB) | EEGScope detect (BOSC) "
          "| NeuroDSP dual threshold (1, 2) |")
    print("|---|---|---|---|---|")
    for scenario, spread, snr, ours, theirs in table:
        shown = f"{spread:g}" if spread is not None else "8 (default)"
        print(f"| {scenario} | {shown} | {snr:g} | {cell(ours)} | {cell(theirs)} |")


if __name__ == "__main__":
    main()
