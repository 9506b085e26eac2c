import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// The analysis of one channel: its PSD, band powers and spectral model.
public struct ChannelAnalysis: Sendable, Equatable {
    /// The channel label as the file stores it.
    public let label: String
    /// The physical unit of the samples (e.g. `uV`).
    public let unit: String
    /// Samples per second in Hz.
    public let sampleRate: Hertz
    /// The Welch PSD in unit²/Hz, or `nil` when it could not be computed (see ``failure``).
    public let spectrum: Spectrum?
    /// The power of each requested band, `nil` for a band the PSD cannot cover (above the
    /// channel's Nyquist frequency or too narrow for its resolution); in the requested order.
    public let bandPowers: [BandPower?]
    /// The FOOOF-style spectral model, or `nil` when the fit failed (see ``fitFailure``).
    public let model: SpectralModel?
    /// Why the spectral model is missing, or `nil`.
    public let fitFailure: String?
    /// Why the PSD is missing, or `nil`.
    public let failure: String?
    /// The channel's type (declared, else inferred from label, unit and transducer).
    public let type: ChannelType
    /// Why the channel is left out of band-power tables, fits and detection (not one of the
    /// analysed types, or marked bad), or `nil` when it is analysed.
    public let exclusion: String?
    /// The frequency range the channel's results may use (see ``EEGCore/UsablePassband``).
    public let usablePassband: UsablePassband?
    /// The band each entry of ``bandPowers`` was integrated over after clipping to
    /// ``usablePassband`` (`nil` where unavailable); in the requested order.
    public let analysedBands: [FrequencyBand?]

    /// Creates a channel result.
    public init(
        label: String, unit: String, sampleRate: Hertz, spectrum: Spectrum?,
        bandPowers: [BandPower?], model: SpectralModel?, fitFailure: String?, failure: String?,
        type: ChannelType = .eeg, exclusion: String? = nil,
        usablePassband: UsablePassband? = nil, analysedBands: [FrequencyBand?]? = nil
    ) {
        self.type = type
        self.exclusion = exclusion
        self.usablePassband = usablePassband
        self.analysedBands = analysedBands ?? bandPowers.map { _ in nil }
        self.label = label
        self.unit = unit
        self.sampleRate = sampleRate
        self.spectrum = spectrum
        self.bandPowers = bandPowers
        self.model = model
        self.fitFailure = fitFailure
        self.failure = failure
    }
}

/// Everything the pipelines compute for one recording.
public struct RecordingAnalysis: Sendable, Equatable {
    /// The input (path and BIDS entities).
    public let input: BatchInput
    /// The file format (`EDF+C`, `BDF`, `CSV`, …).
    public let format: String
    /// The data duration in seconds (records × record duration for EDF/BDF; gaps of EDF+D
    /// files excluded).
    public let duration: Seconds
    /// Whether the recording has gaps (EDF+D / BDF+D).
    public let isDiscontinuous: Bool
    /// The annotations, onsets in seconds from the first sample.
    public let annotations: [Annotation]
    /// One result per data channel, in file order.
    public let channels: [ChannelAnalysis]
    /// The detected episodes of ``AnalysisSettings/rhythms``, sorted by onset, channel, rhythm.
    public internal(set) var events: [RhythmEvent]
    /// Things a reader of the results should know (skipped bands, failed channel fits, …).
    public internal(set) var warnings: [String]
    /// The muscle index of the gamma detection (``RhythmAnalysis``), combined over the
    /// detection chunks by ``MuscleSummary/combined(_:)``; nil when gamma was not detected.
    public internal(set) var muscle: MuscleSummary? = nil

    /// Creates a result.
    public init(
        input: BatchInput, format: String, duration: Seconds, isDiscontinuous: Bool,
        annotations: [Annotation], channels: [ChannelAnalysis], events: [RhythmEvent],
        warnings: [String]
    ) {
        self.input = input
        self.format = format
        self.duration = duration
        self.isDiscontinuous = isDiscontinuous
        self.annotations = annotations
        self.channels = channels
        self.events = events
        self.warnings = warnings
    }
}

