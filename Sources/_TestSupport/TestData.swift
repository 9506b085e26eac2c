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
}
