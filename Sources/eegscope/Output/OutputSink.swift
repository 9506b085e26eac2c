import EEGFileIO
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's main output goes: stdout, or a file written atomically.
enum OutputSink {
    /// Writes `text` to `path` atomically, or to stdout when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            try StandardOutput.write(text)
            return
        }
        try reportingErrors { try AtomicFile.write(text, to: URL(fileURLWithPath: path)) }
    }
}

/// Standard output written with `write(2)`, so a failure is an error and not a trap
/// (`FileHandle.standardOutput.write` traps on `ENOSPC`).
///
/// A closed pipe (`eegscope psd big.edf | head -1`) is not an error worth a message: the
/// reader has all it wanted. `main` ignores `SIGPIPE`, so the write fails with `EPIPE`, and the
/// command ends quietly with status 141 (128 + SIGPIPE, what a shell reports for a process
/// killed by a broken pipe). Any other failure (`/dev/full`, a full disk) is one error line.
enum StandardOutput {
    /// The exit status of a command whose standard output reader went away.
    static let brokenPipeStatus: Int32 = 141

    /// Writes `text` to standard output.
    /// - Throws: ``CommandFailure`` (quiet for a broken pipe).
    static func write(_ text: String) throws {
        guard let failure = FileDescriptorWriter.writeAll(Data(text.utf8), to: STDOUT_FILENO)
        else { return }
        if failure == EPIPE {
            throw CommandFailure(message: "", exitCode: brokenPipeStatus)
        }
        throw CommandFailure(
            message: "cannot write to standard output: \(String(cString: strerror(failure)))")
    }
}

/// Deterministic JSON: sorted keys, no escaped slashes, shortest round-trip numbers.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
