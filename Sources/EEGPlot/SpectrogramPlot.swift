import EEGCore
import Foundation

// MARK: - Options

/// How the colour scale of a heatmap maps power (in dB) to colours.
public enum PowerColorRange: Sendable, Equatable {
    /// From the `lower` to the `upper` percentile (0–100, linear interpolation between
    /// ranks like `numpy.percentile`) of the shown cells' dB values. Default 1–99.5.
    case percentiles(lower: Double, upper: Double)
    /// From `maximum − range` dB to the maximum.
    case dynamicRange(Decibels)
    /// A fixed range in dB.
    case fixed(low: Decibels, high: Decibels)
    /// Centred on 0 dB, from −m to +m with m the given percentile (0–100) of the cells'
    /// absolute dB values; for changes from a baseline.
    case symmetricPercentile(Double)
}

/// How heatmap cells are written into the SVG.
public enum HeatmapRendering: Sendable, Equatable {
    /// An embedded PNG for grids of more than 4000 cells, rectangles for smaller ones.
    case automatic
    /// One `<rect>` per run of equal colour (crisp at any zoom, larger files).
    case vector
    /// One embedded palette PNG: one image pixel per cell when the cells are evenly spaced on
    /// screen, else one per screen pixel showing the cell under it (e.g. log-spaced
    /// frequencies on a linear axis).
    case raster
}

/// Appearance of a spectrogram or wavelet-power heatmap. Defaults: 760 × 420 px, linear
/// frequency axis, viridis, colour range from the 1st to the 99.5th percentile.
public struct SpectrogramPlotOptions: Sendable, Equatable {
    /// Picture width in px (default 760).
    public var width: Double
    /// Picture height in px (default 420).
    public var height: Double
    /// Title; empty for none.
    public var title: String
    /// Frequency axis scale (default `.linear`; `.logarithmic` suits wavelet frequencies).
    public var frequencyScale: AxisScale
    /// Frequencies shown in Hz; `nil` for all.
    public var frequencyRange: ClosedRange<Hertz>?
    /// Times shown in seconds; `nil` for all.
    public var timeRange: ClosedRange<Seconds>?
    /// Colour scale range (default `.percentiles(lower: 1, upper: 99.5)`).
    public var colorRange: PowerColorRange
    /// The colour map (default ``ColorMap/viridis``).
    public var colorMap: ColorMap
    /// Cell rendering (default `.automatic`).
    public var rendering: HeatmapRendering
    /// Time columns above this count (or above the plot's width in px) are averaged in groups
    /// (in linear power); default 800.
    public var maximumColumns: Int
    /// Frequency rows above this count (or above the plot's height in px) are averaged in
    /// groups; default 400.
    public var maximumRows: Int
    /// Overrides the colour bar title (default `Power (dB re 1 µV²/Hz)`).
    public var powerTitle: String?
    /// Time spans without data (the gaps of a discontinuous EDF+D recording), in seconds;
    /// drawn as hatched grey bands over the map so that no cell appears to cover them
    /// (default none).
    public var gaps: [Range<Seconds>]
    /// Annotations drawn as dashed vertical markers at their onsets, labelled above the map
    /// (default none).
    public var annotations: [Annotation]

    /// Creates options; every parameter has the default documented on its property.
    public init(
        width: Double = 760, height: Double = 420, title: String = "",
        frequencyScale: AxisScale = .linear, frequencyRange: ClosedRange<Hertz>? = nil,
        timeRange: ClosedRange<Seconds>? = nil,
        colorRange: PowerColorRange = .percentiles(lower: 1, upper: 99.5),
        colorMap: ColorMap = .viridis, rendering: HeatmapRendering = .automatic,
        maximumColumns: Int = 800, maximumRows: Int = 400, powerTitle: String? = nil,
        gaps: [Range<Seconds>] = [], annotations: [Annotation] = []
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.frequencyScale = frequencyScale
        self.frequencyRange = frequencyRange
        self.timeRange = timeRange
        self.colorRange = colorRange
        self.colorMap = colorMap
        self.rendering = rendering
        self.maximumColumns = maximumColumns
        self.maximumRows = maximumRows
        self.powerTitle = powerTitle
        self.gaps = gaps
        self.annotations = annotations
    }
}

