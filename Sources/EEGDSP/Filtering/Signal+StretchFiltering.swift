import EEGCore

// MARK: - Filtering signals with gaps (EDF+D / BDF+D)

extension Signal {
    /// Applies `transform` to each gap-free stretch on its own and joins the results, so that
    /// no filter (or Hilbert transform) runs across a gap: each stretch gets its own edge
    /// handling (padding, transients) as if it were a separate recording, which is what
    /// `mne.filter.filter_data` or `scipy.signal.sosfiltfilt` do when called per stretch.
    ///
    /// - Parameters:
    ///   - stretches: Adjacent sample ranges covering `0..<count` (as
    ///     ``EEGCore/Recording/stretchSampleRanges(of:)`` gives them); a single range is the
    ///     whole signal.
    ///   - transform: A length-preserving operation on one stretch.
    /// - Returns: The joined results, same length, rate, label and unit.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when the ranges do not
    ///   tile the signal; `transform`'s errors, a too-short stretch's
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` naming the stretch.
    func mappingStretches(
        _ stretches: [Range<Int>], _ transform: (Signal) throws -> Signal
    ) throws -> Signal {
        guard stretches.count > 1 else { return try transform(self) }
        var expectedStart = 0
        for range in stretches {
            guard range.lowerBound == expectedStart, range.upperBound <= count else {
                throw DSPError.invalidParameter(
                    name: "stretch", value: "samples \(range.lowerBound)..<\(range.upperBound)",
                    expected: "adjacent ranges starting at \(expectedStart) within 0..<\(count)")
            }
            expectedStart = range.upperBound
        }
        guard expectedStart == count else {
            throw DSPError.invalidParameter(
                name: "stretches", value: "ending at sample \(expectedStart)",
                expected: "ranges covering all \(count) samples")
        }
        var joined: [Double] = []
        joined.reserveCapacity(count)
        for range in stretches where !range.isEmpty {
            do {
                joined += try transform(slice(range)).samples
            } catch let DSPError.signalTooShort(_, sampleCount, required, purpose) {
                throw DSPError.signalTooShort(
                    label: label, sampleCount: sampleCount, required: required,
                    purpose: purpose + " (gap-free stretch at samples "
                        + "\(range.lowerBound)..<\(range.upperBound))")
            }
        }
        return replacingSamples(joined)
    }

    /// The signal filtered by `design` stretch by stretch (see ``filtered(by:)``): zero-phase
    /// and causal filters alike restart at every gap of a discontinuous recording.
    ///
    /// - Parameters:
    ///   - design: The filter.
    ///   - stretches: Adjacent sample ranges covering the signal, e.g.
    ///     ``EEGCore/Recording/stretchSampleRanges(of:)``.
    /// - Returns: A signal of the same length, rate, label and unit.
    /// - Throws: As ``filtered(by:)`` per stretch, and
    ///   ``DSPError/invalidParameter(name:value:expected:)`` for ranges that do not tile it.
    ///
    /// ```swift
    /// let ranges = recording.stretchSampleRanges(of: signal)
    /// let design = FilterDesign.fir(band: .bandpass(low: 8, high: 13))
    /// let alpha = try signal.filtered(by: design, stretches: ranges)
    /// ```
    public func filtered(by design: FilterDesign, stretches: [Range<Int>]) throws -> Signal {
        try mappingStretches(stretches) { try $0.filtered(by: design) }
    }

    /// The Hilbert amplitude envelope computed stretch by stretch (see ``envelope()``),
    /// optionally after filtering each stretch by `design`.
    ///
    /// - Throws: As ``filtered(by:stretches:)`` and ``envelope()``.
    public func envelope(after design: FilterDesign?, stretches: [Range<Int>]) throws -> Signal {
        try mappingStretches(stretches) { piece in
            try (design.map { try piece.filtered(by: $0) } ?? piece).envelope()
        }
    }
}
