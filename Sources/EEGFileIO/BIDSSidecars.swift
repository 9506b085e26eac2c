import EEGCore
import Foundation

/// One row of a BIDS `channels.tsv`.
public struct BIDSChannel: Sendable, Equatable {
    /// `name`, as in the data file.
    public let name: String
    /// `type` mapped onto the contract's types (`EEG` → eeg, `ECG` → ecg, `GSR` → misc, …),
    /// or `nil` for an empty or unknown type.
    public let type: ChannelType?
    /// `type` as written (e.g. `EEG`, `TEMP`).
    public let typeName: String
    /// `units`, possibly empty.
    public let units: String
    /// `status` is `bad`.
    public let isBad: Bool
    /// `status_description`, empty when `n/a`.
    public let statusDescription: String
    /// `low_cutoff` in Hz (high-pass edge), `nil` when `n/a`.
    public let lowCutoff: Hertz?
    /// `high_cutoff` in Hz (low-pass edge), `nil` when `n/a`.
    public let highCutoff: Hertz?
    /// `notch` in Hz, `nil` when `n/a` or absent.
    public let notch: Hertz?
}

/// One row of a BIDS `events.tsv`.
public struct BIDSEvent: Sendable, Equatable {
    /// `onset` in seconds from the first sample.
    public let onset: Seconds
    /// `duration` in seconds, `nil` when `n/a`.
    public let duration: Seconds?
    /// `trial_type`, `nil` when absent or `n/a`.
    public let trialType: String?
    /// `value`, `nil` when absent or `n/a`.
    public let value: String?

    /// The annotation text: `trial_type`, else `value`, else `event`.
    public var label: String { trialType ?? value ?? "event" }
}

/// One row of a BIDS `electrodes.tsv`.
public struct BIDSElectrode: Sendable, Equatable {
    /// `name`.
    public let name: String
    /// `x`, `y`, `z` in the units and frame of the matching `coordsystem.json` (often metres),
    /// `nil` when any is `n/a`.
    public let position: Position?

    /// A position in space.
    public struct Position: Sendable, Equatable {
        public let x: Double
        public let y: Double
        public let z: Double
    }
}

/// One filter of `_eeg.json` `SoftwareFilters` / `HardwareFilters`: its name and its numeric
/// parameters (e.g. `"half-amplitude cutoff (Hz)": 500`); text parameters are kept apart.
public struct BIDSFilter: Sendable, Equatable {
    /// The filter's key, e.g. `Anti-aliasing filter`, `Notch`.
    public let name: String
    /// Numeric parameters by key.
    public let numbers: [String: Double]
    /// Text parameters by key (e.g. `Roll-off`: `6dB/Octave`).
    public let texts: [String: String]

    /// A notch frequency in Hz: the first numeric parameter mentioning `Hz` (or the only one) of
    /// a filter whose name contains `notch`; `nil` otherwise.
    public var notchFrequency: Hertz? {
        guard name.lowercased().contains("notch") else { return nil }
        if let hertz = numbers.keys.sorted().first(where: { $0.lowercased().contains("hz") }) {
            return numbers[hertz]
        }
        return numbers.count == 1 ? numbers.values.first : nil
    }
}

/// The `_eeg.json` sidecar fields EEGScope uses.
public struct BIDSEEGDescription: Sendable, Equatable {
    /// `PowerLineFrequency` in Hz (`n/a` → `nil`).
    public let powerLineFrequency: Hertz?
    /// `SamplingFrequency` in Hz.
    public let samplingFrequency: Hertz?
    /// `RecordingDuration` in seconds.
    public let recordingDuration: Seconds?
    /// `EEGReference`, `nil` when absent or `n/a`.
    public let reference: String?
    /// `SoftwareFilters`: empty for `n/a`.
    public let softwareFilters: [BIDSFilter]
    /// `HardwareFilters`: empty for `n/a`.
    public let hardwareFilters: [BIDSFilter]
}

