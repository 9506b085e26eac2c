import EEGCore
import EEGDSP
import Foundation

/// How the mains frequency is chosen for a detection run.
public enum LineFrequencyChoice: Sendable, Equatable, Hashable {
    /// Found per file with ``LineNoiseDetector`` (50 or 60 Hz, or none).
    case automatic
    /// A known frequency in Hz.
    case fixed(Hertz)
    /// No mains handling.
    case none
}

/// What happens to episodes that overlap an artefact (``EEGDSP/ArtefactDetector``).
public enum ArtefactHandling: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Dropped (the default): band-pass ringing of a transient is not a rhythm.
    case reject
    /// Kept, and counted in the summary's `episodes_on_artefacts`.
    case flag
    /// Artefacts are not looked for.
    case ignore
}

/// Settings of ``RhythmAnalysis``.
public struct RhythmAnalysisSettings: Sendable, Equatable {
    /// The rhythm to look for.
    public var rhythm: Rhythm
    /// The threshold family (default BOSC).
    public var method: DetectionMethod
    /// Overrides the preset's thresholds.
    public var threshold: EpisodeThreshold?
    /// The shortest episode in cycles (default 3).
    public var minimumCycles: Double
    /// Mains handling (default automatic: the recording's declared
    /// ``EEGCore/Recording/powerLineFrequency`` when it has one, else ``LineNoiseDetector``).
    public var lineFrequency: LineFrequencyChoice
    /// The half-maximum fraction of ``SpatialExtent/assigned(_:fraction:minimumAddedSNR:falseAdditionRate:)``
    /// across channels, or nil to keep every channel's detections as they are (default 0.5).
    public var spatialExtentFraction: Double?
    /// The smallest FOOOF peak height (log10 power) that counts as "present" (default 0.1,
    /// i.e. 1 dB: below it a peak is within the scatter of a Welch PSD of a few minutes).
    public var minimumPeakHeight: Double
    /// Which channels are analysed (default: EEG channels not marked bad).
    public var screening: ChannelScreening
    /// How each channel's usable passband is found (default: declared ∩ detected ∩ Nyquist).
    public var passband: PassbandPolicy
    /// Episodes overlapping an artefact (default: rejected).
    public var artefacts: ArtefactHandling

    /// Creates settings with the defaults above.
    public init(
        rhythm: Rhythm, method: DetectionMethod = .bosc, threshold: EpisodeThreshold? = nil,
        minimumCycles: Double = 3, lineFrequency: LineFrequencyChoice = .automatic,
        spatialExtentFraction: Double? = SpatialExtent.defaultFraction,
        minimumPeakHeight: Double = 0.1, screening: ChannelScreening = ChannelScreening(),
        passband: PassbandPolicy = PassbandPolicy(), artefacts: ArtefactHandling = .reject
    ) {
        self.artefacts = artefacts
        self.rhythm = rhythm
        self.method = method
        self.threshold = threshold
        self.minimumCycles = minimumCycles
        self.lineFrequency = lineFrequency
        self.spatialExtentFraction = spatialExtentFraction
        self.minimumPeakHeight = minimumPeakHeight
        self.screening = screening
        self.passband = passband
    }

    /// Throws ``AnalysisError/invalidParameter(name:value:expected:)`` for out-of-range values.
    public func validate() throws {
        try threshold?.validate()
        guard minimumCycles.isFinite, minimumCycles > 0 else {
            throw AnalysisError.invalidParameter(
                name: "minimum cycles", value: "\(minimumCycles)", expected: "> 0")
        }
        if let fraction = spatialExtentFraction, !(fraction > 0 && fraction <= 1) {
            throw AnalysisError.invalidParameter(
                name: "spatial extent fraction", value: "\(fraction)", expected: "in (0, 1]")
        }
        guard minimumPeakHeight.isFinite, minimumPeakHeight >= 0 else {
            throw AnalysisError.invalidParameter(
                name: "minimum peak height", value: "\(minimumPeakHeight)",
                expected: "≥ 0 (log10 power)")
        }
        if case .fixed(let frequency) = lineFrequency, !(frequency.isFinite && frequency > 0) {
            throw AnalysisError.invalidParameter(
                name: "line frequency", value: "\(frequency) Hz", expected: "> 0 Hz")
        }
    }
}

