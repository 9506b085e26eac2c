import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

/// A delta3 detection at 100 Hz whose evidence is `power` against a background 2σ² = 1, with
/// one 3 Hz episode over `episode` (peak amplitude from the largest power there) when given.
private func delta3Detection(power: [Double], episode: Range<Int>?) -> EpisodeDetection {
    let found = episode.map { range in
        [RhythmEpisode(
            burst: Burst(range: range, sampleRate: 100), frequency: 3,
            peakAmplitude: (power[range].max() ?? 0).squareRoot(), snrDecibels: 10)]
    } ?? []
    return EpisodeDetection(
        episodes: found, band: Rhythm.delta3.band, subbands: [Rhythm.delta3.band],
        backgroundSource: "aperiodic", notchedFrequencies: [], sampleCount: power.count,
        sampleRate: 100,
        evidence: EpisodeEvidence(
            envelopePower: power, subbandIndex: [UInt8](repeating: 0, count: power.count),
            expectedPower: [1]))
}

/// Pink-ish background plus tapered sine bursts at known places.
private func burstSignal(
    sampleRate: Hertz, duration: Seconds, frequency: Hertz, bursts: [(Seconds, Seconds)],
    amplitude: Double, seed: UInt64, mains: Double = 0
) throws -> Signal {
    var generator = SeededGenerator(seed: seed)
    let noise = try Signal.powerLawNoise(
        exponent: 1.5, duration: duration, sampleRate: sampleRate,
        level: .density(1, at: 10), using: &generator)
    var samples = noise.samples
    for (onset, length) in bursts {
        let first = Int(onset * sampleRate)
        let count = Int(length * sampleRate)
        for index in 0..<count where first + index < samples.count {
            let time = Double(index) / sampleRate
            let taper = sin(Double.pi * Double(index) / Double(count))
            samples[first + index] +=
                amplitude * min(1, 2 * taper) * sin(2 * Double.pi * frequency * time)
        }
    }
    if mains > 0 {
        for index in samples.indices {
            samples[index] += mains * sin(2 * Double.pi * 50 * Double(index) / sampleRate)
        }
    }
    return try Signal(samples: samples, sampleRate: sampleRate, label: "Pz", unit: "uV")
}

@Suite("Episode detector")
struct EpisodeDetectorTests {
    @Test("3 Hz bursts are found where they are, at their frequency", arguments: [
        123.0, 256, 500,
    ])
    func findsDeltaBursts(sampleRate: Hertz) throws {
        let truth: [(Seconds, Seconds)] = [(10, 2.5), (30, 3), (47, 2)]
        let signal = try burstSignal(
            sampleRate: sampleRate, duration: 60, frequency: 3, bursts: truth, amplitude: 20,
            seed: 11)
        for method in DetectionMethod.allCases {
            let preset = try RhythmPreset(rhythm: .delta3, sampleRate: sampleRate, method: method)
            let detection = try EpisodeDetector(settings: preset.settings).detect(in: signal)
            #expect(detection.episodes.count == truth.count, "\(method)")
            for (episode, expected) in zip(detection.episodes, truth) {
                // Tapered edges sit below threshold: allow 0.6 s at each end.
                #expect(abs(episode.onset - expected.0) < 0.6, "\(method) onset")
                #expect(abs(episode.onset + episode.duration - expected.0 - expected.1) < 0.6)
                // Zero-crossing frequency of a 3 Hz sine in noise: within 0.15 Hz.
                #expect(abs(episode.frequency - 3) < 0.15, "\(method) frequency")
                // Peak envelope = sine amplitude plus the noise envelope's excursion there
                // (σ of 2–4 Hz background ≈ 4 µV here): within 35 %.
                #expect(isClose(episode.peakAmplitude, 20, relative: 0.35))
                #expect(episode.snrDecibels > 6)
            }
        }
    }

