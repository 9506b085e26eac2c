import EEGCore
import Foundation

// MARK: - Data and options

/// One line on a time-course plot, e.g. a band's power or amplitude envelope over time.
public struct TimeSeries: Sendable, Equatable {
    /// Legend text (e.g. `Pz 2–4 Hz envelope`); empty for none.
    public var label: String
    /// Times in seconds from the start of the recording.
    public var times: [Seconds]
    /// Values at those times (non-finite values leave gaps).
    public var values: [Double]
    /// Line colour; `nil` for the palette colour of the series' position.
    public var color: RGBColor?

    /// Creates a series.
    public init(label: String, times: [Seconds], values: [Double], color: RGBColor? = nil) {
        self.label = label
        self.times = times
        self.values = values
        self.color = color
    }

    /// A series sampled uniformly from `start` every `1 / sampleRate` seconds.
    public init(
        label: String, values: [Double], sampleRate: Hertz, start: Seconds = 0,
        color: RGBColor? = nil
    ) {
        self.init(
            label: label, times: values.indices.map { start + Double($0) / sampleRate },
            values: values, color: color)
    }
}

/// A horizontal reference line such as a detection threshold.
public struct ReferenceLine: Sendable, Equatable {
    /// The value in the series' unit.
    public var value: Double
    /// Label written at the right end of the line.
    public var label: String

    /// Creates a reference line.
    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// Appearance of a time-course plot. Defaults: 820 × 320 px, linear value axis titled
/// `Power`.
public struct TimeCoursePlotOptions: Sendable, Equatable {
    /// Picture width in px (default 820).
    public var width: Double
    /// Picture height in px (default 320).
    public var height: Double
    /// Title; empty for none.
    public var title: String
    /// Value axis title without unit (default `Power`).
    public var valueTitle: String
    /// Unit of the values as printed in the axis title (e.g. `µV²`, `µV`); empty for none.
    public var valueUnit: String
    /// Value axis scale (default `.linear`).
    public var valueScale: AxisScale
    /// Times shown in seconds; `nil` for the series' extent.
    public var timeRange: ClosedRange<Seconds>?
    /// Horizontal reference lines (e.g. thresholds).
    public var referenceLines: [ReferenceLine]

    /// Creates options; every parameter has the default documented on its property.
    public init(
        width: Double = 820, height: Double = 320, title: String = "",
        valueTitle: String = "Power", valueUnit: String = "", valueScale: AxisScale = .linear,
        timeRange: ClosedRange<Seconds>? = nil, referenceLines: [ReferenceLine] = []
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.valueTitle = valueTitle
        self.valueUnit = valueUnit
        self.valueScale = valueScale
        self.timeRange = timeRange
        self.referenceLines = referenceLines
    }
}

// MARK: - Plot

/// Time courses of band power or envelopes with detected episodes shaded, true episodes
/// hatched, and annotations as vertical markers.
///
/// ```swift
/// let svg = try TimeCoursePlot.svg(
///     series: [TimeSeries(label: "Pz envelope", values: envelope, sampleRate: 256)],
///     detected: events, truth: truthEvents)
/// ```
public enum TimeCoursePlot {
    static let detectedColor = "#d95f02"
    static let truthColor = "#1b9e77"

