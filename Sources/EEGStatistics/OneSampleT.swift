/// One-sample (paired-difference) t statistics, one per test.
///
/// t = mean / (s / √n) with s the standard deviation with n − 1 in the denominator, as
/// `scipy.stats.ttest_1samp` and MNE's `ttest_1samp_no_p` (`sigma = 0`). A test whose
/// values are all equal has s = 0: t is 0 when the mean is 0 and ±∞ otherwise.
public enum OneSampleT {
    /// t for each column of `values` (rows: subjects, columns: tests).
    /// - Throws: ``StatisticsError`` for fewer than two rows or ragged rows.
    public static func statistics(_ values: [[Double]]) throws -> [Double] {
        let moments = try Moments(values)
        return moments.t(signs: nil, values: values)
    }
}

/// Per-test sums of squares, reused across sign flips (flipping signs keeps Σx²).
struct Moments {
    let subjectCount: Int
    let testCount: Int
    let sumOfSquares: [Double]

    init(_ values: [[Double]]) throws {
        guard values.count >= 2 else {
            throw StatisticsError.invalidParameter(
                name: "subject count", value: "\(values.count)", expected: "≥ 2")
        }
        let width = values[0].count
        var squares = [Double](repeating: 0, count: width)
        for row in values {
            guard row.count == width else {
                throw StatisticsError.shapeMismatch(
                    what: "subject row", found: row.count, expected: width)
            }
            for (index, value) in row.enumerated() {
                guard value.isFinite else {
                    throw StatisticsError.invalidParameter(
                        name: "value", value: "\(value)", expected: "a finite number")
                }
                squares[index] += value * value
            }
        }
        subjectCount = values.count
        testCount = width
        sumOfSquares = squares
    }

    /// t of every test after multiplying subject i by `signs[i]` (nil: no flip).
    func t(signs: [Double]?, values: [[Double]]) -> [Double] {
        var sums = [Double](repeating: 0, count: testCount)
        for (subject, row) in values.enumerated() {
            let sign = signs?[subject] ?? 1
            for index in 0..<testCount { sums[index] += sign * row[index] }
        }
        let n = Double(subjectCount)
        return (0..<testCount).map { index in
            let mean = sums[index] / n
            let variance = max(0, (sumOfSquares[index] - n * mean * mean) / (n - 1))
            let standardError = (variance / n).squareRoot()
            if standardError <= 1e-300 * max(1, abs(mean)) {
                return mean == 0 ? 0 : (mean > 0 ? .infinity : -.infinity)
            }
            return mean / standardError
        }
    }
}
