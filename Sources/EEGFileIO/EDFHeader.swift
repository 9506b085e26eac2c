import EEGCore
import Foundation

/// The parsed and validated header of an EDF, EDF+, BDF or BDF+ file.
///
/// Layout per the EDF specification (Kemp et al. 1992, "A simple format for exchange of
/// digitized polygraphic recordings", Electroenceph. Clin. Neurophysiol. 82:391-393) and EDF+
/// (Kemp & Olivan 2003, Clin. Neurophysiol. 114:1755-1761): a 256-byte fixed part, then 256
/// bytes per signal stored field by field. BDF (BioSemi) has the same layout with a version
/// byte 0xFF + `BIOSEMI` and 24-bit samples; BDF+ marks itself like EDF+ in the reserved field.
///
/// Parsing checks every field against the specification and against the real file size, so
/// nothing is allocated from a number the file merely claims:
/// ```swift
/// let header = try EDFHeader(parsing: bytes, fileSize: size, path: "rec.edf")
/// print(header.format, header.recordCount, header.recordDuration)
/// ```
public struct EDFHeader: Sendable, Equatable {
    /// The size of the fixed part of the header, in bytes.
    public static let fixedSize = 256
    /// The size of each signal's part of the header, in bytes.
    public static let bytesPerSignalHeader = 256

    /// EDF, EDF+C, EDF+D, BDF, BDF+C or BDF+D.
    public let format: RecordingFormat
    /// The local patient identification field, trimmed.
    public let patientField: String
    /// The local recording identification field, trimmed.
    public let recordingField: String
    /// EDF+ patient subfields, when the file is EDF+/BDF+ and the field has them.
    public let patient: EDFPatientIdentification?
    /// EDF+ recording subfields, when the file is EDF+/BDF+ and the field has them.
    public let recording: EDFRecordingIdentification?
    /// The `startdate` field as written (`dd.mm.yy`).
    public let startDateField: String
    /// The `starttime` field as written (`hh.mm.ss`).
    public let startTimeField: String
    /// The start of the first data record as written in the header (whole seconds, the clock
    /// fields read as UTC), or `nil` when the date or time is not a valid `dd.mm.yy` /
    /// `hh.mm.ss`. Two-digit years follow the EDF rule: 85-99 → 1985-1999, 00-84 → 2000-2084;
    /// the year `yy` (used after 2084) takes the year from the EDF+ `Startdate` subfield.
    public let headerStartDate: Date?
    /// The header size in bytes (256 × (signals + 1)).
    public let headerByteCount: Int
    /// The reserved field (`EDF+C`, `EDF+D`, `24BIT`, `BDF+C`, or free text), trimmed.
    public let reserved: String
    /// The `number of data records` field as written (−1 means unknown).
    public let declaredRecordCount: Int
    /// The number of data records the reader uses: the declared count, or for −1 the whole
    /// records that fit in the file (a trailing partial record is ignored).
    public let recordCount: Int
    /// Seconds per data record (may be fractional, e.g. 0.31; 0 only in annotation-only files).
    public let recordDuration: Seconds
    /// Every signal in file order, annotation signals included.
    public let signals: [EDFSignalHeader]
    /// Bytes per sample: 2 for EDF, 3 for BDF.
    public let bytesPerSample: Int
    /// Bytes per data record, all signals together.
    public let recordByteCount: Int
    /// The byte offset of each signal within a data record.
    public let signalByteOffsets: [Int]

    /// Whether the file is BDF or BDF+ (24-bit samples).
    public var isBDF: Bool { bytesPerSample == 3 }
    /// Whether the file is EDF+ or BDF+.
    public var isPlus: Bool {
        switch format {
        case .edfPlusContinuous, .edfPlusDiscontinuous, .bdfPlusContinuous,
            .bdfPlusDiscontinuous:
            return true
        default: return false
        }
    }
    /// Whether the format marks the records as possibly discontinuous (EDF+D, BDF+D).
    public var isDiscontinuous: Bool {
        format == .edfPlusDiscontinuous || format == .bdfPlusDiscontinuous
    }
    /// The indices of the data (non-annotation) signals (stored: readers index it per
    /// channel, which would be quadratic in the channel count if it were recomputed).
    public let dataSignalIndices: [Int]
    /// The indices of the annotation signals.
    public var annotationSignalIndices: [Int] {
        signals.indices.filter { signals[$0].isAnnotation }
    }

