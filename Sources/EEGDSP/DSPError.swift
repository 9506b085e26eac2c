import EEGCore

/// Errors from signal processing: bad parameters, unusable input, failed fits.
///
/// Messages say what failed, the value, and what was expected, e.g.
/// "band 40–60 Hz exceeds the Nyquist frequency 50 Hz".
public enum DSPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String, expected: String)
    /// The input has fewer samples than the method needs.
    case signalTooShort(label: String, sampleCount: Int, required: Int, purpose: String)
    /// The input is empty.
    case emptyInput(what: String)
    /// The input has NaN or infinity at `index`.
    case nonFiniteInput(label: String, index: Int)
    /// A frequency (or band edge) is at or above the Nyquist frequency.
    case aboveNyquist(name: String, frequency: Hertz, nyquist: Hertz)
    /// A filter design is impossible or numerically unstable.
    case invalidFilterDesign(reason: String)
    /// An iterative fit did not converge.
    case didNotConverge(iterations: Int)
    /// A model fit failed for a stated reason (too few points, singular system, …).
    case fitFailed(reason: String)
    /// No gap-free stretch of a discontinuous signal is long enough for one analysis window
    /// (`longestCount` is the longest stretch in samples).
    case stretchesTooShort(label: String, longestCount: Int, required: Int, purpose: String)
    /// A method that needs one contiguous window was given a signal with gaps.
    case discontinuousInput(label: String, stretchCount: Int, method: String, suggestion: String)
    /// A band lies outside the usable passband of a channel (see `UsablePassband`); the reason
    /// names the band, the edge and where the edge comes from.
    case bandUnavailable(reason: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "invalid \(name) \(value); expected \(expected)"
        case let .signalTooShort(label, count, required, purpose):
            let channel = label.isEmpty ? "signal" : "channel \(label)"
            return "\(channel) has \(count) samples; \(purpose) needs at least \(required)"
        case let .emptyInput(what):
            return "\(what) is empty"
        case let .nonFiniteInput(label, index):
            let channel = label.isEmpty ? "signal" : "channel \(label)"
            return "\(channel) has a non-finite sample (NaN or infinity) at index \(index)"
        case let .aboveNyquist(name, frequency, nyquist):
            return "\(name) \(formatHertz(frequency)) Hz is at or above the Nyquist frequency "
                + "\(formatHertz(nyquist)) Hz"
        case let .invalidFilterDesign(reason):
            return "invalid filter design: \(reason)"
        case let .didNotConverge(iterations):
            return "fit did not converge after \(iterations) iterations"
        case let .fitFailed(reason):
            return "fit failed: \(reason)"
        case let .stretchesTooShort(label, longest, required, purpose):
            let channel = label.isEmpty ? "signal" : "channel \(label)"
            return "\(channel): the longest gap-free stretch has \(longest) samples; \(purpose) "
                + "needs at least \(required) without a gap (use shorter segments)"
        case let .discontinuousInput(label, count, method, suggestion):
            let channel = label.isEmpty ? "signal" : "channel \(label)"
            return "\(channel) has \(count) gap-free stretches (discontinuous recording); "
                + "\(method) needs one contiguous window: \(suggestion)"
        case let .bandUnavailable(reason):
            return reason
        }
    }
}
