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

    @Test("BOSC thresholds with a given background: many short stretches equal each stretch alone")
    func sharedBackgroundAcrossStretches() throws {
        let signal = try Self.signal()
        let background = SpectralModel.Aperiodic(offset: 0, knee: nil, exponent: 1)
        let detector = EpisodeDetector(settings: EpisodeDetectionSettings(
            band: try FrequencyBand(low: 8, high: 12), threshold: .aperiodicPower(percentile: 0.9)))
        // 3 s stretches: the expected background power of each sub-band is computed once and
        // reused (the EDF+D speed-up); results must equal detecting every stretch on its own.
        let stretches = stride(from: 0, to: 4500, by: 750).map { $0..<min(4500, $0 + 750) }
        let split = try detector.detect(in: signal, stretches: stretches, background: background)
        var expected: [Range<Int>] = []
        var expectedPower: [Double] = []
        for range in stretches {
            let alone = try detector.detect(in: signal.slice(range), background: background)
            let shift = range.lowerBound
            expected += alone.episodes.map { episode -> Range<Int> in
                let local = episode.burst.range
                return (local.lowerBound + shift)..<(local.upperBound + shift)
            }
            expectedPower = alone.evidence.expectedPower
        }
        #expect(!expected.isEmpty)
        #expect(split.episodes.map(\.burst.range) == expected)
        // Every stretch has the same expected power per sub-band, so the weighted mean equals it.
        // Weighted mean of equal values: equal up to rounding.
        let check = compareArrays(
            split.evidence.expectedPower, expectedPower, relative: 1e-12, absolute: 0)
        #expect(check.passed, "\(check)")
    }

    @Test("BOSC without a given background: each stretch uses its own fitted background")
    func ownBackgroundPerStretch() throws {
        let signal = try Self.signal()
        let detector = EpisodeDetector(settings: EpisodeDetectionSettings(
            band: try FrequencyBand(low: 8, high: 12), threshold: .aperiodicPower(percentile: 0.9)))
        let stretches = [0..<2500, 2500..<4500]
        let split = try detector.detect(in: signal, stretches: stretches)
        let first = try detector.detect(in: signal.slice(stretches[0]))
        let second = try detector.detect(in: signal.slice(stretches[1]))
        #expect(first.evidence.expectedPower != second.evidence.expectedPower)
        #expect(Array(split.evidence.envelopePower[2500..<4500]) == second.evidence.envelopePower)
        let shifted = second.episodes.map { episode -> Range<Int> in
            (episode.burst.range.lowerBound + 2500)..<(episode.burst.range.upperBound + 2500)
        }
        #expect(split.episodes.map(\.burst.range) == first.episodes.map(\.burst.range) + shifted)
    }
}
