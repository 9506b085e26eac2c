import EEGCore

/// One Time-stamped Annotations List (TAL) of an EDF+/BDF+ annotation signal.
///
/// EDF+ section 2.2.2: `+Onset[0x15 Duration]0x14 Text 0x14 [Text 0x14 ...] 0x00`, where the
/// onset carries a mandatory sign and counts seconds from the header's start date and time, and
/// the optional duration is unsigned. A record's first TAL (in its first annotation signal) has
/// an empty first text and time-stamps the record (*time-keeping TAL*).
public struct EDFTimeStampedAnnotationList: Sendable, Equatable {
    /// Seconds after the header start time (as written, before any re-basing).
    public let onset: Seconds
    /// Seconds, or `nil` when the TAL has no duration.
    public let duration: Seconds?
    /// The texts in order, decoded as UTF-8 (invalid bytes become U+FFFD). May contain empty
    /// strings (the time-keeping TAL's first text is empty).
    public let texts: [String]
    /// The onset as an exact decimal, when it has at most 18 digits.
    let exactOnset: EDFDecimal?

    /// Creates a TAL.
    public init(onset: Seconds, duration: Seconds?, texts: [String]) {
        self.init(onset: onset, duration: duration, texts: texts, exactOnset: nil)
    }

    init(onset: Seconds, duration: Seconds?, texts: [String], exactOnset: EDFDecimal?) {
        self.onset = onset
        self.duration = duration
        self.texts = texts
        self.exactOnset = exactOnset
    }

    /// Equal onset, duration and texts (the exact decimal form is not compared).
    public static func == (left: Self, right: Self) -> Bool {
        left.onset == right.onset && left.duration == right.duration && left.texts == right.texts
    }

    /// `onset − origin` in seconds, computed exactly in decimal when both are exact and then
    /// rounded once, so `290.5019531 − 0.3945312` is the double nearest 290.1074219 (as
    /// EDFlib's integer 100 ns arithmetic and edfio give), not 290.10742189999996.
    func onset(relativeTo origin: EDFTimeStampedAnnotationList) -> Seconds {
        if let exact = exactOnset, let base = origin.exactOnset,
            let difference = exact.minus(base)
        {
            return difference
        }
        return onset - origin.onset
    }
}

/// A decimal number as an integer mantissa and a count of fraction digits.
struct EDFDecimal: Sendable, Equatable {
    let mantissa: Int64
    let fractionDigits: Int

    /// Parses `[-]digits[.digits]` of at most 18 digits.
    init?(negative: Bool, text: Substring) {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var afterPoint = false
        for character in text {
            if character == "." {
                afterPoint = true
                continue
            }
            guard let value = character.wholeNumberValue, digits < 18 else { return nil }
            mantissa = mantissa * 10 + Int64(value)
            digits += 1
            if afterPoint { fraction += 1 }
        }
        self.mantissa = negative ? -mantissa : mantissa
        fractionDigits = fraction
    }

