import EEGCore
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Event scoring")
struct EventScoringTests {
    static func event(
        _ onset: Double, _ duration: Double, _ channel: String = "Pz", _ rhythm: String = "delta3"
    ) -> RhythmEvent {
        RhythmEvent(
            onset: onset, duration: duration, channel: channel, rhythm: rhythm, frequency: 3,
            amplitude: 10)
    }

    @Test("a hand-worked case: counts, ratios and matched pairs")
    func handWorked() throws {
        let truth = [
            Self.event(10, 2),  // matched by a detection covering 1.5 s of it
            Self.event(20, 2),  // detection overlaps 0.7 s < 0.5 × 1.6 s → miss
            Self.event(30, 1, "Oz"),  // matched on its own channel
            Self.event(40, 1),  // no detection
        ]
        let detected = [
            Self.event(10.5, 3),
            Self.event(21.3, 1.6),
            Self.event(30.2, 1, "EEG Oz-REF"),
            Self.event(30.2, 1, "Oz", "gamma"),  // other rhythm: false positive
        ]
        let score = try EventScore(truth: truth, detected: detected)
        #expect(score.truePositives == 2)
        #expect(score.falsePositives == 2)
        #expect(score.falseNegatives == 2)
        #expect(score.precision == 0.5 && score.recall == 0.5 && score.f1 == 0.5)
        #expect(score.matches.map(\.truthIndex) == [0, 2])
        #expect(score.matches.map(\.detectedIndex) == [0, 2])
        #expect(isClose(score.matches[0].overlap, 1.5, relative: 1e-12))
    }

    @Test("the overlap threshold is relative to the shorter event", arguments: [
        (0.5, 1), (0.8, 1), (0.81, 0), (1.0, 0),
    ])
    func threshold(fraction: Double, expected: Int) throws {
        // Truth 0–10 s, detection 9.2–10.2 s: overlap 0.8 s of the shorter (1 s) event.
        let score = try EventScore(
            truth: [Self.event(0, 10)], detected: [Self.event(9.2, 1)], minimumOverlap: fraction)
        #expect(score.truePositives == expected)
    }

    @Test("one-to-one: the largest overlap wins and each event is used once")
    func greedy() throws {
        // One long detection spans two truths: only the larger overlap is a true positive.
        let truth = [Self.event(0, 1), Self.event(1.5, 2)]
        let detected = [Self.event(0.5, 3.5)]
        let score = try EventScore(truth: truth, detected: detected, minimumOverlap: 0.5)
        #expect(score.truePositives == 1)
        #expect(score.matches.first?.truthIndex == 1)
        #expect(score.falseNegatives == 1)
        // Two detections on one truth: one matches, the other is a false positive.
        let split = try EventScore(
            truth: [Self.event(0, 4)], detected: [Self.event(0, 1.5), Self.event(2, 2)])
        #expect(split.truePositives == 1 && split.falsePositives == 1)
        #expect(split.matches.first?.detectedIndex == 1)
    }

    @Test("the 0/0 cases are defined")
    func emptyCases() throws {
        let nothing = try EventScore(truth: [], detected: [])
        #expect(nothing.precision == 1 && nothing.recall == 1 && nothing.f1 == 1)
        let missed = try EventScore(truth: [Self.event(0, 1)], detected: [])
        #expect(missed.precision == 0 && missed.recall == 0 && missed.f1 == 0)
        #expect(missed.falseNegatives == 1)
        let spurious = try EventScore(truth: [], detected: [Self.event(0, 1)])
        #expect(spurious.precision == 0 && spurious.recall == 0 && spurious.f1 == 0)
        #expect(spurious.falsePositives == 1)
    }

    @Test("band rhythms match by value; zero-length events by containment")
    func names() throws {
        let score = try EventScore(
            truth: [Self.event(5, 2, "pz", "8-13"), Self.event(9, 0, "Pz", "gamma")],
            detected: [Self.event(5, 2, "Pz", "8.0-13.0"), Self.event(8, 2, "Pz", "GAMMA")])
        #expect(score.truePositives == 2)
    }

    @Test("scoring synthesized truth against itself is perfect")
    func selfScore() throws {
        var parameters = ScenarioParameters()
        parameters.duration = 60
        let truth = try Scenario.delta3Bursts.synthesize(parameters).events
        let score = try EventScore(truth: truth, detected: truth)
        #expect(score.truePositives == truth.count && score.f1 == 1)
    }

    @Test("bad overlap fractions and events throw")
    func errors() {
        for fraction in [1.5, -0.1, .nan] {
            #expect(throws: DSPError.self) {
                try EventScore(truth: [], detected: [], minimumOverlap: fraction)
            }
        }
        #expect(throws: DSPError.self) {
            try EventScore(truth: [Self.event(-1, 1)], detected: [])
        }
        #expect(throws: DSPError.self) {
            try EventScore(truth: [], detected: [Self.event(1, .infinity)])
        }
    }
}
