import EEGCore
import EEGFileIO
import Foundation
import Synchronization

/// What a running batch reports after each input, for a progress display.
public struct BatchProgress: Sendable, Equatable {
    /// The input that just finished.
    public let file: String
    /// Whether it succeeded.
    public let succeeded: Bool
    /// Its error (one line) when it failed.
    public let error: String?
    /// Seconds the input took.
    public let seconds: Seconds
    /// Inputs finished so far in this run (skipped ones not counted).
    public let completed: Int
    /// Inputs this run analyzes (its share, minus those resumed).
    public let total: Int
}

/// The outcome of a batch run.
public struct BatchRunSummary: Sendable, Equatable {
    /// Inputs of the whole run before sharding.
    public let totalInputCount: Int
    /// Inputs of this shard.
    public let shardInputCount: Int
    /// Inputs whose finished part was reused (`--resume`).
    public let resumedCount: Int
    /// Inputs that succeeded (resumed ones included).
    public let succeededCount: Int
    /// The failed inputs and why, sorted by path.
    public let failures: [(file: String, error: String)]

    /// Whether every input of the shard succeeded.
    public var allSucceeded: Bool { failures.isEmpty }

    public static func == (lhs: BatchRunSummary, rhs: BatchRunSummary) -> Bool {
        lhs.totalInputCount == rhs.totalInputCount && lhs.shardInputCount == rhs.shardInputCount
            && lhs.resumedCount == rhs.resumedCount && lhs.succeededCount == rhs.succeededCount
            && lhs.failures.map(\.file) == rhs.failures.map(\.file)
            && lhs.failures.map(\.error) == rhs.failures.map(\.error)
    }
}

/// Runs the per-recording analysis over many inputs in parallel and assembles the outputs.
///
/// Workflow: lock the output folder (``BatchLock``); take this shard's share of the sorted
/// inputs; with `resume`, skip those whose part file exists with the same settings, succeeded,
/// and whose input still has the same ``EEGFileIO/FileFingerprint`` (failed or changed inputs
/// are redone); analyze the
/// rest on `jobs` threads, each input streamed (``RecordingAnalyzer``) and its part written
/// atomically as soon as it is done; then assemble the five output files (``BatchOutput``).
/// An input that fails is recorded and the others go on. Memory: `jobs` recordings' streaming
/// state at a time, independent of recording length and of the number of inputs.
///
/// ```swift
/// let runner = try BatchRunner(output: URL(fileURLWithPath: "out"), settings: .init())
/// let summary = try runner.run(inputs: inputs, jobs: 4) { print($0.file) }
/// ```
public struct BatchRunner: Sendable {
    /// The output folder.
    public let output: BatchOutput
    /// The analyzer (and its settings).
    public let analyzer: RecordingAnalyzer

    /// Creates a runner writing to `output`.
    /// - Parameters:
    ///   - output: The output folder.
    ///   - settings: What to compute.
    ///   - detect: Episode detection (see ``RecordingAnalyzer``), or `nil` for none.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for invalid settings.
    public init(
        output: URL, settings: AnalysisSettings, detect: RecordingEpisodeDetector? = nil
    ) throws {
        self.output = BatchOutput(directory: output)
        analyzer = try RecordingAnalyzer(settings: settings, detector: detect)
    }

