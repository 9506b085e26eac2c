import Foundation
import Testing
import _TestSupport

@Suite("eegscope compare")
struct CompareCommandTests {
    @Test("ketamine baseline vs infusion from the annotations: delta3 rises on Pz")
    func annotations() throws {
        let directory = try TestData.temporaryDirectory()
        let synth = try CLI.run([
            "synth", "--scenario", "ketamine", "--duration", "200", "--channels", "Pz,Fz",
            "--seed", "31", "--output", "k.edf",
        ], in: directory)
        #expect(synth.status == 0, "\(synth.stderr)")
        let result = try CLI.run(
            ["compare", "k.edf", "--rhythm", "delta3", "--permutations", "200"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "eegscope.compare/1")
        let condition = try #require(object["condition"] as? [String: Any])
        #expect(condition["name"] as? String == "ketamine infusion")
        let channels = try #require(object["channels"] as? [[String: Any]])
        let pz = try #require(channels.first { $0["name"] as? String == "Pz" })
        #expect((pz["band_power_change_db"] as? Double ?? 0) > 1)
        #expect((pz["band_power_p"] as? Double ?? 1) < 0.05)
        // Same seed, same p-values.
        let again = try CLI.run(
            ["compare", "k.edf", "--rhythm", "delta3", "--permutations", "200"], in: directory)
        #expect(again.stdout == result.stdout)
        // Explicit spans and two files work too.
        let spans = try CLI.run([
            "compare", "k.edf", "--rhythm", "gamma", "--baseline", "0-40", "--condition",
            "50-100", "--permutations", "50",
        ], in: directory)
        #expect(spans.status == 0, "\(spans.stderr)")
        let files = try CLI.run(
            ["compare", "k.edf", "k.edf", "--rhythm", "8-13", "--permutations", "20"],
            in: directory)
        #expect(files.status == 0, "\(files.stderr)")
    }

    @Test("bad arguments give one error line")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let synth = try CLI.run([
            "synth", "--scenario", "aperiodic", "--duration", "10", "--channels", "Cz",
            "--output", "a.edf",
        ], in: directory)
        #expect(synth.status == 0, "\(synth.stderr)")
        let noSpans = try CLI.run(["compare", "a.edf", "--rhythm", "delta3"], in: directory)
        #expect(noSpans.status != 0)
        #expect(noSpans.stderr.contains("a.edf") && noSpans.stderr.contains("baseline"))
        let oneSpan = try CLI.run(
            ["compare", "a.edf", "--rhythm", "delta3", "--baseline", "0-5"], in: directory)
        #expect(oneSpan.status != 0)
        let badSpan = try CLI.run([
            "compare", "a.edf", "--rhythm", "delta3", "--baseline", "5-1", "--condition", "5-9",
        ], in: directory)
        #expect(badSpan.status != 0)
        #expect(badSpan.stderr.contains("--baseline"))
        let short = try CLI.run([
            "compare", "a.edf", "--rhythm", "delta3", "--baseline", "0-2", "--condition", "5-9",
        ], in: directory)
        #expect(short.status != 0)
        #expect(short.stderr.contains("epoch"))
    }
}
