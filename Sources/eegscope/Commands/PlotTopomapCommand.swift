import ArgumentParser
import EEGCore
import EEGDSP
import EEGPlot
import Foundation

/// `eegscope plot topomap`: a scalp map of band power.
struct PlotTopomapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topomap",
        abstract: "Draw a scalp map of band power (dB) as SVG.",
        discussion: """
            Band power per channel (Welch PSD as 'eegscope psd', integrated over the band), \
            in dB re 1 unit^2, interpolated over the head disk by spherical splines (Perrin \
            et al. 1989) from standard 10-05 positions; nose up, left ear on the left. \
            Channels without a position are left out (listed on stderr).
            """)

    @Argument(help: "An EDF/BDF file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @Option(help: ArgumentHelp("Band LOW-HIGH in Hz.", valueName: "low-high"))
    var band: String?

    @Option(help: ArgumentHelp("delta3, gamma or LOW-HIGH in Hz.", valueName: "rhythm"))
    var rhythm: String?

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var reference: ReferenceOptions
    @OptionGroup var estimator: PSDMethodOptions

    @Option(name: .shortAndLong, help: .outputFile("Output SVG file", acceptsStandardOutput: true),
            completion: .outputFile("svg"))
    var output: String

    @Option(help: ArgumentHelp("Title (default: the file and band).", valueName: "text"))
    var title: String?

    func validate() throws {
        guard (band == nil) != (rhythm == nil) else {
            throw ValidationError("give exactly one of --band LOW-HIGH or --rhythm R")
        }
    }

    func run() throws {
        let selected: FrequencyBand = try reportingErrors {
            if let rhythm { return try Rhythm(parsing: rhythm).band }
            return try FrequencyBand.parse(band ?? "")
        }
        let loaded = try recording.load(file, reference: reference)
        let method = try estimator.psdMethod()
        let svg = try withFile(file) { () throws -> String in
            let map = try ScalpBandPowerMap(recording: loaded, band: selected, method: method)
            if !map.omittedLabels.isEmpty {
                FileHandle.standardError.write(Data(
                    ("eegscope: warning: \(file): not on the map (no position or no power in "
                        + "the band): \(map.omittedLabels.prefix(8).joined(separator: ", "))\n")
                        .utf8))
            }
            let interpolation = try ScalpInterpolation(positions: map.positions)
            let grid = interpolation.grid(values: map.powersDecibels, size: 72)
            let sensors = zip(map.labels, interpolation.planarPositions).map {
                ScalpMapPlot.Sensor(
                    label: StandardElectrodePositions.canonicalName(of: $0.0) ?? $0.0,
                    x: $0.1.x, y: $0.1.y)
            }
            let unit = map.unit.isEmpty ? "unit^2" : "\(map.unit)^2"
            let bandText = "\(formatHertz(selected.low))-\(formatHertz(selected.high)) Hz"
            let plot = try ScalpMapPlot(
                grid: grid, sensors: sensors,
                colorBarTitle: "power \(bandText) (dB re 1 \(unit))",
                title: title ?? "\(URL(fileURLWithPath: file).lastPathComponent): "
                    + (rhythm ?? bandText)
                    + (reference.scheme.map { ", \($0.name) reference" } ?? ""))
            return try plot.svg()
        }
        try OutputSink.write(svg, to: output)
    }
}
