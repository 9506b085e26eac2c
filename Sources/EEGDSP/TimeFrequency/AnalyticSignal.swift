import EEGCore
import EEGFFT
import Foundation

/// The analytic signal `x + i·H{x}` of a real signal, computed by FFT.
///
/// Matches `scipy.signal.hilbert(x)` for any length: the spectrum's negative frequencies are
/// zeroed, positive ones doubled, and DC (and, for even lengths, the Nyquist bin) kept, then
/// transformed back. The derived quantities follow the usual recipes: amplitude envelope
/// `|z|`, instantaneous phase `angle(z)`, instantaneous frequency
/// `diff(unwrap(phase)) / 2π · fs`.
///
/// The FFT treats the signal as periodic, so the first and last few cycles of the envelope
/// are distorted when the signal does not wrap smoothly; discard or taper them if it matters.
///
/// ```swift
/// let analytic = try AnalyticSignal(of: filtered)
/// let envelope = analytic.amplitude
/// ```
public struct AnalyticSignal: Sendable, Equatable {
    /// The real part: the input itself (SciPy's equals it to rounding), in the input's unit.
    public let real: [Double]
    /// The imaginary part (the Hilbert transform of the input), in the input's unit.
    public let imaginary: [Double]
    /// The sample rate in Hz.
    public let sampleRate: Hertz

    /// Computes the analytic signal of `signal`.
    /// - Throws: ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``.
    public init(of signal: Signal) throws {
        if let index = signal.firstNonFiniteIndex {
            throw DSPError.nonFiniteInput(label: signal.label, index: index)
        }
        try self.init(samples: signal.samples, sampleRate: signal.sampleRate)
    }

    /// Computes the analytic signal of `samples` taken at `sampleRate` Hz.
    /// - Throws: ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``,
    ///   ``DSPError/invalidParameter(name:value:expected:)`` for a bad rate.
    public init(samples: [Double], sampleRate: Hertz) throws {
        guard !samples.isEmpty else { throw DSPError.emptyInput(what: "signal") }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        if let index = samples.firstIndex(where: { !$0.isFinite }) {
            throw DSPError.nonFiniteInput(label: "", index: index)
        }
        let engine = try HilbertEngine(count: samples.count)
        let (real, imaginary) = engine.analytic(samples)
        self.real = real
        self.imaginary = imaginary
        self.sampleRate = sampleRate
    }

    /// The number of samples.
    public var count: Int { real.count }

    /// The amplitude envelope `|z[n]|`, in the input's unit (`np.abs(hilbert(x))`).
    public var amplitude: [Double] {
        zip(real, imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }
    }

    /// The instantaneous phase `atan2(imag, real)` in radians, in (−π, π] (`np.angle`).
    public var phase: [Double] { zip(real, imaginary).map { atan2($1, $0) } }

    /// The instantaneous frequency in Hz between consecutive samples: `count − 1` values,
    /// value i belonging to the interval from sample i to i + 1.
    ///
    /// Matches `np.diff(np.unwrap(np.angle(z))) / (2π) · fs`; each phase step is wrapped to
    /// [−π, π) (with +π kept for positive steps of exactly π, as `np.unwrap` does).
    public var instantaneousFrequency: [Hertz] {
        let phases = phase
        guard phases.count > 1 else { return [] }
        let scale = sampleRate / (2 * Double.pi)
        return (1..<phases.count).map { index in
            scale * Self.wrappedStep(phases[index] - phases[index - 1])
        }
    }

    /// `np.unwrap`'s correction of one phase difference.
    static func wrappedStep(_ step: Double) -> Double {
        guard abs(step) >= Double.pi else { return step }
        let period = 2 * Double.pi
        var wrapped = (step + Double.pi).truncatingRemainder(dividingBy: period)
        if wrapped < 0 { wrapped += period }
        wrapped -= Double.pi
        if wrapped == -Double.pi && step > 0 { wrapped = Double.pi }
        return wrapped
    }
}

/// Reusable FFT plans and buffers for analytic signals of one length (not thread-safe: one
/// engine per thread).
///
/// The real part of `hilbert(x)` is x itself, so only the imaginary part is transformed:
/// `irfft(−i·X)` over the positive frequencies (DC and, for even lengths, the Nyquist bin
/// contribute nothing to it). That is one real-to-complex and one complex-to-real transform
/// instead of SciPy's complex inverse; results agree to rounding.
final class HilbertEngine {
    let count: Int
    private let fft: RealFFT
    /// The input samples, then (after the inverse transform) the imaginary part.
    private let signal: AlignedBuffer
    private let spectrum: AlignedBuffer

    init(count: Int) throws {
        self.count = count
        fft = try RealFFT(count: count)
        signal = AlignedBuffer(count: count)
        spectrum = AlignedBuffer(count: 2 * fft.spectrumCount)
    }

    /// Real and imaginary parts of the analytic signal of `samples` (exactly `count` long).
    func analytic(_ samples: [Double]) -> ([Double], [Double]) {
        transformToImaginary(samples)
        return (samples, signal.array)
    }

    /// The amplitude envelope `|x + i·H{x}|` of `samples` (exactly `count` long): the same
    /// arithmetic as ``AnalyticSignal/amplitude``, without storing the imaginary part.
    func amplitude(_ samples: [Double]) -> [Double] {
        transformToImaginary(samples)
        return [Double](unsafeUninitializedCapacity: count) { output, initializedCount in
            // Plain pointers, so the loop vectorizes (a packed square root rounds exactly like
            // a scalar one).
            let target = output.baseAddress!
            samples.withUnsafeBufferPointer { real in
                signal.withUnsafeBufferPointer { imaginary in
                    let (re, im) = (real.baseAddress!, imaginary.baseAddress!)
                    for index in 0..<count {
                        target[index] = (re[index] * re[index] + im[index] * im[index])
                            .squareRoot()
                    }
                }
            }
            initializedCount = count
        }
    }

    /// Leaves the Hilbert transform of `samples` in `signal`.
    private func transformToImaginary(_ samples: [Double]) {
        precondition(samples.count == count, "HilbertEngine length mismatch")
        signal.withUnsafeMutableBufferPointer { target in
            samples.withUnsafeBufferPointer { source in
                target.baseAddress!.update(from: source.baseAddress!, count: count)
            }
        }
        fft.forward(input: signal, output: spectrum)
        let half = count / 2
        // Positive-frequency bins 1…⌈N/2⌉−1 become −i·X; DC and Nyquist drop out.
        let lastPositive = count % 2 == 0 ? half - 1 : half
        spectrum.withUnsafeMutableBufferPointer { bins in
            bins[0] = 0
            bins[1] = 0
            if lastPositive >= 1 {
                for index in 1...lastPositive {
                    let (re, im) = (bins[2 * index], bins[2 * index + 1])
                    bins[2 * index] = im
                    bins[2 * index + 1] = -re
                }
            }
            if count % 2 == 0 && half >= 1 {
                bins[2 * half] = 0
                bins[2 * half + 1] = 0
            }
        }
        fft.inverse(destroyingInput: spectrum, output: signal)
    }
}
