import EEGCore

/// How a train of oscillation bursts is drawn.
///
/// The train is a two-state process stepped one nominal cycle at a time, as NeuroDSP's
/// `sim_bursty_oscillation` with `burst_def='prob'`: while idle, a burst starts at each cycle
/// with probability ``burstProbability``. A burst lasts a whole number of its own cycles, drawn
/// uniformly from ``cycleCount``; its frequency is drawn uniformly from the union of
/// ``frequencyRanges`` and its peak amplitude is ``amplitude`` × (1 + ``amplitudeJitter`` · u),
/// u uniform in [−1, 1). With ``cycleFrequencyJitter`` j > 0 each cycle of a burst has its own
/// frequency, the burst's × (1 + j · u) (kept inside the span of the ranges), and the burst's
/// reported frequency is its mean, cycles / duration. Its start phase is uniform. The first
/// and last ``taperFraction`` of
/// each burst fade in and out with a raised cosine. After a burst the train stays idle for
/// ``minimumGapCycles`` cycles, so that episodes are separate events. A burst that would run
/// past the end of the signal is not generated, so no truth episode is cut short.
public struct BurstSettings: Sendable, Equatable {
    /// Frequency ranges in Hz; each burst's frequency is uniform over their union.
    public var frequencyRanges: [ClosedRange<Hertz>]
    /// Peak amplitude at full envelope, in the signal's unit.
    public var amplitude: Double
    /// Relative amplitude jitter in [0, 1): ±this fraction, uniformly, per burst.
    public var amplitudeJitter: Double
    /// Probability in (0, 1] that a burst starts at each idle cycle.
    public var burstProbability: Double
    /// Burst duration in whole cycles (each ≥ 1).
    public var cycleCount: ClosedRange<Int>
    /// Idle cycles (at the burst's frequency) enforced after each burst, ≥ 0.
    public var minimumGapCycles: Double
    /// The fraction of a burst's length, at each end, that fades in or out; in [0, 0.5].
    public var taperFraction: Double
    /// The cycle waveform.
    public var shape: OscillationShape
    /// Relative cycle-to-cycle frequency jitter in [0, 0.5): ±this fraction, uniformly, per
    /// cycle.
    public var cycleFrequencyJitter: Double

    /// Creates burst settings.
    ///
    /// - Parameters:
    ///   - frequencyRanges: Burst frequency ranges in Hz (e.g. `[2.5...3.5]`).
    ///   - amplitude: Peak amplitude in the signal's unit; default 1.
    ///   - amplitudeJitter: Relative jitter in [0, 1); default 0.2.
    ///   - burstProbability: Per idle cycle, in (0, 1]; default 0.1.
    ///   - cycleCount: Burst length in whole cycles; default 3…8.
    ///   - minimumGapCycles: Idle cycles after each burst; default 2.
    ///   - taperFraction: Fade-in/out fraction at each end, in [0, 0.5]; default 0.2.
    ///   - shape: Cycle waveform; default ``OscillationShape/sine``.
    ///   - cycleFrequencyJitter: Per-cycle relative frequency jitter in [0, 0.5); default 0.
    public init(
        frequencyRanges: [ClosedRange<Hertz>], amplitude: Double = 1,
        amplitudeJitter: Double = 0.2, burstProbability: Double = 0.1,
        cycleCount: ClosedRange<Int> = 3...8, minimumGapCycles: Double = 2,
        taperFraction: Double = 0.2, shape: OscillationShape = .sine,
        cycleFrequencyJitter: Double = 0
    ) {
        self.frequencyRanges = frequencyRanges
        self.amplitude = amplitude
        self.amplitudeJitter = amplitudeJitter
        self.burstProbability = burstProbability
        self.cycleCount = cycleCount
        self.minimumGapCycles = minimumGapCycles
        self.taperFraction = taperFraction
        self.shape = shape
        self.cycleFrequencyJitter = cycleFrequencyJitter
    }

