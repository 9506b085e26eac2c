import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Butterworth second-order sections")
struct SecondOrderSectionsTests {
    static func band(_ fixture: FilterFixtures.ButterworthCase) -> FilterBand {
        let edges = fixture.edges_hz
        switch fixture.btype {
        case "lowpass": return .lowpass(cutoff: edges[0])
        case "highpass": return .highpass(cutoff: edges[0])
        case "bandpass": return .bandpass(low: edges[0], high: edges[1])
        default: return .bandstop(low: edges[0], high: edges[1])
        }
    }

    @Test("fixtures are present")
    func fixturesLoaded() {
        #expect(FilterFixtures.butterworth.count == 8)
        #expect(FilterFixtures.notch.count == 3)
    }

    @Test(
        "design, sosfilt, sosfilt_zi and sosfiltfilt match SciPy",
        arguments: FilterFixtures.butterworth)
    func matchesSciPy(_ fixture: FilterFixtures.ButterworthCase) throws {
        let sections = try SecondOrderSections.butterworth(
            order: fixture.order, band: Self.band(fixture), sampleRate: fixture.sampling_rate_hz)
        // Coefficients come from the same closed-form steps as SciPy: agreement to rounding.
        let design = compareArrays(
            sections.matrix.flatMap { $0 }, fixture.sos.flatMap { $0 }, relative: 1e-10,
            absolute: 1e-14)
        #expect(design.passed, "sos: \(design)")
        let zi = compareArrays(
            sections.steadyStateInitialConditions.flatMap { $0 }, fixture.sosfilt_zi.flatMap { $0 },
            relative: 1e-9, absolute: 1e-12)
        #expect(zi.passed, "zi: \(zi)")

        // Outputs cross zero, so an absolute floor of 1e-11 × the output scale is added.
        let causal = try sections.causallyFiltered(fixture.x)
        let causalCheck = compareArrays(
            causal, fixture.sosfilt, relative: 1e-9, absolute: scaled(fixture.sosfilt, 1e-11))
        #expect(causalCheck.passed, "sosfilt: \(causalCheck)")

        let initial = sections.steadyStateInitialConditions.map { $0.map { $0 * fixture.x[0] } }
        let primed = try sections.causallyFiltered(fixture.x, initialState: initial)
        let primedCheck = compareArrays(
            primed, fixture.sosfilt_with_zi, relative: 1e-9,
            absolute: scaled(fixture.sosfilt_with_zi, 1e-11))
        #expect(primedCheck.passed, "sosfilt zi: \(primedCheck)")

        let zeroPhase = try sections.zeroPhaseFiltered(fixture.x)
        let zeroPhaseCheck = compareArrays(
            zeroPhase, fixture.sosfiltfilt, relative: 1e-9,
            absolute: scaled(fixture.sosfiltfilt, 1e-11))
        #expect(zeroPhaseCheck.passed, "sosfiltfilt: \(zeroPhaseCheck)")
    }

    @Test("notch cascades match iirnotch + sosfilt/sosfiltfilt", arguments: FilterFixtures.notch)
    func notchMatchesSciPy(_ fixture: FilterFixtures.NotchCase) throws {
        let sections = try SecondOrderSections.notches(
            frequency: fixture.frequency_hz, harmonicCount: fixture.harmonic_count,
            qualityFactor: fixture.quality_factor, sampleRate: fixture.sampling_rate_hz)
        let design = compareArrays(
            sections.matrix.flatMap { $0 }, fixture.sos.flatMap { $0 }, relative: 1e-12)
        #expect(design.passed, "sos: \(design)")
        let causal = try sections.causallyFiltered(fixture.x)
        let causalCheck = compareArrays(
            causal, fixture.sosfilt, relative: 1e-9, absolute: scaled(fixture.sosfilt, 1e-11))
        #expect(causalCheck.passed, "sosfilt: \(causalCheck)")
        let zeroPhase = try sections.zeroPhaseFiltered(fixture.x)
        let check = compareArrays(
            zeroPhase, fixture.sosfiltfilt, relative: 1e-9,
            absolute: scaled(fixture.sosfiltfilt, 1e-11))
        #expect(check.passed, "sosfiltfilt: \(check)")
        // One section through sosfiltfilt is scipy.signal.filtfilt(b, a) (same padding, same zi).
        let single = try SecondOrderSections.notch(
            frequency: fixture.frequency_hz, qualityFactor: fixture.quality_factor,
            sampleRate: fixture.sampling_rate_hz)
        let singleCheck = compareArrays(
            try single.zeroPhaseFiltered(fixture.x), fixture.filtfilt_single, relative: 1e-9,
            absolute: scaled(fixture.filtfilt_single, 1e-11))
        #expect(singleCheck.passed, "filtfilt: \(singleCheck)")
    }

