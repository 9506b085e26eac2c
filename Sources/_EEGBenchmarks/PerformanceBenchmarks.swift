import Dispatch
import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFFT
import EEGFileIO
import Foundation

/// One measured benchmark row (the JSON row of `eegscope bench --json`).
public struct BenchmarkRow: Sendable, Equatable, Encodable {
    /// What was timed, e.g. `fft r2c execute (estimate)`.
    public let name: String
    /// The problem size: transform length N, or samples per channel.
    public let size: Int
    /// Median wall-clock seconds per operation.
    public let secondsPerOp: Double
    /// benchFFT speed for real transforms: 2.5 N log₂ N / (time in µs); `nil` otherwise.
    public let mflops: Double?
    /// A work rate (e.g. samples/s over all channels), or `nil`.
    public let throughput: Double?
    /// The unit of ``throughput`` (`samples/s`), or `nil`.
    public let throughputUnit: String?

    /// Creates a row.
    public init(
        name: String, size: Int, secondsPerOp: Double, mflops: Double? = nil,
        throughput: Double? = nil, throughputUnit: String? = nil
    ) {
        self.name = name
        self.size = size
        self.secondsPerOp = secondsPerOp
        self.mflops = mflops
        self.throughput = throughput
        self.throughputUnit = throughputUnit
    }

    enum CodingKeys: String, CodingKey {
        case name, size, mflops, throughput
        case secondsPerOp = "seconds_per_op"
        case throughputUnit = "throughput_unit"
    }

    /// Encodes `mflops` as `null` when absent, so every row has the contract's four keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(size, forKey: .size)
        try container.encode(secondsPerOp, forKey: .secondsPerOp)
        try container.encode(mflops, forKey: .mflops)
        try container.encodeIfPresent(throughput, forKey: .throughput)
        try container.encodeIfPresent(throughputUnit, forKey: .throughputUnit)
    }
}

/// The FFT, Welch and end-to-end benchmarks shared by `eegscope bench` and the `Benchmarks/`
/// package: set-up outside the timed region, a warm-up run, then the median of repeated runs.
///
/// ```swift
/// let rows = try PerformanceBenchmarks.fft(sizes: [1024], efforts: [.estimate])
/// print(rows[1].mflops ?? 0)
/// ```
public enum PerformanceBenchmarks {
    /// Powers of two 256…65536 and the non-powers 1000 (2³·5³) and 44100 (2²·3²·5²·7²).
    public static let defaultFFTSizes = [
        256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 1000, 44100,
    ]

