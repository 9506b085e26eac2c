#!/usr/bin/env python3
"""Writes a corpus of hostile inputs for the eegscope CLI into OUT (default
/tmp/eegscope-hostile): broken, truncated and lying EDF/BDF files, odd but valid EDF files,
and malformed CSV files, plus (make_hostile_formats.py) BrainVision, EEGLAB and BIDS cases.
Every file name says what is wrong with it.

Usage: python3 scripts/fuzz/make_hostile_inputs.py [OUT]

Only the standard library is used; the EDF writer below builds headers byte by byte so that
each field can be made to lie. `scripts/fuzz/run_hostile.sh` (or any loop) then runs every
command on every file and checks: non-zero exit with exactly one stderr line naming the file,
or exit 0 with finite output; never a signal, a hang or a memory blow-up.
"""
import math
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/eegscope-hostile"
os.makedirs(OUT, exist_ok=True)


def field(value, width):
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return data.ljust(width, b" ")[:width]


def edf(signals, record_count=None, record_duration=1, records=None, reserved="",
        bdf=False, header_bytes=None, overrides=None, tal=None, version=None):
    """An EDF/BDF file.

    signals: list of dicts with label, samples (per record), data (list of digital ints for
    all records), optional unit/pmin/pmax/dmin/dmax. overrides: {field name: raw text}
    replacing header fields (for lies). tal: per-record annotation bytes (adds an
    'EDF Annotations' signal of 30 samples).
    """
    overrides = overrides or {}
    signals = [dict(s) for s in signals]
    if tal is not None:
        signals.append(dict(label="BDF Annotations" if bdf else "EDF Annotations",
                            samples=30 if not bdf else 20, unit="", pmin=-1, pmax=1,
                            dmin=-32768 if not bdf else -8388608,
                            dmax=32767 if not bdf else 8388607, annotation=True))
    width = 3 if bdf else 2
    ns = len(signals)
    if records is None:
        per = [len(s.get("data", [])) // max(1, s["samples"]) for s in signals
               if not s.get("annotation")]
        records = min(per) if per else (len(tal) if tal else 0)
    head = version if version is not None else (b"\xffBIOSEMI" if bdf else field("0", 8))
    head += field(overrides.get("patient", "X X X X"), 80)
    head += field(overrides.get("recording", "Startdate X X X X"), 80)
    head += field(overrides.get("startdate", "01.01.20"), 8)
    head += field(overrides.get("starttime", "00.00.00"), 8)
    head += field(overrides.get("header_bytes", header_bytes or 256 * (ns + 1)), 8)
    head += field(reserved, 44)
    head += field(overrides.get("record_count",
                                records if record_count is None else record_count), 8)
    head += field(overrides.get("record_duration", record_duration), 8)
    head += field(overrides.get("signal_count", ns), 4)

    def block(key, width_, default):
        return b"".join(field(s.get(key, default), width_) for s in signals)

    head += block("label", 16, "")
    head += block("transducer", 80, "")
    head += block("unit", 8, "uV")
    head += block("pmin", 8, -100)
    head += block("pmax", 8, 100)
    head += block("dmin", 8, -8388608 if bdf else -32768)
    head += block("dmax", 8, 8388607 if bdf else 32767)
    head += block("prefilter", 80, "")
    head += block("samples_field", 8, None) if any("samples_field" in s for s in signals) \
        else block("samples", 8, 1)
    head += block("reserved", 32, "")
    body = bytearray()
    for record in range(records):
        for s in signals:
            n = s["samples"]
            if s.get("annotation"):
                text = tal[record] if record < len(tal) else b""
                body += text.ljust(n * width, b"\x00")[:n * width]
                continue
            values = s["data"][record * n:(record + 1) * n]
            for value in values:
                if bdf:
                    body += struct.pack("<i", value)[:3]
                else:
                    body += struct.pack("<h", value)
    return bytes(head) + bytes(body)


