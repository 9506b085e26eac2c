import EEGCore
import Foundation

/// Writes recordings as EDF+ (16-bit) or BDF+ (24-bit) files: continuous (`EDF+C`/`BDF+C`),
/// or discontinuous (`EDF+D`/`BDF+D`) for a recording with gaps
/// (``EEGCore/Recording/stretches``).
///
/// Choices, so that files read back as written (checked against MNE-Python and pyedflib in
/// `Tests/EEGFileIOTests/Fixtures/make_io_fixtures.py`):
/// - **Physical range** per channel: the data minimum and maximum, rounded outward to fit the
///   8-character header fields (a constant signal c gets c ± 1). The digital range is the full
///   integer range (−32768…32767 for EDF, −8388608…8388607 for BDF), and each sample is stored
///   as the nearest integer, so the **quantization error is at most half a digital step**,
///   `(physicalMaximum − physicalMinimum) / (digitalMaximum − digitalMinimum) / 2`
///   (e.g. ±0.0015 µV for a ±100 µV EDF channel; 256× smaller for BDF).
/// - **Data record duration**: among the durations that give every channel a whole number of
///   samples per record and fill a whole number of records exactly — 1, 2, 0.5, 4, 0.25, 5,
///   0.2, 10, 0.1, … s, and the total duration divided by any common divisor of the channel
///   lengths, when it fits the 8-character field — the one closest to 1 s (e.g. 1 s for 10 s
///   at 256 Hz, 0.78125 s for 1000 samples at 256 Hz). If none exists, the first of the listed
///   durations with whole samples per record, the last record padded by repeating each
///   channel's last sample (the file is then slightly longer; ``EDFWriterLayout/isPadded``).
/// - **Annotations** go into an `EDF Annotations` (`BDF Annotations`) signal after the data
///   signals, spread over the records in onset order; every record starts with its
///   time-keeping TAL. Texts are UTF-8; the TAL delimiters 0x00, 0x14 and 0x15 inside a text
///   are replaced by spaces, and empty texts are written but skipped by readers.
/// - **Header**: EDF+ patient and recording subfields from ``EDFWriter/Options`` or from the
///   recording's metadata keys (`patient_code`, `patient_sex`, `patient_birthdate`,
///   `patient_name`, `recording_admincode`, `recording_technician`, `recording_equipment`),
///   `X` when unknown; start date and time from `Recording.startDate` read as UTC (sub-second
///   parts go into the first record's time-keeping onset); with no start date, 01.01.85
///   00.00.00 and `Startdate X`. Nothing depends on the clock, so the same recording always
///   gives the same bytes.
/// - **Gaps**: a recording with several gap-free stretches is written as EDF+D/BDF+D, each
///   record's time-keeping TAL giving its onset (stretch onset + whole records). The record
///   duration is then the fixed one, else the recording's `record_duration_s` metadata, else
///   the first preferred duration (1, 2, 0.5 s, …) that splits every stretch of every channel
///   into whole records; without one the write fails (no padding inside a stretch).
///
/// ```swift
/// try EDFWriter.write(recording, to: URL(fileURLWithPath: "out.edf"))
/// try EDFWriter.write(recording, to: URL(fileURLWithPath: "out.bdf"), format: .bdfPlus)
/// ```
public enum EDFWriter {
    /// The output format.
    public enum Format: String, Sendable, Equatable {
        /// EDF+C: 16-bit samples, `EDF Annotations`.
        case edfPlus
        /// BDF+C: 24-bit samples, `BDF Annotations`.
        case bdfPlus
    }

    /// Optional header content; `nil` fields come from the recording.
    public struct Options: Sendable, Equatable {
        /// EDF+ patient subfields (default: from metadata, else all `X`).
        public var patient: EDFPatientIdentification?
        /// EDF+ recording subfields; `startdate` is always taken from the start date.
        public var recording: EDFRecordingIdentification?
        /// A fixed data record duration in seconds (default: chosen as described above).
        public var recordDuration: Seconds?

