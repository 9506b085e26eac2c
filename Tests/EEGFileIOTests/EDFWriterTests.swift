import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

/// A recording with mixed rates, odd lengths, annotations and a start date, from a fixed seed.
func makeTestRecording(
    rates: [Hertz] = [256, 123, 1], duration: Seconds = 10, seed: UInt64 = 7,
    startDate: Date? = Date(timeIntervalSince1970: 1_700_000_000)
) throws -> Recording {
    var generator = SeededGenerator(seed: seed)
    let signals = try rates.enumerated().map { index, rate in
        let count = Int((rate * duration).rounded())
        let samples = (0..<count).map { sample in
            40 * sin(2 * Double.pi * 10 * Double(sample) / rate) + 5 * generator.nextGaussian()
                + Double(index) * 3
        }
        return try Signal(samples: samples, sampleRate: rate, label: "EEG C\(index)", unit: "uV")
    }
    let annotations = [
        Annotation(onset: 0.25, duration: 1.5, description: "eyes closed"),
        Annotation(onset: 3.333333333333, duration: nil, description: "spike Ω 中文"),
        Annotation(onset: 7.125, duration: 0, description: "marker"),
        Annotation(onset: 9.999, duration: 0.001, description: "end"),
    ]
    return Recording(
        signals: signals, annotations: annotations, startDate: startDate,
        metadata: ["patient_code": "P01", "patient_sex": "F", "patient_name": "Jane Doe"])
}

@Suite("EDFWriter")
struct EDFWriterTests {
    @Test("EDF+ and BDF+ round trip: same annotations, signal within half a digital step",
        arguments: [EDFWriter.Format.edfPlus, .bdfPlus])
    func roundTrip(format: EDFWriter.Format) throws {
        let recording = try makeTestRecording()
        let folder = try TestData.temporaryDirectory()
        let url = folder.appendingPathComponent(format == .edfPlus ? "out.edf" : "out.bdf")
        try EDFWriter.write(recording, to: url, format: format)
        let layout = try EDFWriterLayout(
            recording: recording, format: format, options: .init(), path: url.path)
        #expect(layout.recordDuration == 1)
        #expect(!layout.isPadded)

        let reader = try EDFReader(url: url)
        #expect(reader.format == (format == .edfPlus ? .edfPlusContinuous : .bdfPlusContinuous))
        let back = try reader.read()
        #expect(back.labels == recording.labels)
        #expect(back.annotations == recording.annotations)
        #expect(back.startDate == recording.startDate)
        #expect(back.metadata["patient_name"] == "Jane_Doe")
        #expect(back.metadata["patient_sex"] == "F")
        for (channel, (written, read)) in zip(recording.signals, back.signals).enumerated() {
            #expect(read.sampleRate == written.sampleRate)
            #expect(read.unit == "uV")
            // Half a digital step, plus a few ulps of the range for the scaling arithmetic.
            let bound = layout.quantizationError(ofChannel: channel) * (1 + 1e-9)
            let comparison = compareArrays(
                read.samples, written.samples, relative: 0, absolute: bound)
            #expect(comparison.passed, "\(read.label): \(comparison)")
        }
    }

    @Test("the same recording gives the same bytes")
    func deterministic() throws {
        let first = try EDFWriter.encoded(try makeTestRecording(seed: 3))
        let second = try EDFWriter.encoded(try makeTestRecording(seed: 3))
        #expect(first == second)
        let other = try EDFWriter.encoded(try makeTestRecording(seed: 4))
        #expect(first != other)
    }

    @Test("record duration: whole samples per record, whole records", arguments: [
        (rates: [256.0], seconds: 10.0, expected: 1.0),
        (rates: [250.0, 0.5], seconds: 10.0, expected: 2.0),
        (rates: [512.5], seconds: 4.0, expected: 0.8),
        (rates: [256.0], seconds: 3.90625, expected: 0.78125),
        (rates: [1000.0, 123.0], seconds: 2.0, expected: 1.0),
    ])
    func recordDuration(rates: [Double], seconds: Double, expected: Double) throws {
        let recording = try makeTestRecording(rates: rates, duration: seconds)
        let layout = try EDFWriterLayout(
            recording: recording, format: .edfPlus, options: .init(), path: "x.edf")
        #expect(layout.recordDuration == expected)
        #expect(!layout.isPadded)
        let url = try TestData.temporaryDirectory().appendingPathComponent("d.edf")
        try EDFWriter.write(recording, to: url)
        let back = try EDFReader(url: url).read()
        #expect(back.signals.map(\.count) == recording.signals.map(\.count))
    }

