import EEGCore
import EEGFFT

// MARK: - Power spectra of one signal

extension Signal {
    /// The one-sided power spectral density of the signal.
    ///
    /// - Parameter method: The estimator and its parameters; default Welch with 2 s periodic
    ///   Hann segments, 50 % overlap, constant detrend, mean average, density scaling.
    /// - Returns: A one-sided spectrum on `k · sampleRate / fftLength` Hz in unit²/Hz
    ///   (or unit² for ``PSDScaling/spectrum``). Matches `scipy.signal.welch`,
    ///   `scipy.signal.periodogram` or `mne.time_frequency.psd_array_multitaper(...,
    ///   normalization='full')` (see ``PSDMethod``).
    /// - Throws: ``DSPError/emptyInput(what:)``, ``DSPError/nonFiniteInput(label:index:)``,
    ///   ``DSPError/signalTooShort(label:sampleCount:required:purpose:)`` when a Welch segment
    ///   is longer than the signal, ``DSPError/invalidParameter(name:value:expected:)`` for a
    ///   bad overlap, segment, FFT length, window or bandwidth.
    /// - Complexity: O(n log m) for segments of m samples; multitaper O(K n log n).
    ///
    /// ```swift
    /// let psd = try signal.powerSpectrum(method: .welch(segmentDuration: 4))
    /// let alpha = psd.trimmed(to: 8, 13)
    /// ```
    public func powerSpectrum(method: PSDMethod = .welch()) throws -> Spectrum {
        try requireSpectralInput()
        switch method {
        case let .welch(options):
            // The accumulator checks the segment against `count` before allocating: a header
            // claiming 1e9 Hz asks for 2e9-sample segments of a signal far shorter than that.
            let accumulator = try WelchAccumulator(
                sampleRate: sampleRate, options: options, label: label, unit: unit,
                availableSampleCount: count)
            try accumulator.append(samples)
            return try accumulator.spectrum()
        case let .periodogram(options):
            let fftLength = try resolvedFFTLength(options.fftLength, segmentLength: count)
            // A periodogram is one Welch segment spanning the signal.
            let welch = WelchOptions(
                segment: .sampleCount(count), overlap: 0, window: options.window,
                detrend: options.detrend, average: .mean, scaling: options.scaling,
                fftLength: fftLength)
            return try powerSpectrum(method: .welch(welch))
        case let .multitaper(options):
            return try MultitaperEstimator.spectrum(of: self, options: options)
        }
    }

    /// The short-time Fourier power spectrogram (one periodogram per segment).
    ///
    /// - Parameter options: Segments, window and scaling; defaults as
    ///   `scipy.signal.spectrogram` (Tukey α = 0.25, 256 samples, ⅛ overlap, constant detrend,
    ///   density).
    /// - Returns: Times at segment centres `(m/2 + i·step) / sampleRate` in seconds; one-sided
    ///   power per time and frequency in unit²/Hz (or unit²). Matches
    ///   `scipy.signal.spectrogram(mode='psd')`.
    /// - Throws: As ``powerSpectrum(method:)``.
    ///
    /// ```swift
    /// let map = try signal.spectrogram(SpectrogramOptions(segment: .duration(1), overlap: 0.5))
    /// ```
    public func spectrogram(_ options: SpectrogramOptions = SpectrogramOptions()) throws
        -> Spectrogram
    {
        try requireSpectralInput()
        let segmentLength = try options.segment.sampleCount(sampleRate: sampleRate)
        let overlapCount = try overlapSampleCount(options.overlap, segmentLength: segmentLength)
        let fftLength = try resolvedFFTLength(options.fftLength, segmentLength: segmentLength)
        guard count >= segmentLength else {
            throw DSPError.signalTooShort(
                label: label, sampleCount: count, required: segmentLength,
                purpose: "a spectrogram segment of "
                    + "\(formatSeconds(Double(segmentLength) / sampleRate)) s")
        }
        let window = try options.window.coefficients(count: segmentLength, symmetry: .periodic)
        let scale = spectralScale(taper: window, sampleRate: sampleRate, scaling: options.scaling)
        let engine = try SpectralEngine(
            segmentLength: segmentLength, fftLength: fftLength, detrend: options.detrend)
        let step = segmentLength - overlapCount
        let segmentCount = (count - segmentLength) / step + 1
        var rows: [[Double]] = []
        rows.reserveCapacity(segmentCount)
        var row = [Double](repeating: 0, count: engine.binCount)
        samples.withUnsafeBufferPointer { source in
            window.withUnsafeBufferPointer { taper in
                for segment in 0..<segmentCount {
                    engine.transform(
                        source.baseAddress! + segment * step, taper: taper.baseAddress!)
                    row.withUnsafeMutableBufferPointer {
                        engine.writePower(to: $0.baseAddress!, scale: scale, oneSided: true)
                    }
                    rows.append(row)
                }
            }
        }
        let times = (0..<segmentCount).map {
            (Double(segmentLength) / 2 + Double($0 * step)) / sampleRate
        }
        return try Spectrogram(
            times: times, frequencies: engine.frequencies(sampleRate: sampleRate), power: rows,
            scaling: options.scaling, label: label, unit: unit)
    }
}