    // MARK: - Parsing

    /// The total header size a file declares in its first 256 bytes, validated against the
    /// file size, so a reader knows how many bytes to read next.
    ///
    /// - Parameters:
    ///   - fixedPart: At least the first 256 bytes of the file.
    ///   - fileSize: The real file size in bytes.
    ///   - path: The file path, for error messages.
    /// - Returns: 256 × (number of signals + 1).
    /// - Throws: ``EDFError`` for a bad version, signal count, header size, or a file shorter
    ///   than the header.
    public static func headerSize(fixedPart: [UInt8], fileSize: Int, path: String) throws
        -> Int
    {
        let reader = FieldReader(bytes: fixedPart, path: path)
        if fileSize == 0 { throw EDFError.emptyFile(path: path) }
        guard fixedPart.count >= fixedSize, fileSize >= fixedSize else {
            throw EDFError.truncatedHeader(
                path: path, size: min(fileSize, fixedPart.count), required: fixedSize)
        }
        _ = try reader.version()
        let signalCount = try reader.integer(at: 252, width: 4, field: "number of signals")
        guard signalCount >= 1 else {
            throw EDFError.invalidField(
                path: path, field: "number of signals", byteOffset: 252,
                value: "\(signalCount)", expected: "at least 1")
        }
        // At most 9999 signals (4 digits), so this product cannot overflow.
        let required = fixedSize + signalCount * bytesPerSignalHeader
        let declared = try reader.integer(
            at: 184, width: 8, field: "number of bytes in header record")
        guard declared == required else {
            throw EDFError.invalidField(
                path: path, field: "number of bytes in header record", byteOffset: 184,
                value: "\(declared)",
                expected: "\(required) (256 + 256 × \(signalCount) signals)")
        }
        guard fileSize >= required else {
            throw EDFError.truncatedHeader(path: path, size: fileSize, required: required)
        }
        return required
    }

