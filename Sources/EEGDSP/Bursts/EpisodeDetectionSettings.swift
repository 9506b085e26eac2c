import EEGCore
import Foundation

/// Everything an ``EpisodeDetector`` needs besides the signal.
///
/// The defaults are NeuroDSP's for `detect_bursts_dual_threshold` where a counterpart exists
/// (dual threshold (1, 2) × median amplitude, 3 cycles); the rest are EEGScope's:
/// a 4th-order Butterworth band-pass applied forward and backward, gaps under one cycle
/// bridged, no line-noise notches.
///
/// ```swift
/// var settings = try EpisodeDetectionSettings(band: FrequencyBand(low: 2, high: 4))
/// settings.threshold = .aperiodicPower(percentile: 0.95)
/// ```
public struct EpisodeDetectionSettings: Sendable, Equatable, Hashable {
    /// The pass band in Hz (the rhythm's band). Its upper edge must lie below Nyquist.
    public var band: FrequencyBand
    /// The threshold rule (default: NeuroDSP's dual threshold (1, 2) × median amplitude).
    public var threshold: EpisodeThreshold
    /// The shortest episode, in cycles of the episode's own measured frequency (default 3).
    ///
    /// NeuroDSP counts cycles at the band's lower edge; BOSC at the analysed frequency. EEGScope
    /// uses each episode's frequency, so a 3-cycle rule means 1 s at 3 Hz and 50 ms at 60 Hz.
    public var minimumCycles: Double
    /// Gaps shorter than this many cycles at the band's centre frequency are bridged before
    /// the duration rule is applied (default 1; 0 turns merging off).
    public var mergeGapCycles: Double
    /// The Butterworth order of the band-pass (default 4, applied forward and backward, so the
    /// effective order is 8 and the edges are at −6 dB).
    public var filterOrder: Int
    /// Mains frequencies (Hz) whose harmonics up to the band's upper edge are notched out
    /// before band-passing, and around which episodes are rejected (default none).
    public var lineFrequencies: [Hertz]
    /// Episodes whose frequency lies within this distance of a notched harmonic are
    /// rejected, in Hz (default 2).
    public var lineExclusionHalfWidth: Hertz
    /// Episodes whose SNR is below this are dropped, in dB (default nil: keep all).
    public var minimumSNR: Decibels?
    /// Splits a wide band into overlapping sub-bands of this width in Hz (default nil: one
    /// band). Each sub-band is band-passed and thresholded against its own background and the
    /// largest normalized value wins, as BOSC thresholds each frequency separately: a narrow
    /// burst in a wide band (gamma) then stands out against a fraction of the band's noise.
    public var subbandWidth: Hertz?

    /// Creates settings for `band` with the defaults above.
    public init(
        band: FrequencyBand, threshold: EpisodeThreshold = .dualThreshold(),
        minimumCycles: Double = 3, mergeGapCycles: Double = 1, filterOrder: Int = 4,
        lineFrequencies: [Hertz] = [], lineExclusionHalfWidth: Hertz = 2,
        minimumSNR: Decibels? = nil, subbandWidth: Hertz? = nil
    ) {
        self.band = band
        self.threshold = threshold
        self.minimumCycles = minimumCycles
        self.mergeGapCycles = mergeGapCycles
        self.filterOrder = filterOrder
        self.lineFrequencies = lineFrequencies
        self.lineExclusionHalfWidth = lineExclusionHalfWidth
        self.minimumSNR = minimumSNR
        self.subbandWidth = subbandWidth
    }