def sine(count, rate, freq, amp=10000, phase=0.0):
    return [int(amp * math.sin(2 * math.pi * freq * i / rate + phase)) for i in range(count)]


def write(name, data, mode="wb"):
    with open(os.path.join(OUT, name), mode) as handle:
        handle.write(data)


rate = 100
good_signals = [dict(label="Cz", samples=rate, data=sine(10 * rate, rate, 3)),
                dict(label="Pz", samples=rate, data=sine(10 * rate, rate, 10))]
good = edf(good_signals)
write("good.edf", good)

# --- not EDF at all ---------------------------------------------------------------------
write("empty.edf", b"")
write("text.edf", b"this is not an EDF file\n" * 20)
write("csv-as.edf", b"Cz,Pz\n1,2\n3,4\n")
write("png-as.edf", b"\x89PNG\r\n\x1a\n" + bytes(300))
write("one-byte.edf", b"0")
write("zeros.edf", bytes(4096))
os.makedirs(os.path.join(OUT, "directory.edf"), exist_ok=True)

# --- truncated at every header boundary and mid-record ----------------------------------
for cut in [8, 88, 168, 176, 184, 192, 236, 244, 252, 255, 256, 256 + 16 * 2, 511, 512]:
    write(f"truncated-at-{cut}.edf", good[:cut])
write("truncated-mid-record.edf", good[:512 + rate * 2 * 2 * 3 + 7])
write("truncated-one-byte-short.edf", good[:-1])

# --- lying header fields ----------------------------------------------------------------
lies = {
    "record-count-lies-high": {"record_count": 1000},
    "record-count-huge": {"record_count": 99999999},
    "record-count-minus-one": {"record_count": -1},
    "record-count-minus-five": {"record_count": -5},
    "record-count-text": {"record_count": "abc"},
    "record-duration-zero": {"record_duration": 0},
    "record-duration-negative": {"record_duration": -1},
    "record-duration-tiny": {"record_duration": "1e-300"},
    "record-duration-huge": {"record_duration": "1e300"},
    "record-duration-nan": {"record_duration": "nan"},
    "signal-count-huge": {"signal_count": 9999},
    "signal-count-zero": {"signal_count": 0},
    "signal-count-negative": {"signal_count": -2},
    "header-bytes-lies": {"header_bytes": 99999},
    "header-bytes-zero": {"header_bytes": 0},
    "nonascii-patient": {"patient": "Jos\u00e9 \u00c5ngstr\u00f6m"},
    "bad-startdate": {"startdate": "99.99.99", "starttime": "xx.yy.zz"},
}
for name, override in lies.items():
    write(f"{name}.edf", edf(good_signals, overrides=override))

write("samples-per-record-zero.edf", edf([dict(
    label="Cz", samples=rate, samples_field=0, data=sine(10 * rate, rate, 3))]))
write("samples-per-record-negative.edf", edf([dict(
    label="Cz", samples=rate, samples_field=-100, data=sine(10 * rate, rate, 3))]))
write("samples-per-record-huge.edf", edf([dict(
    label="Cz", samples=rate, samples_field=99999999, data=sine(10 * rate, rate, 3))]))
write("physical-min-equals-max.edf", edf([dict(
    label="Cz", samples=rate, pmin=50, pmax=50, data=sine(10 * rate, rate, 3))]))
write("digital-min-above-max.edf", edf([dict(
    label="Cz", samples=rate, dmin=100, dmax=-100, data=sine(10 * rate, rate, 3))]))
write("physical-min-nan.edf", edf([dict(
    label="Cz", samples=rate, pmin="nan", data=sine(10 * rate, rate, 3))]))
write("physical-inverted.edf", edf([dict(
    label="Cz", samples=rate, pmin=100, pmax=-100, data=sine(10 * rate, rate, 3))]))

# --- valid but degenerate signals -------------------------------------------------------
write("all-zero.edf", edf([dict(label="Cz", samples=rate, data=[0] * (10 * rate))]))
write("all-constant.edf", edf([dict(label="Cz", samples=rate, data=[1234] * (10 * rate)),
                               dict(label="Pz", samples=rate, data=[-5] * (10 * rate))]))
