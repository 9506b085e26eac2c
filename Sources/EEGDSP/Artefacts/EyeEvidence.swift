import EEGCore
import Foundation

/// Recording-level evidence that a large slow excursion on a channel comes from the eyes:
/// frontal dominance over the other EEG channels, or correlation with an EOG channel.
///
/// Blinks after a 0.5 Hz high-pass are one-sided bumps, but eye movements (saccades back and
/// forth, a blink with its rebound) are two-sided, like a strong oscillation. A strong
/// posterior 3 Hz burst is largest on posterior channels; an eye artefact falls off steeply
/// from the eyes. So an amplitude excursion on a frontal channel (Fp, AF, F + digit/z) is an
/// eye artefact when its RMS (0.5 Hz high-passed, over the excursion) is at least
/// ``dominanceRatio`` times the median RMS of the non-frontal EEG channels over the same span;
/// on any channel, it is one when it correlates with an EOG channel (|r| ≥ ``eogCorrelation``).
///
/// On eegmmidb S001R01 the two-sided frontal excursions that gave 2.4–3.1 Hz "episodes" on
/// Fp1 measured 2.3–6.2 times the non-frontal median.
///
/// ```swift
/// let eye = try EyeEvidence(eeg: recording.signals, eog: [])
/// let artefacts = try ArtefactDetector().artefacts(in: recording.signals[0], eye: eye)
/// ```
public struct EyeEvidence: Sendable {
    /// The least frontal-to-non-frontal RMS ratio of an eye artefact (2).
    public static let dominanceRatio = 2.0
    /// The least |Pearson r| with an EOG channel (0.7).
    public static let eogCorrelation = 0.7

    /// The rate and length the evidence applies to.
    public let sampleRate: Hertz
    public let count: Int
    /// Per sample, the median over the non-frontal EEG channels of the squared 0.5 Hz
    /// high-passed signal (unit²); nil with fewer than two such channels.
    let referencePower: [Double]?
    /// EOG channels of the same rate and length.
    let eog: [Signal]
    /// Eye artefacts found on frontal channels (amplitude excursions that pass the dominance
    /// test), each with its channel's label and 0.5 Hz high-passed samples: other channels
    /// that follow them (|r| ≥ ``eogCorrelation``) carry the same eye artefact, as they would
    /// follow an EOG channel.
    let frontalSpans: [(range: Range<Int>, label: String, source: Int)]
    let frontalFiltered: [[Double]]

    /// Collects the evidence for channels of `eeg`'s first rate and length.
    ///
    /// - Parameters:
    ///   - eeg: The EEG channels (others of a different rate or length are ignored).
    ///   - eog: EOG channels (same rate and length, others ignored).
    /// - Throws: The high-pass's errors (``DSPError``).
    public init(eeg: [Signal], eog: [Signal], detector: ArtefactDetector = ArtefactDetector())
        throws
    {
        guard let first = eeg.first else {
            frontalSpans = []
            frontalFiltered = []
            sampleRate = 0
            count = 0
            referencePower = nil
            self.eog = []
            return
        }
        sampleRate = first.sampleRate
        count = first.count
        let matching = { (signal: Signal) in
            signal.sampleRate == first.sampleRate && signal.count == first.count
        }
        self.eog = eog.filter(matching)
        let others = eeg.filter { matching($0) && !ArtefactDetector.isFrontal($0.label) }
        let highpass = try SecondOrderSections.butterworth(
            order: 2, band: .highpass(cutoff: 0.5), sampleRate: first.sampleRate)
        guard others.count >= 2, first.count > highpass.defaultPadCount else {
            referencePower = nil
            frontalSpans = []
            frontalFiltered = []
            return
        }
        let filtered = try others.map { try highpass.zeroPhaseFiltered($0.samples) }
        var power = [Double](repeating: 0, count: first.count)
        var column = [Double](repeating: 0, count: filtered.count)
        for index in 0..<first.count {
            for channel in filtered.indices {
                column[channel] = filtered[channel][index] * filtered[channel][index]
            }
            power[index] = EpisodeDetector.median(column)
        }
        referencePower = power
        // Frontal eye artefacts, found as ArtefactDetector finds amplitude excursions.
        var spans: [(range: Range<Int>, label: String, source: Int)] = []
        var sources: [[Double]] = []
        let gapCount = Int((detector.mergeGap * first.sampleRate).rounded())
        for signal in eeg where matching(signal) && ArtefactDetector.isFrontal(signal.label) {
            let filtered = try highpass.zeroPhaseFiltered(signal.samples)
            let (center, scale) = ArtefactDetector.robustLocationScale(filtered)
            guard scale > 0 else { continue }
            let flags = filtered.map { abs($0 - center) > detector.amplitudeThreshold * scale }
            let groups = ThresholdRuns.merged(
                ThresholdRuns.runs(of: flags), maximumGapCount: gapCount)
            let eyes = groups.filter {
                Self.dominates($0, filtered: filtered, referencePower: power)
            }
            guard !eyes.isEmpty else { continue }
            sources.append(filtered)
            spans += eyes.map { ($0, signal.label, sources.count - 1) }
        }
        frontalSpans = spans
        frontalFiltered = sources
    }

    /// Whether `filtered` over `range` has at least ``dominanceRatio`` times the RMS that
    /// `referencePower` (mean square per sample) implies.
    static func dominates(_ range: Range<Int>, filtered: [Double], referencePower: [Double])
        -> Bool
    {
        var own = 0.0
        var reference = 0.0
        for index in range {
            own += filtered[index] * filtered[index]
            reference += referencePower[index]
        }
        return reference > 0 && own >= dominanceRatio * dominanceRatio * reference
    }

    /// The frontal eye artefacts that `signal` (its 0.5 Hz high-passed samples `filtered`)
    /// follows: |Pearson r| ≥ ``eogCorrelation`` with the frontal channel over the span. An
    /// eye movement reaches fronto-central and temporal channels (Fc, Ft, T) below their own
    /// amplitude threshold and still rings the band-pass there.
    func followedEyeSpans(of signal: Signal, filtered: [Double]) -> [Range<Int>] {
        guard signal.sampleRate == sampleRate, signal.count == count else { return [] }
        return frontalSpans.filter { span in
            span.label != signal.label
                && abs(ArtefactDetector.pearson(
                    filtered[span.range], frontalFiltered[span.source][span.range]))
                    >= Self.eogCorrelation
        }.map(\.range)
    }

    /// Whether the excursion over `range` of `signal` (with `filtered`, its 0.5 Hz high-passed
    /// samples) is an eye artefact.
    func isEyeArtefact(_ range: Range<Int>, signal: Signal, filtered: [Double]) -> Bool {
        guard signal.sampleRate == sampleRate, signal.count == count, !range.isEmpty else {
            return false
        }
        if ArtefactDetector.isFrontal(signal.label), let referencePower,
            Self.dominates(range, filtered: filtered, referencePower: referencePower)
        {
            return true
        }
        return eog.contains { channel in
            channel.label != signal.label
                && abs(ArtefactDetector.pearson(signal.samples[range], channel.samples[range]))
                    >= Self.eogCorrelation
        }
    }
}
