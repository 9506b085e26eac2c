import EEGCore

/// One second-order IIR section `H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²)`.
///
/// The leading denominator coefficient is always 1, as in a row `[b0, b1, b2, 1, a1, a2]` of a
/// SciPy `sos` array.
public struct BiquadSection: Sendable, Equatable, Hashable {
    /// Numerator coefficient of z⁰.
    public let b0: Double
    /// Numerator coefficient of z⁻¹.
    public let b1: Double
    /// Numerator coefficient of z⁻².
    public let b2: Double
    /// Denominator coefficient of z⁻¹.
    public let a1: Double
    /// Denominator coefficient of z⁻².
    public let a2: Double

    /// Creates a section from its coefficients (a0 = 1).
    public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
        self.a1 = a1
        self.a2 = a2
    }

    /// The six coefficients as SciPy orders them: `[b0, b1, b2, 1, a1, a2]`.
    public var coefficients: [Double] { [b0, b1, b2, 1, a1, a2] }

    static let identity = BiquadSection(b0: 1, b1: 0, b2: 0, a1: 0, a2: 0)

    /// The section with up to two zeros and two poles (SciPy's `_single_zpksos` with k = 1):
    /// polynomial coefficients right-aligned in each half of the row.
    init(zeros: [Complex], poles: [Complex]) {
        let numerator = Self.rightAligned(Self.polynomial(zeros))
        let denominator = Self.rightAligned(Self.polynomial(poles))
        // The pairing always gives two poles (padding with a pole at 0), so a0 = 1.
        self.init(
            b0: numerator[0], b1: numerator[1], b2: numerator[2],
            a1: denominator[1], a2: denominator[2])
    }

    func scalingNumerator(by factor: Double) -> BiquadSection {
        BiquadSection(b0: b0 * factor, b1: b1 * factor, b2: b2 * factor, a1: a1, a2: a2)
    }

    /// Monic polynomial with the given roots, highest power first (NumPy's `poly`), real part.
    private static func polynomial(_ roots: [Complex]) -> [Double] {
        var coefficients = [Complex(1, 0)]
        for root in roots {
            var next = coefficients + [Complex(0, 0)]
            for index in 1..<next.count {
                next[index] = next[index] + coefficients[index - 1] * -root
            }
            coefficients = next
        }
        return coefficients.map(\.real)
    }

    private static func rightAligned(_ values: [Double]) -> [Double] {
        Array(repeating: 0, count: 3 - values.count) + values
    }

    /// Steady-state state `[z0, z1]` of this section for a unit step (`lfilter_zi`).
    var unitStepState: (Double, Double) {
        // Solves (I - Aᵀ) z = B for the transposed direct form II companion matrix.
        let first = b1 - a1 * b0
        let second = b2 - a2 * b0
        let z0 = (first + second) / (1 + a1 + a2)
        return (z0, second - a2 * z0)
    }

    /// DC gain Σb / Σa.
    var zeroFrequencyGain: Double { (b0 + b1 + b2) / (1 + a1 + a2) }
}

/// A cascade of second-order IIR sections at a fixed sample rate.
///
/// Filtering follows `scipy.signal.sosfilt` (transposed direct form II per section) and
/// `scipy.signal.sosfiltfilt` (forward-backward with odd padding and steady-state initial
/// conditions), to rounding.
///
/// ```swift
/// let sections = try SecondOrderSections.butterworth(
///     order: 4, band: .bandpass(low: 2, high: 4), sampleRate: 256)
/// let smooth = try sections.zeroPhaseFiltered(samples)
/// ```
public struct SecondOrderSections: Sendable, Equatable {
    /// The sections in the order they are applied.
    public let sections: [BiquadSection]
    /// The sample rate the coefficients were designed for, in Hz.
    public let sampleRate: Hertz

    /// Wraps existing sections.
    /// - Throws: ``DSPError/emptyInput(what:)`` for no sections;
    ///   ``DSPError/invalidParameter(name:value:expected:)`` for a non-finite coefficient or rate.
    public init(sections: [BiquadSection], sampleRate: Hertz) throws {
        guard !sections.isEmpty else { throw DSPError.emptyInput(what: "second-order sections") }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        for (index, section) in sections.enumerated()
        where !section.coefficients.allSatisfy(\.isFinite) {
            throw DSPError.invalidParameter(
                name: "section \(index) coefficients", value: "\(section.coefficients)",
                expected: "finite values")
        }
        self.sections = sections
        self.sampleRate = sampleRate
    }

    init(unchecked sections: [BiquadSection], sampleRate: Hertz) {
        self.sections = sections
        self.sampleRate = sampleRate
    }

    /// The coefficients as an `n × 6` array in SciPy's `sos` layout.
    public var matrix: [[Double]] { sections.map(\.coefficients) }

    /// The per-section states `[z0, z1]` that make the cascade's output start in steady state
    /// for a constant input of 1; multiply by the first sample to start without a transient.
    ///
    /// Matches `scipy.signal.sosfilt_zi`.
    public var steadyStateInitialConditions: [[Double]] {
        var scale = 1.0
        return sections.map { section in
            let state = section.unitStepState
            defer { scale *= section.zeroFrequencyGain }
            return [scale * state.0, scale * state.1]
        }
    }

    /// The padding length `sosfiltfilt` uses by default: 3 × (2·sections + 1 − k), where k is
    /// the smaller of the counts of sections with b2 = 0 and with a2 = 0.
    public var defaultPadCount: Int {
        let zeroNumerators = sections.filter { $0.b2 == 0 }.count
        let zeroDenominators = sections.filter { $0.a2 == 0 }.count
        return 3 * (2 * sections.count + 1 - min(zeroNumerators, zeroDenominators))
    }

