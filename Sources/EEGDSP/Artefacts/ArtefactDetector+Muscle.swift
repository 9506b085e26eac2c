import EEGCore
import Foundation

// MARK: - Muscle (EMG) annotations

extension ArtefactDetector {
    /// Block length of the muscle test, in seconds (0.5).
    public static let muscleBlockDuration: Seconds = 0.5
    /// Robust z that both high-frequency sub-bands must reach in a block (4).
    public static let muscleThreshold = 4.0
    /// The lowest usable upper edge at which muscle can be annotated, in Hz (30): below it the
    /// two sub-bands would lie in the beta range, where EEG itself varies.
    public static let muscleMinimumTop: Hertz = 30

    /// The two sub-bands, in Hz, in which muscle is looked for, given the usable passband's
    /// upper edge `usableHigh`: with `top` = min(`usableHigh`, 140 Hz), a lower band
    /// [0.45, 0.65]·top and an upper band [0.8, 1]·top (63–91 and 112–140 Hz at 140 Hz;
    /// 18–26 and 32–40 Hz on a recording low-passed at 45 Hz). nil when `top` is below
    /// ``muscleMinimumTop``.
    public static func muscleBands(usableHigh: Hertz) -> (lower: FilterBand, upper: FilterBand)? {
        let top = min(usableHigh, 140)
        guard top >= muscleMinimumTop else { return nil }
        return (.bandpass(low: 0.45 * top, high: 0.65 * top), .bandpass(low: 0.8 * top, high: top))
    }

    /// Muscle (EMG) runs of one channel: 0.5 s blocks where the log power of **both**
    /// high-frequency sub-bands (``muscleBands(usableHigh:)``, 4th-order Butterworth,
    /// zero phase) is at least ``muscleThreshold`` robust SDs (1.4826 × MAD over the blocks)
    /// above its median.
    ///
    /// EMG is broadband and flattens the spectrum's upper end: it raises power across the top
    /// of the passband at once, as MNE's `annotate_muscle_zscore` measures at 110–140 Hz. A
    /// gamma burst is narrow and raises at most one of two sub-bands set apart by 0.15·top;
    /// requiring both keeps bursts from being annotated as muscle. The bands follow the usable
    /// passband, so a recording low-passed at 45 Hz is tested at 18–40 Hz, not at 110–140 Hz
    /// where the filter leaves nothing. Runs get the detector's margin and merging.
    ///
    /// - Parameters:
    ///   - signal: The channel.
    ///   - usableHigh: The usable passband's upper edge in Hz (e.g. ``UsablePassband/high``).
    /// - Returns: ``ArtefactKind/muscle`` artefacts; none when the passband is too low or the
    ///   signal shorter than four blocks.
    /// - Throws: The band-pass filter's errors (``DSPError``).
    public func muscleArtefacts(in signal: Signal, usableHigh: Hertz) throws -> [Artefact] {
        let nyquist = signal.sampleRate / 2
        guard let bands = Self.muscleBands(usableHigh: min(usableHigh, 0.95 * nyquist)) else {
            return []
        }
        let blockCount = max(1, Int((Self.muscleBlockDuration * signal.sampleRate).rounded()))
        let blocks = signal.count / blockCount
        guard blocks >= 4 else { return [] }
        var raised = [Bool](repeating: true, count: blocks)
        for band in [bands.lower, bands.upper] {
            let filter = try SecondOrderSections.butterworth(
                order: 4, band: band, sampleRate: signal.sampleRate)
            guard signal.count > filter.defaultPadCount else { return [] }
            let filtered = try filter.zeroPhaseFiltered(signal.samples)
            var logPower = [Double](repeating: 0, count: blocks)
            for block in 0..<blocks {
                var sum = 0.0
                for index in (block * blockCount)..<((block + 1) * blockCount) {
                    sum += filtered[index] * filtered[index]
                }
                logPower[block] = log10(max(sum / Double(blockCount), .leastNormalMagnitude))
            }
            let (center, scale) = Self.robustLocationScale(logPower)
            for block in 0..<blocks
            where !(scale > 0 && logPower[block] - center >= Self.muscleThreshold * scale) {
                raised[block] = false
            }
        }
        let marginCount = Int((margin * signal.sampleRate).rounded())
        let gapCount = Int((mergeGap * signal.sampleRate).rounded())
        let runs = ThresholdRuns.runs(of: raised).map {
            max(0, $0.lowerBound * blockCount - marginCount)
                ..< min(signal.count, $0.upperBound * blockCount + marginCount)
        }
        return ThresholdRuns.merged(runs, maximumGapCount: gapCount).map {
            Artefact(range: $0, sampleRate: signal.sampleRate, kind: .muscle)
        }
    }
}
