import EEGCore
import EEGDSP
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@testable import EEGAnalysis

@Suite("Rhythm analysis (detect pipeline) on scenarios")
struct RhythmAnalysisTests {
    /// A shortened ketamine recording: infusion from 60 s, 150 s in all.
    static func ketamine(seed: UInt64) throws -> Recording {
        var parameters = ScenarioParameters()
        parameters.seed = seed
        parameters.duration = 150
        parameters.infusionOnset = 60
        parameters.channels = ["Fz", "Cz", "Pz", "POz", "Oz"]
        return try Scenario.ketamine.synthesize(parameters).recording
    }

    @Test("ketamine: the ~3 Hz peak is found in the infusion, not the baseline, on Pz/POz")
    func ketaminePeak() throws {
        let recording = try Self.ketamine(seed: 9090)
        let analysis = RhythmAnalysis(settings: .init(rhythm: .delta3))
        // Baseline 0–60 s; infusion from 70 s (after the 10 s ramp).
        let baseline = recording.mapSignals { $0.slice(from: 0, to: 60) }
        let infusion = recording.mapSignals { $0.slice(from: 70, to: 150) }
        let before = try analysis.analyse(baseline, file: "baseline").summary
        let after = try analysis.analyse(infusion, file: "infusion").summary
        for name in ["Pz", "POz"] {
            let early = try #require(before.channels.first { $0.name == name })
            let late = try #require(after.channels.first { $0.name == name })
            #expect(
                early.peak?.present == false, "\(name) baseline: \(String(describing: early.peak))")
            let peak = try #require(late.peak)
            #expect(peak.present, "\(name) infusion")
            // Episodes are drawn at 2.5–3.5 Hz: the fitted peak lies inside.
            #expect((2.5...3.5).contains(peak.frequencyHz ?? 0), "\(name): \(peak)")
            #expect(late.fractionInEpisodes > early.fractionInEpisodes)
        }
    }

    @Test("ketamine: gamma band power rises by the synthesized 3 dB (±1 dB), p < 0.05")
    func ketamineGamma() throws {
        let recording = try Self.ketamine(seed: 9191)
        let baseline = recording.mapSignals { $0.slice(from: 0, to: 60) }
        let infusion = recording.mapSignals { $0.slice(from: 70, to: 150) }
        let rows = try RhythmComparison(
            settings: .init(rhythm: .gamma, permutationCount: 200)
        ).compare(baseline, infusion)
        #expect(rows.count == 5)
        for row in rows {
            print(
                "ketamine gamma \(row.name): \(row.bandPowerChangeDecibels) dB "
                    + "p \(row.bandPowerP)")
            // Expected +3 dB; Welch over 60–80 s of 1/f noise scatters by a few tenths of a dB.
            #expect(abs(row.bandPowerChangeDecibels - 3) < 1, "\(row.name)")
            #expect(row.bandPowerP < 0.05)
        }
        let delta = try RhythmComparison(
            settings: .init(rhythm: .delta3, permutationCount: 200)
        ).compare(baseline, infusion)
        let pz = try #require(delta.first { $0.name == "Pz" })
        #expect(pz.bandPowerChangeDecibels > 2)
        #expect(pz.peakHeightChangeDecibels > 0.5)
        #expect(pz.peakHeightP < 0.05)
        #expect(!pz.baseline.peak.present && pz.condition.peak.present)
    }

    @Test("ketamine: the steady broadband gamma rise gives no episodes, no peak, 'broadband'")
    func ketamineGammaIsBroadband() throws {
        // The scenario raises 30–80 Hz by 3 dB from the infusion on and has no gamma bursts.
        // Before BroadbandLevel and the flank rule this gave dozens of gamma "episodes" and
        // "present" peaks made by the step at 30 Hz.
        let recording = try Self.ketamine(seed: 9191)
        let summary = try RhythmAnalysis(settings: .init(rhythm: .gamma))
            .analyse(recording, file: "k").summary
        for channel in summary.channels {
            #expect(channel.episodes == 0, "\(channel.name)")
            #expect(channel.peak?.present != true, "\(channel.name): \(String(describing: channel.peak))")
            #expect(channel.finding == "broadband change", "\(channel.name)")
            // Infusion 60–150 s (after a 10 s ramp): about 55 % of the recording raised.
            #expect((0.35...0.75).contains(channel.broadbandRiseFraction ?? 0), "\(channel.name)")
        }
    }

    @Test("aperiodic background: at most one false episode in 5 minutes of 22 channels")
    func aperiodicFalseAlarms() throws {
        // Measured rate (docs/detection.md): 0.33 per 22-channel recording per 5 minutes.
        var parameters = ScenarioParameters()
        parameters.seed = 6060
        parameters.duration = 300
        let recording = try Scenario.aperiodic.synthesize(parameters).recording
        #expect(recording.signals.count == 22)
        for rhythm in [Rhythm.delta3, .gamma] {
            let result = try RhythmAnalysis(settings: .init(rhythm: rhythm))
                .analyse(recording, file: "aperiodic")
            print("aperiodic \(rhythm.name): \(result.events.count) events on 22 channels, 300 s")
            #expect(result.events.count <= 1, "\(rhythm.name): \(result.events)")
            // Nor a spectral peak: FOOOF fits small Gaussians to the estimation noise (1–1.8 dB
            // in 30–80 Hz); they stay under 5 × the Welch noise.
            let peaks = result.summary.channels.filter { $0.peak?.present == true }
            #expect(peaks.isEmpty, "\(rhythm.name): \(peaks.map(\.name)) report a peak")
            #expect(result.summary.channels.allSatisfy { ($0.peak?.noiseLog10 ?? 0) > 0 })
        }
    }

    @Test("settings errors throw")
    func errors() throws {
        let recording = try Self.ketamine(seed: 1)
        #expect(throws: AnalysisError.self) {
            try RhythmAnalysis(settings: .init(rhythm: .delta3, minimumCycles: 0))
                .analyse(recording, file: "x")
        }
        #expect(throws: AnalysisError.self) {
            try RhythmAnalysis(settings: .init(rhythm: .delta3, spatialExtentFraction: 2))
                .analyse(recording, file: "x")
        }
        #expect(throws: DSPError.self) {
            // Entirely above the usable passband of 256 Hz data (Nyquist 128 Hz − 6.4 Hz).
            let band = try FrequencyBand(low: 150, high: 200)
            return try RhythmAnalysis(settings: .init(rhythm: .band(band)))
                .analyse(recording, file: "x")
        }
        #expect(throws: AnalysisError.self) {
            try RhythmComparison(settings: .init(rhythm: .delta3, epochDuration: 100))
                .compare(recording, recording)
        }
        #expect(throws: AnalysisError.self) {
            try RhythmComparison(settings: .init(rhythm: .delta3, permutationCount: 0))
                .compare(recording, recording)
        }
    }

    @Test("permutation p-values are seeded and two-sided")
    func permutation() {
        var first = SeededGenerator(seed: 3)
        var second = SeededGenerator(seed: 3)
        let a = [1.0, 2, 3, 4, 5, 6]
        let b = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]
        let statistic: ([Double], [Double]) -> Double = {
            RhythmComparison.mean($1) - RhythmComparison.mean($0)
        }
        let p1 = RhythmComparison.permutationP(
            a, b, count: 300, using: &first, statistic: statistic)
        let p2 = RhythmComparison.permutationP(
            a, b, count: 300, using: &second, statistic: statistic)
        #expect(p1 == p2)
        #expect(p1 > 0.3)
        let far = b.map { $0 + 20 }
        let p3 = RhythmComparison.permutationP(
            a, far, count: 300, using: &first, statistic: statistic)
        // Complete separation of 6 vs 6: only 2 of 924 labellings are as extreme.
        #expect(p3 < 0.02)
    }
}

