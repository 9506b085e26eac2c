#!/usr/bin/env python3
"""Honest detection benchmark on data EEGScope did not design (NeuroDSP simulations).

Parts (``--part``, several comma-separated, default all):

bursts       Channel-independent bursts (NeuroDSP ``sim_bursty_oscillation``, sine cycles,
             ``burst_params={'enter_burst': 0.1, 'leave_burst': 0.2}``: about a third of the
             time in bursts, mean 5 cycles) at 3, 40 and 60 Hz on NeuroDSP ``sim_powerlaw``
             noise (exponent -2), at each SNR. F1 of ``eegscope detect`` (defaults) and of
             NeuroDSP ``detect_bursts_dual_threshold`` at its defaults (dual_thresh=(1, 2),
             3 cycles) and at a false-alarm rate matched to EEGScope's (``--match``).
falsealarms  Pure noise, with and without a knee: episodes per channel per 5 minutes of both
             detectors and the fraction of channels where ``detect --summary`` says "peak
             present".
transients   1/f noise with transients (20 ms spikes, electrode pops = step + exponential
             decay, blink-shaped bumps) of 25-200 uV: the fraction of transients that produce
             an episode (delta3 or gamma) within [-0.5 s, +1 s] of their onset.
match        Tuning only: the NeuroDSP dual threshold whose false-alarm rate on pure 1/f noise
             (tuning seeds) is closest to, and not above, EEGScope's.

Definitions
- Background: unit-variance NeuroDSP noise times 10 uV. ``knee`` noise has NeuroDSP
  ``sim_knee``'s spectrum P(f) = 1 / (f^-e1 (f^(-e2-e1) + k)) with e1 = 0, e2 = -2, k = 100
  (knee at 10 Hz); it is made by an inverse FFT with random phases instead of sim_knee's sum of
  cosines (same spectrum and phase model, O(n log n) instead of O(n^2)).
- SNR (dB) = 10 log10(mean power of the oscillation over its burst samples / mean power of the
  background band-passed (FFT brick wall) to the detection band around the burst frequency:
  2-4 Hz for 3 Hz, f +/- 5 Hz for 40 and 60 Hz).
- Truth: runs of non-zero oscillation samples (gaps under half a cycle closed). Bursts of at
  least 3 cycles are truth rows; shorter ones are "don't care" (a detection overlapping one is
  neither a hit nor a false alarm), since both detectors require 3 cycles.
- Matching: as ``eegscope score``: same channel, overlap >= 0.5 of the shorter event,
  one-to-one, greedy by overlap.
- Seeds: TUNING 1-50, REPORT 1001-1050 (``--seeds tuning|report``, ``--n-seeds`` takes the
  first N). Thresholds are chosen on tuning seeds only.

Usage: nice -n 10 scripts/evaluate_neurodsp.py --seeds report --n-seeds 20 --part all
         --neurodsp-matched 2.5,5 [--json results.json]
Needs numpy, neurodsp, edfio and a built eegscope (release preferred).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import edfio
import neurodsp
from neurodsp.burst import detect_bursts_dual_threshold
from neurodsp.sim import sim_bursty_oscillation, sim_powerlaw

SAMPLE_RATE = 480.0  # an integer number of samples per cycle at 3, 40 and 60 Hz
BACKGROUND_UV = 10.0
CHANNELS = [f"EEG{index:02d}" for index in range(1, 5)]
FREQUENCIES = {3.0: ("delta3", (2.0, 4.0)), 40.0: ("gamma", (30.0, 80.0)),
               60.0: ("gamma", (30.0, 80.0))}
SEEDS = {"tuning": list(range(1, 51)), "report": list(range(1001, 1051))}
BURSTS = {"enter_burst": 0.1, "leave_burst": 0.2}


# MARK: - Signals

def powerlaw(seconds, seed):
    np.random.seed(seed)
    return sim_powerlaw(seconds, SAMPLE_RATE, exponent=-2.0) * BACKGROUND_UV


def knee_noise(seconds, seed, exponent1=0.0, exponent2=-2.0, knee=100.0):
    """sim_knee's spectrum with random phases, by inverse FFT; unit variance times 10 uV."""
    rng = np.random.default_rng(seed)
    count = int(round(seconds * SAMPLE_RATE))
    freqs = np.fft.rfftfreq(count, 1 / SAMPLE_RATE)
    amplitude = np.zeros_like(freqs)
    f = freqs[1:]
    amplitude[1:] = np.sqrt(1 / (f ** -exponent1 * (f ** (-exponent2 - exponent1) + knee)))
    spectrum = amplitude * np.exp(2j * np.pi * rng.random(len(freqs)))
    signal = np.fft.irfft(spectrum, n=count)
    return (signal - signal.mean()) / signal.std() * BACKGROUND_UV


