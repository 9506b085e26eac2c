import EEGCore
import Foundation
import Testing
@testable import EEGPlot

@Suite("Spectrogram heatmap of a discontinuous recording")
struct SpectrogramGapTests {
    @Test("each gap is one hatched band with a tooltip, over the cells; none without gaps")
    func gapsDrawn() throws {
        let spectrogram = try SampleSpectrogram.make(timeCount: 24, timeStep: 2, frequencyStep: 2)
        let options = SpectrogramPlotOptions(
            rendering: .vector, gaps: [10..<14.5, 30..<31, 500..<600])
        let svg = try SpectrogramPlot.svg(spectrogram, options: options)
        // The gap outside the time axis (500–600 s) is not drawn.
        #expect(svg.components(separatedBy: "<title>no data (gap)").count == 3)
        #expect(svg.contains("no data (gap) 10–14.5 s"))
        #expect(svg.contains("<pattern id="))
        let cells = try #require(svg.range(of: "class=\"cells\""))
        let gaps = try #require(svg.range(of: "class=\"gaps\""))
        #expect(cells.lowerBound < gaps.lowerBound)
        let plain = try SpectrogramPlot.svg(spectrogram, options: .init(rendering: .vector))
        #expect(!plain.contains("class=\"gaps\""))
    }
}
