import EEGCore
import Foundation
import Testing
@testable import EEGPlot

@Suite("Spectrogram heatmap")
struct SpectrogramPlotTests {
    @Test("vector heatmap with episodes matches its snapshot")
    func vectorSnapshot() throws {
        let spectrogram = try SampleSpectrogram.make(
            timeCount: 24, timeStep: 2, frequencyStep: 2)
        let svg = try SpectrogramPlot.svg(
            spectrogram, episodes: SampleSpectrogram.episodes(duration: 48),
            options: SpectrogramPlotOptions(
                title: "Pz spectrogram", frequencyRange: 1...45, rendering: .vector))
        try Snapshot.expectMatches(svg, named: "spectrogram-vector.svg")
    }

    @Test("raster heatmap matches its snapshot")
    func rasterSnapshot() throws {
        let spectrogram = try SampleSpectrogram.make(
            timeCount: 120, timeStep: 0.5, frequencyStep: 0.5)
        let svg = try SpectrogramPlot.svg(
            spectrogram, episodes: SampleSpectrogram.episodes(duration: 60),
            options: SpectrogramPlotOptions(
                title: "Pz spectrogram (raster)", frequencyRange: 0.5...45))
        #expect(svg.contains("data:image/png;base64,"))
        try Snapshot.expectMatches(svg, named: "spectrogram-raster.svg")
    }

