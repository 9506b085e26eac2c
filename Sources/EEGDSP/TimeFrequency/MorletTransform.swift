import EEGCore
import EEGFFT
import Foundation

/// How many cycles each Morlet wavelet spans.
public enum MorletCycles: Sendable, Equatable, Hashable {
    /// The same number of cycles (> 0) at every frequency; MNE's default is 7.
    case constant(Double)
    /// One count (> 0) per frequency, in the order of the frequencies.
    case perFrequency([Double])
}

/// Complex Morlet wavelet power by FFT convolution, matching
/// `mne.time_frequency.tfr_array_morlet(data, sfreq, freqs, n_cycles, zero_mean=True,
/// use_fft=True, output='power')`.
///
/// Each wavelet is `exp(2πi·f·t)` (minus MNE's zero-mean offset `exp(−2(π·f·σ)²)`) times a
/// Gaussian with σ = cycles / (2π·f), sampled on t = −5σ … 5σ with a sample at 0, and scaled
/// to norm √2 (unit norm of its real part). The signal is convolved with each wavelet
/// ('same' mode: centred, zero outside the signal, so the first and last half-wavelet of each
/// row is biased low) and the squared magnitude is returned, in the signal's unit².
///
/// Reference: C. Tallon-Baudry, O. Bertrand, C. Delpuech, J. Pernier (1997), "Oscillatory
/// γ-band (30–70 Hz) activity induced by a visual search task in humans", J. Neurosci. 17(2),
/// 722–734.
///
/// ```swift
/// let transform = try MorletTransform(frequencies: [2, 3, 4], sampleRate: 256)
/// let power = try transform.power(of: samples)   // power[frequency][time]
/// ```
public struct MorletTransform: Sendable, Equatable {
    /// The wavelet centre frequencies in Hz.
    public let frequencies: [Hertz]
    /// The number of cycles of each wavelet, one per frequency.
    public let cycleCounts: [Double]
    /// The sample rate in Hz.
    public let sampleRate: Hertz
    /// Whether the wavelets have MNE's zero-mean correction (MNE's default, `true`).
    public let zeroMean: Bool
    /// The wavelets, one per frequency (odd lengths, centred).
    public let wavelets: [[Complex]]

    /// The longest wavelet accepted, 2²⁴ samples.
    public static let maximumWaveletCount = 1 << 24