/// One file's detection result: the events table rows and the summary entry.
public struct RhythmFileResult: Sendable, Equatable {
    /// Events in time order, then channel order.
    public let events: [RhythmEvent]
    /// The file's entry of the summary JSON.
    public let summary: FileSummary
    /// The artefacts found (empty with ``ArtefactHandling/ignore``), onsets in recording time.
    public var artefacts: [ArtefactEvent] = []
}

/// One row of the artefact annotation table (BIDS-like: `onset duration channel type`).
public struct ArtefactEvent: Sendable, Equatable, Hashable {
    /// Seconds from the recording's start.
    public var onset: Seconds
    /// Seconds.
    public var duration: Seconds
    /// The channel label.
    public var channel: String
    /// ``EEGDSP/ArtefactKind`` raw value: `transient`, `amplitude`, `blink` or `muscle`.
    public var type: String

    public init(onset: Seconds, duration: Seconds, channel: String, type: String) {
        self.onset = onset
        self.duration = duration
        self.channel = channel
        self.type = type
    }

    /// The table: header `onset duration channel type`, tab-separated, one row per artefact,
    /// times with 4 decimals.
    public static func table(_ events: [ArtefactEvent]) -> String {
        var text = "onset\tduration\tchannel\ttype\n"
        for event in events {
            text += String(format: "%.4f\t%.4f\t", event.onset, event.duration)
                + "\(event.channel)\t\(event.type)\n"
        }
        return text
    }
}

/// The `eegscope detect` pipeline: per channel Welch PSD, aperiodic (FOOOF) fit, spectral peak
/// of the rhythm, band power and episode detection; across channels the half-maximum rule
/// and, for gamma, the muscle index.
///
/// ```swift
/// let analysis = RhythmAnalysis(settings: .init(rhythm: .delta3))
/// let result = try analysis.analyse(recording, file: "rec.edf")
/// print(result.events.count, result.summary.channels[0].peak?.present ?? false)
/// ```
public struct RhythmAnalysis: Sendable {
    /// The settings.
    public let settings: RhythmAnalysisSettings

    /// Creates the pipeline.
    public init(settings: RhythmAnalysisSettings) {
        self.settings = settings
    }

    /// The caveats written into every summary for `rhythm` (see docs/detection.md).
    public static func caveats(for rhythm: Rhythm) -> [String] {
        let general =
            "Thresholds are relative to each channel's own background (BOSC: the fitted 1/f "
            + "spectrum; dual: the median envelope), so episode counts depend on SNR and "
            + "montage and are not absolute measures of a rhythm."
        let delta3 = [
            "The ~3 Hz rhythm linked to dissociation (Vesuna et al. 2020, Nature 586:87-94, "
                + "doi:10.1038/s41586-020-2731-9) was recorded intracranially, in deep "
                + "posteromedial (retrosplenial) cortex of mice and one human patient; whether "
                + "it reaches the scalp is not established.",
            "Posterior midline scalp channels (CPz, Pz, POz, Oz) are only a proxy for that deep "
                + "source: a 2-4 Hz scalp peak can also be drowsiness or sleep slow waves, eye "
                + "movements, or other delta activity.",
        ]
        let gamma = [
            "Scalp gamma (30-80 Hz) is easily muscle: EMG from scalp, jaw and neck muscles "
                + "overlaps the band, strongest on temporal and frontal channels. Check the "
                + "muscle index and treat gamma changes as possibly muscular until shown "
                + "otherwise.",
            "Mains frequencies and their harmonics are notched and excluded; residual line "
                + "noise or its sidebands can still raise gamma power.",
        ]
        switch rhythm {
        case .delta3: return delta3 + [general]
        case .gamma: return gamma + [general]
        case .band: return [general]
        }
    }