/// Errors reading BIDS sidecars.
public enum BIDSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sidecar cannot be read or parsed.
    case invalidSidecar(path: String, reason: String)

    /// One line naming the sidecar.
    public var description: String {
        switch self {
        case let .invalidSidecar(path, reason): return "\(path): \(reason)"
        }
    }
}

/// The BIDS sidecars that apply to one EEG recording, found by the inheritance principle and
/// parsed into typed values.
///
/// Reference: BIDS specification 1.9, "The Inheritance Principle" and "Electroencephalography":
/// a sidecar applies to a data file when it sits in the file's folder or a parent folder up to
/// the dataset root and its entities are a subset of the file's (`electrodes.tsv` may add
/// `space`). JSON sidecars are merged from the root down (the deeper file's keys win); for
/// each TSV the deepest, most specific file is used. TSV files may start with a UTF-8
/// byte-order mark; `n/a` is an absent value.
///
/// ```swift
/// let sidecars = try BIDSSidecars(recording: url)
/// let recording = sidecars?.applied(to: try RecordingFile.read(url, bidsSidecars: false))
/// ```
public struct BIDSSidecars: Sendable, Equatable {
    /// `channels.tsv` rows in file order (empty when there is none).
    public let channels: [BIDSChannel]
    /// `events.tsv` rows in file order.
    public let events: [BIDSEvent]
    /// `electrodes.tsv` rows in file order.
    public let electrodes: [BIDSElectrode]
    /// The merged `_eeg.json`, or `nil` when there is none.
    public let eeg: BIDSEEGDescription?
    /// The sidecar files used, by kind (`channels`, `events`, `electrodes`, `eeg`), for messages.
    public let sources: [String: [String]]

    /// The sidecars of the recording at `url`, or `nil` when it is not in a BIDS layout (its
    /// name has no `sub-` entity or no `_eeg.` suffix) or no sidecar applies.
    ///
    /// - Throws: ``BIDSError`` for a sidecar that exists but cannot be parsed.
    public init?(recording url: URL) throws {
        let name = url.lastPathComponent
        guard name.hasPrefix("sub-"), name.contains("_eeg.") else { return nil }
        let entities = Self.entities(of: name)
        let folders = Self.folders(from: url.deletingLastPathComponent())
        func candidates(_ suffix: String, extraAllowed: Set<String> = []) -> [URL] {
            // Deepest folder first; within a folder, more entities first, then by name.
            folders.flatMap { folder -> [URL] in
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                return names.filter { candidate in
                    guard candidate.hasSuffix(suffix) else { return false }
                    let own = Self.entities(of: candidate)
                    return own.allSatisfy { key, value in
                        entities[key] == value || extraAllowed.contains(key)
                    }
                }.sorted { left, right in
                    let (l, r) = (Self.entities(of: left), Self.entities(of: right))
                    let (lExtra, rExtra) = (l.keys.filter(extraAllowed.contains).count,
                        r.keys.filter(extraAllowed.contains).count)
                    if lExtra != rExtra { return lExtra < rExtra }
                    return l.count != r.count ? l.count > r.count : left < right
                }.map { folder.appendingPathComponent($0) }
            }
        }
        let channelFile = candidates("_channels.tsv").first
        let eventFile = candidates("_events.tsv").first
        let electrodeFile = candidates("_electrodes.tsv", extraAllowed: ["space", "task"]).first
        let jsonFiles = Array(candidates("_eeg.json").reversed())
        guard channelFile != nil || eventFile != nil || electrodeFile != nil || !jsonFiles.isEmpty
        else { return nil }
        channels = try channelFile.map(Self.channels) ?? []
        events = try eventFile.map(Self.events) ?? []
        electrodes = try electrodeFile.map(Self.electrodes) ?? []
        eeg = jsonFiles.isEmpty ? nil : try Self.description(jsonFiles)
        var sources: [String: [String]] = [:]
        sources["channels"] = channelFile.map { [$0.path] }
        sources["events"] = eventFile.map { [$0.path] }
        sources["electrodes"] = electrodeFile.map { [$0.path] }
        sources["eeg"] = jsonFiles.isEmpty ? nil : jsonFiles.map(\.path)
        self.sources = sources
    }

