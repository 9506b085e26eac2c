import EEGCore

/// A two-sided confidence interval.
public struct ConfidenceInterval: Sendable, Equatable {
    /// Lower bound, in the statistic's unit.
    public let low: Double
    /// Upper bound, in the statistic's unit.
    public let high: Double
}

/// Percentile bootstrap confidence intervals (Efron & Tibshirani 1993, "An Introduction to the
/// Bootstrap", ch. 13), seeded so intervals are reproducible.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// let interval = try Bootstrap.percentileInterval(of: changes, using: &generator) { mean($0) }
/// ```
public enum Bootstrap {
    /// The percentile interval of `statistic` over `count` resamples (with replacement) of
    /// `values`. Resampling treats the values as independent (e.g. subjects).
    /// - Parameters:
    ///   - values: The sample (at least two values).
    ///   - level: Coverage in (0, 1) (default 0.95).
    ///   - count: Number of resamples (default 2000).
    /// - Throws: ``StatisticsError/invalidParameter(name:value:expected:)`` for a sample of
    ///   fewer than two values, a level outside (0, 1) or a count below 10.
    public static func percentileInterval(
        of values: [Double], level: Double = 0.95, count: Int = 2000,
        using generator: inout SeededGenerator, statistic: ([Double]) -> Double
    ) throws -> ConfidenceInterval {
        try blockInterval(
            of: [values], blockLength: 1, level: level, count: count, using: &generator
        ) { statistic($0[0]) }
    }

    /// The percentile interval of `statistic` over circular moving-block resamples of each
    /// series in `series` (Politis & Romano 1992): each resample of a series of n values joins
    /// ⌈n / blockLength⌉ blocks of `blockLength` consecutive values (wrapping at the end) that
    /// start at random positions, trimmed to n. Blocks keep the short-range dependence of an
    /// autocorrelated series (e.g. epochs of one recording) that an independent resample would
    /// break, which would make the interval too narrow. Block length 1 is the ordinary
    /// bootstrap. Each series is resampled independently.
    /// - Throws: as ``percentileInterval(of:level:count:using:statistic:)``, and for a block
    ///   length below 1.
    public static func blockInterval(
        of series: [[Double]], blockLength: Int, level: Double = 0.95, count: Int = 2000,
        using generator: inout SeededGenerator, statistic: ([[Double]]) -> Double
    ) throws -> ConfidenceInterval {
        guard level > 0, level < 1 else {
            throw StatisticsError.invalidParameter(
                name: "confidence level", value: "\(level)", expected: "in (0, 1)")
        }
        guard count >= 10 else {
            throw StatisticsError.invalidParameter(
                name: "bootstrap count", value: "\(count)", expected: "≥ 10")
        }
        guard blockLength >= 1 else {
            throw StatisticsError.invalidParameter(
                name: "block length", value: "\(blockLength)", expected: "≥ 1")
        }
        for values in series where values.count < 2 {
            throw StatisticsError.invalidParameter(
                name: "sample size", value: "\(values.count)", expected: "≥ 2")
        }
        var estimates: [Double] = []
        estimates.reserveCapacity(count)
        for _ in 0..<count {
            let resampled = series.map { values -> [Double] in
                var out: [Double] = []
                out.reserveCapacity(values.count + blockLength)
                while out.count < values.count {
                    let start = Int(generator.next() % UInt64(values.count))
                    for offset in 0..<blockLength where out.count < values.count {
                        out.append(values[(start + offset) % values.count])
                    }
                }
                return out
            }
            let estimate = statistic(resampled)
            if estimate.isFinite { estimates.append(estimate) }
        }
        guard !estimates.isEmpty else { return ConfidenceInterval(low: .nan, high: .nan) }
        estimates.sort()
        let tail = (1 - level) / 2
        return ConfidenceInterval(
            low: quantile(estimates, tail), high: quantile(estimates, 1 - tail))
    }

    /// Linear-interpolation quantile of sorted values (NumPy's default `linear` method).
    static func quantile(_ sorted: [Double], _ fraction: Double) -> Double {
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(sorted.count - 1, lower + 1)
        let weight = position - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }
}
