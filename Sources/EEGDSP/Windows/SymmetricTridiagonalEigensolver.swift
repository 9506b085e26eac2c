import Foundation

/// Selected eigenpairs of a real symmetric tridiagonal matrix, by bisection and inverse
/// iteration.
///
/// The method (Wilkinson 1965; Barth, Martin & Wilkinson 1967, "Calculation of the eigenvalues
/// of a symmetric tridiagonal matrix by the method of bisection", Numer. Math. 9,
/// doi:10.1007/BF02162154) is what LAPACK's `dstebz` + `dstein` do, and therefore what
/// `scipy.linalg.eigh_tridiagonal(select='i')` does:
///
/// 1. **Bisection on Sturm counts.** The number of eigenvalues below x equals the number of
///    negative pivots in the LDLᵀ factorization of T − xI, computed by the recurrence
///    q₀ = d₀ − x, qᵢ = dᵢ − x − eᵢ₋₁² / qᵢ₋₁. A pivot that is exactly zero is replaced by a
///    tiny negative number (the usual safeguard), so the count stays well defined. Starting
///    from the Gershgorin interval, each eigenvalue is bisected until its bracket is a few
///    ulps wide: the result is accurate to about ε‖T‖, independent of clustering.
/// 2. **Inverse iteration.** For each eigenvalue λ the system (T − λI) y = x is solved by
///    Gaussian elimination with partial pivoting on the tridiagonal band (zero pivots replaced
///    by ε‖T‖), three times from a deterministic, non-symmetric start vector, normalizing
///    each time; vectors of nearby eigenvalues are re-orthogonalized (modified Gram–Schmidt)
///    against earlier ones, as `dstein` does for clusters.
///
/// Cost: O(n) per Sturm count, about 60 counts per eigenvalue, O(n) per inverse-iteration
/// step: O(k·n) for k eigenpairs, with O(n) extra memory.
struct SymmetricTridiagonalEigensolver {
    /// The diagonal d (n values).
    let diagonal: [Double]
    /// The off-diagonal e (n − 1 values).
    let offDiagonal: [Double]

    init(diagonal: [Double], offDiagonal: [Double]) {
        precondition(offDiagonal.count == max(diagonal.count - 1, 0), "bad tridiagonal shape")
        self.diagonal = diagonal
        self.offDiagonal = offDiagonal
    }

    var count: Int { diagonal.count }

    /// The Gershgorin interval containing every eigenvalue.
    var gershgorinBounds: (lower: Double, upper: Double) {
        var lower = Double.infinity
        var upper = -Double.infinity
        for index in 0..<count {
            let left = index > 0 ? abs(offDiagonal[index - 1]) : 0
            let right = index < count - 1 ? abs(offDiagonal[index]) : 0
            lower = min(lower, diagonal[index] - left - right)
            upper = max(upper, diagonal[index] + left + right)
        }
        return (lower, upper)
    }

    /// The number of eigenvalues strictly less than `shift` (Sturm sequence count).
    func countBelow(_ shift: Double, pivotFloor: Double) -> Int {
        diagonal.withUnsafeBufferPointer { diagonal in
            offDiagonal.withUnsafeBufferPointer { offDiagonal in
                var negatives = 0
                var pivot = diagonal[0] - shift
                if pivot == 0 { pivot = -pivotFloor }
                if pivot < 0 { negatives += 1 }
                for index in stride(from: 1, to: diagonal.count, by: 1) {
                    let coupling = offDiagonal[index - 1]
                    pivot = diagonal[index] - shift - coupling * coupling / pivot
                    if pivot == 0 { pivot = -pivotFloor }
                    if pivot < 0 { negatives += 1 }
                }
                return negatives
            }
        }
    }

    /// The eigenvalue with zero-based rank `rank` in ascending order.
    func eigenvalue(rank: Int) -> Double {
        let (lowerBound, upperBound) = gershgorinBounds
        let norm = max(abs(lowerBound), abs(upperBound), Double.leastNormalMagnitude)
        let pivotFloor = Double.ulpOfOne * norm * Double.ulpOfOne
        var lower = lowerBound - 2 * Double.ulpOfOne * norm
        var upper = upperBound + 2 * Double.ulpOfOne * norm
        // Invariant: countBelow(lower) <= rank < countBelow(upper).
        for _ in 0..<200 {
            let middle = lower + (upper - lower) / 2
            if middle <= lower || middle >= upper { break }
            // Relative accuracy for large eigenvalues, ε‖T‖ (all that is attainable) for
            // eigenvalues near zero.
            let tolerance = max(2 * Double.ulpOfOne * max(abs(lower), abs(upper)),
                                Double.ulpOfOne * norm)
            if upper - lower <= tolerance { break }
            if countBelow(middle, pivotFloor: pivotFloor) > rank {
                upper = middle
            } else {
                lower = middle
            }
        }
        return lower + (upper - lower) / 2
    }

