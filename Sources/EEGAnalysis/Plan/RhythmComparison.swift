import EEGCore
import EEGDSP
import Foundation

/// Settings of ``RhythmComparison``.
public struct RhythmComparisonSettings: Sendable, Equatable {
    /// The rhythm whose band power and peak are compared.
    public var rhythm: Rhythm
    /// The epoch length in seconds for the permutation test (default 2).
    public var epochDuration: Seconds
    /// The number of label permutations (default 1000).
    public var permutationCount: Int
    /// The seed of the permutations (default 1), so p-values are reproducible.
    public var seed: UInt64
    /// The FOOOF peak height (log10) that counts as "present" (default 0.1).
    public var minimumPeakHeight: Double

    /// Creates settings with the defaults above.
    public init(
        rhythm: Rhythm, epochDuration: Seconds = 2, permutationCount: Int = 1000,
        seed: UInt64 = 1, minimumPeakHeight: Double = 0.1
    ) {
        self.rhythm = rhythm
        self.epochDuration = epochDuration
        self.permutationCount = permutationCount
        self.seed = seed
        self.minimumPeakHeight = minimumPeakHeight
    }

    /// Throws ``AnalysisError/invalidParameter(name:value:expected:)`` for values out of range.
    public func validate() throws {
        guard epochDuration.isFinite, epochDuration > 0 else {
            throw AnalysisError.invalidParameter(
                name: "epoch duration", value: "\(epochDuration) s", expected: "> 0 s")
        }
        guard (1...1_000_000).contains(permutationCount) else {
            throw AnalysisError.invalidParameter(
                name: "permutation count", value: "\(permutationCount)",
                expected: "1…1000000")
        }
        guard minimumPeakHeight.isFinite, minimumPeakHeight >= 0 else {
            throw AnalysisError.invalidParameter(
                name: "minimum peak height", value: "\(minimumPeakHeight)", expected: "≥ 0")
        }
    }
}

/// One condition's numbers on one channel.
public struct ConditionStatistics: Codable, Sendable, Equatable {
    /// Band power of the whole span's Welch PSD (2 s Hann segments), in unit².
    public var bandPower: Double
    /// The FOOOF peak of the rhythm in the span's PSD.
    public var peak: PeakSummary
    /// The number of epochs in the permutation test.
    public var epochs: Int

    enum CodingKeys: String, CodingKey {
        case peak, epochs
        case bandPower = "band_power"
    }
}

/// One channel's comparison of a condition against a baseline.
public struct ChannelComparison: Codable, Sendable, Equatable {
    /// The channel label.
    public var name: String
    /// The analysed band [low, high] in Hz.
    public var bandHz: [Double]
    /// Baseline numbers.
    public var baseline: ConditionStatistics
    /// Condition numbers.
    public var condition: ConditionStatistics
    /// 10·log10(condition / baseline band power) of the span PSDs, in dB.
    public var bandPowerChangeDecibels: Double
    /// Two-sided permutation p-value of the epoch band-power change.
    public var bandPowerP: Double
    /// Change of the epochs' mean peak height above their own aperiodic fit, in dB.
    public var peakHeightChangeDecibels: Double
    /// Two-sided permutation p-value of that change.
    public var peakHeightP: Double

    enum CodingKeys: String, CodingKey {
        case name, baseline, condition
        case bandHz = "band_hz"
        case bandPowerChangeDecibels = "band_power_change_db"
        case bandPowerP = "band_power_p"
        case peakHeightChangeDecibels = "peak_height_change_db"
        case peakHeightP = "peak_height_p"
    }
}

