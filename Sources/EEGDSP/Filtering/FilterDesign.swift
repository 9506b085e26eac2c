import EEGCore

/// How a filter is applied in time.
public enum FilterPhase: Sendable, Equatable, Hashable {
    /// Zero phase shift: IIR filters run forward and backward (`scipy.signal.sosfiltfilt`,
    /// squaring the magnitude response); linear-phase FIR filters are centred (MNE's
    /// `phase='zero'`). Non-causal: output at time t depends on later samples.
    case zero
    /// Causal, single pass (`scipy.signal.sosfilt`, or an FIR convolution delayed by
    /// (taps − 1)/2 samples). Use for real-time-like analyses where the future must not leak.
    case causal
}

/// A filter specification that can be applied to signals of any sample rate.
///
/// The concrete coefficients are designed for each signal's rate when the filter is applied
/// (``Signal/filtered(by:)``), so one design serves channels with different rates.
///
/// ```swift
/// let delta3 = try signal.filtered(by: .butterworth(order: 4, band: .bandpass(low: 2, high: 4)))
/// let clean = try signal.filtered(by: .lineNoise(frequency: 50, harmonicCount: 3))
/// ```
public enum FilterDesign: Sendable, Equatable, Hashable {
    /// A Butterworth IIR filter of `order` in second-order sections
    /// (`scipy.signal.butter(order, edges, btype, fs=, output='sos')`), applied with
    /// `sosfiltfilt` (zero phase, effective order 2·`order`) or `sosfilt` (causal).
    case butterworth(order: Int = 4, band: FilterBand, phase: FilterPhase = .zero)
    /// IIR notches at `frequency` and its harmonics (`scipy.signal.iirnotch` per harmonic,
    /// cascaded), for mains interference at 50 or 60 Hz. `harmonicCount` counts the base
    /// frequency; harmonics at or above Nyquist are skipped. `qualityFactor` Q sets each
    /// notch's −3 dB width to frequency / Q.
    case lineNoise(
        frequency: Hertz, harmonicCount: Int = 1, qualityFactor: Double = 30,
        phase: FilterPhase = .zero)

    /// The phase behaviour of this design.
    public var phase: FilterPhase {
        switch self {
        case .butterworth(_, _, let phase), .lineNoise(_, _, _, let phase): return phase
        }
    }

    /// The IIR sections of this design at `sampleRate`.
    ///
    /// - Parameter sampleRate: The rate in Hz the filter will run at.
    /// - Throws: The design's ``DSPError`` (bad order, edge at or above Nyquist, …).
    public func secondOrderSections(sampleRate: Hertz) throws -> SecondOrderSections {
        switch self {
        case .butterworth(let order, let band, _):
            return try .butterworth(order: order, band: band, sampleRate: sampleRate)
        case .lineNoise(let frequency, let harmonicCount, let qualityFactor, _):
            return try .notches(
                frequency: frequency, harmonicCount: harmonicCount,
                qualityFactor: qualityFactor, sampleRate: sampleRate)
        }
    }

    /// Filters `samples` taken at `sampleRate` Hz with this design.
    ///
    /// - Returns: The filtered samples, same count as the input, in the input's unit.
    /// - Throws: The design's ``DSPError``;
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)``
    ///   when zero-phase IIR filtering needs more samples than given (SciPy's padding rule).
    public func apply(to samples: [Double], sampleRate: Hertz) throws -> [Double] {
        let sections = try secondOrderSections(sampleRate: sampleRate)
        switch phase {
        case .zero: return try sections.zeroPhaseFiltered(samples)
        case .causal: return try sections.causallyFiltered(samples)
        }
    }
}