/// Analyzes one recording while streaming it: memory stays bounded by one read block plus one
/// Welch segment and one running periodogram sum per channel, whatever the recording's length.
///
/// Per data channel: Welch PSD (``AnalysisSettings/welchOptions``; for EDF+D files segments
/// never span a gap), band powers (``EEGCore/Spectrum/bandPowers(_:rule:)``, Simpson's rule as
/// YASA), and a FOOOF 1.1 fit (``SpectralModelFitter``). A channel that cannot be analyzed
/// (too short, non-finite samples, a band above its Nyquist frequency) yields a warning and the
/// others go on; the recording fails only when it cannot be read or no channel has a PSD.
///
/// ```swift
/// let analysis = try RecordingAnalyzer(settings: AnalysisSettings())
///     .analyze(BatchInput(path: "S001R01.edf"))
/// ```
public struct RecordingAnalyzer: Sendable {
    /// The settings in use.
    public let settings: AnalysisSettings
    /// The episode detector, or `nil` for no detection.
    public let detector: RecordingEpisodeDetector?

    /// Seconds of each detection chunk (see ``detectionPadding``).
    public static let detectionChunk: Seconds = 300
    /// Seconds read before and after each chunk so that filters settle and episodes crossing
    /// a chunk boundary are seen whole; an episode belongs to the chunk holding its onset.
    public static let detectionPadding: Seconds = 10

    /// Creates an analyzer.
    ///
    /// Detection runs on chunks of ``detectionChunk`` seconds (plus
    /// ``detectionPadding`` on each side), so memory stays bounded for long recordings; a
    /// recording up to 320 s long is one chunk, i.e. detection sees the whole channel.
    /// - Parameters:
    ///   - settings: What to compute.
    ///   - detector: Finds episodes in a chunk of the recording (`nil`: no detection).
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for invalid settings.
    public init(settings: AnalysisSettings, detector: RecordingEpisodeDetector? = nil) throws {
        try settings.validate()
        self.settings = settings
        self.detector = detector
    }

    /// Analyzes `input`.
    ///
    /// - Returns: the recording's summary, per-channel spectra, band powers and models.
    /// - Throws: ``AnalysisError/fileFailed(file:reason:)`` naming the file and the reason
    ///   (unreadable or malformed file, no data channel, no channel long enough for one Welch
    ///   segment).
    public func analyze(_ input: BatchInput) throws -> RecordingAnalysis {
        do {
            return try analyzeUnwrapped(input)
        } catch let error as AnalysisError {
            throw error
        } catch {
            var reason = String(describing: error)
            // File errors lead with the path as given or made absolute; name the file once.
            for path in [input.path, URL(fileURLWithPath: input.path).path]
            where reason.hasPrefix(path + ": ") {
                reason = String(reason.dropFirst(path.count + 2))
                break
            }
            throw AnalysisError.fileFailed(file: input.path, reason: reason)
        }
    }

    private func analyzeUnwrapped(_ input: BatchInput) throws -> RecordingAnalysis {
        let url = URL(fileURLWithPath: input.path)
        switch try RecordingFile.kind(of: url) {
        case .edfOrBDF where try BIDSSidecars(recording: url) == nil:
            return try analyzeEDF(input, reader: EDFReader(url: url))
        case .edfOrBDF, .csv, .brainVision, .eeglab:
            // In memory, with any BIDS sidecars applied (the streaming EDF path reads the
            // header's declarations only).
            let recording = try RecordingFile.read(url, csvSampleRate: settings.csvSampleRate)
            return try analyzeUnwrapped(recording, input: input)
        }
    }

    /// Analyzes a recording already in memory (e.g. one a report also plots), as
    /// ``analyze(_:)`` does for a file. The format is taken from `metadata["format"]`.
    ///
    /// - Throws: ``AnalysisError/fileFailed(file:reason:)`` naming `input.path`.
    public func analyze(_ recording: Recording, input: BatchInput) throws -> RecordingAnalysis {
        do {
            return try analyzeUnwrapped(recording, input: input)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError.fileFailed(file: input.path, reason: String(describing: error))
        }
    }

    private func analyzeUnwrapped(_ recording: Recording, input: BatchInput) throws
        -> RecordingAnalysis
    {
        var streams = try ChannelStreams(
            labels: recording.labels, units: recording.signals.map(\.unit),
            rates: recording.signals.map(\.sampleRate),
            sampleCounts: recording.signals.map(\.count), options: settings.welchOptions)
        for (position, signal) in recording.signals.enumerated() {
            // No Welch segment spans the join of two stretches (segments, epochs).
            for range in recording.stretchSampleRanges(of: signal) {
                streams.breakSegment(position: position)
                streams.append(signal.samples[range], position: position)
            }
        }
        let analysis = try finish(
            input, format: recording.metadata["format"] ?? RecordingFormat.csv.rawValue,
            duration: recording.duration, isDiscontinuous: recording.isDiscontinuous,
            annotations: recording.annotations, streams: streams,
            declarations: recording.signals.map(\.declared))
        guard let detector else { return analysis }
        return try Self.detect(
            in: recording.stretches, analysis: analysis, detector: detector
        ) { chunk in
            recording.excerpt(from: chunk.readStart, to: chunk.readEnd)
        }
    }

