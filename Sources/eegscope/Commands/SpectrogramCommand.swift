import ArgumentParser
import EEGCore
import EEGDSP
import EEGFileIO
import EEGPlot
import Foundation

/// `eegscope spectrogram`: short-time Fourier power of one channel as an SVG heatmap or CSV.
struct SpectrogramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrogram",
        abstract: "Spectrogram of one channel as an SVG heatmap or a CSV table.",
        discussion: """
            The output format follows the extension of --output: .svg draws a heatmap (time \
            in s, frequency in Hz, power in dB re 1 unit^2/Hz with a colour bar); .csv writes \
            the long format with header time_s,frequency_hz,power (one row per segment centre \
            and frequency, time-major, power in unit^2/Hz). Segments are tapered, detrended \
            and scaled like scipy.signal.spectrogram(mode='psd'). Discontinuous files \
            (EDF+D/BDF+D): each gap-free stretch is segmented on its own, so no column \
            straddles a gap; times are seconds from the first sample with the gaps included. \
            The SVG draws the gaps as hatched grey bands; the CSV has no rows for them (time_s \
            jumps across each gap), and a stretch shorter than one segment has no columns.
            """)

    @Argument(help: "An EDF/BDF file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @Option(name: .customLong("fs"), help: ArgumentHelp(
        "Sampling rate in Hz for CSV input.", valueName: "hz"))
    var csvSampleRate: Double?

    @Option(help: ArgumentHelp("The channel to analyse.", valueName: "name"))
    var channel: String

    @Option(name: .shortAndLong, help: .outputFile("Output file: .svg or .csv", acceptsStandardOutput: true),
            completion: .outputFile("svg", "csv"))
    var output: String

    @Option(help: ArgumentHelp("Segment length in seconds.", valueName: "seconds"))
    var segment: Double = 1

    @Option(help: ArgumentHelp("Segment overlap as a fraction in [0, 1).",
                               valueName: "fraction"))
    var overlap: Double = 0.5

    @Option(help: ArgumentHelp(
        "Taper: \(Window.acceptedNames) (periodic form).", valueName: "name"))
    var window: String = "hann"

    @Option(help: ArgumentHelp("Lowest frequency shown, in Hz.", valueName: "hz"))
    var fmin: Double = 0

    /// Optional so that `--help` states "Nyquist" as the default rather than "inf".
    @Option(name: .customLong("fmax"),
            help: ArgumentHelp("Highest frequency shown, in Hz (default: Nyquist).",
                               valueName: "hz"))
    var highestFrequency: Double?

    /// `--fmax` in Hz, or +infinity (up to the Nyquist frequency) when it is not given.
    var fmax: Double { highestFrequency ?? .infinity }

    @Flag(help: "SVG: logarithmic frequency axis (rows at 0 Hz are left out).")
    var logFrequency = false

    @Option(help: ArgumentHelp(
        "SVG: colour scale spans this many dB below the maximum (default: 1st–99.5th "
            + "percentile).", valueName: "db"))
    var dynamicRange: Double?

    @Option(help: ArgumentHelp(
        "Show the change from this span in dB: 10·log10(power / its mean over the segments "
            + "centred in START-END seconds), as MNE's baseline mode='logratio' × 10.",
        valueName: "start-end"))
    var baseline: TimeSpanArgument?

    @Option(help: ArgumentHelp(
        "Average each column with those centred within half this window, in seconds "
            + "(a steadier estimate for --baseline changes).", valueName: "seconds"))
    var smooth: Double?

    @Option(help: ArgumentHelp(
        "SVG: mark annotations (onsets as dashed lines, labelled) whose description contains "
            + "one of these texts (case-insensitive), or 'all'.", valueName: "list"))
    var annotations: String?

    /// The annotations `--annotations` selects.
    func markedAnnotations(_ recording: Recording) -> [Annotation] {
        guard let annotations else { return [] }
        let texts = annotations.lowercased().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !texts.contains("all") else { return recording.annotations }
        return recording.annotations.filter { annotation in
            let description = annotation.description.lowercased()
            return texts.contains { !$0.isEmpty && description.contains($0) }
        }
    }

    @Option(help: ArgumentHelp(
        "SVG: mark the episodes of this channel from an events TSV (as written by detect or "
            + "synth).", valueName: "path"), completion: .eventTable)
    var events: String?

    @Option(help: ArgumentHelp("SVG: title (default: channel and file name).",
                               valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("SVG: width in px.", valueName: "px"))
    var width: Double = 900

    @Option(help: ArgumentHelp("SVG: height in px.", valueName: "px"))
    var height: Double = 440

    enum OutputKind { case svg, csv }

    /// The format `--output` names by its extension; `-` (standard output) is SVG.
    var outputKind: OutputKind? {
        if output == "-" { return .svg }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "svg": return .svg
        case "csv": return .csv
        default: return nil
        }
    }

    func validate() throws {
        guard outputKind != nil else {
            throw ValidationError("--output must end in .svg or .csv, got '\(output)'")
        }
        if let rate = csvSampleRate, !Signal.supportedSampleRates.contains(rate) {
            throw ValidationError(
                "--fs must be \(Signal.supportedSampleRatesDescription), got \(rate)")
        }
        guard segment.isFinite, segment > 0 else {
            throw ValidationError(
                "--segment must be a positive duration in seconds, got \(segment)")
        }
        guard overlap.isFinite, overlap >= 0, overlap < 1 else {
            throw ValidationError("--overlap must be a fraction in [0, 1), got \(overlap)")
        }
        guard fmin.isFinite, fmin >= 0, !fmax.isNaN, fmin < fmax else {
            throw ValidationError("--fmin (\(fmin) Hz) must be ≥ 0 and below --fmax (\(fmax) Hz)")
        }
        if let smooth, !(smooth.isFinite && smooth > 0) {
            throw ValidationError("--smooth must be a positive duration in seconds, got \(smooth)")
        }
        if baseline != nil, dynamicRange != nil {
            throw ValidationError("--dynamic-range applies to power in dB, not to --baseline "
                + "changes (their colour scale is symmetric around 0 dB)")
        }
        if let dynamicRange, !(dynamicRange.isFinite && dynamicRange > 0) {
            throw ValidationError(
                "--dynamic-range must be a positive number of dB, got \(dynamicRange)")
        }
        do {
            _ = try Window(name: window)
        } catch {
            throw ValidationError("--window: \(error)")
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: [file], outputs: [output])
        let recording = try withFile(file) {
            try RecordingFile.read(try InputPath.url(for: file), csvSampleRate: csvSampleRate)
                .selecting(channels: [channel])
        }
        let taper = try reportingErrors { try Window(name: window) }
        let spectrogram = try withFile(file) { () throws -> Spectrogram in
            guard !recording.signals.isEmpty else {
                throw DSPError.emptyInput(what: "channel \(channel)")
            }
            let map = try recording.spectrograms(SpectrogramOptions(
                segment: .duration(segment), overlap: overlap, window: taper))[0]
            let smoothed = try smooth.map { try map.smoothed(over: $0) } ?? map
            return try baseline.map { try smoothed.relative(toBaseline: $0.span) } ?? smoothed
        }
        switch outputKind {
        case .csv:
            try OutputSink.write(
                try withFile(file) {
                    try Self.csv(spectrogram, fmin: fmin, fmax: fmax, asChange: baseline != nil)
                },
                to: output)
        case .svg, nil:
            let name = URL(fileURLWithPath: file).lastPathComponent
            let top = min(fmax, spectrogram.frequencies.last ?? 0)
            let bottom = max(fmin, logFrequency ? 1e-9 : 0)
            guard bottom < top else {
                throw CommandFailure(
                    message: "\(file): --fmin \(formatHertz(fmin)) Hz is not below the highest "
                        + "spectrogram frequency \(formatHertz(top)) Hz")
            }
            let plotOptions = SpectrogramPlotOptions(
                width: width, height: height,
                title: title ?? "\(spectrogram.label) — \(name)",
                frequencyScale: logFrequency ? .logarithmic : .linear,
                frequencyRange: bottom...top,
                colorRange: baseline != nil ? .symmetricPercentile(99)
                    : dynamicRange.map { .dynamicRange($0) } ?? .percentiles(lower: 1, upper: 99.5),
                colorMap: baseline != nil ? .blueRed : .viridis,
                powerTitle: baseline.map {
                    "Change from \(formatHertz($0.span.lowerBound))–"
                        + "\(formatHertz($0.span.upperBound)) s (dB)"
                },
                gaps: recording.gaps,
                annotations: markedAnnotations(recording))
            let episodes = try events.map { path in
                try withFile(path) { try EventTable.read(URL(fileURLWithPath: path)) }
                    .filter { ChannelName.matches(spectrogram.label, $0.channel) }
            } ?? []
            let svg = try withFile(file) {
                try SpectrogramPlot.svg(spectrogram, episodes: episodes, options: plotOptions)
            }
            try OutputSink.write(svg, to: output)
        }
    }

    /// Long-format CSV: `time_s,frequency_hz,power`, time-major, frequencies in
    /// `[fmin, fmax]`; with `asChange` (a baseline-relative map) the last column is
    /// `change_db`, 10·log10 of the ratio.
    static func csv(
        _ spectrogram: Spectrogram, fmin: Hertz, fmax: Hertz, asChange: Bool = false
    ) throws -> String {
        let columns = spectrogram.frequencies.indices.filter {
            spectrogram.frequencies[$0] >= fmin && spectrogram.frequencies[$0] <= fmax
        }
        guard !columns.isEmpty else {
            throw DSPError.invalidParameter(
                name: "frequency range", value: "\(formatHertz(fmin))–\(formatHertz(fmax)) Hz",
                expected: "at least one spectrogram frequency "
                    + "(0–\(formatHertz(spectrogram.frequencies.last ?? 0)) Hz)")
        }
        var text = "time_s,frequency_hz,\(asChange ? "change_db" : "power")\n"
        for (time, row) in zip(spectrogram.times, spectrogram.power) {
            for column in columns {
                let value = asChange ? 10 * log10(row[column]) : row[column]
                text += "\(time),\(spectrogram.frequencies[column]),\(value)\n"
            }
        }
        return text
    }
}
