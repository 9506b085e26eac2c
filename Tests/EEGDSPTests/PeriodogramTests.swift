import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Periodogram and spectrogram")
struct PeriodogramTests {
    @Test("periodogram matches scipy.signal.periodogram (odd 257 and even 256 samples)")
    func matchesSciPy() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Periodogram.self,
                                                "spectral_periodogram.json")
        for testCase in fixture.cases {
            let samples = try #require(fixture.inputs[testCase.input])
            let signal = try Signal(samples: samples, sampleRate: fixture.sample_rate)
            let options = PeriodogramOptions(
                window: try Window(name: testCase.window),
                detrend: SpectralFixtures.detrend(testCase.detrend),
                scaling: SpectralFixtures.scaling(testCase.scaling), fftLength: testCase.nfft)
            let spectrum = try signal.powerSpectrum(method: .periodogram(options))
            let context = "\(testCase.input) \(testCase.window) \(testCase.detrend) "
                + "\(testCase.scaling) nfft \(testCase.nfft ?? samples.count)"
            expectClose(spectrum.frequencies, testCase.frequencies, relative: 1e-13, floor: 0,
                        context)
            // DC cancels under detrending: absolute floor 1e-12 of the peak.
            expectClose(spectrum.power, testCase.psd, relative: 1e-9, floor: 1e-12, context)
        }
    }

    @Test("spectrogram matches scipy.signal.spectrogram (defaults and a custom grid)")
    func spectrogramMatchesSciPy() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.SpectrogramFixture.self,
                                                "spectral_spectrogram.json")
        let signal = try Signal(samples: fixture.samples, sampleRate: fixture.sample_rate)
        for testCase in fixture.cases {
            let options = testCase.description == "defaults"
                ? SpectrogramOptions()
                : SpectrogramOptions(
                    segment: .sampleCount(testCase.nperseg), overlap: testCase.overlap,
                    window: try SpectralFixtures.window(testCase.window, alpha: testCase.alpha),
                    detrend: SpectralFixtures.detrend(testCase.detrend),
                    scaling: SpectralFixtures.scaling(testCase.scaling))
            let map = try signal.spectrogram(options)
            expectClose(map.times, testCase.times, relative: 1e-13, floor: 0, testCase.description)
            expectClose(map.frequencies, testCase.frequencies, relative: 1e-13, floor: 0,
                        testCase.description)
            #expect(map.power.count == testCase.power.count)
            for (row, expected) in zip(map.power, testCase.power) {
                expectClose(row, expected, relative: 1e-9, floor: 1e-12, testCase.description)
            }
        }
    }

    @Test("Parseval: the boxcar periodogram density integrates to the variance",
          arguments: [(1.0, 1), (123.0, 2), (123.0, 127), (256.0, 1000), (500.0, 1024)])
    func parseval(sampleRate: Double, count: Int) throws {
        var generator = SeededGenerator(seed: UInt64(count))
        let samples = (0..<count).map { _ in 5 + 2 * generator.nextGaussian() }
        let signal = try Signal(samples: samples, sampleRate: sampleRate)
        let spectrum = try signal.powerSpectrum(method: .periodogram())
        // Σ P_k · Δf over the one-sided bins (a Riemann sum, the discrete Parseval identity).
        let total = spectrum.power.reduce(0, +) * sampleRate / Double(count)
        let mean = samples.reduce(0, +) / Double(count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
        // Rounding only: sums of ~n terms.
        #expect(isClose(total, variance, relative: 1e-9, absolute: 1e-14),
                "total \(total) variance \(variance)")
    }

    @Test("a whole-period sine in a boxcar periodogram has all its power in one bin")
    func exactBin() throws {
        let count = 256
        let sampleRate = 128.0
        let samples = (0..<count).map { 3 * sin(2 * Double.pi * 10 * Double($0) / sampleRate) }
        let signal = try Signal(samples: samples, sampleRate: sampleRate)
        let spectrum = try signal.powerSpectrum(
            method: .periodogram(PeriodogramOptions(scaling: .spectrum)))
        let peak = try #require(spectrum.frequencies.firstIndex(of: 10))
        #expect(isClose(spectrum.power[peak], 4.5, relative: 1e-12))  // A²/2
        let leakage = spectrum.power.enumerated().filter { $0.offset != peak }.map(\.element)
        #expect(leakage.allSatisfy { $0 < 1e-20 })
    }
}
