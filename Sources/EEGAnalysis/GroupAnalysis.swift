import EEGCore
import EEGDSP
import EEGFileIO
import EEGStatistics
import Foundation

/// How a group analysis corrects across its channels × bands.
public enum GroupCorrection: String, Sendable, Equatable, CaseIterable {
    /// Max-statistic sign-flip test (Nichols & Holmes 2002): a p per channel and band.
    case maxstat
    /// Cluster-based sign-flip test over neighbouring channels, within each band (Maris &
    /// Oostenveld 2007): a p per cluster, given to each member; 1 outside clusters.
    case cluster
}

/// Settings of ``GroupAnalysis``.
public struct GroupAnalysisSettings: Sendable, Equatable {
    /// The bands (one test per channel and band).
    public var bands: [FrequencyBand]
    /// The correction across channels × bands (default max-statistic).
    public var correction: GroupCorrection
    /// Random sign-flip relabellings (default 4999; all 2^(n−1) − 1 when fewer exist).
    public var permutationCount: Int
    /// Seed of the sign flips and bootstrap (default 1).
    public var seed: UInt64
    /// Subject resamples of the percentile bootstrap interval (default 2000).
    public var bootstrapCount: Int
    /// Welch parameters of each recording's PSD (default 2 s Hann, 50 % overlap).
    public var welch: WelchOptions

    /// Creates settings with the defaults above.
    public init(
        bands: [FrequencyBand], correction: GroupCorrection = .maxstat,
        permutationCount: Int = 4999, seed: UInt64 = 1, bootstrapCount: Int = 2000,
        welch: WelchOptions = WelchOptions()
    ) {
        self.bands = bands
        self.correction = correction
        self.permutationCount = permutationCount
        self.seed = seed
        self.bootstrapCount = bootstrapCount
        self.welch = welch
    }
}

/// One channel and band of a group result.
public struct GroupEffect: Codable, Sendable, Equatable {
    /// The channel label.
    public let channel: String
    /// The band's name.
    public let band: String
    /// Mean over subjects of 10·log10(other / reference band power), dB.
    public let changeDecibels: Double
    /// 95 % percentile bootstrap interval of that mean (subjects resampled), dB.
    public let ciLowDecibels: Double
    /// Upper end of the interval, dB.
    public let ciHighDecibels: Double
    /// One-sample t of the subjects' changes.
    public let t: Double
    /// Two-sided sign-flip p of this test alone.
    public let p: Double
    /// p corrected across channels × bands (max-statistic or cluster, see the document).
    public let pCorrected: Double

    enum CodingKeys: String, CodingKey {
        case channel, band, t, p
        case changeDecibels = "change_db"
        case ciLowDecibels = "ci_low_db"
        case ciHighDecibels = "ci_high_db"
        case pCorrected = "p_corrected"
    }
}

/// A cluster of a cluster-corrected group result.
public struct GroupCluster: Codable, Sendable, Equatable {
    /// The band's name.
    public let band: String
    /// The member channels.
    public let channels: [String]
    /// Sum of the members' t values.
    public let mass: Double
    /// Cluster p (family-wise over all clusters of all bands).
    public let p: Double
}

/// The result of ``GroupAnalysis``.
public struct GroupResult: Sendable, Equatable {
    /// The number of subjects.
    public let subjectCount: Int
    /// The two conditions, reference first.
    public let conditions: [String]
    /// The channels analysed (present in every recording).
    public let channels: [String]
    /// One effect per channel and band (channel-major).
    public let effects: [GroupEffect]
    /// The clusters (cluster correction only).
    public let clusters: [GroupCluster]
    /// Number of sign-flip relabellings used; the smallest p is 1 / (1 + count).
    public let permutationCount: Int
    /// The per-subject changes in dB: `[subject][channel-major test]`.
    public let subjectChanges: [[Double]]
    /// Warnings (e.g. channels without a known position in a cluster test).
    public let warnings: [String]
}

/// A paired group analysis: per subject the change of band power between two conditions, then
/// a sign-flip permutation test across subjects with family-wise correction over channels and
/// bands.
///
/// Per design row the recording (or its span) is read and its Welch PSD integrated over each
/// band (Simpson's rule, as `eegscope bandpower`); several rows of one subject and condition
/// are averaged in power. Each subject contributes 10·log10(other / reference) in dB per
/// channel and band. Assumption: subjects are independent and, under H0, each subject's
/// vector of changes is symmetric about 0 (sign-flip exchangeability); no assumption of
/// normality or of independence between channels. The interval is a percentile bootstrap over
/// subjects (2000 resamples); p-values come from the same sign flips for all tests.
///
/// ```swift
/// let design = try GroupDesign(contentsOf: url)
/// let result = try GroupAnalysis(settings: .init(bands: [Rhythm.delta3.band])).run(design)
/// ```
public struct GroupAnalysis: Sendable {
    /// The settings.
    public let settings: GroupAnalysisSettings

