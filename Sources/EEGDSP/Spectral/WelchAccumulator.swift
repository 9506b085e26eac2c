import EEGCore
import EEGFFT

/// Welch's PSD computed from samples fed in chunks of any size.
///
/// Feed a channel piece by piece (e.g. EDF data records as they are read) with ``append(_:)``
/// and ask for ``spectrum()`` at any time. With ``SpectralAverage/mean`` memory stays
/// constant: one segment of pending samples and one running sum per frequency bin. With
/// ``SpectralAverage/median`` every segment's periodogram is kept (memory grows with the number
/// of segments), since a median cannot be updated incrementally.
///
/// The result is bit-for-bit what ``Signal/powerSpectrum(method:)`` with the same
/// ``WelchOptions`` gives for the concatenated samples (the in-memory estimator is this
/// accumulator fed once), which matches `scipy.signal.welch`.
///
/// ```swift
/// let accumulator = try WelchAccumulator(sampleRate: 256, label: "Cz")
/// for chunk in chunks { try accumulator.append(chunk) }
/// let psd = try accumulator.spectrum()
/// ```
public final class WelchAccumulator {
    /// The sampling rate in Hz.
    public let sampleRate: Hertz
    /// The parameters in use.
    public let options: WelchOptions
    /// Samples per segment.
    public let segmentLength: Int
    /// Overlapping samples between consecutive segments.
    public let overlapCount: Int
    /// The channel label and unit carried into the spectrum.
    public let label: String
    public let unit: String
    /// Samples appended so far.
    public private(set) var sampleCount = 0
    /// Complete segments processed so far.
    public private(set) var segmentCount = 0

    private let engine: SpectralEngine
    private let taper: AlignedBuffer
    private let scale: Double
    private let pending: AlignedBuffer
    private var filled = 0
    private var sums: [Double]
    private var rows: [Double] = []

    /// Prepares an accumulator (plans the FFT and computes the window once).
    ///
    /// - Parameters:
    ///   - sampleRate: Sampling rate in Hz (finite, > 0).
    ///   - options: Welch parameters (defaults: 2 s Hann segments, 50 % overlap).
    ///   - label: Channel name for errors and the resulting spectrum.
    ///   - unit: Physical unit of the samples.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a bad rate, segment,
    ///   overlap, FFT length or window.
    public init(
        sampleRate: Hertz, options: WelchOptions = WelchOptions(), label: String = "",
        unit: String = ""
    ) throws {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "positive and finite")
        }
        self.sampleRate = sampleRate
        self.options = options
        self.label = label
        self.unit = unit
        segmentLength = try options.segment.sampleCount(sampleRate: sampleRate)
        overlapCount = try overlapSampleCount(options.overlap, segmentLength: segmentLength)
        let fftLength = try resolvedFFTLength(options.fftLength, segmentLength: segmentLength)
        let window = try options.window.coefficients(count: segmentLength, symmetry: .periodic)
        scale = spectralScale(taper: window, sampleRate: sampleRate, scaling: options.scaling)
        engine = try SpectralEngine(
            segmentLength: segmentLength, fftLength: fftLength, detrend: options.detrend)
        taper = AlignedBuffer(window)
        pending = AlignedBuffer(count: segmentLength)
        sums = [Double](repeating: 0, count: engine.binCount)
    }

    /// Hop between segment starts, in samples.
    public var step: Int { segmentLength - overlapCount }

    /// Appends samples; every segment they complete is transformed immediately.
    ///
    /// - Throws: ``DSPError/nonFiniteInput(label:index:)`` (index counted from the first
    ///   sample ever appended) if `samples` contains NaN or infinity; nothing is consumed then.
    public func append(_ samples: some Collection<Double>) throws {
        if let offset = samples.firstIndex(where: { !$0.isFinite }) {
            throw DSPError.nonFiniteInput(
                label: label, index: sampleCount + samples.distance(from: samples.startIndex, to: offset))
        }
        var index = samples.startIndex
        let buffer = pending.withUnsafeMutableBufferPointer { $0.baseAddress! }
        while index != samples.endIndex {
            buffer[filled] = samples[index]
            filled += 1
            samples.formIndex(after: &index)
            if filled == segmentLength { processPendingSegment(buffer) }
        }
        sampleCount += samples.count
    }

    /// The Welch PSD of everything appended so far.
    ///
    /// - Returns: One-sided spectrum on `k · sampleRate / fftLength` Hz, in unit²/Hz
    ///   (density) or unit² (spectrum).
    /// - Throws: ``DSPError/emptyInput(what:)`` before any sample, or
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` while fewer samples
    ///   than one segment have arrived.
    public func spectrum() throws -> Spectrum {
        guard sampleCount > 0 else {
            throw DSPError.emptyInput(what: label.isEmpty ? "signal" : "channel \(label)")
        }
        guard segmentCount > 0 else {
            throw DSPError.signalTooShort(
                label: label, sampleCount: sampleCount, required: segmentLength,
                purpose: "a Welch segment of "
                    + "\(formatSeconds(Double(segmentLength) / sampleRate)) s")
        }
        let binCount = engine.binCount
        var power = [Double](repeating: 0, count: binCount)
        switch options.average {
        case .mean:
            let divisor = Double(segmentCount)
            for bin in 0..<binCount { power[bin] = sums[bin] * scale / divisor }
        case .median:
            let bias = segmentCount > 1 ? medianBias(segmentCount) : 1
            var column = [Double](repeating: 0, count: segmentCount)
            for bin in 0..<binCount {
                for segment in 0..<segmentCount { column[segment] = rows[segment * binCount + bin] }
                power[bin] = median(&column) * scale / bias
            }
        }
        return try Spectrum(
            frequencies: engine.frequencies(sampleRate: sampleRate), power: power,
            scaling: options.scaling, label: label, unit: unit)
    }

    private func processPendingSegment(_ buffer: UnsafeMutablePointer<Double>) {
        taper.withUnsafeBufferPointer { engine.transform(buffer, taper: $0.baseAddress!) }
        switch options.average {
        case .mean:
            sums.withUnsafeMutableBufferPointer {
                engine.addPower(to: $0.baseAddress!, scale: 1, oneSided: true)
            }
        case .median:
            let start = rows.count
            rows.append(contentsOf: repeatElement(0, count: engine.binCount))
            rows.withUnsafeMutableBufferPointer {
                engine.addPower(to: $0.baseAddress! + start, scale: 1, oneSided: true)
            }
        }
        segmentCount += 1
        // Keep the overlapping tail as the start of the next segment.
        if overlapCount > 0 {
            buffer.update(from: buffer + step, count: overlapCount)
        }
        filled = overlapCount
    }
}

/// SciPy's `_median_bias(n)`: 1 + Σ_{k=1}^{⌊(n−1)/2⌋} (1/(2k+1) − 1/(2k)), the ratio of the
/// median to the mean of n independent χ²₂ periodogram values.
func medianBias(_ count: Int) -> Double {
    var bias = 1.0
    let terms = (count - 1) / 2
    if terms >= 1 {
        for k in 1...terms { bias += 1 / Double(2 * k + 1) - 1 / Double(2 * k) }
    }
    return bias
}

/// The median (mean of the two middle values for an even count), as `numpy.median`.
/// Reorders `values`.
func median(_ values: inout [Double]) -> Double {
    values.sort()
    let middle = values.count / 2
    return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
}

/// Seconds without trailing zeros.
func formatSeconds(_ value: Seconds) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
