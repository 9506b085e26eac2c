/// The frequency range a channel's data can be trusted in: high-pass and low-pass edges in Hz.
///
/// Each edge is optional (`nil` = not limited on that side: DC at the low end, the Nyquist
/// frequency at the high end). A passband always says where it came from, so a warning or a
/// report can name it ("low-pass 45 Hz declared by the file").
///
/// ```swift
/// let declared = try Passband(low: 0.5, high: 45, source: .file)
/// print(declared)  // 0.5–45 Hz (declared by the file)
/// ```
public struct Passband: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Where a passband comes from.
    public enum Source: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
        /// The file header (EDF/BDF per-signal prefiltering field).
        case file
        /// A BIDS sidecar (`_eeg.json` `HardwareFilters`/`SoftwareFilters`, `channels.tsv`
        /// `low_cutoff`/`high_cutoff`).
        case sidecar
        /// Detected from the power spectrum (a steep roll-off the file did not declare).
        case spectrum
        /// Given by the user (`--passband LOW-HIGH`).
        case user

        /// The phrase used in warnings and reports, e.g. "declared by the file".
        public var phrase: String {
            switch self {
            case .file: return "declared by the file"
            case .sidecar: return "declared by the BIDS sidecar"
            case .spectrum: return "detected from the spectrum"
            case .user: return "given with --passband"
            }
        }
    }

    /// The high-pass edge in Hz, or `nil` for none (DC-coupled or not stated).
    public let low: Hertz?
    /// The low-pass edge in Hz, or `nil` for none (up to the Nyquist frequency).
    public let high: Hertz?
    /// Where the edges come from.
    public let source: Source

    /// Creates a passband.
    ///
    /// - Parameters:
    ///   - low: High-pass edge in Hz (finite, ≥ 0), or `nil`. A value of 0 means DC and is
    ///     stored as `nil`.
    ///   - high: Low-pass edge in Hz (finite, > 0), or `nil`.
    ///   - source: Where the edges come from.
    /// - Throws: ``CoreError/invalidParameter(name:value:expected:)`` for a negative or
    ///   non-finite edge, or when both edges are given and `low >= high`.
    public init(low: Hertz?, high: Hertz?, source: Source) throws {
        if let low, !(low.isFinite && low >= 0) {
            throw CoreError.invalidParameter(
                name: "passband low edge", value: "\(low) Hz", expected: "a finite value ≥ 0")
        }
        if let high, !(high.isFinite && high > 0) {
            throw CoreError.invalidParameter(
                name: "passband high edge", value: "\(high) Hz", expected: "a finite value > 0")
        }
        if let low, let high, low >= high {
            throw CoreError.invalidParameter(
                name: "passband", value: "\(formatHertz(low))–\(formatHertz(high)) Hz",
                expected: "low edge < high edge")
        }
        self.low = (low == 0) ? nil : low
        self.high = high
        self.source = source
    }

    /// Whether neither edge is set.
    public var isUnlimited: Bool { low == nil && high == nil }

    /// The edges as text, e.g. `0.5–45 Hz`, `DC–45 Hz`, `0.5 Hz–Nyquist`.
    public var rangeText: String {
        let lowText = low.map(formatHertz) ?? "DC"
        switch high {
        case let high?: return "\(lowText)–\(formatHertz(high)) Hz"
        case nil: return low == nil ? "unlimited" : "\(lowText) Hz–Nyquist"
        }
    }

    public var description: String { "\(rangeText) (\(source.phrase))" }
}
