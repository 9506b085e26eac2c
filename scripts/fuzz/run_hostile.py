#!/usr/bin/env python3
"""Runs every eegscope command on every file of the hostile corpus and checks the rules of
issue 14: no crash (signal), no hang (20 s), peak RSS under 256 MB (from `/usr/bin/time -v`),
a failure is exactly one `eegscope: error:` line (warnings aside), and no `nan`/`inf` in any
output.

Usage: python3 scripts/fuzz/run_hostile.py [EEGSCOPE] [CORPUS] [REPORT.tsv]
  EEGSCOPE  the binary (default .build/release/eegscope)
  CORPUS    the folder written by make_hostile_inputs.py (default /tmp/eegscope-hostile;
            made if missing). Files of at most 1 MB at its top level and in special/ are run.
  REPORT    one row per run: file, command, status, seconds, max_rss_kb, verdict, stderr.
Prints the totals and the largest peak RSS; exits 1 if any run broke a rule.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/eegscope")
corpus = sys.argv[2] if len(sys.argv) > 2 else "/tmp/eegscope-hostile"
report = sys.argv[3] if len(sys.argv) > 3 else os.path.join(corpus + "-report.tsv")
LIMIT_KB = 256 * 1024
TIMEOUT_S = 20
if not os.path.isdir(corpus):
    subprocess.run([sys.executable, os.path.join(root, "scripts/fuzz/make_hostile_inputs.py"),
                    corpus], check=True)

files = []
for folder in [corpus, os.path.join(corpus, "special")]:
    if not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path) or (os.path.isfile(path) and os.path.getsize(path) > 1 << 20):
            continue
        files.append(path)

scratch = tempfile.mkdtemp(prefix="eegscope-hostile-out-")


def commands(path):
    extra = ["--fs", "100"] if path.lower().endswith(".csv") else []
    out = lambda name: os.path.join(scratch, name)
    every = [
        ("info", ["info", path, "--json"] + extra),
        ("psd", ["psd", path] + extra),
        ("bandpower", ["bandpower", path] + extra),
        ("detect", ["detect", path, "--rhythm", "delta3", "--output", out("events.tsv"),
                    "--summary", out("summary.json")] + extra),
        ("fit", ["fit", path] + extra),
        ("filter", ["filter", path, "--band", "1-30", "--output", out("filtered.edf")] + extra),
        ("spectrogram", ["spectrogram", path, "--channel", "Cz", "--output",
                         out("spectrogram.csv")] + extra),
        ("plot", ["plot", "psd", path, "--output", out("psd.svg")] + extra),
        ("compare", ["compare", path, "--rhythm", "delta3", "--baseline", "0-4",
                     "--condition", "4-8"] + extra),
        ("report", ["report", path, "--output", out("report")] + extra),
        ("batch", ["batch", path, "--output", out("batch")] + extra),
    ]
    # HOSTILE_COMMANDS=batch,report,compare (say) runs only those commands.
    chosen = os.environ.get("HOSTILE_COMMANDS")
    if chosen:
        every = [entry for entry in every if entry[0] in chosen.split(",")]
    # The seeded mutants get the four commands of the audit, to keep the run short.
    if os.path.basename(path).startswith("mutant-"):
        return [entry for entry in every if entry[0] in ("info", "psd", "bandpower", "detect")]
    return every


# A non-finite number as a value: a whole CSV/TSV field or JSON value (bare or as the string
# JSONEncoder writes), not the letters inside a file name like `nan.csv`, a message, or a
# header text field such as "Startdate X nan" or a prefiltering field "nan" (JSON strings count
# only as JSONEncoder writes non-finite numbers: "NaN", "Infinity", "-Infinity").
non_finite = re.compile(
    rb'(^|[,\t:\[])[-+]?(?i:nan|inf|infinity)(?=[,\t\r\n\]}]|$)'
    rb'|"(NaN|Infinity|-Infinity)"', re.MULTILINE)
rows = []
broken = 0
max_rss = (0, "")
for path in files:
    for name, arguments in commands(path):
        for leftover in os.listdir(scratch):
            leftover = os.path.join(scratch, leftover)
            if os.path.isdir(leftover) and not os.path.islink(leftover):
                shutil.rmtree(leftover)
            else:
                os.unlink(leftover)
        start = time.time()
        try:
            done = subprocess.run(["/usr/bin/time", "-v", binary] + arguments,
                                  capture_output=True, timeout=TIMEOUT_S)
            status, stdout, stderr = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as expired:
            status, stdout, stderr = "timeout", expired.stdout or b"", expired.stderr or b""
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
                with open(os.path.join(folder, produced), "rb") as handle:
                    outputs += handle.read()
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
        if rss_kb > max_rss[0]:
            max_rss = (rss_kb, f"{name} {os.path.relpath(path, corpus)}")
        verdict = ", ".join(verdicts) or ("ok" if status == 0 else "clean error")
        if verdicts:
            broken += 1
        first = messages[0] if messages else ""
        rows.append([os.path.relpath(path, corpus), name, str(status), f"{seconds:.2f}",
                     str(rss_kb), verdict, first.replace("\t", " ")[:300]])

with open(report, "w") as handle:
    handle.write("file\tcommand\tstatus\tseconds\tmax_rss_kb\tverdict\tstderr\n")
    for row in rows:
        handle.write("\t".join(row) + "\n")
clean = sum(1 for row in rows if row[5] == "clean error")
print(f"{len(rows)} runs on {len(files)} files: {len(rows) - clean - broken} ok, "
      f"{clean} clean errors, {broken} broken")
print(f"largest peak RSS: {max_rss[0] / 1024:.1f} MB ({max_rss[1]})")
print(f"report: {report}")
for row in rows:
    if row[5] not in ("ok", "clean error"):
        print("BROKEN", "\t".join(row))
sys.exit(1 if broken else 0)
