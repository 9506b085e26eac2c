import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Episode detection in signals with gaps")
struct EpisodeDetectorStretchTests {
    /// 250 Hz noise with a 10 Hz burst from 6 to 14 s of data time; stretches of 10 s, 8 s and
    /// 0.2 s, so the burst runs across the first join.
    static func signal() throws -> Signal {
        let rate = 250.0
        var generator = SeededGenerator(seed: 17)
        let samples = (0..<Int(18.2 * rate)).map { index -> Double in
            let time = Double(index) / rate
            let burst = time >= 6 && time < 14 ? 8 * sin(2 * .pi * 10 * time) : 0
            return burst + generator.nextGaussian()
        }
        return try Signal(samples: samples, sampleRate: rate, label: "Oz")
    }

    static let stretches = [0..<2500, 2500..<4500, 4500..<4550]

    @Test("per stretch: no episode crosses a join; each equals its stretch detected alone")
    func perStretch() throws {
        let signal = try Self.signal()
        let detector = EpisodeDetector(
            settings: EpisodeDetectionSettings(band: try FrequencyBand(low: 8, high: 12)))
        let joined = try detector.detect(in: signal)
        // Detected on the joined samples, the burst is one episode across the join at 2500.
        #expect(joined.episodes.contains { $0.burst.range.contains(2500) })
        let split = try detector.detect(in: signal, stretches: Self.stretches)
        #expect(split.sampleCount == signal.count)
        #expect(split.evidence.envelopePower.count == signal.count)
        #expect(split.episodes.count >= 2)
        // Edge blanking (one cycle of 8 Hz, 32 samples) at both sides of the join.
        for episode in split.episodes {
            let range = episode.burst.range
            #expect(Self.stretches.contains { $0.contains(range.lowerBound)
                && range.upperBound <= $0.upperBound })
            #expect(!(2500 - 32..<2500 + 32).overlaps(range), "\(range)")
        }
        let first = try detector.detect(in: signal.slice(Self.stretches[0]))
        let second = try detector.detect(in: signal.slice(Self.stretches[1]))
        let expected = first.episodes.map(\.burst.range)
            + second.episodes.map {
                ($0.burst.range.lowerBound + 2500)..<($0.burst.range.upperBound + 2500)
            }
        #expect(split.episodes.map(\.burst.range) == expected)
        #expect(Array(split.evidence.envelopePower[2500..<4500]) == second.evidence.envelopePower)
        // The 0.2 s stretch is too short to analyse: skipped, zero evidence.
        #expect(split.evidence.envelopePower[4500..<4550].allSatisfy { $0 == 0 })
    }

    @Test("a single whole stretch is plain detection; all-short and bad ranges throw")
    func edgesAndErrors() throws {
        let signal = try Self.signal()
        let detector = EpisodeDetector(
            settings: EpisodeDetectionSettings(band: try FrequencyBand(low: 8, high: 12)))
        #expect(try detector.detect(in: signal, stretches: [0..<signal.count])
            == detector.detect(in: signal))
        #expect(throws: DSPError.self) {
            try detector.detect(in: signal, stretches: [0..<100, 50..<200])
        }
        do {
            _ = try detector.detect(in: signal, stretches: [0..<40, 40..<90, 90..<120])
            Issue.record("expected stretchesTooShort")
        } catch let DSPError.stretchesTooShort(label, longest, _, purpose) {
            #expect(label == "Oz" && longest == 50)
            #expect(purpose.hasPrefix("episode detection"))
        }
    }
}
