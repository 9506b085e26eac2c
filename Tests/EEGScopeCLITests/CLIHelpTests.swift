import Foundation
import Testing
import _TestSupport

/// Runs the built `eegscope` executable.
enum CLI {
    static var executable: URL {
        // Tests run from the package's build folder; the executable sits beside the test bundle.
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("eegscope"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("eegscope"),
            TestData.repositoryRoot.appendingPathComponent(".build/debug/eegscope"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? candidates[2]
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite("eegscope CLI")
struct CLIHelpTests {
    @Test("--help lists the tool's purpose and exits 0")
    func help() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("EEG oscillation analysis"))
    }

    @Test("an unknown subcommand exits non-zero")
    func unknown() throws {
        let result = try CLI.run(["no-such-command"])
        #expect(result.status != 0)
    }
}
