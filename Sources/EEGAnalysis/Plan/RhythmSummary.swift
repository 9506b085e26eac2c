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

    /// One summary for a recording analysed in chunks (batch, report): available only when
    /// every chunk was (else the first chunk's reason); the largest z; the fraction above the
    /// threshold weighted by chunk duration; high when that fraction exceeds
    /// ``EEGDSP/MuscleIndex`` 's 1 %. Nil without chunks.
    public static func combined(_ chunks: [(summary: MuscleSummary, duration: Seconds)])
        -> MuscleSummary?
    {
        guard let first = chunks.first?.summary else { return nil }
        if chunks.count == 1 { return first }
        if let missing = chunks.first(where: { !$0.summary.available }) {
            return missing.summary
        }
        let total = chunks.map(\.duration).reduce(0, +)
        let fraction = total > 0
            ? chunks.map { ($0.summary.fractionAboveThreshold ?? 0) * $0.duration }
                .reduce(0, +) / total
            : 0
        var result = first
        result.maximumZ = chunks.compactMap(\.summary.maximumZ).max()
        result.fractionAboveThreshold = fraction
        result.high = fraction > MuscleIndex.highFraction
        return result
    }
}

/// What happened to a channel in a detection run (the contract's `status`).
public enum ChannelStatus: String, Codable, Sendable, Equatable, Hashable {
    /// Analysed: peak, band power and episodes are filled in.
    case analysed
    /// Left out: not one of the analysed channel types, or marked bad (see `reason`).
    case excluded
    /// Could not be analysed: the band lies outside the usable passband, the channel is too
    /// short, its fit failed… (see `reason`).
    case unavailable
}

/// One channel's results.
public struct ChannelSummary: Codable, Sendable, Equatable {
    /// The channel label.
    public var name: String
    /// The channel type (`eeg`, `eog`, `ecg`, `emg`, `resp`, `misc`, `status`).
    public var type: ChannelType
    /// Whether the channel was analysed, excluded or could not be analysed.
    public var status: ChannelStatus
    /// Why it was excluded or unavailable, or why its band was clipped; nil otherwise.
    public var reason: String?
    /// Its sampling rate in Hz.
    public var samplingRateHz: Double
    /// The band actually analysed [low, high] in Hz, after clipping to the usable passband;
    /// nil when the channel was not analysed.
    public var bandHz: [Double]?
    /// The channel's usable passband [low, high] in Hz (declared/detected filters and Nyquist
    /// with their margins, see `UsablePassband`); nil for excluded channels.
    public var usablePassbandHz: [Double]?
    /// What limits the passband's upper edge (e.g. "low-pass 45 Hz declared by the file").
    public var passbandLimit: String?
    /// The physical unit of the samples (band power is in this unit squared).
    public var unit: String
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
    /// With `--artefact-episodes flag`: how many of the episodes overlap an artefact.
    public var episodesOnArtefacts: Int? = nil
    /// With `--artefact-episodes reject` (the default): how many episodes were dropped for
    /// overlapping an artefact (nil otherwise).
    public var episodesRejected: Int? = nil
    /// Why the channel could not be analysed, or nil (also in `reason`).
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case name, type, status, reason, unit, peak, aperiodic, episodes, error
        case samplingRateHz = "sampling_rate_hz"
        case bandHz = "band_hz"
        case usablePassbandHz = "usable_passband_hz"
        case passbandLimit = "passband_limit"
        case bandPower = "band_power"
        case episodesPerMinute = "episodes_per_minute"
        case fractionInEpisodes = "fraction_in_episodes"
        case medianSNRDecibels = "median_snr_db"
        case finding
        case broadbandRiseFraction = "broadband_rise_fraction"
        case artefacts
        case episodesOnArtefacts = "episodes_on_artefacts"
        case episodesRejected = "episodes_rejected_on_artefacts"
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

