import EEGCore
import Foundation
import Testing
@testable import EEGPlot

@Suite("PSD plot")
struct PSDPlotTests {
    static func twoChannels() throws -> [Spectrum] {
        [
            try SampleSpectra.spectrum(label: "O1", peaks: [(10, 6, 1.2), (20, 0.4, 2)]),
            try SampleSpectra.spectrum(
                label: "Cz", exponent: 1.3, offset: 25, peaks: [(3, 8, 0.6), (40, 0.05, 4)]),
        ]
    }

    static func fit(for spectrum: Spectrum, exponent: Double, offset: Double) -> PSDCurve {
        let frequencies = spectrum.frequencies.filter { $0 >= 1 }
        return PSDCurve(
            label: "\(spectrum.label) aperiodic fit", frequencies: frequencies,
            power: frequencies.map { offset / pow($0, exponent) })
    }

    static func fullPlot(scale: AxisScale) throws -> String {
        let spectra = try twoChannels()
        return try PSDPlot.svg(
            spectra: spectra,
            fits: [fit(for: spectra[0], exponent: 1.6, offset: 40)],
            peaks: [
                PSDPeakMarker(frequency: 10, power: spectra[0].power[20]),
                PSDPeakMarker(frequency: 3, power: spectra[1].power[6], label: "δ₃ 3.0 Hz"),
            ],
            options: PSDPlotOptions(
                title: "Resting state <eyes closed> & alpha", frequencyScale: scale,
                frequencyRange: scale == .logarithmic ? 1...60 : nil,
                bands: FrequencyBand.standard))
    }

    @Test("log-log PSD with fit, peaks and bands matches its snapshot")
    func logLogSnapshot() throws {
        try Snapshot.expectMatches(try Self.fullPlot(scale: .logarithmic), named: "psd-loglog.svg")
    }

    @Test("semi-log PSD matches its snapshot")
    func semiLogSnapshot() throws {
        try Snapshot.expectMatches(try Self.fullPlot(scale: .linear), named: "psd-semilog.svg")
    }
}