    private func analyzeEDF(_ input: BatchInput, reader: EDFReader) throws -> RecordingAnalysis {
        let streams = ChannelStreams(
            try StreamingWelch(options: settings.welchOptions).accumulate(reader, channels: nil))
        var analysis = try finish(
            input, format: reader.format.rawValue, duration: reader.dataDuration,
            isDiscontinuous: !reader.isContinuous, annotations: reader.annotations,
            streams: streams, declarations: reader.dataSignals.map(\.declaration))
        if let detector {
            analysis = try detectStreaming(reader, analysis: analysis, detector: detector)
        }
        return analysis
    }

    /// Second pass over an EDF/BDF file: chunk by chunk (``chunks(stretches:)``), all
    /// channels of a chunk read at once and handed to the detector. Event onsets are in
    /// recording time.
    private func detectStreaming(
        _ reader: EDFReader, analysis: RecordingAnalysis, detector: RecordingEpisodeDetector
    ) throws -> RecordingAnalysis {
        let channels = Array(analysis.channels.indices)
        let stretches = reader.segments.map {
            GapFreeStretch(onset: $0.onset, duration: $0.duration, dataOffset: 0)
        }
        return try Self.detect(in: stretches, analysis: analysis, detector: detector) { chunk in
            try reader.read(channels: channels, from: chunk.readStart, to: chunk.readEnd)
                .rebasingStretches(to: chunk.readStart)
        }
    }

    /// Runs `detector` chunk by chunk (``chunks(stretches:)``) over samples that `read` gives
    /// for each chunk (onsets relative to the chunk's read start), and adds the chunks' events
    /// (in recording time), warnings and combined muscle index to `analysis`.
    private static func detect(
        in stretches: [GapFreeStretch], analysis: RecordingAnalysis,
        detector: RecordingEpisodeDetector, read: (DetectionChunk) throws -> Recording
    ) throws -> RecordingAnalysis {
        var events: [RhythmEvent] = []
        var warnings: [String] = []
        var muscle: [(summary: MuscleSummary, duration: Seconds)] = []
        for chunk in chunks(stretches: stretches) {
            let found = try detector(try read(chunk), analysis)
            events += chunk.keep(found.events, offset: chunk.readStart)
            warnings += found.warnings
            if let summary = found.muscle { muscle.append((summary, chunk.end - chunk.start)) }
        }
        return analysis.with(events: events).adding(warnings: warnings).with(muscle: muscle)
    }

    /// The detection chunks of a recording made of `stretches`, in recording time.
    ///
    /// Consecutive gap-free stretches are grouped into chunks of at least ``detectionChunk``
    /// seconds of data and handed to the detector whole (it keeps its filters and episodes
    /// inside each stretch, so a chunk boundary at a gap needs no padding); a stretch longer
    /// than ``detectionChunk`` + 2 × ``detectionPadding`` is chunked on its own with padding
    /// (``chunks(duration:)``). A continuous recording gives ``chunks(duration:)``.
    static func chunks(stretches: [GapFreeStretch]) -> [DetectionChunk] {
        var result: [DetectionChunk] = []
        var group: [GapFreeStretch] = []
        func flush() {
            guard let first = group.first, let last = group.last else { return }
            result.append(DetectionChunk(
                start: first.onset, end: last.end, readStart: first.onset, readEnd: last.end))
            group = []
        }
        for stretch in stretches {
            if stretch.duration > detectionChunk + 2 * detectionPadding {
                flush()
                result += chunks(duration: stretch.duration).map { chunk in
                    DetectionChunk(
                        start: stretch.onset + chunk.start, end: stretch.onset + chunk.end,
                        readStart: stretch.onset + chunk.readStart,
                        readEnd: stretch.onset + chunk.readEnd)
                }
                continue
            }
            group.append(stretch)
            if group.reduce(0, { $0 + $1.duration }) >= detectionChunk { flush() }
        }
        flush()
        // Each chunk owns the onsets up to the next one's start; the last owns the rest.
        for index in result.indices {
            let next = index + 1 < result.count ? result[index + 1].start : .infinity
            let current = result[index]
            result[index] = DetectionChunk(
                start: index == 0 ? min(current.start, 0) : current.start,
                end: current.end.isInfinite ? next : max(current.end, next),
                readStart: current.readStart, readEnd: current.readEnd)
        }
        return result
    }

