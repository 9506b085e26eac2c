import EEGCore
import Foundation

/// A transition bandwidth for MNE-style FIR design: MNE's automatic rule or a fixed width.
public enum TransitionBandwidth: Sendable, Equatable, Hashable {
    /// MNE's `'auto'`: at a lower edge f, min(max(0.25·f, 2 Hz), f); at an upper edge f,
    /// min(max(0.25·f, 2 Hz), Nyquist − f).
    case automatic
    /// A fixed width in Hz (> 0).
    case width(Hertz)
}

/// The length of an FIR filter.
public enum FIRLength: Sendable, Equatable, Hashable {
    /// MNE's `'auto'`: `ceil(lengthFactor / narrowest transition · sampleRate)` samples, made
    /// odd (length factor 3.3 for Hamming, 3.1 Hann, 5.0 Blackman).
    case automatic
    /// Exactly this many taps (made odd by adding one if even, as MNE does).
    case taps(Int)
    /// A duration in seconds, `ceil(duration · sampleRate)` taps made odd (MNE's `"10s"`).
    case duration(Seconds)
}

/// A linear-phase FIR filter: its coefficients and the rate they were designed for.
///
/// Two designs: ``windowedSinc(tapCount:band:sampleRate:window:scaled:)`` is
/// `scipy.signal.firwin`; ``mne(band:sampleRate:window:lowTransition:highTransition:length:)``
/// is `mne.filter.create_filter` with `fir_design='firwin'` (MNE's default band-pass filter).
/// Application: ``zeroPhaseFiltered(_:)`` as MNE's `filter_data` (`phase='zero'`,
/// `pad='reflect_limited'`); ``causallyFiltered(_:)`` as `scipy.signal.lfilter(h, 1, x)`.
///
/// ```swift
/// let filter = try FIRFilter.mne(band: .bandpass(low: 1, high: 40), sampleRate: 256)
/// let clean = try filter.zeroPhaseFiltered(samples)
/// ```
public struct FIRFilter: Sendable, Equatable {
    /// The impulse response h[0…n−1].
    public let coefficients: [Double]
    /// The sample rate the filter was designed for, in Hz.
    public let sampleRate: Hertz

    /// Wraps given coefficients.
    /// - Throws: ``DSPError/emptyInput(what:)``,
    ///   ``DSPError/invalidParameter(name:value:expected:)`` for non-finite coefficients or a
    ///   bad rate.
    public init(coefficients: [Double], sampleRate: Hertz) throws {
        guard !coefficients.isEmpty else { throw DSPError.emptyInput(what: "FIR coefficients") }
        if let index = coefficients.firstIndex(where: { !$0.isFinite }) {
            throw DSPError.invalidParameter(
                name: "FIR coefficient \(index)", value: "\(coefficients[index])",
                expected: "a finite value")
        }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        self.coefficients = coefficients
        self.sampleRate = sampleRate
    }

    init(unchecked coefficients: [Double], sampleRate: Hertz) {
        self.coefficients = coefficients
        self.sampleRate = sampleRate
    }

    /// The number of taps.
    public var tapCount: Int { coefficients.count }

    /// The group delay in samples, (taps − 1) / 2, which zero-phase application removes.
    public var delay: Double { Double(coefficients.count - 1) / 2 }

    // MARK: - scipy.signal.firwin

    /// The largest number of taps accepted (2²⁴): guards against unbounded allocation.
    public static let maximumTapCount = 1 << 24

