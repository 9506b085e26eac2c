import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

/// One channel as recorded by `make_io_fixtures.py`.
struct FixtureChannel: Decodable {
    let name: String
    let sampling_rate_hz: Double
    let samples: Int
    let unit: String
    let physical_min: Double
    let physical_max: Double
    let digital_min: Int
    let digital_max: Int
    let first: [Double]
    let last: [Double]
    let positions: [Int]
    let at_positions: [Double]
    let sum: Double
    let sum_abs: Double
    let digital_sum: Int
}

/// One reader's short view of a file (or its error).
struct FixtureReaderView: Decodable {
    let error: String?
    let channels: Int?
    let annotations: Int?
}

/// One fixture file.
struct IOFixture: Decodable {
    let file: String
    let expect_error: Bool
    let reference: String?
    let channels: [FixtureChannel]?
    let annotations: [FixtureAnnotation]?
    let duration_s: Double?
    let readers: [String: FixtureReaderView]
    let mne_annotations: [FixtureAnnotation]?
    let edfio_annotations: [FixtureAnnotation]?
}

/// `[onset, duration or null, description]`.
struct FixtureAnnotation: Decodable {
    let onset: Double
    let duration: Double?
    let description: String

    init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        onset = try container.decode(Double.self)
        duration = try container.decodeIfPresent(Double.self)
        description = try container.decode(String.self)
    }
}

/// The recording whose EDF+/BDF+ encodings are committed as `written_by_eegscope.*`.
func writerFixtureRecording() throws -> Recording {
    var generator = SeededGenerator(seed: 2024)
    func channel(_ label: String, rate: Hertz, frequency: Double, amplitude: Double) throws
        -> Signal
    {
        let count = Int(rate * 4)
        let samples = (0..<count).map { index in
            amplitude * sin(2 * Double.pi * frequency * Double(index) / rate)
                + 3 * generator.nextGaussian()
        }
        return try Signal(samples: samples, sampleRate: rate, label: label, unit: "uV")
    }
    let signals = [
        try channel("Fz", rate: 256, frequency: 10, amplitude: 50),
        try channel("Cz", rate: 256, frequency: 3, amplitude: 80),
        try channel("Resp", rate: 32, frequency: 0.25, amplitude: 400),
    ]
    let annotations = [
        Annotation(onset: 0.5, duration: 1.25, description: "delta3 episode"),
        Annotation(onset: 2, duration: nil, description: "Augen zu – 閉眼"),
        Annotation(onset: 3.75, duration: 0.125, description: "gamma"),
    ]
    return Recording(
        signals: signals, annotations: annotations,
        startDate: Date(timeIntervalSince1970: 1_709_296_496.5),  // 2024-03-01 12:34:56.5 UTC
        metadata: [
            "patient_code": "SYN-001", "patient_sex": "X", "patient_name": "Synthetic",
            "recording_equipment": "eegscope",
        ])
}

@Suite("EDF fixtures (pyedflib, MNE)")
struct EDFFixtureTests {
    static let fixtureFolder = TestData.fixtures("EEGFileIOTests").appendingPathComponent("io")

