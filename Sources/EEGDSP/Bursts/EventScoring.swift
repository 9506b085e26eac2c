import EEGCore
import Foundation

/// One matched pair of a ground-truth and a detected event.
public struct EventMatch: Sendable, Equatable {
    /// Index of the truth event in the list given to
    /// ``EventScore/init(truth:detected:minimumOverlap:)``.
    public let truthIndex: Int
    /// Index of the detected event in its list.
    public let detectedIndex: Int
    /// The length of the intersection in seconds.
    public let overlap: Seconds
}

/// Precision, recall and F1 of detected rhythm events against a ground truth.
///
/// ```swift
/// let score = try EventScore(truth: truthEvents, detected: detections)
/// print(score.precision, score.recall, score.f1)
/// ```
///
/// **Matching.** Events are compared only within the same channel and rhythm. Channels match
/// by electrode name (``ChannelName/electrode(_:)``, so `EEG Pz-REF` matches `Pz`); rhythms
/// by their canonical name (``Rhythm/init(parsing:)``, so `8.0-13.0` matches `8-13`; other
/// names case-insensitively). A truth event T and a detection D can match when they intersect
/// and their overlap `|T ∩ D|` is at least `minimumOverlap` × the shorter of the two durations
/// (the contract's rule; 1 ns of slack absorbs the rounding of times written with six
/// decimals). A zero-length event matches an event that contains its onset.
///
/// **One-to-one, greedy.** All candidate pairs are sorted by overlap (largest first, then by
/// closer onsets, then by truth and detection order) and accepted in that order when neither
/// event is taken yet. This is the usual greedy assignment of event-detection scoring; it can
/// differ from a maximum matching when a long detection spans several truths, in which case
/// only one of them counts and the rest are false negatives, as they should be for a detector
/// that merged them.
///
/// **Counts and ratios.** TP = matched pairs, FP = detections − TP, FN = truths − TP;
/// precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R). The 0/0 cases:
/// with no truth and no detection all three are 1 (perfect agreement on nothing); a ratio with
/// an empty denominator is otherwise 0 (no detections: precision 0; no truth: recall 0), and
/// F1 is 0 when P + R = 0.
public struct EventScore: Sendable, Equatable {
    /// Matched pairs.
    public let truePositives: Int
    /// Detections without a matching truth event.
    public let falsePositives: Int
    /// Truth events without a matching detection.
    public let falseNegatives: Int
    /// TP / (TP + FP), in [0, 1].
    public let precision: Double
    /// TP / (TP + FN), in [0, 1].
    public let recall: Double
    /// The harmonic mean of precision and recall, in [0, 1].
    public let f1: Double
    /// The overlap fraction used.
    public let minimumOverlap: Double
    /// The matched pairs, in truth order.
    public let matches: [EventMatch]

