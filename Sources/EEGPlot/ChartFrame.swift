import Foundation

// MARK: - Text metrics

/// Approximate text widths for layout (DejaVu Sans advances, in ems), so that margins fit
/// tick labels and legends without measuring glyphs.
enum TextMetrics {
    static func width(of text: String, size: Double) -> Double {
        var ems = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")", "[", "]":
                ems += 0.32
            case " ", "f", "t", "r", "-", "/":
                ems += 0.4
            case "m", "w", "M", "W", "%", "µ":
                ems += 0.9
            case "A"..."Z", "²", "×":
                ems += 0.72
            case "⁰", "¹", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "⁻":
                ems += 0.42
            default:
                ems += 0.62
            }
        }
        return ems * size
    }

    /// `text` shortened with an ellipsis to at most `limit` characters.
    static func truncated(_ text: String, limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 1))) + "…"
    }
}

// MARK: - Styling constants

enum ChartStyle {
    static let background = "#ffffff"
    static let plotBackground = "#ffffff"
    static let axisColor = "#333333"
    static let gridMajor = "#dddddd"
    static let gridMinor = "#f0f0f0"
    static let textColor = "#222222"
    static let mutedText = "#555555"
    static let tickFontSize = 11.0
    static let axisTitleFontSize = 12.5
    static let titleFontSize = 15.0
    static let legendFontSize = 11.5
    static let tickLength = 5.0
    static let minorTickLength = 3.0
}

// MARK: - Axis description

/// What an axis shows: range, scale and title (with unit).
struct AxisSpec {
    var scale: AxisScale
    var low: Double
    var high: Double
    var title: String
    /// Pixels per label that the tick generator aims for.
    var labelSpacing: Double
}

// MARK: - Frame

