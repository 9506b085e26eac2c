import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

/// Writes a small BrainVision recording (header, markers, data) into a temporary folder.
struct BrainVisionFixture {
    var version = "1.0"
    var channelLines = ["Ch1=Fz,,0.5,µV", "Ch2=A\\1B,,2,mV", "Ch3=GSR,,0.1,µS"]
    var sampleType = "INT_16"
    var orientation = "MULTIPLEXED"
    var samplingInterval = "4000"
    var dataPoints: Int? = nil
    var extraCommon: [String] = []
    var markers = [
        "Mk1=New Segment,,1,1,0,20200102030405123456",
        "Mk2=Stimulus,S  1,11,1,0",
        "Mk3=Comment,a\\1b,21,5,0",
    ]
    var sampleCount = 50
    var dataBytes: [UInt8]? = nil
    var writeData = true
    var writeMarkers = true

    /// Stored values: channel c, sample s → 10·c + s (as the sample type).
    func storedValue(channel: Int, sample: Int) -> Double { Double(10 * channel + sample - 20) }

    func encodedData(channelCount: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: Double) {
            switch sampleType {
            case "INT_32": withUnsafeBytes(of: Int32(value).littleEndian) { bytes += $0 }
            case "IEEE_FLOAT_32": withUnsafeBytes(of: Float(value).bitPattern.littleEndian) {
                    bytes += $0
                }
            default: withUnsafeBytes(of: Int16(value).littleEndian) { bytes += $0 }
            }
        }
        if orientation == "VECTORIZED" {
            for channel in 0..<channelCount {
                for sample in 0..<sampleCount { append(storedValue(channel: channel, sample: sample)) }
            }
        } else {
            for sample in 0..<sampleCount {
                for channel in 0..<channelCount { append(storedValue(channel: channel, sample: sample)) }
            }
        }
        return bytes
    }

    /// Writes `rec.vhdr`, `rec.vmrk`, `rec.eeg` into `folder`; returns the header URL.
    func write(in folder: URL) throws -> URL {
        var common = [
            "DataFile=rec.eeg", "MarkerFile=rec.vmrk", "DataFormat=BINARY",
            "DataOrientation=\(orientation)", "NumberOfChannels=\(channelLines.count)",
            "SamplingInterval=\(samplingInterval)",
        ]
        if let dataPoints { common.append("DataPoints=\(dataPoints)") }
        common += extraCommon
        let header = ["Brain Vision Data Exchange Header File Version \(version)", "",
            "[Common Infos]", "Codepage=UTF-8"] + common
            + ["", "[Binary Infos]", "BinaryFormat=\(sampleType)", "", "[Channel Infos]"]
            + channelLines + ["", "[Comment]", "Ch1 Fz anything [Channel Infos] here"]
        let url = folder.appendingPathComponent("rec.vhdr")
        try header.joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)
        if writeMarkers {
            let text = ["Brain Vision Data Exchange Marker File, Version 1.0", "",
                "[Marker Infos]"] + markers
            try text.joined(separator: "\n").write(
                to: folder.appendingPathComponent("rec.vmrk"), atomically: true, encoding: .utf8)
        }
        if writeData {
            try Data(dataBytes ?? encodedData(channelCount: channelLines.count)).write(
                to: folder.appendingPathComponent("rec.eeg"))
        }
        return url
    }
}

@Suite("BrainVision reader")
struct BrainVisionReaderTests {
    @Test(
        "every binary format and orientation decodes to stored value × resolution",
        arguments: ["INT_16", "INT_32", "IEEE_FLOAT_32"], ["MULTIPLEXED", "VECTORIZED"])
    func decodes(sampleType: String, orientation: String) throws {
        let folder = try TestData.temporaryDirectory()
        var fixture = BrainVisionFixture()
        fixture.sampleType = sampleType
        fixture.orientation = orientation
        fixture.version = orientation == "VECTORIZED" ? "2.0" : "1.0"
        let recording = try BrainVisionReader(url: fixture.write(in: folder)).read()
        #expect(recording.labels == ["Fz", "A,B", "GSR"])
        #expect(recording.signals.map(\.unit) == ["µV", "µV", "µS"])
        #expect(recording.signals[0].sampleRate == 250)
        #expect(recording.signals.allSatisfy { $0.count == 50 })
        // Resolutions 0.5 µV, 2 mV (= 2000 µV), 0.1 µS.
        for (channel, scale) in [0.5, 2000, 0.1].enumerated() {
            let expected = (0..<50).map { fixture.storedValue(channel: channel, sample: $0) * scale }
            let comparison = compareArrays(
                recording.signals[channel].samples, expected, relative: 1e-12, absolute: 1e-12)
            #expect(comparison.passed, "\(comparison)")
        }
    }