    /// The threshold summary for the settings (at any rate; the thresholds do not depend on it).
    public var thresholdSummary: ThresholdSummary {
        let threshold = settings.threshold
            ?? RhythmPreset.defaultThreshold(for: settings.rhythm, method: settings.method)
        switch threshold {
        case .aperiodicPower(let percentile, let lowPercentile):
            return ThresholdSummary(
                kind: "percentile of background power", high: percentile,
                low: lowPercentile ?? percentile)
        case .dualThreshold(let low, let high, let average, let magnitude):
            return ThresholdSummary(
                kind: "multiple of \(average.rawValue) \(magnitude.rawValue)", high: high,
                low: low)
        }
    }

    /// Analyses one recording.
    ///
    /// A channel whose PSD, fit or detection fails gets its error in the summary and no events;
    /// the others go on.
    ///
    /// A discontinuous recording (EDF+D/BDF+D, ``EEGCore/Recording/stretches``) is analysed
    /// stretch by stretch: the PSD pools Welch segments from inside each gap-free stretch,
    /// episodes are detected in each stretch separately (filters never run across a gap, edge
    /// blanking applies at every stretch boundary, no episode spans a gap), and event onsets
    /// are in recording time (gaps included). Durations and rates in the summary count data
    /// only.
    ///
    /// - Parameters:
    ///   - recording: The channels to analyse (select them beforehand).
    ///   - file: The name written into the summary.
    ///   - timeOffset: Added to event onsets, in seconds (for spans cut from a longer file).
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for bad settings;
    ///   ``DSPError`` when the rhythm's band does not fit the sampling rate of any channel.
    public func analyse(_ recording: Recording, file: String, timeOffset: Seconds = 0) throws
        -> RhythmFileResult
    {
        try settings.validate()
        var warnings: [String] = []
        // Channels of other types (ECG, EOG, …) and bad channels are named and left out.
        let included = recording.signals.filter {
            settings.screening.exclusionReason(for: $0) == nil
        }
        if let note = settings.screening.note(for: recording.signals) { warnings.append(note) }
        let line: Hertz?
        switch settings.lineFrequency {
        case .automatic:
            line = recording.powerLineFrequency
                ?? (try? LineNoiseDetector().lineFrequency(
                    in: recording.selectingSignals(included))) ?? nil
        case .fixed(let frequency): line = frequency
        case .none: line = nil
        }

        struct ChannelWork {
            var signal: Signal
            var summary: ChannelSummary
            var episodes: [RhythmEpisode]
            var detection: EpisodeDetection?
            var artefacts: [Artefact] = []
            var marginCount = 0
            /// Episodes dropped for overlapping an artefact (``ArtefactHandling/reject``).
            var rejectedCount = 0
        }
        struct PendingChannel: Sendable {
            let workIndex: Int
            let signal: Signal
            let summary: ChannelSummary
            let preset: RhythmPreset
            let measured: RhythmSpectrum.Welch
            let usable: UsablePassband
        }
        // Welch PSDs first: the usable passbands (a low-pass detected on the median spectrum
        // of each rate) need all of them.
        let measured = included.map { signal in
            Result { try RhythmSpectrum.welch(
                signal, stretches: recording.stretchSampleRanges(of: signal)) }
        }
        let (passbands, passbandWarnings) = settings.passband.usablePassbands(
            for: included, spectra: measured.map { try? $0.get().spectrum })
        warnings += passbandWarnings
        var work: [ChannelWork] = []
        var unavailable: [(label: String, reason: String)] = []
        var position = 0
        // Channels ready for detection, analysed concurrently after the loop.
        var pending: [PendingChannel] = []
        for signal in recording.signals {
            if let reason = settings.screening.exclusionReason(for: signal) {
                work.append(ChannelWork(
                    signal: signal,
                    summary: ChannelSummary(signal: signal, status: .excluded, reason: reason),
                    episodes: [], detection: nil))
                continue
            }
            defer { position += 1 }
            var summary = ChannelSummary(signal: signal, status: .unavailable, reason: nil)
            let usable = passbands[position]
            summary.usablePassbandHz = [usable.low, usable.high].map(UsablePassband.rounded)
            summary.passbandLimit = usable.highReason
            let preset: RhythmPreset
            let welch: RhythmSpectrum.Welch
            do {
                welch = try measured[position].get()
                preset = try RhythmPreset(
                    rhythm: settings.rhythm, sampleRate: signal.sampleRate,
                    method: settings.method, threshold: settings.threshold,
                    lineFrequency: line, minimumCycles: settings.minimumCycles,
                    passband: usable)
            } catch {
                summary.reason = String(describing: error)
                if case DSPError.bandUnavailable = error, usable.limiting != nil {
                    // A filter, not a failure: the channel is reported unavailable with the
                    // reason and the run goes on.
                } else {
                    summary.error = summary.reason
                }
                if case DSPError.bandUnavailable = error, usable.limiting == nil {
                    // Only the sampling rate stands in the way: as before, a run where no
                    // channel fits fails with the reason.
                    unavailable.append((signal.label, summary.reason ?? ""))
                }
                work.append(
                    ChannelWork(signal: signal, summary: summary, episodes: [], detection: nil))
                continue
            }
            for warning in preset.warnings where !warnings.contains(warning) {
                warnings.append(warning)
            }
            summary.status = .analysed
            summary.reason = preset.warnings.first
            pending.append(PendingChannel(
                workIndex: work.count, signal: signal, summary: summary, preset: preset,
                measured: welch, usable: usable))
            work.append(ChannelWork(signal: signal, summary: summary, episodes: [], detection: nil))
        }
        // Eye evidence (frontal dominance, EOG correlation) is recording-level: one per rate
        // and length of the analysed channels.
        let eyeEvidence = settings.artefacts == .ignore ? [:]
            : Self.eyeEvidence(pending.map(\.signal), all: recording.signals)
        // Channels are independent: analysed concurrently, kept in channel order.
        let results = try Parallel.map(pending.count) { [self, pending] index in
            let channel = pending[index]
            var summary = channel.summary
            let detection = analyseChannel(
                channel.signal, summary: &summary, preset: channel.preset,
                measured: channel.measured, usable: channel.usable,
                stretches: recording.stretchSampleRanges(of: channel.signal))
            let signal = channel.signal
            var artefacts: [Artefact] = []
            if settings.artefacts != .ignore {
                artefacts = (try? ArtefactDetector().artefacts(
                    in: signal, eye: eyeEvidence[Self.rateKey(signal)],
                    muscleBandTop: channel.usable.high)) ?? []
            }
            // Ringing of the band-pass lasts about one cycle of the band's lower edge.
            let marginCount = Int(
                (signal.sampleRate / channel.preset.settings.band.low).rounded(.up))
            var kept = detection
            if settings.artefacts == .reject {
                kept = detection?.removingEpisodes(
                    overlapping: Self.rejecting(artefacts, band: channel.preset.settings.band),
                    marginCount: marginCount)
            }
            let rejected = (detection?.episodes.count ?? 0) - (kept?.episodes.count ?? 0)
            return (summary, kept, artefacts, marginCount, rejected)
        }
        for (channel, (summary, kept, artefacts, marginCount, rejected)) in zip(pending, results) {
            work[channel.workIndex].rejectedCount = rejected
            work[channel.workIndex].summary = summary
            work[channel.workIndex].episodes = kept?.episodes ?? []
            work[channel.workIndex].detection = kept
            work[channel.workIndex].artefacts = artefacts
            work[channel.workIndex].marginCount = marginCount
        }
        if !work.contains(where: { $0.summary.status == .analysed }),
            let first = unavailable.first
        {
            throw DSPError.bandUnavailable(reason: "\(first.label): \(first.reason)")
        }
        let missing = work.filter { $0.summary.status == .unavailable }
        if let first = missing.first {
            // Channels the band does not fit (e.g. gamma above a 40 Hz low-pass, or 1 Hz
            // respiration beside 100 Hz EEG) are listed as unavailable; say so in a warning too.
            warnings.append(
                "\(Self.naming(missing.map(\.summary.name))) unavailable: "
                    + (first.summary.reason ?? "no result"))
        }

        let detected = work.indices.filter { work[$0].detection != nil }
        if let fraction = settings.spatialExtentFraction, detected.count > 1 {
            let assigned = SpatialExtent.assigned(
                detected.compactMap { work[$0].detection }, fraction: fraction)
            for (position, index) in detected.enumerated() {
                work[index].episodes = assigned[position]
            }
        }
        for index in detected {
            let channel = work[index]
            let rejecting = Self.rejecting(channel.artefacts, band: channel.detection?.band)
            let onArtefacts = channel.episodes.filter {
                $0.overlaps(rejecting, marginCount: channel.marginCount)
            }
            if settings.artefacts == .reject {
                work[index].episodes.removeAll {
                    $0.overlaps(rejecting, marginCount: channel.marginCount)
                }
                work[index].rejectedCount += onArtefacts.count
            }
            Self.fillEpisodeStatistics(
                &work[index].summary, work[index].episodes, signal: channel.signal)
            work[index].summary.artefacts =
                settings.artefacts == .ignore ? nil : channel.artefacts.count
            work[index].summary.episodesOnArtefacts =
                settings.artefacts == .flag ? onArtefacts.count : nil
            work[index].summary.episodesRejected =
                settings.artefacts == .reject ? work[index].rejectedCount : nil
        }

        var muscle: MuscleSummary? = nil
        if settings.rhythm == .gamma {
            let band = [MuscleIndex.band.low, MuscleIndex.band.high]
            let assessed = work.filter { $0.summary.status == .analysed }.map {
                (signal: $0.signal, high: $0.summary.usablePassbandHz?.last ?? 0,
                    limit: $0.summary.passbandLimit ?? "")
            }
            switch try Self.muscleAssessment(assessed, recording: recording) {
            case .measured(let index):
                muscle = MuscleSummary(
                    available: true, reason: nil, bandHz: band, thresholdZ: MuscleIndex.threshold,
                    maximumZ: index.maximumScore,
                    fractionAboveThreshold: index.fractionAboveThreshold, high: index.isHigh)
                if index.isHigh {
                    warnings.append(
                        "muscle index high: 110-140 Hz z-score above "
                            + "\(formatHertz(MuscleIndex.threshold)) for "
                            + String(format: "%.1f", 100 * index.fractionAboveThreshold)
                            + " % of the time; gamma may be muscle")
                }
            case .unavailable(let reason):
                muscle = MuscleSummary(
                    available: false, reason: reason, bandHz: band,
                    thresholdZ: MuscleIndex.threshold, maximumZ: nil,
                    fractionAboveThreshold: nil, high: nil)
            }
        }

        var events: [(order: Int, event: RhythmEvent)] = []
        for (order, channel) in work.enumerated() {
            for episode in channel.episodes {
                var event = episode.event(
                    channel: channel.summary.name, rhythm: settings.rhythm.name)
                event.onset = recording.recordingTime(atDataTime: event.onset) + timeOffset
                events.append((order, event))
            }
        }
        events.sort {
            $0.event.onset != $1.event.onset ? $0.event.onset < $1.event.onset : $0.order < $1.order
        }
        let summary = FileSummary(
            file: file, durationSeconds: recording.duration, lineNoiseHz: line,
            warnings: warnings, muscle: muscle, channels: work.map(\.summary))
        var artefactEvents: [ArtefactEvent] = []
        for channel in work {
            for artefact in channel.artefacts {
                artefactEvents.append(
                    ArtefactEvent(
                        onset: recording.recordingTime(atDataTime: artefact.onset) + timeOffset,
                        duration: artefact.duration, channel: channel.summary.name,
                        type: artefact.kind.rawValue))
            }
        }
        artefactEvents.sort { $0.onset < $1.onset }
        var result = RhythmFileResult(events: events.map(\.event), summary: summary)
        result.artefacts = artefactEvents
        return result
    }

