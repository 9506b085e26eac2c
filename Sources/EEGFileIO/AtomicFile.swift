import Foundation

/// Writes files atomically: data go to a temporary file in the same folder, which is then
/// renamed over the destination, so a reader never sees a half-written file and a crash never
/// leaves one behind.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating parent folders as needed.
    /// - Throws: ``FileWriteError`` naming the path and the reason.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(
                ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-"
                    + UUID().uuidString.prefix(8))
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw FileWriteError(path: url.path, reason: reason)
            }
        } catch let error as FileWriteError {
            throw error
        } catch {
            throw FileWriteError(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

/// A file could not be written.
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
