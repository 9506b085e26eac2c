import EEGAnalysis
import _EEGBenchmarks
import Foundation

/// The rows of `eegscope bench` (``PerformanceBenchmarks`` in EEGAnalysis, shared with the
/// CLI): FFT plan/execute for ESTIMATE and MEASURE plans, Welch in memory (1 thread, all
/// cores) and the streaming EDF → Welch → band-power pipeline on `$EEGSCOPE_LARGE_EDF`
/// (default `/tmp/eegscope-large.edf`, made by `Scripts/make_large_edf.py`), or on a
/// generated 10-minute file when that is missing.
enum PipelineBenchmarks: BenchmarkSuite {
    static let name = "pipeline"

    static func run() throws -> [BenchmarkResult] {
        var rows = try PerformanceBenchmarks.fft()
        rows += try PerformanceBenchmarks.welch()
        let path = ProcessInfo.processInfo.environment["EEGSCOPE_LARGE_EDF"]
            ?? "/tmp/eegscope-large.edf"
        if FileManager.default.fileExists(atPath: path) {
            rows += try PerformanceBenchmarks.pipeline(url: URL(fileURLWithPath: path))
        } else {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("eegscope-pipeline-bench.edf")
            try PerformanceBenchmarks.writeBenchmarkEDF(to: url, duration: 600)
            defer { try? FileManager.default.removeItem(at: url) }
            rows += try PerformanceBenchmarks.pipeline(url: url)
        }
        return rows.map { row in
            BenchmarkResult(
                suite: name, name: row.name, size: row.size, secondsPerOp: row.secondsPerOp,
                throughput: row.mflops ?? row.throughput,
                throughputUnit: row.mflops != nil ? "mflops" : row.throughputUnit)
        }
    }
}