    @Test("pure 1/f noise gives few episodes with the preset thresholds")
    func quietOnNoise() throws {
        let signal = try burstSignal(
            sampleRate: 256, duration: 300, frequency: 3, bursts: [], amplitude: 0, seed: 5)
        let preset = try RhythmPreset(rhythm: .delta3, sampleRate: 256)
        let detection = try EpisodeDetector(settings: preset.settings).detect(in: signal)
        // Target: under one false episode per 5 minutes; allow 2 for one draw.
        #expect(detection.episodes.count <= 2)
        #expect(detection.backgroundSource == "aperiodic")
    }

    @Test("a strong 50 Hz mains sine over pink noise is not gamma")
    func mainsIsNotGamma() throws {
        let signal = try burstSignal(
            sampleRate: 256, duration: 60, frequency: 40, bursts: [], amplitude: 0, seed: 9,
            mains: 100)
        for method in DetectionMethod.allCases {
            let preset = try RhythmPreset(
                rhythm: .gamma, sampleRate: 256, method: method, lineFrequency: 50)
            let detection = try EpisodeDetector(settings: preset.settings).detect(in: signal)
            #expect(detection.notchedFrequencies == [50])
            #expect(detection.episodes.isEmpty, "\(method): \(detection.episodes)")
        }
    }

    @Test("gamma bursts next to mains are still found")
    func gammaBesideMains() throws {
        let signal = try burstSignal(
            sampleRate: 256, duration: 30, frequency: 40, bursts: [(5, 0.3), (20, 0.25)],
            amplitude: 6, seed: 3, mains: 50)
        let preset = try RhythmPreset(rhythm: .gamma, sampleRate: 256, lineFrequency: 50)
        let detection = try EpisodeDetector(settings: preset.settings).detect(in: signal)
        #expect(detection.episodes.count == 2)
        for episode in detection.episodes { #expect(abs(episode.frequency - 40) < 2) }
    }

    @Test("BOSC threshold is the chi-square(2)/2 quantile")
    func boscQuantile() {
        let thresholds = EpisodeThreshold.aperiodicPower(percentile: 0.95).normalizedThresholds
        // chi2.ppf(0.95, 2) / 2 = 2.995732273553991 (scipy.stats).
        #expect(isClose(thresholds.high, 2.995732273553991, relative: 1e-12))
        #expect(thresholds.low == thresholds.high)
    }

    @Test("sub-bands cover the band with half-width steps")
    func subbands() throws {
        let settings = EpisodeDetectionSettings(
            band: try FrequencyBand(low: 30, high: 80), subbandWidth: 10)
        let bands = settings.subbands
        #expect(bands.count == 9)
        #expect(bands.first?.low == 30)
        #expect(bands.last?.high == 80)
        let single = EpisodeDetectionSettings(band: try FrequencyBand(low: 2, high: 4))
        #expect(single.subbands.count == 1)
    }

    @Test("bad settings and input throw")
    func errors() throws {
        let signal = try burstSignal(
            sampleRate: 100, duration: 10, frequency: 3, bursts: [], amplitude: 0, seed: 1)
        func detector(_ settings: EpisodeDetectionSettings) -> EpisodeDetector {
            EpisodeDetector(settings: settings)
        }
        #expect(throws: DSPError.aboveNyquist(name: "high band edge", frequency: 60, nyquist: 50))
        {
            try detector(.init(band: try FrequencyBand(low: 30, high: 60))).detect(in: signal)
        }
        #expect(throws: DSPError.self) {
            try detector(.init(band: try FrequencyBand(low: 0, high: 4))).detect(in: signal)
        }
        #expect(throws: DSPError.self) {
            try detector(.init(
                band: try FrequencyBand(low: 2, high: 4),
                threshold: .dualThreshold(low: 3, high: 2))).detect(in: signal)
        }
        #expect(throws: DSPError.self) {
            try detector(.init(
                band: try FrequencyBand(low: 2, high: 4),
                threshold: .aperiodicPower(percentile: 1))).detect(in: signal)
        }
        #expect(throws: DSPError.self) {
            try detector(.init(band: try FrequencyBand(low: 2, high: 4), minimumCycles: 0))
                .detect(in: signal)
        }
        #expect(throws: DSPError.self) {
            try detector(.init(band: try FrequencyBand(low: 2, high: 4), filterOrder: 0))
                .detect(in: signal)
        }
        #expect(throws: DSPError.self) {
            try detector(.init(band: try FrequencyBand(low: 2, high: 4), subbandWidth: -1))
                .detect(in: signal)
        }
        let short = try Signal(samples: [1, 2, 3], sampleRate: 100)
        #expect(throws: DSPError.self) {
            try detector(.init(band: try FrequencyBand(low: 2, high: 4))).detect(in: short)
        }
        let bad = try Signal(samples: [1, .nan] + signal.samples, sampleRate: 100)
        #expect(throws: DSPError.nonFiniteInput(label: "", index: 1)) {
            try detector(.init(band: try FrequencyBand(low: 2, high: 4))).detect(in: bad)
        }
    }
}

