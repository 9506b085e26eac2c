import EEGCore

/// Which frequencies a filter passes: below, above, inside or outside its edges.
///
/// Edges are in Hz. A filter design checks them against the sample rate it is designed for
/// (``validated(sampleRate:)``): every edge must be positive and below the Nyquist frequency,
/// and band edges must satisfy `low < high`.
///
/// ```swift
/// let delta3 = FilterBand.bandpass(low: 2, high: 4)
/// ```
public enum FilterBand: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Passes frequencies below `cutoff` (Hz).
    case lowpass(cutoff: Hertz)
    /// Passes frequencies above `cutoff` (Hz).
    case highpass(cutoff: Hertz)
    /// Passes frequencies between `low` and `high` (Hz).
    case bandpass(low: Hertz, high: Hertz)
    /// Rejects frequencies between `low` and `high` (Hz).
    case bandstop(low: Hertz, high: Hertz)

    /// The band edges in ascending order (one for low/high-pass, two otherwise), in Hz.
    public var edges: [Hertz] {
        switch self {
        case .lowpass(let cutoff), .highpass(let cutoff): return [cutoff]
        case .bandpass(let low, let high), .bandstop(let low, let high): return [low, high]
        }
    }

    /// Whether the filter passes 0 Hz (low-pass and band-stop do).
    public var passesZero: Bool {
        switch self {
        case .lowpass, .bandstop: return true
        case .highpass, .bandpass: return false
        }
    }

    /// A short text such as `band-pass 2–4 Hz`.
    public var description: String {
        switch self {
        case .lowpass(let cutoff): return "low-pass \(formatHertz(cutoff)) Hz"
        case .highpass(let cutoff): return "high-pass \(formatHertz(cutoff)) Hz"
        case .bandpass(let low, let high):
            return "band-pass \(formatHertz(low))–\(formatHertz(high)) Hz"
        case .bandstop(let low, let high):
            return "band-stop \(formatHertz(low))–\(formatHertz(high)) Hz"
        }
    }

    /// Checks the edges for a design at `sampleRate`.
    ///
    /// - Parameter sampleRate: The sample rate in Hz the filter will run at.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a non-positive or
    ///   non-finite edge or rate, or `low >= high`;
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)``
    ///   when an edge is at or above half the sample rate.
    public func validated(sampleRate: Hertz) throws {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        let nyquist = sampleRate / 2
        for (index, edge) in edges.enumerated() {
            let name =
                edges.count == 1 ? "cutoff" : (index == 0 ? "low band edge" : "high band edge")
            guard edge.isFinite, edge > 0 else {
                throw DSPError.invalidParameter(
                    name: name, value: "\(formatHertz(edge)) Hz", expected: "a positive frequency")
            }
            guard edge < nyquist else {
                throw DSPError.aboveNyquist(name: name, frequency: edge, nyquist: nyquist)
            }
        }
        if edges.count == 2, !(edges[0] < edges[1]) {
            throw DSPError.invalidParameter(
                name: "band", value: "\(formatHertz(edges[0]))–\(formatHertz(edges[1])) Hz",
                expected: "low < high")
        }
    }
}
