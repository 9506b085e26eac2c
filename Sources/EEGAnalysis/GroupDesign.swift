import EEGCore
import Foundation

/// The paired design of a group analysis: which recording (or span of one) holds which subject
/// in which condition.
///
/// Read from a CSV table with header `subject,condition,file` and optional `start_s,end_s`
/// (columns in any order, extra columns ignored). There must be exactly two condition values;
/// the first one listed is the reference. Every subject needs at least one row in each
/// condition; several rows of one subject and condition (e.g. runs) are averaged in power.
/// Relative file paths are relative to the table's folder.
///
/// ```swift
/// let design = try GroupDesign(contentsOf: URL(fileURLWithPath: "design.csv"))
/// ```
public struct GroupDesign: Sendable, Equatable {
    /// One row of the table.
    public struct Entry: Sendable, Equatable {
        /// The subject identifier.
        public let subject: String
        /// The condition value.
        public let condition: String
        /// The recording's path (resolved against the table's folder).
        public let file: String
        /// The span in seconds from the recording's start, or `nil` for the whole file.
        public let span: ClosedRange<Seconds>?
    }

    /// The rows in table order.
    public let entries: [Entry]
    /// The two condition values, reference first.
    public let conditions: [String]
    /// The subjects in order of first appearance.
    public let subjects: [String]

    /// Reads and checks a design table.
    /// - Throws: ``AnalysisError/fileFailed(file:reason:)`` naming the table and the problem
    ///   (missing column, wrong number of conditions, unpaired subject, bad span).
    public init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw AnalysisError.fileFailed(file: url.path, reason: "cannot read the design table")
        }
        try self.init(csv: text, baseDirectory: url.deletingLastPathComponent(), name: url.path)
    }

    /// Parses a design table's text.
    /// - Throws: as ``init(contentsOf:)``, naming `name`.
    public init(csv text: String, baseDirectory: URL, name: String = "design table") throws {
        func fail(_ reason: String) -> AnalysisError {
            AnalysisError.fileFailed(file: name, reason: reason)
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let headerLine = lines.first else { throw fail("the design table is empty") }
        let header = Self.fields(headerLine).map { $0.lowercased() }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let subjectColumn = column("subject"), let conditionColumn = column("condition"),
            let fileColumn = column("file")
        else {
            throw fail("header must name the columns subject,condition,file "
                + "(found '\(headerLine)')")
        }
        let startColumn = column("start_s")
        let endColumn = column("end_s")
        var entries: [Entry] = []
        var conditions: [String] = []
        var subjects: [String] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let row = Self.fields(line)
            let lineNumber = offset + 2
            let needed = [subjectColumn, conditionColumn, fileColumn].max() ?? 0
            guard row.count > needed else {
                throw fail("line \(lineNumber) has \(row.count) fields; expected \(needed + 1)")
            }
            let subject = row[subjectColumn]
            let condition = row[conditionColumn]
            let path = row[fileColumn]
            guard !subject.isEmpty, !condition.isEmpty, !path.isEmpty else {
                throw fail("line \(lineNumber) has an empty subject, condition or file")
            }
            var span: ClosedRange<Seconds>? = nil
            let startText = startColumn.flatMap { $0 < row.count ? row[$0] : nil } ?? ""
            let endText = endColumn.flatMap { $0 < row.count ? row[$0] : nil } ?? ""
            if !startText.isEmpty || !endText.isEmpty {
                guard let start = Double(startText), let end = Double(endText), start >= 0,
                    start < end
                else {
                    throw fail("line \(lineNumber): start_s,end_s must be numbers with "
                        + "0 <= start < end (found '\(startText)','\(endText)')")
                }
                span = start...end
            }
            let resolved = path.hasPrefix("/")
                ? path : baseDirectory.appendingPathComponent(path).path
            if !conditions.contains(condition) { conditions.append(condition) }
            if !subjects.contains(subject) { subjects.append(subject) }
            entries.append(Entry(subject: subject, condition: condition, file: resolved, span: span))
        }
        guard conditions.count == 2 else {
            throw fail("needs exactly two condition values; found \(conditions.count) "
                + "(\(conditions.joined(separator: ", ")))")
        }
        for subject in subjects {
            for condition in conditions
            where !entries.contains(where: { $0.subject == subject && $0.condition == condition }) {
                throw fail("subject '\(subject)' has no row for condition '\(condition)'")
            }
        }
        guard subjects.count >= 2 else {
            throw fail("needs at least two subjects; found \(subjects.count)")
        }
        self.entries = entries
        self.conditions = conditions
        self.subjects = subjects
    }

    /// Comma-separated fields, trimmed; double quotes around a field are removed.
    static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            var field = $0.trimmingCharacters(in: .whitespaces)
            if field.count >= 2, field.hasPrefix("\""), field.hasSuffix("\"") {
                field = String(field.dropFirst().dropLast())
            }
            return field
        }
    }
}