@Suite("Rhythm presets")
struct RhythmPresetTests {
    @Test("gamma at 160 Hz is clipped below Nyquist with a warning")
    func gammaClipped() throws {
        let preset = try RhythmPreset(rhythm: .gamma, sampleRate: 160, lineFrequency: 60)
        #expect(preset.settings.band.high == 76)
        #expect(preset.warnings.count == 1)
        #expect(preset.warnings.first?.contains("clipped") == true)
        #expect(preset.settings.notchedHarmonics(sampleRate: 160) == [60])
    }

    @Test("a band above the usable range below Nyquist is an error naming the edge")
    func bandAboveNyquist() throws {
        #expect(throws: DSPError.bandUnavailable(
            reason: "8-13 8–13 Hz lies above the usable passband, which ends at 8 Hz "
                + "(Nyquist frequency 10 Hz)")) {
            try RhythmPreset(rhythm: .band(try FrequencyBand(low: 8, high: 13)), sampleRate: 20)
        }
        #expect(throws: DSPError.self) { try RhythmPreset(rhythm: .delta3, sampleRate: 8) }
        #expect(throws: DSPError.self) { try RhythmPreset(rhythm: .gamma, sampleRate: 60) }
        #expect(throws: DSPError.self) { try RhythmPreset(rhythm: .delta3, sampleRate: 0) }
    }

    @Test("delta3 preset: 2–4 Hz, 3 cycles, no notches, BOSC 0.9999/0.9")
    func delta3() throws {
        let preset = try RhythmPreset(rhythm: .delta3, sampleRate: 256, lineFrequency: 50)
        #expect(preset.settings.band.low == 2 && preset.settings.band.high == 4)
        #expect(preset.settings.minimumCycles == 3)
        #expect(preset.settings.lineFrequencies.isEmpty)
        #expect(preset.settings.threshold == .aperiodicPower(percentile: 0.9999, lowPercentile: 0.9))
        #expect(preset.warnings.isEmpty)
    }
}

@Suite("Spatial extent and muscle index")
struct SpatialExtentTests {
    private func episode(_ onset: Seconds, _ length: Seconds, _ amplitude: Double)
        -> RhythmEpisode
    {
        RhythmEpisode(
            burst: Burst(
                range: Int(onset * 100)..<Int((onset + length) * 100), sampleRate: 100),
            frequency: 3, peakAmplitude: amplitude, snrDecibels: 10)
    }

    @Test("weaker copies below half the maximum are dropped; separate episodes kept")
    func halfMaximum() {
        let channels = [
            [episode(10, 2, 20), episode(50, 1, 3)],
            [episode(10.2, 1.8, 12)],
            [episode(10.5, 1.2, 8)],
        ]
        let kept = SpatialExtent.pruned(channels, fraction: 0.5)
        #expect(kept[0].count == 2)
        #expect(kept[1].count == 1)
        #expect(kept[2].isEmpty)
    }