    @Test("markers become MNE-style annotations; the first New Segment dates the recording")
    func markers() throws {
        let folder = try TestData.temporaryDirectory()
        let reader = try BrainVisionReader(url: BrainVisionFixture().write(in: folder))
        #expect(reader.annotations == [
            Annotation(onset: 0.04, duration: 0.004, description: "Stimulus/S  1"),
            Annotation(onset: 0.08, duration: 0.02, description: "Comment/a,b"),
        ])
        let date = try #require(reader.startDate)
        #expect(abs(date.timeIntervalSince1970 - 1_577_934_245.123456) < 1e-5)
    }

    @Test("markers after the end are dropped and durations clipped, as MNE")
    func markerCropping() throws {
        let folder = try TestData.temporaryDirectory()
        var fixture = BrainVisionFixture()
        fixture.markers = ["Mk1=Stimulus,S 2,49,10,0", "Mk2=Stimulus,S 3,60,1,0"]
        let reader = try BrainVisionReader(url: fixture.write(in: folder))
        #expect(reader.annotations.count == 1)
        #expect(isClose(reader.annotations[0].duration ?? 0, 0.008, relative: 1e-12))
    }

    @Test("block streaming and time spans give the same samples as a whole read")
    func streaming() throws {
        let folder = try TestData.temporaryDirectory()
        var fixture = BrainVisionFixture()
        fixture.orientation = "VECTORIZED"
        fixture.sampleCount = 997
        let reader = try BrainVisionReader(url: fixture.write(in: folder))
        let whole = try reader.read()
        var streamed: [[Double]] = [[], []]
        var buffer = [Double](repeating: 0, count: 997)
        try reader.forEachBlock(channels: [2, 0], maximumBlockBytes: 64) { block in
            streamed[0] += block.samples(0)
            buffer.withUnsafeMutableBufferPointer { block.copySamples(1, into: $0) }
            streamed[1] += buffer[0..<block.sampleCount]
        }
        #expect(streamed[0] == whole.signals[2].samples)
        #expect(streamed[1] == whole.signals[0].samples)
        let span = try reader.read(channels: [1], from: 1.0, to: 2.0)
        #expect(span.signals[0].samples == Array(whole.signals[1].samples[250..<500]))
    }

    @Test("a segmented export is read as back-to-back stretches joined at New Segment")
    func segmented() throws {
        let folder = try TestData.temporaryDirectory()
        var fixture = BrainVisionFixture()
        fixture.extraCommon = ["SegmentationType=MARKERBASED", "SegmentDataPoints=25"]
        fixture.markers = ["Mk1=New Segment,,1,1,0", "Mk2=New Segment,,26,1,0"]
        let reader = try BrainVisionReader(url: fixture.write(in: folder))
        let recording = try reader.read()
        #expect(recording.stretches.count == 2)
        #expect(recording.splitAtGaps().map { $0.signals[0].count } == [25, 25])
        var starts: [Int] = []
        try reader.forEachBlock(channels: [0]) { if $0.startsStretch { starts.append($0.samples.lowerBound) } }
        #expect(starts == [0, 25])
    }

    // MARK: - Hostile inputs: one line naming the file, nothing allocated from header claims

    static func expectOneLineError(_ url: URL, _ needle: String) {
        let error = #expect(throws: (any Error).self) { try RecordingFile.read(url) }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains(url.lastPathComponent) || text.contains("rec."), "\(text)")
        #expect(!text.contains("\n"), "\(text)")
        #expect(text.contains(needle), "\(text)")
    }

    @Test("missing data file")
    func missingData() throws {
        var fixture = BrainVisionFixture()
        fixture.writeData = false
        Self.expectOneLineError(try fixture.write(in: TestData.temporaryDirectory()), "DataFile")
    }

    @Test("missing marker file")
    func missingMarkers() throws {
        var fixture = BrainVisionFixture()
        fixture.writeMarkers = false
        Self.expectOneLineError(try fixture.write(in: TestData.temporaryDirectory()), "MarkerFile")
    }

    @Test("DataPoints larger than the data file (lying header, huge claim)")
    func lyingDataPoints() throws {
        var fixture = BrainVisionFixture()
        fixture.orientation = "VECTORIZED"
        fixture.dataPoints = 1 << 40
        Self.expectOneLineError(try fixture.write(in: TestData.temporaryDirectory()), "header lies")
    }

    @Test("a data file truncated below its DataPoints")
    func truncatedData() throws {
        var fixture = BrainVisionFixture()
        fixture.dataPoints = 50
        fixture.dataBytes = Array(fixture.encodedData(channelCount: 3).prefix(100))
        Self.expectOneLineError(try fixture.write(in: TestData.temporaryDirectory()), "truncated")
    }

    @Test("absurd channel count")
    func absurdChannelCount() throws {
        var fixture = BrainVisionFixture()
        fixture.channelLines = []
        let url = try fixture.write(in: TestData.temporaryDirectory())
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "NumberOfChannels=0", with: "NumberOfChannels=99999999999")
        try text.write(to: url, atomically: true, encoding: .utf8)
        Self.expectOneLineError(url, "NumberOfChannels")
    }

    @Test("a channel line missing for a declared channel")
    func missingChannelLine() throws {
        var fixture = BrainVisionFixture()
        fixture.channelLines = ["Ch1=Fz,,0.5,µV", "Ch3=Cz,,0.5,µV"]
        fixture.channelLines.append("Ch4=Pz,,0.5,µV")
        Self.expectOneLineError(try fixture.write(in: TestData.temporaryDirectory()), "Ch2")
    }

    @Test("bad sampling interval, bad binary format, ASCII data, not a header")
    func badFields() throws {
        for (field, replacement, needle) in [
            ("SamplingInterval=4000", "SamplingInterval=0", "SamplingInterval"),
            ("BinaryFormat=INT_16", "BinaryFormat=UINT_8", "BinaryFormat"),
            ("DataFormat=BINARY", "DataFormat=ASCII", "ASCII"),
            ("Brain Vision Data Exchange Header File Version 1.0", "hello", "first line"),
            ("Ch1=Fz,,0.5,µV", "Ch1=Fz,,abc,µV", "Ch1"),
        ] {
            let url = try BrainVisionFixture().write(in: TestData.temporaryDirectory())
            let text = try String(contentsOf: url, encoding: .utf8)
                .replacingOccurrences(of: field, with: replacement)
            try text.write(to: url, atomically: true, encoding: .utf8)
            Self.expectOneLineError(url, needle)
        }
    }

    @Test("a malformed marker line")
    func badMarker() throws {
        var fixture = BrainVisionFixture()
        fixture.markers = ["Mk1=Stimulus,S 1,notanumber,1,0"]
        Self.expectOneLineError(try fixture.write(in: TestData.temporaryDirectory()), "marker")
    }

    @Test("a .vmrk or .eeg given instead of the header says to open the .vhdr")
    func wrongPart() throws {
        let folder = try TestData.temporaryDirectory()
        _ = try BrainVisionFixture().write(in: folder)
        Self.expectOneLineError(folder.appendingPathComponent("rec.vmrk"), ".vhdr")
    }

    @Test("info reads only the header and markers")
    func info() throws {
        let url = try BrainVisionFixture().write(in: TestData.temporaryDirectory())
        let info = try RecordingInfo(url: url)
        #expect(info.format == .brainVision)
        #expect(info.channels.map(\.name) == ["Fz", "A,B", "GSR"])
        #expect(info.channels.allSatisfy { $0.sampleCount == 50 && $0.sampleRate == 250 })
        #expect(info.annotations.count == 2)
    }
}
