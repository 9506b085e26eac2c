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

    /// A file of the shared EEG set, or `nil` after printing why the test is skipped.
    public static func sharedFile(_ relativePath: String) -> URL? {
        guard let root = sharedEEG else {
            print("skipping: ../shared/data/eeg is not present (fresh clone); wanted \(relativePath)")
            return nil
        }
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipping: \(url.path) does not exist")
            return nil
        }
        return url
    }

    /// A new empty temporary directory.
    public static func temporaryDirectory(_ prefix: String = "eegscope-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
