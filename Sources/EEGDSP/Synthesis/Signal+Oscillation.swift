import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The waveform of one oscillation cycle.
///
/// Cycle phase `p` runs over [0, 1). ``sine`` is `sin(2πp)`; its trough is at p = 0.75 and its
/// peak at p = 0.25. ``asymmetric(riseFraction:)`` keeps the trough at p = 0.75 but spends the
/// fraction `r` of the cycle rising to the peak and `1 − r` decaying, each half a warped
/// half-cosine, so the waveform and its first derivative are continuous. `r` is NeuroDSP's
/// rise-decay symmetry (`rdsym`) of `sim_oscillation(cycle='asine')`; `r = 0.5` is the sine.
public enum OscillationShape: Sendable, Equatable {
    /// A sinusoid.
    case sine
    /// Asymmetric cycles: `riseFraction` in (0, 1) of each cycle rises from trough to peak.
    case asymmetric(riseFraction: Double)

    /// The waveform value in [−1, 1] at cycle phase `phase` (in cycles, [0, 1)).
    public func value(atCyclePhase phase: Double) -> Double {
        switch self {
        case .sine:
            return sin(2 * Double.pi * phase)
        case .asymmetric(let rise):
            var sinceTrough = phase + 0.25
            if sinceTrough >= 1 { sinceTrough -= 1 }
            if sinceTrough < rise {
                return -cos(Double.pi * sinceTrough / rise)
            }
            return cos(Double.pi * (sinceTrough - rise) / (1 - rise))
        }
    }

    func validate() throws {
        if case .asymmetric(let rise) = self {
            guard rise.isFinite, rise > 0, rise < 1 else {
                throw DSPError.invalidParameter(
                    name: "rise fraction", value: "\(rise)", expected: "a value in (0, 1)")
            }
        }
    }
}

extension Signal {
    // MARK: - Oscillations

