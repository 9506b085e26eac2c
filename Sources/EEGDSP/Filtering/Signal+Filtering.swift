import EEGCore

extension Signal {
    /// The signal filtered by `design`, designed for this signal's sample rate.
    ///
    /// ```swift
    /// let theta = try signal.filtered(
    ///     by: .butterworth(order: 4, band: .bandpass(low: 4, high: 8)))
    /// ```
    ///
    /// - Parameter design: The filter; see ``FilterDesign`` for which reference each case matches.
    /// - Returns: A signal with the same rate, label and unit.
    /// - Throws: ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``, the
    ///   design's errors, and ``DSPError/signalTooShort(label:sampleCount:required:purpose:)``
    ///   (naming this channel) when the signal is too short for zero-phase IIR padding.
    public func filtered(by design: FilterDesign) throws -> Signal {
        try requireFiniteForDSP()
        do {
            return replacingSamples(try design.apply(to: samples, sampleRate: sampleRate))
        } catch let DSPError.signalTooShort(_, count, required, purpose) {
            throw DSPError.signalTooShort(
                label: label, sampleCount: count, required: required, purpose: purpose)
        }
    }

    /// Throws unless the signal is non-empty and finite.
    func requireFiniteForDSP() throws {
        guard !samples.isEmpty else {
            throw DSPError.emptyInput(what: label.isEmpty ? "signal" : "channel \(label)")
        }
        if let index = firstNonFiniteIndex {
            throw DSPError.nonFiniteInput(label: label, index: index)
        }
    }
}

extension Recording {
    /// Every channel filtered by `design` (each designed for its own sample rate), channels in
    /// parallel. A discontinuous recording is filtered stretch by stretch (no filter runs
    /// across a gap; see ``Signal/filtered(by:stretches:)``) and keeps its stretches.
    ///
    /// - Throws: The first channel's error, as ``Signal/filtered(by:stretches:)``.
    public func filtered(by design: FilterDesign) throws -> Recording {
        try mapSignalsConcurrently { signal in
            try signal.filtered(by: design, stretches: stretchSampleRanges(of: signal))
        }
    }
}
