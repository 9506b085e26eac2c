import Foundation
import Testing
import _TestSupport

@Suite("eegscope bench")
struct BenchCommandTests {
    @Test("fft --json: contract rows with benchFFT mflops")
    func fftJSON() throws {
        let result = try CLI.run([
            "bench", "fft", "--json", "--sizes", "256,1000", "--estimate-only",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            #expect(row["name"] is String && row["size"] is Int)
            #expect((row["seconds_per_op"] as? Double ?? 0) > 0)
            #expect(row.keys.contains("mflops"))
        }
        let execute = try #require(
            rows.first { ($0["name"] as? String)?.contains("execute") == true })
        #expect((execute["mflops"] as? Double ?? 0) > 0)
    }

    @Test("pipeline on --input prints a table")
    func pipelineTable() throws {
        let directory = try TestData.temporaryDirectory()
        let file = directory.appendingPathComponent("small.edf")
        try writeSmallEDF(to: file)
        let result = try CLI.run(["bench", "pipeline", "--input", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("name") == true)
        #expect(lines.contains {
            $0.contains("pipeline edf→welch→bandpower") && $0.contains("samples/s")
        })
    }

    @Test("bad arguments and inputs fail with one error line")
    func errors() throws {
        let sizes = try CLI.run(["bench", "fft", "--sizes", "12,zero"])
        #expect(sizes.status != 0)
        #expect(sizes.stderr.contains("--sizes"))
        let missing = try CLI.run(["bench", "pipeline", "--input", "/nonexistent/x.edf"])
        #expect(missing.status != 0)
        #expect(missing.stderr.hasPrefix("eegscope: error: /nonexistent/x.edf"))
    }

    /// A 2-channel, 256 Hz, 6 s EDF written by the synth command's format (plain bytes).
    private func writeSmallEDF(to url: URL) throws {
        let synth = try CLI.run([
            "synth", "--scenario", "aperiodic", "--output", url.path, "--duration", "6",
            "--fs", "256", "--channels", "Cz,Pz",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
    }
}
