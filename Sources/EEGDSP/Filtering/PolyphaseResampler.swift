import EEGCore
import Foundation

/// Rational-ratio resampling with a Kaiser-windowed anti-aliasing filter, as
/// `scipy.signal.resample_poly(x, up, down)` with its defaults (`window=('kaiser', 5.0)`,
/// `padtype='constant'`).
///
/// The ratio is reduced by its greatest common divisor; the signal is conceptually upsampled
/// by `up` (zeros inserted), low-pass filtered at min(1/up, 1/down) of Nyquist by a
/// `firwin(20·max(up, down) + 1, 1/max(up, down), window=('kaiser', 5.0))` filter scaled by
/// `up`, and every `down`-th sample kept (computed polyphase, without forming the upsampled
/// signal). Samples beyond the ends count as zero, so the first and last ~10 output samples
/// per unit of max(up, down) feel the edge. The output has ⌈count·up/down⌉ samples.
///
/// ```swift
/// let resampler = try PolyphaseResampler(up: 25, down: 64)   // 256 Hz → 100 Hz
/// let slower = try resampler.resampled(samples)
/// ```
public struct PolyphaseResampler: Sendable, Equatable {
    /// The reduced upsampling factor.
    public let up: Int
    /// The reduced downsampling factor.
    public let down: Int
    /// The anti-aliasing filter (scaled by `up`, zero-padded as SciPy does).
    let filter: [Double]
    /// Output samples dropped at the start to centre the filter.
    let leadingDiscard: Int

    /// The largest reduced factor accepted; the filter has 20·max(up, down) + 1 taps.
    public static let maximumFactor = 10_000

    /// Prepares a resampler for the ratio `up / down`.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` unless both factors are
    ///   1…``maximumFactor`` after reduction.
    public init(up: Int, down: Int) throws {
        for (name, value) in [("up factor", up), ("down factor", down)] where value < 1 {
            throw DSPError.invalidParameter(
                name: name, value: "\(value)", expected: "a positive integer")
        }
        let divisor = greatestCommonDivisor(up, down)
        let (up, down) = (up / divisor, down / divisor)
        guard max(up, down) <= Self.maximumFactor else {
            throw DSPError.invalidParameter(
                name: "resampling ratio", value: "\(up)/\(down)",
                expected: "factors up to \(Self.maximumFactor) after reduction")
        }
        self.up = up
        self.down = down
        guard up != 1 || down != 1 else {
            filter = [1]
            leadingDiscard = 0
            return
        }
        let maximumRate = max(up, down)
        let halfLength = 10 * maximumRate
        var taps = FIRFilter.windowedSincCoefficients(
            tapCount: 2 * halfLength + 1, cutoffs: [0, 1 / Double(maximumRate)],
            window: .kaiser(beta: 5), scaled: true)
        for index in taps.indices { taps[index] *= Double(up) }
        let prePad = down - halfLength % down
        filter = Array(repeating: 0, count: prePad) + taps
        leadingDiscard = (halfLength + prePad) / down
    }

    /// The number of output samples for `count` input samples: ⌈count·up/down⌉.
    public func outputCount(for count: Int) -> Int {
        let total = count * up
        return total / down + (total % down == 0 ? 0 : 1)
    }

    /// The largest output accepted, 2²⁸ samples (2 GiB): guards against runaway ratios.
    public static let maximumOutputCount = 1 << 28

    /// Resamples `samples`; see the type's discussion for the reference it matches.
    /// - Returns: ⌈count·up/down⌉ samples (empty for empty input).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when the output would
    ///   exceed ``maximumOutputCount`` samples.
    public func resampled(_ samples: [Double]) throws -> [Double] {
        if up == 1 && down == 1 { return samples }
        let count = samples.count
        guard count <= Self.maximumOutputCount,
            outputCount(for: count) <= Self.maximumOutputCount
        else {
            throw DSPError.invalidParameter(
                name: "resampled length", value: "\(count) × \(up)/\(down) samples",
                expected: "at most \(Self.maximumOutputCount) samples")
        }
        let outputCount = outputCount(for: count)
        var output = [Double](repeating: 0, count: outputCount)
        // SciPy pads the filter with trailing zeros until upfirdn's output is long enough;
        // zeros add nothing, so the sum below simply stops at the filter's end.
        filter.withUnsafeBufferPointer { taps in
            samples.withUnsafeBufferPointer { input in
                for outputIndex in 0..<outputCount {
                    // Position on the upsampled grid: y[m] = Σ_j x[j]·h[m·down − j·up].
                    let position = (outputIndex + leadingDiscard) * down
                    let lastInput = min(position / up, count - 1)
                    var sum = 0.0
                    var inputIndex = lastInput
                    var tap = position - inputIndex * up
                    while inputIndex >= 0 && tap < taps.count {
                        sum += input[inputIndex] * taps[tap]
                        inputIndex -= 1
                        tap += up
                    }
                    output[outputIndex] = sum
                }
            }
        }
        return output
    }
}

