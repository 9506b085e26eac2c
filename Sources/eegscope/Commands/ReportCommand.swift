import ArgumentParser
import EEGAnalysis
import EEGCore
import Foundation

/// `eegscope report`: self-contained HTML reports.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report per recording and an index page.",
        discussion: """
            Each report (DIR/<file>.html: inline SVG, no scripts, no network) shows the \
            recording summary, PSD plots per channel group with the aperiodic fit and band \
            shading, band power, fitted aperiodic parameters and peaks, detected delta3/gamma \
            episodes with a time course on the posterior midline channels, a baseline vs \
            condition comparison when the annotations define one (e.g. the ketamine scenario), \
            and the caveats of scalp EEG. DIR/index.html links them. Exit status 1 when any \
            input failed (the index names it).
            """)

    @Argument(help: "EDF/BDF files (or CSV with --fs).", completion: .recordingFile)
    var files: [String]

    @Option(name: .shortAndLong, help: .outputFolder("The output folder"), completion: .directory)
    var output: String

    @Option(name: .customLong("fs"), help: ArgumentHelp(
        "Sampling rate of CSV inputs, in Hz.", valueName: "hz"))
    var csvSampleRate: Double?

    @OptionGroup var scope: ChannelScopeOptions

    func run() throws {
        let index = (output as NSString).appendingPathComponent("index.html")
        try refuseOverwriting(inputs: files, outputs: [output, index])
        try InputPath.refuseStandardInput(files, command: "report")
        var settings = AnalysisSettings(csvSampleRate: csvSampleRate)
        settings.screening = scope.screening
        settings.passband = scope.passbandPolicy
        let folder = URL(fileURLWithPath: output)
        let written = try reportingErrors {
            try ReportPipeline(settings: settings).write(
                files: files, to: folder)
        }
        var failures: [String] = []
        for report in written {
            if let page = report.page {
                try StandardOutput.write(folder.appendingPathComponent(page).path + "\n")
            } else {
                failures.append("\(report.file): \(report.error ?? "failed")")
            }
        }
        try StandardOutput.write(folder.appendingPathComponent("index.html").path + "\n")
        // One line per failed input, the last one as the command's error (as bandpower does).
        guard let last = failures.last else { return }
        for failure in failures.dropLast() {
            FileHandle.standardError.write(Data("eegscope: error: \(failure)\n".utf8))
        }
        throw CommandFailure(message: last.replacingOccurrences(of: "\n", with: " "))
    }
}
