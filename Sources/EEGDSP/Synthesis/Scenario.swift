import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A documented recipe for a synthetic multichannel EEG recording with ground truth.
///
/// ```swift
/// var parameters = ScenarioParameters()
/// parameters.seed = 7
/// let result = try Scenario.ketamine.synthesize(parameters)
/// print(result.events.count, result.recording.labels)
/// ```
///
/// Every scenario starts from the same background: on each channel an independent aperiodic
/// 1/f^χ noise (``Signal/powerLawNoise(exponent:duration:sampleRate:knee:level:using:)``) whose
/// expected one-sided PSD at 10 Hz is ``ScenarioParameters/backgroundDensity`` (1 µV²/Hz by
/// default, so a 120 s recording with χ = 1.5 has an RMS of about 26 µV, most of it below
/// 1 Hz). Samples are in µV. Episodes are placed on channels through a Gaussian
/// ``SpatialPattern`` over the scalp; the ground truth lists an episode on every channel where
/// its weight is at least ``truthWeightThreshold``.
///
/// Signal-to-noise ratio (``ScenarioParameters/snr``) is defined per episode at the centre of
/// its spatial pattern: `10·log10((A²/2) / P_band)`, with `A` the episode's peak amplitude at
/// full envelope and `P_band` the expected power of the aperiodic background in the rhythm's
/// detection band (`delta3`: 2–4 Hz, `gamma`: 30–80 Hz), computed in closed form from the
/// background spectrum. Line noise and artifacts are not counted as noise. On a channel with
/// weight `w` the SNR is `snr + 20·log10(w)`, so at least `snr − 6 dB` on every truth channel.
///
/// The random streams of all components derive from ``ScenarioParameters/seed`` and the
/// component's name (e.g. the background of `Pz`), so the same parameters give the same
/// samples, and adding a channel leaves the other channels' backgrounds unchanged.
public enum Scenario: String, CaseIterable, Sendable {
    /// Background only: 1/f^χ noise, χ = ``ScenarioParameters/exponent`` (default 1.5), no
    /// episodes.
    case aperiodic
    /// ~3 Hz bursts (2.5–3.5 Hz, 5–12 cycles with 20 % raised-cosine tapers, so at least 4
    /// cycles above half amplitude and every episode meets the `delta3` definition of ≥ 3
    /// cycles) over the background, each centred on a randomly drawn electrode with a focal
    /// Gaussian spread (``ScenarioParameters/burstSpread``, default
    /// ``defaultBurstSpread`` = 8°).
    ///
    /// Why focal: the truth is scored per channel, and a channel counts as carrying an episode
    /// at half the centre's amplitude or more (``truthWeightThreshold``). With a broad spread
    /// (30°, a full width at half maximum of about 11 cm) the nearest 10-20 neighbours sit at
    /// weights 0.49–0.64, right at that cut, where the amplitude ratio of a few-cycle burst
    /// cannot be measured better than about ±0.15: the labels themselves become a coin flip
    /// and cap channel-level F1 near 0.8 whatever the detector. With 8° (FWHM ≈ 19°, about
    /// 3 cm on a 9 cm head: more focal than the raw scalp field of most cortical sources, as
    /// a surface Laplacian would show it) every other electrode of a 10-20 layout (≥ 18° away)
    /// is at ≤ 0.08 and of a 64-channel 10-10 layout (≥ 11.8° away) at ≤ 0.34, so the truth is
    /// unambiguous and a detection score measures detection. Broader spreads stay available
    /// for studying volume conduction (docs/detection.md has F1 against spread).
    case delta3Bursts = "delta3-bursts"
    /// Gamma bursts (30–80 Hz, 6–15 cycles, avoiding ±4 Hz around the line frequency) over the
    /// background, each on a random electrode with the same focal spread as `delta3-bursts`,
    /// with 50 Hz line noise (and its harmonic at 100 Hz) on every channel.
    case gammaBursts = "gamma-bursts"
    /// A baseline, then a simulated ketamine infusion: ~3 Hz episodes strongest on the
    /// posterior midline (Pz, POz, CPz, Oz), a broadband 30–80 Hz power rise and an alpha fall.
    ///
    /// Literature and assumptions:
    /// - ~3 Hz rhythm: Vesuna et al. 2020, "Deep posteromedial cortical rhythm in dissociation",
    ///   Nature 586:87–94, doi:10.1038/s41586-020-2731-9 — 1–3 Hz in mouse retrosplenial cortex
    ///   and ~3 Hz in one human's deep posteromedial cortex, recorded intracranially. Its
    ///   presence and amplitude on the scalp are **assumptions**: episodes of 2.5–3.5 Hz,
    ///   4–12 cycles, centred between Pz and POz and spread along the midline
    ///   (``Montage/posteriorMidlinePattern``), amplitude set by the SNR (default 10 dB, about
    ///   16 µV peak with the default background).
    /// - Gamma: power rises are reported by Hong et al. 2010 (Neuropsychopharmacology
    ///   35:632–640, doi:10.1038/npp.2009.168; 40–85 Hz), de la Salle et al. 2016
    ///   (J. Psychopharmacol. 30:1232–1242, doi:10.1177/0269881116667668) and Rivolta et al.
    ///   2015 (Front. Hum. Neurosci. 9:520, doi:10.3389/fnhum.2015.00520), without a single
    ///   percentage, so the rise is a parameter (``ScenarioParameters/gammaGain``, default
    ///   +3 dB, an **assumption**), applied to the whole 30–80 Hz band on every channel
    ///   (uniform topography is an **assumption**).
    /// - Alpha: falls by about 1–2 dB over parietal and occipital sites (Vlisides et al. 2018,
    ///   Anesthesiology 129:277–289, doi:10.1097/ALN.0000000000002228); default −1.5 dB
    ///   (``ScenarioParameters/alphaChange``). Alpha is a 10 Hz rhythm (±0.3 Hz slow wander,
    ///   log-normal amplitude modulation at 0.1–1 Hz) centred on POz with a 40° spread, 20 µV peak
    ///   at the centre (within the 10–50 µV of scalp alpha).
    /// - Background: χ = 1.5 (within the 1–2 of scalp EEG), 1 µV²/Hz at 10 Hz; the recording's
    ///   overall amplitude is 10–100 µV.
    /// - Timing: the infusion starts at 40 % of the duration (120 s of the default 300 s) with
    ///   10 s raised-cosine ramps of the gamma and alpha changes; these are **assumptions**.
    case ketamine
    /// The `ketamine` recipe with its ~3 Hz episodes generated by a current dipole in the
    /// posteromedial cortex (``NamedSource/posteromedial``, radial) projected through the
    /// four-shell spherical head (``SphericalHeadModel``) instead of a hand-set scalp pattern,
    /// over a physical background: ``ScenarioParameters/backgroundSourceCount`` (default
    /// ``defaultBackgroundSourceCount``) distributed cortical dipoles plus independent
    /// per-channel noise (see ``ScenarioParameters/corticalBackgroundFraction``). The dipole's
    /// peak moment is ``HeadModelSource/moment`` if set, else the moment that gives the SNR at
    /// the electrode with the largest lead field. Gamma and alpha are as in `ketamine`.
    /// A separate scenario so that `ketamine` (the demo, SampleData and their tests) keeps its
    /// bytes.
    case ketamineHeadModel = "ketamine-headmodel"
    /// One oscillating current dipole (``ScenarioParameters/source``, default the
    /// posteromedial source with `delta3` bursts) projected through the four-shell spherical
    /// head onto the electrodes, over the physical background of `ketamine-headmodel`. Burst
    /// timing and cycle counts are those of `delta3-bursts` / `gamma-bursts` (bands: 5–12
    /// cycles at frequencies drawn from the band).
    case dipole

