/// Errors of the statistics module.
public enum StatisticsError: Error, Equatable, CustomStringConvertible {
    /// A parameter is out of its valid range.
    case invalidParameter(name: String, value: String, expected: String)
    /// Arrays that must agree in shape do not.
    case shapeMismatch(what: String, found: Int, expected: Int)

    /// One line: what failed, the value, what was expected.
    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "\(name) is \(value); expected \(expected)"
        case let .shapeMismatch(what, found, expected):
            return "\(what) has \(found) entries; expected \(expected)"
        }
    }
}
