import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("OutputPath: an output never replaces an input")
struct OutputPathTests {
    static func input() throws -> URL {
        let folder = try TestData.temporaryDirectory("output-path")
        let url = folder.appendingPathComponent("in.edf")
        try Data("recording".utf8).write(to: url)
        return url
    }

    @Test("the same path, a symbolic link to it and a hard link to it are all refused")
    func sameFileRefused() throws {
        let url = try Self.input()
        let folder = url.deletingLastPathComponent()
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: url)
        let hard = folder.appendingPathComponent("hard.csv")
        try FileManager.default.linkItem(at: url, to: hard)
        let dotted = folder.path + "/./in.edf"
        for output in [url.path, link.path, hard.path, dotted] {
            let error = #expect(throws: OutputPathError.self) {
                try OutputPath.requireDistinct(output: output, fromInputs: ["x.edf", url.path])
            }
            #expect(error?.input == url.path)
            #expect(error?.description.hasPrefix(url.path) == true)
        }
    }

    @Test("a new file, another file, and stdout (-) are accepted")
    func otherPathsAccepted() throws {
        let url = try Self.input()
        let other = url.deletingLastPathComponent().appendingPathComponent("other.csv")
        try Data("x".utf8).write(to: other)
        for output in ["-", other.path, url.path + ".csv"] {
            try OutputPath.requireDistinct(output: output, fromInputs: [url.path])
        }
        try OutputPath.requireDistinct(outputs: [nil, other.path], fromInputs: [url.path])
    }
}

@Suite("FileFingerprint")
struct FileFingerprintTests {
    @Test("equal for an unchanged file; different after a same-size edit or a new mtime")
    func detectsChanges() throws {
        let folder = try TestData.temporaryDirectory("fingerprint")
        let url = folder.appendingPathComponent("rec.edf")
        var bytes = [UInt8](repeating: 7, count: 300_000)
        let fixed: [FileAttributeKey: Any] = [.modificationDate: Date(timeIntervalSince1970: 1e9)]
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes(fixed, ofItemAtPath: url.path)
        let first = try FileFingerprint(path: url.path)
        #expect(try FileFingerprint(path: url.path) == first)
        #expect(first.byteCount == 300_000)
        // Same size and modification time, one header byte changed.
        bytes[100] = 8
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes(fixed, ofItemAtPath: url.path)
        let edited = try FileFingerprint(path: url.path)
        #expect(edited.modificationNanoseconds == first.modificationNanoseconds)
        #expect(edited.byteCount == first.byteCount)
        #expect(edited != first)
        // Same bytes, a new modification time.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 2e9)], ofItemAtPath: url.path)
        #expect(try FileFingerprint(path: url.path) != edited)
    }

    @Test("a missing file or a FIFO throws instead of blocking")
    func unreadable() throws {
        let folder = try TestData.temporaryDirectory("fingerprint-fifo")
        #expect(throws: EDFError.self) {
            try FileFingerprint(path: folder.appendingPathComponent("none.edf").path)
        }
        let fifo = folder.appendingPathComponent("pipe.edf")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(throws: EDFError.self) { try FileFingerprint(path: fifo.path) }
    }
}