    @Test("a length no record duration divides is padded by repeating the last sample")
    func padding() throws {
        // 1001 samples at 256 Hz: 1001 = 7 × 11 × 13, no 8-character duration total/k fits
        // with whole samples per record except 1001/256 s itself, which does not fit.
        let signal = try Signal(
            samples: (0..<1001).map { Double($0 % 17) }, sampleRate: 256, label: "X", unit: "uV")
        let recording = Recording(signals: [signal])
        let layout = try EDFWriterLayout(
            recording: recording, format: .edfPlus, options: .init(), path: "x.edf")
        #expect(layout.isPadded)
        #expect(layout.recordDuration == 1)
        let url = try TestData.temporaryDirectory().appendingPathComponent("p.edf")
        try EDFWriter.write(recording, to: url)
        let back = try EDFReader(url: url).read()
        #expect(back.signals[0].count == 1024)
        #expect(back.signals[0].samples[1001...].allSatisfy { abs($0 - 14) < 0.001 })
    }

    @Test("annotation-only recordings are written with record duration 0")
    func annotationOnly() throws {
        let recording = Recording(
            signals: [],
            annotations: (0..<50).map {
                Annotation(onset: Double($0) * 30, duration: 30, description: "Sleep stage W")
            })
        let url = try TestData.temporaryDirectory().appendingPathComponent("h.edf")
        try EDFWriter.write(recording, to: url)
        let reader = try EDFReader(url: url)
        #expect(reader.header.recordDuration == 0)
        #expect(try reader.read().annotations == recording.annotations)
    }

    @Test("a sub-second start date goes into the first time-keeping onset")
    func subsecondStart() throws {
        let start = Date(timeIntervalSince1970: 1_600_000_000.25)
        let recording = try makeTestRecording(rates: [100], duration: 3, startDate: start)
        let url = try TestData.temporaryDirectory().appendingPathComponent("s.edf")
        try EDFWriter.write(recording, to: url)
        let reader = try EDFReader(url: url)
        #expect(reader.firstRecordOffset == 0.25)
        #expect(reader.startDate == start)
        #expect(try reader.read().annotations == recording.annotations)
    }

    @Test("unwritable recordings throw naming the field")
    func unwritable() throws {
        let long = try Signal(
            samples: [1, 2], sampleRate: 2, label: String(repeating: "A", count: 17))
        #expect(throws: EDFError.self) { try EDFWriter.encoded(Recording(signals: [long])) }
        let nan = try Signal(samples: [1, .nan], sampleRate: 2, label: "A")
        let error = #expect(throws: EDFError.self) {
            try EDFWriter.encoded(Recording(signals: [nan]), path: "n.edf")
        }
        #expect(error?.description.contains("sample 1 of signal 1") == true)
        let huge = try Signal(samples: [0, 1e12], sampleRate: 2, label: "A")
        #expect(throws: EDFError.self) { try EDFWriter.encoded(Recording(signals: [huge])) }
        let irrational = try Signal(samples: [0, 1, 2], sampleRate: Double.pi, label: "A")
        #expect(throws: EDFError.self) { try EDFWriter.encoded(Recording(signals: [irrational])) }
        let unit = try Signal(samples: [0, 1], sampleRate: 2, label: "A", unit: "microvolts")
        #expect(throws: EDFError.self) { try EDFWriter.encoded(Recording(signals: [unit])) }
    }

    @Test("physical range fits 8 characters and contains the data")
    func physicalRange() throws {
        let samples = [-123.456789012, 0.5, 98765.4321]
        let signal = try Signal(samples: samples, sampleRate: 3, label: "A", unit: "uV")
        let layout = try EDFWriterLayout(
            recording: Recording(signals: [signal]), format: .edfPlus, options: .init(),
            path: "r.edf")
        let header = layout.signals[0]
        #expect(header.physicalMinimum <= samples.min()!)
        #expect(header.physicalMaximum >= samples.max()!)
        #expect(EDFNumberFormat.plain(header.physicalMinimum).count <= 8)
        #expect(EDFNumberFormat.plain(header.physicalMaximum).count <= 8)
    }

    @Test("plain decimal text has no exponent and reads back exactly",
        arguments: [0.0, 1, -2.5, 1e-5, 123456789, 0.1, 3.333333333333, -7.25e-7, 1e20])
    func plainText(value: Double) {
        let text = EDFNumberFormat.plain(value)
        #expect(!text.contains("e"))
        #expect(Double(text) == value)
    }
}
