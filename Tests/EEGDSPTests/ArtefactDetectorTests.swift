import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Artefact detection")
struct ArtefactDetectorTests {
    /// 60 s of 1/f² noise, RMS 10 (µV), at 250 Hz, labelled `label`, with `shape` added at 10,
    /// 30 and 50 s.
    static func noisy(label: String, shape: [Double], seed: UInt64 = 11) throws -> Signal {
        var generator = SeededGenerator(seed: seed)
        let noise = try Signal.powerLawNoise(
            exponent: 2, duration: 60, sampleRate: 250, level: .rms(10), using: &generator)
        var samples = noise.samples
        for onset in [10.0, 30.0, 50.0] {
            let start = Int(onset * 250)
            for (offset, value) in shape.enumerated() { samples[start + offset] += value }
        }
        return try Signal(samples: samples, sampleRate: 250, label: label, unit: "uV")
    }

    static let spike = (0..<5).map { 25.0 * (1 - abs(Double($0) - 2) / 2.5) }  // 20 ms
    static let pop = (0..<375).map { 50.0 * exp(-Double($0) / 75) }  // step, tau 0.3 s
    static let blink = (0..<75).map { 150.0 * (0.5 - 0.5 * cos(2 * Double.pi * Double($0) / 74)) }

    @Test("a strong oscillation burst is not an artefact, a one-sided bump of the same size is")
    func oscillationIsNotArtefact() throws {
        // 2 s of a 10 Hz sine at 150 µV (far above 6 robust SDs of the background) vs the
        // 150 µV blink-shaped bump: the burst alternates in sign, the bump does not.
        let burst = (0..<500).map { 150 * sin(2 * Double.pi * 10 * Double($0) / 250) }
        let oscillating = try ArtefactDetector().artefacts(
            in: try Self.noisy(label: "Oz", shape: burst))
        #expect(!oscillating.contains { $0.kind == .amplitude }, "\(oscillating)")
        let bumps = try ArtefactDetector().artefacts(
            in: try Self.noisy(label: "Oz", shape: Self.blink))
        #expect(bumps.contains { $0.kind == .amplitude && abs($0.onset - 10) < 1 }, "\(bumps)")
    }

    @Test("pure 1/f noise has no artefacts")
    func noiseOnly() throws {
        let artefacts = try ArtefactDetector().artefacts(in: try Self.noisy(label: "Cz", shape: []))
        #expect(artefacts.isEmpty, "\(artefacts)")
    }

