import Foundation

/// One gap-free stretch of a recording: a run of samples taken without interruption.
///
/// A continuous recording is one stretch. A discontinuous one (EDF+D/BDF+D: data records with
/// gaps between them) is read into memory with its stretches joined back to back, so a channel's
/// samples live on two time axes: *data time* (sample index / rate, gaps left out) and
/// *recording time* (seconds from the first sample, gaps included). A stretch links the two.
public struct GapFreeStretch: Sendable, Equatable, Hashable {
    /// Recording time of the stretch's first sample, in seconds (gaps included).
    public let onset: Seconds
    /// The stretch's length in seconds.
    public let duration: Seconds
    /// Data time of the stretch's first sample, in seconds: the length of the stretches
    /// before it (gaps left out).
    public let dataOffset: Seconds

    /// Creates a stretch.
    ///
    /// - Parameters:
    ///   - onset: Recording time of the first sample, in seconds.
    ///   - duration: Length in seconds.
    ///   - dataOffset: Data time of the first sample, in seconds.
    public init(onset: Seconds, duration: Seconds, dataOffset: Seconds) {
        self.onset = onset
        self.duration = duration
        self.dataOffset = dataOffset
    }

    /// Recording time just after the last sample, in seconds.
    public var end: Seconds { onset + duration }

    /// The stretch's samples in a channel of `sampleRate` Hz whose stretches are joined back to
    /// back: `round(dataOffset · rate) ..< round((dataOffset + duration) · rate)` (half-open).
    public func sampleRange(sampleRate: Hertz) -> Range<Int> {
        let first = Int((dataOffset * sampleRate).rounded())
        let last = Int(((dataOffset + duration) * sampleRate).rounded())
        return first..<max(first, last)
    }
}

extension GapFreeStretch {
    /// Stretches from `(onset, duration)` pairs in seconds of recording time, each with its
    /// data offset (the summed durations before it).
    ///
    /// - Throws: ``CoreError/invalidParameter(name:value:expected:)`` when a duration is not
    ///   positive and finite, an onset is not finite, or a stretch starts before the previous
    ///   one ends (tolerance 10⁻⁶ · max(1, duration) s for rounded decimal onsets).
    public static func sequence(_ pairs: [(onset: Seconds, duration: Seconds)]) throws
        -> [GapFreeStretch]
    {
        var result: [GapFreeStretch] = []
        var dataOffset: Seconds = 0
        for (onset, length) in pairs {
            guard onset.isFinite, length.isFinite, length > 0,
                onset >= (result.last?.end ?? -.infinity) - 1e-6 * max(1, length)
            else {
                throw CoreError.invalidParameter(
                    name: "stretch", value: "\(onset):\(length)",
                    expected: "a positive duration starting at or after the previous stretch's end")
            }
            result.append(GapFreeStretch(onset: onset, duration: length, dataOffset: dataOffset))
            dataOffset += length
        }
        return result
    }
}

extension Recording {
    /// Whether the recording has gaps (more than one gap-free stretch).
    public var isDiscontinuous: Bool { stretches.count > 1 }

    /// The gaps between the stretches, in recording time (seconds, half-open).
    public var gaps: [Range<Seconds>] {
        let list = stretches
        return zip(list, list.dropFirst()).compactMap { before, after in
            before.end < after.onset ? before.end..<after.onset : nil
        }
    }