/// Compares a rhythm between two spans (or files): band power and peak height, per channel, in
/// dB, with permutation tests over epochs.
///
/// Each span is cut into non-overlapping epochs (default 2 s). Per epoch: the band power of
/// its Hann periodogram (Simpson's rule over the band), and its peak height: the largest
/// 10·log10(P(f) / aperiodic(f)) in the band, where the aperiodic line is the epoch's own
/// robust FOOOF fit (fixed mode, no peaks) over the detector's background range, so a
/// broadband (1/f) shift does not count as a peak change. The statistics are
/// 10·log10(mean band power B / mean band power A) and mean height B − mean height A; their
/// null distributions come from `permutationCount` random relabellings of the epochs
/// (seeded), and p = (1 + #{|T_perm| ≥ |T_obs|}) / (1 + N), two-sided (Phipson & Smyth 2010,
/// doi:10.2202/1544-6115.1585). Epochs are treated as exchangeable, which slow drifts and
/// autocorrelation violate; long, stationary spans make it more accurate.
///
/// The reported band-power change uses the span PSDs (Welch, 2 s); the peak summaries are FOOOF
/// fits of the span PSDs (as `eegscope detect`).
///
/// ```swift
/// let settings = RhythmComparisonSettings(rhythm: .delta3)
/// let rows = try RhythmComparison(settings: settings).compare(baseline, condition)
/// ```
public struct RhythmComparison: Sendable {
    /// The settings.
    public let settings: RhythmComparisonSettings

    /// Creates the comparison.
    public init(settings: RhythmComparisonSettings) {
        self.settings = settings
    }

    /// Compares the channels present (by label) in both recordings, in `baseline`'s order.
    ///
    /// A discontinuous recording (EDF+D excerpt, ``EEGCore/Recording/stretches``) is handled
    /// stretch by stretch: epochs are cut inside each gap-free stretch (a stretch's tail
    /// shorter than an epoch is left out) and the span PSD's Welch segments never span a gap.
    ///
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for bad settings, no
    ///   common channel, or spans shorter than two epochs; ``DSPError`` for a band above a
    ///   channel's Nyquist frequency or failing spectra.
    public func compare(_ baseline: Recording, _ condition: Recording) throws
        -> [ChannelComparison]
    {
        try settings.validate()
        var rows: [ChannelComparison] = []
        for signal in baseline.signals {
            guard let other = condition.signal(named: signal.label) else { continue }
            rows.append(try compare(
                signal, other, baselineStretches: baseline.stretchSampleRanges(of: signal),
                conditionStretches: condition.stretchSampleRanges(of: other)))
        }
        guard !rows.isEmpty else {
            throw AnalysisError.invalidParameter(
                name: "channels", value: "none in common",
                expected: "at least one channel label present in both")
        }
        return rows
    }

    /// Compares one channel.
    /// - Throws: as ``compare(_:_:)-(Recording,Recording)``.
    public func compare(_ baseline: Signal, _ condition: Signal) throws -> ChannelComparison {
        try compare(
            baseline, condition, baselineStretches: [0..<baseline.count],
            conditionStretches: [0..<condition.count])
    }

    /// One channel whose spans consist of gap-free stretches (sample ranges).
    private func compare(
        _ baseline: Signal, _ condition: Signal, baselineStretches: [Range<Int>],
        conditionStretches: [Range<Int>]
    ) throws -> ChannelComparison {
        let preset = try RhythmPreset(rhythm: settings.rhythm, sampleRate: baseline.sampleRate)
        let band = preset.settings.band
        let detector = EpisodeDetector(settings: preset.settings)
        let first = try epochStatistics(baseline, detector: detector, stretches: baselineStretches)
        let second = try epochStatistics(
            condition, detector: detector, stretches: conditionStretches)
        let spanA = try spanStatistics(
            baseline, detector: detector, epochs: first.power.count, stretches: baselineStretches)
        let spanB = try spanStatistics(
            condition, detector: detector, epochs: second.power.count,
            stretches: conditionStretches)

        func powerChange(_ a: [Double], _ b: [Double]) -> Double {
            10 * log10(Self.mean(b) / Self.mean(a))
        }
        func heightChange(_ a: [Double], _ b: [Double]) -> Double { Self.mean(b) - Self.mean(a) }
        var generator = SeededGenerator(seed: settings.seed)
        let powerP = Self.permutationP(
            first.power, second.power, count: settings.permutationCount, using: &generator,
            statistic: powerChange)
        let heightP = Self.permutationP(
            first.height, second.height, count: settings.permutationCount, using: &generator,
            statistic: heightChange)
        return ChannelComparison(
            name: baseline.label, bandHz: [band.low, band.high], baseline: spanA,
            condition: spanB,
            bandPowerChangeDecibels: 10 * log10(spanB.bandPower / spanA.bandPower),
            bandPowerP: powerP,
            peakHeightChangeDecibels: heightChange(first.height, second.height),
            peakHeightP: heightP)
    }

