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
            metadata: segments.map { [Recording.stretchesMetadataKey: $0] } ?? [:])
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

    @Test(
        "malformed or overlapping lists fall back to one stretch",
        arguments: ["x", "0:4;2:3", "0:-1", "0:nan", "1:2:3", "0:4;;"])
    func malformed(text: String) throws {
        let recording = try Self.recording(segments: text)
        if text == "0:4;;" {
            #expect(recording.stretches.count == 1 && recording.stretches[0].duration == 4)
        } else {
            #expect(recording.stretches == [GapFreeStretch(onset: 0, duration: 10, dataOffset: 0)])
        }
    }
}
