import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 14 through the built executable: outputs never replace inputs, every write failure
/// is one line and a non-zero exit with no temporary file left, special files and absurd
/// header claims end in clean errors, batch folders are locked.
@Suite("eegscope reliability (issue 14)")
struct ReliabilityCLITests {
    /// A folder holding `rec.edf` (2 channels, `seconds` s at 200 Hz).
    static func recording(seconds: Int = 10) throws -> (folder: URL, file: String) {
        let folder = try TestData.temporaryDirectory("cli-reliability")
        let url = folder.appendingPathComponent("rec.edf")
        try TinyEDF.data(channels: ["Cz", "Pz"], seconds: seconds, rate: 200, frequency: 3, seed: 5)
            .write(to: url)
        return (folder, url.path)
    }

    /// Runs `command` through bash (for pipes, ulimit and signal dispositions).
    static func shell(_ command: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func expectOneLine(_ result: CLI.Result, containing text: String) {
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("eegscope: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(text), "\(result.stderr)")
    }

    /// Each command with the outputs to try: the input itself, or a link to it whose
    /// extension passes the command's own output check.
    static let overwriteCases: [([String], [String])] = [
        (["filter", "IN", "--band", "1-30", "--output", "OUT"], ["IN", "link.csv"]),
        (["psd", "IN", "--output", "OUT"], ["IN", "link.csv"]),
        (["bandpower", "IN", "--output", "OUT"], ["IN", "link.csv"]),
        (["detect", "IN", "--rhythm", "delta3", "--output", "OUT"], ["IN", "link.csv"]),
        (["detect", "IN", "--rhythm", "delta3", "--summary", "OUT"], ["IN", "link.csv"]),
        (["fit", "IN", "--output", "OUT"], ["IN", "link.csv"]),
        (["spectrogram", "IN", "--channel", "Cz", "--output", "OUT"], ["link.csv", "link.svg"]),
        (["plot", "psd", "IN", "--output", "OUT"], ["link.svg"]),
        (["report", "IN", "--output", "OUT"], ["IN", "link.csv"]),
        (["batch", "IN", "--output", "OUT"], ["IN", "link.csv"]),
    ]

    @Test("every command refuses an output that is its input, directly or through a link",
          arguments: overwriteCases)
    func outputIsInput(arguments: [String], outputs: [String]) throws {
        let (folder, file) = try Self.recording()
        let original = try Data(contentsOf: URL(fileURLWithPath: file))
        for name in ["link.csv", "link.svg"] {
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent(name).path, withDestinationPath: file)
        }
        for output in outputs {
            let path = output == "IN" ? file : folder.appendingPathComponent(output).path
            let result = try CLI.run(arguments.map { $0 == "IN" ? file : $0 == "OUT" ? path : $0 })
            Self.expectOneLine(result, containing: "is this input file")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == original)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == ["link.csv", "link.svg", "rec.edf"])
    }

    @Test("a full standard output is one error line, not a trap")
    func stdoutFull() throws {
        let (_, file) = try Self.recording()
        let result = try Self.shell("'\(CLI.executable.path)' psd '\(file)' > /dev/full")
        Self.expectOneLine(result, containing: "cannot write to standard output: No space left")
    }

    @Test("a closed pipe ends the command quietly (psd big.edf | head -1)")
    func brokenPipe() throws {
        let (_, file) = try Self.recording(seconds: 60)
        let result = try Self.shell(
            "'\(CLI.executable.path)' psd '\(file)' --method periodogram | head -1; "
                + "echo \"status ${PIPESTATUS[0]}\"")
        #expect(result.stdout == "channel,frequency_hz,psd\nstatus 141\n")
        #expect(result.stderr == "", "\(result.stderr)")
    }

    @Test("a write cut short by a file-size limit leaves no temporary file",
          arguments: [["psd", "IN", "--method", "periodogram", "--output", "OUT/psd.csv"],
                      ["filter", "IN", "--band", "1-30", "--output", "OUT/filtered.edf"],
                      ["batch", "IN", "--output", "OUT/batch"]])
    func fileSizeLimit(arguments: [String]) throws {
        let (_, file) = try Self.recording(seconds: 60)
        let output = try TestData.temporaryDirectory("cli-reliability-efbig")
        let command = arguments.map {
            "'" + $0.replacingOccurrences(of: "IN", with: file)
                .replacingOccurrences(of: "OUT", with: output.path) + "'"
        }.joined(separator: " ")
        // ulimit -f counts 1024-byte blocks: writes past 2 KiB fail with EFBIG (a batch
        // part file is about 3 KiB).
        let result = try Self.shell(
            "trap '' XFSZ; ulimit -f 2; exec '\(CLI.executable.path)' \(command)")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("File too large"), "\(result.stderr)")
        let left = FileManager.default.enumerator(atPath: output.path)?
            .compactMap { $0 as? String }.filter { $0.contains(".tmp-") } ?? []
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    @Test("FIFOs and devices are refused by single-file commands without blocking")
    func specialFiles() throws {
        let folder = try TestData.temporaryDirectory("cli-reliability-fifo")
        let fifo = folder.appendingPathComponent("pipe.edf").path
        #expect(mkfifo(fifo, 0o644) == 0)
        for arguments in [["info", fifo], ["psd", fifo], ["bandpower", fifo],
                          ["detect", fifo, "--rhythm", "delta3"], ["psd", "/dev/zero"]] {
            let result = try CLI.run(arguments)
            Self.expectOneLine(result, containing: "not a regular file")
        }
    }

