import EEGFileIO
import Foundation

/// A failure reported to the user as one line on stderr, with a non-zero exit status. An
/// empty message exits without printing (a broken standard-output pipe).
///
/// Library errors are wrapped with the file they concern, so the line names the file and the
/// reason: `eegscope: error: rec.edf: header field 'number of signals' …`.
struct CommandFailure: Error {
    let message: String
    var exitCode: Int32 = 1
}

/// Runs `body`, turning any thrown library error into a ``CommandFailure`` naming `file`.
func withFile<Result>(_ file: String, _ body: () throws -> Result) throws -> Result {
    // An empty argument would otherwise resolve to the current folder.
    guard !file.isEmpty else { throw CommandFailure(message: "empty file name ('')") }
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        // A spooled standard input is named as such, not by its temporary copy.
        let reason = InputPath.displaying(String(describing: error))
        let shown = file == InputPath.standardInput ? StandardInputSpool.displayName : file
        // Library errors that already lead with the path (as given, or made absolute by a
        // URL) are not prefixed twice.
        let absolute = URL(fileURLWithPath: file).path
        let message = reason.hasPrefix(shown) || reason.hasPrefix(absolute)
            ? reason : "\(shown): \(reason)"
        throw CommandFailure(message: message.replacingOccurrences(of: "\n", with: " "))
    }
}

/// Runs `body`, turning any thrown library error into a one-line ``CommandFailure``.
func reportingErrors<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure(message: InputPath.displaying(String(describing: error))
            .replacingOccurrences(of: "\n", with: " "))
    }
}

/// Refuses, before anything is read or written, an output path that is one of the inputs
/// (same file, symbolic links followed): see ``EEGFileIO/OutputPath``.
func refuseOverwriting(inputs: [String], outputs: [String?]) throws {
    try reportingErrors { try OutputPath.requireDistinct(outputs: outputs, fromInputs: inputs) }
}
