import EEGPlot
import Foundation
import Testing

@Suite("Scalp map SVG")
struct ScalpMapPlotTests {
    /// An analytic map: value = 10 + 3·y (front high), NaN-free, 16 × 16 cells.
    static func gradientGrid(size: Int = 16) -> [[Double?]] {
        (0..<size).map { row in
            let y = 1 - (Double(row) + 0.5) * 2 / Double(size)
            return (0..<size).map { column -> Double? in
                let x = -1 + (Double(column) + 0.5) * 2 / Double(size)
                return x * x + y * y <= 1 ? 10 + 3 * y : nil
            }
        }
    }

    static let sensors = [
        ScalpMapPlot.Sensor(label: "Fz", x: 0, y: 0.5),
        ScalpMapPlot.Sensor(label: "Cz", x: 0, y: 0),
        ScalpMapPlot.Sensor(label: "Pz", x: 0, y: -0.5),
        ScalpMapPlot.Sensor(label: "T7", x: -1, y: 0),
        ScalpMapPlot.Sensor(label: "T8", x: 1, y: 0),
    ]

    @Test("golden snapshot: head, nose, ears, sensors, colour bar with units")
    func snapshot() throws {
        let plot = try ScalpMapPlot(
            grid: Self.gradientGrid(), sensors: Self.sensors,
            colorBarTitle: "power 2-4 Hz (dB re 1 uV^2)", title: "gradient")
        let svg = try plot.svg()
        #expect(svg == (try plot.svg()))  // deterministic
        #expect(svg.contains("dB re 1 uV^2"))
        #expect(svg.contains("class=\"head\"") && svg.contains(">Pz<"))
        try Snapshot.expectMatches(svg, named: "scalp-map-gradient.svg")
    }

    @Test("bad grids are refused")
    func errors() {
        #expect(throws: PlotError.self) {
            try ScalpMapPlot(grid: [[1]], sensors: [], colorBarTitle: "dB")
        }
        #expect(throws: PlotError.self) {
            try ScalpMapPlot(grid: [[nil, nil], [nil, nil]], sensors: [], colorBarTitle: "dB")
        }
    }
}
