import EEGCore
import EEGFFT
import Foundation

/// Linear convolution of signals with one fixed impulse response.
///
/// Short responses (≤ ``directLimit`` taps) use direct summation; longer ones FFT overlap-add
/// with a block length chosen by MNE's cost rule (the power of two that minimizes the
/// multiplication count, with a penalty on very long transforms). The response's spectrum is
/// computed once; each call allocates its working buffers once, never per block, so one
/// convolver can serve many threads at once.
final class FIRConvolver: Sendable {
    /// Responses up to this many taps are applied by direct summation.
    static let directLimit = 64

    let coefficients: [Double]
    private let fft: RealFFT?
    private let responseSpectrum: AlignedBuffer?

    /// - Parameters:
    ///   - coefficients: The impulse response.
    ///   - typicalInputCount: The usual input length, used to pick the FFT block length.
    init(coefficients: [Double], typicalInputCount: Int) throws {
        self.coefficients = coefficients
        let taps = coefficients.count
        guard taps > Self.directLimit else {
            fft = nil
            responseSpectrum = nil
            return
        }
        let length = Self.blockLength(taps: taps, inputCount: typicalInputCount)
        let fft = try RealFFT(count: length)
        let padded = AlignedBuffer(count: length)
        padded.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<taps { buffer[index] = coefficients[index] }
        }
        let spectrum = AlignedBuffer(count: 2 * fft.spectrumCount)
        fft.forward(input: padded, output: spectrum)
        self.fft = fft
        self.responseSpectrum = spectrum
    }

    /// MNE's `_overlap_add_filter` block-length rule.
    static func blockLength(taps: Int, inputCount: Int) -> Int {
        let minimum = 2 * taps - 1
        var best = 1
        while best < minimum { best <<= 1 }
        guard inputCount >= minimum else { return best }
        var bestCost = Double.infinity
        var candidate = best
        let count = Double(inputCount)
        while candidate < 2 * max(inputCount, 1) {
            let size = Double(candidate)
            let blocks = (count / Double(candidate - taps + 1)).rounded(.up)
            let cost = blocks * size * (log2(size) + 1) + 4e-5 * size * count
            if cost < bestCost {
                bestCost = cost
                best = candidate
            }
            if candidate >= inputCount { break }
            candidate <<= 1
        }
        return best
    }

    /// Writes `output[j] = Σ_k h[k]·input[j + shift − k]` for j in 0..<output.count, with
    /// `input` taken as zero outside its range (a window of the full linear convolution).
    func convolve(
        _ input: UnsafeBufferPointer<Double>, shift: Int,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        guard let fft, let responseSpectrum else {
            directConvolve(input, shift: shift, into: output)
            return
        }
        let taps = coefficients.count
        let length = fft.count
        let blockCount = length - taps + 1
        let block = AlignedBuffer(count: length)
        let spectrum = AlignedBuffer(count: 2 * fft.spectrumCount)
        let product = AlignedBuffer(count: length)
        for index in output.indices { output[index] = 0 }
        // Only input blocks that reach the requested output window are transformed.
        let firstInput = max(0, shift - taps + 1)
        let lastInput = min(input.count, shift + output.count)
        var start = firstInput
        while start < lastInput {
            let stop = min(start + blockCount, input.count)
            block.withUnsafeMutableBufferPointer { buffer in
                for index in 0..<(stop - start) { buffer[index] = input[start + index] }
                for index in (stop - start)..<length { buffer[index] = 0 }
            }
            fft.forward(input: block, output: spectrum)
            spectrum.withUnsafeMutableBufferPointer { values in
                responseSpectrum.withUnsafeBufferPointer { response in
                    for bin in 0..<fft.spectrumCount {
                        let (re, im) = (values[2 * bin], values[2 * bin + 1])
                        let (hr, hi) = (response[2 * bin], response[2 * bin + 1])
                        values[2 * bin] = re * hr - im * hi
                        values[2 * bin + 1] = re * hi + im * hr
                    }
                }
            }
            fft.inverse(destroyingInput: spectrum, output: product)
            // Block output position p corresponds to full-convolution index start + p.
            product.withUnsafeBufferPointer { values in
                let first = max(0, shift - start)
                let last = min(length, shift + output.count - start)
                if first < last {
                    for position in first..<last {
                        output[start + position - shift] += values[position]
                    }
                }
            }
            start += blockCount
        }
    }

    private func directConvolve(
        _ input: UnsafeBufferPointer<Double>, shift: Int,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        coefficients.withUnsafeBufferPointer { response in
            let taps = response.count
            for outputIndex in output.indices {
                let center = outputIndex + shift
                let lowTap = max(0, center - input.count + 1)
                let highTap = min(taps - 1, center)
                var sum = 0.0
                if lowTap <= highTap {
                    for tap in lowTap...highTap { sum += response[tap] * input[center - tap] }
                }
                output[outputIndex] = sum
            }
        }
    }
}

