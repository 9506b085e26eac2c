/// A named frequency band `[low, high]` in Hz.
///
/// Bands are closed intervals for band-power integration (both edges included, as YASA and
/// MNE do). Parse lists written as `name=low-high` with ``FrequencyBand/parseList(_:)``.
///
/// ```swift
/// let bands = try FrequencyBand.parseList("delta=1-4,gamma=30-80")
/// ```
public struct FrequencyBand: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The band's name (e.g. `alpha`), or `LOW-HIGH` when it was given without one.
    public let name: String
    /// The lower edge in Hz (≥ 0).
    public let low: Hertz
    /// The upper edge in Hz (> `low`).
    public let high: Hertz

    /// Creates a band.
    /// - Throws: ``CoreError/invalidBand(name:low:high:reason:)`` unless 0 ≤ low < high, both
    ///   finite.
    public init(name: String? = nil, low: Hertz, high: Hertz) throws {
        let label = name ?? "\(formatHertz(low))-\(formatHertz(high))"
        guard low.isFinite, high.isFinite, low >= 0 else {
            throw CoreError.invalidBand(
                name: label, low: low, high: high, reason: "must have finite, non-negative edges")
        }
        guard low < high else {
            throw CoreError.invalidBand(
                name: label, low: low, high: high, reason: "must have low < high")
        }
        self.name = label
        self.low = low
        self.high = high
    }

    /// The band's width in Hz.
    public var width: Hertz { high - low }
    /// The band's centre frequency in Hz.
    public var center: Hertz { (low + high) / 2 }

    /// Whether `frequency` lies in the closed interval `[low, high]`.
    public func contains(_ frequency: Hertz) -> Bool { frequency >= low && frequency <= high }

    /// Throws unless the band lies below the Nyquist frequency of `sampleRate`.
    public func requireBelowNyquist(sampleRate: Hertz) throws {
        if high > sampleRate / 2 {
            throw CoreError.invalidBand(
                name: name, low: low, high: high,
                reason: "exceeds the Nyquist frequency \(formatHertz(sampleRate / 2)) Hz")
        }
    }

    public var description: String { "\(name)=\(formatHertz(low))-\(formatHertz(high))" }

    /// The five bands of the contract: delta 1–4, theta 4–8, alpha 8–13, beta 13–30,
    /// gamma 30–80 Hz.
    public static let standard: [FrequencyBand] = [
        FrequencyBand(uncheckedName: "delta", low: 1, high: 4),
        FrequencyBand(uncheckedName: "theta", low: 4, high: 8),
        FrequencyBand(uncheckedName: "alpha", low: 8, high: 13),
        FrequencyBand(uncheckedName: "beta", low: 13, high: 30),
        FrequencyBand(uncheckedName: "gamma", low: 30, high: 80),
    ]

    /// Parses one band: `name=low-high` or `low-high` (then named `low-high`).
    /// - Throws: ``CoreError/invalidBandSpecification(_:)`` or ``CoreError/invalidBand(name:low:high:reason:)``.
    public static func parse(_ text: String) throws -> FrequencyBand {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String? = nil
        var range = Substring(trimmed)
        if let equals = trimmed.firstIndex(of: "=") {
            name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            range = trimmed[trimmed.index(after: equals)...]
            if name?.isEmpty ?? true { throw CoreError.invalidBandSpecification(text) }
        }
        let parts = range.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let low = Double(parts[0].trimmingCharacters(in: .whitespaces)),
            let high = Double(parts[1].trimmingCharacters(in: .whitespaces))
        else { throw CoreError.invalidBandSpecification(text) }
        return try FrequencyBand(name: name, low: low, high: high)
    }

    /// Parses a comma-separated list of bands (`delta=1-4,theta=4-8`).
    /// - Throws: as ``parse(_:)``; also when the list is empty or repeats a name.
    public static func parseList(_ text: String) throws -> [FrequencyBand] {
        let items = text.split(separator: ",").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !items.isEmpty else { throw CoreError.invalidBandSpecification(text) }
        let bands = try items.map(parse)
        var seen = Set<String>()
        for band in bands where !seen.insert(band.name).inserted {
            throw CoreError.invalidParameter(
                name: "band name", value: "'\(band.name)'", expected: "each name once")
        }
        return bands
    }

    init(uncheckedName name: String, low: Hertz, high: Hertz) {
        self.name = name
        self.low = low
        self.high = high
    }
}
