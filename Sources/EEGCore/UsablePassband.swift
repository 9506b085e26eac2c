/// The frequency range an analysis may use on one channel: the declared passband ∩ the one
/// detected from the spectrum ∩ the Nyquist frequency, each edge pulled in by a transition
/// margin. This is the one rule every band, fit range and index of EEGScope is limited by.
///
/// Margins (stated once, here):
/// - **Low-pass** at `LP` Hz: usable up to `LP × 0.9` (``lowPassMargin``). A filter's
///   attenuation starts below its nominal edge (an order-4 Butterworth is −1.5 dB at 0.9 × LP,
///   −3 dB at LP); beyond it the spectrum bends down and a straight background fitted across
///   the shoulder turns it into false "peaks".
/// - **Nyquist** `N = rate / 2`: usable up to `N − max(2 Hz, 0.05 N)` (``nyquistMargin(sampleRate:)``),
///   the anti-aliasing filter's transition band.
/// - **High-pass** at `HP` Hz: usable from `HP × 2` (``highPassMargin``): a first-order
///   high-pass is −1 dB at twice its edge.
///
/// When a user passband (`--passband`) is given it replaces the declared and detected ones;
/// a declared passband from a BIDS sidecar replaces the file header's.
///
/// ```swift
/// let usable = UsablePassband(sampleRate: 500, declared: try Passband(low: 0.5, high: 45,
///                             source: .file))
/// usable.availability(of: .standard[4])  // .clipped(gamma 30–40.5 Hz, reason)
/// ```
public struct UsablePassband: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Usable fraction of a low-pass edge (0.9).
    public static let lowPassMargin = 0.9
    /// Usable multiple of a high-pass edge (2).
    public static let highPassMargin = 2.0
    /// How far below Nyquist the usable range stops: 5 % of Nyquist, at least 2 Hz.
    public static func nyquistMargin(sampleRate: Hertz) -> Hertz {
        max(2, 0.05 * sampleRate / 2)
    }
    /// A clipped band narrower than this fraction of the requested width is "unavailable"
    /// rather than clipped: what is left says little about the band (0.2; gamma 30–80 Hz
    /// under a 45 Hz low-pass keeps 30–40.5 Hz, 21 %).
    public static let minimumKeptFraction = 0.2

    /// The lowest usable frequency in Hz (0 when nothing limits the low end).
    public let low: Hertz
    /// The highest usable frequency in Hz (always below Nyquist).
    public let high: Hertz
    /// Why the low end is where it is (e.g. "high-pass 0.5 Hz declared by the file"), or
    /// `nil` when nothing limits it.
    public let lowReason: String?
    /// Why the high end is where it is (e.g. "low-pass 45 Hz declared by the file, usable to
    /// 40.5 Hz" or "Nyquist frequency 80 Hz").
    public let highReason: String
    /// The passband the edges come from (user, else declared ∩ detected), or `nil`.
    public let limiting: Passband?

    /// Resolves the usable range of one channel.
    ///
    /// - Parameters:
    ///   - sampleRate: The channel's rate in Hz.
    ///   - declared: The passband the file or sidecar declares, or `nil`.
    ///   - detected: A low-pass found in the spectrum (source ``Passband/Source/spectrum``),
    ///     or `nil`.
    ///   - user: A passband given by the user; it replaces `declared` and `detected`.
    public init(
        sampleRate: Hertz, declared: Passband? = nil, detected: Passband? = nil,
        user: Passband? = nil
    ) {
        let nyquist = sampleRate / 2
        let nyquistCeiling = nyquist - Self.nyquistMargin(sampleRate: sampleRate)
        var high = nyquistCeiling
        var highReason = "Nyquist frequency \(formatHertz(nyquist)) Hz"
        var low: Hertz = 0
        var lowReason: String? = nil
        let sources: [Passband] = user.map { [$0] } ?? [declared, detected].compactMap { $0 }
        var limiting: Passband? = nil
        for passband in sources {
            if let edge = passband.high, edge * Self.lowPassMargin < high {
                high = edge * Self.lowPassMargin
                highReason = "low-pass \(formatHertz(edge)) Hz \(passband.source.phrase)"
                limiting = passband
            }
            if let edge = passband.low, edge * Self.highPassMargin > low {
                low = edge * Self.highPassMargin
                lowReason = "high-pass \(formatHertz(edge)) Hz \(passband.source.phrase)"
                if limiting == nil { limiting = passband }
            }
        }
        self.low = low
        self.high = max(high, 0)
        self.lowReason = lowReason
        self.highReason = highReason
        self.limiting = limiting
    }

    /// The usable range as text with reasons, e.g.
    /// "1–40.5 Hz (low-pass 45 Hz declared by the file)".
    public var description: String {
        "\(formatHertz(Self.rounded(low)))–\(formatHertz(Self.rounded(high))) Hz (\(highReason))"
    }

    /// What a band becomes on this channel.
    public enum Availability: Sendable, Equatable, Hashable {
        /// The whole band is usable.
        case full(FrequencyBand)
        /// Only part of it: the band that is left and a warning saying why.
        case clipped(FrequencyBand, warning: String)
        /// None of it (or too little to mean anything), with the reason.
        case unavailable(reason: String)

        /// The band to analyse, or `nil` when unavailable.
        public var band: FrequencyBand? {
            switch self {
            case .full(let band), .clipped(let band, _): return band
            case .unavailable: return nil
            }
        }
        /// The warning or reason, or `nil` for a full band.
        public var note: String? {
            switch self {
            case .full: return nil
            case .clipped(_, let warning): return warning
            case .unavailable(let reason): return reason
            }
        }
    }

    /// Limits `band` to the usable range.
    ///
    /// A band inside is ``Availability/full(_:)``; one that straddles an edge is clipped (the
    /// warning names the edge and why); one outside, or whose remaining part is narrower than
    /// ``minimumKeptFraction`` of it, is ``Availability/unavailable(reason:)``.
    public func availability(of band: FrequencyBand) -> Availability {
        let lowEdge = max(band.low, low)
        let highEdge = min(band.high, high)
        let text = "\(band.name) \(formatHertz(band.low))–\(formatHertz(band.high)) Hz"
        guard highEdge > lowEdge,
            highEdge - lowEdge >= Self.minimumKeptFraction * band.width
        else {
            let reason: String
            if band.high > high {
                reason = "\(text) lies above the usable passband, which ends at "
                    + "\(formatHertz(Self.rounded(high))) Hz (\(highReason))"
            } else {
                reason = "\(text) lies below the usable passband, which starts at "
                    + "\(formatHertz(Self.rounded(low))) Hz (\(lowReason ?? "high-pass"))"
            }
            return .unavailable(reason: reason)
        }
        if lowEdge == band.low && highEdge == band.high { return .full(band) }
        let clipped = FrequencyBand(
            uncheckedName: band.name, low: (lowEdge * 100).rounded(.up) / 100,
            high: Self.rounded(highEdge))
        var why: [String] = []
        if highEdge < band.high { why.append(highReason) }
        if lowEdge > band.low, let lowReason { why.append(lowReason) }
        let warning = "\(text) clipped to \(formatHertz(clipped.low))–"
            + "\(formatHertz(clipped.high)) Hz: \(why.joined(separator: "; "))"
        return .clipped(clipped, warning: warning)
    }

    /// Whether the whole of `band` is usable.
    public func holds(_ band: FrequencyBand) -> Bool {
        if case .full = availability(of: band) { return true }
        return false
    }

    /// An edge as reported: rounded down to 0.01 Hz.
    public static func rounded(_ value: Hertz) -> Hertz { (value * 100).rounded(.down) / 100 }
}
