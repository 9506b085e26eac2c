import EEGCore
import Foundation

/// The outcome of episode detection on one signal.
public struct EpisodeDetection: Sendable, Equatable {
    /// The episodes, in time order.
    public internal(set) var episodes: [RhythmEpisode]
    /// The analysed band in Hz.
    public let band: FrequencyBand
    /// The sub-bands searched (the band itself unless
    /// ``EpisodeDetectionSettings/subbandWidth`` splits it).
    public let subbands: [FrequencyBand]
    /// Where the background power came from: `aperiodic` (the fitted 1/f model) or `median`
    /// (the median envelope, as a Rayleigh median).
    public let backgroundSource: String
    /// The mains harmonics notched before band-passing, in Hz.
    public let notchedFrequencies: [Hertz]
    /// The number of samples analysed.
    public let sampleCount: Int
    /// The fraction of time in which the sub-bands' common (broadband) power level stood at
    /// least ``BroadbandLevel/raisedFactor`` above the aperiodic background, or nil when it was
    /// not measured (one band, or the dual threshold). See ``BroadbandLevel``.
    public internal(set) var broadbandRiseFraction: Double? = nil
    /// The sample rate in Hz.
    public let sampleRate: Hertz
    /// Per-sample envelope power and expected background, for the multichannel assignment of
    /// ``SpatialExtent``.
    public let evidence: EpisodeEvidence

    /// The fraction of samples inside an episode, in [0, 1].
    public var fractionInEpisodes: Double {
        guard sampleCount > 0 else { return 0 }
        return Double(episodes.reduce(0) { $0 + $1.burst.range.count }) / Double(sampleCount)
    }
}

/// Per-sample envelope power of the winning sub-band and the background it is judged by.
public struct EpisodeEvidence: Sendable, Equatable {
    /// `|z|²` of the sub-band whose normalized magnitude was largest at each sample, in unit².
    public let envelopePower: [Double]
    /// The index of that sub-band at each sample.
    public let subbandIndex: [UInt8]
    /// The expected background envelope power 2σ² of each sub-band, in unit².
    public let expectedPower: [Double]

    /// The expected background envelope power at `sample`, in unit².
    public func expected(at sample: Int) -> Double { expectedPower[Int(subbandIndex[sample])] }
}

/// One sub-band's band-passed signal, envelope and expected background power σ² (unit²).
struct SubbandAnalysis {
    let filtered: [Double]
    let envelope: [Double]
    /// The median envelope amplitude when it was needed for the background (no aperiodic
    /// model); otherwise `nil`, computed only if the dual threshold asks for it.
    let knownMedianAmplitude: Double?
    let backgroundPower: Double

    /// The median envelope amplitude, in the input's unit.
    var medianAmplitude: Double { knownMedianAmplitude ?? EpisodeDetector.median(envelope) }

    /// The mean normalized magnitude over consecutive blocks of `blockCount` samples (the
    /// last block may be shorter).
    func blockMeans(threshold: EpisodeThreshold, blockCount: Int) -> [Double] {
        var means = [Double](repeating: 0, count: (envelope.count + blockCount - 1) / blockCount)
        withNormalized(threshold: threshold) { position, value, _ in
            means[position / blockCount] += value
        }
        for block in means.indices {
            let length = min(blockCount, envelope.count - block * blockCount)
            means[block] /= Double(max(length, 1))
        }
        return means
    }

    /// Calls `body(index, value, amplitude)` with the magnitude normalized as `threshold`
    /// prescribes and the envelope amplitude.
    func withNormalized(threshold: EpisodeThreshold, _ body: (Int, Double, Double) -> Void) {
        switch threshold {
        case .dualThreshold(_, _, let average, let magnitudeType):
            let squared = magnitudeType == .power
            let reference: Double
            switch average {
            case .median:
                let median = medianAmplitude
                reference = squared ? median * median : median
            case .mean:
                let total = envelope.reduce(0) { $0 + (squared ? $1 * $1 : $1) }
                reference = total / Double(max(envelope.count, 1))
            }
            let scale = reference > 0 ? 1 / reference : 0
            for (index, value) in envelope.enumerated() {
                body(index, (squared ? value * value : value) * scale, value)
            }
        case .aperiodicPower:
            let expected = 2 * backgroundPower
            let scale = expected > 0 ? 1 / expected : 0
            for (index, value) in envelope.enumerated() {
                body(index, value * value * scale, value)
            }
        }
    }
}

