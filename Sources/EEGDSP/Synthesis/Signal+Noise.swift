import EEGCore
import EEGFFT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How loud a synthesized noise is.
public enum NoiseLevel: Sendable, Equatable {
    /// The realized root-mean-square value, in the signal's unit: the output (which has zero
    /// mean) is rescaled so that `sqrt(mean(x²))` equals this value exactly.
    ///
    /// For steep spectra (χ ≥ 1 without a knee) the RMS is dominated by the lowest frequencies,
    /// so the same RMS gives less power at 10 Hz in a longer signal; use ``density(_:at:)`` to
    /// pin the level at a frequency instead.
    case rms(Double)
    /// The expected one-sided power spectral density, in unit²/Hz, at a reference frequency in
    /// Hz (the value `scipy.signal.welch(scaling='density')` converges to there).
    case density(Double, at: Hertz)
}

extension Signal {
    // MARK: - White, pink and power-law noise

    /// Gaussian white noise.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 7)
    /// let noise = try Signal.whiteNoise(duration: 10, sampleRate: 256, using: &rng)
    /// ```
    ///
    /// Samples are independent standard normal deviates (Box–Muller, as
    /// ``SeededGenerator/nextGaussian()``), then scaled. With `.density(d, at: _)` the standard
    /// deviation is `sqrt(d · sampleRate / 2)` (a flat one-sided PSD of `d`); with `.rms(r)`
    /// the mean is removed and the result rescaled to RMS `r` exactly.
    ///
    /// - Parameters:
    ///   - duration: Length in seconds; the sample count is `round(duration · sampleRate)`.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - level: The noise level; default RMS 1.
    ///   - generator: The random source (use ``SeededGenerator`` for reproducible output).
    /// - Returns: An unlabeled signal without unit.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a bad duration, rate or
    ///   level.
    public static func whiteNoise(
        duration: Seconds, sampleRate: Hertz, level: NoiseLevel = .rms(1),
        using generator: inout some RandomNumberGenerator
    ) throws -> Signal {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        try validate(level)
        var samples = [Double](repeating: 0, count: count)
        for index in 0..<count { samples[index] = generator.standardNormal() }
        switch level {
        case .rms(let target):
            try normalize(&samples, toRMS: target, what: "white noise")
        case .density(let density, _):
            let deviation = (density * sampleRate / 2).squareRoot()
            for index in 0..<count { samples[index] *= deviation }
        }
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }

    /// Pink (1/f) noise: ``powerLawNoise(exponent:duration:sampleRate:knee:level:using:)``
    /// with exponent 1.
    ///
    /// - Parameters: as ``powerLawNoise(exponent:duration:sampleRate:knee:level:using:)``.
    /// - Throws: as ``powerLawNoise(exponent:duration:sampleRate:knee:level:using:)``.
    public static func pinkNoise(
        duration: Seconds, sampleRate: Hertz, level: NoiseLevel = .rms(1),
        using generator: inout some RandomNumberGenerator
    ) throws -> Signal {
        try powerLawNoise(
            exponent: 1, duration: duration, sampleRate: sampleRate, level: level,
            using: &generator)
    }

    /// Aperiodic noise with power spectral density P(f) ∝ 1 / (k + f^χ), shaped in the
    /// frequency domain.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 1)
    /// let background = try Signal.powerLawNoise(
    ///     exponent: 2, duration: 10, sampleRate: 500, using: &rng)
    /// ```
    ///
    /// Each positive-frequency bin `f = k · sampleRate / N` of a one-sided spectrum receives an
    /// independent complex Gaussian coefficient whose variance follows the target PSD, the DC bin
    /// is zero, and one inverse ``RealFFT`` gives the samples. The expected periodogram therefore
    /// follows the model exactly at every bin, so a log-log fit returns χ (within the scatter of
    /// the estimate); NeuroDSP's `sim_powerlaw` instead filters white noise, which bends the
    /// spectrum near its filter edges. The exponent convention is the one used throughout
    /// EEGScope and by FOOOF: χ > 0 means power falls with frequency.
    ///
    /// The knee is given as a frequency `f_k` in Hz: P(f) ∝ 1 / (f_k^χ + f^χ), flat below
    /// `f_k` and ∝ 1/f^χ above it. FOOOF's knee parameter is `k = f_k^χ`.
    ///
    /// - Parameters:
    ///   - exponent: χ, in [0, 6]; 0 gives white noise, 1 pink, 2 brown.
    ///   - duration: Length in seconds; the sample count is `round(duration · sampleRate)`.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - knee: The knee frequency `f_k` in Hz (> 0), or `nil` for a pure power law.
    ///   - level: The noise level; default RMS 1 (see ``NoiseLevel`` for how steep spectra
    ///     interact with RMS normalization).
    ///   - generator: The random source (use ``SeededGenerator`` for reproducible output).
    /// - Returns: An unlabeled, zero-mean signal without unit.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a bad exponent, knee,
    ///   level, duration or rate, or a signal too short to carry any non-DC bin.
    /// - Complexity: O(N log N) for N samples (one inverse FFT).
    public static func powerLawNoise(
        exponent: Double, duration: Seconds, sampleRate: Hertz, knee: Hertz? = nil,
        level: NoiseLevel = .rms(1), using generator: inout some RandomNumberGenerator
    ) throws -> Signal {
        guard exponent.isFinite, exponent >= 0, exponent <= 6 else {
            throw DSPError.invalidParameter(
                name: "aperiodic exponent", value: "\(exponent)", expected: "a value in [0, 6]")
        }
        if let knee {
            guard knee.isFinite, knee > 0 else {
                throw DSPError.invalidParameter(
                    name: "knee frequency", value: "\(knee) Hz", expected: "a positive frequency")
            }
        }
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        let shape = PowerLawShape(exponent: exponent, knee: knee)
        let samples = try shapedNoise(
            count: count, sampleRate: sampleRate, level: level, what: "power-law noise",
            shape: shape.relativeDensity, using: &generator)
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }

