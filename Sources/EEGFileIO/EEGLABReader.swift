import EEGCore
import Foundation

/// Errors reading an EEGLAB dataset beyond the MAT-file level (``MATFileError``).
public enum EEGLABError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of the `EEG` structure is missing or holds something EEGLAB never writes.
    case invalidField(path: String, field: String, value: String, expected: String)
    /// The `.fdt` data file is missing.
    case missingDataFile(path: String, name: String)
    /// The data (embedded or `.fdt`) disagree with `nbchan`, `pnts` and `trials`.
    case inconsistentData(path: String, reason: String)
    /// A channel index or time span requested from a reader is out of range.
    case invalidRequest(path: String, parameter: String, value: String, expected: String)

    /// One line: the file, what failed, the value, what was expected.
    public var description: String {
        switch self {
        case let .invalidField(path, field, value, expected):
            return "\(path): EEG.\(field) is \(value.prefix(80)); expected \(expected)"
        case let .missingDataFile(path, name):
            return "\(path): the data file '\(name)' named by EEG.data does not exist beside it"
        case let .inconsistentData(path, reason):
            return "\(path): \(reason)"
        case let .invalidRequest(path, parameter, value, expected):
            return "\(path): \(parameter) \(value) is out of range; expected \(expected)"
        }
    }
}

/// One channel location of an EEGLAB dataset (`EEG.chanlocs`).
public struct EEGLABChannel: Sendable, Equatable {
    /// `labels`.
    public let label: String
    /// `type` (e.g. `EEG`, `EOG`), possibly empty.
    public let type: String
    /// `X`, `Y`, `Z` in EEGLAB's head frame (units as the dataset's montage; often unit
    /// sphere or mm), or `nil` when any is empty.
    public let position: (x: Double, y: Double, z: Double)?

    /// What the dataset declares: the channel type when `type` names a known one.
    public var declaration: ChannelDeclaration {
        ChannelDeclaration(type: ChannelType(declaredName: type))
    }

    public static func == (left: EEGLABChannel, right: EEGLABChannel) -> Bool {
        left.label == right.label && left.type == right.type
            && left.position?.x == right.position?.x && left.position?.y == right.position?.y
            && left.position?.z == right.position?.z
    }
}

/// Reads an EEGLAB dataset (`.set`, MATLAB v5 MAT-file, with its data embedded or in a `.fdt`).
///
/// Takes the `EEG` struct, or the top-level variables of files saved with `-struct` (EEGLAB
/// ≥ 2019). Matches `mne.io.read_raw_eeglab` / `mne.read_epochs_eeglab` (MNE 1.13): channel
/// names (`chanlocs.labels`, else `1`, `2`, …), rate (`srate`), `pnts × trials` samples, values
/// in µV, events as annotations with onset `(latency − 1) / srate`, duration
/// `duration / srate` and the type as text (integral numbers without decimals); for
/// continuous data, events after the end are dropped and durations clipped, as MNE does.
/// Epoched datasets (`trials > 1`) are read as one recording whose epochs are back-to-back
/// gap-free stretches (``Recording/stretches``), with `metadata["epoch_start_s"]` the epoch
/// start relative to its time-locking event (`xmin`); MNE reads them as `Epochs`.
/// `.fdt` data are streamed with `pread`; embedded data are decoded with the MAT-file.
///
/// ```swift
/// let reader = try EEGLABReader(url: URL(fileURLWithPath: "sub-01_eeg.set"))
/// let recording = try reader.read()
/// ```
public final class EEGLABReader: Sendable {
    /// The `.set` path, as used in error messages.
    public let path: String
    /// The channels (labels, types, positions) in data order.
    public let channels: [EEGLABChannel]
    /// Samples per second, in Hz.
    public let sampleRate: Hertz
    /// Samples per epoch (`pnts`).
    public let epochSampleCount: Int
    /// Epochs (`trials`; 1 for continuous data).
    public let epochCount: Int
    /// `xmin`: seconds from the time-locking event to each epoch's first sample.
    public let epochStart: Seconds
    /// The events as annotations, onsets in seconds from sample 0 (epochs joined).
    public let annotations: [Annotation]
    private let storage: Storage

    private enum Storage: Sendable {
        case embedded([Double])  // nbchan × samples, column-major (multiplexed)
        case file(BinarySampleFile)
    }

