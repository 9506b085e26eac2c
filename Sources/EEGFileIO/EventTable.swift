import EEGCore
import Foundation

/// Reads and writes rhythm event tables: BIDS-style tab-separated values with a header row.
///
/// Columns, in this order: `onset duration channel rhythm frequency_hz amplitude`, plus
/// `snr_db` for detections. Times are seconds from the start of the recording (BIDS
/// `events.tsv` convention), frequencies Hz, amplitudes the recording's physical unit.
/// Missing values are written `n/a` (BIDS). Numbers have fixed decimals so that the same events
/// always give the same bytes: onset and duration 6 (a microsecond, finer than any sample
/// period), frequency 4, amplitude 4, SNR 3. Rows end with `\n`.
///
/// Reading accepts the columns in any order and extra columns (ignored), requires `onset`,
/// `duration`, `channel` and `rhythm`, reads `frequency_hz`, `amplitude` and `snr_db` when
/// present (`n/a` or absent → NaN for frequency and amplitude, `nil` for SNR), and tolerates
/// `\r\n` line ends and a trailing empty line.
///
/// ```swift
/// let events = try EventTable.read(URL(fileURLWithPath: "truth_events.tsv"))
/// try EventTable.write(events, to: URL(fileURLWithPath: "copy.tsv"))
/// ```
public enum EventTable {
    /// The columns written for ground truth.
    public static let truthColumns = [
        "onset", "duration", "channel", "rhythm", "frequency_hz", "amplitude",
    ]
    /// The columns written for detections (truth columns plus `snr_db`).
    public static let detectionColumns = truthColumns + ["snr_db"]

    /// The table text of `events`, in the given order.
    ///
    /// - Parameters:
    ///   - events: The rows.
    ///   - includeSNR: Whether to add the `snr_db` column; default: when any event has an SNR.
    /// - Returns: UTF-8 text with a header row and one line per event.
    public static func text(of events: [RhythmEvent], includeSNR: Bool? = nil) -> String {
        let withSNR = includeSNR ?? events.contains { $0.snrDecibels != nil }
        var lines = [(withSNR ? detectionColumns : truthColumns).joined(separator: "\t")]
        lines.reserveCapacity(events.count + 1)
        for event in events {
            var fields = [
                number(event.onset, decimals: 6), number(event.duration, decimals: 6),
                clean(event.channel), clean(event.rhythm), number(event.frequency, decimals: 4),
                number(event.amplitude, decimals: 4),
            ]
            if withSNR { fields.append(event.snrDecibels.map { number($0, decimals: 3) } ?? "n/a") }
            lines.append(fields.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `events` to `url` atomically.
    /// - Throws: ``FileWriteError``.
    public static func write(_ events: [RhythmEvent], to url: URL, includeSNR: Bool? = nil)
        throws
    {
        try AtomicFile.write(text(of: events, includeSNR: includeSNR), to: url)
    }

    /// Reads an event table file.
    /// - Throws: ``EventTableError`` naming the file, the line and the problem.
    public static func read(_ url: URL) throws -> [RhythmEvent] {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EventTableError(path: path, line: nil, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EventTableError(path: path, line: nil, reason: "is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses event table text; `path` is used in error messages only.
    /// - Throws: ``EventTableError``.
    public static func parse(_ text: String, path: String = "<memory>") throws -> [RhythmEvent] {
        // "\r\n" is one Character in Swift, so both line ends are matched explicitly.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeLast()
        }
        guard let headerLine = lines.first else {
            throw EventTableError(path: path, line: nil, reason: "is empty; expected a header row")
        }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String, required: Bool) throws -> Int? {
            let index = header.firstIndex(of: name)
            if required && index == nil {
                throw EventTableError(
                    path: path, line: 1,
                    reason: "header lacks the '\(name)' column; expected tab-separated "
                        + truthColumns.joined(separator: ", "))
            }
            return index
        }
        let onsetColumn = try column("onset", required: true) ?? 0
        let durationColumn = try column("duration", required: true) ?? 0
        let channelColumn = try column("channel", required: true) ?? 0
        let rhythmColumn = try column("rhythm", required: true) ?? 0
        let frequencyColumn = try column("frequency_hz", required: false)
        let amplitudeColumn = try column("amplitude", required: false)
        let snrColumn = try column("snr_db", required: false)

        var events: [RhythmEvent] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                throw EventTableError(path: path, line: lineNumber, reason: "is empty")
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == header.count else {
                throw EventTableError(
                    path: path, line: lineNumber,
                    reason: "has \(fields.count) fields; the header has \(header.count)")
            }
            func value(_ index: Int, _ name: String, optional: Bool) throws -> Double? {
                let field = fields[index]
                if field == "n/a" {
                    if optional { return nil }
                    throw EventTableError(
                        path: path, line: lineNumber,
                        reason: "'\(name)' is n/a; a number is required")
                }
                guard let number = Double(field), number.isFinite else {
                    throw EventTableError(
                        path: path, line: lineNumber,
                        reason: "'\(name)' value '\(field.prefix(24))' is not a finite number")
                }
                return number
            }
            let onset = try value(onsetColumn, "onset", optional: false) ?? 0
            let duration = try value(durationColumn, "duration", optional: false) ?? 0
            guard onset >= 0 else {
                throw EventTableError(
                    path: path, line: lineNumber, reason: "onset \(onset) is negative")
            }
            guard duration >= 0 else {
                throw EventTableError(
                    path: path, line: lineNumber, reason: "duration \(duration) is negative")
            }
            let channel = fields[channelColumn]
            let rhythm = fields[rhythmColumn]
            guard !channel.isEmpty, channel != "n/a" else {
                throw EventTableError(path: path, line: lineNumber, reason: "'channel' is empty")
            }
            guard !rhythm.isEmpty, rhythm != "n/a" else {
                throw EventTableError(path: path, line: lineNumber, reason: "'rhythm' is empty")
            }
            let frequency = try frequencyColumn.flatMap {
                try value($0, "frequency_hz", optional: true)
            }
            let amplitude = try amplitudeColumn.flatMap {
                try value($0, "amplitude", optional: true)
            }
            let snr = try snrColumn.flatMap { try value($0, "snr_db", optional: true) }
            events.append(
                RhythmEvent(
                    onset: onset, duration: duration, channel: channel, rhythm: rhythm,
                    frequency: frequency ?? .nan, amplitude: amplitude ?? .nan,
                    snrDecibels: snr))
        }
        return events
    }

    private static func number(_ value: Double, decimals: Int) -> String {
        value.isFinite ? formatFixed(value, decimals: decimals) : "n/a"
    }

    /// Tabs and line breaks would break the table; they become spaces.
    private static func clean(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

/// An event table could not be read.
public struct EventTableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The 1-based line number, when the problem is on one line.
    public let line: Int?
    /// What is wrong.
    public let reason: String

    /// Creates an error record.
    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `path: line N reason`, or `path reason` for whole-file problems.
    public var description: String {
        if let line { return "\(path): line \(line) \(reason)" }
        return "\(path) \(reason)"
    }
}
