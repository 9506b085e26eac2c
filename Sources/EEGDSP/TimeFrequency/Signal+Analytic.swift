import EEGCore

extension Signal {
    /// The analytic signal (`scipy.signal.hilbert`).
    ///
    /// - Throws: ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``.
    public func analytic() throws -> AnalyticSignal {
        try requireFiniteForDSP()
        return try AnalyticSignal(samples: samples, sampleRate: sampleRate)
    }

    /// The Hilbert amplitude envelope, `|hilbert(x)|`, as a signal in the same unit.
    ///
    /// ```swift
    /// let envelope = try signal.filtered(by: .butterworth(band: .bandpass(low: 2, high: 4)))
    ///     .envelope()
    /// ```
    /// - Throws: ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``.
    public func envelope() throws -> Signal {
        try requireFiniteForDSP()
        // Same values as `analytic().amplitude`, without materializing the imaginary part.
        return replacingSamples(try HilbertEngine(count: count).amplitude(samples))
    }
}

extension Recording {
    /// The Hilbert amplitude envelope of every channel, optionally after filtering each one by
    /// `design` first; channels run in parallel (`DispatchQueue.concurrentPerform`).
    ///
    /// ```swift
    /// let delta3 = try recording.envelope(after: .fir(band: .bandpass(low: 2, high: 4)))
    /// ```
    /// A discontinuous recording is processed stretch by stretch (no filter or Hilbert
    /// transform runs across a gap; see ``Signal/envelope(after:stretches:)``).
    ///
    /// - Parameter design: A filter applied before the envelope, or `nil` for none.
    /// - Returns: A recording with the same channels, rates, units, annotations and stretches.
    /// - Throws: The first failing channel's error (see ``Signal/filtered(by:)`` and
    ///   ``Signal/envelope()``).
    public func envelope(after design: FilterDesign? = nil) throws -> Recording {
        try mapSignalsConcurrently { signal in
            try signal.envelope(after: design, stretches: stretchSampleRanges(of: signal))
        }
    }
}