    /// Opens `url` and reads the MAT structure (embedded data included).
    ///
    /// - Throws: ``MATFileError`` (unreadable, not a MAT-file, v7.3/HDF5 with how to re-save,
    ///   malformed or truncated elements), ``EEGLABError`` for missing or inconsistent fields
    ///   and a missing or short `.fdt`.
    public init(url: URL) throws {
        let path = url.path
        self.path = path
        let file = try MATFile(url: url)
        let fields: (String) -> MATValue?
        if let eeg = file["EEG"], case .structure = eeg {
            fields = { eeg.field($0) }
        } else if file["ALLEEG"] != nil {
            throw EEGLABError.invalidField(
                path: path, field: "ALLEEG", value: "present",
                expected: "a single dataset (save one EEG with pop_saveset)")
        } else {
            fields = { file[$0] }
        }
        func count(_ name: String, default fallback: Int? = nil) throws -> Int {
            guard let value = fields(name)?.scalar ?? fallback.map(Double.init) else {
                throw EEGLABError.invalidField(
                    path: path, field: name, value: "missing", expected: "a whole number")
            }
            guard value.isFinite, value >= 0, value <= 1e12, value == value.rounded() else {
                throw EEGLABError.invalidField(
                    path: path, field: name, value: "\(value)", expected: "a whole number ≥ 0")
            }
            return Int(value)
        }
        let channelCount = try count("nbchan")
        epochSampleCount = try count("pnts")
        epochCount = max(1, try count("trials", default: 1))
        guard let rate = fields("srate")?.scalar, rate.isFinite, rate > 0, rate <= 1e7 else {
            throw EEGLABError.invalidField(
                path: path, field: "srate", value: "\(fields("srate")?.scalar.map { "\($0)" } ?? "missing")",
                expected: "a positive sampling rate in Hz")
        }
        sampleRate = rate
        epochStart = fields("xmin")?.scalar ?? 0
        guard channelCount >= 1 else {
            throw EEGLABError.invalidField(path: path, field: "nbchan", value: "0",
                expected: "at least 1 channel")
        }
        let (total, overflow) = epochSampleCount.multipliedReportingOverflow(by: epochCount)
        guard !overflow else {
            throw EEGLABError.invalidField(
                path: path, field: "pnts × trials", value: "\(epochSampleCount) × \(epochCount)",
                expected: "a sample count that fits in memory addressing")
        }
        // The data are checked against nbchan × pnts × trials first: a header claiming 1e9
        // channels must fail there, before a descriptor is made for each claimed channel.
        storage = try Self.storage(
            fields("data"), file: file, url: url, channelCount: channelCount, sampleCount: total)
        channels = Self.channels(fields("chanlocs"), count: channelCount)
        annotations = Self.annotations(
            fields("event"), rate: rate, sampleCount: total, cropToData: epochCount == 1)
    }

    // MARK: - Properties

    /// The recording format (`EEGLAB`).
    public var format: RecordingFormat { .eeglab }
    /// Samples per channel (all epochs).
    public var sampleCount: Int { epochSampleCount * epochCount }
    /// Seconds of data (all epochs).
    public var duration: Seconds { Double(sampleCount) / sampleRate }
    /// The first sample of each epoch after the first.
    public var stretchStarts: [Int] {
        epochCount > 1 ? (1..<epochCount).map { $0 * epochSampleCount } : []
    }
    /// One gap-free stretch per epoch (one for continuous data).
    public var stretches: [GapFreeStretch] {
        SampleStretches.stretches(starts: stretchStarts, sampleCount: sampleCount, rate: sampleRate)
    }

    // MARK: - Reading

    /// Reads every channel (µV), the annotations and the metadata (`format`, `type.N` for
    /// channel types, `epoch_start_s` for epoched data, whose epochs are the
    /// ``Recording/stretches``).
    public func read() throws -> Recording {
        let all = Array(channels.indices)
        return try recording(
            channels: all, samples: readSamples(channels: all, samples: 0..<sampleCount),
            span: 0..<sampleCount)
    }

