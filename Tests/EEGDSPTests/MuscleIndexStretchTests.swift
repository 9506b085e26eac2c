import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Muscle index of discontinuous recordings")
struct MuscleIndexStretchTests {
    /// Two channels of 500 Hz white noise, 10 s in two 5 s stretches whose levels differ by
    /// 200 µV (a DC step at the join, as when a recording resumes after a pause).
    static func recording(segments: String?) throws -> Recording {
        var generator = SeededGenerator(seed: 31)
        let signals = try ["C3", "C4"].map { name in
            try Signal(
                samples: (0..<5000).map { index in
                    generator.nextGaussian() * 5 + (index < 2500 ? 0 : 200)
                },
                sampleRate: 500, label: name, unit: "uV")
        }
        return Recording(signals: signals, stretches: try segments.map(TestData.stretches))
    }

    @Test("the step at a join is not scored as muscle when the gaps are known")
    func joinIsNotMuscle() throws {
        guard case .measured(let joined) = try MuscleIndex.assess(Self.recording(segments: nil)),
            case .measured(let split) = try MuscleIndex.assess(
                Self.recording(segments: "0:5;8:5"))
        else {
            Issue.record("expected a measured index")
            return
        }
        // Joined, the 200 µV step rings through the 110–140 Hz band-pass: a large z-score.
        #expect(joined.maximumScore > 2 * split.maximumScore, "\(joined) vs \(split)")
        #expect(split.maximumScore < MuscleIndex.threshold + 2)
    }

    @Test("stretches too short to filter leave the index unavailable")
    func tooShort() throws {
        // 250 stretches of 20 samples: shorter than the band-pass's padding.
        let recording = try Self.recording(segments: (0..<250).map {
            "\(Double($0) * 0.08):0.04"
        }.joined(separator: ";"))
        guard case .unavailable(let reason) = try MuscleIndex.assess(recording) else {
            Issue.record("expected unavailable")
            return
        }
        #expect(reason.contains("gap-free stretch"))
    }
}
