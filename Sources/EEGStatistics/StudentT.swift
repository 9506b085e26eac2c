import Foundation

/// Student's t distribution: distribution function and quantile.
///
/// The distribution function comes from the regularized incomplete beta function, evaluated
/// by its continued fraction (modified Lentz); the quantile by bisection on it. Accurate to
/// about 1e-10, enough for cluster-forming thresholds and reported parametric p-values.
public enum StudentT {
    /// P(T ≤ t) for `degreesOfFreedom` > 0.
    public static func cumulative(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard t.isFinite else { return t > 0 ? 1 : 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedBeta(x, a: nu / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// Two-sided p-value of |t|.
    public static func twoSidedP(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        2 * cumulative(-abs(t), degreesOfFreedom: nu)
    }

    /// The t with P(T ≤ t) = `probability`, e.g. `quantile(0.975, degreesOfFreedom: 19)`
    /// ≈ 2.093 (`scipy.stats.t.ppf`).
    public static func quantile(_ probability: Double, degreesOfFreedom nu: Double) -> Double {
        guard probability > 0, probability < 1 else {
            return probability <= 0 ? -.infinity : .infinity
        }
        var low = -1e4
        var high = 1e4
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cumulative(middle, degreesOfFreedom: nu) < probability {
                low = middle
            } else {
                high = middle
            }
            if high - low < 1e-12 * max(1, abs(middle)) { break }
        }
        return (low + high) / 2
    }

    /// I_x(a, b).
    static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logGammas + logPowers
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2).
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
            let m = Double(m)
            let evenDenominator: Double = (a + 2 * m - 1) * (a + 2 * m)
            let even: Double = m * (b - m) * x / evenDenominator
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let oddDenominator: Double = (a + 2 * m) * (a + 2 * m + 1)
            let odd: Double = -(a + m) * (a + b + m) * x / oddDenominator
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}
