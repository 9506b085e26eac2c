import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Polyphase resampling")
struct PolyphaseResamplerTests {
    @Test("fixtures are present")
    func fixturesLoaded() { #expect(FilterFixtures.resample.count == 8) }

    @Test("matches scipy.signal.resample_poly", arguments: FilterFixtures.resample)
    func matchesSciPy(_ fixture: FilterFixtures.ResampleCase) throws {
        let resampler = try PolyphaseResampler(up: fixture.up, down: fixture.down)
        let output = try resampler.resampled(fixture.x)
        #expect(output.count == resampler.outputCount(for: fixture.x.count))
        // Same filter (Kaiser I0 by series vs Cephes) and the same sums in another order.
        let check = compareArrays(
            output, fixture.y, relative: 1e-9, absolute: scaled(fixture.y, 1e-12))
        #expect(check.passed, "\(check)")
    }

    @Test("resampled(to:) finds the ratio and keeps a low tone",
          arguments: [(256.0, 100.0), (123.0, 256.0), (500.0, 250.0), (1000.0, 256.0)])
    func toRate(from rate: Double, to target: Double) throws {
        let count = Int(rate * 8)
        let tone = (0..<count).map { 10 * sin(2 * Double.pi * 5 * Double($0) / rate) }
        let signal = try Signal(samples: tone, sampleRate: rate, label: "Pz", unit: "uV")
        let resampled = try signal.resampled(to: target)
        #expect(resampled.sampleRate == target)
        #expect(resampled.label == "Pz")
        let expectedCount = Int((Double(count) * target / rate).rounded(.up))
        #expect(resampled.count == expectedCount)
        // Away from the zero-padded edges the 5 Hz tone is unchanged up to the Kaiser (β = 5)
        // filter's pass-band ripple (~0.2 % here).
        var worst = 0.0
        for index in (resampled.count / 4)..<(3 * resampled.count / 4) {
            let phase: Double = 2 * Double.pi * 5 * Double(index) / target
            worst = max(worst, abs(resampled.samples[index] - 10 * sin(phase)))
        }
        #expect(worst < 0.05)
    }

    @Test("bad ratios throw")
    func errors() throws {
        #expect(throws: DSPError.self) { try PolyphaseResampler(up: 0, down: 2) }
        #expect(throws: DSPError.self) { try PolyphaseResampler(up: 20_001, down: 2) }
        let signal = try Signal(samples: [1, 2, 3], sampleRate: 256)
        #expect(throws: DSPError.self) { try signal.resampled(to: 256 * Double.pi) }
        #expect(throws: DSPError.self) { try signal.resampled(to: -1) }
        let resampler = try PolyphaseResampler(up: 10_000, down: 1)
        #expect(throws: DSPError.self) {
            try resampler.resampled(Array(repeating: 0, count: 30_000))
        }
        let empty = try Signal(samples: [], sampleRate: 256)
        #expect(throws: DSPError.self) { try empty.resampled(up: 1, down: 2) }
    }

    @Test("equal factors return the input unchanged")
    func identity() throws {
        let resampler = try PolyphaseResampler(up: 7, down: 7)
        #expect(resampler.up == 1 && resampler.down == 1)
        #expect(try resampler.resampled([1, 2, 3]) == [1, 2, 3])
    }
}