write("saturated.edf", edf([dict(label="Cz", samples=rate,
                                 data=[32767 if i % 2 else -32768 for i in range(10 * rate)])]))
write("one-channel.edf", edf([dict(label="Cz", samples=rate, data=sine(30 * rate, rate, 3))]))
write("one-record-one-sample.edf", edf([dict(label="Cz", samples=1, data=[5])]))
write("zero-records.edf", edf(good_signals, records=0, record_count=0))
write("shorter-than-welch-segment.edf", edf(
    [dict(label="Cz", samples=rate, data=sine(rate, rate, 3))]))   # 1 s < 2 s segment
write("shorter-than-3-delta-cycles.edf", edf(
    [dict(label="Cz", samples=50, data=sine(150, 50, 3))], record_duration=0.5))  # 1.5 s
write("rate-1hz-long.edf", edf([dict(label="Cz", samples=1, data=sine(20000, 1, 0.1))]))
write("rate-100000hz.edf", edf([dict(label="Cz", samples=100000,
                                     data=sine(300000, 100000, 3000))]))
write("rate-0.5hz.edf", edf([dict(label="Cz", samples=1, data=sine(600, 0.5, 0.05))],
                            record_duration=2))
write("rate-123hz.edf", edf([dict(label="Cz", samples=123, data=sine(123 * 20, 123, 3))]))
write("names-odd.edf", edf([
    dict(label="Fp1 Ref", samples=rate, data=sine(10 * rate, rate, 3)),
    dict(label="A,B", samples=rate, data=sine(10 * rate, rate, 4)),
    dict(label="\u00c9\u00e8\u00ea", samples=rate, data=sine(10 * rate, rate, 5)),
    dict(label="Cz", samples=rate, data=sine(10 * rate, rate, 6)),
    dict(label="Cz", samples=rate, data=sine(10 * rate, rate, 7)),
    dict(label='quote"x', samples=rate, data=sine(10 * rate, rate, 8)),
    dict(label="", samples=rate, data=sine(10 * rate, rate, 9)),
]))
write("bdf-good.bdf", edf([dict(label="Cz", samples=rate, data=sine(10 * rate, rate, 3,
                                                                     amp=4000000))], bdf=True))
write("bdf-truncated.bdf", edf([dict(label="Cz", samples=rate, data=sine(
    10 * rate, rate, 3, amp=4000000))], bdf=True)[:-100])

# --- EDF+ annotation trouble ------------------------------------------------------------
tals_ok = [(b"+%d\x14\x14\x00" % r) for r in range(10)]
write("edfplus-ok.edf", edf(good_signals, reserved="EDF+C", tal=tals_ok))
write("edfplus-tal-garbage.edf", edf(good_signals, reserved="EDF+C",
                                     tal=[b"\x01\x02garbage"] * 10))
write("edfplus-tal-no-terminator.edf", edf(good_signals, reserved="EDF+C",
                                           tal=[b"+0\x14" + b"x" * 100] * 10))
write("edfplus-onset-nan.edf", edf(good_signals, reserved="EDF+C",
                                   tal=[b"+nan\x14\x14\x00"] * 10))
write("edfplus-onset-huge.edf", edf(good_signals, reserved="EDF+C",
                                    tal=[b"+1e308\x14\x14\x00"] * 10))
write("edfd-backwards.edf", edf(good_signals, reserved="EDF+D",
                                tal=[(b"+%d\x14\x14\x00" % (10 - r)) for r in range(10)]))
write("edfd-gaps.edf", edf(good_signals, reserved="EDF+D",
                           tal=[(b"+%d\x14\x14\x00" % (3 * r)) for r in range(10)]))
write("edfd-no-annotation-signal.edf", edf(good_signals, reserved="EDF+D"))

# --- CSV --------------------------------------------------------------------------------
def csv(name, text, encoding="utf-8"):
    write(name, text.encode(encoding))


