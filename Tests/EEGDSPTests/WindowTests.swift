import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

/// Compares with a relative tolerance plus an absolute floor scaled to the largest expected
/// magnitude (bins or samples that cancel to rounding level cannot match relatively).
func expectClose(
    _ actual: [Double], _ expected: [Double], relative: Double = 1e-9,
    floor: Double = 1e-12, _ context: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let scale = expected.map(abs).max() ?? 0
    let comparison = compareArrays(actual, expected, relative: relative, absolute: floor * scale)
    #expect(comparison.passed, "\(context): \(comparison)", sourceLocation: sourceLocation)
    if ProcessInfo.processInfo.environment["EEGSCOPE_PRINT_ERRORS"] != nil {
        // Reports the agreement reached (for docs/spectral.md), largest relative error over
        // elements above the floor.
        var worst = 0.0
        for (a, e) in zip(actual, expected) where abs(e) > floor * scale * 1e3 {
            worst = max(worst, abs(a - e) / abs(e))
        }
        print("agreement [\(context)]: \(worst)")
    }
}

@Suite("Windows")
struct WindowTests {
    @Test("coefficients match scipy.signal.get_window, periodic and symmetric")
    func matchesSciPy() throws {
        let fixture = try SpectralFixtures.load(SpectralFixtures.Windows.self,
                                                "spectral_windows.json")
        #expect(fixture.cases.count == 80)
        for testCase in fixture.cases {
            let window = try SpectralFixtures.window(testCase.window, alpha: testCase.alpha)
            let values = try window.coefficients(
                count: testCase.count, symmetry: testCase.periodic ? .periodic : .symmetric)
            // Closed-form cosines: agreement to a few ulps of the peak value 1.
            expectClose(values, testCase.values, relative: 1e-12, floor: 1e-14,
                        "\(window) M=\(testCase.count) periodic=\(testCase.periodic)")
        }
    }

    @Test("names parse, including aliases and a Tukey fraction",
          arguments: [("hann", Window.hann), ("Hanning", .hann), ("boxcar", .boxcar),
                      ("rect", .boxcar), ("hamming", .hamming), ("blackman", .blackman),
                      ("tukey", .tukey(alpha: 0.5)), ("tukey:0.25", .tukey(alpha: 0.25))])
    func parse(name: String, expected: Window) throws {
        #expect(try Window(name: name) == expected)
        #expect(try Window(name: expected.description) == expected)
    }

    @Test("unknown window names and bad parameters throw",
          arguments: ["kaiser", "", "hann:2", "tukey:x", "tukey:1.5", "tukey:-0.1"])
    func unknownName(name: String) {
        #expect(throws: DSPError.self) { try Window(name: name) }
    }

    @Test("zero length and an invalid Tukey fraction throw")
    func badLength() {
        #expect(throws: DSPError.self) { try Window.hann.coefficients(count: 0) }
        #expect(throws: DSPError.self) {
            try Window.tukey(alpha: .nan).coefficients(count: 8)
        }
    }

    @Test("window energy: boxcar and periodic Hann figures", arguments: [16, 17, 256, 1001])
    func energy(count: Int) throws {
        let boxcar = WindowEnergy(try Window.boxcar.coefficients(count: count))
        #expect(boxcar.sum == Double(count))
        #expect(boxcar.equivalentNoiseBandwidthBins == 1)
        #expect(isClose(boxcar.equivalentNoiseBandwidth(sampleRate: 123), 123 / Double(count),
                        relative: 1e-15))
        let hann = WindowEnergy(try Window.hann.coefficients(count: count))
        // Periodic Hann: Σw = M/2 and Σw² = 3M/8 exactly, so ENBW = 1.5 bins.
        #expect(isClose(hann.coherentGain, 0.5, relative: 1e-13))
        #expect(isClose(hann.sumOfSquares, 3 * Double(count) / 8, relative: 1e-13))
        #expect(isClose(hann.equivalentNoiseBandwidthBins, 1.5, relative: 1e-13))
        let blackman = WindowEnergy(try Window.blackman.coefficients(count: count))
        // Periodic Blackman: Σw² = M (0.42² + 0.5²/2 + 0.08²/2).
        #expect(isClose(blackman.sumOfSquares, Double(count) * (0.1764 + 0.125 + 0.0032),
                        relative: 1e-12))
    }
}
