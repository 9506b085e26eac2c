import EEGCore
import Foundation

// MARK: - Options

/// Whether bars show absolute band power or each band's share of the total.
public enum BandPowerKind: Sendable, Equatable {
    /// Absolute power in unit² (e.g. `uV` gives an axis titled `Band power (µV²)`).
    case absolute(unit: String)
    /// Relative power: values are fractions (0–1) and are shown in percent.
    case relative
}

/// Appearance of a band power bar chart. Defaults: 760 × 400 px, absolute power in µV² on a
/// linear axis.
public struct BandPowerChartOptions: Sendable, Equatable {
    /// Picture width in px (default 760).
    public var width: Double
    /// Picture height in px (default 400).
    public var height: Double
    /// Title; empty for none.
    public var title: String
    /// Absolute or relative values (default `.absolute(unit: "uV")`).
    public var kind: BandPowerKind
    /// Value axis scale (default `.linear`; `.logarithmic` helps when bands differ by decades).
    public var valueScale: AxisScale

    /// Creates options; every parameter has the default documented on its property.
    public init(
        width: Double = 760, height: Double = 400, title: String = "",
        kind: BandPowerKind = .absolute(unit: "uV"), valueScale: AxisScale = .linear
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.kind = kind
        self.valueScale = valueScale
    }
}

// MARK: - Chart

/// Grouped bar charts of band power: one group per channel, one bar per band.
///
/// ```swift
/// let svg = try BandPowerChart.svg(
///     channels: ["Fz", "Pz"], bands: ["delta", "alpha"], values: [[12, 3], [9, 7]])
/// ```
public enum BandPowerChart {
    /// Renders the chart as an SVG picture.
    /// - Parameters:
    ///   - channels: Group labels, one per channel.
    ///   - bands: Bar labels (legend), one per band, coloured in palette order.
    ///   - values: `values[channel][band]`: unit² for `.absolute`, fractions for `.relative`.
    ///     Non-finite values (and ≤ 0 on a log axis) leave a gap.
    ///   - options: Appearance.
    /// - Returns: A complete SVG document.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` when the table's shape
    ///   does not match the labels or the size is invalid; ``PlotError/noData(what:)`` when no
    ///   value can be drawn.
    public static func svg(
        channels: [String], bands: [String], values: [[Double]],
        options: BandPowerChartOptions = BandPowerChartOptions()
    ) throws -> String {
        try PlotValidation.requireSize(width: options.width, height: options.height)
        guard values.count == channels.count else {
            throw PlotError.invalidParameter(
                name: "band power rows", value: "\(values.count)",
                expected: "one per channel (\(channels.count))")
        }
        for (index, row) in values.enumerated() where row.count != bands.count {
            throw PlotError.invalidParameter(
                name: "band power row \(index)", value: "\(row.count) values",
                expected: "one per band (\(bands.count))")
        }
        let isRelative = options.kind == .relative
        let logScale = options.valueScale == .logarithmic
        let shown = values.map { row in row.map { isRelative ? $0 * 100 : $0 } }
        guard let extent = DomainPadding.extent(of: shown.flatMap { $0 }, positiveOnly: logScale)
        else {
            throw PlotError.noData(
                what: "no finite\(logScale ? ", positive" : "") band power values")
        }
        var domain = DomainPadding.padded(extent, scale: options.valueScale, includeZero: true)
        if isRelative && !logScale && extent.high <= 100 && extent.low >= 0 {
            domain = (0, max(domain.high, 10) > 100 ? 100 : domain.high)
        }
        let valueTitle: String
        switch options.kind {
        case let .absolute(unit):
            let display = UnitLabel.display(unit)
            valueTitle = UnitLabel.title(
                "Band power", unit: display.isEmpty ? "unit²" : UnitLabel.power(
                    of: unit, scaling: .spectrum))
        case .relative:
            valueTitle = "Relative power (%)"
        }
        let legend = Legend(entries: bands.enumerated().map { index, band in
            LegendEntry(
                label: band,
                symbol: .swatch(
                    fill: CategoricalPalette.color(at: index).hexString, opacity: 1,
                    stroke: nil, dash: nil))
        })
        let categoryTicks = channels.enumerated().map { index, channel in
            Tick(value: Double(index) + 0.5, label: TextMetrics.truncated(channel, limit: 16))
        }
        let titleHeight = options.title.isEmpty ? 12.0 : 34.0
        let frame = try ChartFrame.make(
            width: options.width, height: options.height, title: options.title,
            x: AxisSpec(
                scale: .linear, low: 0, high: Double(max(channels.count, 1)), title: "Channel",
                labelSpacing: 60),
            y: AxisSpec(
                scale: options.valueScale, low: domain.low, high: domain.high,
                title: valueTitle, labelSpacing: 45),
            rightPanel: legend.panelWidth(plotHeight: options.height - titleHeight - 70),
            xCategoryLabels: categoryTicks)

        var document = try SVGDocument(
            width: options.width, height: options.height,
            title: options.title.isEmpty ? "Band power" : options.title)
        frame.drawBackground(into: &document, verticalGrid: false)
        let clip = frame.addClip(to: &document)
        document.beginGroup(clip + " class=\"bars\"")
        let slot = frame.plotWidth / Double(max(channels.count, 1))
        let groupWidth = slot * 0.8
        let barWidth = groupWidth / Double(max(bands.count, 1))
        let baseline = frame.plotBottom
        for (channelIndex, row) in shown.enumerated() {
            let groupLeft = frame.plotLeft + slot * Double(channelIndex) + (slot - groupWidth) / 2
            for (bandIndex, value) in row.enumerated() {
                guard let top = frame.yAxis.position(of: value) else { continue }
                let zero = logScale ? baseline : (frame.yAxis.position(of: 0) ?? baseline)
                let x = groupLeft + barWidth * Double(bandIndex)
                document.rect(
                    x: x, y: min(top, zero), width: max(barWidth - (barWidth > 4 ? 1 : 0), 0.5),
                    height: abs(zero - top),
                    fill: CategoricalPalette.color(at: bandIndex).hexString,
                    extra: "data-channel=\"\(escapedAttribute(channels[channelIndex]))\" "
                        + "data-band=\"\(escapedAttribute(bands[bandIndex]))\"")
            }
        }
        document.endGroup()
        frame.drawAxes(into: &document, xTickMarks: false)
        legend.draw(
            into: &document, left: frame.plotRight + 14, top: frame.plotTop,
            height: frame.plotHeight)
        return document.rendered()
    }
}
