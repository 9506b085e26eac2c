import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

/// A valid small EDF+ file in memory (2 data signals at 100 Hz and 50 Hz, 3 records of 1 s,
/// one annotation) whose header fields and bytes the tests overwrite to build malformed files.
struct MalformedEDF {
    var bytes: [UInt8]
    let header: EDFHeader

    init(format: EDFWriter.Format = .edfPlus, records: Int = 3) throws {
        let signals = [
            try Signal(
                samples: (0..<(100 * records)).map { sin(Double($0) / 5) * 50 }, sampleRate: 100,
                label: "EEG Cz", unit: "uV"),
            try Signal(
                samples: (0..<(50 * records)).map { Double($0 % 7) }, sampleRate: 50,
                label: "EEG Pz", unit: "uV"),
        ]
        let recording = Recording(
            signals: signals,
            annotations: [Annotation(onset: 0.5, duration: 1, description: "event")])
        bytes = Array(try EDFWriter.encoded(recording, format: format))
        header = try EDFHeader(parsing: bytes, fileSize: bytes.count, path: "valid.edf")
    }

    /// Overwrites a fixed-width ASCII field (space padded).
    mutating func setField(at offset: Int, width: Int, _ text: String) {
        let encoded = Array(text.utf8)
        for index in 0..<width {
            bytes[offset + index] = index < encoded.count ? encoded[index] : 0x20
        }
    }

    /// Byte offset of a per-signal field: `field` 0 = label … 8 = samples per record.
    func signalField(_ field: Int, signal: Int) -> (offset: Int, width: Int) {
        let widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32]
        let count = header.signals.count
        let start = 256 + widths[..<field].reduce(0, +) * count
        return (start + signal * widths[field], widths[field])
    }

    mutating func setSignalField(_ field: Int, signal: Int, _ text: String) {
        let (offset, width) = signalField(field, signal: signal)
        setField(at: offset, width: width, text)
    }

    /// The file offset of the annotation signal in record `record`.
    func annotationOffset(record: Int) -> Int {
        header.headerByteCount + record * header.recordByteCount
            + header.signalByteOffsets[header.signals.count - 1]
    }

    /// Replaces the annotation bytes of `record` (zero padded).
    mutating func setAnnotationBytes(record: Int, _ content: [UInt8]) {
        let start = annotationOffset(record: record)
        let length = header.signals.last!.samplesPerRecordCount * header.bytesPerSample
        for index in 0..<length {
            bytes[start + index] = index < content.count ? content[index] : 0
        }
    }

    /// Writes the bytes to a temporary file.
    func url(_ name: String = "bad.edf") throws -> URL {
        let url = try TestData.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Opens the file and reads it completely.
    func read() throws -> Recording { try EDFReader(url: try url()).read() }
}

@Suite("EDF hostile input")
struct EDFHostileInputTests {
    /// Expects an `EDFError` whose one-line message names the file and contains `fragment`.
    func expectError(
        _ file: MalformedEDF, _ fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = try file.url()
        let error = #expect(throws: EDFError.self, sourceLocation: sourceLocation) {
            try EDFReader(url: url).read()
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix(url.path), "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains(fragment), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), sourceLocation: sourceLocation)
    }

    @Test("the unmodified file reads")
    func baseline() throws {
        let recording = try MalformedEDF().read()
        #expect(recording.signals.map(\.count) == [300, 150])
        #expect(recording.annotations.count == 1)
    }

    @Test("a zero-length file")
    func empty() throws {
        var file = try MalformedEDF()
        file.bytes = []
        try expectError(file, "file is empty")
    }

    @Test("a file shorter than the fixed header", arguments: [1, 100, 255])
    func shortFixedHeader(length: Int) throws {
        var file = try MalformedEDF()
        file.bytes = Array(file.bytes.prefix(length))
        try expectError(file, "header needs 256 bytes")
    }

    @Test("a file cut inside the signal headers")
    func shortSignalHeaders() throws {
        var file = try MalformedEDF()
        file.bytes = Array(file.bytes.prefix(600))
        try expectError(file, "header needs 1024 bytes")
    }

    @Test("number of signals: negative, zero, absurd, not a number",
        arguments: [("-3", "at least 1"), ("0", "at least 1"), ("9999", "header record"),
            ("x2", "an integer")])
    func signalCount(text: String, fragment: String) throws {
        var file = try MalformedEDF()
        file.setField(at: 252, width: 4, text)
        try expectError(file, fragment)
    }

    @Test("a header byte count that lies")
    func headerByteCount() throws {
        var file = try MalformedEDF()
        file.setField(at: 184, width: 8, "512")
        try expectError(
            file, "header field 'number of bytes in header record' at byte 184 is '512'")
    }

