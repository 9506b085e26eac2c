import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A recording read from standard input (`-` as an input path), copied to a private temporary
/// file so that the readers, which need random access and the file's size, can open it.
///
/// The copy lives in a folder of its own made by `mkdtemp(3)` (mode 0700) under `$TMPDIR`
/// (default `/tmp`), as `stdin.edf`, `stdin.set` or `stdin.csv`: the extension comes from the
/// header bytes (EDF/BDF version field, MAT v5 text header), anything else is taken as CSV.
/// A BrainVision header is refused, since its marker and data files cannot come through one
/// stream. The copy is written in 1 MiB blocks with `read(2)`/`write(2)`, so memory stays at one
/// block whatever the input's size; a failed write (`ENOSPC`, `EFBIG`) removes what was
/// written. ``remove()`` deletes the copy and its folder; `removingOnExit` arranges that for
/// a normal exit, `exit(3)` and `SIGINT`/`SIGTERM`/`SIGHUP` (a `kill -9` cannot be caught:
/// only then does the folder `eegscope-stdin-XXXXXX` stay behind in `$TMPDIR`).
///
/// ```swift
/// let spool = try StandardInputSpool(reading: STDIN_FILENO)
/// defer { spool.remove() }
/// let recording = try RecordingFile.read(spool.url, csvSampleRate: 250)
/// ```
public final class StandardInputSpool: Sendable {
    /// The spooled copy (`…/eegscope-stdin-XXXXXX/stdin.EXT`).
    public let url: URL
    /// The private folder holding the copy.
    public let folder: URL
    /// The number of bytes copied.
    public let byteCount: Int

    /// The name standard input goes by in messages.
    public static let displayName = "standard input"

    /// Copies everything readable from `descriptor` (until end of file) to a private file.
    ///
    /// - Parameters:
    ///   - descriptor: The descriptor to drain, normally `STDIN_FILENO`.
    ///   - temporaryFolder: Where to make the private folder (default: `$TMPDIR`, else `/tmp`).
    ///   - removingOnExit: Whether to delete the folder when the process ends, however it ends
    ///     short of `kill -9`: at a normal exit or `exit(3)` (`atexit`), and on `SIGINT`,
    ///     `SIGTERM` and `SIGHUP` (the signal is then raised again with its default action, so
    ///     the exit status still tells the caller what happened). Armed as soon as the folder
    ///     exists, so an interrupted copy is removed too. Default `false`.
    /// - Throws: ``StandardInputError`` when the descriptor is a terminal (reading would wait
    ///   for typing), is empty, holds a BrainVision header, cannot be read, or the copy cannot
    ///   be written (the reason from `errno`).
    public init(
        reading descriptor: Int32, temporaryFolder: URL? = nil, removingOnExit: Bool = false
    ) throws {
        if isatty(descriptor) == 1 {
            throw StandardInputError(
                reason: "is a terminal; pipe or redirect a recording into it "
                    + "(e.g. eegscope psd - < rec.edf)")
        }
        let base = temporaryFolder?.path
            ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/tmp"
        var template = Array((base + "/eegscope-stdin-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw StandardInputError(
                reason: "cannot make a temporary folder in \(base): \(String(cString: strerror(errno)))")
        }
        let folderPath = String(cString: template)
        folder = URL(fileURLWithPath: folderPath, isDirectory: true)
        if removingOnExit { StandardInputCleanup.register(folder: folderPath) }
        let partial = folderPath + "/stdin.part"
        do {
            byteCount = try Self.copy(from: descriptor, to: partial)
            let fileExtension = try Self.fileExtension(ofFileAt: partial)
            let final = folderPath + "/stdin." + fileExtension
            guard rename(partial, final) == 0 else {
                throw StandardInputError(
                    reason: "cannot name its temporary copy: \(String(cString: strerror(errno)))")
            }
            url = URL(fileURLWithPath: final)
        } catch {
            unlink(partial)
            rmdir(folderPath)
            throw error
        }
    }

    /// The names the copy goes by in its folder: while copying, then by format.
    static let fileNames = ["stdin.part", "stdin.edf", "stdin.set", "stdin.csv"]

    /// Deletes the copy and its folder (idempotent).
    public func remove() {
        unlink(url.path)
        rmdir(folder.path)
    }

    /// Rewrites a message that names the temporary copy so that it names standard input.
    public func displaying(_ message: String) -> String {
        message.replacingOccurrences(of: url.path, with: Self.displayName)
    }

    // MARK: - Copy and format

    static let blockByteCount = 1 << 20

    private static func copy(from descriptor: Int32, to path: String) throws -> Int {
        let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            throw StandardInputError(
                reason: "cannot make its temporary copy: \(String(cString: strerror(errno)))")
        }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: blockByteCount)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StandardInputError(
                    reason: "cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            if let failure = buffer.withUnsafeBytes({
                FileDescriptorWriter.writeAll(Data($0.prefix(count)), to: output)
            }) {
                throw StandardInputError(
                    reason: "cannot be copied to a temporary file: "
                        + String(cString: strerror(failure)))
            }
            total += count
        }
        guard total > 0 else { throw StandardInputError(reason: "is empty; no recording was piped in") }
        return total
    }

    /// `edf` for an EDF/BDF version field, `set` for a MAT v5 file, else `csv`.
    private static func fileExtension(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "csv" }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        if head.starts(with: Array("0       ".utf8))
            || head.starts(with: [0xFF] + Array("BIOSEMI".utf8))
        {
            return "edf"
        }
        if head.starts(with: Array("MATLAB 5.0 MAT-file".utf8)) { return "set" }
        let text = String(decoding: head, as: UTF8.self)
        if text.contains("Brain Vision Data Exchange") || text.contains("BrainVision Data Exchange") {
            throw StandardInputError(
                reason: "holds a BrainVision header, whose marker and data files cannot come "
                    + "through standard input; give the .vhdr path instead")
        }
        return "csv"
    }
}

/// Standard input could not be used as a recording.
public struct StandardInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, following "standard input".
    public let reason: String

    /// `standard input: REASON`.
    public var description: String { "\(StandardInputSpool.displayName): \(reason)" }
}

// MARK: - Removal at exit

/// The folder to empty and remove at exit, kept as C strings so that the signal handler only
/// calls async-signal-safe functions (`unlink`, `rmdir`, `signal`, `raise`).
private enum StandardInputCleanup {
    // Written once per process, before the handlers that read it are installed (the CLI
    // spools standard input at most once, on one thread); never freed, since a handler may
    // run at any moment until the process ends.
    nonisolated(unsafe) static var paths: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) static var folder: UnsafeMutablePointer<CChar>?

    static func register(folder folderPath: String) {
        guard folder == nil else { return }
        paths = StandardInputSpool.fileNames.compactMap { strdup(folderPath + "/" + $0) }
        folder = strdup(folderPath)
        atexit { StandardInputCleanup.removeNow() }
        // A parent may start us with these signals blocked (Foundation's Process does); a
        // blocked SIGTERM would leave the copy in place and the copying process alive.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            sigaddset(&unblocked, signalNumber)
            signal(signalNumber) { received in
                StandardInputCleanup.removeNow()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    static func removeNow() {
        for path in paths { unlink(path) }
        if let folder { rmdir(folder) }
    }
}
