import Foundation

/// One measured benchmark: the median over repeated timed runs.
struct BenchmarkResult: Encodable {
    let suite: String
    let name: String
    /// Problem size (transform length, samples per channel, …), as the suite defines it.
    let size: Int
    /// Median wall-clock seconds per operation.
    let secondsPerOp: Double
    /// Work rate in the suite's unit (samples/s, MB/s, …), if meaningful.
    let throughput: Double?
    let throughputUnit: String?

    enum CodingKeys: String, CodingKey {
        case suite, name, size
        case secondsPerOp = "seconds_per_op"
        case throughput
        case throughputUnit = "throughput_unit"
    }
}

/// A minimal harness: set-up happens outside `body`; `body` is run `warmup` times untimed, then
/// timed until `minimumSeconds` have passed (at least `minimumRuns` runs); reports the median.
enum Harness {
    static func measure(
        minimumRuns: Int = 5, minimumSeconds: Double = 0.5, warmup: Int = 1,
        _ body: () throws -> Void
    ) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        while samples.count < minimumRuns
            || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < minimumSeconds
        {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            let t1 = DispatchTime.now().uptimeNanoseconds
            samples.append(Double(t1 - t0) / 1e9)
            if samples.count >= 10_000 { break }
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}

/// Keeps the optimizer from deleting work whose result is unused.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// A named group of benchmarks.
protocol BenchmarkSuite {
    static var name: String { get }
    static func run() throws -> [BenchmarkResult]
}
