import EEGCore
import Foundation

// MARK: - Options and overlays

/// Appearance of a PSD plot. The defaults give a semi-log plot (linear frequency, log power)
/// of 720 × 440 px without band shading.
public struct PSDPlotOptions: Sendable, Equatable {
    /// Picture width in px (default 720).
    public var width: Double
    /// Picture height in px (default 440).
    public var height: Double
    /// Title above the plot; empty for none.
    public var title: String
    /// Frequency axis scale: `.linear` (semi-log plot, default) or `.logarithmic` (log-log).
    public var frequencyScale: AxisScale
    /// Power axis scale (default `.logarithmic`).
    public var powerScale: AxisScale
    /// The frequency range shown, in Hz; `nil` for the data's range (above 0 Hz on a log axis).
    public var frequencyRange: ClosedRange<Hertz>?
    /// Bands to shade, with their names above the plot (e.g. `FrequencyBand.standard`).
    public var bands: [FrequencyBand]
    /// Whether to draw a legend to the right of the plot (default `true`; it is left out for a
    /// single unlabelled spectrum).
    public var showsLegend: Bool
    /// Width of the spectrum lines in px (default 1.5).
    public var lineWidth: Double
    /// Overrides the power axis title (default `PSD (µV²/Hz)` from the spectrum's unit).
    public var powerTitle: String?
    /// When set, all curves share this one legend entry (drawn dark grey with the first
    /// curve's dash) instead of one entry each, so that per-channel fits drawn in their
    /// channel's colour do not list every channel twice (default `nil`).
    public var sharedCurveLegend: String?

    /// Creates options; every parameter has the default documented on its property.
    public init(
        width: Double = 720, height: Double = 440, title: String = "",
        frequencyScale: AxisScale = .linear, powerScale: AxisScale = .logarithmic,
        frequencyRange: ClosedRange<Hertz>? = nil, bands: [FrequencyBand] = [],
        showsLegend: Bool = true, lineWidth: Double = 1.5, powerTitle: String? = nil,
        sharedCurveLegend: String? = nil
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.frequencyScale = frequencyScale
        self.powerScale = powerScale
        self.frequencyRange = frequencyRange
        self.bands = bands
        self.showsLegend = showsLegend
        self.lineWidth = lineWidth
        self.powerTitle = powerTitle
        self.sharedCurveLegend = sharedCurveLegend
    }
}

/// An extra curve on a PSD plot, such as a fitted aperiodic component, given as points in the
/// spectrum's units (Hz, unit²/Hz). EEGPlot draws it; computing it is the caller's job.
public struct PSDCurve: Sendable, Equatable {
    /// Legend text (e.g. `Cz aperiodic fit`).
    public var label: String
    /// Frequencies in Hz.
    public var frequencies: [Hertz]
    /// Power in the spectrum's unit (not log10).
    public var power: [Double]
    /// Line colour; `nil` for dark grey.
    public var color: RGBColor?
    /// SVG dash pattern (default `"7 4"`; `nil` for solid).
    public var dash: String?

    /// Creates a curve.
    public init(
        label: String, frequencies: [Hertz], power: [Double], color: RGBColor? = nil,
        dash: String? = "7 4"
    ) {
        self.label = label
        self.frequencies = frequencies
        self.power = power
        self.color = color
        self.dash = dash
    }
}

/// A marked spectral peak: a small triangle above the point with a label.
public struct PSDPeakMarker: Sendable, Equatable {
    /// Peak frequency in Hz.
    public var frequency: Hertz
    /// Power at the peak in the spectrum's unit (where the marker points).
    public var power: Double
    /// Label text; `nil` for the frequency (e.g. `10.2 Hz`).
    public var label: String?
    /// Marker colour; `nil` for dark red.
    public var color: RGBColor?

    /// Creates a marker.
    public init(frequency: Hertz, power: Double, label: String? = nil, color: RGBColor? = nil) {
        self.frequency = frequency
        self.power = power
        self.label = label
        self.color = color
    }
}

// MARK: - Plot