def band_power(signal, band):
    spectrum = np.fft.rfft(signal)
    freqs = np.fft.rfftfreq(len(signal), 1 / SAMPLE_RATE)
    spectrum[(freqs < band[0]) | (freqs > band[1])] = 0
    return float(np.mean(np.fft.irfft(spectrum, n=len(signal)) ** 2))


def snr_band(frequency):
    return (2.0, 4.0) if frequency < 10 else (frequency - 5, frequency + 5)


def runs(mask):
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    changes = np.flatnonzero(np.diff(padded.astype(int)))
    return list(zip(changes[::2], changes[1::2]))


def burst_runs(oscillation, frequency):
    """Runs of non-zero samples with gaps under half a cycle closed."""
    half = int(SAMPLE_RATE / frequency / 2)
    merged = []
    for start, end in runs(oscillation != 0):
        if merged and start - merged[-1][1] < half:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def write_edf(path, signals):
    edf = edfio.Edf([
        edfio.EdfSignal(np.asarray(data), SAMPLE_RATE, label=name, physical_dimension="uV")
        for name, data in zip(CHANNELS, signals)])
    edf.write(path)


# MARK: - Detectors and scoring

def eegscope_events(binary, edf, rhythm, summary=None, extra=()):
    arguments = [binary, "detect", edf, "--rhythm", rhythm] + list(extra)
    if summary:
        arguments += ["--summary", summary]
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed: {result.stderr.strip()}")
    events = []
    lines = result.stdout.strip().splitlines()
    for line in lines[1:]:
        fields = line.split("\t")
        onset, duration = float(fields[0]), float(fields[1])
        events.append((fields[2], onset, onset + duration, float(fields[6])))
    return events


def neurodsp_events(signals, band, thresholds):
    events = []
    for name, signal in zip(CHANNELS, signals):
        mask = detect_bursts_dual_threshold(
            signal, SAMPLE_RATE, dual_thresh=thresholds, f_range=band, min_n_cycles=3)
        for start, end in runs(mask):
            events.append((name, start / SAMPLE_RATE, end / SAMPLE_RATE, float("nan")))
    return events


def score(truth, dont_care, detected):
    """Greedy one-to-one matching (overlap >= half the shorter), as `eegscope score`."""
    def overlaps(a, b, fraction):
        overlap = min(a[2], b[2]) - max(a[1], b[1])
        shorter = min(a[2] - a[1], b[2] - b[1])
        return overlap >= fraction * shorter - 1e-9 and overlap >= 0, overlap
    pairs = []
    for i, t in enumerate(truth):
        for j, d in enumerate(detected):
            if t[0] != d[0]:
                continue
            ok, overlap = overlaps(t, d, 0.5)
            if ok:
                pairs.append((overlap, i, j))
    pairs.sort(reverse=True)
    used_truth, used_detected = set(), set()
    for _, i, j in pairs:
        if i not in used_truth and j not in used_detected:
            used_truth.add(i)
            used_detected.add(j)
    tp = len(used_truth)
    fp = 0
    for j, d in enumerate(detected):
        if j in used_detected:
            continue
        if any(c[0] == d[0] and min(c[2], d[2]) - max(c[1], d[1]) > 0 for c in dont_care):
            continue
        fp += 1
    fn = len(truth) - tp
    return tp, fp, fn


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


# MARK: - Parts