    /// Creates the analysis.
    public init(settings: GroupAnalysisSettings) {
        self.settings = settings
    }

    /// Runs the analysis on the design's recordings.
    /// - Throws: ``AnalysisError`` naming the file for unreadable recordings, spans outside a
    ///   recording, bands above a recording's Nyquist frequency or no channel common to all.
    public func run(_ design: GroupDesign) throws -> GroupResult {
        var entryPowers: [[String: [Double]]] = []
        var firstOrder: [String] = []
        for entry in design.entries {
            let (table, order) = try bandPowers(entry)
            entryPowers.append(table)
            if firstOrder.isEmpty { firstOrder = order }
        }
        let common = firstOrder.filter { label in entryPowers.allSatisfy { $0[label] != nil } }
        guard !common.isEmpty else {
            throw AnalysisError.invalidParameter(
                name: "channels", value: "none common to all recordings",
                expected: "at least one channel label present in every file")
        }
        // Per entry: channel-major band powers over `common`.
        let powers = entryPowers.map { table in common.flatMap { table[$0] ?? [] } }
        var changes: [[Double]] = []
        for subject in design.subjects {
            func mean(_ condition: String) -> [Double] {
                let rows = design.entries.indices.filter {
                    design.entries[$0].subject == subject
                        && design.entries[$0].condition == condition
                }
                return (0..<powers[rows[0]].count).map { index in
                    rows.map { powers[$0][index] }.reduce(0, +) / Double(rows.count)
                }
            }
            let reference = mean(design.conditions[0])
            let other = mean(design.conditions[1])
            changes.append(zip(reference, other).map { 10 * log10($1 / $0) })
        }
        for (subject, row) in zip(design.subjects, changes) where !row.allSatisfy(\.isFinite) {
            throw AnalysisError.invalidParameter(
                name: "band power of subject \(subject)", value: "zero or non-finite",
                expected: "positive band power in both conditions (flat channel?)")
        }
        return try test(
            changes, channels: common, conditions: design.conditions)
    }

    /// The test on given per-subject changes (`[subject][channel-major channel × band]`, dB).
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for shape errors.
    public func test(
        _ changes: [[Double]], channels: [String], conditions: [String]
    ) throws -> GroupResult {
        let bands = settings.bands
        let width = channels.count * bands.count
        guard changes.count >= 2, changes.allSatisfy({ $0.count == width }) else {
            throw AnalysisError.invalidParameter(
                name: "subject changes", value: "\(changes.count) subjects",
                expected: "≥ 2 subjects with \(width) values each")
        }
        var generator = SeededGenerator(seed: settings.seed)
        let flips: SignFlips
        let maxT: PermutationTestResult
        do {
            flips = try SignFlips.random(
                subjectCount: changes.count, count: settings.permutationCount, using: &generator)
            maxT = try SignFlipMaxTest.run(changes, flips: flips)
        } catch let error as StatisticsError {
            throw AnalysisError.invalidParameter(
                name: "group test", value: "\(error)", expected: "valid subject changes")
        }
        var corrected = maxT.correctedP
        var clusters: [GroupCluster] = []
        var warnings: [String] = []
        if settings.correction == .cluster {
            let (adjacency, unplaced) = ChannelAdjacency.standard(labels: channels)
            if !unplaced.isEmpty {
                warnings.append("no standard position for \(unplaced.joined(separator: ", ")): "
                    + "these channels have no neighbours in the cluster test")
            }
            // Band-major copies so that clusters stay within a band.
            let reordered = changes.map { row in
                (0..<bands.count).flatMap { band in
                    (0..<channels.count).map { row[$0 * bands.count + band] }
                }
            }
            let threshold = StudentT.quantile(0.975, degreesOfFreedom: Double(changes.count - 1))
            let result = try ClusterPermutationTest.run(
                reordered, adjacency: adjacency.repeated(bands.count), threshold: threshold,
                flips: flips)
            corrected = (0..<width).map { index in
                let channel = index / bands.count
                let band = index % bands.count
                return result.testP[band * channels.count + channel]
            }
            clusters = result.clusters.map { cluster in
                GroupCluster(
                    band: bands[cluster.members[0] / channels.count].name,
                    channels: cluster.members.map { channels[$0 % channels.count] },
                    mass: cluster.mass, p: cluster.p)
            }
        }
        var effects: [GroupEffect] = []
        for (channelIndex, channel) in channels.enumerated() {
            for (bandIndex, band) in bands.enumerated() {
                let index = channelIndex * bands.count + bandIndex
                let values = changes.map { $0[index] }
                let interval = try Bootstrap.percentileInterval(
                    of: values, count: settings.bootstrapCount, using: &generator
                ) { $0.reduce(0, +) / Double($0.count) }
                effects.append(GroupEffect(
                    channel: channel, band: band.name,
                    changeDecibels: values.reduce(0, +) / Double(values.count),
                    ciLowDecibels: interval.low, ciHighDecibels: interval.high,
                    t: maxT.statistics[index], p: maxT.uncorrectedP[index],
                    pCorrected: corrected[index]))
            }
        }
        return GroupResult(
            subjectCount: changes.count, conditions: conditions, channels: channels,
            effects: effects, clusters: clusters, permutationCount: flips.rows.count,
            subjectChanges: changes, warnings: warnings)
    }

