import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

/// One FOOOF reference fit from `make_fooof_fixtures.py`.
struct FOOOFFixtureFit: Decodable {
    struct Settings: Decodable {
        let peak_width_limits: [Double]
        let max_n_peaks: Int?
        let min_peak_height: Double
        let peak_threshold: Double
    }
    let aperiodic_mode: String
    let settings: Settings
    let offset: Double
    let knee: Double?
    let exponent: Double
    let peak_params: [[Double]]
    let gaussian_params: [[Double]]
    let r_squared: Double
    let error: Double
    let fitted_frequency_range: [Double]
    let n_fitted_bins: Int

    var fitSettings: SpectralFitSettings {
        SpectralFitSettings(
            peakWidthLimits: settings.peak_width_limits[0]...settings.peak_width_limits[1],
            maximumPeakCount: settings.max_n_peaks, minimumPeakHeight: settings.min_peak_height,
            peakThreshold: settings.peak_threshold,
            aperiodicMode: aperiodic_mode == "knee" ? .knee : .fixed)
    }
}

struct FOOOFFixtureCase: Decodable {
    let name: String
    let frequency_range: [Double]
    let frequencies: [Double]
    let power: [Double]
    let fits: [FOOOFFixtureFit]

    var spectrum: Spectrum {
        get throws { try Spectrum(frequencies: frequencies, power: power, label: name) }
    }
    var range: ClosedRange<Hertz> { frequency_range[0]...frequency_range[1] }
}

struct FOOOFFixtureFile: Decodable {
    let versions: [String: String]
    let cases: [FOOOFFixtureCase]
}

enum FOOOFFixtures {
    static func load(_ name: String) throws -> FOOOFFixtureFile {
        try TestData.loadJSON(
            FOOOFFixtureFile.self,
            from: TestData.fixtures("EEGDSPTests").appendingPathComponent(name))
    }

    /// Every (case, fit) pair of a fixture file, for `@Test(arguments:)`.
    static func pairs(_ name: String) -> [String] {
        guard let file = try? load(name) else { return [] }
        return file.cases.flatMap { item in item.fits.map { "\(item.name)|\($0.aperiodic_mode)" } }
    }

    static func lookup(_ file: String, _ key: String) throws -> (FOOOFFixtureCase, FOOOFFixtureFit)
    {
        let parts = key.split(separator: "|").map(String.init)
        let item = try #require(try load(file).cases.first { $0.name == parts[0] })
        let fit = try #require(item.fits.first { $0.aperiodic_mode == parts[1] })
        return (item, fit)
    }
}

/// Agreement of one Swift fit with one FOOOF fit, for the summary and the assertions.
struct FOOOFAgreement: CustomStringConvertible {
    let offsetDifference: Double
    let exponentDifference: Double
    let kneeRelativeDifference: Double?
    let peakCountDifference: Int
    let worstCenterDifference: Double
    let worstPowerDifference: Double
    let worstBandwidthDifference: Double
    let rSquaredDifference: Double
    let errorDifference: Double

    init(_ model: SpectralModel, _ reference: FOOOFFixtureFit) {
        offsetDifference = abs(model.aperiodic.offset - reference.offset)
        exponentDifference = abs(model.aperiodic.exponent - reference.exponent)
        if let knee = model.aperiodic.knee, let expected = reference.knee {
            kneeRelativeDifference = abs(knee - expected) / max(abs(expected), 1e-9)
        } else {
            kneeRelativeDifference = nil
        }
        peakCountDifference = model.peaks.count - reference.peak_params.count
        var center = 0.0
        var power = 0.0
        var bandwidth = 0.0
        if peakCountDifference == 0 {
            for (peak, expected) in zip(model.peaks, reference.peak_params) {
                center = max(center, abs(peak.centerFrequency - expected[0]))
                power = max(power, abs(peak.power - expected[1]))
                bandwidth = max(bandwidth, abs(peak.bandwidth - expected[2]))
            }
        } else {
            center = .infinity
            power = .infinity
            bandwidth = .infinity
        }
        worstCenterDifference = center
        worstPowerDifference = power
        worstBandwidthDifference = bandwidth
        rSquaredDifference = abs(model.rSquared - reference.r_squared)
        errorDifference = abs(model.meanAbsoluteError - reference.error)
    }

