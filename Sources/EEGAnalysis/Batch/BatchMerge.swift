import EEGFileIO
import Foundation

/// Combines the output folders of a sharded batch run into what one unsharded run writes.
///
/// Each shard folder's manifest says which shard it holds, of how many, with which settings and
/// for which inputs. Merging checks that the folders fit together — same settings, same shard
/// count, every shard 1…N exactly once, no input twice, and together the run's input count —
/// then copies their part files into the output's `.parts` folder and assembles the outputs
/// exactly as an unsharded run does (inputs sorted by path), so the result is byte for byte the
/// same. A single whole-run folder may also be "merged" (a copy).
///
/// ```swift
/// try BatchMerge.merge(shards: [URL(fileURLWithPath: "out-1"), URL(fileURLWithPath: "out-2")],
///                      into: URL(fileURLWithPath: "out"))
/// ```
public enum BatchMerge {
    /// Merges `shards` into `destination`.
    ///
    /// - Returns: The failed inputs (file and error) of the merged run, sorted by path.
    /// - Throws: ``AnalysisError/incompatibleShards(reason:)`` when the folders do not fit
    ///   together; ``AnalysisError/invalidParameter(name:value:expected:)`` when a folder is not
    ///   a batch output or lacks a part; ``AnalysisError/outputFailed(path:reason:)`` or
    ///   ``EEGFileIO/FileWriteError`` when writing fails.
    @discardableResult
    public static func merge(shards: [URL], into destination: URL) throws
        -> [(file: String, error: String)]
    {
        guard !shards.isEmpty else {
            throw AnalysisError.invalidParameter(
                name: "shard folders", value: "(none)", expected: "at least one folder")
        }
        let outputs = shards.map { BatchOutput(directory: $0) }
        let manifests = try outputs.map { try $0.readManifest() }
        try checkCompatible(manifests, folders: shards)

        let target = BatchOutput(directory: destination)
        try target.prepare()
        let lock = try BatchLock(target)
        defer { withExtendedLifetime(lock) {} }
        var inputs: [String] = []
        var failures: [(file: String, error: String)] = []
        for (output, manifest) in zip(outputs, manifests) {
            for path in manifest.inputs {
                guard let part = BatchPart.read(for: path, in: output.partsDirectory),
                    part.fingerprint == manifest.fingerprint
                else {
                    throw AnalysisError.invalidParameter(
                        name: "part file", value: "for '\(path)' in \(output.partsDirectory.path)",
                        expected: "one per input listed in the shard's manifest")
                }
                if let recorded = part.inputFingerprint, !part.inputIsUnchanged {
                    let now = (try? FileFingerprint(path: path).description) ?? "missing"
                    throw AnalysisError.incompatibleShards(
                        reason: "input '\(path)' of \(output.directory.path) "
                            + (now == "missing" ? "no longer exists" : "changed")
                            + " since that shard analysed it (fingerprint \(recorded), now "
                            + "\(now)); rerun that shard with --resume")
                }
                let source = output.partsDirectory.appendingPathComponent(
                    BatchPart.fileName(for: path))
                let copy = target.partsDirectory.appendingPathComponent(
                    BatchPart.fileName(for: path))
                if source.standardizedFileURL != copy.standardizedFileURL {
                    guard let data = FileManager.default.contents(atPath: source.path) else {
                        throw AnalysisError.outputFailed(path: source.path, reason: "unreadable")
                    }
                    try AtomicFile.write(data, to: copy)
                }
                inputs.append(path)
                if part.status == .failed { failures.append((path, part.error ?? "failed")) }
            }
        }
        inputs.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        failures.sort { $0.file.utf8.lexicographicallyPrecedes($1.file.utf8) }
        try target.assemble(BatchManifest(merging: manifests[0], inputs: inputs))
        return failures
    }

    /// Throws unless the manifests are the shards 1…N of one run with one set of settings.
    static func checkCompatible(_ manifests: [BatchManifest], folders: [URL]) throws {
        let first = manifests[0]
        for (manifest, folder) in zip(manifests, folders) where manifest.fingerprint != first.fingerprint {
            throw AnalysisError.incompatibleShards(
                reason: "\(folder.path) was computed with other settings than \(folders[0].path) "
                    + "(\(manifest.fingerprint) vs \(first.fingerprint))")
        }
        let count = first.shard?.count ?? 1
        var seen: [Int: String] = [:]
        for (manifest, folder) in zip(manifests, folders) {
            let shardCount = manifest.shard?.count ?? 1
            let index = manifest.shard?.index ?? 1
            guard shardCount == count else {
                throw AnalysisError.incompatibleShards(
                    reason: "\(folder.path) is shard \(index)/\(shardCount) but "
                        + "\(folders[0].path) belongs to a run split into \(count)")
            }
            if let other = seen[index] {
                throw AnalysisError.incompatibleShards(
                    reason: "shard \(index)/\(count) given twice (\(other) and \(folder.path))")
            }
            seen[index] = folder.path
            guard manifest.totalInputCount == first.totalInputCount else {
                throw AnalysisError.incompatibleShards(
                    reason: "\(folder.path) belongs to a run of \(manifest.totalInputCount) inputs, "
                        + "\(folders[0].path) to one of \(first.totalInputCount)")
            }
        }
        let missing = (1...count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw AnalysisError.incompatibleShards(reason: "missing shard(s) \(list)")
        }
        let hashes = Set(manifests.compactMap(\.runInputsHash))
        if hashes.count > 1 {
            throw AnalysisError.incompatibleShards(
                reason: "the shards were run on different input lists (a file was added, "
                    + "removed or renamed between shard runs); rerun every shard on the "
                    + "current dataset")
        }
        var paths = Set<String>()
        for manifest in manifests {
            for path in manifest.inputs where !paths.insert(path).inserted {
                throw AnalysisError.incompatibleShards(reason: "input '\(path)' is in two shards")
            }
        }
        guard paths.count == first.totalInputCount else {
            throw AnalysisError.incompatibleShards(
                reason: "the shards hold \(paths.count) inputs but the run had "
                    + "\(first.totalInputCount) (were they run with the same inputs?)")
        }
    }
}