    /// Builds the wavelets (MNE's `mne.time_frequency.morlet`).
    ///
    /// - Parameters:
    ///   - frequencies: Centre frequencies in Hz, each > 0 and below Nyquist; not empty.
    ///   - cycles: Cycles per wavelet; 7 at every frequency by default (MNE's `n_cycles=7.0`).
    ///   - sampleRate: The sample rate in Hz.
    ///   - zeroMean: Subtract MNE's offset so each wavelet has zero mean (default `true`, MNE's
    ///     default since 1.8 for `tfr_array_morlet`).
    /// - Throws: ``DSPError/emptyInput(what:)``,
    ///   ``DSPError/invalidParameter(name:value:expected:)``
    ///   (non-positive frequency or cycles, cycle count not matching), and
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)``.
    public init(
        frequencies: [Hertz], cycles: MorletCycles = .constant(7), sampleRate: Hertz,
        zeroMean: Bool = true
    ) throws {
        guard !frequencies.isEmpty else { throw DSPError.emptyInput(what: "frequency list") }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        let counts: [Double]
        switch cycles {
        case let .constant(count): counts = Array(repeating: count, count: frequencies.count)
        case let .perFrequency(list):
            guard list.count == frequencies.count else {
                throw DSPError.invalidParameter(
                    name: "cycle counts", value: "\(list.count) values",
                    expected: "one per frequency (\(frequencies.count))")
            }
            counts = list
        }
        for (frequency, count) in zip(frequencies, counts) {
            try FilterBand.lowpass(cutoff: frequency).validated(sampleRate: sampleRate)
            guard count.isFinite, count > 0 else {
                throw DSPError.invalidParameter(
                    name: "cycle count", value: "\(count)", expected: "a positive number")
            }
            let halfCount = 5 * count / (2 * Double.pi * frequency) * sampleRate
            guard halfCount < Double(Self.maximumWaveletCount / 2) else {
                throw DSPError.invalidParameter(
                    name: "cycle count", value: "\(count) at \(formatHertz(frequency)) Hz",
                    expected: "a wavelet shorter than \(Self.maximumWaveletCount) samples")
            }
        }
        self.frequencies = frequencies
        self.cycleCounts = counts
        self.sampleRate = sampleRate
        self.zeroMean = zeroMean
        self.wavelets = zip(frequencies, counts).map {
            Self.wavelet(frequency: $0, cycles: $1, sampleRate: sampleRate, zeroMean: zeroMean)
        }
    }

    /// One wavelet as `mne.time_frequency.morlet` builds it.
    static func wavelet(frequency: Hertz, cycles: Double, sampleRate: Hertz, zeroMean: Bool)
        -> [Complex]
    {
        let sigma = cycles / (2.0 * Double.pi * frequency)
        let step = 1.0 / sampleRate
        // numpy.arange(0, 5σ, 1/fs): ⌈5σ / step⌉ samples k·step.
        let halfCount = max(Int((5.0 * sigma / step).rounded(.up)), 1)
        let positive = (0..<halfCount).map { Double($0) * step }
        let times = positive.dropFirst().reversed().map { -$0 } + [0] + positive.dropFirst()
        let offset = zeroMean ? exp(-2 * pow(Double.pi * frequency * sigma, 2)) : 0
        var values = times.map { time -> Complex in
            let angle = 2.0 * Double.pi * frequency * time
            let envelope = exp(-(time * time) / (2.0 * sigma * sigma))
            return Complex((cos(angle) - offset) * envelope, sin(angle) * envelope)
        }
        let norm = values.map(\.squaredMagnitude).reduce(0, +).squareRoot()
        let scale = 1 / (0.5.squareRoot() * norm)
        for index in values.indices { values[index] = values[index] * scale }
        return values
    }

    /// The wavelet power of `samples`, `power[frequencyIndex][sampleIndex]`, in unit².
    ///
    /// - Parameter samples: The signal; at least as long as the longest wavelet (MNE refuses
    ///   shorter signals).
    /// - Throws: ``DSPError/signalTooShort(label:sampleCount:required:purpose:)``,
    ///   ``DSPError/nonFiniteInput(label:index:)``.
    /// - Complexity: One FFT of the signal and one inverse FFT per frequency, each of length
    ///   ≥ count + longest wavelet − 1.
    public func power(of samples: [Double]) throws -> [[Double]] {
        let longest = wavelets.map(\.count).max() ?? 1
        guard samples.count >= longest else {
            throw DSPError.signalTooShort(
                label: "", sampleCount: samples.count, required: longest,
                purpose: "a Morlet wavelet of \(longest) samples")
        }
        if let index = samples.firstIndex(where: { !$0.isFinite }) {
            throw DSPError.nonFiniteInput(label: "", index: index)
        }
        let count = samples.count
        let length = smoothLength(atLeast: count + longest - 1)
        let fft = try ComplexFFT(count: length)
        let signalBuffer = AlignedBuffer(count: 2 * length)
        signalBuffer.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<count { buffer[2 * index] = samples[index] }
        }
        let signalSpectrum = AlignedBuffer(count: 2 * length)
        fft.forward(input: signalBuffer, output: signalSpectrum)
        let waveletBuffer = AlignedBuffer(count: 2 * length)
        let waveletSpectrum = AlignedBuffer(count: 2 * length)
        let result = AlignedBuffer(count: 2 * length)
        return wavelets.map { wavelet in
            waveletBuffer.zero()
            waveletBuffer.withUnsafeMutableBufferPointer { buffer in
                for (index, value) in wavelet.enumerated() {
                    buffer[2 * index] = value.real
                    buffer[2 * index + 1] = value.imaginary
                }
            }
            fft.forward(input: waveletBuffer, output: waveletSpectrum)
            waveletSpectrum.withUnsafeMutableBufferPointer { product in
                signalSpectrum.withUnsafeBufferPointer { spectrum in
                    for bin in 0..<length {
                        let (a, b) = (spectrum[2 * bin], spectrum[2 * bin + 1])
                        let (c, d) = (product[2 * bin], product[2 * bin + 1])
                        product[2 * bin] = a * c - b * d
                        product[2 * bin + 1] = a * d + b * c
                    }
                }
            }
            fft.inverse(input: waveletSpectrum, output: result)
            // 'same' mode: the full convolution from index (wavelet − 1) / 2.
            let start = (wavelet.count - 1) / 2
            return result.withUnsafeBufferPointer { values in
                (0..<count).map { index in
                    let re = values[2 * (start + index)]
                    let im = values[2 * (start + index) + 1]
                    return re * re + im * im
                }
            }
        }
    }
}

/// The smallest 2·3·5-smooth integer ≥ `target` (a fast FFTW length).
func smoothLength(atLeast target: Int) -> Int {
    var best = Int.max
    var powerOfFive = 1
    while powerOfFive < 2 * max(target, 1) {
        var powerOfThree = powerOfFive
        while powerOfThree < 2 * max(target, 1) {
            var candidate = powerOfThree
            while candidate < target { candidate *= 2 }
            best = min(best, candidate)
            powerOfThree *= 3
        }
        powerOfFive *= 5
    }
    return best
}

extension Signal {
    /// Morlet wavelet power over time (`mne.time_frequency.tfr_array_morlet`, output='power').
    ///
    /// ```swift
    /// let map = try signal.morletSpectrogram(frequencies: Array(stride(from: 2, to: 40, by: 1)))
    /// ```
    /// - Parameters:
    ///   - frequencies: Centre frequencies in Hz (ascending for plotting).
    ///   - cycles: Cycles per wavelet (7 by default, as MNE).
    /// - Returns: A spectrogram with one row per sample (times `index / sampleRate`), one column
    ///   per frequency, power in unit² (MNE's wavelet normalization; scaling `.spectrum`).
    /// - Throws: As ``MorletTransform/init(frequencies:cycles:sampleRate:zeroMean:)`` and
    ///   ``MorletTransform/power(of:)``; ``DSPError/emptyInput(what:)``.
    public func morletSpectrogram(frequencies: [Hertz], cycles: MorletCycles = .constant(7))
        throws -> Spectrogram
    {
        try requireFiniteForDSP()
        let transform = try MorletTransform(
            frequencies: frequencies, cycles: cycles, sampleRate: sampleRate)
        let byFrequency: [[Double]]
        do {
            byFrequency = try transform.power(of: samples)
        } catch let DSPError.signalTooShort(_, count, required, purpose) {
            throw DSPError.signalTooShort(
                label: label, sampleCount: count, required: required, purpose: purpose)
        }
        let rows = (0..<count).map { time in byFrequency.map { $0[time] } }
        return try Spectrogram(
            times: (0..<count).map { Double($0) / sampleRate }, frequencies: frequencies,
            power: rows, scaling: .spectrum, label: label, unit: unit)
    }
}
