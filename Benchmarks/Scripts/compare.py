#!/usr/bin/env python3
"""Driver of compare.sh: times EEGScope against its references on the same generated inputs, in
one run, alternating the programs (paired runs) and reporting medians and ratios.

Rows:
  * end-to-end 64 ch x 256 Hz x 1 h EDF -> Welch (2 s Hann, 50 %) -> five band powers, each a
    whole process under /usr/bin/time -v (wall time, peak RSS): `eegscope bandpower`, the
    streaming C floor (floor.c over FFTW), MNE (reference_pipelines.py mne-bandpower);
    numbers are cross-checked (ours vs floor and vs MNE, max relative difference);
  * peak RSS of `eegscope bandpower` on 10 min vs 1 h (flat = constant memory);
  * Welch in memory, 64 ch x 160 Hz x 10 min: scipy.signal.welch vs `eegscope bench welch`;
  * FFT r2c 1024..65536: `eegscope bench fft` vs raw FFTW (fft_floor.c), ESTIMATE and MEASURE;
  * zero-phase 2-4 Hz band-pass + envelope, 64 ch x 256 Hz x 10 min: the Benchmarks
    `filtering` suite vs SciPy sosfiltfilt + hilbert (filter_vs_scipy.py), when available.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
FFT_SIZES = [1024, 2048, 4096, 8192, 16384, 32768, 65536]


def timed(command, output_path, env=None):
    """Runs `command` under /usr/bin/time -v; returns (wall seconds, peak RSS in MB)."""
    report = output_path + ".time"
    with open(output_path, "w") as output:
        subprocess.run(["/usr/bin/time", "-v", "-o", report] + command, stdout=output,
                       check=True, env=env)
    wall = rss = None
    for line in open(report):
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            clock = line.rsplit(" ", 1)[-1].split(":")
            wall = sum(float(part) * 60 ** index for index, part in enumerate(reversed(clock)))
        elif line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(" ", 1)[-1]) / 1024
    return wall, rss


def csv_values(path, skip):
    """{(channel, band): (absolute, relative)} from a band-power CSV."""
    values = {}
    with open(path) as handle:
        next(handle)
        for line in handle:
            fields = line.strip().split(",")[skip:]
            values[(fields[0], fields[1])] = (float(fields[-2]), float(fields[-1]))
    return values


def max_relative_difference(ours, reference):
    worst = 0.0
    for key, (absolute, relative) in reference.items():
        mine = ours[key]
        worst = max(worst, abs(mine[0] - absolute) / abs(absolute),
                    abs(mine[1] - relative) / abs(relative))
    return worst


def ensure_edf(path, seconds, rate):
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(SCRIPTS, "make_large_edf.py"), path,
                        str(seconds), str(rate)], check=True, stdout=subprocess.DEVNULL)


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--eegscope", required=True)
    parser.add_argument("--floor", required=True)
    parser.add_argument("--fft-floor", required=True)
    parser.add_argument("--benchmarks", help="eegscope-benchmarks binary (filtering suite)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markdown", help="also write the table as Markdown here")
    args = parser.parse_args()
    work = args.work
    hour = os.path.join(work, "bench-64ch-256Hz-3600s.edf")
    ten = os.path.join(work, "bench-64ch-256Hz-600s.edf")
    welch_input = os.path.join(work, "bench-64ch-160Hz-600s.edf")
    ensure_edf(hour, 3600, 256)
    ensure_edf(ten, 600, 256)
    ensure_edf(welch_input, 600, 160)
    out = lambda name: os.path.join(work, name)
    rows = []

    # End to end, paired: floor, ours, MNE alternate in every run.
    programs = {
        "floor": ("C floor (floor.c, FFTW, 1 thread, streaming)", [args.floor, hour]),
        "ours": ("eegscope bandpower", [args.eegscope, "bandpower", hour]),
        "mne": ("MNE read_raw_edf(preload) + psd_array_welch", [
            sys.executable, os.path.join(SCRIPTS, "reference_pipelines.py"), "mne-bandpower",
            hour]),
    }
    results = {key: [] for key in programs}
    for run in range(args.runs):
        for key, (name, command) in programs.items():
            results[key].append(timed(command, out(f"e2e-{key}.csv")))
            print(f"  run {run + 1}: {name}: {results[key][-1][0]:.2f} s, "
                  f"{results[key][-1][1]:.0f} MB", file=sys.stderr)
    # Cross-check the numbers (the last run of each).
    ours = csv_values(out("e2e-ours.csv"), 1)
    floor_values = csv_values(out("e2e-floor.csv"), 0)
    mne_values = csv_values(out("e2e-mne.csv"), 0)
    wall = {key: median([w for w, _ in results[key]]) for key in programs}
    for key, (name, _) in programs.items():
        rss = median([r for _, r in results[key]])
        rows.append(("end-to-end 64 ch x 256 Hz x 1 h", name, wall[key], f"{rss:.0f} MB",
                     f"{wall[key] / wall['floor']:.2f}x floor"))
    checks = [
        "ours vs C floor: max relative difference "
        f"{max_relative_difference(ours, floor_values):.1e}",
        f"ours vs MNE: max relative difference {max_relative_difference(ours, mne_values):.1e}",
        f"MNE / ours wall time: {wall['mne'] / wall['ours']:.1f}x",
    ]

    # Peak RSS flatness: 10 min vs 1 h.
    short = [timed([args.eegscope, "bandpower", ten], out("e2e-10min.csv"))
             for _ in range(args.runs)]
    rss_short = median([rss for _, rss in short])
    rss_hour = median([rss for _, rss in results["ours"]])
    rows.append(("peak RSS 10 min vs 1 h", "eegscope bandpower", median([w for w, _ in short]),
                 f"{rss_short:.0f} MB -> {rss_hour:.0f} MB",
                 f"{(rss_hour - rss_short) / 50:+.2f} MB/min"))

    # Welch in memory, paired.
    scipy_times, our_single, our_parallel = [], [], []
    for _ in range(args.runs):
        result = subprocess.run(
            [sys.executable, os.path.join(SCRIPTS, "reference_pipelines.py"), "scipy-welch",
             welch_input, "--runs", "5"], capture_output=True, text=True, check=True)
        scipy_times.append(json.loads(result.stdout)["seconds_per_op"])
        result = subprocess.run([args.eegscope, "bench", "welch", "--input", welch_input,
                                 "--json"], capture_output=True, text=True, check=True)
        bench = json.loads(result.stdout)
        our_single.append(bench[0]["seconds_per_op"])
        our_parallel.append(bench[-1]["seconds_per_op"])
    scipy_welch = median(scipy_times)
    rows.append(("Welch in memory 64 ch x 160 Hz x 10 min", "scipy.signal.welch", scipy_welch,
                 "", "1.00x"))
    for label, times in (("eegscope Welch, 1 thread", our_single),
                         ("eegscope Welch, all cores", our_parallel)):
        value = median(times)
        rows.append(("Welch in memory 64 ch x 160 Hz x 10 min", label, value, "",
                     f"{scipy_welch / value:.2f}x faster than SciPy"))

    # FFT, paired: raw FFTW then ours, each effort.
    sizes = ",".join(map(str, FFT_SIZES))
    fftw = {}
    mine = {}
    for _ in range(args.runs):
        for effort in ("estimate", "measure"):
            result = subprocess.run([args.fft_floor, effort] + [str(s) for s in FFT_SIZES],
                                    capture_output=True, text=True, check=True)
            for row in json.loads(result.stdout):
                if "execute" in row["name"]:
                    fftw.setdefault((effort, row["size"]), []).append(row["seconds_per_op"])
        result = subprocess.run([args.eegscope, "bench", "fft", "--sizes", sizes, "--json"],
                                capture_output=True, text=True, check=True)
        for row in json.loads(result.stdout):
            if "execute" in row["name"]:
                effort = "measure" if "measure" in row["name"] else "estimate"
                mine.setdefault((effort, row["size"]), []).append(row["seconds_per_op"])
    for effort in ("estimate", "measure"):
        for size in FFT_SIZES:
            reference = median(fftw[(effort, size)])
            value = median(mine[(effort, size)])
            rows.append((f"FFT r2c N={size} ({effort})", "eegscope RealFFT vs raw FFTW", value,
                         f"FFTW {reference * 1e6:.2f} us",
                         f"{value / reference:.3f}x FFTW time"))

    # Band-pass + envelope (the filters suite and script), when the Benchmarks binary exists.
    filter_script = os.path.join(SCRIPTS, "filter_vs_scipy.py")
    if args.benchmarks and os.path.exists(filter_script):
        data = out("filter_bench.f64")
        subprocess.run([sys.executable, filter_script, "--write-data", data], check=True)
        env = dict(os.environ, EEGSCOPE_FILTER_BENCH_DATA=data)
        swift_times, scipy_filter = [], []
        for _ in range(args.runs):
            result = subprocess.run([args.benchmarks, "filtering", "--json"], env=env,
                                    capture_output=True, text=True, check=True)
            swift = [r for r in json.loads(result.stdout) if "IIR" in r["name"]]
            swift_times.append(swift[0]["seconds_per_op"])
            result = subprocess.run(
                [sys.executable, filter_script, "--data", data, "--runs", "3"],
                capture_output=True, text=True, check=True)
            python = [r for r in json.loads(result.stdout)["rows"] if "sosfiltfilt" in r["name"]]
            scipy_filter.append(python[0]["seconds_per_op"])
        reference = median(scipy_filter)
        value = median(swift_times)
        rows.append(("band-pass 2-4 Hz + envelope 64 ch x 256 Hz x 10 min",
                     "SciPy sosfiltfilt + hilbert", reference, "", "1.00x"))
        rows.append(("band-pass 2-4 Hz + envelope 64 ch x 256 Hz x 10 min",
                     "eegscope IIR sosfiltfilt + envelope", value, "",
                     f"{reference / value:.2f}x faster than SciPy"))

    header = ("benchmark", "program", "seconds", "memory / note", "ratio")
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    for row in rows:
        lines.append(" | ".join([row[0], row[1], f"{row[2]:.4g}", row[3], row[4]]))
    table = "\n".join("| " + line + " |" for line in lines)
    print(table)
    for check in checks:
        print(check)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"runs per row: {args.runs} (paired, medians); load average during the run: "
          f"{' '.join(load)} on {os.cpu_count()} cores")
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(table + "\n\n" + "\n".join(f"- {c}" for c in checks) + "\n")


if __name__ == "__main__":
    main()
