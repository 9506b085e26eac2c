import EEGCore
import EEGDSP

/// The `--summary` JSON of `eegscope detect`: one entry per file, one per channel.
///
/// Schema (documented in docs/detection.md): `{"schema", "rhythm", "method", "thresholds",
/// "minimum_cycles", "caveats", "files": [FileSummary]}`. Keys are snake_case; frequencies in Hz,
/// times in seconds, power in the file's unit squared, heights in log10 power and dB.
public struct RhythmSummary: Codable, Sendable, Equatable {
    /// `eegscope.detect.summary/1`.
    public var schema = "eegscope.detect.summary/1"
    /// `delta3`, `gamma` or `LOW-HIGH`.
    public var rhythm: String
    /// `bosc` or `dual`.
    public var method: String
    /// The thresholds used (see ``ThresholdSummary``).
    public var thresholds: ThresholdSummary
    /// The shortest episode in cycles of its own frequency.
    public var minimumCycles: Double
    /// The half-maximum fraction of the spatial rule, or nil when it was off.
    public var spatialExtentFraction: Double?
    /// What scalp EEG can and cannot show for this rhythm.
    public var caveats: [String]
    /// One entry per input file.
    public var files: [FileSummary]

    enum CodingKeys: String, CodingKey {
        case schema, rhythm, method, thresholds, caveats, files
        case minimumCycles = "minimum_cycles"
        case spatialExtentFraction = "spatial_extent_fraction"
    }

    public init(
        rhythm: String, method: String, thresholds: ThresholdSummary, minimumCycles: Double,
        spatialExtentFraction: Double?, caveats: [String], files: [FileSummary]
    ) {
        self.rhythm = rhythm
        self.method = method
        self.thresholds = thresholds
        self.minimumCycles = minimumCycles
        self.spatialExtentFraction = spatialExtentFraction
        self.caveats = caveats
        self.files = files
    }
}

/// The thresholds of a detection run.
public struct ThresholdSummary: Codable, Sendable, Equatable {
    /// For `bosc`: `percentile of background power`; for `dual`: `multiple of median amplitude`
    /// (or `… mean …`, `… power`).
    public var kind: String
    /// The threshold an episode must reach.
    public var high: Double
    /// The threshold an episode extends down to.
    public var low: Double
}

/// One file's results.
public struct FileSummary: Codable, Sendable, Equatable {
    /// The path as given.
    public var file: String
    /// The recording's duration in seconds.
    public var durationSeconds: Double
    /// The mains frequency found (or given) in Hz, nil when none.
    public var lineNoiseHz: Double?
    /// Notes such as a clipped gamma band or a high muscle index.
    public var warnings: [String]
    /// The muscle index (gamma only; nil for other rhythms).
    public var muscle: MuscleSummary?
    /// One entry per analysed channel.
    public var channels: [ChannelSummary]

    enum CodingKeys: String, CodingKey {
        case file, warnings, muscle, channels
        case durationSeconds = "duration_s"
        case lineNoiseHz = "line_noise_hz"
    }
}

/// The muscle index of a file (MNE `annotate_muscle_zscore` method, see `MuscleIndex`).
public struct MuscleSummary: Codable, Sendable, Equatable {
    /// Whether it could be computed.
    public var available: Bool
    /// Why not, when not available.
    public var reason: String?
    /// [110, 140] Hz.
    public var bandHz: [Double]
    /// The z threshold (4).
    public var thresholdZ: Double
    /// The largest smoothed z-score.
    public var maximumZ: Double?
    /// The fraction of time above the threshold.
    public var fractionAboveThreshold: Double?
    /// Whether that fraction exceeds 1 %.
    public var high: Bool?

    enum CodingKeys: String, CodingKey {
        case available, reason, high
        case bandHz = "band_hz"
        case thresholdZ = "threshold_z"
        case maximumZ = "max_z"
        case fractionAboveThreshold = "fraction_above_threshold"
    }
}