@Suite("Rhythm detection on real recordings")
struct RhythmRealDataTests {
    @Test("BioSemi Newtest17: delta3 finds the 2.63 Hz triangle wave",
        .enabled(if: TestData.hasShared("biosemi/Newtest17-256.bdf"),
            "needs ../shared/data/eeg/biosemi/Newtest17-256.bdf (absent in a fresh clone)"))
    func biosemiTriangle() throws {
        let url = try TestData.shared("biosemi/Newtest17-256.bdf")
        let recording = try RecordingFile.read(url).selecting(channels: ["A1", "A2", "A3", "A4"])
        let result = try RhythmAnalysis(settings: .init(rhythm: .delta3)).analyse(
            recording, file: url.lastPathComponent)
        for channel in result.summary.channels {
            print("Newtest17 \(channel.name): peak \(String(describing: channel.peak)) "
                + "episodes \(channel.episodes) fraction \(channel.fractionInEpisodes)")
            let peak = try #require(channel.peak)
            #expect(peak.present)
            // The test signal is 2.63 Hz; Welch bins are 0.5 Hz wide, FOOOF centres finer.
            #expect(abs((peak.frequencyHz ?? 0) - 2.63) < 0.25)
            #expect(channel.fractionInEpisodes > 0.5)
        }
        for event in result.events { #expect(abs(event.frequency - 2.63) < 0.2) }
    }

    @Test("eegmmidb S001R01: 60 Hz mains is not reported as gamma",
        .enabled(if: TestData.hasShared("eegmmidb/S001R01.edf"),
            "needs ../shared/data/eeg/eegmmidb/S001R01.edf (absent in a fresh clone)"))
    func eegmmidbMains() throws {
        let url = try TestData.shared("eegmmidb/S001R01.edf")
        let full = try RecordingFile.read(url)
        let recording = Recording(signals: Array(full.signals.prefix(16)))
        let result = try RhythmAnalysis(settings: .init(rhythm: .gamma)).analyse(
            recording, file: url.lastPathComponent)
        #expect(result.summary.lineNoiseHz == 60)
        // 160 Hz sampling: gamma is clipped below Nyquist and the muscle index is unavailable.
        #expect(result.summary.warnings.contains { $0.contains("clipped") })
        #expect(result.summary.muscle?.available == false)
        print("S001R01 gamma: \(result.events.count) events on 16 channels")
        for event in result.events { #expect(abs(event.frequency - 60) > 2, "\(event)") }
        for channel in result.summary.channels {
            if let frequency = channel.peak?.frequencyHz { #expect(abs(frequency - 60) > 2.5) }
        }
    }

    @Test("channels whose rate cannot hold the rhythm are unavailable, with a warning naming them")
    func slowChannelsSkipped() throws {
        var generator = SeededGenerator(seed: 4)
        let fast = try Signal(
            samples: (0..<6_000).map { _ in generator.nextGaussian() }, sampleRate: 200,
            label: "Cz")
        let slow = try Signal(
            samples: (0..<30).map { _ in generator.nextGaussian() }, sampleRate: 1,
            label: "X1")
        let recording = Recording(signals: [fast, slow])
        let result = try RhythmAnalysis(settings: .init(rhythm: .gamma, lineFrequency: .none))
            .analyse(recording, file: "mixed.edf")
        #expect(result.summary.channels.map(\.name) == ["Cz", "X1"])
        #expect(result.summary.channels.map(\.status) == [.analysed, .unavailable])
        #expect(result.summary.channels[1].reason?.contains("Nyquist frequency 0.5 Hz") == true)
        #expect(result.summary.warnings.contains { $0.hasPrefix("X1 unavailable: ") },
            "\(result.summary.warnings)")
    }
}
