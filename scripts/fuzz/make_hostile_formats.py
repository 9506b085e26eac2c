#!/usr/bin/env python3
"""Hostile BrainVision, EEGLAB (MAT v5, plain and zlib-compressed) and BIDS inputs for the
eegscope CLI, written beside the EDF/CSV corpus of make_hostile_inputs.py (which calls this).

Usage: python3 scripts/fuzz/make_hostile_formats.py OUT

Writes into OUT (every name says what is wrong):
  bv-*.vhdr          hand-made BrainVision headers that lie (1e9 channels, a 0 or 1e-9 us
                     sampling interval, data file missing, pointing at itself or outside,
                     odd binary formats, non-finite resolutions, truncated data, markers at
                     absurd positions), sharing bv-data.eeg / bv-markers.vmrk where they can
  set-*.set          hand-made EEGLAB datasets (via scipy.io.savemat) with lying fields
                     (nbchan 1e9, pnts 1e12, srate 0/nan/1e9, data naming a missing or short
                     .fdt) and raw MAT v5 lies patched into the bytes (a tag claiming 4 GB,
                     dimensions multiplying to 2^40 elements, a zlib bomb, depth bombs)
  mutant-bv-*.vhdr   seeded text mutations of the tiny BrainVision header
  mutant-set-*.set   seeded byte mutations of the tiny EEGLAB datasets (compressed,
                     uncompressed with .fdt, epoched)
  bids/*/            copies of a tiny BIDS dataset (one EDF recording) with broken sidecars
                     (garbage TSV, invalid JSON, absurd SamplingFrequency, 1e6 channel rows)

Deterministic (random.Random(1414)). The tiny BrainVision/EEGLAB recordings of
Tests/EEGFileIOTests/Fixtures/tiny are the bases of the mutants.
"""
import io
import json
import os
import random
import shutil
import struct
import sys
import zlib

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/eegscope-hostile"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TINY = os.path.join(ROOT, "Tests", "EEGFileIOTests", "Fixtures", "tiny")
os.makedirs(OUT, exist_ok=True)
rng = random.Random(1414)