/// One channel's results.
public struct ChannelSummary: Codable, Sendable, Equatable {
    /// The channel label.
    public var name: String
    /// Its sampling rate in Hz.
    public var samplingRateHz: Double
    /// The analysed band [low, high] in Hz (gamma may be clipped below Nyquist).
    public var bandHz: [Double]
    /// The spectral peak of the rhythm above the aperiodic fit.
    public var peak: PeakSummary?
    /// The aperiodic fit.
    public var aperiodic: AperiodicSummary?
    /// Band power from the Welch PSD (Simpson's rule), in unit².
    public var bandPower: Double?
    /// The number of episodes.
    public var episodes: Int
    /// Episodes per minute.
    public var episodesPerMinute: Double
    /// The fraction of time inside episodes, in [0, 1].
    public var fractionInEpisodes: Double
    /// The median episode SNR in dB, nil without episodes.
    public var medianSNRDecibels: Double?
    /// What the channel shows in the band: `narrowband oscillation` (a present peak or
    /// episodes), `broadband change` (the band's sub-bands rose together for at least 10 % of
    /// the time, or an in-band "peak" was rejected as broadband or as a step, with no
    /// narrowband evidence) or `none`. See ``ChannelSummary/finding(peak:episodes:broadbandRiseFraction:)``.
    public var finding: String? = nil
    /// The fraction of time the band's sub-bands stood together at least 1 dB above the
    /// aperiodic background (``EEGDSP/BroadbandLevel``); nil for single-band rhythms.
    public var broadbandRiseFraction: Double? = nil
    /// The number of artefacts found on the channel (nil when not looked for).
    public var artefacts: Int? = nil
    /// With `--artefacts-episodes flag`: how many of the episodes overlap an artefact.
    public var episodesOnArtefacts: Int? = nil
    /// Why the channel could not be analysed, or nil.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case name, peak, aperiodic, episodes, error
        case samplingRateHz = "sampling_rate_hz"
        case bandHz = "band_hz"
        case bandPower = "band_power"
        case episodesPerMinute = "episodes_per_minute"
        case fractionInEpisodes = "fraction_in_episodes"
        case medianSNRDecibels = "median_snr_db"
        case finding
        case broadbandRiseFraction = "broadband_rise_fraction"
        case artefacts
        case episodesOnArtefacts = "episodes_on_artefacts"
    }

    /// The least fraction of time with a raised broadband level that counts as a broadband
    /// change (0.1).
    public static let broadbandFractionThreshold = 0.1

    /// `narrowband oscillation`, `broadband change` or `none` (see ``finding``).
    public static func finding(peak: PeakSummary?, episodes: Int, broadbandRiseFraction: Double?)
        -> String
    {
        if peak?.present == true || episodes > 0 { return "narrowband oscillation" }
        if let fraction = broadbandRiseFraction, fraction >= broadbandFractionThreshold {
            return "broadband change"
        }
        if let rejection = peak?.rejection,
            rejection == "broadband" || rejection == "not above its flanks"
        {
            return "broadband change"
        }
        return "none"
    }
}

/// Whether a spectral peak of the rhythm stands above the aperiodic background.
public struct PeakSummary: Codable, Sendable, Equatable {
    /// True when the fit has a narrowband peak centred in the band: its height above its own
    /// flanks is at least ``minimumHeightLog10`` and its bandwidth at most
    /// ``maximumBandwidthHz``.
    public var present: Bool
    /// The strongest in-band peak's centre in Hz (also when below the minimum height).
    public var frequencyHz: Double?
    /// Its height above the aperiodic fit in log10 power.
    public var heightLog10: Double?
    /// The same in dB (10 × log10 height).
    public var heightDecibels: Double?
    /// Its bandwidth in Hz (2 × Gaussian SD, as FOOOF).
    public var bandwidthHz: Double?
    /// Its height above the flattened spectrum on its flanks, in log10 power
    /// (``SpectralModel/heightAboveFlanks(of:)``); nil when a flank lies outside the fit.
    public var heightAboveFlanksLog10: Double?
    /// The widest peak that counts as narrowband at its frequency, in Hz
    /// (``SpectralModel/maximumNarrowbandWidth(at:)``).
    public var maximumBandwidthHz: Double?
    /// Why an in-band peak is not `present`: `below minimum height`, `broadband` (too wide),
    /// `not above its flanks` (a step or a misfit of the background, not a peak) or
    /// `at the fit edge`; nil when present or when there is no peak.
    public var rejection: String?
    /// The minimum height for `present`, in log10 power: the larger of the configured floor
    /// and 5 × ``noiseLog10``
    /// (``SpectralModel/significantPeakHeight(minimum:noiseMultiple:estimationNoise:)``).
    public var minimumHeightLog10: Double
    /// The spectrum's noise in log10 power: the larger of its residual scatter around the fit
    /// (robust SD) and the expected scatter of its Welch estimate.
    public var noiseLog10: Double?

