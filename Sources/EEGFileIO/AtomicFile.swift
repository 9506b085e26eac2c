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
        } catch {
            throw FileWriteError(
                path: reportedPath,
                reason: "cannot create its folder \(folder.path): \(FileWriteError.reason(error))")
        }
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-"
                + UUID().uuidString.prefix(8)).path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileWriteError(path: reportedPath, errorNumber: errno)
        }
        // From here on every failure removes the temporary file before throwing: a failed
        // write (ENOSPC, EFBIG, EIO) must not leave a partial file keeping the disk full.
        var failure = FileDescriptorWriter.writeAll(data, to: descriptor)
        if failure == nil, fsync(descriptor) != 0, errno != EINVAL { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, url.path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw FileWriteError(path: reportedPath, errorNumber: failure)
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
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileWriteError(path: path, errorNumber: errno)
        }
        var failure = FileDescriptorWriter.writeAll(data, to: descriptor)
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure { throw FileWriteError(path: path, errorNumber: failure) }
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

    /// Creates an error with an explicit reason.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// Creates an error from a C `errno` value (`No space left on device`, …).
    public init(path: String, errorNumber: Int32) {
        self.init(path: path, reason: String(cString: strerror(errorNumber)))
    }

    /// A readable reason for a Foundation error: the POSIX message of the `errno` it wraps,
    /// when it wraps one (Foundation's own text is often just "NSCocoaErrorDomain error 512").
    public static func reason(_ error: any Error) -> String {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(bridged.code)))
        }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return bridged.localizedDescription
    }
}

/// Writes whole buffers to a file descriptor with `write(2)`, retrying short writes and
/// `EINTR`, and reports the `errno` of a failure instead of trapping (as
/// `FileHandle.write(_:)` does) so callers can print one line and exit.
public enum FileDescriptorWriter {
    /// Writes all of `data` to `descriptor`.
    /// - Returns: `nil` on success, else the `errno` of the failed `write` (`ENOSPC`,
    ///   `EPIPE`, `EFBIG`, …).
    public static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { raw -> Int32? in
            guard var pointer = raw.baseAddress else { return nil }
            var remaining = raw.count
            while remaining > 0 {
                let written = write(descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                pointer += written
                remaining -= written
            }
            return nil
        }
    }
}
