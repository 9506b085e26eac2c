import ArgumentParser

// MARK: - Output destinations

/// `-o, --output <path>` for a command whose one output goes to standard output unless a path
/// is given; `-` also means standard output. Commands that already keep `var output: String?`
/// declare the same option with ``ArgumentHelp/standardOutput(_:)`` and
/// ``CompletionKind/outputFile(_:)`` instead, so the flag reads the same everywhere.
struct StandardOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong, help: .standardOutput("Write the output here"),
        completion: .file())
    var output: String?

    /// Writes `text` to the chosen file (atomically) or to standard output.
    func write(_ text: String) throws { try OutputSink.write(text, to: output) }
}

extension ArgumentHelp {
    /// The help of an optional `-o/--output` whose default is standard output, e.g.
    /// `.standardOutput("Write the events TSV here")`.
    static func standardOutput(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what) instead of standard output (- also means standard output).",
                     valueName: "path")
    }

    /// The help of a required `-o/--output` file; `acceptsStandardOutput` adds "- for
    /// standard output" for formats that fit one stream.
    static func outputFile(_ what: String, acceptsStandardOutput: Bool) -> ArgumentHelp {
        let suffix = acceptsStandardOutput ? " (- for standard output)" : ""
        return ArgumentHelp("\(what)\(suffix).", valueName: "path")
    }

    /// The help of a `-o/--output` folder.
    static func outputFolder(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what).", valueName: "path")
    }
}

// MARK: - Shell completion

extension CompletionKind {
    /// Recording files the readers accept (`.edf`, `.bdf`, `.csv`, BrainVision `.vhdr`, EEGLAB
    /// `.set`), both letter cases as clinical exports write upper case; folders complete too.
    static var recordingFile: CompletionKind {
        .file(extensions: withUpperCase(["edf", "bdf", "csv", "vhdr", "set"]))
    }

    /// Output files with one of `extensions` (both letter cases); folders complete too.
    static func outputFile(_ extensions: String...) -> CompletionKind {
        .file(extensions: withUpperCase(extensions))
    }

    /// Tab-separated event tables (`.tsv`).
    static var eventTable: CompletionKind { outputFile("tsv") }

    private static func withUpperCase(_ extensions: [String]) -> [String] {
        extensions + extensions.map { $0.uppercased() }
    }
}
