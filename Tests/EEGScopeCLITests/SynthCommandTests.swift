import Foundation
import Testing
import _TestSupport

/// FNV-1a 64-bit: a small, dependency-free checksum for pinning output bytes.
func fnv1a(_ data: Data) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in data {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

@Suite("eegscope synth")
struct SynthCommandTests {
    @Test("--list prints every scenario with one line of description")
    func list() throws {
        let result = try CLI.run(["synth", "--list"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.map { String($0.prefix { $0 != " " }) }
                == ["aperiodic", "delta3-bursts", "gamma-bursts", "ketamine",
                    "ketamine-headmodel", "dipole"])
        let ketamine = try #require(lines.count > 3 ? lines[3] : nil)
        for citation in ["Vesuna 2020", "Hong 2010", "de la Salle 2016", "Rivolta 2015",
                         "Vlisides 2018"] {
            #expect(ketamine.contains(citation))
        }
        #expect(lines[0].contains("1.5"))
    }

    @Test("writes the EDF+ and the events TSV; the same seed gives the same bytes")
    func reproducible() throws {
        let directory = try TestData.temporaryDirectory()
        let arguments = [
            "synth", "--scenario", "delta3-bursts", "--duration", "30", "--fs", "123",
            "--channels", "Pz,POz,Oz,CPz", "--seed", "9",
        ]
        let first = try CLI.run(arguments + ["--output", "a.edf"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("a_events.tsv"))
        let second = try CLI.run(arguments + ["--output", "b.edf"], in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        let edfA = try Data(contentsOf: directory.appendingPathComponent("a.edf"))
        let edfB = try Data(contentsOf: directory.appendingPathComponent("b.edf"))
        #expect(edfA == edfB)
        #expect(edfA.prefix(8) == Data("0       ".utf8))
        let tsvA = try String(contentsOf: directory.appendingPathComponent("a_events.tsv"),
                              encoding: .utf8)
        let tsvB = try String(contentsOf: directory.appendingPathComponent("b_events.tsv"),
                              encoding: .utf8)
        #expect(tsvA == tsvB)
        #expect(tsvA.hasPrefix("onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\n"))
        #expect(tsvA.split(separator: "\n").count > 1)
        let other = try CLI.run(
            Array(arguments.dropLast()) + ["10", "--output", "c.edf"], in: directory)
        #expect(other.status == 0)
        let edfC = try Data(contentsOf: directory.appendingPathComponent("c.edf"))
        #expect(edfC != edfA)
    }

    @Test("a pinned checksum of a short synth output")
    func pinnedChecksum() throws {
        // If this fails after an intended change to synthesis or the EDF writer, update the
        // constants; an unintended failure means the output is no longer reproducible.
        let directory = try TestData.temporaryDirectory()
        let result = try CLI.run([
            "synth", "--scenario", "ketamine", "--duration", "20", "--fs", "256",
            "--channels", "Fz,Pz,Oz", "--seed", "1", "--output", "pin.edf",
        ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let edf = try Data(contentsOf: directory.appendingPathComponent("pin.edf"))
        let tsv = try Data(contentsOf: directory.appendingPathComponent("pin_events.tsv"))
        #expect(edf.count == PinnedSynth.edfSize)
        #expect(String(fnv1a(edf), radix: 16) == PinnedSynth.edfChecksum)
        #expect(String(fnv1a(tsv), radix: 16) == PinnedSynth.tsvChecksum)
    }

    @Test("dipole: a named or explicit source through the head model; truth follows its field")
    func dipole() throws {
        let directory = try TestData.temporaryDirectory()
        let common = [
            "synth", "--scenario", "dipole", "--duration", "40", "--seed", "4",
            "--channels", "Fz,Cz,CPz,Pz,POz,O1,Oz,O2", "--background-sources", "20",
        ]
        let occipital = try CLI.run(
            common + ["--source", "occipital", "--moment-nam", "30", "-o", "occ.edf"],
            in: directory)
        #expect(occipital.status == 0, "\(occipital.stderr)")
        let truth = try String(
            contentsOf: directory.appendingPathComponent("occ_events.tsv"), encoding: .utf8)
        let channels = Set(truth.split(separator: "\n").dropFirst().map {
            String($0.split(separator: "\t")[2])
        })
        // The occipital source's field is largest at Oz, then O1/O2 and POz.
        #expect(channels.contains("Oz") && !channels.contains("Fz") && !channels.contains("Cz"))
        // An explicit dipole (the posteromedial position, radial) and a gamma rhythm.
        let explicit = try CLI.run(
            common + ["--dipole=-0.002,-0.022,0.078", "--orientation=0,-0.55,1",
                      "--rhythm", "gamma", "-o", "pm.edf"], in: directory)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let gamma = try String(
            contentsOf: directory.appendingPathComponent("pm_events.tsv"), encoding: .utf8)
        let rows = gamma.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.split(separator: "\t")[3] == "gamma" })
        #expect(rows.contains { $0.split(separator: "\t")[2] == "Pz" })
    }

    @Test("a BDF name writes BDF+")
    func bdf() throws {
        let directory = try TestData.temporaryDirectory()
        let result = try CLI.run([
            "synth", "--scenario", "aperiodic", "--duration", "4", "--channels", "Cz",
            "--output", "x.bdf",
        ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try Data(contentsOf: directory.appendingPathComponent("x.bdf"))
        #expect(bytes.first == 0xFF)
    }

    @Test("bad arguments fail with a one-line reason", arguments: [
        (["synth", "--scenario", "propofol", "--output", "x.edf"], "unknown scenario 'propofol'"),
        (["synth", "--output", "x.edf"], "--scenario"),
        (["synth", "--scenario", "ketamine"], "--output"),
        (["synth", "--scenario", "ketamine", "--output", "x.txt"], ".edf or .bdf"),
        (["synth", "--scenario", "aperiodic", "--output", "x.edf", "--channels", "Pz,Q9"],
         "x.edf: invalid channel 'Q9'"),
        (["synth", "--scenario", "gamma-bursts", "--output", "x.edf", "--fs", "100"],
         "x.edf: invalid sample rate 100 Hz"),
        (["synth", "--scenario", "aperiodic", "--output", "x.edf", "--duration", "-1"],
         "--duration"),
        (["synth", "--scenario", "aperiodic", "--output", "x.edf", "--exponent", "9"],
         "aperiodic exponent"),
        (["synth", "--scenario", "ketamine", "--output", "x.edf", "--spread", "20"],
         "--spread applies to delta3-bursts and gamma-bursts only"),
        (["synth", "--scenario", "gamma-bursts", "--output", "x.edf", "--spread", "500"],
         "x.edf: invalid burst spread (degrees) 500.0"),
        (["synth", "--scenario", "ketamine", "--output", "x.edf", "--moment-nam", "20"],
         "--moment-nam applies to the dipole and ketamine-headmodel scenarios only"),
        (["synth", "--scenario", "ketamine-headmodel", "--output", "x.edf", "--rhythm", "gamma"],
         "--rhythm applies to the dipole scenario only"),
        (["synth", "--scenario", "dipole", "--output", "x.edf", "--source", "posteromedial",
          "--dipole", "0,0,0.07"], "not both"),
        (["synth", "--scenario", "dipole", "--output", "x.edf", "--dipole", "0,0,0.2"],
         "x.edf: invalid dipole position"),
        (["synth", "--scenario", "dipole", "--output", "x.edf", "--source", "cerebellum"],
         "--source"),
        (["synth", "--scenario", "dipole", "--output", "x.edf", "--rhythm", "fast"],
         "--rhythm"),
    ])
    func errors(arguments: [String], message: String) throws {
        let directory = try TestData.temporaryDirectory()
        let result = try CLI.run(arguments, in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(
            atPath: directory.appendingPathComponent("x.edf").path))
    }
}

/// The pinned output of `synth --scenario ketamine --duration 20 --fs 256 --channels Fz,Pz,Oz
/// --seed 1`.
enum PinnedSynth {
    static let edfSize = 34080
    static let edfChecksum = "d67df74f4bf5316b"
    static let tsvChecksum = "bb304fec1f1b523"
}
