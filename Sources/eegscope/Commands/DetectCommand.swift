import ArgumentParser
import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// `--method bosc|dual`.
extension DetectionMethod: ExpressibleByArgument {}

/// `eegscope detect`: episodes of a rhythm per channel, an events TSV and a summary JSON.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect episodes of a rhythm (delta3, gamma or LOW-HIGH) per channel.",
        discussion: """
            Per channel: Welch PSD and an aperiodic (FOOOF) fit around the band; band-pass \
            (zero-phase Butterworth), Hilbert envelope, threshold runs of at least \
            --min-cycles cycles, gaps under one cycle merged. --method bosc (default) \
            thresholds the envelope power against the fitted 1/f background (chi-square(2) \
            percentiles, Whitten et al. 2011); --method dual against multiples of the median \
            envelope (NeuroDSP's detect_bursts_dual_threshold). Across channels an episode \
            is kept where its amplitude is at least --spatial-extent of its largest amplitude. \
            gamma notches mains (detected or --line-frequency) and reports a 110-140 Hz \
            muscle index where the rate allows. Events TSV: onset duration channel rhythm \
            frequency_hz amplitude snr_db (rows of all FILEs in input order). Discontinuous \
            files (EDF+D/BDF+D): the PSD pools Welch segments from inside each gap-free \
            stretch, each stretch is filtered and searched on its own (edges blanked at every \
            gap, no episode spans one) and onsets are seconds from the first sample, gaps \
            included. See docs/detection.md for the summary schema and caveats.
            """)

    @Argument(help: "EDF/BDF files, or CSV with --fs.", completion: .recordingFile)
    var files: [String]

    @Option(help: ArgumentHelp("delta3, gamma or LOW-HIGH in Hz (e.g. 8-13).", valueName: "rhythm"))
    var rhythm: String

    @Option(help: "Threshold family: bosc (1/f background) or dual (median envelope).")
    var method: DetectionMethod = .bosc

    @Option(help: ArgumentHelp(
        "bosc: background-power percentile an episode must reach (default 0.9999; "
            + "0.9999999 per sub-band for gamma).",
        valueName: "fraction"))
    var percentile: Double?

    @Option(name: .customLong("low-percentile"), help: ArgumentHelp(
        "bosc: percentile an episode extends down to (default 0.9; 0.95 for gamma).",
        valueName: "fraction"))
    var lowPercentile: Double?

    @Option(name: .customLong("dual-threshold"), help: ArgumentHelp(
        "dual: LOW,HIGH multiples of the median amplitude (default 1.8,3.6; 2.1,4.8 for "
            + "gamma; NeuroDSP's is 1,2).",
        valueName: "list"))
    var dualThreshold: String?

    @Option(name: .customLong("min-cycles"), help: ArgumentHelp(
        "Shortest episode, in cycles of its frequency.", valueName: "cycles"))
    var minimumCycles: Double = 3

    @Option(name: .customLong("line-frequency"), help: ArgumentHelp(
        "Mains: auto (detect 50/60 Hz), none, or a frequency in Hz.", valueName: "auto|none|hz"))
    var lineFrequency: String = "auto"

    @Option(name: .customLong("spatial-extent"), help: ArgumentHelp(
        "Keep an episode on channels with at least this fraction of its largest amplitude, "
            + "or off.", valueName: "fraction|off"))
    var spatialExtent: String = "0.5"

    @Option(name: .customLong("min-peak-height"), help: ArgumentHelp(
        "Floor of the FOOOF peak height (log10 power) that counts as a peak; the bar is also "
            + "at least 5x the spectrum's noise.", valueName: "log10"))
    var minimumPeakHeight: Double = 0.1

    @OptionGroup var recording: RecordingOptions

    @Option(name: .shortAndLong, help: .standardOutput("Write the events TSV here"), completion: .eventTable)
    var output: String?

    @Option(help: ArgumentHelp("Write the summary JSON here (- for standard output).", valueName: "path"),
            completion: .outputFile("json"))
    var summary: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one FILE") }
        if summary == "-", output == nil || output == "-" {
            throw ValidationError(
                "--summary - needs the events elsewhere: give --output EVENTS.tsv as well")
        }
        _ = try settings()
    }

    /// The analysis settings from the arguments; argument errors become `ValidationError`s.
    func settings() throws -> RhythmAnalysisSettings {
        let parsedRhythm: Rhythm
        do {
            parsedRhythm = try Rhythm(parsing: rhythm)
        } catch {
            throw ValidationError("--rhythm: \(error)")
        }
        var threshold: EpisodeThreshold? = nil
        switch method {
        case .bosc:
            if dualThreshold != nil {
                throw ValidationError("--dual-threshold needs --method dual")
            }
            if percentile != nil || lowPercentile != nil {
                // The flag not given keeps the rhythm's default.
                guard case .aperiodicPower(let presetHigh, let presetLow) =
                    RhythmPreset.defaultThreshold(for: parsedRhythm, method: .bosc)
                else { break }
                let high = percentile ?? presetHigh
                threshold = .aperiodicPower(
                    percentile: high, lowPercentile: lowPercentile ?? min(presetLow ?? high, high))
            }
        case .dual:
            if percentile != nil || lowPercentile != nil {
                throw ValidationError("--percentile and --low-percentile need --method bosc")
            }
            if let text = dualThreshold {
                let parts = text.split(separator: ",").map {
                    Double($0.trimmingCharacters(in: .whitespaces))
                }
                guard parts.count == 2, let low = parts[0], let high = parts[1] else {
                    throw ValidationError("--dual-threshold: expected LOW,HIGH, got '\(text)'")
                }
                threshold = .dualThreshold(low: low, high: high)
            }
        }
        do {
            try threshold?.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        let line: LineFrequencyChoice
        switch lineFrequency.lowercased() {
        case "auto": line = .automatic
        case "none", "off": line = .none
        default:
            guard let value = Double(lineFrequency), value.isFinite, value > 0 else {
                throw ValidationError(
                    "--line-frequency: expected auto, none or a frequency in Hz, got "
                        + "'\(lineFrequency)'")
            }
            line = .fixed(value)
        }
        let fraction: Double?
        if spatialExtent.lowercased() == "off" {
            fraction = nil
        } else {
            guard let value = Double(spatialExtent), value > 0, value <= 1 else {
                throw ValidationError(
                    "--spatial-extent: expected a fraction in (0, 1] or off, got "
                        + "'\(spatialExtent)'")
            }
            fraction = value
        }
        let settings = RhythmAnalysisSettings(
            rhythm: parsedRhythm, method: method, threshold: threshold,
            minimumCycles: minimumCycles, lineFrequency: line, spatialExtentFraction: fraction,
            minimumPeakHeight: minimumPeakHeight)
        do {
            try settings.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return settings
    }

    func run() throws {
        try refuseOverwriting(inputs: files, outputs: [output, summary])
        let analysis = RhythmAnalysis(settings: try settings())
        var events: [RhythmEvent] = []
        var summaries: [FileSummary] = []
        var failures: [CommandFailure] = []
        for file in files {
            do {
                let loaded = try recording.load(file)
                let result = try withFile(file) {
                    guard !loaded.signals.isEmpty else {
                        throw DSPError.emptyInput(what: "the recording's channel list")
                    }
                    return try analysis.analyse(loaded, file: file)
                }
                let failed = result.summary.channels.filter { $0.error != nil }
                if !failed.isEmpty, failed.count == result.summary.channels.count {
                    let first = failed[0]
                    throw CommandFailure(message: "\(file): no channel could be analysed "
                        + "(\(first.name): \(first.error ?? ""))")
                }
                for warning in result.summary.warnings {
                    FileHandle.standardError.write(
                        Data("eegscope: warning: \(file): \(warning)\n".utf8))
                }
                for channel in failed {
                    let reason = channel.error ?? ""
                    FileHandle.standardError.write(Data(
                        "eegscope: warning: \(file): channel \(channel.name) skipped: \(reason)\n"
                            .utf8))
                }
                events += result.events
                summaries.append(result.summary)
            } catch let failure as CommandFailure {
                failures.append(failure)
            }
        }
        if !summaries.isEmpty || failures.isEmpty {
            try OutputSink.write(EventTable.text(of: events, includeSNR: true), to: output)
            if let summary {
                let document = RhythmSummary(
                    rhythm: analysis.settings.rhythm.name,
                    method: analysis.settings.method.rawValue,
                    thresholds: analysis.thresholdSummary,
                    minimumCycles: analysis.settings.minimumCycles,
                    spatialExtentFraction: analysis.settings.spatialExtentFraction,
                    caveats: RhythmAnalysis.caveats(for: analysis.settings.rhythm),
                    files: summaries)
                try OutputSink.write(try JSONOutput.encode(document), to: summary)
            }
        }
        guard let last = failures.last else { return }
        for failure in failures.dropLast() {
            FileHandle.standardError.write(Data("eegscope: error: \(failure.message)\n".utf8))
        }
        throw last
    }
}
