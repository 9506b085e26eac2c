@testable import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("Episode detection on discontinuous (EDF+D) recordings")
struct GapAwareDetectionTests {
    static let alpha = Rhythm.band(FrequencyBand.standard[2])

    static func isInsideOneStretch(_ event: RhythmEvent, of recording: Recording) -> Bool {
        recording.stretches.contains {
            $0.onset - 1e-9 <= event.onset && event.end <= $0.end + 1e-9
        }
    }

    @Test("detect: one episode per stretch in recording time, edges blanked at each gap")
    func rhythmAnalysis() throws {
        let recording = try EDFReader(url: GapFixture.url).read().selecting(channels: ["Sine"])
        let result = try RhythmAnalysis(settings: RhythmAnalysisSettings(rhythm: Self.alpha))
            .analyse(recording, file: "gaps_sine.edf")
        #expect(result.events.count == 3)
        for event in result.events {
            #expect(Self.isInsideOneStretch(event, of: recording), "\(event)")
        }
        // One cycle of the lower band edge (1/8 s) is blanked after each stretch onset.
        let onsets = result.events.map(\.onset)
        let expected: [Seconds] = [0.125, 10.825, 19.125]
        for (onset, value) in zip(onsets, expected) {
            #expect(isClose(onset, value, relative: 0, absolute: 1e-9), "\(onsets)")
        }
        #expect(result.summary.channels[0].error == nil)
        // Joined samples (the metadata dropped) give one episode running across both joins.
        let joined = Recording(signals: recording.signals)
        let old = try RhythmAnalysis(settings: RhythmAnalysisSettings(rhythm: Self.alpha))
            .analyse(joined, file: "joined")
        #expect(old.events.count == 1 && old.events[0].duration > 13)
    }

    @Test("batch and report analyzers: the same episodes, none spanning a gap")
    func recordingAnalyzer() throws {
        let settings = AnalysisSettings(rhythms: [Self.alpha])
        let analyzer = try RecordingAnalyzer(
            settings: settings, detector: RhythmDetection.detector(settings: settings))
        let input = BatchInput(path: GapFixture.url.path)
        let streamed = try analyzer.analyze(input)
        let recording = try EDFReader(url: GapFixture.url).read()
        let inMemory = try analyzer.analyze(recording, input: input)
        #expect(streamed.events == inMemory.events)
        #expect(streamed.events.count >= 3)
        for event in streamed.events {
            #expect(Self.isInsideOneStretch(event, of: recording), "\(event)")
        }
        #expect(!streamed.warnings.contains { $0.contains("not detected") })
        // The Welch PSDs are the gap-free ones.
        let expected = try recording.powerSpectra(method: .welch(settings.welchOptions))
        #expect(streamed.channels.map(\.spectrum) == expected)
    }

    @Test("recordings longer than one chunk are chunked inside each stretch")
    func longRecording() throws {
        let rate = 50.0
        var generator = SeededGenerator(seed: 23)
        // Two 200 s stretches (400 s of data, more than one 320 s chunk), bursts at 100 s and
        // across the join (190–210 s of data time).
        let samples = (0..<Int(400 * rate)).map { index -> Double in
            let time = Double(index) / rate
            let burst = (100..<108).contains(time) || (190..<210).contains(time)
            return (burst ? 6 * sin(2 * .pi * 10 * time) : 0) + generator.nextGaussian()
        }
        let recording = Recording(
            signals: [try Signal(samples: samples, sampleRate: rate, label: "Oz", unit: "uV")],
            metadata: ["format": "EDF+D"], stretches: try TestData.stretches("0:200;250:200"))
        let settings = AnalysisSettings(rhythms: [Self.alpha])
        let analyzer = try RecordingAnalyzer(
            settings: settings, detector: RhythmDetection.detector(settings: settings))
        let events = try analyzer.analyze(recording, input: BatchInput(path: "long.edf")).events
        for event in events {
            #expect(Self.isInsideOneStretch(event, of: recording), "\(event)")
        }
        #expect(events.contains { abs($0.onset - 100) < 1 })
        #expect(events.contains { $0.end > 199 && $0.end <= 200 })
        #expect(events.contains { $0.onset >= 250 && $0.onset < 251 })
    }

    @Test("detection chunks: short stretches grouped whole, long ones chunked with padding")
    func chunks() {
        func stretch(_ onset: Seconds, _ duration: Seconds) -> GapFreeStretch {
            GapFreeStretch(onset: onset, duration: duration, dataOffset: 0)
        }
        // One stretch: exactly the continuous chunks.
        for duration in [100.0, 320, 1000] {
            #expect(RecordingAnalyzer.chunks(stretches: [stretch(0, duration)])
                == RecordingAnalyzer.chunks(duration: duration))
        }
        // 600 stretches of 1 s every 1.5 s: groups of 300 s of data, no padding.
        let many = (0..<600).map { stretch(1.5 * Double($0), 1) }
        let grouped = RecordingAnalyzer.chunks(stretches: many)
        #expect(grouped.count == 2)
        #expect(grouped[0].readStart == 0 && grouped[0].readEnd == 449.5)
        #expect(grouped[1].readStart == 450 && grouped[1].readEnd == 899.5)
        #expect(grouped[0].end == grouped[1].start && grouped[1].end == .infinity)
        // A long stretch between short ones is chunked on its own, offsets in recording time.
        let mixed = RecordingAnalyzer.chunks(
            stretches: [stretch(0, 50), stretch(60, 700), stretch(800, 20)])
        #expect(mixed.first == DetectionChunk(start: 0, end: 60, readStart: 0, readEnd: 50))
        #expect(mixed[1].readStart == 60 && mixed[1].readEnd == 370)
        #expect(mixed.last?.readStart == 800 && mixed.last?.end == .infinity)
        for (chunk, next) in zip(mixed, mixed.dropFirst()) { #expect(chunk.end == next.start) }
    }
}

