import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Spectrograms of signals with gaps")
struct GapFreeSpectrogramTests {
    /// 123 Hz, stretches of 4 s, 0.6 s and 3 s at 0, 7 and 9.1 s (recording time).
    static func recording() throws -> Recording {
        let rate = 123.0
        let count = Int(7.6 * rate)
        var generator = SeededGenerator(seed: 5)
        let signal = try Signal(
            samples: (0..<count).map { _ in generator.nextGaussian() }, sampleRate: rate,
            label: "Oz")
        return Recording(signals: [signal], stretches: try TestData.stretches("0:4;7:0.6;9.1:3"))
    }

    @Test("no column straddles a gap; times are in recording time; short stretches add none")
    func columnsInsideStretches() throws {
        let recording = try Self.recording()
        let options = SpectrogramOptions(segment: .duration(1), overlap: 0.5)
        let map = try recording.spectrograms(options)[0]
        let half = 0.5 * 123.0.rounded() / 123  // half a 123-sample segment in seconds
        for time in map.times {
            let inside = recording.stretches.contains {
                $0.onset - 1e-9 <= time - half && time + half <= $0.end + 1e-9
            }
            #expect(inside, "column at \(time) s straddles a gap")
        }
        // Each stretch's columns are its own spectrogram, shifted to its onset.
        let signal = recording.signals[0]
        let ranges = recording.stretchSampleRanges(of: signal)
        let first = try signal.slice(ranges[0]).spectrogram(options)
        let last = try signal.slice(ranges[2]).spectrogram(options)
        #expect(map.times.count == first.times.count + last.times.count)
        #expect(Array(map.power.prefix(first.times.count)) == first.power)
        #expect(Array(map.power.suffix(last.times.count)) == last.power)
        let shifted = last.times.map { 9.1 + $0 }
        let check = compareArrays(
            Array(map.times.suffix(last.times.count)), shifted, relative: 1e-12, absolute: 1e-12)
        #expect(check.passed, "\(check)")
    }

    @Test("continuous input is the plain spectrogram; bad stretches throw")
    func continuousAndErrors() throws {
        let recording = try Self.recording()
        let signal = recording.signals[0]
        let options = SpectrogramOptions(segment: .duration(1))
        #expect(try signal.spectrogram(options, stretches: [0..<signal.count], stretchOnsets: [0])
            == signal.spectrogram(options))
        #expect(throws: DSPError.self) {
            try signal.spectrogram(options, stretches: [0..<10, 5..<20], stretchOnsets: [0, 1])
        }
        #expect(throws: DSPError.self) {
            try signal.spectrogram(options, stretches: [0..<10, 10..<20], stretchOnsets: [0])
        }
        #expect(throws: DSPError.stretchesTooShort(
            label: "Oz", longestCount: 492, required: 615,
            purpose: "a spectrogram segment of 5 s")
        ) {
            try recording.spectrograms(SpectrogramOptions(segment: .duration(5)))
        }
    }
}
