import EEGCore
import Foundation
import Testing
import _TestSupport

/// Plain EDF files for the CLI tests, written byte by byte (the CLI test target links no
/// EEGScope library but `_TestSupport`, so it cannot use EDFWriter).
enum TinyEDF {
    /// A plain EDF file: `channels` signals of `seconds` 1-s records at `rate` Hz holding a
    /// sine of `frequency` Hz plus seeded noise, ±200 uV physical range.
    static func data(
        channels: [String], seconds: Int, rate: Int, frequency: Double, seed: UInt64
    ) -> Data {
        func field(_ text: String, _ width: Int) -> String {
            String(text.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0)
        }
        let count = channels.count
        var header = field("0", 8) + field("X X X X", 80) + field("Startdate X X X X", 80)
        header += field("01.01.85", 8) + field("00.00.00", 8) + field("\(256 * (count + 1))", 8)
        header += field("", 44) + field("\(seconds)", 8) + field("1", 8) + field("\(count)", 4)
        for name in channels { header += field(name, 16) }
        for _ in channels { header += field("AgAgCl electrode", 80) }
        for _ in channels { header += field("uV", 8) }
        for _ in channels { header += field("-200", 8) }
        for _ in channels { header += field("200", 8) }
        for _ in channels { header += field("-32768", 8) }
        for _ in channels { header += field("32767", 8) }
        for _ in channels { header += field("", 80) }
        for _ in channels { header += field("\(rate)", 8) }
        for _ in channels { header += field("", 32) }
        var bytes = Data(header.utf8)
        var generator = SeededGenerator(seed: seed)
        for record in 0..<seconds {
            for channel in 0..<count {
                for sample in 0..<rate {
                    let time = Double(record * rate + sample) / Double(rate)
                    let value = 30 * sin(2 * .pi * frequency * time + Double(channel))
                        + 8 * generator.nextGaussian()
                    let digital = Int16(max(-32768, min(32767, (value / 200 * 32767).rounded())))
                    withUnsafeBytes(of: digital.littleEndian) { bytes.append(contentsOf: $0) }
                }
            }
        }
        return bytes
    }

    /// A folder of `good` valid recordings (`rec1.edf`, …) and optionally a truncated one.
    static func folder(good: Int, corrupt: Bool) throws -> URL {
        let folder = try TestData.temporaryDirectory("cli-batch")
        for index in 1...good {
            let data = TinyEDF.data(
                channels: ["Oz", "Pz", "Cz"], seconds: 10, rate: 200,
                frequency: Double(2 + index), seed: UInt64(index))
            try data.write(to: folder.appendingPathComponent("rec\(index).edf"))
        }
        if corrupt {
            let data = TinyEDF.data(
                channels: ["Oz"], seconds: 10, rate: 200, frequency: 5, seed: 99)
            try data.prefix(900).write(to: folder.appendingPathComponent("broken.edf"))
        }
        return folder
    }
}

@Suite("eegscope batch and merge")
struct BatchCommandTests {
    static let resultFiles = [
        "bandpower.csv", "fit.json", "events.tsv", "failures.tsv", "summary.json",
    ]

    static func results(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in resultFiles {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test("a folder with a corrupt file: exit 1, good results written, failures.tsv names it")
    func corruptFile() throws {
        let input = try TinyEDF.folder(good: 3, corrupt: true)
        let output = try TestData.temporaryDirectory("cli-batch-out")
        let result = try CLI.run(["batch", input.path, "--output", output.path, "--jobs", "2"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("eegscope: error: 1 of 4 inputs failed"))
        #expect(result.stderr.contains("broken.edf"))
        // Not a terminal: one plain progress line per input.
        #expect(result.stderr.contains("[4/4]"))
        let failures = try String(
            contentsOf: output.appendingPathComponent("failures.tsv"), encoding: .utf8)
        let rows = failures.split(separator: "\n")
        #expect(rows.count == 2 && rows[0] == "file\terror\tsubject\tsession\ttask\tacq\trun")
        #expect(rows[1].hasPrefix(input.appendingPathComponent("broken.edf").path + "\t"))
        let bandPower = try String(
            contentsOf: output.appendingPathComponent("bandpower.csv"), encoding: .utf8)
        #expect(bandPower.hasPrefix(
            "file,channel,band,fmin_hz,fmax_hz,absolute,relative,subject,session,task,acq,run\n"))
        for index in 1...3 {
            #expect(bandPower.contains("rec\(index).edf,Oz,alpha,"))
        }
        let fit = try JSONSerialization.jsonObject(
            with: Data(contentsOf: output.appendingPathComponent("fit.json"))) as? [String: Any]
        #expect((fit?["files"] as? [Any])?.count == 3)
    }

    @Test("all good inputs: exit 0")
    func allGood() throws {
        let input = try TinyEDF.folder(good: 2, corrupt: false)
        let output = try TestData.temporaryDirectory("cli-batch-good")
        let result = try CLI.run(["batch", input.path, "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let failures = try String(
            contentsOf: output.appendingPathComponent("failures.tsv"), encoding: .utf8)
        #expect(failures == "file\terror\tsubject\tsession\ttask\tacq\trun\n")
    }

    @Test("N shard processes merged equal the unsharded run byte for byte", arguments: [2, 3])
    func shardedRunsMerge(count: Int) throws {
        let input = try TinyEDF.folder(good: 5, corrupt: true)
        let whole = try TestData.temporaryDirectory("cli-whole")
        _ = try CLI.run(["batch", input.path, "--output", whole.path, "--jobs", "1"])
        var processes: [(Process, URL)] = []
        for index in 1...count {
            let folder = try TestData.temporaryDirectory("cli-shard")
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = [
                "batch", input.path, "--output", folder.path, "--shard", "\(index)/\(count)",
            ]
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append((process, folder))
        }
        for (process, _) in processes { process.waitUntilExit() }
        let merged = try TestData.temporaryDirectory("cli-merged")
        let merge = try CLI.run(
            ["merge"] + processes.map(\.1.path) + ["--output", merged.path])
        #expect(merge.status == 1)  // the corrupt input is still a failure after merging
        #expect(try Self.results(merged) == Self.results(whole))
    }

    @Test("bad arguments and incomplete shards give one error line")
    func badArguments() throws {
        let output = try TestData.temporaryDirectory("cli-batch-bad")
        let shard = try CLI.run(["batch", "x.edf", "--output", output.path, "--shard", "3/2"])
        #expect(shard.status != 0 && shard.stderr.contains("--shard"))
        let missing = try CLI.run(["batch", "/nonexistent/x.edf", "--output", output.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("'/nonexistent/x.edf'"))
        let notBatch = try CLI.run(["merge", output.path, "--output", output.path + "-m"])
        #expect(notBatch.status == 1)
        #expect(notBatch.stderr.hasPrefix("eegscope: error: "))
        #expect(notBatch.stderr.contains("manifest.json"))
    }
}
