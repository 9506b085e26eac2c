import EEGCore
import Foundation

/// What kind of artefact an ``Artefact`` is.
public enum ArtefactKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// A steep transient: a spike, an electrode pop's step, a broadband jump (gradient).
    case transient
    /// A large slow excursion (amplitude) not identified as an eye blink.
    case amplitude
    /// An eye blink or movement: an amplitude excursion on a frontal channel (Fp, AF, F) or
    /// one that an EOG channel shares; two-sided (eye movement) excursions only with
    /// ``EyeEvidence`` (frontal dominance or EOG correlation).
    case blink
    /// Muscle (EMG): high-frequency power raised at both ends of the usable passband's upper
    /// part at once (a flattened spectrum), see ``ArtefactDetector/muscleArtefacts(in:usableHigh:)``.
    case muscle
}

/// One artefact on one channel, in samples of the analysed signal.
public struct Artefact: Sendable, Equatable, Hashable {
    /// The samples it covers (with the detector's margin).
    public let range: Range<Int>
    /// The signal's rate in Hz.
    public let sampleRate: Hertz
    /// Its kind.
    public let kind: ArtefactKind

    public init(range: Range<Int>, sampleRate: Hertz, kind: ArtefactKind) {
        self.range = range
        self.sampleRate = sampleRate
        self.kind = kind
    }

    /// Start in seconds from the signal's start.
    public var onset: Seconds { Double(range.lowerBound) / sampleRate }
    /// Length in seconds.
    public var duration: Seconds { Double(range.count) / sampleRate }
}

/// Finds transients and large excursions on one channel, from robust statistics of the channel
/// itself (median and MAD, so the artefacts do not raise their own threshold).
///
/// Criteria (each sample):
/// - **gradient**: `|x[n+1] − x[n]|` above ``gradientThreshold`` robust SDs of the first
///   difference (spikes, pops, steps, broadband jumps: their slope is far steeper than that of
///   EEG, whose first difference is dominated by its weak high frequencies);
/// - **amplitude**: the signal high-passed at 0.5 Hz (2nd-order Butterworth, zero phase) more
///   than ``amplitudeThreshold`` robust SDs from its median (blinks, movement).
///
/// Flagged samples are widened by ``margin`` on each side and runs closer than ``mergeGap``
/// are joined. An amplitude run on a frontal channel (label starting Fp, AF or F followed by a
/// digit or z) is a ``ArtefactKind/blink``; ``classifiedBlinks(_:in:eog:)`` also calls it one when
/// it correlates (|r| ≥ 0.7) with an EOG channel over its span.
///
/// The thresholds are set so that Gaussian 1/f backgrounds of any exponent are almost never
/// flagged (a robust z of 8 has a two-sided probability of 1e-15 per sample), while a 20 ms,
/// 25 µV spike on 10 µV 1/f² noise sampled at 480 Hz reaches a gradient z of about 40.
///
/// ```swift
/// let artefacts = try ArtefactDetector().artefacts(in: signal)
/// print(artefacts.map(\.kind))
/// ```
public struct ArtefactDetector: Sendable, Equatable {
    /// Robust z of the first difference that marks a transient (default 8).
    public var gradientThreshold: Double
    /// Robust z of the 0.5 Hz high-passed signal that marks an excursion (default 6).
    public var amplitudeThreshold: Double
    /// Added on each side of a flagged run, in seconds (default 0.25).
    public var margin: Seconds
    /// Runs closer than this are joined, in seconds (default 0.5).
    public var mergeGap: Seconds

    public init(
        gradientThreshold: Double = 8, amplitudeThreshold: Double = 6, margin: Seconds = 0.25,
        mergeGap: Seconds = 0.5
    ) {
        self.gradientThreshold = gradientThreshold
        self.amplitudeThreshold = amplitudeThreshold
        self.margin = margin
        self.mergeGap = mergeGap
    }

    /// The artefacts of one channel, in time order.
    ///
    /// - Throws: ``DSPError/nonFiniteInput(label:index:)``; the high-pass's errors for signals
    ///   too short to filter (fewer than about 3 s at 0.5 Hz are analysed by gradient only).
    public func artefacts(in signal: Signal) throws -> [Artefact] {
        try artefacts(in: signal, eye: nil)
    }

