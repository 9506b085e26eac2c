import Foundation
import Testing
import _TestSupport

@Suite("eegscope fit")
struct FitCommandTests {
    static let sample = TestData.sampleData.appendingPathComponent("eegmmidb_S001R01.edf").path

    struct Document: Decodable {
        struct Aperiodic: Decodable {
            let offset: Double
            let knee: Double?
            let exponent: Double
        }
        struct Peak: Decodable {
            let frequency_hz: Double
            let power: Double
            let bandwidth_hz: Double
        }
        struct Channel: Decodable {
            let name: String
            let aperiodic: Aperiodic?
            let peaks: [Peak]
            let r_squared: Double?
            let error: Double?
            let failure: String?
        }
        let file: String
        let channels: [Channel]
    }

    func fit(_ arguments: [String]) throws -> (CLI.Result, Document?) {
        let result = try CLI.run(["fit"] + arguments)
        let document = try? JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
        return (result, document)
    }

    @Test("JSON has the contract's fields; knee is null in fixed mode")
    func json() throws {
        let (result, document) = try fit([Self.sample, "--channels", "Oz..,Pz..,C3.."])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try #require(document)
        #expect(parsed.file == Self.sample)
        #expect(parsed.channels.map(\.name) == ["Oz..", "Pz..", "C3.."])
        #expect(result.stdout.contains("\"knee\":null"))
        #expect(!result.stdout.contains("NaN"))
        for channel in parsed.channels {
            #expect(channel.failure == nil)
            #expect(try #require(channel.r_squared) > 0.9)
            #expect(channel.peaks.allSatisfy { $0.bandwidth_hz >= 0.5 && $0.bandwidth_hz <= 12 })
        }
    }

    @Test("Welch + fit end to end matches scipy.signal.welch + fooof on the same channel")
    func matchesFOOOF() throws {
        // fooof_real.json: eegmmidb/S001R01.edf:Pz..:1-40, SciPy Welch (2 s Hann, 50 %) in uV².
        let (result, document) = try fit([Self.sample, "--channels", "Pz.."])
        #expect(result.status == 0, "\(result.stderr)")
        let channel = try #require(document?.channels.first)
        let aperiodic = try #require(channel.aperiodic)
        // The PSDs agree to ~1e-12 relative, so the fits agree as in the fixture test (1e-3).
        #expect(abs(aperiodic.exponent - 1.747) < 1e-3)
        #expect(abs(aperiodic.offset - 3.040) < 1e-3)
        #expect(channel.peaks.map { ($0.frequency_hz * 100).rounded() / 100 }
            == [8.41, 13.06, 17.5, 20.18, 24.23])
    }

    @Test("knee mode reports a non-negative knee; max-peaks limits the peaks")
    func kneeMode() throws {
        let (result, document) = try fit([
            Self.sample, "--channels", "Oz..", "--aperiodic", "knee", "--max-peaks", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let channel = try #require(document?.channels.first)
        #expect(try #require(channel.aperiodic?.knee) >= 0)
        #expect(channel.peaks.count <= 2)
    }

    @Test("text format and --output")
    func textAndOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let path = directory.appendingPathComponent("fit.txt").path
        let result = try CLI.run([
            "fit", Self.sample, "--channels", "Cz..", "--format", "text", "--fmax", "70",
            "--mask-line-noise", "60", "--output", path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("Spectral model: Cz.., 1–70 Hz"))
        #expect(text.contains("Line noise: 13 bins within ±3 Hz of 60 Hz"))
    }

    @Test("a range no channel covers fails with one line naming the file")
    func rangeBeyondNyquist() throws {
        let (result, _) = try fit([Self.sample, "--fmax", "100"])
        #expect(result.status == 1)
        let expected = "eegscope: error: \(Self.sample): no channel could be fitted"
        #expect(result.stderr.hasPrefix(expected))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("bad arguments and a missing file exit non-zero", arguments: [
        ["--peak-width-limits", "3-1"], ["--fmin", "10", "--fmax", "5"], ["--max-peaks", "-1"],
        ["--mask-line-noise", "0"], ["--segment", "0"], ["--aperiodic", "lorentz"],
    ])
    func badArguments(extra: [String]) throws {
        let result = try CLI.run(["fit", Self.sample] + extra)
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
    }

    @Test("--help names the model, the defaults and the JSON fields' meaning")
    func help() throws {
        let result = try CLI.run(["fit", "--help"])
        #expect(result.status == 0)
        for text in ["FOOOF", "--aperiodic", "--mask-line-noise", "--max-peaks", "failure"] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }

    @Test("a missing file names the file")
    func missingFile() throws {
        let result = try CLI.run(["fit", "/nonexistent/x.edf"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/x.edf"))
    }
}