        /// Creates options.
        public init(
            patient: EDFPatientIdentification? = nil,
            recording: EDFRecordingIdentification? = nil, recordDuration: Seconds? = nil
        ) {
            self.patient = patient
            self.recording = recording
            self.recordDuration = recordDuration
        }
    }

    /// Writes `recording` to `url` atomically (temporary file, then rename).
    ///
    /// - Parameters:
    ///   - recording: The signals (any rates), annotations, start date and metadata.
    ///   - url: The destination; its parent folder is created if needed.
    ///   - format: `.edfPlus` (default) or `.bdfPlus`.
    ///   - options: Header content and a fixed record duration, if wanted.
    /// - Throws: ``EDFError/unwritable(path:field:value:reason:)`` for a label longer than 16
    ///   characters, a unit longer than 8, a non-finite sample, a range that cannot be written
    ///   in 8 characters or rates with no common record duration; ``FileWriteError`` when the
    ///   file cannot be written.
    public static func write(
        _ recording: Recording, to url: URL, format: Format = .edfPlus,
        options: Options = Options()
    ) throws {
        let bytes = try encoded(recording, format: format, options: options, path: url.path)
        try AtomicFile.write(bytes, to: url)
    }

    /// The bytes ``write(_:to:format:options:)`` would write.
    ///
    /// - Parameter path: Used in error messages only.
    public static func encoded(
        _ recording: Recording, format: Format = .edfPlus, options: Options = Options(),
        path: String = "<memory>"
    ) throws -> Data {
        let layout = try EDFWriterLayout(
            recording: recording, format: format, options: options, path: path)
        return layout.bytes(for: recording)
    }
}

/// How ``EDFWriter`` lays out a recording: record duration, per-signal headers and scaling.
public struct EDFWriterLayout: Sendable, Equatable {
    /// The output format.
    public let format: EDFWriter.Format
    /// Seconds per data record (0 for an annotation-only recording).
    public let recordDuration: Seconds
    /// The 8-character text written for ``recordDuration``.
    public let recordDurationText: String
    /// The number of data records.
    public let recordCount: Int
    /// The signal headers to write, data signals first, then the annotation signal.
    public let signals: [EDFSignalHeader]
    /// Whether the last record is padded (the channels do not fill whole records).
    public let isPadded: Bool
    /// The onset of every record in seconds from the first sample for a discontinuous
    /// (`EDF+D`/`BDF+D`) file, or `nil` for a continuous one.
    public let recordOnsets: [Seconds]?
    /// The annotation TAL texts per record (time-keeping TAL included).
    let recordAnnotations: [[UInt8]]
    /// The fixed header fields.
    let patientText: String
    let recordingText: String
    let dateText: String
    let timeText: String
    /// The sub-second start offset written in record 0's time-keeping TAL.
    let startOffset: Seconds

    /// The largest error between a sample and its stored value for data channel `channel`:
    /// half a digital step.
    public func quantizationError(ofChannel channel: Int) -> Double {
        abs(signals[channel].scale) / 2
    }