    @Test("same input gives the same bytes, including the embedded PNG")
    func deterministic() throws {
        let spectrogram = try SampleSpectrogram.make(timeCount: 100)
        let options = SpectrogramPlotOptions(rendering: .raster)
        #expect(try SpectrogramPlot.svg(spectrogram, options: options)
                == SpectrogramPlot.svg(spectrogram, options: options))
    }

    @Test("large grids are averaged down to the limits, keeping exact outer edges")
    func averaging() throws {
        let spectrogram = try SampleSpectrogram.make(timeCount: 301, frequencyStep: 0.25)
        let timeEdges = SpectrogramPlot.cellEdges(spectrogram.times, logarithmic: false)
        let frequencyEdges = SpectrogramPlot.cellEdges(
            spectrogram.frequencies, logarithmic: false)
        let grid = HeatmapGrid.averaged(
            spectrogram, timeIndices: Array(spectrogram.times.indices),
            frequencyIndices: Array(spectrogram.frequencies.indices),
            timeEdges: timeEdges, frequencyEdges: frequencyEdges,
            maximumColumns: 100, maximumRows: 50)
        #expect(grid.times.count == 76)  // 301 columns in groups of ⌈301/100⌉ = 4
        #expect(grid.frequencies.count == 49)  // 193 rows in groups of ⌈193/50⌉ = 4
        #expect(grid.timeEdges.count == 77 && grid.frequencyEdges.count == 50)
        #expect(grid.timeEdges.first == 0 && grid.timeEdges.last == 301)
        #expect(grid.timeEdges[1] == 4)
        let expected = (0..<4).map { spectrogram.power[$0][0..<4].reduce(0, +) }
            .reduce(0, +) / 16
        #expect(abs(grid.power[0][0] - expected) <= 1e-12 * expected)
    }

    @Test("raster lattices: one pixel per even cell, else per screen pixel")
    func lattice() {
        #expect(SpectrogramPlot.latticeCells(edges: [0, 10, 20, 30]) == [0, 1, 2])
        let uneven = SpectrogramPlot.latticeCells(edges: [0, 2, 6, 10])
        #expect(uneven == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        let descending = SpectrogramPlot.latticeCells(edges: [10, 6, 2, 0])
        #expect(descending == [2, 2, 1, 1, 1, 1, 0, 0, 0, 0])
    }

    @Test("long recordings are reduced to at most one cell per plot pixel")
    func pixelBound() throws {
        let spectrogram = try SampleSpectrogram.make(timeCount: 3000, timeStep: 0.5)
        let svg = try SpectrogramPlot.svg(spectrogram)
        let base64 = try #require(svg.firstMatch(of: /base64,([^"]+)"/)).1
        let png = try #require(Data(base64Encoded: String(base64)))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width <= 760 && width >= 300, "image width \(width)")
    }

    @Test("percentiles interpolate like numpy.percentile")
    func percentiles() {
        let sorted = [1.0, 2, 3, 4]
        #expect(SpectrogramPlot.percentile(sorted, 50) == 2.5)
        #expect(SpectrogramPlot.percentile(sorted, 0) == 1)
        #expect(SpectrogramPlot.percentile(sorted, 100) == 4)
        #expect(abs(SpectrogramPlot.percentile(sorted, 10) - 1.3) < 1e-12)
    }

    @Test("cell edges lie half-way between centres")
    func edges() {
        #expect(SpectrogramPlot.cellEdges([1, 2, 3], logarithmic: false) == [0.5, 1.5, 2.5, 3.5])
        let log = SpectrogramPlot.cellEdges([1, 4, 16], logarithmic: true)
        #expect(log.map { ($0 * 1000).rounded() / 1000 } == [0.5, 2, 8, 32])
        #expect(SpectrogramPlot.cellEdges([5], logarithmic: false) == [4.5, 5.5])
    }

    @Test("log frequency axis with log-spaced rows renders as a raster")
    func logFrequency() throws {
        let frequencies = (0..<30).map { 2 * pow(2, Double($0) / 6) }
        let times = (0..<200).map { Double($0) * 0.1 }
        let power = times.map { time in frequencies.map { 1 / $0 + (time > 10 ? 0.01 : 0) } }
        let spectrogram = try Spectrogram(
            times: times, frequencies: frequencies, power: power, scaling: .spectrum,
            unit: "uV")
        let svg = try SpectrogramPlot.svg(
            spectrogram, options: SpectrogramPlotOptions(frequencyScale: .logarithmic))
        #expect(svg.contains("data:image/png;base64,"))
        #expect(svg.contains("Power (dB re 1 µV²)"))
        let linear = try SpectrogramPlot.svg(
            spectrogram, options: SpectrogramPlotOptions(rendering: .raster))
        #expect(linear.contains("data:image/png"), "uneven rows are resampled per pixel")
        let vector = try SpectrogramPlot.svg(
            spectrogram, options: SpectrogramPlotOptions(rendering: .vector))
        #expect(!vector.contains("data:image/png"))
    }

    @Test("nothing drawable throws noData")
    func noData() throws {
        let empty = try Spectrogram(times: [], frequencies: [1, 2], power: [])
        #expect(throws: PlotError.noData(
            what: "spectrogram has no times or frequencies in range")) {
            try SpectrogramPlot.svg(empty)
        }
        let zeros = try Spectrogram(times: [0, 1], frequencies: [1, 2], power: [[0, 0], [0, -1]])
        #expect(throws: PlotError.noData(
            what: "spectrogram has no finite positive power in range")) {
            try SpectrogramPlot.svg(zeros)
        }
        let spectrogram = try SampleSpectrogram.make()
        #expect(throws: PlotError.self) {
            try SpectrogramPlot.svg(
                spectrogram, options: SpectrogramPlotOptions(frequencyRange: 100...200))
        }
    }

    @Test("invalid options throw", arguments: [
        SpectrogramPlotOptions(width: 0), SpectrogramPlotOptions(height: 100_000),
        SpectrogramPlotOptions(width: 150), SpectrogramPlotOptions(timeRange: 5...5),
        SpectrogramPlotOptions(colorRange: .percentiles(lower: 50, upper: 10)),
        SpectrogramPlotOptions(colorRange: .dynamicRange(-3)),
        SpectrogramPlotOptions(colorRange: .fixed(low: 3, high: 3)),
        SpectrogramPlotOptions(maximumColumns: 1),
    ])
    func invalidOptions(options: SpectrogramPlotOptions) throws {
        let spectrogram = try SampleSpectrogram.make()
        #expect(throws: PlotError.self) { try SpectrogramPlot.svg(spectrogram, options: options) }
    }
}
