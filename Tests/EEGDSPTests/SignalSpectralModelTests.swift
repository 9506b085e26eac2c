import EEGCore
import EEGDSP
import Foundation
import Testing

@Suite("Signal and Recording spectral models")
struct SignalSpectralModelTests {
    /// White noise plus a 10 Hz sine: a flat aperiodic part (exponent ≈ 0) and one peak.
    static func signal(sampleRate: Hertz, label: String = "Oz") throws -> Signal {
        var generator = SeededGenerator(seed: 9)
        let samples = (0..<Int(60 * sampleRate)).map { index in
            generator.nextGaussian() + 2 * sin(2 * Double.pi * 10 * Double(index) / sampleRate)
        }
        return try Signal(samples: samples, sampleRate: sampleRate, label: label, unit: "uV")
    }

    @Test("Welch then fit: 1–40 Hz by default, or the highest bin below 40 Hz",
          arguments: [123.0, 256, 61])
    func defaultRange(sampleRate: Hertz) throws {
        let model = try Self.signal(sampleRate: sampleRate).spectralModel()
        let highest = (sampleRate / 2 * 2).rounded(.down) / 2  // 0.5 Hz grid up to Nyquist
        #expect(model.frequencyRange.lowerBound == 1)
        #expect(abs(model.frequencyRange.upperBound - min(40, highest)) < 0.5)
        #expect(model.label == "Oz" && model.unit == "uV")
        // White noise: flat background (6 segments/min × 60 s of averaging → small scatter).
        #expect(abs(model.aperiodic.exponent) < 0.1)
        let alpha = try #require(model.strongestPeak(in: try FrequencyBand(low: 9, high: 11)))
        #expect(abs(alpha.centerFrequency - 10) < 0.1)
    }

    @Test("an explicit range beyond the PSD throws")
    func explicitRange() throws {
        let signal = try Self.signal(sampleRate: 123)
        #expect(throws: DSPError.self) { try signal.spectralModel(from: 1, to: 80) }
        #expect(throws: DSPError.self) { try signal.spectralModel(from: 50) }
    }

    @Test("a recording fits every channel; a failing channel does not stop the others")
    func recording() throws {
        let good = try Self.signal(sampleRate: 200, label: "Pz")
        let flatZero = try Signal(
            samples: [Double](repeating: 0, count: 2000), sampleRate: 200, label: "flat")
        let recording = Recording(signals: [good, flatZero])
        let results = recording.spectralModels()
        #expect(results.count == 2)
        #expect((try? results[0].get())?.label == "Pz")
        #expect(throws: DSPError.self) { try results[1].get() }
    }
}

@Suite("Spectral models of synthesized signals")
struct SynthesizedSpectralModelTests {
    @Test("power-law noise: the fitted exponent recovers the synthesized one",
          arguments: [(0.8, 123.0), (1.5, 256), (2.0, 500)])
    func powerLaw(exponent: Double, sampleRate: Hertz) throws {
        var generator = SeededGenerator(seed: 17)
        let noise = try Signal.powerLawNoise(
            exponent: exponent, duration: 120, sampleRate: sampleRate, using: &generator)
        let model = try noise.spectralModel(from: 2, to: 40)
        // One 120 s realization: Welch leaves ≈0.03 log10 scatter per bin, and FOOOF's
        // relative threshold turns its largest bumps into small Gaussians (≤ 0.15 log10) that
        // pull the line a little; measured errors 0.02, 0.017, 0.07.
        #expect(abs(model.aperiodic.exponent - exponent) < 0.1, "\(model.report())")
        #expect(model.peaks.allSatisfy { $0.power < 0.2 }, "\(model.report())")
    }

    @Test("knee noise: the knee fit finds knee = f_k^χ")
    func knee() throws {
        var generator = SeededGenerator(seed: 23)
        let noise = try Signal.powerLawNoise(
            exponent: 2, duration: 120, sampleRate: 256, knee: 8, using: &generator)
        let model = try noise.spectralModel(
            from: 1, to: 60, settings: .init(aperiodicMode: .knee))
        #expect(abs(model.aperiodic.exponent - 2) < 0.1, "\(model.report())")
        let kneeFrequency = try #require(model.aperiodic.kneeFrequency)
        // The knee frequency is weakly determined (knee and exponent trade off): measured 9.05.
        #expect(abs(kneeFrequency - 8) < 1.5, "\(model.report())")
    }

    /// One 1/f^1.5 realization (120 s at 256 Hz) and its zero-phase iirnotch (Q = 30) at
    /// 50 Hz, shared by the three mask widths. (A 100 Hz notch would depress 85–90 Hz too: its
    /// wings reach well beyond ±2 Hz.)
    static let notchSignals = Result { () throws -> (Signal, Signal) in
        var generator = SeededGenerator(seed: 31)
        let noise = try Signal.powerLawNoise(
            exponent: 1.5, duration: 120, sampleRate: 256, using: &generator)
        return (noise, try noise.filtered(by: .lineNoise(frequency: 50, harmonicCount: 1)))
    }

    @Test("a 50 Hz notch filter biases the exponent; masking removes most of the bias",
          arguments: [2.0, 3, 4])
    func notchFilter(halfWidth: Hertz) throws {
        let (noise, notched) = try Self.notchSignals.get()
        let plain = try notched.spectralModel(from: 2, to: 90)
        var settings = SpectralFitSettings()
        settings.lineNoiseMask = try LineNoiseMask(frequency: 50, halfWidth: halfWidth)
        let masked = try notched.spectralModel(from: 2, to: 90, settings: settings)
        // Compare like with like: the same noise realization, unfiltered, same bins.
        let reference = try noise.spectralModel(from: 2, to: 90)
        let maskedReference = try noise.spectralModel(from: 2, to: 90, settings: settings)
        let plainBias = abs(plain.aperiodic.exponent - reference.aperiodic.exponent)
        let maskedBias = abs(masked.aperiodic.exponent - maskedReference.aperiodic.exponent)
        print("notch filter ±\(halfWidth) Hz: exponent unfiltered \(reference.aperiodic.exponent)"
            + ", notched \(plain.aperiodic.exponent), masked \(maskedReference.aperiodic.exponent)"
            + ", notched+masked \(masked.aperiodic.exponent)")
        #expect(maskedBias < plainBias / 3)
        // The dip's wings reach beyond the window: ±2 Hz leaves 0.1 log10 at the edges.
        #expect(maskedBias < (halfWidth < 3 ? 0.015 : 0.008))
    }
}