    /// Designs a windowed-sinc filter, as `scipy.signal.firwin(tapCount, edges, window=,
    /// pass_zero=, scale=, fs=sampleRate)`.
    ///
    /// The ideal response (a sum of sinc functions, one per band) is multiplied by the
    /// symmetric window. With `scaled`, coefficients are normalized so the gain is exactly 1
    /// at 0 Hz (low-pass, band-stop), at Nyquist (high-pass) or at the centre of the pass band
    /// (band-pass). Edges are the −6 dB points.
    ///
    /// - Parameters:
    ///   - tapCount: Number of taps, 1…``maximumTapCount``; must be odd for high-pass and
    ///     band-stop (a filter passing Nyquist needs a centre tap).
    ///   - band: The band; edges in Hz between 0 and Nyquist (exclusive).
    ///   - sampleRate: The sample rate in Hz.
    ///   - window: The taper; Hamming by default, as SciPy.
    ///   - scaled: Normalize the gain as described (SciPy's `scale=True`, the default).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)``,
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)``.
    public static func windowedSinc(
        tapCount: Int, band: FilterBand, sampleRate: Hertz, window: FIRWindow = .hamming,
        scaled: Bool = true
    ) throws -> FIRFilter {
        try band.validated(sampleRate: sampleRate)
        guard (1...maximumTapCount).contains(tapCount) else {
            throw DSPError.invalidParameter(
                name: "tap count", value: "\(tapCount)", expected: "1…\(maximumTapCount)")
        }
        let passesNyquist = (band.edges.count % 2 == 0) == band.passesZero
        if passesNyquist && tapCount % 2 == 0 {
            throw DSPError.invalidParameter(
                name: "tap count", value: "\(tapCount)",
                expected: "an odd count for a \(band) filter (it passes the Nyquist frequency)")
        }
        try window.validate()
        let nyquist = 0.5 * sampleRate
        let cutoffs = (band.passesZero ? [0] : []) + band.edges.map { $0 / nyquist }
            + (passesNyquist ? [1] : [])
        return FIRFilter(
            unchecked: windowedSincCoefficients(
                tapCount: tapCount, cutoffs: cutoffs, window: window, scaled: scaled),
            sampleRate: sampleRate)
    }

    /// `firwin`'s core with cutoffs normalized to Nyquist = 1, already bracketed by 0 and/or 1
    /// so that consecutive pairs are pass bands.
    static func windowedSincCoefficients(
        tapCount: Int, cutoffs: [Double], window: FIRWindow, scaled: Bool
    ) -> [Double] {
        let alpha = 0.5 * Double(tapCount - 1)
        let offsets = (0..<tapCount).map { Double($0) - alpha }
        var response = [Double](repeating: 0, count: tapCount)
        for pair in stride(from: 0, to: cutoffs.count, by: 2) {
            let (left, right) = (cutoffs[pair], cutoffs[pair + 1])
            for index in 0..<tapCount {
                response[index] += right * normalizedSinc(right * offsets[index])
            }
            for index in 0..<tapCount {
                response[index] -= left * normalizedSinc(left * offsets[index])
            }
        }
        let taper = window.values(count: tapCount)
        for index in 0..<tapCount { response[index] *= taper[index] }
        guard scaled else { return response }
        let (left, right) = (cutoffs[0], cutoffs[1])
        let frequency = left == 0 ? 0 : (right == 1 ? 1 : 0.5 * (left + right))
        let gain = pairwiseSum((0..<tapCount).map {
            response[$0] * cos(Double.pi * offsets[$0] * frequency)
        })
        return response.map { $0 / gain }
    }

    // MARK: - MNE create_filter

    /// Designs MNE's default FIR filter, as `mne.filter.create_filter(data, sfreq, l_freq,
    /// h_freq, fir_design='firwin', fir_window=window, phase='zero')` with the given (default
    /// `'auto'`) transition bandwidths and filter length.
    ///
    /// MNE places each transition band outside the pass band (inside the stop band for
    /// band-stop), builds one `firwin` low-pass per transition whose length matches that
    /// transition (`round(factor / width)`, odd) with cutoff at the transition's centre (−6 dB),
    /// and sums them, centred, into a filter of the overall length.
    ///
    /// - Parameters:
    ///   - band: Pass band for low/high/band-pass (edges are MNE's `h_freq`/`l_freq`), or the
    ///     stop band for band-stop (MNE's `l_freq > h_freq` form).
    ///   - sampleRate: The sample rate in Hz.
    ///   - window: Hamming (default), Hann or Blackman: the windows MNE supports.
    ///   - lowTransition: The transition width at the lower band edge.
    ///   - highTransition: The transition width at the upper band edge (or the cutoff of a
    ///     low-pass).
    ///   - length: The filter length; MNE's automatic rule by default.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for an unsupported window,
    ///   a non-positive width or a length too short for a transition;
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)``;
    ///   ``DSPError/invalidFilterDesign(reason:)`` when transitions fall outside 0…Nyquist or
    ///   overlap.
    public static func mne(
        band: FilterBand, sampleRate: Hertz, window: FIRWindow = .hamming,
        lowTransition: TransitionBandwidth = .automatic,
        highTransition: TransitionBandwidth = .automatic, length: FIRLength = .automatic
    ) throws -> FIRFilter {
        try band.validated(sampleRate: sampleRate)
        guard let lengthFactor = window.mneLengthFactor else {
            throw DSPError.invalidParameter(
                name: "FIR window", value: "\(window)",
                expected: "hamming, hann or blackman for MNE's design")
        }
        let nyquist = sampleRate / 2
        let (breakpoints, transitions) = try mneBreakpoints(
            band: band, nyquist: nyquist, lowTransition: lowTransition,
            highTransition: highTransition)
        var tapCount: Int
        switch length {
        case .automatic:
            let seconds = lengthFactor / (transitions.min() ?? 1)
            tapCount = try tapsFromSeconds(seconds, sampleRate: sampleRate)
        case let .duration(seconds):
            guard seconds.isFinite, seconds > 0 else {
                throw DSPError.invalidParameter(
                    name: "filter duration", value: "\(seconds) s", expected: "a positive duration")
            }
            tapCount = try tapsFromSeconds(seconds, sampleRate: sampleRate)
        case let .taps(count):
            guard (1...maximumTapCount).contains(count) else {
                throw DSPError.invalidParameter(
                    name: "tap count", value: "\(count)", expected: "1…\(maximumTapCount)")
            }
            tapCount = count
        }
        tapCount += (tapCount - 1) % 2
        let normalized = breakpoints.map { (frequency: $0.frequency / nyquist, gain: $0.gain) }
        return FIRFilter(
            unchecked: try mneFirwinDesign(
                tapCount: tapCount, breakpoints: normalized, window: window,
                lengthFactor: lengthFactor, sampleRate: sampleRate),
            sampleRate: sampleRate)
    }

    private static func tapsFromSeconds(_ seconds: Double, sampleRate: Hertz) throws -> Int {
        let samples = (seconds * sampleRate).rounded(.up)
        guard samples <= Double(maximumTapCount) else {
            throw DSPError.invalidParameter(
                name: "filter length", value: "\(samples) taps",
                expected: "at most \(maximumTapCount); widen the transition band")
        }
        return max(Int(samples), 1)
    }

    /// MNE's (frequency, gain) breakpoints in Hz from 0 to Nyquist, and the transition widths.
    private static func mneBreakpoints(
        band: FilterBand, nyquist: Hertz, lowTransition: TransitionBandwidth,
        highTransition: TransitionBandwidth
    ) throws -> ([(frequency: Hertz, gain: Double)], [Hertz]) {
        func width(_ choice: TransitionBandwidth, edge: Hertz, lower: Bool) throws -> Hertz {
            switch choice {
            case .automatic:
                let limit = lower ? edge : nyquist - edge
                return min(max(0.25 * edge, 2), limit)
            case let .width(value):
                guard value.isFinite, value > 0 else {
                    throw DSPError.invalidParameter(
                        name: "transition bandwidth", value: "\(value) Hz",
                        expected: "a positive width")
                }
                return value
            }
        }
        func checkStop(_ low: Hertz, _ high: Hertz) throws {
            guard low >= 0 else {
                throw DSPError.invalidFilterDesign(
                    reason: "lower stop frequency \(low) Hz is negative; reduce the transition "
                        + "bandwidth")
            }
            guard high <= nyquist else {
                throw DSPError.invalidFilterDesign(
                    reason: "upper stop frequency \(high) Hz exceeds the Nyquist frequency "
                        + "\(formatHertz(nyquist)) Hz; reduce the transition bandwidth")
            }
        }
        switch band {
        case let .lowpass(cutoff):
            let transition = try width(highTransition, edge: cutoff, lower: false)
            let stop = cutoff + transition
            try checkStop(0, stop)
            var points: [(Hertz, Double)] = [(0, 1), (cutoff, 1), (stop, 0)]
            if stop != nyquist { points.append((nyquist, 0)) }
            return (points.map { (frequency: $0.0, gain: $0.1) }, [transition])
        case let .highpass(cutoff):
            let transition = try width(lowTransition, edge: cutoff, lower: true)
            let stop = cutoff - transition
            try checkStop(stop, nyquist)
            var points: [(Hertz, Double)] = [(stop, 0), (cutoff, 1), (nyquist, 1)]
            if stop != 0 { points.insert((0, 0), at: 0) }
            return (points.map { (frequency: $0.0, gain: $0.1) }, [transition])
        case let .bandpass(low, high):
            let lowWidth = try width(lowTransition, edge: low, lower: true)
            let highWidth = try width(highTransition, edge: high, lower: false)
            try checkStop(low - lowWidth, high + highWidth)
            var points: [(Hertz, Double)] = [
                (low - lowWidth, 0), (low, 1), (high, 1), (high + highWidth, 0),
            ]
            if high + highWidth != nyquist { points.append((nyquist, 0)) }
            if low - lowWidth != 0 { points.insert((0, 0), at: 0) }
            return (points.map { (frequency: $0.0, gain: $0.1) }, [lowWidth, highWidth])
        case let .bandstop(low, high):
            // MNE puts band-stop transitions inside the stop band.
            let lowWidth = try width(lowTransition, edge: low, lower: true)
            let highWidth = try width(highTransition, edge: high, lower: false)
            guard low + lowWidth <= high - highWidth else {
                throw DSPError.invalidFilterDesign(
                    reason: "transition bands (\(lowWidth) Hz, \(highWidth) Hz) do not fit in "
                        + "the stop band \(formatHertz(low))–\(formatHertz(high)) Hz")
            }
            var points: [(Hertz, Double)] = [
                (low, 1), (low + lowWidth, 0), (high - highWidth, 0), (high, 1),
            ]
            if low != 0 { points.insert((0, 1), at: 0) }
            if high != nyquist { points.append((nyquist, 1)) }
            return (points.map { (frequency: $0.0, gain: $0.1) }, [lowWidth, highWidth])
        }
    }

    /// MNE's `_firwin_design`: starting from all-pass or all-stop at Nyquist, walk down the
    /// breakpoints and add (or subtract) a centred `firwin` low-pass at every gain change.
    private static func mneFirwinDesign(
        tapCount: Int, breakpoints: [(frequency: Double, gain: Double)], window: FIRWindow,
        lengthFactor: Double, sampleRate: Hertz
    ) throws -> [Double] {
        var response = [Double](repeating: 0, count: tapCount)
        var previous = breakpoints[breakpoints.count - 1]
        if previous.gain == 1 { response[tapCount / 2] = 1 }
        for point in breakpoints.dropLast().reversed() {
            defer { previous = point }
            guard point.gain != previous.gain else { continue }
            let transition = (previous.frequency - point.frequency) / 2
            var pieceCount = Int((lengthFactor / transition).rounded(.toNearestOrEven))
            pieceCount += 1 - pieceCount % 2
            guard pieceCount <= tapCount else {
                throw DSPError.invalidParameter(
                    name: "filter length", value: "\(tapCount) taps",
                    expected: "at least \(pieceCount) taps for the "
                        + String(format: "%.2f", transition * sampleRate)
                        + " Hz transition band")
            }
            let cutoff = (previous.frequency + point.frequency) / 2
            let piece = windowedSincCoefficients(
                tapCount: pieceCount, cutoffs: [0, cutoff], window: window, scaled: true)
            let offset = (tapCount - pieceCount) / 2
            let sign = point.gain == 0 ? -1.0 : 1.0
            for index in 0..<pieceCount { response[offset + index] += sign * piece[index] }
        }
        return response
    }
}

