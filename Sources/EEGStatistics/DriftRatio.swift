import Foundation

/// The low-frequency excess of one epoch series inside its spans.
public struct DriftRatioValue: Sendable, Equatable {
    /// The variance ratio (≈ 1 for a series without slow wander; larger with drift).
    public let ratio: Double
    /// Its numerator's degrees of freedom: Σ over the spans of (blocks − 1).
    public let degreesOfFreedom: Int
}

/// A variance-ratio test for slow drift inside the spans of a one-block-per-condition design,
/// and the rule that withholds drifting series from the family-wise correction.
///
/// Why it exists: the circular-shift test (``CircularShiftTest``) is exact only when the epoch
/// series is stationary on the circle. A real recording is not circular: when its series
/// drifts on a time scale that is a sizeable fraction of a span (a 20 s time constant against
/// 60 s spans), the observed split (first block against second block) carries more of the
/// drift than any rotation, whose wrap-around mixes the recording's two ends; the rotation
/// null is then too narrow. On our drifting null recordings this made gamma band power reach
/// p < 0.05 in 12 % of single tests, and because a common gain drift enters every channel's
/// band power and aperiodic offset alike, the max-statistic family error reached 13.5 %.
/// No test of one baseline block followed by one condition block can estimate the variance
/// such a drift adds to the contrast (the information lies at the contrast's own time scale),
/// so drifting series are detected and their corrected p is withheld instead.
///
/// The ratio: each span is cut into blocks of `blockLength` epochs (the tail shorter than a
/// block is left out); the block means' variance around their span mean, times
/// `blockLength`, is divided by the white-noise variance σ² estimated from successive
/// differences inside the spans (var(x_t − x_{t−1}) / 2, which slow drift barely inflates).
/// For a series of independent epochs the ratio is near 1 with an approximate
/// F(df, 2n) distribution; slow wander inflates the block means and thus the ratio (a
/// variance-ratio test in the spirit of Lo & MacKinlay 1988, doi:10.1093/rfs/1.1.41).
/// Unlike the half-span difference of ``DriftCheck`` it uses every block, so it sees a wander
/// that returns within a span.
public enum DriftRatio {
    /// The block length used by the comparison: ⌊√(shorter span)⌋ epochs, at least 2
    /// (5 epochs = 10 s for 30 two-second epochs per span).
    public static func blockLength(shorterSpanCount: Int) -> Int {
        max(2, Int(Double(max(0, shorterSpanCount)).squareRoot()))
    }

    /// The ratio of one series.
    /// - Parameters:
    ///   - values: Baseline epochs followed by condition epochs.
    ///   - baselineCount: The number of baseline epochs.
    ///   - blockLength: Epochs per block (≥ 2).
    /// - Returns: The ratio and its degrees of freedom, or `nil` when no span holds two blocks
    ///   or the series has no epoch-to-epoch variation.
    public static func value(
        _ values: [Double], baselineCount: Int, blockLength: Int
    ) -> DriftRatioValue? {
        guard blockLength >= 2, (0...values.count).contains(baselineCount) else { return nil }
        let spans = [values[..<baselineCount], values[baselineCount...]]
        var differences: [Double] = []
        for span in spans where span.count >= 2 {
            for index in (span.startIndex + 1)..<span.endIndex {
                differences.append(span[index] - span[index - 1])
            }
        }
        guard differences.count >= 2 else { return nil }
        let meanDifference = differences.reduce(0, +) / Double(differences.count)
        let whiteVariance = differences.reduce(0) {
            $0 + ($1 - meanDifference) * ($1 - meanDifference)
        } / Double(differences.count - 1) / 2
        guard whiteVariance > 0 else { return nil }
        var squares = 0.0
        var degrees = 0
        for span in spans {
            let blocks = span.count / blockLength
            guard blocks >= 2 else { continue }
            let means = (0..<blocks).map { block in
                let start = span.startIndex + block * blockLength
                return span[start..<(start + blockLength)].reduce(0, +) / Double(blockLength)
            }
            let grand = means.reduce(0, +) / Double(blocks)
            squares += means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
                * Double(blockLength)
            degrees += blocks - 1
        }
        guard degrees > 0 else { return nil }
        return DriftRatioValue(
            ratio: squares / Double(degrees) / whiteVariance, degreesOfFreedom: degrees)
    }

    /// The threshold for one series: 1 + z·√(2/df), z = 3.5 (≈ 2.57 for df = 10), the
    /// normal approximation of the ratio's upper tail under independent epochs.
    public static func singleThreshold(degreesOfFreedom: Int) -> Double {
        1 + 3.5 * (2 / Double(max(1, degreesOfFreedom))).squareRoot()
    }

    /// The threshold for the mean ratio of `count` series of one statistic (e.g. band power on
    /// every channel): 1 + z·√(2/(df·count)), z = 3 (≈ 1.47 for df = 10 and 8 channels).
    /// A drift common to the channels (a gain or arousal change) raises every channel's ratio
    /// a little; their mean detects it long before any single channel does. Correlated
    /// channels widen the mean's null spread, so the pooled rule then withholds more often
    /// (it errs toward caution).
    public static func pooledThreshold(degreesOfFreedom: Int, count: Int) -> Double {
        1 + 3 * (2 / Double(max(1, degreesOfFreedom * max(1, count)))).squareRoot()
    }

    /// Which series to withhold from the family-wise correction.
    ///
    /// A series is withheld when its own ratio exceeds ``singleThreshold(degreesOfFreedom:)``
    /// or when the mean ratio of its group exceeds
    /// ``pooledThreshold(degreesOfFreedom:count:)``. The thresholds were chosen on simulated
    /// epoch series (white noise plus an Ornstein–Uhlenbeck drift, seeds 11–12) and checked on
    /// `eegscope synth` null recordings of seeds 1–100 (docs/statistics.md).
    /// - Parameters:
    ///   - series: The family's series (equal lengths).
    ///   - groups: Index sets of series pooled together (e.g. one statistic over channels);
    ///     series in no group are judged alone.
    ///   - baselineCount: The number of baseline epochs.
    /// - Returns: The ratio of each series (`nil` when it cannot be computed) and whether it is
    ///   withheld.
    public static func withheld(
        _ series: [[Double]], groups: [[Int]], baselineCount: Int
    ) -> (ratios: [DriftRatioValue?], withheld: [Bool]) {
        let shorter = series.first.map { min(baselineCount, $0.count - baselineCount) } ?? 0
        let length = blockLength(shorterSpanCount: shorter)
        let ratios = series.map { value($0, baselineCount: baselineCount, blockLength: length) }
        var withheld = ratios.map { ratio in
            ratio.map { $0.ratio > singleThreshold(degreesOfFreedom: $0.degreesOfFreedom) }
                ?? false
        }
        for group in groups {
            let members = group.compactMap { index in
                series.indices.contains(index) ? ratios[index] : nil
            }
            guard let degrees = members.first?.degreesOfFreedom, members.count >= 2 else {
                continue
            }
            let mean = members.map(\.ratio).reduce(0, +) / Double(members.count)
            if mean > pooledThreshold(degreesOfFreedom: degrees, count: members.count) {
                for index in group where series.indices.contains(index) { withheld[index] = true }
            }
        }
        return (ratios, withheld)
    }
}
