import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// What ``DemoPipeline/run(output:sampleData:)`` wrote.
public struct DemoResult: Sendable, Equatable {
    /// The synthesized ketamine recording (EDF+).
    public let synthesizedRecording: URL
    /// Its ground-truth events (`_events.tsv`).
    public let truthEvents: URL
    /// The real recording analyzed.
    public let realRecording: URL
    /// The report index page.
    public let index: URL
    /// The batch results folder (bandpower.csv, fit.json, …) of both recordings.
    public let batchResults: URL
    /// The report pages, one per recording.
    public let reports: [WrittenReport]
}

/// The demo: synthesize the ketamine scenario, analyze it and a real recording, write the
/// reports and the batch tables.
///
/// Steps: `synth_ketamine.edf` (``EEGDSP/Scenario/ketamine``, 300 s at 256 Hz, seed
/// ``ketamineSeed``) and its `_events.tsv` in the output folder; reports of it and of
/// `SampleData/eegmmidb_S001R01.edf` (PhysioNet EEG Motor Movement/Imagery, subject 1, run 1)
/// with `index.html`; and the `batch` outputs of both in `batch/`.
///
/// ```swift
/// let result = try DemoPipeline.run(
///     output: URL(fileURLWithPath: "demo-output"), sampleData: URL(fileURLWithPath: "SampleData"))
/// print(result.index.path)
/// ```
public enum DemoPipeline {
    /// The seed of the demo's ketamine recording (fixed, so every run writes the same bytes).
    public static let ketamineSeed: UInt64 = 2020
    /// The real recording's file name in SampleData.
    public static let realRecordingName = "eegmmidb_S001R01.edf"

    /// Runs the demo.
    ///
    /// - Parameters:
    ///   - output: The output folder (created if needed).
    ///   - sampleData: The SampleData folder holding ``realRecordingName``.
    ///   - detect: Rhythm-episode detection for the reports and batch tables, or `nil`.
    /// - Returns: Where everything went.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` when the real
    ///   recording is missing; synthesis, reading or writing errors otherwise.
    public static func run(
        output: URL, sampleData: URL,
        detect: RecordingEpisodeDetector? = nil
    ) throws -> DemoResult {
        let real = sampleData.appendingPathComponent(realRecordingName)
        guard FileManager.default.fileExists(atPath: real.path) else {
            throw AnalysisError.invalidParameter(
                name: "sample data", value: "'\(sampleData.path)'",
                expected: "a folder holding \(realRecordingName) (use --sample-data DIR)")
        }
        var parameters = ScenarioParameters()
        parameters.seed = ketamineSeed
        let synthesized = try Scenario.ketamine.synthesize(parameters)
        let recordingURL = output.appendingPathComponent("synth_ketamine.edf")
        let eventsURL = output.appendingPathComponent("synth_ketamine_events.tsv")
        try EDFWriter.write(synthesized.recording, to: recordingURL)
        try EventTable.write(synthesized.events, to: eventsURL, includeSNR: false)

        let settings = AnalysisSettings()
        let files = [recordingURL.path, real.path]
        let reports = try ReportPipeline(settings: settings).write(
            files: files, to: output, detectsEpisodes: detect != nil)
        let batchFolder = output.appendingPathComponent("batch")
        _ = try BatchRunner(output: batchFolder, settings: settings, detect: detect).run(
            inputs: files.map { BatchInput(path: $0) }.sorted { $0.precedes($1) },
            jobs: max(1, min(2, ProcessInfo.processInfo.activeProcessorCount)))
        return DemoResult(
            synthesizedRecording: recordingURL, truthEvents: eventsURL, realRecording: real,
            index: output.appendingPathComponent("index.html"), batchResults: batchFolder,
            reports: reports)
    }

    /// The SampleData folder: `explicit` if given, else `./SampleData` when it holds
    /// ``realRecordingName``, else `nil`.
    public static func locateSampleData(explicit: String?) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit) }
        let candidate = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("SampleData")
        let file = candidate.appendingPathComponent(realRecordingName)
        return FileManager.default.fileExists(atPath: file.path) ? candidate : nil
    }
}