    /// The name used on the command line.
    public var name: String { rawValue }

    /// Looks a scenario up by its command-line name.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` listing the known names.
    public init(named name: String) throws {
        guard let scenario = Scenario(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
            throw DSPError.invalidParameter(
                name: "scenario", value: "'\(name)'",
                expected: "one of " + Scenario.allCases.map(\.name).joined(separator: ", "))
        }
        self = scenario
    }

    /// One line describing the recipe, for `eegscope synth --list`.
    public var summary: String {
        switch self {
        case .aperiodic:
            return "background only: independent 1/f^x noise per channel, exponent x = 1.5 "
                + "(--exponent), 1 uV^2/Hz at 10 Hz; no episodes"
        case .delta3Bursts:
            return "~3 Hz bursts (2.5-3.5 Hz, 5-12 cycles) over the 1/f background, each on a "
                + "random electrode with 8 deg spread (--spread); --snr sets the amplitude "
                + "(default 10 dB)"
        case .gammaBursts:
            return "gamma bursts (30-80 Hz, 6-15 cycles), each on a random electrode with 8 deg "
                + "spread (--spread), over the 1/f background with 50 Hz line noise "
                + "(--line-frequency); --snr sets the amplitude (default 10 dB)"
        case .ketamine:
            return "baseline, then infusion at 40%: ~3 Hz episodes on Pz/POz/CPz/Oz (Vesuna "
                + "2020, intracranial: scalp amplitude assumed), gamma 30-80 Hz +3 dB "
                + "(--gamma-gain-db; Hong 2010, de la Salle 2016, Rivolta 2015: size assumed), "
                + "alpha -1.5 dB (Vlisides 2018)"
        case .ketamineHeadModel:
            return "ketamine with the ~3 Hz episodes from a posteromedial current dipole "
                + "through the 4-shell sphere (--moment-nam, default from --snr) over "
                + "distributed cortical background dipoles (--background-sources)"
        case .dipole:
            return "one oscillating current dipole (--source NAME or --dipole X,Y,Z, "
                + "--orientation, --moment-nam, --rhythm delta3|gamma|LOW-HIGH; default "
                + "posteromedial delta3) through the 4-shell sphere over cortical background"
        }
    }

