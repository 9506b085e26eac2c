import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("SpectralModel evaluation and report")
struct SpectralModelTests {
    static let alpha = SpectralModel.Gaussian(center: 10.5, height: 0.6, standardDeviation: 1.2)
    static let delta = SpectralModel.Gaussian(center: 3, height: 0.25, standardDeviation: 0.5)

    static func model(knee: Double? = nil) -> SpectralModel {
        SpectralModel(
            aperiodic: .init(offset: 1.5, knee: knee, exponent: 2),
            peaks: [
                .init(centerFrequency: 3, power: 0.25, bandwidth: 1, gaussian: delta),
                .init(centerFrequency: 10.5, power: 0.6, bandwidth: 2.4, gaussian: alpha),
            ],
            rSquared: 0.98765, meanAbsoluteError: 0.04321, frequencyRange: 1...40,
            frequencies: [1, 2, 3], logPower: [0, 0, 0], label: "O1", unit: "uV")
    }

    @Test("the aperiodic component is offset − log10(knee + f^χ)", arguments: [1.0, 2.5, 10, 39])
    func aperiodic(frequency: Hertz) {
        let fixed = Self.model()
        // Exact formulas: only rounding differs.
        #expect(abs(fixed.aperiodicLogPower(at: frequency) - (1.5 - 2 * log10(frequency))) < 1e-12)
        let knee = Self.model(knee: 25)
        let expected = 1.5 - log10(25 + frequency * frequency)
        #expect(abs(knee.aperiodicLogPower(at: frequency) - expected) < 1e-12)
        #expect(abs(knee.aperiodicPower(at: frequency) / pow(10, expected) - 1) < 1e-12)
    }

    @Test("the full model adds the Gaussians in log10 power")
    func fullModel() {
        let model = Self.model()
        let at = 10.5
        let periodic = 0.6 + 0.25 * exp(-0.5 * pow((at - 3) / 0.5, 2))
        #expect(abs(model.periodicLogPower(at: at) - periodic) < 1e-12)
        #expect(abs(model.modelLogPower(at: at) - (model.aperiodicLogPower(at: at) + periodic))
            < 1e-12)
        #expect(abs(model.modelPower(at: at) / model.aperiodicPower(at: at) - pow(10, periodic))
            < 1e-12)
        #expect(model.periodicLogPower(at: 30) < 1e-20)
    }

    @Test("knee frequency is knee^(1/χ); the mode follows the knee")
    func kneeFrequency() throws {
        let model = Self.model(knee: 25)
        #expect(abs(try #require(model.aperiodic.kneeFrequency) - 5) < 1e-12)
        #expect(model.aperiodic.mode == .knee)
        #expect(Self.model().aperiodic.kneeFrequency == nil)
        #expect(Self.model().aperiodic.mode == .fixed)
    }

    @Test("peaks in a band and the strongest one")
    func peaksInBand() throws {
        let model = Self.model()
        let delta = try FrequencyBand(low: 2, high: 4)
        #expect(model.peaks(in: delta).map(\.centerFrequency) == [3])
        #expect(model.strongestPeak(in: try FrequencyBand(low: 1, high: 40))?.centerFrequency
            == 10.5)
        #expect(model.strongestPeak(in: try FrequencyBand(low: 30, high: 80)) == nil)
        #expect(abs(try #require(model.strongestPeak(in: delta)).powerDecibels - 2.5) < 1e-12)
    }

    @Test("report() renders a deterministic summary")
    func report() {
        let expected = """
            Spectral model: O1, 1–40 Hz (3 bins), aperiodic mode knee
            Aperiodic: offset 1.5000, knee 25.0000 (knee frequency 5.00 Hz), exponent 2.0000
            Peaks (2):
                3.00 Hz  power 0.2500 (log10)  bandwidth 1.00 Hz
                10.50 Hz  power 0.6000 (log10)  bandwidth 2.40 Hz
            Goodness of fit: R² 0.9877, mean absolute error 0.0432
            """
        #expect(Self.model(knee: 25).report() == expected)
        let empty = SpectralModel(
            aperiodic: .init(offset: 0, knee: nil, exponent: 1), peaks: [], rSquared: 1,
            meanAbsoluteError: 0, frequencyRange: 2.5...30, frequencies: [], logPower: [])
        #expect(empty.report().contains("Peaks (0): none"))
        #expect(empty.report().hasPrefix("Spectral model: 2.5–30 Hz"))
    }
}