/// The plot area, axes, ticks, grid and titles shared by every chart.
struct ChartFrame {
    let width: Double
    let height: Double
    let plotLeft: Double
    let plotTop: Double
    let plotRight: Double
    let plotBottom: Double
    let xAxis: Axis
    let yAxis: Axis
    let xTicks: [Tick]
    let yTicks: [Tick]
    let xTitle: String
    let yTitle: String
    let title: String
    /// Width of the band to the right of the plot reserved for a legend or colour bar.
    let rightPanelWidth: Double
    /// Whether x tick labels are rotated by -45° (long categorical labels).
    let rotatedXLabels: Bool

    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }

    /// Lays out the frame.
    /// - Parameters:
    ///   - topStrip: Extra height between the title and the plot (band names, markers).
    ///   - rightPanel: Width to the right of the plot for legends or a colour bar.
    ///   - xLabels: Categorical x labels (replace numeric ticks), at positions in data units.
    ///   - yCategoryLabels: Categorical y labels (e.g. channel rows), likewise.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` when the size leaves no
    ///   room for a plot.
    static func make(
        width: Double, height: Double, title: String, x: AxisSpec, y: AxisSpec,
        topStrip: Double = 0, rightPanel: Double = 0, xCategoryLabels: [Tick]? = nil,
        yCategoryLabels: [Tick]? = nil
    ) throws -> ChartFrame {
        try SVGDocument.validateSize(name: "width", width)
        try SVGDocument.validateSize(name: "height", height)
        let titleHeight = title.isEmpty ? 12.0 : 34.0
        let top = titleHeight + topStrip
        var rotated = false
        var bottomLabelHeight = ChartStyle.tickFontSize + 4
        if let categories = xCategoryLabels, !categories.isEmpty {
            let widest = categories.compactMap(\.label)
                .map { TextMetrics.width(of: $0, size: ChartStyle.tickFontSize) }.max() ?? 0
            let available = (width - 120 - rightPanel) / Double(categories.count)
            if widest > available * 0.9 {
                rotated = true
                bottomLabelHeight = min(widest * 0.72 + 8, 90)
            }
        }
        let bottomMargin = ChartStyle.tickLength + 4 + bottomLabelHeight
            + (x.title.isEmpty ? 6 : ChartStyle.axisTitleFontSize + 14)
        let bottom = height - bottomMargin
        guard bottom - top >= 40 else {
            throw PlotError.invalidParameter(
                name: "height", value: svgNumber(height),
                expected: "at least \(svgNumber(height - (bottom - top) + 40)) px for the axes")
        }
        // The y ticks depend only on the plot height; their labels set the left margin.
        let yProbe = try Axis(scale: y.scale, low: y.low, high: y.high, start: bottom, end: top)
        let yTicks = yCategoryLabels ?? yProbe.ticks(labelSpacing: y.labelSpacing)
        let widestY = yTicks.compactMap(\.label)
            .map { TextMetrics.width(of: $0, size: ChartStyle.tickFontSize) }.max() ?? 20
        let left = 10 + (y.title.isEmpty ? 0 : ChartStyle.axisTitleFontSize + 10)
            + widestY + ChartStyle.tickLength + 5
        // Leave room for half of the last x label, which is centred on the right edge.
        let right = width - rightPanel - (rightPanel > 0 ? 0 : 18)
        guard right - left >= 40 else {
            throw PlotError.invalidParameter(
                name: "width", value: svgNumber(width),
                expected: "at least \(svgNumber(width - (right - left) + 40)) px for the axes")
        }
        let xAxis = try Axis(scale: x.scale, low: x.low, high: x.high, start: left, end: right)
        let yAxis = try Axis(scale: y.scale, low: y.low, high: y.high, start: bottom, end: top)
        var xTicks = xCategoryLabels ?? xAxis.ticks(labelSpacing: x.labelSpacing)
        if !rotated {
            xTicks = thinned(xTicks, axis: xAxis, extent: { label in
                TextMetrics.width(of: label, size: ChartStyle.tickFontSize) + 8
            })
        }
        let thinnedY = thinned(yTicks, axis: yAxis, extent: { _ in
            ChartStyle.tickFontSize + 4
        })
        return ChartFrame(
            width: width, height: height, plotLeft: left, plotTop: top, plotRight: right,
            plotBottom: bottom, xAxis: xAxis, yAxis: yAxis, xTicks: xTicks, yTicks: thinnedY,
            xTitle: x.title, yTitle: y.title, title: title, rightPanelWidth: rightPanel,
            rotatedXLabels: rotated)
    }

    /// Removes labels (keeping the ticks) until no two labels overlap: low-priority labels
    /// first, then every other remaining label.
    static func thinned(
        _ ticks: [Tick], axis: Axis, extent: (String) -> Double
    ) -> [Tick] {
        func overlaps(_ candidate: [Tick]) -> Bool {
            var previousEnd = -Double.infinity
            let labelled = candidate.filter(\.isMajor)
                .compactMap { tick -> (Double, Double)? in
                    guard let position = axis.position(of: tick.value), let label = tick.label
                    else { return nil }
                    return (position, extent(label))
                }
                .sorted { $0.0 < $1.0 }
            for (position, size) in labelled {
                if position - size / 2 < previousEnd { return true }
                previousEnd = position + size / 2
            }
            return false
        }
        var current = ticks
        var maximumPriority = (ticks.map(\.priority).max() ?? 0)
        while overlaps(current) && maximumPriority > 0 {
            current = current.map {
                $0.priority >= maximumPriority ? Tick(value: $0.value, label: nil) : $0
            }
            maximumPriority -= 1
        }
        var stride = 2
        let original = current
        while overlaps(current) && stride < 64 {
            var index = 0
            current = original.map { tick in
                guard tick.isMajor else { return tick }
                defer { index += 1 }
                return index % stride == 0 ? tick : Tick(value: tick.value, label: nil)
            }
            stride += 1
        }
        return current
    }

    // MARK: - Drawing

    /// Draws the page background, plot background and gridlines (before the data).
    func drawBackground(into document: inout SVGDocument, verticalGrid: Bool = true) {
        document.rect(x: 0, y: 0, width: width, height: height, fill: ChartStyle.background)
        document.rect(
            x: plotLeft, y: plotTop, width: plotWidth, height: plotHeight,
            fill: ChartStyle.plotBackground)
        document.beginGroup("class=\"grid\"")
        if verticalGrid {
            for tick in xTicks {
                guard let x = xAxis.position(of: tick.value), x > plotLeft + 0.5,
                    x < plotRight - 0.5
                else { continue }
                document.line(
                    x1: x, y1: plotTop, x2: x, y2: plotBottom,
                    stroke: tick.isMajor ? ChartStyle.gridMajor : ChartStyle.gridMinor)
            }
        }
        for tick in yTicks {
            guard let y = yAxis.position(of: tick.value), y > plotTop + 0.5,
                y < plotBottom - 0.5
            else { continue }
            document.line(
                x1: plotLeft, y1: y, x2: plotRight, y2: y,
                stroke: tick.isMajor ? ChartStyle.gridMajor : ChartStyle.gridMinor)
        }
        document.endGroup()
    }

    /// Adds a clip path for the plot area and returns the `clip-path` attribute that uses it.
    func addClip(to document: inout SVGDocument) -> String {
        let identifier = document.makeIdentifier("plot")
        document.addDefinition(
            "<clipPath id=\"\(identifier)\"><rect x=\"\(svgNumber(plotLeft))\" "
                + "y=\"\(svgNumber(plotTop))\" width=\"\(svgNumber(plotWidth))\" "
                + "height=\"\(svgNumber(plotHeight))\"/></clipPath>")
        return "clip-path=\"url(#\(identifier))\""
    }

    /// Draws the frame, ticks, tick labels, axis titles and the chart title (after the data).
    func drawAxes(into document: inout SVGDocument, xTickMarks: Bool = true) {
        document.beginGroup("class=\"axes\"")
        document.rect(
            x: plotLeft, y: plotTop, width: plotWidth, height: plotHeight, fill: "none",
            stroke: ChartStyle.axisColor)
        for tick in xTicks {
            guard let x = xAxis.position(of: tick.value), x >= plotLeft - 0.5,
                x <= plotRight + 0.5
            else { continue }
            if xTickMarks {
                let length = tick.isMajor ? ChartStyle.tickLength : ChartStyle.minorTickLength
                document.line(
                    x1: x, y1: plotBottom, x2: x, y2: plotBottom + length,
                    stroke: ChartStyle.axisColor)
            }
            guard let label = tick.label else { continue }
            let labelY = plotBottom + ChartStyle.tickLength + 4
            if rotatedXLabels {
                document.text(
                    label, x: x, y: labelY + 4, anchor: .end, baseline: .central,
                    size: ChartStyle.tickFontSize, fill: ChartStyle.textColor, rotation: -45)
            } else {
                document.text(
                    label, x: x, y: labelY + ChartStyle.tickFontSize - 1, anchor: .middle,
                    size: ChartStyle.tickFontSize, fill: ChartStyle.textColor)
            }
        }
        for tick in yTicks {
            guard let y = yAxis.position(of: tick.value), y >= plotTop - 0.5,
                y <= plotBottom + 0.5
            else { continue }
            let length = tick.isMajor ? ChartStyle.tickLength : ChartStyle.minorTickLength
            document.line(
                x1: plotLeft - length, y1: y, x2: plotLeft, y2: y, stroke: ChartStyle.axisColor)
            guard let label = tick.label else { continue }
            document.text(
                label, x: plotLeft - ChartStyle.tickLength - 4, y: y, anchor: .end,
                baseline: .central, size: ChartStyle.tickFontSize, fill: ChartStyle.textColor)
        }
        if !xTitle.isEmpty {
            document.text(
                xTitle, x: (plotLeft + plotRight) / 2, y: height - 10, anchor: .middle,
                size: ChartStyle.axisTitleFontSize, fill: ChartStyle.textColor)
        }
        if !yTitle.isEmpty {
            let x = 10 + ChartStyle.axisTitleFontSize
            document.text(
                yTitle, x: x, y: (plotTop + plotBottom) / 2, anchor: .middle,
                size: ChartStyle.axisTitleFontSize, fill: ChartStyle.textColor, rotation: -90)
        }
        if !title.isEmpty {
            document.text(
                title, x: width / 2, y: 22, anchor: .middle, size: ChartStyle.titleFontSize,
                weight: .bold, fill: ChartStyle.textColor)
        }
        document.endGroup()
    }
}

