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
