import EEGCore
import Foundation
import EEGStatistics
import Testing

@Suite("Statistics properties")
struct StatisticsPropertyTests {
    @Test("exhaustive sign flips for few subjects; random rows otherwise", arguments: [2, 5, 11])
    func exhaustive(subjects: Int) throws {
        var generator = SeededGenerator(seed: 3)
        let flips = try SignFlips.random(subjectCount: subjects, count: 5000, using: &generator)
        #expect(flips.rows.count == (1 << (subjects - 1)) - 1)
        #expect(Set(flips.rows).count == flips.rows.count)
        #expect(flips.rows.allSatisfy { $0[0] == 1 && $0.contains(-1) })
    }

    @Test("max-t family-wise error on null data stays near 5 % (Monte-Carlo tolerance)")
    func nullFamilyWiseError() throws {
        var generator = SeededGenerator(seed: 42)
        var rejections = 0
        let trials = 300
        for _ in 0..<trials {
            let data = (0..<15).map { _ in (0..<8).map { _ in generator.nextGaussian() } }
            let flips = try SignFlips.random(subjectCount: 15, count: 199, using: &generator)
            let result = try SignFlipMaxTest.run(data, flips: flips)
            if result.correctedP.contains(where: { $0 <= 0.05 }) { rejections += 1 }
        }
        // Binomial(300, 0.05): SD 3.8 rejections; accept within ~3 SD of 15.
        #expect((4...27).contains(rejections), "\(rejections) of \(trials)")
    }

