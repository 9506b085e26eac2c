#!/usr/bin/env python3
"""Power and null rate of `eegscope group` on synthetic cohorts (docs/statistics.md, issue 15).

Each subject is one `eegscope synth --scenario aperiodic` recording (independent 1/f
background per channel, its own seed) of 2 x HALF seconds: the first half is the reference
condition, the second half the other condition (design rows with start_s,end_s). Per subject:
  * a session gain common to all channels in the second half, N(0, SESSION_SD_DB) dB;
  * in effect cohorts, the 2-4 Hz (delta3) band of CPz, Pz and POz in the second half scaled
    in power by N(EFFECT_DB, EFFECT_SD_DB) dB (FFT-domain scaling of exactly that band).
A cohort is "detected" when any of CPz, Pz, POz has p_corrected < 0.05; a null cohort is a
false positive when any channel has p_corrected < 0.05. Random numbers for gains and effects
come from numpy seeded per cohort (independent of the synthesis seeds).

Usage: nice -n 10 python3 scripts/evaluate_group_power.py --cohorts 60 --binary .build/release/eegscope
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from pyedflib import highlevel

CHANNELS = ["Fz", "F3", "F4", "Cz", "C3", "C4", "CPz", "Pz", "P3", "P4", "POz", "Oz"]
TARGETS = ["CPz", "Pz", "POz"]
SUBJECTS = 20
HALF = 30.0
FS = 250.0
EFFECT_DB = 1.5
EFFECT_SD_DB = 1.0
SESSION_SD_DB = 0.5


def scale_band(x, fs, low, high, power_db):
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(len(x), 1 / fs)
    band = (freqs >= low) & (freqs <= high)
    spectrum[band] *= 10 ** (power_db / 20)
    return np.fft.irfft(spectrum, n=len(x))


def make_subject(binary, path, seed, rng, effect):
    raw = path + ".raw.edf"
    subprocess.run(
        [binary, "synth", "--scenario", "aperiodic", "--duration", f"{2 * HALF:g}", "--fs",
         f"{FS:g}", "--seed", str(seed), "--channels", ",".join(CHANNELS), "--output", raw],
        capture_output=True, check=True)
    signals, headers, header = highlevel.read_edf(raw)
    os.remove(raw)
    events = raw.replace(".edf", "_events.tsv")
    if os.path.exists(events):
        os.remove(events)
    split = int(HALF * FS)
    session = 10 ** (rng.normal(0, SESSION_SD_DB) / 20)
    subject_effect = rng.normal(EFFECT_DB, EFFECT_SD_DB) if effect else 0.0
    out = []
    for signal, h in zip(signals, headers):
        second = signal[split:] * session
        if effect and h["label"] in TARGETS:
            second = scale_band(second, FS, 2.0, 4.0, subject_effect)
        y = np.concatenate([signal[:split], second])
        bound = float(np.max(np.abs(y))) * 1.05 + 1e-6
        h["physical_max"] = round(bound, 3)
        h["physical_min"] = -round(bound, 3)
        out.append(y)
    header["annotations"] = []
    highlevel.write_edf(path, out, headers, header)


def run_cohort(binary, tmp, cohort, effect, correction_list):
    rng = np.random.default_rng(7_000_000 + 2 * cohort + (1 if effect else 0))
    rows = ["subject,condition,file,start_s,end_s"]
    for s in range(SUBJECTS):
        name = f"c{cohort}_{'e' if effect else 'n'}_s{s}.edf"
        seed = 500_000 + cohort * 1000 + s * 2 + (1 if effect else 0)
        make_subject(binary, os.path.join(tmp, name), seed, rng, effect)
        rows.append(f"sub{s},baseline,{name},0,{HALF:g}")
        rows.append(f"sub{s},condition,{name},{HALF:g},{2 * HALF:g}")
    design = os.path.join(tmp, "design.csv")
    with open(design, "w") as f:
        f.write("\n".join(rows) + "\n")
    outcome = {}
    for correction in correction_list:
        result = subprocess.run(
            [binary, "group", "--design", design, "--rhythm", "delta3", "--correction",
             correction, "--permutations", "1999", "--seed", str(cohort), "-o", "-"],
            capture_output=True, text=True, check=True)
        doc = json.loads(result.stdout)
        sig = [r["channel"] for r in doc["results"] if r["p_corrected"] < 0.05]
        outcome[correction] = {
            "significant": sig,
            "target_changes": {r["channel"]: r["change_db"] for r in doc["results"]
                               if r["channel"] in TARGETS}}
    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    return outcome


def clopper_pearson(k, n, level=0.95):
    """Exact (Clopper-Pearson) binomial interval of k successes in n trials."""
    from scipy.stats import beta
    if n == 0:
        return None
    a = (1 - level) / 2
    low = 0.0 if k == 0 else float(beta.ppf(a, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - a, k + 1, n - k))
    return [low, high]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cohorts", type=int, default=60)
    parser.add_argument("--first", type=int, default=1000)
    parser.add_argument("--effect-cohorts", type=int, default=None,
                        help="effect cohorts to run (the first ones); default: --cohorts")
    parser.add_argument("--binary", default=".build/release/eegscope")
    parser.add_argument("--output", default="-")
    args = parser.parse_args()
    corrections = ["maxstat", "cluster"]
    n_effect = args.cohorts if args.effect_cohorts is None else args.effect_cohorts
    tallies = {kind: {c: 0 for c in corrections} for kind in ("effect", "null")}
    changes = []
    with tempfile.TemporaryDirectory() as tmp:
        for cohort in range(args.first, args.first + args.cohorts):
            for effect in (True, False):
                if effect and cohort >= args.first + n_effect:
                    continue
                outcome = run_cohort(args.binary, tmp, cohort, effect, corrections)
                for c in corrections:
                    sig = outcome[c]["significant"]
                    if effect:
                        tallies["effect"][c] += any(ch in TARGETS for ch in sig)
                        changes += list(outcome[c]["target_changes"].values())
                    else:
                        tallies["null"][c] += bool(sig)
            print(f"cohort {cohort}: {tallies}", file=sys.stderr, flush=True)
    n = args.cohorts
    summary = {
        "null_cohorts": n, "effect_cohorts": n_effect, "subjects": SUBJECTS, "channels": CHANNELS, "targets": TARGETS,
        "recording_s": 2 * HALF, "fs_hz": FS, "effect_db": EFFECT_DB,
        "effect_sd_db": EFFECT_SD_DB, "session_gain_sd_db": SESSION_SD_DB,
        "permutations": 1999, "cohort_seeds": f"{args.first}-{args.first + n - 1}",
        "detection_rate": {c: tallies["effect"][c] / max(n_effect, 1) for c in corrections},
        "detection_95ci": {c: clopper_pearson(tallies["effect"][c], n_effect)
                           for c in corrections},
        "null_false_positive_rate": {c: tallies["null"][c] / n for c in corrections},
        "null_false_positive_95ci": {c: clopper_pearson(tallies["null"][c], n)
                                     for c in corrections},
        "counts": tallies,
        "mean_measured_target_change_db": float(np.mean(changes)) if changes else None,
    }
    text = json.dumps(summary, indent=2)
    if args.output != "-":
        with open(args.output, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
