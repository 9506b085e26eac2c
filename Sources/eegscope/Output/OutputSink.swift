import EEGFileIO
import Foundation

/// Where a command's main output goes: stdout, or a file written atomically.
enum OutputSink {
    /// Writes `text` to `path` atomically, or to stdout when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try reportingErrors { try AtomicFile.write(text, to: URL(fileURLWithPath: path)) }
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
