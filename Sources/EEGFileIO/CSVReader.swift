import EEGCore
import Foundation

/// Reads and writes channel-per-column CSV: a header row of channel names, then one row per
/// sample. The sampling rate is not in the file and must be given.
public enum CSVRecording {
    /// Reads a CSV recording.
    ///
    /// - Parameters:
    ///   - url: The file.
    ///   - sampleRate: Samples per second in Hz (the CLI's `--fs`).
    ///   - unit: The physical unit to attach to every channel (default empty).
    /// - Throws: ``CSVError`` naming the file, the line and the problem.
    public static func read(_ url: URL, sampleRate: Hertz, unit: String = "") throws -> Recording {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSVError(
                path: path, line: nil, reason: "cannot be read (missing, a folder, or no permission)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CSVError(path: path, line: nil, reason: "not UTF-8 text")
        }
        var lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard !lines.isEmpty else {
            throw CSVError(
                path: path, line: nil, reason: "empty file (expected a header row of channel names)")
        }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["\""]) }
        guard !header.isEmpty, header.allSatisfy({ !$0.isEmpty }) else {
            throw CSVError(path: path, line: 1, reason: "header row must name every column")
        }
        var columns = Array(repeating: [Double](), count: header.count)
        for column in columns.indices { columns[column].reserveCapacity(lines.count) }
        for (offset, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw CSVError(
                    path: path, line: offset + 2,
                    reason: "has \(fields.count) fields; the header has \(header.count)")
            }
            for (column, field) in fields.enumerated() {
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                guard let value = Double(trimmed) else {
                    throw CSVError(
                        path: path, line: offset + 2,
                        reason: "field \(column + 1) '\(trimmed.prefix(20))' is not a number")
                }
                columns[column].append(value)
            }
        }
        let signals = try zip(header, columns).map { name, samples in
            try Signal(samples: samples, sampleRate: sampleRate, label: name, unit: unit)
        }
        return Recording(signals: signals, metadata: ["format": "CSV"])
    }

    /// The CSV text of equal-rate signals: a header of labels, one column per channel, values
    /// with up to 17 significant digits (exact round trip of `Double`).
    public static func text(of signals: [Signal]) -> String {
        var output = signals.map(\.label).joined(separator: ",") + "\n"
        let rows = signals.map(\.count).max() ?? 0
        for row in 0..<rows {
            let fields = signals.map { row < $0.count ? "\($0.samples[row])" : "" }
            output += fields.joined(separator: ",")
            output += "\n"
        }
        return output
    }
}

/// A CSV file could not be read.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// The 1-based line number, when the problem is on one line.
    public let line: Int?
    public let reason: String

    public var description: String {
        if let line { return "\(path): line \(line) \(reason)" }
        return "\(path): \(reason)"
    }
}
