import Foundation
import Testing
import _TestSupport

/// The command-line rules of docs/contract.md, checked over every command's `--help` text and
/// over ArgumentParser's description of the tool (`--experimental-dump-help`).
@Suite("eegscope --help conventions")
struct HelpConventionsTests {
    /// Value placeholders docs/contract.md allows ("Value placeholders in `--help`").
    static let allowedPlaceholders: Set<String> = [
        "hz", "seconds", "minutes", "path", "n", "list", "low-high", "start-end", "fraction",
        "db", "px", "log10", "sd", "degrees", "cycles", "number", "name", "text", "rhythm",
        "k/n", "auto|none|hz", "fraction|off",
    ]

    /// One command of the tool as `--experimental-dump-help` describes it.
    struct Command {
        let path: [String]
        let arguments: [[String: Any]]
        let isLeaf: Bool
    }

    /// Every command, depth first, without ArgumentParser's own `help`.
    static func commands() throws -> [Command] {
        let dump = try CLI.run(["--experimental-dump-help"])
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var result: [Command] = []
        func walk(_ command: [String: Any], path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            result.append(Command(
                path: path, arguments: command["arguments"] as? [[String: Any]] ?? [],
                isLeaf: subcommands.isEmpty))
            for sub in subcommands {
                guard let name = sub["commandName"] as? String, name != "help" else { continue }
                walk(sub, path: path + [name])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), path: [])
        return result
    }

    static func names(_ argument: [String: Any]) -> [String] {
        (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// The option blocks of a `--help` text: the option's first line and its continuation lines.
    static func optionBlocks(_ help: String) -> [(line: String, text: String)] {
        var blocks: [(String, String)] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        {
            if line.hasPrefix("OPTIONS:") { inOptions = true; continue }
            guard inOptions else { continue }
            if line.isEmpty || !line.hasPrefix(" ") {
                inOptions = false
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-") {
                blocks.append((trimmed, trimmed))
            } else if let last = blocks.indices.last {
                blocks[last].1 += " " + trimmed
            }
        }
        return blocks
    }

    @Test("the tool has the command groups and every command is listed")
    func groups() throws {
        let help = try CLI.run(["--help"]).stdout
        for group in ["READ", "ANALYZE", "DETECT", "PLOT AND REPORT", "BATCH", "TOOLS"] {
            #expect(help.contains("\(group) SUBCOMMANDS:"), "\(group)")
        }
        let leaves = try Self.commands().filter(\.isLeaf).map { $0.path.joined(separator: " ") }
        #expect(leaves.count >= 16, "\(leaves)")
    }

    @Test("every command with an output has -o, --output; placeholders come from the allowed set")
    func outputsAndPlaceholders() throws {
        for command in try Self.commands() where command.isLeaf && !command.path.isEmpty {
            let name = command.path.joined(separator: " ")
            let result = try CLI.run(command.path + ["--help"])
            #expect(result.status == 0, "\(name)")
            let blocks = Self.optionBlocks(result.stdout)
            #expect(
                blocks.contains { $0.line.hasPrefix("-o, --output <path>") },
                "\(name): no '-o, --output <path>'")
            for block in blocks {
                guard let open = block.line.firstIndex(of: "<"),
                    let close = block.line[open...].firstIndex(of: ">")
                else { continue }
                let placeholder = String(block.line[block.line.index(after: open)..<close])
                let isEnumeration = block.text.contains("(values:")
                #expect(
                    isEnumeration || Self.allowedPlaceholders.contains(placeholder),
                    "\(name): \(block.line) uses <\(placeholder)>")
            }
        }
    }

    @Test("each option states its default at most once")
    func defaultsOnce() throws {
        for command in try Self.commands() where command.isLeaf && !command.path.isEmpty {
            let help = try CLI.run(command.path + ["--help"]).stdout
            for block in Self.optionBlocks(help) {
                let count = block.text.lowercased().components(separatedBy: "default").count - 1
                #expect(count <= 1, "\(command.path.joined(separator: " ")): \(block.text)")
            }
        }
    }

    @Test("every path argument and option completes files or folders")
    func pathCompletion() throws {
        for command in try Self.commands() {
            for argument in command.arguments {
                let valueName = argument["valueName"] as? String
                let isPositionalInput = argument["kind"] as? String == "positional"
                    && ["file", "files", "inputs", "directories"].contains(valueName ?? "")
                guard valueName == "path" || isPositionalInput else { continue }
                let kind = argument["completionKind"] as? [String: Any] ?? [:]
                #expect(
                    kind["file"] != nil || kind["directory"] != nil,
                    "\(command.path.joined(separator: " ")) \(Self.names(argument)) \(kind)")
            }
        }
    }

    @Test(
        "bash completion of 'eegscope psd SampleData/eeg' offers the eegmmidb recording",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "needs bash"))
    func bashCompletion() throws {
        let script = try CLI.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        let directory = try TestData.temporaryDirectory()
        let scriptURL = directory.appendingPathComponent("eegscope.bash")
        try script.stdout.write(to: scriptURL, atomically: true, encoding: .utf8)
        // As an interactive shell with bash-completion would: extglob on (the generated
        // script filters files with an extglob pattern), the line typed, the cursor at its end.
        let driver = """
            shopt -s extglob
            source '\(scriptURL.path)'
            function=$(complete -p eegscope | sed -E 's/.* -F ([^ ]+) .*/\\1/')
            COMP_LINE='eegscope psd SampleData/eeg'
            COMP_POINT=${#COMP_LINE}
            COMP_WORDS=(eegscope psd SampleData/eeg)
            COMP_CWORD=2
            "$function" eegscope SampleData/eeg psd
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-c", driver]
        process.currentDirectoryURL = TestData.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = CLI.executable.deletingLastPathComponent().path + ":"
            + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let offered = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(offered == ["SampleData/eegmmidb_S001R01.edf"], "\(offered)")
    }
}