// MARK: - Plot

/// Time–frequency heatmaps (spectrogram or wavelet power) in dB with a colour bar.
///
/// ```swift
/// let svg = try SpectrogramPlot.svg(spectrogram, episodes: detectedEvents,
///                                   options: SpectrogramPlotOptions(frequencyRange: 1...40))
/// ```
public enum SpectrogramPlot {
    /// Renders the spectrogram as an SVG picture.
    ///
    /// Each cell spans half-way to its neighbours in time (segment centres) and frequency
    /// (half-way in log10 on a log axis); power is shown as 10·log10(power) dB re 1 unit²/Hz.
    /// Non-positive or non-finite cells are drawn light grey, and so are the time spans of
    /// ``SpectrogramPlotOptions/gaps`` (hatched, over the cells). Episodes are drawn as bars in a
    /// strip above the map and as dashed boxes over their rhythm's band (`delta3`, `gamma`,
    /// `LOW-HIGH`; full height for other names).
    /// - Parameters:
    ///   - spectrogram: The power map (`power[time][frequency]`).
    ///   - episodes: Optional episodes to mark (onset and duration in seconds).
    ///   - options: Appearance.
    /// - Returns: A complete SVG document.
    /// - Throws: ``PlotError/noData(what:)`` when no cell in range has finite positive power;
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for bad sizes, ranges, limits.
    public static func svg(
        _ spectrogram: Spectrogram, episodes: [RhythmEvent] = [],
        options: SpectrogramPlotOptions = SpectrogramPlotOptions()
    ) throws -> String {
        try validate(options)
        let logFrequency = options.frequencyScale == .logarithmic
        let timeIndices = spectrogram.times.indices.filter { index in
            let time = spectrogram.times[index]
            return time.isFinite && (options.timeRange?.contains(time) ?? true)
        }
        let frequencyIndices = spectrogram.frequencies.indices.filter { index in
            let frequency = spectrogram.frequencies[index]
            return frequency.isFinite && (!logFrequency || frequency > 0)
                && (options.frequencyRange?.contains(frequency) ?? true)
        }
        guard !timeIndices.isEmpty, !frequencyIndices.isEmpty else {
            throw PlotError.noData(what: "spectrogram has no times or frequencies in range")
        }
        // The frame comes from the full-resolution cell edges; the grid is then averaged to at
        // most one cell per pixel of the plot area (and the option limits).
        let fullTimeEdges = cellEdges(timeIndices.map { spectrogram.times[$0] }, logarithmic: false)
        let fullFrequencyEdges = cellEdges(
            frequencyIndices.map { spectrogram.frequencies[$0] }, logarithmic: logFrequency)
        let unit = UnitLabel.power(of: spectrogram.unit, scaling: spectrogram.scaling)
        let colorTitle = options.powerTitle ?? "Power (dB re 1 \(unit))"
        let hasEpisodes = !episodes.isEmpty
        let frame = try ChartFrame.make(
            width: options.width, height: options.height, title: options.title,
            x: AxisSpec(
                scale: .linear, low: fullTimeEdges.first ?? 0, high: fullTimeEdges.last ?? 1,
                title: "Time (s)", labelSpacing: 80),
            y: AxisSpec(
                scale: options.frequencyScale, low: fullFrequencyEdges.first ?? 1,
                high: fullFrequencyEdges.last ?? 2, title: "Frequency (Hz)", labelSpacing: 40),
            topStrip: (hasEpisodes ? 22 : 0) + (options.annotations.isEmpty ? 0 : 18),
            rightPanel: ColorBar.panelWidth)
        let grid = HeatmapGrid.averaged(
            spectrogram, timeIndices: timeIndices, frequencyIndices: frequencyIndices,
            timeEdges: fullTimeEdges, frequencyEdges: fullFrequencyEdges,
            maximumColumns: min(options.maximumColumns, max(2, Int(frame.plotWidth))),
            maximumRows: min(options.maximumRows, max(2, Int(frame.plotHeight))))
        let decibels = grid.power.map { row in
            row.map { $0.isFinite && $0 > 0 ? 10 * log10($0) : Double.nan }
        }
        let finiteDecibels = decibels.flatMap { $0 }.filter(\.isFinite)
        guard !finiteDecibels.isEmpty else {
            throw PlotError.noData(what: "spectrogram has no finite positive power in range")
        }
        let colorLimits = colorLimits(of: finiteDecibels, range: options.colorRange)
        let colorBar = ColorBar(
            low: colorLimits.low, high: colorLimits.high, title: colorTitle,
            colorMap: options.colorMap)

        var document = try SVGDocument(
            width: options.width, height: options.height,
            title: options.title.isEmpty ? "Spectrogram" : options.title)
        frame.drawBackground(into: &document, verticalGrid: false)
        document.rect(
            x: frame.plotLeft, y: frame.plotTop, width: frame.plotWidth,
            height: frame.plotHeight, fill: "#e6e6e6")
        let clip = frame.addClip(to: &document)
        document.beginGroup(clip)
        let useRaster: Bool
        switch options.rendering {
        case .vector: useRaster = false
        case .raster: useRaster = true
        case .automatic: useRaster = grid.times.count * grid.frequencies.count > 4_000
        }
        let xPixels = grid.timeEdges.compactMap { frame.xAxis.position(of: $0) }
        let yPixels = grid.frequencyEdges.compactMap { frame.yAxis.position(of: $0) }
        let indices = colorIndices(decibels, limits: colorLimits)
        if useRaster {
            drawRaster(
                indices, xPixels: xPixels, yPixels: yPixels, colorMap: options.colorMap,
                into: &document)
        } else {
            drawRectangles(
                indices, xPixels: xPixels, yPixels: yPixels, colorMap: options.colorMap,
                into: &document)
        }
        drawGaps(options.gaps, frame: frame, into: &document)
        drawEpisodeBoxes(episodes, frame: frame, into: &document)
        document.endGroup()
        drawEpisodeStrip(episodes, frame: frame, into: &document)
        TimeCoursePlot.drawAnnotations(
            options.annotations, frame: frame, into: &document,
            labelBaseline: frame.plotTop - (hasEpisodes ? 28 : 6))
        frame.drawAxes(into: &document)
        colorBar.draw(
            into: &document, left: frame.plotRight + 16, top: frame.plotTop,
            height: frame.plotHeight)
        return document.rendered()
    }

