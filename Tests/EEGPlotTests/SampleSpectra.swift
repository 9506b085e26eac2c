import EEGCore
import Foundation

/// Deterministic, analytic test spectra: a 1/f^χ background with Gaussian peaks, so that the
/// pictures look like EEG without any random numbers.
enum SampleSpectra {
    /// A spectrum from 0 to `maximum` Hz in `resolution` steps: `offset / f^exponent` plus
    /// Gaussian peaks (centre Hz, height in unit²/Hz, standard deviation Hz). The 0 Hz bin
    /// holds the 0.25 Hz value so that it is finite.
    static func spectrum(
        label: String, exponent: Double = 1.6, offset: Double = 40,
        peaks: [(Double, Double, Double)] = [(10, 6, 1.2)], maximum: Double = 60,
        resolution: Double = 0.5
    ) throws -> Spectrum {
        let count = Int((maximum / resolution).rounded()) + 1
        let frequencies = (0..<count).map { Double($0) * resolution }
        let power = frequencies.map { frequency -> Double in
            let f = max(frequency, 0.25)
            var value = offset / pow(f, exponent)
            for (center, height, width) in peaks {
                value += height * exp(-0.5 * pow((frequency - center) / width, 2))
            }
            return value
        }
        return try Spectrum(
            frequencies: frequencies, power: power, scaling: .density, label: label, unit: "uV")
    }
}

/// A deterministic spectrogram like a ketamine recording: 1/f background with chi-square
/// scatter (seeded), ~3 Hz episodes, and gamma power that rises half-way.
enum SampleSpectrogram {
    static func make(
        timeCount: Int = 48, timeStep: Double = 1, frequencyStep: Double = 1,
        maximumFrequency: Double = 48, seed: UInt64 = 7
    ) throws -> Spectrogram {
        var generator = SeededGenerator(seed: seed)
        let times = (0..<timeCount).map { (Double($0) + 0.5) * timeStep }
        let frequencyCount = Int((maximumFrequency / frequencyStep).rounded()) + 1
        let frequencies = (0..<frequencyCount).map { Double($0) * frequencyStep }
        let duration = Double(timeCount) * timeStep
        let episodes = episodes(duration: duration)
        let power = times.map { time -> [Double] in
            let inEpisode = episodes.contains { time >= $0.onset && time < $0.end }
            let gammaGain = time > duration / 2 ? 4.0 : 1.0
            return frequencies.map { frequency -> Double in
                let f = max(frequency, 0.5)
                var value = 30 / pow(f, 1.5)
                if inEpisode { value += 12 * exp(-0.5 * pow((frequency - 3) / 0.7, 2)) }
                if frequency >= 30 { value += 0.15 * gammaGain }
                let scatter = pow(generator.nextGaussian(), 2) + pow(generator.nextGaussian(), 2)
                return value * scatter / 2
            }
        }
        return try Spectrogram(
            times: times, frequencies: frequencies, power: power, scaling: .density,
            label: "Pz", unit: "uV")
    }

    static func episodes(duration: Double) -> [RhythmEvent] {
        [(0.2, 0.12), (0.55, 0.1), (0.8, 0.08)].map {
            RhythmEvent(
                onset: $0.0 * duration, duration: $0.1 * duration, channel: "Pz",
                rhythm: "delta3", frequency: 3, amplitude: 40)
        }
    }
}