    /// The sample ranges of the gap-free stretches in `signal` (a channel of this recording):
    /// ascending, adjacent, together covering every sample (the last range absorbs rounding).
    /// A continuous recording gives `[0..<signal.count]`.
    public func stretchSampleRanges(of signal: Signal) -> [Range<Int>] {
        let list = stretches
        guard list.count > 1 else { return [0..<signal.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, stretch) in list.enumerated() {
            let proposed = stretch.sampleRange(sampleRate: signal.sampleRate).upperBound
            let end = index == list.count - 1
                ? signal.count : min(max(start, proposed), signal.count)
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// The recording time (gaps included) of a data time (seconds of joined samples from the
    /// first one); the identity for a continuous recording.
    ///
    /// A data time exactly at the join of two stretches maps to the start of the later one.
    public func recordingTime(atDataTime dataTime: Seconds) -> Seconds {
        let list = stretches
        let stretch = list.last { $0.dataOffset <= dataTime } ?? list[0]
        return stretch.onset + (dataTime - stretch.dataOffset)
    }

    /// One recording per gap-free stretch, each with its samples, the annotations with onsets
    /// inside it re-based to its start, and `metadata["segment_onset_s"]` giving its onset in
    /// seconds of recording time (as `EDFReader.readSegments()`); a continuous recording gives
    /// `[self]`.
    public func splitAtGaps() -> [Recording] {
        let list = stretches
        guard list.count > 1 else { return [self] }
        let ranges = signals.map { stretchSampleRanges(of: $0) }
        return list.enumerated().map { index, stretch in
            var own = metadata
            own["segment_onset_s"] = "\(stretch.onset)"
            let inside = annotations.filter {
                $0.onset >= stretch.onset && $0.onset < stretch.end
            }.map {
                Annotation(
                    onset: $0.onset - stretch.onset, duration: $0.duration,
                    description: $0.description)
            }
            return Recording(
                signals: zip(signals, ranges).map { $0.slice($1[index]) }, annotations: inside,
                startDate: startDate?.addingTimeInterval(stretch.onset), metadata: own,
                powerLineFrequency: powerLineFrequency)
        }
    }

    /// The part of the recording between two times in recording time (seconds from the first
    /// sample, gaps included), gap-aware: each channel keeps the samples whose time lies in
    /// `[start, end)` (rounded to the nearest sample, as ``Signal/slice(from:to:)``), the
    /// stretches are clipped to the span and re-based to `start` (so the excerpt stays
    /// discontinuous when the span covers a gap), and annotations with onsets in the span are
    /// kept, re-based to `start`. For a continuous recording the signals are
    /// ``Signal/slice(from:to:)``.
    ///
    /// - Parameters:
    ///   - start: Recording time in seconds.
    ///   - end: Recording time in seconds (≥ `start`).
    /// - Returns: The excerpt; channels with no sample in the span are empty.
    public func excerpt(from start: Seconds, to end: Seconds) -> Recording {
        let list = stretches
        let inside = annotations.filter { $0.onset >= start && $0.onset < end }.map {
            Annotation(onset: $0.onset - start, duration: $0.duration, description: $0.description)
        }
        guard list.count > 1 else {
            return Recording(
                signals: signals.map { $0.slice(from: start, to: end) }, annotations: inside,
                startDate: startDate?.addingTimeInterval(start), metadata: metadata,
                powerLineFrequency: powerLineFrequency)
        }
        // The stretches' parts inside the span, in recording time.
        let clipped = list.compactMap { stretch -> (GapFreeStretch, Seconds, Seconds)? in
            let low = max(start, stretch.onset)
            let high = min(end, stretch.end)
            return high > low ? (stretch, low, high) : nil
        }
        let pieces = signals.map { signal -> Signal in
            let ranges = stretchSampleRanges(of: signal)
            var kept: [Double] = []
            for (stretch, low, high) in clipped {
                guard let index = list.firstIndex(of: stretch) else { continue }
                let range = ranges[index]
                let rate = signal.sampleRate
                let from = Int(((low - stretch.onset) * rate).rounded())
                let to = Int(((high - stretch.onset) * rate).rounded())
                let first = min(range.count, max(0, from))
                let last = min(range.count, max(first, to))
                kept += signal.samples[(range.lowerBound + first)..<(range.lowerBound + last)]
            }
            return signal.replacingSamples(kept)
        }
        // Re-based to `start`; a single clipped stretch means the excerpt is continuous.
        let rebased = clipped.count > 1
            ? try? GapFreeStretch.sequence(
                clipped.map { _, low, high in (onset: low - start, duration: high - low) })
            : nil
        return Recording(
            signals: pieces, annotations: inside, startDate: startDate?.addingTimeInterval(start),
            metadata: metadata, stretches: rebased, powerLineFrequency: powerLineFrequency)
    }
}

