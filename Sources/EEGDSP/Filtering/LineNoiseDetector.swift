import EEGCore
import Foundation

/// Finds the mains (power-line) frequency, 50 or 60 Hz, from the data: a line that is narrow
/// and present most of the time.
///
/// For each candidate f0 the detector measures the power density in a narrow band
/// f0 ± 0.5 Hz and in two reference bands on either side (f0 − 5 … f0 − 2 Hz and
/// f0 + 2 … f0 + 5 Hz), each with a zero-phase order-4 Butterworth band-pass, and forms the
/// **prominence** 10·log10(line density / mean reference density) in dB — a measure of
/// narrowness: a line 1 Hz wide stands out, a broadband rise or a burst of oscillation a few
/// cycles long (spectrally several Hz wide) reaches the reference bands too.
///
/// **Persistence.** Mains is stationary; gamma comes in bursts. The prominence is measured in
/// consecutive ``windowDuration`` windows (4 s; 2 s for signals shorter than 20 s; the first and
/// last 10 % of the filtered signal are skipped), and a channel's **persistence** is the
/// fraction of windows whose prominence reaches ``threshold`` (3 dB). A candidate is mains when
/// its median persistence over the channels reaches ``minimumPersistence`` (0.3; the
/// first 16 channels of eegmmidb S001R01 reach less than half). Measured (scripts/evaluate_line_noise.py and real files): bursty 60 Hz gamma
/// (~20 % of the time, no mains, 10–30 dB) reaches at most 5 % of 2 s windows; real mains
/// 86 % (eegmmidb S001R01, 60 Hz, median prominence 5 dB), 95 % (Nihon Kohden, 60 Hz) and
/// 100 % (BioSemi, 50 Hz). When both candidates qualify the more persistent wins (then the
/// larger median prominence). At most the first ``analysisDuration`` seconds are used;
/// candidates whose upper reference band reaches Nyquist are skipped (60 Hz needs a rate
/// above 130 Hz). Data already notch-filtered at the mains frequency give large negative
/// prominences and no detection.
///
/// **Stationarity.** Windows of seconds are not enough: gamma bursts a few per second, phase-
/// locked to one 60 Hz sinusoid (as NeuroDSP's `sim_bursty_oscillation` makes them), raise
/// every 4 s window. So the detector also measures the **line fraction**: of the power above
/// the background (a log-log line through the bins 3–5 Hz away) within ±2 Hz of f0, the share
/// inside ±0.25 Hz (Welch, 8 s segments over the analysed stretch). A sinusoid of constant
/// amplitude puts all its power in the line; one present a fraction d of the time puts only
/// about d there, the rest in sidebands as wide as a burst is short. Measured medians over
/// channels: mains 0.76 (eegmmidb), 1.0 (xltek); bursty 60 Hz gamma 20 % of the time at 10 and
/// 20 dB at most 0.38 (8 seeds). A candidate must reach ``minimumLineFraction`` (0.5) as well.
///
/// A declared mains frequency (BIDS `PowerLineFrequency`, ``EEGCore/Recording/powerLineFrequency``)
/// should be used instead of this detector when the source has one.
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
    /// The window over which one prominence is measured, in seconds (2 s below 20 s of data).
    public static let windowDuration: Seconds = 4
    /// The smallest share of the excess power near the candidate that must sit in the line
    /// itself (0.5).
    public static let minimumLineFraction = 0.5

    /// The minimum prominence in dB for a window to show the line (default 3 dB).
    public let threshold: Decibels
    /// The fraction of windows that must show the line (default 0.3).
    public let minimumPersistence: Double

    /// - Parameters:
    ///   - threshold: Minimum prominence of a window in dB; 3 dB by default.
    ///   - minimumPersistence: The fraction of windows (median over channels) that must reach
    ///     it; 0.3 by default.
    public init(threshold: Decibels = 3, minimumPersistence: Double = 0.3) {
        self.threshold = threshold
        self.minimumPersistence = minimumPersistence
    }

    /// How strongly and how persistently a line at one frequency shows in one signal.
    public struct LineMeasurement: Sendable, Equatable {
        /// The prominence over the whole analysed stretch, in dB.
        public let prominence: Decibels
        /// The prominence of each window, in dB.
        public let windowProminences: [Decibels]
        /// The share of the power above the background within ±2 Hz of the frequency that
        /// sits in the line itself (±0.25 Hz), in [0, 1] (see the type's discussion).
        public let lineFraction: Double

        /// The fraction of windows at or above `threshold` dB (0 without windows).
        public func persistence(threshold: Decibels) -> Double {
            guard !windowProminences.isEmpty else { return 0 }
            let shown = windowProminences.filter { $0 >= threshold }.count
            return Double(shown) / Double(windowProminences.count)
        }
    }

    /// The prominence of `frequency` in `signal` in dB (see the type's discussion).
    ///
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)`` when f0 + 5 Hz is not below
    ///   Nyquist; ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` for signals
    ///   shorter than 2 s; ``DSPError/nonFiniteInput(label:index:)``.
    public func prominence(of frequency: Hertz, in signal: Signal) throws -> Decibels {
        try measurement(of: frequency, in: signal).prominence
    }

    /// The whole-stretch and per-window prominences of `frequency` in `signal`.
    ///
    /// - Throws: As ``prominence(of:in:)``.
    public func measurement(of frequency: Hertz, in signal: Signal) throws -> LineMeasurement {
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
        // Squared band-passed samples with the filter edges (10 % each side) dropped.
        func squared(_ low: Hertz, _ high: Hertz) throws -> ArraySlice<Double> {
            let sections = try SecondOrderSections.butterworth(
                order: 4, band: .bandpass(low: low, high: high), sampleRate: rate)
            let filtered = try sections.zeroPhaseFiltered(used)
            return filtered.map { $0 * $0 }
                .dropFirst(filtered.count / 10).dropLast(filtered.count / 10)
        }
        let line = try squared(frequency - 0.5, frequency + 0.5)
        let below = try squared(frequency - 5, frequency - 2)
        let above = try squared(frequency + 2, frequency + 5)
        func ratio(_ range: Range<Int>) -> Decibels {
            let count = Double(max(range.count, 1))
            let base = line.startIndex
            let shifted = (range.lowerBound + base)..<(range.upperBound + base)
            let lineDensity = line[shifted].reduce(0, +) / count / 1
            let reference = (below[shifted].reduce(0, +) + above[shifted].reduce(0, +))
                / count / 3 / 2
            guard reference > 0 else { return lineDensity > 0 ? .infinity : 0 }
            return 10 * log10(max(lineDensity, .leastNormalMagnitude) / reference)
        }
        let whole = ratio(0..<line.count)
        let seconds = used.count < Int(20 * rate) ? 2 : Self.windowDuration
        let window = max(1, Int(seconds * rate))
        let windows = stride(from: 0, to: line.count - window + 1, by: window).map {
            ratio($0..<($0 + window))
        }
        return LineMeasurement(
            prominence: whole, windowProminences: windows,
            lineFraction: try Self.lineFraction(of: frequency, in: signal.replacingSamples(used)))
    }

    /// The share of the excess power within ±2 Hz of `frequency` that lies within ±0.25 Hz
    /// of it, from a Welch PSD with 8 s segments (half the signal when shorter than 16 s).
    /// The background is a straight line in log-log through the bins 3–5 Hz away on either
    /// side (so a 1/f slope does not count as excess); excess is PSD minus background, summed
    /// with its sign. 0 when there is no excess power.
    static func lineFraction(of frequency: Hertz, in signal: Signal) throws -> Double {
        let segment = min(8, signal.duration / 2)
        let spectrum = try signal.powerSpectrum(method: .welch(segmentDuration: segment))
        let step = spectrum.resolution
        let pairs = zip(spectrum.frequencies, spectrum.power).filter { $0.0 > 0 && $0.1 > 0 }
        let reference = pairs.filter {
            let offset = abs($0.0 - frequency)
            return offset >= 3 && offset <= 5
        }.map { (log10($0.0), log10($0.1)) }
        guard reference.count >= 2, step > 0 else { return 0 }
        let count = Double(reference.count)
        let meanX = reference.reduce(0) { $0 + $1.0 } / count
        let meanY = reference.reduce(0) { $0 + $1.1 } / count
        let sxx = reference.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        let slope = sxx > 0
            ? reference.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) } / sxx : 0
        func background(_ bin: Hertz) -> Double { pow(10, meanY + slope * (log10(bin) - meanX)) }
        func excess(within halfWidth: Hertz) -> Double {
            pairs.filter { abs($0.0 - frequency) <= halfWidth + step / 2 }
                .reduce(0) { $0 + ($1.1 - background($1.0)) * step }
        }
        let total = excess(within: 2)
        guard total > 0 else { return 0 }
        return min(1, max(0, excess(within: max(0.25, step)) / total))
    }

    /// The mains frequency of one channel, or `nil` when neither candidate is persistent.
    /// - Throws: As ``prominence(of:in:)``, except that candidates too close to Nyquist are
    ///   skipped rather than thrown.
    public func lineFrequency(in signal: Signal) throws -> Hertz? {
        var values: [Hertz: LineMeasurement] = [:]
        for candidate in Self.candidates where candidate + 5 < signal.sampleRate / 2 {
            values[candidate] = try measurement(of: candidate, in: signal)
        }
        return decision(values.mapValues { [$0] })
    }

    /// The mains frequency of a recording: for each candidate, the median over channels
    /// (computed in parallel) of the persistence and of the prominence; the candidate is mains
    /// when its median persistence reaches ``minimumPersistence``. For a discontinuous
    /// recording (EDF+D) each channel's longest gap-free stretch is used, so that no band-pass
    /// runs across a join.
    /// - Throws: As ``prominence(of:in:)`` for the first failing channel.
    public func lineFrequency(in recording: Recording) throws -> Hertz? {
        let channels = recording.signals.map { signal -> Signal in
            let ranges = recording.stretchSampleRanges(of: signal)
            guard ranges.count > 1, let longest = ranges.max(by: { $0.count < $1.count })
            else { return signal }
            return signal.slice(longest)
        }
        let measured = try concurrentMap(channels) { signal -> [Hertz: LineMeasurement] in
            var values: [Hertz: LineMeasurement] = [:]
            for candidate in Self.candidates where candidate + 5 < signal.sampleRate / 2 {
                values[candidate] = try measurement(of: candidate, in: signal)
            }
            return values
        }
        var byCandidate: [Hertz: [LineMeasurement]] = [:]
        for channel in measured {
            for (candidate, value) in channel { byCandidate[candidate, default: []].append(value) }
        }
        return decision(byCandidate)
    }

    /// The candidate whose median persistence over channels reaches ``minimumPersistence``
    /// (the more persistent one, then the more prominent one), or `nil`.
    func decision(_ measurements: [Hertz: [LineMeasurement]]) -> Hertz? {
        var best: (frequency: Hertz, persistence: Double, prominence: Decibels)?
        for candidate in Self.candidates {
            guard let values = measurements[candidate], !values.isEmpty else { continue }
            let persistence = Self.median(values.map { $0.persistence(threshold: threshold) })
            let prominence = Self.median(values.map(\.prominence))
            let fraction = Self.median(values.map(\.lineFraction))
            guard persistence >= minimumPersistence, fraction >= Self.minimumLineFraction
            else { continue }
            if let current = best,
                (current.persistence, current.prominence) >= (persistence, prominence)
            {
                continue
            }
            best = (candidate, persistence, prominence)
        }
        return best?.frequency
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