    /// Reads chosen channels between two times (seconds from sample 0, epochs joined); see
    /// ``BrainVisionReader/read(channels:from:to:)``.
    public func read(channels wanted: [Int], from start: Seconds, to end: Seconds) throws
        -> Recording
    {
        guard start.isFinite, end.isFinite, end > start else {
            throw EEGLABError.invalidRequest(
                path: path, parameter: "time span", value: "\(start)-\(end) s",
                expected: "finite start < end")
        }
        let first = min(sampleCount, max(0, Int((start * sampleRate - 1e-9).rounded(.up))))
        let last = min(sampleCount, max(first, Int((end * sampleRate - 1e-9).rounded(.up))))
        let full = try recording(
            channels: wanted, samples: readSamples(channels: wanted, samples: first..<last),
            span: first..<last)
        var metadata = full.metadata
        metadata["span_start_s"] = EDFNumberFormat.plain(Double(first) / sampleRate)
        return Recording(
            signals: full.signals,
            annotations: annotations.filter { $0.onset >= start && $0.onset < end },
            startDate: nil, metadata: metadata)
    }

    /// Decodes chosen channels over a sample range (epochs joined) into one array per channel.
    public func readSamples(channels wanted: [Int], samples: Range<Int>) throws -> [[Double]] {
        try validate(channels: wanted, samples: samples)
        switch storage {
        case let .file(file): return try file.readSamples(channels: wanted, samples: samples)
        case let .embedded(values):
            let stride = channels.count
            return wanted.map { channel in
                samples.map { values[$0 * stride + channel] }
            }
        }
    }

    /// Streams chosen channels block by block, never across an epoch boundary; see
    /// ``BrainVisionReader/forEachBlock(channels:samples:maximumBlockBytes:_:)``.
    public func forEachBlock(
        channels wanted: [Int], samples: Range<Int>? = nil, maximumBlockBytes: Int = 4 << 20,
        _ body: (SampleBlock) throws -> Void
    ) throws {
        let samples = samples ?? 0..<sampleCount
        try validate(channels: wanted, samples: samples)
        switch storage {
        case let .file(file):
            try file.forEachBlock(
                channels: wanted, samples: samples, maximumBlockBytes: maximumBlockBytes,
                joins: stretchStarts, body)
        case .embedded:
            let perBlock = max(1, maximumBlockBytes / max(1, 4 * wanted.count))
            var first = samples.lowerBound
            var startsStretch = true
            while first < samples.upperBound {
                var last = min(samples.upperBound, first + perBlock)
                if let join = stretchStarts.first(where: { $0 > first && $0 < last }) {
                    last = join
                }
                let block = SampleBlock(
                    samples: first..<last,
                    startsStretch: startsStretch || stretchStarts.contains(first),
                    channels: wanted, storage: try readSamples(channels: wanted, samples: first..<last))
                try body(block)
                startsStretch = false
                first = last
            }
        }
    }

    private func validate(channels wanted: [Int], samples: Range<Int>) throws {
        for channel in wanted where !channels.indices.contains(channel) {
            throw EEGLABError.invalidRequest(
                path: path, parameter: "channel index", value: "\(channel)",
                expected: "0..<\(channels.count)")
        }
        guard samples.lowerBound >= 0, samples.upperBound <= sampleCount else {
            throw EEGLABError.invalidRequest(
                path: path, parameter: "samples", value: "\(samples)",
                expected: "within 0..<\(sampleCount)")
        }
    }

    private func recording(channels wanted: [Int], samples: [[Double]], span: Range<Int>) throws
        -> Recording
    {
        var metadata = ["format": format.rawValue]
        var signals: [Signal] = []
        for (position, channel) in wanted.enumerated() {
            signals.append(
                try Signal(
                    samples: samples[position], sampleRate: sampleRate,
                    label: channels[channel].label, unit: "µV",
                    declared: channels[channel].declaration))
            if !channels[channel].type.isEmpty { metadata["type.\(position)"] = channels[channel].type }
        }
        if epochCount > 1 { metadata["epoch_start_s"] = EDFNumberFormat.plain(epochStart) }
        return Recording(
            signals: signals, annotations: annotations, startDate: nil, metadata: metadata,
            stretches: SampleStretches.stretches(
                inside: span, starts: stretchStarts, rate: sampleRate))
    }

    // MARK: - Fields

    private static func channels(_ value: MATValue?, count: Int) -> [EEGLABChannel] {
        (0..<count).map { index in
            let label = value?.field("labels", element: index)?.string ?? ""
            let type = value?.field("type", element: index)?.string ?? ""
            let coordinates = ["X", "Y", "Z"].map { value?.field($0, element: index)?.scalar }
            let position = coordinates.allSatisfy { $0 != nil && $0!.isFinite }
                ? (coordinates[0]!, coordinates[1]!, coordinates[2]!) : nil
            return EEGLABChannel(
                label: label.isEmpty ? "\(index + 1)" : label, type: type, position: position)
        }
    }

