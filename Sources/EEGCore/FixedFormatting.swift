/// Formats `value` with exactly `decimals` digits after the point, rounding half away from
/// zero, independently of locale and platform (`1.5 → "1.500"` for 3 decimals).
///
/// Used wherever output must be byte-identical across runs and machines (event tables,
/// annotation texts). Values too large for exact fixed-point conversion (|value| · 10^decimals
/// ≥ 2^53) fall back to Swift's shortest round-trip form; NaN and infinities print as `nan`,
/// `inf` and `-inf`.
///
/// - Parameters:
///   - value: The number.
///   - decimals: Digits after the point, 0…15.
public func formatFixed(_ value: Double, decimals: Int) -> String {
    precondition((0...15).contains(decimals), "formatFixed supports 0...15 decimals")
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    var scale: Double = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9_007_199_254_740_992 else { return "\(value)" }
    let integer = UInt64(scaled)
    let divisor = UInt64(scale)
    let whole = integer / divisor
    let sign = value < 0 && integer != 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(whole)" }
    let fraction = String(integer % divisor)
    let padding = String(repeating: "0", count: decimals - fraction.count)
    return "\(sign)\(whole).\(padding)\(fraction)"
}