    /// The detection chunks of a recording of `duration` seconds.
    static func chunks(duration: Seconds) -> [DetectionChunk] {
        guard duration > detectionChunk + 2 * detectionPadding else {
            return [DetectionChunk(start: 0, end: .infinity, readStart: 0, readEnd: duration)]
        }
        var result: [DetectionChunk] = []
        var start: Seconds = 0
        while start < duration {
            let end = min(duration, start + detectionChunk)
            let isLast = end >= duration
            result.append(DetectionChunk(
                start: start, end: isLast ? .infinity : end,
                readStart: max(0, start - detectionPadding),
                readEnd: min(duration, end + detectionPadding)))
            start = end
        }
        return result
    }

    private func finish(
        _ input: BatchInput, format: String, duration: Seconds, isDiscontinuous: Bool,
        annotations: [Annotation], streams: ChannelStreams, declarations: [ChannelDeclaration]
    ) throws -> RecordingAnalysis {
        guard !streams.labels.isEmpty else {
            throw AnalysisError.fileFailed(file: input.path, reason: "the file has no data channel")
        }
        var warnings: [String] = []
        if isDiscontinuous {
            warnings.append("discontinuous recording (EDF+D/BDF+D): Welch segments and detected "
                + "episodes never span a gap; durations exclude the gaps")
        }
        // Channel types, exclusions and usable passbands (a low-pass detected on the median
        // spectrum of the analysed channels of each rate) before the per-channel work.
        let described = streams.labels.indices.map { position in
            Signal.describing(
                label: streams.labels[position], unit: streams.units[position],
                sampleRate: streams.rates[position], declared: declarations[position])
        }
        let spectra = streams.labels.indices.map { try? streams.spectrum(position: $0).get() }
        let exclusions = described.map { settings.screening.exclusionReason(for: $0) }
        let includedPositions = described.indices.filter { exclusions[$0] == nil }
        let (passbands, passbandWarnings) = settings.passband.usablePassbands(
            for: includedPositions.map { described[$0] },
            spectra: includedPositions.map { spectra[$0] })
        warnings += passbandWarnings
        if let note = settings.screening.note(for: described) { warnings.append(note) }
        var usable = [UsablePassband?](repeating: nil, count: described.count)
        for (index, position) in includedPositions.enumerated() {
            usable[position] = passbands[index]
        }
        var channels: [ChannelAnalysis] = []
        var bandNotes: [String: [String]] = [:]
        for position in streams.labels.indices {
            let channel = analyzeChannel(
                streams, position: position, type: described[position].channelType,
                exclusion: exclusions[position], usable: usable[position],
                notes: &bandNotes)
            if let failure = channel.failure {
                warnings.append("channel \(channel.label): no PSD: \(failure)")
            } else if let fitFailure = channel.fitFailure {
                warnings.append("channel \(channel.label): spectral fit failed: \(fitFailure)")
            }
            channels.append(channel)
        }
        for (note, labels) in bandNotes.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(RhythmAnalysis.naming(labels)): \(note)")
        }
        for (index, band) in settings.bands.enumerated() {
            let missing = channels.filter {
                $0.spectrum != nil && $0.exclusion == nil && $0.analysedBands[index] != nil
                    && $0.bandPowers[index] == nil
            }
            guard !missing.isEmpty else { continue }
            let names = missing.prefix(6).map(\.label).joined(separator: ", ")
            let more = missing.count > 6 ? " and \(missing.count - 6) more" : ""
            warnings.append("band \(band.description) Hz not covered by the PSD of \(names)\(more) "
                + "(too few bins); left empty")
        }
        guard channels.contains(where: { $0.spectrum != nil }) else {
            let reason = channels.first?.failure ?? "no channel"
            throw AnalysisError.fileFailed(
                file: input.path, reason: "no channel has a PSD (\(reason))")
        }
        return RecordingAnalysis(
            input: input, format: format, duration: duration, isDiscontinuous: isDiscontinuous,
            annotations: annotations, channels: channels, events: [], warnings: warnings)
    }

    /// PSD, band powers within the usable passband and a spectral fit limited to it; notes
    /// for clipped or unavailable bands are collected by text in `notes`.
    private func analyzeChannel(
        _ streams: ChannelStreams, position: Int, type: ChannelType, exclusion: String?,
        usable: UsablePassband?, notes: inout [String: [String]]
    ) -> ChannelAnalysis {
        let label = streams.labels[position]
        let unit = streams.units[position]
        let rate = streams.rates[position]
        let empty = [BandPower?](repeating: nil, count: settings.bands.count)
        let spectrum: Spectrum
        switch streams.spectrum(position: position) {
        case let .success(result): spectrum = result
        case let .failure(error):
            return ChannelAnalysis(
                label: label, unit: unit, sampleRate: rate, spectrum: nil, bandPowers: empty,
                model: nil, fitFailure: nil, failure: error.reason, type: type,
                exclusion: exclusion, usablePassband: usable)
        }
        guard exclusion == nil, let usable else {
            return ChannelAnalysis(
                label: label, unit: unit, sampleRate: rate, spectrum: spectrum,
                bandPowers: empty, model: nil, fitFailure: nil, failure: nil, type: type,
                exclusion: exclusion, usablePassband: usable)
        }
        let availability = settings.bands.map { usable.availability(of: $0) }
        for case let note? in availability.map(\.note) { notes[note, default: []].append(label) }
        let analysed = availability.map(\.band)
        let powers = bandPowers(of: spectrum, bands: analysed)
        var model: SpectralModel? = nil
        var fitFailure: String? = nil
        do {
            let highest = min(spectrum.frequencies.last ?? 0, usable.high)
            let lowest = max(settings.fitRange.lowerBound, usable.low)
            let upper = min(settings.fitRange.upperBound, highest)
            guard lowest < upper else {
                throw AnalysisError.invalidParameter(
                    name: "fit range", value: "\(formatHertz(settings.fitRange.lowerBound))–"
                        + "\(formatHertz(settings.fitRange.upperBound)) Hz",
                    expected: "to overlap the usable passband "
                        + "\(formatHertz(usable.low))–\(formatHertz(highest)) Hz")
            }
            model = try spectrum.spectralModel(in: lowest...upper, settings: settings.fitSettings)
        } catch {
            fitFailure = String(describing: error)
        }
        return ChannelAnalysis(
            label: label, unit: unit, sampleRate: rate, spectrum: spectrum, bandPowers: powers,
            model: model, fitFailure: fitFailure, failure: nil, type: type, exclusion: nil,
            usablePassband: usable, analysedBands: analysed)
    }

    /// The band powers of the available (clipped) bands the spectrum covers; relative power
    /// uses the union of those bands only.
    private func bandPowers(of spectrum: Spectrum, bands: [FrequencyBand?]) -> [BandPower?] {
        let present = bands.compactMap { $0 }
        guard !present.isEmpty,
            let powers = try? spectrum.coveredBandPowers(present)
        else { return bands.map { _ in nil } }
        var next = powers.makeIterator()
        return bands.map { band in band == nil ? nil : (next.next() ?? nil) }
    }
}