    @Test("number of data records: negative")
    func negativeRecords() throws {
        var file = try MalformedEDF()
        file.setField(at: 236, width: 8, "-5")
        try expectError(
            file,
            "header field 'number of data records' at byte 236 is '-5'; expected a non-negative "
                + "integer or -1")
    }

    @Test("number of data records: more than the file holds, or absurd",
        arguments: ["4", "99999999"])
    func lyingRecordCount(text: String) throws {
        var file = try MalformedEDF()
        file.setField(at: 236, width: 8, text)
        try expectError(file, "declares \(text) data records")
    }

    @Test("number of data records -1 is derived from the file size; a partial record is ignored")
    func unknownRecordCount() throws {
        var file = try MalformedEDF()
        file.setField(at: 236, width: 8, "-1")
        file.bytes += [1, 2, 3]
        let reader = try EDFReader(url: try file.url())
        #expect(reader.header.declaredRecordCount == -1)
        #expect(reader.header.recordCount == 3)
    }

    @Test("a truncated data section")
    func truncatedData() throws {
        var file = try MalformedEDF()
        file.bytes.removeLast(10)
        try expectError(file, "the file is truncated or the header lies")
    }

    @Test("samples per record: zero, negative, overflowing or absurd",
        arguments: [("0", "a positive integer"), ("-4", "a positive integer"),
            ("99999999", "declares 3 data records"), ("1e3", "an integer")])
    func samplesPerRecord(text: String, fragment: String) throws {
        var file = try MalformedEDF()
        file.setSignalField(8, signal: 0, text)
        try expectError(file, fragment)
    }

    @Test("digital minimum equal to (or above) the maximum")
    func digitalRange() throws {
        var file = try MalformedEDF()
        file.setSignalField(5, signal: 1, "100")
        file.setSignalField(6, signal: 1, "100")
        try expectError(file, "digital maximum of signal 2' at byte")
        file.setSignalField(5, signal: 1, "200")
        try expectError(file, "greater than the digital minimum 200")
    }

    @Test("digital limits outside the 16-bit range of EDF")
    func digitalLimits() throws {
        var file = try MalformedEDF()
        file.setSignalField(6, signal: 0, "40000")
        try expectError(file, "-32768...32767 for 16-bit samples")
    }

    @Test("physical minimum equal to the maximum")
    func physicalRange() throws {
        var file = try MalformedEDF()
        file.setSignalField(3, signal: 0, "5")
        file.setSignalField(4, signal: 0, "5")
        try expectError(file, "different from the physical minimum")
    }

    @Test("numbers that are not finite decimals", arguments: ["nan", "inf", "1e999", "--1", "."])
    func notANumber(text: String) throws {
        var file = try MalformedEDF()
        file.setSignalField(3, signal: 1, text)
        try expectError(file, "physical minimum of signal 2")
    }

    @Test("control bytes in the header name their field", arguments: [
        (offset: 10, field: "local patient identification"),
        (offset: 256 + 3, field: "label of signal 1"),
        (offset: 1024 - 5, field: "reserved of signal 3"),
    ])
    func controlBytes(offset: Int, field: String) throws {
        var file = try MalformedEDF()
        file.bytes[offset] = 0x01
        try expectError(
            file, "header field '\(field)' at byte \(offset) holds control byte 0x1")
    }

    @Test("non-ASCII text fields read as Latin-1 or UTF-8; NUL padding is trimmed")
    func lenientText() throws {
        var file = try MalformedEDF()
        // Physical dimension of signal 1: "µV" as the Latin-1 byte 0xB5 (clinical exports).
        let unit = file.signalField(2, signal: 0)
        file.setField(at: unit.offset, width: unit.width, "")
        file.bytes[unit.offset] = 0xB5
        file.bytes[unit.offset + 1] = UInt8(ascii: "V")
        // Label of signal 2: "Pz" padded with NUL bytes instead of spaces.
        let label = file.signalField(0, signal: 1)
        file.setField(at: label.offset, width: label.width, "Pz")
        for index in 2..<label.width { file.bytes[label.offset + index] = 0 }
        // Transducer of signal 1: UTF-8 "Ag/AgCl électrode".
        let transducer = file.signalField(1, signal: 0)
        file.setField(at: transducer.offset, width: transducer.width, "Ag/AgCl électrode")
        let header = try EDFHeader(parsing: file.bytes, fileSize: file.bytes.count, path: "a")
        #expect(header.signals[0].physicalDimension == "µV")
        #expect(header.signals[1].label == "Pz")
        #expect(header.signals[0].transducer == "Ag/AgCl électrode")
        let recording = try file.read()
        #expect(recording.signals[0].unit == "µV")
        // A non-ASCII byte in a numeric field still fails that field's check.
        let minimum = file.signalField(3, signal: 0)
        file.bytes[minimum.offset] = 0xB5
        try expectError(file, "physical minimum of signal 1")
    }

