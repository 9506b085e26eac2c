import EEGCore
@testable import EEGDSP
import Testing
import _TestSupport

@Suite("Median selection")
struct MedianSelectionTests {
    @Test("selection-based median equals a sort-based median (numpy.median)",
          arguments: [1, 2, 3, 10, 299, 300])
    func medianMatchesSort(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        // Rounded values repeat, exercising the equal-to-pivot paths.
        var values = (0..<count).map { _ in (generator.nextGaussian() * 4).rounded() }
        let sorted = values.sorted()
        let expected = count % 2 == 1
            ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
        #expect(median(&values) == expected)
        #expect(values.sorted() == sorted)  // a permutation, nothing lost
    }

    static let biasCases: [(Int, Double)] = [
        (1, 1), (2, 1), (3, 1 - 0.5 + 1.0 / 3), (5, 1 - 0.5 + 1.0 / 3 - 0.25 + 0.2),
    ]

    @Test("SciPy's median bias factor", arguments: biasCases)
    func bias(count: Int, expected: Double) {
        #expect(isClose(medianBias(count), expected, relative: 1e-15))
    }
}
