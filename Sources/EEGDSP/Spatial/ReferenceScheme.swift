import EEGCore

/// How scalp channels are re-referenced before analysis.
///
/// ```swift
/// let averaged = try recording.rereferenced(.average)
/// let laplacian = try recording.rereferenced(.currentSourceDensity(.init()))
/// ```
public enum ReferenceScheme: Sendable, Equatable {
    /// Subtract the mean of all scalp channels at each sample (MNE
    /// `set_eeg_reference("average")`; the result sums to zero across those channels).
    case average
    /// Subtract the mean of the named channels (one channel: that channel) from every scalp
    /// channel, the reference channels included (they become zero), as MNE
    /// `set_eeg_reference(ref_channels=[...])`.
    case channels([String])
    /// Subtract the mean of the two mastoid (M1, M2) or earlobe (A1, A2) channels, whichever
    /// pair the recording has.
    case linkedMastoids
    /// Surface Laplacian by spherical splines (see ``CurrentSourceDensity``); output unit is
    /// the input unit per square metre.
    case currentSourceDensity(CurrentSourceDensitySettings)

    /// A short name for messages and JSON (`average`, `csd`, `linked-mastoids`, `Cz` / `A1+A2`).
    public var name: String {
        switch self {
        case .average: return "average"
        case .channels(let names): return names.joined(separator: "+")
        case .linkedMastoids: return "linked-mastoids"
        case .currentSourceDensity: return "csd"
        }
    }
}

/// A re-referencing resolved against one recording's channel labels: which channels change and
/// the linear map applied to each sample. Because the map is fixed per sample it applies
/// equally to a whole recording or to streamed blocks.
public struct ReferencePlan: Sendable {
    enum Operation: Sendable {
        case subtractMean(referenceIndices: [Int])
        case matrix(CurrentSourceDensity)
    }

    /// The scheme this plan implements.
    public let scheme: ReferenceScheme
    /// Indices (in the recording's channel order) of the channels that are replaced; all
    /// other channels pass through unchanged.
    public let targetIndices: [Int]
    /// Channel labels without an electrode position; they are not re-referenced (for the
    /// average: not part of the mean).
    public let unplacedLabels: [String]
    let operation: Operation

    /// Resolves `scheme` for channels `labels`.
    ///
    /// Scalp channels are those with a position (``ElectrodeLayout``: caller-supplied first,
    /// then the standard 10-05 template); other channels (ECG, EOG, status, unknown labels)
    /// pass through unchanged.
    ///
    /// - Parameters:
    ///   - scheme: The reference.
    ///   - labels: The recording's channel labels.
    ///   - positions: Caller-supplied positions by label (head frame, metres).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` naming a missing reference
    ///   channel, or when no channel has a position; CSD errors from
    ///   ``CurrentSourceDensity/init(positions:settings:)``.
    public init(
        scheme: ReferenceScheme, labels: [String],
        positions: [String: ElectrodePosition] = [:]
    ) throws {
        let layout = ElectrodeLayout(labels: labels, supplied: positions)
        let placed = layout.positions.indices.filter { layout.positions[$0] != nil }
        self.scheme = scheme
        unplacedLabels = layout.unplacedLabels
        switch scheme {
        case .average:
            guard placed.count >= 2 else { throw Self.tooFewPlaced(labels, placed.count) }
            targetIndices = placed
            operation = .subtractMean(referenceIndices: placed)
        case .channels(let names):
            let references = try names.map { try Self.index(of: $0, in: labels) }
            guard !references.isEmpty else {
                throw DSPError.invalidParameter(
                    name: "reference", value: "(no channel)", expected: "one or more channel names")
            }
            targetIndices = Array(Set(placed + references)).sorted()
            operation = .subtractMean(referenceIndices: references)
        case .linkedMastoids:
            let pairs = [["M1", "M2"], ["A1", "A2"]]
            guard let pair = pairs.first(where: { pair in
                pair.allSatisfy { name in labels.contains { ChannelName.matches($0, name) } }
            }) else {
                throw DSPError.invalidParameter(
                    name: "linked-mastoid reference", value: "(channels not found)",
                    expected: "channels M1 and M2, or A1 and A2")
            }
            let references = try pair.map { try Self.index(of: $0, in: labels) }
            targetIndices = Array(Set(placed + references)).sorted()
            operation = .subtractMean(referenceIndices: references)
        case .currentSourceDensity(let settings):
            guard placed.count >= 2 else { throw Self.tooFewPlaced(labels, placed.count) }
            let transform = try CurrentSourceDensity(
                positions: placed.compactMap { layout.positions[$0] }, settings: settings)
            targetIndices = placed
            operation = .matrix(transform)
        }
    }