    enum CodingKeys: String, CodingKey {
        case present
        case frequencyHz = "frequency_hz"
        case heightLog10 = "height_log10"
        case heightDecibels = "height_db"
        case bandwidthHz = "bandwidth_hz"
        case heightAboveFlanksLog10 = "height_above_flanks_log10"
        case maximumBandwidthHz = "maximum_bandwidth_hz"
        case rejection
        case minimumHeightLog10 = "minimum_height_log10"
        case noiseLog10 = "noise_log10"
    }

    /// The strongest peak of `model` centred in `band` and more than 2.5 Hz from every mains
    /// harmonic, judged against `model.significantPeakHeight(minimum:estimationNoise:)`: it is
    /// present when it is narrowband (``SpectralModel/maximumNarrowbandWidth(at:)``) and its
    /// height above its own flanks (``SpectralModel/heightAboveFlanks(of:)``) reaches that bar.
    ///
    /// - Parameters:
    ///   - model: A FOOOF-style fit of the span's PSD.
    ///   - band: The rhythm's band in Hz.
    ///   - minimumHeight: The absolute floor in log10 power (default 0.1).
    ///   - welchSegments: The number of segments the PSD averaged (for its expected scatter).
    ///   - lineFrequencies: Mains frequencies in Hz; peaks near their first 8 harmonics are
    ///     ignored.
    public init(
        model: SpectralModel, band: FrequencyBand, minimumHeight: Double, welchSegments: Int,
        lineFrequencies: [Hertz] = []
    ) {
        let excluded = lineFrequencies.flatMap { base in (1...8).map { Double($0) * base } }
        let candidates = model.peaks(in: band).filter { peak in
            !excluded.contains { abs($0 - peak.centerFrequency) <= 2.5 }
        }
        let best = candidates.max { $0.power < $1.power }
        let estimation = SpectralModel.welchEstimationNoise(segmentCount: welchSegments)
        let threshold = model.significantPeakHeight(
            minimum: minimumHeight, estimationNoise: estimation)
        noiseLog10 = max(model.residualNoise, estimation)
        minimumHeightLog10 = threshold
        frequencyHz = best?.centerFrequency
        heightLog10 = best?.power
        heightDecibels = best?.powerDecibels
        bandwidthHz = best?.bandwidth
        present = false
        guard let best else { return }
        let widest = SpectralModel.maximumNarrowbandWidth(at: best.centerFrequency)
        maximumBandwidthHz = widest
        let aboveFlanks = model.heightAboveFlanks(of: best)
        heightAboveFlanksLog10 = aboveFlanks
        if best.power < threshold {
            rejection = "below minimum height"
        } else if best.bandwidth > widest {
            rejection = "broadband"
        } else if let aboveFlanks {
            if aboveFlanks < threshold { rejection = "not above its flanks" } else { present = true }
        } else {
            rejection = "at the fit edge"
        }
    }
}

/// The fitted aperiodic component.
public struct AperiodicSummary: Codable, Sendable, Equatable {
    /// `fixed` or `knee`: the mode chosen from the data
    /// (``EEGDSP/EpisodeDetector/kneeChoice(fixed:knee:)``).
    public var mode: String?
    public var offset: Double
    public var exponent: Double
    public var knee: Double?
    /// The fitted range [low, high] in Hz.
    public var fitRangeHz: [Double]
    public var rSquared: Double

    enum CodingKeys: String, CodingKey {
        case mode, offset, exponent, knee
        case fitRangeHz = "fit_range_hz"
        case rSquared = "r_squared"
    }
}

/// The Welch PSD of one channel or span (2 s segments, shorter when no gap-free stretch holds
/// 2 s), its background fit and the rhythm's peak: what `detect` and `compare` report.
struct RhythmSpectrum {
    let spectrum: Spectrum
    let model: SpectralModel
    let peak: PeakSummary

    /// - Throws: The spectral or fitting error of the channel.
    init(
        _ signal: Signal, detector: EpisodeDetector, stretches: [Range<Int>],
        minimumPeakHeight: Double
    ) throws {
        let longest = stretches.map(\.count).max() ?? signal.count
        let options = WelchOptions(
            segment: .duration(min(2, Double(longest) / signal.sampleRate)))
        spectrum = try signal.powerSpectrum(method: .welch(options), stretches: stretches)
        model = try detector.backgroundModel(of: spectrum, sampleRate: signal.sampleRate)
        peak = PeakSummary(
            model: model, band: detector.settings.band, minimumHeight: minimumPeakHeight,
            welchSegments: try options.segmentCount(
                sampleRate: signal.sampleRate, stretches: stretches),
            lineFrequencies: detector.settings.lineFrequencies)
    }
}
