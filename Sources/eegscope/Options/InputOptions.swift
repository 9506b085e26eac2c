import ArgumentParser
import EEGCore
import EEGFileIO
import Foundation

/// Options shared by commands that read one or more recordings.
struct RecordingOptions: ParsableArguments {
    @Option(name: .customLong("fs"), help: ArgumentHelp(
        "Sampling rate in Hz for CSV input.", valueName: "hz"))
    var csvSampleRate: Double?

    @Option(
        help: ArgumentHelp(
            "Comma-separated channel names to use (default: all data channels).",
            valueName: "list"),
        transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var channels: [String]?

    func validate() throws {
        if let channels, channels.isEmpty || channels.contains(where: \.isEmpty) {
            throw ValidationError(
                "--channels must list channel names separated by commas, got an empty name")
        }
        if let rate = csvSampleRate, !Signal.supportedSampleRates.contains(rate) {
            throw ValidationError(
                "--fs must be \(Signal.supportedSampleRatesDescription), got \(rate)")
        }
    }

    /// Reads `path` and keeps the requested channels; errors name the file.
    func load(_ path: String) throws -> Recording {
        try withFile(path) {
            let url = try InputPath.url(for: path)
            warnAboutExtension(of: url)
            let recording = try RecordingFile.read(url, csvSampleRate: csvSampleRate)
            guard let channels, !channels.isEmpty else { return recording }
            return try recording.selecting(channels: channels)
        }
    }
}

/// `--format csv|json`.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case csv
    case json
}

/// Prints `eegscope: warning: …` when the file's extension disagrees with its header bytes
/// (the header decides the format; see ``EEGFileIO/RecordingFile/extensionWarning(for:)``).
func warnAboutExtension(of url: URL) {
    guard let warning = RecordingFile.extensionWarning(for: url) else { return }
    _ = FileDescriptorWriter.writeAll(
        Data("eegscope: warning: \(warning)\n".utf8), to: STDERR_FILENO)
}
