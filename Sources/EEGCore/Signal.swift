/// One channel of uniformly sampled data.
///
/// `Signal` is the unit every algorithm in EEGScope works on; multichannel work maps over the
/// channels of a ``Recording``. Samples are physical values (for EDF data usually microvolts).
///
/// ```swift
/// let alpha = try Signal(samples: values, sampleRate: 256, label: "Oz", unit: "uV")
/// print(alpha.duration)  // seconds
/// ```
public struct Signal: Sendable, Equatable {
    /// The samples, in `unit`.
    public let samples: [Double]
    /// Samples per second, in Hz. Always finite and positive.
    public let sampleRate: Hertz
    /// The channel name (e.g. `Pz`), possibly empty.
    public let label: String
    /// The physical unit of the samples (e.g. `uV`), possibly empty.
    public let unit: String
    /// What the source declares about the channel (type, bad mark, filters, transducer).
    public let declared: ChannelDeclaration

    /// The sampling rates a signal may have: 1 µHz (one sample in 11.6 days) to 1 GHz.
    ///
    /// Rates outside this range come from corrupt headers or typos (an EDF record duration of
    /// 1e-300 s), and would overflow the sample-count arithmetic (`Int(rate × seconds)`) of the
    /// estimators; rejecting them once here keeps every later computation finite.
    public static let supportedSampleRates: ClosedRange<Hertz> = 1e-6...1e9

    /// The range ``supportedSampleRates`` as the text of error messages.
    public static let supportedSampleRatesDescription = "a rate from 1e-06 to 1e+09 Hz"

    /// Creates a signal.
    ///
    /// - Parameters:
    ///   - samples: The samples in `unit`. May be empty.
    ///   - sampleRate: Samples per second, in Hz; within ``supportedSampleRates``.
    ///   - label: The channel name.
    ///   - unit: The physical unit of the samples.
    ///   - declared: What the source declares about the channel (default: nothing).
    /// - Throws: ``CoreError/invalidParameter(name:value:expected:)`` for a sample rate that is
    ///   not finite or outside ``supportedSampleRates``.
    ///   Non-finite samples are allowed here; estimators reject them (see ``firstNonFiniteIndex``).
    public init(
        samples: [Double], sampleRate: Hertz, label: String = "", unit: String = "",
        declared: ChannelDeclaration = .none
    ) throws {
        guard Self.supportedSampleRates.contains(sampleRate) else {
            throw CoreError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz",
                expected: Self.supportedSampleRatesDescription)
        }
        self.samples = samples
        self.sampleRate = sampleRate
        self.label = label
        self.unit = unit
        self.declared = declared
    }

    /// The number of samples.
    public var count: Int { samples.count }

    /// The duration in seconds (`count / sampleRate`).
    public var duration: Seconds { Double(samples.count) / sampleRate }

    /// The Nyquist frequency in Hz (half the sample rate).
    public var nyquistFrequency: Hertz { sampleRate / 2 }

    /// The index of the first NaN or infinite sample, or `nil` if all samples are finite.
    public var firstNonFiniteIndex: Int? {
        samples.withUnsafeBufferPointer { buffer in
            // Fast path: x · 0 is ±0 for finite x and NaN otherwise, so one branch-free pass
            // (four independent sums, which vectorizes) tells whether there is anything to find.
            guard let base = buffer.baseAddress else { return nil }
            var probes = (0.0, 0.0, 0.0, 0.0)
            var index = 0
            while index + 4 <= buffer.count {
                probes.0 += base[index] * 0
                probes.1 += base[index + 1] * 0
                probes.2 += base[index + 2] * 0
                probes.3 += base[index + 3] * 0
                index += 4
            }
            while index < buffer.count {
                probes.0 += base[index] * 0
                index += 1
            }
            guard !(probes.0 + probes.1 + probes.2 + probes.3).isFinite else { return nil }
            return buffer.firstIndex { !$0.isFinite }
        }
    }

    /// Throws ``CoreError/nonFiniteSample(label:index:)`` if any sample is NaN or infinite.
    public func requireFinite() throws {
        if let index = firstNonFiniteIndex {
            throw CoreError.nonFiniteSample(label: label, index: index)
        }
    }

    /// A copy with other samples and the same rate, label, unit and declaration.
    public func replacingSamples(_ newSamples: [Double]) -> Signal {
        // The rate was validated when `self` was made, so this cannot fail.
        Signal(
            unchecked: newSamples, sampleRate: sampleRate, label: label, unit: unit,
            declared: declared)
    }

    /// A copy with the same samples and another declaration (e.g. after reading a sidecar).
    public func replacingDeclaration(_ newDeclaration: ChannelDeclaration) -> Signal {
        Signal(
            unchecked: samples, sampleRate: sampleRate, label: label, unit: unit,
            declared: newDeclaration)
    }

    /// The samples in the half-open sample range, as a new signal.
    public func slice(_ range: Range<Int>) -> Signal {
        let clamped = range.clamped(to: 0..<samples.count)
        return replacingSamples(Array(samples[clamped]))
    }

    /// The samples between two times in seconds (clamped to the signal), as a new signal.
    public func slice(from start: Seconds, to end: Seconds) -> Signal {
        let first = max(0, Int((start * sampleRate).rounded()))
        let last = min(samples.count, Int((end * sampleRate).rounded()))
        return slice(first..<max(first, last))
    }

    init(
        unchecked samples: [Double], sampleRate: Hertz, label: String, unit: String,
        declared: ChannelDeclaration
    ) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.label = label
        self.unit = unit
        self.declared = declared
    }
}
