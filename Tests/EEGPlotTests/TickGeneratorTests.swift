import Foundation
import Testing
@testable import EEGPlot

@Suite("Tick generation")
struct TickGeneratorTests {
    static let ranges: [(Double, Double)] = [
        (0, 1), (0, 10), (0, 45), (1, 60), (-3.7, 12.2), (0.001, 0.0042), (1000, 1015),
        (-120, -30), (0, 128), (2.5e-7, 9e-6), (0, 3.2e6), (-1, 1), (0.5, 0.5001), (17, 23),
    ]

    @Test("linear ticks are nice, evenly spaced and inside the range", arguments: ranges)
    func linearTicks(range: (Double, Double)) throws {
        let ticks = TickGenerator.linearTicks(low: range.0, high: range.1, targetCount: 5)
        #expect(ticks.count >= 3 && ticks.count <= 12, "count \(ticks.count) for \(range)")
        let step = try #require(ticks.count > 1 ? ticks[1].value - ticks[0].value : nil)
        let mantissa = step / pow(10, log10(step).rounded(.down))
        #expect([1, 2, 5, 10].contains { abs(mantissa - Double($0)) < 1e-6 },
                "step \(step) for \(range)")
        for (index, tick) in ticks.enumerated() {
            #expect(tick.value >= range.0 - step * 1e-6 && tick.value <= range.1 + step * 1e-6)
            let multiple = tick.value / step
            #expect(abs(multiple - multiple.rounded()) < 1e-6)
            if index > 0 {
                #expect(abs(tick.value - ticks[index - 1].value - step) < step * 1e-6)
            }
            #expect(tick.label != nil)
        }
        let labels = ticks.compactMap(\.label)
        #expect(Set(labels).count == labels.count, "duplicate labels \(labels)")
    }

    @Test("linear labels carry the decimals the step needs")
    func linearLabels() {
        #expect(TickGenerator.linearTicks(low: 0, high: 1, targetCount: 5).compactMap(\.label)
                == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(TickGenerator.linearTicks(low: -1, high: 1, targetCount: 4).compactMap(\.label)
                == ["-1", "-0.5", "0", "0.5", "1"])
        #expect(TickGenerator.linearTicks(low: 0, high: 45, targetCount: 5).compactMap(\.label)
                == ["0", "10", "20", "30", "40"])
        #expect(TickGenerator.linearTicks(low: 0, high: 3e6, targetCount: 3).compactMap(\.label)
                == ["0", "1×10⁶", "2×10⁶", "3×10⁶"])
    }

    @Test("nice steps are 1, 2 or 5 times a power of ten")
    func niceSteps() {
        #expect(TickGenerator.niceStep(span: 10, targetCount: 5) == 2)
        #expect(TickGenerator.niceStep(span: 100, targetCount: 4) == 20)
        #expect(TickGenerator.niceStep(span: 0.3, targetCount: 6) == 0.05)
        #expect(TickGenerator.niceStep(span: 9, targetCount: 1) == 10)
        #expect(TickGenerator.niceStep(span: 0, targetCount: 5) == 1)
        #expect(TickGenerator.niceStep(span: .nan, targetCount: 5) == 1)
    }

    @Test("nice domains enclose the range on step multiples")
    func niceDomain() {
        let domain = TickGenerator.niceDomain(low: 0.3, high: 9.2, targetCount: 5)
        #expect(domain.low == 0 && domain.high == 10)
        let flat = TickGenerator.niceDomain(low: 5, high: 5)
        #expect(flat.low < 5 && flat.high > 5)
        let zero = TickGenerator.niceDomain(low: 0, high: 0)
        #expect(zero.low <= -1 && zero.high >= 1)
    }

    @Test("log ticks label decades with 2-5 ticks on short ranges and minor ticks between")
    func logTicks() {
        let ticks = TickGenerator.logTicks(low: 1, high: 100, targetCount: 6)
        #expect(ticks.compactMap(\.label) == ["1", "2", "5", "10", "20", "50", "100"])
        #expect(ticks.count == 19)  // 1…9, 10…90, 100
        #expect(ticks.filter { $0.label == nil }.map(\.value).contains(3))
        let wide = TickGenerator.logTicks(low: 1e-3, high: 1e3, targetCount: 8)
        #expect(wide.compactMap(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"])
        #expect(wide.filter { !$0.isMajor }.count == 6 * 8)
    }

    @Test("very wide log ranges stride decades and use powers of ten")
    func logTicksWide() {
        let ticks = TickGenerator.logTicks(low: 1e-12, high: 1e8, targetCount: 6)
        let labels = ticks.compactMap(\.label)
        #expect(labels.count <= 7 && labels.count >= 4, "\(labels)")
        #expect(labels.contains("10⁻¹²") && labels.contains("10⁸"))
        #expect(ticks.allSatisfy(\.isMajor) == false)
        #expect(ticks.count == 21)  // decades only; no minor ticks beyond 8 decades
    }

    @Test("log ranges inside one decade fall back to nice ticks")
    func logTicksNarrow() {
        let labels = TickGenerator.logTicks(low: 2, high: 4.5, targetCount: 5)
            .compactMap(\.label)
        #expect(labels == ["2", "2.5", "3", "3.5", "4", "4.5"])
        let mixed = TickGenerator.logTicks(low: 1.5, high: 12, targetCount: 5)
            .compactMap(\.label)
        #expect(mixed == ["2", "5", "10"])
    }

    @Test("invalid log ranges give no ticks")
    func logTicksInvalid() {
        #expect(TickGenerator.logTicks(low: 0, high: 10).isEmpty)
        #expect(TickGenerator.logTicks(low: 10, high: 1).isEmpty)
        #expect(TickGenerator.logTicks(low: .nan, high: 1).isEmpty)
        #expect(TickGenerator.linearTicks(low: 1, high: 1).isEmpty)
    }

    @Test("axes map values and reject impossible domains")
    func axisMapping() throws {
        let axis = try Axis(scale: .logarithmic, low: 1, high: 100, start: 0, end: 200)
        #expect(axis.position(of: 10) == 100)
        #expect(axis.position(of: 0) == nil)
        #expect(axis.position(of: .nan) == nil)
        let linear = try Axis(scale: .linear, low: -1, high: 1, start: 300, end: 100)
        #expect(linear.position(of: 0) == 200)
        #expect(throws: PlotError.self) {
            try Axis(scale: .logarithmic, low: 0, high: 1, start: 0, end: 1)
        }
        #expect(throws: PlotError.self) {
            try Axis(scale: .linear, low: 2, high: 2, start: 0, end: 1)
        }
    }

    @Test("overlapping labels are thinned, secondary labels first")
    func thinning() throws {
        let axis = try Axis(scale: .logarithmic, low: 1, high: 100, start: 0, end: 120)
        let ticks = TickGenerator.logTicks(low: 1, high: 100)
        let thinned = ChartFrame.thinned(ticks, axis: axis) { _ in 30 }
        #expect(thinned.compactMap(\.label) == ["1", "10", "100"])
        #expect(thinned.count == ticks.count)
    }
}
