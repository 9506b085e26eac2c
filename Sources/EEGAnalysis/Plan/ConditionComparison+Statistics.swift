import EEGCore
import EEGDSP
import EEGStatistics
import Foundation

extension ConditionComparison {
    /// Interval and p-values of each channel's band power change, for reports.
    ///
    /// Each span is cut into non-overlapping `epochDuration` epochs inside its gap-free
    /// stretches; per epoch the Hann periodogram is integrated over every band (Simpson's
    /// rule). Per channel and band: the change 10·log10(mean condition / mean baseline epoch
    /// power) with its 95 % circular block-bootstrap interval (blocks of ⌈n^(1/3)⌉ epochs),
    /// and the circular-shift p of the dB epoch series, uncorrected and max-statistic
    /// corrected over all channels × bands (``EEGStatistics/CircularShiftTest``; same
    /// assumptions as `eegscope compare`: stationarity apart from the condition). Series that
    /// drift within the spans (``EEGStatistics/DriftRatio``, each band also pooled over the
    /// channels) are withheld from the correction: their `pCorrected` is `nil`.
    ///
    /// - Parameters:
    ///   - recording: The recording holding both spans (recording time).
    ///   - spans: The spans.
    ///   - bands: The bands, below every channel's Nyquist frequency.
    ///   - epochDuration: Epoch length in seconds (default 2).
    ///   - seed: Seed of the bootstrap (default 1).
    /// - Returns: `[channel][band]` tests; channels in recording order.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` when a span holds
    ///   fewer than two epochs or channels differ in epoch count; ``DSPError`` from spectra.
    public static func bandPowerTests(
        recording: Recording, spans: ConditionSpans, bands: [FrequencyBand],
        epochDuration: Seconds = 2, seed: UInt64 = 1
    ) throws -> [[ChangeTest]] {
        let baseline = recording.excerpt(
            from: spans.baseline.lowerBound, to: spans.baseline.upperBound)
        let condition = recording.excerpt(
            from: spans.condition.lowerBound, to: spans.condition.upperBound)
        // powers[channel][band][epoch], baseline then condition.
        var first: [[[Double]]] = []
        var second: [[[Double]]] = []
        for (before, after) in zip(baseline.signals, condition.signals) {
            first.append(try epochPowers(
                before, stretches: baseline.stretchSampleRanges(of: before), bands: bands,
                epochDuration: epochDuration))
            second.append(try epochPowers(
                after, stretches: condition.stretchSampleRanges(of: after), bands: bands,
                epochDuration: epochDuration))
        }
        let series = zip(first, second).flatMap { a, b in
            zip(a, b).map { ($0 + $1).map { 10 * log10(max($0, .leastNormalMagnitude)) } }
        }
        let baselineCount = first.first?.first?.count ?? 0
        guard series.allSatisfy({ $0.count == series.first?.count }) else {
            throw AnalysisError.invalidParameter(
                name: "epoch counts", value: "differ between channels",
                expected: "one sampling rate for the report's comparison channels")
        }
        let test: [RhythmComparison.FamilyResult]
        do {
            test = try RhythmComparison.familyTest(
                series, baselineCount: baselineCount, statistics: bands.count)
        } catch {
            throw AnalysisError.invalidParameter(
                name: "comparison epochs", value: "\(error)",
                expected: "at least two \(epochDuration) s epochs per span")
        }
        var generator = SeededGenerator(seed: seed)
        var result: [[ChangeTest]] = []
        for channel in first.indices {
            var row: [ChangeTest] = []
            for band in bands.indices {
                let a = first[channel][band]
                let b = second[channel][band]
                let blockLength = max(
                    1, Int(pow(Double(min(a.count, b.count)), 1.0 / 3).rounded(.up)))
                let interval = try Bootstrap.blockInterval(
                    of: [a, b], blockLength: blockLength, count: 1000, using: &generator
                ) { RhythmComparison.powerChange($0[0], $0[1]) }
                let index = channel * bands.count + band
                row.append(ChangeTest(
                    change: RhythmComparison.powerChange(a, b),
                    interval: [interval.low, interval.high], p: test[index].p,
                    pCorrected: test[index].corrected, driftRatio: test[index].driftRatio,
                    withheldForDrift: test[index].withheld))
            }
            result.append(row)
        }
        return result
    }

    /// `[band][epoch]` band power (unit²) of one channel's span.
    private static func epochPowers(
        _ signal: Signal, stretches: [Range<Int>], bands: [FrequencyBand],
        epochDuration: Seconds
    ) throws -> [[Double]] {
        let length = Int((epochDuration * signal.sampleRate).rounded())
        var powers = [[Double]](repeating: [], count: bands.count)
        guard length > 0 else { return powers }
        for range in stretches {
            for index in 0..<(range.count / length) {
                let start = range.lowerBound + index * length
                let spectrum = try signal.slice(start..<(start + length)).powerSpectrum(
                    method: .welch(segmentDuration: epochDuration))
                for (band, power) in try spectrum.bandPowers(bands).enumerated() {
                    powers[band].append(power.absolute)
                }
            }
        }
        return powers
    }
}