    @Test("default padding follows SciPy's 3·(2·sections + 1 − zeros-at-origin) rule")
    func padding() throws {
        let even = try SecondOrderSections.butterworth(
            order: 4, band: .lowpass(cutoff: 10), sampleRate: 100)
        #expect(even.defaultPadCount == 3 * 5)
        // Odd order: one first-order section with b2 = a2 = 0.
        let odd = try SecondOrderSections.butterworth(
            order: 3, band: .lowpass(cutoff: 10), sampleRate: 100)
        #expect(odd.sections.count == 2)
        #expect(odd.defaultPadCount == 3 * (5 - 1))
        #expect(throws: DSPError.self) { try odd.zeroPhaseFiltered(Array(repeating: 1, count: 12)) }
        #expect(try odd.zeroPhaseFiltered(Array(repeating: 1, count: 13)).count == 13)
    }

    @Test("passband gain ≈ 1 and stopband gain ≈ 0 for sines", arguments: [123.0, 256.0])
    func gains(sampleRate: Double) throws {
        let sections = try SecondOrderSections.butterworth(
            order: 4, band: .bandpass(low: 8, high: 13), sampleRate: sampleRate)
        func gain(at frequency: Double) throws -> Double {
            let count = Int(sampleRate * 20)
            let sine = (0..<count).map { sin(2 * Double.pi * frequency * Double($0) / sampleRate) }
            let output = try sections.zeroPhaseFiltered(sine)
            let middle = (count / 4)..<(3 * count / 4)
            let rms = { (values: ArraySlice<Double>) in
                (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
            }
            return rms(output[middle]) / rms(sine[middle])
        }
        #expect(isClose(try gain(at: 10.5), 1, relative: 0.01))  // centre of the passband
        #expect(try gain(at: 2) < 1e-3)  // forward-backward squares the ~−50 dB stopband
        #expect(try gain(at: 40) < 1e-3)
        // Edges are −3 dB per pass, so −6 dB (gain 0.5) after zero-phase filtering.
        #expect(isClose(try gain(at: 8), 0.5, relative: 0.02))
    }

    /// SciPy's `_sosfilt` loop written out plainly (all sections per sample, state in an
    /// array), the reference the register-blocked kernels must reproduce bit for bit.
    static func plainSOSFilter(
        _ samples: inout [Double], _ sections: [BiquadSection], state: inout [Double]
    ) {
        for position in samples.indices {
            var value = samples[position]
            for (index, section) in sections.enumerated() {
                let output = section.b0 * value + state[2 * index]
                state[2 * index] = section.b1 * value - section.a1 * output + state[2 * index + 1]
                state[2 * index + 1] = section.b2 * value - section.a2 * output
                value = output
            }
            samples[position] = value
        }
    }

    /// `sosfiltfilt` written out plainly: odd extension, forward, reverse, forward, reverse.
    static func plainZeroPhase(_ samples: [Double], _ cascade: SecondOrderSections) -> [Double] {
        let edge = cascade.defaultPadCount
        let count = samples.count
        var extended = (0..<edge).map { 2 * samples[0] - samples[edge - $0] } + samples
            + (0..<edge).map { 2 * samples[count - 1] - samples[count - 2 - $0] }
        let steady = cascade.steadyStateInitialConditions.flatMap { $0 }
        for _ in 0..<2 {
            var state = steady.map { $0 * extended[0] }
            plainSOSFilter(&extended, cascade.sections, state: &state)
            extended.reverse()
        }
        return Array(extended[edge..<(edge + count)])
    }

    @Test(
        "cascades of 1–8 sections reproduce the plain SciPy loop exactly",
        arguments: [
            (1, FilterBand.lowpass(cutoff: 20)), (3, .lowpass(cutoff: 20)),
            (5, .highpass(cutoff: 3)), (2, .bandpass(low: 8, high: 13)),
            (4, .bandpass(low: 2, high: 4)), (5, .bandstop(low: 45, high: 55)),
            (7, .bandpass(low: 1, high: 30)), (8, .bandpass(low: 4, high: 8)),
        ])
    func kernelsAreExact(order: Int, band: FilterBand) throws {
        let cascade = try SecondOrderSections.butterworth(order: order, band: band, sampleRate: 123)
        var generator = SeededGenerator(seed: UInt64(order * 31 + cascade.sections.count))
        for count in [cascade.defaultPadCount + 1, 257, 1000] {
            let samples = (0..<count).map { _ in generator.nextGaussian() + 0.5 }
            #expect(try cascade.zeroPhaseFiltered(samples) == Self.plainZeroPhase(samples, cascade))
            let initial = cascade.steadyStateInitialConditions.map { $0.map { $0 * samples[0] } }
            var expected = samples
            var state = initial.flatMap { $0 }
            Self.plainSOSFilter(&expected, cascade.sections, state: &state)
            #expect(try cascade.causallyFiltered(samples, initialState: initial) == expected)
        }
    }

    @Test("zero-phase filtering keeps a centred impulse symmetric")
    func zeroPhaseSymmetry() throws {
        let sections = try SecondOrderSections.butterworth(
            order: 3, band: .bandpass(low: 5, high: 20), sampleRate: 123)
        var impulse = Array(repeating: 0.0, count: 501)
        impulse[250] = 1
        let response = try sections.zeroPhaseFiltered(impulse)
        let mirrored = Array(response.reversed())
        // Forward-backward filtering is symmetric up to the (tiny) effect of the edge padding.
        let check = compareArrays(response, mirrored, relative: 0, absolute: 1e-12)
        #expect(check.passed, "\(check)")
        #expect(response.indices.max { abs(response[$0]) < abs(response[$1]) } == 250)
    }

    @Test("impossible designs throw")
    func errors() throws {
        #expect(
            throws: DSPError.invalidParameter(
                name: "Butterworth order", value: "0", expected: "1…20")
        ) {
            try SecondOrderSections.butterworth(
                order: 0, band: .lowpass(cutoff: 10), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try SecondOrderSections.butterworth(
                order: 21, band: .lowpass(cutoff: 10), sampleRate: 100)
        }
        #expect(throws: DSPError.aboveNyquist(name: "cutoff", frequency: 50, nyquist: 50)) {
            try SecondOrderSections.butterworth(
                order: 2, band: .lowpass(cutoff: 50), sampleRate: 100)
        }
        #expect(throws: DSPError.aboveNyquist(name: "high band edge", frequency: 70, nyquist: 50)) {
            try SecondOrderSections.butterworth(
                order: 2, band: .bandpass(low: 10, high: 70), sampleRate: 100)
        }
        #expect(
            throws: DSPError.invalidParameter(
                name: "band", value: "8–4 Hz", expected: "low < high")
        ) {
            try SecondOrderSections.butterworth(
                order: 2, band: .bandpass(low: 8, high: 4), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try SecondOrderSections.butterworth(
                order: 2, band: .highpass(cutoff: 0), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try SecondOrderSections.butterworth(
                order: 2, band: .highpass(cutoff: .nan), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try SecondOrderSections.notch(frequency: 50, qualityFactor: 0, sampleRate: 256)
        }
        #expect(throws: DSPError.aboveNyquist(
            name: "notch frequency", frequency: 130, nyquist: 128)) {
            try SecondOrderSections.notch(frequency: 130, qualityFactor: 30, sampleRate: 256)
        }
        #expect(throws: DSPError.self) {
            try SecondOrderSections.notches(
                frequency: 50, harmonicCount: 0, qualityFactor: 30, sampleRate: 256)
        }
        let sections = try SecondOrderSections.butterworth(
            order: 2, band: .lowpass(cutoff: 10), sampleRate: 100)
        #expect(throws: DSPError.self) {
            try sections.causallyFiltered([1, 2, 3], initialState: [[0, 0], [0, 0]])
        }
        #expect(throws: DSPError.self) {
            try SecondOrderSections(sections: [], sampleRate: 100)
        }
    }
}
