/// Errors from plotting.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is nothing to draw (no points, or all values non-finite or non-positive on a log
    /// axis).
    case noData(what: String)
    /// A plot parameter is invalid.
    case invalidParameter(name: String, value: String, expected: String)

    /// One line: what failed, the value, and what was expected.
    public var description: String {
        switch self {
        case let .noData(what):
            return "nothing to plot: \(what)"
        case let .invalidParameter(name, value, expected):
            return "invalid \(name) \(value); expected \(expected)"
        }
    }
}