// MARK: - Legend

/// How a legend entry's symbol is drawn.
enum LegendSymbol {
    case line(color: String, dash: String?, width: Double)
    case swatch(fill: String, opacity: Double, stroke: String?, dash: String?)
    case marker(color: String)
}

/// One legend row.
struct LegendEntry {
    var label: String
    var symbol: LegendSymbol
}

/// A legend drawn in columns to the right of the plot area.
struct Legend {
    static let rowHeight = 17.0
    static let symbolWidth = 24.0
    static let labelLimit = 28

    let entries: [LegendEntry]

    var isEmpty: Bool { entries.isEmpty }

    /// The panel width needed for `rows` rows per column.
    func panelWidth(plotHeight: Double) -> Double {
        guard !entries.isEmpty, plotHeight.isFinite else { return 0 }
        let rowsPerColumn = max(1, Int((plotHeight - 4) / Self.rowHeight))
        let columns = (entries.count + rowsPerColumn - 1) / rowsPerColumn
        return 14 + Double(columns) * columnWidth
    }

    /// The width of one legend column, from the widest (truncated) label.
    var columnWidth: Double {
        let widest = entries.map {
            TextMetrics.width(
                of: TextMetrics.truncated($0.label, limit: Self.labelLimit),
                size: ChartStyle.legendFontSize)
        }.max() ?? 0
        return Self.symbolWidth + 8 + widest + 12
    }

