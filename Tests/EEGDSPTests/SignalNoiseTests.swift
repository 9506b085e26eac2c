import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Noise generators")
struct SignalNoiseTests {
    @Test("power-law noise: a log-log fit of its Welch PSD returns the exponent",
          arguments: [0.5, 1.0, 1.5, 2.0, 2.5])
    func exponentRecovered(exponent: Double) throws {
        var generator = SeededGenerator(seed: 11)
        let noise = try Signal.powerLawNoise(
            exponent: exponent, duration: 200, sampleRate: 256, using: &generator)
        let psd = try SynthesisCheck.welch(noise.samples, sampleRate: 256, segmentCount: 512)
        let fit = SynthesisCheck.logLogSlope(
            frequencies: psd.frequencies, power: psd.power, low: 2, high: 40)
        // 199 averaged segments over 77 bins: the slope's scatter is ~0.01.
        #expect(abs(-fit.slope - exponent) < 0.05, "fitted \(-fit.slope), set \(exponent)")
    }

    @Test("density level: the Welch PSD at the reference frequency matches", arguments: [
        (123.0, 7.0), (256.0, 10.0), (500.0, 40.0),
    ])
    func densityLevel(sampleRate: Double, reference: Double) throws {
        var generator = SeededGenerator(seed: 5)
        let noise = try Signal.powerLawNoise(
            exponent: 1.5, duration: 240, sampleRate: sampleRate,
            level: .density(4, at: reference), using: &generator)
        let psd = try SynthesisCheck.welch(
            noise.samples, sampleRate: sampleRate, segmentCount: Int(sampleRate * 2))
        // Mean of the PSD divided by the model over ±3 Hz: removes the slope, keeps the level.
        var ratios: [Double] = []
        for (frequency, value) in zip(psd.frequencies, psd.power)
        where abs(frequency - reference) <= 3 {
            ratios.append(value / (4 * pow(reference / frequency, 1.5)))
        }
        let mean = ratios.reduce(0, +) / Double(ratios.count)
        // ~13 bins × ~239 segments: the mean ratio's standard error is well below 2 %.
        #expect(abs(mean - 1) < 0.05, "PSD / model = \(mean)")
    }

    @Test("a knee flattens the spectrum below the knee frequency")
    func knee() throws {
        var generator = SeededGenerator(seed: 3)
        let noise = try Signal.powerLawNoise(
            exponent: 2, duration: 200, sampleRate: 200, knee: 10, using: &generator)
        let psd = try SynthesisCheck.welch(noise.samples, sampleRate: 200, segmentCount: 400)
        let low = SynthesisCheck.logLogSlope(
            frequencies: psd.frequencies, power: psd.power, low: 1, high: 3)
        let high = SynthesisCheck.logLogSlope(
            frequencies: psd.frequencies, power: psd.power, low: 50, high: 90)
        // Model slopes: about −0.1 over 1–3 Hz, about −1.97 over 50–90 Hz.
        #expect(abs(low.slope) < 0.2)
        #expect(abs(high.slope + 2) < 0.1)
    }

    @Test("RMS level is met exactly and the mean is zero", arguments: [1, 2, 17, 1000, 1023])
    func rmsExact(count: Int) throws {
        var generator = SeededGenerator(seed: 9)
        let rate = 123.0
        guard count >= 2 else {
            // One sample has only a DC bin: nothing to shape.
            #expect(throws: DSPError.self) {
                try Signal.pinkNoise(duration: 1 / rate, sampleRate: rate, using: &generator)
            }
            return
        }
        let pink = try Signal.pinkNoise(
            duration: Double(count) / rate, sampleRate: rate, level: .rms(3),
            using: &generator)
        #expect(pink.count == count)
        if count >= 2 {
            #expect(isClose(SynthesisCheck.rms(pink.samples), 3, relative: 1e-12))
            #expect(abs(pink.samples.reduce(0, +)) < 1e-9)
        }
        let white = try Signal.whiteNoise(
            duration: Double(count) / rate, sampleRate: rate, level: .rms(2), using: &generator)
        if count >= 2 { #expect(isClose(SynthesisCheck.rms(white.samples), 2, relative: 1e-12)) }
    }

