#!/usr/bin/env python3
"""Writes the seed corpus for the EDF fuzzer: small real files (cut to 16 KiB) from
../shared/data/eeg when present, plus hand-made EDF+/BDF+ headers with TALs."""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
root = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "eeg")
for folder, _, names in os.walk(root):
    for name in names:
        if name.lower().endswith((".edf", ".bdf")):
            with open(os.path.join(folder, name), "rb") as handle:
                data = handle.read(16384)
            with open(os.path.join(out, "real-" + name), "wb") as handle:
                handle.write(data)


def field(text, width):
    return text.encode("ascii").ljust(width, b" ")[:width]


def make(bdf, reserved, durations, tals):
    signals = [("EEG Cz", 4, "uV", -100, 100), ("EDF Annotations", 16, "", -1, 1)]
    head = (b"\xffBIOSEMI" if bdf else field("0", 8)) + field("X M 01-JAN-2000 X", 80)
    head += field("Startdate 01-JAN-2000 X X X", 80) + field("01.01.00", 8)
    head += field("00.00.00", 8) + field(str(256 * 3), 8) + field(reserved, 44)
    head += field(str(len(durations)), 8) + field("1", 8) + field("2", 4)
    for width, values in [(16, [s[0] for s in signals]), (80, ["", ""]),
                          (8, [s[2] for s in signals]), (8, [str(s[3]) for s in signals]),
                          (8, [str(s[4]) for s in signals]), (8, ["-32768", "-32768"]),
                          (8, ["32767", "32767"]), (80, ["", ""]),
                          (8, [str(s[1]) for s in signals]), (32, ["", ""])]:
        for value in values:
            head += field(value, width)
    sample = 3 if bdf else 2
    body = b""
    for index, onset in enumerate(durations):
        body += bytes(range(4 * sample))
        tal = ("+%s\x14\x14\x00" % onset).encode() + (tals if index == 0 else b"")
        body += tal.ljust(16 * sample, b"\x00")[:16 * sample]
    return head + body


seeds = {
    "edfc.edf": make(False, "EDF+C", [0, 1, 2], b"+0.5\x151\x14ev\x14\x00"),
    "edfd.edf": make(False, "EDF+D", [0, 1.5, 3], b"-1\x14a\x14b\x14\x00"),
    "bdfc.bdf": make(True, "BDF+C", [0, 1], b"+0\x14x\x14\x00"),
    "tal.bin": b"+0\x14\x14\x00+1.5\x152\x14text\x14\x00\x00",
}
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as handle:
        handle.write(data)