/// Power spectral density plots: one or more channels' spectra, optional fitted curves, peak
/// markers and shaded frequency bands.
///
/// ```swift
/// let svg = try PSDPlot.svg(
///     spectra: [spectrum], fits: [fitCurve],
///     options: PSDPlotOptions(frequencyScale: .logarithmic, bands: FrequencyBand.standard))
/// ```
public enum PSDPlot {
    /// Renders the spectra as an SVG picture.
    ///
    /// Points that cannot be shown (non-finite, or ≤ 0 on a log axis, such as 0 Hz on a log
    /// frequency axis) are skipped and break the line. The power axis spans the drawn spectra
    /// and curves inside the frequency range.
    /// - Parameters:
    ///   - spectra: The channels' spectra (Hz, unit²/Hz), drawn in palette colours in order.
    ///   - fits: Extra curves such as aperiodic fits, drawn dashed over the spectra.
    ///   - peaks: Peak markers.
    ///   - options: Appearance.
    /// - Returns: A complete SVG document.
    /// - Throws: ``PlotError/noData(what:)`` when no spectrum has a drawable point in range;
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for a bad size or range.
    public static func svg(
        spectra: [Spectrum], fits: [PSDCurve] = [], peaks: [PSDPeakMarker] = [],
        options: PSDPlotOptions = PSDPlotOptions()
    ) throws -> String {
        try PlotValidation.requireSize(width: options.width, height: options.height)
        try PlotValidation.requireRange(
            options.frequencyRange, name: "frequency range",
            positive: options.frequencyScale == .logarithmic)
        try PlotValidation.requireFinitePositive(options.lineWidth, name: "line width")
        let logFrequency = options.frequencyScale == .logarithmic
        let logPower = options.powerScale == .logarithmic
        func inFrequencyRange(_ frequency: Hertz) -> Bool {
            guard frequency.isFinite, !logFrequency || frequency > 0 else { return false }
            guard let range = options.frequencyRange else { return true }
            return range.contains(frequency)
        }
        func drawable(_ frequencies: [Hertz], _ power: [Double]) -> [(Hertz, Double)] {
            zip(frequencies, power).filter {
                inFrequencyRange($0.0) && $0.1.isFinite && (!logPower || $0.1 > 0)
            }
        }
        let spectrumPoints = spectra.map { drawable($0.frequencies, $0.power) }
        guard spectrumPoints.contains(where: { !$0.isEmpty }) else {
            throw PlotError.noData(
                what: spectra.isEmpty
                    ? "no spectra given"
                    : "no finite\(logPower ? ", positive" : "") power in the frequency range")
        }
        let curvePoints = fits.map { drawable($0.frequencies, $0.power) }
        let allPoints = (spectrumPoints + curvePoints).flatMap { $0 }
        let frequencyExtent: (low: Double, high: Double)
        if let range = options.frequencyRange {
            frequencyExtent = (range.lowerBound, range.upperBound)
        } else {
            let drawn = spectrumPoints.flatMap { $0 }.map(\.0)
            frequencyExtent = (drawn.min() ?? 1, drawn.max() ?? 2)
        }
        var xLow = frequencyExtent.low
        var xHigh = frequencyExtent.high
        if xHigh <= xLow {
            xLow = logFrequency ? xLow / 2 : xLow - 1
            xHigh = logFrequency ? xHigh * 2 : xHigh + 1
        }
        guard let powerExtent = DomainPadding.extent(
            of: allPoints.map(\.1), positiveOnly: logPower)
        else { throw PlotError.noData(what: "no drawable power values") }
        let yDomain = DomainPadding.padded(
            powerExtent, scale: options.powerScale, includeZero: !logPower)

        let unit = spectra.first?.unit ?? ""
        let scaling = spectra.first?.scaling ?? .density
        let powerTitle = options.powerTitle ?? UnitLabel.title(
            scaling == .density ? "PSD" : "Power",
            unit: UnitLabel.power(of: unit, scaling: scaling))

        // Legend: spectra (when labelled or several), then curves, then peaks.
        var entries: [LegendEntry] = []
        let labelledSpectra = spectra.count > 1 || !(spectra.first?.label.isEmpty ?? true)
        if labelledSpectra {
            for (index, spectrum) in spectra.enumerated() {
                entries.append(LegendEntry(
                    label: spectrum.label.isEmpty ? "channel \(index + 1)" : spectrum.label,
                    symbol: .line(
                        color: CategoricalPalette.color(at: index).hexString,
                        dash: CategoricalPalette.dash(at: index), width: 2)))
            }
        }
        if let shared = options.sharedCurveLegend, let first = fits.first {
            entries.append(LegendEntry(
                label: shared, symbol: .line(color: "#444444", dash: first.dash, width: 2)))
        }
        for curve in fits where !curve.label.isEmpty && options.sharedCurveLegend == nil {
            entries.append(LegendEntry(
                label: curve.label,
                symbol: .line(color: curveColor(curve), dash: curve.dash, width: 2)))
        }
        if !peaks.isEmpty {
            // One colour for all markers is shown as is; channel-coloured markers get grey.
            let colors = Set(peaks.map { peakColor($0.color) })
            let legendColor = colors.count == 1 ? colors.first ?? peakColor(nil) : "#555555"
            entries.append(LegendEntry(label: "peak", symbol: .marker(color: legendColor)))
        }
        let legend = Legend(entries: options.showsLegend ? entries : [])
        let bandStrip = options.bands.isEmpty ? 0.0 : 20.0
        let titleHeight = options.title.isEmpty ? 12.0 : 34.0
        let estimatedPlotHeight = options.height - titleHeight - bandStrip - 60
        let frame = try ChartFrame.make(
            width: options.width, height: options.height, title: options.title,
            x: AxisSpec(
                scale: options.frequencyScale, low: xLow, high: xHigh,
                title: "Frequency (Hz)", labelSpacing: 70),
            y: AxisSpec(
                scale: options.powerScale, low: yDomain.low, high: yDomain.high,
                title: powerTitle, labelSpacing: 45),
            topStrip: bandStrip,
            rightPanel: legend.panelWidth(plotHeight: estimatedPlotHeight))

        var document = try SVGDocument(
            width: options.width, height: options.height,
            title: options.title.isEmpty ? "Power spectral density" : options.title)
        frame.drawBackground(into: &document)
        let clip = frame.addClip(to: &document)
        drawBands(options.bands, frame: frame, into: &document)
        document.beginGroup(clip)
        for (index, spectrum) in spectra.enumerated() {
            let points = spectrumPoints[index]
            let segments = PolylineBuilder.segments(
                xs: points.map(\.0), ys: points.map(\.1), xAxis: frame.xAxis,
                yAxis: frame.yAxis)
            for segment in segments {
                document.polyline(
                    segment, stroke: CategoricalPalette.color(at: index).hexString,
                    strokeWidth: options.lineWidth, dash: CategoricalPalette.dash(at: index),
                    extra: channelAttribute(spectrum.label))
            }
        }
        for (index, curve) in fits.enumerated() {
            let points = curvePoints[index]
            for segment in PolylineBuilder.segments(
                xs: points.map(\.0), ys: points.map(\.1), xAxis: frame.xAxis,
                yAxis: frame.yAxis)
            {
                document.polyline(
                    segment, stroke: curveColor(curve), strokeWidth: options.lineWidth + 0.5,
                    dash: curve.dash)
            }
        }
        document.endGroup()
        drawPeaks(peaks, frame: frame, into: &document)
        frame.drawAxes(into: &document)
        legend.draw(
            into: &document, left: frame.plotRight + 14, top: frame.plotTop,
            height: frame.plotHeight)
        return document.rendered()
    }

