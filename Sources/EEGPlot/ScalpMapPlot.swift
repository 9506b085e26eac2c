import EEGCore

/// A scalp (topographic) map: a head seen from above, nose up, with values interpolated over
/// the head disk, sensor marks and a colour bar.
///
/// The caller supplies the interpolated grid (e.g. from `ScalpInterpolation` in EEGDSP) in
/// planar units where the head outline has radius 1 (+x right, +y nose), as MNE's
/// `plot_topomap`. Output is deterministic (fixed decimals, no timestamps).
///
/// ```swift
/// let svg = try ScalpMapPlot(grid: grid, sensors: sensors, colorBarTitle: "dB").svg()
/// ```
public struct ScalpMapPlot: Sendable {
    /// A sensor mark.
    public struct Sensor: Sendable, Equatable {
        public let label: String
        public let x: Double
        public let y: Double

        public init(label: String, x: Double, y: Double) {
            self.label = label
            self.x = x
            self.y = y
        }
    }

    /// `grid[row][column]`, row 0 at the top (nose side), `nil` outside the head.
    public let grid: [[Double?]]
    public let sensors: [Sensor]
    /// The colour bar's title with units, e.g. "delta3 power (dB re 1 uV^2)".
    public let colorBarTitle: String
    public let title: String
    /// Whether to write the sensor labels beside the marks (default `true`).
    public var showsLabels: Bool = true

    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` or ``PlotError/noData(what:)`` when the grid is empty, not square, or has no finite value.
    public init(grid: [[Double?]], sensors: [Sensor], colorBarTitle: String, title: String = "")
        throws
    {
        let size = grid.count
        guard size >= 2, grid.allSatisfy({ $0.count == size }) else {
            throw PlotError.invalidParameter(
                name: "scalp map grid", value: "\(size) rows", expected: "a square grid of at least 2×2")
        }
        guard grid.joined().contains(where: { $0.map(\.isFinite) ?? false }) else {
            throw PlotError.noData(what: "finite scalp map values")
        }
        self.grid = grid
        self.sensors = sensors
        self.colorBarTitle = colorBarTitle
        self.title = title
    }

    /// The SVG text.
    public func svg() throws -> String {
        let mapSize = 360.0
        let margin = 40.0
        let top = title.isEmpty ? 30.0 : 50.0
        let width = margin + mapSize + margin + ColorBar.panelWidth
        let height = top + mapSize + margin
        var document = try SVGDocument(width: width, height: height, title: title)
        document.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")
        if !title.isEmpty {
            document.text(title, x: width / 2, y: 28, anchor: .middle, size: 15, weight: .bold)
        }
        let radius = mapSize / 2 * 0.86
        let centerX = margin + mapSize / 2
        let centerY = top + mapSize / 2
        let finite = grid.joined().compactMap { $0 }.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if high - low < 1e-12 * max(1, abs(high)) {
            low -= 0.5
            high += 0.5
        }
        let colorMap = ColorMap.viridis
        let clip = document.makeIdentifier("head")
        document.addDefinition(
            "<clipPath id=\"\(clip)\"><circle cx=\"\(svgNumber(centerX))\" "
                + "cy=\"\(svgNumber(centerY))\" r=\"\(svgNumber(radius))\"/></clipPath>")
        // Cells are drawn a hair larger than their pitch so no seams show between them.
        let cellCount = grid.count
        let pitch = 2 * radius / Double(cellCount)
        document.beginGroup("class=\"map\" clip-path=\"url(#\(clip))\"")
        for (row, values) in grid.enumerated() {
            for (column, value) in values.enumerated() {
                guard let value, value.isFinite else { continue }
                let fraction = (value - low) / (high - low)
                document.rect(
                    x: centerX - radius + Double(column) * pitch,
                    y: centerY - radius + Double(row) * pitch,
                    width: pitch + 0.6, height: pitch + 0.6,
                    fill: colorMap.color(at: fraction).hexString)
            }
        }
        document.endGroup()
        drawHead(into: &document, centerX: centerX, centerY: centerY, radius: radius)
        document.beginGroup("class=\"sensors\"")
        for sensor in sensors {
            let x = centerX + sensor.x * radius
            let y = centerY - sensor.y * radius
            document.circle(centerX: x, centerY: y, radius: 2.2, fill: "#000000")
            if showsLabels {
                document.text(
                    sensor.label, x: x, y: y - 4.5, anchor: .middle, size: 8.5,
                    fill: "#111111")
            }
        }
        document.endGroup()
        ColorBar(low: low, high: high, title: colorBarTitle, colorMap: colorMap).draw(
            into: &document, left: margin + mapSize + 16, top: top + 20, height: mapSize - 40)
        return document.rendered()
    }

    /// Head outline, nose (a triangle at the top) and ears (half-ellipses at the sides).
    private func drawHead(
        into document: inout SVGDocument, centerX: Double, centerY: Double, radius: Double
    ) {
        document.beginGroup("class=\"head\"")
        document.circle(
            centerX: centerX, centerY: centerY, radius: radius, fill: "none", stroke: "#000000",
            strokeWidth: 1.6)
        var nose = SVGPath()
        nose.move(to: centerX - 0.09 * radius, centerY - 0.995 * radius)
        nose.line(to: centerX, centerY - 1.12 * radius)
        nose.line(to: centerX + 0.09 * radius, centerY - 0.995 * radius)
        document.path(nose, stroke: "#000000", strokeWidth: 1.6)
        for side in [-1.0, 1.0] {
            var ear = SVGPath()
            ear.move(to: centerX + side * radius, centerY - 0.16 * radius)
            ear.line(to: centerX + side * 1.06 * radius, centerY - 0.19 * radius)
            ear.line(to: centerX + side * 1.10 * radius, centerY - 0.10 * radius)
            ear.line(to: centerX + side * 1.11 * radius, centerY + 0.05 * radius)
            ear.line(to: centerX + side * 1.08 * radius, centerY + 0.16 * radius)
            ear.line(to: centerX + side * 1.03 * radius, centerY + 0.19 * radius)
            ear.line(to: centerX + side * radius, centerY + 0.15 * radius)
            document.path(ear, stroke: "#000000", strokeWidth: 1.6)
        }
        document.endGroup()
    }
}
