import EEGFileIO
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Standard input spooled to a private temporary file")
struct StandardInputSpoolTests {
    /// A pipe's read end holding `data` (at most the pipe's 64 KiB buffer), writer closed.
    static func pipe(holding data: Data) throws -> Int32 {
        var ends: [Int32] = [0, 0]
        #expect(Glibc.pipe(&ends) == 0)
        #expect(FileDescriptorWriter.writeAll(data, to: ends[1]) == nil)
        close(ends[1])
        return ends[0]
    }

    static let edfStart = Data("0       ".utf8) + Data(repeating: 0x20, count: 248)

    @Test("the extension comes from the header bytes", arguments: [
        (Data("0       ".utf8) + Data(repeating: 0x20, count: 248), "edf"),
        (Data([0xFF]) + Data("BIOSEMI".utf8) + Data(count: 100), "edf"),
        (Data("MATLAB 5.0 MAT-file, Platform".utf8) + Data(count: 200), "set"),
        (Data("Cz,Pz\n1,2\n3,4\n".utf8), "csv"),
    ])
    func extensionFromHeader(data: Data, expected: String) throws {
        let descriptor = try Self.pipe(holding: data)
        defer { close(descriptor) }
        let spool = try StandardInputSpool(reading: descriptor)
        defer { spool.remove() }
        #expect(spool.url.pathExtension == expected)
        #expect(spool.byteCount == data.count)
        #expect(try Data(contentsOf: spool.url) == data)
        // Private: the folder is readable by its owner only.
        let attributes = try FileManager.default.attributesOfItem(atPath: spool.folder.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test("remove() deletes the copy and its folder")
    func removal() throws {
        let descriptor = try Self.pipe(holding: Self.edfStart)
        defer { close(descriptor) }
        let spool = try StandardInputSpool(reading: descriptor)
        #expect(FileManager.default.fileExists(atPath: spool.url.path))
        spool.remove()
        #expect(!FileManager.default.fileExists(atPath: spool.url.path))
        #expect(!FileManager.default.fileExists(atPath: spool.folder.path))
    }

    @Test("empty input and a BrainVision header are clear errors, leaving nothing behind")
    func refusals() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("spool-refusals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        for (data, text) in [
            (Data(), "is empty"),
            (Data("Brain Vision Data Exchange Header File Version 1.0\r\n".utf8), "BrainVision"),
        ] {
            let descriptor = try Self.pipe(holding: data)
            defer { close(descriptor) }
            #expect {
                _ = try StandardInputSpool(reading: descriptor, temporaryFolder: base)
            } throws: { error in
                let message = "\(error)"
                return message.hasPrefix("standard input: ") && message.contains(text)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).isEmpty)
    }
}