    @Test("a 200 KB EDF claiming 1e9 Hz fails before allocating its 2 s segments",
          arguments: [["psd"], ["bandpower"], ["fit"], ["plot", "psd", "--output", "x.svg"]])
    func absurdRateIsBounded(arguments: [String]) throws {
        let (folder, _) = try Self.recording()
        // 100,000 samples in one record of 0.0001 s.
        func field(_ text: String, _ width: Int) -> String {
            text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        var header = field("0", 8) + field("X", 80) + field("X", 80) + field("01.01.85", 8)
        header += field("00.00.00", 8) + field("512", 8) + field("", 44) + field("1", 8)
        header += field("0.0001", 8) + field("1", 4) + field("Cz", 16) + field("", 80)
        header += field("uV", 8) + field("-100", 8) + field("100", 8) + field("-32768", 8)
        header += field("32767", 8) + field("", 80) + field("100000", 8) + field("", 32)
        let url = folder.appendingPathComponent("fast.edf")
        try (Data(header.utf8) + Data(count: 200_000)).write(to: url)
        let start = Date()
        var command = arguments
        command.insert(url.path, at: arguments.first == "plot" ? 2 : 1)
        let result = try CLI.run(command, in: folder)
        Self.expectOneLine(result, containing: "needs at least 2000000000")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test("report and batch on a 200 KB EDF claiming 1e9 Hz fail at once (they hung before)",
          arguments: [["report", "--output", "rep"], ["batch", "--output", "out"]])
    func absurdRateReportAndBatch(arguments: [String]) throws {
        let (folder, _) = try Self.recording()
        func field(_ text: String, _ width: Int) -> String {
            text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        // 100,000 samples in one record of 0.0001 s; and -1 records of 99,999,999 samples.
        for (name, records, duration, samples) in [
            ("fast.edf", "1", "0.0001", "100000"), ("minus.edf", "-1", "0.1", "99999999"),
        ] {
            var header = field("0", 8) + field("X", 80) + field("X", 80) + field("01.01.85", 8)
            header += field("00.00.00", 8) + field("512", 8) + field("", 44) + field(records, 8)
            header += field(duration, 8) + field("1", 4) + field("Cz", 16) + field("", 80)
            header += field("uV", 8) + field("-100", 8) + field("100", 8) + field("-32768", 8)
            header += field("32767", 8) + field("", 80) + field(samples, 8) + field("", 32)
            let url = folder.appendingPathComponent(name)
            try (Data(header.utf8) + Data(count: 200_000)).write(to: url)
            let start = Date()
            var command = arguments
            command.insert(url.path, at: 1)
            let result = try CLI.run(command, in: folder)
            #expect(result.status == 1, "\(name): \(result.stderr)")
            let errors = result.stderr.split(separator: "\n")
                .filter { $0.hasPrefix("eegscope: error: ") }
            #expect(errors.count == 1, "\(name): \(result.stderr)")
            #expect(errors.first?.contains("a Welch segment of 2 s needs at least") == true,
                    "\(name): \(result.stderr)")
            #expect(Date().timeIntervalSince(start) < 20, "\(name)")
        }
    }

    @Test("a second batch on a locked folder gets a clear error; a file as --output too")
    func batchLockAndFileOutput() throws {
        let (folder, file) = try Self.recording()
        let output = folder.appendingPathComponent("out")
        let parts = output.appendingPathComponent(".parts")
        try FileManager.default.createDirectory(at: parts, withIntermediateDirectories: true)
        let holder = open(parts.appendingPathComponent("lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        let locked = try CLI.run(["batch", file, "--output", output.path])
        close(holder)
        Self.expectOneLine(locked, containing: "another eegscope batch or merge is writing")
        let notFolder = folder.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: notFolder)
        let result = try CLI.run(["batch", file, "--output", notFolder.path])
        Self.expectOneLine(result, containing: "a file of that name exists")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }
}
