import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One recording a batch run analyzes, with the BIDS entities its path carries.
///
/// The ``path`` is the file as it was given or found (relative paths stay relative), and it
/// is the key that orders every batch output, assigns the input to a shard and names its part
/// file, so two runs over the same arguments agree on all three.
public struct BatchInput: Sendable, Equatable, Hashable {
    /// The file's path as given on the command line or found below a given folder.
    public let path: String
    /// The BIDS subject label (`01` for `sub-01`), or `nil` outside a BIDS layout.
    public let subject: String?
    /// The BIDS session label (`pre` for `ses-pre`), or `nil`.
    public let session: String?
    /// The BIDS task label (`rest` for `task-rest`), or `nil`.
    public let task: String?
    /// The BIDS acquisition label (`hd` for `acq-hd`), or `nil`.
    public let acquisition: String?
    /// The BIDS run index (`1` for `run-1`), or `nil`.
    public let run: String?

    /// Creates an input; the entities are read from the file name (see ``BIDSEntities``).
    public init(path: String) {
        self.path = path
        let entities = BIDSEntities(fileName: (path as NSString).lastPathComponent)
        subject = entities.subject
        session = entities.session
        task = entities.task
        acquisition = entities.acquisition
        run = entities.run
    }

    /// Creates an input with explicit entities.
    public init(
        path: String, subject: String?, session: String?, task: String?,
        acquisition: String? = nil, run: String?
    ) {
        self.path = path
        self.subject = subject
        self.session = session
        self.task = task
        self.acquisition = acquisition
        self.run = run
    }

    /// The entities in table-column order: subject, session, task, acquisition, run.
    public var entityValues: [String?] { [subject, session, task, acquisition, run] }

    /// The names of the entity columns every batch table carries, in ``entityValues`` order.
    public static let entityColumns = ["subject", "session", "task", "acq", "run"]

    /// Whether `self` sorts before `other`: byte order of the UTF-8 paths, the same on every
    /// platform and locale.
    public func precedes(_ other: BatchInput) -> Bool {
        path.utf8.lexicographicallyPrecedes(other.path.utf8)
    }
}

/// The key-value entities of a BIDS file name, e.g. `sub-01_ses-2_task-rest_run-1_eeg.edf`.
///
/// Reference: BIDS specification 1.9, "Entities" and the EEG modality
/// (`sub-<label>[_ses-<label>]_task-<label>[_acq-<label>][_run-<index>]_eeg.<ext>`).
public struct BIDSEntities: Sendable, Equatable {
    /// `sub-<label>`.
    public let subject: String?
    /// `ses-<label>`.
    public let session: String?
    /// `task-<label>`.
    public let task: String?
    /// `acq-<label>`.
    public let acquisition: String?
    /// `run-<index>`.
    public let run: String?

    /// Parses the entities of a file name; entities that are absent are `nil`.
    public init(fileName: String) {
        var stem = fileName
        if let dot = stem.firstIndex(of: ".") { stem = String(stem[..<dot]) }
        var values: [String: String] = [:]
        for part in stem.split(separator: "_") {
            guard let dash = part.firstIndex(of: "-") else { continue }
            let key = String(part[..<dash])
            let value = String(part[part.index(after: dash)...])
            if !value.isEmpty, values[key] == nil { values[key] = value }
        }
        subject = values["sub"]
        session = values["ses"]
        task = values["task"]
        acquisition = values["acq"]
        run = values["run"]
    }
}

