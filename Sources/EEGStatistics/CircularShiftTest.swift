/// The result of ``CircularShiftTest``.
public struct ShiftTestResult: Sendable, Equatable {
    /// Observed mean(condition) − mean(baseline) of each series, in the series' unit.
    public let differences: [Double]
    /// Two-sided p of each series against its own circular-shift distribution.
    public let uncorrectedP: [Double]
    /// Two-sided p against the distribution of the family's largest standardized |difference|
    /// (max-statistic family-wise correction).
    public let correctedP: [Double]
    /// The number of shifts (the observed one included) = the number of epochs; the smallest
    /// attainable p is 1 / shiftCount.
    public let shiftCount: Int
}

/// A contrast between a baseline block and a condition block of one epoch series that keeps
/// the series' autocorrelation: a circular-shift (random rotation) permutation test.
///
/// The series (baseline epochs, then condition epochs, in time order) is rotated against its
/// labels by every offset k = 0…n−1; for each rotation the two-sample t (pooled variance) of
/// condition against baseline is computed, and p is the fraction of rotations whose |t|
/// reaches the observed one. (t rather than the raw mean difference, so that a strong effect,
/// which dominates the rotated differences, does not inflate its own null scale.) A rotation keeps the series' serial dependence intact (unlike shuffling epochs, which
/// assumes they are exchangeable and is anti-conservative under slow drift), so the test is
/// valid when the series is **stationary**: its mean and autocorrelation do not change over
/// time apart from the condition effect, and its correlation time is short compared with the
/// spans (only the single wrap-around point breaks the dependence). A drift slower than the
/// spans cannot be told apart from a condition effect by any test of one baseline block
/// followed by one condition block; ``DriftCheck`` flags it.
///
/// For a family of series on the same epochs (channels × bands × statistics), the rotation is
/// the same for all series (their cross-correlation is kept); t puts series in different units
/// on one scale, and the corrected p is the fraction of rotations whose largest |t| over the
/// family reaches the series' own (Nichols & Holmes 2002). Resolution: p is a multiple of
/// 1/n; its smallest value is 1/n, and 2/n when the spans hold equally many epochs (the
/// rotation by half the series swaps the labels and gives −t): 0.033 for 30 + 30 two-second
/// epochs.
public enum CircularShiftTest {
    /// Runs the test.
    /// - Parameters:
    ///   - series: One epoch series per test, each `baselineCount` baseline epochs followed by
    ///     condition epochs; all of equal length.
    ///   - baselineCount: The number of baseline epochs (≥ 2, at least 2 condition epochs).
    /// - Throws: ``StatisticsError`` for unequal lengths, too few epochs or non-finite values.
    public static func run(_ series: [[Double]], baselineCount: Int) throws -> ShiftTestResult {
        guard let count = series.first?.count else {
            throw StatisticsError.invalidParameter(name: "series", value: "none", expected: "≥ 1")
        }
        for values in series {
            guard values.count == count else {
                throw StatisticsError.shapeMismatch(
                    what: "epoch series", found: values.count, expected: count)
            }
            guard values.allSatisfy(\.isFinite) else {
                throw StatisticsError.invalidParameter(
                    name: "epoch value", value: "non-finite", expected: "finite numbers")
            }
        }
        guard baselineCount >= 2, count - baselineCount >= 2 else {
            throw StatisticsError.invalidParameter(
                name: "epochs (baseline/condition)", value: "\(baselineCount)/\(count - baselineCount)",
                expected: "at least 2 in each")
        }
        // statistics[test][shift]: Welch-free pooled-variance t of each rotation.
        let statistics = series.map { values in
            rotatedT(values, baselineCount: baselineCount)
        }
        let differences = series.map { values in
            let a = Double(baselineCount)
            let baseline = values[..<baselineCount].reduce(0, +) / a
            let condition = values[baselineCount...].reduce(0, +) / Double(count - baselineCount)
            return condition - baseline
        }
        let maxima = (0..<count).map { shift in
            statistics.map { abs($0[shift]) }.max() ?? 0
        }
        let total = Double(count)
        var uncorrected: [Double] = []
        var corrected: [Double] = []
        for values in statistics {
            let observed = abs(values[0])
            let tolerance = 1e-9 * max(1, observed)
            uncorrected.append(
                Double(values.count(where: { abs($0) >= observed - tolerance })) / total)
            corrected.append(Double(maxima.count(where: { $0 >= observed - tolerance })) / total)
        }
        return ShiftTestResult(
            differences: differences, uncorrectedP: uncorrected,
            correctedP: corrected, shiftCount: count)
    }