    /// `self − other`, rounded once to the nearest double; `nil` if it would overflow.
    func minus(_ other: EDFDecimal) -> Double? {
        let digits = max(fractionDigits, other.fractionDigits)
        func scaled(_ value: EDFDecimal) -> Int64? {
            var result = value.mantissa
            for _ in value.fractionDigits..<digits {
                let (product, overflow) = result.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                result = product
            }
            return result
        }
        guard let left = scaled(self), let right = scaled(other) else { return nil }
        let (difference, overflow) = left.subtractingReportingOverflow(right)
        guard !overflow else { return nil }
        var text = String(difference.magnitude)
        if digits > 0 {
            if text.count <= digits {
                text = String(repeating: "0", count: digits - text.count + 1) + text
            }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return Double((difference < 0 ? "-" : "") + text)
    }
}

/// Parses the bytes of one annotation signal in one data record into TALs.
///
/// Rules (strict where the structure is concerned, so that misaligned or corrupted data — e.g.
/// a file damaged by a CR/LF text-mode transfer — is reported instead of read as garbage):
/// - 0x00 bytes between and after TALs are padding and skipped.
/// - A TAL must start with `+` or `-`, the onset must be digits with an optional fractional part,
///   a duration (after 0x15) digits with an optional fractional part, then 0x14.
/// - Texts run to the next 0x14; the TAL ends at the 0x00 after its last 0x14. A TAL cut off by
///   the end of the signal's bytes is malformed.
/// This matches EDFlib (pyedflib) and edfio, which also reject such records.
public enum EDFAnnotationParser {
    /// Parses one annotation signal's bytes.
    ///
    /// - Parameters:
    ///   - bytes: The signal's bytes within one data record.
    ///   - path: The file, for errors.
    ///   - record: The 0-based data record, for errors.
    ///   - baseOffset: The file offset of `bytes[0]`, for errors.
    /// - Returns: The TALs in order.
    /// - Throws: ``EDFError/invalidAnnotation(path:record:byteOffset:reason:)``.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, path: String, record: Int, baseOffset: Int
    ) throws -> [EDFTimeStampedAnnotationList] {
        var result: [EDFTimeStampedAnnotationList] = []
        var position = 0
        let count = bytes.count
        func fail(_ at: Int, _ reason: String) -> EDFError {
            EDFError.invalidAnnotation(
                path: path, record: record, byteOffset: baseOffset + at, reason: reason)
        }
        while position < count {
            if bytes[position] == 0 {
                position += 1
                continue
            }
            let start = position
            let sign = bytes[position]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
                throw fail(position, "onset starts with byte \(hex(sign)); expected '+' or '-'")
            }
            position += 1
            let onsetStart = position
            while position < count, bytes[position] != 0x14, bytes[position] != 0x15 {
                position += 1
            }
            guard position < count else { throw fail(start, "TAL is cut off after its onset") }
            guard let magnitude = number(bytes, onsetStart..<position) else {
                throw fail(
                    onsetStart,
                    "onset '\(printable(bytes, start..<position))' is not a signed decimal")
            }
            let negative = sign == UInt8(ascii: "-")
            let onset = negative ? -magnitude : magnitude
            let exactOnset = EDFDecimal(
                negative: negative,
                text: Substring(
                    String(
                        decoding: UnsafeRawBufferPointer(rebasing: bytes[onsetStart..<position]),
                        as: UTF8.self)))
            var duration: Seconds?
            if bytes[position] == 0x15 {
                position += 1
                let durationStart = position
                while position < count, bytes[position] != 0x14 { position += 1 }
                guard position < count else {
                    throw fail(start, "TAL is cut off after its duration")
                }
                guard let value = number(bytes, durationStart..<position) else {
                    throw fail(
                        durationStart,
                        "duration '\(printable(bytes, durationStart..<position))' is not an "
                            + "unsigned decimal")
                }
                duration = value
            }
            position += 1  // the 0x14 after onset (and duration)
            var texts: [String] = []
            while true {
                guard position < count else {
                    throw fail(start, "TAL is not terminated by a 0x00 byte")
                }
                if bytes[position] == 0 {
                    position += 1
                    break
                }
                let textStart = position
                while position < count, bytes[position] != 0x14, bytes[position] != 0 {
                    guard bytes[position] != 0x15 else {
                        throw fail(position, "byte 0x15 inside an annotation text")
                    }
                    position += 1
                }
                guard position < count else {
                    throw fail(start, "TAL is not terminated by a 0x00 byte")
                }
                let textBytes = UnsafeRawBufferPointer(rebasing: bytes[textStart..<position])
                texts.append(String(decoding: textBytes, as: UTF8.self))
                if bytes[position] == 0x14 { position += 1 }
            }
            result.append(
                EDFTimeStampedAnnotationList(
                    onset: onset, duration: duration, texts: texts, exactOnset: exactOnset))
        }
        return result
    }

    /// Convenience for byte arrays (tests, fuzzing).
    public static func parse(_ bytes: [UInt8], path: String = "", record: Int = 0)
        throws -> [EDFTimeStampedAnnotationList]
    {
        try bytes.withUnsafeBytes { try parse($0, path: path, record: record, baseOffset: 0) }
    }

    /// Digits with an optional single `.` and fractional digits (at least one digit overall).
    private static func number(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.count <= 64 else { return nil }
        var sawDigit = false
        var sawPoint = false
        for index in range {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    private static func printable(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var text = ""
        for index in range.prefix(24) {
            let byte = bytes[index]
            text += (32...126).contains(byte)
                ? String(UnicodeScalar(byte)) : "\\x" + hex(byte).dropFirst(2)
        }
        return range.count > 24 ? text + "…" : text
    }
}