    /// Gaussian noise whose power lies only inside a frequency band, with P(f) ∝ 1/f^χ there.
    ///
    /// Used for broadband gamma activity and for muscle (EMG) noise. Bins outside the closed
    /// band get zero power; shaping is done in the frequency domain as in
    /// ``powerLawNoise(exponent:duration:sampleRate:knee:level:using:)``.
    ///
    /// - Parameters:
    ///   - band: The band in Hz; its upper edge must not exceed the Nyquist frequency.
    ///   - duration: Length in seconds.
    ///   - sampleRate: Samples per second, in Hz.
    ///   - exponent: χ inside the band, in [0, 6]; default 0 (flat).
    ///   - level: The noise level; a `.density` reference frequency must lie inside the band.
    ///   - generator: The random source.
    /// - Returns: An unlabeled, zero-mean signal without unit.
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)`` when the band exceeds the
    ///   Nyquist frequency; ``DSPError/invalidParameter(name:value:expected:)`` for a bad
    ///   exponent, level, duration or rate, or a band holding no frequency bin at this length.
    public static func bandLimitedNoise(
        band: FrequencyBand, duration: Seconds, sampleRate: Hertz, exponent: Double = 0,
        level: NoiseLevel = .rms(1), using generator: inout some RandomNumberGenerator
    ) throws -> Signal {
        let count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        guard band.high <= sampleRate / 2 else {
            throw DSPError.aboveNyquist(
                name: "band upper edge", frequency: band.high, nyquist: sampleRate / 2)
        }
        guard exponent.isFinite, exponent >= 0, exponent <= 6 else {
            throw DSPError.invalidParameter(
                name: "band exponent", value: "\(exponent)", expected: "a value in [0, 6]")
        }
        let samples = try shapedNoise(
            count: count, sampleRate: sampleRate, level: level, what: "band \(band)",
            shape: { frequency in
                guard band.contains(frequency), frequency > 0 else { return 0 }
                return exponent == 0 ? 1 : pow(frequency, -exponent)
            }, using: &generator)
        return try synthesizedSignal(samples, sampleRate: sampleRate)
    }

    // MARK: - Shaping core

    /// Zero-mean Gaussian noise of `count` samples whose expected one-sided PSD is proportional
    /// to `shape(f)` (unit²/Hz up to the level's scale), made with one inverse real FFT.
    static func shapedNoise(
        count: Int, sampleRate: Hertz, level: NoiseLevel, what: String,
        shape: (Hertz) -> Double, using generator: inout some RandomNumberGenerator
    ) throws -> [Double] {
        try validate(level)
        var scale = 1.0
        if case .density(let density, let reference) = level {
            let relative = shape(reference)
            guard relative.isFinite, relative > 0 else {
                throw DSPError.invalidParameter(
                    name: "reference frequency", value: "\(formatHertz(reference)) Hz",
                    expected: "a frequency where the \(what) spectrum is non-zero")
            }
            scale = density / relative
        }
        let fft = try makeFFT(count: count)
        let spectrumCount = fft.spectrumCount
        let coefficients = AlignedBuffer(count: 2 * spectrumCount)
        let output = AlignedBuffer(count: count)
        // With X_k = sqrt(S(f_k) · fs · N / 4) · (g1 + i·g2) the one-sided density estimate
        // 2|X_k|² / (fs · N) has expectation S(f_k); the real Nyquist bin of even N is not
        // doubled by the one-sided convention, so it gets variance S · fs · N.
        let binWidth = sampleRate / Double(count)
        let interiorFactor = sampleRate * Double(count) / 4
        var nonZeroBins = 0
        coefficients.withUnsafeMutableBufferPointer { bins in
            for bin in 1..<spectrumCount {
                let density = scale * shape(Double(bin) * binWidth)
                let real = generator.standardNormal()
                let isNyquist = count % 2 == 0 && bin == spectrumCount - 1
                let imaginary = isNyquist ? 0 : generator.standardNormal()
                guard density > 0, density.isFinite else { continue }
                nonZeroBins += 1
                let amplitude = (density * interiorFactor * (isNyquist ? 4 : 1)).squareRoot()
                bins[2 * bin] = amplitude * real
                bins[2 * bin + 1] = amplitude * imaginary
            }
        }
        guard nonZeroBins > 0 else {
            throw DSPError.invalidParameter(
                name: "duration", value: "\(Double(count) / sampleRate) s",
                expected: "long enough for the \(what) spectrum to hold a frequency bin "
                    + "(bin width \(binWidth) Hz)")
        }
        fft.inverse(destroyingInput: coefficients, output: output)
        // The inverse divides by N, which the factors above assume: x = (1/N) Σ X_k e^{…}, so
        // var(x) = (1/N²) Σ |X_k|² over both halves = Σ S(f_k) · Δf.
        var samples = output.array
        if case .rms(let target) = level {
            try normalize(&samples, toRMS: target, what: what)
        }
        return samples
    }

    static func makeFFT(count: Int) throws -> RealFFT {
        do {
            return try RealFFT(count: count)
        } catch {
            throw DSPError.invalidParameter(
                name: "FFT length", value: "\(count)",
                expected: "a length FFTW can plan (\(error))")
        }
    }

    static func validate(_ level: NoiseLevel) throws {
        switch level {
        case .rms(let value):
            try requireNonNegative(value, name: "noise RMS")
        case .density(let value, let reference):
            try requireNonNegative(value, name: "noise density", unit: "unit²/Hz")
            guard reference.isFinite, reference > 0 else {
                throw DSPError.invalidParameter(
                    name: "reference frequency", value: "\(reference) Hz",
                    expected: "a positive finite frequency")
            }
        }
    }

    /// Removes the mean and rescales to the target RMS exactly.
    static func normalize(_ samples: inout [Double], toRMS target: Double, what: String) throws {
        let count = Double(samples.count)
        var sum = 0.0
        for value in samples { sum += value }
        let mean = sum / count
        var squares = 0.0
        for index in samples.indices {
            samples[index] -= mean
            squares += samples[index] * samples[index]
        }
        let rms = (squares / count).squareRoot()
        if target == 0 {
            for index in samples.indices { samples[index] = 0 }
            return
        }
        guard rms > 0 else {
            throw DSPError.invalidParameter(
                name: "duration", value: "\(samples.count) samples",
                expected: "enough samples for \(what) to have non-zero variance")
        }
        let factor = target / rms
        for index in samples.indices { samples[index] *= factor }
    }
}

