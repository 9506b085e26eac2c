import EEGCore
import Foundation
import Testing
import _TestSupport
import EEGFFT

@testable import EEGDSP

/// The reference path the bank replaces: notches and band-pass forward-backward
/// (`sosfiltfilt`), then the envelope of the whole-signal Hilbert transform.
private func iirReference(
    _ samples: [Double], filter: SecondOrderSections, notches: [SecondOrderSections]
) throws -> (filtered: [Double], envelope: [Double]) {
    var notched = samples
    for notch in notches { notched = try notch.zeroPhaseFiltered(notched) }
    let filtered = try filter.zeroPhaseFiltered(notched)
    let envelope = try AnalyticSignal(samples: filtered, sampleRate: filter.sampleRate).amplitude
    return (filtered, envelope)
}

/// One whole-signal transform instead of overlapping blocks: the signal extended by point
/// reflection by `padding` samples at each end, multiplied by mask × |H|² in one FFT.
private func wholeSignalEnvelope(
    _ samples: [Double], cascades: [SecondOrderSections], padding: Int, sampleRate: Hertz
) throws -> [Double] {
    let count = samples.count
    let extended = (-padding..<(count + padding)).map { index -> Double in
        if index < 0 { return 2 * samples[0] - samples[-index] }
        if index >= count { return 2 * samples[count - 1] - samples[2 * (count - 1) - index] }
        return samples[index]
    }
    let length = extended.count
    let bins = try RealFFT(count: length).forward(extended)
    var masked = [Complex](repeating: Complex(0), count: length)
    for bin in 1..<((length + 1) / 2) {
        let frequency = Double(bin) * sampleRate / Double(length)
        let gain = 2 * cascades.reduce(1.0) { $0 * $1.powerResponse(at: frequency) }
        masked[bin] = Complex(bins[bin].real * gain, bins[bin].imaginary * gain)
    }
    let analytic = try ComplexFFT(count: length).inverse(masked)
    return analytic[padding..<(padding + count)].map(\.magnitude)
}

@Suite("SubbandFilterBank")
struct SubbandFilterBankTests {
    /// Pink-ish noise with a 50 Hz line and a 40 Hz and a 3 Hz tone.
    private func testSignal(sampleRate: Hertz, duration: Seconds, seed: UInt64) throws -> [Double] {
        var generator = SeededGenerator(seed: seed)
        let noise = try Signal.powerLawNoise(
            exponent: 1.5, duration: duration, sampleRate: sampleRate,
            level: .density(1, at: 10), using: &generator)
        return noise.samples.enumerated().map { index, value in
            let time = Double(index) / sampleRate
            return value + 0.5 * sin(2 * .pi * 50 * time) + 0.2 * sin(2 * .pi * 40 * time)
                + 0.3 * sin(2 * .pi * 3 * time)
        }
    }

