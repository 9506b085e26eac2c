import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on an idealized spherical scalp, as a unit vector.
///
/// Axes: x to the right ear, y to the nasion, z to the vertex (Cz). The polar angle is measured
/// from Cz, the azimuth from the nasion direction towards the right.
public struct ScalpPosition: Sendable, Equatable {
    /// Component towards the right ear (T8).
    public let x: Double
    /// Component towards the nasion (Fpz).
    public let y: Double
    /// Component towards the vertex (Cz).
    public let z: Double

    /// The position at `polarAngle` degrees from Cz and `azimuth` degrees from the front
    /// (positive to the right, 180 = straight back).
    public init(polarAngle: Double, azimuth: Double) {
        let theta = polarAngle * Double.pi / 180
        let phi = azimuth * Double.pi / 180
        x = sin(theta) * sin(phi)
        y = sin(theta) * cos(phi)
        z = cos(theta)
    }

    init(unnormalizedX x: Double, y: Double, z: Double) {
        let norm = (x * x + y * y + z * z).squareRoot()
        self.x = x / norm
        self.y = y / norm
        self.z = z / norm
    }

    /// Degrees from Cz (0 at the vertex, 90 on the Fpz–T7–Oz–T8 circumference).
    public var polarAngle: Double { acos(max(-1, min(1, z))) * 180 / Double.pi }

    /// The angle from Cz in the mid-sagittal plane after projecting onto it, in degrees:
    /// negative towards the nose, positive towards the inion (Fz −45, Pz 45, Oz 90).
    public var sagittalAngle: Double { atan2(-y, z) * 180 / Double.pi }

    /// The great-circle angle to `other`, in degrees.
    public func angle(to other: ScalpPosition) -> Double {
        let dot = x * other.x + y * other.y + z * other.z
        return acos(max(-1, min(1, dot))) * 180 / Double.pi
    }

    /// The point a fraction `t` in [0, 1] of the way along the great circle to `other`.
    public func interpolated(to other: ScalpPosition, fraction t: Double) -> ScalpPosition {
        let omega = angle(to: other) * Double.pi / 180
        guard omega > 1e-12 else { return self }
        let a = sin((1 - t) * omega) / sin(omega)
        let b = sin(t * omega) / sin(omega)
        return ScalpPosition(
            unnormalizedX: a * x + b * other.x, y: a * y + b * other.y, z: a * z + b * other.z)
    }

    /// The azimuthal equidistant projection used for 2-D scalp maps: the distance from the
    /// centre is the polar angle / 90° (so the Fpz–T7–Oz–T8 circumference has radius 1), x to
    /// the right, y to the nose.
    public var planarPosition: (x: Double, y: Double) {
        let radius = polarAngle / 90
        let horizontal = (x * x + y * y).squareRoot()
        guard horizontal > 1e-12 else { return (0, 0) }
        return (radius * x / horizontal, radius * y / horizontal)
    }
}

/// A named scalp electrode of the 10-20 / 10-10 system with its idealized position.
public struct Electrode: Sendable, Equatable {
    /// The label (canonical spelling such as `POz`, or the alias asked for, such as `T3`).
    public let name: String
    /// The idealized position on a spherical head.
    public let position: ScalpPosition

    /// Creates an electrode at an explicit position.
    public init(name: String, position: ScalpPosition) {
        self.name = name
        self.position = position
    }

    /// The standard electrode named `name` (case-insensitive; the labels of files such as
    /// `EEG Pz-REF` or `Fc5.` are reduced with ``ChannelName/electrode(_:)``).
    ///
    /// Positions follow the 10-20 / 10-10 construction on a sphere (Jasper 1958; Chatrian et al.
    /// 1985; Oostenveld & Praamstra 2001, Clin. Neurophysiol. 112:713,
    /// doi:10.1016/S1388-2457(00)00527-7): the nasion–inion midline is divided in 10 % steps of
    /// 22.5° (Fpz and Oz on the circumference at 90° from Cz), the circumference in 10 % steps
    /// of 18° (Fp2 at 18°, F8 54°, T8 90°, P8 126°, O2 162°), and the electrodes 1–6 of a row
    /// lie at ¼, ½ and ¾ of the great-circle arc from the midline electrode to the row's
    /// circumference electrode (7/8); 9/10 lie 22.5° below the circumference. Odd numbers are
    /// on the left. The old names T3, T4, T5, T6 are accepted for T7, T8, P7, P8. On this
    /// idealized sphere the positions agree with MNE's `standard_1005` template to within a few
    /// degrees (checked by a fixture test).
    ///
    /// - Returns: The electrode, or `nil` for an unknown name.
    public static func standard(named name: String) -> Electrode? {
        let key = ChannelName.electrode(name)
        guard let entry = StandardPositions.table[key] else { return nil }
        let alias = StandardPositions.aliases[key]
        return Electrode(name: alias ?? entry.name, position: entry.position)
    }

