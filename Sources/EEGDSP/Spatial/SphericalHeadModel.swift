import EEGCore

/// Dipole moment in nanoampere-metres.
public typealias NanoampereMetres = Double

/// A current dipole: position (head frame, metres), unit orientation and moment (nAm).
public struct CurrentDipole: Sendable, Equatable {
    /// Position in MNE's head frame, metres.
    public let position: ElectrodePosition
    /// Unit orientation vector (normalized at creation).
    public let orientation: ElectrodePosition
    /// Moment in nAm (may be negative: the orientation flipped).
    public let moment: NanoampereMetres

    /// Creates a dipole; `orientation` is normalized to unit length.
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a zero or non-finite
    ///   orientation, a non-finite position or moment.
    public init(
        position: ElectrodePosition, orientation: ElectrodePosition,
        moment: NanoampereMetres = 10
    ) throws {
        let norm = orientation.norm
        guard norm > 0, norm.isFinite else {
            throw DSPError.invalidParameter(
                name: "dipole orientation", value: "(\(orientation.x), \(orientation.y), "
                    + "\(orientation.z))", expected: "a non-zero finite vector")
        }
        guard position.x.isFinite, position.y.isFinite, position.z.isFinite, moment.isFinite
        else {
            throw DSPError.invalidParameter(
                name: "dipole", value: "non-finite position or moment",
                expected: "finite values")
        }
        self.position = position
        self.orientation = ElectrodePosition(
            x: orientation.x / norm, y: orientation.y / norm, z: orientation.z / norm)
        self.moment = moment
    }
}

/// A multi-shell spherical head (brain, CSF, skull, scalp) and the scalp potential of current
/// dipoles in it.
///
/// The defaults are MNE's `make_sphere_model()` defaults: centre (0, 0, 0.04) m in the head
/// frame, scalp radius 0.09 m, relative radii 0.90, 0.92, 0.97, 1.0 and conductivities 0.33,
/// 1.0, 0.004, 0.33 S/m. Potentials use the three-term Berg–Scherg approximation
/// (``BergSchergApproximation``) of the exact shell series, as MNE does, and the closed-form
/// homogeneous-sphere potential (Mosher, Leahy & Lewis 1999, IEEE Trans. Biomed. Eng.
/// 46:245–259, doi:10.1109/10.748978, eq. 9). Electrodes are used where they are (not projected
/// onto the scalp sphere), as MNE; the reference is at infinity. Checked against MNE's
/// `make_forward_dipole` on the sphere model to 1 % RMS (fixture test).
///
/// ```swift
/// let head = SphericalHeadModel()
/// let dipole = try CurrentDipole(position: .init(x: 0, y: -0.02, z: 0.07),
///                                orientation: .init(x: 0, y: 0, z: 1), moment: 10)
/// let microvolts = try head.potentials(of: dipole, at: [pz])
/// ```
public struct SphericalHeadModel: Sendable, Equatable {
    /// One shell: outer radius (metres) and conductivity (S/m).
    public struct Shell: Sendable, Equatable {
        public let radius: Metres
        public let conductivity: Double
    }

    /// Sphere centre in the head frame, metres.
    public let center: ElectrodePosition
    /// Shells from the inside out.
    public let shells: [Shell]
    let approximation: BergSchergApproximation

    /// Creates the model.
    ///
    /// - Parameters:
    ///   - center: Centre, head frame, metres (default (0, 0, 0.04)).
    ///   - headRadius: Scalp radius, metres (default 0.09).
    ///   - relativeRadii: Shell radii as fractions of the scalp radius, inside out
    ///     (default 0.90, 0.92, 0.97, 1.0).
    ///   - conductivities: S/m, inside out (default 0.33, 1.0, 0.004, 0.33).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for mismatched or
    ///   non-positive radii and conductivities.
    public init(
        center: ElectrodePosition = ElectrodePosition(x: 0, y: 0, z: 0.04),
        headRadius: Metres = 0.09,
        relativeRadii: [Double] = [0.90, 0.92, 0.97, 1.0],
        conductivities: [Double] = [0.33, 1.0, 0.004, 0.33]
    ) throws {
        guard relativeRadii.count == conductivities.count, !relativeRadii.isEmpty,
              headRadius > 0, relativeRadii.allSatisfy({ $0 > 0 }),
              conductivities.allSatisfy({ $0 > 0 }),
              zip(relativeRadii, relativeRadii.dropFirst()).allSatisfy({ $0 < $1 })
        else {
            throw DSPError.invalidParameter(
                name: "sphere model", value: "radii \(relativeRadii), conductivities "
                    + "\(conductivities), head radius \(headRadius) m",
                expected: "equal counts of ascending positive radii and positive conductivities")
        }
        let outer = relativeRadii[relativeRadii.count - 1]
        let relative = relativeRadii.map { $0 / outer }
        self.center = center
        shells = zip(relative, conductivities).map {
            Shell(radius: headRadius * $0.0, conductivity: $0.1)
        }
        approximation = relative == Self.defaultRelativeRadii
                && conductivities == Self.defaultConductivities
            ? Self.defaultApproximation
            : BergSchergApproximation(relativeRadii: relative, conductivities: conductivities)
    }

    static let defaultRelativeRadii = [0.90, 0.92, 0.97, 1.0]
    static let defaultConductivities = [0.33, 1.0, 0.004, 0.33]
    /// The fit depends only on relative radii and conductivities: done once for the defaults.
    static let defaultApproximation = BergSchergApproximation(
        relativeRadii: defaultRelativeRadii, conductivities: defaultConductivities)

