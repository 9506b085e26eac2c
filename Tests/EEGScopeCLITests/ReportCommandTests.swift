import Foundation
import Testing
import _TestSupport

@Suite("eegscope report and demo")
struct ReportCommandTests {
    @Test("report writes a page per input and an index, and prints their paths")
    func report() throws {
        let input = try TinyEDF.folder(good: 1, corrupt: false)
        let file = input.appendingPathComponent("rec1.edf").path
        let output = try TestData.temporaryDirectory("cli-report")
        let result = try CLI.run(["report", file, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(output.path)/rec1.edf.html\n\(output.path)/index.html\n")
        let page = try String(
            contentsOf: output.appendingPathComponent("rec1.edf.html"), encoding: .utf8)
        #expect(page.contains("Power spectra") && page.contains("<svg"))
        #expect(!page.contains("<script"))
    }

    @Test("a bad input: exit 1, one error line naming it, the index still written")
    func badInput() throws {
        let input = try TinyEDF.folder(good: 1, corrupt: true)
        let output = try TestData.temporaryDirectory("cli-report-bad")
        let result = try CLI.run([
            "report", input.appendingPathComponent("broken.edf").path,
            input.appendingPathComponent("rec1.edf").path, "-o", output.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("eegscope: error: \(input.path)/broken.edf: "))
        #expect(FileManager.default.fileExists(
            atPath: output.appendingPathComponent("index.html").path))
    }

    /// The full demo (synthesis of 300 s, two reports, batch with detection) takes minutes in
    /// a debug build, so the suite checks its argument handling; `make demo` runs it in release.
    @Test("demo without SampleData fails with a hint naming --sample-data")
    func demoWithoutSampleData() throws {
        let elsewhere = try TestData.temporaryDirectory("cli-demo-cwd")
        let missing = try CLI.run(["demo"], in: elsewhere)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("--sample-data"))
        let wrong = try CLI.run(["demo", "--sample-data", elsewhere.path, "-o", elsewhere.path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("eegmmidb_S001R01.edf"))
    }
}
