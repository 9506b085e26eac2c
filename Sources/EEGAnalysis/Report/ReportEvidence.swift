import EEGCore
import EEGDSP

/// The `detect` and `compare` results of one recording that its report shows: the same
/// pipelines with the same defaults as `eegscope detect FILE --rhythm R --summary S` and
/// `eegscope compare FILE --rhythm R` (spans from the annotations), so that the report's
/// findings, tables and warnings agree with those commands' JSON.
public struct ReportEvidence: Sendable {
    /// One rhythm's detection: the result, or why it failed.
    public struct Detection: Sendable {
        /// The rhythm.
        public let rhythm: Rhythm
        /// The `detect` result (episodes and the summary document's file entry).
        public let result: RhythmFileResult?
        /// Why detection failed (e.g. the band lies above the Nyquist frequency), or `nil`.
        public let failure: String?
    }

    /// One detection per rhythm of the settings, in their order (empty when detection is off).
    public let detections: [Detection]
    /// The baseline and condition spans from the annotations, or `nil`.
    public let spans: ConditionSpans?
    /// The `compare` rows per rhythm name (every channel), when ``spans`` exist.
    public let comparisons: [String: [ChannelComparison]]
    /// Why a rhythm has no comparison (no spans, or the comparison failed), by rhythm name.
    public let comparisonFailures: [String: String]

    /// Runs detection and comparison on `recording`.
    ///
    /// - Parameters:
    ///   - recording: The whole recording in memory.
    ///   - file: The path the summaries name.
    ///   - rhythms: The rhythms to detect and compare (empty: neither).
    public init(recording: Recording, file: String, rhythms: [Rhythm]) {
        detections = rhythms.map { rhythm in
            do {
                let analysis = RhythmAnalysis(settings: RhythmAnalysisSettings(rhythm: rhythm))
                return Detection(
                    rhythm: rhythm, result: try analysis.analyse(recording, file: file),
                    failure: nil)
            } catch {
                return Detection(rhythm: rhythm, result: nil, failure: "\(error)")
            }
        }
        let spans = ConditionSpans.fromAnnotations(recording.annotations)
        self.spans = spans
        var comparisons: [String: [ChannelComparison]] = [:]
        var failures: [String: String] = [:]
        for rhythm in rhythms {
            guard let spans else {
                failures[rhythm.name] = "no 'baseline' annotation followed by a condition span"
                continue
            }
            do {
                comparisons[rhythm.name] = try RhythmComparison(
                    settings: RhythmComparisonSettings(rhythm: rhythm)
                ).compare(
                    recording.excerpt(from: spans.baseline.lowerBound, to: spans.baseline.upperBound),
                    recording.excerpt(
                        from: spans.condition.lowerBound, to: spans.condition.upperBound))
            } catch {
                failures[rhythm.name] = "comparison failed: \(error)"
            }
        }
        self.comparisons = comparisons
        comparisonFailures = failures
    }

    /// Every detected episode, sorted by onset, channel and rhythm.
    public var events: [RhythmEvent] {
        detections.compactMap(\.result).flatMap(\.events).sorted {
            ($0.onset, $0.channel, $0.rhythm) < ($1.onset, $1.channel, $1.rhythm)
        }
    }

    /// Every warning of detection and comparison, each prefixed with its rhythm, in order.
    public var warnings: [String] {
        var lines: [String] = []
        for detection in detections {
            if let failure = detection.failure {
                lines.append("\(detection.rhythm.name): detection failed: \(failure)")
            }
            guard let summary = detection.result?.summary else { continue }
            lines += summary.warnings.map { "\(detection.rhythm.name): \($0)" }
            for channel in summary.channels {
                if let error = channel.error {
                    lines.append("\(detection.rhythm.name): channel \(channel.name) skipped: "
                        + error)
                }
            }
            // A high index is already one of the summary's warnings; an unavailable one is
            // only a field of the summary, but a reader must not take its absence as "low".
            if let muscle = summary.muscle, !muscle.available {
                lines.append("\(detection.rhythm.name): muscle index unavailable: "
                    + (muscle.reason ?? "no reason given"))
            }
        }
        if spans != nil {
            for rhythm in detections.map(\.rhythm) {
                if let failure = comparisonFailures[rhythm.name] {
                    lines.append("\(rhythm.name): \(failure)")
                }
            }
        }
        return lines
    }

    /// The findings summary built from these results.
    public func findings(labels: [String]) -> ReportFindings {
        let unavailable = spans == nil
            ? "no baseline/condition annotations" : "comparison failed"
        return ReportFindings(
            detections: detections.compactMap { detection in
                detection.result.map { (detection.rhythm, $0) }
            },
            comparisons: comparisons, comparisonUnavailable: unavailable, labels: labels)
    }
}
