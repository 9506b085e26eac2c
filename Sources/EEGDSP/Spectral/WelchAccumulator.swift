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
    /// The channel label carried into errors and the spectrum.
    public let label: String
    /// The physical unit of the samples (the spectrum is in this unit squared per Hz).
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
    /// Samples since the last ``discardPartialSegment()`` and the longest such run, so that a
    /// file whose every gap-free stretch is shorter than a segment gets a clear error.
    private var runCount = 0
    private var longestRunCount = 0
    private var hasBreaks = false

    /// Prepares an accumulator (plans the FFT and computes the window once).
    ///
    /// - Parameters:
    ///   - sampleRate: Sampling rate in Hz (finite, > 0).
    ///   - options: Welch parameters (defaults: 2 s Hann segments, 50 % overlap).
    ///   - label: Channel name for errors and the resulting spectrum.
    ///   - unit: Physical unit of the samples.
    ///   - availableSampleCount: The samples the caller holds or the file stores for this
    ///     channel, when known (`nil`: unknown, nothing checked). A segment longer than that
    ///     is refused here, before the window and the FFT buffers of the segment's length are
    ///     allocated: this is the one place where the size of a Welch plan is checked against
    ///     the data present, so that a header claiming 1e9 Hz cannot make every caller
    ///     allocate gigabytes for a signal of a few hundred kilobytes.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a bad rate, segment,
    ///   overlap, FFT length or window;
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` when a segment is
    ///   longer than `availableSampleCount`.
    public init(
        sampleRate: Hertz, options: WelchOptions = WelchOptions(), label: String = "",
        unit: String = "", availableSampleCount: Int? = nil
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
        if let availableSampleCount, availableSampleCount < segmentLength {
            throw DSPError.signalTooShort(
                label: label, sampleCount: availableSampleCount, required: segmentLength,
                purpose: "a Welch segment of "
                    + "\(formatSeconds(Double(segmentLength) / sampleRate)) s")
        }
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
        let handled: Void? = try samples.withContiguousStorageIfAvailable {
            try appendContiguous($0)
        }
        if handled == nil {
            try Array(samples).withUnsafeBufferPointer { try appendContiguous($0) }
        }
    }

    private func appendContiguous(_ samples: UnsafeBufferPointer<Double>) throws {
        guard let source = samples.baseAddress, !samples.isEmpty else { return }
        if let index = firstNonFinite(source, count: samples.count) {
            throw DSPError.nonFiniteInput(label: label, index: sampleCount + index)
        }
        let buffer = pending.withUnsafeMutableBufferPointer { $0.baseAddress! }
        var offset = 0
        if filled == 0 {
            // Nothing pending: whole segments are transformed straight from the caller's
            // memory (no copy); only the unfinished tail goes to the pending buffer.
            while samples.count - offset >= segmentLength {
                accumulateSegment(source + offset)
                offset += step
            }
        }
        while offset < samples.count {
            let taken = min(segmentLength - filled, samples.count - offset)
            (buffer + filled).update(from: source + offset, count: taken)
            filled += taken
            offset += taken
            if filled == segmentLength { processPendingSegment(buffer) }
        }
        sampleCount += samples.count
        runCount += samples.count
    }

    /// Appends `count` samples that `write` produces straight into the pending-segment buffer,
    /// with no intermediate array (e.g. EDF records decoded in place).
    ///
    /// `write(destination, range)` must fill `destination[0..<range.count]` with the incoming
    /// samples `range` (offsets from the first of the `count` new samples); it is called once
    /// per piece between segment boundaries, in order. Every segment the samples complete is
    /// transformed immediately, exactly as ``append(_:)`` would for the same samples.
    ///
    /// - Throws: ``DSPError/nonFiniteInput(label:index:)`` if a written sample is NaN or
    ///   infinite; the samples before it are consumed and the accumulator stays usable.
    public func append(
        count: Int, writing write: (UnsafeMutablePointer<Double>, Range<Int>) -> Void
    ) throws {
        precondition(count >= 0, "sample count must not be negative")
        let buffer = pending.withUnsafeMutableBufferPointer { $0.baseAddress! }
        var offset = 0
        while offset < count {
            let taken = min(segmentLength - filled, count - offset)
            let destination = buffer + filled
            write(destination, offset..<(offset + taken))
            if let index = firstNonFinite(destination, count: taken) {
                filled += index
                sampleCount += offset + index
                runCount += offset + index
                throw DSPError.nonFiniteInput(label: label, index: sampleCount)
            }
            filled += taken
            offset += taken
            if filled == segmentLength { processPendingSegment(buffer) }
        }
        sampleCount += count
        runCount += count
    }

    /// Drops the samples of the unfinished segment, so that no segment spans a gap.
    ///
    /// Call it where the data are not contiguous (between the segments of an EDF+D file):
    /// segments then restart at the next sample, as if each contiguous run were analyzed on its
    /// own and the periodograms of all runs averaged together. ``sampleCount`` still counts
    /// every appended sample.
    public func discardPartialSegment() {
        filled = 0
        longestRunCount = max(longestRunCount, runCount)
        runCount = 0
        hasBreaks = true
    }

    /// The Welch PSD of everything appended so far.
    ///
    /// - Returns: One-sided spectrum on `k · sampleRate / fftLength` Hz, in unit²/Hz
    ///   (density) or unit² (spectrum).
    /// - Throws: ``DSPError/emptyInput(what:)`` before any sample, or
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` while fewer samples
    ///   than one segment have arrived, or
    ///   ``DSPError/stretchesTooShort(label:longestCount:required:purpose:)`` when more have
    ///   arrived but ``discardPartialSegment()`` broke every run before a segment was complete.
    public func spectrum() throws -> Spectrum {
        guard sampleCount > 0 else {
            throw DSPError.emptyInput(what: label.isEmpty ? "signal" : "channel \(label)")
        }
        if segmentCount == 0, hasBreaks, sampleCount >= segmentLength {
            throw DSPError.stretchesTooShort(
                label: label, longestCount: max(longestRunCount, runCount),
                required: segmentLength,
                purpose: "a Welch segment of "
                    + "\(formatSeconds(Double(segmentLength) / sampleRate)) s")
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
        accumulateSegment(buffer)
        // Keep the overlapping tail as the start of the next segment.
        if overlapCount > 0 {
            buffer.update(from: buffer + step, count: overlapCount)
        }
        filled = overlapCount
    }

    /// Transforms the `segmentLength` samples at `segment` and adds their periodogram.
    private func accumulateSegment(_ segment: UnsafePointer<Double>) {
        taper.withUnsafeBufferPointer { engine.transform(segment, taper: $0.baseAddress!) }
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
    }

    /// The index of the first NaN or infinity among `count` values, or `nil`.
    private func firstNonFinite(_ values: UnsafePointer<Double>, count: Int) -> Int? {
        // x · 0 is ±0 for finite x and NaN otherwise: one branch-free pass with four
        // independent sums (it vectorizes) decides whether a search is needed.
        var probes = (0.0, 0.0, 0.0, 0.0)
        var index = 0
        while index + 4 <= count {
            probes.0 += values[index] * 0
            probes.1 += values[index + 1] * 0
            probes.2 += values[index + 2] * 0
            probes.3 += values[index + 3] * 0
            index += 4
        }
        while index < count {
            probes.0 += values[index] * 0
            index += 1
        }
        guard !(probes.0 + probes.1 + probes.2 + probes.3).isFinite else { return nil }
        return (0..<count).first { !values[$0].isFinite }
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
/// Reorders `values`; O(n) on average (Hoare's selection, Wirth's variant).
func median(_ values: inout [Double]) -> Double {
    let count = values.count
    let middle = count / 2
    let upper = select(&values, rank: middle)
    guard count % 2 == 0 else { return upper }
    // After selection everything before `middle` is ≤ values[middle]: the lower middle value
    // is their maximum.
    var lower = -Double.infinity
    for index in 0..<middle { lower = max(lower, values[index]) }
    return (lower + upper) / 2
}

/// The element of zero-based rank `rank` in ascending order; partitions `values` around it.
func select(_ values: inout [Double], rank: Int) -> Double {
    var low = 0
    var high = values.count - 1
    while low < high {
        let pivot = values[low + (high - low) / 2]
        var left = low
        var right = high
        while left <= right {
            while values[left] < pivot { left += 1 }
            while values[right] > pivot { right -= 1 }
            if left <= right {
                values.swapAt(left, right)
                left += 1
                right -= 1
            }
        }
        if rank <= right {
            high = right
        } else if rank >= left {
            low = left
        } else {
            return values[rank]
        }
    }
    return values[rank]
}

/// Seconds without trailing zeros.
func formatSeconds(_ value: Seconds) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
