@testable import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation
import Testing
import _EEGBenchmarks
import _TestSupport

@Suite("Streaming Welch and band power over EDF files")
struct StreamingWelchTests {
    /// Writes channels at `rate` Hz (noise plus a sine each) as EDF+ and returns the path.
    static func writeFile(
        rate: Hertz, duration: Seconds, channels: Int = 5, format: EDFWriter.Format = .edfPlus
    ) throws -> URL {
        var generator = SeededGenerator(seed: 11)
        let count = Int(rate * duration)
        let signals = try (0..<channels).map { channel in
            try Signal(
                samples: (0..<count).map { index in
                    30 * sin(2 * .pi * (3 + 4 * Double(channel)) * Double(index) / rate)
                        + 10 * generator.nextGaussian() + Double(channel)
                },
                sampleRate: rate, label: "C\(channel)", unit: "uV")
        }
        let url = try TestData.temporaryDirectory().appendingPathComponent(
            format == .edfPlus ? "stream.edf" : "stream.bdf")
        try EDFWriter.write(Recording(signals: signals), to: url, format: format)
        return url
    }

    @Test(
        "streamed PSD equals the in-memory PSD of the same samples",
        arguments: [(123.0, 1, 4096), (256.0, 2, 256 << 10), (200.0, 2, 1), (97.0, 3, 3000)])
    func streamedEqualsInMemory(rate: Hertz, concurrency: Int, blockBytes: Int) throws {
        let url = try Self.writeFile(rate: rate, duration: 31)
        let recording = try EDFReader(url: url).read()
        // Odd segment and overlap so segment boundaries fall inside records and blocks.
        let options = WelchOptions(segment: .duration(1.37), overlap: 0.3)
        let streaming = try StreamingWelch(
            options: options, concurrency: concurrency, blockBytes: blockBytes)
        let streamed = try streaming.spectra(of: EDFReader(url: url))
        #expect(streamed.count == recording.signals.count)
        for (signal, result) in zip(recording.signals, streamed) {
            let expected = try signal.powerSpectrum(method: .welch(options))
            let actual = try result.get()
            #expect(actual.frequencies == expected.frequencies)
            #expect(actual.label == signal.label)
            // Same accumulator, same segment order: identical up to rounding (1e-12).
            do {
                let check = compareArrays(
                    actual.power, expected.power, relative: 1e-12, absolute: 0)
                #expect(check.passed, "\(check)")
            }
        }
    }

    @Test("band powers equal Signal.bandPowers for BDF (24-bit) too", arguments: [1, 2])
    func bandPowersMatch(concurrency: Int) throws {
        let url = try Self.writeFile(rate: 128, duration: 20, channels: 3, format: .bdfPlus)
        let recording = try EDFReader(url: url).read()
        let reader = try EDFReader(url: url)
        let bands = try FrequencyBand.parseList("delta=1-4,alpha=8-13,beta=13-30")
        let streamed = try StreamingWelch(concurrency: concurrency).bandPowers(
            of: reader, channels: [2, 0], bands: bands, rule: .trapezoid)
        #expect(streamed.map(\.label) == ["C2", "C0"])
        for (channel, position) in zip(streamed, [2, 0]) {
            let expected = try recording.signals[position].bandPowers(
                bands, method: .welch(), rule: .trapezoid)
            // Same spectrum and integration: equal to 1e-12.
            do {
                let check = compareArrays(
                    channel.powers.map { $0?.absolute ?? .nan }, expected.map(\.absolute), relative: 1e-12,
                    absolute: 0)
                #expect(check.passed, "\(check)")
            }
            do {
                let check = compareArrays(
                    channel.powers.map { $0?.relative ?? .nan }, expected.map(\.relative), relative: 1e-12,
                    absolute: 0)
                #expect(check.passed, "\(check)")
            }
            #expect(channel.sampleRate == 128 && channel.unit == "uV")
        }
    }

