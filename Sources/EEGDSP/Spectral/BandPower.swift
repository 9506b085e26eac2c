import EEGCore

/// The power of one frequency band of a spectrum.
public struct BandPower: Sendable, Equatable {
    /// The band integrated.
    public let band: FrequencyBand
    /// ∫ PSD df over the band's bins, in unit² (for a density spectrum).
    public let absolute: Double
    /// `absolute` divided by the power over the union of all requested bands
    /// (dimensionless, in [0, 1] for a non-negative spectrum).
    public let relative: Double

    /// Creates a band-power value.
    public init(band: FrequencyBand, absolute: Double, relative: Double) {
        self.band = band
        self.absolute = absolute
        self.relative = relative
    }
}

extension Spectrum {
    /// Absolute and relative power of each band.
    ///
    /// Each band's absolute power integrates the PSD over the bins whose frequency f satisfies
    /// low ≤ f ≤ high (both edges included, as YASA's `bandpower_from_psd` and MNE do), with
    /// `rule` and the bin spacing as `dx`; so a bin on a shared edge (e.g. 4 Hz between delta and
    /// theta) counts in both bands. The relative power divides by the power over the *union* of
    /// the bands: overlapping or touching bands are merged into intervals first, each interval
    /// is integrated once, so overlaps are not counted twice. For the five contiguous standard
    /// bands the union is 1–80 Hz, which is YASA's total power for them. Relative values need
    /// not sum to exactly 1 (edge bins and Simpson's weights differ between the pieces).
    ///
    /// - Parameters:
    ///   - bands: The bands (default ``FrequencyBand/standard``: delta 1–4, theta 4–8,
    ///     alpha 8–13, beta 13–30, gamma 30–80 Hz).
    ///   - rule: ``IntegrationRule/simpson`` (default, as YASA and `scipy.integrate.simpson`)
    ///     or ``IntegrationRule/trapezoid``.
    /// - Returns: One value per band, in the given order; absolute in unit² for a density
    ///   spectrum.
    /// - Throws: ``DSPError/emptyInput(what:)`` for no bands or an empty spectrum;
    ///   ``DSPError/invalidParameter(name:value:expected:)`` when a band reaches above the
    ///   spectrum's highest frequency or holds fewer than 2 bins (too coarse a resolution to
    ///   integrate — use longer segments).
    ///
    /// ```swift
    /// let powers = try signal.powerSpectrum().bandPowers()
    /// let alphaShare = powers[2].relative
    /// ```
    public func bandPowers(
        _ bands: [FrequencyBand] = FrequencyBand.standard, rule: IntegrationRule = .simpson
    ) throws -> [BandPower] {
        guard !bands.isEmpty else { throw DSPError.emptyInput(what: "band list") }
        guard frequencies.count >= 2 else {
            throw DSPError.emptyInput(what: "spectrum of \(label.isEmpty ? "signal" : label)")
        }
        let absolutes = try bands.map {
            try integratedPower(low: $0.low, high: $0.high, rule: rule, name: $0.name)
        }
        var total = 0.0
        for interval in FrequencyBand.union(of: bands) {
            total += try integratedPower(
                low: interval.low, high: interval.high, rule: rule, name: "union")
        }
        return zip(bands, absolutes).map { band, absolute in
            BandPower(band: band, absolute: absolute, relative: total > 0 ? absolute / total : 0)
        }
    }

    /// The band powers of the bands this spectrum covers, and `nil` for the others.
    ///
    /// A band is covered when its upper edge is at most the spectrum's highest frequency and it
    /// holds at least two bins. Relative power divides by the power over the union of the
    /// covered bands only. This is what `eegscope bandpower` and `eegscope batch` report: a
    /// 100 Hz recording with the default bands still gets delta to beta, and gamma (30–80 Hz,
    /// beyond its 50 Hz Nyquist frequency) is left empty with a warning instead of failing the
    /// whole file. ``bandPowers(_:rule:)`` is the strict form that throws instead.
    ///
    /// - Parameters:
    ///   - bands: The bands, in the order of the result.
    ///   - rule: The integration rule (Simpson's by default).
    /// - Returns: One entry per band: absolute power in unit² and relative power in [0, 1], or
    ///   `nil` when the spectrum cannot cover the band.
    /// - Throws: ``DSPError/emptyInput(what:)`` for an empty band list or spectrum.
    public func coveredBandPowers(
        _ bands: [FrequencyBand], rule: IntegrationRule = .simpson
    ) throws -> [BandPower?] {
        guard !bands.isEmpty else { throw DSPError.emptyInput(what: "band list") }
        let covered = bands.filter { (try? integratedPower(in: $0, rule: rule)) != nil }
        guard !covered.isEmpty else { return bands.map { _ in nil } }
        let powers = try bandPowers(covered, rule: rule)
        return bands.map { band in powers.first { $0.band == band } }
    }