    /// Fit, peak, band power and episodes of one channel within its usable passband; errors go
    /// into the summary (status unavailable). `stretches` are the channel's gap-free sample
    /// ranges: Welch segments, filters and episodes stay inside them.
    private func analyseChannel(
        _ signal: Signal, summary: inout ChannelSummary, preset: RhythmPreset,
        measured: RhythmSpectrum.Welch, usable: UsablePassband, stretches: [Range<Int>]
    ) -> EpisodeDetection? {
        let band = preset.settings.band
        summary.bandHz = [band.low, band.high]
        do {
            let detector = EpisodeDetector(settings: preset.settings)
            let fitted = try RhythmSpectrum(
                measured, sampleRate: signal.sampleRate, detector: detector, usable: usable,
                minimumPeakHeight: settings.minimumPeakHeight)
            let model = fitted.model
            summary.aperiodic = AperiodicSummary(
                mode: model.aperiodic.mode.rawValue, offset: model.aperiodic.offset, exponent: model.aperiodic.exponent,
                knee: model.aperiodic.knee,
                fitRangeHz: [model.frequencyRange.lowerBound, model.frequencyRange.upperBound],
                rSquared: model.rSquared)
            summary.peak = fitted.peak
            summary.bandPower = try? fitted.spectrum.integratedPower(in: band)
            let detection = try detector.detect(
                in: signal, stretches: stretches, background: model.aperiodic)
            summary.broadbandRiseFraction = detection.broadbandRiseFraction
            Self.fillEpisodeStatistics(&summary, detection.episodes, signal: signal)
            return detection
        } catch {
            summary.error = String(describing: error)
            summary.status = .unavailable
            summary.reason = summary.error
            return nil
        }
    }

