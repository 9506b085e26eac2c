import Foundation
import Testing
import _TestSupport

/// Every warning `detect --summary` writes for a recording also reaches batch's summary.json
/// (prefixed with the rhythm), including the muscle index being unavailable.
@Suite("batch carries detect's warnings")
struct BatchWarningsTests {
    @Test("eegmmidb (160 Hz): gamma's clipped band and unavailable muscle index in summary.json")
    func warnings() throws {
        let file = TestData.sampleData.appendingPathComponent("eegmmidb_S001R01.edf").path
        let output = try TestData.temporaryDirectory("batch-warnings")
        let batch = try CLI.run(["batch", file, "-o", output.path, "--jobs", "1"])
        #expect(batch.status == 0, "\(batch.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: output.appendingPathComponent("summary.json")))
            as? [String: Any])
        let files = try #require(summary["files"] as? [[String: Any]])
        let batchWarnings = try #require(files.first?["warnings"] as? [String])
        for rhythm in ["delta3", "gamma"] {
            let detect = try CLI.run([
                "detect", file, "--rhythm", rhythm, "-o",
                output.appendingPathComponent("\(rhythm).tsv").path, "--summary", "-",
            ])
            #expect(detect.status == 0, "\(detect.stderr)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(detect.stdout.utf8)) as? [String: Any])
            let entry = try #require((document["files"] as? [[String: Any]])?.first)
            for warning in entry["warnings"] as? [String] ?? [] {
                #expect(batchWarnings.contains("\(rhythm): \(warning)"), "\(warning)")
            }
            if let muscle = entry["muscle"] as? [String: Any], muscle["available"] as? Bool == false {
                let reason = try #require(muscle["reason"] as? String)
                #expect(batchWarnings.contains("\(rhythm): muscle index unavailable: \(reason)"))
                // The same object, not only a warning: summary.json's file-level `muscle`.
                let batchMuscle = try #require(files.first?["muscle"] as? [String: Any])
                #expect(batchMuscle["available"] as? Bool == false)
                #expect(batchMuscle["reason"] as? String == reason)
            }
            // Artefact counts are written for every analysed channel (default: reject).
            let channels = try #require(entry["channels"] as? [[String: Any]])
            let analysed = channels.filter { $0["status"] as? String == "analysed" }
            #expect(!analysed.isEmpty)
            for channel in analysed {
                #expect(channel["artefacts"] is Int, "\(channel["name"] ?? "")")
                #expect(channel["episodes_rejected_on_artefacts"] is Int)
            }
        }
        #expect(batchWarnings.contains { $0.hasPrefix("gamma: muscle index unavailable") },
                "\(batchWarnings)")
    }
}