    /// Checks the settings against a sample rate.
    ///
    /// - Parameter sampleRate: The rate in Hz of the signal to analyse.
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)`` when the band's upper edge
    ///   is at or above Nyquist; ``DSPError/invalidParameter(name:value:expected:)`` for a
    ///   band starting at 0 Hz, cycles ≤ 0, a negative gap, a bad order, bad thresholds or
    ///   line frequencies.
    public func validate(sampleRate: Hertz) throws {
        guard band.low > 0 else {
            throw DSPError.invalidParameter(
                name: "band", value: "\(formatHertz(band.low))–\(formatHertz(band.high)) Hz",
                expected: "a lower edge above 0 Hz (a band-pass needs two edges)")
        }
        try FilterBand.bandpass(low: band.low, high: band.high).validated(sampleRate: sampleRate)
        try threshold.validate()
        guard minimumCycles.isFinite, minimumCycles > 0 else {
            throw DSPError.invalidParameter(
                name: "minimum cycles", value: "\(minimumCycles)", expected: "> 0")
        }
        guard mergeGapCycles.isFinite, mergeGapCycles >= 0 else {
            throw DSPError.invalidParameter(
                name: "merge gap (cycles)", value: "\(mergeGapCycles)", expected: "≥ 0")
        }
        guard (1...SecondOrderSections.maximumButterworthOrder).contains(filterOrder) else {
            throw DSPError.invalidParameter(
                name: "filter order", value: "\(filterOrder)",
                expected: "1…\(SecondOrderSections.maximumButterworthOrder)")
        }
        for frequency in lineFrequencies where !(frequency.isFinite && frequency > 0) {
            throw DSPError.invalidParameter(
                name: "line frequency", value: "\(frequency) Hz", expected: "> 0 Hz")
        }
        guard lineExclusionHalfWidth.isFinite, lineExclusionHalfWidth >= 0 else {
            throw DSPError.invalidParameter(
                name: "line exclusion half-width", value: "\(lineExclusionHalfWidth) Hz",
                expected: "≥ 0 Hz")
        }
        if let width = subbandWidth, !(width.isFinite && width > 0) {
            throw DSPError.invalidParameter(
                name: "sub-band width", value: "\(width) Hz", expected: "> 0 Hz")
        }
        if let snr = minimumSNR, !snr.isFinite {
            throw DSPError.invalidParameter(
                name: "minimum SNR", value: "\(snr) dB", expected: "a finite value")
        }
    }

    /// The sub-bands searched: the band itself, or (with ``subbandWidth`` narrower than the
    /// band) sub-bands of that width whose centres step by at most half the width from edge
    /// to edge, so that every frequency lies within a quarter width of a sub-band centre.
    /// At most 255 sub-bands.
    public var subbands: [FrequencyBand] {
        guard let width = subbandWidth, width > 0, width < band.width else { return [band] }
        let count = min(255, Int(((band.width - width) / (width / 2)).rounded(.up)) + 1)
        let step = (band.width - width) / Double(max(count - 1, 1))
        return (0..<count).map { index in
            let low = band.low + Double(index) * step
            return FrequencyBand(uncheckedLow: low, high: min(low + width, band.high))
        }
    }

    /// The mains harmonics (Hz) the detector notches at `sampleRate`: every multiple of a line
    /// frequency up to the band's upper edge plus 10 Hz and below Nyquist, ascending.
    public func notchedHarmonics(sampleRate: Hertz) -> [Hertz] {
        var harmonics: Set<Hertz> = []
        for base in lineFrequencies where base > 0 {
            var harmonic = base
            while harmonic <= band.high + 10 && harmonic < sampleRate / 2 {
                harmonics.insert(harmonic)
                harmonic += base
            }
        }
        return harmonics.sorted()
    }
}

/// One detected episode on one channel.
public struct RhythmEpisode: Sendable, Equatable, Hashable {
    /// Where the episode is, in samples of the analysed signal.
    public let burst: Burst
    /// The episode's frequency in Hz, from the zero crossings of the band-passed signal inside
    /// the episode (the mean instantaneous frequency when it has fewer than 3 crossings).
    public let frequency: Hertz
    /// The largest value of the amplitude envelope inside the episode, in the signal's unit.
    public let peakAmplitude: Double
    /// The episode's oscillation power over the background power in its band, in dB:
    /// `10·log10((mean |z|² − 2σ²) / 2σ²)` (``signalToNoise(power:expected:)``), with σ² the
    /// background power in the band (from the aperiodic model, times the broadband level when
    /// measured, when given; else from the median envelope as a Rayleigh median).
    public let snrDecibels: Decibels

    public init(burst: Burst, frequency: Hertz, peakAmplitude: Double, snrDecibels: Decibels) {
        self.burst = burst
        self.frequency = frequency
        self.peakAmplitude = peakAmplitude
        self.snrDecibels = snrDecibels
    }

    /// The SNR in dB of an episode with mean envelope power `power` over a background whose
    /// expected envelope power is `expected` (both unit²): `10·log10((power − expected) /
    /// expected)`, the power the episode adds over the background's, floored at −30 dB.
    ///
    /// For a sine of power S in Gaussian noise of band power N, mean |z|² = 2(S + N) and
    /// 2σ² = 2N, so this estimates S/N without the +0.4 dB (10 dB) to +1.2 dB (5 dB) bias of
    /// the plain ratio (S + N)/N, and noise excursions, whose excess is small, are not given
    /// the 5–9 dB a plain ratio gives them. +∞ when `expected` is 0.
    public static func signalToNoise(power: Double, expected: Double) -> Decibels {
        guard expected > 0 else { return .infinity }
        return 10 * log10(max(power - expected, 1e-3 * expected) / expected)
    }

    /// Start in seconds from the start of the signal.
    public var onset: Seconds { burst.onset }
    /// Length in seconds.
    public var duration: Seconds { burst.duration }

    /// The episode as an event-table row (`onset duration channel rhythm frequency_hz amplitude
    /// snr_db`), with times shifted by `timeOffset` seconds.
    public func event(channel: String, rhythm: String, timeOffset: Seconds = 0) -> RhythmEvent {
        RhythmEvent(
            onset: onset + timeOffset, duration: duration, channel: channel, rhythm: rhythm,
            frequency: frequency, amplitude: peakAmplitude, snrDecibels: snrDecibels)
    }
}

extension FrequencyBand {
    /// A band from edges already known to be valid (0 ≤ low < high), named `LOW-HIGH`.
    init(uncheckedLow low: Hertz, high: Hertz) {
        // Valid edges cannot make the throwing initializer fail.
        self = (try? FrequencyBand(low: low, high: high)) ?? FrequencyBand.standard[0]
    }
}
