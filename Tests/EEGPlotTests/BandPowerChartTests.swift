import EEGCore
import Foundation
import Testing
@testable import EEGPlot

@Suite("Band power bar chart")
struct BandPowerChartTests {
    static let channels = ["Fz", "Cz", "Pz", "Oz"]
    static let bands = FrequencyBand.standard.map(\.name)
    static let absolute: [[Double]] = [
        [14.2, 6.1, 4.0, 3.2, 0.9], [12.5, 5.8, 6.3, 3.0, 0.8],
        [11.0, 5.2, 12.7, 2.7, 0.7], [10.1, 4.9, 18.4, 2.5, 1.1],
    ]

    static var relative: [[Double]] {
        absolute.map { row in row.map { $0 / row.reduce(0, +) } }
    }

    @Test("absolute band power matches its snapshot")
    func absoluteSnapshot() throws {
        let svg = try BandPowerChart.svg(
            channels: Self.channels, bands: Self.bands, values: Self.absolute,
            options: BandPowerChartOptions(title: "Absolute band power"))
        try Snapshot.expectMatches(svg, named: "bandpower-absolute.svg")
        #expect(svg.contains("Band power (µV²)"))
        #expect(svg.components(separatedBy: "data-band=").count == 21)
    }

    @Test("relative band power on a percent axis matches its snapshot")
    func relativeSnapshot() throws {
        let svg = try BandPowerChart.svg(
            channels: Self.channels, bands: Self.bands, values: Self.relative,
            options: BandPowerChartOptions(title: "Relative band power", kind: .relative))
        try Snapshot.expectMatches(svg, named: "bandpower-relative.svg")
        #expect(svg.contains("Relative power (%)"))
    }

    @Test("many channels rotate their labels and log scale works")
    func manyChannels() throws {
        let channels = (1...32).map { "EEG channel \($0)" }
        let values = channels.indices.map { index in
            Self.bands.indices.map { Double(index + 1) * pow(10, -Double($0)) }
        }
        let svg = try BandPowerChart.svg(
            channels: channels, bands: Self.bands, values: values,
            options: BandPowerChartOptions(valueScale: .logarithmic))
        #expect(svg.contains("rotate(-45"))
        #expect(try BandPowerChart.svg(
            channels: channels, bands: Self.bands, values: values,
            options: BandPowerChartOptions(valueScale: .logarithmic)) == svg)
    }

    @Test("mismatched tables and empty data throw")
    func errors() {
        #expect(throws: PlotError.invalidParameter(
            name: "band power rows", value: "1", expected: "one per channel (2)")) {
            try BandPowerChart.svg(channels: ["A", "B"], bands: ["x"], values: [[1]])
        }
        #expect(throws: PlotError.invalidParameter(
            name: "band power row 0", value: "2 values", expected: "one per band (1)")) {
            try BandPowerChart.svg(channels: ["A"], bands: ["x"], values: [[1, 2]])
        }
        #expect(throws: PlotError.noData(what: "no finite band power values")) {
            try BandPowerChart.svg(channels: ["A"], bands: ["x"], values: [[.nan]])
        }
        #expect(throws: PlotError.noData(what: "no finite, positive band power values")) {
            try BandPowerChart.svg(
                channels: ["A"], bands: ["x"], values: [[0]],
                options: BandPowerChartOptions(valueScale: .logarithmic))
        }
        #expect(throws: PlotError.self) {
            try BandPowerChart.svg(
                channels: ["A"], bands: ["x"], values: [[1]],
                options: BandPowerChartOptions(width: -5))
        }
    }
}
