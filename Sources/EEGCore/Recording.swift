import Foundation

/// One annotation of a recording: an event with an onset, an optional duration and a text.
public struct Annotation: Sendable, Equatable, Hashable {
    /// Seconds from the start of the recording.
    public let onset: Seconds
    /// Duration in seconds, or `nil` when the source gave none.
    public let duration: Seconds?
    /// Free text (UTF-8).
    public let description: String

    public init(onset: Seconds, duration: Seconds?, description: String) {
        self.onset = onset
        self.duration = duration
        self.description = description
    }
}

/// A multichannel recording: signals (each with its own rate), annotations and metadata.
///
/// Algorithms are written for one ``Signal``; a recording applies them channel by channel.
public struct Recording: Sendable, Equatable {
    /// The data channels, in file order. Annotation channels are not included.
    public let signals: [Signal]
    /// Annotations sorted by onset.
    public let annotations: [Annotation]
    /// The recording start, if the source states one.
    public let startDate: Date?
    /// Free-form descriptive metadata (patient, recording fields, format), keyed by name. It
    /// carries no structure: the gap structure is ``stretches``.
    public let metadata: [String: String]
    /// The gap-free stretches, in time order: one stretch of ``duration`` seconds from 0 for a
    /// continuous recording; for a discontinuous one (EDF+D/BDF+D) the runs of samples taken
    /// without interruption, joined back to back in ``signals``.
    public let stretches: [GapFreeStretch]
    /// The mains frequency the source declares (BIDS `_eeg.json` `PowerLineFrequency`), in Hz,
    /// or `nil` when it declares none (then line noise is detected from the data).
    public let powerLineFrequency: Hertz?

    /// Creates a recording.
    ///
    /// - Parameters:
    ///   - signals: The data channels.
    ///   - annotations: Sorted by onset here.
    ///   - startDate: The recording start, if known.
    ///   - metadata: Descriptive fields only.
    ///   - stretches: The gap-free stretches of a discontinuous recording (see
    ///     ``GapFreeStretch/sequence(_:)``); `nil`, or a single stretch, means continuous.
    ///   - powerLineFrequency: The declared mains frequency in Hz, or `nil`.
    public init(
        signals: [Signal], annotations: [Annotation] = [], startDate: Date? = nil,
        metadata: [String: String] = [:], stretches: [GapFreeStretch]? = nil,
        powerLineFrequency: Hertz? = nil
    ) {
        self.signals = signals
        self.annotations = annotations.sorted { $0.onset < $1.onset }
        self.startDate = startDate
        self.metadata = metadata
        self.powerLineFrequency = powerLineFrequency
        if let stretches, stretches.count > 1 {
            self.stretches = stretches
        } else {
            let duration = signals.map(\.duration).max() ?? 0
            self.stretches = [GapFreeStretch(onset: 0, duration: duration, dataOffset: 0)]
        }
    }

    /// The stretches to hand to a copy whose signals keep their lengths (the `stretches:`
    /// argument of ``init(signals:annotations:startDate:metadata:stretches:)``): the list when
    /// the recording is discontinuous, `nil` (one stretch, recomputed from the copy's signals)
    /// when it is not.
    public var gapStructure: [GapFreeStretch]? { stretches.count > 1 ? stretches : nil }

    /// The channel labels in order.
    public var labels: [String] { signals.map(\.label) }

    /// The longest channel duration in seconds.
    public var duration: Seconds { signals.map(\.duration).max() ?? 0 }

    /// The first signal whose label matches `name` (see ``ChannelName/matches(_:_:)``).
    public func signal(named name: String) -> Signal? {
        signals.first { ChannelName.matches($0.label, name) }
    }

    /// The signals with the requested labels, in the requested order.
    ///
    /// - Throws: ``CoreError/invalidParameter(name:value:expected:)`` naming the first unknown
    ///   channel and listing the available ones.
    public func selecting(channels names: [String]) throws -> Recording {
        var picked: [Signal] = []
        for name in names {
            guard let signal = signal(named: name) else {
                let available = labels.prefix(12).joined(separator: ", ")
                throw CoreError.invalidParameter(
                    name: "channel", value: "'\(name)'",
                    expected: labels.isEmpty
                        ? "a data channel, but the recording has none (annotations only?)"
                        : "one of: \(available)\(labels.count > 12 ? ", …" : "")")
            }
            picked.append(signal)
        }
        return Recording(
            signals: picked, annotations: annotations, startDate: startDate, metadata: metadata,
            stretches: gapStructure, powerLineFrequency: powerLineFrequency)
    }

    /// A copy holding only `subset` (signals of this recording, e.g. its EEG channels), with
    /// the same annotations, metadata, stretches and line frequency.
    public func selectingSignals(_ subset: [Signal]) -> Recording {
        Recording(
            signals: subset, annotations: annotations, startDate: startDate, metadata: metadata,
            stretches: gapStructure, powerLineFrequency: powerLineFrequency)
    }

    /// A copy with the signals replaced by `transform` applied to each (which keeps each
    /// signal's length, so the stretches stay valid).
    public func mapSignals(_ transform: (Signal) throws -> Signal) rethrows -> Recording {
        Recording(
            signals: try signals.map(transform), annotations: annotations, startDate: startDate,
            metadata: metadata, stretches: gapStructure, powerLineFrequency: powerLineFrequency)
    }
}

/// Matching of channel names as users type them against labels as files store them.
public enum ChannelName {
    /// The label reduced to its electrode name: `EEG Pz-Ref` → `pz`, `Fc5.` → `fc5`, `Pz` → `pz`.
    ///
    /// Strips a leading type word (`EEG`, `POL`), a reference suffix after `-` (only when the
    /// label has a type word or the suffix is `Ref`/`REF`/`LE`/`AR`), trailing dots (BCI2000)
    /// and case.
    public static func electrode(_ label: String) -> String {
        var text = label.trimmingCharacters(in: .whitespaces)
        var hadTypeWord = false
        for prefix in ["EEG ", "POL ", "ECOG ", "SEEG "] where text.uppercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            hadTypeWord = true
        }
        if let dash = text.firstIndex(of: "-") {
            let suffix = text[text.index(after: dash)...].uppercased()
            if hadTypeWord || ["REF", "LE", "AR", "AVG", "M1", "M2", "A1", "A2"].contains(suffix) {
                text = String(text[..<dash])
            }
        }
        while text.hasSuffix(".") { text.removeLast() }
        return text.lowercased()
    }

    /// Whether a stored label and a requested name refer to the same channel: exact label
    /// match first, then electrode-name match.
    public static func matches(_ label: String, _ requested: String) -> Bool {
        if label == requested { return true }
        let wanted = requested.trimmingCharacters(in: .whitespaces)
        if label.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(wanted) == .orderedSame {
            return true
        }
        return electrode(label) == electrode(wanted) && !electrode(wanted).isEmpty
    }
}
