import EEGCore

// MARK: - Spectral models of signals and recordings

extension SpectralModelFitter {
    /// The default fitting range: 1–40 Hz, the range FOOOF's documentation uses for scalp EEG
    /// (above slow drifts and high-pass roll-off, below mains and most muscle). Where a
    /// spectrum stops below 40 Hz, the fit stops at its highest bin instead.
    public static let defaultFrequencyRange: ClosedRange<Hertz> = 1...40
}

extension Signal {
    /// Estimates the PSD of the signal and parameterizes it (FOOOF / specparam model).
    ///
    /// - Parameters:
    ///   - minimum: lowest frequency to fit in Hz (default 1).
    ///   - maximum: highest frequency to fit in Hz, or nil for 40 Hz or the PSD's highest bin,
    ///     whichever is lower (see ``SpectralModelFitter/defaultFrequencyRange``).
    ///   - settings: fit settings (FOOOF 1.1 defaults).
    ///   - method: the PSD estimator (default Welch: 2 s Hann segments, 50 % overlap, as
    ///     `scipy.signal.welch`).
    ///   - stretches: the gap-free stretches of a discontinuous channel (see
    ///     ``powerSpectrum(method:stretches:)``); `nil` (default) for a continuous one.
    /// - Returns: the model of the PSD in unit²/Hz; `label` and `unit` are the signal's.
    /// - Throws: the errors of ``powerSpectrum(method:stretches:)`` and
    ///   ``SpectralModelFitter/fit(_:in:)``
    ///   (e.g. ``DSPError/invalidParameter(name:value:expected:)`` for a range the PSD does
    ///   not cover).
    ///
    /// ```swift
    /// let model = try signal.spectralModel(settings: .init(aperiodicMode: .knee))
    /// let delta = model.strongestPeak(in: try FrequencyBand(low: 2, high: 4))
    /// ```
    public func spectralModel(
        from minimum: Hertz = SpectralModelFitter.defaultFrequencyRange.lowerBound,
        to maximum: Hertz? = nil, settings: SpectralFitSettings = .init(),
        method: PSDMethod = .welch(), stretches: [Range<Int>]? = nil
    ) throws -> SpectralModel {
        let spectrum = try powerSpectrum(method: method, stretches: stretches ?? [0..<count])
        return try SpectralModelFitter(settings: settings)
            .fit(spectrum, from: minimum, to: maximum)
    }
}

extension SpectralModelFitter {
    /// Parameterizes a PSD from `minimum` to `maximum` Hz, or (with no `maximum`) to 40 Hz or
    /// the PSD's highest bin, whichever is lower (see ``defaultFrequencyRange``): the range
    /// rule of ``EEGCore/Signal/spectralModel(from:to:settings:method:stretches:)``, for a
    /// PSD computed elsewhere (e.g. streamed from a file).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for an empty range; the
    ///   errors of ``fit(_:in:)``.
    public func fit(_ spectrum: Spectrum, from minimum: Hertz, to maximum: Hertz?) throws
        -> SpectralModel
    {
        let highest = spectrum.frequencies.last ?? 0
        let upper = maximum ?? min(Self.defaultFrequencyRange.upperBound, highest)
        guard minimum.isFinite, upper.isFinite, minimum < upper else {
            throw DSPError.invalidParameter(
                name: "frequency range",
                value: "\(formatHertz(minimum))–\(formatHertz(upper)) Hz",
                expected: "low < high within the PSD's 0–\(formatHertz(highest)) Hz")
        }
        return try fit(spectrum, in: minimum...upper)
    }
}

extension Recording {
    /// The spectral model of every channel, each at its own sampling rate; a channel whose PSD or
    /// fit fails yields its error instead of stopping the others (a flat or disconnected channel
    /// should not cost the rest of the file). Welch segments stay inside the gap-free stretches
    /// of a discontinuous recording.
    ///
    /// - Parameters: as ``EEGCore/Signal/spectralModel(from:to:settings:method:stretches:)``.
    /// - Returns: one result per channel, in channel order.
    public func spectralModels(
        from minimum: Hertz = SpectralModelFitter.defaultFrequencyRange.lowerBound,
        to maximum: Hertz? = nil, settings: SpectralFitSettings = .init(),
        method: PSDMethod = .welch()
    ) -> [Result<SpectralModel, any Error>] {
        mapChannels { signal in
            Result {
                try signal.spectralModel(
                    from: minimum, to: maximum, settings: settings, method: method,
                    stretches: stretchSampleRanges(of: signal))
            }
        }
    }
}
