import EEGFileIO
import Foundation
import Synchronization

/// Input paths as the user gives them: `-` is standard input, read only when asked.
///
/// The first use of `-` copies standard input to a private temporary file
/// (``EEGFileIO/StandardInputSpool``, removed at exit and on SIGINT/SIGTERM/SIGHUP); later uses
/// in the same run read that copy, so `compare - -` compares the piped recording with itself.
/// Messages that would name the copy name "standard input" instead.
enum InputPath {
    /// The path that means standard input.
    static let standardInput = "-"

    private static let spool = Mutex<StandardInputSpool?>(nil)

    /// The file to read for `path`: the spooled copy of standard input for `-`, else `path`.
    /// - Throws: ``EEGFileIO/StandardInputError`` when standard input is a terminal, empty, a
    ///   BrainVision header, or cannot be copied.
    static func url(for path: String) throws -> URL {
        guard path == standardInput else { return URL(fileURLWithPath: path) }
        return try spool.withLock { current in
            if let current { return current.url }
            let made = try StandardInputSpool(reading: STDIN_FILENO, removingOnExit: true)
            current = made
            return made.url
        }
    }

    /// `message` with the spooled copy's path (if any) replaced by "standard input", and a
    /// leading `-: ` (the path as given) likewise.
    static func displaying(_ message: String) -> String {
        var text = spool.withLock { $0?.displaying(message) } ?? message
        if text.hasPrefix(standardInput + ": ") {
            text = StandardInputSpool.displayName + text.dropFirst(standardInput.count)
        }
        return text
    }

    /// Refuses `-` for a command that cannot read standard input (it needs named files).
    /// - Throws: ``CommandFailure`` naming the command.
    static func refuseStandardInput(_ paths: [String], command: String) throws {
        guard paths.contains(standardInput) else { return }
        throw CommandFailure(
            message: "\(StandardInputSpool.displayName): '\(command)' needs named files; '-' "
                + "(standard input) is read by single-recording commands such as psd, fit, "
                + "detect or filter")
    }
}