/// One Welch accumulator per channel, fed block by block; a channel that fails keeps its
/// error and stops consuming.
struct ChannelStreams {
    let labels: [String]
    let units: [String]
    let rates: [Hertz]
    private var accumulators: [WelchAccumulator?]
    private var errors: [String?]

    /// - Parameter sampleCounts: The samples each channel holds; a Welch segment longer than
    ///   that fails for its channel before anything of the segment's size is allocated.
    init(
        labels: [String], units: [String], rates: [Hertz], sampleCounts: [Int],
        options: WelchOptions
    ) throws {
        self.labels = labels
        self.units = units
        self.rates = rates
        accumulators = []
        errors = []
        for index in labels.indices {
            do {
                accumulators.append(try WelchAccumulator(
                    sampleRate: rates[index], options: options, label: labels[index],
                    unit: units[index], availableSampleCount: sampleCounts[index]))
                errors.append(nil)
            } catch {
                accumulators.append(nil)
                errors.append(String(describing: error))
            }
        }
    }

    /// The channels of a finished streaming pass (``StreamingWelch``).
    init(_ states: [ChannelWelchState]) {
        labels = states.map(\.label)
        units = states.map(\.unit)
        rates = states.map(\.sampleRate)
        accumulators = states.map(\.accumulator)
        errors = states.map { state in state.error.map { String(describing: $0) } }
    }

