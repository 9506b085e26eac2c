import EEGCore
import Foundation

/// Bound-constrained non-linear least squares by the trust-region reflective method.
///
/// This is the method SciPy's `curve_fit` uses whenever bounds are given (`least_squares(
/// method='trf')`), so FOOOF's joint Gaussian refit runs on it; following the same path makes
/// the fit settle in the same local minimum when several are close (overlapping peaks). Method:
/// Branch, Coleman & Li 1999, "A subspace, interior, and conjugate gradient method for
/// large-scale bound-constrained minimization problems", SIAM J. Sci. Comput. 21(1):1–23, with
/// the details of SciPy's implementation:
/// - Coleman–Li scaling: a variable whose gradient points at a finite bound is scaled by the
///   square root of its distance to that bound, so iterates stay strictly inside the box;
/// - each step solves the trust-region subproblem exactly (Moré's iteration on the
///   Levenberg–Marquardt parameter, here on an eigen-decomposition of the small normal matrix);
/// - a step that would leave the box is cut at the bound and the best of three candidates is
///   taken: the cut step (shrunk by θ = max(0.995, 1 − ‖g‖)), its reflection off the bound,
///   and the scaled steepest-descent step;
/// - trust radius: ×¼ of the step when ρ < ¼, ×2 when ρ > ¾ and the step reached the radius.
///
/// Termination as SciPy (tolerances 1e-8 like `curve_fit`): scaled gradient ‖v·g‖∞ < gtol;
/// or actual reduction < ftol·cost with ρ > ¼; or step < xtol·(xtol + ‖x‖). More than
/// `maximumEvaluations` evaluations (FOOOF's 5000) throw ``DSPError/didNotConverge(iterations:)``,
/// where SciPy's `curve_fit` raises. The Jacobian is analytic (SciPy differentiates numerically).
struct TrustRegionReflective {
    var functionTolerance = 1e-8
    var stepTolerance = 1e-8
    var gradientTolerance = 1e-8
    var maximumEvaluations = 5000

