import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Random deviates

extension RandomNumberGenerator {
    /// A uniform double in [0, 1) from the top 53 bits of one `next()` call.
    ///
    /// The same arithmetic as ``SeededGenerator/nextUnitInterval()``, written against the
    /// protocol so that generators take `inout some RandomNumberGenerator` and still give
    /// bit-identical sequences for a ``SeededGenerator``.
    mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `[lower, upper)`.
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * unitInterval()
    }

    /// A uniform integer in the closed range (via 53-bit uniforms, so the draw consumes exactly
    /// one `next()` whatever the range).
    mutating func uniformInteger(in range: ClosedRange<Int>) -> Int {
        let span = Double(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + min(Int(unitInterval() * span), range.count - 1)
    }

    /// A standard normal deviate by Box–Muller, the algorithm of
    /// ``SeededGenerator/nextGaussian()`` (two uniforms per call, cosine branch only).
    mutating func standardNormal() -> Double {
        var first = unitInterval()
        while first <= 0 { first = unitInterval() }
        let second = unitInterval()
        return (-2 * log(first)).squareRoot() * cos(2 * Double.pi * second)
    }
}

/// A generator for one named component of a synthesis, derived from a base seed.
///
/// Every component (each channel's background, each burst train) draws from its own stream, so
/// adding a channel or a component does not change the others. Mixing uses FNV-1a over the
/// UTF-8 bytes of the stream name and SplitMix64 finalisation: both are fixed arithmetic, unlike
/// Swift's `Hasher`, which is seeded per process.
func componentGenerator(seed: UInt64, stream: String) -> SeededGenerator {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in stream.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    var mixed = seed ^ hash
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return SeededGenerator(seed: mixed ^ (mixed >> 31))
}

// MARK: - Validation

/// The largest number of samples one synthesized signal may have (2^27 ≈ 134 million,
/// 1 GiB of doubles): a bound on memory for any user-supplied duration and rate.
let maximumSynthesisSampleCount = 1 << 27

/// The number of samples for `duration` seconds at `sampleRate`, rounded to the nearest sample.
///
/// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a non-positive or
///   non-finite duration or rate, fewer than one sample, or more than
///   ``maximumSynthesisSampleCount`` samples.
func synthesisSampleCount(duration: Seconds, sampleRate: Hertz) throws -> Int {
    guard sampleRate.isFinite, sampleRate > 0 else {
        throw DSPError.invalidParameter(
            name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
    }
    guard duration.isFinite, duration > 0 else {
        throw DSPError.invalidParameter(
            name: "duration", value: "\(duration) s", expected: "a positive finite duration")
    }
    let exact = duration * sampleRate
    guard exact < Double(maximumSynthesisSampleCount) + 0.5 else {
        throw DSPError.invalidParameter(
            name: "duration", value: "\(duration) s at \(formatHertz(sampleRate)) Hz",
            expected: "at most \(maximumSynthesisSampleCount) samples")
    }
    let count = Int(exact.rounded())
    guard count >= 1 else {
        throw DSPError.invalidParameter(
            name: "duration", value: "\(duration) s at \(formatHertz(sampleRate)) Hz",
            expected: "at least one sample")
    }
    return count
}

/// Throws unless `frequency` is finite and in (0, Nyquist).
func requireOscillationFrequency(_ frequency: Hertz, sampleRate: Hertz, name: String) throws {
    guard frequency.isFinite, frequency > 0 else {
        throw DSPError.invalidParameter(
            name: name, value: "\(frequency) Hz", expected: "a positive finite frequency")
    }
    guard frequency < sampleRate / 2 else {
        throw DSPError.aboveNyquist(name: name, frequency: frequency, nyquist: sampleRate / 2)
    }
}

/// Throws unless `value` is finite and ≥ 0.
func requireNonNegative(_ value: Double, name: String, unit: String = "") throws {
    guard value.isFinite, value >= 0 else {
        throw DSPError.invalidParameter(
            name: name, value: unit.isEmpty ? "\(value)" : "\(value) \(unit)",
            expected: "a finite value ≥ 0")
    }
}

/// Makes a signal from samples after the rate was validated by ``synthesisSampleCount``.
func synthesizedSignal(_ samples: [Double], sampleRate: Hertz) throws -> Signal {
    do {
        return try Signal(samples: samples, sampleRate: sampleRate)
    } catch {
        throw DSPError.invalidParameter(
            name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
    }
}

// MARK: - Envelopes

/// The raised-cosine taper value of sample `index` of a `length`-sample episode whose first and
/// last `taperCount` samples fade in and out.
///
/// Sample centres are used (`index + 0.5`), so the value is strictly positive on every sample
/// of the episode: the episode's sample range is exactly where its envelope is non-zero.
func taperValue(index: Int, length: Int, taperCount: Int) -> Double {
    guard taperCount > 0 else { return 1 }
    let fromEdge = min(index, length - 1 - index)
    guard fromEdge < taperCount else { return 1 }
    let position = (Double(fromEdge) + 0.5) / Double(taperCount)
    return 0.5 - 0.5 * cos(Double.pi * position)
}

/// A smooth step from 0 to 1: 0 before `start`, a raised-cosine ramp over `rampDuration`
/// seconds, then 1. Used for the onset of the ketamine infusion period.
func smoothStep(time: Seconds, start: Seconds, rampDuration: Seconds) -> Double {
    if time < start { return 0 }
    if rampDuration <= 0 || time >= start + rampDuration { return 1 }
    return 0.5 - 0.5 * cos(Double.pi * (time - start) / rampDuration)
}
