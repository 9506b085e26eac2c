import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

/// Ground truth: a 3 Hz burst in pink noise, recovered by band-pass 2–4 Hz + envelope.
@Suite("3 Hz burst recovery")
struct BurstRecoveryTests {
    static let designs: [(String, FilterDesign)] = [
        (
            "Butterworth order 4 (sosfiltfilt)",
            .butterworth(order: 4, band: .bandpass(low: 2, high: 4))
        ),
        ("MNE FIR", .fir(band: .bandpass(low: 2, high: 4))),
    ]

    @Test("onset and offset recovered within one cycle",
          arguments: [(256.0, 0), (123.0, 1), (256.0, 1), (500.0, 0)])
    func recovery(rate: Double, designIndex: Int) throws {
        let (name, design) = Self.designs[designIndex]
        let duration = 30.0
        let count = Int(rate * duration)
        var samples = try testPinkNoise(count: count, seed: 42)
        let onset: Seconds = 11.37
        let offset: Seconds = 15.83
        let amplitude = 3.0
        for index in samples.indices {
            let time = Double(index) / rate
            if time >= onset && time < offset {
                samples[index] += amplitude * sin(2 * Double.pi * 3 * (time - onset))
            }
        }
        let signal = try Signal(samples: samples, sampleRate: rate, label: "Pz", unit: "uV")
        let envelope = try signal.filtered(by: design).envelope().samples
        // Half the burst amplitude: a zero-phase filter's envelope crosses it at the true edge.
        let threshold = amplitude / 2
        let centre = Int((onset + offset) / 2 * rate)
        #expect(envelope[centre] > threshold, "\(name): burst not above threshold")
        var first = centre
        while first > 0 && envelope[first - 1] > threshold { first -= 1 }
        var last = centre
        while last < count - 1 && envelope[last + 1] > threshold { last += 1 }
        let cycle = 1.0 / 3.0
        let foundOnset = Double(first) / rate
        let foundOffset = Double(last + 1) / rate
        #expect(abs(foundOnset - onset) < cycle, "\(name) at \(rate) Hz: onset \(foundOnset)")
        #expect(abs(foundOffset - offset) < cycle, "\(name) at \(rate) Hz: offset \(foundOffset)")
        // Outside the burst (one second away from it) the envelope stays below threshold.
        let outside = envelope.indices.filter {
            let time = Double($0) / rate
            return (time < onset - 1 || time > offset + 1) && time > 1 && time < duration - 1
        }
        #expect(outside.allSatisfy { envelope[$0] < threshold }, "\(name): false detection")
    }
}
