/// Errors from the FFT engine.
public enum FFTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// FFTW returned no plan (for example `FFTW_WISDOM_ONLY` without matching wisdom).
    case planCreationFailed(kind: String, length: Int)
    /// A transform length is not positive or does not fit FFTW's `int`.
    case invalidLength(Int)
    /// A buffer does not have the length the plan needs.
    case bufferSizeMismatch(name: String, expected: Int, actual: Int)
    /// Wisdom could not be read or written.
    case wisdomFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .planCreationFailed(kind, length):
            return "FFTW could not create a \(kind) plan of length \(length)"
        case let .invalidLength(length):
            return "invalid FFT length \(length); expected 1 ... \(Int32.max)"
        case let .bufferSizeMismatch(name, expected, actual):
            return "\(name) buffer has \(actual) elements; the plan needs \(expected)"
        case let .wisdomFailed(path, reason):
            return "FFTW wisdom file \(path): \(reason)"
        }
    }
}