    private static func storage(
        _ data: MATValue?, file: MATFile, url: URL, channelCount: Int, sampleCount: Int
    ) throws -> Storage {
        let path = url.path
        switch data {
        case let .numeric(dimensions, values)?:
            guard values.count == channelCount * sampleCount else {
                throw EEGLABError.inconsistentData(
                    path: path, reason: "EEG.data has dimensions \(dimensions) (\(values.count) "
                        + "values) but nbchan × pnts × trials is \(channelCount) × "
                        + "\(sampleCount) samples")
            }
            return .embedded(values)
        case let .text(_, rows)?:
            let name = rows.joined().trimmingCharacters(in: .whitespaces)
            let folder = url.deletingLastPathComponent()
            var dataURL = folder.appendingPathComponent(name)
            if dataURL.standardizedFileURL.path == url.standardizedFileURL.path,
                let embedded = file["data"], case .numeric = embedded
            {
                return try storage(
                    embedded, file: file, url: url, channelCount: channelCount,
                    sampleCount: sampleCount)
            }
            if !FileManager.default.fileExists(atPath: dataURL.path) {
                // As MNE: a renamed dataset keeps its old name in EEG.data.
                let sibling = url.deletingPathExtension().appendingPathExtension("fdt")
                guard FileManager.default.fileExists(atPath: sibling.path) else {
                    throw EEGLABError.missingDataFile(path: path, name: name)
                }
                dataURL = sibling
            }
            // Sized against the bytes present before anything per channel is allocated (a
            // header claiming 1e9 channels made the 8 GB scale list below first).
            let size = (try? FileManager.default.attributesOfItem(atPath: dataURL.path)[.size])
                .flatMap { $0 as? Int } ?? 0
            let (values, overflow) = channelCount.multipliedReportingOverflow(by: sampleCount)
            guard !overflow, values <= size / 4 else {
                throw EEGLABError.inconsistentData(
                    path: path, reason: "data file '\(dataURL.lastPathComponent)' has \(size) "
                        + "bytes but the header declares \(sampleCount) samples × \(channelCount) "
                        + "channels × 4 bytes; the file is truncated or the header lies")
            }
            return .file(
                try BinarySampleFile(
                    url: dataURL, sampleType: .float32, orientation: .multiplexed,
                    channelCount: channelCount, sampleCount: sampleCount,
                    scales: Array(repeating: 1, count: channelCount),
                    failure: { EEGLABError.inconsistentData(path: path, reason: $0) }))
        default:
            throw EEGLABError.invalidField(
                path: path, field: "data", value: data == nil ? "missing" : "not a matrix or name",
                expected: "a channels × samples matrix or the name of a .fdt file")
        }
    }

    private static func annotations(
        _ value: MATValue?, rate: Hertz, sampleCount: Int, cropToData: Bool
    ) -> [Annotation] {
        guard case let .structure(_, _, elements)? = value else { return [] }
        let end = Double(sampleCount) / rate
        return elements.compactMap { event in
            guard let latency = event["latency"]?.scalar, latency.isFinite else { return nil }
            let onset = (latency - 1) / rate
            var duration: Seconds? = 0
            if let field = event["duration"] {
                duration = field.scalar.flatMap { $0.isFinite ? $0 / rate : nil }
            }
            let text: String
            switch event["type"] {
            case let .text(_, rows)?: text = rows.joined(separator: " ")
            case let .numeric(_, values)? where !values.isEmpty:
                let number = values[0]
                text = number == number.rounded() && abs(number) < 1e15
                    ? String(Int64(number)) : EDFNumberFormat.plain(number)
            default: text = ""
            }
            guard cropToData else {
                return Annotation(onset: onset, duration: duration, description: text)
            }
            // MNE's crop treats an empty or NaN duration as 0.
            let length = duration ?? 0
            guard onset <= end, onset + length >= 0 else { return nil }
            let clippedOnset = max(0, onset)
            let clipped = onset < 0 || onset + length > end
            return Annotation(
                onset: clippedOnset,
                duration: clipped ? min(onset + length, end) - clippedOnset : length,
                description: text)
        }
    }
}
