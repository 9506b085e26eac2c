import ArgumentParser
import EEGFileIO
import Foundation

/// The `eegscope` command: EEG oscillation analysis on FFTW.
@main
struct EEGScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eegscope",
        abstract: "EEG oscillation analysis: spectra, filters, rhythm detection, synthesis.",
        discussion: """
            Times are in seconds from the start of the recording, frequencies in Hz, amplitudes \
            in the file's physical unit, PSD in unit^2/Hz.
            """,
        version: "0.1.0",
        groupedSubcommands: CommandRegistry.groups
    )

    /// Runs the command; every failure prints one line on stderr and exits non-zero: library
    /// errors exit 1, argument errors (unknown or invalid flags) exit 64 as ArgumentParser's
    /// do, with a pointer to `--help` instead of the usage block. `--help` and `--version`
    /// print as usual and exit 0.
    static func main() {
        // A closed stdout pipe must end in EPIPE from write(2), handled quietly by
        // StandardOutput, not in a SIGPIPE death; a file-size limit (ulimit -f) must end in
        // EFBIG, reported as a write error with the temporary file removed.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandFailure {
            if !error.message.isEmpty {
                _ = FileDescriptorWriter.writeAll(
                    Data("eegscope: error: \(InputPath.displaying(error.message))\n".utf8), to: STDERR_FILENO)
            }
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            _ = FileDescriptorWriter.writeAll(
                Data(oneLineMessage(for: error).utf8), to: STDERR_FILENO)
            Foundation.exit(code.rawValue)
        }
    }

    /// `eegscope: error: MESSAGE (see --help)` on one line, from ArgumentParser's message.
    static func oneLineMessage(for error: any Error) -> String {
        let lines = message(for: error).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") }
        var text = lines.first ?? "invalid arguments"
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        return "eegscope: error: \(text) (see --help)\n"
    }
}