def bursts_part(options, binary, work, matched):
    rows = []
    for frequency in options.frequencies:
        rhythm, band = FREQUENCIES[frequency]
        for snr in options.snrs:
            totals = {"eegscope": [0, 0, 0], "neurodsp": [0, 0, 0], "matched": [0, 0, 0]}
            per_seed = {key: [] for key in totals}
            snr_seen = []
            for seed in options.seed_list:
                signals, truth, dont_care = [], [], []
                for index, name in enumerate(CHANNELS):
                    channel_seed = seed * 100 + index
                    background = powerlaw(options.duration, channel_seed)
                    np.random.seed(channel_seed + 50_000 + int(frequency))
                    oscillation = sim_bursty_oscillation(
                        options.duration, SAMPLE_RATE, frequency, burst_params=dict(BURSTS))
                    inside = oscillation != 0
                    oscillation_power = float(np.mean(oscillation[inside] ** 2))
                    noise_power = band_power(background, snr_band(frequency))
                    scale = np.sqrt(10 ** (snr / 10) * noise_power / oscillation_power)
                    signals.append(background + scale * oscillation)
                    snr_seen.append(10 * np.log10(
                        np.mean((scale * oscillation[inside]) ** 2) / noise_power))
                    for start, end in burst_runs(oscillation, frequency):
                        row = (name, start / SAMPLE_RATE, end / SAMPLE_RATE)
                        cycles = (end - start) / SAMPLE_RATE * frequency
                        (truth if cycles >= 2.95 else dont_care).append(row)
                edf = os.path.join(work, f"bursts-{frequency:g}-{snr:g}-{seed}.edf")
                write_edf(edf, signals)
                results = {
                    "eegscope": eegscope_events(binary, edf, rhythm, extra=options.eegscope_args),
                    "neurodsp": neurodsp_events(signals, band, (1, 2)),
                }
                if matched:
                    results["matched"] = neurodsp_events(signals, band, matched)
                for key, detected in results.items():
                    counts = score(truth, dont_care, detected)
                    per_seed[key].append(f1(*counts))
                    for position in range(3):
                        totals[key][position] += counts[position]
                os.remove(edf)
            row = {"frequency_hz": frequency, "rhythm": rhythm, "snr_db": snr,
                   "snr_check_db": float(np.mean(snr_seen))}
            for key in totals:
                if key == "matched" and not matched:
                    continue
                tp, fp, fn = totals[key]
                row[key] = {"f1": f1(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn,
                            "f1_sd_over_seeds": float(np.std(per_seed[key]))}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


def noise_files(options, work, kind):
    for seed in options.seed_list:
        generate = powerlaw if kind == "powerlaw" else knee_noise
        signals = [generate(options.noise_duration, seed * 100 + index + 7)
                   for index in range(len(CHANNELS))]
        edf = os.path.join(work, f"noise-{kind}-{seed}.edf")
        write_edf(edf, signals)
        yield seed, edf, signals
        os.remove(edf)


def falsealarm_part(options, binary, work, matched):
    rows = []
    for kind in ("powerlaw", "knee"):
        counts = {}
        present = {}
        channel_count = 0
        for seed, edf, signals in noise_files(options, work, kind):
            channel_count += len(signals)
            for rhythm, band in (("delta3", (2.0, 4.0)), ("gamma", (30.0, 80.0))):
                summary_path = edf + f".{rhythm}.json"
                ours = eegscope_events(binary, edf, rhythm, summary_path, options.eegscope_args)
                with open(summary_path) as handle:
                    summary = json.load(handle)
                os.remove(summary_path)
                peaks = sum(1 for file in summary["files"] for channel in file["channels"]
                            if (channel.get("peak") or {}).get("present"))
                present[rhythm] = present.get(rhythm, 0) + peaks
                detectors = {"eegscope": ours, "neurodsp": neurodsp_events(signals, band, (1, 2))}
                if matched:
                    detectors["matched"] = neurodsp_events(signals, band, matched)
                for key, events in detectors.items():
                    counts[(rhythm, key)] = counts.get((rhythm, key), 0) + len(events)
        minutes = channel_count * options.noise_duration / 60
        for (rhythm, key), total in sorted(counts.items()):
            row = {"background": kind, "rhythm": rhythm, "detector": key, "episodes": total,
                   "per_channel_per_5_min": total / minutes * 5,
                   "channels": channel_count}
            if key == "eegscope":
                row["peak_present_fraction"] = present[rhythm] / channel_count
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


def transient_shape(kind, amplitude, rng):
    """A transient's samples (uV) and its length in seconds."""
    if kind == "spike":  # 20 ms triangle
        half = int(0.010 * SAMPLE_RATE)
        shape = np.concatenate([np.linspace(0, 1, half, endpoint=False),
                                np.linspace(1, 0, half + 1)])
    elif kind == "pop":  # step and exponential decay, tau 0.3 s
        t = np.arange(int(1.5 * SAMPLE_RATE)) / SAMPLE_RATE
        shape = np.exp(-t / 0.3)
    elif kind == "blink":  # 300 ms raised-cosine (Hann) bump
        count = int(0.3 * SAMPLE_RATE)
        shape = np.hanning(count)
    else:
        raise ValueError(kind)
    sign = 1 if kind == "blink" else rng.choice([-1, 1])
    return sign * amplitude * shape


def transients_part(options, binary, work):
    rows = []
    amplitudes = [25.0, 50.0, 100.0, 200.0]
    for kind in ("spike", "pop", "blink"):
        hits = {(rhythm, amplitude): 0 for rhythm in ("delta3", "gamma") for amplitude in amplitudes}
        total = {amplitude: 0 for amplitude in amplitudes}
        for seed in options.seed_list:
            rng = np.random.default_rng(seed * 7 + len(kind))
            signals, placed = [], []
            for index, name in enumerate(CHANNELS):
                signal = powerlaw(options.noise_duration, seed * 100 + index + 3)
                amplitude = amplitudes[index % len(amplitudes)]
                onset = 5.0
                while onset < options.noise_duration - 5:
                    shape = transient_shape(kind, amplitude, rng)
                    start = int(onset * SAMPLE_RATE)
                    signal[start:start + len(shape)] += shape
                    placed.append((name, onset, amplitude))
                    onset += 10.0 + rng.uniform(0, 2)
                signals.append(signal)
            edf = os.path.join(work, f"transients-{kind}-{seed}.edf")
            write_edf(edf, signals)
            for rhythm in ("delta3", "gamma"):
                events = eegscope_events(binary, edf, rhythm, extra=options.eegscope_args)
                for name, onset, amplitude in placed:
                    if any(e[0] == name and e[1] < onset + 1.0 and e[2] > onset - 0.5
                           for e in events):
                        hits[(rhythm, amplitude)] += 1
            for _, _, amplitude in placed:
                total[amplitude] += 1
            os.remove(edf)
        for amplitude in amplitudes:
            row = {"transient": kind, "amplitude_uv": amplitude, "count": total[amplitude]}
            for rhythm in ("delta3", "gamma"):
                row[f"{rhythm}_fraction"] = hits[(rhythm, amplitude)] / max(total[amplitude], 1)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


def match_part(options, binary, work):
    """NeuroDSP (low, high) = (h/2, h) with the least h whose false-alarm rate on tuning
    noise does not exceed EEGScope's (both rhythms pooled)."""
    grid = [2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0]
    ours = 0
    theirs = {h: 0 for h in grid}
    for seed, edf, signals in noise_files(options, work, "powerlaw"):
        for rhythm, band in (("delta3", (2.0, 4.0)), ("gamma", (30.0, 80.0))):
            ours += len(eegscope_events(binary, edf, rhythm, extra=options.eegscope_args))
            for h in grid:
                theirs[h] += len(neurodsp_events(signals, band, (h / 2, h)))
    chosen = next((h for h in grid if theirs[h] <= ours), grid[-1])
    row = {"eegscope_episodes": ours, "neurodsp_episodes_by_high": theirs,
           "chosen": [chosen / 2, chosen]}
    print(json.dumps(row), file=sys.stderr, flush=True)
    return [row]


def find_binary(explicit):
    if explicit:
        return os.path.abspath(explicit)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for build in ("release", "debug"):
        path = os.path.join(root, ".build", build, "eegscope")
        if os.path.exists(path):
            return path
    sys.exit("no eegscope binary: run `swift build -c release` first or pass --binary")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary")
    parser.add_argument("--part", default="bursts,falsealarms,transients")
    parser.add_argument("--seeds", choices=sorted(SEEDS), default="tuning")
    parser.add_argument("--n-seeds", type=int, default=10)
    parser.add_argument("--duration", type=float, default=120, help="burst files, seconds")
    parser.add_argument("--noise-duration", type=float, default=300,
                        help="noise and transient files, seconds")
    parser.add_argument("--snrs", default="0,5,10,20")
    parser.add_argument("--frequencies", default="3,40,60")
    parser.add_argument("--neurodsp-matched", default="",
                        help="LOW,HIGH dual threshold found with --part match on tuning seeds")
    parser.add_argument("--eegscope-args", default="",
                        help="extra detect arguments, space-separated")
    parser.add_argument("--json", help="write all rows here")
    options = parser.parse_args()
    options.seed_list = SEEDS[options.seeds][:options.n_seeds]
    options.snrs = [float(value) for value in options.snrs.split(",")]
    options.frequencies = [float(value) for value in options.frequencies.split(",")]
    options.eegscope_args = options.eegscope_args.split()
    matched = tuple(float(v) for v in options.neurodsp_matched.split(",") if v) or None
    binary = find_binary(options.binary)
    results = {"neurodsp": neurodsp.__version__, "seeds": options.seed_list,
               "sample_rate_hz": SAMPLE_RATE, "channels": len(CHANNELS),
               "burst_duration_s": options.duration, "noise_duration_s": options.noise_duration,
               "neurodsp_matched": matched, "eegscope_args": options.eegscope_args}
    parts = options.part.split(",")
    with tempfile.TemporaryDirectory() as work:
        if "match" in parts:
            results["match"] = match_part(options, binary, work)
        if "bursts" in parts:
            results["bursts"] = bursts_part(options, binary, work, matched)
        if "falsealarms" in parts:
            results["falsealarms"] = falsealarm_part(options, binary, work, matched)
        if "transients" in parts:
            results["transients"] = transients_part(options, binary, work)
    text = json.dumps(results, indent=1)
    if options.json:
        with open(options.json, "w") as handle:
            handle.write(text + "\n")
    print_tables(results)


def print_tables(results):
    if "bursts" in results:
        print("| burst Hz | rhythm | SNR dB | EEGScope F1 (TP/FP/FN) | NeuroDSP (1,2) F1 "
              "| NeuroDSP matched F1 |")
        print("|---|---|---|---|---|---|")
        for row in results["bursts"]:
            ours = row["eegscope"]
            matched = row.get("matched")
            print(f"| {row['frequency_hz']:g} | {row['rhythm']} | {row['snr_db']:g} | "
                  f"{ours['f1']:.2f} ({ours['tp']}/{ours['fp']}/{ours['fn']}) | "
                  f"{row['neurodsp']['f1']:.2f} | "
                  f"{matched['f1']:.2f} |" if matched else
                  f"| {row['frequency_hz']:g} | {row['rhythm']} | {row['snr_db']:g} | "
                  f"{ours['f1']:.2f} ({ours['tp']}/{ours['fp']}/{ours['fn']}) | "
                  f"{row['neurodsp']['f1']:.2f} | - |")
    if "falsealarms" in results:
        print("\n| background | rhythm | detector | episodes / channel / 5 min "
              "| peak present (fraction of channels) |")
        print("|---|---|---|---|---|")
        for row in results["falsealarms"]:
            present = row.get("peak_present_fraction")
            shown = f"{present:.3f}" if present is not None else "-"
            print(f"| {row['background']} | {row['rhythm']} | {row['detector']} | "
                  f"{row['per_channel_per_5_min']:.3f} | {shown} |")
    if "transients" in results:
        print("\n| transient | amplitude uV | count | delta3 episode | gamma episode |")
        print("|---|---|---|---|---|")
        for row in results["transients"]:
            print(f"| {row['transient']} | {row['amplitude_uv']:g} | {row['count']} | "
                  f"{row['delta3_fraction']:.2f} | {row['gamma_fraction']:.2f} |")


if __name__ == "__main__":
    main()
