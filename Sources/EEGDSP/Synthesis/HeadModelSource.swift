import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An oscillating current dipole that a physical scenario projects through the spherical head
/// model (``SphericalHeadModel``) onto the electrodes.
///
/// ```swift
/// var parameters = ScenarioParameters()
/// parameters.source = HeadModelSource(named: .posteromedial, moment: 40, rhythm: .delta3)
/// let result = try Scenario.dipole.synthesize(parameters)
/// ```
///
/// The source's time course is a burst train of its rhythm in nAm; each channel receives it
/// times the channel's lead field (µV per nAm, reference at infinity). The ground truth lists
/// an episode on every channel whose |lead field| is at least
/// ``Scenario/truthWeightThreshold`` (0.5) of the largest |lead field| over the montage.
public struct HeadModelSource: Sendable, Equatable {
    /// Position in MNE's head frame, metres (inside the brain sphere).
    public var position: ElectrodePosition
    /// Orientation in the head frame (any length), or `nil` for radial from the sphere centre.
    public var orientation: ElectrodePosition?
    /// Peak moment of an episode at full envelope, in nAm, or `nil` to derive it from the
    /// scenario's SNR at the electrode with the largest |lead field| (see ``Scenario``).
    public var moment: NanoampereMetres?
    /// The oscillation: `delta3` (2.5–3.5 Hz bursts), `gamma` (30–80 Hz bursts avoiding the
    /// mains) or a band (bursts at frequencies drawn from the band).
    public var rhythm: Rhythm
    /// The named source this was made from, if any (for annotations).
    public let name: String?

    /// A source at an explicit position.
    ///
    /// - Parameters:
    ///   - position: Head frame, metres.
    ///   - orientation: Head frame, or `nil` for radial.
    ///   - moment: nAm, or `nil` to derive it from the SNR.
    ///   - rhythm: The oscillation; default `delta3`.
    public init(
        position: ElectrodePosition, orientation: ElectrodePosition? = nil,
        moment: NanoampereMetres? = nil, rhythm: Rhythm = .delta3
    ) {
        self.position = position
        self.orientation = orientation
        self.moment = moment
        self.rhythm = rhythm
        name = nil
    }

    /// A source at one of the library's named cortical locations.
    ///
    /// - Parameters:
    ///   - source: The location (see ``NamedSource``).
    ///   - orientation: Head frame, or `nil` for radial (the named sources' convention).
    ///   - moment: nAm, or `nil` to derive it from the SNR.
    ///   - rhythm: The oscillation; default `delta3`.
    public init(
        named source: NamedSource, orientation: ElectrodePosition? = nil,
        moment: NanoampereMetres? = nil, rhythm: Rhythm = .delta3
    ) {
        position = source.position
        self.orientation = orientation
        self.moment = moment
        self.rhythm = rhythm
        name = source.rawValue
    }

    /// The default of the head-model scenarios: the posteromedial source, radial, `delta3`,
    /// moment from the SNR.
    public static let posteromedialDelta3 = HeadModelSource(named: .posteromedial)

    /// The current dipole of this source with moment 1 nAm in `model`.
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a zero or non-finite
    ///   orientation or position.
    func unitDipole(in model: SphericalHeadModel) throws -> CurrentDipole {
        try CurrentDipole(
            position: position, orientation: orientation ?? position.subtracting(model.center),
            moment: 1)
    }

    /// A short description for the recording's header annotation.
    var summary: String {
        let place = name ?? "(\(formatFixed(position.x, decimals: 4)), "
            + "\(formatFixed(position.y, decimals: 4)), \(formatFixed(position.z, decimals: 4))) m"
        return "source=\(place) rhythm=\(rhythm.name)"
    }
}

/// The distributed cortical background of the physical scenarios: many current dipoles with
/// independent aperiodic time courses at random places and orientations in the cortex.
///
/// Assumptions (documented in docs/spatial.md): positions uniform over the directions whose
/// elevation above the sphere centre's horizontal plane exceeds −30° (the part of the brain
/// under the electrodes), 1 cm under the brain sphere's surface (grey matter); orientations uniform on the sphere (the cortex is folded: crowns radial,
/// sulcal walls tangential); equal power. Together they carry
/// ``ScenarioParameters/corticalBackgroundFraction`` of the background PSD at 10 Hz averaged
/// over the channels; independent per-channel noise (amplifier, electrode and unmodelled
/// sources) carries the rest.
struct CorticalBackground {
    /// Depth of the background dipoles under the brain sphere's surface, metres.
    static let depth: Metres = 0.01
    /// Lowest elevation of a background dipole above the centre's horizontal plane, as sin.
    static let lowestElevationSine = -0.5

    /// Lead fields: `gains[source][channel]` in µV per nAm, reference at infinity.
    let gains: [[Double]]

    /// Draws `count` dipoles from `generator` and computes their lead fields at `electrodes`.
    init(
        count: Int, model: SphericalHeadModel, electrodes: [ElectrodePosition],
        using generator: inout some RandomNumberGenerator
    ) throws {
        var gains: [[Double]] = []
        gains.reserveCapacity(count)
        let radius = model.shells[0].radius - Self.depth
        for _ in 0..<count {
            let direction = Self.uniformDirection(
                lowestZ: Self.lowestElevationSine, using: &generator)
            let orientation = Self.uniformDirection(lowestZ: -1, using: &generator)
            let position = ElectrodePosition(
                x: model.center.x + radius * direction.x,
                y: model.center.y + radius * direction.y,
                z: model.center.z + radius * direction.z)
            let dipole = try CurrentDipole(
                position: position, orientation: orientation, moment: 1)
            gains.append(try model.potentials(of: dipole, at: electrodes))
        }
        self.gains = gains
    }

    /// Σ over sources of the squared lead field, averaged over the channels (µV²/nAm²): the
    /// channel-averaged power gain of equal, independent sources.
    var meanSquaredGain: Double {
        guard let channelCount = gains.first?.count, channelCount > 0 else { return 0 }
        let total = gains.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }
        return total / Double(channelCount)
    }

    /// A unit vector uniform on the part of the sphere with z ≥ `lowestZ` (Archimedes: z is
    /// uniform for a uniform point on the sphere).
    static func uniformDirection(
        lowestZ: Double, using generator: inout some RandomNumberGenerator
    ) -> ElectrodePosition {
        let z = generator.uniform(lowestZ, 1)
        let azimuth = generator.uniform(0, 2 * Double.pi)
        let horizontal = max(0, 1 - z * z).squareRoot()
        return ElectrodePosition(
            x: horizontal * cos(azimuth), y: horizontal * sin(azimuth), z: z)
    }
}
