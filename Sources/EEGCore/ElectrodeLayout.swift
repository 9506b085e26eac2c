/// The positions of a recording's channels, resolved from caller-supplied positions (a file or
/// BIDS `electrodes.tsv`) first and the standard 10-05 template second.
///
/// Channels without a position are listed in ``unplacedLabels`` rather than guessed; spatial
/// methods that need every channel placed throw naming them.
///
/// ```swift
/// let layout = ElectrodeLayout(labels: ["EEG Fz-Ref", "Cz", "ECG"])
/// layout.unplacedLabels  // ["ECG"]
/// ```
public struct ElectrodeLayout: Sendable, Equatable {
    /// Where a channel's position came from.
    public enum Source: String, Sendable, Equatable {
        /// Supplied by the caller (file, `electrodes.tsv`).
        case supplied
        /// MNE's `standard_1005` template, matched by electrode name.
        case standard1005
    }

    /// The channel labels, in the recording's order.
    public let labels: [String]
    /// Each channel's position in the head frame (metres), `nil` when unknown.
    public let positions: [ElectrodePosition?]
    /// Where each position came from, `nil` when unknown.
    public let sources: [Source?]

    /// Resolves positions for `labels`.
    ///
    /// - Parameters:
    ///   - labels: Channel labels as stored in the file.
    ///   - supplied: Positions by label in MNE's head frame, metres (matched like channel
    ///     names, see ``ChannelName/matches(_:_:)``); these take precedence over the template.
    ///     Unusable entries (non-finite or all-zero, as MNE's "no position") are ignored.
    ///   - useStandard: Whether to fall back to the standard 10-05 template (default `true`).
    public init(
        labels: [String], supplied: [String: ElectrodePosition] = [:], useStandard: Bool = true
    ) {
        let suppliedByElectrode = Dictionary(
            supplied.filter { $0.value.isUsable }.map { (ChannelName.electrode($0.key), $0.value) },
            uniquingKeysWith: { first, _ in first })
        var positions: [ElectrodePosition?] = []
        var sources: [Source?] = []
        for label in labels {
            if let exact = supplied[label], exact.isUsable {
                positions.append(exact)
                sources.append(.supplied)
            } else if let matched = suppliedByElectrode[ChannelName.electrode(label)] {
                positions.append(matched)
                sources.append(.supplied)
            } else if useStandard, let standard = StandardElectrodePositions.position(of: label) {
                positions.append(standard)
                sources.append(.standard1005)
            } else {
                positions.append(nil)
                sources.append(nil)
            }
        }
        self.labels = labels
        self.positions = positions
        self.sources = sources
    }

    /// The labels that have no position, in channel order.
    public var unplacedLabels: [String] {
        zip(labels, positions).compactMap { $0.1 == nil ? $0.0 : nil }
    }

    /// Every position, or a throw naming the channels that have none.
    ///
    /// - Throws: ``CoreError/invalidParameter(name:value:expected:)`` listing the unplaced
    ///   channels.
    public func requireAllPlaced() throws -> [ElectrodePosition] {
        let missing = unplacedLabels
        guard missing.isEmpty else {
            let shown = missing.prefix(8).joined(separator: ", ")
            throw CoreError.invalidParameter(
                name: "electrode positions", value: "missing for \(shown)"
                    + (missing.count > 8 ? " and \(missing.count - 8) more" : ""),
                expected: "standard 10-05 names or positions supplied with the recording")
        }
        return positions.compactMap { $0 }
    }
}
