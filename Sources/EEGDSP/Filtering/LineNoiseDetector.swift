import EEGCore
import Foundation

/// Finds the mains (power-line) frequency, 50 or 60 Hz, from the data.
///
/// For each candidate f0 the detector measures the power density in a narrow band
/// f0 ± 0.5 Hz and in two reference bands on either side (f0 − 5 … f0 − 2 Hz and
/// f0 + 2 … f0 + 5 Hz), each with a zero-phase order-4 Butterworth band-pass, and forms the
/// **prominence** 10·log10(line density / mean reference density) in dB. Broadband EEG
/// (1/f) gives a prominence near 0 dB (±1 dB for 20 s of data); mains interference gives
/// 3–6 dB in quiet laboratory recordings (PhysioNet eegmmidb: ~4 dB median) and tens of dB in
/// noisy ones. Data already notch-filtered at the mains frequency give large negative values.
/// The candidate with the larger prominence is reported when it reaches the threshold;
/// otherwise `nil`.
/// Candidates whose upper reference band reaches Nyquist are skipped (60 Hz needs a rate
/// above 130 Hz). At most the first ``analysisDuration`` seconds are used.
///
/// ```swift
/// if let mains = try LineNoiseDetector().lineFrequency(in: recording) {
///     clean = try recording.filtered(by: .lineNoise(frequency: mains, harmonicCount: 3))
/// }
/// ```
public struct LineNoiseDetector: Sendable, Equatable {
    /// The mains frequencies considered, in Hz.
    public static let candidates: [Hertz] = [50, 60]
    /// The longest stretch analysed, in seconds (from the start).
    public static let analysisDuration: Seconds = 120

    /// The minimum prominence in dB for a detection (default 3 dB).
    public let threshold: Decibels

    /// - Parameter threshold: Minimum prominence in dB; 3 dB by default (for recordings the
    ///   median over channels is compared, which is steadier than one channel).
    public init(threshold: Decibels = 3) {
        self.threshold = threshold
    }

    /// The prominence of `frequency` in `signal` in dB (see the type's discussion).
    ///
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)`` when f0 + 5 Hz is not below
    ///   Nyquist; ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` for signals
    ///   shorter than 2 s; ``DSPError/nonFiniteInput(label:index:)``.
    public func prominence(of frequency: Hertz, in signal: Signal) throws -> Decibels {
        try signal.requireFiniteForDSP()
        let rate = signal.sampleRate
        guard frequency + 5 < rate / 2 else {
            throw DSPError.aboveNyquist(
                name: "line-noise reference band edge", frequency: frequency + 5,
                nyquist: rate / 2)
        }
        let minimumCount = Int((2 * rate).rounded(.up))
        guard signal.count >= minimumCount else {
            throw DSPError.signalTooShort(
                label: signal.label, sampleCount: signal.count, required: minimumCount,
                purpose: "line-noise detection (2 s)")
        }
        let used = Array(signal.samples.prefix(Int(Self.analysisDuration * rate)))
        func density(_ low: Hertz, _ high: Hertz) throws -> Double {
            let sections = try SecondOrderSections.butterworth(
                order: 4, band: .bandpass(low: low, high: high), sampleRate: rate)
            let filtered = try sections.zeroPhaseFiltered(used)
            let trimmed = filtered.dropFirst(filtered.count / 10).dropLast(filtered.count / 10)
            let meanSquare = trimmed.reduce(0) { $0 + $1 * $1 } / Double(max(trimmed.count, 1))
            return meanSquare / (high - low)
        }
        let line = try density(frequency - 0.5, frequency + 0.5)
        let reference = (try density(frequency - 5, frequency - 2)
            + density(frequency + 2, frequency + 5)) / 2
        guard reference > 0 else { return line > 0 ? .infinity : 0 }
        return 10 * log10(max(line, .leastNormalMagnitude) / reference)
    }

    /// The mains frequency of one channel, or `nil` when neither candidate stands out.
    /// - Throws: As ``prominence(of:in:)``, except that candidates too close to Nyquist are
    ///   skipped rather than thrown.
    public func lineFrequency(in signal: Signal) throws -> Hertz? {
        var best: (frequency: Hertz, prominence: Decibels)?
        for candidate in Self.candidates where candidate + 5 < signal.sampleRate / 2 {
            let value = try prominence(of: candidate, in: signal)
            if value >= threshold, value > (best?.prominence ?? -.infinity) {
                best = (candidate, value)
            }
        }
        return best?.frequency
    }

    /// The mains frequency of a recording: each candidate's median prominence over the
    /// channels (computed in parallel), the larger one if it reaches the threshold. For a
    /// discontinuous recording (EDF+D) each channel's longest gap-free stretch is used, so
    /// that no band-pass runs across a join.
    /// - Throws: As ``prominence(of:in:)`` for the first failing channel.
    public func lineFrequency(in recording: Recording) throws -> Hertz? {
        let channels = recording.signals.map { signal -> Signal in
            let ranges = recording.stretchSampleRanges(of: signal)
            guard ranges.count > 1, let longest = ranges.max(by: { $0.count < $1.count })
            else { return signal }
            return signal.slice(longest)
        }
        let prominences = try concurrentMap(channels) { signal -> [Hertz: Decibels] in
            var values: [Hertz: Decibels] = [:]
            for candidate in Self.candidates where candidate + 5 < signal.sampleRate / 2 {
                values[candidate] = try prominence(of: candidate, in: signal)
            }
            return values
        }
        var best: (frequency: Hertz, prominence: Decibels)?
        for candidate in Self.candidates {
            let values = prominences.compactMap { $0[candidate] }.sorted()
            guard !values.isEmpty else { continue }
            let middle = values.count / 2
            let median = values.count % 2 == 1
                ? values[middle] : (values[middle - 1] + values[middle]) / 2
            if median >= threshold, median > (best?.prominence ?? -.infinity) {
                best = (candidate, median)
            }
        }
        return best?.frequency
    }
}