    /// Scores `detected` against `truth`.
    ///
    /// - Parameters:
    ///   - truth: The ground-truth events.
    ///   - detected: The detected events.
    ///   - minimumOverlap: The fraction F in [0, 1] of the shorter event that the overlap must
    ///     reach; default 0.5.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for F outside [0, 1] or an
    ///   event with a non-finite or negative onset or duration.
    /// - Complexity: O((n + m) log(n + m) + k) for n truths, m detections and k candidate pairs.
    public init(truth: [RhythmEvent], detected: [RhythmEvent], minimumOverlap: Double = 0.5)
        throws
    {
        guard minimumOverlap.isFinite, minimumOverlap >= 0, minimumOverlap <= 1 else {
            throw DSPError.invalidParameter(
                name: "minimum overlap", value: "\(minimumOverlap)",
                expected: "a fraction in [0, 1]")
        }
        try Self.validate(truth, role: "truth")
        try Self.validate(detected, role: "detected")

        var detectedGroups: [GroupKey: [Int]] = [:]
        for (index, event) in detected.enumerated() {
            detectedGroups[GroupKey(event), default: []].append(index)
        }
        for key in detectedGroups.keys {
            detectedGroups[key]?.sort { detected[$0].onset < detected[$1].onset }
        }
        let longestDetection = detected.map(\.duration).max() ?? 0

        var candidates: [EventMatch] = []
        for (truthIndex, event) in truth.enumerated() {
            guard let group = detectedGroups[GroupKey(event)] else { continue }
            // Detections that can reach this truth start no earlier than
            // onset − longestDetection: binary-search the first.
            var low = 0
            var high = group.count
            let earliest = event.onset - longestDetection
            while low < high {
                let middle = (low + high) / 2
                if detected[group[middle]].onset < earliest {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            for position in low..<group.count {
                let detectedIndex = group[position]
                let other = detected[detectedIndex]
                if other.onset > event.end { break }
                let overlap = min(event.end, other.end) - max(event.onset, other.onset)
                guard overlap >= 0 else { continue }
                let shorter = min(event.duration, other.duration)
                guard overlap >= minimumOverlap * shorter - 1e-9 else { continue }
                candidates.append(
                    EventMatch(truthIndex: truthIndex, detectedIndex: detectedIndex,
                               overlap: overlap))
            }
        }
        candidates.sort { lhs, rhs in
            if lhs.overlap != rhs.overlap { return lhs.overlap > rhs.overlap }
            let lhsOffset = abs(truth[lhs.truthIndex].onset - detected[lhs.detectedIndex].onset)
            let rhsOffset = abs(truth[rhs.truthIndex].onset - detected[rhs.detectedIndex].onset)
            if lhsOffset != rhsOffset { return lhsOffset < rhsOffset }
            if lhs.truthIndex != rhs.truthIndex { return lhs.truthIndex < rhs.truthIndex }
            return lhs.detectedIndex < rhs.detectedIndex
        }
        var truthTaken = [Bool](repeating: false, count: truth.count)
        var detectedTaken = [Bool](repeating: false, count: detected.count)
        var matches: [EventMatch] = []
        for candidate in candidates
        where !truthTaken[candidate.truthIndex] && !detectedTaken[candidate.detectedIndex] {
            truthTaken[candidate.truthIndex] = true
            detectedTaken[candidate.detectedIndex] = true
            matches.append(candidate)
        }
        matches.sort { $0.truthIndex < $1.truthIndex }

        let truePositives = matches.count
        let falsePositives = detected.count - truePositives
        let falseNegatives = truth.count - truePositives
        let bothEmpty = truth.isEmpty && detected.isEmpty
        let precision = detected.isEmpty
            ? (bothEmpty ? 1 : 0) : Double(truePositives) / Double(detected.count)
        let recall = truth.isEmpty
            ? (bothEmpty ? 1 : 0) : Double(truePositives) / Double(truth.count)
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.precision = precision
        self.recall = recall
        self.f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        self.minimumOverlap = minimumOverlap
        self.matches = matches
    }

    private static func validate(_ events: [RhythmEvent], role: String) throws {
        for (index, event) in events.enumerated() {
            guard event.onset.isFinite, event.duration.isFinite, event.onset >= 0,
                event.duration >= 0
            else {
                throw DSPError.invalidParameter(
                    name: "\(role) event \(index + 1)",
                    value: "onset \(event.onset) s, duration \(event.duration) s",
                    expected: "finite, non-negative onset and duration")
            }
        }
    }

    /// The (channel, rhythm) pair events are grouped by.
    private struct GroupKey: Hashable {
        let channel: String
        let rhythm: String

        init(_ event: RhythmEvent) {
            let electrode = ChannelName.electrode(event.channel)
            channel = electrode.isEmpty ? event.channel : electrode
            if let parsed = try? Rhythm(parsing: event.rhythm) {
                rhythm = parsed.name
            } else {
                rhythm = event.rhythm.trimmingCharacters(in: .whitespaces).lowercased()
            }
        }
    }
}
