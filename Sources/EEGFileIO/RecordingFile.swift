import EEGCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens any supported recording by extension and, for EDF/BDF, by header.
public enum RecordingFile {
    /// Reads a whole recording into memory.
    ///
    /// The format comes from the header bytes (see ``kind(of:)``): files whose first 8 bytes
    /// are an EDF (`0` + 7 spaces) or BDF (0xFF `BIOSEMI`) version field go to ``EDFReader``,
    /// whatever their extension; otherwise `.vhdr` files go to ``BrainVisionReader``, `.set`
    /// files to ``EEGLABReader`` and `.csv` files to ``CSVRecording``. See
    /// ``EDFReader/read()`` for how discontinuous (EDF+D) files are represented.
    ///
    /// - Parameters:
    ///   - url: An `.edf`, `.bdf` or `.csv` file (EDF/BDF are also recognised by header).
    ///   - csvSampleRate: The sampling rate for CSV input, in Hz; required for CSV.
    /// - Throws: ``EDFError`` or ``CSVError`` naming the file and the problem, or
    ///   ``RecordingFileError`` for an unsupported or unspecified format.
    public static func read(_ url: URL, csvSampleRate: Hertz? = nil) throws -> Recording {
        switch try kind(of: url) {
        case .csv:
            guard let rate = csvSampleRate else {
                throw RecordingFileError(
                    path: url.path, reason: "CSV input needs --fs (sampling rate in Hz)")
            }
            return try CSVRecording.read(url, sampleRate: rate)
        case .edfOrBDF:
            return try EDFReader(url: url).read()
        case .brainVision:
            return try BrainVisionReader(url: url).read()
        case .eeglab:
            return try EEGLABReader(url: url).read()
        }
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
        case .csv: return [try read(url, csvSampleRate: csvSampleRate)]
        case .edfOrBDF: return try EDFReader(url: url).readSegments()
        case .brainVision: return try BrainVisionReader(url: url).read().splitAtGaps()
        case .eeglab: return try EEGLABReader(url: url).read().splitAtGaps()
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

    /// Which reader a file needs: from its first bytes when they are an EDF (`0` + 7 spaces)
    /// or BDF (0xFF `BIOSEMI`) version field, whatever the extension; else from the extension.
    ///
    /// Only regular files are opened: a FIFO, a device or a socket would block or never end,
    /// so it is refused with its kind named (standard input is read only where a command
    /// accepts `-`).
    /// - Throws: ``RecordingFileError`` when the file is not a regular file, or is none of
    ///   EDF/BDF, BrainVision, EEGLAB and CSV.
    public static func kind(of url: URL) throws -> Kind {
        try requireRegularFile(url)
        if signature(of: url) != nil { return .edfOrBDF }
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
            throw RecordingFileError(
                path: url.path,
                reason: "this is part of a BrainVision recording; open its '.vhdr' header file")
        case "":
            throw RecordingFileError(
                path: url.path,
                reason: "has no file extension and does not start with an EDF/BDF header; "
                    + "expected an .edf, .bdf, .vhdr, .set or .csv file")
        default:
            throw RecordingFileError(
                path: url.path,
                reason: "unsupported format '.\(fileExtension)'; expected .edf, .bdf, .vhdr, .set "
                    + "or .csv (or a file starting with an EDF/BDF header)")
        }
    }

    /// Throws unless `url` names a regular file (symbolic links followed). A missing file
    /// passes, so that the reader reports it in its own words.
    /// - Throws: ``RecordingFileError`` naming the kind of file (folder, FIFO, device, socket).
    public static func requireRegularFile(_ url: URL) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return }
        if let kind = nonRegularKind(mode: info.st_mode) {
            throw RecordingFileError(
                path: url.path,
                reason: "is \(kind), not a regular file; recordings are read from regular files")
        }
    }

    /// "a folder", "a named pipe (FIFO)", … for a `st_mode` that is not a regular file.
    static func nonRegularKind(mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// The format the first 8 bytes announce: `.edf` for `0` + 7 spaces, `.bdf` for 0xFF
    /// `BIOSEMI`, nil for anything else (or an unreadable or non-regular file).
    static func signature(of url: URL) -> RecordingFormat? {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            let handle = try? FileHandle(forReadingFrom: url)
        else { return nil }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: 8), bytes.count == 8 else { return nil }
        let prefix = Array(bytes)
        if prefix == Array("0       ".utf8) { return .edf }
        if prefix == [0xFF] + Array("BIOSEMI".utf8) { return .bdf }
        return nil
    }

    /// Whether the file starts with an EDF (`0` + 7 spaces) or BDF (0xFF `BIOSEMI`) version.
    public static func hasEDFSignature(_ url: URL) -> Bool { signature(of: url) != nil }

    /// A warning when the file's extension disagrees with the format its header bytes
    /// announce (the header wins: a `.bdf` file with an EDF version field is read as 16-bit
    /// EDF), or nil when they agree.
    public static func extensionWarning(for url: URL) -> String? {
        guard let format = signature(of: url) else { return nil }
        let fileExtension = url.pathExtension.lowercased()
        let expected: [String] = format == .bdf ? ["bdf"] : ["edf", "rec"]
        guard !fileExtension.isEmpty, !expected.contains(fileExtension) else { return nil }
        let name = format == .bdf ? "BDF (24-bit samples, version 0xFF BIOSEMI)"
            : "EDF (16-bit samples, version '0')"
        return "\(url.path): the header says \(name) but the extension is '.\(fileExtension)'; "
            + "reading it as the header says"
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
