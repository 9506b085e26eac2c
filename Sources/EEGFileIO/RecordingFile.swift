import EEGCore
import Foundation

/// Opens any supported recording by extension and, for EDF/BDF, by header.
public enum RecordingFile {
    /// Reads a whole recording into memory.
    ///
    /// `.edf`, `.bdf` (and `.rec`) files go to ``EDFReader``; `.vhdr` files to
    /// ``BrainVisionReader``; `.set` files to ``EEGLABReader``; `.csv` files to ``CSVRecording``;
    /// any other extension is recognised as EDF/BDF when its first 8 bytes are an EDF
    /// (`0` + 7 spaces) or BDF (0xFF `BIOSEMI`) version field. See ``EDFReader/read()`` for how
    /// discontinuous (EDF+D) files are represented.
    ///
    /// - Parameters:
    ///   - url: An `.edf`, `.bdf` or `.csv` file (EDF/BDF are also recognised by header).
    ///   - csvSampleRate: The sampling rate for CSV input, in Hz; required for CSV.
    ///   - bidsSidecars: Whether to apply the BIDS sidecars of a file in a BIDS layout (see
    ///     ``BIDSSidecars/applied(to:)``: channel types, bad marks, filters, events, line
    ///     frequency); default `true`.
    /// - Throws: ``EDFError`` or ``CSVError`` naming the file and the problem, or
    ///   ``RecordingFileError`` for an unsupported or unspecified format.
    public static func read(
        _ url: URL, csvSampleRate: Hertz? = nil, bidsSidecars: Bool = true
    ) throws -> Recording {
        let recording: Recording
        switch try kind(of: url) {
        case .csv:
            guard let rate = csvSampleRate else {
                throw RecordingFileError(
                    path: url.path, reason: "CSV input needs --fs (sampling rate in Hz)")
            }
            recording = try CSVRecording.read(url, sampleRate: rate)
        case .edfOrBDF:
            recording = try EDFReader(url: url).read()
        case .brainVision:
            recording = try BrainVisionReader(url: url).read()
        case .eeglab:
            recording = try EEGLABReader(url: url).read()
        }
        guard bidsSidecars, let sidecars = try BIDSSidecars(recording: url) else { return recording }
        return sidecars.applied(to: recording)
    }

    /// Reads a recording as gap-free segments: one per contiguous run of EDF+D/BDF+D records
    /// (or segment of a BrainVision segmented export, or epoch of an EEGLAB dataset)
    /// (with `metadata["segment_onset_s"]`, annotations re-based to the segment), or the whole
    /// recording as a single segment for continuous files and CSV.
    ///
    /// Analyses that assume uniform sampling (spectra, filters, detection) should run per
    /// segment on discontinuous files, so that no window straddles a gap.
    /// - Throws: As ``read(_:csvSampleRate:)``.
    public static func readSegments(_ url: URL, csvSampleRate: Hertz? = nil) throws
        -> [Recording]
    {
        switch try kind(of: url) {
        case .edfOrBDF where try BIDSSidecars(recording: url) == nil:
            return try EDFReader(url: url).readSegments()
        default:
            return try read(url, csvSampleRate: csvSampleRate).splitAtGaps()
        }
    }

    /// The kinds of file ``read(_:csvSampleRate:)`` understands.
    public enum Kind: Sendable, Equatable {
        /// EDF, EDF+, BDF or BDF+.
        case edfOrBDF
        /// Comma-separated values.
        case csv
        /// BrainVision (`.vhdr`, with its `.vmrk` and data file).
        case brainVision
        /// EEGLAB (`.set`, with or without `.fdt`).
        case eeglab
    }

    /// Which reader a file needs, from its extension and, failing that, its first bytes.
    ///
    /// - Throws: ``RecordingFileError`` when the file is neither.
    public static func kind(of url: URL) throws -> Kind {
        let fileExtension = url.pathExtension.lowercased()
        switch fileExtension {
        case "csv": return .csv
        case "edf", "bdf", "rec": return .edfOrBDF
        case "vhdr": return .brainVision
        case "set": return .eeglab
        case "fdt":
            throw RecordingFileError(
                path: url.path, reason: "this is the data of an EEGLAB dataset; open its '.set' file")
        case "vmrk", "eeg":
            if hasEDFSignature(url) { return .edfOrBDF }
            throw RecordingFileError(
                path: url.path,
                reason: "this is part of a BrainVision recording; open its '.vhdr' header file")
        default:
            if hasEDFSignature(url) { return .edfOrBDF }
            throw RecordingFileError(
                path: url.path,
                reason: "unsupported format '.\(fileExtension)'; expected .edf, .bdf, .vhdr, .set or .csv "
                    + "(or a file starting with an EDF/BDF header)")
        }
    }

    /// Whether the file starts with an EDF (`0` + 7 spaces) or BDF (0xFF `BIOSEMI`) version.
    public static func hasEDFSignature(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: 8), bytes.count == 8 else { return false }
        let prefix = Array(bytes)
        return prefix == Array("0       ".utf8) || prefix == [0xFF] + Array("BIOSEMI".utf8)
    }
}

/// A recording could not be opened because of its format.
public struct RecordingFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// Why it cannot be opened.
    public let reason: String
    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
