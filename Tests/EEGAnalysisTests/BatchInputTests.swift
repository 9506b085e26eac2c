import EEGAnalysis
import Foundation
import Testing
import _TestSupport

@Suite("Batch input discovery")
struct BatchInputTests {
    @Test("BIDS entities come from the file name")
    func entities() {
        let entities = BIDSEntities(fileName: "sub-07_ses-pre_task-rest_run-2_eeg.bdf")
        #expect(entities.subject == "07")
        #expect(entities.session == "pre")
        #expect(entities.task == "rest")
        #expect(entities.run == "2")
        let plain = BIDSEntities(fileName: "S001R01.edf")
        #expect(plain.subject == nil && plain.task == nil)
    }

    @Test("a BIDS root yields sub-*/[ses-*/]eeg/*_eeg.edf|bdf with subject, session and task")
    func bidsRoot() throws {
        let root = try TestData.temporaryDirectory("bids")
        let files = [
            "sub-01/eeg/sub-01_task-rest_eeg.edf",
            "sub-02/ses-a/eeg/sub-02_ses-a_task-rest_eeg.BDF",
            "sub-02/ses-b/eeg/sub-02_ses-b_task-oddball_run-1_eeg.edf",
            "sub-01/eeg/sub-01_task-rest_channels.tsv",
            "sub-01/anat/sub-01_T1w.edf",
            "derivatives/sub-01/eeg/sub-01_task-rest_eeg.edf",
        ]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        try Data("{}".utf8).write(to: root.appendingPathComponent("dataset_description.json"))
        let inputs = try BatchInputDiscovery.inputs(for: [root.path])
        let relative = inputs.map { String($0.path.dropFirst(root.path.count + 1)) }
        #expect(relative == [files[0], files[1], files[2]])
        #expect(inputs[1].subject == "02" && inputs[1].session == "a" && inputs[1].task == "rest")
        #expect(inputs[2].run == "1" && inputs[2].task == "oddball")
    }

    @Test("a plain folder is searched recursively for EDF/BDF, not CSV or hidden files")
    func folder() throws {
        let root = try TestData.temporaryDirectory("folder")
        for file in ["b.edf", "a/c.BDF", "a/d.csv", ".hidden/e.edf", "a/.f.edf", "g.txt"] {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        let inputs = try BatchInputDiscovery.inputs(for: [root.path])
        #expect(inputs.map { ($0.path as NSString).lastPathComponent } == ["c.BDF", "b.edf"])
    }

    @Test("inputs are sorted by path and a file reached twice is kept once")
    func sortedAndUnique() throws {
        let root = try TestData.temporaryDirectory("dedupe")
        for file in ["z.edf", "m.edf", "sub/a.edf"] {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        let explicit = root.appendingPathComponent("z.edf").path
        let inputs = try BatchInputDiscovery.inputs(for: [explicit, root.path])
        #expect(inputs.count == 3)
        #expect(inputs.map(\.path) == inputs.map(\.path).sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        })
    }

    @Test("a missing input and an empty folder are errors")
    func errors() throws {
        let root = try TestData.temporaryDirectory("empty")
        #expect(throws: AnalysisError.invalidParameter(
            name: "input", value: "'\(root.path)/nope.edf'",
            expected: "an existing file or folder")
        ) {
            try BatchInputDiscovery.inputs(for: [root.path + "/nope.edf"])
        }
        #expect(throws: AnalysisError.noInputs(searched: [root.path])) {
            try BatchInputDiscovery.inputs(for: [root.path])
        }
    }
}

@Suite("Batch shards")
struct BatchShardTests {
    @Test("K/N parses and rejects what is not 1 ≤ K ≤ N")
    func parsing() throws {
        let shard = try BatchShard(parsing: "2/5")
        #expect(shard.index == 2 && shard.count == 5 && shard.description == "2/5")
        for text in ["0/3", "4/3", "1/0", "a/b", "3", "1/2/3", "-1/2"] {
            #expect(throws: AnalysisError.self) { try BatchShard(parsing: text) }
        }
    }

    @Test("the shares of 1/N … N/N are disjoint and cover every input", arguments: [1, 2, 3, 7])
    func partition(count: Int) throws {
        let inputs = Array(0..<23)
        var union: [Int] = []
        for index in 1...count {
            let share = try BatchShard(index: index, count: count).share(of: inputs)
            #expect(share.count >= inputs.count / count && share.count <= inputs.count / count + 1)
            union += share
        }
        #expect(union.sorted() == inputs)
    }
}
