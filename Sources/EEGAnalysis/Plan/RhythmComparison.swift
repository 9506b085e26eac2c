import EEGCore
import EEGDSP
import EEGStatistics
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
    /// The drift score above which a channel's contrast is flagged as confounded with drift
    /// (default 3; ``EEGStatistics/DriftCheck``). Chosen on null recordings of seeds 1–100
    /// (scripts/evaluate_compare_null.py); rates are reported on other seeds.
    public var driftThreshold: Double
    /// Resamples of the block bootstrap intervals (default 1000).
    public var bootstrapCount: Int

    /// Creates settings with the defaults above.
    public init(
        rhythm: Rhythm, epochDuration: Seconds = 2, permutationCount: Int = 1000,
        seed: UInt64 = 1, minimumPeakHeight: Double = 0.1, driftThreshold: Double = 3,
        bootstrapCount: Int = 1000
    ) {
        self.rhythm = rhythm
        self.epochDuration = epochDuration
        self.permutationCount = permutationCount
        self.seed = seed
        self.minimumPeakHeight = minimumPeakHeight
        self.driftThreshold = driftThreshold
        self.bootstrapCount = bootstrapCount
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
        guard driftThreshold.isFinite, driftThreshold > 0 else {
            throw AnalysisError.invalidParameter(
                name: "drift threshold", value: "\(driftThreshold)", expected: "> 0")
        }
        guard (10...1_000_000).contains(bootstrapCount) else {
            throw AnalysisError.invalidParameter(
                name: "bootstrap count", value: "\(bootstrapCount)", expected: "10…1000000")
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
    /// Mean over the epochs of the aperiodic exponent χ (P ∝ 1/f^χ) of their fixed-mode fit.
    public var aperiodicExponent: Double? = nil
    /// Mean over the epochs of the aperiodic offset (log10 power) of their fit.
    public var aperiodicOffset: Double? = nil

    enum CodingKeys: String, CodingKey {
        case peak, epochs
        case bandPower = "band_power"
        case aperiodicExponent = "aperiodic_exponent"
        case aperiodicOffset = "aperiodic_offset"
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
    /// Two-sided circular-shift p-value of the epoch band-power change (uncorrected).
    public var bandPowerP: Double
    /// Change of the epochs' mean peak height above their own aperiodic fit, in dB.
    public var peakHeightChangeDecibels: Double
    /// Two-sided circular-shift p-value of that change (uncorrected).
    public var peakHeightP: Double
    /// The tests of this channel: band power, periodic power, peak height, aperiodic
    /// exponent and offset, each with interval and p-values.
    public var tests: ChannelTests? = nil
    /// The drift score of the band-power epoch series (``EEGStatistics/DriftCheck``).
    public var driftScore: Double? = nil
    /// True when the drift score exceeds ``RhythmComparisonSettings/driftThreshold``: the
    /// series wanders within the spans, and one baseline block followed by one condition block
    /// cannot separate that drift from a condition effect.
    public var driftWarning: Bool? = nil
    /// The former test: p of the band-power change when epochs are shuffled as if
    /// exchangeable (random relabellings). Kept for comparison; it is anti-conservative under
    /// drift and autocorrelation.
    public var exchangeableBandPowerP: Double? = nil
    /// The same for the peak height change.
    public var exchangeablePeakHeightP: Double? = nil
    /// What changed: `narrowband oscillation change`, `broadband change` or `no change`
    /// (``ComparisonFindings/finding(of:alpha:)``).
    public var finding: String? = nil

    enum CodingKeys: String, CodingKey {
        case name, baseline, condition, tests
        case bandHz = "band_hz"
        case bandPowerChangeDecibels = "band_power_change_db"
        case bandPowerP = "band_power_p"
        case peakHeightChangeDecibels = "peak_height_change_db"
        case peakHeightP = "peak_height_p"
        case driftScore = "drift_score"
        case driftWarning = "drift_warning"
        case exchangeableBandPowerP = "band_power_p_exchangeable"
        case exchangeablePeakHeightP = "peak_height_p_exchangeable"
        case finding
    }
}

/// One statistic's change between the spans on one channel.
public struct ChangeTest: Codable, Sendable, Equatable {
    /// The change (condition − baseline) in the statistic's unit (see ``ChannelTests``).
    public var change: Double
    /// 95 % circular block-bootstrap interval of the change [low, high].
    public var interval: [Double]
    /// Two-sided circular-shift p-value of this test alone.
    public var p: Double
    /// Max-statistic p corrected over the tests of the run (channels × statistics) that are
    /// not withheld; `nil` (JSON `null`) when this test is withheld for drift.
    public var pCorrected: Double?
    /// The drift ratio of this test's epoch series (``EEGStatistics/DriftRatio``; ≈ 1 without
    /// slow wander inside the spans), `nil` when the spans are too short to compute it.
    public var driftRatio: Double? = nil
    /// True when the series drifts inside the spans (its own drift ratio, or the mean ratio of
    /// this statistic over the channels, is above threshold): one baseline block followed by
    /// one condition block cannot separate such drift from the condition, so the test is left
    /// out of the family-wise correction and has no corrected p.
    public var withheldForDrift: Bool = false

    enum CodingKeys: String, CodingKey {
        case change, p
        case interval = "ci"
        case pCorrected = "p_corrected"
        case driftRatio = "drift_ratio"
        case withheldForDrift = "withheld_for_drift"
    }

    /// Encodes `p_corrected` as `null` when withheld (not left out), so readers see the gap.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(change, forKey: .change)
        try container.encode(interval, forKey: .interval)
        try container.encode(p, forKey: .p)
        try container.encode(pCorrected, forKey: .pCorrected)
        try container.encodeIfPresent(driftRatio, forKey: .driftRatio)
        try container.encode(withheldForDrift, forKey: .withheldForDrift)
    }

    /// Creates a test result.
    public init(
        change: Double, interval: [Double], p: Double, pCorrected: Double?,
        driftRatio: Double? = nil, withheldForDrift: Bool = false
    ) {
        self.change = change
        self.interval = interval
        self.p = p
        self.pCorrected = pCorrected
        self.driftRatio = driftRatio
        self.withheldForDrift = withheldForDrift
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        change = try container.decode(Double.self, forKey: .change)
        interval = try container.decode([Double].self, forKey: .interval)
        p = try container.decode(Double.self, forKey: .p)
        pCorrected = try container.decodeIfPresent(Double.self, forKey: .pCorrected)
        driftRatio = try container.decodeIfPresent(Double.self, forKey: .driftRatio)
        withheldForDrift =
            try container.decodeIfPresent(Bool.self, forKey: .withheldForDrift) ?? false
    }
}

/// The five tests of one channel.
public struct ChannelTests: Codable, Sendable, Equatable {
    /// Band power, dB: 10·log10(mean condition / mean baseline epoch band power).
    public var bandPowerDecibels: ChangeTest
    /// Power above the aperiodic fit in the band (periodic part), dB: change of the epochs'
    /// mean 10·log10(band power / band power of their aperiodic fit). A change of the 1/f
    /// background alone leaves it near 0.
    public var periodicPowerDecibels: ChangeTest
    /// Largest in-band height above the aperiodic fit, dB.
    public var peakHeightDecibels: ChangeTest
    /// Aperiodic exponent χ (unitless; P ∝ 1/f^χ), condition − baseline.
    public var aperiodicExponent: ChangeTest
    /// Aperiodic offset (log10 unit²/Hz), condition − baseline.
    public var aperiodicOffset: ChangeTest

    enum CodingKeys: String, CodingKey {
        case bandPowerDecibels = "band_power_db"
        case periodicPowerDecibels = "periodic_power_db"
        case peakHeightDecibels = "peak_height_db"
        case aperiodicExponent = "aperiodic_exponent"
        case aperiodicOffset = "aperiodic_offset"
    }

    /// Names of the statistics in ``all`` order, as they appear in findings.
    public static let names = [
        "band power", "periodic power", "peak height", "aperiodic exponent", "aperiodic offset",
    ]

    /// The five tests in a fixed order.
    public var all: [ChangeTest] {
        [bandPowerDecibels, periodicPowerDecibels, peakHeightDecibels, aperiodicExponent,
            aperiodicOffset]
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
    /// The max-statistic correction runs over every channel and statistic of the call
    /// (channels whose epoch counts differ, e.g. other sampling rates, form their own family).
    ///
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for bad settings, no
    ///   common channel, or spans shorter than two epochs; ``DSPError`` for a band above a
    ///   channel's Nyquist frequency or failing spectra.
    public func compare(_ baseline: Recording, _ condition: Recording) throws
        -> [ChannelComparison]
    {
        try settings.validate()
        var parts: [ChannelPart] = []
        for signal in baseline.signals {
            guard let other = condition.signal(named: signal.label) else { continue }
            parts.append(try part(
                signal, other, baselineStretches: baseline.stretchSampleRanges(of: signal),
                conditionStretches: condition.stretchSampleRanges(of: other)))
        }
        guard !parts.isEmpty else {
            throw AnalysisError.invalidParameter(
                name: "channels", value: "none in common",
                expected: "at least one channel label present in both")
        }
        return try finish(parts)
    }

    /// Compares one channel (its own family of five statistics).
    /// - Throws: as ``compare(_:_:)-(Recording,Recording)``.
    public func compare(_ baseline: Signal, _ condition: Signal) throws -> ChannelComparison {
        try settings.validate()
        let one = try part(
            baseline, condition, baselineStretches: [0..<baseline.count],
            conditionStretches: [0..<condition.count])
        return try finish([one])[0]
    }

    /// One channel's epoch series and span summaries, before the family-wide test.
    struct ChannelPart {
        let label: String
        let band: FrequencyBand
        let first: EpochSeries
        let second: EpochSeries
        let spanA: ConditionStatistics
        let spanB: ConditionStatistics
        let exchangeableP: (power: Double, height: Double)
    }

    /// One channel's spans: epoch series, span PSD summaries, and the exchangeable-epoch
    /// permutation p-values.
    private func part(
        _ baseline: Signal, _ condition: Signal, baselineStretches: [Range<Int>],
        conditionStretches: [Range<Int>]
    ) throws -> ChannelPart {
        let preset = try RhythmPreset(rhythm: settings.rhythm, sampleRate: baseline.sampleRate)
        let detector = EpisodeDetector(settings: preset.settings)
        let first = try epochStatistics(baseline, detector: detector, stretches: baselineStretches)
        let second = try epochStatistics(
            condition, detector: detector, stretches: conditionStretches)
        var spanA = try spanStatistics(
            baseline, detector: detector, epochs: first.power.count, stretches: baselineStretches)
        var spanB = try spanStatistics(
            condition, detector: detector, epochs: second.power.count,
            stretches: conditionStretches)
        spanA.aperiodicExponent = Self.mean(first.exponent)
        spanA.aperiodicOffset = Self.mean(first.offset)
        spanB.aperiodicExponent = Self.mean(second.exponent)
        spanB.aperiodicOffset = Self.mean(second.offset)
        var generator = SeededGenerator(seed: settings.seed)
        let powerP = Self.permutationP(
            first.power, second.power, count: settings.permutationCount, using: &generator,
            statistic: Self.powerChange)
        let heightP = Self.permutationP(
            first.height, second.height, count: settings.permutationCount, using: &generator,
            statistic: Self.meanChange)
        return ChannelPart(
            label: baseline.label, band: preset.settings.band, first: first, second: second,
            spanA: spanA, spanB: spanB, exchangeableP: (powerP, heightP))
    }

    static func powerChange(_ a: [Double], _ b: [Double]) -> Double {
        10 * log10(mean(b) / mean(a))
    }

    static func meanChange(_ a: [Double], _ b: [Double]) -> Double { mean(b) - mean(a) }

    /// The circular-shift tests over all channels × statistics (one family per epoch layout),
    /// the bootstrap intervals and the drift check.
    private func finish(_ parts: [ChannelPart]) throws -> [ChannelComparison] {
        var results = [[FamilyResult]](repeating: [], count: parts.count)
        let layouts = Dictionary(grouping: parts.indices) {
            [parts[$0].first.power.count, parts[$0].second.power.count]
        }
        for (layout, members) in layouts.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let series = members.flatMap { parts[$0].first.testSeries(parts[$0].second) }
            let family = try Self.familyTest(series, baselineCount: layout[0], statistics: 5)
            for (position, member) in members.enumerated() {
                results[member] = Array(family[(position * 5)..<(position * 5 + 5)])
            }
        }
        var generator = SeededGenerator(seed: settings.seed &+ 0x5EED)
        return try parts.enumerated().map { index, part in
            let intervals = try bootstrapIntervals(part, using: &generator)
            let changes = [
                Self.powerChange(part.first.power, part.second.power),
                Self.meanChange(part.first.periodic, part.second.periodic),
                Self.meanChange(part.first.height, part.second.height),
                Self.meanChange(part.first.exponent, part.second.exponent),
                Self.meanChange(part.first.offset, part.second.offset),
            ]
            let tests = (0..<5).map {
                ChangeTest(
                    change: changes[$0], interval: intervals[$0], p: results[index][$0].p,
                    pCorrected: results[index][$0].corrected,
                    driftRatio: results[index][$0].driftRatio,
                    withheldForDrift: results[index][$0].withheld)
            }
            let drift = DriftCheck.score(
                part.first.decibels + part.second.decibels,
                baselineCount: part.first.power.count)
            var row = ChannelComparison(
                name: part.label, bandHz: [part.band.low, part.band.high],
                baseline: part.spanA, condition: part.spanB,
                bandPowerChangeDecibels: 10 * log10(part.spanB.bandPower / part.spanA.bandPower),
                bandPowerP: tests[0].p, peakHeightChangeDecibels: changes[2],
                peakHeightP: tests[2].p,
                tests: ChannelTests(
                    bandPowerDecibels: tests[0], periodicPowerDecibels: tests[1],
                    peakHeightDecibels: tests[2], aperiodicExponent: tests[3],
                    aperiodicOffset: tests[4]),
                driftScore: drift, driftWarning: drift > settings.driftThreshold,
                exchangeableBandPowerP: part.exchangeableP.power,
                exchangeablePeakHeightP: part.exchangeableP.height)
            row.finding = ComparisonFindings.finding(of: row)
            return row
        }
    }

    /// One test's outcome within its family.
    struct FamilyResult {
        let p: Double
        let corrected: Double?
        let driftRatio: Double?
        let withheld: Bool
    }

    /// The circular-shift tests of one family (`statistics` series per channel, channel-major):
    /// uncorrected p for every series; series that drift inside the spans
    /// (``EEGStatistics/DriftRatio``, each statistic also pooled over the channels) are
    /// withheld, and the step-down max-statistic correction runs over the others.
    static func familyTest(
        _ series: [[Double]], baselineCount: Int, statistics: Int
    ) throws -> [FamilyResult] {
        let all = try CircularShiftTest.run(series, baselineCount: baselineCount)
        let groups = (0..<statistics).map { statistic in
            Array(stride(from: statistic, to: series.count, by: statistics))
        }
        let drift = DriftRatio.withheld(series, groups: groups, baselineCount: baselineCount)
        let kept = series.indices.filter { !drift.withheld[$0] }
        var corrected = [Double?](repeating: nil, count: series.count)
        if !kept.isEmpty {
            let family = try CircularShiftTest.run(
                kept.map { series[$0] }, baselineCount: baselineCount)
            for (position, index) in kept.enumerated() {
                corrected[index] = family.correctedP[position]
            }
        }
        return series.indices.map {
            FamilyResult(
                p: all.uncorrectedP[$0], corrected: corrected[$0],
                driftRatio: drift.ratios[$0]?.ratio, withheld: drift.withheld[$0])
        }
    }

    /// 95 % circular block-bootstrap intervals of the five changes; block length
    /// ⌈n^(1/3)⌉ epochs per span (Hall, Horowitz & Jing 1995, doi:10.1093/biomet/82.3.561).
    private func bootstrapIntervals(
        _ part: ChannelPart, using generator: inout SeededGenerator
    ) throws -> [[Double]] {
        let blockLength = max(1, Int(pow(Double(min(
            part.first.power.count, part.second.power.count)), 1.0 / 3).rounded(.up)))
        let pairs: [([Double], [Double], ([Double], [Double]) -> Double)] = [
            (part.first.power, part.second.power, Self.powerChange),
            (part.first.periodic, part.second.periodic, Self.meanChange),
            (part.first.height, part.second.height, Self.meanChange),
            (part.first.exponent, part.second.exponent, Self.meanChange),
            (part.first.offset, part.second.offset, Self.meanChange),
        ]
        return try pairs.map { a, b, statistic in
            let interval = try Bootstrap.blockInterval(
                of: [a, b], blockLength: blockLength, count: settings.bootstrapCount,
                using: &generator
            ) { statistic($0[0], $0[1]) }
            return [interval.low, interval.high]
        }
    }

    /// Per-epoch values of one span, in time order.
    struct EpochSeries {
        /// Band power, unit².
        var power: [Double] = []
        /// Largest in-band height above the epoch's aperiodic fit, dB.
        var height: [Double] = []
        /// 10·log10(band power / band power of the aperiodic fit), dB.
        var periodic: [Double] = []
        /// Aperiodic exponent.
        var exponent: [Double] = []
        /// Aperiodic offset, log10.
        var offset: [Double] = []

        /// Band power in dB (the series the band-power test and drift check use).
        var decibels: [Double] { power.map { 10 * log10(max($0, .leastNormalMagnitude)) } }

        /// The five test series of baseline (self) followed by `condition`, in
        /// ``ChannelTests/all`` order.
        func testSeries(_ condition: EpochSeries) -> [[Double]] {
            [decibels + condition.decibels, periodic + condition.periodic,
                height + condition.height, exponent + condition.exponent,
                offset + condition.offset]
        }
    }

    /// Per-epoch band power, peak height, periodic power and aperiodic parameters of one span;
    /// epochs are cut inside each gap-free stretch.
    private func epochStatistics(
        _ signal: Signal, detector: EpisodeDetector, stretches: [Range<Int>]
    ) throws -> EpochSeries {
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
        var series = EpochSeries()
        for start in starts {
            let slice = signal.slice(start..<(start + length))
            let spectrum = try slice.powerSpectrum(
                method: .welch(segmentDuration: settings.epochDuration))
            series.power.append(try spectrum.integratedPower(in: band))
            let model = try fitter.fit(spectrum, in: range)
            var height = -Double.infinity
            var measured = 0.0
            var aperiodic = 0.0
            for (frequency, power) in zip(spectrum.frequencies, spectrum.power)
            where band.contains(frequency) && power > 0 {
                let background = model.aperiodicLogPower(at: frequency)
                height = max(height, 10 * (log10(power) - background))
                measured += power
                aperiodic += pow(10, background)
            }
            series.height.append(height.isFinite ? height : 0)
            series.periodic.append(
                measured > 0 && aperiodic > 0 ? 10 * log10(measured / aperiodic) : 0)
            series.exponent.append(model.aperiodic.exponent)
            series.offset.append(model.aperiodic.offset)
        }
        return series
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