    /// A sinusoid `amplitude · sin(2π f t + phase)` at an exact frequency.
    ///
    /// ```swift
    /// let gamma = try Signal.sinusoid(frequency: 40, duration: 2, sampleRate: 250)
    /// ```
    ///
    /// The phase of sample `n` is computed from `n · frequency / sampleRate` (a phase
    /// accumulator without accumulated rounding), so any frequency below Nyquist is exact at any
    /// rate. NeuroDSP's `sim_oscillation` instead tiles cycles of a whole number of samples and
    /// so puts a requested 40 Hz at 250/7 ≈ 35.7 Hz when sampled at 250 Hz.
    ///
    /// - Parameters:
    ///   - frequency: In Hz, in (0, Nyquist).
    ///   - duration: Length in seconds; the sample count is `round(duration · sampleRate)`.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - amplitude: Peak amplitude in the signal's unit (≥ 0); default 1.
    ///   - phase: Starting phase in radians; default 0.
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)``,
    ///   ``DSPError/invalidParameter(name:value:expected:)``.
    public static func sinusoid(
        frequency: Hertz, duration: Seconds, sampleRate: Hertz, amplitude: Double = 1,
        phase: Double = 0
    ) throws -> Signal {
        try oscillation(
            frequency: frequency, duration: duration, sampleRate: sampleRate,
            amplitude: amplitude, phase: phase, shape: .sine)
    }

    /// A periodic oscillation with a chosen cycle shape (sinusoidal or asymmetric) at an exact
    /// frequency.
    ///
    /// ```swift
    /// let mu = try Signal.oscillation(
    ///     frequency: 10, duration: 4, sampleRate: 256, shape: .asymmetric(riseFraction: 0.3))
    /// ```
    ///
    /// See ``sinusoid(frequency:duration:sampleRate:amplitude:phase:)`` for the phase
    /// accumulator and ``OscillationShape`` for the waveforms. An asymmetric cycle adds
    /// harmonics at integer multiples of `frequency` (above Nyquist they alias, as in any
    /// sampled waveform).
    ///
    /// - Parameters:
    ///   - frequency: In Hz, in (0, Nyquist).
    ///   - duration: Length in seconds.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - amplitude: Peak amplitude in the signal's unit (≥ 0); default 1.
    ///   - phase: Starting phase in radians (2π = one cycle); default 0.
    ///   - shape: The cycle waveform; default ``OscillationShape/sine``.
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)``,
    ///   ``DSPError/invalidParameter(name:value:expected:)``.
    public static func oscillation(
        frequency: Hertz, duration: Seconds, sampleRate: Hertz, amplitude: Double = 1,
        phase: Double = 0, shape: OscillationShape = .sine
    ) throws -> Signal {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        try requireOscillationFrequency(frequency, sampleRate: sampleRate, name: "frequency")
        try requireNonNegative(amplitude, name: "amplitude")
        try shape.validate()
        guard phase.isFinite else {
            throw DSPError.invalidParameter(
                name: "phase", value: "\(phase)", expected: "a finite angle in radians")
        }
        let startCycle = phase / (2 * Double.pi)
        let cyclesPerSample = frequency / sampleRate
        var samples = [Double](repeating: 0, count: count)
        for index in 0..<count {
            var cycle = startCycle + Double(index) * cyclesPerSample
            cycle -= cycle.rounded(.down)
            samples[index] = amplitude * shape.value(atCyclePhase: cycle)
        }
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }

    /// An oscillation whose frequency and amplitude change from sample to sample, by a phase
    /// accumulator.
    ///
    /// The cycle phase advances by `frequencies[n] / sampleRate` after sample `n` (wrapped to
    /// [0, 1)), so the instantaneous frequency is exactly the one given. Sample `n` is
    /// `amplitudes[n] · shape(phase_n)`.
    ///
    /// - Parameters:
    ///   - frequencies: Instantaneous frequency per sample, in Hz, each in [0, Nyquist).
    ///   - amplitudes: Instantaneous peak amplitude per sample, in the signal's unit; same
    ///     length as `frequencies`.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - phase: Starting phase in radians; default 0.
    ///   - shape: The cycle waveform; default ``OscillationShape/sine``.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for mismatched lengths, an
    ///   empty input or a bad shape; ``DSPError/aboveNyquist(name:frequency:nyquist:)`` for a
    ///   frequency at or above Nyquist.
    public static func modulatedOscillation(
        frequencies: [Hertz], amplitudes: [Double], sampleRate: Hertz, phase: Double = 0,
        shape: OscillationShape = .sine
    ) throws -> Signal {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        guard !frequencies.isEmpty else { throw DSPError.emptyInput(what: "frequency track") }
        guard frequencies.count == amplitudes.count else {
            throw DSPError.invalidParameter(
                name: "amplitude track length", value: "\(amplitudes.count)",
                expected: "\(frequencies.count), the frequency track's length")
        }
        try shape.validate()
        for frequency in frequencies where !(frequency >= 0 && frequency < sampleRate / 2) {
            if frequency.isFinite && frequency >= sampleRate / 2 {
                throw DSPError.aboveNyquist(
                    name: "instantaneous frequency", frequency: frequency,
                    nyquist: sampleRate / 2)
            }
            throw DSPError.invalidParameter(
                name: "instantaneous frequency", value: "\(frequency) Hz",
                expected: "a finite frequency ≥ 0")
        }
        var accumulator = PhaseAccumulator(phase: phase)
        var samples = [Double](repeating: 0, count: frequencies.count)
        for index in samples.indices {
            samples[index] = amplitudes[index] * shape.value(atCyclePhase: accumulator.cycle)
            accumulator.advance(by: frequencies[index] / sampleRate)
        }
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }
}

/// A cycle phase in [0, 1) advanced sample by sample.
struct PhaseAccumulator {
    private(set) var cycle: Double

    init(phase radians: Double) {
        var start = radians / (2 * Double.pi)
        start -= start.rounded(.down)
        cycle = start
    }

    init(cycle: Double) {
        self.cycle = cycle - cycle.rounded(.down)
    }

    /// Advances the phase; returns whether it wrapped past the end of a cycle.
    @discardableResult
    mutating func advance(by cycles: Double) -> Bool {
        cycle += cycles
        guard cycle >= 1 else { return false }
        cycle -= cycle.rounded(.down)
        return true
    }
}