/// Finds the recordings a batch run analyzes.
///
/// Each argument is one of:
/// - a file (EDF, BDF, or CSV, which needs a sampling rate) — taken as it is;
/// - a BIDS dataset root (a folder holding `dataset_description.json` or `sub-*` folders):
///   the files `sub-*/[ses-*/]eeg/*_eeg.<ext>` other than sidecars (`.json`, `.tsv`) and the
///   companions of a header (`.vmrk`, `.eeg`, `.fdt`);
/// - any other folder: every `.edf`, `.bdf`, `.vhdr` and `.set` file below it, recursively
///   (hidden files and folders skipped; CSV files are not picked up from folders because they
///   need `--fs`).
///
/// Files that are EEG recordings EEGScope cannot read (other EEG formats such as `.fif`,
/// `.cnt`, `.gdf`, `.mff`, and BrainVision/EEGLAB data files without their header) are
/// returned too, so that the batch lists each in `failures.tsv` with the reason instead of
/// skipping it silently.
///
/// The result is sorted by path in UTF-8 byte order and free of duplicates (the same file
/// reached twice, after resolving `.` and `..`, is kept once under its first path).
///
/// ```swift
/// let inputs = try BatchInputDiscovery.inputs(for: ["data/bids", "extra/S001R01.edf"])
/// ```
public enum BatchInputDiscovery {
    /// The sorted, de-duplicated inputs for the given arguments.
    ///
    /// Files are de-duplicated by their real path (symbolic links and `.`/`..` resolved), so
    /// a link to a file or folder already covered adds nothing. Folders are entered once each
    /// (by device and inode), so a link to a parent folder cannot loop. Entries that are not
    /// regular files (FIFOs, devices, sockets, dangling links) are skipped with a warning
    /// naming them, since reading a FIFO would block the run forever.
    /// - Parameters:
    ///   - arguments: Files and folders, as typed by the user.
    ///   - warn: Called with one line per skipped entry (default: ignore).
    /// - Returns: One ``BatchInput`` per recording, sorted by path.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for an argument that
    ///   does not exist; ``AnalysisError/noInputs(searched:)`` when nothing was found.
    public static func inputs(
        for arguments: [String], warn: (String) -> Void = { _ in }
    ) throws -> [BatchInput] {
        var found: [BatchInput] = []
        var visited = Set<FolderIdentity>()
        for argument in arguments {
            var info = stat()
            guard !argument.isEmpty, stat(argument, &info) == 0 else {
                throw AnalysisError.invalidParameter(
                    name: "input", value: "'\(argument)'", expected: "an existing file or folder")
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                found.append(BatchInput(path: argument))
            case S_IFDIR:
                guard visited.insert(FolderIdentity(info)).inserted else { continue }
                if isBIDSRoot(argument) {
                    found.append(contentsOf: bidsRecordings(in: argument, warn: warn))
                } else {
                    found.append(
                        contentsOf: recordings(below: argument, visited: &visited, warn: warn))
                }
            default:
                warn("\(argument): skipped: \(nonRegularDescription(info.st_mode))")
            }
        }
        var seen = Set<String>()
        var unique: [BatchInput] = []
        for input in found where seen.insert(canonicalPath(input.path)).inserted {
            unique.append(input)
        }
        guard !unique.isEmpty else { throw AnalysisError.noInputs(searched: arguments) }
        return unique.sorted { $0.precedes($1) }
    }

