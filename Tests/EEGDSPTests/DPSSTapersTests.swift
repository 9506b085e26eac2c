import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("DPSS tapers")
struct DPSSTapersTests {
    @Test("tapers and concentration ratios match scipy.signal.windows.dpss")
    func matchesSciPy() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.DPSS.self, "spectral_dpss.json")
        for testCase in fixture.cases {
            let normalization: DPSSTapers.Normalization = switch testCase.norm {
            case "approximate": .approximate
            case "subsample": .subsample
            default: .unitEnergy
            }
            let dpss = try DPSSTapers(
                count: testCase.count, timeHalfBandwidth: testCase.nw,
                taperCount: testCase.kmax, symmetry: testCase.sym ? .symmetric : .periodic,
                normalization: normalization)
            let context = "M=\(testCase.count) NW=\(testCase.nw) K=\(testCase.kmax)"
            #expect(dpss.tapers.count == testCase.tapers.count, "\(context)")
            for (order, expected) in testCase.tapers.enumerated() where order < dpss.tapers.count {
                // Eigenvectors by inverse iteration on both sides: ~1e-13 agreement; the
                // floor covers samples in the tapers' tails that are near zero.
                expectClose(dpss.tapers[order], expected, relative: 1e-9, floor: 1e-11,
                            "\(context) order \(order)")
            }
            // Ratios are close to 1; FFT autocorrelation rounding limits them to ~1e-14.
            expectClose(dpss.concentrations, testCase.ratios, relative: 1e-10,
                        "\(context) ratios")
        }
    }

    @Test("unit-energy tapers are orthonormal", arguments: [64, 127, 500])
    func orthonormal(count: Int) throws {
        let dpss = try DPSSTapers(count: count, timeHalfBandwidth: 3, taperCount: 5)
        for first in 0..<5 {
            for second in first..<5 {
                var dot = 0.0
                for index in 0..<count {
                    dot += dpss.tapers[first][index] * dpss.tapers[second][index]
                }
                #expect(abs(dot - (first == second ? 1 : 0)) < 1e-10)
            }
        }
        // Concentrations decrease with order and the first 2NW − 1 are near 1.
        #expect(zip(dpss.concentrations, dpss.concentrations.dropFirst()).allSatisfy { $0 > $1 })
        #expect(dpss.concentrations[0] > 0.999)
    }

    @Test("a long taper set is computed without trouble")
    func longTapers() throws {
        let dpss = try DPSSTapers(count: 20_000, timeHalfBandwidth: 4, taperCount: 7,
                                  symmetry: .periodic)
        #expect(dpss.tapers.count == 7 && dpss.tapers[0].count == 20_000)
        #expect(dpss.concentrations.allSatisfy { $0 > 0.9 && $0 < 1 })
    }

    @Test("bad DPSS parameters throw")
    func badParameters() {
        #expect(throws: DSPError.self) {
            try DPSSTapers(count: 0, timeHalfBandwidth: 2, taperCount: 1)
        }
        #expect(throws: DSPError.self) {
            try DPSSTapers(count: 64, timeHalfBandwidth: 32, taperCount: 3)
        }
        #expect(throws: DSPError.self) {
            try DPSSTapers(count: 64, timeHalfBandwidth: 0, taperCount: 3)
        }
        #expect(throws: DSPError.self) {
            try DPSSTapers(count: 64, timeHalfBandwidth: 2, taperCount: 65)
        }
    }
}
