@testable import EEGDSP
import Foundation
import Testing

@Suite("BoundedLeastSquares (projected Levenberg–Marquardt)")
struct BoundedLeastSquaresTests {
    /// Rosenbrock as least squares: r = (10 (x₂ − x₁²), 1 − x₁).
    func rosenbrock(_ x: [Double], _ r: inout [Double], _ j: inout [Double]) {
        r[0] = 10 * (x[1] - x[0] * x[0])
        r[1] = 1 - x[0]
        j[0] = -20 * x[0]
        j[1] = 10
        j[2] = -1
        j[3] = 0
    }

    @Test("unbounded Rosenbrock reaches (1, 1) from (−1.2, 1)")
    func unbounded() throws {
        let result = try BoundedLeastSquares().minimize(
            initial: [-1.2, 1], lower: [-.infinity, -.infinity], upper: [.infinity, .infinity],
            residualCount: 2, evaluate: rosenbrock)
        // Zero-residual problem: converges to machine precision.
        #expect(abs(result.parameters[0] - 1) < 1e-8 && abs(result.parameters[1] - 1) < 1e-8)
        #expect(result.cost < 1e-20)
    }

    @Test("an active upper bound gives the constrained minimum (0.5, 0.25)")
    func bounded() throws {
        let result = try BoundedLeastSquares().minimize(
            initial: [-1.2, 1], lower: [-.infinity, -.infinity], upper: [0.5, .infinity],
            residualCount: 2, evaluate: rosenbrock)
        #expect(result.parameters[0] == 0.5)
        #expect(abs(result.parameters[1] - 0.25) < 1e-8)
        #expect(abs(result.cost - 0.125) < 1e-12)
    }

    @Test("an infeasible start is projected onto the box first")
    func projectedStart() throws {
        let result = try BoundedLeastSquares().minimize(
            initial: [5, 5], lower: [-2, -2], upper: [2, 2], residualCount: 2,
            evaluate: rosenbrock)
        #expect(abs(result.parameters[0] - 1) < 1e-8)
    }

    @Test("exponential decay y = a·exp(−b t) + c is recovered exactly", arguments: [7, 16, 31])
    func exponential(count: Int) throws {
        let times = (0..<count).map { Double($0) * 0.25 }
        let truth = (2.5, 0.8, -0.3)
        let data = times.map { truth.0 * exp(-truth.1 * $0) + truth.2 }
        let result = try BoundedLeastSquares().minimize(
            initial: [1, 0.1, 0], lower: [0, 0, -.infinity], upper: [10, 5, .infinity],
            residualCount: count
        ) { x, r, j in
            for (i, t) in times.enumerated() {
                let decay = exp(-x[1] * t)
                r[i] = x[0] * decay + x[2] - data[i]
                j[3 * i] = decay
                j[3 * i + 1] = -x[0] * t * decay
                j[3 * i + 2] = 1
            }
        }
        #expect(abs(result.parameters[0] - 2.5) < 1e-7)
        #expect(abs(result.parameters[1] - 0.8) < 1e-7)
        #expect(abs(result.parameters[2] + 0.3) < 1e-7)
    }

    @Test("exceeding the evaluation budget throws didNotConverge")
    func budget() {
        var solver = BoundedLeastSquares()
        solver.maximumEvaluations = 3
        #expect(throws: DSPError.self) {
            try solver.minimize(
                initial: [-1.2, 1], lower: [-.infinity, -.infinity],
                upper: [.infinity, .infinity], residualCount: 2, evaluate: rosenbrock)
        }
        do {
            _ = try solver.minimize(
                initial: [-1.2, 1], lower: [-.infinity, -.infinity],
                upper: [.infinity, .infinity], residualCount: 2, evaluate: rosenbrock)
        } catch let error as DSPError {
            guard case .didNotConverge = error else {
                Issue.record("expected didNotConverge, got \(error)")
                return
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a non-finite model at the start throws fitFailed")
    func nonFinite() {
        let expected = DSPError.fitFailed(reason: "the model is not finite at the initial guess")
        #expect(throws: expected) {
            try BoundedLeastSquares().minimize(
                initial: [0], lower: [-.infinity], upper: [.infinity], residualCount: 1
            ) { _, r, j in
                r[0] = .nan
                j[0] = 1
            }
        }
    }

    @Test("Cholesky solves an SPD system and rejects an indefinite one")
    func cholesky() throws {
        var matrix = [4.0, 2, 2, 3]
        let solution = try #require(
            BoundedLeastSquares.choleskySolve(matrix: &matrix, rhs: [2, 1], size: 2))
        #expect(abs(solution[0] - 0.5) < 1e-14 && abs(solution[1]) < 1e-14)
        var indefinite = [1.0, 2, 2, 1]
        #expect(BoundedLeastSquares.choleskySolve(matrix: &indefinite, rhs: [1, 1], size: 2) == nil)
    }
}