    @Test("20 ms spikes and electrode pops are transients at their place")
    func transients() throws {
        for shape in [Self.spike, Self.pop] {
            let artefacts = try ArtefactDetector().artefacts(
                in: try Self.noisy(label: "Cz", shape: shape))
            for onset in [10.0, 30.0, 50.0] {
                #expect(artefacts.contains {
                    $0.kind == .transient && $0.onset <= onset && $0.onset + $0.duration > onset
                }, "\(onset): \(artefacts)")
            }
        }
    }

    @Test("150 µV blink-shaped bumps are blinks on Fp1, amplitude artefacts on Pz")
    func blinks() throws {
        let frontal = try ArtefactDetector().artefacts(in: try Self.noisy(label: "Fp1", shape: Self.blink))
        #expect(frontal.filter { $0.kind == .blink }.count == 3, "\(frontal)")
        let parietal = try ArtefactDetector().artefacts(in: try Self.noisy(label: "Pz", shape: Self.blink))
        #expect(parietal.filter { $0.kind == .amplitude }.count == 3, "\(parietal)")
        #expect(ArtefactDetector.isFrontal("EEG Fpz") && ArtefactDetector.isFrontal("F3"))
        #expect(!ArtefactDetector.isFrontal("FC3") && !ArtefactDetector.isFrontal("FT7"))
    }

    /// 1.2 s of a 2.5 Hz two-sided excursion (an eye movement, or a strong delta burst) with
    /// `amplitude` µV peak, at 10, 30 and 50 s.
    static func twoSided(_ amplitude: Double) -> [Double] {
        (0..<300).map { amplitude * sin(2 * Double.pi * 2.5 * Double($0) / 250) }
    }

    /// The amplitude and blink artefacts (a steep sine on smooth 1/f² noise also has
    /// gradient transients, which are not what these tests are about).
    static func excursions(_ artefacts: [Artefact]) -> [Artefact] {
        artefacts.filter { $0.kind == .blink || $0.kind == .amplitude }
    }

    @Test("a two-sided frontal excursion is an eye artefact only when frontal channels dominate")
    func eyeMovements() throws {
        let big = Self.twoSided(150)
        let fp1 = try Self.noisy(label: "Fp1", shape: big, seed: 1)
        // Eye movement: the non-frontal channels carry a fifth of it.
        let weak = try ["Cz", "Pz", "Oz"].enumerated().map {
            try Self.noisy(label: $1, shape: Self.twoSided(30), seed: UInt64(2 + $0))
        }
        let eye = try EyeEvidence(eeg: [fp1] + weak, eog: [])
        let withEvidence = try ArtefactDetector().artefacts(in: fp1, eye: eye)
        #expect(withEvidence.filter { $0.kind == .blink }.count == 3, "\(withEvidence)")
        #expect(!withEvidence.contains { $0.kind == .amplitude }, "\(withEvidence)")
        // A channel that follows the frontal eye movement (here Pz's copy at a fifth of it)
        // carries the same eye artefact, though below the frontal dominance test itself.
        let followed = try ArtefactDetector().artefacts(in: weak[1], eye: eye)
        #expect(followed.filter { $0.kind == .blink }.count == 3, "\(followed)")
        // Without the evidence a two-sided excursion stays an oscillation (not an artefact).
        #expect(try Self.excursions(ArtefactDetector().artefacts(in: fp1)).isEmpty)
        // A posterior burst as large on Cz, Pz and Oz as on Fp1: not the eyes.
        let strong = try ["Cz", "Pz", "Oz"].enumerated().map {
            try Self.noisy(label: $1, shape: Self.twoSided(150), seed: UInt64(2 + $0))
        }
        let brain = try EyeEvidence(eeg: [fp1] + strong, eog: [])
        #expect(try Self.excursions(ArtefactDetector().artefacts(in: fp1, eye: brain)).isEmpty)
        #expect(try Self.excursions(ArtefactDetector().artefacts(in: strong[1], eye: brain))
            .isEmpty)
    }

    @Test("a two-sided excursion shared with an EOG channel is an eye artefact on any channel")
    func eogCorrelation() throws {
        let c3 = try Self.noisy(label: "C3", shape: Self.twoSided(150), seed: 5)
        let eog = try Self.noisy(label: "EOG", shape: Self.twoSided(300), seed: 6)
        let others = try ["Cz", "Pz"].enumerated().map {
            try Self.noisy(label: $1, shape: [], seed: UInt64(7 + $0))
        }
        let eye = try EyeEvidence(eeg: [c3] + others, eog: [eog])
        let artefacts = try ArtefactDetector().artefacts(in: c3, eye: eye)
        #expect(artefacts.filter { $0.kind == .blink }.count == 3, "\(artefacts)")
        let unrelated = try EyeEvidence(
            eeg: [c3] + others, eog: [try Self.noisy(label: "EOG", shape: [], seed: 9)])
        #expect(try Self.excursions(ArtefactDetector().artefacts(in: c3, eye: unrelated)).isEmpty)
    }

    @Test("muscle: broadband high-frequency noise is annotated, a gamma burst and 1/f noise are not")
    func muscle() throws {
        var generator = SeededGenerator(seed: 21)
        let emg = try Signal.bandLimitedNoise(
            band: try FrequencyBand(low: 20, high: 124), duration: 1.5, sampleRate: 250,
            level: .rms(10), using: &generator)
        let detector = ArtefactDetector()
        let tense = try Self.noisy(label: "T7", shape: emg.samples)
        let found = try detector.muscleArtefacts(in: tense, usableHigh: 115)
        for onset in [10.0, 30.0, 50.0] {
            #expect(found.contains { $0.onset <= onset + 0.5 && $0.onset + $0.duration > onset },
                "\(onset): \(found)")
        }
        #expect(found.allSatisfy { $0.kind == .muscle } && found.count == 3, "\(found)")
        // A 40 Hz burst three times as strong raises one sub-band at most. Tapered (Hann):
        // a burst switched on and off abruptly has broadband edges, which on this smooth
        // 1/f² background (no high-frequency floor) do raise both sub-bands.
        let burst = (0..<375).map {
            30 * sin(2 * Double.pi * 40 * Double($0) / 250)
                * (0.5 - 0.5 * cos(2 * Double.pi * Double($0) / 374))
        }
        let gamma = try Self.noisy(label: "T7", shape: burst)
        #expect(try detector.muscleArtefacts(in: gamma, usableHigh: 115).isEmpty)
        #expect(try detector.muscleArtefacts(in: Self.noisy(label: "T7", shape: []), usableHigh: 115)
            .isEmpty)
        // A 45 Hz low-pass: tested at 18-26 and 32-40 Hz; below 30 Hz not at all.
        let bands = try #require(ArtefactDetector.muscleBands(usableHigh: 40.5))
        #expect(abs(bands.lower.edges[0] - 18.225) < 1e-9 && bands.upper.edges[1] == 40.5)
        #expect(ArtefactDetector.muscleBands(usableHigh: 25).map { _ in true } == nil)
        #expect(try detector.artefacts(in: tense, eye: nil, muscleBandTop: 115)
            .contains { $0.kind == .muscle })
    }

    @Test("episodes overlapping an artefact (with margin) are removed")
    func overlap() {
        let episode = RhythmEpisode(
            burst: Burst(range: 100..<200, sampleRate: 100), frequency: 3, peakAmplitude: 1,
            snrDecibels: 10)
        let near = Artefact(range: 220..<230, sampleRate: 100, kind: .transient)
        #expect(episode.overlaps([near], marginCount: 50))
        #expect(!episode.overlaps([near], marginCount: 10))
    }

    @Test("SNR is the episode's excess power over the background's")
    func signalToNoise() {
        #expect(abs(RhythmEpisode.signalToNoise(power: 11, expected: 1) - 10) < 1e-12)
        #expect(RhythmEpisode.signalToNoise(power: 0.5, expected: 1) == -30)
    }
}
