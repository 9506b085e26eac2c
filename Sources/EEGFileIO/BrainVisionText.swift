import Foundation

/// The INI-style text of a BrainVision `.vhdr` or `.vmrk` file, decoded and split into sections.
///
/// Text is decoded as the `Codepage=` line says (UTF-8 when absent), falling back to Latin-1
/// when that fails, as MNE does (old Recorder files are Latin-1: `µ` is the byte 0xB5).
/// Everything from `[Comment]` on is free text and is not parsed. Section names and keys are
/// compared case-insensitively; a key's first occurrence wins.
struct BrainVisionText {
    /// The first line (the format identification), trimmed.
    let firstLine: String
    /// Per lower-cased section name, the `key=value` lines in order (keys lower-cased).
    let sections: [String: [(key: String, value: String, line: Int)]]

    /// The largest header or marker file read (64 MiB): far above real files (KBs to a few
    /// MB for long marker lists), so a wrong path to a huge file fails fast.
    static let maximumByteCount = 64 << 20

    init(url: URL) throws {
        let path = url.path
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > Self.maximumByteCount {
                throw BrainVisionError.inconsistentData(
                    path: path, reason: "file has \(size) bytes; a BrainVision header or marker "
                        + "file has at most \(Self.maximumByteCount) bytes")
            }
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                throw BrainVisionError.unreadable(path: path, reason: "it is a folder")
            }
            data = try Data(contentsOf: url)
        } catch let error as BrainVisionError {
            throw error
        } catch {
            throw BrainVisionError.unreadable(path: path, reason: error.localizedDescription)
        }
        self.init(data: data)
    }

    init(data: Data) {
        let asciiView = String(decoding: data.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
        var codepage = "utf-8"
        if let range = asciiView.range(of: "Codepage=", options: .caseInsensitive) {
            let rest = asciiView[range.upperBound...]
            codepage = String(rest.prefix { !$0.isNewline }).trimmingCharacters(in: .whitespaces)
                .lowercased()
        }
        var text: String?
        if codepage == "utf-8" || codepage == "utf8" {
            text = String(data: data, encoding: .utf8)
        } else if codepage == "ansi" || codepage == "cp1252" {
            text = String(data: data, encoding: .windowsCP1252)
        }
        let decoded = text ?? String(data: data, encoding: .isoLatin1) ?? asciiView
        var lines = decoded.components(separatedBy: .newlines)
        // Strip a UTF-8 byte-order mark from the identification line.
        if let first = lines.first, first.hasPrefix("\u{FEFF}") {
            lines[0] = String(first.dropFirst())
        }
        firstLine = lines.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var sections: [String: [(key: String, value: String, line: Int)]] = [:]
        var current: String? = nil
        for (index, raw) in lines.enumerated().dropFirst() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).lowercased()
                if name == "comment" { break }
                current = name
                if sections[name] == nil { sections[name] = [] }
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: []].append((key, value, index + 1))
        }
        self.sections = sections
    }

    /// The value of `key` in `section` (both case-insensitive), or `nil`.
    func value(_ section: String, _ key: String) -> String? {
        let wanted = key.lowercased()
        return sections[section.lowercased()]?.first { $0.key == wanted }?.value
    }

    /// The entries of `section`, or an empty list.
    func entries(_ section: String) -> [(key: String, value: String, line: Int)] {
        sections[section.lowercased()] ?? []
    }

    /// The version (1 or 2) named by a `Brain Vision … <kind> File, Version N.0` first line.
    func version(kind: String) -> Int? {
        let squeezed = firstLine.lowercased().replacingOccurrences(of: " ", with: "")
        guard squeezed.contains("brainvision"), squeezed.contains(kind.lowercased() + "file")
        else { return nil }
        if squeezed.hasSuffix("version1.0") { return 1 }
        if squeezed.hasSuffix("version2.0") { return 2 }
        return nil
    }
}
