import CFFTW
import EEGCore

/// A complex discrete Fourier transform of a fixed length, forward and inverse.
///
/// Forward: `X[k] = Σ x[n] e^{-2πikn/N}` (unnormalized, like `numpy.fft.fft`). Inverse:
/// `x[n] = (1/N) Σ X[k] e^{+2πikn/N}` (divided by N, like `numpy.fft.ifft`). Thread-safe in the
/// same way as ``RealFFT``.
public final class ComplexFFT: Sendable {
    /// The transform length N.
    public let count: Int
    private let forwardPlan: FFTWPlan
    private let inversePlan: FFTWPlan

    /// - Throws: ``FFTError/invalidLength(_:)``, ``FFTError/planCreationFailed(kind:length:)``.
    public init(count: Int, effort: FFTPlanningEffort = .estimate) throws {
        self.count = count
        self.forwardPlan = try FFTPlanCache.plan(
            kind: .complexForward, length: count, effort: effort)
        self.inversePlan = try FFTPlanCache.plan(
            kind: .complexInverse, length: count, effort: effort)
    }

    /// Forward transform of interleaved complex `input` (2N doubles) into `output` (2N doubles).
    public func forward(input: AlignedBuffer, output: AlignedBuffer) {
        precondition(input.count >= 2 * count && output.count >= 2 * count,
                     "ComplexFFT buffers must hold 2·count doubles")
        eeg_execute_c2c(forwardPlan.handle, input.base, output.base)
    }

    /// Inverse transform of interleaved complex `input` into `output`, divided by N.
    public func inverse(input: AlignedBuffer, output: AlignedBuffer) {
        precondition(input.count >= 2 * count && output.count >= 2 * count,
                     "ComplexFFT buffers must hold 2·count doubles")
        eeg_execute_c2c(inversePlan.handle, input.base, output.base)
        let scale = 1 / Double(count)
        for index in 0..<(2 * count) { output.base[index] *= scale }
    }

    /// The spectrum of `values` (zero-padded or truncated to N).
    public func forward(_ values: [Complex]) -> [Complex] {
        run(values) { forward(input: $0, output: $1) }
    }

    /// The inverse transform of `values` (zero-padded or truncated to N), divided by N.
    public func inverse(_ values: [Complex]) -> [Complex] {
        run(values) { inverse(input: $0, output: $1) }
    }

    private func run(
        _ values: [Complex], _ transform: (AlignedBuffer, AlignedBuffer) -> Void
    ) -> [Complex] {
        let input = AlignedBuffer(count: 2 * count)
        for (index, value) in values.prefix(count).enumerated() {
            input.base[2 * index] = value.real
            input.base[2 * index + 1] = value.imaginary
        }
        let output = AlignedBuffer(count: 2 * count)
        transform(input, output)
        return (0..<count).map { Complex(output.base[2 * $0], output.base[2 * $0 + 1]) }
    }
}
