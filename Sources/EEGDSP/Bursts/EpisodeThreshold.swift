import EEGCore
import Foundation

/// How the amplitude envelope is averaged when a threshold is relative to the envelope itself.
///
/// Matches NeuroDSP's `avg_type` of `detect_bursts_dual_threshold`.
public enum EnvelopeAverage: String, Sendable, Equatable, Hashable, CaseIterable {
    /// The median over the whole signal (NeuroDSP's default; robust to the bursts themselves).
    case median
    /// The arithmetic mean over the whole signal.
    case mean
}

/// Which magnitude of the analytic signal a relative threshold applies to.
///
/// Matches NeuroDSP's `magnitude_type`.
public enum EnvelopeMagnitude: String, Sendable, Equatable, Hashable, CaseIterable {
    /// The amplitude envelope `|z|` (NeuroDSP's default).
    case amplitude
    /// The power envelope `|z|²`.
    case power
}

/// The rule that decides when the band-passed amplitude envelope is "in an episode".
///
/// Both rules find runs in which a normalized magnitude stays at or above a `low` threshold and
/// reaches a `high` threshold at least once (the dual-threshold rule of Feingold et al. 2015);
/// they differ in what the magnitude is normalized by.
///
/// ```swift
/// let neurodsp = EpisodeThreshold.dualThreshold()          // (1, 2) × median amplitude
/// let bosc = EpisodeThreshold.aperiodicPower(percentile: 0.95)
/// ```
public enum EpisodeThreshold: Sendable, Equatable, Hashable {
    /// Thresholds relative to the average envelope of the signal itself, as NeuroDSP's
    /// `detect_bursts_dual_threshold(dual_thresh=(low, high), avg_type=, magnitude_type=)`.
    ///
    /// Defaults are NeuroDSP's documented ones: `(1, 2)` × the median amplitude.
    ///
    /// Reference: Feingold J., Gibson D. J., DePasquale B., Graybiel A. M. (2015), "Bursts of
    /// beta oscillation differentiate postperformance activity in the striatum and motor cortex
    /// of monkeys performing movement tasks", PNAS 112(44):13687–13692,
    /// doi:10.1073/pnas.1517629112.
    case dualThreshold(
        low: Double = 1, high: Double = 2, average: EnvelopeAverage = .median,
        magnitude: EnvelopeMagnitude = .amplitude)

    /// BOSC-style thresholds relative to the power the fitted aperiodic (1/f) background is
    /// expected to give in the band.
    ///
    /// The expected background power of the band-passed signal, σ², is the aperiodic model's
    /// PSD integrated through the filter's power response. For a Gaussian background the
    /// envelope power `|z|²` is then χ²(2)·σ²: exponential with mean 2σ². A sample is above the
    /// `percentile` threshold when `|z|² ≥ 2σ² · F⁻¹(percentile)`, with `F⁻¹(p) = −ln(1 − p)`
    /// the χ²(2)/2 quantile (2.996 for the 95th percentile), exactly BOSC's
    /// `chi2inv(p, 2)/2 × background`. `lowPercentile` (≤ `percentile`) extends each episode
    /// outwards while the power stays above its quantile; equal to `percentile` it is BOSC's
    /// single threshold.
    ///
    /// Reference: Caplan J. B. et al. (2001), J. Neurosci. 21:4095–4107; Whitten T. A.,
    /// Hughes A. M., Dickson C. T., Caplan J. B. (2011), "A better oscillation detection method
    /// robustly extracts EEG rhythms across brain state changes: the human alpha rhythm as a
    /// test case", NeuroImage 54(2):860–874, doi:10.1016/j.neuroimage.2010.08.071.
    case aperiodicPower(percentile: Double = 0.95, lowPercentile: Double? = nil)

    /// A short name: `dual` or `bosc`.
    public var name: String {
        switch self {
        case .dualThreshold: return "dual"
        case .aperiodicPower: return "bosc"
        }
    }

    /// The (low, high) thresholds on the normalized magnitude the run search uses.
    ///
    /// For ``dualThreshold(low:high:average:magnitude:)`` they are the given multiples; for
    /// ``aperiodicPower(percentile:lowPercentile:)`` the χ²(2)/2 quantiles `−ln(1 − p)` of the
    /// envelope power divided by its expected background value.
    public var normalizedThresholds: (low: Double, high: Double) {
        switch self {
        case .dualThreshold(let low, let high, _, _):
            return (low, high)
        case .aperiodicPower(let percentile, let lowPercentile):
            return (
                Self.exponentialQuantile(lowPercentile ?? percentile),
                Self.exponentialQuantile(percentile)
            )
        }
    }

    /// Throws ``DSPError/invalidParameter(name:value:expected:)`` for thresholds out of range:
    /// dual thresholds must be finite with 0 < low ≤ high; percentiles in (0, 1) with
    /// lowPercentile ≤ percentile.
    public func validate() throws {
        switch self {
        case .dualThreshold(let low, let high, _, _):
            guard low.isFinite, high.isFinite, low > 0, low <= high else {
                throw DSPError.invalidParameter(
                    name: "dual threshold", value: "(\(low), \(high))",
                    expected: "finite values with 0 < low ≤ high")
            }
        case .aperiodicPower(let percentile, let lowPercentile):
            guard percentile.isFinite, percentile > 0, percentile < 1 else {
                throw DSPError.invalidParameter(
                    name: "power percentile", value: "\(percentile)",
                    expected: "a fraction in (0, 1), e.g. 0.95")
            }
            if let low = lowPercentile {
                guard low.isFinite, low > 0, low <= percentile else {
                    throw DSPError.invalidParameter(
                        name: "low power percentile", value: "\(low)",
                        expected: "a fraction in (0, \(percentile)]")
                }
            }
        }
    }

    /// The p-quantile of χ²(2)/2 (the unit exponential): `−ln(1 − p)`.
    static func exponentialQuantile(_ probability: Double) -> Double {
        -log1p(-probability)
    }
}
