import Foundation
import Testing
import _TestSupport

/// `-` as an input path: standard input is read only when asked, spooled to a private
/// temporary file that no exit path leaves behind (docs/contract.md).
@Suite("eegscope reads standard input for '-'")
struct StandardInputCLITests {
    /// A folder with `rec.edf`, `rec.csv` and an empty `tmp/` to use as TMPDIR.
    static func setUp() throws -> (folder: URL, edf: String, csv: String, tmp: String) {
        let (folder, edf) = try ReliabilityCLITests.recording()
        let csv = folder.appendingPathComponent("rec.csv")
        let rows = (0..<1000).map { "\(sin(Double($0) / 10)),\(cos(Double($0) / 7))" }
        try Data(("Cz,Pz\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: csv)
        let tmp = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        return (folder, edf, csv.path, tmp.path)
    }

    static func run(_ arguments: String, stdin: String, tmp: String) throws -> CLI.Result {
        try ReliabilityCLITests.shell(
            "TMPDIR='\(tmp)' '\(CLI.executable.path)' \(arguments) < '\(stdin)'")
    }

    static func leftovers(_ tmp: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: tmp)
    }

    @Test("psd, bandpower, fit and info on '-' give what they give on the file",
          arguments: ["psd", "bandpower", "fit", "info --json"])
    func sameAsFile(command: String) throws {
        let (_, edf, _, tmp) = try Self.setUp()
        let piped = try Self.run("\(command) -", stdin: edf, tmp: tmp)
        let named = try CLI.run(command.split(separator: " ").map(String.init) + [edf])
        #expect(piped.status == 0, "\(piped.stderr)")
        // Outputs that name the file say "-" where the other says the path.
        #expect(piped.stdout == named.stdout.replacingOccurrences(of: edf, with: "-"))
        #expect(try Self.leftovers(tmp).isEmpty)
    }

    @Test("CSV on '-' takes --fs; without it the one error line names standard input")
    func csv() throws {
        let (_, _, csv, tmp) = try Self.setUp()
        let good = try Self.run("psd - --fs 100", stdin: csv, tmp: tmp)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout == (try CLI.run(["psd", csv, "--fs", "100"])).stdout)
        let missing = try Self.run("psd -", stdin: csv, tmp: tmp)
        ReliabilityCLITests.expectOneLine(missing, containing: "standard input: CSV input needs --fs")
        #expect(try Self.leftovers(tmp).isEmpty)
    }

    @Test("empty input, a bad recording on '-', and '-' for report or batch: one line each")
    func failures() throws {
        let (folder, edf, _, tmp) = try Self.setUp()
        let empty = try Self.run("psd -", stdin: "/dev/null", tmp: tmp)
        ReliabilityCLITests.expectOneLine(empty, containing: "standard input: is empty")
        let broken = folder.appendingPathComponent("broken.edf")
        try Data("0       ".utf8 + Data(repeating: 0x41, count: 300)).write(to: broken)
        let bad = try Self.run("detect - --rhythm delta3", stdin: broken.path, tmp: tmp)
        ReliabilityCLITests.expectOneLine(bad, containing: "eegscope: error: standard input: ")
        #expect(!bad.stderr.contains(tmp), "the temporary copy is not named: \(bad.stderr)")
        for command in ["report - --output rep", "batch - --output out"] {
            let refused = try Self.run(command, stdin: edf, tmp: tmp)
            ReliabilityCLITests.expectOneLine(refused, containing: "needs named files")
        }
        #expect(try Self.leftovers(tmp).isEmpty)
    }

    @Test("SIGTERM while standard input is still being read leaves no temporary folder")
    func interrupted() throws {
        let (_, _, _, tmp) = try Self.setUp()
        // The writer never closes: eegscope is still copying when the signal comes.
        let result = try ReliabilityCLITests.shell("""
            (sleep 30 2>/dev/null) | TMPDIR='\(tmp)' '\(CLI.executable.path)' psd - & pid=$!
            for i in $(seq 1 100); do ls '\(tmp)' | grep -q eegscope-stdin && break; sleep 0.05; done
            ls '\(tmp)'; kill -TERM $pid; wait $pid; echo "status $?"
            """)
        #expect(result.stdout.contains("eegscope-stdin-"), "the copy had started: \(result.stdout)")
        #expect(result.stdout.contains("status 143"), "\(result.stdout)")
        #expect(try Self.leftovers(tmp).isEmpty)
    }
}
