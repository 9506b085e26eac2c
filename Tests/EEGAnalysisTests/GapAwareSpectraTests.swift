@testable import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation
import Testing
import _TestSupport

/// The EDF+D fixture: a 10 Hz sine with a phase jump of π at each of two gaps (3.7 s and
/// 2.3 s) and a last stretch shorter than a Welch segment (see make_gap_fixtures.py).
enum GapFixture {
    static var url: URL {
        TestData.fixtures("EEGAnalysisTests").appendingPathComponent("gaps_sine.edf")
    }

    struct Reference: Decodable {
        struct Channel: Decodable {
            let name: String
            let segments: Int
            let frequenciesHz: [Double]
            let pooledPsd: [Double]
            let joinedPsd: [Double]

            enum CodingKeys: String, CodingKey {
                case name, segments
                case frequenciesHz = "frequencies_hz"
                case pooledPsd = "pooled_psd"
                case joinedPsd = "joined_psd"
            }
        }

        let channels: [Channel]
    }

    static func reference() throws -> Reference {
        try TestData.loadJSON(
            Reference.self,
            from: TestData.fixtures("EEGAnalysisTests")
                .appendingPathComponent("gaps_reference.json"))
    }
}

@Suite("Spectra of discontinuous (EDF+D) recordings")
struct GapAwareSpectraTests {
    @Test("the reader's joined recording knows its three stretches")
    func stretches() throws {
        let recording = try EDFReader(url: GapFixture.url).read()
        #expect(recording.isDiscontinuous)
        let stretches = recording.stretches
        #expect(stretches.map(\.onset) == [0, 10.7, 19])
        #expect(stretches.map(\.duration) == [7, 6, 1])
        #expect(stretches.map(\.dataOffset) == [0, 7, 13])
        let signal = try #require(recording.signal(named: "Sine"))
        #expect(
            recording.stretchSampleRanges(of: signal) == [0..<1400, 1400..<2600, 2600..<2800])
        #expect(recording.gaps.count == 2)
        #expect(isClose(recording.recordingTime(atDataTime: 7.5), 11.2, relative: 1e-12))
        let parts = recording.splitAtGaps()
        let segments = try EDFReader(url: GapFixture.url).readSegments()
        #expect(
            parts.map { $0.signals.map(\.samples) } == segments.map { $0.signals.map(\.samples) })
        #expect(parts.map(\.annotations) == segments.map(\.annotations))
        #expect(parts.allSatisfy { !$0.isDiscontinuous })
    }

    @Test("Welch mean pools segments per stretch: equals SciPy and the streaming path")
    func welchMean() throws {
        let recording = try EDFReader(url: GapFixture.url).read()
        let spectra = try recording.powerSpectra(method: .welch())
        let streamed = try StreamingWelch(concurrency: 1)
            .spectra(of: EDFReader(url: GapFixture.url))
        let reference = try GapFixture.reference()
        for (index, channel) in reference.channels.enumerated() {
            let spectrum = spectra[index]
            #expect(spectrum.label == channel.name)
            #expect(spectrum.frequencies == channel.frequenciesHz)
            // Same accumulator, same segments as bandpower/batch: equal to rounding.
            let same = compareArrays(
                spectrum.power, try streamed[index].get().power, relative: 1e-12, absolute: 0)
            #expect(same.passed, "\(same)")
            // FFTW vs NumPy's pocketfft on identical samples (measured 3e-15): 1e-12 relative,
            // plus an absolute floor (1e-12 of the peak) for the near-zero bins of a pure sine.
            let floor = 1e-12 * (channel.pooledPsd.max() ?? 1)
            let scipy = compareArrays(
                spectrum.power, channel.pooledPsd, relative: 1e-12, absolute: floor)
            #expect(scipy.passed, "\(scipy)")
            // The joined samples (gaps ignored) are what SciPy's welch gives on the raw file.
            let signal = try #require(recording.signal(named: channel.name))
            let joined = try signal.powerSpectrum(method: .welch())
            let joinedCheck = compareArrays(
                joined.power, channel.joinedPsd, relative: 1e-12, absolute: floor)
            #expect(joinedCheck.passed, "\(joinedCheck)")
            // …and they differ: the phase jump inside a joined segment moves power off 10 Hz.
            let peak = try #require(channel.frequenciesHz.firstIndex(of: 10))
            #expect(joined.power[peak] < 0.9 * spectrum.power[peak])
        }
    }

    @Test("Welch median equals the streaming median; a short last stretch adds nothing")
    func welchMedian() throws {
        let options = WelchOptions(segment: .duration(1.5), overlap: 0.3, average: .median)
        let recording = try EDFReader(url: GapFixture.url).read()
        let spectra = try recording.powerSpectra(method: .welch(options))
        let streamed = try StreamingWelch(options: options, concurrency: 2)
            .spectra(of: EDFReader(url: GapFixture.url))
        for (spectrum, result) in zip(spectra, streamed) {
            let check = compareArrays(
                spectrum.power, try result.get().power, relative: 1e-12, absolute: 0)
            #expect(check.passed, "\(check)")
        }
        // Dropping the 1 s stretch C (shorter than a 2 s segment) changes nothing.
        let signal = recording.signals[0]
        let withC = try signal.powerSpectrum(
            method: .welch(), stretches: recording.stretchSampleRanges(of: signal))
        let withoutC = try signal.slice(0..<2600).powerSpectrum(
            method: .welch(), stretches: [0..<1400, 1400..<2600])
        #expect(withC == withoutC)
    }

    @Test("periodogram and multitaper refuse several stretches, with a hint")
    func singleWindowMethods() throws {
        let recording = try EDFReader(url: GapFixture.url).read()
        for method in [PSDMethod.periodogram(), .multitaper(halfBandwidth: nil)] {
            #expect(throws: DSPError.discontinuousInput(
                label: "Sine", stretchCount: 3, method: "the \(method.name)",
                suggestion: "use Welch (--method welch), whose segments stay inside each "
                    + "stretch")
            ) {
                try recording.powerSpectra(method: method)
            }
            // One stretch on its own is fine.
            let first = recording.splitAtGaps()[0]
            #expect(try first.powerSpectra(method: method).count == 2)
        }
    }

    @Test("no stretch as long as a segment: a clear error in memory and when streaming")
    func stretchesTooShort() throws {
        let options = WelchOptions(segment: .duration(8))
        let recording = try EDFReader(url: GapFixture.url).read()
        #expect(throws: DSPError.stretchesTooShort(
            label: "Sine", longestCount: 1400, required: 1600, purpose: "a Welch segment of 8 s")
        ) {
            try recording.powerSpectra(method: .welch(options))
        }
        let streamed = try StreamingWelch(options: options)
            .spectra(of: EDFReader(url: GapFixture.url))
        #expect(throws: DSPError.stretchesTooShort(
            label: "Sine", longestCount: 1400, required: 1600, purpose: "a Welch segment of 8 s")
        ) {
            try streamed[0].get()
        }
        let signal = recording.signals[0]
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .welch(), stretches: [0..<100, 50..<200])
        }
        #expect(throws: DSPError.self) {
            try signal.powerSpectrum(method: .welch(), stretches: [0..<100, 200..<9000])
        }
    }

    @Test("spectral models and band powers use the gap-free PSD")
    func modelsAndBandPowers() throws {
        let recording = try EDFReader(url: GapFixture.url).read()
        let signal = try #require(recording.signal(named: "EEG"))
        let ranges = recording.stretchSampleRanges(of: signal)
        let pooled = try signal.powerSpectrum(method: .welch(), stretches: ranges)
        let models = try recording.selecting(channels: ["EEG"]).spectralModels(from: 2, to: 40)
        let expected = try pooled.spectralModel(in: 2...40, settings: SpectralFitSettings())
        #expect(try models[0].get() == expected)
        let powers = try recording.bandPowers()
        #expect(try powers[1] == pooled.bandPowers())
    }

    @Test("Discontinuous1.edf: in-memory PSD equals the streamed one",
        .enabled(if: TestData.hasShared("edge-cases/Discontinuous1.edf"),
            "needs ../shared/data/eeg/edge-cases/Discontinuous1.edf (absent in a fresh clone)"))
    func sharedDiscontinuousFile() throws {
        let url = try TestData.shared("edge-cases/Discontinuous1.edf")
        let options = WelchOptions(segment: .duration(0.5))
        let recording = try EDFReader(url: url).read().selecting(channels: ["sine 8.5 Hz"])
        #expect(recording.stretches.count == 600)
        let memory = try recording.powerSpectra(method: .welch(options))
        let reader = try EDFReader(url: url)
        let index = try StreamingWelch.channelIndices(named: ["sine 8.5 Hz"], in: reader)
        let streamed = try StreamingWelch(options: options).spectra(of: reader, channels: index)
        let check = compareArrays(
            memory[0].power, try streamed[0].get().power, relative: 1e-12, absolute: 0)
        #expect(check.passed, "\(check)")
    }
}
