#!/usr/bin/env python3
"""Runs every eegscope command on every file of the hostile corpus and checks the rules of
issue 14: no crash (signal), no hang (20 s), peak RSS under 256 MB (from `/usr/bin/time -v`),
a failure is exactly one `eegscope: error:` line (warnings aside), and no `nan`/`inf` in any
output.

Every command that reads a recording runs on every file: info, psd (also `psd -` with the
file on standard input), bandpower, detect, fit, filter, spectrogram, plot psd, plot topomap,
compare, group (a two-subject design naming the file), bench pipeline, report and batch;
batch also on every BIDS dataset root in bids/.

Usage: python3 scripts/fuzz/run_hostile.py [EEGSCOPE] [CORPUS] [REPORT.tsv]
  EEGSCOPE  the binary (default .build/release/eegscope)
  CORPUS    the folder written by make_hostile_inputs.py (default /tmp/eegscope-hostile;
            made if missing). Files of at most 1 MB at its top level and in special/ are run,
            and the recordings inside bids/*/.
  REPORT    one row per run: file, command, status, seconds, max_rss_kb, verdict, stderr.
Environment: HOSTILE_COMMANDS=a,b runs only those commands; HOSTILE_MATCH=REGEX only the
inputs whose relative path matches; HOSTILE_JOBS=N runs N at once
(default 2; RSS is per process, but a loaded machine makes the 20 s limit stricter).
Prints the totals and the largest peak RSS; exits 1 if any run broke a rule.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(root, ".build/release/eegscope")
corpus = sys.argv[2] if len(sys.argv) > 2 else "/tmp/eegscope-hostile"
report = sys.argv[3] if len(sys.argv) > 3 else os.path.join(corpus + "-report.tsv")
LIMIT_KB = 256 * 1024
TIMEOUT_S = 20
if not os.path.isdir(corpus):
    subprocess.run([sys.executable, os.path.join(root, "scripts/fuzz/make_hostile_inputs.py"),
                    corpus], check=True)

RECORDING_EXTENSIONS = (".edf", ".bdf", ".rec", ".csv", ".vhdr", ".set")
files = []
for folder in [corpus, os.path.join(corpus, "special")]:
    if not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path) or (os.path.isfile(path) and os.path.getsize(path) > 1 << 20):
            continue
        files.append(path)
# BIDS datasets: each recording inside (sidecars applied), and each root as a batch input.
bids_roots = []
bids = os.path.join(corpus, "bids")
if os.path.isdir(bids):
    for name in sorted(os.listdir(bids)):
        bids_roots.append(os.path.join(bids, name))
        for folder, _, names in sorted(os.walk(os.path.join(bids, name))):
            files += [os.path.join(folder, n) for n in sorted(names)
                      if n.lower().endswith(RECORDING_EXTENSIONS)]

scratch_root = tempfile.mkdtemp(prefix="eegscope-hostile-out-")


def commands(path, scratch):
    """(name, arguments, stdin path or None) for every command that reads a recording."""
    extra = ["--fs", "100"] if path.lower().endswith(".csv") else []
    out = lambda name: os.path.join(scratch, name)
    if os.path.isdir(path):  # a BIDS root
        return [("batch", ["batch", path, "--output", out("batch")], None)]
    design = out("design.csv")
    every = [
        ("info", ["info", path, "--json"] + extra, None),
        ("psd", ["psd", path] + extra, None),
        ("psd-stdin", ["psd", "-"] + extra, path),
        ("bandpower", ["bandpower", path] + extra, None),
        ("detect", ["detect", path, "--rhythm", "delta3", "--output", out("events.tsv"),
                    "--summary", out("summary.json")] + extra, None),
        ("fit", ["fit", path] + extra, None),
        ("filter", ["filter", path, "--band", "1-30", "--output", out("filtered.edf")] + extra,
         None),
        ("spectrogram", ["spectrogram", path, "--channel", "Cz", "--output",
                         out("spectrogram.csv")] + extra, None),
        ("plot", ["plot", "psd", path, "--output", out("psd.svg")] + extra, None),
        ("topomap", ["plot", "topomap", path, "--band", "8-13", "--output", out("map.svg")]
         + extra, None),
        ("compare", ["compare", path, "--rhythm", "delta3", "--baseline", "0-4",
                     "--condition", "4-8"] + extra, None),
        ("group", ["group", "--design", design, "--rhythm", "delta3", "--permutations", "99",
                   "--output", out("group.json")], None),
        ("bench", ["bench", "pipeline", "--input", path, "--json"], None),
        ("report", ["report", path, "--output", out("report")] + extra, None),
        ("batch", ["batch", path, "--output", out("batch")] + extra, None),
    ]
    if not os.path.isfile(path):  # a FIFO would block the runner's own open()
        every = [entry for entry in every if entry[2] is None]
    # HOSTILE_COMMANDS=batch,report,compare (say) runs only those commands.
    chosen = os.environ.get("HOSTILE_COMMANDS")
    if chosen:
        every = [entry for entry in every if entry[0] in chosen.split(",")]
    return every


def design_table(path, scratch):
    """Two subjects, each with the file's first and second 4 s as the two conditions."""
    absolute = os.path.abspath(path).replace('"', '""')
    rows = ["subject,condition,file,start_s,end_s"]
    for subject in ("s1", "s2"):
        rows.append(f'{subject},rest,"{absolute}",0,4')
        rows.append(f'{subject},task,"{absolute}",4,8')
    with open(os.path.join(scratch, "design.csv"), "w") as handle:
        handle.write("\n".join(rows) + "\n")


