import EEGCore

/// A sphere fitted to (or assumed for) the head: centre in the head frame and radius, metres.
public struct HeadSphere: Sendable, Equatable {
    /// The centre, in metres in the head frame.
    public let center: ElectrodePosition
    /// The radius, in metres.
    public let radius: Metres

    /// Creates a sphere.
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a radius that is not
    ///   positive and finite.
    public init(center: ElectrodePosition, radius: Metres) throws {
        guard radius > 0, radius.isFinite else {
            throw DSPError.invalidParameter(
                name: "sphere radius", value: "\(radius) m", expected: "a positive radius")
        }
        self.center = center
        self.radius = radius
    }

    /// The linear least-squares sphere through `points`, as MNE's `fit_sphere_to_headshape`
    /// with `dig_kinds="auto"` on EEG-only data: points with z < 0 and y > 0 (nose and face)
    /// are excluded first, then `|p|² = 2 p·c + d` is solved for the centre c and
    /// r = √(|c|² + d).
    ///
    /// - Parameter points: Electrode positions in metres (at least 4 after the exclusion).
    /// - Throws: ``DSPError/fitFailed(reason:)`` for fewer than 4 usable points or a degenerate
    ///   (e.g. coplanar) set.
    public static func fitted(to points: [ElectrodePosition]) throws -> HeadSphere {
        let kept = points.filter { !($0.z < -1e-6 && $0.y > 1e-6) }
        guard kept.count >= 4 else {
            throw DSPError.fitFailed(
                reason: "a head sphere needs at least 4 electrode positions off the face, got "
                    + "\(kept.count)")
        }
        // Normal equations of the 4-parameter linear problem, solved by the small inverse.
        var normal = DenseMatrix(rowCount: 4, columnCount: 4)
        var rightHandSide = [0.0, 0.0, 0.0, 0.0]
        for point in kept {
            let row = [2 * point.x, 2 * point.y, 2 * point.z, 1]
            let target = point.dot(point)
            for i in 0..<4 {
                rightHandSide[i] += row[i] * target
                for j in 0..<4 { normal[i, j] += row[i] * row[j] }
            }
        }
        guard let inverse = normal.inverted() else {
            throw DSPError.fitFailed(reason: "electrode positions are degenerate (coplanar?)")
        }
        var solution = [0.0, 0.0, 0.0, 0.0]
        for i in 0..<4 {
            for j in 0..<4 { solution[i] += inverse[i, j] * rightHandSide[j] }
        }
        let center = ElectrodePosition(x: solution[0], y: solution[1], z: solution[2])
        let squared = center.dot(center) + solution[3]
        guard squared > 0 else {
            throw DSPError.fitFailed(reason: "no real sphere fits the electrode positions")
        }
        return try HeadSphere(center: center, radius: squared.squareRoot())
    }
}