    static func validate(_ options: SpectrogramPlotOptions) throws {
        try PlotValidation.requireSize(width: options.width, height: options.height)
        try PlotValidation.requireRange(
            options.frequencyRange, name: "frequency range",
            positive: options.frequencyScale == .logarithmic)
        try PlotValidation.requireRange(options.timeRange, name: "time range", positive: false)
        guard options.maximumColumns >= 2, options.maximumRows >= 2 else {
            throw PlotError.invalidParameter(
                name: "maximum columns/rows",
                value: "\(options.maximumColumns)/\(options.maximumRows)", expected: "≥ 2")
        }
        switch options.colorRange {
        case let .percentiles(lower, upper):
            guard lower.isFinite, upper.isFinite, lower >= 0, upper <= 100, lower < upper else {
                throw PlotError.invalidParameter(
                    name: "colour percentiles", value: "\(lower)–\(upper)",
                    expected: "0 ≤ lower < upper ≤ 100")
            }
        case let .dynamicRange(range):
            try PlotValidation.requireFinitePositive(range, name: "dynamic range (dB)")
        case let .fixed(low, high):
            try PlotValidation.requireRange(low...max(low, high), name: "colour range (dB)",
                                            positive: false)
        case let .symmetricPercentile(level):
            guard level.isFinite, level > 0, level <= 100 else {
                throw PlotError.invalidParameter(
                    name: "colour percentile", value: "\(level)", expected: "0 < level ≤ 100")
            }
        }
    }