    /// Parses and validates a whole header.
    ///
    /// - Parameters:
    ///   - bytes: At least the whole header (``headerSize(fixedPart:fileSize:path:)`` bytes);
    ///     further bytes are ignored.
    ///   - fileSize: The real size of the file in bytes; record counts are checked against it.
    ///   - path: The file path, for error messages.
    /// - Throws: ``EDFError`` naming the first field that breaks the specification: a control
    ///   byte, a number that does not parse or is out of range, digital minimum ≥ maximum,
    ///   samples per record < 1 or overflowing, more records than the file holds.
    public init(parsing bytes: [UInt8], fileSize: Int, path: String) throws {
        let size = try Self.headerSize(fixedPart: bytes, fileSize: fileSize, path: path)
        guard bytes.count >= size else {
            throw EDFError.truncatedHeader(path: path, size: bytes.count, required: size)
        }
        let reader = FieldReader(bytes: bytes, path: path)
        let signalCount = (size - Self.fixedSize) / Self.bytesPerSignalHeader
        try reader.requireASCII(headerSize: size, signalCount: signalCount)

        let isBDF = try reader.version()
        bytesPerSample = isBDF ? 3 : 2
        headerByteCount = size
        patientField = reader.text(at: 8, width: 80)
        recordingField = reader.text(at: 88, width: 80)
        startDateField = reader.text(at: 168, width: 8)
        startTimeField = reader.text(at: 176, width: 8)
        reserved = reader.text(at: 192, width: 44)
        format = Self.format(reserved: reserved, isBDF: isBDF)

        let plus = [.edfPlusContinuous, .edfPlusDiscontinuous, .bdfPlusContinuous,
            .bdfPlusDiscontinuous].contains(format)
        patient = plus ? EDFPatientIdentification(parsing: patientField) : nil
        recording = plus ? EDFRecordingIdentification(parsing: recordingField) : nil
        headerStartDate = Self.startDate(
            date: startDateField, time: startTimeField, recording: recording)

        declaredRecordCount = try reader.integer(at: 236, width: 8, field: "number of data records")
        guard declaredRecordCount >= -1 else {
            throw EDFError.invalidField(
                path: path, field: "number of data records", byteOffset: 236,
                value: "\(declaredRecordCount)", expected: "a non-negative integer or -1")
        }
        recordDuration = try reader.decimal(at: 244, width: 8, field: "duration of a data record")
        guard recordDuration >= 0 else {
            throw EDFError.invalidField(
                path: path, field: "duration of a data record", byteOffset: 244,
                value: reader.text(at: 244, width: 8), expected: "a non-negative number of seconds")
        }

        let signals = try Self.signalHeaders(
            reader: reader, count: signalCount, isBDF: isBDF, recordDuration: recordDuration)
        self.signals = signals
        dataSignalIndices = signals.indices.filter { !signals[$0].isAnnotation }
        if recordDuration == 0, signals.contains(where: { !$0.isAnnotation }) {
            throw EDFError.invalidField(
                path: path, field: "duration of a data record", byteOffset: 244,
                value: reader.text(at: 244, width: 8),
                expected: "a positive duration (0 is allowed only when every signal is an "
                    + "annotation signal)")
        }
        if format == .edfPlusDiscontinuous || format == .bdfPlusDiscontinuous,
            !signals.contains(where: \.isAnnotation)
        {
            throw EDFError.invalidField(
                path: path, field: "reserved", byteOffset: 192, value: reserved,
                expected: "an 'EDF Annotations' signal, which EDF+D needs for record onsets")
        }

        // Record size: each term ≤ 99,999,999 × 3; the sum over ≤ 9999 signals fits in Int64,
        // but the checked arithmetic documents that nothing here can overflow.
        var offsets: [Int] = []
        offsets.reserveCapacity(signals.count)
        var recordBytes = 0
        for signal in signals {
            offsets.append(recordBytes)
            let (bytesOfSignal, overflow1) = signal.samplesPerRecordCount
                .multipliedReportingOverflow(by: bytesPerSample)
            let (sum, overflow2) = recordBytes.addingReportingOverflow(bytesOfSignal)
            guard !overflow1, !overflow2 else {
                throw EDFError.invalidField(
                    path: path, field: "nr of samples in each data record", byteOffset: 256,
                    value: "\(signal.samplesPerRecordCount)", expected: "a record size that fits")
            }
            recordBytes = sum
        }
        signalByteOffsets = offsets
        recordByteCount = recordBytes

        let dataBytes = fileSize - size
        if declaredRecordCount == -1 {
            recordCount = dataBytes / recordBytes
        } else {
            let (needed, overflow) = declaredRecordCount.multipliedReportingOverflow(
                by: recordBytes)
            guard !overflow, needed <= dataBytes else {
                throw EDFError.truncatedData(
                    path: path, size: fileSize,
                    required: overflow ? Int.max : size + needed,
                    recordCount: declaredRecordCount, recordSize: recordBytes)
            }
            recordCount = declaredRecordCount
        }
        if !isBDF, declaredRecordCount > 0, dataBytes != declaredRecordCount * recordBytes,
            dataBytes == declaredRecordCount * (recordBytes / 2 * 3)
        {
            // Exactly the size of the same records with 3-byte samples: a BDF file whose
            // version field says EDF. Decoding it as 16-bit would give garbage silently.
            throw EDFError.invalidField(
                path: path, field: "version", byteOffset: 0, value: "0",
                expected: "0xFF BIOSEMI: the data (\(dataBytes) bytes) are exactly "
                    + "\(declaredRecordCount) records of 24-bit BDF samples, not of 16-bit EDF "
                    + "samples (\(declaredRecordCount * recordBytes) bytes)")
        }
    }