    /// Minimizes `½ Σ rᵢ²` over `lower ≤ x ≤ upper` from `initial` (which must lie in the box).
    func minimize(
        initial: [Double], lower: [Double], upper: [Double], residualCount m: Int,
        evaluate: BoundedLeastSquares.Evaluate
    ) throws -> BoundedLeastSquares.Result {
        let n = initial.count
        precondition(lower.count == n && upper.count == n && m >= 1)
        var x = strictlyFeasible(
            zip(zip(initial, lower), upper).map { min(max($0.0, $0.1), $1) },
            lower, upper, relativeStep: 1e-10)
        var f = [Double](repeating: 0, count: m)
        var jacobian = [Double](repeating: 0, count: m * n)
        evaluate(x, &f, &jacobian)
        var evaluations = 1
        var cost = 0.5 * Self.dot(f, f)
        guard cost.isFinite, jacobian.allSatisfy(\.isFinite) else {
            throw DSPError.fitFailed(reason: "the model is not finite at the initial guess")
        }
        var g = Self.gradient(jacobian, f, m, n)
        var (v, _) = colemanLiScaling(x, g, lower, upper)
        var radius = Self.norm((0..<n).map { x[$0] / v[$0].squareRoot() })
        if radius == 0 || !radius.isFinite { radius = radius == 0 ? 1 : 1e300 }
        var alpha = 0.0
        var iterations = 0
        var newF = f
        var newJacobian = jacobian

        while true {
            let (scaling, direction) = colemanLiScaling(x, g, lower, upper)
            v = scaling
            var gradientNorm = 0.0
            for j in 0..<n { gradientNorm = max(gradientNorm, abs(g[j] * v[j])) }
            if gradientNorm < gradientTolerance { break }
            if evaluations >= maximumEvaluations {
                throw DSPError.didNotConverge(iterations: iterations)
            }
            let d = v.map { $0.squareRoot() }
            let diagonal = (0..<n).map { g[$0] * direction[$0] }
            let gHat = (0..<n).map { d[$0] * g[$0] }
            // J_h = J·diag(d)
            var scaledJacobian = jacobian
            for i in 0..<m { for j in 0..<n { scaledJacobian[i * n + j] *= d[j] } }
            // Normal matrix of the augmented system [J_h; diag(√diagonal)].
            var normal = [Double](repeating: 0, count: n * n)
            for i in 0..<m {
                for a in 0..<n {
                    let value = scaledJacobian[i * n + a]
                    if value == 0 { continue }
                    for b in a..<n { normal[a * n + b] += value * scaledJacobian[i * n + b] }
                }
            }
            for a in 0..<n {
                normal[a * n + a] += diagonal[a]
                for b in 0..<a { normal[a * n + b] = normal[b * n + a] }
            }
            let eigen = Self.symmetricEigen(normal, n)
            let theta = max(0.995, 1 - gradientNorm)
            var actualReduction = -1.0
            var terminated = false
            var trial = x
            var trialCost = cost
            while actualReduction <= 0 {
                if evaluations >= maximumEvaluations {
                    throw DSPError.didNotConverge(iterations: iterations)
                }
                let (stepHatFull, newAlpha) = trustRegionStep(
                    eigen: eigen, gHat: gHat, radius: radius, initialAlpha: alpha,
                    rowCount: m + n)
                alpha = newAlpha
                let stepFull = (0..<n).map { d[$0] * stepHatFull[$0] }
                let (step, stepHat, predicted) = selectStep(
                    x: x, scaledJacobian: scaledJacobian, m: m, n: n, diagonal: diagonal,
                    gHat: gHat, step: stepFull, stepHat: stepHatFull, d: d, radius: radius,
                    lower: lower, upper: upper, theta: theta)
                trial = strictlyFeasible(
                    (0..<n).map { x[$0] + step[$0] }, lower, upper, relativeStep: 0)
                evaluate(trial, &newF, &newJacobian)
                evaluations += 1
                let stepHatNorm = Self.norm(stepHat)
                trialCost = 0.5 * Self.dot(newF, newF)
                guard trialCost.isFinite, newJacobian.allSatisfy(\.isFinite) else {
                    radius = 0.25 * stepHatNorm
                    continue
                }
                actualReduction = cost - trialCost
                let ratio: Double
                if predicted > 0 {
                    ratio = actualReduction / predicted
                } else {
                    ratio = (predicted == actualReduction && predicted == 0) ? 1 : 0
                }
                var newRadius = radius
                if ratio < 0.25 {
                    newRadius = 0.25 * stepHatNorm
                } else if ratio > 0.75 && stepHatNorm > 0.95 * radius {
                    newRadius = 2 * radius
                }
                let functionConverged = actualReduction < functionTolerance * cost && ratio > 0.25
                let stepConverged =
                    Self.norm(step) < stepTolerance * (stepTolerance + Self.norm(x))
                if functionConverged || stepConverged {
                    terminated = true
                    break
                }
                if newRadius > 0 { alpha *= radius / newRadius }
                radius = newRadius
            }
            if actualReduction > 0 {
                x = trial
                swap(&f, &newF)
                swap(&jacobian, &newJacobian)
                cost = trialCost
                g = Self.gradient(jacobian, f, m, n)
            }
            iterations += 1
            if terminated { break }
        }
        return .init(parameters: x, cost: cost, iterations: iterations, evaluations: evaluations)
    }
}

// MARK: - Pieces of the method

extension TrustRegionReflective {
    /// Coleman–Li scaling: v = distance to the bound the gradient points at (1 when that bound
    /// is infinite or the gradient is 0), and the sign of dv/dx.
    func colemanLiScaling(_ x: [Double], _ g: [Double], _ lower: [Double], _ upper: [Double])
        -> ([Double], [Double])
    {
        var v = [Double](repeating: 1, count: x.count)
        var direction = [Double](repeating: 0, count: x.count)
        for j in x.indices {
            if g[j] < 0 && upper[j].isFinite {
                v[j] = upper[j] - x[j]
                direction[j] = -1
            } else if g[j] > 0 && lower[j].isFinite {
                v[j] = x[j] - lower[j]
                direction[j] = 1
            }
        }
        return (v, direction)
    }