    /// Whether the scenario projects its sources through the spherical head model (and has
    /// a distributed cortical background by default).
    public var usesHeadModel: Bool { self == .ketamineHeadModel || self == .dipole }

    /// The default number of distributed cortical background dipoles of the head-model
    /// scenarios: 200 (0 for the others, whose background is independent per channel).
    public static let defaultBackgroundSourceCount = 200

    /// The default duration in seconds: 300 for `ketamine` and `ketamine-headmodel`, 120
    /// otherwise.
    public var defaultDuration: Seconds {
        self == .ketamine || self == .ketamineHeadModel ? 300 : 120
    }

    /// The default SNR in dB of the scenario's episodes (10 dB), `nil` for `aperiodic`.
    public var defaultSNR: Decibels? { self == .aperiodic ? nil : 10 }

    /// The default Gaussian spread of the burst scenarios' sources, in degrees of arc: 8.
    public static let defaultBurstSpread: Double = 8

    /// The smallest spatial weight at which an episode counts as present on a channel: 0.5
    /// (−6 dB in amplitude relative to the pattern's centre). Below it a source still adds to
    /// the channel but is not listed in the ground truth, so detections there count as false
    /// positives only if they are at least half as strong as at the centre.
    public static let truthWeightThreshold = 0.5

    /// The physical unit of every synthesized channel.
    public static let unit = "uV"

    /// Synthesizes the scenario.
    ///
    /// - Parameter parameters: Duration, rate, seed, channels and the scenario's knobs.
    /// - Returns: The recording (µV, annotations carrying the truth and the periods) and the
    ///   truth events sorted by onset, then channel order.
    /// - Throws: ``DSPError`` for bad parameters: unknown channels, a rate too low for the
    ///   scenario's bands, an out-of-range knob or a recording too large.
    /// - Complexity: O(C · N log N) for C channels of N samples.
    public func synthesize(_ parameters: ScenarioParameters = ScenarioParameters())
        throws -> SynthesizedRecording
    {
        var builder = try ScenarioBuilder(scenario: self, parameters: parameters)
        switch self {
        case .aperiodic: break
        case .delta3Bursts: try builder.addRandomlyPlacedBursts(rhythm: .delta3)
        case .gammaBursts:
            try builder.addRandomlyPlacedBursts(rhythm: .gamma)
            try builder.addLineNoise()
        case .ketamine: try builder.addKetamineEffects()
        case .ketamineHeadModel:
            try builder.addCorticalBackground()
            try builder.addKetamineEffects(delta3Source: parameters.source ?? .posteromedialDelta3)
        case .dipole:
            try builder.addCorticalBackground()
            try builder.addDipoleBursts(parameters.source ?? .posteromedialDelta3)
        }
        if parameters.artifacts {
            if self != .gammaBursts { try builder.addLineNoise() }
            try builder.addArtifacts()
        }
        return try builder.finished()
    }
}

/// The knobs of a ``Scenario``; every default is the documented one.
public struct ScenarioParameters: Sendable, Equatable {
    /// Length in seconds, or `nil` for the scenario's ``Scenario/defaultDuration``.
    public var duration: Seconds?
    /// Samples per second, in Hz; default 256.
    public var sampleRate: Hertz = 256
    /// The seed of every random stream; default 1.
    public var seed: UInt64 = 1
    /// Channel names (10-20 / 10-10), or `nil` for ``Montage/scenarioDefaultNames``.
    public var channels: [String]?
    /// Aperiodic exponent χ of the background (P ∝ 1/f^χ), in [0, 6]; default 1.5.
    public var exponent: Double = 1.5
    /// Knee frequency of the background in Hz, or `nil` (default) for a pure power law.
    public var knee: Hertz?
    /// Expected one-sided PSD of the background at 10 Hz, in µV²/Hz; default 1.
    public var backgroundDensity: Double = 1
    /// SNR of the episodes in dB (see ``Scenario``), or `nil` for ``Scenario/defaultSNR``.
    public var snr: Decibels?
    /// `delta3-bursts`, `gamma-bursts`: Gaussian spread of each burst's source in degrees of
    /// arc, in [1, 180], or `nil` for ``Scenario/defaultBurstSpread`` (8°, focal; see
    /// ``Scenario/delta3Bursts`` for why).
    public var burstSpread: Double?
    /// `ketamine`: rise of 30–80 Hz power during the infusion, in dB; default +3.
    public var gammaGain: Decibels = 3
    /// `ketamine`: change of alpha power during the infusion, in dB; default −1.5.
    public var alphaChange: Decibels = -1.5
    /// `ketamine`: infusion start in seconds, or `nil` for 40 % of the duration.
    public var infusionOnset: Seconds?
    /// Mains frequency in Hz for line noise (50 or 60); default 50.
    public var lineFrequency: Hertz = 50
    /// `dipole`, `ketamine-headmodel`: the oscillating dipole, or `nil` for
    /// ``HeadModelSource/posteromedialDelta3``. In `ketamine-headmodel` its rhythm must be
    /// `delta3`.
    public var source: HeadModelSource?
    /// `dipole`, `ketamine-headmodel`: number of distributed cortical background dipoles in
    /// [0, 2000], or `nil` for ``Scenario/defaultBackgroundSourceCount``; 0 leaves only
    /// independent per-channel noise. Ignored by the other scenarios.
    public var backgroundSourceCount: Int?
    /// Share in [0, 1] of the background PSD at 10 Hz (averaged over the channels) carried by
    /// the cortical background dipoles when there are any; the rest is independent
    /// per-channel noise. Default 0.8 (an **assumption**: most scalp EEG is brain activity,
    /// the rest electrode, amplifier and unmodelled noise).
    public var corticalBackgroundFraction: Double = 0.8
    /// Adds artifacts: line noise (5 µV) on every channel, muscle (EMG) episodes on the
    /// temporal channels and slow drift (10 µV RMS below 0.1 Hz); default `false`.
    public var artifacts = false

