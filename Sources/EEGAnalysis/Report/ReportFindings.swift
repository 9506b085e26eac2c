import EEGCore
import EEGDSP

/// A value of the findings summary: computed, or not computed with the reason.
///
/// Fields that other analyses will fill later (artefacts, corrected p-values, intervals) start
/// as `.notComputed` so that a report says so instead of leaving a gap.
public enum Finding<Value: Sendable & Equatable>: Sendable, Equatable {
    case value(Value)
    case notComputed(reason: String)

    /// The value, or `nil` when not computed.
    public var value: Value? {
        if case let .value(value) = self { return value }
        return nil
    }
}

/// The change of a rhythm's band power on one channel between the baseline and condition
/// spans, exactly as `eegscope compare` reports it (``ChannelComparison``).
public struct ChangeFinding: Sendable, Equatable {
    /// 10·log10(condition / baseline band power), in dB.
    public let changeDecibels: Double
    /// Two-sided permutation p-value, uncorrected.
    public let p: Double
    /// The p-value corrected across the channels and bands of the run.
    public let correctedP: Finding<Double>
    /// The 95 % interval of the change in dB.
    public let interval: Finding<ClosedRange<Double>>
}

/// The findings of one rhythm on one posterior-midline channel.
public struct ChannelFinding: Sendable, Equatable {
    /// The channel label.
    public let channel: String
    /// Why the channel could not be analysed, or `nil`.
    public let error: String?
    /// Whether a spectral peak of the rhythm stands above the aperiodic background
    /// (``PeakSummary/present``), with its frequency in Hz and height in dB when one was found.
    public let peakPresent: Bool
    public let peakFrequency: Hertz?
    public let peakHeightDecibels: Double?
    /// The least height in dB a peak needs to count as present.
    public let peakThresholdDecibels: Double?
    /// Episodes, episodes per minute and the fraction of time in episodes.
    public let episodes: Int
    public let episodesPerMinute: Double
    public let fractionInEpisodes: Double
    /// The band actually analysed in Hz (clipped to the usable passband).
    public let analysedBand: ClosedRange<Hertz>?
    /// The change between baseline and condition, when the recording defines both spans.
    public let change: Finding<ChangeFinding>
    /// `analysed`, `excluded` or `unavailable` and the summary's `finding`
    /// (`narrowband oscillation`, `broadband change`, `none`), as `detect --summary` writes them.
    public var status: ChannelStatus = .analysed
    public var finding: String? = nil
    /// Artefacts found on the channel and episodes rejected for overlapping one (nil when
    /// artefacts were not looked for).
    public var artefacts: Int? = nil
    public var episodesRejected: Int? = nil
}

/// The findings of one rhythm in one recording.
public struct RhythmFindings: Sendable, Equatable {
    /// The rhythm's name (`delta3`, `gamma`, `LOW-HIGH`).
    public let rhythm: String
    /// Per posterior-midline channel (CPz, Pz, POz, Oz, those present), in recording order;
    /// `.notComputed` when the recording has none of them.
    public let midline: Finding<[ChannelFinding]>
    /// Episodes over all channels of the recording.
    public let totalEpisodes: Int
    /// The muscle-index status (gamma), as `detect --summary` reports it.
    public let muscle: Finding<String>
    /// Artefact status of the analysed data.
    public let artefacts: Finding<String>
    /// Warnings of the detection (e.g. a band clipped below the Nyquist frequency).
    public let warnings: [String]
}

/// The findings summary at the top of a report page and on the index: per rhythm, whether a
/// posterior-midline peak is present, the episode rate, the change with its p-value, muscle
/// and artefact status and the analysed band.
///
/// Built only from result values that the tables and the JSON outputs also show (the
/// `detect --summary` document and the `compare` rows of the same recording), never
/// recomputed for display.
public struct ReportFindings: Sendable, Equatable {
    /// One entry per rhythm, in the order of the analysis settings.
    public let rhythms: [RhythmFindings]

