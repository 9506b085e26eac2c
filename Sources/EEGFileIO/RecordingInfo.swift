import EEGCore
import Foundation

/// What `eegscope info` reports about a file: format, channels, annotations, timing.
///
/// For EDF/BDF only the header and the annotation signals are read (not the samples), and for
/// BrainVision only the header and markers, so it is
/// quick on files of any size. For CSV the whole file is read.
public struct RecordingInfo: Sendable, Equatable {
    /// One channel's description.
    public struct Channel: Sendable, Equatable {
        /// The label as stored.
        public let name: String
        /// Samples per second, in Hz.
        public let sampleRate: Hertz
        /// The physical unit (e.g. `uV`), possibly empty.
        public let unit: String
        /// The number of samples in the file.
        public let sampleCount: Int
        /// The header's physical range (EDF/BDF), in `unit`.
        public let physicalRange: ClosedRange<Double>?
        /// What the file declares about the channel (filters, transducer; see
        /// ``ChannelDeclaration``).
        public let declared: ChannelDeclaration
        /// The prefiltering text (EDF/BDF), possibly empty.
        public var prefiltering: String { declared.prefiltering }
        /// The transducer text (EDF/BDF), possibly empty.
        public var transducer: String { declared.transducer }
    }

    /// The path as given.
    public let path: String
    /// EDF, EDF+C, EDF+D, BDF, BDF+C, BDF+D or CSV.
    public let format: RecordingFormat
    /// The start of the first sample, if the file states it.
    public let startDate: Date?
    /// Seconds from the first sample to the end of the last record (gaps of EDF+D included).
    public let duration: Seconds
    /// Seconds of data (gaps excluded); equals ``duration`` for continuous files.
    public let dataDuration: Seconds
    /// Seconds per data record (EDF/BDF).
    public let recordDuration: Seconds?
    /// The number of data records (EDF/BDF).
    public let recordCount: Int?
    /// The data channels in file order.
    public let channels: [Channel]
    /// The annotations sorted by onset (seconds from the first sample).
    public let annotations: [Annotation]
    /// Gap-free runs as (onset, duration) in seconds; one entry for continuous files.
    public let segments: [(onset: Seconds, duration: Seconds)]
    /// The patient identification field (EDF/BDF), trimmed.
    public let patient: String
    /// The recording identification field (EDF/BDF), trimmed.
    public let recording: String

    /// Describes a file.
    ///
    /// - Parameters:
    ///   - url: An EDF/BDF file (by extension or header) or a CSV file.
    ///   - csvSampleRate: The sampling rate for CSV input, in Hz.
    /// - Throws: The reader's errors (``EDFError``, ``CSVError``, ``RecordingFileError``).
    public init(url: URL, csvSampleRate: Hertz? = nil) throws {
        path = url.path
        switch try RecordingFile.kind(of: url) {
        case .csv:
            let table = try RecordingFile.read(url, csvSampleRate: csvSampleRate)
            format = .csv
            startDate = nil
            duration = table.duration
            dataDuration = table.duration
            recordDuration = nil
            recordCount = nil
            channels = table.signals.map {
                Channel(
                    name: $0.label, sampleRate: $0.sampleRate, unit: $0.unit,
                    sampleCount: $0.count, physicalRange: nil, declared: $0.declared)
            }
            annotations = []
            segments = [(0, table.duration)]
            patient = ""
            self.recording = ""
        case .edfOrBDF:
            let reader = try EDFReader(url: url)
            let header = reader.header
            format = reader.format
            startDate = reader.startDate
            dataDuration = reader.dataDuration
            duration = reader.segments.last.map { $0.onset + $0.duration } ?? 0
            recordDuration = header.recordDuration
            recordCount = header.recordCount
            channels = reader.dataSignals.map { signal in
                Channel(
                    name: signal.label,
                    sampleRate: signal.sampleRate(recordDuration: header.recordDuration),
                    unit: signal.physicalDimension,
                    sampleCount: signal.samplesPerRecordCount * header.recordCount,
                    physicalRange: min(signal.physicalMinimum, signal.physicalMaximum)
                        ... max(signal.physicalMinimum, signal.physicalMaximum),
                    declared: signal.declaration)
            }
            annotations = Recording(signals: [], annotations: reader.annotations).annotations
            segments = reader.segments.map { ($0.onset, $0.duration) }
            patient = header.patientField
            recording = header.recordingField
        case .brainVision:
            let reader = try BrainVisionReader(url: url)
            format = reader.format
            startDate = reader.startDate
            duration = reader.duration
            dataDuration = reader.duration
            recordDuration = nil
            recordCount = nil
            channels = reader.header.channels.map {
                Channel(
                    name: $0.name, sampleRate: reader.sampleRate, unit: $0.physicalUnit,
                    sampleCount: reader.sampleCount, physicalRange: nil, declared: .none)
            }
            annotations = Recording(signals: [], annotations: reader.annotations).annotations
            segments = reader.stretches.map { ($0.onset, $0.duration) }
            patient = ""
            recording = ""
        case .eeglab:
            let reader = try EEGLABReader(url: url)
            format = reader.format
            startDate = nil
            duration = reader.duration
            dataDuration = reader.duration
            recordDuration = nil
            recordCount = nil
            channels = reader.channels.map {
                Channel(
                    name: $0.label, sampleRate: reader.sampleRate, unit: "µV",
                    sampleCount: reader.sampleCount, physicalRange: nil, declared: $0.declaration)
            }
            annotations = Recording(signals: [], annotations: reader.annotations).annotations
            segments = reader.stretches.map { ($0.onset, $0.duration) }
            patient = ""
            recording = ""
        }
    }

    /// Field-by-field equality (segments compared element by element).
    public static func == (left: RecordingInfo, right: RecordingInfo) -> Bool {
        left.path == right.path && left.format == right.format
            && left.startDate == right.startDate && left.duration == right.duration
            && left.dataDuration == right.dataDuration
            && left.recordDuration == right.recordDuration
            && left.recordCount == right.recordCount && left.channels == right.channels
            && left.annotations == right.annotations
            && left.segments.elementsEqual(right.segments) { $0 == $1 }
            && left.patient == right.patient && left.recording == right.recording
    }
}
