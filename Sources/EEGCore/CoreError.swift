/// Errors thrown when a core value type would break one of its invariants.
///
/// Each case carries the offending value and what was expected, so the description can be shown
/// to a user unchanged.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String, expected: String)
    /// Two arrays that must have the same length do not.
    case lengthMismatch(name: String, expected: Int, actual: Int)
    /// The samples contain NaN or infinity at `index`.
    case nonFiniteSample(label: String, index: Int)
    /// A frequency band could not be parsed from text.
    case invalidBandSpecification(String)
    /// A frequency band is inconsistent (low >= high, negative, above Nyquist).
    case invalidBand(name: String, low: Hertz, high: Hertz, reason: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "invalid \(name) \(value); expected \(expected)"
        case let .lengthMismatch(name, expected, actual):
            return "\(name) has \(actual) elements; expected \(expected)"
        case let .nonFiniteSample(label, index):
            let channel = label.isEmpty ? "signal" : "channel \(label)"
            return "\(channel) has a non-finite sample (NaN or infinity) at index \(index)"
        case let .invalidBandSpecification(text):
            return "cannot parse band specification '\(text)'; expected NAME=LOW-HIGH, e.g. alpha=8-13"
        case let .invalidBand(name, low, high, reason):
            return "band \(name) \(formatHertz(low))–\(formatHertz(high)) Hz \(reason)"
        }
    }
}

/// Formats a frequency without trailing zeros (8 → "8", 8.5 → "8.5").
public func formatHertz(_ value: Hertz) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
        return String(Int(value))
    }
    return String(value)
}