    /// Plans the layout; see ``EDFWriter`` for the rules.
    /// - Throws: ``EDFError/unwritable(path:field:value:reason:)``.
    public init(
        recording: Recording, format: EDFWriter.Format, options: EDFWriter.Options,
        path: String
    ) throws {
        self.format = format
        let isBDF = format == .bdfPlus
        let digitalRange = isBDF ? (-8_388_608, 8_388_607) : (-32_768, 32_767)
        let bytesPerSample = isBDF ? 3 : 2
        func fail(_ field: String, _ value: String, _ reason: String) -> EDFError {
            EDFError.unwritable(path: path, field: field, value: value, reason: reason)
        }

        // Record duration.
        let data = recording.signals
        let duration: Seconds
        let durationText: String
        let spr: [Int]
        let records: Int
        var padded = false
        var onsets: [Seconds]? = nil
        if data.isEmpty {
            (duration, durationText, spr, records) = (0, "0", [], 1)
        } else if recording.isDiscontinuous {
            let choice = try Self.discontinuousLayout(recording, fixed: options.recordDuration,
                                                      path: path)
            (duration, durationText, spr, onsets) = choice
            records = onsets?.count ?? 0
        } else {
            let choice = try Self.chooseRecordDuration(
                signals: data, fixed: options.recordDuration, path: path)
            (duration, durationText, spr, records, padded) = choice
        }
        recordDuration = duration
        recordDurationText = durationText
        recordCount = records
        isPadded = padded
        recordOnsets = onsets

        // Data signal headers.
        var headers: [EDFSignalHeader] = []
        for (index, signal) in data.enumerated() {
            let number = index + 1
            let label = signal.label
            guard label.unicodeScalars.allSatisfy({ (32...126).contains($0.value) }),
                label.count <= 16
            else {
                throw fail(
                    "label of signal \(number)", label, "expected at most 16 ASCII characters")
            }
            guard label != "EDF Annotations", label != "BDF Annotations" else {
                throw fail("label of signal \(number)", label, "reserved for annotation signals")
            }
            let unit = signal.unit.replacingOccurrences(of: "µ", with: "u")
                .replacingOccurrences(of: "μ", with: "u")
            guard unit.unicodeScalars.allSatisfy({ (32...126).contains($0.value) }),
                unit.count <= 8
            else {
                throw fail("physical dimension of signal \(number)", signal.unit,
                    "expected at most 8 ASCII characters")
            }
            var low = Double.infinity
            var high = -Double.infinity
            for (sampleIndex, value) in signal.samples.enumerated() {
                guard value.isFinite else {
                    throw fail("sample \(sampleIndex) of signal \(number) (\(label))", "\(value)",
                        "EDF stores finite values only")
                }
                low = min(low, value)
                high = max(high, value)
            }
            if !(low < high) {
                let center = low.isFinite ? low : 0
                (low, high) = (center - 1, center + 1)
            }
            guard let minimum = EDFNumberFormat.fitting(low, width: 8, rounding: .down),
                let maximum = EDFNumberFormat.fitting(high, width: 8, rounding: .up),
                minimum.value < maximum.value
            else {
                throw fail("physical range of signal \(number) (\(label))", "\(low)...\(high)",
                    "the range must be writable in 8 characters (|value| < 1e7)")
            }
            let declared = signal.declared
            headers.append(
                EDFSignalHeader(
                    label: label,
                    transducer: EDFText.ascii(declared.transducer),
                    physicalDimension: unit,
                    physicalMinimum: minimum.value, physicalMaximum: maximum.value,
                    digitalMinimum: digitalRange.0, digitalMaximum: digitalRange.1,
                    prefiltering: EDFText.ascii(declared.prefiltering),
                    samplesPerRecordCount: spr[index]))
        }

        // Start date and identification fields.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let metadata = recording.metadata
        let patient = options.patient
            ?? EDFPatientIdentification(
                code: metadata["patient_code"] ?? "X", sex: metadata["patient_sex"] ?? "X",
                birthdate: metadata["patient_birthdate"] ?? "X",
                name: metadata["patient_name"] ?? "X",
                additional: metadata["patient_additional"] ?? "")
        let base = options.recording
            ?? EDFRecordingIdentification(
                administrationCode: metadata["recording_admincode"] ?? "X",
                technician: metadata["recording_technician"] ?? "X",
                equipment: metadata["recording_equipment"] ?? "X",
                additional: metadata["recording_additional"] ?? "")
        var startdate = "X"
        if let start = recording.startDate {
            let whole = start.timeIntervalSince1970.rounded(.down)
            startOffset = start.timeIntervalSince1970 - whole
            let parts = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second],
                from: Date(timeIntervalSince1970: whole))
            let (year, month, day) = (parts.year ?? 1985, parts.month ?? 1, parts.day ?? 1)
            guard (1985...9999).contains(year) else {
                throw fail("startdate of recording", "\(year)", "EDF dates run from 1985")
            }
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let yearText = year > 2084 ? "yy" : two(year % 100)
            dateText = "\(two(day)).\(two(month)).\(yearText)"
            timeText = "\(two(parts.hour ?? 0)).\(two(parts.minute ?? 0)).\(two(parts.second ?? 0))"
            startdate = EDFText.edfPlusDate(year: year, month: month, day: day)
        } else {
            startOffset = 0
            dateText = "01.01.85"
            timeText = "00.00.00"
        }
        patientText = patient.fieldText
        recordingText = EDFRecordingIdentification(
            startdate: startdate, administrationCode: base.administrationCode,
            technician: base.technician, equipment: base.equipment,
            additional: base.additional
        ).fieldText
        for (field, text) in [
            ("local patient identification", patientText),
            ("local recording identification", recordingText),
        ] where text.utf8.count > 80 {
            throw fail(field, text, "longer than the 80 characters EDF allows")
        }

        // Annotation TALs per record, spread in onset order.
        let annotations = recording.annotations
        var perRecord: [[UInt8]] = []
        perRecord.reserveCapacity(records)
        for record in 0..<records {
            let onset = (onsets?[record] ?? Double(record) * duration) + startOffset
            var bytes = Array("+\(EDFNumberFormat.plain(onset))".utf8) + [0x14, 0x14, 0x00]
            let first = annotations.count * record / records
            let last = annotations.count * (record + 1) / records
            for annotation in annotations[first..<last] {
                guard annotation.onset.isFinite,
                    annotation.duration.map({ $0.isFinite && $0 >= 0 }) ?? true
                else {
                    throw fail("annotation '\(annotation.description)'",
                        "\(annotation.onset)", "onsets and durations must be finite, "
                            + "durations non-negative")
                }
                let time = annotation.onset + startOffset
                bytes += Array((time < 0 ? "-" : "+").utf8)
                bytes += Array(EDFNumberFormat.plain(abs(time)).utf8)
                if let length = annotation.duration {
                    bytes.append(0x15)
                    bytes += Array(EDFNumberFormat.plain(length).utf8)
                }
                bytes.append(0x14)
                bytes += annotation.description.utf8.map {
                    $0 == 0 || $0 == 0x14 || $0 == 0x15 ? 0x20 : $0
                }
                bytes += [0x14, 0x00]
            }
            perRecord.append(bytes)
        }
        recordAnnotations = perRecord
        let longest = perRecord.map(\.count).max() ?? 0
        let annotationSamples = max(1, (longest + bytesPerSample - 1) / bytesPerSample)
        headers.append(
            EDFSignalHeader(
                label: isBDF ? "BDF Annotations" : "EDF Annotations", physicalDimension: "",
                physicalMinimum: -1, physicalMaximum: 1, digitalMinimum: digitalRange.0,
                digitalMaximum: digitalRange.1, samplesPerRecordCount: annotationSamples,
                isAnnotation: true))
        signals = headers
    }

    // MARK: - Record duration

    /// Durations tried in order of preference (all exact in 8 characters).
    static let preferredDurations: [Seconds] = [
        1, 2, 0.5, 4, 0.25, 5, 0.2, 10, 0.1, 0.125, 8, 20, 0.05, 30, 0.0625, 0.04, 60, 0.025,
        0.02, 0.03125, 0.01, 0.008, 0.005, 0.004, 0.002, 0.001,
    ]

    private static func chooseRecordDuration(signals: [Signal], fixed: Seconds?, path: String)
        throws -> (Seconds, String, [Int], Int, Bool)
    {
        func perRecord(_ duration: Seconds) -> [Int]? {
            var result: [Int] = []
            for signal in signals {
                let exact = signal.sampleRate * duration
                let rounded = exact.rounded()
                guard rounded >= 1, abs(exact - rounded) <= 1e-9 * max(1, exact),
                    rounded < 1e8
                else { return nil }
                result.append(Int(rounded))
            }
            return result
        }
        func exactRecords(_ counts: [Int]) -> Int? {
            var records: Int? = nil
            for (signal, count) in zip(signals, counts) {
                guard signal.count % count == 0 else { return nil }
                let here = signal.count / count
                if let records, records != here { return nil }
                records = here
            }
            return records.map { max($0, 1) }
        }
        func paddedRecords(_ counts: [Int]) -> Int {
            zip(signals, counts).map { ($0.count + $1 - 1) / $1 }.max().map { max($0, 1) } ?? 1
        }
        if let fixed {
            let text = EDFNumberFormat.plain(fixed)
            guard fixed.isFinite, fixed > 0, text.count <= 8, let counts = perRecord(fixed) else {
                throw EDFError.unwritable(
                    path: path, field: "duration of a data record", value: "\(fixed)",
                    reason: "every channel needs a whole number of samples per record and the "
                        + "duration must fit in 8 characters")
            }
            if let records = exactRecords(counts) { return (fixed, text, counts, records, false) }
            return (fixed, text, counts, paddedRecords(counts), true)
        }
        // Every duration that fills whole records exactly: the preferred ones and total / k
        // for k dividing all lengths; the one closest to 1 s (log scale) wins, ties going to
        // the earlier preferred duration.
        var best: (Seconds, String, [Int], Int)? = nil
        func consider(_ duration: Seconds, _ text: String, _ records: Int?, _ counts: [Int]) {
            guard let records else { return }
            if best == nil || abs(log(duration)) < abs(log(best!.0)) - 1e-12 {
                best = (duration, text, counts, records)
            }
        }
        for duration in preferredDurations {
            if let counts = perRecord(duration) {
                consider(duration, EDFNumberFormat.plain(duration), exactRecords(counts), counts)
            }
        }
        let lengths = signals.map(\.count)
        let total = Double(lengths[0]) / signals[0].sampleRate
        let divisor = max(lengths.reduce(0) { gcd($0, $1) }, 1)
        var candidate = 1
        while candidate * candidate <= divisor {
            if divisor % candidate == 0 {
                for records in Set([candidate, divisor / candidate]).sorted() {
                    let duration = total / Double(records)
                    let text = EDFNumberFormat.plain(duration)
                    guard text.count <= 8, let counts = perRecord(duration),
                        exactRecords(counts) == records
                    else { continue }
                    consider(duration, text, records, counts)
                }
            }
            candidate += 1
        }
        if let best { return (best.0, best.1, best.2, best.3, false) }
        for duration in preferredDurations {
            if let counts = perRecord(duration) {
                let text = EDFNumberFormat.plain(duration)
                return (duration, text, counts, paddedRecords(counts), true)
            }
        }
        let rates = signals.map { formatHertz($0.sampleRate) }.joined(separator: ", ")
        throw EDFError.unwritable(
            path: path, field: "duration of a data record", value: rates + " Hz",
            reason: "no record duration up to 60 s gives every channel a whole number of samples")
    }

    /// Record duration, samples per record and record onsets for a recording with gaps: every
    /// stretch of every channel must hold a whole number of records.
    private static func discontinuousLayout(
        _ recording: Recording, fixed: Seconds?, path: String
    ) throws -> (Seconds, String, [Int], [Seconds]) {
        let signals = recording.signals
        let stretches = recording.stretches
        let ranges = signals.map { recording.stretchSampleRanges(of: $0) }
        var candidates = preferredDurations
        if let stored = recording.metadata["record_duration_s"].flatMap(Double.init) {
            candidates.insert(stored, at: 0)
        }
        if let fixed { candidates = [fixed] }
        for duration in candidates where duration.isFinite && duration > 0 {
            let text = EDFNumberFormat.plain(duration)
            guard text.count <= 8 else { continue }
            var counts: [Int] = []
            for signal in signals {
                let exact = signal.sampleRate * duration
                let rounded = exact.rounded()
                guard rounded >= 1, abs(exact - rounded) <= 1e-9 * max(1, exact), rounded < 1e8
                else { break }
                counts.append(Int(rounded))
            }
            guard counts.count == signals.count else { continue }
            var perStretch: [Int] = []
            var fits = true
            for (index, stretch) in stretches.enumerated() where fits {
                let records = ranges[0][index].count / counts[0]
                fits = records >= 1
                for (channel, count) in counts.enumerated() where fits {
                    let length = ranges[channel][index].count
                    fits = length % count == 0 && length / count == records
                }
                fits = fits && abs(Double(records) * duration - stretch.duration)
                    <= 1e-6 * max(1, duration)
                perStretch.append(records)
            }
            guard fits else { continue }
            var onsets: [Seconds] = []
            for (stretch, records) in zip(stretches, perStretch) {
                onsets += (0..<records).map { stretch.onset + Double($0) * duration }
            }
            return (duration, text, counts, onsets)
        }
        let lengths = stretches.map { EDFNumberFormat.plain($0.duration) + " s" }
        throw EDFError.unwritable(
            path: path, field: "duration of a data record",
            value: fixed.map { "\($0) s" }
                ?? "stretches of " + lengths.prefix(4).joined(separator: ", "),
            reason: "an EDF+D record duration must split every gap-free stretch of every channel "
                + "into whole records")
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return abs(x)
    }

    // MARK: - Bytes

    /// The complete file.
    func bytes(for recording: Recording) -> Data {
        let isBDF = format == .bdfPlus
        let bytesPerSample = isBDF ? 3 : 2
        let count = signals.count
        var header = [UInt8]()
        header.reserveCapacity(256 * (count + 1))
        func field(_ text: String, _ width: Int) {
            var bytes = Array(text.utf8.prefix(width))
            bytes += [UInt8](repeating: 0x20, count: width - bytes.count)
            header += bytes
        }
        if isBDF {
            header.append(0xFF)
            field("BIOSEMI", 7)
        } else {
            field("0", 8)
        }
        field(patientText, 80)
        field(recordingText, 80)
        field(dateText, 8)
        field(timeText, 8)
        field("\(256 * (count + 1))", 8)
        let continuity = recordOnsets == nil ? "C" : "D"
        field((isBDF ? "BDF+" : "EDF+") + continuity, 44)
        field("\(recordCount)", 8)
        field(recordDurationText, 8)
        field("\(count)", 4)
        func number(_ value: Double) -> String { EDFNumberFormat.plain(value) }
        for signal in signals { field(signal.label, 16) }
        for signal in signals { field(signal.transducer, 80) }
        for signal in signals { field(signal.physicalDimension, 8) }
        for signal in signals { field(number(signal.physicalMinimum), 8) }
        for signal in signals { field(number(signal.physicalMaximum), 8) }
        for signal in signals { field("\(signal.digitalMinimum)", 8) }
        for signal in signals { field("\(signal.digitalMaximum)", 8) }
        for signal in signals { field(signal.prefiltering, 80) }
        for signal in signals { field("\(signal.samplesPerRecordCount)", 8) }
        for _ in signals { field("", 32) }

        let recordBytes = signals.reduce(0) { $0 + $1.samplesPerRecordCount * bytesPerSample }
        var body = [UInt8](repeating: 0, count: recordBytes * recordCount)
        body.withUnsafeMutableBytes { raw in
            var signalOffset = 0
            for (index, signal) in signals.enumerated() {
                let perRecord = signal.samplesPerRecordCount
                if signal.isAnnotation {
                    for record in 0..<recordCount {
                        let start = record * recordBytes + signalOffset
                        for (position, byte) in recordAnnotations[record].enumerated() {
                            raw[start + position] = byte
                        }
                    }
                } else {
                    let samples = recording.signals[index].samples
                    let scale = signal.scale
                    let offset = signal.offset
                    let low = Double(signal.digitalMinimum)
                    let high = Double(signal.digitalMaximum)
                    for record in 0..<recordCount {
                        let start = record * recordBytes + signalOffset
                        for position in 0..<perRecord {
                            let sampleIndex = min(record * perRecord + position, samples.count - 1)
                            let value = samples.isEmpty ? 0 : samples[sampleIndex]
                            let digital = Int32(
                                min(high, max(low, ((value - offset) / scale).rounded())))
                            let byteIndex = start + position * bytesPerSample
                            raw[byteIndex] = UInt8(truncatingIfNeeded: digital)
                            raw[byteIndex + 1] = UInt8(truncatingIfNeeded: digital >> 8)
                            if isBDF {
                                raw[byteIndex + 2] = UInt8(truncatingIfNeeded: digital >> 16)
                            }
                        }
                    }
                }
                signalOffset += perRecord * bytesPerSample
            }
        }
        return Data(header + body)
    }
}
