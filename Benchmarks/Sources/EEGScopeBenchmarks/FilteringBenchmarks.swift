import Dispatch
import EEGCore
import EEGDSP
import Foundation

/// Zero-phase 2–4 Hz band-pass + Hilbert envelope on 64 channels × 10 min × 256 Hz: the
/// delta3 episode detector's front end. Channels run in parallel
/// (`DispatchQueue.concurrentPerform` via `Recording.envelope(after:)`); a serial loop over
/// channels is timed too, for the per-core cost, and its two halves (filter, envelope) apart.
///
/// Data: when `EEGSCOPE_FILTER_BENCH_DATA` names a file of 64 × 153 600 little-endian
/// float64 values (channel-major, written by `Scripts/filter_vs_scipy.py`), that file is
/// used, so SciPy and Swift filter the same samples; otherwise seeded Gaussian noise.
enum FilteringBenchmarks: BenchmarkSuite {
    static let name = "filtering"
    static let channelCount = 64
    static let sampleRate = 256.0
    static let samplesPerChannel = Int(600 * 256.0)

    static func loadSignals() throws -> (signals: [Signal], source: String) {
        if let path = ProcessInfo.processInfo.environment["EEGSCOPE_FILTER_BENCH_DATA"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let expected = channelCount * samplesPerChannel * MemoryLayout<Double>.size
            guard data.count == expected else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [
                    NSLocalizedDescriptionKey: "\(path): \(data.count) bytes, expected \(expected)",
                ])
            }
            let values = data.withUnsafeBytes { raw in
                (0..<(channelCount * samplesPerChannel)).map {
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(
                        fromByteOffset: $0 * 8, as: UInt64.self)))
                }
            }
            let signals = try (0..<channelCount).map { channel in
                try Signal(
                    samples: Array(values[(channel * samplesPerChannel)..<((channel + 1)
                        * samplesPerChannel)]),
                    sampleRate: sampleRate, label: "E\(channel)")
            }
            return (signals, "file")
        }
        var generator = SeededGenerator(seed: 7)
        let signals = try (0..<channelCount).map { channel in
            try Signal(
                samples: (0..<samplesPerChannel).map { _ in generator.nextGaussian() },
                sampleRate: sampleRate, label: "E\(channel)")
        }
        return (signals, "seeded noise")
    }

    static func run() throws -> [BenchmarkResult] {
        let (signals, _) = try loadSignals()
        let recording = Recording(signals: signals)
        let totalSamples = Double(channelCount * samplesPerChannel)
        let band = FilterBand.bandpass(low: 2, high: 4)
        let cases: [(String, FilterDesign)] = [
            ("IIR Butterworth 4 sosfiltfilt + envelope", .butterworth(order: 4, band: band)),
            ("FIR MNE default (423 taps) + envelope", .fir(band: band)),
        ]
        var results: [BenchmarkResult] = []
        for (label, design) in cases {
            let parallel = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
                blackHole(try recording.envelope(after: design))
            }
            results.append(BenchmarkResult(
                suite: name, name: "\(label), 64 ch parallel", size: samplesPerChannel,
                secondsPerOp: parallel, throughput: totalSamples / parallel,
                throughputUnit: "samples/s"))
            let serial = try Harness.measure(minimumRuns: 2, minimumSeconds: 1) {
                for signal in signals { blackHole(try signal.filtered(by: design).envelope()) }
            }
            results.append(BenchmarkResult(
                suite: name, name: "\(label), 64 ch serial", size: samplesPerChannel,
                secondsPerOp: serial, throughput: totalSamples / serial,
                throughputUnit: "samples/s"))
        }
        // Where the serial IIR time goes: the zero-phase cascade alone, then the envelope alone.
        let iir = FilterDesign.butterworth(order: 4, band: band)
        let filtered = try signals.map { try $0.filtered(by: iir) }
        let pieces: [(String, () throws -> Void)] = [
            ("IIR Butterworth 4 sosfiltfilt only", {
                for signal in signals { blackHole(try signal.filtered(by: iir)) }
            }),
            ("Hilbert envelope only", {
                for signal in filtered { blackHole(try signal.envelope()) }
            }),
        ]
        for (label, body) in pieces {
            let seconds = try Harness.measure(minimumRuns: 2, minimumSeconds: 1, body)
            results.append(BenchmarkResult(
                suite: name, name: "\(label), 64 ch serial", size: samplesPerChannel,
                secondsPerOp: seconds, throughput: totalSamples / seconds,
                throughputUnit: "samples/s"))
        }
        return results
    }
}