    @Test("white noise with a density level has variance density × rate / 2")
    func whiteDensity() throws {
        var generator = SeededGenerator(seed: 1)
        let white = try Signal.whiteNoise(
            duration: 400, sampleRate: 250, level: .density(2, at: 10), using: &generator)
        // 100 000 samples: the sample variance has a relative standard error of 0.45 %.
        #expect(isClose(pow(SynthesisCheck.rms(white.samples), 2), 250, relative: 0.02))
    }

    @Test("band-limited noise has its power inside the band")
    func bandLimited() throws {
        var generator = SeededGenerator(seed: 2)
        let band = try FrequencyBand(low: 30, high: 80)
        let noise = try Signal.bandLimitedNoise(
            band: band, duration: 20, sampleRate: 256, using: &generator)
        let psd = try SynthesisCheck.periodogram(noise.samples, sampleRate: 256)
        let inside = SynthesisCheck.bandPower(
            frequencies: psd.frequencies, power: psd.power, low: 30, high: 80.01)
        let total = SynthesisCheck.bandPower(
            frequencies: psd.frequencies, power: psd.power, low: 0, high: 129)
        #expect(isClose(inside / total, 1, relative: 1e-9))
    }

    @Test("same seed, same samples; another seed, other samples")
    func reproducible() throws {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        var third = SeededGenerator(seed: 43)
        let a = try Signal.powerLawNoise(exponent: 1, duration: 3, sampleRate: 123, using: &first)
        let b = try Signal.powerLawNoise(exponent: 1, duration: 3, sampleRate: 123, using: &second)
        let c = try Signal.powerLawNoise(exponent: 1, duration: 3, sampleRate: 123, using: &third)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("the protocol-level Gaussian matches SeededGenerator.nextGaussian bit for bit")
    func gaussianMatchesCore() {
        var viaProtocol = SeededGenerator(seed: 77)
        var viaCore = SeededGenerator(seed: 77)
        for _ in 0..<100 {
            #expect(viaProtocol.standardNormal() == viaCore.nextGaussian())
        }
    }

    @Test("bad parameters throw")
    func errors() throws {
        var generator = SeededGenerator(seed: 1)
        #expect(throws: DSPError.self) {
            try Signal.powerLawNoise(exponent: -1, duration: 1, sampleRate: 100, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.powerLawNoise(exponent: 7, duration: 1, sampleRate: 100, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.powerLawNoise(
                exponent: 1, duration: 1, sampleRate: 100, knee: 0, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.whiteNoise(duration: 0, sampleRate: 100, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.whiteNoise(duration: 1, sampleRate: .nan, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.whiteNoise(duration: 1e12, sampleRate: 1000, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.whiteNoise(
                duration: 1, sampleRate: 100, level: .rms(-1), using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.pinkNoise(
                duration: 1, sampleRate: 100, level: .density(1, at: 0), using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.bandLimitedNoise(
                band: FrequencyBand(low: 30, high: 80), duration: 1, sampleRate: 100,
                using: &generator)
        }
        #expect(throws: DSPError.self) {
            // A 0.4 s signal has 2.5 Hz bins: none falls in 30.1–30.2 Hz.
            try Signal.bandLimitedNoise(
                band: FrequencyBand(low: 30.1, high: 30.2), duration: 0.4, sampleRate: 100,
                using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.bandLimitedNoise(
                band: FrequencyBand(low: 30, high: 40), duration: 10, sampleRate: 100,
                level: .density(1, at: 10), using: &generator)
        }
    }

    @Test("power-law shape integral matches numerical integration")
    func shapeIntegral() {
        for exponent in [0.5, 1.0, 1.5, 2.0] {
            let shape = PowerLawShape(exponent: exponent)
            let withKnee = PowerLawShape(exponent: exponent, knee: 1e-15)
            // A negligible knee (≤ 3e-8 of f^χ) forces Simpson's rule, which must agree with the
            // closed form to its own error (< 1e-9 on 2048 intervals) plus the knee's share.
            #expect(isClose(
                shape.integral(from: 2, to: 4), withKnee.integral(from: 2, to: 4),
                relative: 1e-6))
        }
        #expect(PowerLawShape(exponent: 1.5).integral(from: 0, to: 4) == .infinity)
    }
}
