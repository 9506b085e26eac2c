import Foundation

// MARK: - Scale

/// How values map to positions along an axis.
public enum AxisScale: Sendable, Equatable, Hashable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10). Only positive values can be shown.
    case logarithmic
}

// MARK: - Ticks

/// One tick mark on an axis.
public struct Tick: Sendable, Equatable {
    /// The tick's value in data units.
    public let value: Double
    /// The label, or `nil` for an unlabelled minor tick.
    public let label: String?
    /// Labels with lower priority (larger number) are dropped first when labels would overlap:
    /// 0 for decades and linear ticks, 1 for the 2× and 5× ticks of a log axis.
    public let priority: Int

    /// Creates a tick.
    public init(value: Double, label: String?, priority: Int = 0) {
        self.value = value
        self.label = label
        self.priority = priority
    }

    /// Whether the tick is a labelled major tick.
    public var isMajor: Bool { label != nil }
}

/// "Nice" tick positions for linear and base-10 logarithmic axes.
///
/// Linear steps are 1, 2 or 5 × 10ᵏ (the sequence used by most plotting libraries). Log axes
/// label whole decades (also 2× and 5× when the range spans three decades or less) and put
/// unlabelled minor ticks at 2…9 × 10ᵏ; a range inside one decade falls back to linear ticks.
public enum TickGenerator {
    /// The nice step (1, 2 or 5 × 10ᵏ) closest to `span / targetCount`.
    /// - Parameters:
    ///   - span: The length of the range in data units (> 0).
    ///   - targetCount: The wished number of intervals (≥ 1).
    /// - Returns: A positive step, or 1 when `span` is not positive and finite.
    public static func niceStep(span: Double, targetCount: Int) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let raw = span / Double(max(targetCount, 1))
        let exponent = (log10(raw)).rounded(.down)
        let power = pow(10, exponent)
        let fraction = raw / power
        let nice: Double
        if fraction < 1.5 {
            nice = 1
        } else if fraction < 3.5 {
            nice = 2
        } else if fraction < 7.5 {
            nice = 5
        } else {
            nice = 10
        }
        return nice * power
    }

    /// The range widened outward to whole multiples of the nice step.
    ///
    /// A degenerate range (`low == high`) is first widened by 10 % of its magnitude (or ±1 at 0).
    /// - Returns: `(low, high)` with `low < high`.
    public static func niceDomain(
        low: Double, high: Double, targetCount: Int = 5
    ) -> (low: Double, high: Double) {
        var (lower, upper) = (min(low, high), max(low, high))
        if lower == upper {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        let step = niceStep(span: upper - lower, targetCount: targetCount)
        return ((lower / step).rounded(.down) * step, (upper / step).rounded(.up) * step)
    }

    /// Linear ticks at multiples of a nice step inside `[low, high]`, all labelled.
    /// - Parameter targetCount: The wished number of intervals; the result has roughly this
    ///   many plus one ticks.
    public static func linearTicks(low: Double, high: Double, targetCount: Int = 5) -> [Tick] {
        guard low.isFinite, high.isFinite, high > low else { return [] }
        let step = niceStep(span: high - low, targetCount: targetCount)
        let tolerance = step * 1e-9
        let first = ((low - tolerance) / step).rounded(.up)
        let last = ((high + tolerance) / step).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        let largest = max(abs(first * step), abs(last * step))
        var ticks: [Tick] = []
        var index = first
        while index <= last {
            var value = index * step
            if abs(value) < tolerance { value = 0 }
            ticks.append(Tick(value: value, label: tickLabel(value, step: step, largest: largest)))
            index += 1
        }
        return ticks
    }

    /// Ticks for a base-10 logarithmic axis over `[low, high]` (both > 0).
    /// - Parameter targetCount: The wished number of labelled decades; decades are strided
    ///   when there are more.
    /// - Returns: Labelled and minor ticks in ascending order; empty for an invalid range.
    public static func logTicks(low: Double, high: Double, targetCount: Int = 6) -> [Tick] {
        guard low.isFinite, high.isFinite, low > 0, high > low else { return [] }
        let tolerance = 1e-9
        let firstExponent = Int((log10(low) - tolerance).rounded(.down))
        let lastExponent = Int((log10(high) + tolerance).rounded(.up))
        guard lastExponent - firstExponent < 400 else { return [] }
        func inside(_ value: Double) -> Bool {
            value >= low * (1 - tolerance) && value <= high * (1 + tolerance)
        }
        let decades = (firstExponent...lastExponent).filter { inside(pow(10, Double($0))) }
        if decades.count >= 2 {
            let labelHalves = decades.count <= 3
            let stride = max(1, Int((Double(decades.count) / Double(max(targetCount, 1)))
                .rounded(.up)))
            let showMinor = decades.count <= 8
            var ticks: [Tick] = []
            for exponent in firstExponent...lastExponent {
                let decade = pow(10, Double(exponent))
                if inside(decade) {
                    let labelled = stride == 1 || exponent.isMultiple(of: stride)
                    ticks.append(Tick(
                        value: decade, label: labelled ? logLabel(1, exponent) : nil))
                }
                guard showMinor else { continue }
                for multiple in 2...9 {
                    let value = Double(multiple) * decade
                    guard inside(value) else { continue }
                    if labelHalves && (multiple == 2 || multiple == 5) {
                        ticks.append(Tick(
                            value: value, label: logLabel(multiple, exponent), priority: 1))
                    } else {
                        ticks.append(Tick(value: value, label: nil))
                    }
                }
            }
            return ticks
        }
        // Up to one decade inside: label 1, 2 and 5 multiples when that gives three labels.
        var candidates: [Tick] = []
        for exponent in firstExponent...lastExponent {
            let decade = pow(10, Double(exponent))
            for multiple in 1...9 where inside(Double(multiple) * decade) {
                let labelled = multiple == 1 || multiple == 2 || multiple == 5
                candidates.append(Tick(
                    value: Double(multiple) * decade,
                    label: labelled ? logLabel(multiple, exponent) : nil,
                    priority: multiple == 1 ? 0 : 1))
            }
        }
        if candidates.filter(\.isMajor).count >= 3 { return candidates }
        return linearTicks(low: low, high: high, targetCount: min(targetCount, 5))
            .filter { $0.value > 0 }
    }

    // MARK: - Labels

    /// A label for `value` on a linear axis with `step`: as many decimals as the step needs;
    /// scientific (`2×10⁵`) beyond 10⁶ or below 10⁻⁴.
    static func tickLabel(_ value: Double, step: Double, largest: Double) -> String {
        if value == 0 { return "0" }
        let stepExponent = Int(log10(step).rounded(.down))
        if largest >= 1e6 || largest < 1e-4 {
            let exponent = Int(log10(largest).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            let decimals = max(0, exponent - stepExponent)
            return formatDecimal(mantissa, decimals: min(decimals, 6)) + "×10"
                + superscript(exponent)
        }
        return formatDecimal(value, decimals: max(0, -stepExponent))
    }

    /// `multiple × 10^exponent` as plain decimals between 10⁻³ and 10⁵, else in powers of ten.
    static func logLabel(_ multiple: Int, _ exponent: Int) -> String {
        if exponent >= -3 && exponent <= 5 {
            return formatDecimal(Double(multiple) * pow(10, Double(exponent)),
                                 decimals: max(0, -exponent))
        }
        return (multiple == 1 ? "" : "\(multiple)×") + "10" + superscript(exponent)
    }

    static func superscript(_ exponent: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        var text = exponent < 0 ? "⁻" : ""
        for character in String(abs(exponent)) {
            if let digit = character.wholeNumberValue { text.append(digits[digit]) }
        }
        return text
    }
}

/// `value` with at most `decimals` decimals, trailing zeros removed; locale-independent.
func formatDecimal(_ value: Double, decimals: Int) -> String {
    svgNumber(value, decimals: decimals)
}

// MARK: - Axis

/// A mapping from data values to pixel positions along one axis.
public struct Axis: Sendable, Equatable {
    /// The scale.
    public let scale: AxisScale
    /// The data value at `start` (lower end of the domain).
    public let low: Double
    /// The data value at `end`.
    public let high: Double
    /// The pixel position of `low`.
    public let start: Double
    /// The pixel position of `high` (smaller than `start` for a y axis pointing up).
    public let end: Double

    /// Creates an axis.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` when the domain is empty or
    ///   not finite, or not positive on a log scale.
    public init(
        scale: AxisScale, low: Double, high: Double, start: Double, end: Double
    ) throws {
        guard low.isFinite, high.isFinite, high > low else {
            throw PlotError.invalidParameter(
                name: "axis range", value: "\(low)–\(high)", expected: "finite with low < high")
        }
        if scale == .logarithmic && low <= 0 {
            throw PlotError.invalidParameter(
                name: "log axis range", value: "\(low)–\(high)", expected: "low > 0")
        }
        self.scale = scale
        self.low = low
        self.high = high
        self.start = start
        self.end = end
    }

    /// The pixel position of `value`, or `nil` when it cannot be shown (non-finite, or ≤ 0 on a
    /// log scale). Values outside the domain map outside `start…end` (clip when drawing).
    public func position(of value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let fraction: Double
        switch scale {
        case .linear:
            fraction = (value - low) / (high - low)
        case .logarithmic:
            guard value > 0 else { return nil }
            fraction = (log10(value) - log10(low)) / (log10(high) - log10(low))
        }
        return start + fraction * (end - start)
    }

    /// The pixel position of `value` clamped to the axis ends (for shading spans).
    func clampedPosition(of value: Double) -> Double? {
        let bounded = min(max(value, low), high)
        return position(of: bounded)
    }

    /// Whether `value` lies in the domain (with a tiny tolerance).
    func contains(_ value: Double) -> Bool {
        let tolerance = (high - low) * 1e-9
        return value >= low - tolerance && value <= high + tolerance
    }

    /// The ticks for this axis with about one label per `spacing` pixels.
    func ticks(labelSpacing spacing: Double) -> [Tick] {
        let length = abs(end - start)
        let target = max(2, Int((length / spacing).rounded()))
        switch scale {
        case .linear: return TickGenerator.linearTicks(low: low, high: high, targetCount: target)
        case .logarithmic: return TickGenerator.logTicks(low: low, high: high, targetCount: target)
        }
    }
}