    /// Every fixture made from the shared data set.
    static var sharedFixtureNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix("written__") }.sorted()
    }

    static func load(_ name: String) throws -> IOFixture {
        try TestData.loadJSON(IOFixture.self, from: fixtureFolder.appendingPathComponent(name))
    }

    @Test("fixtures exist for every shared file")
    func fixturesCoverSharedFiles() throws {
        #expect(Self.sharedFixtureNames.count >= 22)
    }

    @Test("each shared file reads as the reference reader sees it",
        .enabled(if: TestData.sharedEEG != nil, "needs ../shared/data/eeg (absent in a fresh clone)"),
        arguments: sharedFixtureNames)
    func sharedFile(_ name: String) throws {
        let fixture = try Self.load(name)
        let url = try TestData.shared(fixture.file)
        if fixture.expect_error {
            let error = #expect(throws: EDFError.self) { try EDFReader(url: url).read() }
            #expect(error?.description.hasPrefix(url.path) == true)
            #expect(error?.description.contains("\n") == false)
            return
        }
        let reader = try EDFReader(url: url)
        let recording = try reader.read()
        try compare(recording, reader: reader, with: fixture)
    }

    /// Checks names, rates, counts, sampled values, checksums and annotations.
    func compare(_ recording: Recording, reader: EDFReader, with fixture: IOFixture) throws {
        let expected = try #require(fixture.channels)
        try #require(recording.signals.count == expected.count, "\(fixture.file)")
        for (index, (signal, reference)) in zip(recording.signals, expected).enumerated() {
            let context = "\(fixture.file) channel \(reference.name)"
            #expect(signal.label == reference.name, "\(context)")
            #expect(signal.count == reference.samples, "\(context)")
            // pyedflib computes rates as samples / duration too; MNE's sfreq is the same number.
            #expect(isClose(signal.sampleRate, reference.sampling_rate_hz, relative: 1e-12),
                "\(context)")
            let header = reader.dataSignals[index]
            #expect(header.digitalMinimum == reference.digital_min, "\(context)")
            #expect(header.digitalMaximum == reference.digital_max, "\(context)")
            // EDFlib parses decimals with its own routine, which can be an ulp off.
            #expect(isClose(header.physicalMinimum, reference.physical_min, relative: 1e-15),
                "\(context)")
            #expect(isClose(header.physicalMaximum, reference.physical_max, relative: 1e-15),
                "\(context)")
            // EDFlib (bitvalue × (offset + digital)) and MNE (digital × cal + offsets) group the
            // arithmetic differently from each other; values agree to 1e-12 relative, and
            // values near zero to 1e-12 of the channel's physical range (rounding of the offset).
            let range = abs(header.physicalMaximum - header.physicalMinimum)
            let samples = signal.samples
            let first = compareArrays(
                Array(samples.prefix(reference.first.count)), reference.first,
                relative: 1e-12, absolute: 1e-12 * range)
            #expect(first.passed, "\(context) first: \(first)")
            let last = compareArrays(
                Array(samples.suffix(reference.last.count)), reference.last,
                relative: 1e-12, absolute: 1e-12 * range)
            #expect(last.passed, "\(context) last: \(last)")
            let sampled = compareArrays(
                reference.positions.map { samples[$0] }, reference.at_positions,
                relative: 1e-12, absolute: 1e-12 * range)
            #expect(sampled.passed, "\(context) positions: \(sampled)")
            // Compensated summation here, pairwise in NumPy: both within a few ulps of the
            // sum of |x|, so 1e-12 of it bounds the difference.
            let sum = compensatedSum(samples)
            #expect(abs(sum - reference.sum) <= 1e-12 * max(reference.sum_abs, range),
                "\(context) sum \(sum) vs \(reference.sum)")
            // The digital checksum is exact: every sample's stored integer.
            let digitalSum = samples.reduce(0) {
                $0 + Int((($1 - header.offset) / header.scale).rounded())
            }
            #expect(digitalSum == reference.digital_sum, "\(context) digital checksum")
        }
        let annotations = try #require(fixture.annotations)
        #expect(recording.annotations.count == annotations.count, "\(fixture.file)")
        for (ours, theirs) in zip(recording.annotations, annotations.sortedStable()) {
            #expect(ours.description == theirs.description, "\(fixture.file)")
            // pyedflib keeps onsets in units of 100 ns (EDFlib's time dimension).
            #expect(abs(ours.onset - theirs.onset) <= 1e-7, "\(fixture.file) \(ours)")
            if fixture.reference?.hasPrefix("pyedflib") == true {
                #expect(ours.duration.map { abs($0 - (theirs.duration ?? -1)) <= 1e-7 }
                    ?? (theirs.duration == nil), "\(fixture.file) \(ours)")
            }
        }
    }

    @Test("annotations agree with edfio (onset, duration, text) on every file it reads",
        .enabled(if: TestData.sharedEEG != nil, "needs ../shared/data/eeg (absent in a fresh clone)"),
        arguments: sharedFixtureNames)
    func edfioAnnotations(_ name: String) throws {
        let fixture = try Self.load(name)
        // Files edfio refuses have no reference annotations: nothing to compare.
        guard let expected = fixture.edfio_annotations else { return }
        let url = try TestData.shared(fixture.file)
        // edfio orders annotations by onset and then text; compare in that order.
        let annotations = try EDFReader(url: url).annotations
            .sorted { ($0.onset, $0.description) < ($1.onset, $1.description) }
        let reference = expected
            .sorted { ($0.onset, $0.description) < ($1.onset, $1.description) }
        #expect(annotations.count == reference.count, "\(fixture.file)")
        for (ours, theirs) in zip(annotations, reference) {
            #expect(ours.description == theirs.description, "\(fixture.file)")
            #expect(ours.onset == theirs.onset, "\(fixture.file) \(ours)")
            #expect(ours.duration == theirs.duration, "\(fixture.file) \(ours)")
        }
    }

    @Test("the committed writer outputs are what the writer makes now",
        arguments: [EDFWriter.Format.edfPlus, .bdfPlus])
    func writtenFixtureIsCurrent(format: EDFWriter.Format) throws {
        let name = "written_by_eegscope." + (format == .edfPlus ? "edf" : "bdf")
        let url = TestData.fixtures("EEGFileIOTests").appendingPathComponent(name)
        let bytes = try EDFWriter.encoded(try writerFixtureRecording(), format: format)
        if ProcessInfo.processInfo.environment["EEGSCOPE_WRITE_FIXTURES"] == "1" {
            try AtomicFile.write(bytes, to: url)
        }
        #expect(try Data(contentsOf: url) == bytes)
    }

    @Test("pyedflib and MNE read our files as we do, within the quantization error",
        arguments: ["edf", "bdf"])
    func writtenFileAsOthersSeeIt(fileExtension: String) throws {
        let fixture = try Self.load("written__written_by_eegscope.\(fileExtension).json")
        #expect(fixture.reference?.hasPrefix("pyedflib") == true)
        #expect(fixture.readers["mne"]?.error == nil)
        let url = TestData.fixtures("EEGFileIOTests")
            .appendingPathComponent("written_by_eegscope.\(fileExtension)")
        let reader = try EDFReader(url: url)
        let recording = try reader.read()
        try compare(recording, reader: reader, with: fixture)
        // MNE finds the same annotations (it reports a missing duration as 0).
        let mne = try #require(fixture.mne_annotations)
        #expect(mne.map(\.description) == recording.annotations.map(\.description))
        #expect(mne.map(\.onset) == recording.annotations.map(\.onset))
        // And what they read is the synthesized signal within half a digital step.
        let original = try writerFixtureRecording()
        let layout = try EDFWriterLayout(
            recording: original, format: fileExtension == "edf" ? .edfPlus : .bdfPlus,
            options: .init(), path: url.path)
        for (index, channel) in try #require(fixture.channels).enumerated() {
            let bound = layout.quantizationError(ofChannel: index) * (1 + 1e-9)
            let comparison = compareArrays(
                channel.first, Array(original.signals[index].samples.prefix(channel.first.count)),
                relative: 0, absolute: bound)
            #expect(comparison.passed, "\(channel.name): \(comparison)")
        }
    }
}

/// Neumaier's compensated sum (error about one ulp of the sum of |x|).
func compensatedSum(_ values: [Double]) -> Double {
    var sum = 0.0
    var compensation = 0.0
    for value in values {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }
    return sum + compensation
}

extension Array where Element == FixtureAnnotation {
    /// Sorted by onset, keeping file order for equal onsets (as `Recording` does).
    func sortedStable() -> [FixtureAnnotation] {
        enumerated().sorted { ($0.element.onset, $0.offset) < ($1.element.onset, $1.offset) }
            .map(\.element)
    }
}
