import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Signal {
    // MARK: - Line noise

    /// Power-line interference: a sinusoid at the mains frequency plus harmonics.
    ///
    /// ```swift
    /// let mains = try Signal.lineNoise(
    ///     frequency: 50, duration: 10, sampleRate: 256, amplitude: 2, harmonicAmplitudes: [0.3])
    /// ```
    ///
    /// Sample `n` is `amplitude · Σ_h a_h · sin(2π h f n / sampleRate + h · phase)` with
    /// `a_1 = 1` and `a_h = harmonicAmplitudes[h − 2]`; each phase is computed from the sample
    /// index, so the frequencies are exact. Harmonics at or above the Nyquist frequency are left
    /// out (they would alias), so the result is the same interference as seen through the
    /// recording's anti-aliasing filter.
    ///
    /// - Parameters:
    ///   - frequency: The mains frequency in Hz (50 in Europe/Asia, 60 in the Americas); must be
    ///     below Nyquist.
    ///   - duration: Length in seconds.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - amplitude: Peak amplitude of the fundamental in the signal's unit; default 1.
    ///   - harmonicAmplitudes: Amplitudes of harmonics 2, 3, … relative to the fundamental;
    ///     default `[]` (fundamental only).
    ///   - phase: Phase of the fundamental in radians; default 0.
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)``,
    ///   ``DSPError/invalidParameter(name:value:expected:)``.
    public static func lineNoise(
        frequency: Hertz = 50, duration: Seconds, sampleRate: Hertz, amplitude: Double = 1,
        harmonicAmplitudes: [Double] = [], phase: Double = 0
    ) throws -> Signal {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        try requireOscillationFrequency(frequency, sampleRate: sampleRate, name: "line frequency")
        try requireNonNegative(amplitude, name: "line-noise amplitude")
        for value in harmonicAmplitudes {
            try requireNonNegative(value, name: "harmonic amplitude")
        }
        guard phase.isFinite else {
            throw DSPError.invalidParameter(
                name: "phase", value: "\(phase)", expected: "a finite angle in radians")
        }
        let gains = [1.0] + harmonicAmplitudes
        var samples = [Double](repeating: 0, count: count)
        let startCycle = phase / (2 * Double.pi)
        for (offset, gain) in gains.enumerated() {
            let harmonic = Double(offset + 1)
            guard harmonic * frequency < sampleRate / 2, gain > 0 else { continue }
            let cyclesPerSample = harmonic * frequency / sampleRate
            for index in 0..<count {
                var cycle = harmonic * startCycle + Double(index) * cyclesPerSample
                cycle -= cycle.rounded(.down)
                samples[index] += amplitude * gain * sin(2 * Double.pi * cycle)
            }
        }
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }

    // MARK: - Muscle artifacts

    /// Muscle (EMG) artifacts: episodes of broadband high-frequency noise.
    ///
    /// Scalp EMG from the temporalis and frontalis muscles is broadband, with most power from
    /// about 20 Hz to well above 100 Hz (Goncharova et al. 2003, Clin. Neurophysiol. 114:1580,
    /// doi:10.1016/S1388-2457(03)00093-2), so it overlaps and can mimic gamma activity. Episodes
    /// start as a Poisson process of `episodeRate` per second; each lasts a uniform draw from
    /// `episodeDuration`, fades in and out over 10 % of its length at each end, and carries
    /// flat-spectrum Gaussian noise band-limited to `band` with RMS `rms` at full envelope.
    /// Episodes never overlap and never run past the end.
    ///
    /// - Parameters:
    ///   - duration: Length in seconds.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - rms: RMS at full envelope, in the signal's unit; default 10.
    ///   - band: The noise band; default 20 Hz to min(150 Hz, 0.45 · sampleRate).
    ///   - episodeRate: Mean episodes per second (> 0); default 0.05.
    ///   - episodeDuration: Episode length range in seconds; default 0.5…2.
    ///   - generator: The random source.
    /// - Returns: The artifact component; each episode's `frequency` is the band centre and its
    ///   `amplitude` the RMS at full envelope.
    /// - Throws: ``DSPError`` for bad parameters, or a sample rate of 44.5 Hz or less, where the
    ///   default band would be empty.
    public static func muscleArtifacts(
        duration: Seconds, sampleRate: Hertz, rms: Double = 10, band: FrequencyBand? = nil,
        episodeRate: Double = 0.05, episodeDuration: ClosedRange<Seconds> = 0.5...2,
        using generator: inout some RandomNumberGenerator
    ) throws -> SynthesizedComponent {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        try requireNonNegative(rms, name: "muscle RMS")
        guard episodeRate.isFinite, episodeRate > 0 else {
            throw DSPError.invalidParameter(
                name: "episode rate", value: "\(episodeRate) per s", expected: "a positive rate")
        }
        guard episodeDuration.lowerBound > 0, episodeDuration.upperBound.isFinite else {
            throw DSPError.invalidParameter(
                name: "episode duration",
                value: "\(episodeDuration.lowerBound)...\(episodeDuration.upperBound) s",
                expected: "positive finite durations")
        }
        let noiseBand: FrequencyBand
        if let band {
            noiseBand = band
        } else {
            let upper = min(150, 0.45 * sampleRate)
            guard upper > 20 else {
                throw DSPError.invalidParameter(
                    name: "sample rate", value: "\(formatHertz(sampleRate)) Hz",
                    expected: "above 44.5 Hz for the default 20 Hz–0.45·rate EMG band")
            }
            noiseBand = try FrequencyBand(name: "EMG", low: 20, high: upper)
        }
        var envelope = [Double](repeating: 0, count: count)
        var episodes: [SynthesizedEpisode] = []
        var time: Seconds = 0
        while true {
            var draw = generator.unitInterval()
            while draw <= 0 { draw = generator.unitInterval() }
            time += -log(draw) / episodeRate
            let length = Int(
                (generator.uniform(episodeDuration.lowerBound, episodeDuration.upperBound)
                    * sampleRate).rounded())
            let start = Int((time * sampleRate).rounded(.up))
            guard start < count, start + max(length, 1) <= count else { break }
            let episodeLength = max(length, 1)
            let taperCount = min(episodeLength / 2, Int((0.1 * Double(episodeLength)).rounded()))
            for offset in 0..<episodeLength {
                envelope[start + offset] = taperValue(
                    index: offset, length: episodeLength, taperCount: taperCount)
            }
            episodes.append(
                SynthesizedEpisode(
                    burst: Burst(range: start..<(start + episodeLength), sampleRate: sampleRate),
                    frequency: noiseBand.center, amplitude: rms))
            time = Double(start + episodeLength) / sampleRate
        }
        let noise = try bandLimitedNoise(
            band: noiseBand, duration: duration, sampleRate: sampleRate, level: .rms(rms),
            using: &generator)
        var samples = noise.samples
        for index in 0..<count {
            samples[index] *= envelope[index]
            envelope[index] *= rms
        }
        return SynthesizedComponent(
            signal: try synthesizedSignal(samples, sampleRate: sampleRate), episodes: episodes,
            envelope: envelope)
    }

    // MARK: - Drift

    /// Slow baseline drift (electrode polarization, sweating, movement): 1/f² noise limited to
    /// very low frequencies, plus an optional linear trend.
    ///
    /// The random part has its power only in (0, `maximumFrequency`] (at least the lowest
    /// non-DC bin, so that short signals still drift) with P(f) ∝ 1/f², rescaled to RMS `rms`;
    /// the trend adds `slope · t`.
    ///
    /// - Parameters:
    ///   - duration: Length in seconds.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - rms: RMS of the random part, in the signal's unit; default 10.
    ///   - maximumFrequency: Highest drift frequency in Hz (> 0); default 0.1.
    ///   - slope: Linear trend in unit per second; default 0.
    ///   - generator: The random source.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)``.
    public static func drift(
        duration: Seconds, sampleRate: Hertz, rms: Double = 10, maximumFrequency: Hertz = 0.1,
        slope: Double = 0, using generator: inout some RandomNumberGenerator
    ) throws -> Signal {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        guard maximumFrequency.isFinite, maximumFrequency > 0 else {
            throw DSPError.invalidParameter(
                name: "maximum drift frequency", value: "\(maximumFrequency) Hz",
                expected: "a positive frequency")
        }
        guard slope.isFinite else {
            throw DSPError.invalidParameter(
                name: "drift slope", value: "\(slope)", expected: "a finite slope")
        }
        guard count >= 2 else {
            throw DSPError.signalTooShort(
                label: "", sampleCount: count, required: 2, purpose: "drift")
        }
        let cutoff = max(maximumFrequency, sampleRate / Double(count))
        var samples = try shapedNoise(
            count: count, sampleRate: sampleRate, level: .rms(rms), what: "drift",
            shape: { $0 > 0 && $0 <= cutoff * (1 + 1e-12) ? 1 / ($0 * $0) : 0 },
            using: &generator)
        if slope != 0 {
            for index in 0..<count { samples[index] += slope * Double(index) / sampleRate }
        }
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }
}