    /// The muscle index over the analysed channels, "unavailable" with the reason when any of
    /// their usable passbands ends below the 110–140 Hz band (a 45 Hz low-pass leaves nothing
    /// of it to measure).
    static func muscleAssessment(
        _ channels: [(signal: Signal, high: Hertz, limit: String)], recording: Recording
    ) throws -> MuscleIndex.Assessment {
        if let lowest = channels.min(by: { $0.high < $1.high }),
            lowest.high < MuscleIndex.band.high
        {
            return .unavailable(
                reason: "the usable passband of \(lowest.signal.label) ends at "
                    + "\(formatHertz(lowest.high)) Hz (\(lowest.limit)), below the top of the "
                    + "110–140 Hz muscle band")
        }
        guard !channels.isEmpty else { return .unavailable(reason: "no channel was analysed") }
        return try MuscleIndex.assess(recording.selectingSignals(channels.map(\.signal)))
    }

    /// "A, B, C" or "A, B, C, D, … (N channels)".
    static func naming(_ labels: [String]) -> String {
        labels.prefix(4).joined(separator: ", ")
            + (labels.count > 4 ? ", … (\(labels.count) channels)" : "")
    }

    private static func fillEpisodeStatistics(
        _ summary: inout ChannelSummary, _ episodes: [RhythmEpisode], signal: Signal
    ) {
        summary.episodes = episodes.count
        let minutes = signal.duration / 60
        summary.episodesPerMinute = minutes > 0 ? Double(episodes.count) / minutes : 0
        let covered = episodes.reduce(0) { $0 + $1.burst.range.count }
        summary.fractionInEpisodes = signal.count > 0 ? Double(covered) / Double(signal.count) : 0
        summary.finding = ChannelSummary.finding(
            peak: summary.peak, episodes: episodes.count,
            broadbandRiseFraction: summary.broadbandRiseFraction)
        let snrs = episodes.map(\.snrDecibels).sorted()
        summary.medianSNRDecibels = snrs.isEmpty
            ? nil
            : (snrs.count % 2 == 1
                ? snrs[snrs.count / 2] : (snrs[snrs.count / 2 - 1] + snrs[snrs.count / 2]) / 2)
    }
}