    /// Whether `folder` looks like a BIDS dataset root: it has `dataset_description.json`, or
    /// at least one `sub-*` folder.
    public static func isBIDSRoot(_ folder: String) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: join(folder, "dataset_description.json")) { return true }
        let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
        return names.contains { $0.hasPrefix("sub-") && isDirectory(join(folder, $0)) }
    }

    /// The EEG recordings of a BIDS dataset: `sub-*/[ses-*/]eeg/*_eeg.<ext>` (see
    /// ``isBIDSRecordingName(_:)``).
    static func bidsRecordings(
        in root: String, warn: (String) -> Void = { _ in }
    ) -> [BatchInput] {
        var result: [BatchInput] = []
        for subjectFolder in sortedEntries(root) where subjectFolder.hasPrefix("sub-") {
            let subjectPath = join(root, subjectFolder)
            guard isDirectory(subjectPath) else { continue }
            var eegFolders = [join(subjectPath, "eeg")]
            for sessionFolder in sortedEntries(subjectPath) where sessionFolder.hasPrefix("ses-") {
                eegFolders.append(join(join(subjectPath, sessionFolder), "eeg"))
            }
            for folder in eegFolders where isDirectory(folder) {
                for name in sortedEntries(folder) where isBIDSRecordingName(name) {
                    let path = join(folder, name)
                    // An EGI .mff recording is a folder: listed so that it is reported.
                    let isMFF = name.lowercased().hasSuffix(".mff") && isDirectory(path)
                    guard isMFF || isRegularFile(path, warn: warn) else { continue }
                    result.append(bidsInput(path: path, subjectFolder: subjectFolder))
                }
            }
        }
        return result
    }

    /// Extensions of the recordings EEGScope reads.
    static let readableExtensions: Set<String> = ["edf", "bdf", "vhdr", "set"]
    /// Files that belong to a header (`.vhdr` → `.vmrk`, `.eeg`; `.set` → `.fdt`).
    static let companionExtensions: Set<String> = ["vmrk", "eeg", "fdt"]
    /// EEG formats EEGScope does not read; found in folders so they are reported, not skipped.
    static let unreadableEEGExtensions: Set<String> = [
        "fif", "cnt", "gdf", "mff", "nwb", "xdf", "cdt", "mefd", "nxe", "trc",
    ]

    /// `*_eeg.<ext>` with any extension except sidecars (`.json`, `.tsv`, `.tsv.gz`) and header
    /// companions (`.vmrk`, `.eeg`, `.fdt`); any case of the extension.
    static func isBIDSRecordingName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard let range = lowered.range(of: "_eeg.", options: .backwards) else { return false }
        let rest = String(lowered[range.upperBound...])
        return !rest.isEmpty && !["json", "tsv", "tsv.gz"].contains(rest)
            && !companionExtensions.contains(rest)
    }

    /// Whether a file found in a folder scan is an input: a readable recording, an EEG format
    /// EEGScope does not read, or a companion file whose header is missing.
    static func isFolderInput(_ name: String, in folder: String) -> Bool {
        let fileExtension = (name as NSString).pathExtension.lowercased()
        if readableExtensions.contains(fileExtension) { return true }
        if unreadableEEGExtensions.contains(fileExtension) { return true }
        guard companionExtensions.contains(fileExtension) else { return false }
        let stem = (name as NSString).deletingPathExtension
        let siblings = sortedEntries(folder)
        return !siblings.contains { sibling in
            (sibling as NSString).deletingPathExtension == stem
                && ["vhdr", "set"].contains((sibling as NSString).pathExtension.lowercased())
        }
    }

    /// An input whose subject and session fall back to the folder names when the file name
    /// lacks them (BIDS requires both to agree, so the file name wins when present).
    static func bidsInput(path: String, subjectFolder: String) -> BatchInput {
        let fromName = BIDSEntities(fileName: (path as NSString).lastPathComponent)
        let components = (path as NSString).pathComponents
        let sessionFolder = components.dropLast(2).last.flatMap {
            $0.hasPrefix("ses-") ? String($0.dropFirst(4)) : nil
        }
        return BatchInput(
            path: path, subject: fromName.subject ?? String(subjectFolder.dropFirst(4)),
            session: fromName.session ?? sessionFolder, task: fromName.task,
            acquisition: fromName.acquisition, run: fromName.run)
    }

    /// Every input below `folder` (see ``isFolderInput(_:in:)``), recursively, skipping hidden
    /// entries; each folder (by device and inode, links followed) is entered once.
    static func recordings(
        below folder: String, visited: inout Set<FolderIdentity>,
        warn: (String) -> Void = { _ in }
    ) -> [BatchInput] {
        var result: [BatchInput] = []
        var pending = [folder]
        while let current = pending.popLast() {
            for name in sortedEntries(current) where !name.hasPrefix(".") {
                let path = join(current, name)
                var info = stat()
                let isRecordingName = isFolderInput(name, in: current)
                guard stat(path, &info) == 0 else {
                    if isRecordingName { warn("\(path): skipped: a dangling symbolic link") }
                    continue
                }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if (name as NSString).pathExtension.lowercased() == "mff" {
                        // An EGI .mff recording is a folder: report it rather than search it.
                        result.append(BatchInput(path: path))
                    } else if visited.insert(FolderIdentity(info)).inserted {
                        pending.append(path)
                    } else if isSymbolicLink(path) {
                        warn("\(path): skipped: a symbolic link to a folder already searched "
                            + "(a loop or a duplicate)")
                    }
                } else if isRecordingName {
                    if (info.st_mode & S_IFMT) == S_IFREG {
                        result.append(BatchInput(path: path))
                    } else {
                        warn("\(path): skipped: \(nonRegularDescription(info.st_mode))")
                    }
                }
            }
        }
        return result
    }

    /// Whether `path` is a regular file (links followed); warns about anything else that is
    /// not a folder.
    static func isRegularFile(_ path: String, warn: (String) -> Void) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            warn("\(path): skipped: a dangling symbolic link")
            return false
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return true
        case S_IFDIR: return false
        default:
            warn("\(path): skipped: \(nonRegularDescription(info.st_mode))")
            return false
        }
    }

    static func nonRegularDescription(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe (FIFO), not a regular file"
        case S_IFCHR, S_IFBLK: return "a device, not a regular file"
        case S_IFSOCK: return "a socket, not a regular file"
        default: return "not a regular file"
        }
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    // MARK: - Path helpers

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func sortedEntries(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// The real path (`realpath(3)`: links, `.` and `..` resolved), or the standardized path
    /// when it cannot be resolved.
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else {
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A folder's identity (device and inode), to enter each folder once however it is reached.
struct FolderIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
