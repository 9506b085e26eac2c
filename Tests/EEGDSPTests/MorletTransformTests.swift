import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Morlet wavelet power")
struct MorletTransformTests {
    @Test("fixtures are present")
    func fixturesLoaded() { #expect(FilterFixtures.morlet.count == 4) }

    @Test("matches mne.time_frequency.tfr_array_morlet", arguments: FilterFixtures.morlet)
    func matchesMNE(_ fixture: FilterFixtures.MorletCase) throws {
        let cycles: MorletCycles
        switch fixture.n_cycles {
        case .constant(let count): cycles = .constant(count)
        case .list(let counts): cycles = .perFrequency(counts)
        }
        let transform = try MorletTransform(
            frequencies: fixture.frequencies_hz, cycles: cycles,
            sampleRate: fixture.sampling_rate_hz, zeroMean: fixture.zero_mean)
        #expect(transform.wavelets.map(\.count) == fixture.wavelet_lengths)
        let first = transform.wavelets[0]
        // exp/cos/sin rounding only.
        let real = compareArrays(
            first.map(\.real), fixture.first_wavelet_real, relative: 1e-9,
            absolute: scaled(fixture.first_wavelet_real, 1e-13))
        #expect(real.passed, "wavelet real: \(real)")
        let imaginary = compareArrays(
            first.map(\.imaginary), fixture.first_wavelet_imag, relative: 1e-9,
            absolute: scaled(fixture.first_wavelet_imag, 1e-13))
        #expect(imaginary.passed, "wavelet imag: \(imaginary)")
        let power = try transform.power(of: fixture.x)
        #expect(power.count == fixture.power.count)
        for (row, expected) in zip(power, fixture.power) {
            // FFT convolution round-off relative to the row's largest power.
            let check = compareArrays(
                row, expected, relative: 1e-9, absolute: scaled(expected, 1e-12))
            #expect(check.passed, "\(check)")
        }
    }

    @Test("a sine's power peaks at its frequency and is flat away from the edges")
    func sinePower() throws {
        let rate = 256.0
        let samples = (0..<2560).map { 5 * sin(2 * Double.pi * 10 * Double($0) / rate) }
        let signal = try Signal(samples: samples, sampleRate: rate, label: "O1", unit: "uV")
        let map = try signal.morletSpectrogram(frequencies: [6, 8, 10, 12, 14])
        #expect(map.frequencies == [6, 8, 10, 12, 14])
        #expect(map.times.count == 2560)
        let middle = map.power[1280]
        #expect(middle.indices.max { middle[$0] < middle[$1] } == 2)
        // A stationary sine gives constant power once the wavelet is inside the signal.
        let centre = (500..<2000).map { map.power[$0][2] }
        let spread = (centre.max()! - centre.min()!) / centre.max()!
        #expect(spread < 0.01)
    }

    @Test("bad parameters throw")
    func errors() throws {
        #expect(throws: DSPError.self) { try MorletTransform(frequencies: [], sampleRate: 100) }
        #expect(throws: DSPError.self) { try MorletTransform(frequencies: [0], sampleRate: 100) }
        #expect(throws: DSPError.self) { try MorletTransform(frequencies: [60], sampleRate: 100) }
        #expect(throws: DSPError.self) {
            try MorletTransform(frequencies: [10, 20], cycles: .perFrequency([3]), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try MorletTransform(frequencies: [10], cycles: .constant(0), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try MorletTransform(frequencies: [1e-6], cycles: .constant(7), sampleRate: 1000)
        }
        let transform = try MorletTransform(frequencies: [2], sampleRate: 100)
        #expect(throws: DSPError.self) { try transform.power(of: Array(repeating: 0, count: 50)) }
        let signal = try Signal(
            samples: Array(repeating: 0, count: 50), sampleRate: 100, label: "Fz")
        #expect(throws: DSPError.signalTooShort(
            label: "Fz", sampleCount: 50, required: transform.wavelets[0].count,
            purpose: "a Morlet wavelet of \(transform.wavelets[0].count) samples")) {
            try signal.morletSpectrogram(frequencies: [2])
        }
    }
}