    /// Moves points on or outside a bound strictly inside: by `relativeStep·max(1, |bound|)`,
    /// or to the next representable number when `relativeStep` is 0.
    func strictlyFeasible(
        _ x: [Double], _ lower: [Double], _ upper: [Double], relativeStep: Double
    ) -> [Double] {
        var result = x
        for j in x.indices {
            let atLower: Bool
            let atUpper: Bool
            if relativeStep == 0 {
                atLower = x[j] <= lower[j]
                atUpper = x[j] >= upper[j]
            } else {
                let lowerDistance = x[j] - lower[j]
                let upperDistance = upper[j] - x[j]
                let lowerThreshold = relativeStep * max(1, abs(lower[j]))
                let upperThreshold = relativeStep * max(1, abs(upper[j]))
                atLower = lower[j].isFinite && lowerDistance <= min(lowerThreshold, upperDistance)
                atUpper = upper[j].isFinite && upperDistance <= min(upperThreshold, lowerDistance)
            }
            if atLower {
                result[j] = relativeStep == 0
                    ? lower[j].nextUp : lower[j] + relativeStep * max(1, abs(lower[j]))
            } else if atUpper {
                result[j] = relativeStep == 0
                    ? upper[j].nextDown : upper[j] - relativeStep * max(1, abs(upper[j]))
            }
            if result[j] < lower[j] || result[j] > upper[j] {
                result[j] = 0.5 * (lower[j] + upper[j])
            }
        }
        return result
    }

