import EEGFFT
import Foundation

/// Real-to-complex FFT: planning (first, uncached) apart from execution (cached plan, aligned
/// buffers). mflops = 2.5 N log2 N / (time in µs), the benchFFT convention for real transforms.
enum FFTBenchmarks: BenchmarkSuite {
    static let name = "fft"
    static let sizes = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]

    static func run() throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        for size in sizes {
            // Planning: the first request for this length makes the FFTW_ESTIMATE plans
            // (forward and inverse); one sample, since the cache keeps them afterwards.
            let start = DispatchTime.now().uptimeNanoseconds
            let fft = try RealFFT(count: size)
            let planSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            results.append(BenchmarkResult(
                suite: name, name: "RealFFT plan (estimate, first)", size: size,
                secondsPerOp: planSeconds, throughput: nil, throughputUnit: nil))
            let lookup = try Harness.measure(minimumSeconds: 0.05) {
                blackHole(try RealFFT(count: size))
            }
            results.append(BenchmarkResult(
                suite: name, name: "RealFFT plan (cached lookup)", size: size,
                secondsPerOp: lookup, throughput: nil, throughputUnit: nil))

            let input = AlignedBuffer((0..<size).map { sin(Double($0) * 0.01) + 0.5 })
            let output = AlignedBuffer(count: 2 * fft.spectrumCount)
            let seconds = Harness.measure(minimumSeconds: 0.2) {
                fft.forward(input: input, output: output)
            }
            blackHole(output)
            let flops = 2.5 * Double(size) * log2(Double(size))
            results.append(BenchmarkResult(
                suite: name, name: "RealFFT forward (execute)", size: size,
                secondsPerOp: seconds, throughput: flops / (seconds * 1e6),
                throughputUnit: "mflops"))
        }
        return results
    }
}