    /// Throws ``DSPError`` naming the first setting out of range for `sampleRate`.
    public func validate(sampleRate: Hertz) throws {
        guard !frequencyRanges.isEmpty else {
            throw DSPError.invalidParameter(
                name: "burst frequency ranges", value: "[]", expected: "at least one range")
        }
        for range in frequencyRanges {
            try requireOscillationFrequency(
                range.lowerBound, sampleRate: sampleRate, name: "burst frequency")
            try requireOscillationFrequency(
                range.upperBound, sampleRate: sampleRate, name: "burst frequency")
        }
        try requireNonNegative(amplitude, name: "burst amplitude")
        guard amplitudeJitter.isFinite, amplitudeJitter >= 0, amplitudeJitter < 1 else {
            throw DSPError.invalidParameter(
                name: "amplitude jitter", value: "\(amplitudeJitter)",
                expected: "a value in [0, 1)")
        }
        guard burstProbability.isFinite, burstProbability > 0, burstProbability <= 1 else {
            throw DSPError.invalidParameter(
                name: "burst probability", value: "\(burstProbability)",
                expected: "a probability in (0, 1]")
        }
        guard cycleCount.lowerBound >= 1, cycleCount.upperBound <= 1_000_000 else {
            throw DSPError.invalidParameter(
                name: "burst cycle count",
                value: "\(cycleCount.lowerBound)...\(cycleCount.upperBound)",
                expected: "whole cycles in 1...1000000")
        }
        try requireNonNegative(minimumGapCycles, name: "minimum gap", unit: "cycles")
        guard taperFraction.isFinite, taperFraction >= 0, taperFraction <= 0.5 else {
            throw DSPError.invalidParameter(
                name: "taper fraction", value: "\(taperFraction)", expected: "a value in [0, 0.5]")
        }
        try shape.validate()
        guard cycleFrequencyJitter.isFinite, cycleFrequencyJitter >= 0,
            cycleFrequencyJitter < 0.5
        else {
            throw DSPError.invalidParameter(
                name: "cycle frequency jitter", value: "\(cycleFrequencyJitter)",
                expected: "a value in [0, 0.5)")
        }
    }

    /// The span of all ranges, which jittered cycle frequencies stay inside.
    var frequencySpan: ClosedRange<Hertz> {
        let low = frequencyRanges.map(\.lowerBound).min() ?? 1
        let high = frequencyRanges.map(\.upperBound).max() ?? 1
        return low...high
    }

    /// The midpoint of the span of all ranges: the nominal frequency that steps the idle state.
    var nominalFrequency: Hertz {
        let low = frequencyRanges.map(\.lowerBound).min() ?? 1
        let high = frequencyRanges.map(\.upperBound).max() ?? 1
        return (low + high) / 2
    }

    /// One frequency drawn uniformly from the union of the ranges (one uniform draw).
    func drawFrequency(using generator: inout some RandomNumberGenerator) -> Hertz {
        let widths = frequencyRanges.map { $0.upperBound - $0.lowerBound }
        let total = widths.reduce(0, +)
        let draw = generator.unitInterval()
        guard total > 0 else {
            let index = min(Int(draw * Double(frequencyRanges.count)), frequencyRanges.count - 1)
            return frequencyRanges[index].lowerBound
        }
        var position = draw * total
        for (range, width) in zip(frequencyRanges, widths) {
            if position < width { return range.lowerBound + position }
            position -= width
        }
        return frequencyRanges[frequencyRanges.count - 1].upperBound
    }
}

/// One ground-truth episode of a synthesized component.
public struct SynthesizedEpisode: Sendable, Equatable {
    /// The samples where the component's envelope is non-zero (half-open range).
    public let burst: Burst
    /// The episode's frequency in Hz (for noise episodes, the centre of their band).
    public let frequency: Hertz
    /// The peak amplitude at full envelope, in the signal's unit (for noise episodes, the RMS).
    public let amplitude: Double

    /// Creates an episode record.
    public init(burst: Burst, frequency: Hertz, amplitude: Double) {
        self.burst = burst
        self.frequency = frequency
        self.amplitude = amplitude
    }

    /// Start in seconds from the start of the signal.
    public var onset: Seconds { burst.onset }
    /// Length in seconds.
    public var duration: Seconds { burst.duration }
}

/// A synthesized component with its ground truth: the signal, the episodes in which it is
/// active, and its amplitude envelope.
public struct SynthesizedComponent: Sendable, Equatable {
    /// The component's samples.
    public let signal: Signal
    /// The episodes, in time order, never overlapping.
    public let episodes: [SynthesizedEpisode]
    /// The amplitude envelope per sample (0 outside episodes), in the signal's unit.
    public let envelope: [Double]

    /// Creates a component record.
    public init(signal: Signal, episodes: [SynthesizedEpisode], envelope: [Double]) {
        self.signal = signal
        self.episodes = episodes
        self.envelope = envelope
    }

