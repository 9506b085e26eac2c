/// Errors from the analysis pipelines (batch, reports, comparisons), each naming the input.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Processing `file` failed for `reason` (the underlying error's description).
    case fileFailed(file: String, reason: String)
    /// A pipeline parameter is invalid.
    case invalidParameter(name: String, value: String, expected: String)
    /// No input files were found.
    case noInputs(searched: [String])

    public var description: String {
        switch self {
        case let .fileFailed(file, reason):
            return "\(file): \(reason)"
        case let .invalidParameter(name, value, expected):
            return "invalid \(name) \(value); expected \(expected)"
        case let .noInputs(searched):
            return "no EDF/BDF/CSV inputs found in \(searched.joined(separator: ", "))"
        }
    }
}
