import Foundation

/// Decimal text for EDF fields and TALs, which allow neither exponents nor locale separators.
enum EDFNumberFormat {
    /// The shortest text that reads back as exactly `value`, in plain positional notation
    /// (`1e-05` becomes `0.00001`, `2.0` becomes `2`).
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        var text = "\(value)"
        var negative = false
        if text.hasPrefix("-") {
            negative = true
            text.removeFirst()
        }
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = String(text[..<marker])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var pointPosition = parts[0].count + exponent
        while pointPosition <= 0 {
            digits = "0" + digits
            pointPosition += 1
        }
        while digits.count < pointPosition { digits += "0" }
        var integerPart = String(digits.prefix(pointPosition))
        var fraction = String(digits.dropFirst(pointPosition))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        while integerPart.count > 1, integerPart.hasPrefix("0") { integerPart.removeFirst() }
        let body = fraction.isEmpty ? integerPart : integerPart + "." + fraction
        return negative ? "-" + body : body
    }

    /// The text of at most `width` characters closest to `value` in the given direction:
    /// `.down` gives a number ≤ `value`, `.up` one ≥ `value` (used for physical minimum and
    /// maximum, so every sample stays inside the written range). `nil` if no such text fits.
    static func fitting(_ value: Double, width: Int, rounding: FloatingPointRoundingRule)
        -> (text: String, value: Double)?
    {
        let exact = plain(value)
        if exact.count <= width { return (exact, value) }
        for decimals in stride(from: width - 2, through: 0, by: -1) {
            let factor = pow(10.0, Double(decimals))
            var rounded = (value * factor).rounded(rounding) / factor
            // Guard against the division landing on the wrong side of `value`.
            if rounding == .down, rounded > value {
                rounded = ((value * factor) - 1).rounded(.down) / factor
            }
            if rounding == .up, rounded < value {
                rounded = ((value * factor) + 1).rounded(.up) / factor
            }
            let text = String(format: "%.\(decimals)f", rounded)
            if text.count <= width, let parsed = Double(text),
                rounding == .down ? parsed <= value : parsed >= value
            {
                return (text, parsed)
            }
        }
        return nil
    }
}
