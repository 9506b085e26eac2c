import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("writes through a temporary file and leaves no temporary behind")
    func writes() throws {
        let folder = try TestData.temporaryDirectory()
        let url = folder.appendingPathComponent("sub/out.txt")
        try AtomicFile.write("hello", to: url)
        try AtomicFile.write("again", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "again")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["out.txt"])
    }

    @Test("an unwritable destination throws naming the path")
    func unwritable() {
        let url = URL(fileURLWithPath: "/proc/eegscope-cannot/out.txt")
        let error = #expect(throws: FileWriteError.self) { try AtomicFile.write("x", to: url) }
        #expect(error?.path == url.path)
    }
}
