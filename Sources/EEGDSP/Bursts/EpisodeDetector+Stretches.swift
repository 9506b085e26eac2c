import EEGCore

// MARK: - Detection in signals with gaps (EDF+D / BDF+D)

extension EpisodeDetector {
    /// Detects episodes in a signal made of gap-free stretches joined back to back, one
    /// stretch at a time, so that no filter runs across a gap and no episode spans one.
    ///
    /// Each stretch goes through ``detect(in:background:)`` on its own: notches, band-passes
    /// and envelopes start afresh, and the edge blanking (one cycle of the band's lower edge,
    /// 0.5 s after mains notches) applies at both ends of every stretch. A stretch too short
    /// for detection (``DSPError/signalTooShort(label:sampleCount:required:purpose:)``) is
    /// skipped. The result is in the joined samples' index space: episode ranges and evidence
    /// line up with `signal`, so ``SpatialExtent`` works on it unchanged; map episode times to
    /// recording time with ``EEGCore/Recording/recordingTime(atDataTime:)``.
    ///
    /// Pass the channel's background (fitted to its gap-free PSD, see
    /// ``EEGCore/Signal/powerSpectrum(method:stretches:)``) so that every stretch is judged
    /// by the same 1/f level; the per-sub-band expected powers of the evidence are then the
    /// same in every stretch. With the median (dual-threshold) rule each stretch has its own
    /// median; the evidence then carries the length-weighted mean of the stretches' values.
    ///
    /// - Parameters:
    ///   - signal: One channel; its samples must be finite.
    ///   - stretches: Ascending, non-overlapping sample ranges of the gap-free stretches.
    ///   - background: As ``detect(in:background:)``.
    /// - Returns: The episodes of all stretches in time order, with evidence for every sample
    ///   (zero power in skipped stretches).
    /// - Throws: The errors of ``detect(in:background:)`` other than a short stretch;
    ///   ``DSPError/stretchesTooShort(label:longestCount:required:purpose:)`` when every
    ///   stretch is too short; ``DSPError/invalidParameter(name:value:expected:)`` for ranges
    ///   out of order or outside the signal.
    /// - Complexity: O(n log n) for n samples, as ``detect(in:background:)``.
    ///
    /// ```swift
    /// let ranges = recording.stretchSampleRanges(of: signal)
    /// let detection = try detector.detect(in: signal, stretches: ranges, background: fit)
    /// ```
    public func detect(
        in signal: Signal, stretches: [Range<Int>], background: SpectralModel.Aperiodic? = nil
    ) throws -> EpisodeDetection {
        try signal.validateStretches(stretches)
        if stretches.count <= 1, stretches.first ?? 0..<signal.count == 0..<signal.count {
            return try detect(in: signal, background: background)
        }
        let count = signal.count
        var episodes: [RhythmEpisode] = []
        var power = [Double](repeating: 0, count: count)
        var winner = [UInt8](repeating: 0, count: count)
        var expectedSums: [Double] = []
        var weight = 0.0
        var raisedSum: Double? = nil
        var template: EpisodeDetection? = nil
        var shortest: (longest: Int, required: Int, purpose: String)? = nil
        // Same rate, filters and background in every stretch: integrate the backgrounds once.
        let cache = BackgroundPowerCache()
        for range in stretches where !range.isEmpty {
            let part: EpisodeDetection
            do {
                // Without a given background each stretch fits its own, so nothing is shared.
                part = try detect(
                    in: signal.slice(range), background: background,
                    cache: background == nil ? BackgroundPowerCache() : cache)
            } catch DSPError.signalTooShort(_, let sampleCount, let required, let purpose) {
                let longest = max(shortest?.longest ?? 0, sampleCount)
                shortest = (longest, required, purpose)
                continue
            }
            template = template ?? part
            for episode in part.episodes {
                let shifted = episode.burst.range.lowerBound + range.lowerBound
                episodes.append(
                    RhythmEpisode(
                        burst: Burst(
                            range: shifted..<(shifted + episode.burst.range.count),
                            sampleRate: signal.sampleRate),
                        frequency: episode.frequency, peakAmplitude: episode.peakAmplitude,
                        snrDecibels: episode.snrDecibels))
            }
            let evidence = part.evidence
            for offset in 0..<range.count {
                power[range.lowerBound + offset] = evidence.envelopePower[offset]
                winner[range.lowerBound + offset] = evidence.subbandIndex[offset]
            }
            let share = Double(range.count)
            if let fraction = part.broadbandRiseFraction {
                raisedSum = (raisedSum ?? 0) + fraction * share
            }
            if expectedSums.isEmpty {
                expectedSums = evidence.expectedPower.map { $0 * share }
            } else {
                for index in expectedSums.indices where index < evidence.expectedPower.count {
                    expectedSums[index] += evidence.expectedPower[index] * share
                }
            }
            weight += share
        }
        guard let template else {
            let detail = shortest ?? (0, 1, "episode detection")
            throw DSPError.stretchesTooShort(
                label: signal.label, longestCount: detail.longest, required: detail.required,
                purpose: detail.purpose)
        }
        return EpisodeDetection(
            episodes: episodes, band: template.band, subbands: template.subbands,
            backgroundSource: template.backgroundSource,
            notchedFrequencies: template.notchedFrequencies, sampleCount: count,
            broadbandRiseFraction: raisedSum.map { $0 / weight }, sampleRate: signal.sampleRate,
            evidence: EpisodeEvidence(
                envelopePower: power, subbandIndex: winner,
                expectedPower: expectedSums.map { $0 / weight }))
    }
}