    // MARK: - Colour scale

    /// The colour limits in dB for the cells' values.
    static func colorLimits(
        of decibels: [Double], range: PowerColorRange
    ) -> (low: Double, high: Double) {
        var limits: (low: Double, high: Double)
        switch range {
        case let .percentiles(lower, upper):
            let sorted = decibels.sorted()
            limits = (percentile(sorted, lower), percentile(sorted, upper))
        case let .dynamicRange(span):
            let maximum = decibels.max() ?? 0
            limits = (maximum - span, maximum)
        case let .fixed(low, high):
            limits = (low, high)
        case let .symmetricPercentile(level):
            let magnitude = percentile(decibels.map(abs).sorted(), level)
            limits = (-magnitude, magnitude)
        }
        if !(limits.high > limits.low) { limits = (limits.low - 1, limits.low + 1) }
        return limits
    }

    /// The `percent`-th percentile of sorted values, interpolating linearly between ranks
    /// (NumPy's default `method='linear'`).
    static func percentile(_ sorted: [Double], _ percent: Double) -> Double {
        guard let first = sorted.first else { return 0 }
        guard sorted.count > 1 else { return first }
        let rank = percent / 100 * Double(sorted.count - 1)
        let below = Int(rank.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - Double(below))
    }

    /// Quantized colour indices 0…254 per cell (255 for cells without a value).
    static func colorIndices(
        _ decibels: [[Double]], limits: (low: Double, high: Double)
    ) -> [[UInt8]] {
        decibels.map { row in
            row.map { value -> UInt8 in
                guard value.isFinite else { return 255 }
                let fraction = (value - limits.low) / (limits.high - limits.low)
                return UInt8(min(max((fraction * 254).rounded(), 0), 254))
            }
        }
    }

    static func paletteColor(_ index: UInt8, colorMap: ColorMap) -> RGBColor {
        index == 255 ? RGBColor(hex: 0xD9D9D9) : colorMap.color(at: Double(index) / 254)
    }

    // MARK: - Cells

    /// Cell edges: half-way between neighbouring centres (geometric mean on a log axis), the
    /// outer edges half a step outside; a single centre gets ±0.5 (×/÷ √2 on a log axis).
    static func cellEdges(_ centers: [Double], logarithmic: Bool) -> [Double] {
        guard centers.count > 1 else {
            guard let only = centers.first else { return [] }
            return logarithmic ? [only / 2.0.squareRoot(), only * 2.0.squareRoot()]
                : [only - 0.5, only + 0.5]
        }
        var edges: [Double] = []
        edges.reserveCapacity(centers.count + 1)
        func middle(_ a: Double, _ b: Double) -> Double {
            logarithmic ? (a * b).squareRoot() : (a + b) / 2
        }
        let firstMiddle = middle(centers[0], centers[1])
        edges.append(logarithmic ? centers[0] * centers[0] / firstMiddle
                     : 2 * centers[0] - firstMiddle)
        for index in 0..<(centers.count - 1) {
            edges.append(middle(centers[index], centers[index + 1]))
        }
        let count = centers.count
        let lastMiddle = edges[edges.count - 1]
        edges.append(logarithmic ? centers[count - 1] * centers[count - 1] / lastMiddle
                     : 2 * centers[count - 1] - lastMiddle)
        return edges
    }

    /// Whether successive pixel edges are evenly spaced (within 2 % of a cell).
    static func isUniform(_ edges: [Double]) -> Bool {
        guard edges.count >= 2 else { return false }
        let step = (edges[edges.count - 1] - edges[0]) / Double(edges.count - 1)
        guard step != 0 else { return false }
        for index in 1..<edges.count
        where abs(edges[index] - edges[index - 1] - step) > abs(step) * 0.02 {
            return false
        }
        return true
    }