/// Finds episodes of a rhythm in one channel: band-pass, Hilbert envelope, threshold runs,
/// gap merging, a minimum duration in cycles, and per-episode frequency, amplitude and SNR.
///
/// Steps:
/// 1. Mains harmonics (``EpisodeDetectionSettings/lineFrequencies``) up to the band's edge are
///    notched (`scipy.signal.iirnotch`, Q = 10, forward-backward).
/// 2. A Butterworth band-pass of order ``EpisodeDetectionSettings/filterOrder`` is applied
///    forward and backward (`scipy.signal.sosfiltfilt`). IIR rather than FIR because a
///    zero-phase Butterworth keeps episode timing unshifted, has a short impulse response
///    at low frequencies (an FIR passing 2–4 Hz with a sharp edge needs seconds of taps),
///    and its power response is known in closed form, which the background integral needs.
/// 3. The amplitude envelope is `|hilbert(x)|` (`scipy.signal.hilbert`).
/// 4. The envelope is normalized (by its median or mean for the dual threshold; by the
///    expected background envelope power 2σ² for the BOSC rule) and runs are found with
///    ``ThresholdRuns/dualThresholdRuns(_:low:high:)``.
/// 5. The first and last cycle of the band's lower edge (0.5 s after mains notches) are
///    blanked: filter transients there are not episodes.
/// 6. Runs closer than ``EpisodeDetectionSettings/mergeGapCycles`` are joined; runs shorter
///    than ``EpisodeDetectionSettings/minimumCycles`` of their own frequency, runs near a
///    notched harmonic and runs below ``EpisodeDetectionSettings/minimumSNR`` are dropped.
///
/// ```swift
/// let settings = try EpisodeDetectionSettings(band: FrequencyBand(low: 2, high: 4))
/// let detection = try EpisodeDetector(settings: settings).detect(in: signal)
/// print(detection.episodes.count, detection.fractionInEpisodes)
/// ```
///
/// With ``EpisodeThreshold/dualThreshold(low:high:average:magnitude:)``, the runs match NeuroDSP
/// 2.3's `detect_bursts_dual_threshold` on the same envelope; the filter differs (NeuroDSP uses
/// a 3-cycle FIR) and so does the duration rule (see ``EpisodeDetectionSettings/minimumCycles``).
public struct EpisodeDetector: Sendable, Equatable {
    /// The settings.
    public let settings: EpisodeDetectionSettings

    /// The quality factor of the mains notches: −3 dB width = frequency / 10 (5 Hz at 50 Hz),
    /// wide enough to remove mains that drifts by a few tenths of a hertz.
    public static let notchQualityFactor = 10.0

    /// Creates a detector.
    public init(settings: EpisodeDetectionSettings) {
        self.settings = settings
    }

    /// The frequency range over which the aperiodic background of a band is fitted: from
    /// max(1 Hz, low/2) to min(max(2.5·high, 20 Hz), 0.8·Nyquist), in Hz.
    ///
    /// Wide enough for the 1/f line to be well determined around the band, narrow enough to
    /// stay clear of the anti-aliasing roll-off near Nyquist.
    public static func backgroundFitRange(band: FrequencyBand, sampleRate: Hertz)
        -> ClosedRange<Hertz>
    {
        let low = max(1, band.low / 2)
        let high = min(max(2.5 * band.high, 20), 0.8 * sampleRate / 2)
        return low...max(high, low + 1)
    }

    /// The most peaks a background fit models (6): enough for a rhythm, its harmonics and
    /// alpha/beta, and it bounds the cost of the joint refit.
    public static let backgroundPeakLimit = 6

    /// Fits the aperiodic background used by the BOSC rule when none is supplied: Welch (2 s
    /// Hann segments, 50 % overlap) and ``backgroundModel(of:)-(Spectrum)``.
    ///
    /// - Throws: the errors of ``EEGCore/Signal/powerSpectrum(method:)`` and
    ///   ``SpectralModelFitter/fit(_:in:)``.
    public func backgroundModel(of signal: Signal) throws -> SpectralModel {
        let segment = min(2, signal.duration)
        let spectrum = try signal.powerSpectrum(method: .welch(segmentDuration: segment))
        return try backgroundModel(of: spectrum, sampleRate: signal.sampleRate)
    }

