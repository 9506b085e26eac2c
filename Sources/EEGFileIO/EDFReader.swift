import EEGCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run of data records without gaps between them.
public struct EDFSegment: Sendable, Equatable {
    /// The data records of the segment (0-based, half-open).
    public let records: Range<Int>
    /// Seconds from the start of the first data record to the segment's first sample.
    public let onset: Seconds
    /// The segment's length in seconds (records × record duration).
    public let duration: Seconds
}

/// Reads EDF, EDF+ (continuous and discontinuous), BDF and BDF+ files, whole or streamed.
///
/// Opening reads and validates the header and, for EDF+/BDF+, the annotation signal of every
/// data record (a few bytes per record) to get the annotations and the record start times.
/// Sample data are read only on request, record block by record block with `pread`, so memory
/// is bounded by the span asked for (``readSamples(channels:records:)``) or by one block
/// (``forEachBlock(channels:records:maximumBlockBytes:_:)``), never by the file size.
///
/// Times: all times are seconds from the start of the first data record (sample 0). The
/// header start time plus the first record's time-keeping onset (a sub-second offset in some
/// files) is ``startDate``; annotation onsets are re-based to sample 0, as pyedflib (EDFlib)
/// and MNE report them.
///
/// ```swift
/// let reader = try EDFReader(url: URL(fileURLWithPath: "S001R01.edf"))
/// let recording = try reader.read()                 // whole file
/// try reader.forEachBlock(channels: [0, 1]) { block in consume(block.samples(0)) }
/// ```
public final class EDFReader: Sendable {
    /// The file's path, as used in error messages.
    public let path: String
    /// The validated header.
    public let header: EDFHeader
    /// The file size in bytes.
    public let fileSize: Int
    /// Seconds from the header start time to the first data record (EDF+ time-keeping onset of
    /// record 0; 0 for plain EDF/BDF).
    public let firstRecordOffset: Seconds
    /// Record onsets from the time-keeping TALs, stored for discontinuous files only.
    private let explicitOnsets: [Seconds]?
    /// The annotations of every annotation signal, onsets in seconds from sample 0, in file
    /// order (time-keeping TALs are not annotations). Empty texts are skipped.
    public let annotations: [Annotation]
    /// Runs of records without gaps (one for continuous files).
    public let segments: [EDFSegment]

    private let descriptor: Int32