    // MARK: - Parsing helpers

    private static func format(reserved: String, isBDF: Bool) -> RecordingFormat {
        // BDF+ files mark themselves `BDF+C`/`BDF+D`; some writers use the EDF+ words in BDF.
        if reserved.hasPrefix("EDF+C") || reserved.hasPrefix("BDF+C") {
            return isBDF ? .bdfPlusContinuous : .edfPlusContinuous
        }
        if reserved.hasPrefix("EDF+D") || reserved.hasPrefix("BDF+D") {
            return isBDF ? .bdfPlusDiscontinuous : .edfPlusDiscontinuous
        }
        return isBDF ? .bdf : .edf
    }

    private static func signalHeaders(
        reader: FieldReader, count: Int, isBDF: Bool, recordDuration: Double
    ) throws -> [EDFSignalHeader] {
        let path = reader.path
        // Field widths and the running start of each field block, per the EDF layout.
        let widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32]
        var starts: [Int] = []
        var position = fixedSize
        for width in widths {
            starts.append(position)
            position += width * count
        }
        let digitalLimits = isBDF ? (-8_388_608...8_388_607) : (-32_768...32_767)
        var result: [EDFSignalHeader] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let number = index + 1
            func at(_ field: Int) -> Int { starts[field] + index * widths[field] }
            let label = reader.text(at: at(0), width: 16)
            let isAnnotation = label == "EDF Annotations" || label == "BDF Annotations"
            let physicalMinimum = try reader.decimal(
                at: at(3), width: 8, field: "physical minimum of signal \(number)")
            let physicalMaximum = try reader.decimal(
                at: at(4), width: 8, field: "physical maximum of signal \(number)")
            let digitalMinimum = try reader.integer(
                at: at(5), width: 8, field: "digital minimum of signal \(number)")
            let digitalMaximum = try reader.integer(
                at: at(6), width: 8, field: "digital maximum of signal \(number)")
            let samples = try reader.integer(
                at: at(8), width: 8, field: "nr of samples in each data record of signal \(number)")
            guard samples >= 1 else {
                throw EDFError.invalidField(
                    path: path, field: "nr of samples in each data record of signal \(number)",
                    byteOffset: at(8), value: "\(samples)", expected: "a positive integer")
            }
            if !isAnnotation {
                for (value, field, offset) in [
                    (digitalMinimum, "digital minimum", at(5)),
                    (digitalMaximum, "digital maximum", at(6)),
                ] where !digitalLimits.contains(value) {
                    throw EDFError.invalidField(
                        path: path, field: "\(field) of signal \(number)", byteOffset: offset,
                        value: "\(value)",
                        expected: "\(digitalLimits.lowerBound)...\(digitalLimits.upperBound) "
                            + "for \(isBDF ? 24 : 16)-bit samples")
                }
                guard digitalMinimum < digitalMaximum else {
                    throw EDFError.invalidField(
                        path: path, field: "digital maximum of signal \(number)",
                        byteOffset: at(6), value: "\(digitalMaximum)",
                        expected: "greater than the digital minimum \(digitalMinimum)")
                }
                guard physicalMinimum != physicalMaximum else {
                    throw EDFError.invalidField(
                        path: path, field: "physical maximum of signal \(number)",
                        byteOffset: at(4), value: "\(physicalMaximum)",
                        expected: "different from the physical minimum \(physicalMinimum)")
                }
                for (value, field, offset) in [
                    (physicalMinimum, "physical minimum", at(3)),
                    (physicalMaximum, "physical maximum", at(4)),
                ] where !(abs(value) <= EDFSignalHeader.maximumPhysicalMagnitude) {
                    throw EDFError.invalidField(
                        path: path, field: "\(field) of signal \(number)", byteOffset: offset,
                        value: reader.printable(offset, 8),
                        expected: "a magnitude of at most 1e100 (larger values overflow "
                            + "power and variance to infinity)")
                }
                // With both bounds ≤ 1e100 in magnitude and digital maximum > minimum, the
                // scale and offset are finite; checked anyway, so no NaN or infinity can come
                // out of decoding whatever the arithmetic above becomes.
                let scaling = (physicalMaximum - physicalMinimum)
                    / Double(digitalMaximum - digitalMinimum)
                let offset = physicalMinimum - Double(digitalMinimum) * scaling
                guard scaling.isFinite, offset.isFinite else {
                    throw EDFError.invalidField(
                        path: path, field: "physical maximum of signal \(number)",
                        byteOffset: at(4), value: reader.printable(at(4), 8),
                        expected: "a physical range whose scaling (physical range / digital "
                            + "range) is finite")
                }
                if recordDuration > 0 {
                    let rate = Double(samples) / recordDuration
                    guard Signal.supportedSampleRates.contains(rate) else {
                        throw EDFError.invalidField(
                            path: path, field: "duration of a data record", byteOffset: 244,
                            value: "\(recordDuration)",
                            expected: "a duration giving signal \(number) (\(samples) samples per "
                                + "record) \(Signal.supportedSampleRatesDescription), not "
                                + "\(rate) Hz")
                    }
                }
            }
            result.append(
                EDFSignalHeader(
                    label: label, transducer: reader.text(at: at(1), width: 80),
                    physicalDimension: reader.text(at: at(2), width: 8),
                    physicalMinimum: physicalMinimum, physicalMaximum: physicalMaximum,
                    digitalMinimum: digitalMinimum, digitalMaximum: digitalMaximum,
                    prefiltering: reader.text(at: at(7), width: 80),
                    samplesPerRecordCount: samples, reserved: reader.text(at: at(9), width: 32),
                    isAnnotation: isAnnotation))
        }
        return result
    }

    /// Header date and time → `Date` (UTC clock), with the 1985-2084 two-digit-year rule.
    static func startDate(
        date: String, time: String, recording: EDFRecordingIdentification?
    ) -> Date? {
        func numbers(_ text: String) -> [Int]? {
            let parts = text.split(whereSeparator: { $0 == "." || $0 == ":" })
            guard parts.count == 3, parts.allSatisfy({ $0.count == 2 }) else { return nil }
            let values = parts.compactMap { Int($0) }
            return values.count == 3 ? values : nil
        }
        guard let clock = numbers(time) else { return nil }
        var day: Int
        var month: Int
        var year: Int
        if let fields = numbers(date) {
            day = fields[0]
            month = fields[1]
            year = fields[2] >= 85 ? 1900 + fields[2] : 2000 + fields[2]
        } else if date.hasSuffix("yy"), let full = recording?.startdateComponents {
            (year, month, day) = (full.year, full.month, full.day)
        } else {
            return nil
        }
        // After 2084 the header cannot hold the year; EDF+ puts it in the Startdate subfield.
        if let full = recording?.startdateComponents, full.year > 2084 {
            (year, month, day) = (full.year, full.month, full.day)
        }
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(clock[0]),
            (0...59).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(
            year: year, month: month, day: day, hour: clock[0], minute: clock[1],
            second: clock[2])
        guard let result = calendar.date(from: components),
            calendar.component(.day, from: result) == day
        else { return nil }
        return result
    }
}