extension FIRWindow {
    func validate() throws {
        if case let .kaiser(beta) = self, !(beta.isFinite && beta >= 0) {
            throw DSPError.invalidParameter(
                name: "Kaiser beta", value: "\(beta)", expected: "a finite value ≥ 0")
        }
    }
}

/// `sin(πx)/(πx)`, 1 at 0 (NumPy's `sinc`).
func normalizedSinc(_ x: Double) -> Double {
    let y = Double.pi * (x == 0 ? 1e-20 : x)
    return sin(y) / y
}

/// NumPy's pairwise summation (blocks of 8 below 128 elements), so sums of many terms round
/// as `np.sum` does.
func pairwiseSum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { pairwiseSum($0[...]) }
}

private func pairwiseSum(_ values: Slice<UnsafeBufferPointer<Double>>) -> Double {
    let count = values.count
    let start = values.startIndex
    if count < 8 {
        var sum = 0.0
        for value in values { sum += value }
        return sum
    }
    if count <= 128 {
        var partial = [Double](repeating: 0, count: 8)
        for lane in 0..<8 { partial[lane] = values[start + lane] }
        var index = 8
        while index < count - count % 8 {
            for lane in 0..<8 { partial[lane] += values[start + index + lane] }
            index += 8
        }
        var sum = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
            + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
        while index < count {
            sum += values[start + index]
            index += 1
        }
        return sum
    }
    var half = count / 2
    half -= half % 8
    return pairwiseSum(values[start..<(start + half)])
        + pairwiseSum(values[(start + half)..<(start + count)])
}
