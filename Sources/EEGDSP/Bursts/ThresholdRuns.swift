import EEGCore

/// Run-finding steps shared by the episode detectors, on plain sample arrays.
///
/// Indices are half-open sample ranges (`Range<Int>`), in ascending order and disjoint.
public enum ThresholdRuns {
    /// The runs in which `magnitude` stays at or above `low` and reaches `high` at least once.
    ///
    /// Matches NeuroDSP 2.3's `_dual_threshold_split(sig, thresh_hi, thresh_lo)`: samples
    /// `≥ high` seed a run, which grows in both directions while samples are `≥ low`; the first
    /// and last samples are never part of a run (NeuroDSP zeroes them so that the growth stops
    /// at the edges). With `low > high` the rule degenerates to single samples `≥ high`, so
    /// callers validate `low ≤ high`.
    ///
    /// - Parameters:
    ///   - magnitude: The normalized magnitude per sample (dimensionless).
    ///   - low: The threshold a run must not drop below.
    ///   - high: The threshold a run must reach.
    /// - Returns: The runs, ascending.
    /// - Complexity: O(n).
    public static func dualThresholdRuns(_ magnitude: [Double], low: Double, high: Double)
        -> [Range<Int>]
    {
        let count = magnitude.count
        guard count > 2 else { return [] }
        let floor = min(low, high)
        var runs: [Range<Int>] = []
        var index = 1
        while index < count - 1 {
            guard magnitude[index] >= floor else {
                index += 1
                continue
            }
            let start = index
            var reachesHigh = false
            while index < count - 1 && magnitude[index] >= floor {
                if magnitude[index] >= high { reachesHigh = true }
                index += 1
            }
            if reachesHigh { runs.append(start..<index) }
        }
        return runs
    }

    /// Joins neighbouring runs separated by fewer than `maximumGapCount` samples.
    ///
    /// - Parameters:
    ///   - runs: Ascending, disjoint runs.
    ///   - maximumGapCount: Gaps strictly shorter than this many samples are bridged; 0 keeps
    ///     the runs as they are.
    /// - Returns: The merged runs, ascending.
    public static func merged(_ runs: [Range<Int>], maximumGapCount: Int) -> [Range<Int>] {
        guard maximumGapCount > 0, var current = runs.first else { return runs }
        var result: [Range<Int>] = []
        for run in runs.dropFirst() {
            if run.lowerBound - current.upperBound < maximumGapCount {
                current = current.lowerBound..<max(current.upperBound, run.upperBound)
            } else {
                result.append(current)
                current = run
            }
        }
        result.append(current)
        return result
    }

    /// The runs at least `minimumCount` samples long.
    ///
    /// NeuroDSP's `_rmv_short_periods(sig, n_samples)` keeps the same runs but writes each one
    /// shifted one sample earlier (it indexes with the positions of `np.diff`); EEGScope keeps
    /// the runs where they are.
    public static func removingShort(_ runs: [Range<Int>], minimumCount: Int) -> [Range<Int>] {
        runs.filter { $0.count >= minimumCount }
    }

    /// The runs as a per-sample mask of length `count` (true inside a run).
    public static func mask(_ runs: [Range<Int>], count: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: count)
        for run in runs {
            for index in run.clamped(to: 0..<count) { mask[index] = true }
        }
        return mask
    }
}

extension ThresholdRuns {
    /// The runs of `true` in `flags`, ascending.
    public static func runs(of flags: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int? = nil
        for (index, flag) in flags.enumerated() {
            if flag, start == nil { start = index }
            if !flag, let first = start {
                result.append(first..<index)
                start = nil
            }
        }
        if let first = start { result.append(first..<flags.count) }
        return result
    }
}
