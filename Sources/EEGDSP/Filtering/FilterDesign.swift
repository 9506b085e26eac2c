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
    /// MNE's default FIR filter (`mne.filter.create_filter` with `fir_design='firwin'`,
    /// automatic transition bandwidths and length, Hamming window), applied as MNE's
    /// `filter_data` (zero phase, `reflect_limited` padding) or causally. See
    /// ``FIRFilter/mne(band:sampleRate:window:lowTransition:highTransition:length:)``.
    case fir(
        band: FilterBand, window: FIRWindow = .hamming,
        lowTransition: TransitionBandwidth = .automatic,
        highTransition: TransitionBandwidth = .automatic, length: FIRLength = .automatic,
        phase: FilterPhase = .zero)
    /// A windowed-sinc FIR filter of `tapCount` taps, `scipy.signal.firwin(tapCount, edges,
    /// window=)`; applied like ``fir(band:window:lowTransition:highTransition:length:phase:)``.
    case windowedSinc(
        tapCount: Int, band: FilterBand, window: FIRWindow = .hamming, phase: FilterPhase = .zero)

    /// MNE's FIR notch (`mne.filter.notch_filter(x, sfreq, frequency, method='fir')` with its
    /// defaults): a band-stop of width `frequency / 200` Hz plus 0.5 Hz transitions on each
    /// side, i.e. stop band edges at f ± (f/400 + 0.5) Hz with 0.5 Hz transition bands inside.
    ///
    /// - Parameters:
    ///   - frequency: The line frequency in Hz (e.g. 50 or 60).
    ///   - phase: Zero phase (default) or causal.
    public static func mneNotch(frequency: Hertz, phase: FilterPhase = .zero) -> FilterDesign {
        let halfWidth = frequency / 200 / 2 + 0.5
        return .fir(
            band: .bandstop(low: frequency - halfWidth, high: frequency + halfWidth),
            lowTransition: .width(0.5), highTransition: .width(0.5), phase: phase)
    }

    /// The phase behaviour of this design.
    public var phase: FilterPhase {
        switch self {
        case .butterworth(_, _, let phase), .lineNoise(_, _, _, let phase),
            .fir(_, _, _, _, _, let phase), .windowedSinc(_, _, _, let phase):
            return phase
        }
    }

    /// Whether this design is a finite impulse response filter.
    public var isFIR: Bool {
        switch self {
        case .fir, .windowedSinc: return true
        case .butterworth, .lineNoise: return false
        }
    }

    /// The FIR filter of this design at `sampleRate`, or `nil` for IIR designs.
    ///
    /// - Parameter sampleRate: The rate in Hz the filter will run at.
    /// - Throws: The design's ``DSPError`` (edge at or above Nyquist, bad length, …).
    public func firFilter(sampleRate: Hertz) throws -> FIRFilter? {
        switch self {
        case let .fir(band, window, lowTransition, highTransition, length, _):
            return try .mne(
                band: band, sampleRate: sampleRate, window: window, lowTransition: lowTransition,
                highTransition: highTransition, length: length)
        case let .windowedSinc(tapCount, band, window, _):
            return try .windowedSinc(
                tapCount: tapCount, band: band, sampleRate: sampleRate, window: window)
        case .butterworth, .lineNoise:
            return nil
        }
    }

    /// The IIR sections of this design at `sampleRate`, or `nil` for FIR designs.
    ///
    /// - Parameter sampleRate: The rate in Hz the filter will run at.
    /// - Throws: The design's ``DSPError`` (bad order, edge at or above Nyquist, …).
    public func secondOrderSections(sampleRate: Hertz) throws -> SecondOrderSections? {
        switch self {
        case .fir, .windowedSinc:
            return nil
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
        if let filter = try firFilter(sampleRate: sampleRate) {
            switch phase {
            case .zero: return try filter.zeroPhaseFiltered(samples)
            case .causal: return try filter.causallyFiltered(samples)
            }
        }
        guard let sections = try secondOrderSections(sampleRate: sampleRate) else {
            preconditionFailure("every design is FIR or IIR")
        }
        switch phase {
        case .zero: return try sections.zeroPhaseFiltered(samples)
        case .causal: return try sections.causallyFiltered(samples)
        }
    }
}
