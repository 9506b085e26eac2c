import EEGCore

/// Which threshold family a preset uses.
public enum DetectionMethod: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Thresholds relative to the median envelope (NeuroDSP's dual threshold).
    case dual
    /// Thresholds relative to the fitted aperiodic background (BOSC).
    case bosc
}

/// Ready-made detection settings for the rhythms EEGScope looks for.
///
/// | rhythm | band | sub-bands | line noise | minimum length |
/// |---|---|---|---|---|
/// | `delta3` | 2–4 Hz | one | not notched | 3 cycles |
/// | `gamma` | 30–80 Hz (clipped to the usable passband) | 10 Hz, half overlapping | notched, ±2 Hz dropped | 3 cycles |
/// | `LOW-HIGH` | as given | one | not notched | 3 cycles |
///
/// Default thresholds (``defaultThreshold(for:method:)``): `bosc` percentiles of the
/// background envelope power, 99.99 % extended down to 90 % for one band, 99.99999 % extended
/// to 95 % when the band is searched in sub-bands (gamma: the maximum over 9 sub-bands needs a
/// stricter per-band level for the same false-alarm rate); `dual` the same levels expressed as
/// multiples of the median amplitude (a Gaussian background's envelope is Rayleigh, so power
/// quantile x ↔ amplitude multiple √(x / ln 2)): (1.8, 3.6) and (2.1, 4.8). All are stricter
/// than the published defaults (BOSC 95th percentile; NeuroDSP (1, 2)), which on a 1/f
/// background report several episodes per minute of pure noise. The levels are chosen so that
/// a 22-channel recording of pure 1/f noise gives well under one episode per 5 minutes in all
/// (not only per channel), at the price of sensitivity below about 5 dB SNR (see
/// docs/detection.md for the measurements).
///
/// ```swift
/// let preset = try RhythmPreset(rhythm: .gamma, sampleRate: 160, method: .bosc,
///                               lineFrequency: 60)
/// print(preset.warnings)  // gamma 30–80 Hz clipped to 30–76 Hz: Nyquist frequency 80 Hz
/// ```
public struct RhythmPreset: Sendable, Equatable {
    /// The rhythm.
    public let rhythm: Rhythm
    /// The detection settings at the given rate.
    public let settings: EpisodeDetectionSettings
    /// Notes for the user (e.g. a band clipped below Nyquist).
    public let warnings: [String]

    /// The default thresholds of `method` for `rhythm` (see the type's discussion).
    public static func defaultThreshold(for rhythm: Rhythm, method: DetectionMethod)
        -> EpisodeThreshold
    {
        let subbands = rhythm == .gamma
        switch (method, subbands) {
        case (.bosc, false): return .aperiodicPower(percentile: 0.9999, lowPercentile: 0.9)
        case (.bosc, true): return .aperiodicPower(percentile: 0.9999999, lowPercentile: 0.95)
        case (.dual, false): return .dualThreshold(low: 1.8, high: 3.6)
        case (.dual, true): return .dualThreshold(low: 2.1, high: 4.8)
        }
    }
    /// Sub-band width for gamma, in Hz.
    public static let gammaSubbandWidth: Hertz = 10
    /// How far below Nyquist a clipped band stops: 5 % of Nyquist, at least 2 Hz
    /// (``EEGCore/UsablePassband/nyquistMargin(sampleRate:)``).
    public static func nyquistMargin(sampleRate: Hertz) -> Hertz {
        UsablePassband.nyquistMargin(sampleRate: sampleRate)
    }

    /// Builds the settings for `rhythm` at `sampleRate`.
    ///
    /// The rhythm's band is limited to the channel's usable passband
    /// (``EEGCore/UsablePassband/availability(of:)``: declared and detected filters and the
    /// Nyquist frequency, with their transition margins): a band that straddles an edge is
    /// clipped with a warning, one outside it throws.
    ///
    /// - Parameters:
    ///   - rhythm: `delta3`, `gamma` or a band.
    ///   - sampleRate: The rate in Hz of the channel to analyse.
    ///   - method: The threshold family (default BOSC).
    ///   - threshold: Overrides the method's default thresholds (must match `method`'s family
    ///     or it replaces it).
    ///   - lineFrequency: The mains frequency in Hz if known (from ``LineNoiseDetector``);
    ///     gamma notches it and its harmonics. Other rhythms ignore it unless their band
    ///     contains a harmonic, in which case they notch it too.
    ///   - minimumCycles: Overrides the minimum length in cycles (default 3).
    ///   - passband: The channel's usable passband (default: limited by Nyquist only).
    /// - Throws: ``DSPError/bandUnavailable(reason:)`` when the band lies outside the usable
    ///   passband (or too little of it is left); ``DSPError/invalidParameter(name:value:expected:)``
    ///   for bad overrides.
    public init(
        rhythm: Rhythm, sampleRate: Hertz, method: DetectionMethod = .bosc,
        threshold: EpisodeThreshold? = nil, lineFrequency: Hertz? = nil,
        minimumCycles: Double = 3, passband: UsablePassband? = nil
    ) throws {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        let nyquist = sampleRate / 2
        let usable = passband ?? UsablePassband(sampleRate: sampleRate)
        var warnings: [String] = []
        let band: FrequencyBand
        switch usable.availability(of: rhythm.band) {
        case .full(let full): band = full
        case .clipped(let clipped, let warning):
            band = clipped
            warnings.append(warning)
        case .unavailable(let reason):
            throw DSPError.bandUnavailable(reason: reason)
        }
        var subbandWidth: Hertz? = nil
        var lines: [Hertz] = []
        switch rhythm {
        case .gamma:
            subbandWidth = Self.gammaSubbandWidth
            if let lineFrequency { lines = [lineFrequency] }
        case .delta3, .band:
            if let lineFrequency, lineFrequency > 0 {
                let first = (band.low / lineFrequency).rounded(.up) * lineFrequency
                if first <= band.high + 10, first < nyquist { lines = [lineFrequency] }
            }
        }
        let chosen = threshold ?? Self.defaultThreshold(for: rhythm, method: method)
        let settings = EpisodeDetectionSettings(
            band: band, threshold: chosen, minimumCycles: minimumCycles,
            lineFrequencies: lines, subbandWidth: subbandWidth)
        try settings.validate(sampleRate: sampleRate)
        self.rhythm = rhythm
        self.settings = settings
        self.warnings = warnings
    }
}
