import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The spherical-spline functions g and h of Perrin et al. (1989), used by the surface
/// Laplacian and by scalp-map interpolation.
///
/// g(x) = 1/(4π) Σₙ (2n+1) / (nᵐ (n+1)ᵐ) Pₙ(x) and h(x) the same sum with exponent m − 1 (the
/// Laplacian of g up to the factor −1/r²), n = 1…N, for x the cosine of the angle between two
/// points on the unit sphere. Matches MNE's `_calc_g` / `_calc_h`.
///
/// Perrin F, Pernier J, Bertrand O, Echallier JF (1989). Spherical splines for scalp potential
/// and current density mapping. Electroencephalogr. Clin. Neurophysiol. 72:184–187,
/// doi:10.1016/0013-4694(89)90180-6.
struct SphericalSpline: Sendable {
    let gCoefficients: [Double]
    let hCoefficients: [Double]

    /// - Parameters:
    ///   - stiffness: The spline order m (MNE default 4).
    ///   - legendreTermCount: N, the number of Legendre terms (MNE default 50).
    init(stiffness: Double, legendreTermCount: Int) {
        var g = [0.0]
        var h = [0.0]
        for degree in 1...max(1, legendreTermCount) {
            let n = Double(degree)
            let base = n * (n + 1)
            g.append((2 * n + 1) / (pow(base, stiffness) * 4 * Double.pi))
            h.append((2 * n + 1) / (pow(base, stiffness - 1) * 4 * Double.pi))
        }
        gCoefficients = g
        hCoefficients = h
    }

    func g(_ cosine: Double) -> Double { LegendreSeries.value(at: cosine, coefficients: gCoefficients) }
    func h(_ cosine: Double) -> Double { LegendreSeries.value(at: cosine, coefficients: hCoefficients) }

    /// The cosines of the angles between every pair of `directions` seen from `center`,
    /// clipped to [−1, 1].
    static func cosines(
        of directions: [ElectrodePosition], center: ElectrodePosition
    ) -> DenseMatrix {
        let units = directions.map { position -> (Double, Double, Double) in
            let shifted = position.subtracting(center)
            let norm = shifted.norm
            return (shifted.x / norm, shifted.y / norm, shifted.z / norm)
        }
        var matrix = DenseMatrix(rowCount: units.count, columnCount: units.count)
        for row in units.indices {
            for column in units.indices {
                let a = units[row]
                let b = units[column]
                matrix[row, column] = min(1, max(-1, a.0 * b.0 + a.1 * b.1 + a.2 * b.2))
            }
        }
        return matrix
    }
}