    /// The documented defaults.
    public init() {}
}

/// A synthesized recording with its ground truth.
public struct SynthesizedRecording: Sendable, Equatable {
    /// The scenario that made it.
    public let scenario: Scenario
    /// The channels (µV) with annotations: one per episode (`delta3 3.05 Hz: CPz Pz POz`),
    /// one per period (`baseline`, `ketamine infusion`, …) and a first one naming the scenario
    /// and its parameters.
    public let recording: Recording
    /// The ground truth: one row per episode and channel on which the episode's weight is at
    /// least ``Scenario/truthWeightThreshold``, sorted by onset, then channel order.
    public let events: [RhythmEvent]
}

// MARK: - Builder

/// Accumulates the components of a scenario channel by channel.
struct ScenarioBuilder {
    let scenario: Scenario
    let parameters: ScenarioParameters
    let montage: Montage
    let sampleRate: Hertz
    let duration: Seconds
    let count: Int
    let background: PowerLawShape
    var channels: [[Double]]
    var events: [(order: Int, event: RhythmEvent)] = []
    var annotations: [Annotation] = []
    /// Each channel's expected background PSD relative to
    /// ``ScenarioParameters/backgroundDensity``: 1 with independent channel noise, varying
    /// around 1 with a cortical background (``addCorticalBackground()``).
    var backgroundScale: [Double]

    /// The largest number of samples over all channels of one synthesized recording
    /// (2^25 ≈ 33.5 million, 268 MB of doubles).
    static let maximumTotalSampleCount = 1 << 25