    mutating func append(_ samples: ArraySlice<Double>, position: Int) {
        guard let accumulator = accumulators[position] else { return }
        do {
            try accumulator.append(samples)
        } catch {
            errors[position] = String(describing: error)
            accumulators[position] = nil
        }
    }

    func breakSegment(position: Int) {
        accumulators[position]?.discardPartialSegment()
    }

    func breakSegments() {
        for accumulator in accumulators { accumulator?.discardPartialSegment() }
    }

    func spectrum(position: Int) -> Result<Spectrum, ChannelFailure> {
        guard let accumulator = accumulators[position] else {
            return .failure(ChannelFailure(reason: errors[position] ?? "no samples"))
        }
        do {
            return .success(try accumulator.spectrum())
        } catch {
            return .failure(ChannelFailure(reason: String(describing: error)))
        }
    }
}

/// Why one channel has no PSD.
struct ChannelFailure: Error {
    let reason: String
}

/// Finds rhythm episodes in a recording or a chunk of one.
///
/// Receives the samples of every channel (a whole recording, or a chunk of it — onsets are
/// relative to the chunk's first sample) and the whole recording's analysis (its PSDs and
/// spectral models); returns the episodes with onsets in seconds from the chunk's first sample
/// and the warnings of the detection (e.g. a band clipped below the Nyquist frequency).
public typealias RecordingEpisodeDetector =
    @Sendable (_ chunk: Recording, _ analysis: RecordingAnalysis) throws -> ChunkDetection

/// What a ``RecordingEpisodeDetector`` found in one chunk.
public struct ChunkDetection: Sendable, Equatable {
    /// Episodes, onsets in seconds from the chunk's first sample.
    public var events: [RhythmEvent]
    /// Warnings of the detection; repeated chunks' repeats are dropped by the analyzer.
    public var warnings: [String]
    /// The muscle index of the chunk (gamma detection only).
    public var muscle: MuscleSummary? = nil

    /// Creates a result.
    public init(events: [RhythmEvent], warnings: [String] = []) {
        self.events = events
        self.warnings = warnings
    }
}

/// One detection chunk: episodes with onsets in `[start, end)` are kept; samples of
/// `[readStart, readEnd)` are analyzed.
struct DetectionChunk: Equatable {
    let start: Seconds
    let end: Seconds
    let readStart: Seconds
    let readEnd: Seconds

    /// The events (onsets relative to `offset`) made absolute, keeping those this chunk owns.
    func keep(_ events: [RhythmEvent], offset: Seconds) -> [RhythmEvent] {
        events.compactMap { event in
            var shifted = event
            shifted.onset += offset
            return shifted.onset >= start && shifted.onset < end ? shifted : nil
        }
    }
}

extension Recording {
    /// A copy whose stretches are listed from `origin` (seconds of recording time) instead of
    /// from the file's first sample, as the detector needs for a chunk read with
    /// `EDFReader.read(channels:from:to:)` starting at `origin`.
    func rebasingStretches(to origin: Seconds) -> Recording {
        guard isDiscontinuous, origin != 0 else { return self }
        return Recording(
            signals: signals, annotations: annotations, startDate: startDate, metadata: metadata,
            stretches: stretches.map {
                GapFreeStretch(
                    onset: $0.onset - origin, duration: $0.duration, dataOffset: $0.dataOffset)
            }, powerLineFrequency: powerLineFrequency)
    }
}

extension RecordingAnalysis {
    /// A copy with one more warning.
    /// A copy with `more` warnings appended, each at most once (chunks repeat them).
    func adding(warnings more: [String]) -> RecordingAnalysis {
        var seen = Set(warnings)
        var copy = self
        copy.warnings += more.filter { seen.insert($0).inserted }
        return copy
    }

    func adding(warning: String) -> RecordingAnalysis {
        var copy = self
        copy.warnings.append(warning)
        return copy
    }

    /// A copy with the muscle index of the detection chunks (see ``MuscleSummary/combined(_:)``).
    func with(muscle chunks: [(summary: MuscleSummary, duration: Seconds)]) -> RecordingAnalysis {
        var copy = self
        copy.muscle = MuscleSummary.combined(chunks)
        return copy
    }
}