    /// Fits the aperiodic background of a PSD, choosing FOOOF's fixed or knee mode from the
    /// data: at most ``backgroundPeakLimit`` peaks, over
    /// ``backgroundFitRange(band:sampleRate:)``, with the first line frequency (and its
    /// harmonics) masked ±2.5 Hz. If the joint peak refit fails, the aperiodic component is
    /// fitted alone.
    ///
    /// Mode choice (``kneeChoice(fixed:knee:)``): both modes are fitted; the knee model is used
    /// when its knee frequency lies inside the fit range and its mean absolute error is at
    /// most ``kneeErrorRatio`` of the fixed model's. A straight line through a bent spectrum
    /// (a knee near 10 Hz, or EEG bent by a 0.5 Hz high-pass) underestimates 2–4 Hz power by
    /// 0.7–1.8 dB, which became false 3 Hz episodes and "present" peaks.
    ///
    /// - Parameters:
    ///   - spectrum: A one-sided PSD in unit²/Hz.
    ///   - sampleRate: The rate in Hz of the signal it came from.
    /// - Throws: the errors of ``SpectralModelFitter/fit(_:in:)`` for the fixed-mode fit.
    public func backgroundModel(of spectrum: Spectrum, sampleRate: Hertz) throws -> SpectralModel
    {
        var range = Self.backgroundFitRange(band: settings.band, sampleRate: sampleRate)
        if let highest = spectrum.frequencies.last, highest < range.upperBound {
            range = range.lowerBound...max(highest, range.lowerBound + 1)
        }
        var fitSettings = SpectralFitSettings()
        if let line = settings.lineFrequencies.first {
            fitSettings.lineNoiseMask = try LineNoiseMask(frequency: line, halfWidth: 2.5)
        }
        fitSettings.maximumPeakCount = Self.backgroundPeakLimit
        let fixed = try Self.robustFit(spectrum, in: range, settings: fitSettings)
        fitSettings.aperiodicMode = .knee
        guard let knee = try? Self.robustFit(spectrum, in: range, settings: fitSettings) else {
            return fixed
        }
        return Self.kneeChoice(fixed: fixed, knee: knee)
    }

    /// The knee model must fit at least this much better (mean absolute error ratio, 0.8) to
    /// replace the fixed one: a knee fitted to a straight spectrum lowers the error by a few
    /// per cent only (one extra parameter), a real bend by far more.
    public static let kneeErrorRatio = 0.8

    /// The chosen background of two fits of one spectrum: `knee` when its knee frequency lies
    /// inside its fit range and its mean absolute error is at most ``kneeErrorRatio`` of
    /// `fixed`'s, else `fixed`.
    public static func kneeChoice(fixed: SpectralModel, knee: SpectralModel) -> SpectralModel {
        guard let frequency = knee.aperiodic.kneeFrequency,
            knee.frequencyRange.contains(frequency),
            knee.meanAbsoluteError.isFinite,
            knee.meanAbsoluteError <= kneeErrorRatio * fixed.meanAbsoluteError
        else { return fixed }
        return knee
    }

    /// A fit with peaks, or of the aperiodic component alone when the peak refit fails.
    private static func robustFit(
        _ spectrum: Spectrum, in range: ClosedRange<Hertz>, settings: SpectralFitSettings
    ) throws -> SpectralModel {
        do {
            return try SpectralModelFitter(settings: settings).fit(spectrum, in: range)
        } catch DSPError.didNotConverge, DSPError.fitFailed {
            // A peak refit that fails says nothing about the background: fit the aperiodic
            // component alone (FOOOF's robust fit) rather than give up on the channel.
            var alone = settings
            alone.maximumPeakCount = 0
            return try SpectralModelFitter(settings: alone).fit(spectrum, in: range)
        }
    }