    /// Analyzes this shard's share of `inputs` and writes the outputs.
    ///
    /// - Parameters:
    ///   - inputs: All inputs of the run, sorted (as ``BatchInputDiscovery/inputs(for:)``
    ///     returns them).
    ///   - shard: The share to process (default: everything).
    ///   - jobs: Worker threads (≥ 1).
    ///   - resume: Reuse finished, successful parts computed with the same settings.
    ///   - started: Called once before analysis with the number of inputs to analyze and the
    ///     number resumed.
    ///   - progress: Called after each analyzed input, from worker threads (serialize inside).
    /// - Returns: Counts and the failed inputs.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for `jobs` < 1;
    ///   ``AnalysisError/outputFailed(path:reason:)`` or ``EEGFileIO/FileWriteError`` when the
    ///   output cannot be written (input failures are not thrown: they are in the summary).
    public func run(
        inputs: [BatchInput], shard: BatchShard = .whole, jobs: Int, resume: Bool = false,
        started: (_ pending: Int, _ resumed: Int) -> Void = { _, _ in },
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) throws -> BatchRunSummary {
        guard jobs >= 1 else {
            throw AnalysisError.invalidParameter(name: "jobs", value: "\(jobs)", expected: "≥ 1")
        }
        try output.prepare()
        let lock = try BatchLock(output)
        defer { withExtendedLifetime(lock) {} }
        let share = shard.share(of: inputs)
        let settings = analyzer.settings
        let partsFolder = output.partsDirectory
        var pending: [BatchInput] = []
        var resumed = 0
        for input in share {
            if resume, let part = BatchPart.read(for: input.path, in: partsFolder),
                part.fingerprint == settings.fingerprint, part.status == .succeeded,
                part.inputIsUnchanged
            {
                resumed += 1
            } else {
                pending.append(input)
            }
        }
        started(pending.count, resumed)
        try analyzeInParallel(pending, jobs: jobs, progress: progress)

        let manifest = try BatchManifest(
            settings: settings, shard: shard, totalInputCount: inputs.count,
            inputs: share.map(\.path), runInputs: inputs.map(\.path))
        try output.assemble(manifest)

        var failures: [(file: String, error: String)] = []
        var succeeded = 0
        for input in share {
            guard let part = BatchPart.read(for: input.path, in: partsFolder) else { continue }
            if part.status == .succeeded {
                succeeded += 1
            } else {
                failures.append((input.path, part.error ?? "failed"))
            }
        }
        return BatchRunSummary(
            totalInputCount: inputs.count, shardInputCount: share.count, resumedCount: resumed,
            succeededCount: succeeded, failures: failures)
    }

    /// Analyzes `inputs` on up to `jobs` threads, writing each part as soon as it is done.
    private func analyzeInParallel(
        _ inputs: [BatchInput], jobs: Int, progress: @escaping @Sendable (BatchProgress) -> Void
    ) throws {
        guard !inputs.isEmpty else { return }
        let state = Mutex(WorkState())
        let workerCount = min(jobs, inputs.count)
        let group = DispatchGroup()
        for _ in 0..<workerCount {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                work(inputs, state: state, progress: progress)
            }
            // Reading, decoding and FFTs of long recordings need more than the default 512 KiB
            // of a secondary thread only in deep recursion; 8 MiB matches the main thread.
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let error = state.withLock({ $0.fatalError }) { throw error }
    }

    private func work(
        _ inputs: [BatchInput], state: borrowing Mutex<WorkState>,
        progress: @Sendable (BatchProgress) -> Void
    ) {
        while true {
            let next: Int? = state.withLock { state in
                guard state.fatalError == nil, state.nextIndex < inputs.count else { return nil }
                defer { state.nextIndex += 1 }
                return state.nextIndex
            }
            guard let index = next else { return }
            let input = inputs[index]
            let start = DispatchTime.now().uptimeNanoseconds
            let part: BatchPart
            do {
                part = try autoreleasepoolIfAvailable { try analyzePart(input) }
                try part.write(to: output.partsDirectory)
            } catch {
                state.withLock { if $0.fatalError == nil { $0.fatalError = error } }
                return
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let completed = state.withLock { state -> Int in
                state.completed += 1
                return state.completed
            }
            progress(BatchProgress(
                file: input.path, succeeded: part.status == .succeeded, error: part.error,
                seconds: seconds, completed: completed, total: inputs.count))
        }
    }

    /// The part of one input: its analysis, or its failure. Throws only when the part cannot
    /// be encoded.
    func analyzePart(_ input: BatchInput) throws -> BatchPart {
        // Taken before reading, so a file that changes during the analysis is redone by the
        // next --resume rather than trusted.
        let fingerprint = try? FileFingerprint(path: input.path).description
        let settings = analyzer.settings
        let analysis: RecordingAnalysis
        do {
            analysis = try analyzer.analyze(input)
        } catch let AnalysisError.fileFailed(_, reason) {
            return try BatchPart(
                failedInput: input, reason: reason, settings: settings,
                inputFingerprint: fingerprint)
        } catch {
            return try BatchPart(
                failedInput: input, reason: String(describing: error), settings: settings,
                inputFingerprint: fingerprint)
        }
        return try BatchPart(analysis: analysis, settings: settings, inputFingerprint: fingerprint)
    }
}

/// Shared state of the worker threads.
private struct WorkState: ~Copyable {
    var nextIndex = 0
    var completed = 0
    var fatalError: (any Error)? = nil
}

/// Runs `body` (an autorelease pool exists only on Darwin, where Foundation objects made while
/// reading a file would otherwise pile up until the thread ends).
@inline(__always)
private func autoreleasepoolIfAvailable<Result>(_ body: () throws -> Result) rethrows -> Result {
    #if canImport(Darwin)
        return try autoreleasepool { try body() }
    #else
        return try body()
    #endif
}
