import Dispatch
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// Welch PSDs of the data channels of an EDF/BDF file, computed in one streaming pass.
///
/// The file is read in small blocks of whole records (all channels at a time, so the bytes are
/// still in the CPU cache when decoded); each channel's samples are decoded straight into its
/// ``WelchAccumulator``'s segment buffer, every completed segment is transformed at once with
/// the one cached FFT plan of its length, and nothing is allocated per segment. Channels are
/// split into contiguous groups processed concurrently (one group per core). Memory is one
/// block plus, per channel, one segment and one running sum per bin, whatever the length of
/// the recording (with ``SpectralAverage/mean``; ``SpectralAverage/median`` keeps every
/// periodogram).
///
/// Results equal the in-memory ``Signal/powerSpectrum(method:)`` with the same options on the
/// whole channel (both run the same accumulator; checked to 1e-12 by the tests), which matches
/// `scipy.signal.welch`. For EDF+D/BDF+D files no Welch segment spans a gap: segments restart
/// after each gap and the periodograms of all gap-free runs are averaged together (see
/// ``WelchAccumulator/discardPartialSegment()``).
///
/// ```swift
/// let reader = try EDFReader(url: URL(fileURLWithPath: "S001R01.edf"))
/// let spectra = try StreamingWelch(options: WelchOptions()).spectra(of: reader)
/// ```
public struct StreamingWelch: Sendable {
    /// The Welch parameters applied to every channel.
    public let options: WelchOptions
    /// The number of channel groups processed at the same time (default: active cores).
    public let concurrency: Int
    /// File bytes read per block (default 256 KiB, at least one record).
    public let blockBytes: Int

    /// Creates a streaming estimator.
    /// - Parameters:
    ///   - options: Welch parameters (default: 2 s periodic Hann, 50 % overlap, constant
    ///     detrend, mean, density; `scipy.signal.welch` semantics).
    ///   - concurrency: Channel groups run concurrently, ≥ 1 (default: active processors).
    ///   - blockBytes: File bytes per read, ≥ 1 (default 256 KiB).
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for `concurrency` or
    ///   `blockBytes` < 1.
    public init(
        options: WelchOptions = WelchOptions(),
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        blockBytes: Int = 256 << 10
    ) throws {
        guard concurrency >= 1 else {
            throw AnalysisError.invalidParameter(
                name: "concurrency", value: "\(concurrency)", expected: "≥ 1")
        }
        guard blockBytes >= 1 else {
            throw AnalysisError.invalidParameter(
                name: "block size", value: "\(blockBytes) bytes", expected: "≥ 1")
        }
        self.options = options
        self.concurrency = concurrency
        self.blockBytes = blockBytes
    }

    /// The Welch PSD of each requested data channel.
    ///
    /// - Parameters:
    ///   - reader: An open EDF/BDF file.
    ///   - channels: Indices into ``EEGFileIO/EDFReader/dataSignals`` (default all).
    /// - Returns: One result per requested channel, in the requested order: its one-sided PSD
    ///   (unit²/Hz for density scaling) or, for a channel that could not be analyzed (shorter
    ///   than one segment, bad sampling rate for the options), the error.
    /// - Throws: ``EEGFileIO/EDFError`` for a bad channel index or an I/O error.
    public func spectra(of reader: EDFReader, channels: [Int]? = nil) throws
        -> [Result<Spectrum, any Error>]
    {
        let states = try accumulate(reader, channels: channels)
        return states.map { state in
            guard let accumulator = state.accumulator else {
                return .failure(state.error ?? AnalysisError.invalidParameter(
                    name: "channel", value: state.label, expected: "samples"))
            }
            return Result { try accumulator.spectrum() }
        }
    }

