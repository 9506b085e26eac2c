import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files atomically: data go to a temporary file in the same folder, which is then
/// renamed over the destination, so a reader never sees a half-written file and a crash never
/// leaves one behind.
///
/// Destinations that are not regular files are respected: a symbolic link to a file has its
/// target replaced (the link stays), and an existing device, FIFO or socket (`/dev/stdout`,
/// `/dev/null`, a named pipe) is written to directly, since renaming over it would replace the
/// device node itself (as root, `--output /dev/null` would otherwise delete `/dev/null`).
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating parent folders as needed.
    /// - Throws: ``FileWriteError`` naming the path and the reason.
    public static func write(_ data: Data, to url: URL) throws {
        switch destinationKind(url.path) {
        case .special:
            try writeDirectly(data, to: url.path)
            return
        case .directory:
            throw FileWriteError(path: url.path, reason: "is a directory")
        case .link(let target):
            try replace(with: data, at: URL(fileURLWithPath: target), reportedPath: url.path)
        case .fileOrMissing:
            try replace(with: data, at: url, reportedPath: url.path)
        }
    }

    private static func replace(with data: Data, at url: URL, reportedPath: String) throws {
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
                throw FileWriteError(path: reportedPath, reason: reason)
            }
        } catch let error as FileWriteError {
            throw error
        } catch {
            throw FileWriteError(path: reportedPath, reason: error.localizedDescription)
        }
    }

    private enum DestinationKind {
        case fileOrMissing
        case directory
        case special
        /// A symbolic link whose (fully resolved) target is a regular file.
        case link(target: String)
    }

    private static func destinationKind(_ path: String) -> DestinationKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .fileOrMissing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: break
        default: return .special
        }
        var linkInfo = stat()
        guard lstat(path, &linkInfo) == 0, (linkInfo.st_mode & S_IFMT) == S_IFLNK,
            let resolved = realpath(path, nil)
        else { return .fileOrMissing }
        defer { free(resolved) }
        return .link(target: String(cString: resolved))
    }

    private static func writeDirectly(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        guard descriptor >= 0 else {
            throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw FileWriteError(path: path, reason: error.localizedDescription)
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
