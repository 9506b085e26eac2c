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
        replacingSamples(try analytic().amplitude)
    }
}