// MARK: - Field reading

/// Reads fixed-width ASCII fields from header bytes with errors naming field and offset.
struct FieldReader {
    let bytes: [UInt8]
    let path: String

    /// Returns whether the version field marks BDF (0xFF `BIOSEMI`); throws unless it is EDF
    /// (`0` padded with spaces) or BDF.
    func version() throws -> Bool {
        if bytes[0] == 0xFF {
            guard Array(bytes[1..<8]) == Array("BIOSEMI".utf8) else {
                throw EDFError.invalidField(
                    path: path, field: "version", byteOffset: 0,
                    value: "0xFF" + printable(1, 7), expected: "'0' (EDF) or 0xFF BIOSEMI (BDF)")
            }
            return true
        }
        guard bytes[0] == UInt8(ascii: "0"), bytes[1..<8].allSatisfy({ $0 == 32 }) else {
            throw EDFError.invalidField(
                path: path, field: "version", byteOffset: 0, value: printable(0, 8),
                expected: "'0' (EDF) or 0xFF BIOSEMI (BDF)")
        }
        return false
    }

    /// The field's text with leading and trailing spaces (and NUL padding) removed. The
    /// specification allows only ASCII; other bytes are read as UTF-8 when they form valid
    /// UTF-8 and as Latin-1 otherwise (as MNE does), so a clinical export's `µV` written as the
    /// single byte 0xB5 reads as "µV".
    func text(at offset: Int, width: Int) -> String {
        var start = offset
        var end = offset + width
        while start < end, bytes[start] == 32 || bytes[start] == 0 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 0 { end -= 1 }
        let field = bytes[start..<end]
        if field.allSatisfy({ $0 < 0x80 }) { return String(decoding: field, as: UTF8.self) }
        if let utf8 = String(validating: field, as: UTF8.self) { return utf8 }
        return String(String.UnicodeScalarView(field.map { Unicode.Scalar($0) }))
    }

