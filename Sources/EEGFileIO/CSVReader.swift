import EEGCore
import Foundation

/// Reads and writes channel-per-column CSV: a header row of channel names, then one row per
/// sample. The sampling rate is not in the file and must be given. A first column named
/// `time_s` (as `eegscope filter` writes) holds sample times in seconds and is not a channel.
public enum CSVRecording {
    /// The name of the optional leading time column, in seconds from the recording start.
    public static let timeColumnName = "time_s"

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
                path: path, line: nil,
                reason: "cannot be read (missing, a folder, or no permission)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CSVError(path: path, line: nil, reason: "not UTF-8 text")
        }
        var lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard !lines.isEmpty else {
            throw CSVError(
                path: path, line: nil,
                reason: "empty file (expected a header row of channel names)")
        }
        guard var header = fields(of: lines.removeFirst()) else {
            throw CSVError(
                path: path, line: 1, reason: "has a quoted name without its closing '\"'")
        }
        guard !header.isEmpty, header.allSatisfy({ !$0.isEmpty }) else {
            throw CSVError(path: path, line: 1, reason: "header row must name every column")
        }
        if header.allSatisfy({ number(from: $0)?.isFinite == true }) {
            throw CSVError(
                path: path, line: 1,
                reason: "holds numbers ('\(header.joined(separator: ",").prefix(40))'); expected "
                    + "a header row of channel names")
        }
        var firstColumn: [String: Int] = [:]
        for (column, name) in header.enumerated() {
            if let earlier = firstColumn[name] {
                throw CSVError(
                    path: path, line: 1,
                    reason: "names channel '\(name)' twice (columns \(earlier + 1) and "
                        + "\(column + 1)); channel names must be unique")
            }
            firstColumn[name] = column
        }
        let hasTimeColumn = header.count > 1 && header[0].lowercased() == timeColumnName
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
                guard let value = number(from: trimmed) else {
                    let hint = trimmed.contains(";")
                        ? " (columns must be separated by commas, not semicolons)" : ""
                    throw CSVError(
                        path: path, line: offset + 2,
                        reason: "field \(column + 1) '\(trimmed.prefix(20))' is not a number"
                            + hint)
                }
                guard !(abs(value) > maximumMagnitude) else {
                    throw CSVError(
                        path: path, line: offset + 2,
                        reason: "field \(column + 1) '\(trimmed.prefix(20))' exceeds 1e100 in "
                            + "magnitude (power and variance would overflow to infinity)")
                }
                columns[column].append(value)
            }
        }
        if hasTimeColumn {
            try checkTimeStep(columns[0], sampleRate: sampleRate, path: path)
            header.removeFirst()
            columns.removeFirst()
        }
        let signals = try zip(header, columns).map { name, samples in
            try Signal(samples: samples, sampleRate: sampleRate, label: name, unit: unit)
        }
        return Recording(signals: signals, metadata: ["format": "CSV"])
    }

    /// Checks that the first step of a `time_s` column matches `sampleRate`, so that a wrong
    /// `--fs` is named instead of silently rescaling time (later steps may jump over gaps).
    static func checkTimeStep(_ times: [Double], sampleRate: Hertz, path: String) throws {
        guard times.count >= 2 else { return }
        let step = times[1] - times[0]
        let expected = 1 / sampleRate
        guard abs(step - expected) <= 1e-6 * expected else {
            throw CSVError(
                path: path, line: 3,
                reason: "time_s steps by \(step) s, i.e. \(1 / step) Hz, but the sampling rate "
                    + "given is \(formatHertz(sampleRate)) Hz")
        }
    }

    /// The largest sample magnitude accepted, 1e100 (as for EDF physical bounds: squares and
    /// sums of larger values overflow `Double`).
    public static let maximumMagnitude = 1e100

    /// A decimal number: optional sign, digits with an optional point, optional exponent, or
    /// `nan`/`inf`/`infinity` (which estimators then refuse). Unlike `Double(_:)`, hexadecimal
    /// (`0x3`, `0x1p4`) is not a number here: no spreadsheet writes it, and a column of it is
    /// far more likely a mistake than data.
    static func number<Text: StringProtocol>(from text: Text) -> Double? {
        guard !text.contains(where: { $0 == "x" || $0 == "X" }) else { return nil }
        return Double(String(text))
    }

    /// The header fields of `line` (RFC 4180): comma-separated, each optionally in double
    /// quotes (so a name may hold commas; `""` inside quotes is one `"`), spaces around trimmed.
    /// `nil` when a quote is not closed.
    static func fields(of line: Substring) -> [String]? {
        var result: [String] = []
        var current = ""
        var isQuoted = false
        var wasQuoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if isQuoted {
                if character == "\"" {
                    isQuoted = false
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                // A quote right after a closing quote is an escaped quote (""); spaces before
                // an opening quote are not part of the name.
                if wasQuoted {
                    current.append("\"")
                } else if current.allSatisfy(\.isWhitespace) {
                    current = ""
                }
                isQuoted = true
                wasQuoted = true
            } else if character == "," {
                result.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
                current = ""
                wasQuoted = false
            } else if !(wasQuoted && character == " ") {
                current.append(character)
            }
        }
        guard !isQuoted else { return nil }
        result.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return result
    }

    /// `text` as one CSV field: quoted (with `"` doubled) when it holds a comma, quote or line
    /// break, or starts or ends with a space (which unquoted fields lose), as RFC 4180 and
    /// ``read(_:sampleRate:unit:)`` expect.
    public static func escapedField(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The CSV text of equal-rate signals: a header of labels (quoted when they hold commas or
    /// quotes), one column per channel, values with up to 17 significant digits (exact round
    /// trip of `Double`).
    ///
    /// - Parameters:
    ///   - signals: Channels sharing one sampling rate.
    ///   - time: With a function from sample index to seconds, a leading `time_s` column
    ///     (``read(_:sampleRate:unit:)`` skips it again); default none.
    public static func text(of signals: [Signal], time: ((Int) -> Seconds)? = nil) -> String {
        let labels = signals.map { escapedField($0.label) }
        var output = ((time == nil ? [] : [timeColumnName]) + labels).joined(separator: ",")
            + "\n"
        let rows = signals.map(\.count).max() ?? 0
        for row in 0..<rows {
            var fields = signals.map { row < $0.count ? "\($0.samples[row])" : "" }
            if let time { fields.insert("\(time(row))", at: 0) }
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
