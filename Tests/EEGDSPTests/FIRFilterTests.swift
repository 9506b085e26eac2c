import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("FIR design and application")
struct FIRFilterTests {
    static func band(_ btype: String, _ edges: [Double]) -> FilterBand {
        switch btype {
        case "lowpass": return .lowpass(cutoff: edges[0])
        case "highpass": return .highpass(cutoff: edges[0])
        case "bandpass": return .bandpass(low: edges[0], high: edges[1])
        default: return .bandstop(low: edges[0], high: edges[1])
        }
    }

    static func window(_ spec: FilterFixtures.WindowSpec) -> FIRWindow {
        switch spec {
        case .kaiser(let beta): return .kaiser(beta: beta)
        case .name("hann"): return .hann
        case .name("blackman"): return .blackman
        case .name("boxcar"): return .rectangular
        default: return .hamming
        }
    }

    @Test("fixtures are present")
    func fixturesLoaded() {
        #expect(FilterFixtures.firwin.count == 8)
        #expect(FilterFixtures.mne.count == 8)
        #expect(FilterFixtures.mneNotch.count == 2)
    }

    @Test("windowedSinc matches scipy.signal.firwin", arguments: FilterFixtures.firwin)
    func firwin(_ fixture: FilterFixtures.FirwinCase) throws {
        let filter = try FIRFilter.windowedSinc(
            tapCount: fixture.taps, band: Self.band(fixture.btype, fixture.edges_hz),
            sampleRate: fixture.sampling_rate_hz, window: Self.window(fixture.window),
            scaled: fixture.scale)
        // Same closed form; differences are sin/cos/I0 rounding (Kaiser's I0 by series).
        let check = compareArrays(
            filter.coefficients, fixture.h, relative: 1e-9, absolute: scaled(fixture.h, 1e-13))
        #expect(check.passed, "\(check)")
    }

    static func transition(_ spec: FilterFixtures.TransitionSpec?) -> TransitionBandwidth {
        if case .hertz(let width)? = spec { return .width(width) }
        return .automatic
    }

    @Test("MNE design and filter_data match", arguments: FilterFixtures.mne)
    func mne(_ fixture: FilterFixtures.MNECase) throws {
        let window: FIRWindow = fixture.window == "hann"
            ? .hann : (fixture.window == "blackman" ? .blackman : .hamming)
        var length = FIRLength.automatic
        if fixture.length.hasSuffix("s"), let seconds = Double(fixture.length.dropLast()) {
            length = .duration(seconds)
        }
        let filter = try FIRFilter.mne(
            band: Self.band(fixture.btype, fixture.edges_hz), sampleRate: fixture.sampling_rate_hz,
            window: window, lowTransition: Self.transition(fixture.low_transition_hz),
            highTransition: Self.transition(fixture.high_transition_hz), length: length)
        #expect(filter.tapCount == fixture.h.count)
        let design = compareArrays(
            filter.coefficients, fixture.h, relative: 1e-9, absolute: scaled(fixture.h, 1e-13))
        #expect(design.passed, "h: \(design)")
        // FFT overlap-add round-off (FFTW vs NumPy) is ~1e-15 of the signal scale.
        let zeroPhase = try filter.zeroPhaseFiltered(fixture.x)
        let check = compareArrays(
            zeroPhase, fixture.filter_data, relative: 1e-9, absolute: scaled(fixture.x, 1e-12))
        #expect(check.passed, "filter_data: \(check)")
        let causal = try filter.causallyFiltered(fixture.x)
        let causalCheck = compareArrays(
            causal, fixture.lfilter, relative: 1e-9, absolute: scaled(fixture.x, 1e-12))
        #expect(causalCheck.passed, "lfilter: \(causalCheck)")
    }

    @Test("mneNotch matches mne.filter.notch_filter(method='fir')",
          arguments: FilterFixtures.mneNotch)
    func mneNotch(_ fixture: FilterFixtures.MNENotchCase) throws {
        let signal = try Signal(samples: fixture.x, sampleRate: fixture.sampling_rate_hz)
        let output = try signal.filtered(by: .mneNotch(frequency: fixture.frequency_hz))
        // FFT overlap-add round-off relative to the signal scale.
        let check = compareArrays(
            output.samples, fixture.notch_filter, relative: 1e-9,
            absolute: scaled(fixture.x, 1e-12))
        #expect(check.passed, "\(check)")
    }