/// The relative PSD 1 / (f_k^χ + f^χ) of an aperiodic background (1 / f^χ without a knee).
public struct PowerLawShape: Sendable, Equatable {
    /// χ, positive for power falling with frequency.
    public let exponent: Double
    /// The knee frequency f_k in Hz, or `nil`.
    public let knee: Hertz?

    /// Creates the shape; parameters are validated by the generators that use it.
    public init(exponent: Double, knee: Hertz? = nil) {
        self.exponent = exponent
        self.knee = knee
    }

    /// 1 / (f_k^χ + f^χ) at `frequency` (Hz); 0 at DC without a knee.
    public func relativeDensity(_ frequency: Hertz) -> Double {
        let kneeTerm = knee.map { pow($0, exponent) } ?? 0
        let denominator = kneeTerm + pow(frequency, exponent)
        return denominator > 0 ? 1 / denominator : 0
    }

    /// ∫ relativeDensity(f) df over `[low, high]` (Hz), by the closed form without a knee and
    /// by Simpson's rule on 2048 intervals with one.
    ///
    /// Used to turn a signal-to-noise ratio into an amplitude: the background's power in a band
    /// is `density(at: reference) / relativeDensity(reference) × integral`.
    public func integral(from low: Hertz, to high: Hertz) -> Double {
        guard high > low, low >= 0 else { return 0 }
        if knee == nil {
            if low == 0 && exponent >= 1 { return .infinity }
            if exponent == 1 { return log(high / low) }
            let power = 1 - exponent
            return (pow(high, power) - pow(low, power)) / power
        }
        let intervals = 2048
        let step = (high - low) / Double(intervals)
        var sum = relativeDensity(low) + relativeDensity(high)
        for index in 1..<intervals {
            sum += relativeDensity(low + Double(index) * step) * (index % 2 == 1 ? 4 : 2)
        }
        return sum * step / 3
    }
}
