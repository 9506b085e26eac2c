import EEGCore

/// Non-linear least squares with box bounds: a projected Levenberg–Marquardt method.
///
/// Minimizes `½ Σ rᵢ(x)²` subject to `lower ≤ x ≤ upper` (either bound may be infinite). The
/// spectral model uses it for the knee-mode aperiodic fit, where FOOOF runs SciPy's
/// `curve_fit` without bounds (MINPACK `lm`); the knee ≥ 0 bound is the only constraint. The
/// Gaussian refit, bounded in FOOOF too, uses ``TrustRegionReflective`` as SciPy does.
///
/// Method (Kanzow, Yamashita & Fukushima 2004, "Levenberg–Marquardt methods with strong local
/// convergence properties for solving nonlinear equations with convex constraints", J. Comput.
/// Appl. Math. 172:375–397, simplified):
/// - Each iteration solves `(JᵀJ + λ·D) δ = −Jᵀr` over the *free* parameters with a Cholesky
///   factorization, where `D = diag(JᵀJ)` (Marquardt scaling, floored so a vanishing column
///   cannot make the system singular). A parameter is held fixed when it sits on a bound and
///   the gradient pushes it outward.
/// - The trial point is projected onto the box. It is accepted when the cost decreases; λ then
///   shrinks by Nielsen's rule `max(1/3, 1 − (2ρ − 1)³)` with ρ the ratio of actual to predicted
///   reduction, otherwise λ grows by a doubling factor. λ starts at `initialDamping` (0.1).
///
/// Convergence (any one of):
/// - relative cost reduction of an accepted step and of its prediction both ≤ `functionTolerance`;
/// - step length ≤ `stepTolerance · (‖x‖ + stepTolerance)`;
/// - infinity norm of the projected gradient `‖P(x − g) − x‖∞ ≤ gradientTolerance`;
/// - cost exactly zero.
/// Failure: more than `maximumEvaluations` residual evaluations (FOOOF's `_maxfev` 5000) throws
/// ``DSPError/didNotConverge(iterations:)``; a non-finite cost at the start throws
/// ``DSPError/fitFailed(reason:)``.
struct BoundedLeastSquares {
    /// Computes residuals (length `residualCount`) and the row-major Jacobian
    /// (`residualCount × parameterCount`, `jacobian[i * n + j] = ∂rᵢ/∂xⱼ`) at `parameters`.
    typealias Evaluate = (
        _ parameters: [Double], _ residuals: inout [Double], _ jacobian: inout [Double]
    ) -> Void

    var functionTolerance = 1e-12
    var stepTolerance = 1e-12
    var gradientTolerance = 1e-14
    var maximumEvaluations = 5000
    /// Starting λ (relative to the Marquardt diagonal). 0.1 makes the first steps somewhat
    /// shorter than Gauss–Newton ones, which keeps a fit in the basin of its initial guess.
    var initialDamping = 0.1

    struct Result {
        var parameters: [Double]
        /// `½ Σ rᵢ²` at `parameters`.
        var cost: Double
        var iterations: Int
        var evaluations: Int
    }

    /// Minimizes the sum of squared residuals from `initial`, which is first projected onto the
    /// bounds.
    func minimize(
        initial: [Double], lower: [Double], upper: [Double], residualCount: Int,
        evaluate: Evaluate
    ) throws -> Result {
        let n = initial.count
        precondition(lower.count == n && upper.count == n && residualCount >= 1)
        var x = zip(zip(initial, lower), upper).map { min(max($0.0, $0.1), $1) }
        var residuals = [Double](repeating: 0, count: residualCount)
        var jacobian = [Double](repeating: 0, count: residualCount * n)
        evaluate(x, &residuals, &jacobian)
        var evaluations = 1
        var cost = halfSumOfSquares(residuals)
        guard cost.isFinite, jacobian.allSatisfy(\.isFinite) else {
            throw DSPError.fitFailed(reason: "the model is not finite at the initial guess")
        }

        var trialResiduals = residuals
        var trialJacobian = jacobian
        var normal = [Double](repeating: 0, count: n * n)
        var gradient = [Double](repeating: 0, count: n)
        var lambda = initialDamping
        var growth = 2.0
        var iterations = 0

        while true {
            iterations += 1
            if cost == 0 { break }
            formNormalEquations(
                jacobian: jacobian, residuals: residuals, rows: residualCount, columns: n,
                normal: &normal, gradient: &gradient)
            var projectedGradient = 0.0
            for j in 0..<n {
                let moved = min(max(x[j] - gradient[j], lower[j]), upper[j])
                projectedGradient = max(projectedGradient, abs(moved - x[j]))
            }
            if projectedGradient <= gradientTolerance { break }
            let free = (0..<n).filter { j in
                !((x[j] <= lower[j] && gradient[j] > 0) || (x[j] >= upper[j] && gradient[j] < 0))
            }
            if free.isEmpty { break }
            let maximumDiagonal = free.map { normal[$0 * n + $0] }.max() ?? 0
            let diagonalFloor = max(maximumDiagonal * 1e-12, Double.leastNormalMagnitude)

            var accepted = false
            var converged = false
            while !accepted {
                guard let freeStep = solveDamped(
                    normal: normal, gradient: gradient, columns: n, free: free,
                    lambda: lambda, diagonalFloor: diagonalFloor)
                else {
                    lambda *= growth
                    growth *= 2
                    if !lambda.isFinite || lambda > 1e300 { converged = true; break }
                    continue
                }
                var trial = x
                for (k, j) in free.enumerated() {
                    trial[j] = min(max(x[j] + freeStep[k], lower[j]), upper[j])
                }
                var stepNorm = 0.0
                var parameterNorm = 0.0
                for j in 0..<n {
                    stepNorm += (trial[j] - x[j]) * (trial[j] - x[j])
                    parameterNorm += x[j] * x[j]
                }
                stepNorm = stepNorm.squareRoot()
                parameterNorm = parameterNorm.squareRoot()
                if stepNorm <= stepTolerance * (parameterNorm + stepTolerance) {
                    converged = true
                    break
                }
                guard evaluations < maximumEvaluations else {
                    throw DSPError.didNotConverge(iterations: iterations)
                }
                evaluate(trial, &trialResiduals, &trialJacobian)
                evaluations += 1
                let trialCost = halfSumOfSquares(trialResiduals)
                let predicted = predictedReduction(
                    step: zip(trial, x).map { $0 - $1 }, normal: normal, gradient: gradient,
                    columns: n)
                if trialCost.isFinite, trialCost < cost, predicted > 0,
                    trialJacobian.allSatisfy(\.isFinite)
                {
                    let actual = cost - trialCost
                    let ratio = actual / predicted
                    let smallChange = actual <= functionTolerance * cost
                        && predicted <= functionTolerance * cost
                    x = trial
                    swap(&residuals, &trialResiduals)
                    swap(&jacobian, &trialJacobian)
                    cost = trialCost
                    let cube = (2 * ratio - 1) * (2 * ratio - 1) * (2 * ratio - 1)
                    lambda *= max(1.0 / 3.0, 1 - cube)
                    lambda = max(lambda, 1e-300)
                    growth = 2
                    accepted = true
                    converged = smallChange
                } else {
                    lambda *= growth
                    growth *= 2
                    if !lambda.isFinite || lambda > 1e300 { converged = true; break }
                }
            }
            if converged { break }
        }
        return Result(parameters: x, cost: cost, iterations: iterations, evaluations: evaluations)
    }