    @Test("an unknown version")
    func version() throws {
        var file = try MalformedEDF()
        file.setField(at: 0, width: 8, "1")
        try expectError(file, "header field 'version' at byte 0 is '1'")
        file.bytes[0] = 0xFF
        try expectError(file, "header field 'version'")
    }

    @Test("record duration: not a number, negative, or 0 with data signals",
        arguments: [("abc", "a finite decimal"), ("-1", "non-negative"), ("0", "positive")])
    func recordDuration(text: String, fragment: String) throws {
        var file = try MalformedEDF()
        file.setField(at: 244, width: 8, text)
        try expectError(file, fragment)
    }

    @Test(
        "a record duration giving a sampling rate outside 1e-6...1e9 Hz",
        arguments: ["1e-320", "1e-300", "1e-8", "1e300"])
    func absurdDuration(duration: String) throws {
        var file = try MalformedEDF()
        file.setField(at: 244, width: 8, duration)
        try expectError(file, "a rate from 1e-06 to 1e+09 Hz")
    }

    /// Annotation-signal contents for record 1 and a fragment of the expected message.
    static let garbage: [(content: [UInt8], fragment: String)] = [
        ([0x01, 0x02, 0x03], "expected '+' or '-'"),
        (Array("+1x\u{14}\u{14}\0".utf8), "is not a signed decimal"),
        (Array("+1\u{15}-2\u{14}a\u{14}\0".utf8), "is not an unsigned decimal"),
        (Array("+1\u{14}\u{14}".utf8) + [UInt8](repeating: 0x41, count: 40), "not terminated"),
        (Array("+1".utf8) + [UInt8](repeating: 0x31, count: 40), "cut off after its onset"),
        (Array("+1\u{14}\u{14}\0\r\n".utf8), "byte 0x0D"),
    ]

    @Test("annotation records with garbage", arguments: garbage)
    func garbageAnnotations(content: [UInt8], fragment: String) throws {
        var file = try MalformedEDF()
        file.setAnnotationBytes(record: 1, content)
        try expectError(file, "annotation in data record 1 at byte")
        try expectError(file, fragment)
    }

    @Test("an EDF+ record without its time-keeping TAL")
    func missingTimeKeeping() throws {
        var file = try MalformedEDF()
        file.setAnnotationBytes(record: 2, Array("+2\u{14}text\u{14}\0".utf8))
        try expectError(file, "no time-keeping TAL")
        file.setAnnotationBytes(record: 2, [])
        try expectError(file, "no time-keeping TAL")
    }

    @Test("EDF+C records whose time-keeping onsets leave a gap")
    func continuousWithGap() throws {
        var file = try MalformedEDF()
        file.setAnnotationBytes(record: 2, Array("+5\u{14}\u{14}\0".utf8))
        try expectError(file, "data record 2 starts at 5.0 s; expected 2 s")
    }

    @Test("EDF+D records that overlap or go back in time")
    func discontinuousOverlap() throws {
        var file = try MalformedEDF()
        file.setField(at: 192, width: 44, "EDF+D")
        file.setAnnotationBytes(record: 2, Array("+1.5\u{14}\u{14}\0".utf8))
        try expectError(file, "expected at least 2 s")
    }

    @Test("EDF+D without an annotation signal")
    func discontinuousWithoutAnnotations() throws {
        var file = try MalformedEDF()
        file.setField(at: 192, width: 44, "EDF+D")
        file.setSignalField(0, signal: 2, "Notes")
        try expectError(file, "which EDF+D needs for record onsets")
    }

