import EEGCore
import Foundation
import Testing
import _TestSupport

@Suite("Gap-free stretches of a recording")
struct RecordingStretchesTests {
    static func recording(segments: String?, rate: Hertz = 10, count: Int = 100) throws
        -> Recording
    {
        let signal = try Signal(
            samples: (0..<count).map(Double.init), sampleRate: rate, label: "Cz")
        return Recording(
            signals: [signal],
            annotations: [
                Annotation(onset: 1, duration: nil, description: "a"),
                Annotation(onset: 7.5, duration: 1, description: "b"),
            ],
            stretches: try segments.map(TestData.stretches))
    }

    @Test("a continuous recording is one stretch; times map to themselves")
    func continuous() throws {
        let recording = try Self.recording(segments: nil)
        #expect(recording.stretches == [GapFreeStretch(onset: 0, duration: 10, dataOffset: 0)])
        #expect(!recording.isDiscontinuous && recording.gaps.isEmpty)
        #expect(recording.stretchSampleRanges(of: recording.signals[0]) == [0..<100])
        #expect(recording.recordingTime(atDataTime: 3.3) == 3.3)
        #expect(recording.splitAtGaps() == [recording])
    }

    @Test("onset:duration pairs give stretches, sample ranges and recording times")
    func discontinuous() throws {
        let recording = try Self.recording(segments: "0:4;6.5:3;12:3")
        #expect(recording.stretches.map(\.dataOffset) == [0, 4, 7])
        #expect(recording.gaps == [4..<6.5, 9.5..<12])
        let ranges = recording.stretchSampleRanges(of: recording.signals[0])
        #expect(ranges == [0..<40, 40..<70, 70..<100])
        #expect(recording.recordingTime(atDataTime: 4) == 6.5)
        #expect(isClose(recording.recordingTime(atDataTime: 8), 13, relative: 1e-12))
        let parts = recording.splitAtGaps()
        #expect(parts.map { $0.signals[0].samples.first } == [0, 40, 70])
        #expect(parts.map(\.annotations.count) == [1, 1, 0])
        #expect(parts[1].annotations[0].onset == 1)
        #expect(parts[1].metadata["segment_onset_s"] == "6.5")
        #expect(parts.allSatisfy { !$0.isDiscontinuous })
    }

    @Test("other rates round per stretch; the last range takes every remaining sample")
    func otherRate() throws {
        let recording = try Self.recording(segments: "0:0.5;1:0.5", rate: 123, count: 123)
        let ranges = recording.stretchSampleRanges(of: recording.signals[0])
        #expect(ranges == [0..<62, 62..<123])
    }

    @Test("overlapping, empty or non-finite stretches are refused")
    func malformed() throws {
        for pairs: [(onset: Seconds, duration: Seconds)] in [
            [(0, 4), (2, 3)], [(0, -1)], [(0, .nan)], [(.infinity, 1)], [(0, 0)],
        ] {
            #expect(throws: CoreError.self) { try GapFreeStretch.sequence(pairs) }
        }
        #expect(try GapFreeStretch.sequence([(0, 4), (4, 1)]).map(\.dataOffset) == [0, 4])
    }

    @Test("an excerpt in recording time keeps the stretches it covers, re-based")
    func excerpt() throws {
        let recording = try Self.recording(segments: "0:4;6.5:3;12:3")
        // 2–8 s: 2 s of stretch 1 (samples 20..<40), 1.5 s of stretch 2 (samples 40..<55).
        let part = recording.excerpt(from: 2, to: 8)
        #expect(part.signals[0].samples == (20..<55).map(Double.init))
        #expect(part.stretches.map(\.onset) == [0, 4.5])
        #expect(part.stretches.map(\.duration) == [2, 1.5])
        #expect(part.annotations.map(\.onset) == [5.5])
        // Inside one stretch the excerpt is continuous.
        let inside = recording.excerpt(from: 7, to: 9)
        #expect(!inside.isDiscontinuous)
        #expect(inside.signals[0].samples == (45..<65).map(Double.init))
        // A span inside a gap is empty.
        #expect(recording.excerpt(from: 4.5, to: 6).signals[0].samples.isEmpty)
        // Continuous recordings: the same samples as Signal.slice(from:to:).
        let plain = try Self.recording(segments: nil)
        #expect(plain.excerpt(from: 1.04, to: 3.3).signals[0]
            == plain.signals[0].slice(from: 1.04, to: 3.3))
    }
}

