import Foundation
import Testing
import _TestSupport

@Suite("eegscope plot psd")
struct PlotCommandTests {
    @Test("semi-log PSD of two channels with band names and legend")
    func semiLog() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("psd.svg")
        let result = try CLI.run([
            "plot", "psd", file.path, "--fs", "128", "--fmax", "40", "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let svg = try String(contentsOf: output, encoding: .utf8)
        #expect(svg.contains(">Frequency (Hz)</text>") && svg.contains("PSD (unit²/Hz)"))
        for band in ["delta", "theta", "alpha", "beta", "gamma"] {
            #expect(svg.contains(">\(band)</text>") || band == "delta", "band \(band)")
        }
        #expect(svg.contains("data-channel=\"Oz\"") && svg.contains("data-channel=\"Cz\""))
        let again = try CLI.run([
            "plot", "psd", file.path, "--fs", "128", "--fmax", "40", "--output", "-",
        ])
        #expect(again.stdout == svg, "same input, same bytes")
    }

    @Test("log-log PSD of a real recording with aperiodic fits and peaks")
    func fitted() throws {
        let file = TestData.sampleData.appendingPathComponent("eegmmidb_S001R01.edf")
        let directory = try TestData.temporaryDirectory()
        let output = directory.appendingPathComponent("fit.svg")
        let result = try CLI.run([
            "plot", "psd", file.path, "--channels", "O1..,Oz..", "--fmax", "45",
            "--log-frequency", "--fit", "--fit-range", "2-40", "--no-bands",
            "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: output, encoding: .utf8)
        // One legend entry for all fits (not one per channel beside the channel's own).
        #expect(svg.components(separatedBy: "aperiodic fit, per channel").count == 2)
        #expect(svg.components(separatedBy: "stroke-dasharray=\"7 4\"").count >= 3)
        #expect(svg.contains("class=\"peaks\""))
        #expect(svg.contains("PSD (µV²/Hz)"))
        #expect(!svg.contains("class=\"bands\""))
    }

    @Test("bad arguments and inputs fail with one line")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let svgPath = directory.appendingPathComponent("x.svg").path
        let format = try CLI.run(["plot", "psd", file.path, "--fs", "128", "--output", "x.txt"])
        #expect(format.status != 0 && format.stderr.contains("--output must end in .svg"))
        let bands = try CLI.run([
            "plot", "psd", file.path, "--fs", "128", "--bands", "alpha=13-8", "--output", svgPath,
        ])
        #expect(bands.status != 0 && bands.stderr.contains("--bands"))
        let fitRange = try CLI.run([
            "plot", "psd", file.path, "--fs", "128", "--fit-range", "40-2", "--output", svgPath,
        ])
        #expect(fitRange.status != 0 && fitRange.stderr.contains("--fit-range"))
        let missing = try CLI.run([
            "plot", "psd", directory.appendingPathComponent("none.edf").path,
            "--output", svgPath,
        ])
        #expect(missing.status != 0 && missing.stderr.contains("none.edf"))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: svgPath))
    }
}
