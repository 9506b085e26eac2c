import CFFTW
import EEGCore

/// A real-to-complex discrete Fourier transform of a fixed length, and its inverse.
///
/// Any length works (FFTW handles primes and mixed radices). Plans come from a process-wide
/// cache, so making a `RealFFT` of a length seen before costs a dictionary look-up. One
/// instance can be shared by any number of threads: each call executes the cached plan on the
/// caller's own buffers (FFTW's new-array execute, which is thread-safe).
///
/// Conventions: the forward transform is unnormalized, `X[k] = Σ x[n] e^{-2πikn/N}` for
/// `k = 0 … N/2` (like `numpy.fft.rfft`); the inverse divides by `N`, so
/// `inverse(forward(x)) == x` up to rounding.
///
/// ```swift
/// let fft = try RealFFT(count: 1024)
/// let coefficients = fft.forward(samples)      // 513 complex bins
/// let restored = fft.inverse(coefficients)     // 1024 samples
/// ```
public final class RealFFT: Sendable {
    /// The transform length N (number of real samples).
    public let count: Int
    /// The number of complex coefficients of the one-sided spectrum, N/2 + 1.
    public var spectrumCount: Int { count / 2 + 1 }

    private let forwardPlan: FFTWPlan
    private let inversePlan: FFTWPlan

    /// Creates (or fetches from the cache) the plans for length `count`.
    /// - Parameters:
    ///   - count: The number of real samples N, ≥ 1.
    ///   - effort: FFTW planning effort; `.estimate` by default.
    /// - Throws: ``FFTError/invalidLength(_:)``, ``FFTError/planCreationFailed(kind:length:)``.
    public init(count: Int, effort: FFTPlanningEffort = .estimate) throws {
        self.count = count
        self.forwardPlan = try FFTPlanCache.plan(kind: .realForward, length: count, effort: effort)
        self.inversePlan = try FFTPlanCache.plan(kind: .realInverse, length: count, effort: effort)
    }

    // MARK: - Buffer interface (no allocation)

    /// Forward transform from `input` (N reals) into `output` (N/2+1 interleaved complex values,
    /// i.e. 2·(N/2+1) doubles). `input` is not modified.
    public func forward(input: AlignedBuffer, output: AlignedBuffer) {
        precondition(input.count >= count, "RealFFT input buffer too short")
        precondition(output.count >= 2 * spectrumCount, "RealFFT output buffer too short")
        eeg_execute_r2c(forwardPlan.handle, input.base, output.base)
    }

    /// Inverse transform from `input` (N/2+1 interleaved complex values) into `output`
    /// (N reals), divided by N. `input` is destroyed (FFTW's complex-to-real transforms
    /// overwrite their input); copy it first if you need it.
    public func inverse(destroyingInput input: AlignedBuffer, output: AlignedBuffer) {
        precondition(input.count >= 2 * spectrumCount, "RealFFT inverse input buffer too short")
        precondition(output.count >= count, "RealFFT inverse output buffer too short")
        eeg_execute_c2r(inversePlan.handle, input.base, output.base)
        let scale = 1 / Double(count)
        for index in 0..<count { output.base[index] *= scale }
    }

    // MARK: - Array interface (allocates)

    /// The one-sided spectrum of `samples` (N/2+1 bins, unnormalized).
    ///
    /// Shorter input is zero-padded to N; longer input is truncated to its first N samples
    /// (as `numpy.fft.rfft(x, n=N)`).
    public func forward(_ samples: [Double]) -> [Complex] {
        let input = AlignedBuffer(count: count)
        samples.withUnsafeBufferPointer { source in
            let copied = min(source.count, count)
            if copied > 0 { input.base.update(from: source.baseAddress!, count: copied) }
        }
        let output = AlignedBuffer(count: 2 * spectrumCount)
        forward(input: input, output: output)
        return (0..<spectrumCount).map { Complex(output.base[2 * $0], output.base[2 * $0 + 1]) }
    }

    /// The N real samples whose one-sided spectrum is `coefficients` (divided by N).
    ///
    /// The imaginary parts of bin 0 (and of bin N/2 for even N) are ignored, as in
    /// `numpy.fft.irfft`. Missing bins are taken as zero.
    public func inverse(_ coefficients: [Complex]) -> [Double] {
        let input = AlignedBuffer(count: 2 * spectrumCount)
        for (index, value) in coefficients.prefix(spectrumCount).enumerated() {
            input.base[2 * index] = value.real
            input.base[2 * index + 1] = value.imaginary
        }
        let output = AlignedBuffer(count: count)
        inverse(destroyingInput: input, output: output)
        return output.array
    }
}

/// Many real-to-complex transforms of the same length in one FFTW call.
///
/// The input holds `transformCount` signals of `count` samples back to back; the output holds
/// their spectra back to back, each `count/2+1` interleaved complex values. On the reference
/// machine this is no faster than a loop over one ``RealFFT`` (see `Benchmarks/`), but it saves
/// call overhead for many short transforms.
public final class RealFFTBatch: Sendable {
    /// Samples per transform.
    public let count: Int
    /// Number of transforms per call.
    public let transformCount: Int
    private let plan: FFTWPlan

    /// - Throws: ``FFTError/invalidLength(_:)``, ``FFTError/planCreationFailed(kind:length:)``.
    public init(count: Int, transformCount: Int, effort: FFTPlanningEffort = .estimate) throws {
        guard transformCount > 0, transformCount <= Int(Int32.max) else {
            throw FFTError.invalidLength(transformCount)
        }
        guard count > 0, count.multipliedReportingOverflow(by: transformCount).overflow == false
        else { throw FFTError.invalidLength(count) }
        self.count = count
        self.transformCount = transformCount
        self.plan = try FFTPlanCache.plan(
            kind: .realForwardBatch(count: transformCount), length: count, effort: effort)
    }

    /// The number of doubles the output buffer needs: `transformCount · 2 · (count/2+1)`.
    public var outputCount: Int { transformCount * 2 * (count / 2 + 1) }

    /// Transforms all signals in `input` (count · transformCount doubles) into `output`.
    public func forward(input: AlignedBuffer, output: AlignedBuffer) {
        precondition(input.count >= count * transformCount, "RealFFTBatch input too short")
        precondition(output.count >= outputCount, "RealFFTBatch output too short")
        eeg_execute_r2c(plan.handle, input.base, output.base)
    }
}
