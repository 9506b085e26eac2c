import ArgumentParser
import EEGAnalysis
import EEGCore
import EEGDSP
import Foundation

/// `eegscope fit`: spectral parameterization (FOOOF / specparam model) of each channel's PSD.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit the aperiodic (1/f) component and oscillatory peaks of each channel's PSD.",
        discussion: """
            The model and algorithm are FOOOF 1.1's (Donoghue et al. 2020): log10 PSD = \
            offset - log10(knee + f^exponent) + Gaussian peaks, with the same defaults \
            (peak widths 0.5-12 Hz, unlimited peaks, minimum height 0, threshold 2 SD, fixed \
            mode). The PSD is Welch's (Hann, 50 % overlap, --segment seconds). Peak power is \
            log10 above the aperiodic fit; bandwidth is 2 x the Gaussian SD. A channel whose \
            fit fails is reported with a "failure" reason (and a warning on stderr) while the \
            others are still fitted; the command fails only when no channel can be fitted. \
            Line-noise masking is off by default (the default 1-40 Hz range excludes mains); \
            use --mask-line-noise 50|60 when fitting above 45 Hz. \
            See docs/spectral-parameterization.md.
            """)

    @Argument(help: "An EDF/BDF file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var reference: ReferenceOptions

    @Option(help: ArgumentHelp(
        "Usable passband in Hz, replacing the declared filters (e.g. 0.5-45); the fit range "
            + "is limited to LOW x 2 ... HIGH x 0.9.", valueName: "low-high"))
    var passband: PassbandArgument?

    @Option(help: ArgumentHelp("Lowest frequency to fit, in Hz.", valueName: "hz"))
    var fmin: Double = SpectralModelFitter.defaultFrequencyRange.lowerBound

    @Option(help: ArgumentHelp(
        "Highest frequency to fit, in Hz (default: 40, or the channel's highest PSD bin).",
        valueName: "hz"))
    var fmax: Double?

    @Option(help: "Aperiodic mode: fixed (straight line in log-log) or knee.")
    var aperiodic: AperiodicMode = .fixed

    @Option(help: ArgumentHelp("Maximum number of peaks (default: unlimited).", valueName: "n"))
    var maxPeaks: Int?

    @Option(help: ArgumentHelp(
        "Relative peak threshold, in standard deviations of the flattened spectrum.",
        valueName: "sd"))
    var peakThreshold: Double = 2

    @Option(help: ArgumentHelp(
        "Absolute minimum peak height above the aperiodic fit, in log10 power.",
        valueName: "log10"))
    var minPeakHeight: Double = 0

    @Option(help: ArgumentHelp(
        "Allowed peak bandwidths LOW-HIGH in Hz (2 x Gaussian SD).", valueName: "low-high"))
    var peakWidthLimits: String = "0.5-12"

    @Option(help: ArgumentHelp(
        "Leave out bins near this mains frequency and its harmonics (50 or 60; default: off).",
        valueName: "hz"))
    var maskLineNoise: Double?

    @Option(help: ArgumentHelp(
        "Half-width of each line-noise window, in Hz.", valueName: "hz"))
    var lineNoiseWidth: Double = 3

    @Option(help: ArgumentHelp("Welch segment length, in seconds.", valueName: "seconds"))
    var segment: Double = 2

    @Option(help: "Output format: json (the contract's document) or text (a readable report).")
    var format: FitFormat = .json

    @Option(name: .shortAndLong, help: .standardOutput("Write here"), completion: .file())
    var output: String?

    func validate() throws {
        guard fmin.isFinite, fmin >= 0 else {
            throw ValidationError("--fmin must be a non-negative frequency, got \(fmin)")
        }
        if let fmax, !(fmax.isFinite && fmax > fmin) {
            throw ValidationError("--fmax (\(fmax) Hz) must be above --fmin (\(fmin) Hz)")
        }
        if let maxPeaks, maxPeaks < 0 {
            throw ValidationError("--max-peaks must be 0 or more, got \(maxPeaks)")
        }
        guard segment.isFinite, segment > 0 else {
            throw ValidationError(
                "--segment must be a positive duration in seconds, got \(segment)")
        }
        _ = try settings()
    }

    /// The fit settings from the flags; errors read as the flag's problem.
    func settings() throws -> SpectralFitSettings {
        let widths = try Self.parseRange(peakWidthLimits, flag: "--peak-width-limits")
        var settings = SpectralFitSettings(
            peakWidthLimits: widths, maximumPeakCount: maxPeaks, minimumPeakHeight: minPeakHeight,
            peakThreshold: peakThreshold, aperiodicMode: aperiodic)
        if let maskLineNoise {
            do {
                settings.lineNoiseMask = try LineNoiseMask(
                    frequency: maskLineNoise, halfWidth: lineNoiseWidth)
            } catch {
                throw ValidationError("--mask-line-noise/--line-noise-width: \(error)")
            }
        }
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
        return settings
    }

    static func parseRange(_ text: String, flag: String) throws -> ClosedRange<Hertz> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]),
            low.isFinite, high.isFinite, low < high
        else {
            throw ValidationError("\(flag) must be LOW-HIGH in Hz with LOW < HIGH, got '\(text)'")
        }
        return low...high
    }

    func run() throws {
        try refuseOverwriting(inputs: [file], outputs: [output])
        let settings = try settings()
        let method = PSDMethod.welch(segmentDuration: segment)
        let (signals, spectra) = try withFile(file) {
            try recording.channelSpectra(file, reference: reference, method: method)
        }
        let channels = try withFile(file) { () throws -> [FitDocument.Channel] in
            guard !signals.isEmpty else {
                throw DSPError.emptyInput(what: "the recording's channel list")
            }
            // The fit range stays inside every channel's usable passband (declared filters or
            // --passband, and the Nyquist margin).
            let usable = signals.map {
                UsablePassband(
                    sampleRate: $0.sampleRate, declared: $0.declared.passband,
                    user: passband?.passband)
            }
            var low = fmin
            var high = fmax
            if let limit = usable.filter({ $0.limiting != nil }).min(by: { $0.high < $1.high }),
                limit.high < (fmax ?? SpectralModelFitter.defaultFrequencyRange.upperBound)
            {
                high = UsablePassband.rounded(limit.high)
                FileHandle.standardError.write(Data(("eegscope: warning: \(file): fit range "
                    + "limited to \(formatHertz(high ?? 0)) Hz: \(limit.highReason)\n").utf8))
            }
            if let floor = usable.map(\.low).max(), floor > low {
                low = floor
                FileHandle.standardError.write(Data(("eegscope: warning: \(file): fit range "
                    + "starts at \(formatHertz(floor)) Hz (declared high-pass)\n").utf8))
            }
            let fitter = SpectralModelFitter(settings: settings)
            let range = (low: low, high: high)
            let models = try Parallel.map(spectra.count) { index in
                Result { try fitter.fit(spectra[index].get(), from: range.low, to: range.high) }
            }
            return zip(signals, models).map { signal, result in
                switch result {
                case let .success(model):
                    return FitDocument.Channel(signal: signal, model: model)
                case let .failure(error):
                    return FitDocument.Channel(signal: signal, failure: "\(error)")
                }
            }
        }
        let failed = channels.filter { $0.failure != nil }
        if failed.count == channels.count, let first = failed.first {
            throw CommandFailure(
                message: "\(file): no channel could be fitted (\(first.name): "
                    + "\(first.failure ?? ""))")
        }
        for channel in failed {
            FileHandle.standardError.write(Data(
                "eegscope: warning: \(file): channel \(channel.name): \(channel.failure ?? "")\n"
                    .utf8))
        }
        let text: String
        switch format {
        case .json:
            text = try JSONOutput.encode(FitDocument(
                file: file, settings: settings, segment: segment, channels: channels))
        case .text:
            text = try reportText(channels: channels, settings: settings)
        }
        try OutputSink.write(text, to: output)
    }

    private func reportText(
        channels: [FitDocument.Channel], settings: SpectralFitSettings
    ) throws -> String {
        var blocks: [String] = []
        for channel in channels {
            if let report = channel.report {
                blocks.append(report)
            } else {
                blocks.append("Spectral model: \(channel.name): failed: \(channel.failure ?? "")")
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}

/// `--format json|text` of `eegscope fit`.
enum FitFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case text
}

extension AperiodicMode: ExpressibleByArgument {}

/// The JSON document of `eegscope fit` (contract: `{"channels": [{"name", "aperiodic":
/// {"offset", "knee", "exponent"}, "peaks": [{"frequency_hz", "power", "bandwidth_hz"}],
/// "r_squared", "error"}]}` plus `file`, settings and per-channel details).
struct FitDocument: Encodable {
    /// A channel's JSON object (shared with `batch`, plus `excluded_line_noise_bins`) and,
    /// not encoded, its text report for `--format text`.
    struct Channel: Encodable {
        let json: SpectralModelJSON.Channel
        let report: String?

        init(signal: Signal, model: SpectralModel) {
            json = SpectralModelJSON.Channel(
                name: signal.label, samplingRateHz: signal.sampleRate, model: model,
                includesExcludedBins: true)
            report = model.report()
        }

        init(signal: Signal, failure: String) {
            json = SpectralModelJSON.Channel(
                name: signal.label, samplingRateHz: signal.sampleRate, failure: failure,
                includesExcludedBins: true)
            report = nil
        }

        var name: String { json.name }
        var failure: String? { json.failure }

        func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
    }

    struct Settings: Encodable {
        let fit: SpectralModelJSON.Settings
        let lineNoiseHalfWidthHz: Double?
        let welchSegmentS: Double

        func encode(to encoder: any Encoder) throws {
            try fit.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lineNoiseHalfWidthHz, forKey: .lineNoiseHalfWidthHz)
            try container.encode(welchSegmentS, forKey: .welchSegmentS)
        }

        enum CodingKeys: String, CodingKey {
            case lineNoiseHalfWidthHz = "line_noise_half_width_hz"
            case welchSegmentS = "welch_segment_s"
        }
    }

    let file: String
    let settings: Settings
    let channels: [Channel]

    init(file: String, settings: SpectralFitSettings, segment: Seconds, channels: [Channel]) {
        self.file = file
        self.settings = Settings(
            fit: SpectralModelJSON.Settings(settings),
            lineNoiseHalfWidthHz: settings.lineNoiseMask?.halfWidth, welchSegmentS: segment)
        self.channels = channels
    }
}
