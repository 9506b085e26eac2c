import EEGAnalysis
import EEGCore
import Foundation
import Synchronization
import Testing
import _TestSupport

@Suite("Batch runs, resume and merge")
struct BatchRunnerTests {
    /// A folder of four good recordings (one at another rate) and one corrupt file.
    static func makeDataset() throws -> (folder: URL, inputs: [BatchInput]) {
        let folder = try TestData.temporaryDirectory("batch-data")
        try BatchTestData.writeRecording(to: folder.appendingPathComponent("a.edf"), seed: 1)
        try BatchTestData.writeRecording(
            to: folder.appendingPathComponent("b/b.edf"), frequency: 3, seed: 2)
        try BatchTestData.writeRecording(
            to: folder.appendingPathComponent("c.edf"), sampleRate: 123, seed: 3)
        try BatchTestData.writeRecording(
            to: folder.appendingPathComponent("d.edf"), channels: ["Fz"], seed: 4)
        try BatchTestData.writeCorrupt(to: folder.appendingPathComponent("bad.edf"))
        return (folder, try BatchInputDiscovery.inputs(for: [folder.path]))
    }

    @Test("a corrupt file is reported and every good file still has results")
    func failuresDoNotStopTheRest() throws {
        let (_, inputs) = try Self.makeDataset()
        let output = try TestData.temporaryDirectory("batch-out")
        let runner = try BatchRunner(output: output, settings: AnalysisSettings())
        let summary = try runner.run(inputs: inputs, jobs: 2)
        #expect(!summary.allSucceeded)
        #expect(summary.succeededCount == 4)
        #expect(summary.failures.map { ($0.file as NSString).lastPathComponent } == ["bad.edf"])
        let failures = try String(contentsOf: output.appendingPathComponent("failures.tsv"),
            encoding: .utf8)
        let lines = failures.split(separator: "\n")
        #expect(lines.first == "file\terror\tsubject\tsession\ttask\tacq\trun")
        #expect(lines.count == 2 && lines[1].hasSuffix("") && lines[1].contains("bad.edf\t"))
        let bandPower = try String(
            contentsOf: output.appendingPathComponent("bandpower.csv"), encoding: .utf8)
        for name in ["a.edf", "b/b.edf", "c.edf", "d.edf"] {
            #expect(bandPower.contains("/\(name),"), "no band power for \(name)")
        }
        // 3 + 3 + 3 + 1 channels × 5 bands, plus the header.
        #expect(bandPower.split(separator: "\n").count == 1 + 10 * 5)
        // 123 Hz has a Nyquist frequency of 61.5 Hz: gamma 30–80 Hz is clipped to the usable
        // 30–58.42 Hz there (Nyquist − 5 %), and the row shows the edges integrated.
        #expect(bandPower.contains("/c.edf,Oz,gamma,30.0,58.42,"))
        let summaryText = try String(
            contentsOf: output.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(summaryText.contains("\"failed\":1,\"inputs\":5,"))
        #expect(summaryText.contains("\"succeeded\":4}"))
    }

    @Test("summary.json says whether each rhythm's peak stands out of the spectrum's noise")
    func peakPresence() throws {
        let (_, inputs) = try Self.makeDataset()
        let output = try TestData.temporaryDirectory("batch-peaks")
        _ = try BatchRunner(output: output, settings: AnalysisSettings()).run(
            inputs: inputs, jobs: 1)
        let data = try Data(contentsOf: output.appendingPathComponent("summary.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(root["files"] as? [[String: Any]])
        func delta3Presence(_ name: String) throws -> [Bool] {
            let file = try #require(
                files.first { ($0["file"] as? String)?.hasSuffix("/\(name)") == true })
            let channels = try #require(file["channels"] as? [[String: Any]])
            return try channels.map { channel in
                let rhythms = try #require(channel["rhythms"] as? [String: Any])
                let delta3 = try #require(rhythms["delta3"] as? [String: Any])
                return try #require(delta3["peak_present"] as? Bool)
            }
        }
        // b.edf: a 20 uV 3 Hz sine on every channel; a.edf: 10 Hz, white noise around 3 Hz.
        #expect(try delta3Presence("b.edf") == [true, true, true])
        #expect(try delta3Presence("a.edf") == [false, false, false])
    }

    @Test("outputs are byte-identical for 1 and 3 jobs")
    func jobsDoNotChangeBytes() throws {
        let (_, inputs) = try Self.makeDataset()
        let one = try TestData.temporaryDirectory("batch-j1")
        let three = try TestData.temporaryDirectory("batch-j3")
        _ = try BatchRunner(output: one, settings: AnalysisSettings()).run(inputs: inputs, jobs: 1)
        _ = try BatchRunner(output: three, settings: AnalysisSettings())
            .run(inputs: inputs, jobs: 3)
        #expect(try BatchTestData.results(in: one) == BatchTestData.results(in: three))
    }

    @Test("--resume skips finished inputs, retries failed ones and reproduces the bytes")
    func resume() throws {
        let (folder, inputs) = try Self.makeDataset()
        let output = try TestData.temporaryDirectory("batch-resume")
        let runner = try BatchRunner(output: output, settings: AnalysisSettings())
        _ = try runner.run(inputs: inputs, jobs: 2)
        let first = try BatchTestData.results(in: output)
        let analyzed = Mutex<[String]>([])
        let again = try runner.run(inputs: inputs, jobs: 2, resume: true, progress: { progress in
            analyzed.withLock { $0.append(progress.file) }
        })
        #expect(again.resumedCount == 4)
        #expect(analyzed.withLock { $0 } == [folder.appendingPathComponent("bad.edf").path])
        #expect(try BatchTestData.results(in: output) == first)

        // Other settings invalidate the parts.
        var settings = AnalysisSettings()
        settings.bands = try FrequencyBand.parseList("alpha=8-13")
        let changed = try BatchRunner(output: output, settings: settings)
            .run(inputs: inputs, jobs: 2, resume: true)
        #expect(changed.resumedCount == 0)
    }

    @Test("merging the shards 1..N gives the unsharded bytes", arguments: [2, 3, 6])
    func shardMerge(count: Int) throws {
        let (_, inputs) = try Self.makeDataset()
        let whole = try TestData.temporaryDirectory("batch-whole")
        _ = try BatchRunner(output: whole, settings: AnalysisSettings()).run(inputs: inputs, jobs: 2)
        var shardFolders: [URL] = []
        for index in 1...count {
            let folder = try TestData.temporaryDirectory("batch-shard\(index)")
            _ = try BatchRunner(output: folder, settings: AnalysisSettings()).run(
                inputs: inputs, shard: try BatchShard(index: index, count: count), jobs: 1)
            shardFolders.append(folder)
        }
        let merged = try TestData.temporaryDirectory("batch-merged")
        let failures = try BatchMerge.merge(shards: shardFolders.reversed(), into: merged)
        #expect(failures.count == 1)
        #expect(try BatchTestData.results(in: merged) == BatchTestData.results(in: whole))
    }

    @Test("merge rejects missing, repeated and mismatched shards")
    func mergeErrors() throws {
        let (_, inputs) = try Self.makeDataset()
        var folders: [URL] = []
        for index in 1...3 {
            let folder = try TestData.temporaryDirectory("batch-bad-shard\(index)")
            _ = try BatchRunner(output: folder, settings: AnalysisSettings()).run(
                inputs: inputs, shard: try BatchShard(index: index, count: 3), jobs: 1)
            folders.append(folder)
        }
        let target = try TestData.temporaryDirectory("batch-bad-merge")
        #expect(throws: AnalysisError.incompatibleShards(reason: "missing shard(s) 3/3")) {
            try BatchMerge.merge(shards: [folders[0], folders[1]], into: target)
        }
        #expect(throws: AnalysisError.self) {
            try BatchMerge.merge(shards: [folders[0], folders[0], folders[1]], into: target)
        }
        var settings = AnalysisSettings()
        settings.segmentDuration = 1
        let other = try TestData.temporaryDirectory("batch-other")
        _ = try BatchRunner(output: other, settings: settings).run(
            inputs: inputs, shard: try BatchShard(index: 3, count: 3), jobs: 1)
        #expect(throws: AnalysisError.self) {
            try BatchMerge.merge(shards: [folders[0], folders[1], other], into: target)
        }
        let empty = try TestData.temporaryDirectory("batch-not-output")
        #expect(throws: AnalysisError.self) {
            try BatchMerge.merge(shards: [empty], into: target)
        }
    }

    @Test("invalid jobs and settings are rejected")
    func invalidParameters() throws {
        let output = try TestData.temporaryDirectory("batch-invalid")
        let runner = try BatchRunner(output: output, settings: AnalysisSettings())
        #expect(throws: AnalysisError.invalidParameter(name: "jobs", value: "0", expected: "≥ 1")) {
            try runner.run(inputs: [], jobs: 0)
        }
        var settings = AnalysisSettings()
        settings.segmentDuration = -1
        #expect(throws: AnalysisError.self) { try BatchRunner(output: output, settings: settings) }
        settings = AnalysisSettings(fitRange: 40...40)
        #expect(throws: AnalysisError.self) { try BatchRunner(output: output, settings: settings) }
    }
}