    static func drawRectangles(
        _ indices: [[UInt8]], xPixels: [Double], yPixels: [Double], colorMap: ColorMap,
        into document: inout SVGDocument
    ) {
        let columns = xPixels.count - 1
        let rows = yPixels.count - 1
        guard columns > 0, rows > 0 else { return }
        document.beginGroup("shape-rendering=\"crispEdges\" class=\"cells\"")
        for row in 0..<rows {
            var column = 0
            while column < columns {
                let index = indices[column][row]
                var runEnd = column + 1
                while runEnd < columns && indices[runEnd][row] == index { runEnd += 1 }
                let x = xPixels[column]
                let y = yPixels[row + 1]
                document.rect(
                    x: x, y: y, width: xPixels[runEnd] - x, height: yPixels[row] - y,
                    fill: paletteColor(index, colorMap: colorMap).hexString)
                column = runEnd
            }
        }
        document.endGroup()
    }

    /// Draws the cells as one embedded palette PNG. A grid that is evenly spaced on screen
    /// gets one image pixel per cell; otherwise (e.g. log-spaced frequencies on a linear axis)
    /// the image has one pixel per screen pixel, each showing the cell under its centre.
    static func drawRaster(
        _ indices: [[UInt8]], xPixels: [Double], yPixels: [Double], colorMap: ColorMap,
        into document: inout SVGDocument
    ) {
        let cellColumns = xPixels.count - 1
        let cellRows = yPixels.count - 1
        guard cellColumns > 0, cellRows > 0 else { return }
        let columnCells = latticeCells(edges: xPixels)
        // Image rows run top to bottom: sample the y edges from the top (smallest pixel).
        let rowCells = latticeCells(edges: yPixels.reversed()).map { cellRows - 1 - $0 }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(columnCells.count * rowCells.count)
        for row in rowCells {
            for column in columnCells { pixels.append(indices[column][row]) }
        }
        let palette = (0...255).map { paletteColor(UInt8($0), colorMap: colorMap) }
        let png = PNGEncoder.palettePNG(
            width: columnCells.count, height: rowCells.count, indices: pixels, palette: palette)
        let left = min(xPixels[0], xPixels[cellColumns])
        let top = min(yPixels[0], yPixels[cellRows])
        document.addRaw(
            "<image x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" "
                + "width=\"\(svgNumber(abs(xPixels[cellColumns] - xPixels[0])))\" "
                + "height=\"\(svgNumber(abs(yPixels[cellRows] - yPixels[0])))\" "
                + "preserveAspectRatio=\"none\" image-rendering=\"pixelated\" "
                + "style=\"image-rendering:pixelated\" "
                + "xlink:href=\"data:image/png;base64,\(png.base64EncodedString())\"/>")
    }

    /// For ascending pixel `edges` of cells, the cell index of each image pixel along that
    /// axis: the cells themselves when they are evenly spaced, else one sample per screen
    /// pixel (at most 4000), each the cell containing the pixel's centre.
    static func latticeCells(edges: [Double]) -> [Int] {
        let cells = edges.count - 1
        if isUniform(edges) { return Array(0..<cells) }
        let low = min(edges[0], edges[cells])
        let high = max(edges[0], edges[cells])
        let ascending = edges[cells] >= edges[0]
        let count = min(max(Int((high - low).rounded()), 1), 4_000)
        func edge(_ index: Int) -> Double {
            ascending ? edges[index] : edges[cells - index]
        }
        var result: [Int] = []
        result.reserveCapacity(count)
        var cell = 0
        for pixel in 0..<count {
            let center = low + (Double(pixel) + 0.5) * (high - low) / Double(count)
            // Walk the ascending edges; pixels are visited in increasing order.
            while cell < cells - 1 && edge(cell + 1) <= center { cell += 1 }
            result.append(ascending ? cell : cells - 1 - cell)
        }
        return result
    }

    // MARK: - Gaps