    /// Renders the series as an SVG picture.
    /// - Parameters:
    ///   - series: Lines to draw (at least one drawable point overall).
    ///   - detected: Detected episodes, shaded orange over the full height.
    ///   - truth: Ground-truth episodes, hatched green with a dashed outline.
    ///   - annotations: Recording annotations, drawn as dashed vertical lines at their onsets
    ///     with their descriptions above the plot (skipped where they would overlap).
    ///   - options: Appearance.
    /// - Returns: A complete SVG document.
    /// - Throws: ``PlotError/noData(what:)`` when nothing can be drawn;
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for bad sizes, ranges, or series
    ///   whose times and values differ in length.
    public static func svg(
        series: [TimeSeries], detected: [RhythmEvent] = [], truth: [RhythmEvent] = [],
        annotations: [Annotation] = [],
        options: TimeCoursePlotOptions = TimeCoursePlotOptions()
    ) throws -> String {
        try PlotValidation.requireSize(width: options.width, height: options.height)
        try PlotValidation.requireRange(options.timeRange, name: "time range", positive: false)
        for line in series where line.times.count != line.values.count {
            throw PlotError.invalidParameter(
                name: "series '\(line.label)'",
                value: "\(line.times.count) times, \(line.values.count) values",
                expected: "as many times as values")
        }
        let logScale = options.valueScale == .logarithmic
        func visible(_ time: Seconds) -> Bool {
            time.isFinite && (options.timeRange?.contains(time) ?? true)
        }
        let drawable = series.flatMap { line in
            zip(line.times, line.values).filter {
                visible($0.0) && $0.1.isFinite && (!logScale || $0.1 > 0)
            }
        }
        guard !drawable.isEmpty else {
            throw PlotError.noData(
                what: series.isEmpty ? "no time series given"
                    : "no finite\(logScale ? ", positive" : "") values in the time range")
        }
        let timeExtent: (low: Double, high: Double)
        if let range = options.timeRange {
            timeExtent = (range.lowerBound, range.upperBound)
        } else {
            let times = drawable.map(\.0)
            let low = times.min() ?? 0
            let high = times.max() ?? 1
            timeExtent = high > low ? (low, high) : (low - 0.5, high + 0.5)
        }
        let references = options.referenceLines.map(\.value)
            .filter { $0.isFinite && (!logScale || $0 > 0) }
        guard let valueExtent = DomainPadding.extent(
            of: drawable.map(\.1) + references, positiveOnly: logScale)
        else { throw PlotError.noData(what: "no drawable values") }
        let valueDomain = DomainPadding.padded(
            valueExtent, scale: options.valueScale, includeZero: !logScale)

        var entries: [LegendEntry] = series.enumerated().compactMap { index, line in
            line.label.isEmpty ? nil : LegendEntry(
                label: line.label,
                symbol: .line(color: color(of: line, index: index), dash: nil, width: 2))
        }
        if !detected.isEmpty {
            entries.append(LegendEntry(
                label: "detected episodes",
                symbol: .swatch(fill: detectedColor, opacity: 0.25, stroke: nil, dash: nil)))
        }
        if !truth.isEmpty {
            entries.append(LegendEntry(
                label: "true episodes",
                symbol: .swatch(fill: "none", opacity: 1, stroke: truthColor, dash: "4 2")))
        }
        let legend = Legend(entries: entries)
        let titleHeight = options.title.isEmpty ? 12.0 : 34.0
        let annotationStrip = annotations.isEmpty ? 0.0 : 18.0
        let frame = try ChartFrame.make(
            width: options.width, height: options.height, title: options.title,
            x: AxisSpec(
                scale: .linear, low: timeExtent.low, high: timeExtent.high, title: "Time (s)",
                labelSpacing: 80),
            y: AxisSpec(
                scale: options.valueScale, low: valueDomain.low, high: valueDomain.high,
                title: UnitLabel.title(
                    options.valueTitle, unit: UnitLabel.display(options.valueUnit)),
                labelSpacing: 40),
            topStrip: annotationStrip,
            rightPanel: legend.panelWidth(
                plotHeight: options.height - titleHeight - annotationStrip - 60))

        var document = try SVGDocument(
            width: options.width, height: options.height,
            title: options.title.isEmpty ? "Time course" : options.title)
        frame.drawBackground(into: &document)
        let clip = frame.addClip(to: &document)
        document.beginGroup(clip)
        drawEpisodes(detected, truth: truth, frame: frame, into: &document)
        for (index, line) in series.enumerated() {
            let points = zip(line.times, line.values).filter { visible($0.0) }
            for segment in PolylineBuilder.segments(
                xs: points.map(\.0), ys: points.map(\.1), xAxis: frame.xAxis,
                yAxis: frame.yAxis)
            {
                document.polyline(
                    segment, stroke: color(of: line, index: index), strokeWidth: 1.2,
                    extra: channelAttribute(line.label))
            }
        }
        drawReferenceLines(options.referenceLines, frame: frame, into: &document)
        document.endGroup()
        drawAnnotations(annotations, frame: frame, into: &document)
        frame.drawAxes(into: &document)
        legend.draw(
            into: &document, left: frame.plotRight + 14, top: frame.plotTop,
            height: frame.plotHeight)
        return document.rendered()
    }

