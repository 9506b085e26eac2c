import ArgumentParser
import EEGAnalysis
import Foundation

/// `eegscope demo`: the main job on the bundled SampleData.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthesize the ketamine scenario, analyze it and a real recording, report.",
        discussion: """
            Writes into DIR: synth_ketamine.edf (300 s, 22 channels at 256 Hz, fixed seed) \
            and its ground truth synth_ketamine_events.tsv; an HTML report of it and of \
            SampleData/eegmmidb_S001R01.edf (PhysioNet EEG Motor Movement/Imagery, subject 1, \
            run 1) with index.html; and the batch tables of both in DIR/batch. SampleData is \
            looked for in the current folder unless --sample-data is given. Prints the path \
            of index.html.
            """)

    @Option(name: .shortAndLong, help: .outputFolder("The output folder"), completion: .directory)
    var output: String = "demo-output"

    @Option(help: ArgumentHelp(
        "The SampleData folder (default: ./SampleData).", valueName: "path"), completion: .directory)
    var sampleData: String?

    func run() throws {
        guard let sampleFolder = DemoPipeline.locateSampleData(explicit: sampleData) else {
            throw CommandFailure(
                message: "SampleData/\(DemoPipeline.realRecordingName) not found in the current "
                    + "folder; run from the repository root or pass --sample-data DIR")
        }
        let start = Date()
        let result = try reportingErrors {
            try DemoPipeline.run(
                output: URL(fileURLWithPath: output), sampleData: sampleFolder,
                detect: RhythmDetection.detector(settings: AnalysisSettings()))
        }
        let seconds = Date().timeIntervalSince(start)
        let status = FileHandle.standardError
        status.write(Data("""
            eegscope demo: synthesized \(result.synthesizedRecording.path) \
            (truth: \(result.truthEvents.lastPathComponent)), analyzed it and \
            \(result.realRecording.path) in \(String(format: "%.1f", seconds)) s; \
            batch tables in \(result.batchResults.path)

            """.utf8))
        for report in result.reports where report.page == nil {
            status.write(Data("eegscope: warning: \(report.file): \(report.error ?? "")\n".utf8))
        }
        try StandardOutput.write("Report: \(result.index.path)\n")
    }
}