    /// Every key is written, `null` when there is no value, so that the shape is the same for
    /// analysed, excluded and unavailable channels.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(status, forKey: .status)
        try container.encode(reason, forKey: .reason)
        try container.encode(samplingRateHz, forKey: .samplingRateHz)
        try container.encode(unit, forKey: .unit)
        try container.encode(bandHz, forKey: .bandHz)
        try container.encode(usablePassbandHz, forKey: .usablePassbandHz)
        try container.encode(passbandLimit, forKey: .passbandLimit)
        try container.encode(peak ?? PeakSummary.none, forKey: .peak)
        try container.encode(aperiodic, forKey: .aperiodic)
        try container.encode(bandPower, forKey: .bandPower)
        try container.encode(episodes, forKey: .episodes)
        try container.encode(episodesPerMinute, forKey: .episodesPerMinute)
        try container.encode(fractionInEpisodes, forKey: .fractionInEpisodes)
        try container.encode(medianSNRDecibels, forKey: .medianSNRDecibels)
        try container.encode(finding, forKey: .finding)
        try container.encode(broadbandRiseFraction, forKey: .broadbandRiseFraction)
        try container.encode(artefacts, forKey: .artefacts)
        try container.encode(episodesOnArtefacts, forKey: .episodesOnArtefacts)
        try container.encode(episodesRejected, forKey: .episodesRejected)
        try container.encodeIfPresent(error, forKey: .error)
    }

    /// An entry with no results yet (status as given, counts zero).
    init(signal: Signal, status: ChannelStatus, reason: String?) {
        name = signal.label
        type = signal.channelType
        self.status = status
        self.reason = reason
        samplingRateHz = signal.sampleRate
        unit = signal.unit
        episodes = 0
        episodesPerMinute = 0
        fractionInEpisodes = 0
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
    /// (``SpectralModel/heightAboveFlanks(of:)``); nil when both flanks lie outside the fit.
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
    /// (``SpectralModel/significantPeakHeight(minimum:noiseMultiple:estimationNoise:)``);
    /// nil for a channel that was not analysed.
    public var minimumHeightLog10: Double?
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

    /// No peak: what excluded and unavailable channels report (`present` false, values null).
    static let none = PeakSummary(
        present: false, frequencyHz: nil, heightLog10: nil, heightDecibels: nil,
        bandwidthHz: nil, minimumHeightLog10: nil, noiseLog10: nil)

    init(
        present: Bool, frequencyHz: Double?, heightLog10: Double?, heightDecibels: Double?,
        bandwidthHz: Double?, heightAboveFlanksLog10: Double? = nil,
        maximumBandwidthHz: Double? = nil, rejection: String? = nil,
        minimumHeightLog10: Double?, noiseLog10: Double?
    ) {
        self.heightAboveFlanksLog10 = heightAboveFlanksLog10
        self.maximumBandwidthHz = maximumBandwidthHz
        self.rejection = rejection
        self.present = present
        self.frequencyHz = frequencyHz
        self.heightLog10 = heightLog10
        self.heightDecibels = heightDecibels
        self.bandwidthHz = bandwidthHz
        self.minimumHeightLog10 = minimumHeightLog10
        self.noiseLog10 = noiseLog10
    }

    /// Every key is written, `null` when there is no value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(present, forKey: .present)
        try container.encode(frequencyHz, forKey: .frequencyHz)
        try container.encode(heightDecibels, forKey: .heightDecibels)
        try container.encode(heightLog10, forKey: .heightLog10)
        try container.encode(bandwidthHz, forKey: .bandwidthHz)
        try container.encode(heightAboveFlanksLog10, forKey: .heightAboveFlanksLog10)
        try container.encode(maximumBandwidthHz, forKey: .maximumBandwidthHz)
        try container.encode(rejection, forKey: .rejection)
        try container.encode(minimumHeightLog10, forKey: .minimumHeightLog10)
        try container.encode(noiseLog10, forKey: .noiseLog10)
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
/// 2 s), its background fit within the usable passband and the rhythm's peak: what `detect`
/// and `compare` report.
struct RhythmSpectrum {
    /// A channel's Welch PSD and the number of segments it averaged.
    struct Welch {
        let spectrum: Spectrum
        let segmentCount: Int
    }

    let spectrum: Spectrum
    let model: SpectralModel
    let peak: PeakSummary

    /// The Welch PSD of `signal` inside its gap-free `stretches`.
    /// - Throws: The spectral error of the channel.
    static func welch(_ signal: Signal, stretches: [Range<Int>]) throws -> Welch {
        let longest = stretches.map(\.count).max() ?? signal.count
        let options = WelchOptions(
            segment: .duration(min(2, Double(longest) / signal.sampleRate)))
        return Welch(
            spectrum: try signal.powerSpectrum(method: .welch(options), stretches: stretches),
            segmentCount: try options.segmentCount(
                sampleRate: signal.sampleRate, stretches: stretches))
    }

    /// Fits the background of `measured` over the detector's fit range limited to `usable`
    /// (the PSD is trimmed to the usable passband first, so a filter's shoulder never enters
    /// the fit), and finds the rhythm's peak.
    /// - Throws: The fitting error of the channel.
    init(
        _ measured: Welch, sampleRate: Hertz, detector: EpisodeDetector, usable: UsablePassband,
        minimumPeakHeight: Double
    ) throws {
        spectrum = measured.spectrum
        model = try detector.backgroundModel(
            of: measured.spectrum.trimmed(to: usable.low, usable.high), sampleRate: sampleRate)
        peak = PeakSummary(
            model: model, band: detector.settings.band, minimumHeight: minimumPeakHeight,
            welchSegments: measured.segmentCount,
            lineFrequencies: detector.settings.lineFrequencies)
    }

    /// ``welch(_:stretches:)`` then the fit, with the passband the signal declares.
    /// - Throws: The spectral or fitting error of the channel.
    init(
        _ signal: Signal, detector: EpisodeDetector, stretches: [Range<Int>],
        minimumPeakHeight: Double
    ) throws {
        try self.init(
            Self.welch(signal, stretches: stretches), sampleRate: signal.sampleRate,
            detector: detector,
            usable: UsablePassband(sampleRate: signal.sampleRate, declared: signal.declared.passband),
            minimumPeakHeight: minimumPeakHeight)
    }
}