    @Test("FFT overlap-add equals direct convolution", arguments: [1, 2, 65, 257, 1000, 4099])
    func overlapAddMatchesDirect(count: Int) throws {
        var generator = SeededGenerator(seed: UInt64(count))
        let samples = (0..<count).map { _ in generator.nextGaussian() }
        let filter = try FIRFilter.windowedSinc(
            tapCount: 201, band: .bandpass(low: 5, high: 20), sampleRate: 123)
        let fast = try filter.zeroPhaseFiltered(samples)
        // Reference: direct centred convolution of the same reflect-limited extension.
        let edge = max(min(201, count) - 1, 0)
        var extended = Array(repeating: 0.0, count: count + 2 * edge)
        let reflected = min(edge, count - 1)
        for offset in 0..<reflected {
            extended[edge - reflected + offset] = 2 * samples[0] - samples[reflected - offset]
            extended[edge + count + offset] = 2 * samples[count - 1] - samples[count - 2 - offset]
        }
        for index in 0..<count { extended[edge + index] = samples[index] }
        let direct = (0..<count).map { index -> Double in
            let center = index + edge + 100
            var sum = 0.0
            for tap in 0..<201 where center - tap >= 0 && center - tap < extended.count {
                sum += filter.coefficients[tap] * extended[center - tap]
            }
            return sum
        }
        let check = compareArrays(fast, direct, relative: 1e-9, absolute: 1e-12)
        #expect(check.passed, "\(check)")
    }

    @Test("passband ≈ 1 and stopband ≈ 0 for MNE's 2–4 Hz band-pass", arguments: [123.0, 256.0])
    func gains(sampleRate: Double) throws {
        func gain(at frequency: Double) throws -> Double {
            let count = Int(sampleRate * 30)
            let sine = (0..<count).map { sin(2 * Double.pi * frequency * Double($0) / sampleRate) }
            let signal = try Signal(samples: sine, sampleRate: sampleRate)
            let output = try signal.filtered(by: .fir(band: .bandpass(low: 2, high: 4))).samples
            let middle = (count / 4)..<(3 * count / 4)
            let peak = output[middle].map(abs).max() ?? 0
            return peak
        }
        #expect(isClose(try gain(at: 3), 1, relative: 0.01))
        #expect(try gain(at: 8) < 0.01)  // Hamming: ≥ 53 dB beyond the 2 Hz transition
        #expect(try gain(at: 0.2) < 0.05)  // inside the lower transition (0–2 Hz) MNE rolls off
    }

    @Test("zero-phase FIR keeps a centred impulse symmetric")
    func symmetry() throws {
        var impulse = Array(repeating: 0.0, count: 1001)
        impulse[500] = 1
        let signal = try Signal(samples: impulse, sampleRate: 256)
        let response = try signal.filtered(by: .fir(band: .bandpass(low: 2, high: 4))).samples
        let check = compareArrays(response, response.reversed(), relative: 0, absolute: 1e-15)
        #expect(check.passed, "\(check)")
    }

    @Test("invalid FIR designs throw")
    func errors() throws {
        #expect(throws: DSPError.self) {
            try FIRFilter.windowedSinc(tapCount: 0, band: .lowpass(cutoff: 10), sampleRate: 100)
        }
        // An even-length high-pass has a zero at Nyquist by construction: refused as SciPy does.
        #expect(throws: DSPError.self) {
            try FIRFilter.windowedSinc(tapCount: 40, band: .highpass(cutoff: 10), sampleRate: 100)
        }
        #expect(throws: DSPError.aboveNyquist(name: "cutoff", frequency: 60, nyquist: 50)) {
            try FIRFilter.windowedSinc(tapCount: 41, band: .lowpass(cutoff: 60), sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try FIRFilter.windowedSinc(
                tapCount: 41, band: .lowpass(cutoff: 10), sampleRate: 100,
                window: .kaiser(beta: -1))
        }
        #expect(throws: DSPError.self) {
            try FIRFilter.mne(
                band: .bandpass(low: 8, high: 13), sampleRate: 256, window: .rectangular)
        }
        // MNE: "The requested filter length 257 is too short for the 3.00 Hz transition band".
        #expect(throws: DSPError.self) {
            try FIRFilter.mne(
                band: .bandpass(low: 8, high: 13), sampleRate: 256,
                lowTransition: .width(2), highTransition: .width(3), length: .duration(1))
        }
        #expect(throws: DSPError.self) {
            try FIRFilter.mne(
                band: .lowpass(cutoff: 40), sampleRate: 100, highTransition: .width(20))
        }
        #expect(throws: DSPError.self) {
            try FIRFilter.mne(band: .bandstop(low: 49, high: 51), sampleRate: 256)
        }
        #expect(throws: DSPError.self) {
            try FIRFilter.mne(band: .highpass(cutoff: 1e-7), sampleRate: 1000)
        }
        let filter = try FIRFilter(coefficients: [0.5, 0.5], sampleRate: 100)
        #expect(throws: DSPError.self) { try filter.zeroPhaseFiltered([1, 2, 3]) }
        #expect(throws: DSPError.self) { try filter.causallyFiltered([]) }
        #expect(throws: DSPError.self) { try FIRFilter(coefficients: [.nan], sampleRate: 100) }
        let signal = try Signal(samples: [1, .nan, 3], sampleRate: 100, label: "Oz")
        #expect(throws: DSPError.nonFiniteInput(label: "Oz", index: 1)) {
            try signal.filtered(by: .fir(band: .lowpass(cutoff: 10)))
        }
    }
}