    /// Eigenpairs for the ascending ranks in `ranks`: eigenvalues, and unit-norm eigenvectors
    /// (sign unspecified; callers fix their own convention).
    func eigenpairs(ranks: [Int]) -> (values: [Double], vectors: [[Double]]) {
        let values = ranks.map { eigenvalue(rank: $0) }
        let (lowerBound, upperBound) = gershgorinBounds
        let norm = max(abs(lowerBound), abs(upperBound), Double.leastNormalMagnitude)
        var vectors: [[Double]] = []
        for (position, value) in values.enumerated() {
            var vector = inverseIteration(shift: value, norm: norm)
            // Orthogonalize against vectors whose eigenvalues are close (dstein's criterion).
            for earlier in 0..<position where abs(values[earlier] - value) <= 1e-3 * norm {
                var dot = 0.0
                for index in 0..<count { dot += vector[index] * vectors[earlier][index] }
                for index in 0..<count { vector[index] -= dot * vectors[earlier][index] }
                Self.normalize(&vector)
            }
            vectors.append(vector)
        }
        return (values, vectors)
    }

    private func inverseIteration(shift: Double, norm: Double) -> [Double] {
        let n = count
        if n == 1 { return [1] }
        // LU factorization of T − shift·I with partial pivoting: rows may swap with the next,
        // so U has a second superdiagonal.
        var mainU = [Double](repeating: 0, count: n)
        var upper1 = [Double](repeating: 0, count: n)
        var upper2 = [Double](repeating: 0, count: n)
        var multipliers = [Double](repeating: 0, count: n)
        var swapped = [Bool](repeating: false, count: n)
        let floor = Double.ulpOfOne * norm
        var currentDiagonal = diagonal[0] - shift
        var currentUpper = offDiagonal[0]
        for row in 0..<(n - 1) {
            let below = offDiagonal[row]
            let nextDiagonal = diagonal[row + 1] - shift
            let nextUpper = row + 1 < n - 1 ? offDiagonal[row + 1] : 0
            if abs(currentDiagonal) >= abs(below) {
                let pivot = currentDiagonal == 0 ? floor : currentDiagonal
                let multiplier = below / pivot
                mainU[row] = pivot
                upper1[row] = currentUpper
                upper2[row] = 0
                multipliers[row] = multiplier
                currentDiagonal = nextDiagonal - multiplier * currentUpper
                currentUpper = nextUpper
            } else {
                let multiplier = currentDiagonal / below
                mainU[row] = below
                upper1[row] = nextDiagonal
                upper2[row] = nextUpper
                multipliers[row] = multiplier
                swapped[row] = true
                currentDiagonal = currentUpper - multiplier * nextDiagonal
                currentUpper = -multiplier * nextUpper
            }
        }
        mainU[n - 1] = currentDiagonal == 0 ? floor : currentDiagonal
        // A fixed, generic start vector keeps results deterministic.
        var vector = (0..<n).map { 1 + 0.5 * sin(Double($0) * 1.234567 + 0.1) }
        Self.normalize(&vector)
        for _ in 0..<3 {
            // Forward elimination (apply L⁻¹ with the recorded swaps).
            for row in 0..<(n - 1) {
                if swapped[row] { vector.swapAt(row, row + 1) }
                vector[row + 1] -= multipliers[row] * vector[row]
            }
            // Back substitution with U.
            for row in stride(from: n - 1, through: 0, by: -1) {
                var value = vector[row]
                if row + 1 < n { value -= upper1[row] * vector[row + 1] }
                if row + 2 < n { value -= upper2[row] * vector[row + 2] }
                let pivot = abs(mainU[row]) < floor ? (mainU[row] < 0 ? -floor : floor) : mainU[row]
                vector[row] = value / pivot
            }
            Self.normalize(&vector)
        }
        return vector
    }

    static func normalize(_ vector: inout [Double]) {
        var scale = 0.0
        for value in vector { scale = max(scale, abs(value)) }
        guard scale > 0 else { return }
        var squares = 0.0
        for value in vector { squares += (value / scale) * (value / scale) }
        let norm = scale * squares.squareRoot()
        for index in vector.indices { vector[index] /= norm }
    }
}