    @Test("circular-shift test: p resolution 1/n, corrected ≥ uncorrected, detects a step")
    func circularShift() throws {
        var generator = SeededGenerator(seed: 5)
        let noise = (0..<60).map { _ in generator.nextGaussian() }
        let stepped = noise.enumerated().map { $0.offset >= 30 ? $0.element + 2 : $0.element }
        let result = try CircularShiftTest.run([noise, stepped], baselineCount: 30)
        // Rotations 0 and 6…54 (near rotations 1…5 and 55…59 left out).
        #expect(result.shiftCount == 50)
        // Equal spans: the half rotation swaps the labels (−t), so the smallest p is 2/m.
        #expect(result.uncorrectedP[1] == 2.0 / 50)
        #expect(result.correctedP[1] == 2.0 / 50)
        #expect(result.uncorrectedP[0] > 0.05)
        for (raw, corrected) in zip(result.uncorrectedP, result.correctedP) {
            #expect(raw <= corrected + 1e-12)
        }
        #expect(abs(result.differences[1] - result.differences[0] - 2) < 1e-12)
        #expect(throws: StatisticsError.self) {
            try CircularShiftTest.run([[1, 2, 3]], baselineCount: 2)
        }
    }

    @Test("drift check: white noise scores low, a random walk scores high")
    func drift() {
        var generator = SeededGenerator(seed: 9)
        let white = (0..<80).map { _ in generator.nextGaussian() }
        var walk: [Double] = []
        var level = 0.0
        for _ in 0..<80 {
            level += generator.nextGaussian()
            walk.append(level)
        }
        #expect(DriftCheck.score(white, baselineCount: 40) < 3)
        #expect(DriftCheck.score(walk, baselineCount: 40) > 3)
    }

    @Test("drift ratio: white noise near 1, a slow Ornstein–Uhlenbeck wander above threshold")
    func driftRatio() throws {
        var generator = SeededGenerator(seed: 17)
        // 20 series of 30 + 30 white epochs: ratios scatter around 1, none above threshold.
        var whiteRatios: [Double] = []
        for _ in 0..<20 {
            let white = (0..<60).map { _ in generator.nextGaussian() }
            let value = try #require(
                DriftRatio.value(white, baselineCount: 30, blockLength: 5))
            #expect(value.degreesOfFreedom == 10)
            whiteRatios.append(value.ratio)
        }
        let meanWhite = whiteRatios.reduce(0, +) / 20
        // Mean of 20 ratios with df 10 (SD ≈ 0.45 each): within ±0.35 of 1 (≈ 3.5 SD).
        #expect(abs(meanWhite - 1) < 0.35, "\(meanWhite)")
        #expect(whiteRatios.allSatisfy { $0 < DriftRatio.singleThreshold(degreesOfFreedom: 10) })
        // White noise (SD 0.3) plus a slow AR(1) wander (SD 1, time constant 10 epochs).
        let a = exp(-1.0 / 10)
        var level = generator.nextGaussian()
        let drifting = (0..<60).map { _ -> Double in
            level = a * level + (1 - a * a).squareRoot() * generator.nextGaussian()
            return level + 0.3 * generator.nextGaussian()
        }
        let ratio = try #require(DriftRatio.value(drifting, baselineCount: 30, blockLength: 5))
        #expect(ratio.ratio > DriftRatio.singleThreshold(degreesOfFreedom: 10), "\(ratio)")
        // Pooled rule: a mild common wander in 8 series, each below the single threshold,
        // is withheld as a group; an independent white group is kept.
        var common = 0.0
        let wander = (0..<60).map { _ -> Double in
            common = a * common + (1 - a * a).squareRoot() * generator.nextGaussian()
            return 0.6 * common
        }
        let mild = (0..<8).map { _ in wander.map { $0 + generator.nextGaussian() } }
        let clean = (0..<8).map { _ in (0..<60).map { _ in generator.nextGaussian() } }
        let outcome = DriftRatio.withheld(
            mild + clean, groups: [Array(0..<8), Array(8..<16)], baselineCount: 30)
        #expect(outcome.withheld[0..<8].allSatisfy { $0 }, "\(outcome.ratios)")
        #expect(outcome.withheld[8..<16].allSatisfy { !$0 }, "\(outcome.ratios)")
        #expect(DriftRatio.blockLength(shorterSpanCount: 30) == 5)
        #expect(DriftRatio.value([1, 2, 3], baselineCount: 1, blockLength: 5) == nil)
    }

    @Test("percentile bootstrap of the mean covers the mean; block bootstrap is wider on AR(1)")
    func bootstrap() throws {
        var generator = SeededGenerator(seed: 1)
        var series: [Double] = []
        var value = 0.0
        for _ in 0..<200 {
            value = 0.9 * value + generator.nextGaussian()
            series.append(value)
        }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        let plain = try Bootstrap.percentileInterval(of: series, using: &generator) { mean($0) }
        let blocked = try Bootstrap.blockInterval(
            of: [series], blockLength: 20, using: &generator) { mean($0[0]) }
        #expect(plain.low < mean(series) && mean(series) < plain.high)
        #expect(blocked.high - blocked.low > 1.5 * (plain.high - plain.low))
        #expect(throws: StatisticsError.self) {
            try Bootstrap.percentileInterval(of: [1], using: &generator) { mean($0) }
        }
    }

    @Test("adjacency from positions by distance is symmetric and irreflexive")
    func adjacency() throws {
        let positions: [(x: Double, y: Double, z: Double)] = [
            (0, 0, 1), (0.3, 0, 0.95), (0.6, 0, 0.8), (-0.3, 0, 0.95)]
        let adjacency = try ChannelAdjacency(positions: positions, maximumDistance: 0.35)
        #expect(adjacency.neighbours == [[1, 3], [0, 2], [1], [0]])
        #expect(adjacency.repeated(2).neighbours[5] == [4, 6])
        #expect(throws: StatisticsError.self) {
            try ChannelAdjacency(neighbours: [[3]])
        }
    }

    @Test("shape errors", arguments: [0, 1])
    func shapes(kind: Int) {
        #expect(throws: StatisticsError.self) {
            if kind == 0 {
                _ = try OneSampleT.statistics([[1, 2], [1]])
            } else {
                _ = try SignFlipMaxTest.run(
                    [[1], [2], [3]], flips: try SignFlips(subjectCount: 2, rows: [[1, -1]]))
            }
        }
    }
}
