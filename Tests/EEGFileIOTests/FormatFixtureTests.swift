import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

/// One channel as `make_format_fixtures.py` records it (values in EEGScope units).
struct FormatFixtureChannel: Decodable {
    let name: String
    let unit: String
    let at_positions: [Double]
    let sum: Double
    let sum_abs: Double
}

/// One BrainVision or EEGLAB recording as MNE reads it.
struct FormatFixture: Decodable {
    let file: String
    let error: String?
    let sampling_rate_hz: Double?
    let samples: Int?
    let epochs: Int?
    let epoch_samples: Int?
    let epoch_events: [String]?
    let positions: [Int]?
    let channels: [FormatFixtureChannel]?
    let annotations: [FixtureAnnotation]?
}

@Suite(
    "BrainVision and EEGLAB fixtures (MNE)",
    .enabled(if: TestData.sharedEEG != nil, "../shared/data/eeg is absent (fresh clone)"))
struct FormatFixtureTests {
    static let fixtureFolder = TestData.fixtures("EEGFileIOTests")
        .appendingPathComponent("formats")

    static var fixtureNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> FormatFixture {
        try TestData.loadJSON(FormatFixture.self, from: fixtureFolder.appendingPathComponent(name))
    }

    @Test("fixtures exist for every shared BrainVision header and EEGLAB dataset")
    func fixturesCoverSharedFiles() {
        #expect(Self.fixtureNames.filter { $0.hasPrefix("brainvision__") }.count == 10)
        #expect(Self.fixtureNames.filter { $0.hasPrefix("eeglab__") }.count == 5)
    }

    @Test("each recording reads as MNE reads it", arguments: fixtureNames)
    func sharedRecording(_ name: String) throws {
        let fixture = try Self.load(name)
        let url = try TestData.shared(fixture.file)
        if fixture.file.hasSuffix("bv_export_bv_txt_txt_multi.vhdr") {
            // ASCII data are refused on purpose (MNE reads them): one line naming the file.
            let error = #expect(throws: BrainVisionError.self) { try RecordingFile.read(url) }
            #expect(error?.description.hasPrefix(url.path) == true)
            #expect(error?.description.contains("ASCII") == true)
            return
        }
        #expect(fixture.error == nil, "MNE failed on \(fixture.file): \(fixture.error ?? "")")
        let recording = try RecordingFile.read(url)
        let channels = try #require(fixture.channels)
        let positions = try #require(fixture.positions)
        try #require(recording.signals.count == channels.count, "\(fixture.file)")
        // Float32 sources are exact in Double after scaling; ints times a resolution likewise.
        // 1e-6 relative covers MNE's float arithmetic (it scales by 1e-6 to volts and back).
        let relative = 1e-6
        for (signal, reference) in zip(recording.signals, channels) {
            let context = "\(fixture.file) \(reference.name)"
            #expect(signal.label == reference.name, "\(context)")
            #expect(signal.unit == reference.unit, "\(context)")
            #expect(signal.sampleRate == fixture.sampling_rate_hz, "\(context)")
            #expect(signal.count == fixture.samples, "\(context)")
            guard signal.count == fixture.samples else { continue }
            let sampled = positions.map { signal.samples[$0] }
            let comparison = compareArrays(
                sampled, reference.at_positions, relative: relative, absolute: 1e-9)
            #expect(comparison.passed, "\(context): \(comparison)")
            // Sums of thousands of values: allow 1e-6 of the sum of magnitudes.
            let sum = signal.samples.reduce(0, +)
            #expect(abs(sum - reference.sum) <= 1e-6 * reference.sum_abs + 1e-9, "\(context)")
        }
        if let epochs = fixture.epochs, let length = fixture.epoch_samples {
            try compareEpochs(recording, epochs: epochs, length: length, fixture: fixture)
        } else {
            compareAnnotations(recording.annotations, fixture.annotations ?? [], fixture.file)
        }
    }

    func compareAnnotations(_ actual: [Annotation], _ expected: [FixtureAnnotation], _ file: String)
    {
        #expect(actual.count == expected.count, "\(file): annotation count")
        for (mine, theirs) in zip(actual, expected) {
            #expect(mine.description == theirs.description, "\(file)")
            // MNE rounds nothing; onsets are (position − 1) / rate in both.
            #expect(isClose(mine.onset, theirs.onset, relative: 1e-9, absolute: 1e-6), "\(file)")
            #expect(
                isClose(mine.duration ?? .nan, theirs.duration ?? .nan, relative: 1e-9,
                    absolute: 1e-6)
                    || (mine.duration == nil && theirs.duration == nil), "\(file)")
        }
    }

    /// Epochs: one gap-free stretch per epoch; each epoch's events joined with `/` give
    /// MNE's event name for it.
    func compareEpochs(_ recording: Recording, epochs: Int, length: Int, fixture: FormatFixture)
        throws
    {
        let stretches = recording.stretches
        #expect(stretches.count == epochs, "\(fixture.file): one stretch per epoch")
        let rate = try #require(fixture.sampling_rate_hz)
        let names = try #require(fixture.epoch_events)
        for (index, name) in names.enumerated() {
            let start = Double(index * length) / rate
            let end = Double((index + 1) * length) / rate
            let inside = recording.annotations.filter {
                $0.onset >= start - 1e-9 && $0.onset < end - 1e-9
            }
            #expect(
                inside.map(\.description).joined(separator: "/") == name,
                "\(fixture.file) epoch \(index + 1)")
        }
    }
}