    // MARK: - Causal filtering

    /// Filters `samples` causally, like `scipy.signal.sosfilt(sos, x, zi=initialState)`.
    ///
    /// - Parameters:
    ///   - samples: The input.
    ///   - initialState: Per-section states `[z0, z1]` (one pair per section), or `nil` for
    ///     rest (zeros), SciPy's default.
    /// - Returns: The filtered samples, same count as the input.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when `initialState` does
    ///   not hold one pair per section.
    public func causallyFiltered(_ samples: [Double], initialState: [[Double]]? = nil) throws
        -> [Double]
    {
        var output = samples
        var state = try checkedState(initialState)
        output.withUnsafeMutableBufferPointer { filterInPlace($0, state: &state) }
        return output
    }

    /// Filters in place; `state` is updated to the final state.
    ///
    /// Sections are run two at a time, sample by sample, so the two recursions overlap in the
    /// CPU; every section performs exactly SciPy's operations in SciPy's order, so rounding is
    /// identical to `sosfilt`.
    func filterInPlace(_ buffer: UnsafeMutableBufferPointer<Double>, state: inout [Double]) {
        var index = 0
        while index + 1 < sections.count {
            let (first, second) = (sections[index], sections[index + 1])
            var (p0, p1) = (state[2 * index], state[2 * index + 1])
            var (q0, q1) = (state[2 * index + 2], state[2 * index + 3])
            for position in buffer.indices {
                let input = buffer[position]
                let middle = first.b0 * input + p0
                p0 = first.b1 * input - first.a1 * middle + p1
                p1 = first.b2 * input - first.a2 * middle
                let output = second.b0 * middle + q0
                q0 = second.b1 * middle - second.a1 * output + q1
                q1 = second.b2 * middle - second.a2 * output
                buffer[position] = output
            }
            (state[2 * index], state[2 * index + 1]) = (p0, p1)
            (state[2 * index + 2], state[2 * index + 3]) = (q0, q1)
            index += 2
        }
        if index < sections.count {
            let section = sections[index]
            var (z0, z1) = (state[2 * index], state[2 * index + 1])
            for position in buffer.indices {
                let input = buffer[position]
                let output = section.b0 * input + z0
                z0 = section.b1 * input - section.a1 * output + z1
                z1 = section.b2 * input - section.a2 * output
                buffer[position] = output
            }
            (state[2 * index], state[2 * index + 1]) = (z0, z1)
        }
    }

    private func checkedState(_ initialState: [[Double]]?) throws -> [Double] {
        guard let initialState else { return Array(repeating: 0, count: 2 * sections.count) }
        guard initialState.count == sections.count, initialState.allSatisfy({ $0.count == 2 })
        else {
            throw DSPError.invalidParameter(
                name: "initial state", value: "\(initialState.count) rows",
                expected: "\(sections.count) pairs [z0, z1], one per section")
        }
        return initialState.flatMap { $0 }
    }

    // MARK: - Zero-phase filtering

    /// Filters forward then backward, like `scipy.signal.sosfiltfilt(sos, x)` with its
    /// defaults (`padtype='odd'`, `padlen` = ``defaultPadCount``).
    ///
    /// The signal is extended at both ends by point reflection about its end samples, each
    /// pass starts from the steady state scaled to its first sample
    /// (``steadyStateInitialConditions``),
    /// and the extension is removed. The squared magnitude response is applied with no phase
    /// shift.
    ///
    /// - Parameters:
    ///   - samples: The input; must be longer than the pad length.
    ///   - padCount: Samples of odd extension per end; `nil` for SciPy's default.
    /// - Returns: The filtered samples, same count as the input.
    /// - Throws: ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` when the
    ///   input has no more samples than the padding.
    public func zeroPhaseFiltered(_ samples: [Double], padCount: Int? = nil) throws -> [Double] {
        let edge = padCount ?? defaultPadCount
        guard edge >= 0 else {
            throw DSPError.invalidParameter(
                name: "pad count", value: "\(edge)", expected: "a non-negative sample count")
        }
        guard samples.count > edge else {
            throw DSPError.signalTooShort(
                label: "", sampleCount: samples.count, required: edge + 1,
                purpose: "zero-phase filtering with \(edge) samples of padding")
        }
        var extended = Self.oddExtension(samples, edge: edge)
        let steady = steadyStateInitialConditions.flatMap { $0 }
        extended.withUnsafeMutableBufferPointer { buffer in
            var state = steady.map { $0 * buffer[0] }
            filterInPlace(buffer, state: &state)
            buffer.reverse()
            state = steady.map { $0 * buffer[0] }
            filterInPlace(buffer, state: &state)
            buffer.reverse()
        }
        return Array(extended[edge..<(edge + samples.count)])
    }

    /// `scipy.signal._arraytools.odd_ext`: `2·x[0] − x[edge…1]`, x, `2·x[n−1] − x[n−2…n−1−edge]`.
    static func oddExtension(_ samples: [Double], edge: Int) -> [Double] {
        guard edge > 0 else { return samples }
        let count = samples.count
        var extended = [Double](repeating: 0, count: count + 2 * edge)
        let first = samples[0]
        let last = samples[count - 1]
        for offset in 0..<edge {
            extended[offset] = 2 * first - samples[edge - offset]
            extended[edge + count + offset] = 2 * last - samples[count - 2 - offset]
        }
        for index in 0..<count { extended[edge + index] = samples[index] }
        return extended
    }
}
