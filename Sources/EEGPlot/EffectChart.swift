import EEGCore
import Foundation

/// One effect to draw: a change with its interval, e.g. a channel's band-power change in dB.
public struct EffectPoint: Sendable, Equatable {
    /// The group label on the horizontal axis (e.g. the channel).
    public let label: String
    /// The series (e.g. the band); one colour per distinct series, in order of appearance.
    public let series: String
    /// The change, in the chart's unit.
    public let value: Double
    /// Lower end of the interval.
    public let low: Double
    /// Upper end of the interval.
    public let high: Double
    /// True when the effect is significant after correction (drawn filled, marked "*").
    public let significant: Bool

    /// Creates a point.
    public init(
        label: String, series: String, value: Double, low: Double, high: Double,
        significant: Bool
    ) {
        self.label = label
        self.series = series
        self.value = value
        self.low = low
        self.high = high
        self.significant = significant
    }
}

/// A chart of effects with intervals: one column per label, one dot and error bar per series,
/// filled and starred where significant, open otherwise; a line marks zero.
///
/// ```swift
/// let svg = try EffectChart.svg(points, unit: "dB", title: "ketamine vs baseline")
/// ```
public enum EffectChart {
    /// Renders the chart.
    /// - Parameters:
    ///   - points: The effects, in drawing order (labels keep their first-appearance order).
    ///   - unit: The value unit for the axis title (e.g. `dB`).
    ///   - title: The picture title.
    ///   - note: A line under the title (e.g. the correction used).
    /// - Returns: A complete, deterministic SVG document.
    /// - Throws: ``PlotError/noData(what:)`` when no point has a finite value.
    public static func svg(
        _ points: [EffectPoint], unit: String, title: String, note: String = ""
    ) throws -> String {
        let finite = points.filter { $0.value.isFinite }
        guard !finite.isEmpty else { throw PlotError.noData(what: "effects") }
        var labels: [String] = []
        var series: [String] = []
        for point in points {
            if !labels.contains(point.label) { labels.append(point.label) }
            if !series.contains(point.series) { series.append(point.series) }
        }
        let width = max(480, 120 + Double(labels.count) * max(28, 14 * Double(series.count)))
        let height = 420.0
        let left = 70.0
        let right = 20.0
        let top = note.isEmpty ? 50.0 : 66.0
        let bottom = 70.0
        let values = finite.flatMap { [$0.value, $0.low, $0.high] }.filter(\.isFinite) + [0]
        let domain = TickGenerator.niceDomain(
            low: values.min() ?? -1, high: values.max() ?? 1, targetCount: 6)
        let ticks = TickGenerator.linearTicks(low: domain.low, high: domain.high, targetCount: 6)
        func y(_ value: Double) -> Double {
            top + (domain.high - value) / (domain.high - domain.low) * (height - top - bottom)
        }
        let columnWidth = (width - left - right) / Double(labels.count)
        var document = try SVGDocument(width: width, height: height, title: title)
        document.text(title, x: width / 2, y: 22, anchor: .middle, size: 15, weight: .bold)
        if !note.isEmpty {
            document.text(note, x: width / 2, y: 42, anchor: .middle, size: 11, fill: "#555555")
        }
        for tick in ticks where tick.isMajor {
            document.line(
                x1: left, y1: y(tick.value), x2: width - right, y2: y(tick.value),
                stroke: "#e6e6e6")
            document.text(
                tick.label ?? "", x: left - 6, y: y(tick.value), anchor: .end,
                baseline: .central, size: 11)
        }
        document.line(
            x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: "#444444", strokeWidth: 1.2)
        document.text(
            "Change (\(unit))", x: 18, y: (top + height - bottom) / 2, anchor: .middle, size: 12,
            rotation: -90)
        for (column, label) in labels.enumerated() {
            let center = left + (Double(column) + 0.5) * columnWidth
            document.text(
                label, x: center, y: height - bottom + 16, anchor: .middle, size: 11)
            let members = points.filter { $0.label == label }
            for point in members where point.value.isFinite {
                let index = series.firstIndex(of: point.series) ?? 0
                let offset = (Double(index) - Double(series.count - 1) / 2)
                    * min(12, columnWidth / Double(series.count + 1))
                let x = center + offset
                let color = CategoricalPalette.color(at: index).hexString
                if point.low.isFinite, point.high.isFinite {
                    document.line(
                        x1: x, y1: y(point.low), x2: x, y2: y(point.high), stroke: color,
                        strokeWidth: 1.5)
                }
                document.circle(
                    centerX: x, centerY: y(point.value), radius: 4,
                    fill: point.significant ? color : "#ffffff", stroke: color, strokeWidth: 1.5)
                if point.significant {
                    document.text(
                        "*", x: x, y: y(max(point.value, point.high.isFinite ? point.high : 0)) - 4,
                        anchor: .middle, size: 14, weight: .bold, fill: color)
                }
            }
        }
        var legendX = left
        for (index, name) in series.enumerated() {
            let color = CategoricalPalette.color(at: index).hexString
            document.circle(
                centerX: legendX + 5, centerY: height - 22, radius: 4, fill: color, stroke: color)
            document.text(name, x: legendX + 14, y: height - 22, baseline: .central, size: 11)
            legendX += 24 + 7 * Double(name.count)
        }
        document.text(
            "filled, *: corrected p < 0.05; open: not significant; bars: 95 % interval",
            x: width - right, y: height - 22, anchor: .end, baseline: .central, size: 10,
            fill: "#555555")
        return document.rendered()
    }
}