    @Test("assignment adds channels within half maximum and drops weaker copies")
    func assignment() {
        // Three channels at 100 Hz, background envelope power 2σ² = 1 everywhere; one source
        // from 2 s to 4 s with excess power 100 (ch 0), 36 (ch 1: amplitude 0.6), 9 (ch 2: 0.3).
        func detection(excess: Double, episode: Bool) -> EpisodeDetection {
            var power = [Double](repeating: 1, count: 1000)
            for index in 200..<400 { power[index] += excess }
            return delta3Detection(power: power, episode: episode ? 200..<400 : nil)
        }
        let assigned = SpatialExtent.assigned([
            detection(excess: 100, episode: true), detection(excess: 36, episode: false),
            detection(excess: 9, episode: true),
        ])
        #expect(assigned[0].count == 1)
        #expect(assigned[1].map(\.burst.range) == [200..<400])
        #expect(assigned[1].first?.frequency == 3)
        #expect(assigned[2].isEmpty)
    }

    @Test("noise channels are rarely added to a group, however many channels there are")
    func falseAdditions() {
        // 64 channels at 100 Hz, one source (excess 8, about 9.5 dB) on channel 0 from 2 s to
        // 3 s. The 63 others are noise whose envelope power (2σ² = 1) is exponential and
        // constant over 0.5 s blocks: delta3's 2 Hz band gives n = B·T = 2 independent values
        // per 1 s span, so the span mean is Gamma(2, 1/2). A flat 5 dB bar would add
        // 63 · P(mean > 3.16) = 0.83 noise channels per group; the tail bar adds ≤ 0.05.
        var generator = SeededGenerator(seed: 2024)
        var source = [Double](repeating: 1, count: 500)
        for index in 200..<300 { source[index] += 8 }
        let trials = 200
        var added = 0
        for _ in 0..<trials {
            var detections = [delta3Detection(power: source, episode: 200..<300)]
            for _ in 1..<64 {
                var power = [Double](repeating: 0, count: 500)
                for block in 0..<10 {
                    let value = -log(1 - generator.uniform(0, 1))
                    for index in (50 * block)..<(50 * block + 50) { power[index] = value }
                }
                detections.append(delta3Detection(power: power, episode: nil))
            }
            let assigned = SpatialExtent.assigned(detections)
            #expect(assigned[0].count == 1)
            added += assigned.dropFirst().filter { !$0.isEmpty }.count
        }
        // Expected ≤ 0.05 · 200 = 10 (Poisson); the flat bar would give about 166.
        #expect(added <= 25, "\(added) noise channels added in \(trials) groups")
    }

    @Test("the muscle index needs a rate above 294 Hz and flags EMG bursts")
    func muscle() throws {
        var generator = SeededGenerator(seed: 4)
        let slow = try Signal.whiteNoise(duration: 10, sampleRate: 256, using: &generator)
        guard case .unavailable(let reason) = try MuscleIndex.assess(Recording(signals: [slow]))
        else {
            Issue.record("expected unavailable at 256 Hz")
            return
        }
        #expect(reason.contains("128"))
        var channels: [Signal] = []
        for name in ["T7", "T8", "Cz"] {
            let noise = try Signal.whiteNoise(duration: 20, sampleRate: 512, using: &generator)
            var samples = noise.samples
            let burst = try Signal.whiteNoise(duration: 2, sampleRate: 512, using: &generator)
            for index in burst.samples.indices { samples[5120 + index] += 8 * burst.samples[index] }
            channels.append(try Signal(samples: samples, sampleRate: 512, label: name))
        }
        guard case .measured(let index) = try MuscleIndex.assess(Recording(signals: channels))
        else {
            Issue.record("expected a measurement at 512 Hz")
            return
        }
        #expect(index.isHigh)
        #expect(index.maximumScore > MuscleIndex.threshold)
        #expect(index.channelCount == 3)
    }
}
