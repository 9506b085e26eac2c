import EEGCore
import Foundation
import Testing
import _TestSupport
@testable import EEGFileIO

@Suite("EDF+D / BDF+D writing")
struct EDFWriterDiscontinuousTests {
    /// 64 Hz, stretches of 3 s, 2 s and 1 s at 0, 5.5 and 9 s, with an annotation in each.
    static func recording(segments: String = "0:3;5.5:2;9:1") throws -> Recording {
        let rate = 64.0
        let signals = try ["Cz", "Pz"].enumerated().map { channel, name in
            try Signal(
                samples: (0..<384).map { sin(Double($0 + channel) / 5) * 40 },
                sampleRate: rate, label: name, unit: "uV")
        }
        return Recording(
            signals: signals,
            annotations: [
                Annotation(onset: 1, duration: nil, description: "one"),
                Annotation(onset: 6, duration: 0.5, description: "two"),
                Annotation(onset: 9.5, duration: nil, description: "three"),
            ],
            stretches: try TestData.stretches(segments))
    }

    @Test("round trip keeps the stretches, record onsets, annotations and samples",
          arguments: [EDFWriter.Format.edfPlus, .bdfPlus])
    func roundTrip(format: EDFWriter.Format) throws {
        let original = try Self.recording()
        let url = try TestData.temporaryDirectory().appendingPathComponent(
            format == .edfPlus ? "gaps.edf" : "gaps.bdf")
        try EDFWriter.write(original, to: url, format: format)
        let reader = try EDFReader(url: url)
        #expect(reader.format.rawValue.hasSuffix("+D"))
        #expect(reader.segments.map(\.onset) == [0, 5.5, 9])
        #expect(reader.segments.map(\.duration) == [3, 2, 1])
        let back = try reader.read()
        #expect(back.stretches == original.stretches)
        #expect(back.annotations.map(\.onset) == [1, 6, 9.5])
        let layout = try EDFWriterLayout(
            recording: original, format: format, options: .init(), path: "x")
        #expect(layout.recordDuration == 1 && layout.recordCount == 6)
        for (written, read) in zip(original.signals, back.signals) {
            let tolerance = layout.quantizationError(ofChannel: 0) * 1.0001
            let check = compareArrays(read.samples, written.samples, relative: 0,
                                      absolute: tolerance)
            #expect(check.passed, "\(check)")  // half a digital step
        }
    }

    @Test("the fixture file reads back with its own 1 s records and 3 stretches")
    func fixtureRoundTrip() throws {
        let source = TestData.fixtures("EEGAnalysisTests").appendingPathComponent("gaps_sine.edf")
        let original = try EDFReader(url: source).read()
        let url = try TestData.temporaryDirectory().appendingPathComponent("copy.edf")
        try EDFWriter.write(original, to: url)
        let copy = try EDFReader(url: url)
        #expect(copy.recordOnsets == (try EDFReader(url: source).recordOnsets))
        #expect(try copy.read().annotations == original.annotations)
    }

    @Test("stretches that are not whole records cannot be written")
    func unwritable() throws {
        let recording = try Self.recording(segments: "0:3.01;5.5:2.99")
        #expect(throws: EDFError.self) {
            try EDFWriter.encoded(recording)
        }
        #expect(throws: EDFError.self) {
            try EDFWriter.encoded(
                try Self.recording(), options: EDFWriter.Options(recordDuration: 2))
        }
    }
}
