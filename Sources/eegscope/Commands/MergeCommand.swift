import ArgumentParser
import EEGAnalysis
import Foundation

/// `eegscope merge`: combine the outputs of `batch --shard K/N` runs.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of sharded batch runs into one.",
        discussion: """
            Each DIR is the --output of one `eegscope batch --shard K/N` run. The folders must \
            be the shards 1..N of one run with the same settings. The result is byte for byte \
            what one unsharded run writes. Exit status 1 when any input of the run failed \
            (failures.tsv names them), as for batch.
            """)

    @Argument(help: "Output folders of the shard runs.", completion: .directory)
    var directories: [String]

    @Option(name: .shortAndLong, help: .outputFolder("The merged output folder"), completion: .directory)
    var output: String

    func run() throws {
        let failures = try reportingErrors {
            try BatchMerge.merge(
                shards: directories.map { URL(fileURLWithPath: $0) },
                into: URL(fileURLWithPath: output))
        }
        FileHandle.standardError.write(Data(
            "eegscope merge: \(directories.count) folder(s) merged into \(output)\n".utf8))
        if let first = failures.first {
            throw CommandFailure(
                message: "\(failures.count) input(s) failed (first: \(first.file): "
                    + "\(first.error)); see "
                    + "\((output as NSString).appendingPathComponent("failures.tsv"))")
        }
    }
}
