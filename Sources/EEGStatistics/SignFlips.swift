import EEGCore

/// A set of sign-flip relabellings for one-sample (paired-difference) permutation tests.
///
/// Each row holds one sign (+1 or −1) per subject; multiplying the subjects' differences by a
/// row is one draw from the null hypothesis that each difference is symmetric about zero
/// (Nichols & Holmes 2002, doi:10.1002/hbm.1058). The observed labelling is **not** a row: the
/// tests add it to the null distribution themselves, so p = (1 + #{null ≥ observed}) /
/// (1 + rows) (Phipson & Smyth 2010, doi:10.2202/1544-6115.1585), which is also what MNE's
/// `permutation_t_test` and `permutation_cluster_1samp_test` compute.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// let flips = try SignFlips.random(subjectCount: 20, count: 4999, using: &generator)
/// ```
public struct SignFlips: Sendable, Equatable {
    /// The number of subjects (columns).
    public let subjectCount: Int
    /// The sign rows, each of length `subjectCount`, entries +1 or −1.
    public let rows: [[Double]]

    /// Wraps explicit rows (e.g. exported from MNE for a fixture).
    /// - Throws: ``StatisticsError/shapeMismatch(what:found:expected:)`` when a row's length
    ///   differs from `subjectCount`; ``StatisticsError/invalidParameter(name:value:expected:)``
    ///   for an entry other than ±1.
    public init(subjectCount: Int, rows: [[Double]]) throws {
        for row in rows {
            guard row.count == subjectCount else {
                throw StatisticsError.shapeMismatch(
                    what: "sign-flip row", found: row.count, expected: subjectCount)
            }
            guard row.allSatisfy({ $0 == 1 || $0 == -1 }) else {
                throw StatisticsError.invalidParameter(
                    name: "sign", value: "\(row)", expected: "+1 or -1")
            }
        }
        self.subjectCount = subjectCount
        self.rows = rows
    }

    /// `count` seeded random sign rows, or every distinct non-identity relabelling of a
    /// two-sided test when there are fewer than `count` of them (2^(n−1) − 1 rows with the
    /// first subject's sign held at +1: flipping every sign gives the same |t|), as MNE does.
    ///
    /// Random rows are drawn with replacement (valid for Monte-Carlo p-values).
    /// - Throws: ``StatisticsError/invalidParameter(name:value:expected:)`` for fewer than two
    ///   subjects or a count below 1.
    public static func random(
        subjectCount: Int, count: Int, using generator: inout SeededGenerator
    ) throws -> SignFlips {
        guard subjectCount >= 2 else {
            throw StatisticsError.invalidParameter(
                name: "subject count", value: "\(subjectCount)", expected: "≥ 2")
        }
        guard count >= 1 else {
            throw StatisticsError.invalidParameter(
                name: "permutation count", value: "\(count)", expected: "≥ 1")
        }
        if subjectCount <= 30, (1 << (subjectCount - 1)) - 1 <= count {
            let total = (1 << (subjectCount - 1)) - 1
            let rows = (1...max(1, total)).map { code in
                (0..<subjectCount).map { subject -> Double in
                    // Subject 0 is never flipped; bit k of `code` flips subject k + 1.
                    subject == 0 ? 1 : ((code >> (subject - 1)) & 1 == 1 ? -1 : 1)
                }
            }
            return try SignFlips(subjectCount: subjectCount, rows: total >= 1 ? rows : [])
        }
        var rows: [[Double]] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            var row = [Double](repeating: 1, count: subjectCount)
            var bits: UInt64 = 0
            for subject in 0..<subjectCount {
                if subject % 64 == 0 { bits = generator.next() }
                if bits & 1 == 1 { row[subject] = -1 }
                bits >>= 1
            }
            rows.append(row)
        }
        return try SignFlips(subjectCount: subjectCount, rows: rows)
    }

    /// The smallest attainable p-value, 1 / (1 + rows).
    public var smallestP: Double { 1 / Double(1 + rows.count) }
}
