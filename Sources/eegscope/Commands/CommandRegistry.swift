import ArgumentParser

/// Every subcommand, grouped as `--help` lists them (read, analyze, detect, plot and report,
/// batch, tools). Add one line per new command file, in the group it belongs to.
enum CommandRegistry {
    static let groups: [CommandGroup] = [
        CommandGroup(name: "Read", subcommands: [
            InfoCommand.self,
        ]),
        CommandGroup(name: "Analyze", subcommands: [
            PSDCommand.self,
            BandPowerCommand.self,
            FitCommand.self,
            CompareCommand.self,
            GroupCommand.self,
        ]),
        CommandGroup(name: "Detect", subcommands: [
            DetectCommand.self,
            ScoreCommand.self,
        ]),
        CommandGroup(name: "Plot and report", subcommands: [
            PlotCommand.self,
            SpectrogramCommand.self,
            ReportCommand.self,
            DemoCommand.self,
        ]),
        CommandGroup(name: "Batch", subcommands: [
            BatchCommand.self,
            MergeCommand.self,
        ]),
        CommandGroup(name: "Tools", subcommands: [
            FilterCommand.self,
            SynthCommand.self,
            BenchCommand.self,
        ]),
    ]

    /// Every subcommand, in the order of ``groups``.
    static var all: [ParsableCommand.Type] { groups.flatMap(\.subcommands) }
}
