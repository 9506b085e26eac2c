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
}