    static func curveColor(_ curve: PSDCurve) -> String {
        curve.color?.hexString ?? "#444444"
    }

    static func peakColor(_ color: RGBColor?) -> String {
        color?.hexString ?? "#b2182b"
    }

    // MARK: - Bands

    /// Shades each band inside the plot and writes its name in the strip above the plot
    /// (a Greek letter for the standard bands when the name does not fit).
    static func drawBands(
        _ bands: [FrequencyBand], frame: ChartFrame, into document: inout SVGDocument
    ) {
        guard !bands.isEmpty else { return }
        document.beginGroup("class=\"bands\"")
        for (index, band) in bands.enumerated() {
            guard band.high > frame.xAxis.low, band.low < frame.xAxis.high,
                let left = frame.xAxis.clampedPosition(of: max(band.low, frame.xAxis.low)),
                let right = frame.xAxis.clampedPosition(of: band.high)
            else { continue }
            let width = right - left
            guard width > 0.5 else { continue }
            let tint = CategoricalPalette.bandTints[index % CategoricalPalette.bandTints.count]
            document.rect(
                x: left, y: frame.plotTop, width: width, height: frame.plotHeight,
                fill: tint.hexString, opacity: 0.75)
            if let label = fittingBandLabel(band.name, width: width) {
                document.text(
                    label, x: left + width / 2, y: frame.plotTop - 6, anchor: .middle,
                    size: 11, fill: ChartStyle.mutedText)
            }
        }
        document.endGroup()
    }

