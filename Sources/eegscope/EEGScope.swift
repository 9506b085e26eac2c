import ArgumentParser
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
        subcommands: CommandRegistry.all
    )

    /// Runs the command; library errors print one line on stderr and exit 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandFailure {
            FileHandle.standardError.write(Data("eegscope: error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