    /// Detects episodes in `signal`.
    ///
    /// - Parameters:
    ///   - signal: One channel; its samples must be finite.
    ///   - background: The fitted aperiodic component of the channel's PSD (unit²/Hz). Needed
    ///     by the BOSC rule (fitted with ``backgroundModel(of:)`` when nil) and used for the
    ///     SNR when given.
    /// - Returns: The episodes and the quantities they were judged by.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` and
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)`` for bad settings;
    ///   ``DSPError/nonFiniteInput(label:index:)``;
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` when the signal is
    ///   shorter than the filter's padding or than two cycles of the band's lower edge; the
    ///   errors of the background fit.
    /// - Complexity: O(n log n) for n samples.
    public func detect(in signal: Signal, background: SpectralModel.Aperiodic? = nil) throws
        -> EpisodeDetection
    {
        try detect(in: signal, background: background, cache: BackgroundPowerCache())
    }

    /// ``detect(in:background:)`` with the sub-bands' aperiodic background powers kept in
    /// `cache`, so that the gap-free stretches of one channel (same rate, filters and
    /// background) integrate them once (see ``detect(in:stretches:background:)``).
    func detect(
        in signal: Signal, background: SpectralModel.Aperiodic?, cache: BackgroundPowerCache
    ) throws -> EpisodeDetection {
        let sampleRate = signal.sampleRate
        try settings.validate(sampleRate: sampleRate)
        if let index = signal.firstNonFiniteIndex {
            throw DSPError.nonFiniteInput(label: signal.label, index: index)
        }
        let band = settings.band
        let subbands = settings.subbands
        let filters = try subbands.map {
            try SecondOrderSections.butterworth(
                order: settings.filterOrder, band: .bandpass(low: $0.low, high: $0.high),
                sampleRate: sampleRate)
        }
        let padding = filters.map(\.defaultPadCount).max() ?? 0
        let required = max(padding + 1, Int((2 * sampleRate / band.low).rounded(.up)))
        guard signal.count >= required else {
            throw DSPError.signalTooShort(
                label: signal.label, sampleCount: signal.count, required: required,
                purpose: "episode detection in \(formatHertz(band.low))–"
                    + "\(formatHertz(band.high)) Hz")
        }

        // 1: mains notches, applied with the band-passes by the filter bank.
        let harmonics = settings.notchedHarmonics(sampleRate: sampleRate)
        let samples = signal.samples
        let notches = try harmonics.map {
            try SecondOrderSections.notch(
                frequency: $0, qualityFactor: Self.notchQualityFactor, sampleRate: sampleRate)
        }
        let bank = try SubbandFilterBank(
            filters: filters, notches: notches, sampleRate: sampleRate,
            sampleCount: samples.count)
        let spectra = try bank.spectra(of: samples)
        var aperiodic = background
        if aperiodic == nil, case .aperiodicPower = settings.threshold {
            aperiodic = try backgroundModel(of: signal).aperiodic
        }

        // 2–4: per sub-band envelope, normalized; the largest normalized value wins.
        let keepAnalyses = samples.count * subbands.count <= Self.cachedSampleLimit
        var analyses: [Int: SubbandAnalysis] = [:]
        var combined = [Double](repeating: 0, count: samples.count)
        var winner = [UInt8](repeating: 0, count: samples.count)
        var winnerPower = [Double](repeating: 0, count: samples.count)
        var expectedPowers: [Double] = []
        // 4a: a broadband level per block (BOSC with several sub-bands only): the median over
        // sub-bands of each block's mean normalized power, smoothed over time.
        let blockCount = max(1, Int((BroadbandLevel.blockDuration * sampleRate).rounded()))
        var level: BroadbandLevel? = nil
        if case .aperiodicPower = settings.threshold,
            subbands.count >= BroadbandLevel.minimumSubbandCount
        {
            var means: [[Double]] = []
            for (index, filter) in filters.enumerated() {
                let analysis = try analyse(
                    spectra, bank: bank, filter: filter, subband: subbands[index],
                    notches: notches, aperiodic: aperiodic, cache: cache, key: index)
                means.append(analysis.blockMeans(threshold: settings.threshold, blockCount: blockCount))
                if keepAnalyses { analyses[index] = analysis }
            }
            level = BroadbandLevel(
                subbandBlockMeans: means, blockCount: blockCount, sampleRate: sampleRate)
        }
        for (index, filter) in filters.enumerated() {
            let analysis: SubbandAnalysis
            if let cached = analyses[index] {
                analysis = cached
            } else {
                analysis = try analyse(
                    spectra, bank: bank, filter: filter, subband: subbands[index],
                    notches: notches, aperiodic: aperiodic, cache: cache, key: index)
            }
            expectedPowers.append(2 * analysis.backgroundPower)
            analysis.withNormalized(threshold: settings.threshold) { position, value, amplitude in
                let rise = level?.factor(at: position) ?? 1
                let normalized = value / rise
                if normalized > combined[position] || index == 0 {
                    combined[position] = normalized
                    winner[position] = UInt8(index)
                    winnerPower[position] = amplitude * amplitude / rise
                }
            }
            if keepAnalyses { analyses[index] = analysis }
        }
        // Filter transients at the ends (strongest after notching large mains) are not
        // episodes: one cycle of the lower edge, or 0.5 s when mains was notched, is blanked.
        let edgeSeconds = max(1 / band.low, harmonics.isEmpty ? 0 : 0.5)
        let edgeCount = min(samples.count / 2, Int((edgeSeconds * sampleRate).rounded(.up)))
        for position in 0..<edgeCount {
            combined[position] = 0
            combined[samples.count - 1 - position] = 0
        }
        let (lowThreshold, highThreshold) = settings.threshold.normalizedThresholds
        var runs = ThresholdRuns.dualThresholdRuns(
            combined, low: lowThreshold, high: highThreshold)

        // 5: merging, duration, line exclusion, SNR.
        let gapCount = Int((settings.mergeGapCycles * sampleRate / band.center).rounded())
        runs = ThresholdRuns.merged(runs, maximumGapCount: gapCount)
        var episodes: [RhythmEpisode] = []
        for run in runs {
            var strongest = run.lowerBound
            for position in run where combined[position] > combined[strongest] {
                strongest = position
            }
            let index = Int(winner[strongest])
            let analysis: SubbandAnalysis
            if let cached = analyses[index] {
                analysis = cached
            } else {
                analysis = try analyse(
                    spectra, bank: bank, filter: filters[index], subband: subbands[index],
                    notches: notches, aperiodic: aperiodic, cache: cache, key: index)
                analyses[index] = analysis
            }
            let frequency = Self.frequency(of: analysis.filtered, in: run, sampleRate: sampleRate)
                ?? subbands[index].center
            let cycles = Double(run.count) / sampleRate * frequency
            guard cycles >= settings.minimumCycles else { continue }
            if harmonics.contains(where: { abs($0 - frequency) <= settings.lineExclusionHalfWidth })
            {
                continue
            }
            var peak = 0.0
            var power = 0.0
            var rise = 0.0
            for position in run {
                let value = analysis.envelope[position]
                peak = max(peak, value)
                power += value * value
                rise += level?.factor(at: position) ?? 1
            }
            power /= Double(run.count)
            let expected = 2 * analysis.backgroundPower * rise / Double(run.count)
            let snr = RhythmEpisode.signalToNoise(power: power, expected: expected)
            if let minimum = settings.minimumSNR, snr < minimum { continue }
            episodes.append(
                RhythmEpisode(
                    burst: Burst(range: run, sampleRate: sampleRate), frequency: frequency,
                    peakAmplitude: peak, snrDecibels: snr))
        }
        return EpisodeDetection(
            episodes: episodes, band: band, subbands: subbands,
            backgroundSource: aperiodic == nil ? "median" : "aperiodic",
            notchedFrequencies: harmonics, sampleCount: signal.count,
            broadbandRiseFraction: level?.raisedFraction, sampleRate: sampleRate,
            evidence: EpisodeEvidence(
                envelopePower: winnerPower, subbandIndex: winner, expectedPower: expectedPowers))
    }

    /// Above this many samples × sub-bands, sub-band envelopes are recomputed for the episodes
    /// instead of kept (bounds memory on long, fast recordings).
    static let cachedSampleLimit = 1 << 23

    /// Band-passes (through `bank`, sub-band `key`), takes the envelope and the expected
    /// background power of one sub-band (the aperiodic one looked up in `cache` under
    /// sub-band index `key`, or computed and stored there).
    private func analyse(
        _ spectra: SubbandFilterBank.BlockSpectra, bank: SubbandFilterBank,
        filter: SecondOrderSections, subband: FrequencyBand,
        notches: [SecondOrderSections], aperiodic: SpectralModel.Aperiodic?,
        cache: BackgroundPowerCache, key: Int
    ) throws -> SubbandAnalysis {
        let (filtered, envelope) = try bank.analytic(spectra, subband: key)
        var medianAmplitude: Double? = nil
        let backgroundPower: Double
        if let aperiodic {
            if let known = cache.powers[key] {
                backgroundPower = known
            } else {
                backgroundPower = Self.filteredBackgroundPower(
                    aperiodic, sections: [filter] + notches, band: subband,
                    sampleRate: filter.sampleRate)
                cache.powers[key] = backgroundPower
            }
        } else {
            // Rayleigh median of a Gaussian background: σ·√(2 ln 2).
            let median = Self.median(envelope)
            medianAmplitude = median
            backgroundPower = median * median / (2 * log(2.0))
        }
        return SubbandAnalysis(
            filtered: filtered, envelope: envelope, knownMedianAmplitude: medianAmplitude,
            backgroundPower: backgroundPower)
    }

    // MARK: - Helpers

    /// The aperiodic background power of each sub-band (by index) for one signal's rate,
    /// filters and background: identical for every stretch of a channel, and costly (a
    /// 4000-step integral), so computed once per channel.
    final class BackgroundPowerCache {
        var powers: [Int: Double] = [:]
    }

    /// σ² = ∫ P_aperiodic(f) · |H(f)|⁴ df over 0…Nyquist: the aperiodic PSD through the
    /// forward-backward filters (trapezoid rule on a grid of 4000 steps).
    static func filteredBackgroundPower(
        _ aperiodic: SpectralModel.Aperiodic, sections: [SecondOrderSections],
        band: FrequencyBand, sampleRate: Hertz
    ) -> Double {
        let nyquist = sampleRate / 2
        let lower = band.low / 8
        let upper = min(nyquist, band.high + 4 * band.width + 10)
        let stepCount = 4000
        let step = (upper - lower) / Double(stepCount)
        var total = 0.0
        for index in 0...stepCount {
            let frequency = lower + Double(index) * step
            var response = 1.0
            for cascade in sections {
                let power = cascade.powerResponse(at: frequency)
                response *= power * power
            }
            let density = pow(10, aperiodic.logPower(at: frequency))
            let weight = index == 0 || index == stepCount ? 0.5 : 1
            if density.isFinite { total += weight * density * response }
        }
        return total * step
    }

    /// The frequency of `samples[run]` from its zero crossings (linear interpolation), or the
    /// mean instantaneous frequency when there are fewer than 3 crossings; nil if neither works.
    static func frequency(of samples: [Double], in run: Range<Int>, sampleRate: Hertz)
        -> Hertz?
    {
        var first: Double?
        var last = 0.0
        var crossings = 0
        var index = run.lowerBound
        while index + 1 < run.upperBound {
            let (a, b) = (samples[index], samples[index + 1])
            if (a < 0 && b >= 0) || (a >= 0 && b < 0) {
                let position = Double(index) + (a != b ? a / (a - b) : 0)
                if first == nil { first = position }
                last = position
                crossings += 1
            }
            index += 1
        }
        if crossings >= 3, let first, last > first {
            return Double(crossings - 1) / (2 * (last - first)) * sampleRate
        }
        guard run.count >= 4,
            let analytic = try? AnalyticSignal(
                samples: Array(samples[run]), sampleRate: sampleRate)
        else { return nil }
        let instantaneous = analytic.instantaneousFrequency
        let mean = instantaneous.reduce(0, +) / Double(instantaneous.count)
        return mean.isFinite && mean > 0 ? mean : nil
    }

    /// The median (mean of the two middle values for even counts, as NumPy), 0 when empty:
    /// ``median(_:)`` by selection on a copy, O(n) instead of a sort (the same value exactly).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        var copy = values
        return EEGDSP.median(&copy)
    }
}
