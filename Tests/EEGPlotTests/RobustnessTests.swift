import EEGCore
import Foundation
import Testing
@testable import EEGPlot

/// Hostile values (NaN, ±∞, zeros, negatives, huge and tiny magnitudes, single points) must
/// give either a picture or a `PlotError`, never a crash or a malformed document.
@Suite("Plot robustness")
struct RobustnessTests {
    static func hostileValue(_ generator: inout SeededGenerator) -> Double {
        switch generator.next() % 10 {
        case 0: return .nan
        case 1: return .infinity
        case 2: return -.infinity
        case 3: return 0
        case 4: return -generator.nextUnitInterval() * 10
        case 5: return 1e300 * generator.nextUnitInterval()
        case 6: return 1e-300 * generator.nextUnitInterval()
        default: return generator.nextUnitInterval() * 100
        }
    }

    static func check(_ make: () throws -> String) {
        do {
            let svg = try make()
            #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>\n"))
            // No non-finite number may reach an attribute or a label.
            #expect(svg.firstMatch(of: /[">,\s(-](nan|inf|NaN|Infinity)[",<\s)]/) == nil)
        } catch is PlotError {
            // Refusing to draw is fine.
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("random hostile inputs", arguments: 0..<24)
    func hostile(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed) + 1000)
        let count = Int(generator.next() % 6)
        let frequencies = (0..<count).map { Double($0) * 0.5 }
        let power = (0..<count).map { _ in Self.hostileValue(&generator) }
        let spectrum = try Spectrum(frequencies: frequencies, power: power, label: "X")
        for scale in [AxisScale.linear, .logarithmic] {
            Self.check {
                try PSDPlot.svg(
                    spectra: [spectrum],
                    fits: [PSDCurve(label: "fit", frequencies: frequencies, power: power)],
                    peaks: [PSDPeakMarker(frequency: 1, power: Self.hostileValue(&generator))],
                    options: PSDPlotOptions(
                        frequencyScale: scale, powerScale: scale,
                        bands: FrequencyBand.standard))
            }
        }
        let times = (0..<count).map { Double($0) }
        let grid = times.map { _ in frequencies.map { _ in Self.hostileValue(&generator) } }
        let spectrogram = try Spectrogram(times: times, frequencies: frequencies, power: grid)
        Self.check { try SpectrogramPlot.svg(spectrogram) }
        Self.check {
            try SpectrogramPlot.svg(
                spectrogram, options: SpectrogramPlotOptions(
                    frequencyScale: .logarithmic, rendering: .raster))
        }
        Self.check {
            try BandPowerChart.svg(
                channels: ["A"], bands: power.indices.map { "b\($0)" }, values: [power],
                options: BandPowerChartOptions(kind: .relative))
        }
        Self.check {
            try TimeCoursePlot.svg(
                series: [TimeSeries(label: "s", times: times, values: power)],
                detected: [RhythmEvent(
                    onset: Self.hostileValue(&generator), duration: 1, channel: "A",
                    rhythm: "x", frequency: 3, amplitude: 1)],
                options: TimeCoursePlotOptions(valueScale: seed.isMultiple(of: 2)
                                               ? .linear : .logarithmic))
        }
    }
}
