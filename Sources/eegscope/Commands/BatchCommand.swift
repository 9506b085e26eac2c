import ArgumentParser
import EEGAnalysis
import EEGCore
import Foundation

/// `eegscope batch`: band power, spectral fit and rhythm episodes of many recordings.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyze many recordings: band power, spectral fit and rhythm episodes.",
        discussion: """
            INPUT is a file (EDF/BDF, or CSV with --fs), a folder (searched recursively for \
            .edf/.bdf) or a BIDS dataset root (sub-*/[ses-*/]eeg/*_eeg.edf|bdf; subject, \
            session and task become columns). Writes DIR/bandpower.csv, fit.json, events.tsv, \
            failures.tsv and summary.json, sorted by input path, byte-identical whatever --jobs \
            is and however the run is sharded. Each finished input is kept in DIR/.parts, so \
            --resume skips the inputs already done. Exit status 0 only if every input \
            succeeded; otherwise 1, with the good results written and failures.tsv naming the \
            bad ones. See docs/batch.md.
            """)

    @Argument(help: "Files, folders or BIDS dataset roots.", completion: .file())
    var inputs: [String]

    @Option(name: .shortAndLong, help: .outputFolder("The output folder"), completion: .directory)
    var output: String

    @Option(help: ArgumentHelp(
        "Recordings analyzed at the same time (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp(
        "Process only share K of N (1-based), e.g. a Slurm array task: "
            + "--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT.",
        valueName: "k/n"))
    var shard: String?

    @Flag(help: "Skip inputs whose results are already in DIR/.parts (same settings).")
    var resume = false

    @Option(help: ArgumentHelp("Frequency bands NAME=LOW-HIGH, comma-separated.",
        valueName: "list"))
    var bands: String = "delta=1-4,theta=4-8,alpha=8-13,beta=13-30,gamma=30-80"

    @Option(help: ArgumentHelp("Welch segment length in seconds.", valueName: "seconds"))
    var segment: Double = 2

    @OptionGroup var fit: FitRangeOptions

    /// Hidden alias of the fit range's low end, kept for scripts written before `--fit-range`
    /// (elsewhere `--fmin/--fmax` bound a command's own output; docs/contract.md).
    @Option(help: ArgumentHelp(valueName: "hz", visibility: .hidden))
    var fmin: Double?

    /// Hidden alias of the fit range's high end (see `fmin`).
    @Option(help: ArgumentHelp(valueName: "hz", visibility: .hidden))
    var fmax: Double?

    /// `--fit-range`, or the hidden `--fmin/--fmax` aliases over the default 1–40 Hz.
    var fitRange: ClosedRange<Double> {
        if let range = fit.fitRange?.range { return range }
        let low = fmin ?? fit.resolved.lowerBound
        return low...max(low, fmax ?? fit.resolved.upperBound)
    }

    @Option(name: .customLong("fs"), help: ArgumentHelp(
        "Sampling rate of CSV inputs, in Hz.", valueName: "hz"))
    var csvSampleRate: Double?

    @Option(help: ArgumentHelp(
        "Rhythms whose episodes are detected: delta3, gamma or LOW-HIGH, comma-separated; "
            + "'none' to skip detection.", valueName: "list"))
    var rhythms: String = "delta3,gamma"

    @OptionGroup var scope: ChannelScopeOptions

    func validate() throws {
        if fit.fitRange != nil, fmin != nil || fmax != nil {
            throw ValidationError("give --fit-range or its old spelling --fmin/--fmax, not both")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard {
            do { _ = try BatchShard(parsing: shard) } catch {
                throw ValidationError("--shard: \(error)")
            }
        }
        let checked = try settings()
        do { _ = try RecordingAnalyzer(settings: checked) } catch {
            throw ValidationError("\(error)")
        }
    }

    func settings() throws -> AnalysisSettings {
        let rhythmList: [Rhythm]
        let bandList: [FrequencyBand]
        do {
            rhythmList = rhythms.trimmingCharacters(in: .whitespaces).lowercased() == "none"
                ? [] : try rhythms.split(separator: ",").map { try Rhythm(parsing: String($0)) }
        } catch {
            throw ValidationError("--rhythms: \(error)")
        }
        do {
            bandList = try FrequencyBand.parseList(bands)
        } catch {
            throw ValidationError("--bands: \(error)")
        }
        var settings = AnalysisSettings(
            bands: bandList, segmentDuration: segment,
            fitRange: fitRange, rhythms: rhythmList, csvSampleRate: csvSampleRate)
        settings.screening = scope.screening
        settings.passband = scope.passbandPolicy
        return settings
    }

    func run() throws {
        let results = BatchOutput.resultFileNames.map {
            (output as NSString).appendingPathComponent($0)
        }
        try refuseOverwriting(inputs: inputs, outputs: [output] + results)
        try InputPath.refuseStandardInput(inputs, command: "batch")
        let shardSpec = try shard.map { try BatchShard(parsing: $0) } ?? .whole
        let jobCount = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let discovered = try reportingErrors {
            try BatchInputDiscovery.inputs(for: inputs) { warning in
                FileHandle.standardError.write(Data("eegscope: warning: \(warning)\n".utf8))
            }
        }
        let runner = try reportingErrors {
            let settings = try settings()
            return try BatchRunner(
                output: URL(fileURLWithPath: output), settings: settings,
                detect: settings.rhythms.isEmpty
                    ? nil : RhythmDetection.detector(settings: settings))
        }
        let display = ProgressDisplay()
        let summary = try reportingErrors {
            try runner.run(
                inputs: discovered, shard: shardSpec, jobs: jobCount, resume: resume,
                started: { pending, resumed in
                    display.begin(
                        total: pending, resumed: resumed,
                        shard: shardSpec.count > 1 ? shardSpec.description : nil,
                        jobs: min(jobCount, max(1, pending)))
                },
                progress: { display.update($0) })
        }
        let succeeded = summary.succeededCount
        let total = summary.shardInputCount
        FileHandle.standardError.write(Data(
            ("eegscope batch: \(succeeded) of \(total) input\(total == 1 ? "" : "s") succeeded; "
                + "results in \(output)\n").utf8))
        guard summary.allSucceeded else {
            throw CommandFailure(
                message: "\(summary.failures.count) of \(total) inputs failed (first: "
                    + "\(summary.failures[0].file): \(summary.failures[0].error)); "
                    + "see \((output as NSString).appendingPathComponent("failures.tsv"))")
        }
    }
}
