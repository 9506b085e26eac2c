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
