import EEGCore
import Foundation

/// Locations of test inputs: fixtures beside the tests, bundled SampleData, and the shared
/// public EEG set (`../shared/data/eeg`), which a fresh clone does not have.
public enum TestData {
    /// The repository root (found from this source file's path).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)  // …/Sources/_TestSupport/TestData.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `SampleData/` in the repository.
    public static var sampleData: URL { repositoryRoot.appendingPathComponent("SampleData") }

    /// The fixtures folder of a test target, e.g. `fixtures("EEGDSPTests")`.
    public static func fixtures(_ testTarget: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests").appendingPathComponent(testTarget)
            .appendingPathComponent("Fixtures")
    }

    /// Reads and decodes a JSON fixture.
    public static func loadJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// The shared EEG data folder, or `nil` (with the reason printed once) when it is absent.
    ///
    /// Looks at `$EEGSCOPE_SHARED_DATA`, then `<repo>/../shared/data/eeg`.
    public static var sharedEEG: URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["EEGSCOPE_SHARED_DATA"].map {
                URL(fileURLWithPath: $0)
            },
            repositoryRoot.deletingLastPathComponent()
                .appendingPathComponent("shared/data/eeg"),
        ].compactMap { $0 }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    /// Whether `relativePath` exists in the shared EEG set: the condition of a
    /// `.enabled(if: TestData.hasShared(path), "needs …")` trait, so a fresh clone shows the
    /// test as skipped with its reason instead of passing it silently.
    public static func hasShared(_ relativePath: String) -> Bool {
        guard let root = sharedEEG else { return false }
        return FileManager.default.fileExists(atPath: root.appendingPathComponent(relativePath).path)
    }

    /// A file of the shared EEG set. Throws ``MissingSharedFile`` when it is absent: gate the
    /// test with `.enabled(if: TestData.hasShared(relativePath), …)` so that never happens.
    public static func shared(_ relativePath: String) throws -> URL {
        guard let root = sharedEEG else { throw MissingSharedFile(relativePath: relativePath) }
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingSharedFile(relativePath: relativePath)
        }
        return url
    }

    /// A shared EEG file a test needs is absent (the test lacks its `.enabled(if:)` trait).
    public struct MissingSharedFile: Error, CustomStringConvertible {
        /// The path relative to `../shared/data/eeg`.
        public let relativePath: String
        public var description: String {
            "../shared/data/eeg/\(relativePath) is absent; gate the test with .enabled(if: TestData.hasShared(...))"
        }
    }

    /// A new empty temporary directory.
    public static func temporaryDirectory(_ prefix: String = "eegscope-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A BIDS tree in a new temporary folder holding the tiny BrainVision recording
    /// (`Tests/EEGFileIOTests/Fixtures/tiny/tiny_bv.*`) as sub-01/ses-1 task-rest run-1, with a
    /// root-level `_eeg.json` (60 Hz, reference Cz, a 60 Hz notch) overridden by a session-level
    /// one (50 Hz), a run-level `channels.tsv` (Cz bad "flat", Oz typed ECG, Fz/Cz 0.5–45 Hz)
    /// beside a less specific one, `events.tsv` (eyes_closed 1–3 s; value 7 at 4 s) and a
    /// `space-CapTrak` electrodes file. Returns the `.vhdr` URL.
    public static func makeTinyBIDSTree() throws -> URL {
        let root = try temporaryDirectory("bids")
        let folder = root.appendingPathComponent("sub-01/ses-1/eeg")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stem = "sub-01_ses-1_task-rest_run-1"
        let tiny = fixtures("EEGFileIOTests").appendingPathComponent("tiny")
        let header = try String(
            contentsOf: tiny.appendingPathComponent("tiny_bv.vhdr"), encoding: .utf8)
            .replacingOccurrences(of: "tiny_bv.eeg", with: "\(stem)_eeg.eeg")
            .replacingOccurrences(of: "tiny_bv.vmrk", with: "\(stem)_eeg.vmrk")
        try header.write(
            to: folder.appendingPathComponent("\(stem)_eeg.vhdr"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: tiny.appendingPathComponent("tiny_bv.eeg"),
            to: folder.appendingPathComponent("\(stem)_eeg.eeg"))
        try FileManager.default.copyItem(
            at: tiny.appendingPathComponent("tiny_bv.vmrk"),
            to: folder.appendingPathComponent("\(stem)_eeg.vmrk"))
        func write(_ text: String, _ path: String) throws {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try write("{\"Name\": \"t\", \"BIDSVersion\": \"1.9.0\"}", "dataset_description.json")
        try write(
            "{\"PowerLineFrequency\": 60, \"EEGReference\": \"Cz\", \"SoftwareFilters\": "
                + "{\"Notch\": {\"frequency (Hz)\": 60}}}", "task-rest_eeg.json")
        try write("{\"PowerLineFrequency\": 50}", "sub-01/ses-1/eeg/sub-01_ses-1_task-rest_eeg.json")
        try write(
            "\u{FEFF}name\ttype\tunits\tlow_cutoff\thigh_cutoff\tstatus\tstatus_description\n"
                + "Fz\tEEG\tµV\t0.5\t45\tgood\tn/a\nCz\tEEG\tµV\t0.5\t45\tbad\tflat\n"
                + "Pz\tEEG\tµV\tn/a\tn/a\tgood\tn/a\nOz\tECG\tµV\tn/a\tn/a\tn/a\tn/a\n",
            "sub-01/ses-1/eeg/\(stem)_channels.tsv")
        // A less specific channels.tsv that must lose to the run-level one.
        try write("name\ttype\nFz\tEOG\n", "sub-01/ses-1/eeg/sub-01_ses-1_task-rest_channels.tsv")
        try write(
            "\u{FEFF}onset\tduration\ttrial_type\tvalue\n1.0\t2.0\teyes_closed\t1\n4.0\tn/a\tn/a\t7\n",
            "sub-01/ses-1/eeg/\(stem)_events.tsv")
        try write(
            "name\tx\ty\tz\nFz\t0.1\t0.2\t0.3\nCz\tn/a\tn/a\tn/a\n",
            "sub-01/ses-1/eeg/sub-01_ses-1_space-CapTrak_electrodes.tsv")
        return folder.appendingPathComponent("\(stem)_eeg.vhdr")
    }
}