def write(name, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def tiny(name):
    with open(os.path.join(TINY, name), "rb") as handle:
        return handle.read()


# --- BrainVision -------------------------------------------------------------------------
write("bv-data.eeg", tiny("tiny_bv.eeg"))
write("bv-markers.vmrk", tiny("tiny_bv.vmrk").replace(b"tiny_bv.eeg", b"bv-data.eeg"))


def vhdr(common=None, binary="INT_16", channels=None, extra="", data="bv-data.eeg",
         markers="bv-markers.vmrk", first="Brain Vision Data Exchange Header File Version 1.0"):
    fields = {"Codepage": "UTF-8", "DataFile": data, "MarkerFile": markers,
              "DataFormat": "BINARY", "DataOrientation": "MULTIPLEXED",
              "NumberOfChannels": "4", "SamplingInterval": "4000"}
    fields.update(common or {})
    lines = [first, "", "[Common Infos]"]
    lines += [f"{key}={value}" for key, value in fields.items() if value is not None]
    lines += ["", "[Binary Infos]", f"BinaryFormat={binary}", "", "[Channel Infos]"]
    lines += channels if channels is not None else [
        f"Ch{i + 1}={name},,0.1,µV" for i, name in enumerate(["Fz", "Cz", "Pz", "Oz"])]
    return "\r\n".join(lines) + "\r\n" + extra


bv_cases = {
    "good": vhdr(),
    "channels-1e9": vhdr({"NumberOfChannels": "1000000000"}),
    "channels-zero": vhdr({"NumberOfChannels": "0"}, channels=[]),
    "channels-negative": vhdr({"NumberOfChannels": "-4"}),
    "channels-text": vhdr({"NumberOfChannels": "four"}),
    "channels-more-than-listed": vhdr({"NumberOfChannels": "64"}),
    "interval-zero": vhdr({"SamplingInterval": "0"}),
    "interval-tiny": vhdr({"SamplingInterval": "1e-9"}),
    "interval-negative": vhdr({"SamplingInterval": "-4000"}),
    "interval-nan": vhdr({"SamplingInterval": "nan"}),
    "interval-huge": vhdr({"SamplingInterval": "1e300"}),
    "interval-missing": vhdr({"SamplingInterval": None}),
    "datafile-missing-field": vhdr({"DataFile": None}),
    "datafile-absent": vhdr(data="no-such-file.eeg"),
    "datafile-is-header": vhdr(data="bv-datafile-is-header.vhdr"),
    "datafile-outside": vhdr(data="../../../../../../etc/passwd"),
    "datafile-folder": vhdr(data="."),
    "datafile-dev-zero": vhdr(data="/dev/zero"),
    "markerfile-absent": vhdr(markers="no-such.vmrk"),
    "markerfile-dev-zero": vhdr(markers="/dev/zero"),
    "binary-int64": vhdr(binary="INT_64"),
    "binary-float32": vhdr(binary="IEEE_FLOAT_32"),
    "binary-garbage": vhdr(binary="BANANA"),
    "ascii": vhdr({"DataFormat": "ASCII"}),
    "vectorized": vhdr({"DataOrientation": "VECTORIZED"}),
    "frequency-domain": vhdr({"DataType": "FREQUENCYDOMAIN"}),
    "resolution-nan": vhdr(channels=[f"Ch{i}=C{i},,nan,µV" for i in range(1, 5)]),
    "resolution-1e308": vhdr(channels=[f"Ch{i}=C{i},,1e308,µV" for i in range(1, 5)]),
    "resolution-zero": vhdr(channels=[f"Ch{i}=C{i},,0,µV" for i in range(1, 5)]),
    "channel-lines-garbage": vhdr(channels=["Ch1", "Ch2=", "=,,,", "Ch99999999999=X,,1,µV"]),
    "channel-numbers-huge": vhdr(channels=[f"Ch{10**i}=C{i},,0.1,µV" for i in range(1, 5)]),
    "no-sections": "Brain Vision Data Exchange Header File Version 1.0\r\n",
    "wrong-first-line": vhdr(first="Not a BrainVision header"),
    "empty": "",
    "binary-garbage-bytes": "",
    "utf16": "",
    "long-line": vhdr(extra="X=" + "A" * 500000 + "\r\n"),
    "many-sections": vhdr(extra="".join(f"[S{i}]\r\nk=v\r\n" for i in range(20000))),
}
for name, text in bv_cases.items():
    if name == "binary-garbage-bytes":
        write(f"bv-{name}.vhdr", bytes(rng.randrange(256) for _ in range(2000)))
    elif name == "utf16":
        write(f"bv-{name}.vhdr", vhdr().encode("utf-16"))
    else:
        write(f"bv-{name}.vhdr", text)

# Data and marker lies that need their own companion files.
write("bv-data-odd-bytes.eeg", tiny("tiny_bv.eeg")[:-3])
write("bv-data-truncated.vhdr", vhdr(data="bv-data-odd-bytes.eeg"))
write("bv-data-empty.eeg", b"")
write("bv-data-empty.vhdr", vhdr(data="bv-data-empty.eeg"))
for name, marker in [("position-huge", "Mk2=Stimulus,S1,99999999999999,1,0"),
                     ("position-negative", "Mk2=Stimulus,S1,-5,1,0"),
                     ("length-huge", "Mk2=Stimulus,S1,10,99999999999999,0"),
                     ("position-nan", "Mk2=Stimulus,S1,nan,1,0"),
                     ("many", "\r\n".join(f"Mk{i}=Stimulus,S,{i},1,0"
                                          for i in range(2, 25000)))]:
    write(f"bv-markers-{name}.vmrk",
          "Brain Vision Data Exchange Marker File, Version 1.0\r\n\r\n[Common Infos]\r\n"
          "DataFile=bv-data.eeg\r\n\r\n[Marker Infos]\r\n"
          "Mk1=New Segment,,1,1,0,20240102030405000000\r\n" + marker + "\r\n")
    write(f"bv-marker-{name}.vhdr", vhdr(markers=f"bv-markers-{name}.vmrk"))

# --- EEGLAB / MAT v5 -----------------------------------------------------------------------
try:
    import numpy as np
    import scipy.io
except ImportError:  # the EEGLAB part needs scipy; the rest of the corpus does not
    np = None
    print("make_hostile_formats.py: scipy missing, EEGLAB cases skipped", file=sys.stderr)


def eeg_struct(**changes):
    rate, count = 250.0, 2000
    fields = {"setname": "hostile", "nbchan": 4.0, "srate": rate, "pnts": float(count),
              "trials": 1.0, "xmin": 0.0, "xmax": count / rate - 1 / rate, "ref": "common"}
    chanlocs = np.zeros((1, 4), dtype=[("labels", "O"), ("type", "O")])
    for index, name in enumerate(["Fz", "Cz", "Pz", "Oz"]):
        chanlocs[0, index] = (name, "EEG")
    fields["chanlocs"] = chanlocs
    t = np.arange(count) / rate
    fields["data"] = np.stack([20 * np.sin(2 * np.pi * f * t) for f in (3, 6, 10, 20)]
                              ).astype(np.float32)
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not None}


