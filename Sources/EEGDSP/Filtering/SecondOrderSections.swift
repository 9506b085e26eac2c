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
        output.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let piece = CascadePiece(source: base, target: base, count: buffer.count)
            filter([piece], backward: false, state: &state)
        }
        return output
    }

    /// Runs the cascade over `pieces`, which together form one signal (first to last, or last
    /// to first when `backward`); `state` holds `[z0, z1]` per section and is updated to the
    /// final state.
    ///
    /// Up to four sections run together sample by sample with their states in registers, so
    /// their recursions overlap in the CPU (one section's recursion is a chain of four
    /// dependent floating-point operations per sample; four chains in flight keep both FP
    /// units busy). Every section performs exactly SciPy's operations in SciPy's order, so
    /// rounding is identical to `sosfilt`. The first group of sections reads each piece's
    /// `source` and writes its `target`; later groups work on `target` in place.
    func filter(_ pieces: [CascadePiece], backward: Bool, state: inout [Double]) {
        var first = 0
        while first < sections.count {
            let width = min(4, sections.count - first)
            // Three remaining sections run as two and one: a three-section kernel would save
            // one pass for notch cascades only.
            let group = width == 3 ? 2 : width
            state.withUnsafeMutableBufferPointer { stateBuffer in
                let groupState = stateBuffer.baseAddress! + 2 * first
                for index in pieces.indices {
                    let piece = pieces[backward ? pieces.count - 1 - index : index]
                    let source = first == 0 ? piece.source : UnsafePointer(piece.target)
                    switch group {
                    case 4:
                        Self.runFour(
                            sections[first], sections[first + 1], sections[first + 2],
                            sections[first + 3], source: source, target: piece.target,
                            count: piece.count, backward: backward, state: groupState)
                    case 2:
                        Self.runTwo(
                            sections[first], sections[first + 1], source: source,
                            target: piece.target, count: piece.count, backward: backward,
                            state: groupState)
                    default:
                        Self.runOne(
                            sections[first], source: source, target: piece.target,
                            count: piece.count, backward: backward, state: groupState)
                    }
                }
            }
            first += group
        }
    }

    // The kernels below spell out SciPy's `_sosfilt` section update, for every section:
    //     y  = b0·x + z0
    //     z0 = (b1·x − a1·y) + z1
    //     z1 = b2·x − a2·y
    // `source` and `target` may be the same memory (each sample is read before it is written).

    private static func runFour(
        _ s0: BiquadSection, _ s1: BiquadSection, _ s2: BiquadSection, _ s3: BiquadSection,
        source: UnsafePointer<Double>, target: UnsafeMutablePointer<Double>, count: Int,
        backward: Bool, state: UnsafeMutablePointer<Double>
    ) {
        var (u0, u1, v0, v1) = (state[0], state[1], state[2], state[3])
        var (w0, w1, r0, r1) = (state[4], state[5], state[6], state[7])
        var offset = backward ? count - 1 : 0
        let step = backward ? -1 : 1
        for _ in 0..<count {
            let x = source[offset]
            let y0 = s0.b0 * x + u0
            u0 = s0.b1 * x - s0.a1 * y0 + u1
            u1 = s0.b2 * x - s0.a2 * y0
            let y1 = s1.b0 * y0 + v0
            v0 = s1.b1 * y0 - s1.a1 * y1 + v1
            v1 = s1.b2 * y0 - s1.a2 * y1
            let y2 = s2.b0 * y1 + w0
            w0 = s2.b1 * y1 - s2.a1 * y2 + w1
            w1 = s2.b2 * y1 - s2.a2 * y2
            let y3 = s3.b0 * y2 + r0
            r0 = s3.b1 * y2 - s3.a1 * y3 + r1
            r1 = s3.b2 * y2 - s3.a2 * y3
            target[offset] = y3
            offset += step
        }
        (state[0], state[1], state[2], state[3]) = (u0, u1, v0, v1)
        (state[4], state[5], state[6], state[7]) = (w0, w1, r0, r1)
    }

    private static func runTwo(
        _ s0: BiquadSection, _ s1: BiquadSection,
        source: UnsafePointer<Double>, target: UnsafeMutablePointer<Double>, count: Int,
        backward: Bool, state: UnsafeMutablePointer<Double>
    ) {
        var (u0, u1, v0, v1) = (state[0], state[1], state[2], state[3])
        var offset = backward ? count - 1 : 0
        let step = backward ? -1 : 1
        for _ in 0..<count {
            let x = source[offset]
            let y0 = s0.b0 * x + u0
            u0 = s0.b1 * x - s0.a1 * y0 + u1
            u1 = s0.b2 * x - s0.a2 * y0
            let y1 = s1.b0 * y0 + v0
            v0 = s1.b1 * y0 - s1.a1 * y1 + v1
            v1 = s1.b2 * y0 - s1.a2 * y1
            target[offset] = y1
            offset += step
        }
        (state[0], state[1], state[2], state[3]) = (u0, u1, v0, v1)
    }

    private static func runOne(
        _ s0: BiquadSection,
        source: UnsafePointer<Double>, target: UnsafeMutablePointer<Double>, count: Int,
        backward: Bool, state: UnsafeMutablePointer<Double>
    ) {
        var (u0, u1) = (state[0], state[1])
        var offset = backward ? count - 1 : 0
        let step = backward ? -1 : 1
        for _ in 0..<count {
            let x = source[offset]
            let y0 = s0.b0 * x + u0
            u0 = s0.b1 * x - s0.a1 * y0 + u1
            u1 = s0.b2 * x - s0.a2 * y0
            target[offset] = y0
            offset += step
        }
        (state[0], state[1]) = (u0, u1)
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
        // The odd extension is kept as three pieces (front padding, the samples, back padding)
        // so the result can be filtered straight into its final array: no extended copy, no
        // reversals (the backward pass walks the pieces from the end).
        let count = samples.count
        var front = [Double](repeating: 0, count: edge)
        var back = [Double](repeating: 0, count: edge)
        let (firstSample, lastSample) = (samples[0], samples[count - 1])
        for offset in 0..<edge {
            front[offset] = 2 * firstSample - samples[edge - offset]
            back[offset] = 2 * lastSample - samples[count - 2 - offset]
        }
        let steady = steadyStateInitialConditions.flatMap { $0 }
        return [Double](unsafeUninitializedCapacity: count) { output, initializedCount in
            samples.withUnsafeBufferPointer { input in
                front.withUnsafeMutableBufferPointer { frontBuffer in
                    back.withUnsafeMutableBufferPointer { backBuffer in
                        let middle = CascadePiece(
                            source: input.baseAddress!,
                            target: output.baseAddress!, count: count)
                        var pieces = [middle]
                        if edge > 0 {
                            pieces = [
                                CascadePiece(
                                    source: UnsafePointer(frontBuffer.baseAddress!),
                                    target: frontBuffer.baseAddress!, count: edge),
                                middle,
                                CascadePiece(
                                    source: UnsafePointer(backBuffer.baseAddress!),
                                    target: backBuffer.baseAddress!, count: edge),
                            ]
                        }
                        let start = edge > 0 ? frontBuffer[0] : firstSample
                        var state = steady.map { $0 * start }
                        filter(pieces, backward: false, state: &state)
                        // The middle piece now holds filtered data: read it in place.
                        pieces = pieces.map {
                            CascadePiece(
                                source: $0.target, target: $0.target, count: $0.count)
                        }
                        let end = edge > 0 ? backBuffer[edge - 1] : output[count - 1]
                        state = steady.map { $0 * end }
                        filter(pieces, backward: true, state: &state)
                    }
                }
            }
            initializedCount = count
        }
    }
}

/// A stretch of samples the cascade reads from `source` and writes to `target` (which may be
/// the same memory).
struct CascadePiece {
    let source: UnsafePointer<Double>
    let target: UnsafeMutablePointer<Double>
    let count: Int
}