rows = "\n".join(f"{math.sin(i / 10):.6f},{math.cos(i / 10):.6f}" for i in range(1000))
csv("good.csv", "Cz,Pz\n" + rows + "\n")
csv("empty.csv", "")
csv("header-only.csv", "Cz,Pz\n")
csv("one-sample.csv", "Cz,Pz\n1,2\n")
csv("nan.csv", "Cz,Pz\n" + rows + "\nnan,1\n")
csv("inf.csv", "Cz,Pz\n" + rows + "\ninf,1\n")
csv("empty-cell.csv", "Cz,Pz\n" + rows + "\n,1\n")
csv("ragged.csv", "Cz,Pz\n" + rows + "\n1,2,3\n")
csv("bom.csv", "\ufeffCz,Pz\n" + rows + "\n")
csv("semicolon.csv", "Cz;Pz\n" + rows.replace(",", ";") + "\n")
csv("crlf.csv", ("Cz,Pz\n" + rows + "\n").replace("\n", "\r\n"))
csv("quoted-names.csv", '"Fp1, Ref","Cz"\n' + rows + "\n")
csv("duplicate-names.csv", "Cz,Cz\n" + rows + "\n")
csv("unicode-names.csv", "\u00c9l\u00e8ctrode,\u8111\n" + rows + "\n")
csv("spaces-names.csv", "EEG Fp1 - Ref , Cz\n" + rows + "\n")
csv("text-values.csv", "Cz,Pz\nabc,def\n")
csv("latin1.csv", "\u00c9,Pz\n1,2\n", encoding="latin-1")
csv("huge-number.csv", "Cz,Pz\n" + rows + "\n1e400,1\n")
csv("no-trailing-newline.csv", "Cz,Pz\n" + rows)
write("binary.csv", bytes(range(256)) * 4)

# --- issue 14: header claims that must not drive memory (each file <= 1 MB) -------------
# 100,000 samples in one record of 0.0001 s claims 1e9 Hz: a 2 s Welch segment would be 2e9
# samples (16 GB of doubles) although the file holds 100,000.
write("rate-1e9hz-200kb.edf", edf([dict(label="Cz", samples=100000,
                                        data=sine(100000, 1e9, 3e7))],
                                  record_duration="0.0001"))
write("rate-1e7hz-200kb.edf", edf([dict(label="Cz", samples=100000,
                                        data=sine(100000, 1e7, 3e5))],
                                  record_duration="0.01"))
write("records-minus-one-spr-99999999.edf", edf([dict(
    label="Cz", samples=rate, samples_field=99999999, data=sine(10 * rate, rate, 3))],
    overrides={"record_count": -1}))
write("rate-1e9hz-records-minus-one.edf", edf([dict(
    label="Cz", samples=rate, samples_field=99999999, data=sine(10 * rate, rate, 3))],
    overrides={"record_count": -1, "record_duration": "0.1"}))
# A 2 MB-claiming header would be cut by the 1 MB limit; 3,000 tiny channels stay under it.
write("channels-3000.edf", edf([dict(label=f"C{i}", samples=1, data=[i % 100] * 10)
                                 for i in range(3000)]))

# --- issue 14: non-finite scaling and values --------------------------------------------
for name, pmin, pmax in [("physical-max-1e308", "-1e308", "1e308"),
                         ("physical-max-1e300", "-1e300", "1e300"),
                         ("physical-max-inf", "-inf", "inf"),
                         ("physical-max-1e101", "-1e101", "1e101")]:
    write(f"{name}.edf", edf([dict(label="Cz", samples=rate, pmin=pmin, pmax=pmax,
                                   data=sine(10 * rate, rate, 3))]))
csv("values-1e308.csv", "Cz,Pz\n" + "\n".join(
    f"{1e308 * math.sin(i / 10)!r},{1e308 * math.cos(i / 10)!r}" for i in range(1000)) + "\n")

