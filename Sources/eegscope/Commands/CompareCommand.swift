import ArgumentParser
import EEGAnalysis
import EEGCore
import EEGDSP
import EEGStatistics
import Foundation

/// `eegscope compare`: change of a rhythm's band power and peak between two spans or files.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a rhythm between a baseline and a condition (dB change, CI, "
            + "corrected p).",
        discussion: """
            With one FILE the spans come from --baseline and --condition (seconds, START-END), \
            or, when both are omitted, from the annotations 'baseline' and the annotated \
            period that follows it (as synth --scenario ketamine writes). With two FILEs the \
            first is the baseline and the second the condition (each optionally cut by \
            --baseline / --condition). Per channel: band power change 10*log10(B/A) of the \
            spans' Welch PSDs, the FOOOF peak of the rhythm in each span, and five tests over \
            --epoch second epochs: band power (dB), periodic power (band power above each \
            epoch's aperiodic fit, dB), peak height (dB), aperiodic exponent and offset, each \
            with a 95 % circular block-bootstrap interval (blocks of ceil(n^(1/3)) epochs) and \
            a two-sided circular-shift p: the epoch series is rotated against its labels by \
            every offset, which keeps its autocorrelation (assumption: the series is \
            stationary apart from the condition, with a correlation time short against the \
            spans; rotations by fewer than n/10 epochs are left out as near-copies). p is a \
            multiple of 1/m for the m rotations used (smallest 1/m, 2/m with equal spans). \
            p_corrected is the step-down max-statistic p over the channel x statistic tests \
            of the run (family-wise error) that are not withheld: a test whose epoch series \
            drifts within the spans (drift_ratio, block-mean variance over successive-difference \
            variance, above 1 + 3.5 sqrt(2/df), or the statistic's mean ratio over the channels \
            above 1 + 3 sqrt(2/(df channels))) gets withheld_for_drift and p_corrected null, \
            with a warning, because no one-block-per-condition test can separate such drift \
            from the condition. drift_warning marks channels whose series drift within the \
            spans (drift score > 3): one baseline block then one condition block cannot \
            separate such drift from the condition. band_power_p_exchangeable is the former \
            shuffled-epoch test (--permutations, --seed), anti-conservative under drift. \
            Discontinuous files (EDF+D/BDF+D): spans are in seconds from the first sample, \
            gaps included; epochs and Welch segments are taken inside each gap-free stretch. \
            Prints JSON (see docs/statistics.md).
            """)

    @Argument(help: "One recording with two spans, or a baseline and a condition recording.", completion: .recordingFile)
    var files: [String]

    @Option(help: ArgumentHelp("delta3, gamma or LOW-HIGH in Hz.", valueName: "rhythm"))
    var rhythm: String

    @Option(help: ArgumentHelp("Baseline span in seconds.", valueName: "start-end"))
    var baseline: String?

    @Option(help: ArgumentHelp("Condition span in seconds.", valueName: "start-end"))
    var condition: String?

    @Option(help: ArgumentHelp(
        "Epoch length in seconds for the permutation test.", valueName: "seconds"))
    var epoch: Double = 2

    @Option(help: ArgumentHelp(
        "Number of permutations.", valueName: "n"))
    var permutations: Int = 1000

    @Option(help: ArgumentHelp(
        "Seed of the permutations.", valueName: "n"))
    var seed: UInt64 = 1

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var reference: ReferenceOptions

    @Option(name: .shortAndLong, help: .standardOutput("Write the JSON here"), completion: .outputFile("json"))
    var output: String?

    func validate() throws {
        guard (1...2).contains(files.count) else {
            throw ValidationError("give one FILE (two spans) or two FILEs (baseline, condition)")
        }
        if files.count == 1, (baseline == nil) != (condition == nil) {
            throw ValidationError("with one FILE give both --baseline and --condition, or neither")
        }
        _ = try parsedRhythm()
        _ = try span(baseline, "--baseline")
        _ = try span(condition, "--condition")
        do {
            try RhythmComparisonSettings(
                rhythm: .delta3, epochDuration: epoch, permutationCount: permutations
            ).validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func parsedRhythm() throws -> Rhythm {
        do {
            return try Rhythm(parsing: rhythm)
        } catch {
            throw ValidationError("--rhythm: \(error)")
        }
    }

    func span(_ text: String?, _ flag: String) throws -> ClosedRange<Seconds>? {
        guard let text else { return nil }
        let parts = text.split(separator: "-").map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 2, let start = parts[0], let end = parts[1], start >= 0, start < end
        else {
            throw ValidationError(
                "\(flag): expected START-END in seconds with START < END, got '\(text)'")
        }
        return start...end
    }

    /// The span in recording time (gaps of an EDF+D file included); the excerpt keeps its
    /// gap-free stretches so that epochs and Welch segments never straddle a gap.
    /// - Throws: ``CommandFailure`` naming `file` and `flag` when the span ends after the
    ///   recording (it would silently shrink to the part that exists).
    func cut(
        _ recording: Recording, _ span: ClosedRange<Seconds>?, file: String, flag: String
    ) throws -> Recording {
        guard let span else { return recording }
        let end = recording.stretches.last?.end ?? recording.duration
        // Half a sample of slack for spans given as the rounded recording length.
        let slack = 0.5 / (recording.signals.map(\.sampleRate).max() ?? 1)
        guard span.upperBound <= end + slack else {
            throw CommandFailure(
                message: "\(file): \(flag) \(formatted(span.lowerBound))-"
                    + "\(formatted(span.upperBound)) s ends after the recording, which ends at "
                    + "\(formatted(end)) s")
        }
        return recording.excerpt(from: span.lowerBound, to: span.upperBound)
    }

    private func formatted(_ seconds: Seconds) -> String {
        String(format: "%g", seconds)
    }

    func run() throws {
        try refuseOverwriting(inputs: files, outputs: [output])
        let settings = RhythmComparisonSettings(
            rhythm: try parsedRhythm(), epochDuration: epoch, permutationCount: permutations,
            seed: seed)
        let first = try recording.load(files[0], reference: reference)
        var baselineSpan = try span(baseline, "--baseline")
        var conditionSpan = try span(condition, "--condition")
        let second: Recording
        var conditionName = files.count == 2 ? files[1] : "condition"
        if files.count == 2 {
            second = try recording.load(files[1], reference: reference)
        } else {
            if baselineSpan == nil {
                guard let spans = ConditionSpans.fromAnnotations(first.annotations) else {
                    throw CommandFailure(
                        message: "\(files[0]): no 'baseline' annotation followed by a "
                            + "condition period; give --baseline and --condition")
                }
                baselineSpan = spans.baseline
                conditionSpan = spans.condition
                conditionName = spans.conditionName
            }
            second = first
        }
        let rows = try withFile(files.last ?? files[0]) {
            try RhythmComparison(settings: settings).compare(
                cut(first, baselineSpan, file: files[0], flag: "--baseline"),
                cut(second, conditionSpan, file: files.last ?? files[0], flag: "--condition"))
        }
        let document = CompareDocument(
            rhythm: settings.rhythm.name,
            baseline: .init(
                file: files[0], span: baselineSpan.map { [$0.lowerBound, $0.upperBound] }),
            condition: .init(
                file: files.last ?? files[0], name: conditionName,
                span: conditionSpan.map { [$0.lowerBound, $0.upperBound] }),
            epochSeconds: epoch, permutations: permutations, seed: seed,
            caveats: RhythmAnalysis.caveats(for: settings.rhythm),
            familySize: rows.flatMap { $0.tests?.all ?? [] }.count { $0.pCorrected != nil },
            smallestP: rows.first.map {
                1 / Double(CircularShiftTest.shiftCount(
                    count: $0.baseline.epochs + $0.condition.epochs))
            },
            warnings: ComparisonFindings.warnings(rows),
            findings: ComparisonFindings.lines(rows, rhythmName: settings.rhythm.name),
            channels: rows,
            spatialSpecificity: SpatialSpecificityField(
                labels: rows.map(\.name), values: rows.map(\.bandPowerChangeDecibels)))
        try OutputSink.write(try JSONOutput.encode(document), to: output)
    }
}

/// The JSON document of `eegscope compare`.
struct CompareDocument: Encodable {
    struct Part: Encodable {
        let file: String
        var name: String? = nil
        let span: [Double]?

        enum CodingKeys: String, CodingKey {
            case file, name
            case span = "span_s"
        }
    }

    var schema = "eegscope.compare/1"
    let rhythm: String
    let baseline: Part
    let condition: Part
    let epochSeconds: Double
    let permutations: Int
    let seed: UInt64
    var test =
        "two-sided circular-shift test of the epoch series (every rotation against the labels; "
        + "t of condition vs baseline); p = #{|t_k| >= |t_0|} / n over the n rotations"
    var correction = "max-statistic over channels x statistics (Nichols & Holmes 2002)"
    var interval = "95 % percentile circular block bootstrap, blocks of ceil(n^(1/3)) epochs"
    let caveats: [String]
    let familySize: Int
    let smallestP: Double?
    let warnings: [String]
    let findings: [String]
    let channels: [ChannelComparison]
    let spatialSpecificity: SpatialSpecificityField

    enum CodingKeys: String, CodingKey {
        case schema, rhythm, baseline, condition, permutations, seed, test, caveats, channels
        case correction, interval, warnings, findings
        case epochSeconds = "epoch_s"
        case familySize = "family_size"
        case smallestP = "smallest_p"
        case spatialSpecificity = "spatial_specificity"
    }
}

/// `spatial_specificity` of the band-power change: the posterior-midline test, or why it is
/// unavailable.
struct SpatialSpecificityField: Encodable {
    let result: SpatialSpecificity?
    let reason: String?

    init(labels: [String], values: [Double]) {
        do {
            result = try SpatialSpecificity.posteriorMidline(labels: labels, values: values)
            reason = nil
        } catch {
            result = nil
            reason = "unavailable: \(error)"
        }
    }

    func encode(to encoder: Encoder) throws {
        if let result {
            try result.encode(to: encoder)
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(reason ?? "unavailable")
        }
    }
}
