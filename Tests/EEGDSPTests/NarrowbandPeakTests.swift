import EEGCore
import Foundation
import Testing

@testable import EEGDSP

/// Exact (noise-free) spectra: a knee, a narrow peak, and a broadband step.
@Suite("Background mode choice and narrowband peaks")
struct NarrowbandPeakTests {
    /// P(f) = 1 / (knee + f^2) (times a Gaussian bump in log10 power when `peak` is given, and
    /// × `step` above `stepFrom` Hz), on a 0.5 Hz grid from 0.5 to 120 Hz.
    static func spectrum(
        knee: Double, peak: (center: Double, height: Double, sd: Double)? = nil,
        stepFrom: Double? = nil, step: Double = 1
    ) throws -> Spectrum {
        let frequencies = stride(from: 0.5, through: 120, by: 0.5).map { $0 }
        let power = frequencies.map { f -> Double in
            var log = -log10(knee + f * f)
            if let peak {
                log += peak.height * exp(-pow(f - peak.center, 2) / (2 * peak.sd * peak.sd))
            }
            if let stepFrom, f >= stepFrom, f <= 80 { log += log10(step) }
            return pow(10, log)
        }
        return try Spectrum(frequencies: frequencies, power: power)
    }

    @Test("a 10 Hz knee is fitted in knee mode; a straight 1/f^2 spectrum stays fixed")
    func kneeChoice() throws {
        let detector = EpisodeDetector(
            settings: try EpisodeDetectionSettings(band: FrequencyBand(low: 2, high: 4)))
        let bent = try detector.backgroundModel(of: try Self.spectrum(knee: 100), sampleRate: 256)
        #expect(bent.aperiodic.mode == .knee)
        #expect(abs((bent.aperiodic.kneeFrequency ?? 0) - 10) < 1)
        let straight = try detector.backgroundModel(
            of: try Self.spectrum(knee: 0), sampleRate: 256)
        #expect(straight.aperiodic.mode == .fixed)
    }

    @Test("a narrow 3 Hz peak stands above its flanks")
    func narrowPeak() throws {
        let fitted = try SpectralModelFitter(settings: .init(maximumPeakCount: 3))
            .fit(try Self.spectrum(knee: 0, peak: (3, 0.5, 0.4)), in: 1...20)
        let peak = try #require(fitted.peaks(in: FrequencyBand(low: 2, high: 4)).first)
        let above = try #require(fitted.heightAboveFlanks(of: peak))
        #expect(abs(above - peak.power) < 0.05)
        #expect(peak.bandwidth <= SpectralModel.maximumNarrowbandWidth(at: 3))
    }

    @Test("a broadband step (+3 dB over 30–80 Hz) is not a peak above its flanks")
    func broadbandStep() throws {
        let fitted = try SpectralModelFitter(settings: .init(maximumPeakCount: 6))
            .fit(try Self.spectrum(knee: 0, stepFrom: 30, step: 2), in: 15...102)
        for peak in fitted.peaks(in: try FrequencyBand(low: 30, high: 80)) {
            let above = fitted.heightAboveFlanks(of: peak) ?? 0
            #expect(above == 0 || peak.bandwidth
                > SpectralModel.maximumNarrowbandWidth(at: peak.centerFrequency),
                "\(peak)")
        }
    }
}
