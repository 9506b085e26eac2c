import EEGCore
import EEGDSP
import Foundation

/// Spectral estimators on realistic EEG sizes: Welch on 64 channels × 10 min × 256 Hz
/// (2 s Hann segments, 50 % overlap), the same fed in 1 s chunks through the streaming
/// accumulator, a 30 s multitaper PSD and a default spectrogram of one channel.
enum SpectralBenchmarks: BenchmarkSuite {
    static let name = "spectral"

    static func run() throws -> [BenchmarkResult] {
        let sampleRate = 256.0
        let channelCount = 64
        let samplesPerChannel = Int(600 * sampleRate)
        var generator = SeededGenerator(seed: 42)
        let signals = try (0..<channelCount).map { channel in
            try Signal(
                samples: (0..<samplesPerChannel).map { _ in generator.nextGaussian() },
                sampleRate: sampleRate, label: "E\(channel)")
        }
        let recording = Recording(signals: signals)
        let totalSamples = Double(channelCount * samplesPerChannel)
        var results: [BenchmarkResult] = []

        let welch = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            blackHole(try recording.powerSpectra(method: .welch()))
        }
        results.append(BenchmarkResult(
            suite: name, name: "Welch 64 ch × 10 min × 256 Hz", size: samplesPerChannel,
            secondsPerOp: welch, throughput: totalSamples / welch, throughputUnit: "samples/s"))

        let median = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            blackHole(try recording.powerSpectra(method: .welch(WelchOptions(average: .median))))
        }
        results.append(BenchmarkResult(
            suite: name, name: "Welch median 64 ch × 10 min × 256 Hz", size: samplesPerChannel,
            secondsPerOp: median, throughput: totalSamples / median,
            throughputUnit: "samples/s"))

        let chunk = Int(sampleRate)
        let streaming = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            for signal in signals {
                let accumulator = try WelchAccumulator(sampleRate: sampleRate)
                var start = 0
                while start < samplesPerChannel {
                    try accumulator.append(signal.samples[start..<(start + chunk)])
                    start += chunk
                }
                blackHole(try accumulator.spectrum())
            }
        }
        results.append(BenchmarkResult(
            suite: name, name: "Welch streaming (1 s chunks) 64 ch", size: samplesPerChannel,
            secondsPerOp: streaming, throughput: totalSamples / streaming,
            throughputUnit: "samples/s"))

        let epoch = signals[0].slice(0..<Int(30 * sampleRate))
        let multitaper = try Harness.measure(minimumRuns: 3, minimumSeconds: 0.5) {
            blackHole(try epoch.powerSpectrum(method: .multitaper()))
        }
        results.append(BenchmarkResult(
            suite: name, name: "multitaper NW=4 (7 tapers) 30 s", size: epoch.count,
            secondsPerOp: multitaper, throughput: Double(epoch.count) / multitaper,
            throughputUnit: "samples/s"))

        let spectrogram = try Harness.measure(minimumRuns: 3, minimumSeconds: 0.5) {
            blackHole(try signals[0].spectrogram())
        }
        results.append(BenchmarkResult(
            suite: name, name: "spectrogram defaults 1 ch × 10 min", size: samplesPerChannel,
            secondsPerOp: spectrogram, throughput: Double(samplesPerChannel) / spectrogram,
            throughputUnit: "samples/s"))
        return results
    }
}
