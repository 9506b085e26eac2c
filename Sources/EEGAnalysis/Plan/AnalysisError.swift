/// Errors from the analysis pipelines (batch, reports, comparisons), each naming the input.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Processing `file` failed for `reason` (the underlying error's description).
    case fileFailed(file: String, reason: String)
    /// A pipeline parameter is invalid.
    case invalidParameter(name: String, value: String, expected: String)
    /// No input files were found.
    case noInputs(searched: [String])
    /// An output file or folder could not be written.
    case outputFailed(path: String, reason: String)
    /// Batch outputs to merge do not fit together (other settings, missing or repeated shards).
    case incompatibleShards(reason: String)

    public var description: String {
        switch self {
        case let .fileFailed(file, reason):
            return "\(file): \(reason)"
        case let .invalidParameter(name, value, expected):
            return "invalid \(name) \(value); expected \(expected)"
        case let .noInputs(searched):
            return "no EDF/BDF/CSV inputs found in \(searched.joined(separator: ", "))"
        case let .outputFailed(path, reason):
            return "cannot write \(path): \(reason)"
        case let .incompatibleShards(reason):
            return "cannot merge: \(reason)"
        }
    }
}
