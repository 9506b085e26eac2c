import Foundation
import Testing
import _TestSupport

@Suite("eegscope group")
struct GroupCommandTests {
    @Test("design table → contract JSON, TSV and SVG; bad design gives one error line")
    func contract() throws {
        let directory = try TestData.temporaryDirectory()
        var design = "subject,condition,file,start_s,end_s\n"
        for subject in 1...4 {
            let synth = try CLI.run([
                "synth", "--scenario", "aperiodic", "--duration", "20", "--channels", "Cz,Pz,POz",
                "--seed", "\(700 + subject)", "--output", "s\(subject).edf",
            ], in: directory)
            #expect(synth.status == 0, "\(synth.stderr)")
            design += "sub\(subject),rest,s\(subject).edf,0,10\n"
            design += "sub\(subject),task,s\(subject).edf,10,20\n"
        }
        try design.write(
            to: directory.appendingPathComponent("design.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "group", "--design", "design.csv", "--rhythm", "delta3", "--correction", "cluster",
            "-o", "out.json", "--table", "out.tsv", "--figure", "out.svg",
        ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: directory.appendingPathComponent("out.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["n_subjects"] as? Int == 4)
        #expect(object["conditions"] as? [String] == ["rest", "task"])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 3)
        for row in results {
            for key in ["channel", "band", "change_db", "ci_low_db", "ci_high_db", "p",
                "p_corrected"]
            {
                #expect(row[key] != nil, "missing \(key)")
            }
        }
        // 4 subjects: all 7 sign flips, smallest p 1/8.
        #expect(object["permutations"] as? Int == 7)
        let table = try String(
            contentsOf: directory.appendingPathComponent("out.tsv"), encoding: .utf8)
        #expect(table.hasPrefix("channel\tband\tchange_db"))
        let svg = try String(
            contentsOf: directory.appendingPathComponent("out.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("POz"))

        try "subject,condition,file\nsub1,rest,s1.edf\n".write(
            to: directory.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(
            ["group", "--design", "bad.csv", "--rhythm", "delta3", "-o", "-"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.csv") && bad.stderr.contains("condition"))
        #expect(bad.stderr.split(separator: "\n").count == 1)
    }
}
