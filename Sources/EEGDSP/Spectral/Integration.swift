/// Numerical integration of uniformly sampled values.
public enum IntegrationRule: String, Sendable, Hashable, CaseIterable {
    /// Composite Simpson's rule as `scipy.integrate.simpson(y, dx=dx)` in SciPy ≥ 1.11: for
    /// an even number of samples, Simpson over all but the last interval plus Cartwright's
    /// parabolic correction for the last one (weights 5/12, 2/3, −1/12 of dx); for 2 samples,
    /// the trapezoid.
    case simpson
    /// The trapezoid rule (`scipy.integrate.trapezoid(y, dx=dx)`).
    case trapezoid

    /// ∫ y dx over the samples `values`, spaced `spacing` apart (0 for fewer than 2 samples).
    public func integrate(_ values: ArraySlice<Double>, spacing: Double) -> Double {
        let count = values.count
        guard count >= 2 else { return 0 }
        let base = values.startIndex
        switch self {
        case .trapezoid:
            var sum = 0.0
            for index in base..<(base + count - 1) { sum += values[index] + values[index + 1] }
            return sum * spacing / 2
        case .simpson:
            if count == 2 { return 0.5 * spacing * (values[base] + values[base + 1]) }
            // Basic Simpson over the first `pairs` interval pairs.
            let pairs = (count - 1) / 2
            var sum = 0.0
            for pair in 0..<pairs {
                let start = base + 2 * pair
                sum += values[start] + 4 * values[start + 1] + values[start + 2]
            }
            var result = spacing / 3 * sum
            if count % 2 == 0 {
                let last = base + count - 1
                result += 5 * spacing / 12 * values[last] + 2 * spacing / 3 * values[last - 1]
                    - spacing / 12 * values[last - 2]
            }
            return result
        }
    }

    /// ∫ y dx over all of `values`.
    public func integrate(_ values: [Double], spacing: Double) -> Double {
        integrate(values[...], spacing: spacing)
    }
}