    init(scenario: Scenario, parameters: ScenarioParameters) throws {
        self.scenario = scenario
        self.parameters = parameters
        montage = try Montage(channels: parameters.channels ?? Montage.scenarioDefaultNames)
        sampleRate = parameters.sampleRate
        duration = parameters.duration ?? scenario.defaultDuration
        count = try synthesisSampleCount(duration: duration, sampleRate: sampleRate)
        guard count.multipliedReportingOverflow(by: montage.electrodes.count).partialValue
            <= Self.maximumTotalSampleCount
        else {
            throw DSPError.invalidParameter(
                name: "recording size",
                value: "\(montage.electrodes.count) channels × \(count) samples",
                expected: "at most \(Self.maximumTotalSampleCount) samples in total")
        }
        try Self.validate(parameters)
        guard sampleRate >= 20 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(formatHertz(sampleRate)) Hz",
                expected: "at least 20 Hz, so that the 10 Hz background reference is below "
                    + "Nyquist")
        }
        background = PowerLawShape(exponent: parameters.exponent, knee: parameters.knee)
        let sensorDensity = scenario.usesHeadModel && Self.backgroundSourceCount(parameters) > 0
            ? (1 - parameters.corticalBackgroundFraction) * parameters.backgroundDensity
            : parameters.backgroundDensity
        channels = []
        backgroundScale = Array(repeating: 1, count: montage.electrodes.count)
        channels.reserveCapacity(montage.electrodes.count)
        for electrode in montage.electrodes {
            var generator = componentGenerator(
                seed: parameters.seed, stream: "background/\(electrode.name)")
            let noise = try Signal.powerLawNoise(
                exponent: parameters.exponent, duration: duration, sampleRate: sampleRate,
                knee: parameters.knee, level: .density(sensorDensity, at: 10),
                using: &generator)
            channels.append(noise.samples)
        }
        annotations.append(Annotation(onset: 0, duration: nil, description: headerText))
    }

    static func validate(_ parameters: ScenarioParameters) throws {
        func requireRange(_ value: Double, _ range: ClosedRange<Double>, _ name: String) throws {
            guard value.isFinite, range.contains(value) else {
                throw DSPError.invalidParameter(
                    name: name, value: "\(value)",
                    expected: "a value in [\(formatHertz(range.lowerBound)), "
                        + "\(formatHertz(range.upperBound))]")
            }
        }
        try requireRange(parameters.exponent, 0...6, "aperiodic exponent")
        if let knee = parameters.knee { try requireRange(knee, 0.01...100, "knee frequency (Hz)") }
        try requireRange(parameters.backgroundDensity, 1e-6...1e6, "background density (uV^2/Hz)")
        if let snr = parameters.snr { try requireRange(snr, -40...60, "SNR (dB)") }
        if let spread = parameters.burstSpread {
            try requireRange(spread, 1...180, "burst spread (degrees)")
        }
        try requireRange(parameters.gammaGain, -20...20, "gamma gain (dB)")
        try requireRange(parameters.alphaChange, -20...20, "alpha change (dB)")
        try requireRange(parameters.lineFrequency, 1...1000, "line frequency (Hz)")
        try requireRange(
            parameters.corticalBackgroundFraction, 0...1, "cortical background fraction")
        try requireRange(
            Double(backgroundSourceCount(parameters)), 0...2000, "background source count")
        if let moment = parameters.source?.moment {
            try requireRange(moment, -1e6...1e6, "dipole moment (nAm)")
        }
    }

    /// The number of cortical background dipoles asked for (default for `nil`).
    static func backgroundSourceCount(_ parameters: ScenarioParameters) -> Int {
        parameters.backgroundSourceCount ?? Scenario.defaultBackgroundSourceCount
    }

    private var headerText: String {
        var text = "EEGScope synth scenario=\(scenario.name) seed=\(parameters.seed) "
            + "exponent=\(formatFixed(parameters.exponent, decimals: 3))"
        if let knee = parameters.knee { text += " knee=\(formatFixed(knee, decimals: 3))Hz" }
        if let snr = parameters.snr ?? scenario.defaultSNR {
            text += " snr=\(formatFixed(snr, decimals: 2))dB"
        }
        if scenario == .delta3Bursts || scenario == .gammaBursts {
            text += " spread=\(formatFixed(burstSpread, decimals: 1))deg"
        }
        if let source = parameters.source, scenario.usesHeadModel {
            text += " " + source.summary
            if let moment = source.moment { text += " moment=\(formatFixed(moment, decimals: 3))nAm" }
        }
        if scenario.usesHeadModel {
            text += " background_sources=\(Self.backgroundSourceCount(parameters))"
        }
        if scenario == .ketamine || scenario == .ketamineHeadModel {
            text += " gamma=\(formatFixed(parameters.gammaGain, decimals: 2))dB"
                + " alpha=\(formatFixed(parameters.alphaChange, decimals: 2))dB"
        }
        return text
    }

    /// The burst scenarios' source spread in degrees of arc.
    var burstSpread: Double { parameters.burstSpread ?? Scenario.defaultBurstSpread }

    /// Expected background power (µV²) in `band` on any channel.
    func backgroundPower(in band: FrequencyBand) -> Double {
        parameters.backgroundDensity / background.relativeDensity(10)
            * background.integral(from: band.low, to: band.high)
    }

    /// The peak amplitude giving the scenario's SNR against the background in `band`.
    func amplitude(forSNRIn band: FrequencyBand) -> Double {
        let snr = parameters.snr ?? scenario.defaultSNR ?? 10
        return (2 * backgroundPower(in: band) * pow10(snr / 10)).squareRoot()
    }

    func requireBand(_ band: FrequencyBand, for purpose: String) throws {
        guard band.high < sampleRate / 2 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(formatHertz(sampleRate)) Hz",
                expected: "above \(formatHertz(2 * band.high)) Hz for \(purpose) up to "
                    + "\(formatHertz(band.high)) Hz")
        }
    }

    // MARK: Components

    /// Adds `component` (placed at `offset` samples) to every channel with the pattern's
    /// weights, and records truth rows and one annotation per episode.
    mutating func place(
        _ component: SynthesizedComponent, offset: Int, patterns: [SpatialPattern],
        rhythm: Rhythm
    ) {
        let gains = patterns.map { montage.weights($0) }
        place(
            component, offset: offset, gains: gains,
            truthFloors: Array(repeating: Scenario.truthWeightThreshold, count: gains.count),
            rhythm: rhythm)
    }

    /// Adds `component` to every channel with per-episode gains (`gains[episode][channel]`,
    /// channel unit per component unit, any sign) and records truth rows on the channels whose
    /// |gain| is at least the episode's `truthFloors` entry.
    mutating func place(
        _ component: SynthesizedComponent, offset: Int, gains: [[Double]],
        truthFloors: [Double], rhythm: Rhythm
    ) {
        for ((episode, weights), floor) in zip(zip(component.episodes, gains), truthFloors) {
            let range = episode.burst.range
            var present: [String] = []
            for (channel, weight) in weights.enumerated() where abs(weight) > 1e-6 {
                for index in range {
                    channels[channel][offset + index] += weight * component.signal.samples[index]
                }
                guard abs(weight) >= floor else { continue }
                let label = montage.electrodes[channel].name
                present.append(label)
                events.append(
                    (channel, RhythmEvent(
                        onset: Double(offset + range.lowerBound) / sampleRate,
                        duration: episode.duration, channel: label, rhythm: rhythm.name,
                        frequency: episode.frequency,
                        amplitude: episode.amplitude * abs(weight))))
            }
            annotations.append(
                Annotation(
                    onset: Double(offset + range.lowerBound) / sampleRate,
                    duration: episode.duration,
                    description: "\(rhythm.name) \(formatFixed(episode.frequency, decimals: 2)) Hz"
                        + ": " + present.joined(separator: " ")))
        }
    }

    /// `delta3-bursts` / `gamma-bursts`: one burst train, each burst on a random electrode.
    mutating func addRandomlyPlacedBursts(rhythm: Rhythm) throws {
        let band = rhythm.band
        try requireBand(band, for: "\(rhythm.name) bursts")
        var settings = burstSettings(for: rhythm)
        settings.amplitude = amplitude(forSNRIn: band)
        var generator = componentGenerator(seed: parameters.seed, stream: "\(rhythm.name)/bursts")
        let component = try Signal.burstyOscillation(
            settings: settings, duration: duration, sampleRate: sampleRate, using: &generator)
        var placement = componentGenerator(seed: parameters.seed, stream: "\(rhythm.name)/centers")
        let patterns = component.episodes.map { _ -> SpatialPattern in
            let electrode = montage.electrodes[
                placement.uniformInteger(in: 0...(montage.electrodes.count - 1))]
            return .gaussian(center: electrode.position, width: burstSpread)
        }
        place(component, offset: 0, patterns: patterns, rhythm: rhythm)
    }

    /// The burst train of `rhythm` in the burst scenarios (amplitude left at its default):
    /// `delta3` 2.5–3.5 Hz, 5–12 cycles; `gamma` 30–80 Hz off the mains, 6–15 cycles; a band:
    /// its frequencies, 5–12 cycles, the timing of `delta3`.
    func burstSettings(for rhythm: Rhythm) -> BurstSettings {
        switch rhythm {
        case .delta3:
            return BurstSettings(
                frequencyRanges: [2.5...3.5], amplitudeJitter: 0.2, burstProbability: 0.08,
                cycleCount: 5...12, minimumGapCycles: 3, taperFraction: 0.2,
                cycleFrequencyJitter: 0.05)
        case .gamma:
            return BurstSettings(
                frequencyRanges: gammaBurstRanges(), amplitudeJitter: 0.2,
                burstProbability: 0.01, cycleCount: 6...15, minimumGapCycles: 10,
                taperFraction: 0.25, cycleFrequencyJitter: 0.03)
        case .band(let band):
            return BurstSettings(
                frequencyRanges: [band.low...band.high], amplitudeJitter: 0.2,
                burstProbability: 0.08, cycleCount: 5...12, minimumGapCycles: 3,
                taperFraction: 0.2, cycleFrequencyJitter: 0.05)
        }
    }

    /// 30–80 Hz without ±4 Hz around line-frequency harmonics, so that even with ±3 %
    /// cycle jitter no cycle comes within 2 Hz of the mains (which detectors exclude).
    func gammaBurstRanges() -> [ClosedRange<Hertz>] {
        var ranges: [ClosedRange<Hertz>] = []
        var low: Hertz = 30
        var harmonic = parameters.lineFrequency
        while harmonic - 4 < 80 {
            if harmonic + 4 > 30 {
                if harmonic - 4 > low { ranges.append(low...(harmonic - 4)) }
                low = max(low, harmonic + 4)
            }
            harmonic += parameters.lineFrequency
        }
        if low < 80 { ranges.append(low...80) }
        return ranges.isEmpty ? [30...80] : ranges
    }

    /// Line noise on every channel: the fundamental at 5 µV (× a per-channel gain 0.5–1.5,
    /// as imperfect referencing leaves) and the second harmonic at 20 % of it.
    mutating func addLineNoise() throws {
        try requireOscillationFrequency(
            parameters.lineFrequency, sampleRate: sampleRate, name: "line frequency")
        let mains = try Signal.lineNoise(
            frequency: parameters.lineFrequency, duration: duration, sampleRate: sampleRate,
            amplitude: 5, harmonicAmplitudes: [0.2])
        for (channel, electrode) in montage.electrodes.enumerated() {
            var generator = componentGenerator(
                seed: parameters.seed, stream: "line/\(electrode.name)")
            let gain = generator.uniform(0.5, 1.5)
            for index in 0..<count { channels[channel][index] += gain * mains.samples[index] }
        }
        annotations.append(
            Annotation(
                onset: 0, duration: duration,
                description: "line noise \(formatFixed(parameters.lineFrequency, decimals: 0)) Hz"))
    }

    /// Muscle episodes from two sources over the temporal muscles (centred on T7 and T8,
    /// 30° spread) and slow drift on every channel.
    mutating func addArtifacts() throws {
        for side in ["T7", "T8"] {
            guard let electrode = Electrode.standard(named: side) else { continue }
            var generator = componentGenerator(seed: parameters.seed, stream: "muscle/\(side)")
            let muscle = try Signal.muscleArtifacts(
                duration: duration, sampleRate: sampleRate, rms: 10, episodeRate: 1.0 / 30,
                using: &generator)
            let weights = montage.weights(.gaussian(center: electrode.position, width: 30))
            for (channel, weight) in weights.enumerated() where weight > 1e-6 {
                for index in 0..<count {
                    channels[channel][index] += weight * muscle.signal.samples[index]
                }
            }
            let present = zip(montage.electrodes, weights)
                .filter { $0.1 >= Scenario.truthWeightThreshold }.map(\.0.name)
            for episode in muscle.episodes {
                annotations.append(
                    Annotation(
                        onset: episode.onset, duration: episode.duration,
                        description: "muscle artifact: " + present.joined(separator: " ")))
            }
        }
        for (channel, electrode) in montage.electrodes.enumerated() {
            var generator = componentGenerator(
                seed: parameters.seed, stream: "drift/\(electrode.name)")
            let drift = try Signal.drift(
                duration: duration, sampleRate: sampleRate, rms: 10, using: &generator)
            for index in 0..<count { channels[channel][index] += drift.samples[index] }
        }
    }

    /// The ketamine recipe (see ``Scenario/ketamine``).
    ///
    /// - Parameter delta3Source: With a source, the ~3 Hz episodes come from this dipole
    ///   through the head model (`ketamine-headmodel`); `nil` places them with
    ///   ``Montage/posteriorMidlinePattern`` (`ketamine`).
    mutating func addKetamineEffects(delta3Source: HeadModelSource? = nil) throws {
        if let delta3Source, delta3Source.rhythm != .delta3 {
            throw DSPError.invalidParameter(
                name: "source rhythm", value: delta3Source.rhythm.name,
                expected: "delta3 in ketamine-headmodel (the rhythm of its source)")
        }
        let gammaBand = Rhythm.gamma.band
        try requireBand(gammaBand, for: "the gamma rise")
        let onset = parameters.infusionOnset ?? 0.4 * duration
        guard onset.isFinite, onset > 0, onset < duration else {
            throw DSPError.invalidParameter(
                name: "infusion onset", value: "\(onset) s",
                expected: "a time inside (0, \(formatFixed(duration, decimals: 3))) s")
        }
        let ramp = min(10, (duration - onset) / 4)
        let step = (0..<count).map {
            smoothStep(time: Double($0) / sampleRate, start: onset, rampDuration: ramp)
        }
        annotations.append(Annotation(onset: 0, duration: onset, description: "baseline"))
        annotations.append(
            Annotation(onset: onset, duration: duration - onset, description: "ketamine infusion"))

        try addAlpha(step: step)
        annotations.append(
            Annotation(
                onset: onset, duration: duration - onset,
                description: "alpha \(signedDecibels(parameters.alphaChange)) (8-13 Hz, "
                    + "posterior)"))

        // Gamma: extra band noise with the background's in-band shape, so every bin of
        // 30–80 Hz rises by the gain in expectation.
        let addedPower = backgroundPower(in: gammaBand) * (pow10(parameters.gammaGain / 10) - 1)
        if addedPower > 0 {
            for (channel, electrode) in montage.electrodes.enumerated() {
                var generator = componentGenerator(
                    seed: parameters.seed, stream: "gamma/\(electrode.name)")
                let gamma = try Signal.bandLimitedNoise(
                    band: gammaBand, duration: duration, sampleRate: sampleRate,
                    exponent: parameters.exponent, level: .rms(addedPower.squareRoot()),
                    using: &generator)
                // Scaled to the channel's own background, so the rise is the gain everywhere.
                let scale = backgroundScale[channel].squareRoot()
                for index in 0..<count {
                    channels[channel][index] += scale * step[index] * gamma.samples[index]
                }
            }
        }
        annotations.append(
            Annotation(
                onset: onset, duration: duration - onset,
                description: "gamma \(signedDecibels(parameters.gammaGain)) (30-80 Hz, "
                    + "all channels)"))

        // ~3 Hz episodes start once the ramp is complete.
        let episodeStart = Int(((onset + ramp) * sampleRate).rounded(.up))
        guard episodeStart < count - 1 else { return }
        var settings = BurstSettings(
            frequencyRanges: [2.5...3.5], amplitude: amplitude(forSNRIn: Rhythm.delta3.band),
            amplitudeJitter: 0.2, burstProbability: 0.1, cycleCount: 4...12,
            minimumGapCycles: 3, taperFraction: 0.25, cycleFrequencyJitter: 0.05)
        var lead: LeadField?
        if let delta3Source {
            let field = try leadField(of: delta3Source)
            settings.amplitude = field.moment
            lead = field
        }
        var generator = componentGenerator(seed: parameters.seed, stream: "delta3/episodes")
        let component = try Signal.burstyOscillation(
            settings: settings, duration: Double(count - episodeStart) / sampleRate,
            sampleRate: sampleRate, using: &generator)
        if let lead {
            place(component, offset: episodeStart, lead: lead, rhythm: .delta3)
            return
        }
        let pattern = Montage.posteriorMidlinePattern
        place(
            component, offset: episodeStart,
            patterns: Array(repeating: pattern, count: component.episodes.count),
            rhythm: .delta3)
    }

    /// Posterior 10 Hz alpha whose power changes by `alphaChange` dB along `step`.
    private mutating func addAlpha(step: [Double]) throws {
        guard sampleRate / 2 > 13 else { return }
        var generator = componentGenerator(seed: parameters.seed, stream: "alpha")
        let wander = try Signal.drift(
            duration: duration, sampleRate: sampleRate, rms: 1, maximumFrequency: 0.2,
            using: &generator)
        // Alpha waxes and wanes over seconds (0.1–1 Hz, flat): many independent fluctuations
        // per minute, so a window of a minute or more shows the set alpha change. A 1/f²
        // drift here would shift whole periods by several dB and swamp the 1–2 dB effect.
        let modulation = try Signal.bandLimitedNoise(
            band: FrequencyBand(name: "alpha modulation", low: 0.1, high: 1),
            duration: duration, sampleRate: sampleRate, level: .rms(1), using: &generator)
        let change = pow10(parameters.alphaChange / 20)
        let frequencies = wander.samples.map { 10 + 0.3 * $0 }
        var amplitudes = [Double](repeating: 0, count: count)
        for index in 0..<count {
            // A log-normal modulation keeps the envelope positive; its mean power is the
            // same before and after the infusion, so the change in dB is exact in expectation.
            let waxing = exp(0.3 * modulation.samples[index] - 0.09)
            amplitudes[index] = 20 * waxing * (1 + (change - 1) * step[index])
        }
        let alpha = try Signal.modulatedOscillation(
            frequencies: frequencies, amplitudes: amplitudes, sampleRate: sampleRate,
            phase: 2 * Double.pi * generator.unitInterval())
        let weights = montage.weights(
            .gaussian(center: ScalpPosition(polarAngle: 67.5, azimuth: 180), width: 40))
        for (channel, weight) in weights.enumerated() where weight > 1e-6 {
            for index in 0..<count { channels[channel][index] += weight * alpha.samples[index] }
        }
    }

    private func signedDecibels(_ value: Decibels) -> String {
        (value >= 0 ? "+" : "") + formatFixed(value, decimals: 1) + " dB"
    }

    func finished() throws -> SynthesizedRecording {
        let signals = try zip(montage.electrodes, channels).map { electrode, samples in
            do {
                return try Signal(
                    samples: samples, sampleRate: sampleRate, label: electrode.name,
                    unit: Scenario.unit)
            } catch {
                throw DSPError.invalidParameter(
                    name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive rate")
            }
        }
        let sortedEvents = events.enumerated().sorted { lhs, rhs in
            if lhs.element.event.onset != rhs.element.event.onset {
                return lhs.element.event.onset < rhs.element.event.onset
            }
            if lhs.element.order != rhs.element.order {
                return lhs.element.order < rhs.element.order
            }
            return lhs.offset < rhs.offset
        }.map(\.element.event)
        let metadata = [
            "scenario": scenario.name, "seed": "\(parameters.seed)",
            "recording": "EEGScope synth \(scenario.name) seed \(parameters.seed)",
        ]
        return SynthesizedRecording(
            scenario: scenario,
            recording: Recording(signals: signals, annotations: annotations, metadata: metadata),
            events: sortedEvents)
    }
}

func pow10(_ exponent: Double) -> Double { pow(10, exponent) }
