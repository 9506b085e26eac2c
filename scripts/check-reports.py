#!/usr/bin/env python3
"""Checks `eegscope report` pages against the JSON of `detect --summary` and `compare`.

For every recording given (files, or folders searched for EDF, BDF, BrainVision `.vhdr` and
EEGLAB `.set`; default: SampleData and ../shared/data/eeg), it runs

    eegscope report FILE -o OUT/report
    eegscope detect FILE --rhythm R --summary -      (R = delta3, gamma)
    eegscope compare FILE --rhythm R                 (when the report shows a change)

and checks, reading the HTML as an outside reader would (the findings table's `data-`
attributes, the page text):

- every findings row (rhythm x posterior-midline channel) equals the detect summary's channel:
  peak present, peak frequency, episodes, episodes per minute, analysed band, status, finding,
  artefact counts; a change, when shown, equals `compare`'s band-power change and p;
- every warning of `detect --summary` and an unavailable muscle index's reason are on the page;
- the sections "Power spectra", "Band power" and "Rhythm episodes" each hold a figure with a
  picture or a stated reason ("No ... figure ...").

A recording the readers refuse must be refused by `report`, `detect` alike with one error line
(listed, not counted as a mismatch). Exit status 1 when any check fails.

Usage: scripts/check-reports.py [--eegscope PATH] [--out DIR] [INPUT ...]
"""
import argparse
import html as htmllib
import json
import math
import os
import re
import subprocess
import sys

EXTENSIONS = (".edf", ".bdf", ".vhdr", ".set")
RHYTHMS = ("delta3", "gamma")
SECTIONS = ("Power spectra", "Band power", "Rhythm episodes")


def discover(inputs):
    files = []
    for item in inputs:
        if os.path.isdir(item):
            for root, dirs, names in os.walk(item):
                dirs[:] = sorted(d for d in dirs if d != "invalid")
                files += [os.path.join(root, n) for n in sorted(names)
                          if n.lower().endswith(EXTENSIONS)]
        elif os.path.exists(item):
            files.append(item)
    return files


