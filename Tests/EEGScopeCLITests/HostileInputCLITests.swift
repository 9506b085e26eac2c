import Foundation
import Testing
import _TestSupport

/// Findings of the adversarial CLI audit (`scripts/fuzz/make_hostile_inputs.py`), each run
/// through the built executable: one error line naming the file, no crash, nothing destroyed.
@Suite("eegscope on hostile inputs")
struct HostileInputCLITests {
    /// A valid 10 s, 200 Hz, 2-channel EDF with its 8-byte header field at `offset` replaced.
    static func edf(patching offset: Int, with text: String, name: String) throws -> String {
        var data = TinyEDF.data(
            channels: ["Cz", "Pz"], seconds: 10, rate: 200, frequency: 3, seed: 1)
        let field = Data(text.padding(toLength: 8, withPad: " ", startingAt: 0).utf8)
        data.replaceSubrange(offset..<(offset + 8), with: field)
        let folder = try TestData.temporaryDirectory("cli-hostile")
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Exit 1 and exactly one stderr line, which names `file`.
    static func expectOneLineError(_ result: CLI.Result, naming file: String) {
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("eegscope: error: \(file)") == true, "\(result.stderr)")
    }

    @Test(
        "a record duration giving an absurd sampling rate is a header error, not a crash",
        arguments: ["1e-300", "1e300"])
    func absurdRecordDuration(duration: String) throws {
        let file = try Self.edf(patching: 244, with: duration, name: "duration.edf")
        for arguments in [["detect", file, "--rhythm", "delta3"], ["psd", file]] {
            let result = try CLI.run(arguments)
            Self.expectOneLineError(result, naming: file)
            #expect(result.stderr.contains("duration of a data record"), "\(result.stderr)")
        }
    }

    @Test("--fs outside 1e-6...1e9 Hz is refused before reading", arguments: ["1e300", "1e-9"])
    func absurdCSVRate(rate: String) throws {
        let folder = try TestData.temporaryDirectory("cli-hostile-fs")
        let url = folder.appendingPathComponent("x.csv")
        try "Cz\n1\n2\n3\n".write(to: url, atomically: true, encoding: .utf8)
        let result = try CLI.run(["psd", url.path, "--fs", rate])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--fs must be a rate from 1e-06 to 1e+09 Hz"))
    }