    func draw(into document: inout SVGDocument, left: Double, top: Double, height: Double) {
        guard !entries.isEmpty, height.isFinite else { return }
        let rowsPerColumn = max(1, Int((height - 4) / Self.rowHeight))
        document.beginGroup("class=\"legend\"")
        for (index, entry) in entries.enumerated() {
            let column = index / rowsPerColumn
            let row = index % rowsPerColumn
            let x = left + Double(column) * columnWidth
            let y = top + 4 + Double(row) * Self.rowHeight + Self.rowHeight / 2
            switch entry.symbol {
            case let .line(color, dash, width):
                document.line(
                    x1: x, y1: y, x2: x + Self.symbolWidth, y2: y, stroke: color,
                    strokeWidth: width, dash: dash)
            case let .swatch(fill, opacity, stroke, dash):
                var extra = ""
                if let dash { extra = "stroke-dasharray=\"\(dash)\"" }
                document.rect(
                    x: x, y: y - 6, width: Self.symbolWidth, height: 12, fill: fill,
                    stroke: stroke, strokeWidth: 1.2, opacity: opacity, extra: extra)
            case let .marker(color):
                var triangle = SVGPath()
                triangle.move(to: x + Self.symbolWidth / 2 - 5, y - 4)
                triangle.line(to: x + Self.symbolWidth / 2 + 5, y - 4)
                triangle.line(to: x + Self.symbolWidth / 2, y + 4)
                triangle.close()
                document.path(triangle, fill: color)
            }
            document.text(
                TextMetrics.truncated(entry.label, limit: Self.labelLimit),
                x: x + Self.symbolWidth + 6, y: y, baseline: .central,
                size: ChartStyle.legendFontSize, fill: ChartStyle.textColor)
        }
        document.endGroup()
    }
}
