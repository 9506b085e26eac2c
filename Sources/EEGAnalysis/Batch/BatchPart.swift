import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// The finished result of one batch input, rendered into the text each output file needs.
///
/// A batch run writes one part per input to `DIR/.parts/<id>.part.json` (atomically) as soon as
/// the input is done; the output files are concatenations of the parts' fragments in input
/// order. So a crash loses no finished input, `--resume` can skip inputs whose part exists,
/// and shard outputs merge by collecting parts — and the assembled bytes depend only on the
/// parts, never on the order in which workers finished.
public struct BatchPart: Sendable, Equatable, Codable {
    /// Whether the input was analyzed or failed.
    public enum Status: String, Sendable, Codable {
        case succeeded
        case failed
    }

    /// The format version of part files.
    public static let formatVersion = 2

    /// ``formatVersion`` when written.
    public let version: Int
    /// The input's path (the sort key of every output).
    public let file: String
    /// ``AnalysisSettings/fingerprint`` of the settings the part was computed with.
    public let fingerprint: String
    /// The input's ``EEGFileIO/FileFingerprint`` when it was analysed (nil in parts written
    /// before fingerprints existed, or when the file could not be fingerprinted): `--resume`
    /// recomputes a part whose input no longer has it, `merge` refuses it.
    public let inputFingerprint: String?
    /// Whether the analysis succeeded.
    public let status: Status
    /// The failure reason (one line), for failed inputs.
    public let error: String?
    /// Rows of `bandpower.csv` (each ending in a newline), empty for failures.
    public let bandPowerRows: String
    /// Rows of `events.tsv` (each ending in a newline), empty for failures.
    public let eventRows: String
    /// This input's element of `fit.json`'s `files` array (compact JSON), nil for failures.
    public let fitJSON: String?
    /// This input's element of `summary.json`'s `files` array (compact JSON).
    public let summaryJSON: String

    enum CodingKeys: String, CodingKey {
        case version, file, fingerprint, status, error
        case inputFingerprint = "input_fingerprint"
        case bandPowerRows = "bandpower_rows"
        case eventRows = "event_rows"
        case fitJSON = "fit_json"
        case summaryJSON = "summary_json"
    }

    /// The part of a successful analysis.
    /// - Throws: an `EncodingError` only if a value cannot be encoded (not expected).
    public init(
        analysis: RecordingAnalysis, settings: AnalysisSettings, inputFingerprint: String? = nil
    ) throws {
        version = Self.formatVersion
        file = analysis.input.path
        fingerprint = settings.fingerprint
        self.inputFingerprint = inputFingerprint
        status = .succeeded
        error = nil
        bandPowerRows = BatchTables.bandPowerRows(analysis, bands: settings.bands)
        eventRows = BatchTables.eventRows(analysis)
        fitJSON = try BatchJSON.compact(FitFileEntry(analysis: analysis))
        summaryJSON = try BatchJSON.compact(SummaryFileEntry(analysis: analysis, settings: settings))
    }

    /// The part of a failed input.
    public init(
        failedInput input: BatchInput, reason: String, settings: AnalysisSettings,
        inputFingerprint: String? = nil
    ) throws {
        version = Self.formatVersion
        file = input.path
        fingerprint = settings.fingerprint
        self.inputFingerprint = inputFingerprint
        status = .failed
        let oneLine = reason.replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
        error = oneLine
        bandPowerRows = ""
        eventRows = ""
        fitJSON = nil
        summaryJSON = try BatchJSON.compact(SummaryFileEntry(failedInput: input, reason: oneLine))
    }

    /// The row of `failures.tsv` for a failed part, or nil.
    public var failureRow: String? {
        guard status == .failed else { return nil }
        let fields = [BatchTables.tsvField(file), BatchTables.tsvField(error ?? "")]
            + BatchTables.entityTSVFields(BatchInput(path: file))
        return fields.joined(separator: "\t") + "\n"
    }

    /// Whether the part's input still has the fingerprint it had when analysed (false for
    /// parts without one, and for inputs that are gone or unreadable).
    public var inputIsUnchanged: Bool {
        guard let inputFingerprint else { return false }
        return (try? FileFingerprint(path: file).description) == inputFingerprint
    }

    // MARK: - Part files