@Suite("LineNoiseMask and SpectralFitSettings")
struct SpectralFitSettingsTests {
    @Test("the mask excludes ±halfWidth around every harmonic")
    func excludes() throws {
        let mask = try LineNoiseMask(frequency: 50, halfWidth: 2)
        for frequency in [48.0, 50, 52, 98.5, 150, 201.9] { #expect(mask.excludes(frequency)) }
        for frequency in [0.5, 25, 47.9, 52.1, 75, 103] { #expect(!mask.excludes(frequency)) }
    }

    @Test("invalid masks throw", arguments: [(0.0, 2.0), (-50, 2), (50, 0), (50, 25), (.nan, 1)])
    func invalidMask(frequency: Double, halfWidth: Double) {
        #expect(throws: DSPError.self) {
            try LineNoiseMask(frequency: frequency, halfWidth: halfWidth)
        }
    }

    @Test("defaults are FOOOF 1.1's")
    func defaults() throws {
        let settings = SpectralFitSettings()
        #expect(settings.peakWidthLimits == 0.5...12)
        #expect(settings.maximumPeakCount == nil)
        #expect(settings.minimumPeakHeight == 0)
        #expect(settings.peakThreshold == 2)
        #expect(settings.aperiodicMode == .fixed)
        #expect(settings.lineNoiseMask == nil)
        try settings.validate()
        #expect(throws: DSPError.invalidParameter(
            name: "maximum peak count", value: "-2", expected: "≥ 0")
        ) { try SpectralFitSettings(maximumPeakCount: -2).validate() }
    }
}

@Suite("Peak significance against the spectrum's noise")
struct PeakSignificanceTests {
    /// A model whose aperiodic line is exact and whose residual alternates ±`scatter`.
    func model(scatter: Double, count: Int = 40) -> SpectralModel {
        let frequencies = (0..<count).map { 1 + 0.5 * Double($0) }
        let aperiodic = SpectralModel.Aperiodic(offset: 2, knee: nil, exponent: 1.5)
        let logPower = frequencies.enumerated().map { index, frequency in
            aperiodic.logPower(at: frequency) + (index.isMultiple(of: 2) ? scatter : -scatter)
        }
        return SpectralModel(
            aperiodic: aperiodic, peaks: [], rSquared: 1, meanAbsoluteError: scatter,
            frequencyRange: frequencies[0]...frequencies[count - 1], frequencies: frequencies,
            logPower: logPower)
    }

    @Test("the residual noise is the MAD-based SD of the residual")
    func residualNoise() {
        // Residuals ±s, 20 of each: median 0, every deviation s → MAD s, SD 1.4826 s.
        #expect(isClose(model(scatter: 0.02).residualNoise, 1.4826 * 0.02, relative: 1e-12))
        #expect(model(scatter: 0.02, count: 2).residualNoise == 0)
    }

    @Test("Welch estimation noise: 0.4343·sqrt(1.056/K) in log10 power")
    func welchNoise() {
        #expect(isClose(SpectralModel.welchEstimationNoise(segmentCount: 119), 0.040912, relative: 1e-4))
        #expect(SpectralModel.welchEstimationNoise(segmentCount: 0)
            == SpectralModel.welchEstimationNoise(segmentCount: 1))
    }

    @Test("the significant height is the largest of the floor and 5 × the noise")
    func significantHeight() {
        let quiet = model(scatter: 0.001)
        #expect(quiet.significantPeakHeight() == 0.1)
        #expect(isClose(
            quiet.significantPeakHeight(estimationNoise: 0.041), 0.205, relative: 1e-12))
        let noisy = model(scatter: 0.05)
        #expect(isClose(
            noisy.significantPeakHeight(estimationNoise: 0.041), 5 * 1.4826 * 0.05,
            relative: 1e-12))
        #expect(isClose(
            noisy.significantPeakHeight(minimum: 1, noiseMultiple: 2), 1, relative: 1e-12))
    }
}