    /// Per-epoch band power (unit²) and peak height (dB) of one span; epochs are cut inside
    /// each gap-free stretch.
    private func epochStatistics(
        _ signal: Signal, detector: EpisodeDetector, stretches: [Range<Int>]
    ) throws -> (power: [Double], height: [Double]) {
        let length = Int((settings.epochDuration * signal.sampleRate).rounded())
        let starts = length > 0
            ? stretches.flatMap { range in
                (0..<(range.count / length)).map { range.lowerBound + $0 * length }
            } : []
        guard starts.count >= 2 else {
            throw AnalysisError.invalidParameter(
                name: "span of \(signal.label)",
                value: String(format: "%.3f s", signal.duration),
                expected: "at least two \(formatHertz(settings.epochDuration)) s epochs")
        }
        let band = detector.settings.band
        let range = EpisodeDetector.backgroundFitRange(band: band, sampleRate: signal.sampleRate)
        let fitter = SpectralModelFitter(settings: SpectralFitSettings(maximumPeakCount: 0))
        var powers: [Double] = []
        var heights: [Double] = []
        for start in starts {
            let slice = signal.slice(start..<(start + length))
            let spectrum = try slice.powerSpectrum(
                method: .welch(segmentDuration: settings.epochDuration))
            powers.append(try spectrum.integratedPower(in: band))
            let model = try fitter.fit(spectrum, in: range)
            var height = -Double.infinity
            for (frequency, power) in zip(spectrum.frequencies, spectrum.power)
            where band.contains(frequency) && power > 0 {
                height = max(height, 10 * (log10(power) - model.aperiodicLogPower(at: frequency)))
            }
            heights.append(height.isFinite ? height : 0)
        }
        return (powers, heights)
    }

    /// Span-level band power and FOOOF peak.
    private func spanStatistics(
        _ signal: Signal, detector: EpisodeDetector, epochs: Int, stretches: [Range<Int>]
    ) throws -> ConditionStatistics {
        let fitted = try RhythmSpectrum(
            signal, detector: detector, stretches: stretches,
            minimumPeakHeight: settings.minimumPeakHeight)
        return ConditionStatistics(
            bandPower: try fitted.spectrum.integratedPower(in: detector.settings.band),
            peak: fitted.peak, epochs: epochs)
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Two-sided permutation p-value of `statistic(a, b)` over random relabellings.
    static func permutationP(
        _ a: [Double], _ b: [Double], count: Int, using generator: inout SeededGenerator,
        statistic: ([Double], [Double]) -> Double
    ) -> Double {
        let observed = abs(statistic(a, b))
        var pooled = a + b
        var extreme = 0
        for _ in 0..<count {
            // Fisher–Yates shuffle with the seeded generator.
            for index in stride(from: pooled.count - 1, to: 0, by: -1) {
                let other = Int(generator.next() % UInt64(index + 1))
                pooled.swapAt(index, other)
            }
            let value = abs(statistic(Array(pooled[..<a.count]), Array(pooled[a.count...])))
            if value >= observed - 1e-12 * max(1, observed) { extreme += 1 }
        }
        return Double(1 + extreme) / Double(1 + count)
    }
}
