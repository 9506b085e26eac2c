import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Multitaper PSD")
struct MultitaperTests {
    @Test("matches mne psd_array_multitaper (fixed and adaptive weights, odd and even n)")
    func matchesMNE() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Multitaper.self,
                                                "spectral_multitaper.json")
        for testCase in fixture.cases {
            let samples = try #require(fixture.inputs[testCase.input])
            let signal = try Signal(samples: samples, sampleRate: fixture.sample_rate)
            let spectrum = try signal.powerSpectrum(method: .multitaper(
                halfBandwidth: testCase.half_bandwidth, adaptive: testCase.adaptive,
                lowBias: testCase.low_bias))
            let context = "\(testCase.input) W=\(testCase.half_bandwidth ?? -1) "
                + "adaptive=\(testCase.adaptive) lowBias=\(testCase.low_bias)"
            expectClose(spectrum.frequencies, testCase.frequencies, relative: 1e-13, floor: 0,
                        context)
            // normalization='full' is unit²/Hz; MNE's default 'length' is that × sfreq.
            // Adaptive weights iterate to a 1e-10 stopping rule on both sides, so the
            // iteration count (and result) match exactly when the inputs agree to rounding.
            expectClose(spectrum.power, testCase.psd_full, relative: 1e-9, floor: 1e-12, context)
            let lengthNormalized = spectrum.power.map { $0 * fixture.sample_rate }
            expectClose(lengthNormalized, testCase.psd_length, relative: 1e-9, floor: 1e-12,
                        context + " length")
        }
    }

    @Test("too narrow a bandwidth and an empty input throw")
    func errors() throws {
        let signal = try Signal(samples: [Double](repeating: 1, count: 100), sampleRate: 100)
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .multitaper(halfBandwidth: 0.1))
        }
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .multitaper(halfBandwidth: 60))
        }
        let empty = try Signal(samples: [], sampleRate: 100)
        #expect(throws: DSPError.emptyInput(what: "signal")) {
            try empty.powerSpectrum(method: .multitaper())
        }
    }
}