    /// Every standard electrode name this type knows, in a fixed order (front to back, left to
    /// right).
    public static var standardNames: [String] { StandardPositions.ordered.map(\.name) }
}

/// A set of scalp channels with positions: the channels of a synthesized recording.
///
/// ```swift
/// let montage = try Montage(channels: ["Fz", "Cz", "Pz", "POz", "Oz"])
/// let weights = montage.weights(.gaussian(center: Montage.posteriorMidline, width: 30))
/// ```
public struct Montage: Sendable, Equatable {
    /// The electrodes, in channel order.
    public let electrodes: [Electrode]

    /// A montage of standard 10-20 / 10-10 electrodes.
    ///
    /// - Parameter channels: Electrode names (see ``Electrode/standard(named:)``).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` naming an unknown or
    ///   repeated channel, or an empty list.
    public init(channels: [String]) throws {
        guard !channels.isEmpty else {
            throw DSPError.invalidParameter(
                name: "channels", value: "(none)", expected: "at least one electrode name")
        }
        var electrodes: [Electrode] = []
        var seen = Set<String>()
        for name in channels {
            guard let electrode = Electrode.standard(named: name) else {
                throw DSPError.invalidParameter(
                    name: "channel", value: "'\(name)'",
                    expected: "a 10-20/10-10 electrode name such as Fz, Cz, Pz, POz, CPz, Oz, "
                        + "T7 or PO8")
            }
            guard seen.insert(electrode.name.lowercased()).inserted else {
                throw DSPError.invalidParameter(
                    name: "channel", value: "'\(name)' (repeated)", expected: "each channel once")
            }
            electrodes.append(electrode)
        }
        self.electrodes = electrodes
    }

    /// The channel labels in order.
    public var labels: [String] { electrodes.map(\.name) }

    /// The 19 electrodes of the classic 10-20 montage: Fp1 Fp2 F7 F3 Fz F4 F8 T7 C3 Cz C4 T8
    /// P7 P3 Pz P4 P8 O1 O2.
    public static let standard1020Names = [
        "Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz", "C4", "T8",
        "P7", "P3", "Pz", "P4", "P8", "O1", "O2",
    ]

    /// The scenario default: the 19 classic 10-20 electrodes plus the posterior midline
    /// 10-10 electrodes CPz, POz and Oz (22 channels).
    public static let scenarioDefaultNames = [
        "Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz", "C4", "T8",
        "CPz", "P7", "P3", "Pz", "P4", "P8", "POz", "O1", "Oz", "O2",
    ]

    /// The point midway between Pz and POz: the centre of the posterior-midline sources.
    public static var posteriorMidline: ScalpPosition {
        ScalpPosition(polarAngle: 56.25, azimuth: 180)
    }

    /// The spatial pattern of the ketamine scenario's ~3 Hz source: centred between Pz and POz,
    /// spread 40° along the midline and 15° across it, so that CPz, Pz, POz and Oz carry at
    /// least 0.7 of its amplitude and the lateral P3/P4 and O1/O2 less than 0.5.
    ///
    /// A deep posteromedial source projects broadly along the midline and falls off quickly
    /// to the sides; the widths are an assumption, not a fitted head model.
    public static var posteriorMidlinePattern: SpatialPattern {
        .midline(center: posteriorMidline, sagittalWidth: 40, lateralWidth: 15)
    }

    /// The gain of a source with spatial pattern `pattern` on each channel, in channel order.
    public func weights(_ pattern: SpatialPattern) -> [Double] {
        electrodes.map { pattern.weight(at: $0.position) }
    }
}

/// How strongly a source appears at each point of the scalp.
public enum SpatialPattern: Sendable, Equatable {
    /// Gain 1 everywhere.
    case uniform
    /// Gaussian fall-off with great-circle distance from `center`:
    /// `exp(−d² / (2 · width²))` with `d` and `width` in degrees of arc. On the 2-D map of
    /// ``ScalpPosition/planarPosition`` one unit of distance from the centre is 90°, so
    /// `width` 30° is one third of the head radius.
    case gaussian(center: ScalpPosition, width: Double)
    /// An elongated Gaussian for midline sources:
    /// `exp(−s² / (2 · sagittalWidth²) − l² / (2 · lateralWidth²))`, where `s` is the
    /// difference of the sagittal angles (the angle from Cz after projection onto the
    /// mid-sagittal plane) of the point and `center`, and `l` = asin(|x|) the point's angular
    /// distance from the mid-sagittal plane, all in degrees.
    case midline(center: ScalpPosition, sagittalWidth: Double, lateralWidth: Double)

