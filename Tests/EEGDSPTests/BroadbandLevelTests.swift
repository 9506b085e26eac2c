import EEGCore
import Testing

@testable import EEGDSP

@Suite("Broadband level across sub-bands")
struct BroadbandLevelTests {
    @Test("a rise of every sub-band becomes the level; the level is never below 1")
    func broadbandRise() {
        // 9 sub-bands, 120 blocks of 0.5 s: blocks 60… at twice the background.
        let means = (0..<9).map { _ in (0..<120).map { $0 < 60 ? 0.9 : 2.0 } }
        let level = BroadbandLevel(subbandBlockMeans: means, blockCount: 50, sampleRate: 100)
        #expect(level.factor(at: 10 * 50) == 1)
        #expect(abs(level.factor(at: 100 * 50) - 2) < 1e-12)
        #expect(abs(level.raisedFraction - 0.5) < 0.05)
        #expect(level.factor(at: 1_000_000) == 1)
    }

    @Test("a narrowband burst (2 of 9 sub-bands) does not move the level")
    func narrowbandBurst() {
        var means = (0..<9).map { _ in [Double](repeating: 1, count: 120) }
        for band in [3, 4] {
            for block in 30..<90 { means[band][block] = 20 }
        }
        let level = BroadbandLevel(subbandBlockMeans: means, blockCount: 50, sampleRate: 100)
        #expect(level.blockFactors.allSatisfy { $0 == 1 })
        #expect(level.raisedFraction == 0)
    }
}
