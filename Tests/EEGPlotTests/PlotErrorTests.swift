import EEGPlot
import Testing

@Suite("PlotError messages")
struct PlotErrorTests {
    @Test("no-data message")
    func noData() {
        #expect(PlotError.noData(what: "PSD of Cz").description == "nothing to plot: PSD of Cz")
    }
}