    /// Assembles the findings.
    ///
    /// - Parameters:
    ///   - detections: The `detect` result of each rhythm on this recording.
    ///   - comparisons: The `compare` rows of each rhythm (by rhythm name), when the recording
    ///     defines a baseline and a condition span; absent rhythms show "not computed".
    ///   - comparisonUnavailable: Why there is no comparison (e.g. no baseline annotation).
    ///   - labels: The recording's channel labels (to find the posterior midline).
    public init(
        detections: [(rhythm: Rhythm, result: RhythmFileResult)],
        comparisons: [String: [ChannelComparison]], comparisonUnavailable: String,
        labels: [String]
    ) {
        let midlineNames = Set(
            ChannelGroup.posteriorMidlineIndices(labels: labels).map { labels[$0] })
        rhythms = detections.map { rhythm, result in
            let summary = result.summary
            let rows = comparisons[rhythm.name]
            let channels = summary.channels.filter { midlineNames.contains($0.name) }
                .map { channel in
                    Self.channelFinding(
                        channel, comparison: rows?.first { $0.name == channel.name },
                        comparisonUnavailable: comparisonUnavailable)
                }
            let muscle: Finding<String>
            if let index = summary.muscle {
                if index.available {
                    let fraction = index.fractionAboveThreshold.map {
                        " (\(formatPercent($0)) of time above z = \(formatDecimal(index.thresholdZ)))"
                    } ?? ""
                    muscle = .value((index.high == true ? "high" : "low") + fraction)
                } else {
                    muscle = .value("unavailable: \(index.reason ?? "no reason given")")
                }
            } else {
                muscle = .notComputed(reason: "the muscle index is computed for gamma only")
            }
            return RhythmFindings(
                rhythm: rhythm.name,
                midline: channels.isEmpty
                    ? .notComputed(reason: "no posterior-midline channel (CPz, Pz, POz, Oz)")
                    : .value(channels),
                totalEpisodes: summary.channels.map(\.episodes).reduce(0, +),
                muscle: muscle,
                artefacts: Self.artefactStatus(summary.channels),
                warnings: summary.warnings)
        }
    }

    /// The artefact line of a rhythm, from the same per-channel counts `detect --summary`
    /// writes (`artefacts`, `episodes_rejected_on_artefacts`, `episodes_on_artefacts`), e.g.
    /// `12 artefacts on 3 of 64 channels, 2 episodes rejected`.
    static func artefactStatus(_ channels: [ChannelSummary]) -> Finding<String> {
        let searched = channels.filter { $0.artefacts != nil }
        guard !searched.isEmpty else {
            return .notComputed(reason: "artefacts were not looked for")
        }
        let total = searched.compactMap(\.artefacts).reduce(0, +)
        let affected = searched.filter { ($0.artefacts ?? 0) > 0 }.count
        var text = "\(total) artefact" + (total == 1 ? "" : "s")
            + " on \(affected) of \(searched.count) channels"
        let rejected = searched.compactMap(\.episodesRejected)
        if !rejected.isEmpty {
            let count = rejected.reduce(0, +)
            text += ", \(count) episode" + (count == 1 ? "" : "s") + " rejected"
        }
        let flagged = searched.compactMap(\.episodesOnArtefacts)
        if !flagged.isEmpty {
            let count = flagged.reduce(0, +)
            text += ", \(count) episode" + (count == 1 ? "" : "s") + " on artefacts (kept)"
        }
        return .value(text)
    }

    /// The band-power test's p corrected across the run (``ChangeTest/pCorrected``).
    static func correctedP(of row: ChannelComparison) -> Finding<Double> {
        guard let test = row.tests?.bandPowerDecibels else {
            return .notComputed(reason: "the comparison has no corrected test")
        }
        return .value(test.pCorrected)
    }

