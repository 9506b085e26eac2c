import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Band power and integration")
struct BandPowerTests {
    @Test("Simpson and trapezoid match scipy.integrate (odd and even counts)")
    func integration() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Integration.self,
                                                "spectral_integration.json")
        for testCase in fixture.cases {
            let simpson = IntegrationRule.simpson.integrate(testCase.values, spacing: testCase.dx)
            let trapezoid = IntegrationRule.trapezoid.integrate(testCase.values,
                                                                spacing: testCase.dx)
            // A handful of products and sums: rounding only.
            #expect(isClose(simpson, testCase.simpson, relative: 1e-13, absolute: 1e-300),
                    "n=\(testCase.values.count): \(simpson) vs \(testCase.simpson)")
            #expect(isClose(trapezoid, testCase.trapezoid, relative: 1e-13, absolute: 1e-300))
        }
    }

    @Test("band powers of a Welch PSD match SciPy integration with closed band edges")
    func bandPowersMatch() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Integration.self,
                                                "spectral_integration.json")
        let reference = fixture.bandpower
        let signal = try Signal(samples: reference.samples, sampleRate: reference.sample_rate)
        let spectrum = try signal.powerSpectrum(method: .welch(
            WelchOptions(segment: .sampleCount(reference.nperseg), overlap: reference.overlap)))
        for rule in IntegrationRule.allCases {
            let expected = try #require(reference.results[rule.rawValue])
            let bands = try expected.map {
                try FrequencyBand(name: $0.name, low: $0.low, high: $0.high)
            }
            let powers = try spectrum.bandPowers(bands, rule: rule)
            // PSD agrees to ~1e-13; integration adds a few roundings.
            expectClose(powers.map(\.absolute), expected.map(\.absolute), relative: 1e-9,
                        floor: 0, "\(rule) absolute")
            expectClose(powers.map(\.relative), expected.map(\.relative), relative: 1e-9,
                        floor: 0, "\(rule) relative")
        }
    }

    @Test("a sine of amplitude A gives band power A²/2 within 1 %",
          arguments: [(123.0, 10.0, 2.0), (256.0, 3.0, 50.0), (500.0, 41.5, 1.0)])
    func sinePower(sampleRate: Double, frequency: Double, amplitude: Double) throws {
        let count = Int(10 * sampleRate)
        var generator = SeededGenerator(seed: 3)
        let samples = (0..<count).map {
            amplitude * sin(2 * Double.pi * frequency * Double($0) / sampleRate + 0.7)
                + 0.01 * amplitude * generator.nextGaussian()
        }
        let signal = try Signal(samples: samples, sampleRate: sampleRate)
        let band = try FrequencyBand(name: "peak", low: frequency - 2, high: frequency + 2)
        let expected = amplitude * amplitude / 2
        // The trapezoid sum over a band is the discrete Parseval sum: exact for any method.
        for method in [PSDMethod.welch(), .multitaper(halfBandwidth: 0.5), .periodogram()] {
            let power = try signal.powerSpectrum(method: method)
                .integratedPower(in: band, rule: .trapezoid)
            #expect(isClose(power, expected, relative: 0.01),
                    "\(method.name) trapezoid: \(power) vs \(expected)")
        }
        // Simpson's alternating 4/3, 2/3 weights need a peak spanning many bins: a line in a
        // plain periodogram can be off by a third (and the flat-topped multitaper line by
        // ~1 % at its edges), so Simpson is checked on a smooth, zero-padded Welch peak.
        let padded = PSDMethod.welch(WelchOptions(fftLength: Int(16 * sampleRate)))
        let power = try signal.powerSpectrum(method: padded).integratedPower(in: band)
        #expect(isClose(power, expected, relative: 0.01), "Simpson: \(power) vs \(expected)")
    }

    @Test("relative power divides by the union of bands, counting overlaps once")
    func unionOfBands() throws {
        let frequencies = (0...100).map { Double($0) * 0.5 }
        let spectrum = try Spectrum(frequencies: frequencies, power: frequencies.map { _ in 2 })
        let bands = try FrequencyBand.parseList("a=2-10,b=6-14,c=20-30")
        let powers = try spectrum.bandPowers(bands)
        // Flat PSD 2: a = 16, b = 16, c = 20; union = [2, 14] ∪ [20, 30] = 24 + 20 = 44.
        expectClose(powers.map(\.absolute), [16, 16, 20], relative: 1e-14, floor: 0, "flat")
        expectClose(powers.map(\.relative), [16.0 / 44, 16.0 / 44, 20.0 / 44], relative: 1e-14,
                    floor: 0, "flat relative")
        #expect(FrequencyBand.union(of: FrequencyBand.standard).count == 1)
    }

    @Test("covered band powers: uncovered bands are nil, relative uses the covered union")
    func covered() throws {
        let signal = try Signal(
            samples: (0..<4000).map { sin(2 * Double.pi * 10 * Double($0) / 100) },
            sampleRate: 100, label: "Oz")
        let spectrum = try signal.powerSpectrum()
        let bands = FrequencyBand.standard  // gamma 30–80 Hz is beyond the 50 Hz spectrum
        let covered = try spectrum.coveredBandPowers(bands)
        #expect(covered.count == 5 && covered[4] == nil)
        let strict = try spectrum.bandPowers(Array(bands.prefix(4)))
        #expect(covered.prefix(4).map { $0?.absolute } == strict.map(\.absolute))
        #expect(covered.prefix(4).map { $0?.relative } == strict.map(\.relative))
        // A 10 Hz sine: nearly all of the covered union's power is alpha.
        #expect((covered[2]?.relative ?? 0) > 0.99)
        let none = try spectrum.coveredBandPowers([try FrequencyBand(low: 60, high: 70)])
        #expect(none == [nil])
        #expect(throws: DSPError.emptyInput(what: "band list")) {
            try spectrum.coveredBandPowers([])
        }
    }

    @Test("band errors: above Nyquist, above the spectrum, too few bins, no bands")
    func errors() throws {
        let signal = try Signal(samples: (0..<1000).map { sin(Double($0)) }, sampleRate: 100,
                                label: "Oz")
        #expect(throws: DSPError.aboveNyquist(
            name: "upper edge of band gamma for channel Oz", frequency: 80, nyquist: 50)) {
            try signal.bandPowers()
        }
        let spectrum = try signal.powerSpectrum()
        #expect(throws: DSPError.self) {
            try spectrum.bandPowers([try FrequencyBand(name: "x", low: 40, high: 60)])
        }
        #expect(throws: DSPError.self) {
            try spectrum.bandPowers([try FrequencyBand(name: "thin", low: 10.1, high: 10.3)])
        }
        #expect(throws: DSPError.emptyInput(what: "band list")) { try spectrum.bandPowers([]) }
        #expect(throws: DSPError.self) { try spectrum.cropped(minimum: 20, maximum: 10) }
        #expect(throws: DSPError.self) { try spectrum.cropped(minimum: 10, maximum: 10) }
        #expect(try spectrum.cropped(minimum: 1, maximum: 4).frequencies == [1, 1.5, 2, 2.5,
                                                                             3, 3.5, 4])
    }
}