# --- issue 14: format from the header bytes -----------------------------------------------
bdf_data = edf([dict(label="Cz", samples=rate, dmin=-32768, dmax=32767,
                     data=sine(10 * rate, rate, 3, amp=30000))], bdf=True)
write("bdf-with-edf-version.bdf", field("0", 8) + bdf_data[8:])
write("bdf-with-edf-version.edf", field("0", 8) + bdf_data[8:])
write("edf-named.bdf", good)
write("bdf-named.edf", bdf_data)
write("edf-named.csv", good)
write("no-extension-edf", good)
write("no-extension-text", b"Cz,Pz\n1,2\n")

# --- issue 14: CSV oddities -----------------------------------------------------------------
csv("hex-values.csv", "Cz,Pz\n" + "\n".join(f"0x{i % 16:x},{i}" for i in range(1000)) + "\n")
csv("numeric-header.csv", rows + "\n")
csv("duplicate-names-3.csv", "Cz,Pz,Cz\n" + "\n".join(
    f"{math.sin(i / 10):.6f},1,2" for i in range(1000)) + "\n")

# --- issue 14: special files and folder trees (for batch discovery) -------------------------
special = os.path.join(OUT, "special")
os.makedirs(special, exist_ok=True)
for name in ["fifo.edf", "fifo.csv"]:
    path = os.path.join(special, name)
    if not os.path.exists(path):
        os.mkfifo(path)
tree = os.path.join(OUT, "tree")
os.makedirs(os.path.join(tree, "a", "b"), exist_ok=True)
with open(os.path.join(tree, "a", "rec.edf"), "wb") as handle:
    handle.write(good)
for link, target in [("a/b/up-loop", ".."), ("a/b/root-loop", "../.."),
                     ("a/twin.edf", "rec.edf"), ("dangling.edf", "missing.edf")]:
    path = os.path.join(tree, link)
    if not os.path.lexists(path):
        os.symlink(target, path)
fifo = os.path.join(tree, "a", "fifo.edf")
if not os.path.exists(fifo):
    os.mkfifo(fifo)

# --- seeded mutants: byte flips, header-field scrambles, truncations, EDF/BDF swaps ----------
# Deterministic (random.Random(14)), so the corpus is the same on every machine.
import random
rng = random.Random(14)
bases = {"good": good, "edfplus": edf(good_signals, reserved="EDF+C", tal=tals_ok),
         "bdf": bdf_data}
for index in range(240):
    name, base = rng.choice(sorted(bases.items()))
    data = bytearray(base)
    kind = rng.choice(["flip", "field", "truncate", "swap", "digits"])
    if kind == "flip":
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "field":
        start = rng.randrange(0, min(len(data), 768) - 8)
        data[start:start + 8] = rng.choice(
            [b"-1      ", b"99999999", b"1e308   ", b"0       ", b"nan     ", b"1e-300  ",
             b"-0      ", b"        ", b"\xff" * 8, b"+1E+99  "])
    elif kind == "truncate":
        data = data[:rng.randrange(len(data))]
    elif kind == "swap":
        data[0:8] = b"\xffBIOSEMI" if data[0:1] == b"0" else field("0", 8)
    else:
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(0, min(len(data), 768))
            data[position] = rng.choice(b"0123456789-+.eE ")
    extension = rng.choice([".edf", ".bdf", ".edf", ".rec"])
    write(f"mutant-{index:03d}-{name}-{kind}{extension}", bytes(data))

# Unreadable file (a no-op when run as root, which can read anything).
unreadable = os.path.join(OUT, "unreadable.edf")
with open(unreadable, "wb") as handle:
    handle.write(good)
os.chmod(unreadable, 0)
# BrainVision, EEGLAB and BIDS cases (a script of their own; BIDS copies wrap good.edf).
import subprocess
subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "make_hostile_formats.py"),
                OUT, os.path.join(OUT, "good.edf")], check=True)
print(f"wrote {len(os.listdir(OUT))} inputs to {OUT} (special files in special/ and tree/, "
      f"BIDS datasets in bids/)")
