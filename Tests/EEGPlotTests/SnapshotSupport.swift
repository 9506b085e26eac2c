import Foundation
import Testing
import _TestSupport

/// Golden-file comparison for rendered pictures.
///
/// Snapshots live in `Tests/EEGPlotTests/Fixtures/<name>`. To regenerate them after a deliberate
/// change, run `EEGSCOPE_UPDATE_SNAPSHOTS=1 swift test --filter EEGPlotTests`, look at the
/// pictures, and commit them.
enum Snapshot {
    static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["EEGSCOPE_UPDATE_SNAPSHOTS"] == "1"
    }

    static func url(_ name: String) -> URL {
        TestData.fixtures("EEGPlotTests").appendingPathComponent(name)
    }

    /// Records an issue unless `actual` equals the stored snapshot byte for byte.
    static func expectMatches(
        _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let file = url(name)
        if isUpdating {
            try Data(actual.utf8).write(to: file)
            print("updated snapshot \(file.path)")
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "missing snapshot \(file.path); create it with EEGSCOPE_UPDATE_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(actualLines, expectedLines).enumerated()
            .first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, expectedLines.count)
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("actual-\(name)")
        try? Data(actual.utf8).write(to: saved)
        let got = firstDifference < actualLines.count ? actualLines[firstDifference] : "<end>"
        let want = firstDifference < expectedLines.count ? expectedLines[firstDifference] : "<end>"
        Issue.record(
            """
            snapshot \(name) differs at line \(firstDifference + 1) \
            (actual saved to \(saved.path); EEGSCOPE_UPDATE_SNAPSHOTS=1 regenerates)
            expected: \(want.prefix(200))
            actual:   \(got.prefix(200))
            """, sourceLocation: sourceLocation)
    }
}
