/// Sums of Legendre polynomials, Σ cₙ Pₙ(x), for the spherical-spline functions.
enum LegendreSeries {
    /// Σ_{n=0}^{N} coefficients[n] · Pₙ(x), with Pₙ from Bonnet's recurrence
    /// (n + 1) Pₙ₊₁ = (2n + 1) x Pₙ − n Pₙ₋₁; equals `numpy.polynomial.legendre.legval` to
    /// rounding for |x| ≤ 1.
    static func value(at x: Double, coefficients: [Double]) -> Double {
        guard !coefficients.isEmpty else { return 0 }
        var previous = 1.0
        var sum = coefficients[0]
        guard coefficients.count > 1 else { return sum }
        var current = x
        sum += coefficients[1] * current
        var degree = 1.0
        for index in 2..<coefficients.count {
            let next = ((2 * degree + 1) * x * current - degree * previous) / (degree + 1)
            previous = current
            current = next
            degree += 1
            sum += coefficients[index] * current
        }
        return sum
    }
}
