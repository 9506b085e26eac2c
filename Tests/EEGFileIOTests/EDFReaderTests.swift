import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

@Suite("EDFReader")
struct EDFReaderTests {
    /// Writes the standard test recording and opens it.
    func written(
        rates: [Hertz] = [256, 123, 1], duration: Seconds = 10,
        format: EDFWriter.Format = .edfPlus, name: String = "r.edf"
    ) throws -> (Recording, EDFReader) {
        let recording = try makeTestRecording(rates: rates, duration: duration)
        let url = try TestData.temporaryDirectory().appendingPathComponent(name)
        try EDFWriter.write(recording, to: url, format: format)
        return (recording, try EDFReader(url: url))
    }

    @Test("streamed blocks equal the whole-file read, for several block sizes",
        arguments: [1, 700, 5000, 1 << 22])
    func streamingMatchesWholeRead(blockBytes: Int) throws {
        let (_, reader) = try written()
        let whole = try reader.read()
        var collected: [[Double]] = [[], []]
        var onsets: [Seconds] = []
        try reader.forEachBlock(channels: [2, 0], maximumBlockBytes: blockBytes) { block in
            collected[0] += block.samples(0)
            collected[1] += block.samples(1)
            onsets.append(block.onset)
            #expect(block.startsSegment == (block.records.lowerBound == 0))
        }
        #expect(collected[0] == whole.signals[2].samples)
        #expect(collected[1] == whole.signals[0].samples)
        #expect(onsets.first == 0)
    }

    @Test("readSamples over a record range equals the matching slice of the whole read")
    func recordRange() throws {
        let (_, reader) = try written()
        let whole = try reader.read()
        let part = try reader.readSamples(channels: [1], records: 3..<7)
        #expect(part[0] == Array(whole.signals[1].samples[(3 * 123)..<(7 * 123)]))
    }

    @Test("a time span keeps the samples whose times fall inside it")
    func timeSpan() throws {
        let (_, reader) = try written()
        let whole = try reader.read()
        let span = try reader.read(channels: [0, 1], from: 2.5, to: 4.01)
        // 256 Hz: samples 640..<1027 (t = 2.5 ... 4.0078); 123 Hz: ceil(307.5)..<ceil(493.23).
        #expect(span.signals[0].samples == Array(whole.signals[0].samples[640..<1027]))
        #expect(span.signals[1].samples == Array(whole.signals[1].samples[308..<494]))
        #expect(span.annotations.map(\.description) == ["spike Ω 中文"])
        #expect(throws: EDFError.self) { try reader.read(channels: [0], from: 3, to: 3) }
    }

    @Test("bad channel indices and record ranges are rejected")
    func badRequests() throws {
        let (_, reader) = try written()
        #expect(throws: EDFError.self) { try reader.readSamples(channels: [3], records: 0..<1) }
        #expect(throws: EDFError.self) { try reader.readSamples(channels: [-1], records: 0..<1) }
        #expect(throws: EDFError.self) { try reader.readSamples(channels: [0], records: 5..<11) }
        #expect(throws: EDFError.self) { try reader.forEachBlock(channels: [9]) { _ in } }
    }

    @Test("tiny records (one sample each) read in bounded I/O and match the signal")
    func tinyRecords() throws {
        let recording = try makeTestRecording(rates: [100], duration: 30)
        let url = try TestData.temporaryDirectory().appendingPathComponent("tiny.edf")
        try EDFWriter.write(recording, to: url, options: .init(recordDuration: 0.01))
        let reader = try EDFReader(url: url)
        #expect(reader.header.recordCount == 3000)
        #expect(isClose(reader.recordOnset(2999), 29.99, relative: 1e-15))
        #expect(reader.records(overlapping: 10, 10.05) == 1000..<1005)
        let back = try reader.read()
        #expect(back.annotations == recording.annotations)
        let bound = try EDFWriterLayout(
            recording: recording, format: .edfPlus, options: .init(recordDuration: 0.01),
            path: url.path
        ).quantizationError(ofChannel: 0) * (1 + 1e-9)
        #expect(compareArrays(back.signals[0].samples, recording.signals[0].samples,
            relative: 0, absolute: bound).passed)
    }

    @Test("records(overlapping:) finds the records touching a span")
    func overlapping() throws {
        let (_, reader) = try written()
        #expect(reader.records(overlapping: 0, 1) == 0..<1)
        #expect(reader.records(overlapping: 0.5, 2.5) == 0..<3)
        #expect(reader.records(overlapping: 9.99, 100) == 9..<10)
        #expect(reader.records(overlapping: 20, 30).isEmpty)
    }

    @Test("RecordingFile dispatches by extension and by header")
    func dispatch() throws {
        let recording = try makeTestRecording(rates: [100], duration: 2)
        let folder = try TestData.temporaryDirectory()
        for name in ["a.edf", "b.EDF", "c.dat", "d.bdf"] {
            let url = folder.appendingPathComponent(name)
            try EDFWriter.write(recording, to: url, format: name == "d.bdf" ? .bdfPlus : .edfPlus)
            let back = try RecordingFile.read(url)
            #expect(back.labels == recording.labels, "\(name)")
        }
        let text = folder.appendingPathComponent("notes.txt")
        try "hello".write(to: text, atomically: true, encoding: .utf8)
        #expect(throws: RecordingFileError.self) { try RecordingFile.read(text) }
        #expect(try RecordingFile.kind(of: folder.appendingPathComponent("c.dat")) == .edfOrBDF)
        #expect(RecordingFile.hasEDFSignature(text) == false)
    }

    @Test("physical scaling follows digital · scale + offset (MNE's cal and offsets)")
    func scaling() {
        let signal = EDFSignalHeader(
            label: "A", physicalDimension: "uV", physicalMinimum: -3276.8,
            physicalMaximum: 3276.7, digitalMinimum: -32768, digitalMaximum: 32767,
            samplesPerRecordCount: 1)
        #expect(isClose(signal.scale, 0.1, relative: 1e-15))
        #expect(signal.physicalValue(ofDigital: -32768) == -3276.8)
        #expect(isClose(signal.physicalValue(ofDigital: 32767), 3276.7, relative: 1e-15))
        #expect(isClose(signal.physicalValue(ofDigital: 0), 0, relative: 0, absolute: 1e-12))
    }

    @Test("24-bit decoding: sign extension at the extremes")
    func decode24() {
        let bytes: [UInt8] = [0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0xFF, 0x01, 0, 0]
        var output = [Double](repeating: 0, count: 4)
        bytes.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer {
                EDFDecoding.decode24(raw.baseAddress!, count: 4, scale: 1, offset: 0,
                    into: $0.baseAddress!)
            }
        }
        #expect(output == [8_388_607, -8_388_608, -1, 1])
    }
}
