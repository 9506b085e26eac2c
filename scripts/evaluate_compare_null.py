#!/usr/bin/env python3
"""Null calibration of `eegscope compare` (docs/statistics.md, issue 15).

For every seed: `eegscope synth --scenario aperiodic` (pure 1/f background, no effect), then
  * stationary: the file as written;
  * drift: every channel multiplied by one common gain 10^(x(t)/20), x an Ornstein-Uhlenbeck
    process in dB with SD 1 dB and time constant 20 s (its own random stream, seeded
    10_000_000 + seed, independent of the synthesis).
Each file is compared baseline 0-T/2 vs condition T/2-T for delta3 and gamma. Reported:
  * single tests: fraction with p < 0.05 (band power; and each statistic), the fraction with
    p < 0.05 and no drift warning on that channel, the warning rate, and the former
    exchangeable-epoch test for contrast;
  * family: fraction of (recording, rhythm) runs with any corrected p < 0.05 over
    channels x 5 statistics (family-wise error; tests withheld for drift have no corrected p
    and make no claim), with its Clopper-Pearson 95 % interval, and the same counting only
    channels without drift_warning.
Choose thresholds on one seed range (e.g. 1-100), report on another (e.g. 1001-1200).

Usage: nice -n 10 python3 scripts/evaluate_compare_null.py --seeds 1001-1200 \
           --binary .build/release/eegscope --output null_report.json
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pyedflib
from pyedflib import highlevel

CHANNELS = "Fz,Cz,Pz,Oz,C3,C4,P3,P4"
STATISTICS = ["band_power_db", "periodic_power_db", "peak_height_db", "aperiodic_exponent",
              "aperiodic_offset"]


def ou_gain_db(n, fs, sd_db, tau_s, rng):
    a = np.exp(-1.0 / (fs * tau_s))
    noise = rng.standard_normal(n) * sd_db * np.sqrt(1 - a * a)
    x = np.empty(n)
    x[0] = rng.standard_normal() * sd_db
    for i in range(1, n):
        x[i] = a * x[i - 1] + noise[i]
    return x


def apply_drift(source, target, seed, sd_db, tau_s):
    signals, headers, header = highlevel.read_edf(source)
    fs = headers[0].get("sample_frequency") or headers[0].get("sample_rate")
    rng = np.random.default_rng(10_000_000 + seed)
    gain = 10 ** (ou_gain_db(len(signals[0]), fs, sd_db, tau_s, rng) / 20)
    out = []
    for s, h in zip(signals, headers):
        y = s * gain[: len(s)]
        bound = float(np.max(np.abs(y))) * 1.05 + 1e-6
        h["physical_max"] = round(bound, 3)
        h["physical_min"] = -round(bound, 3)
        out.append(y)
    header["annotations"] = []
    highlevel.write_edf(target, out, headers, header)


def compare(binary, path, rhythm, duration):
    half = duration / 2
    result = subprocess.run(
        [binary, "compare", path, "--rhythm", rhythm, "--baseline", f"0-{half:g}",
         "--condition", f"{half:g}-{duration:g}", "--permutations", "200"],
        capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def clopper_pearson(k, n, level=0.95):
    """Exact (Clopper-Pearson) binomial interval of k events in n trials."""
    from scipy.stats import beta
    a = (1 - level) / 2
    low = 0.0 if k == 0 else float(beta.ppf(a, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - a, k + 1, n - k))
    return [low, high]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1001-1200")
    parser.add_argument("--binary", default=".build/release/eegscope")
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--fs", type=float, default=250)
    parser.add_argument("--output", default="-")
    args = parser.parse_args()
    first, last = (int(v) for v in args.seeds.split("-"))
    rows = []
    families = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, last + 1):
            plain = os.path.join(tmp, f"null_{seed}.edf")
            subprocess.run(
                [args.binary, "synth", "--scenario", "aperiodic", "--duration",
                 f"{args.duration:g}", "--fs", f"{args.fs:g}", "--seed", str(seed),
                 "--channels", CHANNELS, "--output", plain],
                capture_output=True, check=True)
            drifted = os.path.join(tmp, f"drift_{seed}.edf")
            apply_drift(plain, drifted, seed, 1.0, 20.0)
            for kind, path in (("stationary", plain), ("drift", drifted)):
                for rhythm in ("delta3", "gamma"):
                    doc = compare(args.binary, path, rhythm, args.duration)
                    any_corrected = False
                    any_unwarned = False
                    for ch in doc["channels"]:
                        warned = bool(ch.get("drift_warning"))
                        row = {"seed": seed, "kind": kind, "rhythm": rhythm,
                               "channel": ch["name"], "warned": warned,
                               "drift_score": ch.get("drift_score"),
                               "p_exchangeable": ch.get("band_power_p_exchangeable")}
                        for name in STATISTICS:
                            test = ch["tests"][name]
                            row[name + "_p"] = test["p"]
                            row[name + "_pc"] = test["p_corrected"]
                            row[name + "_withheld"] = bool(test.get("withheld_for_drift"))
                            row[name + "_ratio"] = test.get("drift_ratio")
                            # A withheld test has p_corrected null: it makes no claim.
                            if test["p_corrected"] is not None and test["p_corrected"] < 0.05:
                                any_corrected = True
                                any_unwarned = any_unwarned or not warned
                        rows.append(row)
                    families.append({"seed": seed, "kind": kind, "rhythm": rhythm,
                                     "withheld": sum(
                                         bool(t.get("withheld_for_drift"))
                                         for c in doc["channels"] for t in c["tests"].values()),
                                     "any_corrected": any_corrected,
                                     "any_corrected_unwarned": any_unwarned,
                                     "warnings": len(doc.get("warnings", []))})
            os.remove(plain)
            os.remove(drifted)
            print(f"seed {seed} done", file=sys.stderr, flush=True)
    summary = {"seeds": args.seeds, "duration_s": args.duration, "fs_hz": args.fs,
               "channels": CHANNELS, "drift": {"sd_db": 1.0, "time_constant_s": 20.0},
               "single_tests": {}, "families": {}}
    for kind in ("stationary", "drift"):
        for rhythm in ("delta3", "gamma"):
            sel = [r for r in rows if r["kind"] == kind and r["rhythm"] == rhythm]
            key = f"{kind}/{rhythm}"
            n = len(sel)
            entry = {"tests": n,
                     "warned": sum(r["warned"] for r in sel) / n,
                     "exchangeable_p_below_0.05": sum(r["p_exchangeable"] < 0.05 for r in sel) / n}
            for name in STATISTICS:
                entry[name + ": p<0.05"] = sum(r[name + "_p"] < 0.05 for r in sel) / n
                entry[name + ": p<0.05 unwarned"] = sum(
                    r[name + "_p"] < 0.05 and not r["warned"] for r in sel) / n
                entry[name + ": withheld"] = sum(r[name + "_withheld"] for r in sel) / n
                entry[name + ": p<0.05 not withheld"] = sum(
                    r[name + "_p"] < 0.05 and not r[name + "_withheld"] for r in sel) / n
            summary["single_tests"][key] = entry
            fam = [f for f in families if f["kind"] == kind and f["rhythm"] == rhythm]
            errors = sum(f["any_corrected"] for f in fam)
            summary["families"][key] = {
                "runs": len(fam),
                "family_size": 5 * len(CHANNELS.split(",")),
                "family_errors": errors,
                "fwer": errors / len(fam),
                "fwer_95ci": clopper_pearson(errors, len(fam)),
                "runs_with_withheld_tests": sum(f["withheld"] > 0 for f in fam) / len(fam),
                "fwer_unwarned": sum(f["any_corrected_unwarned"] for f in fam) / len(fam),
                "runs_with_warning": sum(f["warnings"] > 0 for f in fam) / len(fam)}
    text = json.dumps(summary, indent=2)
    if args.output == "-":
        print(text)
    else:
        with open(args.output, "w") as f:
            f.write(text + "\n")
        with open(args.output.replace(".json", "_rows.json"), "w") as f:
            json.dump(rows, f)
        print(text)


if __name__ == "__main__":
    main()