    /// The part file's name for `input`: a readable stem of the file name plus a 64-bit
    /// FNV-1a hash of the full path, so that equal file names in different folders differ.
    public static func fileName(for path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let base = (path as NSString).lastPathComponent
        let stem = String(base.unicodeScalars.prefix(60).map { scalar -> Character in
            let allowed = CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars
                .contains(scalar)
            return allowed && scalar.isASCII ? Character(scalar) : "_"
        })
        let hex = String(hash, radix: 16)
        return "\(stem)-\(String(repeating: "0", count: 16 - hex.count))\(hex).part.json"
    }

    /// Writes the part atomically into `folder`.
    /// - Throws: ``FileWriteError``.
    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(
            try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName(for: file)))
    }

    /// Reads the part of `path` from `folder`, or nil when there is none or it is unreadable,
    /// of another format version or for another file.
    public static func read(for path: String, in folder: URL) -> BatchPart? {
        let url = folder.appendingPathComponent(fileName(for: path))
        guard let data = FileManager.default.contents(atPath: url.path),
            let part = try? JSONDecoder().decode(BatchPart.self, from: data),
            part.version == formatVersion, part.file == path
        else { return nil }
        return part
    }
}

// MARK: - Table rows

/// Text rendering of the tabular outputs. Numbers use Swift's shortest round-trip form (the
/// same double always gives the same text), event times and values the fixed decimals of
/// `synth`/`detect` event tables.
enum BatchTables {
    static let bandPowerHeader = "file,channel,band,fmin_hz,fmax_hz,absolute,relative,"
        + BatchInput.entityColumns.joined(separator: ",") + ",electrode,unit\n"
    static let eventHeader =
        "file\tonset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\tsnr_db\t"
        + BatchInput.entityColumns.joined(separator: "\t") + "\n"
    static let failureHeader = "file\terror\t" + BatchInput.entityColumns.joined(separator: "\t")
        + "\n"

    /// The entity fields of `input` for a TSV row (empty when absent).
    static func entityTSVFields(_ input: BatchInput) -> [String] {
        input.entityValues.map { tsvField($0 ?? "") }
    }

