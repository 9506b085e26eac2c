/// One cluster of adjacent supra-threshold tests.
public struct Cluster: Sendable, Equatable {
    /// The test (channel) indices in the cluster, ascending.
    public let members: [Int]
    /// The cluster mass: the sum of the members' t values (negative for a negative cluster).
    public let mass: Double
    /// Two-sided p: the fraction of relabellings (the observed one included) whose largest
    /// |cluster mass| reaches |mass|.
    public let p: Double
}

/// The result of a cluster-based permutation test.
public struct ClusterTestResult: Sendable, Equatable {
    /// The observed t of each test.
    public let statistics: [Double]
    /// The observed clusters, in order of their smallest member.
    public let clusters: [Cluster]
    /// Per test: the p of the cluster it belongs to, or 1 when it is in none.
    public let testP: [Double]
    /// The null distribution of the largest |cluster mass|, one per relabelling, then the
    /// observed one (as MNE's `H0` with the observed value moved last).
    public let maximumNull: [Double]
}

/// Cluster-based sign-flip permutation test over adjacent channels (Maris & Oostenveld 2007,
/// "Nonparametric statistical testing of EEG- and MEG-data", J Neurosci Methods 164:177–190,
/// doi:10.1016/j.jneumeth.2007.03.024).
///
/// Tests whose |t| exceeds `threshold` form clusters with adjacent tests of the same sign; a
/// cluster's mass is the sum of its t values. The null distribution of the largest |mass| comes
/// from the same sign flips as ``SignFlipMaxTest``, so the family-wise error over clusters is
/// controlled. A significant cluster says "there is an effect somewhere in this cluster", not
/// at each member. Matches `mne.stats.permutation_cluster_1samp_test(X, threshold, tail=0,
/// adjacency=...)` given the same sign rows.
public enum ClusterPermutationTest {
    /// Runs the test.
    /// - Parameters:
    ///   - values: Rows: subjects; columns: tests (channels, or channel blocks per band).
    ///   - adjacency: Neighbours of each column.
    ///   - threshold: The cluster-forming |t| (e.g. the two-sided 97.5 % quantile of t with
    ///     n − 1 degrees of freedom, MNE's default).
    ///   - flips: The relabellings (without the identity).
    /// - Throws: ``StatisticsError`` for shape mismatches or a non-positive threshold.
    public static func run(
        _ values: [[Double]], adjacency: ChannelAdjacency, threshold: Double, flips: SignFlips
    ) throws -> ClusterTestResult {
        let moments = try Moments(values)
        guard adjacency.neighbours.count == moments.testCount else {
            throw StatisticsError.shapeMismatch(
                what: "adjacency", found: adjacency.neighbours.count,
                expected: moments.testCount)
        }
        guard flips.subjectCount == values.count else {
            throw StatisticsError.shapeMismatch(
                what: "sign-flip rows", found: flips.subjectCount, expected: values.count)
        }
        guard threshold.isFinite, threshold > 0 else {
            throw StatisticsError.invalidParameter(
                name: "cluster-forming threshold", value: "\(threshold)", expected: "> 0")
        }
        let observed = moments.t(signs: nil, values: values)
        let observedClusters = clusters(observed, adjacency: adjacency, threshold: threshold)
        var maxima: [Double] = []
        for row in flips.rows {
            let permuted = moments.t(signs: row, values: values)
            let masses = clusters(permuted, adjacency: adjacency, threshold: threshold)
                .map { abs($0.mass) }
            maxima.append(masses.max() ?? 0)
        }
        maxima.append(observedClusters.map { abs($0.mass) }.max() ?? 0)
        let total = Double(maxima.count)
        var testP = [Double](repeating: 1, count: observed.count)
        let result = observedClusters.map { cluster in
            let p = Double(maxima.count(where: { $0 >= abs(cluster.mass) })) / total
            for member in cluster.members { testP[member] = p }
            return Cluster(members: cluster.members, mass: cluster.mass, p: p)
        }
        return ClusterTestResult(
            statistics: observed, clusters: result, testP: testP, maximumNull: maxima)
    }

    /// Connected components of same-signed supra-threshold tests.
    static func clusters(
        _ statistics: [Double], adjacency: ChannelAdjacency, threshold: Double
    ) -> [(members: [Int], mass: Double)] {
        var label = [Int](repeating: -1, count: statistics.count)
        var found: [(members: [Int], mass: Double)] = []
        func sign(_ index: Int) -> Int {
            statistics[index] > threshold ? 1 : (statistics[index] < -threshold ? -1 : 0)
        }
        for start in statistics.indices where label[start] < 0 && sign(start) != 0 {
            let direction = sign(start)
            var stack = [start]
            var members: [Int] = []
            label[start] = found.count
            while let index = stack.popLast() {
                members.append(index)
                for other in adjacency.neighbours[index]
                where label[other] < 0 && sign(other) == direction {
                    label[other] = found.count
                    stack.append(other)
                }
            }
            members.sort()
            found.append((members, members.reduce(0) { $0 + statistics[$1] }))
        }
        return found
    }
}
