import Foundation
import Testing
import _TestSupport

/// Findings of the contract audit that are not one command's behaviour: what `--help` says.
@Suite("eegscope contract audit")
struct ContractAuditTests {
    /// The `--help` text of `arguments`, with ArgumentParser's wrapped lines joined.
    static func help(_ arguments: [String]) throws -> String {
        let result = try CLI.run(arguments + ["--help"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    @Test(
        "--fmax help states the Nyquist default once, never ArgumentParser's 'inf'",
        arguments: [["psd"], ["spectrogram"], ["plot", "psd"]])
    func fmaxDefault(command: [String]) throws {
        let text = try Self.help(command)
        #expect(text.contains("(default: Nyquist)"), "\(text)")
        #expect(!text.contains("default: inf"), "\(text)")
    }

    @Test("plot psd --fmin help states its default once (no extra '(default: 0.0)')")
    func plotFminDefault() throws {
        let text = try Self.help(["plot", "psd"])
        #expect(text.contains("--log-frequency)."), "\(text)")
        #expect(!text.contains("(default: 0.0)"), "\(text)")
    }

    @Test("detect --spatial-extent help states its default once")
    func spatialExtentDefault() throws {
        let text = try Self.help(["detect"])
        #expect(text.contains("largest amplitude, or off. (default: 0.5)"), "\(text)")
        #expect(!text.contains("(default 0.5)"), "\(text)")
    }

    @Test("without --fmax the spectra still reach the Nyquist frequency; --fmax still crops")
    func fmaxBehaviourUnchanged() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)  // 128 Hz: Nyquist 64 Hz
        let full = try CLI.run(["psd", file.path, "--fs", "128", "--channels", "Oz"])
        #expect(full.status == 0, "\(full.stderr)")
        let last = full.stdout.split(separator: "\n").last?.split(separator: ",")
        #expect(last?[1] == "64.0", "last row \(String(describing: last))")
        let cropped = try CLI.run([
            "psd", file.path, "--fs", "128", "--channels", "Oz", "--fmin", "5", "--fmax", "20",
        ])
        #expect(cropped.status == 0, "\(cropped.stderr)")
        let frequencies = cropped.stdout.split(separator: "\n").dropFirst()
            .compactMap { Double($0.split(separator: ",")[1]) }
        #expect(frequencies.first == 5 && frequencies.last == 20, "\(frequencies)")

        let svg = directory.appendingPathComponent("psd.svg")
        let plot = try CLI.run([
            "plot", "psd", file.path, "--fs", "128", "--fmin", "2", "--fmax", "30",
            "--output", svg.path,
        ])
        #expect(plot.status == 0, "\(plot.stderr)")
        let csv = directory.appendingPathComponent("oz.csv")
        let spectrogram = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--output", csv.path,
        ])
        #expect(spectrogram.status == 0, "\(spectrogram.stderr)")
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        let top = rows.dropFirst().compactMap { Double($0.split(separator: ",")[1]) }.max()
        #expect(top == 64, "highest spectrogram row \(String(describing: top)) Hz")
    }

    @Test("an inverted --fmin/--fmax range is still an argument error")
    func invertedRange() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        for command in [["psd"], ["plot", "psd"], ["spectrogram"]] {
            var arguments = command + [file.path, "--fs", "128", "--fmin", "30", "--fmax", "10"]
            if command == ["spectrogram"] { arguments += ["--channel", "Oz"] }
            if command != ["psd"] {
                arguments += ["--output", directory.appendingPathComponent("x.svg").path]
            }
            let result = try CLI.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains("--fmax"), "\(command): \(result.stderr)")
        }
    }
}