    /// Hatched grey bands over the time spans without data, each with a `<title>` tooltip.
    static func drawGaps(
        _ gaps: [Range<Seconds>], frame: ChartFrame, into document: inout SVGDocument
    ) {
        let visible = gaps.compactMap { gap -> (Double, Double, Range<Seconds>)? in
            guard let left = frame.xAxis.clampedPosition(of: gap.lowerBound),
                let right = frame.xAxis.clampedPosition(of: gap.upperBound), right > left
            else { return nil }
            return (left, right, gap)
        }
        guard !visible.isEmpty else { return }
        let pattern = document.makeIdentifier("gap-hatch")
        document.addDefinition(
            "<pattern id=\"\(pattern)\" width=\"6\" height=\"6\" "
                + "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#e6e6e6\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b0b0b0\" "
                + "stroke-width=\"2\"/></pattern>")
        document.beginGroup("class=\"gaps\"")
        for (left, right, gap) in visible {
            document.addRaw(
                "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(frame.plotTop))\" "
                    + "width=\"\(svgNumber(right - left))\" "
                    + "height=\"\(svgNumber(frame.plotHeight))\" fill=\"url(#\(pattern))\">"
                    + "<title>no data (gap) \(svgNumber(gap.lowerBound))–"
                    + "\(svgNumber(gap.upperBound)) s</title></rect>")
        }
        document.endGroup()
    }

    // MARK: - Episodes

    static func episodeBand(_ event: RhythmEvent) -> FrequencyBand? {
        (try? Rhythm(parsing: event.rhythm))?.band
    }

    static func drawEpisodeBoxes(
        _ episodes: [RhythmEvent], frame: ChartFrame, into document: inout SVGDocument
    ) {
        guard !episodes.isEmpty else { return }
        document.beginGroup("class=\"episodes\" fill=\"none\"")
        for event in episodes {
            guard let left = frame.xAxis.position(of: event.onset),
                let right = frame.xAxis.position(of: event.end), right > left
            else { continue }
            var top = frame.plotTop
            var bottom = frame.plotBottom
            if let band = episodeBand(event),
                let high = frame.yAxis.clampedPosition(of: band.high),
                let low = frame.yAxis.clampedPosition(of: max(band.low, frame.yAxis.low))
            {
                top = high
                bottom = low
            }
            for (color, width, dash) in [("#000000", 2.6, "none"), ("#ffffff", 1.4, "5 3")] {
                document.rect(
                    x: left, y: top, width: right - left, height: bottom - top, fill: "none",
                    stroke: color, strokeWidth: width, extra: "stroke-dasharray=\"\(dash)\"")
            }
        }
        document.endGroup()
    }

    static func drawEpisodeStrip(
        _ episodes: [RhythmEvent], frame: ChartFrame, into document: inout SVGDocument
    ) {
        guard !episodes.isEmpty else { return }
        let y = frame.plotTop - 18
        document.text(
            "episodes", x: frame.plotLeft - 6, y: y + 4, anchor: .end, baseline: .central,
            size: 10, fill: ChartStyle.mutedText)
        document.beginGroup("class=\"episode-strip\"")
        for event in episodes {
            guard let left = frame.xAxis.clampedPosition(of: event.onset),
                let right = frame.xAxis.clampedPosition(of: event.end), right > left
            else { continue }
            document.rect(
                x: left, y: y, width: max(right - left, 1.5), height: 8, fill: "#d95f02")
        }
        document.endGroup()
    }
}

// MARK: - Colour bar

/// A vertical colour bar with dB ticks and a rotated title, to the right of a heatmap.
struct ColorBar {
    static let panelWidth = 96.0
    static let barWidth = 14.0

    let low: Double
    let high: Double
    let title: String
    let colorMap: ColorMap

