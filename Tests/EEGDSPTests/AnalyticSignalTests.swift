import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Analytic signal (Hilbert)")
struct AnalyticSignalTests {
    @Test(
        "matches scipy.signal.hilbert for odd, even and prime lengths",
        arguments: FilterFixtures.hilbert)
    func matchesSciPy(_ fixture: FilterFixtures.HilbertCase) throws {
        let analytic = try AnalyticSignal(samples: fixture.x, sampleRate: fixture.sampling_rate_hz)
        // FFT round-off (FFTW vs pocketfft) is ~1e-15 of the signal scale; values cross zero.
        let floor = scaled(fixture.x, 1e-12)
        for (name, actual, expected) in [
            ("real", analytic.real, fixture.real), ("imag", analytic.imaginary, fixture.imag),
            ("envelope", analytic.amplitude, fixture.envelope),
        ] {
            let check = compareArrays(actual, expected, relative: 1e-9, absolute: floor)
            #expect(check.passed, "\(name): \(check)")
        }
        // Phase: compare on the circle (±π are the same angle).
        let phase = analytic.phase
        for index in phase.indices where fixture.envelope[index] > floor * 1e3 {
            let difference = AnalyticSignalTests.wrap(phase[index] - fixture.phase[index])
            #expect(abs(difference) < 1e-9, "phase at \(index)")
        }
        let frequency = analytic.instantaneousFrequency
        #expect(frequency.count == fixture.instantaneous_frequency_hz.count)
        if fixture.x.count > 8 {
            // Phase steps are differences of angles: absolute floor scaled by the sample rate.
            let check = compareArrays(
                frequency, fixture.instantaneous_frequency_hz, relative: 1e-9,
                absolute: 1e-9 * fixture.sampling_rate_hz)
            #expect(check.passed, "instantaneous frequency: \(check)")
        }
    }

    static func wrap(_ angle: Double) -> Double {
        var value = angle.truncatingRemainder(dividingBy: 2 * Double.pi)
        if value > Double.pi { value -= 2 * Double.pi }
        if value < -Double.pi { value += 2 * Double.pi }
        return value
    }

    @Test(
        "envelope of a sine equals its amplitude away from the edges",
        arguments: [(256.0, 2048), (123.0, 1231), (500.0, 3001)])
    func sineEnvelope(sampleRate: Double, count: Int) throws {
        let frequency = 7.3
        let amplitude = 42.0
        let samples = (0..<count).map {
            amplitude * sin(2 * Double.pi * frequency * Double($0) / sampleRate + 0.4)
        }
        let signal = try Signal(samples: samples, sampleRate: sampleRate, unit: "uV")
        let envelope = try signal.envelope()
        #expect(envelope.unit == "uV")
        let margin = count / 8
        for value in envelope.samples[margin..<(count - margin)] {
            // Not an integer number of cycles: spectral leakage gives ~0.5 % ripple.
            #expect(isClose(value, amplitude, relative: 0.02))
        }
        let frequencies = try signal.analytic().instantaneousFrequency[margin..<(count - margin)]
        let mean = frequencies.reduce(0, +) / Double(frequencies.count)
        #expect(isClose(mean, frequency, relative: 0.005))
    }

    @Test("Signal.envelope() is exactly AnalyticSignal.amplitude", arguments: [1, 2, 7, 1024, 1031])
    func envelopeMatchesAmplitude(count: Int) throws {
        var generator = SeededGenerator(seed: UInt64(count))
        let samples = (0..<count).map { _ in generator.nextGaussian() }
        let signal = try Signal(samples: samples, sampleRate: 123)
        #expect(try signal.envelope().samples == AnalyticSignal(of: signal).amplitude)
    }

    @Test("bad input throws")
    func errors() throws {
        #expect(throws: DSPError.emptyInput(what: "signal")) {
            try AnalyticSignal(samples: [], sampleRate: 100)
        }
        #expect(throws: DSPError.nonFiniteInput(label: "", index: 2)) {
            try AnalyticSignal(samples: [1, 2, .nan], sampleRate: 100)
        }
        let signal = try Signal(samples: [1, .infinity], sampleRate: 100, label: "Cz")
        #expect(throws: DSPError.nonFiniteInput(label: "Cz", index: 1)) { try signal.envelope() }
        #expect(throws: DSPError.self) { try AnalyticSignal(samples: [1], sampleRate: 0) }
    }
}