    @Test("missing files and folders")
    func unreadable() throws {
        let folder = try TestData.temporaryDirectory()
        #expect(throws: EDFError.unreadable(
            path: folder.path, reason: "a folder, not a regular file")) {
            try EDFReader(url: folder)
        }
        let missing = folder.appendingPathComponent("missing.edf")
        let error = #expect(throws: EDFError.self) { try EDFReader(url: missing) }
        #expect(error?.description.contains("No such file") == true)
    }

    @Test("BDF: 24-bit digital limits are enforced")
    func bdfLimits() throws {
        var file = try MalformedEDF(format: .bdfPlus)
        #expect(try file.read().signals.count == 2)
        file.setSignalField(5, signal: 0, "-9000000")
        try expectError(file, "-8388608...8388607 for 24-bit samples")
    }

    @Test("every error message is one line naming the file")
    func messages() {
        let errors: [EDFError] = [
            .unreadable(path: "a.edf", reason: "x"), .emptyFile(path: "a.edf"),
            .truncatedHeader(path: "a.edf", size: 1, required: 256),
            .invalidField(path: "a.edf", field: "f", byteOffset: 1, value: "v", expected: "e"),
            .nonASCIIHeader(path: "a.edf", field: "f", byteOffset: 1, byte: 0xC3),
            .truncatedData(path: "a.edf", size: 1, required: 2, recordCount: 3, recordSize: 4),
            .invalidAnnotation(path: "a.edf", record: 1, byteOffset: 2, reason: "r"),
            .inconsistentRecordOnset(path: "a.edf", record: 1, onset: 2, expected: "e"),
            .invalidRequest(path: "a.edf", parameter: "p", value: "v", expected: "e"),
            .unwritable(path: "a.edf", field: "f", value: "v", reason: "r"),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("a.edf: "))
            #expect(error.path == "a.edf")
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite("EDF+D")
struct EDFDiscontinuousTests {
    /// A 4-record EDF+D file with records at 0, 1 (contiguous), 3 and 7 s.
    func gappedFile() throws -> URL {
        var file = try MalformedEDF(records: 4)
        file.setField(at: 192, width: 44, "EDF+D")
        for (record, onset) in [(1, "+1"), (2, "+3"), (3, "+7")] {
            let start = file.annotationOffset(record: record)
            let stamp = Array(onset.utf8)
            for (index, byte) in stamp.enumerated() { file.bytes[start + index] = byte }
        }
        return try file.url("gaps.edf")
    }

    @Test("record onsets and segments come from the time-keeping TALs")
    func segments() throws {
        let reader = try EDFReader(url: try gappedFile())
        #expect(reader.format == .edfPlusDiscontinuous)
        #expect(reader.recordOnsets == [0, 1, 3, 7])
        #expect(!reader.isContinuous)
        #expect(reader.segments == [
            EDFSegment(records: 0..<2, onset: 0, duration: 2),
            EDFSegment(records: 2..<3, onset: 3, duration: 1),
            EDFSegment(records: 3..<4, onset: 7, duration: 1),
        ])
    }

    @Test("the whole-file read lists the gaps; readSegments splits at them")
    func wholeAndSegments() throws {
        let reader = try EDFReader(url: try gappedFile())
        let whole = try reader.read()
        #expect(whole.isDiscontinuous)
        #expect(whole.stretches == (try TestData.stretches("0:2;3:1;7:1")))
        let parts = try reader.readSegments()
        #expect(parts.map { $0.signals[0].count } == [200, 100, 100])
        #expect(parts.map { $0.metadata["segment_onset_s"] } == ["0", "3", "7"])
        #expect(parts.flatMap { $0.signals[0].samples } == whole.signals[0].samples)
        #expect(parts[0].annotations.count == 1)
    }

    @Test("RecordingFile.readSegments splits EDF+D and keeps continuous files whole")
    func recordingFileSegments() throws {
        #expect(try RecordingFile.readSegments(try gappedFile()).count == 3)
        let continuous = try MalformedEDF().url("c.edf")
        #expect(try RecordingFile.readSegments(continuous).count == 1)
    }

    @Test("Discontinuous1.edf: 600 one-second records, each followed by a 0.5 s gap",
        .enabled(if: TestData.hasShared("edge-cases/Discontinuous1.edf"),
            "needs ../shared/data/eeg/edge-cases/Discontinuous1.edf (absent in a fresh clone)"))
    func sharedDiscontinuousFile() throws {
        let url = try TestData.shared("edge-cases/Discontinuous1.edf")
        let reader = try EDFReader(url: url)
        #expect(reader.segments.count == 600)
        #expect(reader.recordOnsets.prefix(3) == [0, 1.5, 3])
        #expect(reader.recordOnsets.last == 898.5)
        #expect(reader.dataDuration == 600)
        let info = try RecordingInfo(url: url)
        #expect(info.duration == 899.5)
    }

    @Test("streamed blocks never span a gap")
    func blocks() throws {
        let reader = try EDFReader(url: try gappedFile())
        var seen: [(Range<Int>, Seconds, Bool)] = []
        try reader.forEachBlock(channels: [0]) { block in
            seen.append((block.records, block.onset, block.startsSegment))
        }
        #expect(seen.map(\.0) == [0..<2, 2..<3, 3..<4])
        #expect(seen.map(\.1) == [0, 3, 7])
        #expect(seen.allSatisfy { $0.2 })
    }

    @Test("a time span uses recording time, skipping the gaps")
    func span() throws {
        let reader = try EDFReader(url: try gappedFile())
        let span = try reader.read(channels: [0], from: 1.5, to: 7.5)
        // 1.5–2 s of record 1 (50 samples), record 2 (100), 7–7.5 s of record 3 (50).
        #expect(span.signals[0].count == 200)
        #expect(span.stretches.map(\.onset) == [1, 3, 7] && span.stretches.map(\.duration) == [1, 1, 1])
    }
}
