import EEGCore
import EEGStatistics
import Foundation
import Testing
import _TestSupport

/// `Fixtures/permutation_mne.json` (make_permutation_fixtures.py): MNE 1.13 results with the
/// sign-flip rows MNE drew exported, so the same relabellings run here and results must agree
/// to rounding (no Monte-Carlo tolerance needed).
struct PermutationFixture: Decodable {
    struct MaxT: Decodable {
        let sign_rows: [[Double]]
        let t: [Double]
        let p_corrected: [Double]
        let h0_sorted: [Double]
    }
    struct ClusterPart: Decodable {
        let sign_rows: [[Double]]
        let t: [Double]
        let clusters: [[Int]]
        let cluster_p: [Double]
        let h0: [Double]
    }
    struct Parameters: Decodable {
        let cluster_threshold: Double
        let n_subjects: Int
    }
    struct Parametric: Decodable {
        let p: [Double]
        let t_quantile_0975: Double
    }
    struct FDR: Decodable {
        let p_in: [Double]
        let p_adjusted: [Double]
    }
    let parameters: Parameters
    let data: [[Double]]
    let neighbours: [[Int]]
    let max_t: MaxT
    let cluster: ClusterPart
    let t_parametric: Parametric
    let fdr_bh: FDR

    static func load() throws -> PermutationFixture {
        try TestData.loadJSON(
            PermutationFixture.self,
            from: TestData.fixtures("EEGStatisticsTests")
                .appendingPathComponent("permutation_mne.json"))
    }
}

@Suite("Permutation tests vs MNE (same sign flips)")
struct PermutationFixtureTests {
    @Test("sign-flip max-t matches mne.stats.permutation_t_test")
    func maxT() throws {
        let fixture = try PermutationFixture.load()
        let flips = try SignFlips(
            subjectCount: fixture.data.count, rows: fixture.max_t.sign_rows)
        let result = try SignFlipMaxTest.run(fixture.data, flips: flips)
        // t: same formula, different summation order only.
        let t = compareArrays(result.statistics, fixture.max_t.t, relative: 1e-10, absolute: 1e-12)
        #expect(t.passed, "\(t)")
        // p: counts over the same 1000 values; exact up to ties broken by rounding.
        #expect(result.correctedP == fixture.max_t.p_corrected)
        let null = compareArrays(
            result.maximumNull.sorted(), fixture.max_t.h0_sorted, relative: 1e-10)
        #expect(null.passed, "\(null)")
        #expect(result.uncorrectedP.allSatisfy { $0 >= flips.smallestP && $0 <= 1 })
        for (raw, corrected) in zip(result.uncorrectedP, result.correctedP) {
            #expect(raw <= corrected)
        }
    }

    @Test("cluster test matches mne.stats.permutation_cluster_1samp_test")
    func cluster() throws {
        let fixture = try PermutationFixture.load()
        let flips = try SignFlips(
            subjectCount: fixture.data.count, rows: fixture.cluster.sign_rows)
        let adjacency = try ChannelAdjacency(neighbours: fixture.neighbours)
        let result = try ClusterPermutationTest.run(
            fixture.data, adjacency: adjacency,
            threshold: fixture.parameters.cluster_threshold, flips: flips)
        #expect(result.clusters.map(\.members) == fixture.cluster.clusters)
        #expect(result.clusters.map(\.p) == fixture.cluster.cluster_p)
        // MNE's H0 holds the observed maximum first and signed masses.
        let expected = Array(fixture.cluster.h0.dropFirst()).map(abs) + [abs(fixture.cluster.h0[0])]
        let null = compareArrays(result.maximumNull, expected, relative: 1e-10, absolute: 1e-12)
        #expect(null.passed, "\(null)")
    }

    @Test("t quantile and distribution function match scipy.stats.t")
    func studentT() throws {
        let fixture = try PermutationFixture.load()
        let nu = Double(fixture.parameters.n_subjects - 1)
        #expect(isClose(
            StudentT.quantile(0.975, degreesOfFreedom: nu), fixture.t_parametric.t_quantile_0975,
            relative: 1e-9))
        let t = try OneSampleT.statistics(fixture.data)
        let p = t.map { StudentT.twoSidedP($0, degreesOfFreedom: nu) }
        let comparison = compareArrays(p, fixture.t_parametric.p, relative: 1e-8, absolute: 1e-14)
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("Benjamini–Hochberg matches mne.stats.fdr_correction")
    func fdr() throws {
        let fixture = try PermutationFixture.load()
        let adjusted = BenjaminiHochberg.adjusted(fixture.fdr_bh.p_in)
        let comparison = compareArrays(adjusted, fixture.fdr_bh.p_adjusted, relative: 1e-12)
        #expect(comparison.passed, "\(comparison)")
    }
}
