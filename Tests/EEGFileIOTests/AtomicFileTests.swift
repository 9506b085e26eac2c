import EEGFileIO
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
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

    @Test("a symbolic link keeps pointing at its target, which gets the new contents")
    func symbolicLink() throws {
        let folder = try TestData.temporaryDirectory()
        let target = folder.appendingPathComponent("target.txt")
        let link = folder.appendingPathComponent("link.txt")
        try AtomicFile.write("old", to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try AtomicFile.write("new", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path)
            == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
    }

    @Test("a FIFO (like /dev/stdout) is written to, not replaced by a regular file")
    func specialFile() throws {
        let folder = try TestData.temporaryDirectory()
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // Hold the read end open (O_RDWR never blocks) so the writer does not wait.
        let reader = open(fifo.path, O_RDWR | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try AtomicFile.write("through the pipe", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "through the pipe")
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("a directory as destination throws naming it")
    func directory() throws {
        let folder = try TestData.temporaryDirectory()
        let error = #expect(throws: FileWriteError.self) { try AtomicFile.write("x", to: folder) }
        #expect(error?.path == folder.path)
        #expect(error?.reason == "is a directory")
    }
}
