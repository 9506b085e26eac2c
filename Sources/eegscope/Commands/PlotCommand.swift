import ArgumentParser
import EEGCore
import EEGDSP
import EEGPlot
import Foundation

/// `eegscope plot`: pictures of analysis results as SVG.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw analysis results as SVG pictures.",
        subcommands: [PlotPSDCommand.self, PlotTopomapCommand.self])
}

/// `--aperiodic fixed|knee`.
enum AperiodicModeArgument: String, ExpressibleByArgument, CaseIterable {
    case fixed
    case knee

    var mode: AperiodicMode { self == .fixed ? .fixed : .knee }
}

/// `eegscope plot psd`: a PSD plot of the selected channels with band shading and, with
/// `--fit`, each channel's fitted aperiodic component and peaks.
struct PlotPSDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psd",
        abstract: "Plot the PSD of channels as SVG (semi-log or log-log), with bands and fits.",
        discussion: """
            The PSD is estimated exactly as by 'eegscope psd' (same flags and defaults). The \
            standard bands are shaded unless --no-bands; --fit adds each channel's aperiodic \
            fit (spectral parameterization as in 'eegscope fit', FOOOF model) as a dashed \
            line and marks its peaks.
            """)

    @Argument(help: "An EDF/BDF file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var estimator: PSDMethodOptions

    @Option(name: .shortAndLong, help: .outputFile("Output SVG file", acceptsStandardOutput: true),
            completion: .outputFile("svg"))
    var output: String

    /// Optional so that `--help` states only the default described in its text.
    @Option(name: .customLong("fmin"), help: ArgumentHelp(
        "Lowest frequency shown, in Hz (default: 0, or the first bin above 0 with "
            + "--log-frequency).", valueName: "hz"))
    var lowestFrequency: Double?

    /// `--fmin` in Hz, or 0 when it is not given.
    var fmin: Double { lowestFrequency ?? 0 }

    /// Optional so that `--help` states "Nyquist" as the default rather than "inf".
    @Option(name: .customLong("fmax"),
            help: ArgumentHelp("Highest frequency shown, in Hz (default: Nyquist).",
                               valueName: "hz"))
    var highestFrequency: Double?

    /// `--fmax` in Hz, or +infinity (up to the Nyquist frequency) when it is not given.
    var fmax: Double { highestFrequency ?? .infinity }

    @Flag(help: "Logarithmic frequency axis (log-log plot); default is semi-log.")
    var logFrequency = false

    @Flag(help: "Linear power axis instead of logarithmic.")
    var linearPower = false

    @Option(help: ArgumentHelp(
        "Bands to shade, as name=low-high,...", valueName: "list"))
    var bands: String = "delta=1-4,theta=4-8,alpha=8-13,beta=13-30,gamma=30-80"

    @Flag(help: "Do not shade frequency bands.")
    var noBands = false

    @Flag(help: "Fit the aperiodic component and peaks of each channel and draw them.")
    var fit = false

    @OptionGroup var fitRangeOptions: FitRangeOptions

    @Option(help: "Aperiodic model of the fit.")
    var aperiodic: AperiodicModeArgument = .fixed

    @Option(help: ArgumentHelp("Title (default: the file name).", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Width in px.", valueName: "px"))
    var width: Double = 820

    @Option(help: ArgumentHelp("Height in px.", valueName: "px"))
    var height: Double = 480

    func validate() throws {
        guard output == "-" || URL(fileURLWithPath: output).pathExtension.lowercased() == "svg"
        else {
            throw ValidationError(
                "--output must end in .svg (or be - for stdout), got '\(output)'")
        }
        guard fmin.isFinite, fmin >= 0, !fmax.isNaN, fmin < fmax else {
            throw ValidationError("--fmin (\(fmin) Hz) must be ≥ 0 and below --fmax (\(fmax) Hz)")
        }
        if !noBands {
            do {
                _ = try FrequencyBand.parseList(bands)
            } catch {
                throw ValidationError("--bands: \(error)")
            }
        }
        guard width.isFinite, height.isFinite, width > 0, height > 0 else {
            throw ValidationError("--width and --height must be positive sizes in px")
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: [file], outputs: [output])
        let loaded = try recording.load(file)
        let method = try estimator.psdMethod()
        let spectra = try withFile(file) { () throws -> [Spectrum] in
            guard !loaded.signals.isEmpty else {
                throw DSPError.emptyInput(what: "the recording's channel list")
            }
            return try loaded.powerSpectra(method: method)
                .map { try $0.cropped(minimum: fmin, maximum: fmax) }
        }
        var curves: [Int: PSDCurve] = [:]
        var peaks: [Int: [PSDPeakMarker]] = [:]
        if fit {
            for (index, spectrum) in spectra.enumerated() {
                // Colours follow the channel's position in its unit's panel.
                let position = spectra[..<index].filter { $0.unit == spectrum.unit }.count
                guard let overlay = try fitOverlay(spectrum, index: position) else { continue }
                curves[index] = overlay.curve
                peaks[index] = overlay.peaks
            }
        }
        // Channels in different physical units (e.g. µV EEG beside mV ECG) get one panel per
        // unit, each with its own power axis, instead of one axis titled with the first unit.
        var units: [String] = []
        for spectrum in spectra where !units.contains(spectrum.unit) { units.append(spectrum.unit) }
        var panels: [String] = []
        for unit in units {
            let members = spectra.indices.filter { spectra[$0].unit == unit }
            panels.append(try panel(
                spectra: spectra, members: members, curves: curves, peaks: peaks,
                unit: units.count > 1 ? unit : nil))
        }
        let svg = try withFile(file) {
            try SVGComposition.stackedVertically(
                panels, title: title ?? URL(fileURLWithPath: file).lastPathComponent)
        }
        try OutputSink.write(svg, to: output)
    }

    /// One PSD picture of the spectra at `members` with their fits and peaks; `unit` names the
    /// panel when the plot has several.
    private func panel(
        spectra: [Spectrum], members: [Int], curves: [Int: PSDCurve],
        peaks: [Int: [PSDPeakMarker]], unit: String?
    ) throws -> String {
        let shown = members.map { spectra[$0] }
        let shownBands = noBands ? [] : try reportingErrors { try FrequencyBand.parseList(bands) }
        let upper = spectra.compactMap(\.frequencies.last).max() ?? fmax
        let lowest = logFrequency
            ? spectra.compactMap { $0.frequencies.first { $0 > 0 } }.min() ?? 1 : 0
        let lower = max(fmin, lowest)
        let name = title ?? URL(fileURLWithPath: file).lastPathComponent
        let fits = members.compactMap { curves[$0] }
        let options = PSDPlotOptions(
            width: width, height: height,
            title: unit.map { "\(name) — channels in \($0.isEmpty ? "no unit" : $0)" } ?? name,
            frequencyScale: logFrequency ? .logarithmic : .linear,
            powerScale: linearPower ? .linear : .logarithmic,
            frequencyRange: lower < min(fmax, upper) ? lower...min(fmax, upper) : nil,
            bands: shownBands,
            sharedCurveLegend: fits.isEmpty ? nil : "aperiodic fit, per channel")
        return try withFile(file) {
            try PSDPlot.svg(
                spectra: shown, fits: fits, peaks: members.flatMap { peaks[$0] ?? [] },
                options: options)
        }
    }

    /// The fitted aperiodic curve and peak markers of one channel, or `nil` (with a warning on
    /// stderr) when the fit fails, so that the other channels are still drawn.
    func fitOverlay(
        _ spectrum: Spectrum, index: Int
    ) throws -> (curve: PSDCurve, peaks: [PSDPeakMarker])? {
        let requested = fitRangeOptions.resolved
        let first = spectrum.frequencies.first { $0 > 0 } ?? requested.lowerBound
        let last = spectrum.frequencies.last ?? requested.upperBound
        let low = max(requested.lowerBound, first)
        let high = min(requested.upperBound, last)
        let color = CategoricalPalette.color(at: index)
        do {
            guard low < high else {
                throw DSPError.invalidParameter(
                    name: "fit range", value: "\(formatHertz(low))–\(formatHertz(high)) Hz",
                    expected: "inside the plotted spectrum")
            }
            var settings = SpectralFitSettings()
            settings.aperiodicMode = aperiodic.mode
            let model = try spectrum.spectralModel(in: low...high, settings: settings)
            let frequencies = spectrum.frequencies.filter { $0 >= low && $0 <= high }
            let curve = PSDCurve(
                label: "", frequencies: frequencies,
                power: frequencies.map { model.aperiodicPower(at: $0) }, color: color)
            let markers = model.peaks.map { peak in
                PSDPeakMarker(
                    frequency: peak.centerFrequency,
                    power: model.modelPower(at: peak.centerFrequency),
                    label: "\(formatDecimal(peak.centerFrequency)) Hz", color: color)
            }
            return (curve, markers)
        } catch {
            let message = "warning: \(file): channel \(spectrum.label): fit skipped: \(error)\n"
            FileHandle.standardError.write(Data(message.utf8))
            return nil
        }
    }
}

/// `value` with one decimal (`10.2`), for peak labels.
private func formatDecimal(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    let whole = Int(tenths / 10)
    let fraction = Int(abs(tenths).truncatingRemainder(dividingBy: 10))
    return "\(tenths < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
}