    /// The two-sample t (pooled variance) of condition vs baseline for every rotation
    /// k = 0…n−1 of the series against its labels, with running sums: O(n).
    static func rotatedT(_ values: [Double], baselineCount: Int) -> [Double] {
        let count = values.count
        let a = Double(baselineCount)
        let b = Double(count - baselineCount)
        let total = values.reduce(0, +)
        let totalSquares = values.reduce(0) { $0 + $1 * $1 }
        var sum = values[0..<baselineCount].reduce(0, +)
        var squares = values[0..<baselineCount].reduce(0) { $0 + $1 * $1 }
        var out: [Double] = []
        out.reserveCapacity(count)
        for shift in 0..<count {
            if shift > 0 {
                // The baseline window moves from shift − 1..<shift − 1 + a to shift..<shift + a.
                let entering = values[(shift + baselineCount - 1) % count]
                let leaving = values[shift - 1]
                sum += entering - leaving
                squares += entering * entering - leaving * leaving
            }
            let meanA = sum / a
            let meanB = (total - sum) / b
            let within = max(0, squares - a * meanA * meanA)
                + max(0, (totalSquares - squares) - b * meanB * meanB)
            let variance = within / (a + b - 2)
            let standardError = (variance * (1 / a + 1 / b)).squareRoot()
            let difference = meanB - meanA
            out.append(standardError > 1e-300 ? difference / standardError : 0)
        }
        return out
    }
}

/// A check of whether one baseline block followed by one condition block can separate a
/// condition effect from slow drift.
///
/// Each span is split into halves; the difference of the halves' means within a span,
/// d = mean(second half) − mean(first half), measures how far the series wanders within a
/// span. Under a stationary series of independent epochs its standard deviation is
/// 2σ/√(n_span), with σ² estimated from successive differences (var(x_t − x_{t−1}) / 2, which
/// slow drift barely inflates). The drift score is the larger |d| / (2σ/√n_span) of the two
/// spans; a score above `threshold` (default 3, a two-sided 0.3 % event per span for
/// independent Gaussian epochs) means the series drifts within the spans on a time scale
/// that a one-block-per-condition design confounds with the condition.
public enum DriftCheck {
    /// The drift score of one series (see the type's discussion); 0 for spans under 4 epochs.
    public static func score(_ values: [Double], baselineCount: Int) -> Double {
        let spans = [Array(values[..<min(baselineCount, values.count)]),
            Array(values[min(baselineCount, values.count)...])]
        var differences: [Double] = []
        for span in spans where span.count >= 2 {
            for index in 1..<span.count { differences.append(span[index] - span[index - 1]) }
        }
        guard differences.count >= 2 else { return 0 }
        let meanDifference = differences.reduce(0, +) / Double(differences.count)
        let sigma = (differences.reduce(0) { $0 + ($1 - meanDifference) * ($1 - meanDifference) }
            / Double(differences.count - 1) / 2).squareRoot()
        guard sigma > 0 else { return 0 }
        var worst = 0.0
        for span in spans where span.count >= 4 {
            let half = span.count / 2
            let first = span[..<half].reduce(0, +) / Double(half)
            let second = span[half...].reduce(0, +) / Double(span.count - half)
            let expected = 2 * sigma / Double(span.count).squareRoot()
            worst = max(worst, abs(second - first) / expected)
        }
        return worst
    }
}