    /// The unit of a re-referenced channel whose input unit is `unit` (`uV` → `uV/m^2` for
    /// CSD, unchanged otherwise).
    public func outputUnit(for unit: String) -> String {
        Self.unit(for: scheme, input: unit)
    }

    /// The unit `scheme` produces from `input` (`uV` → `uV/m^2` for CSD, unchanged otherwise).
    public static func unit(for scheme: ReferenceScheme, input: String) -> String {
        guard case .currentSourceDensity = scheme else { return input }
        return input.isEmpty ? "1/m^2" : "\(input)/m^2"
    }

    /// Re-references one block of samples in place: `channels[c][s]` is sample s of channel c
    /// in the recording's order; every target channel must hold the same number of samples.
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when target channels
    ///   differ in length.
    public func apply(to channels: inout [[Double]]) throws {
        let involved: [Int]
        switch operation {
        case .subtractMean(let references): involved = Array(Set(targetIndices + references))
        case .matrix: involved = targetIndices
        }
        guard let first = involved.first else { return }
        let sampleCount = channels[first].count
        if let odd = involved.first(where: { channels[$0].count != sampleCount }) {
            throw DSPError.invalidParameter(
                name: "re-referencing", value: "channel #\(odd + 1) has \(channels[odd].count) "
                    + "samples where #\(first + 1) has \(sampleCount)",
                expected: "scalp channels with one sample rate and length")
        }
        switch operation {
        case .subtractMean(let references):
            var mean = [Double](repeating: 0, count: sampleCount)
            for index in references {
                let values = channels[index]
                for sample in 0..<sampleCount { mean[sample] += values[sample] }
            }
            let count = Double(references.count)
            for sample in 0..<sampleCount { mean[sample] /= count }
            for index in targetIndices {
                var values = channels[index]
                for sample in 0..<sampleCount { values[sample] -= mean[sample] }
                channels[index] = values
            }
        case .matrix(let transform):
            var outputs = [[Double]](
                repeating: [Double](repeating: 0, count: sampleCount), count: transform.count)
            for (row, _) in targetIndices.enumerated() {
                for (column, source) in targetIndices.enumerated() {
                    let weight = transform.matrix[row * transform.count + column]
                    let values = channels[source]
                    for sample in 0..<sampleCount { outputs[row][sample] += weight * values[sample] }
                }
            }
            for (row, index) in targetIndices.enumerated() { channels[index] = outputs[row] }
        }
    }

    private static func index(of name: String, in labels: [String]) throws -> Int {
        if let exact = labels.firstIndex(of: name) { return exact }
        if let matched = labels.firstIndex(where: { ChannelName.matches($0, name) }) {
            return matched
        }
        throw DSPError.invalidParameter(
            name: "reference channel", value: "'\(name)'",
            expected: "one of: \(labels.prefix(12).joined(separator: ", "))"
                + (labels.count > 12 ? ", …" : ""))
    }

    private static func tooFewPlaced(_ labels: [String], _ count: Int) -> DSPError {
        .invalidParameter(
            name: "reference", value: "\(count) channel(s) with electrode positions",
            expected: "at least 2 scalp channels with standard 10-05 names (e.g. Fz, Cz, Pz) or "
                + "supplied positions; labels: \(labels.prefix(8).joined(separator: ", "))")
    }
}

extension Recording {
    /// The recording with its scalp channels re-referenced by `scheme`.
    ///
    /// - Parameters:
    ///   - scheme: The reference.
    ///   - positions: Caller-supplied electrode positions by label (head frame, metres), e.g.
    ///     from BIDS `electrodes.tsv`; the standard 10-05 template fills the rest.
    /// - Throws: The errors of ``ReferencePlan/init(scheme:labels:positions:)`` and
    ///   ``ReferencePlan/apply(to:)``.
    public func rereferenced(
        _ scheme: ReferenceScheme, positions: [String: ElectrodePosition] = [:]
    ) throws -> Recording {
        let plan = try ReferencePlan(scheme: scheme, labels: labels, positions: positions)
        var channels = signals.map(\.samples)
        try plan.apply(to: &channels)
        let targets = Set(plan.targetIndices)
        let rereferenced = try signals.enumerated().map { index, signal in
            guard targets.contains(index) else { return signal }
            // The type is fixed before the unit changes: a CSD channel in uV/m^2 is still
            // EEG, though its unit is no voltage.
            return try Signal(
                samples: channels[index], sampleRate: signal.sampleRate,
                label: signal.label, unit: plan.outputUnit(for: signal.unit),
                declared: signal.declared.updating(type: signal.channelType))
        }
        return Recording(
            signals: rereferenced, annotations: annotations, startDate: startDate,
            metadata: metadata, stretches: gapStructure, powerLineFrequency: powerLineFrequency)
    }
}
