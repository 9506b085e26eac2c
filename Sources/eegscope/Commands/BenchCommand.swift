import ArgumentParser
import EEGAnalysis
import _EEGBenchmarks
import EEGCore
import EEGDSP
import EEGFFT
import EEGFileIO
import Foundation

/// `eegscope bench [fft|welch|pipeline|all]`.
enum BenchSuite: String, ExpressibleByArgument, CaseIterable {
    case fft
    case welch
    case pipeline
    case all
}

/// `eegscope bench`: FFT, Welch and end-to-end benchmarks (``PerformanceBenchmarks``).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark FFTs, Welch PSD and the EDF → Welch → band-power pipeline.",
        discussion: """
            fft: real-to-complex transforms (powers of two 256-65536, 1000, 44100) with \
            FFTW_ESTIMATE and FFTW_MEASURE plans; planning time is reported apart from \
            execution; mflops = 2.5 N log2 N / (time in us), the benchFFT convention. \
            welch: Welch PSD (2 s Hann, 50 %) of every channel in memory, on one thread and \
            on all cores (64 ch x 10 min x 256 Hz of noise, or the channels of --input). \
            pipeline: read EDF -> streaming Welch -> five band powers (what `bandpower` runs) \
            on --input, or on a generated 64 ch x 256 Hz file in a temporary folder. Times \
            are medians of repeated runs after a warm-up.
            """)

    @Argument(help: "Which benchmarks to run.")
    var suite: BenchSuite = .all

    @Flag(help: "JSON rows {name, size, seconds_per_op, mflops} instead of a table.")
    var json = false

    @OptionGroup var destination: StandardOutputOptions

    @Option(help: ArgumentHelp(
        "EDF/BDF file for the pipeline (and in-memory Welch) benchmark.", valueName: "path"),
        completion: .recordingFile)
    var input: String?

    @Option(help: ArgumentHelp(
        "Minutes of the generated pipeline input when no --input is given.",
        valueName: "minutes"))
    var minutes: Int = 10

    @Option(help: ArgumentHelp("FFT sizes, comma-separated.", valueName: "list"))
    var sizes: String?

    @Flag(help: "Skip FFTW_MEASURE plans (planning them takes seconds).")
    var estimateOnly = false

    func validate() throws {
        guard (1...1440).contains(minutes) else {
            throw ValidationError("--minutes must be 1…1440, got \(minutes)")
        }
        _ = try parsedSizes()
    }

    func run() throws {
        var rows: [BenchmarkRow] = []
        if suite == .fft || suite == .all {
            rows += try PerformanceBenchmarks.fft(
                sizes: try parsedSizes(),
                efforts: estimateOnly ? [.estimate] : [.estimate, .measure])
        }
        if suite == .welch || suite == .all {
            let recording = try input.map { path in
                try withFile(path) { try RecordingFile.read(URL(fileURLWithPath: path)) }
            }
            rows += try withFile(input ?? "welch benchmark") {
                try PerformanceBenchmarks.welch(recording: recording)
            }
        }
        if suite == .pipeline || suite == .all {
            rows += try pipelineRows()
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try destination.write(String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n")
        } else {
            try destination.write(Self.table(rows))
        }
    }

    private func pipelineRows() throws -> [BenchmarkRow] {
        if let input {
            return try withFile(input) {
                try PerformanceBenchmarks.pipeline(url: URL(fileURLWithPath: input))
            }
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("eegscope-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bench-64ch-256Hz-\(minutes)min.edf")
        return try withFile(url.path) {
            try PerformanceBenchmarks.writeBenchmarkEDF(to: url, duration: 60 * minutes)
            return try PerformanceBenchmarks.pipeline(url: url)
        }
    }

    private func parsedSizes() throws -> [Int] {
        guard let sizes else { return PerformanceBenchmarks.defaultFFTSizes }
        return try sizes.split(separator: ",").map { text in
            guard let size = Int(text.trimmingCharacters(in: .whitespaces)),
                (1...(1 << 24)).contains(size)
            else {
                throw ValidationError("--sizes: '\(text)' is not a length in 1…16777216")
            }
            return size
        }
    }

    /// A readable table: name, size, time per op in adaptive units, mflops or throughput.
    static func table(_ rows: [BenchmarkRow]) -> String {
        let nameWidth = max(4, rows.map(\.name.count).max() ?? 0)
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + fill : fill + text
        }
        var lines = [
            pad("name", nameWidth, left: true) + "  " + pad("size", 9) + "  "
                + pad("time/op", 11) + "  " + pad("mflops", 9) + "  rate",
        ]
        for row in rows {
            let rate = row.throughput.map {
                String(format: "%.3g ", $0) + (row.throughputUnit ?? "")
            } ?? ""
            lines.append(
                pad(row.name, nameWidth, left: true) + "  " + pad("\(row.size)", 9) + "  "
                    + pad(formatDuration(row.secondsPerOp), 11) + "  "
                    + pad(row.mflops.map { String(format: "%.0f", $0) } ?? "", 9) + "  " + rate)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func formatDuration(_ seconds: Double) -> String {
        switch seconds {
        case ..<1e-6: return String(format: "%.1f ns", seconds * 1e9)
        case ..<1e-3: return String(format: "%.2f us", seconds * 1e6)
        case ..<1: return String(format: "%.2f ms", seconds * 1e3)
        default: return String(format: "%.3f s", seconds)
        }
    }
}
