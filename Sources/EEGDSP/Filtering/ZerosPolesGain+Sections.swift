import EEGCore

// Pole-zero pairing into second-order sections, following the rules of
// `scipy.signal.zpk2sos(pairing='nearest')` for digital filters so that section coefficients
// (and hence rounding in the cascade) agree with SciPy.

extension ZerosPolesGain {
    /// Splits the digital filter into second-order sections, SciPy's `zpk2sos` with the
    /// default `'nearest'` pairing: poles closest to the unit circle go last, each paired with
    /// the nearest zeros; the gain goes into the first section's numerator.
    func secondOrderSections() -> [BiquadSection] {
        if zeros.isEmpty && poles.isEmpty {
            return [BiquadSection(b0: gain, b1: 0, b2: 0, a1: 0, a2: 0)]
        }
        var poles =
            self.poles + Array(repeating: Complex(0, 0), count: max(zeros.count - poles.count, 0))
        var zeros =
            self.zeros + Array(repeating: Complex(0, 0), count: max(poles.count - zeros.count, 0))
        let sectionCount = (max(poles.count, zeros.count) + 1) / 2
        if poles.count % 2 == 1 {
            poles.append(Complex(0, 0))
            zeros.append(Complex(0, 0))
        }
        zeros = Self.conjugatePairsThenReals(zeros)
        poles = Self.conjugatePairsThenReals(poles)

        var sections = Array(repeating: BiquadSection.identity, count: sectionCount)
        for index in stride(from: sectionCount - 1, through: 0, by: -1) {
            let first = poles.remove(at: Self.indexClosestToUnitCircle(poles))
            let realPolesLeft = poles.filter(\.isExactlyReal).count
            if first.isExactlyReal && realPolesLeft == 0 {
                // The last real pole: a first-order section (padded with a pole and zero at 0).
                let zero = zeros.remove(at: Self.nearestIndex(in: zeros, to: first, kind: .real))
                sections[index] = .init(
                    zeros: [zero, Complex(0, 0)], poles: [first, Complex(0, 0)])
            } else if poles.count + 1 == zeros.count, !first.isExactlyReal, realPolesLeft == 1,
                zeros.filter(\.isExactlyReal).count == 1
            {
                // One real pole and one real zero remain: this complex pole must take a
                // complex zero.
                let zero = zeros.remove(at: Self.nearestIndex(in: zeros, to: first, kind: .complex))
                sections[index] = .init(
                    zeros: [zero, zero.conjugate], poles: [first, first.conjugate])
            } else {
                let second: Complex
                if first.isExactlyReal {
                    let realIndices = poles.indices.filter { poles[$0].isExactlyReal }
                    let pick = realIndices[
                        Self.indexClosestToUnitCircle(realIndices.map { poles[$0] })]
                    second = poles.remove(at: pick)
                } else {
                    second = first.conjugate
                }
                if zeros.isEmpty {
                    sections[index] = .init(zeros: [], poles: [first, second])
                    continue
                }
                let zero = zeros.remove(at: Self.nearestIndex(in: zeros, to: first, kind: .any))
                if !zero.isExactlyReal {
                    sections[index] = .init(zeros: [zero, zero.conjugate], poles: [first, second])
                } else if zeros.isEmpty {
                    sections[index] = .init(zeros: [zero], poles: [first, second])
                } else {
                    let other = zeros.remove(
                        at: Self.nearestIndex(in: zeros, to: first, kind: .real))
                    sections[index] = .init(zeros: [zero, other], poles: [first, second])
                }
            }
        }
        sections[0] = sections[0].scalingNumerator(by: gain)
        return sections
    }

    private enum RootKind { case real, complex, any }

    /// `_nearest_real_complex_idx`: the closest root of the requested kind.
    private static func nearestIndex(in roots: [Complex], to target: Complex, kind: RootKind) -> Int
    {
        let order = roots.indices.sorted {
            let left = (roots[$0] - target).magnitude
            let right = (roots[$1] - target).magnitude
            return left != right ? left < right : $0 < $1
        }
        switch kind {
        case .any: return order[0]
        case .real: return order.first { roots[$0].isExactlyReal } ?? order[0]
        case .complex: return order.first { !roots[$0].isExactlyReal } ?? order[0]
        }
    }

    /// The index of the root whose magnitude is closest to 1 (first on ties, as `argmin`).
    private static func indexClosestToUnitCircle(_ roots: [Complex]) -> Int {
        var best = 0
        for index in roots.indices
        where abs(1 - roots[index].magnitude) < abs(1 - roots[best].magnitude) {
            best = index
        }
        return best
    }

    /// `_cplxreal` then concatenation: one member (positive imaginary part) of each conjugate
    /// pair, sorted by real part then |imaginary part|, followed by the real roots, sorted.
    static func conjugatePairsThenReals(_ roots: [Complex]) -> [Complex] {
        let tolerance = 100 * Double.ulpOfOne
        let sorted = roots.enumerated().sorted {
            let (a, b) = ($0.element, $1.element)
            if a.real != b.real { return a.real < b.real }
            if abs(a.imaginary) != abs(b.imaginary) { return abs(a.imaginary) < abs(b.imaginary) }
            return $0.offset < $1.offset
        }.map(\.element)
        let isReal = sorted.map { abs($0.imaginary) <= tolerance * $0.magnitude }
        let reals = zip(sorted, isReal).filter { $0.1 }.map { Complex($0.0.real, 0) }
        let complex = zip(sorted, isReal).filter { !$0.1 }.map(\.0)
        let upper = complex.filter { $0.imaginary > 0 }
        let lower = complex.filter { $0.imaginary < 0 }
        precondition(upper.count == lower.count, "filter roots must come in conjugate pairs")
        let averaged = zip(upper, lower).map { pair in
            Complex((pair.0.real + pair.1.real) / 2, (pair.0.imaginary - pair.1.imaginary) / 2)
        }
        return averaged + reals
    }
}