    /// The gain in [0, 1] at `position`.
    public func weight(at position: ScalpPosition) -> Double {
        switch self {
        case .uniform:
            return 1
        case .gaussian(let center, let width):
            guard width > 0 else { return position == center ? 1 : 0 }
            let distance = center.angle(to: position)
            return exp(-(distance * distance) / (2 * width * width))
        case .midline(let center, let sagittalWidth, let lateralWidth):
            guard sagittalWidth > 0, lateralWidth > 0 else { return 0 }
            let sagittal = position.sagittalAngle - center.sagittalAngle
            let lateral = asin(max(-1, min(1, abs(position.x)))) * 180 / Double.pi
            return exp(
                -(sagittal * sagittal) / (2 * sagittalWidth * sagittalWidth)
                    - (lateral * lateral) / (2 * lateralWidth * lateralWidth))
        }
    }
}

// MARK: - Position table

enum StandardPositions {
    struct Entry {
        let name: String
        let position: ScalpPosition
    }

    /// The 10-10 rows: prefix of the interior electrodes, midline electrode, its signed
    /// polar angle (negative = anterior), prefix of the circumference electrodes and their
    /// azimuth on the right.
    private static let rows: [(interior: String, midline: String, polar: Double,
                               edge: String, azimuth: Double)] = [
        ("Fp", "Fpz", -90, "Fp", 18),
        ("AF", "AFz", -67.5, "AF", 36),
        ("F", "Fz", -45, "F", 54),
        ("FC", "FCz", -22.5, "FT", 72),
        ("C", "Cz", 0, "T", 90),
        ("CP", "CPz", 22.5, "TP", 108),
        ("P", "Pz", 45, "P", 126),
        ("PO", "POz", 67.5, "PO", 144),
        ("O", "Oz", 90, "O", 162),
    ]

    static let ordered: [Entry] = {
        var entries: [Entry] = []
        for row in rows {
            let midline = ScalpPosition(
                polarAngle: abs(row.polar), azimuth: row.polar < 0 ? 0 : 180)
            let hasInterior = abs(row.polar) < 90
            let edgeNumber = hasInterior ? (7, 8) : (1, 2)
            func edge(_ sign: Double) -> ScalpPosition {
                ScalpPosition(polarAngle: 90, azimuth: sign * row.azimuth)
            }
            func below(_ sign: Double) -> ScalpPosition {
                ScalpPosition(polarAngle: 112.5, azimuth: sign * row.azimuth)
            }
            let left = edge(-1)
            let right = edge(1)
            // Fp and O have no 9/10 electrodes in the 10-10 system (Iz lies below Oz).
            let hasLowerRow = row.edge != "Fp" && row.edge != "O"
            var rowEntries: [Entry] = []
            if hasLowerRow { rowEntries.append(Entry(name: "\(row.edge)9", position: below(-1))) }
            rowEntries.append(Entry(name: "\(row.edge)\(edgeNumber.0)", position: left))
            if hasInterior {
                for number in [5, 3, 1] {
                    let fraction = Double((number + 1) / 2) / 4
                    rowEntries.append(
                        Entry(name: "\(row.interior)\(number)",
                              position: midline.interpolated(to: left, fraction: fraction)))
                }
            }
            rowEntries.append(Entry(name: row.midline, position: midline))
            if hasInterior {
                for number in [2, 4, 6] {
                    let fraction = Double(number / 2) / 4
                    rowEntries.append(
                        Entry(name: "\(row.interior)\(number)",
                              position: midline.interpolated(to: right, fraction: fraction)))
                }
            }
            rowEntries.append(Entry(name: "\(row.edge)\(edgeNumber.1)", position: right))
            if hasLowerRow { rowEntries.append(Entry(name: "\(row.edge)10", position: below(1))) }
            entries += rowEntries
        }
        entries.append(Entry(name: "Iz", position: ScalpPosition(polarAngle: 112.5, azimuth: 180)))
        return entries
    }()

    /// Lower-cased electrode name → entry (look-up only; never iterated for output).
    static let table: [String: Entry] = {
        var table: [String: Entry] = [:]
        for entry in ordered { table[entry.name.lowercased()] = entry }
        for (alias, target) in aliasTargets { table[alias.lowercased()] = table[target] }
        return table
    }()

    /// Old 10-20 names and the 10-10 positions they denote.
    private static let aliasTargets: [(String, String)] = [
        ("T3", "t7"), ("T4", "t8"), ("T5", "p7"), ("T6", "p8"),
    ]

    /// Lower-cased alias → the alias spelled as users write it.
    static let aliases: [String: String] = {
        var aliases: [String: String] = [:]
        for (alias, _) in aliasTargets { aliases[alias.lowercased()] = alias }
        return aliases
    }()
}