# A non-finite number as a value: a whole CSV/TSV field or JSON value (bare or as the string
# JSONEncoder writes), not the letters inside a file name like `nan.csv`, a message, or a
# header text field such as "Startdate X nan" or a prefiltering field "nan" (JSON strings count
# only as JSONEncoder writes non-finite numbers: "NaN", "Infinity", "-Infinity").
non_finite = re.compile(
    rb'(^|[,\t:\[])[-+]?(?i:nan|inf|infinity)(?=[,\t\r\n\]}]|$)'
    rb'|"(NaN|Infinity|-Infinity)"', re.MULTILINE)
def run(job):
    """Runs one command in its own scratch folder; returns (row, broken, rss_kb)."""
    path, name, arguments, stdin_path = job
    scratch = tempfile.mkdtemp(dir=scratch_root)
    if name == "group":
        design_table(path, scratch)
    arguments = [a.replace("\0SCRATCH", scratch) for a in arguments]
    start = time.time()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        done = subprocess.run(["/usr/bin/time", "-v", binary] + arguments, stdin=stdin,
                              capture_output=True, timeout=TIMEOUT_S, cwd=scratch)
        status, stdout, stderr = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as expired:
        status, stdout, stderr = "timeout", expired.stdout or b"", expired.stderr or b""
    finally:
        if stdin_path:
            stdin.close()
    seconds = time.time() - start
    text = stderr.decode("utf-8", "replace")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    rss_kb = int(rss.group(1)) if rss else -1
    signal = re.search(r"Command terminated by signal (\d+)", text)
    messages = [line for line in text.splitlines()
                if line.startswith("eegscope:") and "warning:" not in line]
    outputs = stdout
    for folder, _, names in os.walk(scratch):
        for produced in names:
            if produced == "design.csv":
                continue
            with open(os.path.join(folder, produced), "rb") as handle:
                outputs += handle.read()
    shutil.rmtree(scratch, ignore_errors=True)
    # Error messages may quote 'nan' from the file; only outputs are checked.
    verdicts = []
    if status == "timeout":
        verdicts.append("hang")
    elif signal:
        verdicts.append("signal " + signal.group(1))
    elif status != 0 and len(messages) != 1:
        verdicts.append(f"{len(messages)} error lines")
    if rss_kb > LIMIT_KB:
        verdicts.append("rss over 256 MB")
    if status == 0 and non_finite.search(outputs):
        verdicts.append("nan/inf in output")
    verdict = ", ".join(verdicts) or ("ok" if status == 0 else "clean error")
    first = messages[-1] if messages else ""
    row = [os.path.relpath(path, corpus), name, str(status), f"{seconds:.2f}", str(rss_kb),
           verdict, first.replace("\t", " ")[:300]]
    return row, bool(verdicts), rss_kb


# HOSTILE_MATCH=REGEX runs only the inputs whose path (relative to CORPUS) matches.
match = re.compile(os.environ.get("HOSTILE_MATCH", ""))
jobs = [(path, name, arguments, stdin_path)
        for path in files + bids_roots if match.search(os.path.relpath(path, corpus))
        for name, arguments, stdin_path in commands(path, "\0SCRATCH")]
workers = int(os.environ.get("HOSTILE_JOBS", "2"))
rows = []
broken = 0
max_rss = (0, "")
with ThreadPoolExecutor(max_workers=workers) as pool:
    for row, is_broken, rss_kb in pool.map(run, jobs):
        rows.append(row)
        broken += is_broken
        if rss_kb > max_rss[0]:
            max_rss = (rss_kb, f"{row[1]} {row[0]}")
shutil.rmtree(scratch_root, ignore_errors=True)

with open(report, "w") as handle:
    handle.write("file\tcommand\tstatus\tseconds\tmax_rss_kb\tverdict\tstderr\n")
    for row in rows:
        handle.write("\t".join(row) + "\n")
clean = sum(1 for row in rows if row[5] == "clean error")
print(f"{len(rows)} runs on {len(files)} files and {len(bids_roots)} BIDS roots: {len(rows) - clean - broken} ok, "
      f"{clean} clean errors, {broken} broken")
print(f"largest peak RSS: {max_rss[0] / 1024:.1f} MB ({max_rss[1]})")
print(f"report: {report}")
for row in rows:
    if row[5] not in ("ok", "clean error"):
        print("BROKEN", "\t".join(row))
sys.exit(1 if broken else 0)
