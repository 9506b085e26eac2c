import EEGCore

// MARK: - Multichannel maps (the one place recordings apply single-channel estimators)

extension Recording {
    /// Applies `transform` to every channel in order; each channel keeps its own sampling rate.
    ///
    /// - Throws: the first error `transform` throws (its message names the channel).
    public func mapChannels<Result>(_ transform: (Signal) throws -> Result) rethrows -> [Result] {
        try signals.map(transform)
    }

    /// The band powers of every channel, Welch segments kept inside the gap-free stretches of
    /// a discontinuous recording; see ``Signal/bandPowers(_:method:rule:stretches:)``.
    public func bandPowers(
        _ bands: [FrequencyBand] = FrequencyBand.standard, method: PSDMethod = .welch(),
        rule: IntegrationRule = .simpson
    ) throws -> [[BandPower]] {
        try mapChannels {
            try $0.bandPowers(
                bands, method: method, rule: rule, stretches: stretchSampleRanges(of: $0))
        }
    }
}

extension Spectrum {
    /// The bins between `minimum` and `maximum` Hz inclusive (MNE's `fmin`/`fmax` mask).
    ///
    /// - Parameters:
    ///   - minimum: Lowest frequency kept in Hz (≥ 0).
    ///   - maximum: Highest frequency kept in Hz (may be `.infinity`).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` unless
    ///   0 ≤ minimum < maximum, or when no bin falls in the range.
    public func cropped(minimum: Hertz, maximum: Hertz) throws -> Spectrum {
        guard minimum.isFinite, minimum >= 0, !maximum.isNaN, minimum < maximum else {
            throw DSPError.invalidParameter(
                name: "frequency range", value: "fmin \(minimum) Hz, fmax \(maximum) Hz",
                expected: "0 ≤ fmin < fmax")
        }
        let result = trimmed(to: minimum, maximum)
        guard !result.frequencies.isEmpty else {
            throw DSPError.invalidParameter(
                name: "frequency range",
                value: "\(formatHertz(minimum))–\(formatHertz(maximum)) Hz",
                expected: "at least one bin of \(label.isEmpty ? "the spectrum" : label) "
                    + "(0–\(formatHertz(frequencies.last ?? 0)) Hz)")
        }
        return result
    }
}
