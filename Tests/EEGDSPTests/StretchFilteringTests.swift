import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Filtering signals with gaps")
struct StretchFilteringTests {
    /// 123 Hz noise, stretches of 5 s, 3 s and 4 s joined back to back.
    static func recording() throws -> Recording {
        var generator = SeededGenerator(seed: 9)
        let signal = try Signal(
            samples: (0..<(12 * 123)).map { _ in generator.nextGaussian() }, sampleRate: 123,
            label: "Fz")
        return Recording(signals: [signal], stretches: try TestData.stretches("0:5;8:3;13.5:4"))
    }

    @Test(
        "each stretch is filtered as its own signal",
        arguments: [
            FilterDesign.butterworth(order: 4, band: .bandpass(low: 4, high: 8), phase: .zero),
            .fir(band: .highpass(cutoff: 1), length: .automatic, phase: .zero),
            .butterworth(order: 2, band: .lowpass(cutoff: 20), phase: .causal),
        ])
    func perStretch(design: FilterDesign) throws {
        let recording = try Self.recording()
        let signal = recording.signals[0]
        let ranges = recording.stretchSampleRanges(of: signal)
        let filtered = try recording.filtered(by: design).signals[0]
        var expected: [Double] = []
        for range in ranges { expected += try signal.slice(range).filtered(by: design).samples }
        #expect(filtered.samples == expected)
        // Filtering the joined samples differs near the joins.
        let joined = try signal.filtered(by: design)
        #expect(joined.samples != filtered.samples)
        let envelope = try recording.envelope(after: design).signals[0]
        var expectedEnvelope: [Double] = []
        for range in ranges {
            expectedEnvelope += try signal.slice(range).filtered(by: design).envelope().samples
        }
        #expect(envelope.samples == expectedEnvelope)
        #expect(try recording.filtered(by: design).stretches == recording.stretches)
    }

    @Test("ranges must tile the signal; a short stretch is named")
    func errors() throws {
        let signal = try Self.recording().signals[0]
        let design = FilterDesign.butterworth(
            order: 4, band: .bandpass(low: 1, high: 4), phase: .zero)
        #expect(throws: DSPError.self) {
            try signal.filtered(by: design, stretches: [0..<100, 200..<signal.count])
        }
        #expect(throws: DSPError.self) {
            try signal.filtered(by: design, stretches: [0..<100, 100..<200])
        }
        do {
            _ = try signal.filtered(by: design, stretches: [0..<10, 10..<signal.count])
            Issue.record("expected signalTooShort")
        } catch let DSPError.signalTooShort(label, count, _, purpose) {
            #expect(label == "Fz" && count == 10)
            #expect(purpose.contains("gap-free stretch at samples 0..<10"))
        }
    }
}