    /// ∫ PSD df over the bins in `[band.low, band.high]`, in unit² for a density spectrum.
    /// - Throws: as ``bandPowers(_:rule:)``.
    public func integratedPower(in band: FrequencyBand, rule: IntegrationRule = .simpson)
        throws -> Double
    {
        try integratedPower(low: band.low, high: band.high, rule: rule, name: band.name)
    }

    private func integratedPower(low: Hertz, high: Hertz, rule: IntegrationRule, name: String)
        throws -> Double
    {
        guard let top = frequencies.last else {
            throw DSPError.emptyInput(what: "spectrum")
        }
        let tolerance = resolution * 1e-9
        if high > top + tolerance {
            throw DSPError.invalidParameter(
                name: "band \(name)", value: "\(formatHertz(low))–\(formatHertz(high)) Hz",
                expected: "an upper edge ≤ \(formatHertz(top)) Hz, the highest frequency of "
                    + "\(label.isEmpty ? "the spectrum" : label)'s spectrum")
        }
        guard let first = frequencies.firstIndex(where: { $0 >= low }),
            let last = frequencies.lastIndex(where: { $0 <= high }), last - first >= 1
        else {
            throw DSPError.invalidParameter(
                name: "band \(name)", value: "\(formatHertz(low))–\(formatHertz(high)) Hz",
                expected: "at least 2 frequency bins at a resolution of "
                    + "\(formatHertz(resolution)) Hz (use longer segments)")
        }
        return rule.integrate(power[first...last], spacing: resolution)
    }
}

extension FrequencyBand {
    /// The union of `bands` as disjoint closed intervals, ascending: overlapping or touching
    /// bands are merged.
    public static func union(of bands: [FrequencyBand]) -> [(low: Hertz, high: Hertz)] {
        let sorted = bands.sorted { ($0.low, $0.high) < ($1.low, $1.high) }
        var merged: [(low: Hertz, high: Hertz)] = []
        for band in sorted {
            if let last = merged.last, band.low <= last.high {
                merged[merged.count - 1].high = max(last.high, band.high)
            } else {
                merged.append((band.low, band.high))
            }
        }
        return merged
    }
}

extension Signal {
    /// Band powers of the signal's PSD; see ``Spectrum/bandPowers(_:rule:)``.
    ///
    /// - Parameters:
    ///   - bands: Bands in Hz (default: the five standard bands).
    ///   - method: PSD estimator (default Welch, 2 s Hann segments, 50 % overlap).
    ///   - rule: Integration rule (default Simpson).
    ///   - stretches: The gap-free stretches of a discontinuous channel (see
    ///     ``powerSpectrum(method:stretches:)``); `nil` (default) for a continuous one.
    /// - Returns: Absolute power in unit² and relative power per band.
    /// - Throws: ``DSPError/aboveNyquist(name:frequency:nyquist:)`` for a band whose upper
    ///   edge exceeds half the sampling rate, and everything
    ///   ``powerSpectrum(method:stretches:)`` and ``Spectrum/bandPowers(_:rule:)`` throw.
    public func bandPowers(
        _ bands: [FrequencyBand] = FrequencyBand.standard, method: PSDMethod = .welch(),
        rule: IntegrationRule = .simpson, stretches: [Range<Int>]? = nil
    ) throws -> [BandPower] {
        for band in bands where band.high > nyquistFrequency {
            throw DSPError.aboveNyquist(
                name: "upper edge of band \(band.name) for channel \(label)",
                frequency: band.high, nyquist: nyquistFrequency)
        }
        return try powerSpectrum(method: method, stretches: stretches ?? [0..<count])
            .bandPowers(bands, rule: rule)
    }
}
