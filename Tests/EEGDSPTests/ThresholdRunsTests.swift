import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

private struct DualThresholdFixture: Decodable {
    struct Case: Decodable, CustomStringConvertible {
        let name: String
        let magnitude: [Double]
        let low: Double
        let high: Double
        let min_samples: Int
        let split_runs: [[Int]]
        let kept_runs_neurodsp: [[Int]]
        var description: String { name }
    }
    let cases: [Case]
}

@Suite("Threshold runs (NeuroDSP dual threshold)")
struct ThresholdRunsTests {
    private static func cases() throws -> [DualThresholdFixture.Case] {
        try TestData.loadJSON(
            DualThresholdFixture.self,
            from: TestData.fixtures("EEGDSPTests").appendingPathComponent("burst_dualthresh.json")
        ).cases
    }

    @Test("dual-threshold runs equal NeuroDSP's _dual_threshold_split exactly")
    func matchesNeuroDSPSplit() throws {
        for fixture in try Self.cases() {
            let runs = ThresholdRuns.dualThresholdRuns(
                fixture.magnitude, low: fixture.low, high: fixture.high)
            #expect(runs.map { [$0.lowerBound, $0.upperBound] } == fixture.split_runs,
                    "\(fixture)")
        }
    }

    @Test("short-run removal keeps NeuroDSP's runs, without its one-sample shift")
    func matchesNeuroDSPShortRemoval() throws {
        for fixture in try Self.cases() {
            let runs = ThresholdRuns.removingShort(
                ThresholdRuns.dualThresholdRuns(
                    fixture.magnitude, low: fixture.low, high: fixture.high),
                minimumCount: fixture.min_samples)
            // NeuroDSP writes each kept run starting one sample early (np.diff positions).
            let shifted = fixture.kept_runs_neurodsp.map { [$0[0] + 1, $0[1] + 1] }
            #expect(runs.map { [$0.lowerBound, $0.upperBound] } == shifted, "\(fixture)")
        }
    }

    @Test("edge samples never belong to a run")
    func edgesExcluded() {
        let runs = ThresholdRuns.dualThresholdRuns([5, 5, 5, 5, 5], low: 1, high: 2)
        #expect(runs == [1..<4])
        #expect(ThresholdRuns.dualThresholdRuns([5, 5], low: 1, high: 2).isEmpty)
        #expect(ThresholdRuns.dualThresholdRuns([], low: 1, high: 2).isEmpty)
    }

    @Test("gaps shorter than the limit are bridged, longer ones kept")
    func merging() {
        let runs = [2..<5, 7..<9, 20..<22]
        #expect(ThresholdRuns.merged(runs, maximumGapCount: 3) == [2..<9, 20..<22])
        #expect(ThresholdRuns.merged(runs, maximumGapCount: 2) == runs)
        #expect(ThresholdRuns.merged(runs, maximumGapCount: 0) == runs)
        #expect(ThresholdRuns.merged([], maximumGapCount: 5).isEmpty)
    }

    @Test("mask marks exactly the run samples")
    func mask() {
        #expect(ThresholdRuns.mask([1..<3], count: 4) == [false, true, true, false])
    }
}
