import EEGCore
import Foundation

/// The result of comparing two arrays element by element with a mixed tolerance.
public struct ArrayComparison: CustomStringConvertible, Sendable {
    /// Whether every element satisfied |a − e| ≤ absolute + relative·|e|.
    public let passed: Bool
    /// The index with the largest excess over the tolerance (or the length mismatch).
    public let worstIndex: Int?
    public let worstActual: Double
    public let worstExpected: Double
    /// max |a − e| / max(|e|, tiny) over all elements.
    public let maxRelativeError: Double
    public let message: String

    public var description: String { message }
}

/// Compares `actual` with `expected` using |a − e| ≤ absolute + relative·|e| element-wise.
///
/// NaN matches only NaN. The returned value names the worst index, so a failing `#expect`
/// says where the arrays diverge.
public func compareArrays(
    _ actual: [Double], _ expected: [Double], relative: Double, absolute: Double = 0
) -> ArrayComparison {
    guard actual.count == expected.count else {
        return ArrayComparison(
            passed: false, worstIndex: nil, worstActual: .nan, worstExpected: .nan,
            maxRelativeError: .infinity,
            message: "length \(actual.count) differs from expected \(expected.count)")
    }
    var worstExcess = -Double.infinity
    var worst = 0
    var maxRelative = 0.0
    var passed = true
    let scale = expected.map(abs).max() ?? 0
    for index in actual.indices {
        let a = actual[index]
        let e = expected[index]
        if a.isNaN || e.isNaN {
            if !(a.isNaN && e.isNaN) { passed = false; worst = index; worstExcess = .infinity }
            continue
        }
        let difference = abs(a - e)
        let allowed = absolute + relative * abs(e)
        let excess = difference - allowed
        if excess > worstExcess { worstExcess = excess; worst = index }
        if difference > allowed { passed = false }
        let denominator = max(abs(e), scale * 1e-300, Double.leastNormalMagnitude)
        maxRelative = max(maxRelative, difference / denominator)
    }
    let message = actual.isEmpty
        ? "both empty"
        : "worst index \(worst): actual \(actual[worst]) expected \(expected[worst]); "
            + "max relative error \(maxRelative) (relative tol \(relative), absolute \(absolute))"
    return ArrayComparison(
        passed: passed, worstIndex: actual.isEmpty ? nil : worst,
        worstActual: actual.isEmpty ? .nan : actual[worst],
        worstExpected: expected.isEmpty ? .nan : expected[worst],
        maxRelativeError: maxRelative, message: message)
}

/// Whether two scalars agree within |a − e| ≤ absolute + relative·|e|.
public func isClose(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0)
    -> Bool
{
    abs(actual - expected) <= absolute + relative * abs(expected)
}