    // MARK: - Applying

    /// The `channels.tsv` row for a channel label: exact name first, then the same electrode
    /// name (``ChannelName/electrode(_:)``).
    public func channel(named label: String) -> BIDSChannel? {
        channels.first { $0.name == label }
            ?? channels.first { ChannelName.electrode($0.name) == ChannelName.electrode(label) }
    }

    /// The declaration the sidecars make for a channel on top of `base` (what the file
    /// declares): type and bad mark from `channels.tsv`; passband from its
    /// `low_cutoff`/`high_cutoff`; notch from its `notch` column or a notch filter of
    /// `_eeg.json`. Fields the sidecars leave open keep `base`'s values.
    public func declaration(for label: String, base: ChannelDeclaration) -> ChannelDeclaration {
        let row = channel(named: label)
        let jsonNotch = eeg.flatMap { description in
            (description.hardwareFilters + description.softwareFilters).lazy
                .compactMap(\.notchFrequency).first
        }
        var passband: Passband? = nil
        if let row, row.lowCutoff != nil || row.highCutoff != nil {
            passband = try? Passband(low: row.lowCutoff, high: row.highCutoff, source: .sidecar)
        }
        return base.updating(
            type: row?.type, isBad: row?.isBad, badReason: row.map { $0.statusDescription },
            passband: passband, notchFrequency: row?.notch ?? jsonNotch)
    }

    /// The events as annotations (onset, duration, `trial_type` or `value`).
    public var annotations: [Annotation] {
        events.map { Annotation(onset: $0.onset, duration: $0.duration, description: $0.label) }
    }

    /// `recording` with the sidecars applied: each signal's ``Signal/declared`` updated (see
    /// ``declaration(for:base:)``), the events added to the annotations (those already present
    /// with the same onset and text are not repeated), the power-line frequency set from
    /// `PowerLineFrequency`, and `metadata["eeg_reference"]` from `EEGReference`.
    public func applied(to recording: Recording) -> Recording {
        let signals = recording.signals.map { signal in
            signal.replacingDeclaration(declaration(for: signal.label, base: signal.declared))
        }
        var annotations = recording.annotations
        for annotation in self.annotations where !annotations.contains(where: {
            abs($0.onset - annotation.onset) < 1e-9 && $0.description == annotation.description
        }) {
            annotations.append(annotation)
        }
        var metadata = recording.metadata
        if let reference = eeg?.reference { metadata["eeg_reference"] = reference }
        return Recording(
            signals: signals, annotations: annotations, startDate: recording.startDate,
            metadata: metadata, stretches: recording.gapStructure,
            powerLineFrequency: eeg?.powerLineFrequency ?? recording.powerLineFrequency)
    }

    // MARK: - Discovery helpers

    /// `key-value` entities of a file name (stem up to the first `.`; the suffix excluded).
    static func entities(of name: String) -> [String: String] {
        var stem = name
        if let dot = stem.firstIndex(of: ".") { stem = String(stem[..<dot]) }
        var values: [String: String] = [:]
        for part in stem.split(separator: "_") {
            guard let dash = part.firstIndex(of: "-") else { continue }
            values[String(part[..<dash])] = String(part[part.index(after: dash)...])
        }
        return values
    }

