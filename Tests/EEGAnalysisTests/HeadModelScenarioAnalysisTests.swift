import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@testable import EEGAnalysis

/// The designed effects of `ketamine-headmodel` (the ~3 Hz source projected through the
/// spherical head) as the analysis pipeline sees them: the counterpart of the `ketamine` checks
/// in RhythmAnalysisTests.
@Suite("Rhythm analysis on ketamine-headmodel")
struct HeadModelScenarioAnalysisTests {
    /// Infusion from 60 s, 150 s in all, 22 channels, 100 cortical background dipoles.
    static func recording(seed: UInt64) throws -> Recording {
        var parameters = ScenarioParameters()
        parameters.seed = seed
        parameters.duration = 150
        parameters.infusionOnset = 60
        parameters.backgroundSourceCount = 100
        return try Scenario.ketamineHeadModel.synthesize(parameters).recording
    }

    @Test("the ~3 Hz peak appears in the infusion on Pz/POz; the delta3 change is posterior")
    func delta3() throws {
        let recording = try Self.recording(seed: 7070)
        let baseline = recording.mapSignals { $0.slice(from: 0, to: 60) }
        let infusion = recording.mapSignals { $0.slice(from: 70, to: 150) }
        let analysis = RhythmAnalysis(settings: .init(rhythm: .delta3))
        let before = try analysis.analyse(baseline, file: "baseline").summary
        let after = try analysis.analyse(infusion, file: "infusion").summary
        for name in ["Pz", "POz"] {
            let early = try #require(before.channels.first { $0.name == name })
            let late = try #require(after.channels.first { $0.name == name })
            #expect(early.peak?.present == false, "\(name) baseline")
            let peak = try #require(late.peak)
            #expect(peak.present, "\(name) infusion")
            #expect((2.5...3.5).contains(peak.frequencyHz ?? 0), "\(name): \(peak)")
            #expect(late.fractionInEpisodes > early.fractionInEpisodes)
        }
        let rows = try RhythmComparison(
            settings: .init(rhythm: .delta3, permutationCount: 200)
        ).compare(baseline, infusion)
        let specificity = try SpatialSpecificity.posteriorMidline(
            labels: rows.map(\.name), values: rows.map(\.bandPowerChangeDecibels))
        #expect(specificity.isPosterior, "\(specificity)")
        let maximum = try #require(rows.max { $0.bandPowerChangeDecibels < $1.bandPowerChangeDecibels })
        #expect(["CPz", "Pz", "POz"].contains(maximum.name), "maximum at \(maximum.name)")
    }

    @Test("gamma power rises by the synthesized 3 dB (±1 dB) on every channel")
    func gamma() throws {
        let recording = try Self.recording(seed: 7171)
        let baseline = recording.mapSignals { $0.slice(from: 0, to: 60) }
        let infusion = recording.mapSignals { $0.slice(from: 70, to: 150) }
        let rows = try RhythmComparison(
            settings: .init(rhythm: .gamma, permutationCount: 200)
        ).compare(baseline, infusion)
        #expect(rows.count == 22)
        for row in rows {
            // As in the ketamine test: Welch over 60–80 s scatters by a few tenths of a dB.
            #expect(abs(row.bandPowerChangeDecibels - 3) < 1, "\(row.name)")
        }
    }
}