    /// The episodes as event-table rows for one channel that carries the component with a
    /// spatial weight: amplitudes are multiplied by `weight`.
    ///
    /// - Parameters:
    ///   - channel: The channel label.
    ///   - rhythm: The rhythm name (`delta3`, `gamma` or `LOW-HIGH`).
    ///   - weight: The component's gain on this channel; default 1.
    public func events(channel: String, rhythm: String, weight: Double = 1) -> [RhythmEvent] {
        episodes.map {
            RhythmEvent(
                onset: $0.onset, duration: $0.duration, channel: channel, rhythm: rhythm,
                frequency: $0.frequency, amplitude: $0.amplitude * weight)
        }
    }
}

extension Signal {
    // MARK: - Bursty oscillations

    /// A train of oscillation bursts with its ground-truth episodes.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 3)
    /// let settings = BurstSettings(frequencyRanges: [2.5...3.5], amplitude: 20)
    /// let delta = try Signal.burstyOscillation(
    ///     settings: settings, duration: 60, sampleRate: 256, using: &rng)
    /// ```
    ///
    /// See ``BurstSettings`` for the model. Within a burst the phase advances by a phase
    /// accumulator at the burst's frequency, so the frequency is exact at any rate. Each
    /// episode's sample range is exactly the set of samples where ``SynthesizedComponent/envelope``
    /// is non-zero.
    ///
    /// - Parameters:
    ///   - settings: The burst model.
    ///   - duration: Length in seconds; the sample count is `round(duration · sampleRate)`.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - generator: The random source.
    /// - Returns: The component (signal zero outside bursts), its episodes and envelope.
    /// - Throws: ``DSPError`` for bad settings, duration or rate.
    public static func burstyOscillation(
        settings: BurstSettings, duration: Seconds, sampleRate: Hertz,
        using generator: inout some RandomNumberGenerator
    ) throws -> SynthesizedComponent {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        try settings.validate(sampleRate: sampleRate)
        var samples = [Double](repeating: 0, count: count)
        var envelope = [Double](repeating: 0, count: count)
        var episodes: [SynthesizedEpisode] = []
        let idleStep = 1 / settings.nominalFrequency
        var time: Seconds = 0
        while true {
            let start = Int((time * sampleRate).rounded(.up))
            guard start < count else { break }
            guard generator.unitInterval() < settings.burstProbability else {
                time += idleStep
                continue
            }
            let frequency = settings.drawFrequency(using: &generator)
            let cycles = generator.uniformInteger(in: settings.cycleCount)
            let amplitude = settings.amplitude
                * (1 + settings.amplitudeJitter * generator.uniform(-1, 1))
            let startCycle = generator.unitInterval()
            var cycleFrequencies = [Double](repeating: frequency, count: cycles)
            if settings.cycleFrequencyJitter > 0 {
                let span = settings.frequencySpan
                for cycle in 0..<cycles {
                    let jittered = frequency
                        * (1 + settings.cycleFrequencyJitter * generator.uniform(-1, 1))
                    cycleFrequencies[cycle] = min(max(jittered, span.lowerBound), span.upperBound)
                }
            }
            var seconds = 0.0
            for cycleFrequency in cycleFrequencies { seconds += 1 / cycleFrequency }
            let length = max(1, Int((seconds * sampleRate).rounded()))
            guard start + length <= count else { break }
            let meanFrequency = settings.cycleFrequencyJitter > 0
                ? Double(cycles) * sampleRate / Double(length) : frequency
            let taperCount = min(
                length / 2, Int((settings.taperFraction * Double(length)).rounded()))
            var phase = PhaseAccumulator(cycle: startCycle)
            var cycle = 0
            for offset in 0..<length {
                let gain = amplitude * taperValue(
                    index: offset, length: length, taperCount: taperCount)
                envelope[start + offset] = gain
                samples[start + offset] = gain * settings.shape.value(atCyclePhase: phase.cycle)
                if phase.advance(by: cycleFrequencies[cycle] / sampleRate) {
                    cycle = min(cycle + 1, cycles - 1)
                }
            }
            episodes.append(
                SynthesizedEpisode(
                    burst: Burst(range: start..<(start + length), sampleRate: sampleRate),
                    frequency: meanFrequency, amplitude: amplitude))
            time = Double(start + length) / sampleRate + settings.minimumGapCycles / frequency
        }
        return SynthesizedComponent(
            signal: try synthesizedSignal(samples, sampleRate: sampleRate), episodes: episodes,
            envelope: envelope)
    }
}
