import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Oscillation generators")
struct SignalOscillationTests {
    @Test("the PSD peak of a sinusoid lies within one bin of its frequency", arguments: [
        (250.0, 40.0), (256.0, 40.0), (123.0, 40.0), (123.0, 17.3), (250.0, 3.03), (256.0, 99.9),
    ])
    func peakAtFrequency(sampleRate: Double, frequency: Double) throws {
        let duration = 10.0
        let sine = try Signal.sinusoid(
            frequency: frequency, duration: duration, sampleRate: sampleRate, phase: 0.3)
        let psd = try SynthesisCheck.periodogram(sine.samples, sampleRate: sampleRate)
        let peak = psd.power.indices.max { psd.power[$0] < psd.power[$1] } ?? 0
        let resolution = psd.frequencies[1]
        #expect(abs(psd.frequencies[peak] - frequency) <= resolution,
                "peak \(psd.frequencies[peak]) Hz for \(frequency) Hz at \(sampleRate) Hz")
    }

    @Test("40 Hz at 250 Hz stays at 40 Hz over a long signal (no whole-sample cycles)")
    func exactFrequency() throws {
        let sine = try Signal.sinusoid(frequency: 40, duration: 100, sampleRate: 250)
        // Count upward zero crossings: 40 per second exactly, not 35.7.
        var crossings = 0
        for index in 1..<sine.count where sine.samples[index - 1] < 0 && sine.samples[index] >= 0 {
            crossings += 1
        }
        #expect(abs(crossings - 4000) <= 1)
        // And the samples follow sin(2π f n / fs) to rounding.
        let expected = (0..<sine.count).map { sin(2 * Double.pi * 40 * Double($0) / 250) }
        let comparison = compareArrays(sine.samples, expected, relative: 0, absolute: 1e-9)
        // Reduction of the phase to [0, 1) loses at most ~1e-12 of a cycle over 25 000 samples.
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("an asymmetric cycle rises for its rise fraction of the period",
          arguments: [0.2, 0.35, 0.5, 0.8])
    func riseFraction(rise: Double) throws {
        let rate = 1000.0
        let wave = try Signal.oscillation(
            frequency: 5, duration: 1, sampleRate: rate, shape: .asymmetric(riseFraction: rise))
        // One cycle is 200 samples: find the trough and the following peak.
        let cycle = Array(wave.samples[0..<200])
        let trough = cycle.indices.min { cycle[$0] < cycle[$1] } ?? 0
        let extended = Array(wave.samples[trough..<(trough + 200)])
        let peak = extended.indices.max { extended[$0] < extended[$1] } ?? 0
        #expect(abs(Double(peak) / 200 - rise) <= 0.01)
        #expect(abs((cycle.max() ?? 0) - 1) < 1e-3)
    }

    @Test("rise fraction 0.5 is the sine")
    func symmetricIsSine() throws {
        let sine = try Signal.sinusoid(frequency: 7, duration: 2, sampleRate: 123, phase: 1)
        let shaped = try Signal.oscillation(
            frequency: 7, duration: 2, sampleRate: 123, phase: 1,
            shape: .asymmetric(riseFraction: 0.5))
        let comparison = compareArrays(shaped.samples, sine.samples, relative: 0, absolute: 1e-12)
        // Both are closed forms of the same function; differences are rounding only.
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("a modulated oscillation accumulates its instantaneous frequency")
    func modulated() throws {
        let rate = 200.0
        // 1 s at 10 Hz then 1 s at 20 Hz: 30 cycles in total.
        let frequencies = [Double](repeating: 10, count: 200) + [Double](repeating: 20, count: 200)
        let wave = try Signal.modulatedOscillation(
            frequencies: frequencies, amplitudes: [Double](repeating: 2, count: 400),
            sampleRate: rate)
        var crossings = 0
        for index in 1..<wave.count where wave.samples[index - 1] < 0 && wave.samples[index] >= 0 {
            crossings += 1
        }
        #expect(abs(crossings - 30) <= 1)
        #expect(abs((wave.samples.max() ?? 0) - 2) < 0.01)
    }

    @Test("bad parameters throw")
    func errors() throws {
        #expect(throws: DSPError.self) {
            try Signal.sinusoid(frequency: 125, duration: 1, sampleRate: 250)
        }
        #expect(throws: DSPError.self) {
            try Signal.sinusoid(frequency: -1, duration: 1, sampleRate: 250)
        }
        #expect(throws: DSPError.self) {
            try Signal.sinusoid(frequency: 10, duration: 1, sampleRate: 250, amplitude: -1)
        }
        #expect(throws: DSPError.self) {
            try Signal.sinusoid(frequency: 10, duration: 1, sampleRate: 250, phase: .infinity)
        }
        #expect(throws: DSPError.self) {
            try Signal.oscillation(
                frequency: 10, duration: 1, sampleRate: 250, shape: .asymmetric(riseFraction: 1))
        }
        #expect(throws: DSPError.self) {
            try Signal.modulatedOscillation(frequencies: [], amplitudes: [], sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try Signal.modulatedOscillation(frequencies: [1, 2], amplitudes: [1], sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try Signal.modulatedOscillation(frequencies: [60], amplitudes: [1], sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try Signal.modulatedOscillation(frequencies: [.nan], amplitudes: [1], sampleRate: 100)
        }
    }
}