    /// Band powers of one design row, per channel label (bands in settings order), unit², and
    /// the labels in file order.
    private func bandPowers(_ entry: GroupDesign.Entry) throws
        -> ([String: [Double]], [String])
    {
        let recording = try read(entry)
        let spectra: [Spectrum]
        do {
            spectra = try recording.powerSpectra(method: .welch(settings.welch))
        } catch {
            throw AnalysisError.fileFailed(file: entry.file, reason: "\(error)")
        }
        var table: [String: [Double]] = [:]
        for (signal, spectrum) in zip(recording.signals, spectra) {
            do {
                table[signal.label] = try spectrum.bandPowers(settings.bands).map(\.absolute)
            } catch {
                throw AnalysisError.fileFailed(
                    file: entry.file, reason: "channel \(signal.label): \(error)")
            }
        }
        return (table, recording.signals.map(\.label))
    }

    private func read(_ entry: GroupDesign.Entry) throws -> Recording {
        let recording: Recording
        do {
            recording = try RecordingFile.read(URL(fileURLWithPath: entry.file))
        } catch {
            throw AnalysisError.fileFailed(file: entry.file, reason: "\(error)")
        }
        guard let span = entry.span else { return recording }
        let end = recording.stretches.last?.end ?? recording.duration
        guard span.upperBound <= end + 1e-6 else {
            throw AnalysisError.fileFailed(
                file: entry.file,
                reason: "span \(span.lowerBound)-\(span.upperBound) s ends after the recording "
                    + "(\(end) s)")
        }
        return recording.excerpt(from: span.lowerBound, to: span.upperBound)
    }
}

extension ChannelAdjacency {
    /// Neighbours by distance between standard 10-20/10-10 positions (idealized spherical
    /// head, ``EEGDSP/Electrode/standard(named:)``): two channels are neighbours when their
    /// unit vectors lie at most 1.5 × the montage's median nearest-neighbour distance apart,
    /// so a dense and a sparse montage both link each electrode to its ring of neighbours.
    /// - Returns: The adjacency and the labels without a standard position (no neighbours).
    public static func standard(labels: [String]) -> (ChannelAdjacency, unplaced: [String]) {
        let electrodes = labels.map { Electrode.standard(named: $0) }
        let placed = labels.indices.filter { electrodes[$0] != nil }
        func distance(_ a: Int, _ b: Int) -> Double {
            guard let p = electrodes[a]?.position, let q = electrodes[b]?.position else {
                return .infinity
            }
            let dx = p.x - q.x
            let dy = p.y - q.y
            let dz = p.z - q.z
            return (dx * dx + dy * dy + dz * dz).squareRoot()
        }
        let nearest = placed.compactMap { a in
            placed.filter { $0 != a }.map { distance(a, $0) }.min()
        }.sorted()
        let limit = nearest.isEmpty ? 0 : 1.5 * nearest[nearest.count / 2]
        let neighbours = labels.indices.map { a in
            labels.indices.filter { $0 != a && distance(a, $0) <= limit }
        }
        let unplaced = labels.indices.filter { electrodes[$0] == nil }.map { labels[$0] }
        // Indices are in range by construction, so the throwing check cannot fail; an empty
        // adjacency of the right size is the safe fallback all the same.
        let adjacency = (try? ChannelAdjacency(neighbours: neighbours))
            ?? ChannelAdjacency.isolated(labels.count)
        return (adjacency, unplaced)
    }
}