def run(eegscope, args):
    done = subprocess.run([eegscope] + args, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout, done.stderr


def findings_rows(page):
    match = re.search(r'id="findings".*?</table>', page, re.S)
    if not match:
        return None
    rows = []
    for tag in re.findall(r"<tr([^>]*)>", match.group(0)):
        values = {k: htmllib.unescape(v) for k, v in re.findall(r'data-([a-z0-9-]+)="([^"]*)"', tag)}
        if values:
            rows.append(values)
    return rows


def close(text, value):
    if text is None or value is None:
        return text is None and value is None
    return math.isclose(float(text), value, rel_tol=1e-12, abs_tol=0)


def optional_int(value):
    return None if value is None else str(value)


def section(page, title):
    match = re.search(r"<h2>" + re.escape(title) + r"</h2>(.*?)</section>", page, re.S)
    return match.group(1) if match else None


def check(eegscope, path, out):
    problems = []
    name = os.path.basename(path)
    folder = os.path.join(out, re.sub(r"[^A-Za-z0-9._-]", "_", path))
    status, _, stderr = run(eegscope, ["report", path, "-o", folder])
    detect_ok = True
    summaries = {}
    for rhythm in RHYTHMS:
        code, stdout, derr = run(eegscope, ["detect", path, "--rhythm", rhythm, "--summary", "-",
                                            "-o", os.path.join(out, "events.tsv")])
        if code != 0:
            detect_ok = False
            summaries[rhythm] = derr.strip()
        else:
            summaries[rhythm] = json.loads(stdout)
    if status != 0:
        lines = [line for line in stderr.splitlines() if line.strip()]
        if detect_ok:
            problems.append(f"report failed but detect succeeded: {stderr.strip()}")
        return "refused", (lines[-1] if lines else "no message"), problems
    page_file = os.path.join(folder, name + ".html")
    if not os.path.exists(page_file):
        candidates = [f for f in os.listdir(folder) if f.endswith(".html") and f != "index.html"]
        if len(candidates) != 1:
            return "checked", "", [f"no report page in {folder}"]
        page_file = os.path.join(folder, candidates[0])
    page = open(page_file, encoding="utf-8").read()
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"\s+", " ", text)
    rows = findings_rows(page)
    if rows is None:
        # Without a posterior-midline channel the page states why there is no table.
        if "posterior-midline findings not computed" not in text:
            return "checked", "", ["no findings table and no stated reason"]
        rows = []
    for title in SECTIONS:
        body = section(page, title)
        if body is None:
            problems.append(f"section {title!r} missing")
            continue
        figures = re.findall(r"<figure>(.*?)</figure>", body, re.S)
        pictured = [f for f in figures if "<svg" in f or "<img" in f]
        reason = re.search(r"No [^<]*(figure|plot|spectr)", body)
        if not pictured and not reason:
            problems.append(f"section {title!r}: no figure and no stated reason")
    compared = 0
    for rhythm in RHYTHMS:
        summary = summaries[rhythm]
        if isinstance(summary, str):
            if any(r.get("rhythm") == rhythm and r.get("status") == "analysed" for r in rows):
                problems.append(f"{rhythm}: detect failed ({summary}) but the page shows results")
            continue
        entry = summary["files"][0]
        for warning in entry.get("warnings", []):
            if re.sub(r"\s+", " ", warning) not in text:
                problems.append(f"{rhythm}: warning missing: {warning}")
        muscle = entry.get("muscle")
        if muscle and muscle.get("available") is False:
            if "muscle index unavailable: " + muscle["reason"] not in text:
                problems.append(f"{rhythm}: muscle reason missing")
        channels = {c["name"]: c for c in entry["channels"]}
        change_rows = [r for r in rows if r.get("rhythm") == rhythm and "change-db" in r]
        comparison = {}
        if change_rows:
            code, stdout, cerr = run(eegscope, ["compare", path, "--rhythm", rhythm])
            if code != 0:
                problems.append(f"{rhythm}: page shows a change but compare failed: {cerr.strip()}")
            else:
                comparison = {c["name"]: c for c in json.loads(stdout)["channels"]}
        for row in (r for r in rows if r.get("rhythm") == rhythm):
            channel = channels.get(row.get("channel"))
            label = f"{rhythm} {row.get('channel')}"
            if channel is None:
                problems.append(f"{label}: not in the detect summary")
                continue
            peak = channel.get("peak") or {}
            expected = {
                "peak-present": "true" if peak.get("present") else "false",
                "episodes": str(channel["episodes"]),
                "status": channel.get("status"),
                "finding": channel.get("finding"),
                "artefacts": optional_int(channel.get("artefacts")),
                "episodes-rejected-on-artefacts": optional_int(
                    channel.get("episodes_rejected_on_artefacts")),
            }
            for key, value in expected.items():
                if row.get(key) != value:
                    problems.append(f"{label}: {key} {row.get(key)!r} != {value!r}")
            if not close(row.get("episodes-per-minute"), channel.get("episodes_per_minute")):
                problems.append(f"{label}: episodes-per-minute differs")
            if peak.get("frequency_hz") is not None and not close(
                    row.get("peak-frequency-hz"), peak["frequency_hz"]):
                problems.append(f"{label}: peak frequency differs")
            band = channel.get("band_hz")
            if band and row.get("band-hz") != f"{float(band[0])}-{float(band[1])}":
                problems.append(f"{label}: band {row.get('band-hz')} != {band}")
            if "change-db" in row:
                other = comparison.get(row["channel"])
                if other is None or not close(row["change-db"], other["band_power_change_db"]) \
                        or not close(row.get("p"), other["band_power_p"]):
                    problems.append(f"{label}: change/p differ from compare")
            compared += 1
    return "checked", f"{len(rows)} rows, {compared} compared", problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eegscope", default=os.path.join(root, ".build/release/eegscope"))
    parser.add_argument("--out", default=os.path.join(root, "check-reports-output"))
    parser.add_argument("inputs", nargs="*")
    args = parser.parse_args()
    inputs = args.inputs or [os.path.join(root, "SampleData"),
                             os.path.join(root, "..", "shared", "data", "eeg")]
    files = discover(inputs)
    os.makedirs(args.out, exist_ok=True)
    failed = 0
    refused = 0
    for path in files:
        kind, note, problems = check(args.eegscope, path, args.out)
        if kind == "refused" and not problems:
            refused += 1
        mark = "FAIL" if problems else ("refused" if kind == "refused" else "ok")
        print(f"{mark:8} {path}  {note}")
        for problem in problems:
            print(f"         - {problem}")
        failed += bool(problems)
    print(f"check-reports: {len(files)} recordings, {len(files) - failed - refused} agree, "
          f"{refused} refused by every command, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