    /// The exact trust-region step in scaled variables: minimizes the quadratic model within
    /// ‖p‖ ≤ radius (Moré 1978: Newton iteration on the Levenberg–Marquardt parameter α,
    /// relative tolerance 0.01, at most 10 iterations). Returns the step and the final α.
    func trustRegionStep(
        eigen: (values: [Double], vectors: [Double]), gHat: [Double], radius: Double,
        initialAlpha: Double, rowCount: Int
    ) -> ([Double], Double) {
        let n = gHat.count
        // With normal matrix A = V diag(s²) Vᵀ: suf = Vᵀ ĝ, p(α) = −V (suf / (s² + α)).
        let squares = eigen.values.map { max($0, 0) }
        var suf = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += eigen.vectors[j * n + k] * gHat[j] }
            suf[k] = sum
        }
        func step(_ alpha: Double) -> [Double] {
            var p = [Double](repeating: 0, count: n)
            for k in 0..<n {
                let coefficient = -suf[k] / (squares[k] + alpha)
                for j in 0..<n { p[j] += eigen.vectors[j * n + k] * coefficient }
            }
            return p
        }
        func phi(_ alpha: Double) -> (Double, Double) {
            var normSquared = 0.0
            var derivative = 0.0
            for k in 0..<n {
                let denominator = squares[k] + alpha
                normSquared += suf[k] * suf[k] / (denominator * denominator)
                derivative += suf[k] * suf[k] / (denominator * denominator * denominator)
            }
            let pNorm = normSquared.squareRoot()
            return (pNorm - radius, -derivative / pNorm)
        }
        let largest = squares.max() ?? 0
        let smallest = squares.min() ?? 0
        let fullRank = smallest.squareRoot()
            > Double.ulpOfOne * Double(rowCount) * largest.squareRoot()
        if fullRank {
            let gaussNewton = step(0)
            if Self.norm(gaussNewton) <= radius { return (gaussNewton, 0) }
        }
        var alphaUpper = Self.norm(suf) / radius
        var alphaLower = 0.0
        if fullRank {
            let (value, derivative) = phi(0)
            alphaLower = -value / derivative
        }
        var alpha = initialAlpha
        if !fullRank && initialAlpha == 0 {
            alpha = max(0.001 * alphaUpper, (alphaLower * alphaUpper).squareRoot())
        }
        for _ in 0..<10 {
            if alpha < alphaLower || alpha > alphaUpper {
                alpha = max(0.001 * alphaUpper, (alphaLower * alphaUpper).squareRoot())
            }
            let (value, derivative) = phi(alpha)
            if value < 0 { alphaUpper = alpha }
            let ratio = value / derivative
            alphaLower = max(alphaLower, alpha - ratio)
            alpha -= (value + radius) * ratio / radius
            if abs(value) < 0.01 * radius { break }
        }
        var p = step(alpha)
        let pNorm = Self.norm(p)
        if pNorm > 0 { p = p.map { $0 * radius / pNorm } }
        return (p, alpha)
    }

    /// Chooses among the cut step, its reflection and the scaled gradient step (SciPy's
    /// `select_step`). Returns the step, the scaled step and the predicted reduction.
    func selectStep(
        x: [Double], scaledJacobian: [Double], m: Int, n: Int, diagonal: [Double],
        gHat: [Double], step: [Double], stepHat: [Double], d: [Double], radius: Double,
        lower: [Double], upper: [Double], theta: Double
    ) -> ([Double], [Double], Double) {
        let quadratic = Quadratic(jacobian: scaledJacobian, m: m, n: n, diagonal: diagonal,
                                  gradient: gHat)
        let moved = (0..<n).map { x[$0] + step[$0] }
        if (0..<n).allSatisfy({ moved[$0] >= lower[$0] && moved[$0] <= upper[$0] }) {
            return (step, stepHat, -quadratic.value(stepHat))
        }
        let (stride, hits) = stepToBound(x, step, lower, upper)
        var reflectedHat = stepHat
        for j in 0..<n where hits[j] != 0 { reflectedHat[j] *= -1 }
        var reflected = (0..<n).map { d[$0] * reflectedHat[$0] }
        var cut = step.map { $0 * stride }
        var cutHat = stepHat.map { $0 * stride }
        let onBound = (0..<n).map { x[$0] + cut[$0] }
        let toTrustRegion = intersectTrustRegion(cutHat, reflectedHat, radius).upper
        let toBound = stepToBound(onBound, reflected, lower, upper).step
        let reflectedStride = min(toBound, toTrustRegion)
        var reflectedLower = 0.0
        var reflectedUpper = -1.0
        if reflectedStride > 0 {
            reflectedLower = (1 - theta) * stride / reflectedStride
            reflectedUpper = reflectedStride == toBound ? theta * toBound : toTrustRegion
        }
        var reflectedValue = Double.infinity
        if reflectedLower <= reflectedUpper {
            let (a, b, c) = quadratic.alongLine(reflectedHat, from: cutHat)
            let (t, value) = minimizeOnInterval(a, b, c, reflectedLower, reflectedUpper)
            reflectedValue = value
            reflectedHat = (0..<n).map { reflectedHat[$0] * t + cutHat[$0] }
            reflected = (0..<n).map { reflectedHat[$0] * d[$0] }
        }
        cut = cut.map { $0 * theta }
        cutHat = cutHat.map { $0 * theta }
        let cutValue = quadratic.value(cutHat)
        var gradientHat = gHat.map { -$0 }
        var gradientStep = (0..<n).map { d[$0] * gradientHat[$0] }
        let gradientToRegion = radius / Self.norm(gradientHat)
        let gradientToBound = stepToBound(x, gradientStep, lower, upper).step
        let gradientStride = gradientToBound < gradientToRegion
            ? theta * gradientToBound : gradientToRegion
        let (a, b, _) = quadratic.alongLine(gradientHat, from: nil)
        let (t, gradientValue) = minimizeOnInterval(a, b, 0, 0, gradientStride)
        gradientHat = gradientHat.map { $0 * t }
        gradientStep = gradientStep.map { $0 * t }
        if cutValue < reflectedValue && cutValue < gradientValue {
            return (cut, cutHat, -cutValue)
        } else if reflectedValue < cutValue && reflectedValue < gradientValue {
            return (reflected, reflectedHat, -reflectedValue)
        }
        return (gradientStep, gradientHat, -gradientValue)
    }

    /// The largest t with `x + t·s` in the box, and which variables reach a bound there (±1).
    func stepToBound(_ x: [Double], _ s: [Double], _ lower: [Double], _ upper: [Double])
        -> (step: Double, hits: [Double])
    {
        var steps = [Double](repeating: .infinity, count: x.count)
        for j in x.indices where s[j] != 0 {
            steps[j] = max((lower[j] - x[j]) / s[j], (upper[j] - x[j]) / s[j])
        }
        let smallest = steps.min() ?? .infinity
        let hits = x.indices.map { j -> Double in
            steps[j] == smallest && s[j] != 0 ? (s[j] > 0 ? 1 : -1) : 0
        }
        return (smallest, hits)
    }

    /// The two t with ‖x + t·s‖ = radius (lower, upper).
    func intersectTrustRegion(_ x: [Double], _ s: [Double], _ radius: Double)
        -> (lower: Double, upper: Double)
    {
        let a = Self.dot(s, s)
        guard a > 0 else { return (0, 0) }
        let b = Self.dot(x, s)
        let c = Self.dot(x, x) - radius * radius
        let discriminant = max(b * b - a * c, 0).squareRoot()
        let q = -(b + (b >= 0 ? discriminant : -discriminant))
        guard q != 0 else { return (0, 0) }
        let first = q / a
        let second = c / q
        return (min(first, second), max(first, second))
    }

    /// Minimum of a·t² + b·t + c over [low, high]: (t, value).
    func minimizeOnInterval(_ a: Double, _ b: Double, _ c: Double, _ low: Double, _ high: Double)
        -> (Double, Double)
    {
        var candidates = [low, high]
        if a != 0 {
            let extremum = -0.5 * b / a
            if low < extremum && extremum < high { candidates.append(extremum) }
        }
        var best = candidates[0]
        var bestValue = Double.infinity
        for t in candidates {
            let value = t * (a * t + b) + c
            if value < bestValue {
                best = t
                bestValue = value
            }
        }
        return (best, bestValue)
    }
}

