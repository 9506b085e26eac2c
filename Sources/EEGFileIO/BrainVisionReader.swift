import EEGCore
import Foundation

/// Reads a BrainVision recording (`.vhdr` + `.vmrk` + binary data file), whole or streamed.
///
/// Opening reads the header and the markers and checks the data file's size against the
/// header; samples are read only on request, with `pread`, so memory is bounded by the span
/// asked for (``readSamples(channels:samples:)``) or by one block
/// (``forEachBlock(channels:samples:maximumBlockBytes:_:)``), never by the file size.
///
/// Matches `mne.io.read_raw_brainvision` (MNE 1.13): channel names, rate, sample count (whole
/// samples in the data file; `DataPoints` is checked against it), physical values
/// (stored number × resolution) and markers (see ``BrainVisionMarkers``). Deviation: values
/// of voltage channels are in µV whatever unit the header states (MNE: volts); other units
/// (µS, °C, …) are kept as written. A segmented export (`SegmentationType=MARKERBASED`) is
/// one recording whose segments are gap-free stretches joined at their `New Segment` markers,
/// so analyses do not run windows across the joins; MNE reads it as one continuous signal.
///
/// ```swift
/// let reader = try BrainVisionReader(url: URL(fileURLWithPath: "sub-01_eeg.vhdr"))
/// let recording = try reader.read()
/// try reader.forEachBlock(channels: [0, 1]) { block in consume(block.samples(0)) }
/// ```
public final class BrainVisionReader: Sendable {
    /// The header path, as used in error messages.
    public let path: String
    /// The validated header.
    public let header: BrainVisionHeader
    /// The annotations from the marker file (empty without one), onsets in seconds from
    /// sample 0, in file order.
    public let annotations: [Annotation]
    /// The recording's start, from the first dated `New Segment` marker.
    public let startDate: Date?
    /// The first sample of each stretch after the first (segmented exports); empty otherwise.
    public let stretchStarts: [Int]
    private let data: BinarySampleFile

    /// Opens `url` (a `.vhdr` file) and reads its header and markers.
    ///
    /// - Throws: ``BrainVisionError`` for an unreadable, malformed or unsupported header, a
    ///   missing data or marker file, a data file shorter than `DataPoints` says (or not a
    ///   whole number of samples × channels for `VECTORIZED` data without `DataPoints`), and
    ///   malformed markers.
    public init(url: URL) throws {
        path = url.path
        let header = try BrainVisionHeader(url: url)
        self.header = header
        let dataPath = header.dataFile.path
        guard FileManager.default.fileExists(atPath: dataPath) else {
            throw BrainVisionError.missingFile(
                path: url.path, key: "DataFile", name: header.dataFile.lastPathComponent)
        }
        let declared = header.orientation == .vectorized ? header.declaredSampleCount : nil
        let path = url.path
        data = try BinarySampleFile(
            url: header.dataFile, sampleType: header.sampleType, orientation: header.orientation,
            channelCount: header.channels.count, sampleCount: declared,
            scales: header.channels.map(\.scale),
            failure: { BrainVisionError.inconsistentData(path: path, reason: $0) })
        if let declaredCount = header.declaredSampleCount, declaredCount > data.sampleCount {
            throw BrainVisionError.inconsistentData(
                path: path, reason: "DataPoints is \(declaredCount) but the data file holds "
                    + "\(data.sampleCount) samples of \(header.channels.count) channels; "
                    + "the file is truncated or the header lies")
        }
        var markers: BrainVisionMarkers? = nil
        if let markerFile = header.markerFile {
            guard FileManager.default.fileExists(atPath: markerFile.path) else {
                throw BrainVisionError.missingFile(
                    path: path, key: "MarkerFile", name: markerFile.lastPathComponent)
            }
            markers = try BrainVisionMarkers(url: markerFile)
        }
        annotations = markers?.annotations(
            sampleRate: header.sampleRate, sampleCount: data.sampleCount) ?? []
        startDate = markers?.startDate
        let count = data.sampleCount
        if header.segmentSampleCount != nil, let markers {
            let starts = markers.markers.filter { $0.type == "New Segment" }.map(\.sampleIndex)
            stretchStarts = Array(Set(starts.filter { $0 > 0 && $0 < count })).sorted()
        } else {
            stretchStarts = []
        }
    }

    // MARK: - Properties

    /// The recording format (`BrainVision`).
    public var format: RecordingFormat { .brainVision }
    /// Samples per channel.
    public var sampleCount: Int { data.sampleCount }
    /// Samples per second (every channel), in Hz.
    public var sampleRate: Hertz { header.sampleRate }
    /// Seconds of data: samples / rate.
    public var duration: Seconds { Double(sampleCount) / sampleRate }
    /// The gap-free stretches (segments of a segmented export; one otherwise), adjacent in time.
    public var stretches: [GapFreeStretch] {
        SampleStretches.stretches(starts: stretchStarts, sampleCount: sampleCount, rate: sampleRate)
    }

    // MARK: - Reading

    /// Reads every channel, the annotations and the metadata.
    ///
    /// Metadata keys: `format`, `reference.N` (the channel's reference name when given), and
    /// for segmented exports `segments`/`discontinuous` (see ``Recording/stretches``).
    /// - Throws: ``BrainVisionError`` or ``EDFError/unreadable(path:reason:)`` for I/O errors.
    public func read() throws -> Recording {
        let channels = Array(header.channels.indices)
        let samples = try readSamples(channels: channels, samples: 0..<sampleCount)
        return try recording(channels: channels, samples: samples, span: 0..<sampleCount)
    }

