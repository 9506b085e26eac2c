import Foundation
import Testing
import _TestSupport

@Suite("eegscope score")
struct ScoreCommandTests {
    static let header = "onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude"

    func write(_ rows: [String], _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ([Self.header] + rows).joined(separator: "\n").appending("\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("prints the contract JSON")
    func json() throws {
        let directory = try TestData.temporaryDirectory()
        let truth = try write([
            "10.0\t2.0\tPz\tdelta3\t3.0\t10", "20.0\t2.0\tPz\tdelta3\t3.0\t10",
            "30.0\t1.0\tOz\tdelta3\t3.0\t10",
        ], "truth.tsv", in: directory)
        // Pz: 1.5 s of 2 s overlap (match); Oz: 0.4 s of 1 s (below 0.5).
        let detected = try write([
            "10.5\t2.0\tPz\tdelta3\t3.1\t9", "30.6\t1.0\tOz\tdelta3\t3.0\t8",
        ], "detected.tsv", in: directory)
        let result = try CLI.run(["score", "--truth", truth, "--detected", detected])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["true_positives"] as? Int == 1)
        #expect(object["false_positives"] as? Int == 1)
        #expect(object["false_negatives"] as? Int == 2)
        #expect(object["precision"] as? Double == 0.5)
        #expect(abs((object["recall"] as? Double ?? 0) - 1.0 / 3) < 1e-12)
        #expect(abs((object["f1"] as? Double ?? 0) - 0.4) < 1e-12)
        // A looser overlap fraction also accepts the 0.4 s overlap on Oz.
        let loose = try CLI.run([
            "score", "--truth", truth, "--detected", detected, "--min-overlap", "0.3",
        ])
        #expect(loose.stdout.contains("\"true_positives\":2"))
    }

    @Test("synthesized truth scored against itself is perfect")
    func selfScore() throws {
        let directory = try TestData.temporaryDirectory()
        let synth = try CLI.run([
            "synth", "--scenario", "gamma-bursts", "--duration", "20", "--channels", "Cz,C3,C4",
            "--output", "g.edf",
        ], in: directory)
        #expect(synth.status == 0, "\(synth.stderr)")
        let result = try CLI.run(
            ["score", "--truth", "g_events.tsv", "--detected", "g_events.tsv"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"f1\":1"))
        #expect(result.stdout.contains("\"false_positives\":0"))
    }

    @Test("errors name the file or the argument")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let good = try write(["1\t1\tPz\tgamma\t40\t2"], "good.tsv", in: directory)
        let bad = try write(["1\tx\tPz\tgamma\t40\t2"], "bad.tsv", in: directory)
        let malformed = try CLI.run(["score", "--truth", good, "--detected", bad])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("\(bad): line 2 'duration' value 'x'"))
        let missing = try CLI.run(["score", "--truth", "nope.tsv", "--detected", good])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.tsv"))
        let fraction = try CLI.run(["score", "--truth", good, "--detected", good,
                                    "--min-overlap", "1.5"])
        #expect(fraction.status != 0)
        #expect(fraction.stderr.contains("--min-overlap"))
    }
}
