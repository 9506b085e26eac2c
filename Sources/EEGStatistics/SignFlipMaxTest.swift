/// The result of a sign-flip permutation test over a family of tests.
public struct PermutationTestResult: Sendable, Equatable {
    /// The observed statistic of each test (t for sign-flip tests).
    public let statistics: [Double]
    /// Two-sided p-value of each test against its own permutation distribution.
    public let uncorrectedP: [Double]
    /// Two-sided p-value against the distribution of the family's maximum |statistic|:
    /// family-wise error control in the strong sense (Nichols & Holmes 2002).
    public let correctedP: [Double]
    /// The null distribution of max |statistic|: one value per relabelling plus the observed
    /// one (as MNE's `H0`, unsorted: the observed value last).
    public let maximumNull: [Double]
}

/// Sign-flip permutation t-test with max-statistic family-wise correction.
///
/// Each subject contributes one difference per test (e.g. condition − baseline in dB per
/// channel and band). Under H0 each subject's vector of differences is symmetric about zero,
/// so flipping its sign (all tests at once, keeping their dependence) leaves the joint
/// distribution unchanged (exchangeability assumption). Per relabelling the t statistic of
/// every test is computed; the corrected p of a test is the fraction of relabellings (the
/// observed one included) whose largest |t| over the family reaches its |t| (Nichols & Holmes
/// 2002, "Nonparametric permutation tests for functional neuroimaging", Hum Brain Mapp 15:1–25,
/// doi:10.1002/hbm.1058). Matches `mne.stats.permutation_t_test(X, tail=0)` given the same
/// sign rows. Monte-Carlo error of a p-value near p with N random rows: √(p(1 − p)/N).
///
/// ```swift
/// let flips = try SignFlips.random(subjectCount: 20, count: 4999, using: &generator)
/// let result = try SignFlipMaxTest.run(differences, flips: flips)
/// ```
public enum SignFlipMaxTest {
    /// Runs the test.
    /// - Parameters:
    ///   - values: Rows: subjects; columns: tests (e.g. channel × band), any unit.
    ///   - flips: The relabellings (without the identity).
    /// - Throws: ``StatisticsError`` for fewer than two subjects, ragged rows, non-finite values
    ///   or flips for another number of subjects.
    /// - Complexity: O(rows × subjects × tests).
    public static func run(_ values: [[Double]], flips: SignFlips) throws -> PermutationTestResult
    {
        let moments = try Moments(values)
        guard flips.subjectCount == values.count else {
            throw StatisticsError.shapeMismatch(
                what: "sign-flip rows", found: flips.subjectCount, expected: values.count)
        }
        let observed = moments.t(signs: nil, values: values)
        let observedAbs = observed.map(abs)
        var exceed = [Int](repeating: 0, count: observed.count)
        var maxima: [Double] = []
        maxima.reserveCapacity(flips.rows.count + 1)
        for row in flips.rows {
            let permuted = moments.t(signs: row, values: values).map(abs)
            for index in permuted.indices where permuted[index] >= observedAbs[index] {
                exceed[index] += 1
            }
            maxima.append(permuted.max() ?? 0)
        }
        maxima.append(observedAbs.max() ?? 0)
        let total = Double(maxima.count)
        let corrected = observedAbs.map { value in
            Double(maxima.count(where: { $0 >= value })) / total
        }
        let uncorrected = exceed.map { Double(1 + $0) / total }
        return PermutationTestResult(
            statistics: observed, uncorrectedP: uncorrected, correctedP: corrected,
            maximumNull: maxima)
    }
}
