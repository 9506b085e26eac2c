import EEGAnalysis
import EEGCore
import EEGFileIO
import Foundation
import Synchronization
import Testing
import _TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 14: batch lock, settings check at assembly, symlink-safe discovery, input
/// fingerprints for --resume and merge.
@Suite("Batch reliability: lock, settings, discovery, fingerprints")
struct BatchReliabilityTests {
    static func dataset(_ name: String) throws -> URL {
        let folder = try TestData.temporaryDirectory(name)
        try BatchTestData.writeRecording(to: folder.appendingPathComponent("a.edf"), seed: 1)
        try BatchTestData.writeRecording(to: folder.appendingPathComponent("b.edf"), seed: 2)
        try BatchTestData.writeRecording(to: folder.appendingPathComponent("c.edf"), seed: 3)
        return folder
    }

    @Test("discovery: links to parent folders, twin links, FIFOs and dangling links")
    func discoveryRules() throws {
        let folder = try Self.dataset("batch-discovery")
        let manager = FileManager.default
        let sub = folder.appendingPathComponent("sub")
        try manager.createDirectory(at: sub, withIntermediateDirectories: true)
        for (name, target) in [("up", ".."), ("up2", ".."), ("self", ".")] {
            try manager.createSymbolicLink(
                atPath: sub.appendingPathComponent(name).path, withDestinationPath: target)
        }
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("twin.edf").path, withDestinationPath: "a.edf")
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("gone.edf").path,
            withDestinationPath: "missing.edf")
        #expect(mkfifo(folder.appendingPathComponent("pipe.edf").path, 0o644) == 0)
        let warnings = Mutex<[String]>([])
        let inputs = try BatchInputDiscovery.inputs(for: [folder.path]) { line in
            warnings.withLock { $0.append(line) }
        }
        #expect(inputs.map { ($0.path as NSString).lastPathComponent } == ["a.edf", "b.edf", "c.edf"])
        let lines = warnings.withLock { $0 }
        #expect(lines.contains { $0.contains("pipe.edf") && $0.contains("named pipe (FIFO)") })
        #expect(lines.contains { $0.contains("gone.edf") && $0.contains("dangling") })
        #expect(lines.contains { $0.contains("sub/up") && $0.contains("already searched") })
        // An explicit FIFO argument is skipped with a warning as well.
        let explicit = try BatchInputDiscovery.inputs(
            for: [folder.appendingPathComponent("pipe.edf").path, folder.path]) { _ in }
        #expect(explicit.count == 3)
    }

    @Test("a second run on a locked output folder gets a clear error")
    func lockedFolder() throws {
        let folder = try Self.dataset("batch-lock-data")
        let inputs = try BatchInputDiscovery.inputs(for: [folder.path])
        let output = try TestData.temporaryDirectory("batch-lock-out")
        let parts = output.appendingPathComponent(".parts")
        try FileManager.default.createDirectory(at: parts, withIntermediateDirectories: true)
        let holder = open(parts.appendingPathComponent("lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(holder >= 0)
        // flock locks belong to the open file description: this one is another "run".
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        let runner = try BatchRunner(output: output, settings: AnalysisSettings())
        let error = #expect(throws: AnalysisError.self) { try runner.run(inputs: inputs, jobs: 1) }
        #expect(String(describing: error).contains("another eegscope batch"))
        close(holder)
        let summary = try runner.run(inputs: inputs, jobs: 1)
        #expect(summary.succeededCount == 3)
    }

    @Test("assembly refuses a part computed with other settings")
    func assemblyChecksSettings() throws {
        let folder = try Self.dataset("batch-mixed-data")
        let inputs = try BatchInputDiscovery.inputs(for: [folder.path])
        let output = try TestData.temporaryDirectory("batch-mixed-out")
        let runner = try BatchRunner(output: output, settings: AnalysisSettings())
        _ = try runner.run(inputs: inputs, jobs: 1)
        // Another run's part for b.edf (2 bands) lands in this folder (5 bands).
        var other = AnalysisSettings()
        other.bands = try FrequencyBand.parseList("alpha=8-13,beta=13-30")
        let stray = try TestData.temporaryDirectory("batch-mixed-other")
        _ = try BatchRunner(output: stray, settings: other).run(inputs: [inputs[1]], jobs: 1)
        let name = BatchPart.fileName(for: inputs[1].path)
        let target = output.appendingPathComponent(".parts/\(name)")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(
            at: stray.appendingPathComponent(".parts/\(name)"), to: target)
        let manifest = try BatchOutput(directory: output).readManifest()
        let error = #expect(throws: AnalysisError.self) {
            try BatchOutput(directory: output).assemble(manifest)
        }
        #expect(String(describing: error).contains("computed with this run's settings"))
    }

    @Test("--resume recomputes an input that changed since its part was written")
    func resumeRecomputesChangedInput() throws {
        let folder = try Self.dataset("batch-fp-data")
        let inputs = try BatchInputDiscovery.inputs(for: [folder.path])
        let output = try TestData.temporaryDirectory("batch-fp-out")
        let runner = try BatchRunner(output: output, settings: AnalysisSettings())
        _ = try runner.run(inputs: inputs, jobs: 1)
        try BatchTestData.writeRecording(
            to: folder.appendingPathComponent("b.edf"), frequency: 3, seed: 9)
        let analyzed = Mutex<[String]>([])
        let again = try runner.run(
            inputs: inputs, jobs: 1, resume: true,
            progress: { progress in
                analyzed.withLock { $0.append((progress.file as NSString).lastPathComponent) }
            })
        #expect(again.resumedCount == 2)
        #expect(analyzed.withLock { $0 } == ["b.edf"])
    }

    @Test("merge refuses shards of a dataset that changed between shard runs")
    func mergeRefusesChangedDataset() throws {
        let folder = try Self.dataset("batch-merge-fp")
        let first = try BatchInputDiscovery.inputs(for: [folder.path])
        let shard1 = try TestData.temporaryDirectory("batch-merge-fp1")
        _ = try BatchRunner(output: shard1, settings: AnalysisSettings()).run(
            inputs: first, shard: try BatchShard(index: 1, count: 2), jobs: 1)
        // c.edf renamed to d.edf before shard 2 runs: same count, other list.
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("c.edf"), to: folder.appendingPathComponent("d.edf"))
        let second = try BatchInputDiscovery.inputs(for: [folder.path])
        let shard2 = try TestData.temporaryDirectory("batch-merge-fp2")
        _ = try BatchRunner(output: shard2, settings: AnalysisSettings()).run(
            inputs: second, shard: try BatchShard(index: 2, count: 2), jobs: 1)
        let merged = try TestData.temporaryDirectory("batch-merge-fp-out")
        let error = #expect(throws: AnalysisError.self) {
            try BatchMerge.merge(shards: [shard1, shard2], into: merged)
        }
        #expect(String(describing: error).contains("different input lists"))

        // Same list, but a file edited after its shard ran.
        let again1 = try TestData.temporaryDirectory("batch-merge-fp3")
        let again2 = try TestData.temporaryDirectory("batch-merge-fp4")
        for (index, output) in [(1, again1), (2, again2)] {
            _ = try BatchRunner(output: output, settings: AnalysisSettings()).run(
                inputs: second, shard: try BatchShard(index: index, count: 2), jobs: 1)
        }
        try BatchTestData.writeRecording(
            to: folder.appendingPathComponent("a.edf"), frequency: 3, seed: 11)
        let changed = #expect(throws: AnalysisError.self) {
            try BatchMerge.merge(shards: [again1, again2], into: merged)
        }
        #expect(String(describing: changed).contains("changed since that shard analysed it"))
    }
}