    /// The band-power test's 95 % interval in dB (``ChangeTest/interval``).
    static func interval(of row: ChannelComparison) -> Finding<ClosedRange<Double>> {
        guard let test = row.tests?.bandPowerDecibels, test.interval.count == 2,
            test.interval[0] <= test.interval[1]
        else { return .notComputed(reason: "the comparison has no interval") }
        return .value(test.interval[0]...test.interval[1])
    }

    static func channelFinding(
        _ channel: ChannelSummary, comparison: ChannelComparison?, comparisonUnavailable: String
    ) -> ChannelFinding {
        let change: Finding<ChangeFinding> = comparison.map {
            .value(ChangeFinding(
                changeDecibels: $0.bandPowerChangeDecibels, p: $0.bandPowerP,
                correctedP: Self.correctedP(of: $0), interval: Self.interval(of: $0)))
        } ?? .notComputed(reason: comparisonUnavailable)
        let band = channel.bandHz.flatMap { bandHz in
            bandHz.count == 2 && bandHz[0] <= bandHz[1] ? bandHz[0]...bandHz[1] : nil
        }
        var finding = ChannelFinding(
            channel: channel.name, error: channel.error,
            peakPresent: channel.peak?.present ?? false,
            peakFrequency: channel.peak?.frequencyHz,
            peakHeightDecibels: channel.peak?.heightDecibels,
            peakThresholdDecibels: channel.peak?.minimumHeightLog10.map { 10 * $0 },
            episodes: channel.episodes, episodesPerMinute: channel.episodesPerMinute,
            fractionInEpisodes: channel.fractionInEpisodes, analysedBand: band, change: change)
        finding.status = channel.status
        finding.finding = channel.finding
        finding.artefacts = channel.artefacts
        finding.episodesRejected = channel.episodesRejected
        return finding
    }

    /// One line per rhythm for the index page, e.g.
    /// `delta3: midline peak on 2 of 4 (Pz, POz), 1.3 episodes/min, change +2.1 dB (p 0.004)`.
    public var indexLines: [String] {
        rhythms.map { findings in
            var parts: [String] = []
            switch findings.midline {
            case let .value(channels):
                let present = channels.filter(\.peakPresent).map(\.channel)
                parts.append("midline peak on \(present.count) of \(channels.count)"
                    + (present.isEmpty ? "" : " (\(present.joined(separator: ", ")))"))
                let rates = channels.filter { $0.error == nil }.map(\.episodesPerMinute)
                if !rates.isEmpty {
                    parts.append(
                        "\(formatDecimal(rates.reduce(0, +) / Double(rates.count))) episodes/min "
                            + "(midline mean)")
                }
                let changes = channels.compactMap { $0.change.value }
                if !changes.isEmpty {
                    let mean = changes.map(\.changeDecibels).reduce(0, +) / Double(changes.count)
                    let smallest = changes.map(\.p).min() ?? 1
                    parts.append("change \(formatSignedDecimal(mean)) dB (min p "
                        + "\(formatP(smallest)))")
                }
            case let .notComputed(reason):
                parts.append(reason)
            }
            if case let .value(status) = findings.muscle { parts.append("muscle \(status)") }
            if !findings.warnings.isEmpty {
                parts.append("\(findings.warnings.count) warning"
                    + (findings.warnings.count == 1 ? "" : "s"))
            }
            return "\(findings.rhythm): " + parts.joined(separator: ", ")
        }
    }
}

// MARK: - Formatting shared by the findings table and index lines

func formatDecimal(_ value: Double, _ decimals: Int = 1) -> String {
    fixed(value, decimals)
}

func formatSignedDecimal(_ value: Double, _ decimals: Int = 1) -> String {
    signedFixed(value, decimals)
}

func formatPercent(_ fraction: Double) -> String {
    fixed(100 * fraction, 1) + " %"
}

/// A p-value with three decimals, or `< 0.001`.
func formatP(_ p: Double) -> String {
    p < 0.001 ? "<\u{00A0}0.001" : fixed(p, 3)
}
