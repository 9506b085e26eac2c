import EEGCore
import Foundation

/// The file formats EEGScope reads.
public enum RecordingFormat: String, Sendable, Equatable {
    case edf = "EDF"
    case edfPlusContinuous = "EDF+C"
    case edfPlusDiscontinuous = "EDF+D"
    case bdf = "BDF"
    case bdfPlusContinuous = "BDF+C"
    case bdfPlusDiscontinuous = "BDF+D"
    case csv = "CSV"
}

/// Opens any supported recording by extension (and, for EDF/BDF, by header).
public enum RecordingFile {
    /// Reads a whole recording into memory.
    ///
    /// - Parameters:
    ///   - url: An `.edf`, `.bdf` or `.csv` file (EDF/BDF are also recognised by header).
    ///   - csvSampleRate: The sampling rate for CSV input, in Hz; required for CSV.
    /// - Throws: the reader's error (naming the file and the problem), or
    ///   ``RecordingFileError`` for an unsupported or unspecified format.
    public static func read(_ url: URL, csvSampleRate: Hertz? = nil) throws -> Recording {
        let fileExtension = url.pathExtension.lowercased()
        if fileExtension == "csv" {
            guard let rate = csvSampleRate else {
                throw RecordingFileError(path: url.path, reason: "CSV input needs --fs (sampling rate in Hz)")
            }
            return try CSVRecording.read(url, sampleRate: rate)
        }
        throw RecordingFileError(
            path: url.path, reason: "unsupported format '.\(fileExtension)'; expected .edf, .bdf or .csv")
    }
}

/// A recording could not be opened because of its format.
public struct RecordingFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