    @Test("report with a failing input prints one error line (not a second summary line)")
    func reportOneLine() throws {
        let file = try Self.edf(patching: 236, with: "-5", name: "lying-count.edf")
        let output = try TestData.temporaryDirectory("cli-hostile-report")
        let result = try CLI.run(["report", file, "--output", output.path])
        Self.expectOneLineError(result, naming: file)
        #expect(FileManager.default.fileExists(
            atPath: output.appendingPathComponent("index.html").path))
    }

    @Test("a CSV that is not UTF-8 names the path once")
    func csvNotUTF8() throws {
        let folder = try TestData.temporaryDirectory("cli-hostile-csv")
        let url = folder.appendingPathComponent("latin1.csv")
        try Data([0xC9, 0x2C, 0x50, 0x7A, 0x0A, 0x31, 0x2C, 0x32, 0x0A]).write(to: url)
        let result = try CLI.run(["psd", url.path, "--fs", "100"])
        Self.expectOneLineError(result, naming: url.path)
        #expect(result.stderr == "eegscope: error: \(url.path): not UTF-8 text\n")
    }

    @Test("EDF+D whose gap-free runs are all shorter than a Welch segment: the error says so",
        .enabled(if: TestData.hasShared("edge-cases/Discontinuous1.edf"),
            "needs ../shared/data/eeg/edge-cases/Discontinuous1.edf (absent in a fresh clone)"))
    func discontinuousTooShort() throws {
        let url = try TestData.shared("edge-cases/Discontinuous1.edf")
        let result = try CLI.run(["bandpower", url.path])
        Self.expectOneLineError(result, naming: url.path)
        #expect(result.stderr.contains("longest gap-free stretch"), "\(result.stderr)")
    }

    @Test(
        "argument errors print one line naming the flag, exit 64",
        arguments: [
            (["psd", "x.edf", "--segment"], "--segment"),
            (["psd", "x.edf", "--bogus"], "--bogus"),
            (["psd", "x.edf", "--overlap", "1"], "--overlap"),
            (["detect", "x.edf", "--rhythm", "100-50"], "--rhythm"),
        ])
    func argumentErrors(arguments: [String], flag: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("eegscope: error: ") == true)
        #expect(result.stderr.contains(flag), "\(result.stderr)")
    }

    @Test("detect: a channel that cannot be analysed is warned about; all failing is an error")
    func detectChannelFailures() throws {
        let folder = try TestData.temporaryDirectory("cli-hostile-detect")
        let mixed = folder.appendingPathComponent("mixed.csv")
        var rows = (0..<2_000).map { index -> String in
            let value = 20 * sin(2 * Double.pi * 3 * Double(index) / 100)
            return "\(value),\(value)"
        }
        rows[1_000] = "nan,1"
        try ("Cz,Pz\n" + rows.joined(separator: "\n") + "\n")
            .write(to: mixed, atomically: true, encoding: .utf8)
        let partial = try CLI.run(["detect", mixed.path, "--fs", "100", "--rhythm", "delta3"])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains("warning: \(mixed.path): channel Cz skipped: "))
        let tiny = folder.appendingPathComponent("tiny.csv")
        try "Cz,Pz\n1,2\n".write(to: tiny, atomically: true, encoding: .utf8)
        let failed = try CLI.run(["detect", tiny.path, "--fs", "100", "--rhythm", "delta3"])
        Self.expectOneLineError(failed, naming: tiny.path)
        #expect(failed.stderr.contains("no channel could be analysed"))
    }

    @Test("compare: a span past the end of the recording is an error, not silently shortened")
    func compareSpanPastEnd() throws {
        let file = try Self.edf(patching: 0, with: "0", name: "ten-seconds.edf")
        let result = try CLI.run([
            "compare", file, "--rhythm", "delta3", "--baseline", "0-4", "--condition", "4-4000",
        ])
        Self.expectOneLineError(result, naming: file)
        #expect(result.stderr.contains("--condition 4-4000 s ends after the recording"))
        let inside = try CLI.run([
            "compare", file, "--rhythm", "delta3", "--baseline", "0-4", "--condition", "4-10",
            "--permutations", "10",
        ])
        #expect(inside.status == 0, "\(inside.stderr)")
    }

    @Test(
        "rhythm lists that do not parse say what a rhythm is, once",
        arguments: [
            ["detect", "x.edf", "--rhythm", "abc"],
            ["compare", "x.edf", "--rhythm", "abc"],
            ["batch", "x.edf", "--output", "out", "--rhythms", "delta3,abc"],
        ])
    func rhythmMessages(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64)
        let flag = arguments.contains("--rhythms") ? "--rhythms" : "--rhythm"
        #expect(result.stderr == "eegscope: error: \(flag): invalid rhythm 'abc'; expected "
            + "delta3, gamma or LOW-HIGH in Hz, e.g. 8-13 (see --help)\n")
    }

    @Test("score: a missing table is named once, relative paths included")
    func scoreMissingTable() throws {
        let folder = try TestData.temporaryDirectory("cli-hostile-score")
        let result = try CLI.run(
            ["score", "--truth", "nope.tsv", "--detected", "nope.tsv"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.components(separatedBy: "nope.tsv").count == 2, "\(result.stderr)")
    }

    @Test("--channels with only separators is refused; a file without data channels says so")
    func emptyChannelLists() throws {
        let file = try Self.edf(patching: 0, with: "0", name: "channels.edf")
        let empty = try CLI.run(["psd", file, "--channels", ","])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--channels must list channel names"))
        let blank = try CLI.run(["info", ""])
        #expect(blank.status == 1)
        #expect(blank.stderr == "eegscope: error: empty file name ('')\n")
    }

    @Test("batch: failures.tsv names a relative input once (no absolute path in the reason)")
    func batchFailureReason() throws {
        let folder = try TestData.temporaryDirectory("cli-hostile-batch")
        var data = TinyEDF.data(channels: ["Cz"], seconds: 4, rate: 100, frequency: 3, seed: 2)
        data.replaceSubrange(244..<252, with: Data("0       ".utf8))
        try data.write(to: folder.appendingPathComponent("zero-duration.edf"))
        let result = try CLI.run(
            ["batch", "zero-duration.edf", "--output", "out", "--rhythms", "none"], in: folder)
        #expect(result.status == 1)
        let failures = try String(
            contentsOf: folder.appendingPathComponent("out/failures.tsv"), encoding: .utf8)
        #expect(failures.hasPrefix("file\terror\tsubject\tsession\ttask\tacq\trun\nzero-duration.edf\theader field "), "\(failures)")
        #expect(!failures.contains(folder.path), "\(failures)")
    }

    @Test("a channel asked of an annotation-only file: the error says it has no data channel",
        .enabled(if: TestData.hasShared("sleep-edf/SC4001EC-Hypnogram.edf"),
            "needs ../shared/data/eeg/sleep-edf/SC4001EC-Hypnogram.edf (absent in a fresh clone)"))
    func annotationOnlyChannel() throws {
        let url = try TestData.shared("sleep-edf/SC4001EC-Hypnogram.edf")
        let folder = try TestData.temporaryDirectory("cli-hostile-hypnogram")
        let result = try CLI.run([
            "spectrogram", url.path, "--channel", "Cz",
            "--output", folder.appendingPathComponent("s.svg").path,
        ])
        Self.expectOneLineError(result, naming: url.path)
        #expect(result.stderr.contains("the recording has none"), "\(result.stderr)")
    }

    @Test("bandpower warns about a flat channel instead of reporting rounding residue")
    func flatChannel() throws {
        let folder = try TestData.temporaryDirectory("cli-hostile-flat")
        let url = folder.appendingPathComponent("flat.csv")
        let rows = (0..<1_000).map { index in "1234.5678,\(sin(Double(index) / 3))" }
        try ("Flat,Live\n" + rows.joined(separator: "\n") + "\n")
            .write(to: url, atomically: true, encoding: .utf8)
        let result = try CLI.run(["bandpower", url.path, "--fs", "100", "--bands", "a=1-4,b=4-8"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Flat has no power in the bands"), "\(result.stderr)")
        #expect(!result.stderr.contains("Live has"))
        let flatRows = result.stdout.split(separator: "\n").filter { $0.contains(",Flat,") }
        #expect(flatRows.count == 2)
        #expect(flatRows.allSatisfy { $0.contains(",0.0,0.0,") }, "\(flatRows)")
    }
}