    @Test(
        "equals notch + sosfiltfilt + hilbert away from the ends, for gamma sub-bands and delta3",
        arguments: [
            (256.0, 30.0, 80.0, 10.0, 300.0),  // gamma: 9 sub-bands, several blocks
            (250.0, 2.0, 4.0, 2.0, 200.0),  // delta3: one band, long impulse response
            (123.0, 30.0, 55.0, 10.0, 40.0),  // odd rate, one block covering the signal
        ])
    func matchesIIRPath(
        sampleRate: Hertz, low: Hertz, high: Hertz, width: Hertz, duration: Seconds
    ) throws {
        let band = try FrequencyBand(low: low, high: high)
        var settings = try EpisodeDetectionSettings(band: band)
        settings.subbandWidth = width
        settings.lineFrequencies = [50]
        let samples = try testSignal(sampleRate: sampleRate, duration: duration, seed: 7)
        let filters = try settings.subbands.map {
            try SecondOrderSections.butterworth(
                order: settings.filterOrder, band: .bandpass(low: $0.low, high: $0.high),
                sampleRate: sampleRate)
        }
        let notches = try settings.notchedHarmonics(sampleRate: sampleRate).map {
            try SecondOrderSections.notch(
                frequency: $0, qualityFactor: EpisodeDetector.notchQualityFactor,
                sampleRate: sampleRate)
        }
        let bank = try SubbandFilterBank(
            filters: filters, notches: notches, sampleRate: sampleRate,
            sampleCount: samples.count)
        let spectra = try bank.spectra(of: samples)
        // Edge effects (the IIR path's padding and the whole-signal Hilbert's wrap-around)
        // decay over the impulse response: compare from 3 s or one bank margin in.
        let edge = max(Int(3 * sampleRate), bank.marginCount)
        #expect(samples.count > 2 * edge)
        let middle = edge..<(samples.count - edge)
        for (index, filter) in filters.enumerated() {
            let (filtered, envelope) = try bank.analytic(spectra, subband: index)
            let expected = try iirReference(samples, filter: filter, notches: notches)
            let scale = expected.envelope[middle].max() ?? 1
            // The band-passed signal: 1e-6 of the envelope's largest value, as the IIR path's
            // edge transients decay to about that within 3 s (the bank's truncation is 1e-10).
            let filteredCheck = compareArrays(
                Array(filtered[middle]), Array(expected.filtered[middle]),
                relative: 0, absolute: 1e-6 * scale)
            #expect(filteredCheck.passed, "sub-band \(index): \(filteredCheck)")
            // Blocks vs one whole-signal transform: only the tails beyond the margin
            // (1e-10 of the impulse response) and rounding differ.
            let whole = try wholeSignalEnvelope(
                samples, cascades: [filter] + notches, padding: 2 * bank.marginCount,
                sampleRate: sampleRate)
            let blockCheck = compareArrays(
                Array(envelope[middle]), Array(whole[middle]), relative: 0,
                absolute: 1e-8 * scale)
            #expect(blockCheck.passed, "sub-band \(index): \(blockCheck)")
            // The whole-signal Hilbert of the IIR path sees the jump where its transform wraps
            // around (the ends' transients), whose 1/(π·distance) tail reaches the middle: in
            // the middle half the envelopes agree to 2e-3 of the largest value.
            let centre = (samples.count / 4)..<(3 * samples.count / 4)
            let envelopeCheck = compareArrays(
                Array(envelope[centre]), Array(expected.envelope[centre]),
                relative: 0, absolute: 2e-3 * scale)
            #expect(envelopeCheck.passed, "sub-band \(index): \(envelopeCheck)")
        }
    }

    @Test("a 40 Hz tone passes its sub-band at unit gain and is removed by a 50 Hz notch")
    func toneGain() throws {
        let sampleRate = 256.0
        let samples = (0..<(60 * 256)).map { sin(2 * .pi * 40 * Double($0) / sampleRate) }
        let pass = try SecondOrderSections.butterworth(
            order: 4, band: .bandpass(low: 35, high: 45), sampleRate: sampleRate)
        let notch = try SecondOrderSections.notch(
            frequency: 40, qualityFactor: 10, sampleRate: sampleRate)
        let plain = try SubbandFilterBank(
            filters: [pass], notches: [], sampleRate: sampleRate, sampleCount: samples.count)
        let envelope = try plain.analytic(plain.spectra(of: samples), subband: 0).envelope
        let notched = try SubbandFilterBank(
            filters: [pass], notches: [notch], sampleRate: sampleRate,
            sampleCount: samples.count)
        let removed = try notched.analytic(notched.spectra(of: samples), subband: 0).envelope
        let middle = (10 * 256)..<(50 * 256)
        // |H(40 Hz)|⁴ of the band-pass at its centre is 1 to within 1e-3.
        #expect(envelope[middle].allSatisfy { abs($0 - 1) < 1e-3 })
        #expect(removed[middle].allSatisfy { $0 < 1e-6 })
    }
}
