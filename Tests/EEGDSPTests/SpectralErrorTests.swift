import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Spectral estimator errors")
struct SpectralErrorTests {
    let signal: Signal

    init() throws {
        signal = try Signal(
            samples: (0..<500).map { sin(Double($0) * 0.3) }, sampleRate: 100, label: "Fz")
    }

    @Test("segment longer than the signal")
    func segmentTooLong() {
        #expect(throws: DSPError.signalTooShort(
            label: "Fz", sampleCount: 500, required: 600,
            purpose: "a Welch segment of 6 s")) {
            try signal.powerSpectrum(method: .welch(segmentDuration: 6))
        }
        #expect(throws: DSPError.self) {
            try signal.spectrogram(SpectrogramOptions(segment: .sampleCount(501)))
        }
    }

    @Test("overlap outside [0, 1)", arguments: [1.0, 1.5, -0.1, Double.nan])
    func badOverlap(overlap: Double) {
        #expect(throws: DSPError.invalidParameter(
            name: "overlap", value: "\(overlap)", expected: "a fraction in [0, 1)")) {
            try signal.powerSpectrum(method: .welch(segmentDuration: 1, overlap: overlap))
        }
    }

    @Test("empty input and NaN or infinity name the channel and index")
    func badSamples() throws {
        let empty = try Signal(samples: [], sampleRate: 100, label: "Cz")
        #expect(throws: DSPError.emptyInput(what: "channel Cz")) { try empty.powerSpectrum() }
        var samples = signal.samples
        samples[123] = .nan
        let withNaN = signal.replacingSamples(samples)
        #expect(throws: DSPError.nonFiniteInput(label: "Fz", index: 123)) {
            try withNaN.powerSpectrum()
        }
        samples[123] = 0
        samples[7] = -.infinity
        #expect(throws: DSPError.nonFiniteInput(label: "Fz", index: 7)) {
            try signal.replacingSamples(samples).spectrogram()
        }
    }

    @Test("bad segment lengths and FFT lengths")
    func badLengths() {
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .welch(WelchOptions(segment: .sampleCount(0))))
        }
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .welch(segmentDuration: -1))
        }
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .welch(
                WelchOptions(segment: .sampleCount(100), fftLength: 50)))
        }
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .periodogram(PeriodogramOptions(fftLength: 10)))
        }
    }

    @Test("a recording maps every channel at its own rate")
    func recordingMap() throws {
        let slow = try Signal(samples: [Double](repeating: 0, count: 400).enumerated()
            .map { sin(Double($0.offset)) }, sampleRate: 100, label: "A")
        let fast = try Signal(samples: (0..<1000).map { cos(Double($0)) }, sampleRate: 250,
                              label: "B")
        let recording = Recording(signals: [slow, fast])
        let spectra = try recording.powerSpectra(method: .welch(segmentDuration: 1))
        #expect(spectra.map(\.label) == ["A", "B"])
        #expect(spectra[0].frequencies.last == 50 && spectra[1].frequencies.last == 125)
        #expect(try recording.bandPowers(FrequencyBand.standard.dropLast().map { $0 }).count == 2)
    }
}
