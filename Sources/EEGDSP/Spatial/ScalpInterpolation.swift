#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EEGCore

/// Spherical-spline interpolation of channel values over the scalp, for scalp maps.
///
/// Positions are projected onto a sphere (centre and radius as MNE's default topomap sphere,
/// (0, 0, 0) and 0.095 m in the head frame) and flattened by the azimuthal equidistant
/// projection MNE's `plot_topomap` uses: the distance from the map centre is the polar angle
/// from +z, with 90° (the sphere's equator) on the head outline at radius 1. Values between
/// and beyond the sensors come from the spherical spline of Perrin et al. (1989) (m = 4,
/// N = 50 Legendre terms, regularization 1e-5, as MNE's `_make_interpolation_matrix`) rather
/// than MNE's default Clough–Tocher interpolation on the flat map; the spline is smooth
/// across the whole head disk, which stands in for MNE's `extrapolate="head"`.
public struct ScalpInterpolation: Sendable {
    /// The sensors' planar positions (head outline radius 1; +x right, +y nose).
    public let planarPositions: [(x: Double, y: Double)]
    let directions: [ElectrodePosition]
    let spline: SphericalSpline
    let weights: DenseMatrix

    /// Prepares the interpolation for electrodes at `positions` (head frame, metres).
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for fewer than 3 positions
    ///   or an unusable one; ``DSPError/fitFailed(reason:)`` for a singular system (repeated
    ///   positions).
    public init(
        positions: [ElectrodePosition],
        center: ElectrodePosition = ElectrodePosition(x: 0, y: 0, z: 0)
    ) throws {
        guard positions.count >= 3 else {
            throw DSPError.invalidParameter(
                name: "scalp map channels", value: "\(positions.count)",
                expected: "at least 3 channels with electrode positions")
        }
        let shifted = positions.map { $0.subtracting(center) }
        guard shifted.allSatisfy({ $0.isUsable }) else {
            throw DSPError.invalidParameter(
                name: "electrode position", value: "zero or non-finite",
                expected: "finite positions off the sphere centre")
        }
        directions = shifted.map { point in
            let norm = point.norm
            return ElectrodePosition(x: point.x / norm, y: point.y / norm, z: point.z / norm)
        }
        planarPositions = directions.map(Self.planar)
        spline = SphericalSpline(stiffness: 4, legendreTermCount: 50)
        let count = directions.count
        // [G + αI, 1; 1ᵀ, 0] — the spline with a constant term (Perrin 1989, eq. 3).
        var system = DenseMatrix(rowCount: count + 1, columnCount: count + 1)
        for i in 0..<count {
            for j in 0..<count {
                let cosine = min(1, max(-1, directions[i].dot(directions[j])))
                system[i, j] = spline.g(cosine)
            }
            system[i, i] += 1e-5
            system[i, count] = 1
            system[count, i] = 1
        }
        guard let inverse = system.inverted() else {
            throw DSPError.fitFailed(reason: "scalp interpolation is singular (repeated positions?)")
        }
        weights = inverse
    }

    /// The planar map position of a unit direction (azimuthal equidistant, outline radius 1).
    static func planar(_ direction: ElectrodePosition) -> (x: Double, y: Double) {
        let polar = acos(min(1, max(-1, direction.z)))
        let horizontal = (direction.x * direction.x + direction.y * direction.y).squareRoot()
        guard horizontal > 1e-12 else { return (0, 0) }
        let radius = polar / (Double.pi / 2)
        return (radius * direction.x / horizontal, radius * direction.y / horizontal)
    }

    /// Interpolated values on a `size × size` grid over the square [−1, 1]² (row 0 at the
    /// top, +y towards the nose); cells whose centre lies outside the head outline (radius 1)
    /// are `nil`.
    ///
    /// - Parameters:
    ///   - values: One value per sensor, in the order of the positions.
    ///   - size: Cells per side (≥ 2).
    public func grid(values: [Double], size: Int) -> [[Double?]] {
        let coefficients = self.coefficients(values)
        let cellCount = max(2, size)
        return (0..<cellCount).map { row in
            let y = 1 - (Double(row) + 0.5) * 2 / Double(cellCount)
            return (0..<cellCount).map { column -> Double? in
                let x = -1 + (Double(column) + 0.5) * 2 / Double(cellCount)
                guard x * x + y * y <= 1 else { return nil }
                return value(atPlanarX: x, y: y, coefficients: coefficients)
            }
        }
    }

    /// The interpolated value at planar map points (head outline radius 1).
    ///
    /// - Parameters:
    ///   - points: Planar positions; points beyond radius 2 map past the opposite pole.
    ///   - values: One value per sensor, in the order of the positions.
    public func values(at points: [(x: Double, y: Double)], of values: [Double]) -> [Double] {
        let coefficients = self.coefficients(values)
        return points.map { value(atPlanarX: $0.x, y: $0.y, coefficients: coefficients) }
    }

    /// Spline coefficients c = W · [v; 0] (one per sensor, then the constant).
    private func coefficients(_ values: [Double]) -> [Double] {
        precondition(values.count == directions.count, "one value per sensor")
        let count = directions.count
        var coefficients = [Double](repeating: 0, count: count + 1)
        for i in 0...count {
            for j in 0..<count { coefficients[i] += weights[i, j] * values[j] }
        }
        return coefficients
    }

    private func value(atPlanarX x: Double, y: Double, coefficients: [Double]) -> Double {
        let count = directions.count
        let radius = (x * x + y * y).squareRoot()
        let polar = radius * Double.pi / 2
        let direction = radius > 1e-12
            ? ElectrodePosition(x: sin(polar) * x / radius, y: sin(polar) * y / radius, z: cos(polar))
            : ElectrodePosition(x: 0, y: 0, z: 1)
        var value = coefficients[count]
        for index in 0..<count {
            let cosine = min(1, max(-1, direction.dot(directions[index])))
            value += coefficients[index] * spline.g(cosine)
        }
        return value
    }
}