    static func color(of series: TimeSeries, index: Int) -> String {
        (series.color ?? CategoricalPalette.color(at: index)).hexString
    }

    static func drawEpisodes(
        _ detected: [RhythmEvent], truth: [RhythmEvent], frame: ChartFrame,
        into document: inout SVGDocument
    ) {
        func span(_ event: RhythmEvent) -> (Double, Double)? {
            guard let left = frame.xAxis.clampedPosition(of: event.onset),
                let right = frame.xAxis.clampedPosition(of: event.end),
                event.end > frame.xAxis.low, event.onset < frame.xAxis.high
            else { return nil }
            return (left, max(right, left + 1))
        }
        if !detected.isEmpty {
            document.beginGroup("class=\"detected\"")
            for event in detected {
                guard let (left, right) = span(event) else { continue }
                document.rect(
                    x: left, y: frame.plotTop, width: right - left, height: frame.plotHeight,
                    fill: detectedColor, opacity: 0.2)
            }
            document.endGroup()
        }
        if !truth.isEmpty {
            let hatch = document.makeIdentifier("hatch")
            document.addDefinition(
                "<pattern id=\"\(hatch)\" width=\"6\" height=\"6\" "
                    + "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                    + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(truthColor)\" "
                    + "stroke-width=\"1.5\" stroke-opacity=\"0.45\"/></pattern>")
            document.beginGroup("class=\"truth\"")
            for event in truth {
                guard let (left, right) = span(event) else { continue }
                document.rect(
                    x: left, y: frame.plotTop + 1, width: right - left,
                    height: frame.plotHeight - 2, fill: "url(#\(hatch))", stroke: truthColor,
                    strokeWidth: 1.2, extra: "stroke-dasharray=\"4 2\"")
            }
            document.endGroup()
        }
    }

    static func drawReferenceLines(
        _ lines: [ReferenceLine], frame: ChartFrame, into document: inout SVGDocument
    ) {
        for line in lines {
            guard let y = frame.yAxis.position(of: line.value) else { continue }
            document.line(
                x1: frame.plotLeft, y1: y, x2: frame.plotRight, y2: y, stroke: "#7570b3",
                strokeWidth: 1.2, dash: "6 3")
            document.text(
                line.label, x: frame.plotRight - 4, y: y - 4, anchor: .end, size: 10.5,
                fill: "#7570b3",
                extra: "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"")
        }
    }

    static func drawAnnotations(
        _ annotations: [Annotation], frame: ChartFrame, into document: inout SVGDocument,
        labelBaseline: Double? = nil
    ) {
        guard !annotations.isEmpty else { return }
        document.beginGroup("class=\"annotations\"")
        var occupiedUntil = -Double.infinity
        let ordered = annotations.enumerated().sorted {
            ($0.element.onset, $0.offset) < ($1.element.onset, $1.offset)
        }
        for (_, annotation) in ordered {
            guard frame.xAxis.contains(annotation.onset),
                let x = frame.xAxis.position(of: annotation.onset)
            else { continue }
            document.line(
                x1: x, y1: frame.plotTop - 4, x2: x, y2: frame.plotBottom, stroke: "#444444",
                strokeWidth: 1.2, dash: "4 3")
            let label = TextMetrics.truncated(annotation.description, limit: 18)
            let width = TextMetrics.width(of: label, size: 10)
            guard x + 3 > occupiedUntil, x + 3 + width <= frame.width - 2 else { continue }
            document.text(
                label, x: x + 3, y: labelBaseline ?? frame.plotTop - 6, size: 10,
                fill: ChartStyle.mutedText)
            occupiedUntil = x + 3 + width + 6
        }
        document.endGroup()
    }
}