/// Euclid's algorithm.
func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (abs(a), abs(b))
    while b != 0 { (a, b) = (b, a % b) }
    return a
}

extension Signal {
    /// The signal resampled by the rational factor `up / down` (`scipy.signal.resample_poly`).
    ///
    /// - Returns: A signal at `sampleRate · up / down` Hz with ⌈count·up/down⌉ samples.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for bad factors,
    ///   ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``.
    public func resampled(up: Int, down: Int) throws -> Signal {
        try requireFiniteForDSP()
        let resampler = try PolyphaseResampler(up: up, down: down)
        let rate = sampleRate * Double(resampler.up) / Double(resampler.down)
        return try Signal(
            samples: try resampler.resampled(samples), sampleRate: rate, label: label, unit: unit)
    }

    /// The signal resampled to `newRate` Hz (`scipy.signal.resample_poly` with the ratio
    /// `newRate / sampleRate` as a fraction of factors up to 10 000, e.g. 256 → 100 Hz is
    /// up 25, down 64).
    ///
    /// ```swift
    /// let common = try signal.resampled(to: 128)
    /// ```
    /// - Parameter newRate: The target rate in Hz.
    /// - Returns: A signal at exactly `newRate` Hz.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when the ratio is not
    ///   (within 1e-9) a fraction with factors ≤ 10 000, or the rate is not positive;
    ///   ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``.
    public func resampled(to newRate: Hertz) throws -> Signal {
        guard newRate.isFinite, newRate > 0 else {
            throw DSPError.invalidParameter(
                name: "target sample rate", value: "\(newRate) Hz", expected: "a positive rate")
        }
        guard let (up, down) = rationalApproximation(
            newRate / sampleRate, maximumFactor: PolyphaseResampler.maximumFactor)
        else {
            throw DSPError.invalidParameter(
                name: "resampling ratio",
                value: "\(formatHertz(newRate))/\(formatHertz(sampleRate))",
                expected: "a fraction p/q with p, q ≤ \(PolyphaseResampler.maximumFactor)")
        }
        try requireFiniteForDSP()
        let resampler = try PolyphaseResampler(up: up, down: down)
        return try Signal(
            samples: try resampler.resampled(samples), sampleRate: newRate, label: label,
            unit: unit)
    }
}

/// The fraction p/q closest to `ratio` from its continued fraction with p, q ≤ `maximumFactor`,
/// if it matches to 1e-9 relative.
func rationalApproximation(_ ratio: Double, maximumFactor: Int) -> (Int, Int)? {
    guard ratio.isFinite, ratio > 0 else { return nil }
    var (previousNumerator, numerator) = (0, 1)
    var (previousDenominator, denominator) = (1, 0)
    var remainder = ratio
    for _ in 0..<64 {
        let whole = remainder.rounded(.down)
        guard whole < Double(maximumFactor) * 2 else { break }
        let term = Int(whole)
        let nextNumerator = term * numerator + previousNumerator
        let nextDenominator = term * denominator + previousDenominator
        guard nextNumerator <= maximumFactor, nextDenominator <= maximumFactor else { break }
        (previousNumerator, numerator) = (numerator, nextNumerator)
        (previousDenominator, denominator) = (denominator, nextDenominator)
        let value = Double(numerator) / Double(denominator)
        if abs(value - ratio) <= 1e-9 * ratio { return (numerator, denominator) }
        let fraction = remainder - whole
        guard fraction > 0 else { break }
        remainder = 1 / fraction
    }
    return nil
}
