import EEGCore
import Foundation

// MARK: - Units

/// Axis-title text for physical units.
public enum UnitLabel {
    /// The unit as printed: `uV` and `mcV` become `µV`; others unchanged; empty stays empty.
    public static func display(_ unit: String) -> String {
        let trimmed = unit.trimmingCharacters(in: .whitespaces)
        switch trimmed {
        case "uV", "mcV", "microV", "μV": return "µV"
        default: return trimmed
        }
    }

    /// The unit of power for a signal in `unit`: `µV²/Hz` for a density, `µV²` otherwise;
    /// `unit²/Hz` (`unit²`) when the signal's unit is unknown.
    public static func power(of unit: String, scaling: PSDScaling) -> String {
        let shown = display(unit)
        let base = shown.isEmpty ? "unit" : shown
        let squared = base.contains("/") || base.contains(" ") ? "(\(base))²" : base + "²"
        return scaling == .density ? squared + "/Hz" : squared
    }

    /// An axis title with the unit in parentheses (`Frequency (Hz)`), or just the name when the
    /// unit is empty.
    public static func title(_ name: String, unit: String) -> String {
        unit.isEmpty ? name : "\(name) (\(unit))"
    }
}

// MARK: - Domains

enum DomainPadding {
    /// The range of the finite values (positive only when `positiveOnly`), or `nil`.
    static func extent(
        of values: some Sequence<Double>, positiveOnly: Bool
    ) -> (low: Double, high: Double)? {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite && (!positiveOnly || value > 0) {
            low = min(low, value)
            high = max(high, value)
        }
        return low <= high ? (low, high) : nil
    }

    /// A value domain with some head room: on a log scale 5 % of the decades on each side
    /// (at least a factor 1.15); on a linear scale widened to nice steps, and starting at 0 when
    /// all values are non-negative and `includeZero`.
    static func padded(
        _ extent: (low: Double, high: Double), scale: AxisScale, includeZero: Bool
    ) -> (low: Double, high: Double) {
        switch scale {
        case .logarithmic:
            let decades = log10(extent.high) - log10(extent.low)
            let factor = pow(10, max(decades * 0.05, log10(1.15)))
            return (extent.low / factor, extent.high * factor)
        case .linear:
            var low = extent.low
            var high = extent.high
            if includeZero && low >= 0 { low = 0 }
            if includeZero && high <= 0 { high = 0 }
            if high - low <= 0 {
                return TickGenerator.niceDomain(low: low, high: high)
            }
            let pad = (high - low) * 0.04
            let paddedLow = includeZero && low == 0 ? 0 : low - pad
            let paddedHigh = includeZero && high == 0 ? 0 : high + pad
            return TickGenerator.niceDomain(low: paddedLow, high: paddedHigh, targetCount: 6)
        }
    }
}

// MARK: - Polylines

enum PolylineBuilder {
    /// Pixel polylines through the drawable points of `(xs[i], ys[i])`, broken where a point
    /// cannot be shown (non-finite, non-positive on a log axis). Very dense series are reduced
    /// per pixel column to first, minimum, maximum and last point, which keeps every peak.
    static func segments(
        xs: [Double], ys: [Double], xAxis: Axis, yAxis: Axis
    ) -> [[(x: Double, y: Double)]] {
        let count = min(xs.count, ys.count)
        var segments: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        let dense = Double(count) > 3 * abs(xAxis.end - xAxis.start)
        var bucket: [(x: Double, y: Double)] = []
        var bucketColumn = Int.min
        func flushBucket() {
            guard !bucket.isEmpty else { return }
            if bucket.count <= 4 {
                current.append(contentsOf: bucket)
            } else {
                var lowest = bucket[0]
                var highest = bucket[0]
                var lowestIndex = 0
                var highestIndex = 0
                for (index, point) in bucket.enumerated() {
                    if point.y < lowest.y { lowest = point; lowestIndex = index }
                    if point.y > highest.y { highest = point; highestIndex = index }
                }
                current.append(bucket[0])
                if lowestIndex < highestIndex {
                    current.append(lowest)
                    current.append(highest)
                } else {
                    current.append(highest)
                    current.append(lowest)
                }
                current.append(bucket[bucket.count - 1])
            }
            bucket.removeAll(keepingCapacity: true)
        }
        for index in 0..<count {
            guard let x = xAxis.position(of: xs[index]), let y = yAxis.position(of: ys[index])
            else {
                flushBucket()
                if current.count >= 2 { segments.append(current) }
                current = []
                continue
            }
            if dense {
                let column = Int(x.rounded(.down))
                if column != bucketColumn {
                    flushBucket()
                    bucketColumn = column
                }
                bucket.append((x, y))
            } else {
                current.append((x, y))
            }
        }
        flushBucket()
        if current.count >= 2 { segments.append(current) }
        return segments
    }
}

// MARK: - Validation

enum PlotValidation {
    /// Checks a picture size before any layout arithmetic uses it.
    static func requireSize(width: Double, height: Double) throws {
        try SVGDocument.validateSize(name: "width", width)
        try SVGDocument.validateSize(name: "height", height)
    }

    static func requireFinitePositive(_ value: Double, name: String) throws {
        guard value.isFinite, value > 0 else {
            throw PlotError.invalidParameter(
                name: name, value: "\(value)", expected: "a finite value > 0")
        }
    }

    static func requireRange(
        _ range: ClosedRange<Double>?, name: String, positive: Bool
    ) throws {
        guard let range else { return }
        guard range.lowerBound.isFinite, range.upperBound.isFinite,
            range.upperBound > range.lowerBound, !positive || range.lowerBound > 0
        else {
            throw PlotError.invalidParameter(
                name: name, value: "\(range.lowerBound)–\(range.upperBound)",
                expected: positive ? "0 < low < high, finite" : "low < high, finite")
        }
    }
}