extension FIRFilter {
    // MARK: - Application

    /// Filters with zero phase delay, as MNE's `filter_data(..., method='fir', phase='zero',
    /// pad='reflect_limited')`.
    ///
    /// Each end is extended by min(taps, count) − 1 samples of odd reflection about the end
    /// sample (2·x[0] − x[k]; MNE's `reflect_limited`, zero beyond the signal's own length),
    /// the extended signal is convolved, and the output is shifted back by (taps − 1)/2 so
    /// the linear-phase delay is removed. Long filters run by FFT overlap-add, short ones
    /// directly.
    ///
    /// - Parameter samples: The input (any length ≥ 1). Filters longer than the signal work,
    ///   but, as MNE warns, the edges are then dominated by the padding.
    /// - Returns: The filtered samples, same count.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for an even tap count
    ///   (no integer delay to remove, as MNE), ``DSPError/emptyInput(what:)``.
    public func zeroPhaseFiltered(_ samples: [Double]) throws -> [Double] {
        guard !samples.isEmpty else { throw DSPError.emptyInput(what: "signal") }
        guard tapCount % 2 == 1 else {
            throw DSPError.invalidParameter(
                name: "tap count", value: "\(tapCount)",
                expected: "an odd count for zero-phase filtering")
        }
        let edge = max(min(tapCount, samples.count) - 1, 0)
        let extended = Self.reflectLimited(samples, edge: edge)
        let convolver = try FIRConvolver(
            coefficients: coefficients, typicalInputCount: extended.count)
        var output = [Double](repeating: 0, count: samples.count)
        extended.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { target in
                convolver.convolve(input, shift: edge + (tapCount - 1) / 2, into: target)
            }
        }
        return output
    }

    /// Filters causally, `y[n] = Σ h[k]·x[n − k]` from rest, as `scipy.signal.lfilter(h, 1, x)`;
    /// the output is delayed by ``delay`` samples.
    /// - Throws: ``DSPError/emptyInput(what:)``.
    public func causallyFiltered(_ samples: [Double]) throws -> [Double] {
        guard !samples.isEmpty else { throw DSPError.emptyInput(what: "signal") }
        let convolver = try FIRConvolver(
            coefficients: coefficients, typicalInputCount: samples.count)
        var output = [Double](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { target in
                convolver.convolve(input, shift: 0, into: target)
            }
        }
        return output
    }

    /// MNE's `_smart_pad(x, (edge, edge), 'reflect_limited')`.
    static func reflectLimited(_ samples: [Double], edge: Int) -> [Double] {
        guard edge > 0 else { return samples }
        let count = samples.count
        let reflected = min(edge, count - 1)
        let zeros = edge - reflected
        var extended = [Double](repeating: 0, count: count + 2 * edge)
        let first = samples[0]
        let last = samples[count - 1]
        for offset in 0..<reflected {
            // Left: positions zeros…edge−1 hold 2·x0 − x[reflected … 1].
            extended[zeros + offset] = 2 * first - samples[reflected - offset]
            // Right: 2·x[n−1] − x[n−2 …].
            extended[edge + count + offset] = 2 * last - samples[count - 2 - offset]
        }
        for index in 0..<count { extended[edge + index] = samples[index] }
        return extended
    }
}
