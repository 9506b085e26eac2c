import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Spectrogram baseline normalization")
struct SpectrogramBaselineTests {
    @Test("ratio to the mean over baseline segments; 10·log10 is MNE's logratio ×10")
    func ratio() throws {
        let map = try Spectrogram(
            times: [0.5, 1.5, 2.5, 3.5], frequencies: [1, 2, 3],
            power: [[1, 2, 0], [3, 2, 0], [8, 2, 5], [2, 4, 5]], unit: "uV")
        let change = try map.relative(toBaseline: 0...2)
        #expect(change.unit.isEmpty && change.times == map.times)
        #expect(change.power[2][0] == 4 && change.power[3][1] == 2 && change.power[0][1] == 1)
        #expect(isClose(10 * log10(change.power[2][0]), 6.0206, relative: 1e-4))
        // A frequency with no baseline power has no ratio.
        #expect(change.power[2][2].isNaN)
    }

    @Test("a baseline without a segment centre is an error naming the centres' extent")
    func emptyBaseline() throws {
        let map = try Spectrogram(times: [0.5, 1.5], frequencies: [1], power: [[1], [2]])
        #expect(throws: DSPError.invalidParameter(
            name: "baseline", value: "5–6 s",
            expected: "a span holding at least one segment centre (centres run from 0.5 to 1.5 s)"
        )) { try map.relative(toBaseline: 5...6) }
    }
}
