/// Errors reading a BrainVision recording (`.vhdr` header, `.vmrk` markers, binary data file).
///
/// Every case names the file; the one-line ``description`` can be shown to a user as is:
/// `rec.vhdr: [Common Infos] NumberOfChannels is '-3'; expected a whole number 1–65536`.
public enum BrainVisionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The first line is not a BrainVision header (or marker) file line of version 1.0 or 2.0.
    case notBrainVision(path: String, firstLine: String)
    /// A required `key` in `section` is absent.
    case missingField(path: String, section: String, key: String)
    /// A field holds something the format does not allow.
    case invalidField(path: String, section: String, key: String, value: String, expected: String)
    /// A valid header describes data this reader does not read (ASCII data, big-endian order).
    case unsupported(path: String, feature: String, advice: String)
    /// The data or marker file named by the header does not exist.
    case missingFile(path: String, key: String, name: String)
    /// The data file disagrees with the header (too short, not a regular file).
    case inconsistentData(path: String, reason: String)
    /// A marker line cannot be parsed.
    case invalidMarker(path: String, line: Int, text: String, expected: String)
    /// A channel index or time span requested from a reader is out of range.
    case invalidRequest(path: String, parameter: String, value: String, expected: String)

    /// One line: the file, what failed, the value, what was expected.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot be read: \(reason)"
        case let .notBrainVision(path, firstLine):
            return "\(path): first line is '\(firstLine.prefix(80))'; expected 'Brain Vision "
                + "Data Exchange Header File Version 1.0' (or 2.0)"
        case let .missingField(path, section, key):
            return "\(path): [\(section)] has no \(key); the header is incomplete"
        case let .invalidField(path, section, key, value, expected):
            return "\(path): [\(section)] \(key) is '\(value.prefix(80))'; expected \(expected)"
        case let .unsupported(path, feature, advice):
            return "\(path): \(feature) is not supported; \(advice)"
        case let .missingFile(path, key, name):
            return "\(path): \(key) '\(name)' does not exist beside the header"
        case let .inconsistentData(path, reason):
            return "\(path): \(reason)"
        case let .invalidMarker(path, line, text, expected):
            return "\(path): marker on line \(line) '\(text.prefix(80))' is malformed; "
                + "expected \(expected)"
        case let .invalidRequest(path, parameter, value, expected):
            return "\(path): \(parameter) \(value) is out of range; expected \(expected)"
        }
    }
}
