import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Welch PSD")
struct WelchTests {
    static func options(_ testCase: SpectralFixtures.WelchCase) throws -> WelchOptions {
        WelchOptions(
            segment: .sampleCount(testCase.nperseg), overlap: testCase.overlap,
            window: try SpectralFixtures.window(testCase.window, alpha: testCase.alpha),
            detrend: SpectralFixtures.detrend(testCase.detrend),
            average: SpectralFixtures.average(testCase.average),
            scaling: SpectralFixtures.scaling(testCase.scaling), fftLength: testCase.nfft)
    }

    @Test("matches scipy.signal.welch over windows × detrend × average × scaling × overlap")
    func matchesSciPy() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Welch.self, "spectral_welch.json")
        for input in [fixture.odd, fixture.even] {
            let signal = try Signal(samples: input.samples, sampleRate: input.sample_rate)
            for testCase in input.cases {
                let spectrum = try signal.powerSpectrum(method: .welch(try Self.options(testCase)))
                let context = "\(testCase.window) n=\(testCase.nperseg) \(testCase.detrend) "
                    + "\(testCase.average) \(testCase.scaling) overlap \(testCase.overlap)"
                expectClose(spectrum.frequencies, testCase.frequencies, relative: 1e-13,
                            floor: 0, context)
                // Detrending can cancel the DC bin to rounding level: absolute floor 1e-12 of
                // the peak; everything else agrees to ~1e-13 relative.
                expectClose(spectrum.power, testCase.psd, relative: 1e-9, floor: 1e-12, context)
                #expect(spectrum.scaling == SpectralFixtures.scaling(testCase.scaling))
            }
        }
    }

    @Test("segment given as a duration rounds to samples (0.5 s at 256 Hz = 128)")
    func durationSegment() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Welch.self, "spectral_welch.json")
        let signal = try Signal(samples: fixture.even.samples, sampleRate: 256)
        let expected = try #require(fixture.even.cases.first { $0.nperseg == 128 })
        let spectrum = try signal.powerSpectrum(method: .welch(segmentDuration: 0.5))
        expectClose(spectrum.power, expected.psd, relative: 1e-9, floor: 1e-12, "0.5 s")
    }

    @Test("streaming accumulator equals the in-memory estimator bit for bit",
          arguments: [1, 7, 64, 333, 1001])
    func streaming(chunkSize: Int) throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Welch.self, "spectral_welch.json")
        let samples = fixture.odd.samples
        for average in SpectralAverage.allCases {
            let options = WelchOptions(segment: .sampleCount(64), overlap: 0.75, average: average)
            let signal = try Signal(samples: samples, sampleRate: 123, label: "Cz")
            let inMemory = try signal.powerSpectrum(method: .welch(options))
            let accumulator = try WelchAccumulator(sampleRate: 123, options: options, label: "Cz")
            var start = 0
            while start < samples.count {
                let end = min(start + chunkSize, samples.count)
                try accumulator.append(samples[start..<end])
                start = end
            }
            #expect(accumulator.sampleCount == samples.count)
            #expect(try accumulator.spectrum() == inMemory)
        }
    }

    @Test("accumulator: progress, NaN with its global index, needs one segment")
    func accumulatorErrors() throws {
        let accumulator = try WelchAccumulator(
            sampleRate: 100, options: WelchOptions(segment: .sampleCount(50)), label: "Pz")
        #expect(throws: DSPError.emptyInput(what: "channel Pz")) { try accumulator.spectrum() }
        try accumulator.append([Double](repeating: 1, count: 30))
        #expect(throws: DSPError.self) { try accumulator.spectrum() }
        #expect(throws: DSPError.nonFiniteInput(label: "Pz", index: 32)) {
            try accumulator.append([0, 0, .nan])
        }
        try accumulator.append([Double](repeating: 2, count: 45))
        #expect(accumulator.segmentCount == 2)  // segments start at 0 and 25
        #expect(try accumulator.spectrum().frequencies.count == 26)
    }

    @Test("white noise: the Welch density integrates to the variance",
          arguments: [(123.0, 24_601), (256.0, 40_000)])
    func whiteNoiseVariance(sampleRate: Double, count: Int) throws {
        var generator = SeededGenerator(seed: 7)
        let sigma = 3.0
        let samples = (0..<count).map { _ in sigma * generator.nextGaussian() }
        let signal = try Signal(samples: samples, sampleRate: sampleRate)
        let spectrum = try signal.powerSpectrum()
        let total = IntegrationRule.trapezoid.integrate(spectrum.power,
                                                        spacing: spectrum.resolution)
        // ~100–150 segments average the χ² scatter; 5 % is > 5 standard errors.
        #expect(isClose(total, sigma * sigma, relative: 0.05), "integrated \(total)")
        // The density is flat at 2σ²/fs.
        let level = spectrum.power.dropFirst().dropLast().reduce(0, +)
            / Double(spectrum.power.count - 2)
        #expect(isClose(level, 2 * sigma * sigma / sampleRate, relative: 0.05))
    }

    @Test(
        "a constant (flat) channel has an exactly zero PSD with constant detrend",
        arguments: [0.1, 1234.5678, -3.3e-7, 98_765.4321])
    func flatChannel(value: Double) throws {
        // Values whose running sum is inexact: a plain Σx/n mean leaves ~1e-30 residue.
        let signal = try Signal(
            samples: [Double](repeating: value, count: 1_237), sampleRate: 123, label: "flat")
        let spectrum = try signal.powerSpectrum(method: .welch(segmentDuration: 2))
        #expect(spectrum.power.allSatisfy { $0 == 0 }, "max \(spectrum.power.max() ?? 0)")
    }
}