/// The model ½‖J s‖² + ½ sᵀ diag(D) s + gᵀ s in scaled variables.
private struct Quadratic {
    let jacobian: [Double]
    let m: Int
    let n: Int
    let diagonal: [Double]
    let gradient: [Double]

    func product(_ s: [Double]) -> [Double] {
        (0..<m).map { i in
            var sum = 0.0
            for j in 0..<n { sum += jacobian[i * n + j] * s[j] }
            return sum
        }
    }

    func value(_ s: [Double]) -> Double {
        let js = product(s)
        var q = TrustRegionReflective.dot(js, js)
        for j in 0..<n { q += s[j] * diagonal[j] * s[j] }
        return 0.5 * q + TrustRegionReflective.dot(s, gradient)
    }

    /// Coefficients of the model along `start + t·s`: a t² + b t + c.
    func alongLine(_ s: [Double], from start: [Double]?) -> (Double, Double, Double) {
        let v = product(s)
        var a = TrustRegionReflective.dot(v, v)
        for j in 0..<n { a += s[j] * diagonal[j] * s[j] }
        a *= 0.5
        var b = TrustRegionReflective.dot(gradient, s)
        var c = 0.0
        if let start {
            let u = product(start)
            b += TrustRegionReflective.dot(u, v)
            c = 0.5 * TrustRegionReflective.dot(u, u) + TrustRegionReflective.dot(gradient, start)
            for j in 0..<n {
                b += start[j] * diagonal[j] * s[j]
                c += 0.5 * start[j] * diagonal[j] * start[j]
            }
        }
        return (a, b, c)
    }
}

// MARK: - Small dense helpers

extension TrustRegionReflective {

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }

    static func norm(_ a: [Double]) -> Double { Self.dot(a, a).squareRoot() }

    /// `Jᵀ r` for a row-major m × n Jacobian.
    static func gradient(
        _ jacobian: [Double], _ residuals: [Double], _ m: Int, _ n: Int
    ) -> [Double] {
        var g = [Double](repeating: 0, count: n)
        for i in 0..<m {
            let r = residuals[i]
            for j in 0..<n { g[j] += jacobian[i * n + j] * r }
        }
        return g
    }

    /// Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi rotations: eigenvalues
    /// and the eigenvectors as the columns of a row-major matrix.
    static func symmetricEigen(
        _ matrix: [Double], _ n: Int
    ) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var vectors = [Double](repeating: 0, count: n * n)
        for j in 0..<n { vectors[j * n + j] = 1 }
        for _ in 0..<100 {
            var offDiagonal = 0.0
            var total = 0.0
            for p in 0..<n {
                for q in 0..<n {
                    total += a[p * n + q] * a[p * n + q]
                    if p != q { offDiagonal += a[p * n + q] * a[p * n + q] }
                }
            }
            if offDiagonal <= 1e-30 * total || offDiagonal == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p * n + q] != 0 {
                    let apq = a[p * n + q]
                    let tau = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p]
                        let akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k]
                        let aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = vectors[k * n + p]
                        let vkq = vectors[k * n + q]
                        vectors[k * n + p] = c * vkp - s * vkq
                        vectors[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, vectors)
    }
}