    static func fittingBandLabel(_ name: String, width: Double) -> String? {
        if TextMetrics.width(of: name, size: 11) + 4 <= width { return name }
        let greek = [
            "delta": "δ", "theta": "θ", "alpha": "α", "beta": "β", "gamma": "γ",
            "delta3": "δ₃", "sigma": "σ", "mu": "μ",
        ]
        if let short = greek[name.lowercased()], TextMetrics.width(of: short, size: 11) <= width {
            return short
        }
        return nil
    }

    // MARK: - Peaks

    static func drawPeaks(
        _ peaks: [PSDPeakMarker], frame: ChartFrame, into document: inout SVGDocument
    ) {
        guard !peaks.isEmpty else { return }
        document.beginGroup("class=\"peaks\"")
        let ordered = peaks.enumerated().sorted {
            ($0.element.frequency, $0.offset) < ($1.element.frequency, $1.offset)
        }
        // Markers first (all of them), then labels placed around every marker.
        var placed: [(x: Double, y: Double, tip: Double, peak: PSDPeakMarker)] = []
        for (_, peak) in ordered {
            guard let x = frame.xAxis.position(of: peak.frequency),
                let y = frame.yAxis.position(of: peak.power),
                x >= frame.plotLeft, x <= frame.plotRight, y >= frame.plotTop,
                y <= frame.plotBottom
            else { continue }
            let tip = max(y - 4, frame.plotTop + 9)
            var triangle = SVGPath()
            triangle.move(to: x - 5, tip - 9)
            triangle.line(to: x + 5, tip - 9)
            triangle.line(to: x, tip)
            triangle.close()
            document.path(
                triangle, fill: peakColor(peak.color), stroke: "#ffffff", strokeWidth: 0.8)
            placed.append((x, y, tip, peak))
        }
        var labels: [(left: Double, right: Double, y: Double)] = []
        for marker in placed {
            let label = marker.peak.label
                ?? "\(formatDecimal(marker.peak.frequency, decimals: 1)) Hz"
            let labelWidth = TextMetrics.width(of: label, size: 10.5)
            let left = min(max(marker.x - labelWidth / 2, frame.plotLeft + 2),
                           frame.plotRight - labelWidth - 2)
            // Above the marker, then higher, then below the point; a label that fits nowhere
            // is left out (its marker stays), so that labels never overlap.
            let candidates = [
                marker.tip - 13, marker.tip - 26, marker.tip - 39, marker.y + 18, marker.y + 31,
            ]
            let free = candidates.first { labelY in
                labelY - 10 >= frame.plotTop && labelY + 2 <= frame.plotBottom
                    && !labels.contains {
                        left < $0.right + 3 && left + labelWidth > $0.left - 3
                            && abs($0.y - labelY) < 12
                    }
                    && !placed.contains {
                        $0.x + 6 > left && $0.x - 6 < left + labelWidth
                            && labelY > $0.tip - 10 && labelY - 10 < $0.tip
                    }
            }
            guard let labelY = free else { continue }
            labels.append((left, left + labelWidth, labelY))
            document.text(
                label, x: left + labelWidth / 2, y: labelY, anchor: .middle, size: 10.5,
                weight: .bold, fill: peakColor(marker.peak.color),
                extra: "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"")
        }
        document.endGroup()
    }
}

/// A `data-channel` attribute naming the series, for readers of the SVG source.
func channelAttribute(_ label: String) -> String {
    label.isEmpty ? "" : "data-channel=\"\(escapedAttribute(label))\""
}