    func draw(into document: inout SVGDocument, left: Double, top: Double, height: Double) {
        let identifier = document.makeIdentifier("colorbar")
        var gradient = "<linearGradient id=\"\(identifier)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        let stops = 32
        for stop in 0...stops {
            let fraction = Double(stop) / Double(stops)
            gradient += "<stop offset=\"\(svgNumber(fraction, decimals: 4))\" "
                + "stop-color=\"\(colorMap.color(at: fraction).hexString)\"/>"
        }
        gradient += "</linearGradient>"
        document.addDefinition(gradient)
        document.beginGroup("class=\"colorbar\"")
        document.rect(
            x: left, y: top, width: Self.barWidth, height: height, fill: "url(#\(identifier))",
            stroke: ChartStyle.axisColor, strokeWidth: 0.8)
        let ticks = TickGenerator.linearTicks(
            low: low, high: high, targetCount: max(2, Int(height / 45)))
        for tick in ticks {
            guard let label = tick.label else { continue }
            let y = top + height - (tick.value - low) / (high - low) * height
            document.line(
                x1: left + Self.barWidth, y1: y, x2: left + Self.barWidth + 4, y2: y,
                stroke: ChartStyle.axisColor)
            document.text(
                label, x: left + Self.barWidth + 7, y: y, baseline: .central,
                size: ChartStyle.tickFontSize, fill: ChartStyle.textColor)
        }
        let titleX = left + Self.panelWidth - 22
        document.text(
            title, x: titleX, y: top + height / 2, anchor: .middle, baseline: .central,
            size: ChartStyle.axisTitleFontSize - 0.5, fill: ChartStyle.textColor, rotation: -90)
        document.endGroup()
    }
}

// MARK: - Grid reduction

/// The part of a spectrogram that is drawn, with neighbouring columns and rows averaged (in
/// linear power) when there are more than the limits.
struct HeatmapGrid {
    var times: [Seconds]
    var frequencies: [Hertz]
    /// Cell boundaries in seconds (one more than `times`).
    var timeEdges: [Seconds]
    /// Cell boundaries in Hz (one more than `frequencies`).
    var frequencyEdges: [Hertz]
    /// `power[column][row]`.
    var power: [[Double]]

    /// Averages groups of neighbouring cells; `timeEdges` and `frequencyEdges` are the edges of
    /// the selected full-resolution cells, so averaged cells keep exact outer boundaries.
    static func averaged(
        _ spectrogram: Spectrogram, timeIndices: [Int], frequencyIndices: [Int],
        timeEdges: [Seconds], frequencyEdges: [Hertz], maximumColumns: Int, maximumRows: Int
    ) -> HeatmapGrid {
        let timeGroups = groups(timeIndices.count, limit: maximumColumns)
        let frequencyGroups = groups(frequencyIndices.count, limit: maximumRows)
        let times = timeGroups.map { group in
            group.map { spectrogram.times[timeIndices[$0]] }.reduce(0, +) / Double(group.count)
        }
        let frequencies = frequencyGroups.map { group in
            group.map { spectrogram.frequencies[frequencyIndices[$0]] }.reduce(0, +)
                / Double(group.count)
        }
        var power: [[Double]] = []
        power.reserveCapacity(timeGroups.count)
        for timeGroup in timeGroups {
            var column: [Double] = []
            column.reserveCapacity(frequencyGroups.count)
            for frequencyGroup in frequencyGroups {
                var sum = 0.0
                var count = 0
                for timePosition in timeGroup {
                    let row = spectrogram.power[timeIndices[timePosition]]
                    for frequencyPosition in frequencyGroup {
                        let value = row[frequencyIndices[frequencyPosition]]
                        guard value.isFinite else { continue }
                        sum += value
                        count += 1
                    }
                }
                column.append(count > 0 ? sum / Double(count) : .nan)
            }
            power.append(column)
        }
        return HeatmapGrid(
            times: times, frequencies: frequencies,
            timeEdges: groupEdges(timeGroups, edges: timeEdges),
            frequencyEdges: groupEdges(frequencyGroups, edges: frequencyEdges), power: power)
    }

    /// Consecutive groups of at most ⌈count / limit⌉ positions `0..<count`.
    static func groups(_ count: Int, limit: Int) -> [Range<Int>] {
        let size = max(1, (count + limit - 1) / max(limit, 1))
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    static func groupEdges(_ groups: [Range<Int>], edges: [Double]) -> [Double] {
        groups.map { edges[$0.lowerBound] } + [edges[edges.count - 1]]
    }
}