    /// The in-memory counterpart: the Welch PSD of every channel of `recording`
    /// (``EEGDSP/Signal/powerSpectrum(method:stretches:)``, segments inside the gap-free
    /// stretches of a discontinuous recording), channel groups processed concurrently.
    ///
    /// - Returns: One result per channel, in order: its PSD or the error for that channel.
    public func spectra(of recording: Recording) -> [Result<Spectrum, any Error>] {
        let signals = recording.signals
        let stretches = signals.map { recording.stretchSampleRanges(of: $0) }
        let groups = Self.groups(weights: signals.map { _ in 1 }, count: concurrency)
        let method = PSDMethod.welch(options)
        let perGroup = (try? Parallel.map(groups.count, width: groups.count) { group in
            groups[group].map { position in
                Result<Spectrum, any Error> {
                    try signals[position].powerSpectrum(
                        method: method, stretches: stretches[position])
                }
            }
        }) ?? []
        return perGroup.flatMap { $0 }
    }

    /// Feeds the file through one accumulator per requested channel; the states keep each
    /// channel's accumulator or, once it failed, its error.
    func accumulate(_ reader: EDFReader, channels: [Int]?) throws -> [ChannelWelchState] {
        let signals = reader.dataSignals
        let requested = channels ?? Array(signals.indices)
        for channel in requested where !signals.indices.contains(channel) {
            throw EDFError.invalidRequest(
                path: reader.path, parameter: "channel index", value: "\(channel)",
                expected: "0..<\(signals.count) (data signals)")
        }
        let states = requested.map { channel in
            ChannelWelchState(
                channel: channel, label: signals[channel].label,
                unit: signals[channel].physicalDimension,
                sampleRate: reader.sampleRate(ofChannel: channel),
                sampleCount: signals[channel].samplesPerRecordCount * reader.header.recordCount,
                options: options)
        }
        let groups = Self.groups(
            weights: requested.map { signals[$0].samplesPerRecordCount }, count: concurrency)
        var isFirst = true
        try reader.forEachRecordBlock(maximumBlockBytes: blockBytes) { block in
            if block.startsSegment, !isFirst {
                for state in states { state.accumulator?.discardPartialSegment() }
            }
            isFirst = false
            if groups.count == 1 {
                for state in states { state.append(block) }
            } else {
                try Parallel.forEach(groups.count, width: groups.count) { group in
                    for position in groups[group] { states[position].append(block) }
                }
            }
        }
        return states
    }

    /// Splits positions `0..<weights.count` into at most `count` contiguous ranges of about
    /// equal total weight (samples per record), so each core gets the same work.
    static func groups(weights: [Int], count: Int) -> [Range<Int>] {
        guard !weights.isEmpty else { return [] }
        let total = Double(weights.reduce(0, +))
        let groupCount = max(1, min(count, weights.count))
        var ranges: [Range<Int>] = []
        var start = 0
        var running = 0.0
        for (position, weight) in weights.enumerated() {
            running += Double(weight)
            let boundary = total * Double(ranges.count + 1) / Double(groupCount)
            if ranges.count < groupCount - 1, running >= boundary {
                ranges.append(start..<(position + 1))
                start = position + 1
            }
        }
        if start < weights.count { ranges.append(start..<weights.count) }
        return ranges
    }
}

/// One channel's streaming state: its accumulator, or the error that stopped it.
///
/// `@unchecked Sendable`: during streaming each state is touched by exactly one worker (the
/// channel groups are disjoint), and the caller reads it only after the pass has finished.
final class ChannelWelchState: @unchecked Sendable {
    let channel: Int
    let label: String
    let unit: String
    let sampleRate: Hertz
    private(set) var accumulator: WelchAccumulator?
    private(set) var error: (any Error)?

    /// - Parameter sampleCount: The samples the file holds for this channel; a segment longer
    ///   than that fails here, before the accumulator allocates a window and FFT buffers of
    ///   the segment's length (which a header claiming 1e9 Hz would make gigabytes).
    init(
        channel: Int, label: String, unit: String, sampleRate: Hertz, sampleCount: Int,
        options: WelchOptions
    ) {
        self.channel = channel
        self.label = label
        self.unit = unit
        self.sampleRate = sampleRate
        do {
            accumulator = try WelchAccumulator(
                sampleRate: sampleRate, options: options, label: label, unit: unit,
                availableSampleCount: sampleCount)
        } catch {
            self.error = error
        }
    }

