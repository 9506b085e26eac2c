import EEGCore
import EEGDSP
import Foundation
import Testing

@Suite("Undeclared low-pass from the spectrum")
struct LowPassDetectorTests {
    /// 120 s of 1/f^exponent noise at `rate`, optionally low-passed (zero-phase Butterworth,
    /// so the effective order is twice `order`), plus an alpha peak at 10 Hz.
    static func spectrum(
        rate: Hertz, exponent: Double, lowPass: Hertz?, order: Int = 4, knee: Hertz? = nil,
        mains: Hertz? = nil, seed: UInt64
    ) throws -> Spectrum {
        var generator = SeededGenerator(seed: seed)
        var signal = try Signal.powerLawNoise(
            exponent: exponent, duration: 120, sampleRate: rate, knee: knee, using: &generator)
        let alphaAndMains = signal.samples.indices.map { index -> Double in
            let time = Double(index) / rate
            return 0.5 * sin(2 * .pi * 10 * time)
                + (mains.map { 0.3 * sin(2 * .pi * $0 * time) } ?? 0)
        }
        signal = signal.replacingSamples(zip(signal.samples, alphaAndMains).map { $0 + $1 })
        if let lowPass {
            let sections = try SecondOrderSections.butterworth(
                order: order, band: .lowpass(cutoff: lowPass), sampleRate: rate)
            signal = signal.replacingSamples(try sections.zeroPhaseFiltered(signal.samples))
        }
        return try signal.powerSpectrum(method: .welch(segmentDuration: 2))
    }

    @Test("finds a 45 Hz low-pass within 10 %", arguments: [(500.0, 1.0), (256.0, 2.0)])
    func lowPass45(rate: Hertz, exponent: Double) throws {
        for seed: UInt64 in 1...3 {
            let spectrum = try Self.spectrum(
                rate: rate, exponent: exponent, lowPass: 45, seed: seed)
            let found = try #require(LowPassDetector().lowPass(in: spectrum))
            let edge = try #require(found.high)
            #expect(abs(edge - 45) <= 4.5, "seed \(seed): \(edge) Hz")
            #expect(found.source == .spectrum)
        }
    }

    @Test("finds a 70 Hz low-pass at 500 Hz with 50 Hz mains")
    func lowPass70() throws {
        let spectrum = try Self.spectrum(
            rate: 500, exponent: 1.5, lowPass: 70, order: 4, mains: 50, seed: 4)
        let edge = try #require(LowPassDetector().lowPass(in: spectrum)?.high)
        #expect(abs(edge - 70) <= 7, "\(edge) Hz")
    }

    @Test("the median spectrum of channels is taken bin by bin in log power")
    func median() throws {
        let grid: [Hertz] = [1, 2]
        let spectra = try [[1.0, 100], [10, 1], [100, 10]].map {
            try Spectrum(frequencies: grid, power: $0)
        }
        let median = try #require(LowPassDetector.medianSpectrum(of: spectra))
        #expect(median.power.map { ($0 * 1e9).rounded() / 1e9 } == [10, 10])
        #expect(LowPassDetector.medianSpectrum(of: []) == nil)
    }

    @Test(
        "no false alarm on unfiltered 1/f noise with or without a knee and mains",
        arguments: [(160.0, 1.0, nil as Hertz?), (256.0, 2.0, 10), (500.0, 1.5, nil),
                    (200.0, 2.5, 5), (1000.0, 1.0, nil)])
    func noFalseAlarm(rate: Hertz, exponent: Double, knee: Hertz?) throws {
        for seed: UInt64 in 11...20 {
            let spectrum = try Self.spectrum(
                rate: rate, exponent: exponent, lowPass: nil, knee: knee, mains: 60, seed: seed)
            #expect(LowPassDetector().lowPass(in: spectrum) == nil, "seed \(seed)")
        }
    }
}
