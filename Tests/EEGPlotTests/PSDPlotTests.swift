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

    @Test("same input gives the same bytes")
    func deterministic() throws {
        let first = try Self.fullPlot(scale: .logarithmic)
        let second = try Self.fullPlot(scale: .logarithmic)
        #expect(first == second)
        #expect(!first.contains("\u{1}"))
    }

    @Test("non-positive power and 0 Hz are skipped on log axes, breaking the line")
    func skipsNonPositive() throws {
        let spectrum = try Spectrum(
            frequencies: [0, 1, 2, 3, 4, 5], power: [5, 4, 0, -1, 2, 1], label: "X", unit: "uV")
        let svg = try PSDPlot.svg(
            spectra: [spectrum], options: PSDPlotOptions(frequencyScale: .logarithmic))
        // 1 Hz is alone before the gap (not drawable as a line); 4–5 Hz form one segment.
        #expect(svg.components(separatedBy: "<polyline").count == 2)
        let linear = try PSDPlot.svg(
            spectra: [spectrum], options: PSDPlotOptions(powerScale: .linear))
        #expect(linear.components(separatedBy: "<polyline").count == 2)
    }

    @Test("labels with markup are escaped")
    func escapesLabels() throws {
        let spectrum = try SampleSpectra.spectrum(label: "A<1>&B")
        let svg = try PSDPlot.svg(
            spectra: [spectrum], fits: [PSDCurve(label: "fit <x>", frequencies: [1, 2],
                                                 power: [1, 0.5])],
            options: PSDPlotOptions(title: "<b>&", bands: [
                try FrequencyBand(name: "a&b", low: 8, high: 13),
            ]))
        #expect(svg.contains("A&lt;1&gt;&amp;B"))
        #expect(svg.contains("fit &lt;x&gt;"))
        #expect(svg.contains("&lt;b&gt;&amp;"))
        #expect(svg.contains(">a&amp;b</text>"))
        #expect(!svg.contains("<b>") && !svg.contains("<x>"))
    }

    @Test("nothing drawable throws noData")
    func noData() throws {
        #expect(throws: PlotError.noData(what: "no spectra given")) {
            try PSDPlot.svg(spectra: [])
        }
        let zeros = try Spectrum(frequencies: [1, 2, 3], power: [0, 0, -1])
        let message = "no finite, positive power in the frequency range"
        #expect(throws: PlotError.noData(what: message)) {
            try PSDPlot.svg(spectra: [zeros])
        }
        let nans = try Spectrum(frequencies: [1, 2, 3], power: [.nan, .infinity, .nan])
        #expect(throws: PlotError.self) {
            try PSDPlot.svg(spectra: [nans], options: PSDPlotOptions(powerScale: .linear))
        }
        let spectrum = try SampleSpectra.spectrum(label: "Cz", maximum: 40)
        #expect(throws: PlotError.self) {
            try PSDPlot.svg(spectra: [spectrum],
                            options: PSDPlotOptions(frequencyRange: 100...200))
        }
    }

    @Test("invalid sizes and ranges throw", arguments: [
        PSDPlotOptions(width: 10), PSDPlotOptions(height: .nan), PSDPlotOptions(height: 60),
        PSDPlotOptions(width: 80), PSDPlotOptions(frequencyRange: 10...10),
        PSDPlotOptions(frequencyScale: .logarithmic, frequencyRange: 0...10),
        PSDPlotOptions(lineWidth: 0),
    ])
    func invalidOptions(options: PSDPlotOptions) throws {
        let spectrum = try SampleSpectra.spectrum(label: "Cz")
        #expect(throws: PlotError.self) { try PSDPlot.svg(spectra: [spectrum], options: options) }
    }

    @Test("many channels wrap the legend into columns and cycle dashes")
    func manyChannels() throws {
        let spectra = try (0..<24).map {
            try SampleSpectra.spectrum(label: "EEG \($0)", offset: 10 + Double($0))
        }
        let svg = try PSDPlot.svg(spectra: spectra)
        #expect(svg.components(separatedBy: "data-channel=").count == 25)
        #expect(svg.contains("stroke-dasharray=\"6 3\""))
    }
}