    /// Decodes this channel's samples of `block` straight into the accumulator.
    func append(_ block: EDFRecordBlock) {
        guard let accumulator else { return }
        let channel = self.channel
        do {
            try accumulator.append(count: block.sampleCount(channel: channel)) {
                destination, range in
                block.decode(channel: channel, samples: range, into: destination)
            }
        } catch {
            self.error = error
            self.accumulator = nil
        }
    }
}

// MARK: - Band power

/// The band powers of one channel, from ``StreamingWelch/bandPowers(of:channels:bands:rule:)``.
public struct ChannelBandPowers: Sendable, Equatable {
    /// The channel label as the file stores it.
    public let label: String
    /// The physical unit of the samples (band powers are in this unit squared).
    public let unit: String
    /// Samples per second in Hz.
    public let sampleRate: Hertz
    /// One value per requested band, in the requested order; `nil` for a band the channel's
    /// spectrum cannot cover (see ``EEGDSP/Spectrum/coveredBandPowers(_:rule:)``).
    public let powers: [BandPower?]
}

extension StreamingWelch {
    /// Absolute and relative band powers of each requested channel from its streamed Welch
    /// PSD; the numbers equal ``EEGDSP/Spectrum/coveredBandPowers(_:rule:)`` of the Welch PSD of
    /// the channel read into memory (continuous files).
    ///
    /// - Parameters:
    ///   - reader: An open EDF/BDF file.
    ///   - channels: Indices into ``EEGFileIO/EDFReader/dataSignals`` (default all).
    ///   - bands: The bands (default the five standard ones).
    ///   - rule: Integration rule (default Simpson's, as YASA and `scipy.integrate.simpson`).
    /// - Returns: One entry per channel, in the requested order.
    /// - Throws: The first failing channel's error (too short for one segment, …), or
    ///   ``EEGFileIO/EDFError`` for I/O errors. A band beyond a channel's spectrum is not an
    ///   error: its entry is `nil`.
    public func bandPowers(
        of reader: EDFReader, channels: [Int]? = nil,
        bands: [FrequencyBand] = FrequencyBand.standard, rule: IntegrationRule = .simpson
    ) throws -> [ChannelBandPowers] {
        let states = try accumulate(reader, channels: channels)
        return try states.map { state in
            guard let accumulator = state.accumulator else {
                throw state.error ?? AnalysisError.invalidParameter(
                    name: "channel", value: state.label, expected: "samples")
            }
            return ChannelBandPowers(
                label: state.label, unit: state.unit, sampleRate: state.sampleRate,
                powers: try accumulator.spectrum().coveredBandPowers(bands, rule: rule))
        }
    }

    /// The data-channel indices of `names` (matched as ``EEGCore/ChannelName/matches(_:_:)``
    /// does, e.g. `Pz` finds `EEG Pz-Ref`), in the given order.
    ///
    /// - Throws: ``EEGCore/CoreError/invalidParameter(name:value:expected:)`` naming the first
    ///   unknown channel and listing the available ones (as
    ///   ``EEGCore/Recording/selecting(channels:)``).
    public static func channelIndices(named names: [String], in reader: EDFReader) throws
        -> [Int]
    {
        let labels = reader.dataSignals.map(\.label)
        return try names.map { name in
            guard let index = labels.firstIndex(where: { ChannelName.matches($0, name) }) else {
                let available = labels.prefix(12).joined(separator: ", ")
                throw CoreError.invalidParameter(
                    name: "channel", value: "'\(name)'",
                    expected: "one of: \(available)\(labels.count > 12 ? ", …" : "")")
            }
            return index
        }
    }
}
