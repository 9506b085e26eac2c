#!/usr/bin/env python3
"""Bursty 60 Hz gamma without mains: is it kept, or taken for line noise and notched?

For each seed this script simulates channel-independent recordings with NeuroDSP (not
EEGScope's own `synth`): 1/f^2 background (`sim_powerlaw`) plus a bursty 60 Hz sine
(`sim_bursty_oscillation` with a per-cycle burst definition drawn by `make_is_osc_prob`,
enter 0.025 / leave 0.1 per cycle: bursts of ~10 cycles, ~20 % of the time), writes EDF with
pyedflib, runs `eegscope detect --rhythm gamma` with the AUTOMATIC line frequency and scores
the events against the truth with `eegscope score` (overlap >= 0.5 of the shorter event).

SNR: burst power (A^2 / 2) over the background's power in 55-65 Hz (the detector's 10 Hz
sub-band around 60 Hz), in dB. Truth: runs of >= 3 burst cycles, one row per channel.

Usage: scripts/evaluate_line_noise.py [--binary .build/release/eegscope] [--seeds 1-20]
       [--snrs 10] [--duration 120] [--channels 4]
Thresholds were chosen on seeds 1-20; report on seeds 101-120.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pyedflib
import scipy.signal
from neurodsp.sim.aperiodic import sim_powerlaw
from neurodsp.sim.periodic import make_is_osc_prob, sim_bursty_oscillation

RATE = 500.0
FREQUENCY = 60.0
LABELS = ["Fz", "Cz", "Pz", "Oz", "C3", "C4", "P3", "P4"]


def simulate(seed, snr_db, duration, channels):
    np.random.seed(seed)
    signals, truth = [], []
    cycles = int(duration * FREQUENCY)
    for channel in range(channels):
        background = sim_powerlaw(duration, RATE, exponent=-2.0) * 10.0
        freqs, psd = scipy.signal.welch(background, RATE, nperseg=int(2 * RATE))
        band = (freqs >= 55) & (freqs <= 65)
        band_power = np.trapezoid(psd[band], freqs[band])
        amplitude = np.sqrt(2 * band_power * 10 ** (snr_db / 10))
        is_osc = make_is_osc_prob(cycles, enter_burst=0.025, leave_burst=0.1)
        # Keep the first and last second free of bursts (filter edges).
        is_osc[: int(FREQUENCY)] = False
        is_osc[-int(FREQUENCY):] = False
        bursts = sim_bursty_oscillation(duration, RATE, FREQUENCY, burst_def=is_osc)
        n = min(len(background), len(bursts))
        signals.append(background[:n] + amplitude * bursts[:n])
        start = None
        for index, value in enumerate(list(is_osc) + [False]):
            if value and start is None:
                start = index
            elif not value and start is not None:
                if index - start >= 3:
                    truth.append((start / FREQUENCY, (index - start) / FREQUENCY,
                                  LABELS[channel]))
                start = None
    return signals, sorted(truth)


def write_edf(path, signals):
    writer = pyedflib.EdfWriter(path, len(signals), file_type=pyedflib.FILETYPE_EDFPLUS)
    headers = []
    for index, samples in enumerate(signals):
        top = float(np.max(np.abs(samples))) * 1.1 + 1
        headers.append({"label": LABELS[index], "dimension": "uV", "sample_frequency": RATE,
                        "physical_max": top, "physical_min": -top, "digital_max": 32767,
                        "digital_min": -32768, "transducer": "", "prefilter": ""})
    writer.setSignalHeaders(headers)
    writer.writeSamples([np.asarray(s) for s in signals])
    writer.close()


def parse_range(text):
    values = []
    for part in text.split(","):
        if "-" in part:
            low, high = part.split("-")
            values += list(range(int(low), int(high) + 1))
        else:
            values.append(int(part))
    return values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/eegscope")
    parser.add_argument("--seeds", default="1-20")
    parser.add_argument("--snrs", default="10")
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--channels", type=int, default=4)
    options = parser.parse_args()
    print(f"numpy {np.__version__}, pyedflib {pyedflib.__version__}", file=sys.stderr)
    for snr in [float(v) for v in options.snrs.split(",")]:
        totals = {"true_positives": 0, "false_positives": 0, "false_negatives": 0}
        f1s, lines = [], []
        with tempfile.TemporaryDirectory() as folder:
            for seed in parse_range(options.seeds):
                signals, truth = simulate(seed, snr, options.duration, options.channels)
                edf = os.path.join(folder, f"bursty60-{seed}.edf")
                write_edf(edf, signals)
                truth_path = os.path.join(folder, f"truth-{seed}.tsv")
                with open(truth_path, "w") as handle:
                    handle.write("onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\n")
                    for onset, duration, channel in truth:
                        handle.write(f"{onset:.4f}\t{duration:.4f}\t{channel}\tgamma\t60\t1\n")
                events = os.path.join(folder, f"events-{seed}.tsv")
                summary = os.path.join(folder, f"summary-{seed}.json")
                subprocess.run([options.binary, "detect", edf, "--rhythm", "gamma",
                                "--output", events, "--summary", summary],
                               check=True, capture_output=True)
                score = json.loads(subprocess.run(
                    [options.binary, "score", "--truth", truth_path, "--detected", events],
                    check=True, capture_output=True, text=True).stdout)
                line = json.load(open(summary))["files"][0].get("line_noise_hz")
                lines.append(line)
                for key in totals:
                    totals[key] += score[key]
                f1s.append(score["f1"])
                print(f"SNR {snr:g} dB seed {seed}: f1 {score['f1']:.3f} line {line}",
                      file=sys.stderr)
        tp, fp, fn = (totals[k] for k in ("true_positives", "false_positives",
                                          "false_negatives"))
        precision = tp / (tp + fp) if tp + fp else 0
        recall = tp / (tp + fn) if tp + fn else 0
        pooled = 2 * precision * recall / (precision + recall) if precision + recall else 0
        mains_calls = sum(1 for line in lines if line is not None)
        print(f"SNR {snr:g} dB seeds {options.seeds}: pooled F1 {pooled:.3f} (precision "
              f"{precision:.3f}, recall {recall:.3f}); per-seed F1 min {min(f1s):.3f} median "
              f"{float(np.median(f1s)):.3f}; line frequency called on {mains_calls}/"
              f"{len(lines)} recordings")


if __name__ == "__main__":
    main()