    /// Opens `url` and reads its header and annotations.
    ///
    /// - Throws: ``EDFError`` for unreadable, truncated or malformed files (see
    ///   ``EDFHeader/init(parsing:fileSize:path:)`` and ``EDFAnnotationParser``), and
    ///   ``EDFError/inconsistentRecordOnset(path:record:onset:expected:)`` when an EDF+C
    ///   file's time-keeping onsets are not contiguous or an EDF+D file's records overlap or go
    ///   back in time.
    public init(url: URL) throws {
        let path = url.path
        self.path = path
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw EDFError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw EDFError.unreadable(path: path, reason: reason)
        }
        if let kind = RecordingFile.nonRegularKind(mode: info.st_mode) {
            close(descriptor)
            throw EDFError.unreadable(path: path, reason: "\(kind), not a regular file")
        }
        self.descriptor = descriptor
        fileSize = Int(info.st_size)
        do {
            let fixedCount = min(fileSize, EDFHeader.fixedSize)
            var fixed = [UInt8](repeating: 0, count: fixedCount)
            try Self.readFully(descriptor, into: &fixed, at: 0, path: path)
            let headerSize = try EDFHeader.headerSize(
                fixedPart: fixed, fileSize: fileSize, path: path)
            var headerBytes = [UInt8](repeating: 0, count: headerSize)
            try Self.readFully(descriptor, into: &headerBytes, at: 0, path: path)
            let header = try EDFHeader(parsing: headerBytes, fileSize: fileSize, path: path)
            self.header = header
            dataSignals = header.dataSignalIndices.map { header.signals[$0] }
            let timing = try Self.scanAnnotations(descriptor, header: header, path: path)
            firstRecordOffset = timing.firstOffset
            explicitOnsets = timing.explicitOnsets
            annotations = timing.annotations
            segments = timing.segments
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    // MARK: - Properties

    /// The recording format.
    public var format: RecordingFormat { header.format }
    /// Whether the records follow each other without gaps.
    public var isContinuous: Bool { segments.count <= 1 }

    /// The gap-free stretches of the file in recording time (one for a continuous file), as
    /// ``Recording/stretches`` of ``read()``.
    public var stretches: [GapFreeStretch] {
        let list = segments.map { (onset: $0.onset, duration: $0.duration) }
        guard list.count > 1, let typed = try? GapFreeStretch.sequence(list) else {
            return [GapFreeStretch(onset: 0, duration: dataDuration, dataOffset: 0)]
        }
        return typed
    }
    /// The header's start date plus the first record's sub-second offset, or `nil` when the
    /// header date or time is invalid.
    public var startDate: Date? {
        header.headerStartDate.map { $0.addingTimeInterval(firstRecordOffset) }
    }
    /// The headers of the data (non-annotation) signals, in file order (stored: per-channel
    /// lookups such as ``sampleRate(ofChannel:)`` must not rebuild it).
    public let dataSignals: [EDFSignalHeader]
    /// Samples per second of data signal `channel` (an index into ``dataSignals``).
    public func sampleRate(ofChannel channel: Int) -> Hertz {
        dataSignals[channel].sampleRate(recordDuration: header.recordDuration)
    }
    /// Seconds of data (records × record duration), gaps excluded.
    public var dataDuration: Seconds { Double(header.recordCount) * header.recordDuration }

    /// Seconds from sample 0 to the start of data record `record` (0-based, in range).
    ///
    /// For EDF, BDF and the continuous variants this is `record × recordDuration` (EDF+C/BDF+C
    /// time-keeping onsets are checked to agree within 1 µs); for EDF+D/BDF+D it comes from the
    /// record's time-keeping TAL.
    public func recordOnset(_ record: Int) -> Seconds {
        explicitOnsets?[record] ?? Double(record) * header.recordDuration
    }

    /// Every data record's onset (see ``recordOnset(_:)``); allocates one value per record.
    public var recordOnsets: [Seconds] {
        explicitOnsets ?? (0..<header.recordCount).map { Double($0) * header.recordDuration }
    }

    /// The range of records whose time spans overlap `[start, end)` seconds.
    public func records(overlapping start: Seconds, _ end: Seconds) -> Range<Int> {
        let duration = header.recordDuration
        let count = header.recordCount
        let first = Self.partitioningIndex(count) { recordOnset($0) + duration > start }
        let last = Self.partitioningIndex(count) { recordOnset($0) >= end }
        return first..<max(first, last)
    }

    // MARK: - Whole-file reading

    /// Reads every data signal, the annotations and the metadata.
    ///
    /// Samples are physical values (`digital · scale + offset`, see
    /// ``EDFSignalHeader/physicalValue(ofDigital:)``), each signal at its own rate, in file
    /// order. For EDF+D/BDF+D files the samples of all records are stored back to back and the
    /// gaps are described by ``Recording/stretches``; use ``readSegments()`` to get one
    /// recording per gap-free segment instead.
    ///
    /// Metadata keys: `format`, `record_duration_s`, `record_count`, `patient`, `recording`,
    /// EDF+ subfields (`patient_code`, `patient_sex`, `patient_birthdate`, `patient_name`,
    /// `patient_additional`, `recording_startdate`, `recording_admincode`,
    /// `recording_technician`, `recording_equipment`, `recording_additional`) and `start_offset_s`.
    /// Each signal's transducer, prefiltering and the filters parsed from it are in
    /// ``Signal/declared`` (see ``EDFPrefiltering``).
    /// - Throws: ``EDFError`` for I/O errors.
    public func read() throws -> Recording {
        let channels = Array(0..<dataSignals.count)
        let samples = try readSamples(channels: channels, records: 0..<header.recordCount)
        return try recording(channels: channels, samples: samples, records: 0..<header.recordCount)
    }

    /// One recording per gap-free segment (one for continuous files), each with
    /// `metadata["segment_onset_s"]` giving its start in seconds from sample 0 and the
    /// annotations that fall inside it re-based to the segment start.
    public func readSegments() throws -> [Recording] {
        let channels = Array(0..<dataSignals.count)
        return try segments.map { segment in
            let samples = try readSamples(channels: channels, records: segment.records)
            let full = try recording(channels: channels, samples: samples, records: segment.records)
            let end = segment.onset + segment.duration
            let inside = annotations.filter { $0.onset >= segment.onset && $0.onset < end }
                .map {
                    Annotation(
                        onset: $0.onset - segment.onset, duration: $0.duration,
                        description: $0.description)
                }
            var metadata = full.metadata
            metadata["segment_onset_s"] = Self.decimal(segment.onset)
            return Recording(
                signals: full.signals, annotations: inside,
                startDate: startDate?.addingTimeInterval(segment.onset), metadata: metadata)
        }
    }

    /// Reads chosen data channels between two times (seconds from sample 0).
    ///
    /// Keeps the samples whose time (record onset + index / rate) lies in `[start, end)`; for
    /// EDF+D the samples of the records inside the span are joined and the gaps are listed in
    /// the metadata as in ``read()``.
    /// - Parameters:
    ///   - channels: Indices into ``dataSignals``.
    ///   - start: Seconds from sample 0.
    ///   - end: Seconds from sample 0; must exceed `start`.
    /// - Throws: ``EDFError/invalidRequest(path:parameter:value:expected:)`` for a bad channel
    ///   or span.
    public func read(channels: [Int], from start: Seconds, to end: Seconds) throws -> Recording {
        guard start.isFinite, end.isFinite, end > start else {
            throw EDFError.invalidRequest(
                path: path, parameter: "time span", value: "\(start)-\(end) s",
                expected: "finite start < end")
        }
        let records = self.records(overlapping: start, end)
        let samples = try readSamples(channels: channels, records: records)
        var trimmed: [[Double]] = []
        for (position, channel) in channels.enumerated() {
            let rate = sampleRate(ofChannel: channel)
            let perRecord = dataSignals[channel].samplesPerRecordCount
            var kept: [Double] = []
            kept.reserveCapacity(samples[position].count)
            for (index, record) in records.enumerated() {
                let onset = recordOnset(record)
                let first = max(0, Int(((start - onset) * rate - 1e-9).rounded(.up)))
                let last = min(perRecord, Int(((end - onset) * rate - 1e-9).rounded(.up)))
                guard first < last else { continue }
                let base = index * perRecord
                kept.append(contentsOf: samples[position][(base + first)..<(base + last)])
            }
            trimmed.append(kept)
        }
        let full = try recording(channels: channels, samples: trimmed, records: records)
        let inside = annotations.filter { $0.onset >= start && $0.onset < end }
        var metadata = full.metadata
        metadata["span_start_s"] = Self.decimal(start)
        return Recording(
            signals: full.signals, annotations: inside, startDate: startDate, metadata: metadata,
            stretches: full.gapStructure)
    }

    // MARK: - Streaming

    /// Decodes chosen data channels of a range of records into one array per channel.
    ///
    /// - Parameters:
    ///   - channels: Indices into ``dataSignals`` (any order, repeats allowed).
    ///   - records: 0-based data records, within `0..<header.recordCount`.
    /// - Returns: Per requested channel, `records.count × samplesPerRecordCount` physical values.
    /// - Throws: ``EDFError/invalidRequest(path:parameter:value:expected:)`` or I/O errors.
    /// - Complexity: O(records × record size); memory O(requested samples + one 4 MiB block).
    public func readSamples(channels: [Int], records: Range<Int>) throws -> [[Double]] {
        try validate(channels: channels, records: records)
        let signals = dataSignals
        var output = channels.map { channel in
            [Double](repeating: 0, count: records.count * signals[channel].samplesPerRecordCount)
        }
        var written = 0
        try forEachRawBlock(records: records, maximumBlockBytes: 4 << 20, splitAtGaps: false) {
            block, blockRecords in
            for (position, channel) in channels.enumerated() {
                let perRecord = signals[channel].samplesPerRecordCount
                output[position].withUnsafeMutableBufferPointer { destination in
                    decode(
                        block, records: blockRecords.count, channel: channel,
                        into: destination.baseAddress! + written * perRecord)
                }
            }
            written += blockRecords.count
        }
        return output
    }

    /// Streams chosen data channels block by block; memory is one block, whatever the file size.
    ///
    /// Blocks hold whole records, at most `maximumBlockBytes` of file data (but at least one
    /// record), and never span a gap of an EDF+D file, so the samples of each block are
    /// contiguous in time; ``EDFBlock/startsSegment`` says when a gap came before.
    ///
    /// - Parameters:
    ///   - channels: Indices into ``dataSignals``.
    ///   - records: The records to read (default all).
    ///   - maximumBlockBytes: The file bytes per block (default 4 MiB).
    ///   - body: Called once per block. The block's arrays are reused for the next block, so
    ///     copy what you keep.
    /// - Throws: ``EDFError`` for a bad request or I/O error, or what `body` throws.
    public func forEachBlock(
        channels: [Int], records: Range<Int>? = nil, maximumBlockBytes: Int = 4 << 20,
        _ body: (EDFBlock) throws -> Void
    ) throws {
        let records = records ?? 0..<header.recordCount
        try validate(channels: channels, records: records)
        let signals = dataSignals
        let perRecord = channels.map { signals[$0].samplesPerRecordCount }
        let recordsPerBlock = max(1, maximumBlockBytes / max(1, header.recordByteCount))
        var storage = perRecord.map { [Double](repeating: 0, count: $0 * recordsPerBlock) }
        var previousEnd: Int? = nil
        try forEachRawBlock(
            records: records, maximumBlockBytes: maximumBlockBytes, splitAtGaps: true
        ) { raw, blockRecords in
            for (position, channel) in channels.enumerated() {
                storage[position].withUnsafeMutableBufferPointer { destination in
                    decode(raw, records: blockRecords.count, channel: channel,
                        into: destination.baseAddress!)
                }
            }
            let lower = blockRecords.lowerBound
            let startsSegment = previousEnd == nil || !isContiguous(lower - 1, lower)
            previousEnd = blockRecords.upperBound
            let block = EDFBlock(
                records: blockRecords, onset: recordOnset(blockRecords.lowerBound),
                startsSegment: startsSegment, channels: channels,
                counts: perRecord.map { $0 * blockRecords.count }, storage: storage)
            try body(block)
        }
    }

    // MARK: - Decoding core

    /// Reads whole records in blocks and hands each block's raw bytes to `body`.
    func forEachRawBlock(
        records: Range<Int>, maximumBlockBytes: Int, splitAtGaps: Bool,
        _ body: (UnsafeRawBufferPointer, Range<Int>) throws -> Void
    ) throws {
        guard !records.isEmpty, header.recordByteCount > 0 else { return }
        let recordBytes = header.recordByteCount
        let perBlock = max(1, min(records.count, maximumBlockBytes / recordBytes))
        var buffer = [UInt8](repeating: 0, count: perBlock * recordBytes)
        var first = records.lowerBound
        while first < records.upperBound {
            var last = min(records.upperBound, first + perBlock)
            if splitAtGaps {
                var probe = first + 1
                while probe < last, isContiguous(probe - 1, probe) { probe += 1 }
                last = probe
            }
            let count = (last - first) * recordBytes
            let offset = header.headerByteCount + first * recordBytes
            try buffer.withUnsafeMutableBytes { raw in
                try Self.readFully(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]),
                    at: offset, path: path)
            }
            try buffer.withUnsafeBytes { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[0..<count]), first..<last)
            }
            first = last
        }
    }

    /// Whether record `next` starts where record `previous` ends (within 1 µs).
    func isContiguous(_ previous: Int, _ next: Int) -> Bool {
        guard let onsets = explicitOnsets, previous >= 0, next < onsets.count else { return true }
        let expected = onsets[previous] + header.recordDuration
        return abs(onsets[next] - expected) <= Self.onsetTolerance(header.recordDuration)
    }

    /// Decodes data signal `channel` of `records` consecutive records at the start of `raw`.
    private func decode(
        _ raw: UnsafeRawBufferPointer, records: Int, channel: Int,
        into destination: UnsafeMutablePointer<Double>
    ) {
        let signalIndex = header.dataSignalIndices[channel]
        let signal = header.signals[signalIndex]
        let count = signal.samplesPerRecordCount
        let scale = signal.scale
        let offset = signal.offset
        let recordBytes = header.recordByteCount
        guard let base = raw.baseAddress else { return }
        for record in 0..<records {
            let source = base + record * recordBytes + header.signalByteOffsets[signalIndex]
            let target = destination + record * count
            if header.bytesPerSample == 2 {
                EDFDecoding.decode16(
                    source, count: count, scale: scale, offset: offset, into: target)
            } else {
                EDFDecoding.decode24(
                    source, count: count, scale: scale, offset: offset, into: target)
            }
        }
    }

    private func validate(channels: [Int], records: Range<Int>) throws {
        let available = dataSignals.count
        for channel in channels where !(0..<available).contains(channel) {
            throw EDFError.invalidRequest(
                path: path, parameter: "channel index", value: "\(channel)",
                expected: "0..<\(available) (data signals)")
        }
        guard records.lowerBound >= 0, records.upperBound <= header.recordCount else {
            throw EDFError.invalidRequest(
                path: path, parameter: "records", value: "\(records)",
                expected: "within 0..<\(header.recordCount)")
        }
    }

    // MARK: - Assembling a Recording

    private func recording(channels: [Int], samples: [[Double]], records: Range<Int>) throws
        -> Recording
    {
        let signals = dataSignals
        var built: [Signal] = []
        var metadata = metadataFields()
        for (position, channel) in channels.enumerated() {
            let header = signals[channel]
            built.append(
                try Signal(
                    samples: samples[position], sampleRate: sampleRate(ofChannel: channel),
                    label: header.label, unit: header.physicalDimension,
                    declared: header.declaration))
        }
        // The gap-free runs among the records read, clipped to them.
        let local = segments.filter { $0.records.overlaps(records) }.map { segment in
            let clipped = segment.records.clamped(to: records)
            return (
                onset: recordOnset(clipped.lowerBound),
                duration: Double(clipped.count) * header.recordDuration)
        }
        return Recording(
            signals: built, annotations: annotations, startDate: startDate, metadata: metadata,
            stretches: local.count > 1 ? try GapFreeStretch.sequence(local) : nil)
    }

    private func metadataFields() -> [String: String] {
        var metadata: [String: String] = [
            "format": header.format.rawValue,
            "record_duration_s": Self.decimal(header.recordDuration),
            "record_count": "\(header.recordCount)",
            "patient": header.patientField,
            "recording": header.recordingField,
            "start_offset_s": Self.decimal(firstRecordOffset),
        ]
        if let patient = header.patient {
            metadata["patient_code"] = patient.code
            metadata["patient_sex"] = patient.sex
            metadata["patient_birthdate"] = patient.birthdate
            metadata["patient_name"] = patient.name
            metadata["patient_additional"] = patient.additional
        }
        if let recording = header.recording {
            metadata["recording_startdate"] = recording.startdate
            metadata["recording_admincode"] = recording.administrationCode
            metadata["recording_technician"] = recording.technician
            metadata["recording_equipment"] = recording.equipment
            metadata["recording_additional"] = recording.additional
        }
        return metadata
    }

    /// Shortest round-trip decimal text of a time.
    static func decimal(_ value: Double) -> String { EDFNumberFormat.plain(value) }

    // MARK: - Annotation scan

    /// Tolerance for comparing time-keeping onsets: 1 µs, or 1e-6 of long records.
    static func onsetTolerance(_ recordDuration: Seconds) -> Seconds {
        1e-6 * max(1, recordDuration)
    }

    private struct Timing {
        var firstOffset: Seconds
        /// Record onsets from sample 0, kept only for discontinuous files.
        var explicitOnsets: [Seconds]?
        var annotations: [Annotation]
        var segments: [EDFSegment]
    }

    /// Reads every record's annotation signals; returns record timing and annotations.
    ///
    /// Memory: the annotations, plus one onset per record only for EDF+D/BDF+D (whose records
    /// carry at least a 5-byte time-keeping TAL, so this never exceeds the file size).
    /// I/O: records are read in blocks of about 4 MiB when the annotation bytes are a large
    /// part of each record (or records are small), else only the annotation bytes of each
    /// record, so both tiny and huge records take a bounded number of system calls.
    private static func scanAnnotations(_ descriptor: Int32, header: EDFHeader, path: String)
        throws -> Timing
    {
        let count = header.recordCount
        let duration = header.recordDuration
        let annotationSignals = header.annotationSignalIndices
        let continuous = [EDFSegment(
            records: 0..<count, onset: 0, duration: Double(count) * duration)]
        guard !annotationSignals.isEmpty, count > 0 else {
            return Timing(
                firstOffset: 0, explicitOnsets: nil, annotations: [],
                segments: count > 0 ? continuous : [])
        }
        // The bytes from the first to the end of the last annotation signal in a record.
        let spanStart = annotationSignals.map { header.signalByteOffsets[$0] }.min() ?? 0
        let spanEnd = annotationSignals.map {
            header.signalByteOffsets[$0]
                + header.signals[$0].samplesPerRecordCount * header.bytesPerSample
        }.max() ?? 0
        let recordBytes = header.recordByteCount
        let wholeRecords = recordBytes <= 4096 || recordBytes <= 4 * (spanEnd - spanStart)
        let recordsPerRead = wholeRecords ? max(1, min(count, (4 << 20) / recordBytes)) : 1
        let readLength = wholeRecords ? recordsPerRead * recordBytes : spanEnd - spanStart
        var buffer = [UInt8](repeating: 0, count: readLength)
        let tolerance = onsetTolerance(duration)
        var origin: EDFTimeStampedAnnotationList? = nil
        var previousOnset: Seconds = 0
        var explicit: [Seconds]? = header.isDiscontinuous ? [] : nil
        var raw: [(list: EDFTimeStampedAnnotationList, text: String)] = []
        var loaded = 0..<0
        for record in 0..<count {
            let recordOffset = header.headerByteCount + record * recordBytes
            // Where this record's annotation span starts in `buffer`.
            let base: Int
            if wholeRecords {
                if !loaded.contains(record) {
                    let last = min(count, record + recordsPerRead)
                    try buffer.withUnsafeMutableBytes { bytes in
                        try readFully(
                            descriptor,
                            into: UnsafeMutableRawBufferPointer(
                                rebasing: bytes[0..<((last - record) * recordBytes)]),
                            at: recordOffset, path: path)
                    }
                    loaded = record..<last
                }
                base = (record - loaded.lowerBound) * recordBytes + spanStart
            } else {
                try readFully(descriptor, into: &buffer, at: recordOffset + spanStart, path: path)
                base = 0
            }
            var stamp: EDFTimeStampedAnnotationList? = nil
            for (position, signal) in annotationSignals.enumerated() {
                let start = base + header.signalByteOffsets[signal] - spanStart
                let length = header.signals[signal].samplesPerRecordCount * header.bytesPerSample
                let lists = try buffer.withUnsafeBytes { bytes in
                    try EDFAnnotationParser.parse(
                        UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]),
                        path: path, record: record,
                        baseOffset: recordOffset + header.signalByteOffsets[signal])
                }
                for (index, list) in lists.enumerated() {
                    var texts = list.texts[...]
                    if position == 0, index == 0, texts.first == "" {
                        stamp = list
                        texts = texts.dropFirst()
                    }
                    for text in texts where !text.isEmpty {
                        raw.append((list, text))
                    }
                }
            }
            guard header.isPlus else { continue }
            guard let stamp else {
                throw EDFError.invalidAnnotation(
                    path: path, record: record,
                    byteOffset: recordOffset + header.signalByteOffsets[annotationSignals[0]],
                    reason: "the record has no time-keeping TAL (an onset followed by an "
                        + "empty annotation), which EDF+ requires first in every record")
            }
            let first = origin ?? stamp
            origin = first
            if record > 0 {
                if header.isDiscontinuous {
                    let earliest = previousOnset + duration
                    guard stamp.onset >= earliest - tolerance else {
                        throw EDFError.inconsistentRecordOnset(
                            path: path, record: record, onset: stamp.onset,
                            expected: "at least \(decimal(earliest)) s (EDF+D records may not "
                                + "overlap or go back in time)")
                    }
                } else {
                    let expected = first.onset + Double(record) * duration
                    guard abs(stamp.onset - expected) <= tolerance else {
                        throw EDFError.inconsistentRecordOnset(
                            path: path, record: record, onset: stamp.onset,
                            expected: "\(decimal(expected)) s (\(header.format.rawValue) "
                                + "records are contiguous)")
                    }
                }
            }
            previousOnset = stamp.onset
            explicit?.append(stamp.onset(relativeTo: first))
        }
        let start = origin ?? EDFTimeStampedAnnotationList(onset: 0, duration: nil, texts: [])
        let annotations = raw.map {
            Annotation(
                onset: $0.list.onset(relativeTo: start), duration: $0.list.duration,
                description: $0.text)
        }
        let runs = explicit.map { Self.segments(onsets: $0, duration: duration) } ?? continuous
        return Timing(
            firstOffset: start.onset, explicitOnsets: explicit, annotations: annotations,
            segments: runs)
    }

    private static func segments(onsets: [Seconds], duration: Seconds) -> [EDFSegment] {
        guard !onsets.isEmpty else { return [] }
        var result: [EDFSegment] = []
        var start = 0
        let tolerance = onsetTolerance(duration)
        for record in 1...onsets.count {
            let breaks = record == onsets.count
                || abs(onsets[record] - (onsets[record - 1] + duration)) > tolerance
            if breaks {
                result.append(
                    EDFSegment(
                        records: start..<record, onset: onsets[start],
                        duration: Double(record - start) * duration))
                start = record
            }
        }
        return result
    }

    /// The first index in `0..<count` where `predicate` (false, then true) becomes true.
    static func partitioningIndex(_ count: Int, where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    // MARK: - I/O

    static func readFully(
        _ descriptor: Int32, into buffer: inout [UInt8], at offset: Int, path: String
    ) throws {
        try buffer.withUnsafeMutableBytes {
            try readFully(descriptor, into: $0, at: offset, path: path)
        }
    }

    static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int,
        path: String
    ) throws {
        var done = 0
        while done < buffer.count {
            let result = pread(
                descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw EDFError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            guard result > 0 else {
                throw EDFError.unreadable(
                    path: path, reason: "file ended at byte \(offset + done) while reading "
                        + "(it shrank after opening)")
            }
            done += result
        }
    }
}

/// One block of records from ``EDFReader/forEachBlock(channels:records:maximumBlockBytes:_:)``.
public struct EDFBlock {
    /// The data records in the block (contiguous in time).
    public let records: Range<Int>
    /// Seconds from sample 0 to the block's first sample.
    public let onset: Seconds
    /// Whether a gap (EDF+D) or the start of the request precedes the block.
    public let startsSegment: Bool
    /// The requested channels (indices into ``EDFReader/dataSignals``).
    public let channels: [Int]
    let counts: [Int]
    let storage: [[Double]]

    /// The physical samples of the `position`-th requested channel (not the channel index).
    public func samples(_ position: Int) -> ArraySlice<Double> {
        storage[position][0..<counts[position]]
    }
}