def mat(fields, compressed=False):
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, {"EEG": fields}, format="5", do_compression=compressed)
    return buffer.getvalue()


if np is not None:
    write("set-data.fdt", np.zeros((2000, 4), dtype="<f4").tobytes())
    write("set-short.fdt", np.zeros((10, 4), dtype="<f4").tobytes())
    set_cases = {
        "good": eeg_struct(),
        "nbchan-1e9": eeg_struct(nbchan=1e9),
        "nbchan-zero": eeg_struct(nbchan=0.0),
        "nbchan-negative": eeg_struct(nbchan=-4.0),
        "nbchan-nan": eeg_struct(nbchan=float("nan")),
        "nbchan-missing": eeg_struct(nbchan=None),
        "pnts-1e12": eeg_struct(pnts=1e12),
        "pnts-zero": eeg_struct(pnts=0.0),
        "pnts-fraction": eeg_struct(pnts=0.5),
        "trials-1e9": eeg_struct(trials=1e9),
        "srate-zero": eeg_struct(srate=0.0),
        "srate-nan": eeg_struct(srate=float("nan")),
        "srate-1e9": eeg_struct(srate=1e9),
        "srate-1e7": eeg_struct(srate=1e7),
        "srate-text": eeg_struct(srate="fast"),
        "data-missing": eeg_struct(data=None),
        "data-fdt-absent": eeg_struct(data="no-such.fdt"),
        "data-fdt-short": eeg_struct(data="set-short.fdt"),
        "data-fdt-1e9-channels": eeg_struct(data="set-data.fdt", nbchan=1e9),
        "data-fdt-outside": eeg_struct(data="../../../../../../dev/zero"),
        "data-text": eeg_struct(data="x" * 300),
        "data-int8": eeg_struct(data=np.zeros((4, 2000), dtype=np.int8)),
        "data-complex": eeg_struct(data=np.zeros((4, 2000), dtype=np.complex64)),
        "data-inf": eeg_struct(data=np.full((4, 2000), np.inf, dtype=np.float32)),
        "data-1e38": eeg_struct(data=np.full((4, 2000), 3e38, dtype=np.float32)),
        "data-wrong-shape": eeg_struct(data=np.zeros((3, 7), dtype=np.float32)),
        "chanlocs-garbage": eeg_struct(chanlocs=np.arange(12.0)),
        "event-latency-huge": eeg_struct(event=np.array(
            [(("stim", 1e300, 0.0))], dtype=[("type", "O"), ("latency", "O"),
                                              ("duration", "O")]).reshape(1, 1)),
    }
    for name, fields in set_cases.items():
        write(f"set-{name}.set", mat(fields))
        write(f"set-{name}-compressed.set", mat(fields, compressed=True))
    good = mat(eeg_struct())
    # Raw lies in the MAT v5 bytes (header 128 bytes, then tag: type uint32, size uint32).
    lying = bytearray(good)
    lying[132:136] = struct.pack("<I", 0xFFFFFFF0)
    write("set-tag-claims-4gb.set", bytes(lying))
    # A numeric array whose dimensions multiply to 2^40 elements (about 8 TB of doubles).
    def element(kind, payload):
        pad = (-len(payload)) % 8
        return struct.pack("<II", kind, len(payload)) + payload + b"\0" * pad
    header = b"MATLAB 5.0 MAT-file, hostile".ljust(116, b" ") + b"\0" * 8 + b"\x00\x01IM"
    flags = element(6, struct.pack("<II", 6, 0))          # miUINT32: mxDOUBLE_CLASS
    dims = element(5, struct.pack("<ii", 1 << 20, 1 << 20))
    name = element(1, b"EEG")
    real = element(9, b"\0" * 64)                          # only 8 doubles present
    matrix = flags + dims + name + real
    write("set-dims-2e40.set", header + element(14, matrix))
    # The same inside a zlib stream, and a zlib bomb: 400 MB of zeros in < 1 MB.
    write("set-dims-2e40-compressed.set",
          header + element(15, zlib.compress(element(14, matrix), 9)))
    bomb = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    stream = bomb.compress(struct.pack("<II", 14, 400 << 20))
    for _ in range(400):
        stream += bomb.compress(chunk)
    stream += bomb.flush()
    write("set-zlib-bomb-400mb.set", header + element(15, stream))
    # Nesting 10,000 levels deep (cells in cells), and a truncated compressed stream.
    nested = element(9, b"\0" * 8)
    for _ in range(10000):
        nested = struct.pack("<II", 14, len(nested) + 16) + element(6, struct.pack(
            "<II", 1, 0))[:16] + nested
    write("set-nesting-10000.set", header + element(14, nested[8:]))
    compressed = mat(eeg_struct(), compressed=True)
    write("set-compressed-truncated.set", compressed[: len(compressed) // 2])
    write("set-not-mat.set", b"this is not a MAT file\n" * 10)
    write("set-hdf5-v73.set", b"\x89HDF\r\n\x1a\n" + b"\0" * 600)

    bases = {"compressed": tiny("tiny.set"), "fdt": tiny("tiny_fdt.set"),
             "epochs": tiny("tiny_epochs.set")}
    write("tiny_fdt.fdt", tiny("tiny_fdt.fdt"))  # the .fdt the fdt mutants name
    for index in range(90):
        base_name, base = rng.choice(sorted(bases.items()))
        data = bytearray(base)
        kind = rng.choice(["flip", "tag", "truncate", "digits"])
        if kind == "flip":
            for _ in range(rng.randint(1, 12)):
                data[rng.randrange(128, len(data))] ^= 1 << rng.randrange(8)
        elif kind == "tag":
            start = 128 + 8 * rng.randrange((len(data) - 136) // 8)
            data[start:start + 8] = rng.choice(
                [struct.pack("<II", 14, 0xFFFFFFFF), struct.pack("<II", 15, 0x7FFFFFFF),
                 struct.pack("<ii", -1, -1), struct.pack("<II", 0, 0),
                 struct.pack("<ii", 1 << 30, 1 << 30), b"\xff" * 8])
        elif kind == "truncate":
            data = data[:rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        write(f"mutant-set-{index:03d}-{base_name}-{kind}.set", bytes(data))

# --- BrainVision header mutants ------------------------------------------------------------
base_header = vhdr().encode("utf-8")
for index in range(60):
    data = bytearray(base_header)
    kind = rng.choice(["flip", "digits", "line", "truncate"])
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "digits":
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.choice(b"0123456789-+.eE=,")
    elif kind == "line":
        lines = bytes(data).split(b"\r\n")
        position = rng.randrange(len(lines))
        lines[position] = rng.choice(
            [b"", b"NumberOfChannels=99999999", b"SamplingInterval=0.000001",
             b"BinaryFormat=INT_32", b"Ch1=X,,1e400,uV", b"DataFile=bv-data-empty.eeg",
             b"[Channel Infos]", b"DataOrientation=VECTORIZED", b"\xff\xfe\x00"])
        data = bytearray(b"\r\n".join(lines))
    else:
        data = data[:rng.randrange(len(data))]
    write(f"mutant-bv-{index:03d}-{kind}.vhdr", bytes(data))

# --- BIDS ------------------------------------------------------------------------------------
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def bids_dataset(name, sidecars, recording):
    root = os.path.join(OUT, "bids", name)
    shutil.rmtree(root, ignore_errors=True)
    base = os.path.join(root, "sub-01", "eeg")
    os.makedirs(base)
    with open(os.path.join(root, "dataset_description.json"), "w") as handle:
        json.dump({"Name": name, "BIDSVersion": "1.8.0"}, handle)
    stem = os.path.join(base, "sub-01_task-rest_eeg")
    with open(stem + ".edf", "wb") as handle:
        handle.write(recording)
    for suffix, text in sidecars.items():
        path = os.path.join(base, "sub-01_task-rest_" + suffix)
        with open(path, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))


def bids_cases(recording):
    channels = "name\ttype\tunits\tstatus\nCz\tEEG\tuV\tgood\nPz\tEEG\tuV\tgood\n"
    good_json = json.dumps({"SamplingFrequency": 100, "PowerLineFrequency": 50,
                            "EEGReference": "Cz", "TaskName": "rest"})
    cases = {
        "good": {"channels.tsv": channels, "eeg.json": good_json},
        "json-invalid": {"eeg.json": "{not json"},
        "json-huge-numbers": {"eeg.json": json.dumps({
            "SamplingFrequency": 1e308, "PowerLineFrequency": 1e308,
            "SoftwareFilters": {"x": {"HighCutoff": 1e308}}})},
        "json-nan-linefreq": {"eeg.json": '{"PowerLineFrequency": NaN}'},
        "json-array-top": {"eeg.json": "[1,2,3]"},
        "json-deep": {"eeg.json": "[" * 100000 + "]" * 100000},
        "tsv-garbage": {"channels.tsv": bytes(rng.randrange(256) for _ in range(3000))},
        "tsv-no-header": {"channels.tsv": "Cz\tEEG\n"},
        "tsv-million-rows": {"channels.tsv": "name\ttype\tunits\n" + "".join(
            f"X{i}\tEEG\tuV\n" for i in range(60000))},
        "tsv-ragged": {"channels.tsv": "name\ttype\nCz\nPz\tEEG\textra\tcols\n"},
        "tsv-bad-status-types": {"channels.tsv": "name\ttype\tstatus\nCz\tNONSENSE\tweird\n"},
        "events-garbage": {"events.tsv": "onset\tduration\ttrial_type\nnan\tinf\tx\n"
                                         "1e308\t-5\ty\nabc\t\tz\n"},
        "events-many": {"events.tsv": "onset\tduration\ttrial_type\n" + "".join(
            f"{i * 0.001}\t0\te\n" for i in range(50000))},
        "electrodes-garbage": {"electrodes.tsv": "name\tx\ty\tz\nCz\tnan\tinf\t1e308\n",
                               "coordsystem.json": "{}"},
    }
    for name, sidecars in cases.items():
        bids_dataset(name, sidecars, recording)


if __name__ == "__main__" and len(sys.argv) > 2:
    with open(sys.argv[2], "rb") as handle:
        bids_cases(handle.read())
