import EEGCore
import Foundation

/// Appearance of an episode raster. Defaults: 820 px wide, 26 px per channel row.
public struct EpisodeRasterOptions: Sendable, Equatable {
    /// Picture width in px (default 820).
    public var width: Double
    /// Height of one channel row in px (default 26).
    public var rowHeight: Double
    /// Title; empty for none.
    public var title: String
    /// Times shown in seconds (usually the recording's extent).
    public var timeRange: ClosedRange<Seconds>

    /// Creates options; every parameter has the default documented on its property.
    public init(
        width: Double = 820, rowHeight: Double = 26, title: String = "",
        timeRange: ClosedRange<Seconds>
    ) {
        self.width = width
        self.rowHeight = rowHeight
        self.title = title
        self.timeRange = timeRange
    }
}

/// Episodes per channel as a raster: one row per channel, time across; detected episodes as
/// solid orange bars and, when a ground truth is given, true episodes as green outlined bars in
/// the upper half of the row, so the two never cover each other. Annotations (e.g. the
/// condition spans) are dashed vertical markers labelled above the plot; the legend sits in
/// the right panel.
///
/// ```swift
/// let svg = try EpisodeRaster.svg(
///     channels: ["Pz", "Oz"], detected: events, truth: truthEvents,
///     options: EpisodeRasterOptions(timeRange: 0...120))
/// ```
public enum EpisodeRaster {
    /// Renders the raster.
    /// - Parameters:
    ///   - channels: Row labels from top to bottom; events on other channels are ignored.
    ///   - detected: Detected episodes.
    ///   - truth: Ground-truth episodes, or empty (then detected bars fill the row).
    ///   - annotations: Markers at their onsets.
    ///   - options: Appearance.
    /// - Returns: A complete SVG document.
    /// - Throws: ``PlotError/noData(what:)`` without channels;
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for bad sizes or ranges.
    public static func svg(
        channels: [String], detected: [RhythmEvent], truth: [RhythmEvent] = [],
        annotations: [Annotation] = [], options: EpisodeRasterOptions
    ) throws -> String {
        guard !channels.isEmpty else { throw PlotError.noData(what: "no channels given") }
        try PlotValidation.requireRange(options.timeRange, name: "time range", positive: false)
        try PlotValidation.requireFinitePositive(options.rowHeight, name: "row height")
        let rows = Double(channels.count)
        // Row i (from the top) spans [rows - i - 1, rows - i] on the y axis.
        let labels = channels.enumerated().map {
            Tick(value: rows - Double($0.offset) - 0.5, label: $0.element)
        }
        var entries = [LegendEntry(
            label: "detected",
            symbol: .swatch(
                fill: TimeCoursePlot.detectedColor, opacity: 0.85, stroke: nil, dash: nil))]
        if !truth.isEmpty {
            entries.append(LegendEntry(
                label: "true (synthesis)",
                symbol: .swatch(
                    fill: "none", opacity: 1, stroke: TimeCoursePlot.truthColor, dash: nil)))
        }
        let legend = Legend(entries: entries)
        let titleHeight = options.title.isEmpty ? 12.0 : 34.0
        let strip = annotations.isEmpty ? 0.0 : 18.0
        let height = titleHeight + strip + rows * options.rowHeight + 70
        let frame = try ChartFrame.make(
            width: options.width, height: height, title: options.title,
            x: AxisSpec(
                scale: .linear, low: options.timeRange.lowerBound,
                high: options.timeRange.upperBound, title: "Time (s)", labelSpacing: 80),
            y: AxisSpec(scale: .linear, low: 0, high: rows, title: "", labelSpacing: 20),
            topStrip: strip, rightPanel: legend.panelWidth(plotHeight: max(60, rows * 26)),
            yCategoryLabels: labels)
        var document = try SVGDocument(
            width: options.width, height: height,
            title: options.title.isEmpty ? "Episodes" : options.title)
        frame.drawBackground(into: &document, verticalGrid: true)
        let clip = frame.addClip(to: &document)
        document.beginGroup(clip)
        for (index, channel) in channels.enumerated() {
            guard let top = frame.yAxis.position(of: rows - Double(index)),
                let bottom = frame.yAxis.position(of: rows - Double(index) - 1)
            else { continue }
            let rowHeight = bottom - top
            if index > 0 {
                document.line(
                    x1: frame.plotLeft, y1: top, x2: frame.plotRight, y2: top,
                    stroke: "#d8dee4", strokeWidth: 1)
            }
            let split = truth.isEmpty ? top + 0.15 * rowHeight : top + 0.5 * rowHeight
            document.beginGroup("class=\"detected\" data-channel=\"\(escapedAttribute(channel))\"")
            for event in detected where event.channel == channel {
                guard let (left, right) = span(event, frame: frame) else { continue }
                document.rect(
                    x: left, y: split + 1, width: right - left,
                    height: bottom - split - 0.15 * rowHeight - 1,
                    fill: TimeCoursePlot.detectedColor, opacity: 0.85)
            }
            document.endGroup()
            guard !truth.isEmpty else { continue }
            document.beginGroup("class=\"truth\" data-channel=\"\(escapedAttribute(channel))\"")
            for event in truth where event.channel == channel {
                guard let (left, right) = span(event, frame: frame) else { continue }
                document.rect(
                    x: left, y: top + 0.15 * rowHeight, width: right - left,
                    height: split - top - 0.15 * rowHeight - 1, fill: "#ffffff",
                    stroke: TimeCoursePlot.truthColor, strokeWidth: 1.4)
            }
            document.endGroup()
        }
        document.endGroup()
        TimeCoursePlot.drawAnnotations(annotations, frame: frame, into: &document)
        frame.drawAxes(into: &document)
        legend.draw(
            into: &document, left: frame.plotRight + 14, top: frame.plotTop,
            height: frame.plotHeight)
        return document.rendered()
    }

    static func span(_ event: RhythmEvent, frame: ChartFrame) -> (Double, Double)? {
        guard event.end > frame.xAxis.low, event.onset < frame.xAxis.high,
            let left = frame.xAxis.clampedPosition(of: event.onset),
            let right = frame.xAxis.clampedPosition(of: event.end)
        else { return nil }
        return (left, max(right, left + 1.5))
    }
}
