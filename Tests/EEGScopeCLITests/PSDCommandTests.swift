import Foundation
import Testing
import _TestSupport

/// A CSV recording: `Oz` = 2·sin(2π·10 t), `Cz` = 0.5·sin(2π·20 t), 20 s at 128 Hz.
func writeSineCSV(in directory: URL, name: String = "sines.csv") throws -> URL {
    let rate = 128.0
    var lines = ["Oz,Cz"]
    for index in 0..<(20 * 128) {
        let time = Double(index) / rate
        let oz = 2 * sin(2 * Double.pi * 10 * time)
        let cz = 0.5 * sin(2 * Double.pi * 20 * time)
        lines.append("\(oz),\(cz)")
    }
    let url = directory.appendingPathComponent(name)
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    return url
}

@Suite("eegscope psd")
struct PSDCommandTests {
    @Test("csv: header, one row per channel and bin, the analytic Hann peak A²L/(3 fs)")
    func csvOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let result = try CLI.run(["psd", file.path, "--fs", "128", "--fmax", "30"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "channel,frequency_hz,psd")
        #expect(lines.count == 1 + 2 * 61)  // 0 … 30 Hz at 0.5 Hz, two channels
        let peak = try #require(lines.first { $0.hasPrefix("Oz,10.0,") })
        let value = try #require(Double(peak.split(separator: ",")[2]))
        // Whole cycles per 2 s segment: periodic Hann peak density = A²·L / (3·fs).
        #expect(isClose(value, 4 * 256 / (3 * 128), relative: 1e-9), "\(value)")
    }

    @Test("json: contract fields, one psd array per channel, multitaper method name")
    func jsonOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("psd.json")
        let result = try CLI.run([
            "psd", file.path, "--fs", "128", "--method", "multitaper", "--fmin", "5",
            "--fmax", "25", "--channels", "Cz", "--format", "json", "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect(object["method"] as? String == "multitaper")
        #expect(object["sampling_rate_hz"] as? Double == 128)
        #expect(object["unit"] as? String == "unit^2/Hz")
        #expect(object["file"] as? String == file.path)
        let frequencies = try #require(object["frequencies_hz"] as? [Double])
        #expect(frequencies.first == 5 && frequencies.last == 25)
        let channels = try #require(object["channels"] as? [[String: Any]])
        #expect(channels.count == 1 && channels[0]["name"] as? String == "Cz")
        let psd = try #require(channels[0]["psd"] as? [Double])
        #expect(psd.count == frequencies.count)
        // The 20 Hz line dominates.
        let peakIndex = try #require(psd.indices.max { psd[$0] < psd[$1] })
        #expect(frequencies[peakIndex] == 20)
    }

    @Test("bad input: one stderr line naming the file, non-zero exit")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let tooLong = try CLI.run(["psd", file.path, "--fs", "128", "--segment", "30"])
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.hasPrefix("eegscope: error: \(file.path): channel Oz has 2560"))
        #expect(tooLong.stderr.split(separator: "\n").count == 1)
        let window = try CLI.run(["psd", file.path, "--fs", "128", "--window", "kaiser"])
        #expect(window.status != 0 && window.stderr.contains("invalid window 'kaiser'"))
        let overlap = try CLI.run(["psd", file.path, "--fs", "128", "--overlap", "1"])
        #expect(overlap.status != 0 && overlap.stderr.contains("--overlap"))
        let range = try CLI.run(["psd", file.path, "--fs", "128", "--fmin", "20", "--fmax", "10"])
        #expect(range.status != 0 && range.stderr.contains("--fmin"))
        let missing = try CLI.run(["psd", directory.appendingPathComponent("none.csv").path,
                                   "--fs", "128"])
        #expect(missing.status != 0 && missing.stderr.contains("none.csv"))
    }

    @Test("an EDF recording from the shared set gives 160 Hz spectra",
        .enabled(if: TestData.hasShared("eegmmidb/S001R01.edf"),
            "needs ../shared/data/eeg/eegmmidb/S001R01.edf (absent in a fresh clone)"))
    func edfInput() throws {
        let file = try TestData.shared("eegmmidb/S001R01.edf")
        let result = try CLI.run(["psd", file.path, "--channels", "Cz", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["sampling_rate_hz"] as? Double == 160)
        #expect((object["frequencies_hz"] as? [Double])?.last == 80)
    }
}
