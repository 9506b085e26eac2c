#!/usr/bin/env python3
"""Writes the FileIO benchmark input: a 64-channel, 256 Hz (default), 1-hour (default), 16-bit
EDF+C file with 1 s data records (about 118 MB), outside the repository.

    python3 Benchmarks/Scripts/make_large_edf.py [PATH [SECONDS [RATE]]]
    # defaults: /tmp/eegscope-large.edf 3600 256

The samples are uniformly random 16-bit integers from a fixed seed (the decoder's speed does
not depend on the values); every record carries its time-keeping TAL, so the file is valid
EDF+C that MNE and pyedflib read. Never commit the output.
"""
import os
import sys

import numpy as np

CHANNELS, RATE, SECONDS = 64, 256, 3600
ANNOTATION_BYTES = 60  # 30 samples of the EDF Annotations signal per record


def field(text, width):
    return str(text).encode("ascii").ljust(width, b" ")[:width]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/eegscope-large.edf"
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else SECONDS
    rate = int(sys.argv[3]) if len(sys.argv) > 3 else RATE
    signals = CHANNELS + 1
    labels = [f"EEG {index:02d}" for index in range(CHANNELS)] + ["EDF Annotations"]
    header = field("0", 8) + field("X X X X", 80)
    header += field("Startdate 01-JAN-2020 X X eegscope-benchmark", 80)
    header += field("01.01.20", 8) + field("00.00.00", 8) + field(256 * (signals + 1), 8)
    header += field("EDF+C", 44) + field(seconds, 8) + field(1, 8) + field(signals, 4)
    columns = [
        (16, labels), (80, [""] * signals), (8, ["uV"] * CHANNELS + [""]),
        (8, ["-3276.8"] * CHANNELS + ["-1"]), (8, ["3276.7"] * CHANNELS + ["1"]),
        (8, ["-32768"] * signals), (8, ["32767"] * signals), (80, [""] * signals),
        (8, [rate] * CHANNELS + [ANNOTATION_BYTES // 2]), (32, [""] * signals),
    ]
    for width, values in columns:
        for value in values:
            header += field(value, width)
    generator = np.random.default_rng(20240301)
    with open(path + ".tmp", "wb") as handle:
        handle.write(header)
        for second in range(seconds):
            data = generator.integers(-32768, 32768, size=CHANNELS * rate, dtype=np.int16)
            handle.write(data.astype("<i2").tobytes())
            tal = f"+{second}\x14\x14\x00".encode()
            handle.write(tal.ljust(ANNOTATION_BYTES, b"\x00"))
    os.replace(path + ".tmp", path)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
