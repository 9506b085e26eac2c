import EEGCore
import Foundation

/// A muscle-artifact index over channels, after MNE's `annotate_muscle_zscore`.
///
/// Steps (MNE 1.13): band-pass 110–140 Hz, Hilbert amplitude envelope per channel, z-score
/// each channel's envelope over time (population SD), sum over channels and divide by
/// √channels, low-pass at 4 Hz; samples above the threshold (4) are "muscle". EEGScope
/// filters with zero-phase 4th-order Butterworth filters (`sosfiltfilt`) where MNE uses
/// FIR `firwin` designs, so values agree in shape, not to the digit.
///
/// Gamma (30–80 Hz) measured on the scalp overlaps the spectrum of scalp and neck muscle
/// (EMG, roughly 20–300 Hz), so a high index means a gamma result may be muscle.
///
/// ```swift
/// switch try MuscleIndex.assess(recording) {
/// case .measured(let index): print(index.fractionAboveThreshold)
/// case .unavailable(let reason): print(reason)
/// }
/// ```
public struct MuscleIndex: Sendable, Equatable {
    /// The band in which muscle activity is measured: 110–140 Hz (MNE's `filter_freq`).
    public static let band = FrequencyBand(uncheckedLow: 110, high: 140)
    /// The z-score threshold: 4 (MNE's default `threshold`).
    public static let threshold = 4.0
    /// The smoothing low-pass in Hz: 4 (as MNE).
    public static let smoothingCutoff: Hertz = 4
    /// The fraction of time above threshold from which ``isHigh`` is true: 0.01 (1 %).
    public static let highFraction = 0.01

    /// The largest smoothed z-score.
    public let maximumScore: Double
    /// The fraction of samples whose smoothed z-score exceeds ``threshold``, in [0, 1].
    public let fractionAboveThreshold: Double
    /// The number of channels summed.
    public let channelCount: Int
    /// The sample rate of the summed channels in Hz.
    public let sampleRate: Hertz

    /// Whether more than ``highFraction`` of the time is above threshold.
    public var isHigh: Bool { fractionAboveThreshold > Self.highFraction }

    /// The outcome of ``assess(_:)``.
    public enum Assessment: Sendable, Equatable {
        /// The index could be computed.
        case measured(MuscleIndex)
        /// It could not; the reason says why (e.g. the rate is too low).
        case unavailable(reason: String)
    }

    /// Computes the index over the channels of `recording` that share its most common rate.
    ///
    /// A discontinuous recording (EDF+D) is filtered, enveloped and smoothed stretch by
    /// stretch, so that the steps at the joins do not look like muscle bursts; stretches too
    /// short to filter are left out of the index.
    ///
    /// - Returns: ``Assessment/unavailable(reason:)`` when that rate's Nyquist frequency is not
    ///   above 140 Hz plus a 5 % margin (e.g. 256 Hz: Nyquist 128 Hz), or when no channel (or
    ///   no gap-free stretch) is long enough to filter.
    /// - Throws: ``DSPError/nonFiniteInput(label:index:)`` for NaN or infinite samples.
    public static func assess(_ recording: Recording) throws -> Assessment {
        let rates = Dictionary(grouping: recording.signals, by: \.sampleRate)
        guard
            let (sampleRate, signals) = rates.max(by: {
                $0.value.count != $1.value.count
                    ? $0.value.count < $1.value.count : $0.key < $1.key
            })
        else { return .unavailable(reason: "the recording has no channels") }
        let nyquist = sampleRate / 2
        guard band.high * 1.05 < nyquist else {
            return .unavailable(
                reason: "the sampling rate \(formatHertz(sampleRate)) Hz has its Nyquist "
                    + "frequency at \(formatHertz(nyquist)) Hz, not above the 110–140 Hz "
                    + "muscle band (needs more than \(formatHertz(2 * band.high * 1.05)) Hz)")
        }
        let bandpass = try SecondOrderSections.butterworth(
            order: 4, band: .bandpass(low: band.low, high: band.high), sampleRate: sampleRate)
        let smoothing = try SecondOrderSections.butterworth(
            order: 4, band: .lowpass(cutoff: smoothingCutoff), sampleRate: sampleRate)
        let count = signals.map(\.count).min() ?? 0
        let needed = max(bandpass.defaultPadCount, smoothing.defaultPadCount) + 1
        guard count >= needed else {
            return .unavailable(
                reason: "the channels have \(count) samples; the muscle index needs \(needed)")
        }
        // The gap-free stretches long enough to filter (the whole channel when continuous).
        let ranges = recording.stretchSampleRanges(of: signals[0])
            .map { $0.clamped(to: 0..<count) }.filter { $0.count >= needed }
        let used = ranges.reduce(0) { $0 + $1.count }
        guard used > 0 else {
            return .unavailable(
                reason: "no gap-free stretch has the \(needed) samples the muscle index needs")
        }
        var total = [Double](repeating: 0, count: count)
        var envelope = [Double](repeating: 0, count: count)
        for signal in signals {
            if let index = signal.firstNonFiniteIndex {
                throw DSPError.nonFiniteInput(label: signal.label, index: index)
            }
            for range in ranges {
                let filtered = try bandpass.zeroPhaseFiltered(Array(signal.samples[range]))
                let amplitude = try AnalyticSignal(samples: filtered, sampleRate: sampleRate)
                    .amplitude
                envelope.replaceSubrange(range, with: amplitude)
            }
            var sum = 0.0
            for range in ranges { for index in range { sum += envelope[index] } }
            let mean = sum / Double(used)
            var squares = 0.0
            for range in ranges {
                for index in range {
                    squares += (envelope[index] - mean) * (envelope[index] - mean)
                }
            }
            let deviation = (squares / Double(used)).squareRoot()
            guard deviation > 0 else { continue }
            for range in ranges {
                for index in range { total[index] += (envelope[index] - mean) / deviation }
            }
        }
        let scale = 1 / Double(signals.count).squareRoot()
        var scores: [Double] = []
        scores.reserveCapacity(used)
        for range in ranges {
            scores += try smoothing.zeroPhaseFiltered(total[range].map { $0 * scale })
        }
        let above = scores.filter { $0 > threshold }.count
        return .measured(
            MuscleIndex(
                maximumScore: scores.max() ?? 0,
                fractionAboveThreshold: Double(above) / Double(used),
                channelCount: signals.count, sampleRate: sampleRate))
    }
}