    static func bandPowerRows(_ analysis: RecordingAnalysis, bands: [FrequencyBand]) -> String {
        var text = ""
        let input = analysis.input
        let entities = input.entityValues.map { csvField($0 ?? "") }
        for channel in analysis.channels where channel.spectrum != nil && channel.exclusion == nil {
            let unit = csvField(channel.unit.isEmpty ? "unit^2" : "\(channel.unit)^2")
            for (index, band) in bands.enumerated() {
                let power = channel.bandPowers[index]
                // The edges actually integrated (clipped to the usable passband), else the
                // requested ones with empty values.
                let analysed = channel.analysedBands[index] ?? band
                let fields = [
                    csvField(input.path), csvField(channel.label), csvField(band.name),
                    number(analysed.low), number(analysed.high),
                    power.map { number($0.absolute) } ?? "", power.map { number($0.relative) } ?? "",
                ] + entities + [csvField(ChannelName.standard1005(channel.label) ?? ""), unit]
                text += fields.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    static func eventRows(_ analysis: RecordingAnalysis) -> String {
        var text = ""
        for event in analysis.events {
            let fields = [
                tsvField(analysis.input.path), fixed(event.onset, 6), fixed(event.duration, 6),
                tsvField(event.channel), tsvField(event.rhythm), fixed(event.frequency, 4),
                fixed(event.amplitude, 4), event.snrDecibels.map { fixed($0, 3) } ?? "n/a",
            ] + entityTSVFields(analysis.input)
            text += fields.joined(separator: "\t") + "\n"
        }
        return text
    }

    static func number(_ value: Double) -> String { "\(value)" }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? fixedDecimals(value, decimals) : "n/a"
    }

    /// RFC 4180 quoting when the field holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// TSV has no quoting: tabs and line breaks become spaces.
    static func tsvField(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    /// `value` with exactly `decimals` digits after the point (half away from zero),
    /// independent of locale, as the event tables of `synth` and `detect` write numbers.
    static func fixedDecimals(_ value: Double, _ decimals: Int) -> String {
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9_007_199_254_740_992 else { return "\(value)" }
        let integer = UInt64(scaled)
        let divisor = UInt64(scale)
        let sign = value < 0 && integer != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(integer)" }
        let fraction = String(integer % divisor)
        return "\(sign)\(integer / divisor)."
            + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}

// MARK: - JSON entries

/// Deterministic JSON: sorted keys, no escaped slashes, non-finite numbers as strings.
enum BatchJSON {
    static func compact<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One file of `fit.json`: the `eegscope fit` channel objects plus the file's entities.
struct FitFileEntry: Encodable {
    typealias Channel = SpectralModelJSON.Channel

    let file: String
    let subject: String?
    let session: String?
    let task: String?
    let acquisition: String?
    let run: String?
    let channels: [Channel]

    init(analysis: RecordingAnalysis) {
        file = analysis.input.path
        subject = analysis.input.subject
        session = analysis.input.session
        task = analysis.input.task
        acquisition = analysis.input.acquisition
        run = analysis.input.run
        channels = analysis.channels.map(Channel.init)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(subject, forKey: .subject)
        try container.encode(session, forKey: .session)
        try container.encode(task, forKey: .task)
        try container.encode(acquisition, forKey: .acquisition)
        try container.encode(run, forKey: .run)
        try container.encode(channels, forKey: .channels)
    }

    enum CodingKeys: String, CodingKey {
        case file, subject, session, task, run, channels
        case acquisition = "acq"
    }
}

/// One file of `summary.json`.
struct SummaryFileEntry: Encodable {
    struct RhythmSummary: Encodable {
        /// The strongest fitted peak in the rhythm's band (frequency, log10 height, dB).
        let peakFrequencyHz: Double?
        let peakPowerLog10: Double?
        let peakPowerDB: Double?
        /// Whether that peak stands out of the spectrum's noise: its height is at least
        /// ``SpectralModel/significantPeakHeight(minimum:noiseMultiple:estimationNoise:)``
        /// (as `present` in `eegscope detect`'s summary).
        let peakPresent: Bool
        /// Detected episodes and the fraction of the recording they cover.
        let episodes: Int
        let timeFraction: Double
        /// `analysed`, or `unavailable` when the band lies outside the usable passband.
        let status: String
        /// Why the band was clipped or is unavailable, or nil.
        let reason: String?
        /// The band analysed after clipping, or nil.
        let bandHz: [Double]?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(peakFrequencyHz, forKey: .peakFrequencyHz)
            try container.encode(peakPowerLog10, forKey: .peakPowerLog10)
            try container.encode(peakPowerDB, forKey: .peakPowerDB)
            try container.encode(peakPresent, forKey: .peakPresent)
            try container.encode(episodes, forKey: .episodes)
            try container.encode(timeFraction, forKey: .timeFraction)
            try container.encode(status, forKey: .status)
            try container.encode(reason, forKey: .reason)
            try container.encode(bandHz, forKey: .bandHz)
        }

        enum CodingKeys: String, CodingKey {
            case episodes, status, reason
            case bandHz = "band_hz"
            case peakFrequencyHz = "peak_frequency_hz"
            case peakPowerLog10 = "peak_power_log10"
            case peakPowerDB = "peak_power_db"
            case peakPresent = "peak_present"
            case timeFraction = "time_fraction"
        }
    }

    struct Channel: Encodable {
        let name: String
        let samplingRateHz: Double
        let unit: String
        let aperiodicExponent: Double?
        let rhythms: [String: RhythmSummary]
        /// The channel type, `analysed`/`excluded`, why excluded, and the usable passband.
        let type: ChannelType
        let status: String
        let reason: String?
        let usablePassbandHz: [Double]?

        enum CodingKeys: String, CodingKey {
            case name, unit, rhythms, type, status, reason
            case usablePassbandHz = "usable_passband_hz"
            case samplingRateHz = "sampling_rate_hz"
            case aperiodicExponent = "aperiodic_exponent"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(type, forKey: .type)
            try container.encode(status, forKey: .status)
            try container.encode(reason, forKey: .reason)
            try container.encode(usablePassbandHz, forKey: .usablePassbandHz)
            try container.encode(samplingRateHz, forKey: .samplingRateHz)
            try container.encode(unit, forKey: .unit)
            try container.encode(aperiodicExponent, forKey: .aperiodicExponent)
            try container.encode(rhythms, forKey: .rhythms)
        }
    }

    let file: String
    let status: String
    let error: String?
    let subject: String?
    let session: String?
    let task: String?
    let acquisition: String?
    let run: String?
    let format: String?
    let durationSeconds: Double?
    let annotationCount: Int?
    let channels: [Channel]?
    let episodeCount: Int?
    let warnings: [String]?
    /// The gamma detection's muscle index (as `detect --summary`'s `muscle`), nil when gamma
    /// was not detected.
    let muscle: MuscleSummary?

    enum CodingKeys: String, CodingKey {
        case file, status, error, subject, session, task, run, format, channels, warnings, muscle
        case acquisition = "acq"
        case durationSeconds = "duration_s"
        case annotationCount = "annotations"
        case episodeCount = "episodes"
    }

    init(analysis: RecordingAnalysis, settings: AnalysisSettings) {
        let input = analysis.input
        file = input.path
        status = BatchPart.Status.succeeded.rawValue
        error = nil
        subject = input.subject
        session = input.session
        task = input.task
        acquisition = input.acquisition
        run = input.run
        format = analysis.format
        durationSeconds = analysis.duration
        annotationCount = analysis.annotations.count
        episodeCount = analysis.events.count
        warnings = analysis.warnings
        muscle = analysis.muscle
        channels = analysis.channels.map { channel in
            var rhythms: [String: RhythmSummary] = [:]
            // The least significant peak height, from the expected scatter of the Welch PSD
            // (segments counted as if gap-free).
            let samples = Int((analysis.duration * channel.sampleRate).rounded())
            let segments = (try? settings.welchOptions.segmentCount(
                sampleRate: channel.sampleRate, stretches: [0..<max(samples, 0)])) ?? 0
            let threshold = channel.model?.significantPeakHeight(
                minimum: max(0.1, settings.fitSettings.minimumPeakHeight),
                estimationNoise: SpectralModel.welchEstimationNoise(segmentCount: segments))
            for rhythm in settings.rhythms where channel.exclusion == nil {
                let availability = channel.usablePassband?.availability(of: rhythm.band)
                    ?? .full(rhythm.band)
                guard let band = availability.band else {
                    rhythms[rhythm.name] = RhythmSummary(
                        peakFrequencyHz: nil, peakPowerLog10: nil, peakPowerDB: nil,
                        peakPresent: false, episodes: 0, timeFraction: 0, status: "unavailable",
                        reason: availability.note, bandHz: nil)
                    continue
                }
                let peak = channel.model?.strongestPeak(in: band)
                let present = threshold.flatMap { bar in peak.map { $0.power >= bar } } ?? false
                let episodes = analysis.events.filter {
                    $0.channel == channel.label && $0.rhythm == rhythm.name
                }
                let covered = episodes.reduce(0) { $0 + $1.duration }
                rhythms[rhythm.name] = RhythmSummary(
                    peakFrequencyHz: peak?.centerFrequency, peakPowerLog10: peak?.power,
                    peakPowerDB: peak?.powerDecibels, peakPresent: present,
                    episodes: episodes.count,
                    timeFraction: analysis.duration > 0 ? min(1, covered / analysis.duration) : 0,
                    status: "analysed", reason: availability.note, bandHz: [band.low, band.high])
            }
            return Channel(
                name: channel.label, samplingRateHz: channel.sampleRate, unit: channel.unit,
                aperiodicExponent: channel.model?.aperiodic.exponent, rhythms: rhythms,
                type: channel.type, status: channel.exclusion == nil ? "analysed" : "excluded",
                reason: channel.exclusion,
                usablePassbandHz: channel.usablePassband.map {
                    [$0.low, $0.high].map(UsablePassband.rounded)
                })
        }
    }

    init(failedInput input: BatchInput, reason: String) {
        file = input.path
        status = BatchPart.Status.failed.rawValue
        error = reason
        subject = input.subject
        session = input.session
        task = input.task
        acquisition = input.acquisition
        run = input.run
        format = nil
        durationSeconds = nil
        annotationCount = nil
        channels = nil
        episodeCount = nil
        warnings = nil
        muscle = nil
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(subject, forKey: .subject)
        try container.encode(session, forKey: .session)
        try container.encode(task, forKey: .task)
        try container.encode(acquisition, forKey: .acquisition)
        try container.encode(run, forKey: .run)
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(durationSeconds, forKey: .durationSeconds)
        try container.encodeIfPresent(annotationCount, forKey: .annotationCount)
        try container.encodeIfPresent(channels, forKey: .channels)
        try container.encodeIfPresent(episodeCount, forKey: .episodeCount)
        try container.encodeIfPresent(warnings, forKey: .warnings)
        if status == BatchPart.Status.succeeded.rawValue {
            try container.encode(muscle, forKey: .muscle)
        }
    }
}

extension SpectralModelJSON.Channel {
    /// The `fit.json` object of one analyzed channel (no `excluded_line_noise_bins` key).
    init(_ channel: ChannelAnalysis) {
        if let model = channel.model {
            self.init(name: channel.label, samplingRateHz: channel.sampleRate, model: model)
        } else {
            self.init(
                name: channel.label, samplingRateHz: channel.sampleRate,
                failure: channel.failure ?? channel.fitFailure ?? "not fitted")
        }
    }
}
