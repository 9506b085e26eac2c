import EEGCore
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("CSVRecording")
struct CSVReaderTests {
    private func write(_ text: String, _ name: String = "in.csv") throws -> URL {
        let url = try TestData.temporaryDirectory("csv-reader").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("labels with commas and quotes round-trip through text(of:) and read")
    func labelRoundTrip() throws {
        let labels = ["Fp1, Ref", "say \"hi\"", "Cz", " spaced "]
        let signals = try labels.enumerated().map { index, label in
            try Signal(samples: [Double(index), 0.5, -1e-300], sampleRate: 123, label: label)
        }
        let url = try write(CSVRecording.text(of: signals))
        let recording = try CSVRecording.read(url, sampleRate: 123)
        #expect(recording.labels == labels)
        #expect(recording.signals.map(\.samples) == signals.map(\.samples))
    }

    @Test("a leading time_s column is written on request and skipped when read")
    func timeColumnRoundTrip() throws {
        let signals = try ["Oz", "Cz"].map {
            try Signal(samples: [1, 2, 3, 4], sampleRate: 4, label: $0)
        }
        let text = CSVRecording.text(of: signals) { Double($0) / 4 + 10 }
        #expect(text.hasPrefix("time_s,Oz,Cz\n10.0,1.0,1.0\n10.25,2.0,2.0\n"))
        let recording = try CSVRecording.read(try write(text), sampleRate: 4)
        #expect(recording.labels == ["Oz", "Cz"])
        #expect(recording.signals.map(\.samples) == signals.map(\.samples))
        // A time_s step that disagrees with the sampling rate given is named, not rescaled.
        let url = try write(text, "wrong.csv")
        let error = #expect(throws: CSVError.self) { try CSVRecording.read(url, sampleRate: 8) }
        #expect(error?.description.contains("time_s steps by 0.25 s, i.e. 4.0 Hz") == true)
        // A lone time_s column is a channel of that name (nothing else to read).
        let lone = try CSVRecording.read(try write("time_s\n1\n2\n", "lone.csv"), sampleRate: 1)
        #expect(lone.labels == ["time_s"])
    }

    @Test("quoted header names: commas inside, doubled quotes, spaces around")
    func quotedHeader() throws {
        let url = try write(" \"Fp1, Ref\" ,\"a\"\"b\", Cz \n1,2,3\n4,5,6\n")
        let recording = try CSVRecording.read(url, sampleRate: 10)
        #expect(recording.labels == ["Fp1, Ref", "a\"b", "Cz"])
        #expect(recording.signals[2].samples == [3, 6])
    }

    @Test("malformed files name the path and the line", arguments: [
        ("\"Fp1,Cz\n1,2\n", "line 1 has a quoted name without its closing '\"'"),
        ("Cz;Pz\n1;2\n", "line 2 field 1 '1;2' is not a number (columns must be separated "
            + "by commas, not semicolons)"),
        ("Cz,Pz\n1,2,3\n", "line 2 has 3 fields; the header has 2"),
        ("", "empty file (expected a header row of channel names)"),
    ])
    func malformed(text: String, reason: String) throws {
        let url = try write(text)
        let error = #expect(throws: CSVError.self) {
            try CSVRecording.read(url, sampleRate: 10)
        }
        #expect(error?.description == "\(url.path): \(reason)")
    }

    @Test("bytes that are not UTF-8 and missing files are one-line errors")
    func unreadable() throws {
        let folder = try TestData.temporaryDirectory("csv-reader-bad")
        let latin1 = folder.appendingPathComponent("latin1.csv")
        try Data([0xC9, 0x0A, 0x31, 0x0A]).write(to: latin1)
        let notUTF8 = #expect(throws: CSVError.self) {
            try CSVRecording.read(latin1, sampleRate: 10)
        }
        #expect(notUTF8?.description == "\(latin1.path): not UTF-8 text")
        let missing = folder.appendingPathComponent("missing.csv")
        let absent = #expect(throws: CSVError.self) {
            try CSVRecording.read(missing, sampleRate: 10)
        }
        #expect(absent?.description
            == "\(missing.path): cannot be read (missing, a folder, or no permission)")
    }
}