    /// The median wall-clock seconds of `body`: one untimed warm-up run, then runs until both
    /// `minimumRuns` runs and `minimumSeconds` of timing have passed (at most 100 000 runs).
    public static func medianSeconds(
        minimumRuns: Int = 5, minimumSeconds: Seconds = 0.3, _ body: () throws -> Void
    ) rethrows -> Seconds {
        try body()
        var samples: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        while samples.count < minimumRuns
            || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < minimumSeconds
        {
            let before = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9)
            if samples.count >= 100_000 { break }
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    // MARK: - FFT

    /// Real-to-complex transforms: planning (first request of a length, forward and inverse
    /// plans, uncached) apart from execution (cached plan on aligned buffers, FFTW's new-array
    /// execute as every EEGScope transform uses it).
    ///
    /// - Parameters:
    ///   - sizes: Transform lengths (default ``defaultFFTSizes``).
    ///   - efforts: Planning efforts to compare (default `.estimate` and `.measure`).
    ///   - minimumSeconds: Timing budget per execution row (default 0.2 s).
    /// - Returns: Per size and effort a `plan` row (seconds, no mflops) and an `execute` row
    ///   with mflops = 2.5 N log₂ N / (time in µs), the benchFFT convention.
    /// - Throws: ``EEGFFT/FFTError`` when a plan cannot be made.
    public static func fft(
        sizes: [Int] = defaultFFTSizes,
        efforts: [FFTPlanningEffort] = [.estimate, .measure], minimumSeconds: Seconds = 0.2
    ) throws -> [BenchmarkRow] {
        var rows: [BenchmarkRow] = []
        for effort in efforts {
            let effortName = name(of: effort)
            for size in sizes {
                let start = DispatchTime.now().uptimeNanoseconds
                let fft = try RealFFT(count: size, effort: effort)
                let planning = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                rows.append(BenchmarkRow(
                    name: "fft r2c plan (\(effortName), forward+inverse, first)", size: size,
                    secondsPerOp: planning))
                let input = AlignedBuffer(
                    (0..<size).map { sin(Double($0) * 0.01) + 0.25 * cos(Double($0) * 0.37) })
                let output = AlignedBuffer(count: 2 * fft.spectrumCount)
                let seconds = medianSeconds(minimumRuns: 20, minimumSeconds: minimumSeconds) {
                    // A batch of executions per timed run keeps the clock's overhead out of
                    // sub-microsecond transforms.
                    for _ in 0..<repeats(size) { fft.forward(input: input, output: output) }
                } / Double(repeats(size))
                rows.append(BenchmarkRow(
                    name: "fft r2c execute (\(effortName))", size: size, secondsPerOp: seconds,
                    mflops: benchFFTMflops(size: size, seconds: seconds)))
            }
        }
        return rows
    }

    /// 2.5 N log₂ N / (time in µs), benchFFT's speed measure for real transforms.
    public static func benchFFTMflops(size: Int, seconds: Seconds) -> Double {
        2.5 * Double(size) * log2(Double(size)) / (seconds * 1e6)
    }

    private static func repeats(_ size: Int) -> Int { max(1, 65536 / size) }

    private static func name(of effort: FFTPlanningEffort) -> String {
        switch effort {
        case .estimate: return "estimate"
        case .measure: return "measure"
        case .patient: return "patient"
        }
    }

    // MARK: - Welch

    /// Welch PSD of every channel of an in-memory recording, one thread and all cores.
    ///
    /// - Parameters:
    ///   - recording: The channels (default when `nil`: 64 channels × 10 min × 256 Hz of seeded
    ///     Gaussian noise).
    ///   - options: Welch parameters (default 2 s Hann, 50 %, as `scipy.signal.welch`).
    ///   - minimumSeconds: Timing budget per row (default 1 s).
    /// - Returns: Rows `welch in memory (1 thread)` and `welch in memory (N threads)`, size =
    ///   samples per channel, throughput in samples/s over all channels.
    /// - Throws: ``EEGDSP/DSPError`` when a channel is too short for one segment.
    public static func welch(
        recording: Recording? = nil, options: WelchOptions = WelchOptions(),
        minimumSeconds: Seconds = 1
    ) throws -> [BenchmarkRow] {
        let data = try recording ?? noiseRecording(
            channelCount: 64, sampleRate: 256, duration: 600, seed: 42)
        let total = Double(data.signals.reduce(0) { $0 + $1.count })
        let size = data.signals.first?.count ?? 0
        var rows: [BenchmarkRow] = []
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for threads in Set([1, cores]).sorted() {
            let estimator = try StreamingWelch(options: options, concurrency: threads)
            var failure: (any Error)? = nil
            let seconds = medianSeconds(minimumRuns: 3, minimumSeconds: minimumSeconds) {
                for result in estimator.spectra(of: data) {
                    if case let .failure(error) = result { failure = error }
                }
            }
            if let failure { throw failure }
            rows.append(BenchmarkRow(
                name: "welch in memory (\(threads) thread\(threads == 1 ? "" : "s"))", size: size,
                secondsPerOp: seconds, throughput: total / seconds, throughputUnit: "samples/s"))
        }
        return rows
    }

    /// Seeded Gaussian noise channels `E0`, `E1`, … in µV.
    public static func noiseRecording(
        channelCount: Int, sampleRate: Hertz, duration: Seconds, seed: UInt64
    ) throws -> Recording {
        var generator = SeededGenerator(seed: seed)
        let count = Int(duration * sampleRate)
        return Recording(signals: try (0..<channelCount).map { channel in
            try Signal(
                samples: (0..<count).map { _ in generator.nextGaussian() },
                sampleRate: sampleRate, label: "E\(channel)", unit: "uV")
        })
    }

    // MARK: - End to end

    /// Read EDF → streaming Welch → five band powers for every channel of `url`
    /// (``StreamingWelch/bandPowers(of:channels:bands:rule:)``, what `eegscope bandpower`
    /// runs), the file opened anew each run; page cache warm after the warm-up run.
    ///
    /// - Returns: Rows `pipeline edf→welch→bandpower (N threads)` for one thread and all
    ///   cores; size = samples per channel; throughput in samples/s over all channels.
    /// - Throws: ``EEGFileIO/EDFError`` for an unreadable file, or a channel's analysis error.
    public static func pipeline(url: URL, minimumSeconds: Seconds = 1) throws -> [BenchmarkRow] {
        let reader = try EDFReader(url: url)
        let perChannel = reader.header.recordCount
            * (reader.dataSignals.first?.samplesPerRecordCount ?? 0)
        let total = Double(reader.dataSignals.reduce(0) { $0 + $1.samplesPerRecordCount }
            * reader.header.recordCount)
        var rows: [BenchmarkRow] = []
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for threads in Set([1, cores]).sorted() {
            let streaming = try StreamingWelch(concurrency: threads)
            var failure: (any Error)? = nil
            let seconds = medianSeconds(minimumRuns: 3, minimumSeconds: minimumSeconds) {
                do {
                    _ = try streaming.bandPowers(of: try EDFReader(url: url))
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            let suffix = threads == 1 ? "" : "s"
            rows.append(BenchmarkRow(
                name: "pipeline edf→welch→bandpower (\(threads) thread\(suffix))",
                size: perChannel, secondsPerOp: seconds, throughput: total / seconds,
                throughputUnit: "samples/s"))
        }
        return rows
    }

    // MARK: - Input generator

    /// Writes a benchmark EDF+C file: `channelCount` channels `EEG 00`, `EEG 01`, … at
    /// `sampleRate` Hz (an integer number of samples per 1 s record), 16-bit uniformly random
    /// digital values from `seed` (−3276.8…3276.7 µV), one time-keeping TAL per record — the
    /// layout of `Benchmarks/Scripts/make_large_edf.py`. Streams records to disk: memory is one
    /// record whatever the duration.
    ///
    /// - Parameters:
    ///   - url: Destination (replaced).
    ///   - channelCount: Data channels, 1…9999 (default 64).
    ///   - sampleRate: Samples per second, a positive integer (default 256).
    ///   - duration: Whole seconds of data, ≥ 1 (default 600).
    ///   - seed: Random seed (default 1).
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for a bad size;
    ///   file-system errors when the file cannot be written.
    public static func writeBenchmarkEDF(
        to url: URL, channelCount: Int = 64, sampleRate: Int = 256, duration: Int = 600,
        seed: UInt64 = 1
    ) throws {
        guard (1...9999).contains(channelCount) else {
            throw AnalysisError.invalidParameter(
                name: "channel count", value: "\(channelCount)", expected: "1…9999")
        }
        guard sampleRate >= 1, sampleRate <= 10_000_000, duration >= 1 else {
            throw AnalysisError.invalidParameter(
                name: "size", value: "\(sampleRate) Hz × \(duration) s",
                expected: "≥ 1 Hz and ≥ 1 s")
        }
        let annotationBytes = 60
        let signalCount = channelCount + 1
        func field(_ text: String, _ width: Int) -> String {
            String((text + String(repeating: " ", count: width)).prefix(width))
        }
        var header = field("0", 8) + field("X X X X", 80)
        header += field("Startdate 01-JAN-2020 X X eegscope-benchmark", 80)
        header += field("01.01.20", 8) + field("00.00.00", 8)
        header += field("\(256 * (signalCount + 1))", 8) + field("EDF+C", 44)
        header += field("\(duration)", 8) + field("1", 8) + field("\(signalCount)", 4)
        let data = 0..<channelCount
        let columns: [(Int, (Int) -> String)] = [
            (16, { data.contains($0) ? "EEG \($0 < 10 ? "0" : "")\($0)" : "EDF Annotations" }),
            (80, { _ in "" }), (8, { data.contains($0) ? "uV" : "" }),
            (8, { data.contains($0) ? "-3276.8" : "-1" }),
            (8, { data.contains($0) ? "3276.7" : "1" }), (8, { _ in "-32768" }),
            (8, { _ in "32767" }), (80, { _ in "" }),
            (8, { data.contains($0) ? "\(sampleRate)" : "\(annotationBytes / 2)" }),
            (32, { _ in "" }),
        ]
        for (width, value) in columns {
            for signal in 0..<signalCount { header += field(value(signal), width) }
        }
        let temporary = url.appendingPathExtension("partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw AnalysisError.fileFailed(
                file: temporary.path, reason: "cannot create the benchmark file")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        var generator = SeededGenerator(seed: seed)
        let sampleBytes = channelCount * sampleRate * 2
        var record = [UInt8](repeating: 0, count: sampleBytes + annotationBytes)
        do {
            try handle.write(contentsOf: Data(header.utf8))
            for second in 0..<duration {
                var index = 0
                while index < sampleBytes {
                    var random = generator.next()
                    for _ in 0..<8 where index < sampleBytes {
                        record[index] = UInt8(truncatingIfNeeded: random)
                        random >>= 8
                        index += 1
                    }
                }
                let tal = Array("+\(second)\u{14}\u{14}\u{0}".utf8)
                for position in 0..<annotationBytes {
                    record[sampleBytes + position] = position < tal.count ? tal[position] : 0
                }
                try handle.write(contentsOf: record)
            }
            try handle.close()
            _ = try? FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