    /// `folder` and its parents up to the dataset root (the first with
    /// `dataset_description.json`), or up to 3 levels above a `sub-*` folder when none has it.
    static func folders(from folder: URL) -> [URL] {
        var result: [URL] = []
        var current = folder.standardizedFileURL
        for _ in 0..<6 {
            result.append(current)
            if FileManager.default.fileExists(
                atPath: current.appendingPathComponent("dataset_description.json").path)
            {
                break
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }

    // MARK: - Parsing

    /// Rows of a TSV file keyed by header, BOM stripped, `n/a` and empty values removed.
    static func table(_ url: URL) throws -> [[String: String]] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw BIDSError.invalidSidecar(path: url.path, reason: "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= 64 << 20 else {
            throw BIDSError.invalidSidecar(path: url.path, reason: "\(data.count) bytes; a sidecar has at most 64 MiB")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        guard let headerLine = lines.first else { return [] }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return lines.dropFirst().map { line in
            var row: [String: String] = [:]
            for (key, value) in zip(header, line.split(separator: "\t", omittingEmptySubsequences: false)) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty, trimmed != "n/a" { row[key] = trimmed }
            }
            return row
        }
    }

    static func channels(_ url: URL) throws -> [BIDSChannel] {
        try table(url).compactMap { row in
            guard let name = row["name"] else { return nil }
            let typeName = row["type"] ?? ""
            return BIDSChannel(
                name: name, type: ChannelType(declaredName: typeName), typeName: typeName,
                units: row["units"] ?? "", isBad: row["status"]?.lowercased() == "bad",
                statusDescription: row["status_description"] ?? "",
                lowCutoff: row["low_cutoff"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil },
                highCutoff: row["high_cutoff"].flatMap(Double.init).flatMap { $0.isFinite && $0 > 0 ? $0 : nil },
                notch: row["notch"].flatMap(Double.init).flatMap { $0.isFinite && $0 > 0 ? $0 : nil })
        }
    }

    static func events(_ url: URL) throws -> [BIDSEvent] {
        try table(url).enumerated().map { index, row in
            guard let onset = row["onset"].flatMap(Double.init), onset.isFinite else {
                throw BIDSError.invalidSidecar(
                    path: url.path, reason: "row \(index + 2) has onset '\(row["onset"] ?? "n/a")'; "
                        + "expected seconds")
            }
            return BIDSEvent(
                onset: onset,
                duration: row["duration"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil },
                trialType: row["trial_type"], value: row["value"])
        }
    }

    static func electrodes(_ url: URL) throws -> [BIDSElectrode] {
        try table(url).compactMap { row in
            guard let name = row["name"] else { return nil }
            let coordinates = ["x", "y", "z"].map { row[$0].flatMap(Double.init) }
            let position = coordinates.allSatisfy { $0?.isFinite == true }
                ? BIDSElectrode.Position(x: coordinates[0]!, y: coordinates[1]!, z: coordinates[2]!)
                : nil
            return BIDSElectrode(name: name, position: position)
        }
    }

    /// Merges the JSON files (root first) and reads the fields EEGScope uses.
    static func description(_ files: [URL]) throws -> BIDSEEGDescription {
        var merged: [String: Any] = [:]
        for file in files {
            guard let data = try? Data(contentsOf: file),
                let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
                let fields = object as? [String: Any]
            else {
                throw BIDSError.invalidSidecar(path: file.path, reason: "is not a JSON object")
            }
            merged.merge(fields) { _, deeper in deeper }
        }
        func number(_ key: String) -> Double? {
            (merged[key] as? NSNumber).map(\.doubleValue).flatMap { $0.isFinite ? $0 : nil }
        }
        func filters(_ key: String) -> [BIDSFilter] {
            guard let object = merged[key] as? [String: Any] else { return [] }
            return object.keys.sorted().map { name in
                var numbers: [String: Double] = [:]
                var texts: [String: String] = [:]
                for (parameter, value) in (object[name] as? [String: Any]) ?? [:] {
                    if let value = value as? NSNumber {
                        numbers[parameter] = value.doubleValue
                    } else if let value = value as? String {
                        texts[parameter] = value
                    }
                }
                return BIDSFilter(name: name, numbers: numbers, texts: texts)
            }
        }
        let reference = (merged["EEGReference"] as? String).flatMap { $0 == "n/a" ? nil : $0 }
        return BIDSEEGDescription(
            powerLineFrequency: number("PowerLineFrequency").flatMap { $0 > 0 ? $0 : nil },
            samplingFrequency: number("SamplingFrequency"),
            recordingDuration: number("RecordingDuration"), reference: reference,
            softwareFilters: filters("SoftwareFilters"), hardwareFilters: filters("HardwareFilters"))
    }
}
