import Foundation
import Testing
import _TestSupport
@testable import EEGPlot

@Suite("Colour maps and palettes")
struct ColorMapTests {
    struct Reference: Decodable {
        let positions: [Double]
        let rgb: [[Double]]
    }

    @Test("viridis endpoints are dark purple and yellow")
    func endpoints() {
        #expect(ColorMap.viridis.color(at: 0).hexString == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hexString == "#fde725")
        #expect(ColorMap.viridis.color(at: -3) == ColorMap.viridis.color(at: 0))
        #expect(ColorMap.viridis.color(at: .nan) == ColorMap.viridis.color(at: 0))
        #expect(ColorMap.viridis.color(at: 7) == ColorMap.viridis.color(at: 1))
    }

    @Test("viridis matches matplotlib within 0.012 per component")
    func matchesMatplotlib() throws {
        let reference = try TestData.loadJSON(
            Reference.self,
            from: TestData.fixtures("EEGPlotTests").appendingPathComponent(
                "viridis_reference.json"))
        #expect(reference.positions.count == 65)
        for channel in 0..<3 {
            let actual = reference.positions.map { position -> Double in
                let color = ColorMap.viridis.color(at: position)
                return [color.red, color.green, color.blue][channel]
            }
            // matplotlib looks up the nearest of 256 entries while we interpolate 33 anchors;
            // near the yellow end one table step is ~0.01, so 0.012 is below what anyone sees.
            let comparison = compareArrays(
                actual, reference.rgb.map { $0[channel] }, relative: 0, absolute: 0.012)
            #expect(comparison.passed, "\(comparison)")
        }
    }

    @Test("viridis lightness increases monotonically")
    func monotoneLightness() {
        var previous = -1.0
        for step in 0...100 {
            let color = ColorMap.viridis.color(at: Double(step) / 100)
            let luma = 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue
            #expect(luma > previous)
            previous = luma
        }
    }

    @Test("a colour map needs two anchors")
    func invalidMap() {
        #expect(throws: PlotError.invalidParameter(
            name: "colour map anchors", value: "1", expected: "at least 2")) {
            try ColorMap(name: "one", anchors: [RGBColor(hex: 0)])
        }
    }

    @Test("palette colours are distinct and cycle with dashes")
    func palette() {
        let colors = CategoricalPalette.colors.map(\.hexString)
        #expect(Set(colors).count == colors.count)
        #expect(CategoricalPalette.color(at: 0) == CategoricalPalette.color(at: colors.count))
        #expect(CategoricalPalette.dash(at: 0) == nil)
        #expect(CategoricalPalette.dash(at: colors.count) != nil)
        #expect(CategoricalPalette.color(at: -1) == CategoricalPalette.colors.last)
        #expect(RGBColor(hex: 0x0A0B0C).hexString == "#0a0b0c")
    }
}
