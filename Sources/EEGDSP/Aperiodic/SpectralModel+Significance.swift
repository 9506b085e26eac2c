import EEGCore

extension SpectralModel {
    /// The robust standard deviation of the fit residual, in log10 power: 1.4826 × the median
    /// absolute deviation of `logPower − modelLogPower` over the fitted bins (0 with fewer than
    /// 3 bins).
    ///
    /// It measures the spectrum's own estimation scatter (for a Welch PSD about
    /// 0.434 · √(1/K) for K averaged segments), so it tells how high a Gaussian fitted to noise
    /// alone can get; see ``significantPeakHeight(minimum:noiseMultiple:)``.
    public var residualNoise: Double {
        guard frequencies.count >= 3 else { return 0 }
        var residuals = zip(frequencies, logPower).map { $1 - modelLogPower(at: $0) }
        let center = median(&residuals)
        var deviations = residuals.map { abs($0 - center) }
        return 1.4826 * median(&deviations)
    }

    /// The scatter of a Welch PSD estimate in log10 power: `0.4343 · √(ξ / K)` for K averaged
    /// segments of a Gaussian signal, ξ = 1.056 for Hann windows at 50 % overlap (the variance
    /// inflation 1 + 2ρ² from the overlapped segments' correlation ρ = 0.167).
    ///
    /// - Parameter segmentCount: K ≥ 1.
    public static func welchEstimationNoise(segmentCount: Int) -> Double {
        0.4343 * (1.056 / Double(max(segmentCount, 1))).squareRoot()
    }

    /// The least peak height (log10 power) that counts as a peak standing above the aperiodic
    /// background: the larger of `minimum` (FOOOF's `min_peak_height` idea, an absolute floor)
    /// and `noiseMultiple` × the spectrum's noise, which is the larger of ``residualNoise`` and
    /// `estimationNoise` (the expected scatter of the estimate, e.g.
    /// ``welchEstimationNoise(segmentCount:)``; the residual alone underestimates it when
    /// few bins are fitted, because fitted peaks absorb part of it).
    ///
    /// FOOOF keeps every Gaussian above its relative threshold (2 SD of the flattened
    /// spectrum), so on a smooth 1/f spectrum it still fits small peaks to estimation noise: on
    /// 2-minute Welch spectra of pure 1/f noise, 30–80 Hz "peaks" of 1.0–1.75 dB appeared on 21
    /// of 22 channels with only the absolute floor of 1 dB. Over 264 such channels (delta3 and
    /// gamma, seeds 4243–4248) the highest noise peak was 4.1 Welch noise SDs, while in the
    /// `ketamine` scenario a broadband 3 dB gamma rise is 8.5 or more and the ~3 Hz peak 6.2
    /// (a 2 dB peak on Cz, at the edge of its field) to 18.
    ///
    /// - Parameters:
    ///   - minimum: Absolute floor in log10 power, ≥ 0 (default 0.1, i.e. 1 dB).
    ///   - noiseMultiple: Multiple of the noise, ≥ 0 (default 5).
    ///   - estimationNoise: Expected scatter in log10 power, or `nil` to use the residual only.
    public func significantPeakHeight(
        minimum: Double = 0.1, noiseMultiple: Double = 5, estimationNoise: Double? = nil
    ) -> Double {
        max(minimum, noiseMultiple * max(residualNoise, estimationNoise ?? 0))
    }
}

// MARK: - Narrowband peaks

extension SpectralModel {
    /// The widest peak that counts as a narrowband oscillation centred at `frequency`, in Hz:
    /// 40 % of the centre frequency, at least 1.5 Hz (1.5 Hz at 3 Hz, 16 Hz at 40 Hz).
    ///
    /// A burst of n cycles spreads over about f/n Hz, so oscillations of 3 or more cycles
    /// stay within it; a broadband rise, or a bend of the background that the aperiodic fit
    /// misses, is fitted by FOOOF with a wider Gaussian.
    public static func maximumNarrowbandWidth(at frequency: Hertz) -> Hertz {
        max(1.5, 0.4 * frequency)
    }

    /// The largest fraction of a peak's height that its flanks may reach (0.25): a Gaussian
    /// falls to 3 % of its height on average over its flanks, a step in the spectrum stays
    /// near half of it on one side.
    public static let maximumFlankFraction = 0.25

    /// The height of `peak` above its own flanks, in log10 power: the Gaussian's height minus
    /// the larger of the flattened spectrum's (log power − aperiodic fit) means over
    /// `[c − 2w, c − w]` and `[c + w, c + 2w]` (w = max(bandwidth, 1 Hz)), when that mean is
    /// positive; 0 when a flank is above ``maximumFlankFraction`` of the height (it is not a
    /// peak). A flank with fewer than 2 fitted bins (it lies beyond the fit range) is left out;
    /// nil when both are.
    ///
    /// A real peak falls back to the background on both sides. A step in the spectrum (a
    /// broadband rise over 30–80 Hz, a filter's shoulder at the fit edge) is fitted by a
    /// Gaussian at the step, but the flattened spectrum stays high on one side, so its height
    /// above the flanks is small. The flanks also measure how far the aperiodic fit misses the
    /// spectrum locally, which is the uncertainty a peak's height must exceed.
    public func heightAboveFlanks(of peak: Peak) -> Double? {
        let width = max(peak.bandwidth, 1)
        let center = peak.centerFrequency
        var sides: [Double] = []
        for range in [(center - 2 * width)...(center - width), (center + width)...(center + 2 * width)] {
            let values = zip(frequencies, logPower).filter { range.contains($0.0) }
                .map { $0.1 - aperiodicLogPower(at: $0.0) }
            // A flank beyond the fit range (a 2.7 Hz peak in a 1–20 Hz fit) cannot be
            // judged; the other flank still tells a peak from a step.
            guard values.count >= 2 else { continue }
            sides.append(values.reduce(0, +) / Double(values.count))
        }
        guard !sides.isEmpty else { return nil }
        let flank = max(0, sides.max() ?? 0)
        return flank > Self.maximumFlankFraction * peak.power ? 0 : peak.power - flank
    }
}
