import EEGCore

/// Scalp regions of the 10-10 system, used to group channels in reports.
public enum ScalpRegion: String, Sendable, CaseIterable, Comparable {
    case frontal
    case central
    case temporal
    case parietal
    case occipital
    /// Labels that are not 10-10 electrode names (e.g. BioSemi `A1`, `Status`, ECG).
    case other

    /// The region of a channel label, from its electrode name (``EEGCore/ChannelName``):
    /// Fp/AF/F → frontal, FC/C → central, FT/T/TP → temporal, CP/P → parietal, PO/O/I →
    /// occipital; anything else → other.
    public init(label: String) {
        let electrode = ChannelName.electrode(label)
        let letters = String(electrode.prefix { $0.isLetter })
        let digits = electrode.dropFirst(letters.count)
        let stem: String
        if digits.isEmpty, letters.count >= 2, letters.hasSuffix("z") {
            stem = String(letters.dropLast())  // midline: Fz, FCz, POz …
        } else if !digits.isEmpty, digits.allSatisfy(\.isNumber) {
            stem = letters
        } else {
            self = .other
            return
        }
        switch stem {
        case "fp", "af", "f": self = .frontal
        case "fc", "c": self = .central
        case "ft", "t", "tp": self = .temporal
        case "cp", "p": self = .parietal
        case "po", "o", "i": self = .occipital
        default: self = .other
        }
    }

    public static func < (lhs: ScalpRegion, rhs: ScalpRegion) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Channel groups for plots: channels of one scalp region, at most `maximumSize` per group.
public struct ChannelGroup: Sendable, Equatable {
    /// A heading such as `Parietal` or `Parietal (2 of 2)`.
    public let title: String
    /// Indices into the recording's channel list, in file order.
    public let channelIndices: [Int]

    /// Groups `labels` by ``ScalpRegion`` (frontal → occipital, then other), splitting regions
    /// larger than `maximumSize` (default 8) into consecutive parts of near-equal size.
    public static func groups(labels: [String], maximumSize: Int = 8) -> [ChannelGroup] {
        let size = max(1, maximumSize)
        var byRegion: [ScalpRegion: [Int]] = [:]
        for (index, label) in labels.enumerated() {
            byRegion[ScalpRegion(label: label), default: []].append(index)
        }
        var result: [ChannelGroup] = []
        for region in ScalpRegion.allCases {
            guard let indices = byRegion[region] else { continue }
            // Balanced parts (17 channels → 6, 6, 5 rather than 8, 8, 1).
            let partCount = (indices.count + size - 1) / size
            let parts = (0..<partCount).map { part in
                Array(indices[(part * indices.count / partCount)..<((part + 1) * indices.count
                    / partCount)])
            }
            let name = region.rawValue.prefix(1).uppercased() + region.rawValue.dropFirst()
            for (number, part) in parts.enumerated() {
                let title = parts.count > 1 ? "\(name) (\(number + 1) of \(parts.count))" : name
                result.append(ChannelGroup(title: title, channelIndices: part))
            }
        }
        return result
    }

    /// The posterior midline electrodes, in the order reports show them: CPz, Pz, POz, Oz.
    /// Where the ~3 Hz rhythm of Vesuna et al. (2020) would be expected to project on the
    /// scalp, if at all (a proxy: the rhythm was recorded intracranially).
    public static let posteriorMidline = ["CPz", "Pz", "POz", "Oz"]

    /// Indices of the posterior midline channels present in `labels`, in the order of
    /// ``posteriorMidline``.
    public static func posteriorMidlineIndices(labels: [String]) -> [Int] {
        posteriorMidline.compactMap { name in
            labels.firstIndex { ChannelName.matches($0, name) }
        }
    }
}