    /// The artefacts of one channel, in time order, with recording-level eye evidence: an
    /// amplitude excursion that ``EyeEvidence`` attributes to the eyes (frontal dominance or an
    /// EOG channel) is a ``ArtefactKind/blink`` even when it is two-sided (an eye movement),
    /// and `muscleBandTop` (the usable passband's upper edge in Hz, nil to skip) adds
    /// ``ArtefactKind/muscle`` runs (see ``muscleArtefacts(in:usableHigh:)``).
    ///
    /// - Throws: As ``artefacts(in:)``.
    public func artefacts(in signal: Signal, eye: EyeEvidence?, muscleBandTop: Hertz? = nil)
        throws -> [Artefact]
    {
        if let index = signal.firstNonFiniteIndex {
            throw DSPError.nonFiniteInput(label: signal.label, index: index)
        }
        let samples = signal.samples
        let count = samples.count
        guard count >= 3 else { return [] }
        var gradientFlag = [Bool](repeating: false, count: count)
        var difference = [Double](repeating: 0, count: count - 1)
        for index in 0..<(count - 1) { difference[index] = samples[index + 1] - samples[index] }
        let (_, differenceScale) = Self.robustLocationScale(difference)
        if differenceScale > 0 {
            for index in difference.indices
            where abs(difference[index]) > gradientThreshold * differenceScale {
                gradientFlag[index] = true
                gradientFlag[index + 1] = true
            }
        }
        var amplitudeFlag = [Bool](repeating: false, count: count)
        var eyeSpans: [Range<Int>] = []
        let gapCount = Int((mergeGap * signal.sampleRate).rounded())
        let highpass = try SecondOrderSections.butterworth(
            order: 2, band: .highpass(cutoff: 0.5), sampleRate: signal.sampleRate)
        if count > highpass.defaultPadCount {
            let filtered = try highpass.zeroPhaseFiltered(samples)
            let (center, scale) = Self.robustLocationScale(filtered)
            if scale > 0 {
                for index in filtered.indices
                where abs(filtered[index] - center) > amplitudeThreshold * scale {
                    amplitudeFlag[index] = true
                }
                eyeSpans = Self.clearOscillatoryRuns(
                    &amplitudeFlag, filtered: filtered, center: center, gapCount: gapCount
                ) { span in
                    eye?.isEyeArtefact(span, signal: signal, filtered: filtered) ?? false
                }
            }
            if let followed = eye?.followedEyeSpans(of: signal, filtered: filtered) {
                for span in followed {
                    for index in span { amplitudeFlag[index] = true }
                }
                eyeSpans += followed
            }
        }
        let marginCount = Int((margin * signal.sampleRate).rounded())
        let frontal = Self.isFrontal(signal.label)
        var result: [Artefact] = []
        for (flags, kind) in [
            (gradientFlag, ArtefactKind.transient),
            (amplitudeFlag, frontal ? ArtefactKind.blink : .amplitude),
        ] {
            var runs = ThresholdRuns.runs(of: flags).map {
                max(0, $0.lowerBound - marginCount)..<min(count, $0.upperBound + marginCount)
            }
            runs = ThresholdRuns.merged(runs, maximumGapCount: gapCount)
            result += runs.map { run in
                let eyes = kind == .amplitude && eyeSpans.contains { $0.overlaps(run) }
                return Artefact(
                    range: run, sampleRate: signal.sampleRate, kind: eyes ? .blink : kind)
            }
        }
        if let muscleBandTop {
            result += try muscleArtefacts(in: signal, usableHigh: muscleBandTop)
        }
        return result.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Clears the amplitude flags of two-sided excursions: flagged runs closer than
    /// `gapCount` samples are grouped, and a group whose smaller-signed extreme (about the
    /// center) reaches half of its larger one is a strong oscillation — the very thing a
    /// detector looks for — not a blink or a movement, which are one-sided (a blink's
    /// undershoot after the 0.5 Hz high-pass is about a fifth of its height). A group that
    /// `isEye` attributes to the eyes (an eye movement is two-sided too) is kept; the spans of
    /// all groups `isEye` accepted are returned.
    @discardableResult
    static func clearOscillatoryRuns(
        _ flags: inout [Bool], filtered: [Double], center: Double, gapCount: Int,
        isEye: (Range<Int>) -> Bool = { _ in false }
    ) -> [Range<Int>] {
        var group: [Range<Int>] = []
        var eyeSpans: [Range<Int>] = []
        func settle() {
            defer { group.removeAll() }
            guard let first = group.first, let last = group.last else { return }
            let span = first.lowerBound..<last.upperBound
            if isEye(span) {
                eyeSpans.append(span)
                return
            }
            var highest = 0.0
            var lowest = 0.0
            for index in first.lowerBound..<last.upperBound {
                highest = max(highest, filtered[index] - center)
                lowest = min(lowest, filtered[index] - center)
            }
            guard min(highest, -lowest) >= 0.5 * max(highest, -lowest) else { return }
            for run in group { for index in run { flags[index] = false } }
        }
        for run in ThresholdRuns.runs(of: flags) {
            if let last = group.last, run.lowerBound - last.upperBound > gapCount { settle() }
            group.append(run)
        }
        settle()
        return eyeSpans
    }

    /// `amplitude` artefacts of `signal` that correlate with an EOG channel over their span
    /// (|Pearson r| ≥ 0.7) become ``ArtefactKind/blink``.
    ///
    /// - Parameters:
    ///   - artefacts: The channel's artefacts.
    ///   - signal: The channel.
    ///   - eog: EOG channels at the same rate and length.
    public static func classifiedBlinks(_ artefacts: [Artefact], in signal: Signal, eog: [Signal])
        -> [Artefact]
    {
        artefacts.map { artefact in
            guard artefact.kind == .amplitude else { return artefact }
            for channel in eog
            where channel.count == signal.count && channel.sampleRate == signal.sampleRate {
                let r = pearson(signal.samples[artefact.range], channel.samples[artefact.range])
                if abs(r) >= 0.7 {
                    return Artefact(range: artefact.range, sampleRate: artefact.sampleRate, kind: .blink)
                }
            }
            return artefact
        }
    }

    /// Whether a 10-20/10-10 label is frontal: Fp…, AF… or F followed by a digit or `z`.
    static func isFrontal(_ label: String) -> Bool {
        let name = label.uppercased().replacingOccurrences(of: "EEG ", with: "")
            .trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("FP") || name.hasPrefix("AF") { return true }
        guard name.hasPrefix("F"), name.count >= 2 else { return false }
        let second = name[name.index(after: name.startIndex)]
        return second.isNumber || second == "Z"
    }

    /// Median and 1.4826 × MAD.
    static func robustLocationScale(_ values: [Double]) -> (Double, Double) {
        let center = EpisodeDetector.median(values)
        let deviation = EpisodeDetector.median(values.map { abs($0 - center) })
        return (center, 1.4826 * deviation)
    }

    static func pearson(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        let n = Double(a.count)
        guard n > 2 else { return 0 }
        let meanA = a.reduce(0, +) / n
        let meanB = b.reduce(0, +) / n
        var (ab, aa, bb) = (0.0, 0.0, 0.0)
        for (x, y) in zip(a, b) {
            ab += (x - meanA) * (y - meanB)
            aa += (x - meanA) * (x - meanA)
            bb += (y - meanB) * (y - meanB)
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }
}

// MARK: - Episodes on artefacts

extension RhythmEpisode {
    /// Whether the episode overlaps one of `artefacts` widened by `marginCount` samples on
    /// each side (band-pass ringing reaches about one cycle of the band's lower edge beyond a
    /// transient).
    public func overlaps(_ artefacts: [Artefact], marginCount: Int) -> Bool {
        let range = burst.range
        return artefacts.contains { artefact in
            artefact.range.lowerBound - marginCount < range.upperBound
                && range.lowerBound < artefact.range.upperBound + marginCount
        }
    }
}

extension EpisodeDetection {
    /// The detection without the episodes that overlap `artefacts` (see
    /// ``RhythmEpisode/overlaps(_:marginCount:)``); evidence and everything else unchanged.
    public func removingEpisodes(overlapping artefacts: [Artefact], marginCount: Int)
        -> EpisodeDetection
    {
        var copy = self
        copy.episodes = episodes.filter { !$0.overlaps(artefacts, marginCount: marginCount) }
        return copy
    }
}