    @Test("EDF+D: no segment spans a gap; equals the gap-free runs fed one by one",
        .enabled(if: TestData.hasShared("edge-cases/Discontinuous1.edf"),
            "needs ../shared/data/eeg/edge-cases/Discontinuous1.edf (absent in a fresh clone)"))
    func discontinuousFile() throws {
        let url = try TestData.shared("edge-cases/Discontinuous1.edf")
        let options = WelchOptions(segment: .duration(0.5), overlap: 0.5)
        let streamed = try StreamingWelch(options: options, concurrency: 2)
            .spectra(of: EDFReader(url: url), channels: [3, 5])
        let segments = try EDFReader(url: url).readSegments()
        #expect(segments.count > 1)
        for (result, channel) in zip(streamed, [3, 5]) {
            let accumulator = try WelchAccumulator(
                sampleRate: 200, options: options, label: segments[0].signals[channel].label)
            for segment in segments {
                try accumulator.append(segment.signals[channel].samples)
                accumulator.discardPartialSegment()
            }
            let expected = try accumulator.spectrum()
            // Same accumulator fed the same runs: identical.
            do {
                let check = compareArrays(
                    try result.get().power, expected.power, relative: 1e-12, absolute: 0)
                #expect(check.passed, "\(check)")
            }
        }
    }

    @Test("a channel shorter than one segment fails alone; the others have PSDs")
    func shortChannelFails() throws {
        let url = try Self.writeFile(rate: 50, duration: 3, channels: 2)
        let results = try StreamingWelch(options: WelchOptions(segment: .duration(4)))
            .spectra(of: EDFReader(url: url))
        #expect(results.count == 2)
        for result in results {
            #expect(throws: DSPError.self) { try result.get() }
        }
        #expect(throws: DSPError.self) {
            try StreamingWelch(options: WelchOptions(segment: .duration(4)))
                .bandPowers(of: EDFReader(url: url))
        }
    }

    @Test("bad requests throw with context")
    func errors() throws {
        #expect(throws: AnalysisError.self) { try StreamingWelch(concurrency: 0) }
        #expect(throws: AnalysisError.self) { try StreamingWelch(blockBytes: 0) }
        let url = try Self.writeFile(rate: 64, duration: 4, channels: 2)
        let reader = try EDFReader(url: url)
        #expect(throws: EDFError.self) {
            try StreamingWelch().spectra(of: reader, channels: [2])
        }
        #expect(try StreamingWelch.channelIndices(named: ["c1", "C0"], in: reader) == [1, 0])
        #expect(throws: CoreError.self) {
            try StreamingWelch.channelIndices(named: ["Pz"], in: reader)
        }
    }

    @Test("channel groups are contiguous, cover every channel and balance the work")
    func groups() {
        #expect(StreamingWelch.groups(weights: [], count: 2) == [])
        #expect(StreamingWelch.groups(weights: [5], count: 2) == [0..<1])
        #expect(StreamingWelch.groups(weights: [1, 1, 1, 1], count: 2) == [0..<2, 2..<4])
        #expect(StreamingWelch.groups(weights: [1, 1, 1, 1, 1], count: 1) == [0..<5])
        #expect(StreamingWelch.groups(weights: [8, 1, 1, 1, 1], count: 2) == [0..<1, 1..<5])
        #expect(StreamingWelch.groups(weights: [1, 1, 1], count: 8).count == 3)
    }

    @Test("in-memory parallel spectra equal the serial ones")
    func inMemoryParallel() throws {
        let recording = try PerformanceBenchmarks.noiseRecording(
            channelCount: 5, sampleRate: 123, duration: 9, seed: 3)
        let results = try StreamingWelch(concurrency: 2).spectra(of: recording)
        for (signal, result) in zip(recording.signals, results) {
            #expect(try result.get() == signal.powerSpectrum(method: .welch()))
        }
    }
}
