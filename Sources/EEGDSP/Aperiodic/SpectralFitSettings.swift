import EEGCore

/// The shape of the aperiodic (1/f-like) component of a spectral model.
///
/// In log10 power: `offset − log10(knee + f^exponent)`; ``fixed`` is the same with knee 0,
/// a straight line in log-log coordinates. Matches FOOOF's `aperiodic_mode`.
public enum AperiodicMode: String, Sendable, Equatable, Hashable, CaseIterable {
    /// `offset − log10(f^exponent)` (FOOOF `'fixed'`, the default).
    case fixed
    /// `offset − log10(knee + f^exponent)` with `knee ≥ 0` (FOOOF `'knee'`, bounded here).
    case knee
}

/// Exclusion of mains (line-noise) frequencies and their harmonics from a spectral fit.
///
/// Every bin within `halfWidth` of `k × frequency` (k = 1, 2, …) is left out of every step of
/// the fit and of r² and the error. A notch filter leaves a dip there, and mains leaves a
/// spike; either biases the aperiodic exponent when it is fitted (fooof issue #20). FOOOF has no
/// such option, so masking is off by default to keep results one-to-one comparable.
///
/// ```swift
/// var settings = SpectralFitSettings()
/// settings.lineNoiseMask = try LineNoiseMask(frequency: 50)
/// ```
public struct LineNoiseMask: Sendable, Equatable, Hashable {
    /// The mains frequency in Hz (50 or 60 in practice).
    public let frequency: Hertz
    /// Half the width of each excluded window in Hz. The default 3 Hz covers the leakage of a
    /// mains spike in a Hann-windowed 2 s Welch estimate (±1 Hz main lobe) and most of the dip a
    /// zero-phase `iirnotch` (Q = 30) leaves at 50 Hz (−0.06 log10 remains at ±3 Hz, −0.14 at
    /// ±2 Hz); widen it for broader notches.
    public let halfWidth: Hertz

    /// Creates a mask.
    /// - Parameters:
    ///   - frequency: mains frequency in Hz, > 0.
    ///   - halfWidth: half-width of each excluded window in Hz, > 0 and < frequency / 2.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for values out of range.
    public init(frequency: Hertz, halfWidth: Hertz = 3) throws {
        guard frequency.isFinite, frequency > 0 else {
            throw DSPError.invalidParameter(
                name: "line-noise frequency", value: "\(frequency) Hz", expected: "> 0 Hz")
        }
        guard halfWidth.isFinite, halfWidth > 0, halfWidth < frequency / 2 else {
            throw DSPError.invalidParameter(
                name: "line-noise half-width", value: "\(halfWidth) Hz",
                expected: "> 0 Hz and < \(formatHertz(frequency / 2)) Hz")
        }
        self.frequency = frequency
        self.halfWidth = halfWidth
    }

    /// Whether `frequency` falls inside one of the excluded windows (harmonics 1, 2, …).
    public func excludes(_ candidate: Hertz) -> Bool {
        let harmonic = (candidate / frequency).rounded()
        return harmonic >= 1 && abs(candidate - harmonic * frequency) <= halfWidth
    }
}

/// Settings of a spectral-model fit; the defaults are FOOOF 1.1's.
///
/// | setting | default | FOOOF name |
/// |---|---|---|
/// | ``peakWidthLimits`` | 0.5–12 Hz | `peak_width_limits` |
/// | ``maximumPeakCount`` | nil (unlimited) | `max_n_peaks = inf` |
/// | ``minimumPeakHeight`` | 0 (log10 power) | `min_peak_height` |
/// | ``peakThreshold`` | 2.0 (standard deviations) | `peak_threshold` |
/// | ``aperiodicMode`` | ``AperiodicMode/fixed`` | `aperiodic_mode` |
/// | ``lineNoiseMask`` | nil (off) | none (EEGScope extension) |
public struct SpectralFitSettings: Sendable, Equatable, Hashable {
    /// Allowed peak bandwidths in Hz (bandwidth = 2 × Gaussian standard deviation), low > 0.
    public var peakWidthLimits: ClosedRange<Hertz>
    /// The maximum number of peaks, or nil for no limit.
    public var maximumPeakCount: Int?
    /// Minimum peak height above the aperiodic fit, in log10 power (absolute threshold).
    public var minimumPeakHeight: Double
    /// Relative threshold: a candidate peak must exceed this many standard deviations of the
    /// flattened (aperiodic-removed) spectrum.
    public var peakThreshold: Double
    /// The aperiodic component's shape.
    public var aperiodicMode: AperiodicMode
    /// Mains frequencies to leave out of the fit, or nil (FOOOF behaviour).
    public var lineNoiseMask: LineNoiseMask?

    /// Creates settings; every default is FOOOF 1.1's (masking off).
    public init(
        peakWidthLimits: ClosedRange<Hertz> = 0.5...12, maximumPeakCount: Int? = nil,
        minimumPeakHeight: Double = 0, peakThreshold: Double = 2,
        aperiodicMode: AperiodicMode = .fixed, lineNoiseMask: LineNoiseMask? = nil
    ) {
        self.peakWidthLimits = peakWidthLimits
        self.maximumPeakCount = maximumPeakCount
        self.minimumPeakHeight = minimumPeakHeight
        self.peakThreshold = peakThreshold
        self.aperiodicMode = aperiodicMode
        self.lineNoiseMask = lineNoiseMask
    }

    /// Throws ``DSPError/invalidParameter(name:value:expected:)`` for a setting out of range.
    public func validate() throws {
        let widths = peakWidthLimits
        guard widths.lowerBound.isFinite, widths.upperBound.isFinite, widths.lowerBound > 0,
            widths.lowerBound < widths.upperBound
        else {
            throw DSPError.invalidParameter(
                name: "peak width limits",
                value: "\(widths.lowerBound)–\(widths.upperBound) Hz",
                expected: "0 < low < high, finite")
        }
        if let count = maximumPeakCount, count < 0 {
            throw DSPError.invalidParameter(
                name: "maximum peak count", value: "\(count)", expected: "≥ 0")
        }
        guard minimumPeakHeight.isFinite, minimumPeakHeight >= 0 else {
            throw DSPError.invalidParameter(
                name: "minimum peak height", value: "\(minimumPeakHeight)",
                expected: "≥ 0 (log10 power)")
        }
        guard peakThreshold.isFinite, peakThreshold >= 0 else {
            throw DSPError.invalidParameter(
                name: "peak threshold", value: "\(peakThreshold)",
                expected: "≥ 0 (standard deviations)")
        }
    }
}
