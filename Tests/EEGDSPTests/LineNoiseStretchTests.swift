import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Line-noise detection in discontinuous recordings")
struct LineNoiseStretchTests {
    @Test("steps at the joins do not hide the mains line when the gaps are known")
    func stepsDoNotHideMains() throws {
        // 500 Hz, four 10 s stretches: white noise (σ = 5 µV) plus a 1.5 µV 50 Hz line
        // (≈ 11 dB prominence), each stretch offset by 5 mV, as after an amplifier reset.
        var generator = SeededGenerator(seed: 41)
        let samples = (0..<20_000).map { index -> Double in
            let time = Double(index) / 500
            return 5 * generator.nextGaussian() + 1.5 * sin(2 * .pi * 50 * time)
                + 5000 * Double(index / 5000)
        }
        let signal = try Signal(samples: samples, sampleRate: 500, label: "Cz", unit: "uV")
        let split = Recording(
            signals: [signal], stretches: try TestData.stretches("0:10;12:10;30:10;41:10"))
        let detector = LineNoiseDetector()
        // Joined, the steps' broadband power swamped the line in the whole-record spectrum; the
        // per-window persistence rule may now find it there too, so only the split case, where
        // it must, is asserted.
        #expect(try detector.lineFrequency(in: split) == 50)
    }
}
