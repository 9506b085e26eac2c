import EEGCore

// MARK: - Spectra of signals with gaps (EDF+D / BDF+D)

extension Signal {
    /// The one-sided PSD of a signal whose samples are gap-free stretches joined back to back
    /// (a channel of a discontinuous EDF+D/BDF+D recording, see
    /// ``EEGCore/Recording/stretchSampleRanges(of:)``).
    ///
    /// Welch (mean or median) takes its segments inside each stretch only: segmentation
    /// restarts at every stretch, a stretch's tail shorter than the hop is left out, and the
    /// periodograms of all stretches are averaged together — what
    /// `scipy.signal.welch`'s averaging would give for the list of all those segments, and the
    /// same numbers (the same ``WelchAccumulator``, broken with
    /// ``WelchAccumulator/discardPartialSegment()``) as the streaming estimator that
    /// `bandpower` and `batch` use. A stretch shorter than one segment contributes nothing.
    ///
    /// The periodogram and multitaper estimators have one window per signal, which cannot span a
    /// gap; with more than one stretch they throw instead of silently analysing joined data.
    /// With a single stretch this is ``powerSpectrum(method:)``.
    ///
    /// - Parameters:
    ///   - method: The estimator (default Welch, 2 s periodic Hann, 50 % overlap).
    ///   - stretches: Ascending, non-overlapping sample ranges of the gap-free stretches.
    /// - Returns: One-sided PSD in unit²/Hz (or unit² for ``PSDScaling/spectrum``).
    /// - Throws: The errors of ``powerSpectrum(method:)``;
    ///   ``DSPError/stretchesTooShort(label:longestCount:required:purpose:)`` when no stretch
    ///   holds a whole Welch segment;
    ///   ``DSPError/discontinuousInput(label:stretchCount:method:suggestion:)`` for periodogram
    ///   or multitaper with several stretches;
    ///   ``DSPError/invalidParameter(name:value:expected:)`` for ranges outside the signal or
    ///   out of order.
    ///
    /// ```swift
    /// let ranges = recording.stretchSampleRanges(of: signal)
    /// let psd = try signal.powerSpectrum(method: .welch(), stretches: ranges)
    /// ```
    public func powerSpectrum(method: PSDMethod = .welch(), stretches: [Range<Int>]) throws
        -> Spectrum
    {
        try validateStretches(stretches)
        guard stretches.count > 1 else {
            let only = stretches.first ?? 0..<count
            return try (only == 0..<count ? self : slice(only)).powerSpectrum(method: method)
        }
        switch method {
        case let .welch(options):
            try requireSpectralInput()
            let accumulator = try WelchAccumulator(
                sampleRate: sampleRate, options: options, label: label, unit: unit,
                availableSampleCount: count)
            for range in stretches {
                try accumulator.append(samples[range])
                accumulator.discardPartialSegment()
            }
            return try accumulator.spectrum()
        case .periodogram, .multitaper:
            throw DSPError.discontinuousInput(
                label: label, stretchCount: stretches.count, method: "the \(method.name)",
                suggestion: "use Welch (--method welch), whose segments stay inside each "
                    + "stretch")
        }
    }

    /// The spectrogram of a signal made of gap-free stretches joined back to back: each stretch
    /// is segmented on its own (no column straddles a gap) and column times are in recording
    /// time (`stretchOnsets[k]` plus the centre of the segment within stretch k).
    ///
    /// - Parameters:
    ///   - options: As ``spectrogram(_:)`` (`scipy.signal.spectrogram` defaults).
    ///   - stretches: Ascending, non-overlapping sample ranges of the stretches.
    ///   - stretchOnsets: Each stretch's first-sample time in seconds (gaps included).
    /// - Returns: The columns of all stretches long enough for one segment, in time order. Times
    ///   jump across each gap; no column covers one.
    /// - Throws: As ``spectrogram(_:)``;
    ///   ``DSPError/stretchesTooShort(label:longestCount:required:purpose:)`` when no stretch
    ///   holds one segment; ``DSPError/invalidParameter(name:value:expected:)``
    ///   when the two lists differ in length or a range is out of order.
    public func spectrogram(
        _ options: SpectrogramOptions = SpectrogramOptions(), stretches: [Range<Int>],
        stretchOnsets: [Seconds]
    ) throws -> Spectrogram {
        try validateStretches(stretches)
        guard stretchOnsets.count == stretches.count else {
            throw DSPError.invalidParameter(
                name: "stretch onsets", value: "\(stretchOnsets.count) values",
                expected: "one per stretch (\(stretches.count))")
        }
        guard stretches.count > 1 else {
            let only = stretches.first ?? 0..<count
            let part = try (only == 0..<count ? self : slice(only)).spectrogram(options)
            let onset = stretchOnsets.first ?? 0
            return onset == 0 ? part : try Spectrogram(
                times: part.times.map { onset + $0 }, frequencies: part.frequencies,
                power: part.power, scaling: part.scaling, label: label, unit: unit)
        }
        let segmentLength = try options.segment.sampleCount(sampleRate: sampleRate)
        var times: [Seconds] = []
        var rows: [[Double]] = []
        var frequencies: [Hertz] = []
        var longest = 0
        for (range, onset) in zip(stretches, stretchOnsets) {
            longest = max(longest, range.count)
            guard range.count >= segmentLength else { continue }
            let part = try slice(range).spectrogram(options)
            times += part.times.map { onset + $0 }
            rows += part.power
            frequencies = part.frequencies
        }
        guard !rows.isEmpty else {
            throw DSPError.stretchesTooShort(
                label: label, longestCount: longest, required: segmentLength,
                purpose: "a spectrogram segment of "
                    + "\(formatSeconds(Double(segmentLength) / sampleRate)) s")
        }
        return try Spectrogram(
            times: times, frequencies: frequencies, power: rows, scaling: options.scaling,
            label: label, unit: unit)
    }

    /// Throws unless `stretches` are ascending, non-overlapping ranges within the signal.
    func validateStretches(_ stretches: [Range<Int>]) throws {
        var previous = 0
        for range in stretches {
            guard range.lowerBound >= previous, range.upperBound <= count else {
                throw DSPError.invalidParameter(
                    name: "stretch", value: "samples \(range.lowerBound)..<\(range.upperBound)",
                    expected: "ascending, non-overlapping ranges within 0..<\(count)")
            }
            previous = range.upperBound
        }
    }
}

extension Recording {
    /// The PSD of every channel, each at its own rate, with Welch segments kept inside the
    /// recording's gap-free stretches (see ``EEGCore/Signal/powerSpectrum(method:stretches:)``);
    /// for a continuous recording, ``EEGCore/Signal/powerSpectrum(method:)`` of each channel.
    /// - Throws: As ``EEGCore/Signal/powerSpectrum(method:stretches:)``.
    public func powerSpectra(method: PSDMethod = .welch()) throws -> [Spectrum] {
        try mapChannels {
            try $0.powerSpectrum(method: method, stretches: stretchSampleRanges(of: $0))
        }
    }

    /// The spectrogram of every channel, stretch by stretch for a discontinuous recording
    /// (see ``EEGCore/Signal/spectrogram(_:stretches:stretchOnsets:)``; times in recording
    /// time), else ``EEGCore/Signal/spectrogram(_:)``.
    public func spectrograms(_ options: SpectrogramOptions = SpectrogramOptions()) throws
        -> [Spectrogram]
    {
        let onsets = stretches.map(\.onset)
        return try mapChannels {
            try $0.spectrogram(
                options, stretches: stretchSampleRanges(of: $0), stretchOnsets: onsets)
        }
    }
}
