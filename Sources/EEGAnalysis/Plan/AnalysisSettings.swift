import EEGCore
import EEGDSP

/// What the batch, report and demo pipelines compute for each recording.
///
/// Defaults: the contract's five bands, Welch PSD with 2 s periodic-Hann segments and 50 %
/// overlap (`scipy.signal.welch` semantics), a FOOOF 1.1 fit (fixed aperiodic mode) over
/// 1–40 Hz, and episode detection of the `delta3` and `gamma` rhythms.
///
/// ```swift
/// var settings = AnalysisSettings()
/// settings.bands = try FrequencyBand.parseList("alpha=8-13,beta=13-30")
/// ```
public struct AnalysisSettings: Sendable, Equatable {
    /// The bands of `bandpower.csv` (default: delta 1–4, theta 4–8, alpha 8–13, beta 13–30,
    /// gamma 30–80 Hz).
    public var bands: [FrequencyBand]
    /// The Welch segment length in seconds (default 2 s: 0.5 Hz resolution).
    public var segmentDuration: Seconds
    /// The range of the spectral-model fit in Hz (default 1–40 Hz); where a channel's PSD ends
    /// lower, the fit stops at its highest bin.
    public var fitRange: ClosedRange<Hertz>
    /// The spectral-model settings (default FOOOF 1.1's).
    public var fitSettings: SpectralFitSettings
    /// The rhythms whose episodes are detected (default `delta3` and `gamma`).
    public var rhythms: [Rhythm]
    /// The sampling rate of CSV inputs in Hz (CSV files carry none), or `nil`.
    public var csvSampleRate: Hertz?
    /// Which channels band-power rows, fits and detection use (default: EEG, not bad).
    public var screening: ChannelScreening = ChannelScreening()
    /// How each channel's usable passband is found (default: declared ∩ detected ∩ Nyquist).
    public var passband: PassbandPolicy = PassbandPolicy()

    /// Creates settings; see the properties for the defaults.
    public init(
        bands: [FrequencyBand] = FrequencyBand.standard, segmentDuration: Seconds = 2,
        fitRange: ClosedRange<Hertz> = 1...40, fitSettings: SpectralFitSettings = .init(),
        rhythms: [Rhythm] = [.delta3, .gamma], csvSampleRate: Hertz? = nil
    ) {
        self.bands = bands
        self.segmentDuration = segmentDuration
        self.fitRange = fitRange
        self.fitSettings = fitSettings
        self.rhythms = rhythms
        self.csvSampleRate = csvSampleRate
    }

    /// The Welch parameters used for every channel.
    public var welchOptions: WelchOptions { WelchOptions(segment: .duration(segmentDuration)) }

    /// Throws ``AnalysisError/invalidParameter(name:value:expected:)`` for a setting out of
    /// range.
    public func validate() throws {
        guard !bands.isEmpty else {
            throw AnalysisError.invalidParameter(
                name: "bands", value: "(none)", expected: "at least one band")
        }
        guard segmentDuration.isFinite, segmentDuration > 0 else {
            throw AnalysisError.invalidParameter(
                name: "segment duration", value: "\(segmentDuration) s", expected: "> 0 s")
        }
        let low = fitRange.lowerBound
        let high = fitRange.upperBound
        guard low.isFinite, high.isFinite, low >= 0, low < high else {
            throw AnalysisError.invalidParameter(
                name: "fit range", value: "\(formatHertz(low))–\(formatHertz(high)) Hz",
                expected: "0 ≤ low < high")
        }
        if let rate = csvSampleRate, !(rate.isFinite && rate > 0) {
            throw AnalysisError.invalidParameter(
                name: "CSV sampling rate", value: "\(rate) Hz", expected: "> 0 Hz")
        }
        do {
            try fitSettings.validate()
        } catch {
            throw AnalysisError.invalidParameter(
                name: "fit settings", value: "\(error)", expected: "valid FOOOF settings")
        }
    }

    /// A one-line text naming every setting that changes the results, with the version of the
    /// analysis; part files computed under another fingerprint are not reused by `--resume`.
    public var fingerprint: String {
        let fit = fitSettings
        let widths = fit.peakWidthLimits
        let mask = fit.lineNoiseMask.map { "\($0.frequency)±\($0.halfWidth)" } ?? "none"
        var fields = [
            "analysis=\(Self.analysisVersion)",
            "bands=\(bands.map(\.description).joined(separator: ","))",
            "welch=hann,\(segmentDuration)s,0.5,constant,mean",
            "fit=\(fitRange.lowerBound)-\(fitRange.upperBound)",
            "mode=\(fit.aperiodicMode.rawValue)",
            "widths=\(widths.lowerBound)-\(widths.upperBound)",
            "peaks=\(fit.maximumPeakCount.map(String.init) ?? "inf")",
            "height=\(fit.minimumPeakHeight)",
            "threshold=\(fit.peakThreshold)",
            "mask=\(mask)",
            "rhythms=\(rhythms.map(\.name).joined(separator: ","))",
            "types=\(screening.types.map(\.rawValue).sorted().joined(separator: ","))"
                + (screening.includesBad ? "+bad" : ""),
            "passband=\(passband.user?.rangeText ?? "auto")"
                + (passband.detectsLowPass ? "" : ",no-detection"),
        ]
        if let rate = csvSampleRate { fields.append("csv-fs=\(rate)") }
        return fields.joined(separator: ";")
    }

    /// Bumped whenever the per-file computation changes, so stale parts are recomputed.
    public static let analysisVersion = 4
}