    /// A printable rendering of raw bytes for messages (non-ASCII as `\xNN`).
    func printable(_ offset: Int, _ width: Int) -> String {
        var result = ""
        for byte in bytes[offset..<min(bytes.count, offset + width)] {
            if (32...126).contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "\\x" + String(byte, radix: 16, uppercase: true)
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// A decimal integer field (optional sign, digits, spaces around).
    func integer(at offset: Int, width: Int, field: String) throws -> Int {
        let text = self.text(at: offset, width: width)
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        else {
            throw EDFError.invalidField(
                path: path, field: field, byteOffset: offset, value: printable(offset, width),
                expected: "an integer")
        }
        return value
    }

    /// A finite decimal number field (digits, sign, point, exponent).
    func decimal(at offset: Int, width: Int, field: String) throws -> Double {
        let text = self.text(at: offset, width: width)
        let allowed = Set("0123456789+-.eE")
        guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }),
            text.contains(where: \.isNumber), let value = Double(text), value.isFinite
        else {
            throw EDFError.invalidField(
                path: path, field: field, byteOffset: offset, value: printable(offset, width),
                expected: "a finite decimal number")
        }
        return value
    }

    /// Throws on the first control byte (0x01–0x1F, 0x7F) in the header, naming its field.
    /// NUL (used as padding by some writers) and bytes ≥ 0x80 (Latin-1 or UTF-8 text from
    /// clinical exports, outside the specification's ASCII) are accepted; in a numeric field
    /// they fail that field's own check.
    func requireASCII(headerSize: Int, signalCount: Int) throws {
        let start = bytes[0] == 0xFF ? 1 : 0
        for offset in start..<headerSize
        where (1...31).contains(bytes[offset]) || bytes[offset] == 127 {
            throw EDFError.nonASCIIHeader(
                path: path, field: Self.fieldName(at: offset, signalCount: signalCount),
                byteOffset: offset, byte: bytes[offset])
        }
    }

    /// The specification's name of the header field containing byte `offset`.
    static func fieldName(at offset: Int, signalCount: Int) -> String {
        let fixed: [(Int, String)] = [
            (8, "version"), (88, "local patient identification"),
            (168, "local recording identification"), (176, "startdate of recording"),
            (184, "starttime of recording"), (192, "number of bytes in header record"),
            (236, "reserved"), (244, "number of data records"),
            (252, "duration of a data record"), (256, "number of signals"),
        ]
        if let match = fixed.first(where: { offset < $0.0 }) { return match.1 }
        let names = [
            "label", "transducer type", "physical dimension", "physical minimum",
            "physical maximum", "digital minimum", "digital maximum", "prefiltering",
            "nr of samples in each data record", "reserved",
        ]
        let widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32]
        var position = 256
        for (name, width) in zip(names, widths) {
            let block = width * max(signalCount, 1)
            if offset < position + block {
                return "\(name) of signal \((offset - position) / width + 1)"
            }
            position += block
        }
        return "header"
    }
}
