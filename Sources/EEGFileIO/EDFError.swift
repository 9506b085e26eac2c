/// Errors reading or writing EDF, EDF+, BDF and BDF+ files.
///
/// Every case names the file; header problems also name the field (as the EDF specification
/// calls it) and its byte offset, so the one-line ``description`` can be shown to a user as is:
/// `rec.edf: header field 'number of data records' at byte 236 is '-5'; expected a
/// non-negative integer or -1`.
public enum EDFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (permissions, I/O error, a folder).
    case unreadable(path: String, reason: String)
    /// The file has zero bytes.
    case emptyFile(path: String)
    /// The file ends before the header does: `size` bytes where `required` are needed.
    case truncatedHeader(path: String, size: Int, required: Int)
    /// A header field does not hold what the specification allows.
    case invalidField(path: String, field: String, byteOffset: Int, value: String, expected: String)
    /// A control byte (0x01–0x1F or 0x7F) in the header. (Bytes ≥ 0x80, outside the
    /// specification's ASCII but common in clinical exports, are read as UTF-8 or Latin-1.)
    case nonASCIIHeader(path: String, field: String, byteOffset: Int, byte: UInt8)
    /// The data section is shorter than the header declares.
    case truncatedData(path: String, size: Int, required: Int, recordCount: Int, recordSize: Int)
    /// An annotation (TAL) in a data record cannot be parsed.
    case invalidAnnotation(path: String, record: Int, byteOffset: Int, reason: String)
    /// A record's time-keeping annotation disagrees with the format (EDF+C gaps, EDF+D overlap).
    case inconsistentRecordOnset(path: String, record: Int, onset: Double, expected: String)
    /// A channel index or time span requested from a reader is out of range.
    case invalidRequest(path: String, parameter: String, value: String, expected: String)
    /// A recording cannot be written as EDF/BDF (a label too long, a non-finite sample, …).
    case unwritable(path: String, field: String, value: String, reason: String)

    /// The file the error concerns.
    public var path: String {
        switch self {
        case let .unreadable(path, _), let .emptyFile(path), let .truncatedHeader(path, _, _),
            let .invalidField(path, _, _, _, _), let .nonASCIIHeader(path, _, _, _),
            let .truncatedData(path, _, _, _, _), let .invalidAnnotation(path, _, _, _),
            let .inconsistentRecordOnset(path, _, _, _), let .invalidRequest(path, _, _, _),
            let .unwritable(path, _, _, _):
            return path
        }
    }

    /// One line: the file, what failed, the value, what was expected.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot be read: \(reason)"
        case let .emptyFile(path):
            return "\(path): file is empty (0 bytes); expected an EDF/BDF header of 256+ bytes"
        case let .truncatedHeader(path, size, required):
            return "\(path): file has \(size) bytes but its header needs \(required) bytes; "
                + "the file is truncated or not EDF/BDF"
        case let .invalidField(path, field, offset, value, expected):
            return "\(path): header field '\(field)' at byte \(offset) is '\(value)'; "
                + "expected \(expected)"
        case let .nonASCIIHeader(path, field, offset, byte):
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            return "\(path): header field '\(field)' at byte \(offset) holds control byte "
                + "\(hex); expected printable text"
        case let .truncatedData(path, size, required, count, recordSize):
            return "\(path): file has \(size) bytes but the header declares \(count) data "
                + "records of \(recordSize) bytes (\(required) bytes in all); "
                + "the file is truncated or the header lies"
        case let .invalidAnnotation(path, record, offset, reason):
            return "\(path): annotation in data record \(record) at byte \(offset) is "
                + "malformed: \(reason)"
        case let .inconsistentRecordOnset(path, record, onset, expected):
            return "\(path): data record \(record) starts at \(onset) s; expected \(expected)"
        case let .invalidRequest(path, parameter, value, expected):
            return "\(path): \(parameter) \(value) is out of range; expected \(expected)"
        case let .unwritable(path, field, value, reason):
            return "\(path): cannot write \(field) '\(value)': \(reason)"
        }
    }
}
