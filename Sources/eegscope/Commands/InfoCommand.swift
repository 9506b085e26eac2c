import ArgumentParser
import EEGCore
import EEGFileIO
import Foundation

/// `eegscope info`: format, channels, timing and annotations of a recording.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a recording: format, channels, duration, annotations.",
        discussion: """
            Reads only the header and the annotations of EDF/BDF files, so it is quick on \
            large files. Times are seconds from the first sample. For EDF+D files \
            duration_s spans the gaps; data_duration_s and segments describe the data.
            """)

    @Argument(help: "An EDF/EDF+/BDF/BDF+ file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @Option(name: .customLong("fs"), help: ArgumentHelp(
        "Sampling rate in Hz for CSV input.", valueName: "hz"))
    var csvSampleRate: Double?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var destination: StandardOutputOptions

    func validate() throws {
        if let rate = csvSampleRate, !(rate.isFinite && rate > 0) {
            throw ValidationError("--fs must be a positive sampling rate in Hz, got \(rate)")
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: [file], outputs: [destination.output])
        let info = try withFile(file) {
            try RecordingInfo(url: try InputPath.url(for: file), csvSampleRate: csvSampleRate)
        }
        let text = json
            ? try JSONOutput.encode(InfoDocument(file: file, info: info))
            : Self.text(file: file, info: info)
        try destination.write(text)
    }

    /// The readable form.
    static func text(file: String, info: RecordingInfo) -> String {
        var lines = ["file: \(file)", "format: \(info.format.rawValue)"]
        if let start = info.startDate { lines.append("start: \(InfoDocument.timestamp(start))") }
        var duration = "duration: \(number(info.duration)) s"
        if let records = info.recordCount, let length = info.recordDuration {
            let noun = records == 1 ? "record" : "records"
            duration += " (\(records) \(noun) of \(number(length)) s)"
        }
        lines.append(duration)
        if info.segments.count > 1 {
            lines.append(
                "discontinuous: \(info.segments.count) segments, "
                    + "\(number(info.dataDuration)) s of data")
            // The gap-free segments in recording time; long lists are cut after the first 8.
            let shown = info.segments.count > 10 ? 8 : info.segments.count
            for segment in info.segments.prefix(shown) {
                lines.append(
                    "  \(number(segment.onset))–\(number(segment.onset + segment.duration)) s"
                        + "  (\(number(segment.duration)) s)")
            }
            if shown < info.segments.count {
                lines.append("  … \(info.segments.count - shown) more (see --json)")
            }
        }
        if !info.patient.isEmpty { lines.append("patient: \(info.patient)") }
        if !info.recording.isEmpty { lines.append("recording: \(info.recording)") }
        lines.append("channels: \(info.channels.count)")
        let width = min(24, info.channels.map(\.name.count).max() ?? 4)
        for channel in info.channels {
            var line = "  " + channel.name.padding(toLength: width, withPad: " ", startingAt: 0)
            line += "  \(number(channel.sampleRate)) Hz  \(channel.sampleCount) samples"
            if !channel.unit.isEmpty { line += "  \(channel.unit)" }
            if let range = channel.physicalRange {
                line += "  [\(number(range.lowerBound)), \(number(range.upperBound))]"
            }
            if !channel.prefiltering.isEmpty { line += "  \(channel.prefiltering)" }
            if let type = channel.declared.type { line += "  type \(type.rawValue)" }
            if channel.declared.isBad {
                line += "  bad" + (channel.declared.badReason.isEmpty
                    ? "" : " (\(channel.declared.badReason))")
            }
            lines.append(line)
        }
        lines.append("annotations: \(info.annotations.count)")
        for annotation in info.annotations {
            let length = annotation.duration.map { number($0) } ?? "-"
            lines.append("  \(number(annotation.onset))  \(length)  \(annotation.description)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shortest round-trip text of a number (`1` rather than `1.0`).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

/// The JSON document of `eegscope info --json` (contract fields plus extras).
struct InfoDocument: Encodable {
    struct Channel: Encodable {
        let name: String
        let samplingRateHz: Double
        let unit: String
        let samples: Int
        let physicalMin: Double?
        let physicalMax: Double?
        let prefiltering: String
        /// The standard 10-05 name, when the label is one (omitted otherwise).
        let electrode: String?
        /// The declared channel type (file or BIDS `channels.tsv`), omitted when undeclared.
        let type: String?
        /// `bad` when a sidecar marks the channel bad, omitted otherwise.
        let status: String?
        /// The reason given for a bad mark.
        let statusDescription: String?

        enum CodingKeys: String, CodingKey {
            case name, unit, samples, prefiltering, electrode, type, status
            case statusDescription = "status_description"
            case samplingRateHz = "sampling_rate_hz"
            case physicalMin = "physical_min"
            case physicalMax = "physical_max"
        }
    }

    struct AnnotationEntry: Encodable {
        let onset: Double
        let duration: Double?
        let description: String

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(onset, forKey: .onset)
            try container.encode(duration, forKey: .duration)  // null when absent
            try container.encode(description, forKey: .description)
        }

        enum CodingKeys: String, CodingKey { case onset, duration, description }
    }

    struct Segment: Encodable {
        let onset: Double
        let duration: Double
    }

    let file: String
    let format: String
    let durationS: Double
    let dataDurationS: Double
    let startDate: String?
    let recordDurationS: Double?
    let recordCount: Int?
    let channels: [Channel]
    let annotations: [AnnotationEntry]
    let segments: [Segment]
    let patient: String
    let recording: String

    enum CodingKeys: String, CodingKey {
        case file, format, channels, annotations, segments, patient, recording
        case durationS = "duration_s"
        case dataDurationS = "data_duration_s"
        case startDate = "start_date"
        case recordDurationS = "record_duration_s"
        case recordCount = "record_count"
    }

    init(file: String, info: RecordingInfo) {
        self.file = file
        format = info.format.rawValue
        durationS = info.duration
        dataDurationS = info.dataDuration
        startDate = info.startDate.map(Self.timestamp)
        recordDurationS = info.recordDuration
        recordCount = info.recordCount
        channels = info.channels.map {
            Channel(
                name: $0.name, samplingRateHz: $0.sampleRate, unit: $0.unit,
                samples: $0.sampleCount, physicalMin: $0.physicalRange?.lowerBound,
                physicalMax: $0.physicalRange?.upperBound, prefiltering: $0.prefiltering,
                electrode: ChannelName.standard1005($0.name), type: $0.declared.type?.rawValue,
                status: $0.declared.isBad ? "bad" : nil,
                statusDescription: $0.declared.isBad && !$0.declared.badReason.isEmpty
                    ? $0.declared.badReason : nil)
        }
        annotations = info.annotations.map {
            AnnotationEntry(onset: $0.onset, duration: $0.duration, description: $0.description)
        }
        segments = info.segments.map { Segment(onset: $0.onset, duration: $0.duration) }
        patient = info.patient
        recording = info.recording
    }

    /// ISO 8601 in UTC, with milliseconds only when the start has a fraction of a second.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        formatter.formatOptions = whole
            ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
