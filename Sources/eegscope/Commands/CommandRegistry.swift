import ArgumentParser

/// Every subcommand, in the order `--help` lists them. Add one line per new command file.
enum CommandRegistry {
    static let all: [ParsableCommand.Type] = [
        InfoCommand.self,
        PSDCommand.self,
        BandPowerCommand.self,
        FitCommand.self,
        SpectrogramCommand.self,
        PlotCommand.self,
        BatchCommand.self,
        MergeCommand.self,
        SynthCommand.self,
        ScoreCommand.self,
        BenchCommand.self,
        FilterCommand.self,
        ReportCommand.self,
        DemoCommand.self,
        DetectCommand.self,
        CompareCommand.self,
        GroupCommand.self,
    ]
}