    // MARK: - Linear algebra on small dense systems

    private func halfSumOfSquares(_ values: [Double]) -> Double {
        var sum = 0.0
        for value in values { sum += value * value }
        return 0.5 * sum
    }

    /// `normal = JᵀJ`, `gradient = Jᵀr`.
    private func formNormalEquations(
        jacobian: [Double], residuals: [Double], rows: Int, columns n: Int,
        normal: inout [Double], gradient: inout [Double]
    ) {
        for index in normal.indices { normal[index] = 0 }
        for index in gradient.indices { gradient[index] = 0 }
        for i in 0..<rows {
            let row = i * n
            let residual = residuals[i]
            for a in 0..<n {
                let value = jacobian[row + a]
                if value == 0 { continue }
                gradient[a] += value * residual
                for b in a..<n { normal[a * n + b] += value * jacobian[row + b] }
            }
        }
        for a in 0..<n { for b in 0..<a { normal[a * n + b] = normal[b * n + a] } }
    }

    /// Gauss–Newton model reduction `−(gᵀd + ½ dᵀJᵀJd)` for the step `d`.
    private func predictedReduction(
        step: [Double], normal: [Double], gradient: [Double], columns n: Int
    ) -> Double {
        var linear = 0.0
        var quadratic = 0.0
        for a in 0..<n {
            linear += gradient[a] * step[a]
            var row = 0.0
            for b in 0..<n { row += normal[a * n + b] * step[b] }
            quadratic += step[a] * row
        }
        return -(linear + 0.5 * quadratic)
    }

    /// Solves `(A_ff + λ·max(diag A_ff, floor)) δ = −g_f` by Cholesky; nil when not positive
    /// definite in floating point.
    private func solveDamped(
        normal: [Double], gradient: [Double], columns n: Int, free: [Int], lambda: Double,
        diagonalFloor: Double
    ) -> [Double]? {
        let size = free.count
        var matrix = [Double](repeating: 0, count: size * size)
        var rhs = [Double](repeating: 0, count: size)
        for (p, a) in free.enumerated() {
            rhs[p] = -gradient[a]
            for (q, b) in free.enumerated() { matrix[p * size + q] = normal[a * n + b] }
            matrix[p * size + p] += lambda * max(normal[a * n + a], diagonalFloor)
        }
        return Self.choleskySolve(matrix: &matrix, rhs: rhs, size: size)
    }
}

extension BoundedLeastSquares {
    /// Solves the symmetric positive definite system `M x = b` in place (M is overwritten by its
    /// Cholesky factor); nil when a pivot is not positive and finite.
    static func choleskySolve(matrix m: inout [Double], rhs: [Double], size: Int) -> [Double]? {
        for j in 0..<size {
            var diagonal = m[j * size + j]
            for k in 0..<j { diagonal -= m[j * size + k] * m[j * size + k] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let pivot = diagonal.squareRoot()
            m[j * size + j] = pivot
            for i in (j + 1)..<max(j + 1, size) {
                var value = m[i * size + j]
                for k in 0..<j { value -= m[i * size + k] * m[j * size + k] }
                m[i * size + j] = value / pivot
            }
        }
        var solution = rhs
        for i in 0..<size {
            var value = solution[i]
            for k in 0..<i { value -= m[i * size + k] * solution[k] }
            solution[i] = value / m[i * size + i]
        }
        for i in stride(from: size - 1, through: 0, by: -1) {
            var value = solution[i]
            for k in (i + 1)..<max(i + 1, size) { value -= m[k * size + i] * solution[k] }
            solution[i] = value / m[i * size + i]
        }
        return solution.allSatisfy(\.isFinite) ? solution : nil
    }
}
