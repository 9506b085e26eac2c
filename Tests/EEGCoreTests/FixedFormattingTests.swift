import EEGCore
import Testing

@Suite("Fixed-point formatting")
struct FixedFormattingTests {
    @Test("fixed decimals, half away from zero, no negative zero")
    func values() {
        #expect(formatFixed(1.5, decimals: 3) == "1.500")
        #expect(formatFixed(0.00390625, decimals: 6) == "0.003906")
        #expect(formatFixed(2.5, decimals: 0) == "3")
        #expect(formatFixed(-2.5, decimals: 0) == "-3")
        #expect(formatFixed(-0.0001, decimals: 2) == "0.00")
        #expect(formatFixed(-12.345678, decimals: 4) == "-12.3457")
        #expect(formatFixed(120, decimals: 6) == "120.000000")
        #expect(formatFixed(0.05, decimals: 1) == "0.1")
    }

    @Test("non-finite and huge values")
    func special() {
        #expect(formatFixed(.nan, decimals: 2) == "nan")
        #expect(formatFixed(.infinity, decimals: 2) == "inf")
        #expect(formatFixed(-.infinity, decimals: 2) == "-inf")
        #expect(formatFixed(1e300, decimals: 2) == "1e+300")
    }
}
