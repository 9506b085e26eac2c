import EEGCore
import EEGFileIO
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder of a batch run: its five result files, its part files and its manifest.
///
/// Layout:
/// - `bandpower.csv`, `fit.json`, `events.tsv`, `failures.tsv`, `summary.json` — the results
///   (schemas in `docs/batch.md`), assembled from the parts in input order;
/// - `.parts/<name>-<hash>.part.json` — one finished input each (``BatchPart``);
/// - `.parts/manifest.json` — which inputs this folder covers (``BatchManifest``), so that
///   `merge` can check that shard outputs fit together.
///
/// Every file is written atomically (temporary file + rename): a reader or a crash never sees
/// half a file. The bytes depend only on the parts and the manifest, so the same inputs give the
/// same bytes whatever `--jobs` was and however the run was sharded and merged.
public struct BatchOutput: Sendable {
    /// The output folder.
    public let directory: URL

    /// The names of the result files, in the order they are written.
    public static let resultFileNames = [
        "bandpower.csv", "fit.json", "events.tsv", "failures.tsv", "summary.json",
    ]

    /// Creates a handle on `directory` (nothing is created until something is written).
    public init(directory: URL) {
        self.directory = directory
    }

    /// `DIR/.parts`.
    public var partsDirectory: URL { directory.appendingPathComponent(".parts") }

    /// `DIR/.parts/manifest.json`.
    public var manifestURL: URL { partsDirectory.appendingPathComponent("manifest.json") }

    /// Creates the folder and its `.parts` folder.
    /// - Throws: ``AnalysisError/outputFailed(path:reason:)`` when they cannot be created.
    public func prepare() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder),
            !isFolder.boolValue
        {
            throw AnalysisError.outputFailed(
                path: directory.path,
                reason: "a file of that name exists; the batch output must be a folder")
        }
        do {
            try FileManager.default.createDirectory(
                at: partsDirectory, withIntermediateDirectories: true)
        } catch {
            throw AnalysisError.outputFailed(
                path: partsDirectory.path, reason: FileWriteError.reason(error))
        }
    }

    /// Reads the manifest.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` when it is missing
    ///   or unreadable (not a batch output folder, or a run that never finished).
    public func readManifest() throws -> BatchManifest {
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw AnalysisError.invalidParameter(
                name: "batch output", value: "'\(directory.path)'",
                expected: "a folder written by `eegscope batch` (no .parts/manifest.json)")
        }
        do {
            let manifest = try JSONDecoder().decode(BatchManifest.self, from: data)
            guard manifest.version == BatchManifest.formatVersion else {
                throw AnalysisError.invalidParameter(
                    name: "manifest version", value: "\(manifest.version) in \(manifestURL.path)",
                    expected: "\(BatchManifest.formatVersion)")
            }
            return manifest
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError.invalidParameter(
                name: "manifest", value: "'\(manifestURL.path)'", expected: "valid JSON (\(error))")
        }
    }

    /// Writes the manifest and the five result files from the parts of `manifest.inputs`.
    ///
    /// Parts are read one at a time and their fragments streamed to temporary files, so memory
    /// does not grow with the number of inputs.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` when an input has no
    ///   part; ``AnalysisError/outputFailed(path:reason:)`` for I/O errors.
    public func assemble(_ manifest: BatchManifest) throws {
        try prepare()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(manifest), to: manifestURL)

        let writers = try Self.resultFileNames.map {
            try AtomicStreamWriter(destination: directory.appendingPathComponent($0))
        }
        let bandPower = writers[0]
        let fit = writers[1]
        let events = writers[2]
        let failures = writers[3]
        let summary = writers[4]
        defer { for writer in writers { writer.abandon() } }

        try bandPower.write(BatchTables.bandPowerHeader)
        try fit.write("{\"files\":[")
        try events.write(BatchTables.eventHeader)
        try failures.write(BatchTables.failureHeader)
        try summary.write("{\"files\":[")
        var succeeded = 0
        var failed = 0
        var firstFit = true
        for (position, path) in manifest.inputs.enumerated() {
            guard let part = BatchPart.read(for: path, in: partsDirectory) else {
                throw AnalysisError.invalidParameter(
                    name: "part file", value: "for '\(path)' in \(partsDirectory.path)",
                    expected: "one per input (was the run interrupted? rerun with --resume)")
            }
            guard part.fingerprint == manifest.fingerprint else {
                throw AnalysisError.invalidParameter(
                    name: "part file", value: "for '\(path)' in \(partsDirectory.path)",
                    expected: "one computed with this run's settings (\(manifest.fingerprint)), "
                        + "not \(part.fingerprint); rerun without --resume")
            }
            try bandPower.write(part.bandPowerRows)
            try events.write(part.eventRows)
            if let row = part.failureRow {
                try failures.write(row)
                failed += 1
            } else {
                succeeded += 1
            }
            if let entry = part.fitJSON {
                try fit.write((firstFit ? "\n" : ",\n") + entry)
                firstFit = false
            }
            try summary.write((position == 0 ? "\n" : ",\n") + part.summaryJSON)
        }
        try fit.write((firstFit ? "" : "\n") + "]}\n")
        try summary.write((manifest.inputs.isEmpty ? "" : "\n") + "],")
        try summary.write("\"failed\":\(failed),\"inputs\":\(manifest.inputs.count),")
        if let shard = manifest.shard, shard.count > 1 {
            try summary.write("\"inputs_total\":\(manifest.totalInputCount),")
            try summary.write("\"shard\":\"\(shard.index)/\(shard.count)\",")
        }
        try summary.write("\"settings\":\(manifest.settingsJSON),\"succeeded\":\(succeeded)}\n")
        for writer in writers { try writer.commit() }
    }
}