    /// The Berg–Scherg eccentricities μ (largest first) and weights λ (relative to the scalp
    /// conductivity) of this model, and the fit's residual variance.
    public var bergSchergParameters: (mu: [Double], lambda: [Double], residualVariance: Double) {
        (approximation.mu, approximation.lambda, approximation.residualVariance)
    }

    /// The potential of `dipole` at each electrode, in µV, reference at infinity.
    ///
    /// - Parameter electrodes: Positions in the head frame, metres.
    /// - Returns: One potential per electrode in µV, linear in the dipole moment.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when the dipole lies
    ///   outside the innermost shell (the brain) or an electrode sits at the centre.
    public func potentials(
        of dipole: CurrentDipole, at electrodes: [ElectrodePosition]
    ) throws -> [Double] {
        var source = dipole.position.subtracting(center)
        let brainRadius = shells[0].radius
        guard source.norm < brainRadius else {
            throw DSPError.invalidParameter(
                name: "dipole position",
                value: "(\(dipole.position.x), \(dipole.position.y), \(dipole.position.z)) m, "
                    + "\(source.norm) m from the sphere centre",
                expected: "inside the brain sphere (radius \(brainRadius) m around "
                    + "(\(center.x), \(center.y), \(center.z)))")
        }
        // The closed form divides by |r_q|²; a dipole at the exact centre is its smooth limit,
        // reached to ~1e-5 relative by a 1 µm offset.
        if source.norm < 1e-6 { source = ElectrodePosition(x: 0, y: 0, z: 1e-6) }
        let scalpConductivity = shells[shells.count - 1].conductivity
        let moment = dipole.orientation
        // nAm → Am (1e-9), V → µV (1e6).
        let scale = dipole.moment * 1e-9 * 1e6 / (4 * Double.pi * scalpConductivity)
        return try electrodes.map { electrode in
            let field = electrode.subtracting(center)
            guard field.norm > 0 else {
                throw DSPError.invalidParameter(
                    name: "electrode position", value: "at the sphere centre",
                    expected: "a point on the scalp")
            }
            var sum = 0.0
            for (mu, lambda) in zip(approximation.mu, approximation.lambda) {
                let scaled = ElectrodePosition(
                    x: mu * source.x, y: mu * source.y, z: mu * source.z)
                sum += lambda * Self.homogeneousPotential(
                    source: scaled, moment: moment, field: field)
            }
            return scale * sum
        }
    }

    /// 4π σ × the potential at `field` of a unit dipole at `source` in a homogeneous sphere of
    /// radius |field| (both relative to the centre).
    static func homogeneousPotential(
        source: ElectrodePosition, moment: ElectrodePosition, field: ElectrodePosition
    ) -> Double {
        let sourceSquared = source.dot(source)
        let fieldSquared = field.dot(field)
        let fieldNorm = fieldSquared.squareRoot()
        let difference = field.subtracting(source)
        let distance = difference.norm
        let fieldDotSource = field.dot(source)
        let fieldAlong = fieldSquared - fieldDotSource
        let sourceAlong = fieldDotSource - sourceSquared
        let f = distance * (fieldNorm * distance + fieldAlong)
        let twoOverCube = 2 / (distance * distance * distance)
        let c1 = twoOverCube * sourceAlong + 1 / distance - 1 / fieldNorm
        let c2 = twoOverCube + (distance + fieldNorm) / (fieldNorm * f)
        let sourceWeight = c1 - c2 * fieldDotSource
        let fieldWeight = c2 * sourceSquared
        return (sourceWeight * source.dot(moment) + fieldWeight * field.dot(moment))
            / sourceSquared
    }
}

// MARK: - Geometry fitted to the electrode template

extension SphericalHeadModel {
    /// The default shells and conductivities on the sphere fitted to MNE's `standard_1005`
    /// template (all 343 positions, face points excluded, as ``HeadSphere/fitted(to:)`` and
    /// MNE's `make_sphere_model("auto", "auto", info)` on a montage without head shape):
    /// centre ≈ (−0.001, 0.015, 0.041) m, radius ≈ 0.098 m.
    ///
    /// MNE's default sphere (centre (0, 0, 0.04), radius 0.09 m) sits 15 mm behind the
    /// template's centre, so template electrodes lie between 83 mm (P8) and 119 mm (Fp1) from
    /// it: frontal fields come out too weak and low posterior ones too strong. The fitted
    /// sphere (electrodes 84–114 mm from its centre, SD 5.5 mm) is what synthesis uses, with
    /// electrodes projected onto its surface (``projectedOntoScalp(_:)``).
    ///
    /// - Throws: ``DSPError`` if the template cannot be fitted (not for the built-in one).
    public static func fittedToStandardTemplate() throws -> SphericalHeadModel {
        let positions = StandardElectrodePositions.labels.compactMap {
            StandardElectrodePositions.position(of: $0)
        }
        let sphere = try HeadSphere.fitted(to: positions)
        return try SphericalHeadModel(center: sphere.center, headRadius: sphere.radius)
    }

    /// The scalp (outermost shell) radius in metres.
    public var scalpRadius: Metres { shells[shells.count - 1].radius }

    /// The point where the ray from the centre through `position` meets the scalp sphere
    /// (the centre itself maps to the vertex).
    public func projectedOntoScalp(_ position: ElectrodePosition) -> ElectrodePosition {
        let offset = position.subtracting(center)
        let norm = offset.norm
        guard norm > 0, norm.isFinite else {
            return ElectrodePosition(x: center.x, y: center.y, z: center.z + scalpRadius)
        }
        let scale = scalpRadius / norm
        return ElectrodePosition(
            x: center.x + scale * offset.x, y: center.y + scale * offset.y,
            z: center.z + scale * offset.z)
    }
}
