import EEGCore
import EEGFileIO
import EEGPlot
import Foundation

/// One written report page.
public struct WrittenReport: Sendable, Equatable {
    /// The input file.
    public let file: String
    /// The report page's file name inside the output folder, or `nil` when the input failed.
    public let page: String?
    /// The failure reason, or `nil`.
    public let error: String?
}

/// Writes a self-contained HTML report per recording and an index page linking them.
///
/// Each input is read into memory (reports plot time courses of the samples), analyzed with
/// ``RecordingAnalyzer`` and rendered with ``RecordingReport``; pages are written atomically as
/// `DIR/<file name>.html` (a numeric suffix keeps equal names apart) and `DIR/index.html` lists
/// them, failed inputs included with their reason.
///
/// ```swift
/// let pages = try ReportPipeline(settings: .init())
///     .write(files: ["a.edf"], to: URL(fileURLWithPath: "report"))
/// ```
public struct ReportPipeline: Sendable {
    /// The analysis settings.
    public let settings: AnalysisSettings

    /// Creates a pipeline.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for invalid settings.
    public init(settings: AnalysisSettings) throws {
        try settings.validate()
        self.settings = settings
    }

    /// Writes the reports of `files` and the index into `directory`.
    ///
    /// - Parameter detectsEpisodes: Whether to detect the episodes of `settings.rhythms` and
    ///   compare them between annotated spans (``ReportEvidence``: the `detect` and `compare`
    ///   pipelines on the whole recording, so that the page agrees with their JSON).
    /// - Returns: One entry per input, in input order.
    /// - Throws: ``AnalysisError/outputFailed(path:reason:)`` or ``EEGFileIO/FileWriteError``
    ///   when a page cannot be written (input failures are returned, not thrown).
    public func write(
        files: [String], to directory: URL,
        detectsEpisodes: Bool = true
    ) throws -> [WrittenReport] {
        let analyzer = try RecordingAnalyzer(settings: settings, detector: nil)
        var written: [WrittenReport] = []
        var entries: [HTMLIndex.Entry] = []
        var usedNames = Set<String>()
        for file in files {
            let base = (file as NSString).lastPathComponent
            var page = base + ".html"
            var suffix = 2
            while usedNames.contains(page) {
                page = "\(base)-\(suffix).html"
                suffix += 1
            }
            usedNames.insert(page)
            do {
                let input = BatchInput(path: file)
                let recording = try readRecording(file)
                let analysis = try analyzer.analyze(recording, input: input)
                let evidence = ReportEvidence(
                    recording: recording, file: file,
                    rhythms: detectsEpisodes ? settings.rhythms : [])
                let report = RecordingReport(
                    analysis: analysis, recording: recording, settings: settings,
                    truth: Self.truthEvents(beside: file), evidence: evidence)
                try AtomicFile.write(try report.html(), to: directory.appendingPathComponent(page))
                written.append(WrittenReport(file: file, page: page, error: nil))
                entries.append(HTMLIndex.Entry(
                    title: base, link: page, summary: report.indexSummary,
                    details: report.findings.indexLines))
            } catch let error as FileWriteError {
                throw error
            } catch {
                let reason = Self.reason(error, file: file)
                written.append(WrittenReport(file: file, page: nil, error: reason))
                entries.append(HTMLIndex.Entry(
                    title: base, link: "", summary: "failed: \(reason)", isFailure: true))
            }
        }
        let index = HTMLIndex(
            title: "EEGScope reports",
            introduction: "\(files.count) recording\(files.count == 1 ? "" : "s"). Each page "
                + "is self-contained (inline SVG, no scripts, no network).",
            entries: entries)
        try AtomicFile.write(index.html(), to: directory.appendingPathComponent("index.html"))
        return written
    }

    private func readRecording(_ file: String) throws -> Recording {
        try RecordingFile.read(URL(fileURLWithPath: file), csvSampleRate: settings.csvSampleRate)
    }

    /// The ground truth written by `eegscope synth` beside a file (`NAME_events.tsv` for
    /// `NAME.edf`), or empty when there is none or it cannot be read.
    static func truthEvents(beside file: String) -> [RhythmEvent] {
        let url = URL(fileURLWithPath: file)
        let events = url.deletingLastPathComponent().appendingPathComponent(
            url.deletingPathExtension().lastPathComponent + "_events.tsv")
        return (try? EventTable.read(events)) ?? []
    }

    static func reason(_ error: any Error, file: String) -> String {
        if case let AnalysisError.fileFailed(_, reason) = error { return reason }
        let text = String(describing: error)
        return text.hasPrefix(file + ": ") ? String(text.dropFirst(file.count + 2)) : text
    }
}

extension RecordingAnalysis {
    /// A copy with other detected events (sorted by onset, channel, rhythm).
    public func with(events newEvents: [RhythmEvent]) -> RecordingAnalysis {
        let sorted = newEvents.sorted {
            ($0.onset, $0.channel, $0.rhythm) < ($1.onset, $1.channel, $1.rhythm)
        }
        var copy = self
        copy.events = sorted
        return copy
    }
}