/// What one batch output folder covers: the settings, the shard, and its inputs in order.
public struct BatchManifest: Sendable, Equatable, Codable {
    /// The shard of a manifest.
    public struct Shard: Sendable, Equatable, Codable {
        /// 1-based shard number.
        public let index: Int
        /// Number of shards.
        public let count: Int
    }

    /// The manifest format version.
    public static let formatVersion = 1

    /// ``formatVersion`` when written.
    public let version: Int
    /// ``AnalysisSettings/fingerprint``.
    public let fingerprint: String
    /// The settings as the JSON object `summary.json` shows.
    public let settingsJSON: String
    /// The shard this folder holds (`nil` or 1/1 for a whole run).
    public let shard: Shard?
    /// The number of inputs of the whole run, before sharding.
    public let totalInputCount: Int
    /// This folder's inputs, sorted by path.
    public let inputs: [String]
    /// FNV-1a 64 (hex) of the whole run's input paths before sharding, so that `merge` can
    /// tell shards of one dataset from shards run on a dataset that changed in between (nil
    /// in manifests written before it existed).
    public let runInputsHash: String?

    enum CodingKeys: String, CodingKey {
        case version, fingerprint, shard, inputs
        case settingsJSON = "settings_json"
        case totalInputCount = "inputs_total"
        case runInputsHash = "run_inputs_hash"
    }

    /// Creates a manifest.
    /// - Parameter runInputs: Every input of the run before sharding (default: `inputs`).
    public init(
        settings: AnalysisSettings, shard: BatchShard, totalInputCount: Int, inputs: [String],
        runInputs: [String]? = nil
    ) throws {
        version = Self.formatVersion
        fingerprint = settings.fingerprint
        settingsJSON = try BatchJSON.compact(SettingsEntry(settings))
        self.shard = shard.count > 1 ? Shard(index: shard.index, count: shard.count) : nil
        self.totalInputCount = totalInputCount
        self.inputs = inputs
        runInputsHash = Self.hash(of: runInputs ?? inputs)
    }

    /// FNV-1a 64 of the paths, each followed by a newline, as 16 hex digits.
    static func hash(of paths: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in paths.lazy.flatMap({ $0.utf8 + [0x0A] }) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A manifest with other inputs and shard (used by merge).
    init(merging base: BatchManifest, inputs: [String]) {
        version = Self.formatVersion
        fingerprint = base.fingerprint
        settingsJSON = base.settingsJSON
        shard = nil
        totalInputCount = inputs.count
        self.inputs = inputs
        runInputsHash = Self.hash(of: inputs)
    }
}

/// The `settings` object of `summary.json`.
struct SettingsEntry: Encodable {
    let bands: [String]
    let psd: String
    let fitRangeHz: [Double]
    /// The FOOOF settings, written into the same object (as `eegscope fit` writes them).
    let fit: SpectralModelJSON.Settings
    let rhythms: [String]
    let analysisVersion: Int

    enum CodingKeys: String, CodingKey {
        case bands, psd, rhythms
        case fitRangeHz = "fit_range_hz"
        case analysisVersion = "analysis_version"
    }

    init(_ settings: AnalysisSettings) {
        bands = settings.bands.map(\.description)
        psd = "welch: hann (periodic), \(formatHertz(settings.segmentDuration)) s segments, "
            + "50 % overlap, constant detrend, mean, density"
        fitRangeHz = [settings.fitRange.lowerBound, settings.fitRange.upperBound]
        fit = SpectralModelJSON.Settings(settings.fitSettings)
        rhythms = settings.rhythms.map(\.name)
        analysisVersion = AnalysisSettings.analysisVersion
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bands, forKey: .bands)
        try container.encode(psd, forKey: .psd)
        try container.encode(fitRangeHz, forKey: .fitRangeHz)
        try container.encode(rhythms, forKey: .rhythms)
        try container.encode(analysisVersion, forKey: .analysisVersion)
        try fit.encode(to: encoder)
    }
}

/// Writes a file in pieces to a temporary file beside it and renames it into place on
/// ``commit()``; ``abandon()`` (or an error) removes the temporary file instead.
final class AtomicStreamWriter {
    let destination: URL
    private let temporary: URL
    private var handle: FileHandle?

    init(destination: URL) throws {
        self.destination = destination
        let folder = destination.deletingLastPathComponent()
        temporary = folder.appendingPathComponent(
            ".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-"
                + UUID().uuidString.prefix(8))
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw AnalysisError.outputFailed(path: destination.path, reason: "cannot create a temporary file")
        }
        do {
            handle = try FileHandle(forWritingTo: temporary)
        } catch {
            throw AnalysisError.outputFailed(
                path: destination.path, reason: FileWriteError.reason(error))
        }
    }

    func write(_ text: String) throws {
        guard let handle, !text.isEmpty else { return }
        if let failure = FileDescriptorWriter.writeAll(
            Data(text.utf8), to: handle.fileDescriptor)
        {
            throw AnalysisError.outputFailed(
                path: destination.path, reason: String(cString: strerror(failure)))
        }
    }

    func commit() throws {
        guard let handle else { return }
        self.handle = nil
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AnalysisError.outputFailed(
                path: destination.path, reason: FileWriteError.reason(error))
        }
        if rename(temporary.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw AnalysisError.outputFailed(path: destination.path, reason: reason)
        }
    }

    func abandon() {
        guard let handle else { return }
        self.handle = nil
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