    var description: String {
        "Δoffset \(offsetDifference) Δexponent \(exponentDifference) "
            + "Δknee(rel) \(kneeRelativeDifference.map { "\($0)" } ?? "-") "
            + "Δpeaks \(peakCountDifference) Δcf \(worstCenterDifference) "
            + "Δpw \(worstPowerDifference) Δbw \(worstBandwidthDifference) "
            + "Δr² \(rSquaredDifference) Δerror \(errorDifference)"
    }
}

/// Fixture fits where the joint Gaussian refit of this LM and SciPy's `trf` settle in different
/// local minima (overlapping peaks or peaks pinned at the 0.25 Hz SD limit; SciPy's minimum has
/// the lower cost in three of four). The aperiodic fit and the number of peaks still agree.
let divergentPeakRefits: Set<String> = [
    "fixed-noisy|fixed", "knee-beta|knee",
    "ieeg/ieeg_ecog_test.edf:POL G5:1-40|fixed", "ieeg/ieeg_ecog_test.edf:POL G5:1-40|knee",
]

@Suite("SpectralModelFitter against FOOOF 1.1")
struct SpectralModelFitterTests {
    static let simulated = FOOOFFixtures.pairs("fooof_simulated.json")
    static let real = FOOOFFixtures.pairs("fooof_real.json")

    @Test("fixtures cover simulated and real spectra in both modes")
    func coverage() {
        #expect(Self.simulated.count >= 12)
        #expect(Self.real.count >= 30)
        #expect(Self.real.contains { $0.hasSuffix("|knee") })
    }

    @Test("simulated spectra (fooof.sim) match FOOOF", arguments: simulated)
    func simulatedSpectra(key: String) throws {
        try check("fooof_simulated.json", key)
    }

    @Test("real EEG Welch spectra match FOOOF", arguments: real)
    func realSpectra(key: String) throws {
        try check("fooof_real.json", key)
    }

    func check(_ file: String, _ key: String) throws {
        let (item, reference) = try FOOOFFixtures.lookup(file, key)
        let model = try SpectralModelFitter(settings: reference.fitSettings)
            .fit(try item.spectrum, in: item.range)
        let agreement = FOOOFAgreement(model, reference)
        print("FOOOF \(key): \(agreement)")
        // Same bins and the same deterministic peak search: these must be identical.
        #expect(model.frequencies.count == reference.n_fitted_bins)
        #expect(model.frequencyRange.lowerBound == reference.fitted_frequency_range[0])
        #expect(model.frequencyRange.upperBound == reference.fitted_frequency_range[1])
        #expect(agreement.peakCountDifference == 0, "\(agreement)")
        if divergentPeakRefits.contains(key) {
            // Different local minimum of the Gaussian refit moves the final aperiodic fit a
            // little (measured ≤ 0.0065); the acceptance bound is 0.05.
            #expect(agreement.offsetDifference < 0.01, "\(agreement)")
            #expect(agreement.exponentDifference < 0.01, "\(agreement)")
            return
        }
        // Same minimum; what remains is the solvers' stopping rules (SciPy ftol/xtol 1e-8,
        // here 1e-12) on flat directions of pinned or overlapping Gaussians. Measured worst:
        // offset 4.3e-4, exponent 3.5e-4, knee 1.0e-3 relative, centre 0.014 Hz,
        // power 3.9e-4, bandwidth 0.018 Hz (eegmat O1, knee mode); most cases agree to 1e-6.
        #expect(agreement.offsetDifference < 1e-3, "\(agreement)")
        #expect(agreement.exponentDifference < 1e-3, "\(agreement)")
        #expect(agreement.worstCenterDifference < 0.05, "\(agreement)")
        #expect(agreement.worstPowerDifference < 0.01, "\(agreement)")
        #expect(agreement.worstBandwidthDifference < 0.1, "\(agreement)")
        #expect(agreement.rSquaredDifference < 1e-4, "\(agreement)")
        #expect(agreement.errorDifference < 1e-4, "\(agreement)")
        if let kneeDifference = agreement.kneeRelativeDifference {
            #expect(kneeDifference < 5e-3, "\(agreement)")
        }
    }
}