    /// Reads chosen channels between two times (seconds from sample 0): the samples whose
    /// time `index / rate` lies in `[start, end)`; annotations in the span keep their onsets
    /// (seconds from sample 0), as ``EDFReader/read(channels:from:to:)``.
    ///
    /// - Throws: ``BrainVisionError/invalidRequest(path:parameter:value:expected:)``.
    public func read(channels: [Int], from start: Seconds, to end: Seconds) throws -> Recording {
        guard start.isFinite, end.isFinite, end > start else {
            throw BrainVisionError.invalidRequest(
                path: path, parameter: "time span", value: "\(start)-\(end) s",
                expected: "finite start < end")
        }
        let first = min(sampleCount, max(0, Int((start * sampleRate - 1e-9).rounded(.up))))
        let last = min(sampleCount, max(first, Int((end * sampleRate - 1e-9).rounded(.up))))
        let samples = try readSamples(channels: channels, samples: first..<last)
        let full = try recording(channels: channels, samples: samples, span: first..<last)
        var metadata = full.metadata
        metadata["span_start_s"] = EDFNumberFormat.plain(Double(first) / sampleRate)
        return Recording(
            signals: full.signals,
            annotations: annotations.filter { $0.onset >= start && $0.onset < end },
            startDate: startDate, metadata: metadata)
    }

    /// Decodes chosen channels over a sample range into one array per channel.
    ///
    /// - Parameters:
    ///   - channels: Indices into ``BrainVisionHeader/channels`` (any order, repeats allowed).
    ///   - samples: 0-based sample indices within `0..<sampleCount`.
    /// - Returns: Per requested channel, `samples.count` physical values.
    /// - Throws: ``BrainVisionError/invalidRequest(path:parameter:value:expected:)`` or I/O
    ///   errors.
    /// - Complexity: Memory O(requested samples + one 4 MiB block).
    public func readSamples(channels: [Int], samples: Range<Int>) throws -> [[Double]] {
        try validate(channels: channels, samples: samples)
        return try data.readSamples(channels: channels, samples: samples)
    }

    /// Streams chosen channels block by block; memory is one block, whatever the file size.
    ///
    /// Blocks hold at most `maximumBlockBytes` of file data (at least one sample) and never
    /// cross a stretch join; ``SampleBlock/startsStretch`` marks the first block of each.
    /// - Parameters:
    ///   - channels: Indices into ``BrainVisionHeader/channels``.
    ///   - samples: The sample range (default all).
    ///   - maximumBlockBytes: File bytes per block (default 4 MiB).
    ///   - body: Called once per block; copy what you keep.
    /// - Throws: ``BrainVisionError`` for a bad request, I/O errors, or what `body` throws.
    public func forEachBlock(
        channels: [Int], samples: Range<Int>? = nil, maximumBlockBytes: Int = 4 << 20,
        _ body: (SampleBlock) throws -> Void
    ) throws {
        let samples = samples ?? 0..<sampleCount
        try validate(channels: channels, samples: samples)
        try data.forEachBlock(
            channels: channels, samples: samples, maximumBlockBytes: maximumBlockBytes,
            joins: stretchStarts, body)
    }

    private func validate(channels: [Int], samples: Range<Int>) throws {
        for channel in channels where !header.channels.indices.contains(channel) {
            throw BrainVisionError.invalidRequest(
                path: path, parameter: "channel index", value: "\(channel)",
                expected: "0..<\(header.channels.count)")
        }
        guard samples.lowerBound >= 0, samples.upperBound <= sampleCount else {
            throw BrainVisionError.invalidRequest(
                path: path, parameter: "samples", value: "\(samples)",
                expected: "within 0..<\(sampleCount)")
        }
    }

    private func recording(channels: [Int], samples: [[Double]], span: Range<Int>) throws
        -> Recording
    {
        var metadata = ["format": format.rawValue]
        var signals: [Signal] = []
        for (position, channel) in channels.enumerated() {
            let info = header.channels[channel]
            signals.append(
                try Signal(
                    samples: samples[position], sampleRate: sampleRate, label: info.name,
                    unit: info.physicalUnit))
            if !info.reference.isEmpty { metadata["reference.\(position)"] = info.reference }
        }
        return Recording(
            signals: signals, annotations: annotations, startDate: startDate, metadata: metadata,
            stretches: SampleStretches.stretches(
                inside: span, starts: stretchStarts, rate: sampleRate))
    }
}

/// Gap-free stretches of readers whose stretches are joined back to back in sample time
/// (BrainVision segmented exports, EEGLAB epochs): recording time equals data time, and the
/// joins are marked so that analyses do not run windows across them.
enum SampleStretches {
    /// The stretches of `sampleCount` samples split before each index in `starts`.
    static func stretches(starts: [Int], sampleCount: Int, rate: Hertz) -> [GapFreeStretch] {
        let bounds = [0] + starts.filter { $0 > 0 && $0 < sampleCount } + [sampleCount]
        return zip(bounds, bounds.dropFirst()).map { low, high in
            let onset = Double(low) / rate
            return GapFreeStretch(
                onset: onset, duration: Double(high - low) / rate, dataOffset: onset)
        }
    }

    /// The stretches inside `span`, re-based to its start, when it covers more than one
    /// (the `stretches:` argument of a `Recording`); `nil` when the span is continuous.
    static func stretches(inside span: Range<Int>, starts: [Int], rate: Hertz)
        -> [GapFreeStretch]?
    {
        let inside = starts.filter { $0 > span.lowerBound && $0 < span.upperBound }
        guard !inside.isEmpty else { return nil }
        return stretches(
            starts: inside.map { $0 - span.lowerBound }, sampleCount: span.count, rate: rate)
    }
}
