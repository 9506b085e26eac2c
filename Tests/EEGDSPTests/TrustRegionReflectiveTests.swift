import EEGCore
@testable import EEGDSP
import Foundation
import Testing

@Suite("TrustRegionReflective (SciPy least_squares method='trf')")
struct TrustRegionReflectiveTests {
    func rosenbrock(_ x: [Double], _ r: inout [Double], _ j: inout [Double]) {
        r[0] = 10 * (x[1] - x[0] * x[0])
        r[1] = 1 - x[0]
        j[0] = -20 * x[0]
        j[1] = 10
        j[2] = -1
        j[3] = 0
    }

    @Test("unbounded Rosenbrock reaches (1, 1)")
    func unbounded() throws {
        var solver = TrustRegionReflective()
        solver.functionTolerance = 1e-14
        solver.stepTolerance = 1e-14
        solver.gradientTolerance = 1e-14
        let result = try solver.minimize(
            initial: [-1.2, 1], lower: [-.infinity, -.infinity], upper: [.infinity, .infinity],
            residualCount: 2, evaluate: rosenbrock)
        #expect(abs(result.parameters[0] - 1) < 1e-6 && abs(result.parameters[1] - 1) < 1e-6)
    }

    @Test("an active bound gives the constrained minimum, approached from inside")
    func bounded() throws {
        let result = try TrustRegionReflective().minimize(
            initial: [-1.2, 1], lower: [-2, -.infinity], upper: [0.5, .infinity],
            residualCount: 2, evaluate: rosenbrock)
        // Interior method: the iterate stays strictly feasible, so it ends next to the bound.
        #expect(result.parameters[0] <= 0.5)
        #expect(abs(result.parameters[0] - 0.5) < 1e-4)
        #expect(abs(result.parameters[1] - 0.25) < 1e-4)
    }

    @Test("a sum of two Gaussians with box bounds is recovered", arguments: [41, 80, 127])
    func gaussians(count: Int) throws {
        let frequencies = (0..<count).map { 1 + 39 * Double($0) / Double(count - 1) }
        let truth = [8.0, 0.6, 1.2, 12.0, 0.4, 2.0]
        func model(_ p: [Double], _ f: Double) -> Double {
            p[1] * exp(-0.5 * pow((f - p[0]) / p[2], 2))
                + p[4] * exp(-0.5 * pow((f - p[3]) / p[5], 2))
        }
        let data = frequencies.map { model(truth, $0) }
        let result = try TrustRegionReflective().minimize(
            initial: [8.5, 0.5, 0.8, 11.0, 0.3, 1.5], lower: [5, 0, 0.25, 8, 0, 0.25],
            upper: [11, .infinity, 6, 16, .infinity, 6], residualCount: count
        ) { p, r, j in
            for (i, f) in frequencies.enumerated() {
                r[i] = model(p, f) - data[i]
                for peak in [0, 3] {
                    let z = (f - p[peak]) / p[peak + 2]
                    let shape = exp(-0.5 * z * z)
                    j[6 * i + peak] = p[peak + 1] * shape * z / p[peak + 2]
                    j[6 * i + peak + 1] = shape
                    j[6 * i + peak + 2] = p[peak + 1] * shape * z * z / p[peak + 2]
                }
            }
        }
        // Exact data: only the 1e-8 stopping rules limit the agreement.
        for (fitted, expected) in zip(result.parameters, truth) {
            #expect(abs(fitted - expected) < 1e-5)
        }
    }

    @Test("exceeding the evaluation budget throws didNotConverge")
    func budget() {
        var solver = TrustRegionReflective()
        solver.maximumEvaluations = 2
        #expect(throws: DSPError.didNotConverge(iterations: 0)) {
            try solver.minimize(
                initial: [-1.2, 1], lower: [-.infinity, -.infinity],
                upper: [.infinity, .infinity], residualCount: 2, evaluate: rosenbrock)
        }
    }

    @Test("a non-finite model at the start throws fitFailed")
    func nonFinite() {
        let expected = DSPError.fitFailed(reason: "the model is not finite at the initial guess")
        #expect(throws: expected) {
            try TrustRegionReflective().minimize(
                initial: [0], lower: [-1], upper: [1], residualCount: 1
            ) { _, r, j in
                r[0] = .infinity
                j[0] = 1
            }
        }
    }

    @Test("Jacobi eigen-decomposition reproduces the matrix", arguments: [1, 2, 3, 7])
    func eigen(size: Int) {
        var generator = SeededGenerator(seed: UInt64(size))
        let factor = (0..<(size * size)).map { _ in generator.nextGaussian() }
        var matrix = [Double](repeating: 0, count: size * size)
        for a in 0..<size {
            for b in 0..<size {
                for k in 0..<size {
                    matrix[a * size + b] += factor[k * size + a] * factor[k * size + b]
                }
            }
        }
        let (values, vectors) = TrustRegionReflective.symmetricEigen(matrix, size)
        var worst = 0.0
        for a in 0..<size {
            for b in 0..<size {
                var sum = 0.0
                for k in 0..<size {
                    sum += vectors[a * size + k] * values[k] * vectors[b * size + k]
                }
                worst = max(worst, abs(sum - matrix[a * size + b]))
            }
        }
        #expect(worst < 1e-10)
        #expect(values.allSatisfy { $0 >= -1e-12 })
    }

    @Test("steps to the bound and trust-region intersections")
    func geometry() {
        let solver = TrustRegionReflective()
        let (step, hits) = solver.stepToBound([0, 0], [1, -2], [-1, -1], [4, 1])
        #expect(step == 0.5)
        #expect(hits == [0, -1])
        let (low, high) = solver.intersectTrustRegion([0, 0], [3, 4], 10)
        #expect(abs(low + 2) < 1e-12 && abs(high - 2) < 1e-12)
        let feasible = solver.strictlyFeasible(
            [0, 1, 5], [0, -1, -5], [2, 1, 5], relativeStep: 1e-10)
        #expect(feasible[0] > 0 && feasible[1] < 1 && feasible[2] < 5)
    }
}
