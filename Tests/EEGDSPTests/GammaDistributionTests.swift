import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

private struct GammaFixture: Decodable {
    struct Case: Decodable {
        let shape: Double
        let scale: Double
        let x: [Double]
        let sf: [Double]
        let p: [Double]
        let isf: [Double]
    }
    let cases: [Case]
}

@Suite("Gamma distribution (scipy.stats.gamma)")
struct GammaDistributionTests {
    private static func cases() throws -> [GammaFixture.Case] {
        try TestData.loadJSON(
            GammaFixture.self,
            from: TestData.fixtures("EEGDSPTests").appendingPathComponent(
                "gamma_distribution.json")
        ).cases
    }

    @Test("upper tail equals scipy's gamma.sf on both branches of the incomplete gamma")
    func upperTail() throws {
        for fixture in try Self.cases() {
            let distribution = GammaDistribution(shape: fixture.shape, scale: fixture.scale)
            let actual = fixture.x.map { distribution.upperTail($0) }
            // 1e-9 relative: the series and continued fraction converge to ~1e-15; the rest
            // is lgamma and exp rounding at shape 400. Underflowed tails compare absolutely.
            let check = compareArrays(actual, fixture.sf, relative: 1e-9, absolute: 1e-280)
            #expect(check.passed, "shape \(fixture.shape) scale \(fixture.scale): \(check)")
        }
    }

    @Test("upper quantile equals scipy's gamma.isf down to 1e-9")
    func upperQuantile() throws {
        for fixture in try Self.cases() {
            let distribution = GammaDistribution(shape: fixture.shape, scale: fixture.scale)
            let actual = fixture.p.map { distribution.upperQuantile($0) }
            // Bisection stops at 1e-12 relative; 1e-9 leaves room for the tail's rounding.
            let check = compareArrays(actual, fixture.isf, relative: 1e-9)
            #expect(check.passed, "shape \(fixture.shape) scale \(fixture.scale): \(check)")
        }
    }

    @Test("moment matching gives the mean and variance asked for")
    func momentMatching() {
        let distribution = GammaDistribution(mean: 2.83, variance: 0.31)
        #expect(isClose(distribution.shape * distribution.scale, 2.83, relative: 1e-12))
        #expect(
            isClose(
                distribution.shape * distribution.scale * distribution.scale, 0.31,
                relative: 1e-12))
        #expect(distribution.upperTail(0) == 1)
        #expect(distribution.upperTail(-1) == 1)
    }
}
